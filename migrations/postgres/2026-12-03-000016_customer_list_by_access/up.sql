-- The partner's customers with delegated admin privileges and those
-- without, each in name order, and how many have them: the Customers
-- page's filter is then one range of an index and one kept count, like the
-- whole list.
CREATE INDEX partner_customers_access
    ON partner_customers (partner_tenant_id, delegated_admin, company_name, customer_tenant_id);

ALTER TABLE partner_counts ADD COLUMN customers_with_delegated_admin INTEGER NOT NULL DEFAULT 0;
UPDATE partner_counts SET customers_with_delegated_admin = (
    SELECT count(*) FROM partner_customers pc
    WHERE pc.partner_tenant_id = partner_counts.partner_tenant_id AND pc.delegated_admin
);

-- Kept from the list itself, whichever write changed it; at commit, as the
-- other counts are, so that the shared row is locked last.
CREATE FUNCTION partner_counts_access() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.delegated_admin THEN
        UPDATE partner_counts SET customers_with_delegated_admin = customers_with_delegated_admin - 1
        WHERE partner_tenant_id = OLD.partner_tenant_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.delegated_admin THEN
        UPDATE partner_counts SET customers_with_delegated_admin = customers_with_delegated_admin + 1
        WHERE partner_tenant_id = NEW.partner_tenant_id;
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER partner_counts_access_insert AFTER INSERT ON partner_customers
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION partner_counts_access();
CREATE CONSTRAINT TRIGGER partner_counts_access_update
AFTER UPDATE OF delegated_admin, partner_tenant_id ON partner_customers
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW
WHEN (OLD.delegated_admin IS DISTINCT FROM NEW.delegated_admin
    OR OLD.partner_tenant_id IS DISTINCT FROM NEW.partner_tenant_id)
EXECUTE FUNCTION partner_counts_access();
CREATE CONSTRAINT TRIGGER partner_counts_access_delete AFTER DELETE ON partner_customers
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION partner_counts_access();
