DROP TABLE vendor_subscriptions;
