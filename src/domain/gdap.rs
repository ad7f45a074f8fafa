//! Granular delegated admin privileges (GDAP): a named, time-bound
//! relationship between a partner and a customer that grants a set of
//! Microsoft Entra roles. The partner asks; the customer approves or
//! declines; it ends on its end date unless auto-extend renews it, or
//! earlier when either side terminates it.

use chrono::{Duration, NaiveDateTime};

/// How long a customer has to answer a request before it lapses.
pub const APPROVAL_DAYS: i64 = 90;
/// The one auto-extension there is: 180 days (`P180D`).
pub const AUTO_EXTEND_DAYS: i64 = 180;
/// Shortest and longest durations: `P1D` to `P2Y`.
pub const MIN_DAYS: i64 = 1;
pub const MAX_DAYS: i64 = 730;
/// Partners are warned this many days before a relationship ends, and again
/// at the later marks.
pub const WARNING_DAYS: [i64; 3] = [30, 7, 1];
/// Longest display name.
pub const MAX_NAME_CHARS: usize = 50;

/// The Entra built-in roles a relationship can grant, each with its role
/// definition id (the same in every tenant). The order is the one pages
/// list them in; the bit is how a set of them is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    HelpdeskAdministrator,
    ServiceSupportAdministrator,
    UserAdministrator,
    LicenseAdministrator,
    GlobalReader,
    DirectoryReaders,
    SecurityReader,
    BillingAdministrator,
    ExchangeAdministrator,
    SharePointAdministrator,
    TeamsAdministrator,
    GlobalAdministrator,
}

impl Role {
    pub const ALL: [Role; 12] = [
        Role::HelpdeskAdministrator,
        Role::ServiceSupportAdministrator,
        Role::UserAdministrator,
        Role::LicenseAdministrator,
        Role::GlobalReader,
        Role::DirectoryReaders,
        Role::SecurityReader,
        Role::BillingAdministrator,
        Role::ExchangeAdministrator,
        Role::SharePointAdministrator,
        Role::TeamsAdministrator,
        Role::GlobalAdministrator,
    ];

    /// The role definition id (`roleDefinitionId` in Microsoft Graph).
    pub fn definition_id(self) -> &'static str {
        match self {
            Role::HelpdeskAdministrator => "729827e3-9c14-49f7-bb1b-9608f156bbb8",
            Role::ServiceSupportAdministrator => "f023fd81-a637-4b56-95fd-791ac0226033",
            Role::UserAdministrator => "fe930be7-5e62-47db-91af-98c3a49a38b1",
            Role::LicenseAdministrator => "4d6ac14f-3453-41d0-bef9-a3e0c569773a",
            Role::GlobalReader => "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
            Role::DirectoryReaders => "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
            Role::SecurityReader => "5d6b6bb7-de71-4623-b4af-96380a352509",
            Role::BillingAdministrator => "b0f54661-2d74-4c50-afa3-1ec803f12efe",
            Role::ExchangeAdministrator => "29232cdf-9323-42fd-ade2-1d097af3e4de",
            Role::SharePointAdministrator => "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
            Role::TeamsAdministrator => "69091246-20e8-4a56-aa4d-066075b2a7a8",
            Role::GlobalAdministrator => "62e90394-69f5-4237-9190-012177145e10",
        }
    }

    /// A short name for forms and messages keys (`gdap-role-{slug}`).
    pub fn slug(self) -> &'static str {
        match self {
            Role::HelpdeskAdministrator => "helpdesk-administrator",
            Role::ServiceSupportAdministrator => "service-support-administrator",
            Role::UserAdministrator => "user-administrator",
            Role::LicenseAdministrator => "license-administrator",
            Role::GlobalReader => "global-reader",
            Role::DirectoryReaders => "directory-readers",
            Role::SecurityReader => "security-reader",
            Role::BillingAdministrator => "billing-administrator",
            Role::ExchangeAdministrator => "exchange-administrator",
            Role::SharePointAdministrator => "sharepoint-administrator",
            Role::TeamsAdministrator => "teams-administrator",
            Role::GlobalAdministrator => "global-administrator",
        }
    }

    /// A role by its definition id or its slug.
    pub fn parse(raw: &str) -> Option<Role> {
        let raw = raw.trim();
        Role::ALL.into_iter().find(|r| {
            r.definition_id().eq_ignore_ascii_case(raw) || r.slug().eq_ignore_ascii_case(raw)
        })
    }

    fn bit(self) -> i32 {
        1 << (self as i32)
    }
}

/// A set of roles, stored as one integer (a bit per role).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Roles(i32);

impl Roles {
    pub const NONE: Roles = Roles(0);

    pub fn from_bits(bits: i32) -> Self {
        let known = Role::ALL.iter().fold(0, |all, r| all | r.bit());
        Roles(bits & known)
    }

    pub fn bits(self) -> i32 {
        self.0
    }

    pub fn with(self, role: Role) -> Self {
        Roles(self.0 | role.bit())
    }

    pub fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether it includes at least one of `wanted` (always, when nothing
    /// is wanted).
    pub fn meets(self, wanted: Roles) -> bool {
        wanted.is_empty() || self.0 & wanted.0 != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl FromIterator<Role> for Roles {
    fn from_iter<I: IntoIterator<Item = Role>>(iter: I) -> Self {
        iter.into_iter().fold(Roles::NONE, Roles::with)
    }
}

/// A duration as Microsoft Graph writes one (ISO 8601), from `P1D` to
/// `P2Y`: days (`P90D`), weeks (`P2W`) or years of 365 days (`P1Y`).
pub fn parse_duration(raw: &str) -> Result<i64, DurationProblem> {
    let raw = raw.trim();
    let body = raw
        .strip_prefix('P')
        .or_else(|| raw.strip_prefix('p'))
        .ok_or(DurationProblem::NotIso)?;
    let unit = body.chars().last().ok_or(DurationProblem::NotIso)?;
    let number = &body[..body.len() - unit.len_utf8()];
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) || number.len() > 6 {
        return Err(DurationProblem::NotIso);
    }
    let n: i64 = number.parse().map_err(|_| DurationProblem::NotIso)?;
    let days = match unit.to_ascii_uppercase() {
        'D' => n,
        'W' => n * 7,
        'Y' => n * 365,
        _ => return Err(DurationProblem::NotIso),
    };
    if (MIN_DAYS..=MAX_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(DurationProblem::OutOfRange)
    }
}

/// A number of days as an ISO 8601 duration, as Graph gives it back.
pub fn iso_days(days: i64) -> String {
    format!("P{days}D")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationProblem {
    NotIso,
    OutOfRange,
}

/// What is stored of a relationship's state. Whether an active one has
/// reached its end is a matter of the clock: see [`Facts::status_at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    ApprovalPending,
    Active,
    Expired,
    Terminated,
}

impl Stored {
    pub fn as_str(self) -> &'static str {
        match self {
            Stored::ApprovalPending => "approvalPending",
            Stored::Active => "active",
            Stored::Expired => "expired",
            Stored::Terminated => "terminated",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Stored::ApprovalPending,
            Stored::Active,
            Stored::Expired,
            Stored::Terminated,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

/// A relationship's status as people and Microsoft Graph see it, now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    ApprovalPending,
    Active,
    /// Active, and ends within [`WARNING_DAYS`]`[0]` days without auto-extend.
    Expiring,
    Expired,
    Terminated,
}

impl Status {
    /// As Microsoft Graph spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::ApprovalPending => "approvalPending",
            Status::Active => "active",
            Status::Expiring => "expiring",
            Status::Expired => "expired",
            Status::Terminated => "terminated",
        }
    }

    /// Whether it gives delegated access now.
    pub fn grants_access(self) -> bool {
        matches!(self, Status::Active | Status::Expiring)
    }
}

/// What the rules need to know of one relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub stored: Stored,
    pub roles: Roles,
    pub auto_extend: bool,
    pub created_at: NaiveDateTime,
    /// Set once approved.
    pub end_at: Option<NaiveDateTime>,
    /// When it was declined, terminated or written expired.
    pub ended_at: Option<NaiveDateTime>,
}

impl Facts {
    /// The status at `now`: an active relationship past its end has
    /// expired, and a request unanswered for [`APPROVAL_DAYS`] has lapsed,
    /// whether or not the job has written it yet. One that auto-extends
    /// is extended by the job before it would expire, so past its end it
    /// still counts as active until the job runs.
    pub fn status_at(&self, now: NaiveDateTime) -> Status {
        match self.stored {
            Stored::Active => match self.end_at {
                Some(end) if end <= now && !self.auto_extend => Status::Expired,
                Some(end) if !self.auto_extend && end - now <= Duration::days(WARNING_DAYS[0]) => {
                    Status::Expiring
                }
                _ => Status::Active,
            },
            Stored::ApprovalPending if self.approval_lapses_at() <= now => Status::Expired,
            Stored::ApprovalPending => Status::ApprovalPending,
            Stored::Expired => Status::Expired,
            Stored::Terminated => Status::Terminated,
        }
    }

    /// When an unanswered request lapses.
    pub fn approval_lapses_at(&self) -> NaiveDateTime {
        self.created_at + Duration::days(APPROVAL_DAYS)
    }

    /// What the job should do with it at `now`, if anything.
    pub fn due_at(&self, now: NaiveDateTime) -> Option<Due> {
        match (self.stored, self.end_at) {
            (Stored::Active, Some(end)) if end <= now => Some(if self.auto_extend {
                Due::Extend
            } else {
                Due::Expire
            }),
            (Stored::ApprovalPending, _) if self.approval_lapses_at() <= now => Some(Due::Lapse),
            _ => None,
        }
    }
}

/// What the job does to a relationship that has reached a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Active past its end, with auto-extend: 180 more days.
    Extend,
    /// Active past its end: expired.
    Expire,
    /// Never answered: expired.
    Lapse,
}

/// Why a new relationship cannot be made as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    NameRequired,
    NameTooLong,
    NoRoles,
    Duration(DurationProblem),
    /// Auto-extend is not allowed with Global Administrator.
    AutoExtendWithGlobalAdministrator,
}

impl Problem {
    pub fn code(self) -> &'static str {
        match self {
            Problem::NameRequired => "name_required",
            Problem::NameTooLong => "name_too_long",
            Problem::NoRoles => "no_roles",
            Problem::Duration(DurationProblem::NotIso) => "duration_not_iso",
            Problem::Duration(DurationProblem::OutOfRange) => "duration_out_of_range",
            Problem::AutoExtendWithGlobalAdministrator => "auto_extend_global_admin",
        }
    }
}

/// A request as a partner asks for one, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRelationship {
    pub display_name: String,
    pub roles: Roles,
    pub duration_days: i64,
    pub auto_extend: bool,
}

impl NewRelationship {
    /// Every problem of what was asked, or the request.
    pub fn check(
        display_name: &str,
        roles: Roles,
        duration: Result<i64, DurationProblem>,
        auto_extend: bool,
    ) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let display_name = display_name.trim();
        if display_name.is_empty() {
            problems.push(Problem::NameRequired);
        } else if display_name.chars().count() > MAX_NAME_CHARS {
            problems.push(Problem::NameTooLong);
        }
        if roles.is_empty() {
            problems.push(Problem::NoRoles);
        }
        if let Err(problem) = duration {
            problems.push(Problem::Duration(problem));
        }
        if auto_extend && roles.contains(Role::GlobalAdministrator) {
            problems.push(Problem::AutoExtendWithGlobalAdministrator);
        }
        match (problems.is_empty(), duration) {
            (true, Ok(duration_days)) => Ok(Self {
                display_name: display_name.to_owned(),
                roles,
                duration_days,
                auto_extend,
            }),
            _ => Err(problems),
        }
    }
}

/// The warning due now for a relationship ending at `end` (without
/// auto-extend), given the nearest one already given: the nearest of
/// [`WARNING_DAYS`] it has come within, unless that one (or a nearer one)
/// was given. None once it has ended.
pub fn warning_due(end: NaiveDateTime, now: NaiveDateTime, warned: Option<i64>) -> Option<i64> {
    let left = end - now;
    if left <= Duration::zero() {
        return None;
    }
    let due = WARNING_DAYS
        .iter()
        .rev()
        .copied()
        .find(|days| left <= Duration::days(*days))?;
    match warned {
        Some(given) if given <= due => None,
        _ => Some(due),
    }
}

/// Whole days left before `end`, counting a part of a day as one.
pub fn days_left(end: NaiveDateTime, now: NaiveDateTime) -> i64 {
    let seconds = (end - now).num_seconds().max(0);
    (seconds + 86_399) / 86_400
}

#[cfg(test)]
mod tests {
    #[test]
    fn partners_are_warned_30_7_and_1_days_before_the_end_once_each() {
        let now = at(1);
        let end = |days: i64, hours: i64| now + Duration::days(days) + Duration::hours(hours);
        assert_eq!(warning_due(end(40, 0), now, None), None);
        assert_eq!(warning_due(end(30, 0), now, None), Some(30));
        assert_eq!(warning_due(end(20, 0), now, None), Some(30));
        assert_eq!(warning_due(end(20, 0), now, Some(30)), None);
        assert_eq!(warning_due(end(7, 0), now, Some(30)), Some(7));
        assert_eq!(warning_due(end(6, 0), now, Some(7)), None);
        // A server down for a week gives the nearest warning only.
        assert_eq!(warning_due(end(0, 5), now, Some(30)), Some(1));
        assert_eq!(warning_due(end(0, 5), now, Some(1)), None);
        assert_eq!(warning_due(end(0, -1), now, None), None);
        assert_eq!(days_left(end(19, 1), now), 20);
        assert_eq!(days_left(end(20, 0), now), 20);
    }

    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
    }

    fn active(end: NaiveDateTime, auto_extend: bool) -> Facts {
        Facts {
            stored: Stored::Active,
            roles: Roles::NONE.with(Role::HelpdeskAdministrator),
            auto_extend,
            created_at: at(1),
            end_at: Some(end),
            ended_at: None,
        }
    }

    #[test]
    fn durations_run_from_one_day_to_two_years_in_iso_8601() {
        assert_eq!(parse_duration("P1D"), Ok(1));
        assert_eq!(parse_duration(" p90d "), Ok(90));
        assert_eq!(parse_duration("P2W"), Ok(14));
        assert_eq!(parse_duration("P2Y"), Ok(730));
        assert_eq!(parse_duration("P730D"), Ok(730));
        assert_eq!(parse_duration("P0D"), Err(DurationProblem::OutOfRange));
        assert_eq!(parse_duration("P731D"), Err(DurationProblem::OutOfRange));
        assert_eq!(parse_duration("P3Y"), Err(DurationProblem::OutOfRange));
        for bad in [
            "",
            "P",
            "90",
            "PD",
            "P-1D",
            "P1.5D",
            "P1M",
            "PT1H",
            "P9999999D",
        ] {
            assert_eq!(parse_duration(bad), Err(DurationProblem::NotIso), "{bad}");
        }
        assert_eq!(iso_days(730), "P730D");
    }

    #[test]
    fn roles_are_read_by_definition_id_or_name_and_kept_as_bits() {
        assert_eq!(
            Role::parse("62E90394-69F5-4237-9190-012177145E10"),
            Some(Role::GlobalAdministrator)
        );
        assert_eq!(
            Role::parse("helpdesk-administrator"),
            Some(Role::HelpdeskAdministrator)
        );
        assert_eq!(Role::parse("Janitor"), None);
        let roles: Roles = [Role::UserAdministrator, Role::GlobalReader]
            .into_iter()
            .collect();
        assert_eq!(Roles::from_bits(roles.bits()), roles);
        assert_eq!(
            roles.iter().collect::<Vec<_>>(),
            [Role::UserAdministrator, Role::GlobalReader]
        );
        assert_eq!(Roles::from_bits(-1).iter().count(), Role::ALL.len());
        let ids: std::collections::HashSet<_> =
            Role::ALL.iter().map(|r| r.definition_id()).collect();
        assert_eq!(ids.len(), Role::ALL.len());
    }

    #[test]
    fn a_relationship_meets_a_requirement_with_any_one_of_its_roles() {
        let helpdesk = Roles::NONE.with(Role::HelpdeskAdministrator);
        assert!(helpdesk.meets(Roles::NONE), "nothing required");
        assert!(helpdesk.meets(helpdesk.with(Role::GlobalAdministrator)));
        assert!(!helpdesk.meets(Roles::NONE.with(Role::ServiceSupportAdministrator)));
    }

    #[test]
    fn auto_extend_is_refused_with_global_administrator_and_every_problem_is_said() {
        let global = Roles::NONE.with(Role::GlobalAdministrator);
        assert_eq!(
            NewRelationship::check("", global, Err(DurationProblem::OutOfRange), true),
            Err(vec![
                Problem::NameRequired,
                Problem::Duration(DurationProblem::OutOfRange),
                Problem::AutoExtendWithGlobalAdministrator
            ])
        );
        assert_eq!(
            NewRelationship::check(&"n".repeat(51), Roles::NONE, Ok(10), false),
            Err(vec![Problem::NameTooLong, Problem::NoRoles])
        );
        let ok = NewRelationship::check(" Helpdesk 2027 ", global, Ok(730), false).unwrap();
        assert_eq!(ok.display_name, "Helpdesk 2027");
    }

    #[test]
    fn an_active_relationship_expires_at_its_end_by_the_clock_before_the_job_writes_it() {
        let later = active(at(20) + Duration::days(WARNING_DAYS[0]), false);
        assert_eq!(later.status_at(at(19)), Status::Active);
        assert_eq!(later.status_at(at(20)), Status::Expiring, "30 days before");
        let facts = active(at(20), false);
        assert_eq!(facts.status_at(at(19)), Status::Expiring);
        assert!(facts.status_at(at(19)).grants_access());
        assert_eq!(facts.status_at(at(20)), Status::Expired);
        assert!(!facts.status_at(at(20)).grants_access());
        assert_eq!(facts.due_at(at(19)), None);
        assert_eq!(facts.due_at(at(20)), Some(Due::Expire));
    }

    #[test]
    fn auto_extend_keeps_it_active_past_its_end_until_the_job_extends_it() {
        let facts = active(at(20), true);
        assert_eq!(facts.status_at(at(19)), Status::Active, "no warning");
        assert_eq!(facts.status_at(at(21)), Status::Active);
        assert_eq!(facts.due_at(at(21)), Some(Due::Extend));
    }

    #[test]
    fn an_unanswered_request_lapses_after_ninety_days() {
        let facts = Facts {
            stored: Stored::ApprovalPending,
            end_at: None,
            ..active(at(1), false)
        };
        let lapse = at(1) + Duration::days(APPROVAL_DAYS);
        assert_eq!(
            facts.status_at(lapse - Duration::seconds(1)),
            Status::ApprovalPending
        );
        assert_eq!(facts.status_at(lapse), Status::Expired);
        assert_eq!(facts.due_at(lapse), Some(Due::Lapse));
    }
}
