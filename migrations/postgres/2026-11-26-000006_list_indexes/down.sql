DROP INDEX subscriptions_provider;
CREATE INDEX subscriptions_provider ON subscriptions (provider_tenant_id, status);
DROP INDEX customers_company_name;
CREATE INDEX customers_company_name ON customers (company_name);
