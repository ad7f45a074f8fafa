// @generated automatically by Diesel CLI.

diesel::table! {
    activity_kinds (action) {
        action -> Text,
        kind -> Text,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        partner_tenant_id -> Text,
        user_id -> Integer,
        name -> Text,
        secret_hash -> Text,
        prefix -> Text,
        created_at -> Timestamp,
        created_by -> Nullable<Integer>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_rate_windows (scope, window_start) {
        scope -> Text,
        window_start -> Timestamp,
        requests -> Integer,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        occurred_at -> Timestamp,
        actor_user_id -> Nullable<Integer>,
        actor_email -> Text,
        partner_tenant_id -> Nullable<Text>,
        customer_tenant_id -> Nullable<Text>,
        action -> Text,
        subscription_id -> Nullable<Text>,
        from_partner_tenant_id -> Nullable<Text>,
        to_partner_tenant_id -> Nullable<Text>,
        detail -> Text,
    }
}

diesel::table! {
    customer_activity (customer_tenant_id, occurred_at, audit_id) {
        customer_tenant_id -> Text,
        occurred_at -> Timestamp,
        audit_id -> Integer,
        kind -> Text,
        subscription_id -> Nullable<Text>,
        by_person -> Bool,
    }
}

diesel::table! {
    customer_activity_kinds (action) {
        action -> Text,
        kind -> Text,
    }
}

diesel::table! {
    customers (tenant_id) {
        tenant_id -> Text,
        company_name -> Text,
        domain -> Text,
        country -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    default_contacts (provider_tenant_id, customer_tenant_id) {
        provider_tenant_id -> Text,
        customer_tenant_id -> Text,
        contact_tenant_id -> Text,
        set_at -> Timestamp,
        set_by -> Text,
    }
}

diesel::table! {
    gdap_relationships (id) {
        id -> Text,
        partner_tenant_id -> Text,
        customer_tenant_id -> Text,
        display_name -> Text,
        roles -> Integer,
        duration_days -> Integer,
        auto_extend -> Bool,
        status -> Text,
        approval_token_hash -> Nullable<Text>,
        created_at -> Timestamp,
        activated_at -> Nullable<Timestamp>,
        end_at -> Nullable<Timestamp>,
        ended_at -> Nullable<Timestamp>,
        end_reason -> Nullable<Text>,
        updated_at -> Timestamp,
        warned_days -> Nullable<Integer>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Integer,
        tenant_id -> Text,
        kind -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> Integer,
        recipient -> Text,
        language -> Text,
        body -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claim -> Nullable<Text>,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    partner_activity (partner_tenant_id, occurred_at, audit_id) {
        partner_tenant_id -> Text,
        occurred_at -> Timestamp,
        audit_id -> Integer,
        kind -> Text,
        customer_tenant_id -> Nullable<Text>,
        by_person -> Bool,
    }
}

diesel::table! {
    partner_counts (partner_tenant_id) {
        partner_tenant_id -> Text,
        customers -> Integer,
        subscriptions -> Integer,
        supported_by_resellers -> Integer,
        resellers -> Integer,
        customers_with_delegated_admin -> Integer,
    }
}

diesel::table! {
    partner_customers (partner_tenant_id, company_name, customer_tenant_id) {
        partner_tenant_id -> Text,
        company_name -> Text,
        customer_tenant_id -> Text,
        domain -> Text,
        country -> Text,
        delegated_admin -> Bool,
    }
}

diesel::table! {
    partners (tenant_id) {
        tenant_id -> Text,
        mpn_id -> Text,
        name -> Text,
        kind -> Text,
        support_email -> Text,
        support_telephone -> Text,
        support_website -> Text,
        created_at -> Timestamp,
        required_gdap_roles -> Integer,
    }
}

diesel::table! {
    password_tokens (token_hash) {
        token_hash -> Text,
        user_id -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    relationship_requests (id) {
        id -> Text,
        token_hash -> Text,
        partner_tenant_id -> Text,
        via_provider_tenant_id -> Nullable<Text>,
        customer_company -> Text,
        customer_domain -> Text,
        delegated_admin -> Bool,
        state -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        customer_tenant_id -> Nullable<Text>,
    }
}

diesel::table! {
    relationships (customer_tenant_id, partner_tenant_id) {
        customer_tenant_id -> Text,
        partner_tenant_id -> Text,
        state -> Text,
        delegated_admin -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reseller_authorizations (provider_tenant_id, reseller_tenant_id) {
        provider_tenant_id -> Text,
        reseller_tenant_id -> Text,
        state -> Text,
        created_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    reseller_invitations (id) {
        id -> Text,
        token_hash -> Text,
        provider_tenant_id -> Text,
        state -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        reseller_tenant_id -> Nullable<Text>,
    }
}

diesel::table! {
    sign_in_addresses (client_ip) {
        client_ip -> Text,
        failures -> Integer,
        first_failure_at -> Timestamp,
        blocked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sign_in_throttle (email, client_ip) {
        email -> Text,
        client_ip -> Text,
        failures -> Integer,
        first_failure_at -> Timestamp,
        blocked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    subscriptions (id) {
        id -> Text,
        customer_tenant_id -> Text,
        provider_tenant_id -> Text,
        reseller_tenant_id -> Nullable<Text>,
        support_contact_tenant_id -> Text,
        offer_name -> Text,
        friendly_name -> Text,
        quantity -> Integer,
        status -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    support_counts (provider_tenant_id, contact_tenant_id) {
        provider_tenant_id -> Text,
        contact_tenant_id -> Text,
        subscriptions -> Integer,
    }
}

diesel::table! {
    user_sessions (id_hash) {
        id_hash -> Text,
        user_id -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        partner_tenant_id -> Nullable<Text>,
        customer_tenant_id -> Nullable<Text>,
        role -> Text,
        disabled -> Bool,
        session_epoch -> Integer,
        created_at -> Timestamp,
        language -> Text,
        notifications_seen -> Integer,
    }
}

diesel::table! {
    vendor_subscriptions (id) {
        id -> Text,
        customer_tenant_id -> Text,
        offer_name -> Text,
        friendly_name -> Text,
        quantity -> Integer,
        status -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(api_keys -> partners (partner_tenant_id));
diesel::joinable!(audit_log -> users (actor_user_id));
diesel::joinable!(customer_activity -> audit_log (audit_id));
diesel::joinable!(default_contacts -> customers (customer_tenant_id));
diesel::joinable!(gdap_relationships -> customers (customer_tenant_id));
diesel::joinable!(gdap_relationships -> partners (partner_tenant_id));
diesel::joinable!(partner_activity -> audit_log (audit_id));
diesel::joinable!(password_tokens -> users (user_id));
diesel::joinable!(relationship_requests -> customers (customer_tenant_id));
diesel::joinable!(relationships -> customers (customer_tenant_id));
diesel::joinable!(relationships -> partners (partner_tenant_id));
diesel::joinable!(subscriptions -> customers (customer_tenant_id));
diesel::joinable!(user_sessions -> users (user_id));
diesel::joinable!(users -> customers (customer_tenant_id));
diesel::joinable!(users -> partners (partner_tenant_id));
diesel::joinable!(vendor_subscriptions -> customers (customer_tenant_id));

diesel::allow_tables_to_appear_in_same_query!(
    activity_kinds,
    api_keys,
    api_rate_windows,
    audit_log,
    customer_activity,
    customer_activity_kinds,
    customers,
    default_contacts,
    gdap_relationships,
    notifications,
    outbox,
    partner_activity,
    partner_counts,
    partner_customers,
    partners,
    password_tokens,
    relationship_requests,
    relationships,
    reseller_authorizations,
    reseller_invitations,
    sign_in_addresses,
    sign_in_throttle,
    subscriptions,
    support_counts,
    user_sessions,
    users,
    vendor_subscriptions,
);
