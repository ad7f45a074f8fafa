//! `support-contacts copy --from URL --to URL`: a whole database, from one
//! backend to the other, ids and audit history intact, into an empty target.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    api_keys, audit_log, customers, default_contacts, gdap_relationships, notifications, outbox,
    partners, password_tokens, relationship_requests, relationships, reseller_authorizations,
    reseller_invitations, sign_in_throttle, subscriptions, users, vendor_subscriptions,
};
use crate::db::{self, DatabaseUrl, DbConn};

const BATCH: i64 = 1000;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = partners)]
struct PartnerRecord {
    tenant_id: String,
    mpn_id: String,
    name: String,
    kind: String,
    support_email: String,
    support_telephone: String,
    support_website: String,
    created_at: NaiveDateTime,
    required_gdap_roles: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reseller_authorizations)]
struct AuthorizationRecord {
    provider_tenant_id: String,
    reseller_tenant_id: String,
    state: String,
    created_at: NaiveDateTime,
    ended_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = customers)]
struct CustomerRecord {
    tenant_id: String,
    company_name: String,
    domain: String,
    country: String,
    created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = default_contacts)]
struct DefaultContactRecord {
    provider_tenant_id: String,
    customer_tenant_id: String,
    contact_tenant_id: String,
    set_at: NaiveDateTime,
    set_by: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = gdap_relationships)]
struct GdapRecord {
    id: String,
    partner_tenant_id: String,
    customer_tenant_id: String,
    display_name: String,
    roles: i32,
    duration_days: i32,
    auto_extend: bool,
    status: String,
    approval_token_hash: Option<String>,
    created_at: NaiveDateTime,
    activated_at: Option<NaiveDateTime>,
    end_at: Option<NaiveDateTime>,
    ended_at: Option<NaiveDateTime>,
    end_reason: Option<String>,
    updated_at: NaiveDateTime,
    warned_days: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = relationships)]
struct RelationshipRecord {
    customer_tenant_id: String,
    partner_tenant_id: String,
    state: String,
    delegated_admin: bool,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = subscriptions)]
struct SubscriptionRecord {
    id: String,
    customer_tenant_id: String,
    provider_tenant_id: String,
    reseller_tenant_id: Option<String>,
    support_contact_tenant_id: String,
    offer_name: String,
    friendly_name: String,
    quantity: i32,
    status: String,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
struct UserRecord {
    id: i32,
    email: String,
    display_name: String,
    password_hash: String,
    partner_tenant_id: Option<String>,
    customer_tenant_id: Option<String>,
    role: String,
    disabled: bool,
    session_epoch: i32,
    created_at: NaiveDateTime,
    language: String,
    notifications_seen: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notifications)]
struct NotificationRecord {
    id: i32,
    tenant_id: String,
    kind: String,
    body: String,
    created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox)]
struct OutboxRecord {
    id: i32,
    recipient: String,
    language: String,
    body: String,
    created_at: NaiveDateTime,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    claim: Option<String>,
    claimed_until: Option<NaiveDateTime>,
    sent_at: Option<NaiveDateTime>,
    failed_at: Option<NaiveDateTime>,
    last_error: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
struct AuditRecord {
    id: i32,
    occurred_at: NaiveDateTime,
    actor_user_id: Option<i32>,
    actor_email: String,
    partner_tenant_id: Option<String>,
    customer_tenant_id: Option<String>,
    action: String,
    subscription_id: Option<String>,
    from_partner_tenant_id: Option<String>,
    to_partner_tenant_id: Option<String>,
    detail: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = password_tokens)]
struct PasswordTokenRecord {
    token_hash: String,
    user_id: i32,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sign_in_throttle)]
struct ThrottleRecord {
    email: String,
    client_ip: String,
    failures: i32,
    first_failure_at: NaiveDateTime,
    blocked_until: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = relationship_requests)]
struct RequestRecord {
    id: String,
    token_hash: String,
    partner_tenant_id: String,
    via_provider_tenant_id: Option<String>,
    customer_company: String,
    customer_domain: String,
    delegated_admin: bool,
    state: String,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    decided_at: Option<NaiveDateTime>,
    customer_tenant_id: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = vendor_subscriptions)]
struct VendorSubscriptionRecord {
    id: String,
    customer_tenant_id: String,
    offer_name: String,
    friendly_name: String,
    quantity: i32,
    status: String,
    created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reseller_invitations)]
struct InvitationRecord {
    id: String,
    token_hash: String,
    provider_tenant_id: String,
    state: String,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    accepted_at: Option<NaiveDateTime>,
    reseller_tenant_id: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_keys)]
struct ApiKeyRecord {
    id: String,
    partner_tenant_id: String,
    user_id: i32,
    name: String,
    secret_hash: String,
    prefix: String,
    created_at: NaiveDateTime,
    created_by: Option<i32>,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

/// Calls `$each` with every batch of `$record` rows of `$table`, in primary key order.
macro_rules! for_each_batch {
    ($conn:expr, $table:ident, $record:ty, ($($order:expr),+), $each:expr) => {{
        let mut offset = 0;
        loop {
            let rows: Vec<$record> = $table::table
                .order(($($order),+))
                .select(<$record>::as_select())
                .offset(offset)
                .limit(BATCH)
                .load($conn)?;
            if rows.is_empty() {
                break;
            }
            offset += rows.len() as i64;
            $each(rows)?;
        }
    }};
}

/// Every table, each row rendered as text, in primary key order: two
/// databases hold the same data exactly when their dumps are equal.
pub fn dump(conn: &mut DbConn) -> anyhow::Result<BTreeMap<&'static str, Vec<String>>> {
    let mut out: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    macro_rules! dump_table {
        ($table:ident, $record:ty, ($($order:expr),+)) => {{
            let mut rows = Vec::new();
            for_each_batch!(conn, $table, $record, ($($order),+), |batch: Vec<$record>| {
                rows.extend(batch.into_iter().map(|r| format!("{r:?}")));
                anyhow::Ok(())
            });
            out.insert(stringify!($table), rows);
        }};
    }
    dump_table!(partners, PartnerRecord, (partners::tenant_id));
    dump_table!(
        reseller_authorizations,
        AuthorizationRecord,
        (
            reseller_authorizations::provider_tenant_id,
            reseller_authorizations::reseller_tenant_id
        )
    );
    dump_table!(customers, CustomerRecord, (customers::tenant_id));
    dump_table!(
        relationships,
        RelationshipRecord,
        (
            relationships::customer_tenant_id,
            relationships::partner_tenant_id
        )
    );
    dump_table!(gdap_relationships, GdapRecord, (gdap_relationships::id));
    dump_table!(
        default_contacts,
        DefaultContactRecord,
        (
            default_contacts::provider_tenant_id,
            default_contacts::customer_tenant_id
        )
    );
    dump_table!(subscriptions, SubscriptionRecord, (subscriptions::id));
    dump_table!(users, UserRecord, (users::id));
    dump_table!(audit_log, AuditRecord, (audit_log::id));
    dump_table!(
        password_tokens,
        PasswordTokenRecord,
        (password_tokens::token_hash)
    );
    dump_table!(
        sign_in_throttle,
        ThrottleRecord,
        (sign_in_throttle::email, sign_in_throttle::client_ip)
    );
    dump_table!(
        relationship_requests,
        RequestRecord,
        (relationship_requests::id)
    );
    dump_table!(
        vendor_subscriptions,
        VendorSubscriptionRecord,
        (vendor_subscriptions::id)
    );
    dump_table!(
        reseller_invitations,
        InvitationRecord,
        (reseller_invitations::id)
    );
    dump_table!(api_keys, ApiKeyRecord, (api_keys::id));
    dump_table!(notifications, NotificationRecord, (notifications::id));
    dump_table!(outbox, OutboxRecord, (outbox::id));
    Ok(out)
}

fn row_count(conn: &mut DbConn) -> QueryResult<i64> {
    Ok(partners::table.count().get_result::<i64>(conn)?
        + reseller_authorizations::table
            .count()
            .get_result::<i64>(conn)?
        + customers::table.count().get_result::<i64>(conn)?
        + relationships::table.count().get_result::<i64>(conn)?
        + gdap_relationships::table.count().get_result::<i64>(conn)?
        + default_contacts::table.count().get_result::<i64>(conn)?
        + subscriptions::table.count().get_result::<i64>(conn)?
        + users::table.count().get_result::<i64>(conn)?
        + audit_log::table.count().get_result::<i64>(conn)?
        + password_tokens::table.count().get_result::<i64>(conn)?
        + relationship_requests::table
            .count()
            .get_result::<i64>(conn)?
        + vendor_subscriptions::table
            .count()
            .get_result::<i64>(conn)?
        + reseller_invitations::table
            .count()
            .get_result::<i64>(conn)?
        + api_keys::table.count().get_result::<i64>(conn)?
        + notifications::table.count().get_result::<i64>(conn)?
        + outbox::table.count().get_result::<i64>(conn)?
        + sign_in_throttle::table.count().get_result::<i64>(conn)?)
}

/// Copies everything from `from` into the empty database `to`, in one
/// transaction on the target: it ends complete or empty.
pub fn copy(from: &DatabaseUrl, to: &DatabaseUrl) -> anyhow::Result<BTreeMap<&'static str, usize>> {
    if from == to {
        anyhow::bail!("--from and --to name the same database");
    }
    db::prepare(from, |_, _| Ok(()))?;
    db::prepare(to, |_, _| Ok(()))?;
    let mut source = db::connect(from)?;
    let mut target = db::connect(to)?;
    if row_count(&mut target)? > 0 {
        anyhow::bail!(
            "the target database {to} already holds data; copy only into an empty database"
        );
    }

    let mut copied: BTreeMap<&'static str, usize> = BTreeMap::new();
    // The source is read in one snapshot, so that rows added meanwhile
    // cannot leave the copy half-related.
    db::read(&mut source, |source| {
        db::write(&mut target, |target| {
            macro_rules! copy_table {
                ($table:ident, $record:ty, ($($order:expr),+)) => {{
                    let mut n = 0usize;
                    for_each_batch!(source, $table, $record, ($($order),+), |batch: Vec<$record>| {
                        n += batch.len();
                        for row in batch {
                            diesel::insert_into($table::table).values(row).execute(target)?;
                        }
                        QueryResult::Ok(())
                    });
                    copied.insert(stringify!($table), n);
                }};
            }
            copy_table!(partners, PartnerRecord, (partners::tenant_id));
            copy_table!(
                reseller_authorizations,
                AuthorizationRecord,
                (
                    reseller_authorizations::provider_tenant_id,
                    reseller_authorizations::reseller_tenant_id
                )
            );
            copy_table!(customers, CustomerRecord, (customers::tenant_id));
            copy_table!(
                relationships,
                RelationshipRecord,
                (
                    relationships::customer_tenant_id,
                    relationships::partner_tenant_id
                )
            );
            copy_table!(gdap_relationships, GdapRecord, (gdap_relationships::id));
            copy_table!(
                default_contacts,
                DefaultContactRecord,
                (
                    default_contacts::provider_tenant_id,
                    default_contacts::customer_tenant_id
                )
            );
            copy_table!(subscriptions, SubscriptionRecord, (subscriptions::id));
            // Kept by the store's writes, which a copy does not go through.
            crate::store::support_counts::recount(target)?;
            copy_table!(users, UserRecord, (users::id));
            copy_table!(audit_log, AuditRecord, (audit_log::id));
            copy_table!(
                password_tokens,
                PasswordTokenRecord,
                (password_tokens::token_hash)
            );
            copy_table!(
                sign_in_throttle,
                ThrottleRecord,
                (sign_in_throttle::email, sign_in_throttle::client_ip)
            );
            copy_table!(
                relationship_requests,
                RequestRecord,
                (relationship_requests::id)
            );
            copy_table!(
                vendor_subscriptions,
                VendorSubscriptionRecord,
                (vendor_subscriptions::id)
            );
            copy_table!(
                reseller_invitations,
                InvitationRecord,
                (reseller_invitations::id)
            );
            copy_table!(api_keys, ApiKeyRecord, (api_keys::id));
            copy_table!(notifications, NotificationRecord, (notifications::id));
            copy_table!(outbox, OutboxRecord, (outbox::id));
            db::after_bulk_insert(target)?;
            QueryResult::Ok(())
        })
    })?;
    Ok(copied)
}
