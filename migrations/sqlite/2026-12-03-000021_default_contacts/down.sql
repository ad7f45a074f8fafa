DELETE FROM customer_activity_kinds WHERE action IN ('support_contact.default_set', 'support_contact.default_cleared');
DELETE FROM activity_kinds
    WHERE action IN ('support_contact.default_set', 'support_contact.default_cleared');
DROP INDEX default_contacts_customer;
DROP TABLE default_contacts;
