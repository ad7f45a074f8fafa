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

-- Kept from the list itself, whichever write changed it.
CREATE TRIGGER partner_counts_access_insert AFTER INSERT ON partner_customers
WHEN new.delegated_admin
BEGIN
    UPDATE partner_counts SET customers_with_delegated_admin = customers_with_delegated_admin + 1
    WHERE partner_tenant_id = new.partner_tenant_id;
END;

CREATE TRIGGER partner_counts_access_delete AFTER DELETE ON partner_customers
WHEN old.delegated_admin
BEGIN
    UPDATE partner_counts SET customers_with_delegated_admin = customers_with_delegated_admin - 1
    WHERE partner_tenant_id = old.partner_tenant_id;
END;

CREATE TRIGGER partner_counts_access_update AFTER UPDATE OF delegated_admin, partner_tenant_id ON partner_customers
WHEN old.delegated_admin <> new.delegated_admin OR old.partner_tenant_id <> new.partner_tenant_id
BEGIN
    UPDATE partner_counts SET customers_with_delegated_admin = customers_with_delegated_admin - 1
    WHERE old.delegated_admin AND partner_tenant_id = old.partner_tenant_id;
    UPDATE partner_counts SET customers_with_delegated_admin = customers_with_delegated_admin + 1
    WHERE new.delegated_admin AND partner_tenant_id = new.partner_tenant_id;
END;
