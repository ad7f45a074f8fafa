use crate::domain::states::RelationshipState;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::relationships;
use crate::domain::eligibility::{GdapAccess, RelationshipFacts};
use crate::domain::{Partner, TenantId};

/// Records that the customer accepted the partner (with or without DAP).
pub fn insert_active(
    conn: &mut DbConn,
    customer: &TenantId,
    partner: &TenantId,
    delegated_admin: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(relationships::table)
        .values((
            relationships::customer_tenant_id.eq(customer.as_str()),
            relationships::partner_tenant_id.eq(partner.as_str()),
            relationships::state.eq(RelationshipState::Active.as_str()),
            relationships::delegated_admin.eq(delegated_admin),
            relationships::created_at.eq(now),
            relationships::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// What rule 2 needs to know of the reseller's relationship with each of
/// these customers, by customer tenant id (none: no relationship), its
/// GDAP relationships judged by `provider`'s required roles at `now`.
pub fn facts_with(
    conn: &mut DbConn,
    provider: &TenantId,
    partner: &TenantId,
    customers: &[&TenantId],
    now: chrono::NaiveDateTime,
) -> QueryResult<std::collections::HashMap<String, RelationshipFacts>> {
    let ids: Vec<&str> = customers.iter().map(|c| c.as_str()).collect();
    let gdap = super::gdap::facts_with_customers(conn, partner, &ids)?;
    let required = if gdap.is_empty() {
        crate::domain::gdap::Roles::NONE
    } else {
        super::gdap::required_roles(conn, provider)?
    };
    let mut facts = std::collections::HashMap::with_capacity(customers.len());
    for chunk in customers.chunks(super::subscriptions::IDS_PER_STATEMENT) {
        let chunk: Vec<&str> = chunk.iter().map(|c| c.as_str()).collect();
        let rows: Vec<(String, String, bool)> = relationships::table
            .filter(relationships::partner_tenant_id.eq(partner.as_str()))
            .filter(relationships::customer_tenant_id.eq_any(chunk))
            .select((
                relationships::customer_tenant_id,
                relationships::state,
                relationships::delegated_admin,
            ))
            .load(conn)?;
        for (customer, state, delegated_admin) in rows {
            let active = super::stored::<RelationshipState>(state)? == RelationshipState::Active;
            let theirs = gdap.get(&customer).map_or(&[][..], Vec::as_slice);
            let gdap = GdapAccess::of(theirs, required, now);
            facts.insert(
                customer,
                RelationshipFacts {
                    active,
                    delegated_admin,
                    gdap,
                },
            );
        }
    }
    Ok(facts)
}

/// Whether the partner has an active relationship with the customer.
pub fn is_active(conn: &mut DbConn, customer: &TenantId, partner: &TenantId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        relationships::table
            .filter(relationships::customer_tenant_id.eq(customer.as_str()))
            .filter(relationships::partner_tenant_id.eq(partner.as_str()))
            .filter(relationships::state.eq(RelationshipState::Active.as_str())),
    ))
    .get_result(conn)
}

/// A partner the customer works with, as the customer sees it.
#[derive(Debug, Clone)]
pub struct CustomerPartner {
    pub partner: crate::domain::Partner,
    pub delegated_admin: bool,
    pub since: NaiveDateTime,
}

/// The customer's active relationships, by partner name.
pub fn list_for_customer(
    conn: &mut DbConn,
    customer: &TenantId,
) -> QueryResult<Vec<CustomerPartner>> {
    use crate::db::schema::partners;
    use crate::store::partners::PartnerRow;
    let rows: Vec<(PartnerRow, bool, NaiveDateTime)> = relationships::table
        .inner_join(partners::table)
        .filter(relationships::customer_tenant_id.eq(customer.as_str()))
        .filter(relationships::state.eq(RelationshipState::Active.as_str()))
        .order((partners::name, partners::tenant_id))
        .select((
            PartnerRow::as_select(),
            relationships::delegated_admin,
            relationships::created_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(row, delegated_admin, since)| {
            Ok(CustomerPartner {
                partner: Partner::try_from(row)?,
                delegated_admin,
                since,
            })
        })
        .collect()
}

/// The customer's active relationships: partner tenant id → DAP flag. A
/// customer works with a handful of partners, so this is one small query
/// where asking per reseller of a large provider would be hundreds.
pub fn active_for_customer(
    conn: &mut DbConn,
    customer: &TenantId,
) -> QueryResult<std::collections::HashMap<String, bool>> {
    Ok(relationships::table
        .filter(relationships::customer_tenant_id.eq(customer.as_str()))
        .filter(relationships::state.eq(RelationshipState::Active.as_str()))
        .select((
            relationships::partner_tenant_id,
            relationships::delegated_admin,
        ))
        .load::<(String, bool)>(conn)?
        .into_iter()
        .collect())
}

/// The relationship's DAP flag, when the relationship is active.
pub fn active_dap(
    conn: &mut DbConn,
    customer: &TenantId,
    partner: &TenantId,
) -> QueryResult<Option<bool>> {
    relationships::table
        .find((customer.as_str(), partner.as_str()))
        .filter(relationships::state.eq(RelationshipState::Active.as_str()))
        .select(relationships::delegated_admin)
        .first(conn)
        .optional()
}

/// Takes the delegated admin privileges away; true when there were some.
pub fn remove_delegated_admin(
    conn: &mut DbConn,
    customer: &TenantId,
    partner: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        relationships::table
            .find((customer.as_str(), partner.as_str()))
            .filter(relationships::state.eq(RelationshipState::Active.as_str()))
            .filter(relationships::delegated_admin.eq(true)),
    )
    .set((
        relationships::delegated_admin.eq(false),
        relationships::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Ends the relationship; true when it was active.
pub fn remove(
    conn: &mut DbConn,
    customer: &TenantId,
    partner: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        relationships::table
            .find((customer.as_str(), partner.as_str()))
            .filter(relationships::state.eq(RelationshipState::Active.as_str())),
    )
    .set((
        relationships::state.eq(RelationshipState::Removed.as_str()),
        relationships::delegated_admin.eq(false),
        relationships::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// The customer accepts the partner: a new relationship, a removed one
/// restored, or DAP added to an existing one (never taken away here).
pub fn accept(
    conn: &mut DbConn,
    customer: &TenantId,
    partner: &TenantId,
    delegated_admin: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let existing: Option<(String, bool)> = relationships::table
        .find((customer.as_str(), partner.as_str()))
        .select((relationships::state, relationships::delegated_admin))
        .first(conn)
        .optional()?;
    match existing {
        None => insert_active(conn, customer, partner, delegated_admin, now),
        Some((state, dap)) => {
            let dap = if super::stored::<RelationshipState>(state)? == RelationshipState::Active {
                dap || delegated_admin
            } else {
                delegated_admin
            };
            diesel::update(relationships::table.find((customer.as_str(), partner.as_str())))
                .set((
                    relationships::state.eq(RelationshipState::Active.as_str()),
                    relationships::delegated_admin.eq(dap),
                    relationships::updated_at.eq(now),
                ))
                .execute(conn)
                .map(drop)
        }
    }
}

/// Which of these customers the partner has an active relationship with:
/// those whose page it may open.
pub fn active_among(
    conn: &mut DbConn,
    partner: &TenantId,
    customers: &[&str],
) -> QueryResult<std::collections::HashSet<String>> {
    if customers.is_empty() {
        return Ok(Default::default());
    }
    // Read from the primary key, customer by customer: the partner's column
    // is compared as an expression so that no planner walks the partner's
    // index instead (every relationship of a large provider).
    Ok(relationships::table
        .filter(relationships::customer_tenant_id.eq_any(customers))
        .filter(
            relationships::partner_tenant_id
                .concat("")
                .eq(partner.as_str()),
        )
        .filter(relationships::state.eq(RelationshipState::Active.as_str()))
        .select(relationships::customer_tenant_id)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}
