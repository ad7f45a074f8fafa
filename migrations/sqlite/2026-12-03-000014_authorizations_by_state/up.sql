-- A provider's ended authorizations, and counts of its current ones, by index.
CREATE INDEX reseller_authorizations_provider_state ON reseller_authorizations (provider_tenant_id, state, reseller_tenant_id);
