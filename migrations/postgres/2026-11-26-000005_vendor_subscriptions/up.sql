-- Subscriptions the customer bought elsewhere (directly from the vendor):
-- no partner transacts or supports them; the vendor's own support does.
CREATE TABLE vendor_subscriptions (
    id TEXT PRIMARY KEY NOT NULL,
    customer_tenant_id TEXT NOT NULL REFERENCES customers (tenant_id),
    offer_name TEXT NOT NULL,
    friendly_name TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'deleted')),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX vendor_subscriptions_customer ON vendor_subscriptions (customer_tenant_id);
