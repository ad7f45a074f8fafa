DROP TABLE relationship_requests;
