//! Granular delegated admin relationships: a partner asks a customer for
//! one, the customer approves or declines it through its single-use link,
//! either side terminates it, and the job ends or extends it on its date.
//! When one ends and a reseller stops being eligible (rule 2), every
//! subscription it supported goes back to its provider, audited with the
//! cause.

use chrono::NaiveDateTime;

use super::contacts::revert_ineligible;
use super::{CustomerCaller, Error, PartnerCaller, Result};
use crate::db::{self, DbConn};
use crate::domain::audit::Action;
use crate::domain::gdap::{self, Due, NewRelationship, Roles, Status, Stored};
use crate::domain::relationship::{self, Reversion};
use crate::domain::{GdapId, Subscription, TenantId};
use crate::store::audit::{self, Actor, NewEntry};
use crate::store::gdap::Gdap;
use crate::store::{customers, partners, subscriptions};

pub use crate::store::gdap::Gdap as Relationship;

/// A request made: its id, and the token of the customer's approval link
/// (`/gdap/{token}`), shown once.
#[derive(Debug, Clone)]
pub struct Requested {
    pub id: GdapId,
    pub token: String,
}

/// What an audit row says of a relationship: its name, roles and duration.
fn detail(gdap: &Gdap) -> String {
    let roles: Vec<&str> = gdap.facts.roles.iter().map(|r| r.slug()).collect();
    format!(
        "{} · {} · {}{}",
        gdap.display_name,
        roles.join(", "),
        gdap::iso_days(gdap.duration_days),
        if gdap.facts.auto_extend {
            " · auto-extend"
        } else {
            ""
        }
    )
}

fn record(
    conn: &mut DbConn,
    actor: &Actor,
    action: Action,
    gdap: &Gdap,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    audit::insert(
        conn,
        actor,
        NewEntry {
            action,
            customer: Some(&gdap.customer),
            subscription: None,
            from_partner: None,
            to_partner: Some(&gdap.partner),
            detail: &detail(gdap),
        },
        now,
    )
    .map(drop)
}

/// A partner's admin asks one of its customers for a relationship with
/// these roles, for this long. The display name is the partner's own key:
/// unique among its relationships.
pub fn request(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    customer: &TenantId,
    new: &NewRelationship,
    now: NaiveDateTime,
) -> Result<Requested> {
    let partner = &caller.partner.tenant_id;
    db::write(conn, |conn| {
        if customers::get_for_partner(conn, partner, customer)?.is_none() {
            return Err(Error::NotFound);
        }
        caller.must_be_admin()?;
        if crate::store::gdap::name_taken(conn, partner, &new.display_name)? {
            return Err(Error::invalid("display_name", "duplicate"));
        }
        let id = GdapId::new_random();
        let token = crate::store::gdap::insert(conn, &id, partner, customer, new, now)?;
        let made = crate::store::gdap::get_for_partner(conn, partner, &id)?
            .ok_or_else(|| Error::internal("a relationship just made is gone"))?;
        record(conn, &caller.actor(), Action::GdapRequested, &made, now)?;
        Ok(Requested { id, token })
    })
}

/// What an approval link leads to, for the signed-in customer user.
pub fn by_link(conn: &mut DbConn, caller: CustomerCaller<'_>, token: &str) -> Result<Gdap> {
    let gdap = crate::store::gdap::by_token(conn, token)?.ok_or(Error::NotFound)?;
    if gdap.customer != caller.customer.tenant_id {
        return Err(Error::invalid("link", "other_customer"));
    }
    Ok(gdap)
}

/// How a customer answers a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Approve,
    Decline,
}

/// A customer admin approves (active from now, for its duration) or
/// declines a request through its link. The link works once.
pub fn answer(
    conn: &mut DbConn,
    caller: CustomerCaller<'_>,
    token: &str,
    answer: Answer,
    now: NaiveDateTime,
) -> Result<Gdap> {
    db::write(conn, |conn| {
        let gdap = by_link(conn, caller, token)?;
        caller.must_be_admin()?;
        if gdap.facts.status_at(now) != Status::ApprovalPending {
            return Err(Error::invalid("link", "lapsed"));
        }
        let changed = match answer {
            Answer::Approve => crate::store::gdap::approve(conn, &gdap, now)?,
            Answer::Decline => crate::store::gdap::end(
                conn,
                &gdap.id,
                Stored::ApprovalPending,
                Stored::Terminated,
                "declined",
                now,
            )?,
        };
        if !changed {
            return Err(Error::invalid("link", "used"));
        }
        let action = match answer {
            Answer::Approve => Action::GdapApproved,
            Answer::Decline => Action::GdapDeclined,
        };
        record(conn, &caller.actor(), action, &gdap, now)?;
        Ok(gdap)
    })
}

/// Who ends a relationship.
#[derive(Debug, Clone, Copy)]
pub enum Side<'a> {
    Partner(PartnerCaller<'a>),
    Customer(CustomerCaller<'a>),
}

impl Side<'_> {
    fn find(&self, conn: &mut DbConn, id: &GdapId) -> Result<Gdap> {
        let found = match self {
            Side::Partner(c) => {
                crate::store::gdap::get_for_partner(conn, &c.partner.tenant_id, id)?
            }
            Side::Customer(c) => {
                crate::store::gdap::get_for_customer(conn, &c.customer.tenant_id, id)?
            }
        };
        found.ok_or(Error::NotFound)
    }

    fn must_be_admin(&self) -> Result<()> {
        match self {
            Side::Partner(c) => c.must_be_admin(),
            Side::Customer(c) => c.must_be_admin(),
        }
    }

    fn actor(&self) -> Actor {
        match self {
            Side::Partner(c) => c.actor(),
            Side::Customer(c) => c.actor(),
        }
    }

    fn reason(&self) -> &'static str {
        match self {
            Side::Partner(_) => "terminated_by_partner",
            Side::Customer(_) => "terminated_by_customer",
        }
    }
}

/// One relationship, as either side may see it.
pub fn get(conn: &mut DbConn, side: Side<'_>, id: &GdapId) -> Result<Gdap> {
    side.find(conn, id)
}

/// The subscriptions whose designated support contact would go back to
/// their provider were this relationship terminated now: the confirmation
/// lists them.
pub fn would_revert(
    conn: &mut DbConn,
    side: Side<'_>,
    id: &GdapId,
    now: NaiveDateTime,
) -> Result<(Gdap, Vec<Reversion>)> {
    let gdap = side.find(conn, id)?;
    let reversions = db::read(conn, |conn| {
        let live: Vec<Subscription> = subscriptions::list_live_for_customer(conn, &gdap.customer)?
            .into_iter()
            .filter(|s| s.parties.support_contact == gdap.partner)
            .collect();
        let mut providers: Vec<TenantId> =
            live.iter().map(|s| s.parties.provider.clone()).collect();
        providers.sort();
        providers.dedup();
        let mut candidates = std::collections::HashMap::new();
        for provider in providers {
            let found = partners::contact_candidates_if_ended(
                conn,
                &provider,
                &gdap.customer,
                &gdap.id,
                now,
            )?;
            candidates.insert(provider, super::contacts::without_partners(found));
        }
        Ok(relationship::reversions(&live, |provider| {
            candidates.get(provider).cloned().unwrap_or_default()
        }))
    })?;
    Ok((gdap, reversions))
}

/// Either side terminates a relationship (or withdraws a request not yet
/// answered). A reseller that stops being eligible gives every
/// subscription it supported back to its provider, in the same
/// transaction, each audited with the cause.
pub fn terminate(
    conn: &mut DbConn,
    side: Side<'_>,
    id: &GdapId,
    now: NaiveDateTime,
) -> Result<(Gdap, Vec<Reversion>)> {
    db::write(conn, |conn| {
        let gdap = side.find(conn, id)?;
        side.must_be_admin()?;
        let from = match gdap.facts.status_at(now) {
            Status::Active | Status::Expiring => Stored::Active,
            Status::ApprovalPending => Stored::ApprovalPending,
            Status::Expired | Status::Terminated => {
                return Err(Error::invalid("relationship", "already_ended"));
            }
        };
        if !crate::store::gdap::end(conn, &gdap.id, from, Stored::Terminated, side.reason(), now)? {
            return Err(Error::invalid("relationship", "already_ended"));
        }
        let actor = side.actor();
        record(conn, &actor, Action::GdapTerminated, &gdap, now)?;
        let reverted =
            revert_ineligible(conn, &actor, &gdap.customer, Action::GdapTerminated, now)?;
        Ok((gdap, reverted))
    })
}

/// What one run of the job did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobRun {
    pub expired: usize,
    pub extended: usize,
    pub lapsed: usize,
    /// Subscriptions whose contact went back to the provider.
    pub reverted: usize,
    /// Partners warned that a relationship ends within 30, 7 or 1 days.
    pub warned: usize,
}

/// Relationships the job looks at in one run, at most; the next run goes on.
pub const JOB_BATCH: i64 = 500;

/// The job: every relationship that has reached a date by `now` is expired
/// (contacts that stop being eligible go back to their provider),
/// extended by 180 days (auto-extend), or, unanswered for 90 days, lapses.
/// Each in its own transaction, with the row locked and its date read
/// again inside it, so that two servers running the job at once change
/// each relationship once.
pub fn run_due(conn: &mut DbConn, now: NaiveDateTime) -> Result<JobRun> {
    let due = crate::store::gdap::due(conn, now, JOB_BATCH)?;
    let mut run = JobRun::default();
    let actor = Actor::system();
    for id in due {
        db::write(conn, |conn| {
            let Some(gdap) = crate::store::gdap::lock(conn, &id)? else {
                return Ok::<_, Error>(());
            };
            // Read again under the lock: another server may have done it.
            let store = |conn: &mut DbConn, from, to, why| {
                crate::store::gdap::end(conn, &gdap.id, from, to, why, now)
            };
            let done = match gdap.facts.due_at(now) {
                None => None,
                Some(Due::Extend) => crate::store::gdap::extend(conn, &gdap, now)?
                    .then_some((Action::GdapExtended, Due::Extend)),
                Some(Due::Expire) => store(conn, Stored::Active, Stored::Expired, "expired")?
                    .then_some((Action::GdapExpired, Due::Expire)),
                Some(Due::Lapse) => {
                    store(conn, Stored::ApprovalPending, Stored::Expired, "lapsed")?
                        .then_some((Action::GdapExpired, Due::Lapse))
                }
            };
            let Some((action, due)) = done else {
                return Ok(());
            };
            record(conn, &actor, action, &gdap, now)?;
            match due {
                Due::Extend => run.extended += 1,
                Due::Lapse => run.lapsed += 1,
                Due::Expire => {
                    run.expired += 1;
                    let customer = &gdap.customer;
                    run.reverted +=
                        revert_ineligible(conn, &actor, customer, Action::GdapExpired, now)?.len();
                }
            }
            Ok(())
        })?;
    }
    run.warned = warn_due(conn, now)?;
    Ok(run)
}

/// Warns partners, in the product and by e-mail, that a relationship ends
/// within 30, 7 or 1 days (without auto-extend): each warning once, even
/// with several servers running the job, each in its own transaction.
pub fn warn_due(conn: &mut DbConn, now: NaiveDateTime) -> Result<usize> {
    let mut warned = 0;
    for (gdap, given) in crate::store::gdap::to_warn(conn, now, JOB_BATCH)? {
        let Some(end) = gdap.facts.end_at else {
            continue;
        };
        let Some(days) = crate::domain::gdap::warning_due(end, now, given) else {
            continue;
        };
        let done = db::write(conn, |conn| {
            if !crate::store::gdap::mark_warned(conn, &gdap.id, days)? {
                return Ok::<_, Error>(false);
            }
            let customer = crate::store::customers::get(conn, &gdap.customer)?
                .map(|c| c.company_name)
                .unwrap_or_else(|| gdap.customer.to_string());
            let notice = crate::app::notify::Notice::GdapExpiring {
                name: gdap.display_name.clone(),
                customer,
                gdap_id: gdap.id.to_string(),
                days: crate::domain::gdap::days_left(end, now),
            };
            crate::app::notify::gdap_expiring(conn, &gdap.partner, &notice, now)?;
            Ok(true)
        })?;
        warned += usize::from(done);
    }
    Ok(warned)
}

/// A provider's admin sets the roles it requires of its resellers' GDAP
/// relationships (none: any role will do). Contacts that stop being
/// eligible go back to the provider, audited.
pub fn require_roles(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    roles: Roles,
    now: NaiveDateTime,
) -> Result<usize> {
    let provider = &caller.partner.tenant_id;
    db::write(conn, |conn| {
        if !caller.partner.kind.transacts() {
            return Err(Error::Forbidden);
        }
        caller.must_be_admin()?;
        let before = crate::store::gdap::required_roles(conn, provider)?;
        if before == roles {
            return Ok(0);
        }
        crate::store::gdap::set_required_roles(conn, provider, roles)?;
        let slugs: Vec<&str> = roles.iter().map(|r| r.slug()).collect();
        let actor = caller.actor();
        audit::insert(
            conn,
            &actor,
            NewEntry {
                action: Action::GdapRolesRequired,
                customer: None,
                subscription: None,
                from_partner: None,
                to_partner: Some(provider),
                detail: &slugs.join(", "),
            },
            now,
        )?;
        let mut reverted = 0;
        let customers = subscriptions::customers_supported_by_resellers(conn, provider)?;
        // A reseller short of the roles stops being the provider's default too.
        let customers = super::contacts::and_defaults_of(conn, provider, None, customers)?;
        for customer in customers {
            reverted +=
                revert_ineligible(conn, &actor, &customer, Action::GdapRolesRequired, now)?.len();
        }
        Ok(reverted)
    })
}

/// The partner's relationships, newest first, at most `limit`: what its
/// GDAP page and the API list.
pub fn of_partner(conn: &mut DbConn, caller: PartnerCaller<'_>, limit: i64) -> Result<Vec<Gdap>> {
    Ok(crate::store::gdap::list_for_partner(
        conn,
        &caller.partner.tenant_id,
        limit,
    )?)
}

/// The customers' names, by tenant id, of these relationships.
pub fn customer_names(
    conn: &mut DbConn,
    relationships: &[Gdap],
) -> Result<std::collections::HashMap<String, String>> {
    let mut ids: Vec<&str> = relationships.iter().map(|g| g.customer.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(customers::names(conn, &ids)?)
}
