//! A partner's Activity and a customer's Audit: the kinds of change they
//! filter by (each a group of audit actions), who made a change, and the
//! filters as a partner or a customer admin types them. Migration 015 keeps
//! the partner's grouping in `activity_kinds`, migration 020 the customer's
//! in `customer_activity_kinds`, which the database reads when it files
//! each audit row under the partners and customers it concerns; tests hold
//! each to its function here.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

use super::SubscriptionId;
use super::audit::Action;

/// One kind of change, as the Activity page's filter offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    ContactChanged,
    ContactReverted,
    SubscriptionAdded,
    SubscriptionStatus,
    RelationshipRequested,
    RelationshipAnswered,
    RelationshipEnded,
    Authorizations,
    Users,
    ApiKeys,
    SupportProfile,
    Gdap,
    /// Sign-ins refused (an account or an address blocked): a customer's
    /// Audit only.
    SignIns,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 13] = [
        Self::ContactChanged,
        Self::ContactReverted,
        Self::SubscriptionAdded,
        Self::SubscriptionStatus,
        Self::RelationshipRequested,
        Self::RelationshipAnswered,
        Self::RelationshipEnded,
        Self::Authorizations,
        Self::Users,
        Self::ApiKeys,
        Self::SupportProfile,
        Self::Gdap,
        Self::SignIns,
    ];

    /// As stored in `partner_activity.kind` and sent by the filter's select.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ContactChanged => "contact_changed",
            Self::ContactReverted => "contact_reverted",
            Self::SubscriptionAdded => "subscription_added",
            Self::SubscriptionStatus => "subscription_status",
            Self::RelationshipRequested => "relationship_requested",
            Self::RelationshipAnswered => "relationship_answered",
            Self::RelationshipEnded => "relationship_ended",
            Self::Authorizations => "authorizations",
            Self::Users => "users",
            Self::ApiKeys => "api_keys",
            Self::SupportProfile => "support_profile",
            Self::Gdap => "gdap",
            Self::SignIns => "sign_ins",
        }
    }

    /// Whether a partner's Activity files changes of this kind ([`Self::of`]).
    pub const fn for_partners(self) -> bool {
        !matches!(self, Self::SignIns)
    }

    /// Whether a customer's Audit files changes of this kind
    /// ([`Self::of_customer`]): not what a partner does to itself.
    pub const fn for_customers(self) -> bool {
        !matches!(
            self,
            Self::Authorizations | Self::ApiKeys | Self::SupportProfile
        )
    }

    /// The kind an audit action is filed under on a customer's Audit page:
    /// the partner's kinds that concern customers, and refused sign-ins;
    /// `None` for what the page does not show.
    pub const fn of_customer(action: Action) -> Option<Self> {
        match action {
            Action::SignInBlocked | Action::SignInAddressBlocked => Some(Self::SignIns),
            _ => match Self::of(action) {
                Some(kind) if kind.for_customers() => Some(kind),
                _ => None,
            },
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// The kind an audit action is filed under on the Activity page; `None`
    /// for what the page does not show (sign-ins, refusals, and what only
    /// an operator or a customer does to itself).
    pub const fn of(action: Action) -> Option<Self> {
        Some(match action {
            Action::SupportContactChanged | Action::DefaultContactSet => Self::ContactChanged,
            Action::SupportContactReverted | Action::DefaultContactCleared => Self::ContactReverted,
            Action::SubscriptionCreated => Self::SubscriptionAdded,
            Action::SubscriptionSuspended | Action::SubscriptionReactivated => {
                Self::SubscriptionStatus
            }
            Action::RelationshipRequested | Action::RequestRevoked | Action::RequestLinkIssued => {
                Self::RelationshipRequested
            }
            Action::RelationshipAccepted | Action::RelationshipDeclined => {
                Self::RelationshipAnswered
            }
            Action::RelationshipRemoved | Action::DelegatedAdminRemoved => Self::RelationshipEnded,
            Action::AuthorizationStarted
            | Action::AuthorizationEnded
            | Action::InvitationCreated
            | Action::InvitationWithdrawn => Self::Authorizations,
            Action::UserCreated
            | Action::UserPasswordSet
            | Action::UserDisabled
            | Action::UserEnabled
            | Action::UserRoleChanged
            | Action::UserPasswordLinkIssued => Self::Users,
            Action::ApiKeyCreated | Action::ApiKeyRevoked => Self::ApiKeys,
            Action::SupportProfileChanged => Self::SupportProfile,
            Action::GdapRequested
            | Action::GdapApproved
            | Action::GdapDeclined
            | Action::GdapTerminated
            | Action::GdapExpired
            | Action::GdapExtended
            | Action::GdapRolesRequired => Self::Gdap,
            Action::CustomerCreated
            | Action::PartnerCreated
            | Action::SignInBlocked
            | Action::SignInAddressBlocked
            | Action::AccessRefused => return None,
        })
    }
}

/// The email stored as the actor of what nobody did (the demo's data).
pub const SYSTEM_ACTOR: &str = "system";
/// The email stored as the actor of an operator's command.
pub const COMMAND_LINE_ACTOR: &str = "command line";

/// Who made a change, from what its audit row keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Maker {
    /// A user of the product: their name is theirs to show.
    User(i32),
    /// An operator, at the command line.
    Operator,
    /// Nobody: data loaded, not a change someone made.
    System,
    /// Someone known only by the address stored with the row (a
    /// customer's first admin, written before their account exists).
    Address,
}

impl Maker {
    pub fn of(user_id: Option<i32>, email: &str) -> Self {
        match (user_id, email) {
            (Some(id), _) => Self::User(id),
            (None, SYSTEM_ACTOR) => Self::System,
            (None, COMMAND_LINE_ACTOR) => Self::Operator,
            (None, _) => Self::Address,
        }
    }

    /// Whether a person made it: the Activity page's default view shows
    /// only these.
    pub fn is_person(self) -> bool {
        self != Self::System
    }
}

/// Which rows the filter shows, before the customer and the dates narrow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shown {
    /// What people did: everything but what nobody did.
    #[default]
    People,
    /// Every kind, whoever (or nothing) made it.
    Everything,
    /// One kind, whoever (or nothing) made it.
    Kind(ChangeKind),
}

impl Shown {
    /// The select's value for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::People => "",
            Self::Everything => EVERYTHING,
            Self::Kind(kind) => kind.as_str(),
        }
    }
}

const EVERYTHING: &str = "all";

/// The longest customer name prefix the filter takes, in characters.
pub const CUSTOMER_MAX: usize = 200;

/// What is wrong with a filter as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterProblem {
    /// `from` is not a date written YYYY-MM-DD.
    BadFrom,
    /// `to` is not a date written YYYY-MM-DD.
    BadTo,
    /// `from` is after `to`.
    Reversed,
    /// The kind is none of the select's choices.
    UnknownKind,
    /// The customer prefix is longer than [`CUSTOMER_MAX`].
    CustomerTooLong,
    /// The subscription is not a subscription id.
    BadSubscription,
}

/// The kind select's value, the `from` and `to` dates: what both filters
/// share, parsed with every problem said. `offered` says which kinds the
/// page's select offers.
fn parse_kind_and_days(
    kind: &str,
    from: &str,
    to: &str,
    offered: fn(ChangeKind) -> bool,
    problems: &mut Vec<FilterProblem>,
) -> (Shown, Option<NaiveDate>, Option<NaiveDate>) {
    let shown = match kind.trim() {
        "" => Shown::People,
        EVERYTHING => Shown::Everything,
        other => ChangeKind::parse(other)
            .filter(|k| offered(*k))
            .map(Shown::Kind)
            .unwrap_or_else(|| {
                problems.push(FilterProblem::UnknownKind);
                Shown::People
            }),
    };
    let mut date = |raw: &str, problem| {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
        if parsed.is_none() {
            problems.push(problem);
        }
        parsed
    };
    let from = date(from, FilterProblem::BadFrom);
    let to = date(to, FilterProblem::BadTo);
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        problems.push(FilterProblem::Reversed);
    }
    (shown, from, to)
}

/// The first moment shown: `from` at midnight, UTC.
fn day_start(from: Option<NaiveDate>) -> Option<NaiveDateTime> {
    from.map(|d| d.and_time(NaiveTime::MIN))
}

/// The first moment no longer shown: midnight after `to`, UTC.
fn day_after(to: Option<NaiveDate>) -> Option<NaiveDateTime> {
    to.and_then(|d| d.checked_add_days(Days::new(1)))
        .map(|d| d.and_time(NaiveTime::MIN))
}

/// The Activity filter: customers whose name begins with `customer` (any
/// case), the rows [`Shown`], and whole UTC days from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActivityFilter {
    pub customer: Option<String>,
    pub shown: Shown,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl ActivityFilter {
    /// The filter from its fields as sent (an empty field filters nothing),
    /// or every problem they have.
    pub fn parse(
        customer: &str,
        kind: &str,
        from: &str,
        to: &str,
    ) -> Result<Self, Vec<FilterProblem>> {
        let mut problems = Vec::new();
        let customer = customer.trim();
        if customer.chars().count() > CUSTOMER_MAX {
            problems.push(FilterProblem::CustomerTooLong);
        }
        let (shown, from, to) =
            parse_kind_and_days(kind, from, to, ChangeKind::for_partners, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            customer: (!customer.is_empty()).then(|| customer.to_owned()),
            shown,
            from,
            to,
        })
    }

    /// The first moment shown: `from` at midnight, UTC.
    pub fn since(&self) -> Option<NaiveDateTime> {
        day_start(self.from)
    }

    /// The first moment no longer shown: midnight after `to`, UTC.
    pub fn until(&self) -> Option<NaiveDateTime> {
        day_after(self.to)
    }
}

/// A customer's Audit filter: one of its subscriptions (by id), the rows
/// [`Shown`], and whole UTC days from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditFilter {
    pub subscription: Option<SubscriptionId>,
    pub shown: Shown,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl AuditFilter {
    /// The filter from its fields as sent (an empty field filters nothing),
    /// or every problem they have.
    pub fn parse(
        subscription: &str,
        kind: &str,
        from: &str,
        to: &str,
    ) -> Result<Self, Vec<FilterProblem>> {
        let mut problems = Vec::new();
        let subscription = match subscription.trim() {
            "" => None,
            raw => SubscriptionId::parse(raw)
                .map_err(|_| problems.push(FilterProblem::BadSubscription))
                .ok(),
        };
        let (shown, from, to) =
            parse_kind_and_days(kind, from, to, ChangeKind::for_customers, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            subscription,
            shown,
            from,
            to,
        })
    }

    /// The first moment shown: `from` at midnight, UTC.
    pub fn since(&self) -> Option<NaiveDateTime> {
        day_start(self.from)
    }

    /// The first moment no longer shown: midnight after `to`, UTC.
    pub fn until(&self) -> Option<NaiveDateTime> {
        day_after(self.to)
    }
}

/// Where a page of the activity starts: the row before it, newest first
/// (rows are ordered by time, then by their audit id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: NaiveDateTime,
    pub id: i32,
}

const CURSOR_TIME: &str = "%Y-%m-%dT%H:%M:%S%.f";

impl Cursor {
    /// As a link carries it: the time, to the nanosecond, then the id.
    pub fn to_param(self) -> String {
        format!("{}_{}", self.at.format(CURSOR_TIME), self.id)
    }

    /// A cursor from a link; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        let (at, id) = raw.trim().rsplit_once('_')?;
        Some(Self {
            at: NaiveDateTime::parse_from_str(at, CURSOR_TIME).ok()?,
            id: id.parse().ok().filter(|id| *id > 0)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(raw: &str) -> NaiveDate {
        NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_kind_is_its_own_string_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for kind in ChangeKind::ALL {
            assert!(seen.insert(kind.as_str()));
            assert_eq!(ChangeKind::parse(kind.as_str()), Some(kind));
            assert_ne!(kind.as_str(), EVERYTHING);
            // Every kind holds at least one action, where it is filed.
            assert_eq!(
                Action::ALL.iter().any(|a| ChangeKind::of(*a) == Some(kind)),
                kind.for_partners(),
                "{kind:?}"
            );
            assert_eq!(
                Action::ALL
                    .iter()
                    .any(|a| ChangeKind::of_customer(*a) == Some(kind)),
                kind.for_customers(),
                "{kind:?}"
            );
        }
        assert_eq!(ChangeKind::parse("Contact_changed"), None);
    }

    #[test]
    fn changes_to_subscriptions_relationships_and_the_organization_are_activity_sign_ins_are_not() {
        assert_eq!(
            ChangeKind::of(Action::SupportContactChanged),
            Some(ChangeKind::ContactChanged)
        );
        assert_eq!(
            ChangeKind::of(Action::SubscriptionReactivated),
            Some(ChangeKind::SubscriptionStatus)
        );
        assert_eq!(
            ChangeKind::of(Action::DelegatedAdminRemoved),
            Some(ChangeKind::RelationshipEnded)
        );
        assert_eq!(
            ChangeKind::of(Action::InvitationWithdrawn),
            Some(ChangeKind::Authorizations)
        );
        assert_eq!(
            ChangeKind::of(Action::UserRoleChanged),
            Some(ChangeKind::Users)
        );
        for quiet in [
            Action::SignInBlocked,
            Action::SignInAddressBlocked,
            Action::AccessRefused,
            Action::PartnerCreated,
            Action::CustomerCreated,
        ] {
            assert_eq!(ChangeKind::of(quiet), None, "{quiet}");
        }
    }

    #[test]
    fn a_customer_audits_its_subscriptions_relationships_users_and_refused_sign_ins() {
        for (action, kind) in [
            (Action::SupportContactChanged, ChangeKind::ContactChanged),
            (Action::GdapApproved, ChangeKind::Gdap),
            (
                Action::RelationshipDeclined,
                ChangeKind::RelationshipAnswered,
            ),
            (Action::UserDisabled, ChangeKind::Users),
            (Action::SignInBlocked, ChangeKind::SignIns),
            (Action::SignInAddressBlocked, ChangeKind::SignIns),
        ] {
            assert_eq!(ChangeKind::of_customer(action), Some(kind), "{action}");
        }
        for partners_own in [
            Action::ApiKeyCreated,
            Action::SupportProfileChanged,
            Action::AuthorizationStarted,
            Action::AccessRefused,
        ] {
            assert_eq!(
                ChangeKind::of_customer(partners_own),
                None,
                "{partners_own}"
            );
        }
        assert_eq!(ChangeKind::of(Action::SignInBlocked), None);
    }

    #[test]
    fn a_customer_filter_takes_a_subscription_id_and_only_the_kinds_it_offers() {
        let filter = AuditFilter::parse(
            " 10000000-0000-4000-8000-000000000001 ",
            "sign_ins",
            "2026-03-01",
            "",
        )
        .unwrap();
        assert_eq!(
            filter.subscription.as_ref().map(|s| s.as_str()),
            Some("10000000-0000-4000-8000-000000000001")
        );
        assert_eq!(filter.shown, Shown::Kind(ChangeKind::SignIns));
        assert_eq!(
            AuditFilter::parse("not-an-id", "api_keys", "x", ""),
            Err(vec![
                FilterProblem::BadSubscription,
                FilterProblem::UnknownKind,
                FilterProblem::BadFrom
            ])
        );
        // Refused sign-ins are not a partner's to filter by.
        assert_eq!(
            ActivityFilter::parse("", "sign_ins", "", ""),
            Err(vec![FilterProblem::UnknownKind])
        );
    }

    #[test]
    fn the_system_made_nothing_a_person_did_operators_and_addresses_are_people() {
        assert_eq!(Maker::of(Some(7), "ann@example.com"), Maker::User(7));
        assert_eq!(Maker::of(Some(7), "system"), Maker::User(7));
        assert_eq!(Maker::of(None, "system"), Maker::System);
        assert_eq!(Maker::of(None, "command line"), Maker::Operator);
        assert_eq!(Maker::of(None, "new@example.com"), Maker::Address);
        assert!(!Maker::System.is_person());
        assert!(Maker::Operator.is_person() && Maker::Address.is_person());
    }

    #[test]
    fn an_empty_filter_shows_what_people_did_everywhere_at_any_time() {
        let filter = ActivityFilter::parse("  ", "", "", " ").unwrap();
        assert_eq!(filter, ActivityFilter::default());
        assert_eq!(filter.shown, Shown::People);
        assert_eq!((filter.since(), filter.until()), (None, None));
    }

    #[test]
    fn a_filter_takes_a_customer_prefix_a_kind_and_whole_utc_days() {
        let filter =
            ActivityFilter::parse(" Wide ", "contact_reverted", "2026-03-01", "2026-03-02")
                .unwrap();
        assert_eq!(filter.customer.as_deref(), Some("Wide"));
        assert_eq!(filter.shown, Shown::Kind(ChangeKind::ContactReverted));
        assert_eq!(filter.since().unwrap().to_string(), "2026-03-01 00:00:00");
        // The whole last day: up to the next midnight, not included.
        assert_eq!(filter.until().unwrap().to_string(), "2026-03-03 00:00:00");
        let one_day = ActivityFilter::parse("", "all", "2026-03-02", "2026-03-02").unwrap();
        assert_eq!(one_day.shown, Shown::Everything);
        assert_eq!(
            (one_day.from, one_day.to),
            (Some(day("2026-03-02")), Some(day("2026-03-02")))
        );
        let open = ActivityFilter::parse("", "", "", "2026-12-31").unwrap();
        assert_eq!(open.since(), None);
        assert!(open.until().is_some());
    }

    #[test]
    fn a_filter_says_every_problem_it_has() {
        assert_eq!(
            ActivityFilter::parse("", "", "yesterday", "2026-02-30"),
            Err(vec![FilterProblem::BadFrom, FilterProblem::BadTo])
        );
        assert_eq!(
            ActivityFilter::parse("", "", "2026-03-02", "2026-03-01"),
            Err(vec![FilterProblem::Reversed])
        );
        assert_eq!(
            ActivityFilter::parse("", "sign_in.blocked", "", ""),
            Err(vec![FilterProblem::UnknownKind])
        );
        assert_eq!(
            ActivityFilter::parse(&"a".repeat(CUSTOMER_MAX + 1), "", "", ""),
            Err(vec![FilterProblem::CustomerTooLong])
        );
        assert!(ActivityFilter::parse(&"é".repeat(CUSTOMER_MAX), "", "", "").is_ok());
        assert_eq!(
            ActivityFilter::parse("", "", "03/02/2026", ""),
            Err(vec![FilterProblem::BadFrom])
        );
    }

    #[test]
    fn cursors_round_trip_to_the_nanosecond_and_nothing_else_is_one() {
        let at =
            NaiveDateTime::parse_from_str("2026-03-02 09:30:00.123456789", "%Y-%m-%d %H:%M:%S%.f")
                .unwrap();
        let cursor = Cursor { at, id: 42 };
        assert_eq!(cursor.to_param(), "2026-03-02T09:30:00.123456789_42");
        assert_eq!(Cursor::parse(&cursor.to_param()), Some(cursor));
        let whole = Cursor {
            at: day("2026-03-02").and_time(NaiveTime::MIN),
            id: 1,
        };
        assert_eq!(whole.to_param(), "2026-03-02T00:00:00_1");
        assert_eq!(Cursor::parse(&whole.to_param()), Some(whole));
        for bad in [
            "",
            "42",
            "2026-03-02T00:00:00",
            "2026-03-02T00:00:00_x",
            "2026-03-02T00:00:00_-1",
            "x_1",
            "2026-03-02T00:00:00_99999999999",
        ] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }
}
