-- The Relationships page in the order of their start: each channel
-- partner's relationships by date, a range from the page's cursor.
CREATE INDEX relationships_partner_since ON relationships (partner_tenant_id, created_at, customer_tenant_id);
