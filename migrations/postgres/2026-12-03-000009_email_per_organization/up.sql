-- An e-mail address is unique within an organization, not across them:
-- adding a user says nothing of other organizations' users, and no
-- organization can take an address that another one needs.
ALTER TABLE users DROP CONSTRAINT users_email_key;
CREATE UNIQUE INDEX users_email_organization ON users (email, COALESCE(partner_tenant_id, customer_tenant_id));
