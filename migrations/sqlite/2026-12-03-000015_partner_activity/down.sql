DROP INDEX support_counts_contact;
DROP TRIGGER partner_activity_file;
DROP TABLE partner_activity;
DROP TABLE activity_kinds;
