//! What the GDAP pages share: roles, statuses, end reasons and form
//! problems in the viewer's words, a relationship as a table row and as
//! its page or confirmation shows it (with the subscriptions terminating
//! it would send back), and the fields of the forms. The customer's
//! approval link is [`link`].

pub mod link;

use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::app::read::gdap::{Listed, One};
use crate::domain::GdapId;
use crate::domain::gdap::{Role, Roles, Status};
use crate::domain::relationship::Reversion;
use crate::error::AppError;
use crate::i18n::Tr;

/// A relationship id taken from a path: anything else does not exist.
pub fn id_from_path(raw: &str) -> Result<GdapId, AppError> {
    GdapId::parse(raw).map_err(|_| AppError::NotFound)
}

/// A role in plain words.
pub fn role_name(t: &Tr, role: Role) -> String {
    match role {
        Role::HelpdeskAdministrator => t.get("gdap-role-helpdesk-administrator"),
        Role::ServiceSupportAdministrator => t.get("gdap-role-service-support-administrator"),
        Role::UserAdministrator => t.get("gdap-role-user-administrator"),
        Role::LicenseAdministrator => t.get("gdap-role-license-administrator"),
        Role::GlobalReader => t.get("gdap-role-global-reader"),
        Role::DirectoryReaders => t.get("gdap-role-directory-readers"),
        Role::SecurityReader => t.get("gdap-role-security-reader"),
        Role::BillingAdministrator => t.get("gdap-role-billing-administrator"),
        Role::ExchangeAdministrator => t.get("gdap-role-exchange-administrator"),
        Role::SharePointAdministrator => t.get("gdap-role-sharepoint-administrator"),
        Role::TeamsAdministrator => t.get("gdap-role-teams-administrator"),
        Role::GlobalAdministrator => t.get("gdap-role-global-administrator"),
    }
}

/// What a role lets the partner do, in one sentence.
pub fn role_about(t: &Tr, role: Role) -> String {
    match role {
        Role::HelpdeskAdministrator => t.get("gdap-role-helpdesk-administrator-about"),
        Role::ServiceSupportAdministrator => t.get("gdap-role-service-support-administrator-about"),
        Role::UserAdministrator => t.get("gdap-role-user-administrator-about"),
        Role::LicenseAdministrator => t.get("gdap-role-license-administrator-about"),
        Role::GlobalReader => t.get("gdap-role-global-reader-about"),
        Role::DirectoryReaders => t.get("gdap-role-directory-readers-about"),
        Role::SecurityReader => t.get("gdap-role-security-reader-about"),
        Role::BillingAdministrator => t.get("gdap-role-billing-administrator-about"),
        Role::ExchangeAdministrator => t.get("gdap-role-exchange-administrator-about"),
        Role::SharePointAdministrator => t.get("gdap-role-sharepoint-administrator-about"),
        Role::TeamsAdministrator => t.get("gdap-role-teams-administrator-about"),
        Role::GlobalAdministrator => t.get("gdap-role-global-administrator-about"),
    }
}

/// Several roles in plain words, in the order pages list them.
pub fn role_names(t: &Tr, roles: Roles) -> String {
    let names: Vec<String> = roles.iter().map(|r| role_name(t, r)).collect();
    names.join(&t.get("gdap-role-separator"))
}

pub fn status_label(t: &Tr, status: Status) -> String {
    match status {
        Status::ApprovalPending => t.get("gdap-status-pending"),
        Status::Active => t.get("gdap-status-active"),
        Status::Expiring => t.get("gdap-status-expiring"),
        Status::Expired => t.get("gdap-status-expired"),
        Status::Terminated => t.get("gdap-status-terminated"),
    }
}

/// The pill's class for a status.
pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::Active => "pill ok",
        Status::ApprovalPending | Status::Expiring => "pill warn",
        Status::Expired | Status::Terminated => "pill bad",
    }
}

/// How a relationship ended, as its stored reason says.
pub fn end_reason(t: &Tr, reason: &str) -> String {
    match reason {
        "declined" => t.get("gdap-ended-declined"),
        "terminated_by_partner" => t.get("gdap-ended-by-partner"),
        "terminated_by_customer" => t.get("gdap-ended-by-customer"),
        "lapsed" => t.get("gdap-ended-lapsed"),
        "expired" => t.get("gdap-ended-expired"),
        other => other.to_owned(),
    }
}

/// A role as a form offers it.
#[derive(Debug, Clone)]
pub struct RoleChoice {
    pub slug: &'static str,
    pub name: String,
    pub about: String,
    pub checked: bool,
}

/// Every role, those in `checked` ticked.
pub fn role_choices(t: &Tr, checked: Roles) -> Vec<RoleChoice> {
    Role::ALL
        .into_iter()
        .map(|role| RoleChoice {
            slug: role.slug(),
            name: role_name(t, role),
            about: role_about(t, role),
            checked: checked.contains(role),
        })
        .collect()
}

/// A role with its description, as a relationship's page lists it.
#[derive(Debug, Clone)]
pub struct RoleWords {
    pub name: String,
    pub about: String,
}

pub fn role_words(t: &Tr, roles: Roles) -> Vec<RoleWords> {
    roles
        .iter()
        .map(|role| RoleWords {
            name: role_name(t, role),
            about: role_about(t, role),
        })
        .collect()
}

/// A relationship as a table row.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    /// The customer (a partner's list) or the partner (a customer's list).
    pub other: String,
    pub display_name: String,
    pub roles: String,
    pub status: Status,
    pub status_label: String,
    pub status_class: &'static str,
    pub end_at: Option<NaiveDateTime>,
    pub auto_extend: bool,
    /// Active, expiring or awaiting approval: it can be terminated.
    pub live: bool,
}

pub fn rows(t: &Tr, listed: Vec<Listed>) -> Vec<Row> {
    listed
        .into_iter()
        .map(|l| Row {
            id: l.gdap.id.to_string(),
            other: l.other,
            roles: role_names(t, l.gdap.facts.roles),
            display_name: l.gdap.display_name,
            status_label: status_label(t, l.status),
            status_class: status_class(l.status),
            end_at: l.gdap.facts.end_at,
            auto_extend: l.gdap.facts.auto_extend,
            live: matches!(
                l.status,
                Status::Active | Status::Expiring | Status::ApprovalPending
            ),
            status: l.status,
        })
        .collect()
}

/// What is wrong with a field of the request form, by the problem's code
/// (`domain::gdap::Problem::code`, `duplicate`, `unknown_role`).
pub fn problem_message(t: &Tr, code: &str) -> String {
    match code {
        "name_required" => t.get("gdap-problem-name-required"),
        "name_too_long" => t.a1("gdap-problem-name-too-long", "max", 50),
        "duplicate" => t.get("gdap-problem-name-duplicate"),
        "no_roles" => t.get("gdap-problem-no-roles"),
        "unknown_role" => t.get("gdap-problem-unknown-role"),
        "duration_not_iso" => t.get("gdap-problem-duration-not-iso"),
        "duration_out_of_range" => t.get("gdap-problem-duration-out-of-range"),
        "auto_extend_global_admin" => t.get("gdap-problem-auto-extend-global-admin"),
        other => other.to_owned(),
    }
}

/// A subscription that would go back, as the confirmation lists it.
pub struct Going {
    pub customer: String,
    pub id: String,
    pub name: String,
}

pub fn going(reversions: &[Reversion]) -> Vec<Going> {
    reversions
        .iter()
        .map(|r| Going {
            customer: r.subscription.customer.to_string(),
            id: r.subscription.id.to_string(),
            name: r.subscription.friendly_name.clone(),
        })
        .collect()
}

/// One relationship as its page shows it, to either side.
pub struct Shown {
    pub id: String,
    pub customer_id: String,
    pub customer: String,
    pub partner: String,
    pub partner_mpn: String,
    pub display_name: String,
    pub roles: Vec<RoleWords>,
    pub status_label: String,
    pub status_class: &'static str,
    pub created_at: NaiveDateTime,
    pub activated_at: Option<NaiveDateTime>,
    pub end_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    pub ended_how: Option<String>,
    pub duration_days: i64,
    pub auto_extend: bool,
    pub live: bool,
    pub going: Vec<Going>,
}

pub fn shown(t: &Tr, one: One) -> Shown {
    let g = one.gdap;
    Shown {
        id: g.id.to_string(),
        customer_id: one.customer.tenant_id.to_string(),
        customer: one.customer.company_name,
        partner: one.partner.name,
        partner_mpn: one.partner.mpn_id,
        roles: role_words(t, g.facts.roles),
        status_label: status_label(t, one.status),
        status_class: status_class(one.status),
        created_at: g.facts.created_at,
        activated_at: g.activated_at,
        end_at: g.facts.end_at,
        ended_at: g.facts.ended_at,
        ended_how: g.end_reason.as_deref().map(|r| end_reason(t, r)),
        duration_days: g.duration_days,
        auto_extend: g.facts.auto_extend,
        live: one.live,
        going: going(&one.would_revert),
        display_name: g.display_name,
    }
}

#[derive(Debug, Deserialize)]
pub struct TerminateForm {
    #[serde(default)]
    confirmed: String,
}

impl TerminateForm {
    pub fn is_confirmed(&self) -> bool {
        self.confirmed.trim() == "yes"
    }
}

/// What a terminate form did.
pub enum Terminated {
    Done {
        name: String,
        reverted: usize,
    },
    AlreadyEnded,
    /// Not confirmed: the confirmation again.
    Ask(Box<One>),
}

/// The `role` fields of a form (repeated, each a slug); an unknown one is
/// returned as `Err` with the roles that were known.
pub fn roles_of(pairs: &[(String, String)]) -> Result<Roles, Roles> {
    let mut known = Roles::NONE;
    let mut unknown = false;
    for (_, value) in pairs.iter().filter(|(k, _)| k == "role") {
        match Role::parse(value) {
            Some(role) => known = known.with(role),
            None => unknown = true,
        }
    }
    if unknown { Err(known) } else { Ok(known) }
}

pub fn pairs_of(body: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    serde_urlencoded::from_bytes(body).map_err(|_| AppError::BadRequest)
}
