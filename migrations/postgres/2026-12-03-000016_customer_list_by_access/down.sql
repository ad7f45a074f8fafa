DROP TRIGGER partner_counts_access_delete ON partner_customers;
DROP TRIGGER partner_counts_access_update ON partner_customers;
DROP TRIGGER partner_counts_access_insert ON partner_customers;
DROP FUNCTION partner_counts_access();
ALTER TABLE partner_counts DROP COLUMN customers_with_delegated_admin;
DROP INDEX partner_customers_access;
