//! Who supports what: the subscriptions a provider's reseller supports or
//! could support (the bulk lists), and how many each partner supports.

use crate::domain::SubscriptionStatus;
use crate::domain::states::RelationshipState;
use diesel::prelude::*;

use super::subscriptions::SubscriptionRow;
use crate::db::DbConn;
use crate::db::schema::subscriptions;
use crate::domain::{Subscription, TenantId};

/// A page of a longer list: the first rows, and how many there are in all.
#[derive(Debug, Clone)]
pub struct Listed<T> {
    pub rows: Vec<T>,
    pub total: i64,
}

/// The first `limit` rows (all, when none) of a subscriptions-with-customers
/// query, by customer name then subscription name, and how many there are.
macro_rules! listed_with_customers {
    ($conn:expr, $query:expr, $limit:expr) => {{
        use crate::db::schema::customers;
        let total: i64 = $query().count().get_result($conn)?;
        let mut page = $query()
            .order((
                customers::company_name,
                subscriptions::friendly_name,
                subscriptions::id,
            ))
            .select((customers::company_name, SubscriptionRow::as_select()));
        if let Some(limit) = $limit {
            page = page.limit(limit);
        }
        let rows: Vec<(String, SubscriptionRow)> = page.load($conn)?;
        Ok(Listed {
            rows: rows
                .into_iter()
                .map(|(name, row)| Ok((name, Subscription::try_from(row)?)))
                .collect::<QueryResult<_>>()?,
            total,
        })
    }};
}

/// The provider's live subscriptions whose designated support contact is
/// `contact`, with their customers' names: the first `limit` (all when none).
pub fn supported_by(
    conn: &mut DbConn,
    provider: &TenantId,
    contact: &TenantId,
    limit: Option<i64>,
) -> QueryResult<Listed<(String, Subscription)>> {
    let mine = || {
        subscriptions::table
            .inner_join(crate::db::schema::customers::table)
            .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
            .filter(subscriptions::support_contact_tenant_id.eq(contact.as_str()))
            .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()))
            .into_boxed()
    };
    listed_with_customers!(conn, mine, limit)
}

/// The provider's live subscriptions that `reseller` could support but does
/// not: at customers where it holds an active relationship with DAP (rule 2b;
/// rule 2a, the authorization, is the caller's to check), with the
/// customers' names: the first `limit` (all when none).
pub fn could_be_supported_by(
    conn: &mut DbConn,
    provider: &TenantId,
    reseller: &TenantId,
    limit: Option<i64>,
) -> QueryResult<Listed<(String, Subscription)>> {
    use crate::db::schema::relationships;
    let could = || {
        let with_dap = relationships::table
            .filter(relationships::partner_tenant_id.eq(reseller.as_str().to_owned()))
            .filter(relationships::state.eq(RelationshipState::Active.as_str()))
            .filter(relationships::delegated_admin.eq(true))
            .select(relationships::customer_tenant_id);
        subscriptions::table
            .inner_join(crate::db::schema::customers::table)
            .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
            .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()))
            .filter(subscriptions::support_contact_tenant_id.ne(reseller.as_str()))
            .filter(subscriptions::customer_tenant_id.eq_any(with_dap))
            .into_boxed()
    };
    listed_with_customers!(conn, could, limit)
}

/// How many of the provider's live subscriptions each partner supports.
pub fn support_counts(
    conn: &mut DbConn,
    provider: &TenantId,
) -> QueryResult<std::collections::HashMap<String, i64>> {
    Ok(subscriptions::table
        .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
        .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()))
        .group_by(subscriptions::support_contact_tenant_id)
        .select((
            subscriptions::support_contact_tenant_id,
            diesel::dsl::count_star(),
        ))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect())
}
