DROP INDEX customers_name_key;
DROP TABLE support_counts;
