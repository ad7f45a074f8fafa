//! What the product tells people of a change, written in the change's own
//! transaction: a notice filed under each organization it concerns (the
//! in-product list and its unread count) and an e-mail to each of its
//! people who hear of it, in the outbox, in their language. A sender
//! (`crate::mail`) sends the outbox; without one configured, the e-mail
//! waits there and nothing is lost.

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Error, Result};
use crate::db::{self, DbConn};
use crate::domain::{Subscription, TenantId};
use crate::i18n::{Lang, Tr};
use crate::store;

/// Subscriptions a notice names, at most; it counts the rest.
pub const MAX_LINES: usize = 20;
/// Notices the list shows at once.
pub const PAGE: i64 = 50;
/// The unread count stops counting here ("99+").
pub const UNREAD_CAP: i64 = 100;
/// Attempts to send an e-mail before it is given up (and kept for
/// operators).
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a sender holds an e-mail it claimed.
pub const CLAIM_SECONDS: i64 = 300;

/// One subscription whose designated support contact moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub subscription: String,
    pub subscription_id: String,
    pub customer: String,
    pub customer_id: String,
    pub from: String,
    pub to: String,
}

/// What a notice says; stored as JSON and worded in the reader's language
/// when shown or sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Notice {
    /// A partner became the designated support contact of subscriptions.
    ContactGained {
        partner: String,
        lines: Vec<Line>,
        total: usize,
    },
    /// A partner stopped being it (`reverted`: it stopped being eligible,
    /// and they went back to their provider).
    ContactLost {
        partner: String,
        lines: Vec<Line>,
        total: usize,
        reverted: bool,
    },
    /// A customer's subscriptions have a new designated support contact.
    CustomerContacts { lines: Vec<Line>, total: usize },
    /// A partner asks a customer for a relationship; the e-mail carries the
    /// link (`path`), the notice does not.
    RelationshipRequested {
        partner: String,
        company: String,
        path: Option<String>,
    },
    /// A GDAP relationship ends in `days` days or fewer, without
    /// auto-extend.
    GdapExpiring {
        name: String,
        customer: String,
        gdap_id: String,
        days: i64,
    },
}

impl Notice {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::ContactGained { .. } => "contact_gained",
            Self::ContactLost { .. } => "contact_lost",
            Self::CustomerContacts { .. } => "customer_contacts",
            Self::RelationshipRequested { .. } => "relationship_requested",
            Self::GdapExpiring { .. } => "gdap_expiring",
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(raw: &str) -> Result<Self> {
        serde_json::from_str(raw).map_err(|e| Error::internal(format!("a stored notice: {e}")))
    }

    /// One sentence: the subject of the e-mail, the heading of the notice.
    pub fn title(&self, t: &Tr) -> String {
        match self {
            Self::ContactGained { partner, total, .. } => {
                t.count1("notice-contact-gained", *total, "partner", partner)
            }
            Self::ContactLost {
                partner,
                total,
                reverted: false,
                ..
            } => t.count1("notice-contact-lost", *total, "partner", partner),
            Self::ContactLost { partner, total, .. } => {
                t.count1("notice-contact-reverted", *total, "partner", partner)
            }
            Self::CustomerContacts { total, .. } => t.count("notice-customer-contacts", *total),
            Self::RelationshipRequested {
                partner, company, ..
            } => t.a2(
                "notice-relationship-requested",
                "partner",
                partner,
                "company",
                company,
            ),
            Self::GdapExpiring {
                name,
                customer,
                days,
                ..
            } => t.a3(
                "notice-gdap-expiring",
                "name",
                name,
                "customer",
                customer,
                "days",
                t.count("gdap-days", *days),
            ),
        }
    }

    /// The subscriptions it names, each as a sentence, and how many more.
    pub fn lines(&self, t: &Tr) -> (Vec<String>, usize) {
        let (lines, total) = match self {
            Self::ContactGained { lines, total, .. }
            | Self::ContactLost { lines, total, .. }
            | Self::CustomerContacts { lines, total } => (lines, *total),
            Self::RelationshipRequested { .. } | Self::GdapExpiring { .. } => return (vec![], 0),
        };
        let said = lines
            .iter()
            .map(|l| {
                t.a4(
                    "notice-line",
                    "subscription",
                    &l.subscription,
                    "customer",
                    &l.customer,
                    "from",
                    &l.from,
                    "to",
                    &l.to,
                )
            })
            .collect::<Vec<_>>();
        let more = total.saturating_sub(said.len());
        (said, more)
    }

    /// Where the reader goes from it: a path of the product.
    pub fn path(&self, customer_side: bool) -> String {
        match self {
            Self::CustomerContacts { .. } => "/admin/support".to_owned(),
            Self::ContactGained { lines, .. } | Self::ContactLost { lines, .. } => {
                match lines.as_slice() {
                    [one] => format!(
                        "/partner/customers/{}/subscriptions/{}",
                        one.customer_id, one.subscription_id
                    ),
                    _ => "/partner/activity".to_owned(),
                }
            }
            Self::RelationshipRequested { path, .. } => match (customer_side, path) {
                (false, Some(path)) => path.clone(),
                _ => "/admin/partners".to_owned(),
            },
            Self::GdapExpiring { gdap_id, .. } => format!("/partner/gdap/{gdap_id}"),
        }
    }

    /// The notice as filed in the product: without a link that works once.
    fn filed(&self) -> Self {
        match self {
            Self::RelationshipRequested {
                partner, company, ..
            } => Self::RelationshipRequested {
                partner: partner.clone(),
                company: company.clone(),
                path: None,
            },
            other => other.clone(),
        }
    }
}

/// Files the notice under `tenant` and writes an e-mail to each of its
/// people who hear of changes.
fn tell(
    conn: &mut DbConn,
    tenant: &TenantId,
    notice: &Notice,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    store::notifications::insert(conn, tenant, notice.kind(), &notice.filed().to_json(), now)?;
    let body = notice.to_json();
    for (email, language) in store::notifications::recipients(conn, tenant)? {
        store::outbox::insert(conn, &email, &language, &body, now)?;
    }
    Ok(())
}

/// A subscription whose contact moved in this transaction.
pub struct Moved<'a> {
    pub subscription: &'a Subscription,
    pub from: &'a TenantId,
    pub to: &'a TenantId,
}

#[derive(Default)]
struct Group {
    lines: Vec<Line>,
    total: usize,
}

impl Group {
    fn push(&mut self, line: &Line) {
        self.total += 1;
        if self.lines.len() < MAX_LINES {
            self.lines.push(line.clone());
        }
    }
}

/// Tells of moved contacts: the reseller that became the contact, the one
/// that stopped being it, and the customer; one notice each per change,
/// naming the subscriptions. A provider taking its own subscriptions back
/// is told nothing (it made or caused the change).
pub fn contacts_moved(
    conn: &mut DbConn,
    moved: &[Moved<'_>],
    reverted: bool,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    if moved.is_empty() {
        return Ok(());
    }
    let mut partner_ids: Vec<&str> = moved
        .iter()
        .flat_map(|m| [m.from.as_str(), m.to.as_str()])
        .collect();
    partner_ids.sort_unstable();
    partner_ids.dedup();
    let partners: HashMap<String, String> = store::partners::get_many(conn, &partner_ids)?
        .into_iter()
        .map(|p| (p.tenant_id.to_string(), p.name))
        .collect();
    let mut customer_ids: Vec<&str> = moved
        .iter()
        .map(|m| m.subscription.customer.as_str())
        .collect();
    customer_ids.sort_unstable();
    customer_ids.dedup();
    let customers = store::customers::names(conn, &customer_ids)?;
    let name = |names: &HashMap<String, String>, id: &str| {
        names.get(id).cloned().unwrap_or_else(|| id.to_owned())
    };
    let (mut gained, mut lost, mut by_customer) = (
        BTreeMap::<&str, Group>::new(),
        BTreeMap::<&str, Group>::new(),
        BTreeMap::<&str, Group>::new(),
    );
    for m in moved {
        let s = m.subscription;
        let line = Line {
            subscription: s.friendly_name.clone(),
            subscription_id: s.id.to_string(),
            customer: name(&customers, s.customer.as_str()),
            customer_id: s.customer.to_string(),
            from: name(&partners, m.from.as_str()),
            to: name(&partners, m.to.as_str()),
        };
        let provider = &s.parties.provider;
        if m.to != provider {
            gained.entry(m.to.as_str()).or_default().push(&line);
        }
        if m.from != provider {
            lost.entry(m.from.as_str()).or_default().push(&line);
        }
        by_customer
            .entry(s.customer.as_str())
            .or_default()
            .push(&line);
    }
    for (partner, group) in gained {
        let notice = Notice::ContactGained {
            partner: name(&partners, partner),
            lines: group.lines,
            total: group.total,
        };
        tell(
            conn,
            &TenantId::from_trusted(partner.to_owned()),
            &notice,
            now,
        )?;
    }
    for (partner, group) in lost {
        let notice = Notice::ContactLost {
            partner: name(&partners, partner),
            lines: group.lines,
            total: group.total,
            reverted,
        };
        tell(
            conn,
            &TenantId::from_trusted(partner.to_owned()),
            &notice,
            now,
        )?;
    }
    for (customer, group) in by_customer {
        let notice = Notice::CustomerContacts {
            lines: group.lines,
            total: group.total,
        };
        tell(
            conn,
            &TenantId::from_trusted(customer.to_owned()),
            &notice,
            now,
        )?;
    }
    Ok(())
}

/// Tells of a relationship request: the customer, when the product knows
/// it, in its list; the address the partner gave, by e-mail with the link,
/// in the language of that address's account or else `language`.
#[allow(clippy::too_many_arguments)]
pub fn relationship_requested(
    conn: &mut DbConn,
    partner: &str,
    company: &str,
    domain: &str,
    path: &str,
    send_to: Option<&str>,
    language: Lang,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    let notice = Notice::RelationshipRequested {
        partner: partner.to_owned(),
        company: company.to_owned(),
        path: Some(path.to_owned()),
    };
    if let Some(customer) = store::customers::find_by_domain(conn, domain)? {
        store::notifications::insert(
            conn,
            &customer.tenant_id,
            notice.kind(),
            &notice.filed().to_json(),
            now,
        )?;
    }
    if let Some(address) = send_to {
        let language = store::notifications::language_of(conn, address)?
            .unwrap_or_else(|| language.tag().to_owned());
        store::outbox::insert(conn, address, &language, &notice.to_json(), now)?;
    }
    Ok(())
}

/// Tells a partner that its GDAP relationship ends soon.
pub fn gdap_expiring(
    conn: &mut DbConn,
    partner: &TenantId,
    notice: &Notice,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    tell(conn, partner, notice, now)
}

/// One notice as the list shows it.
#[derive(Debug, Clone)]
pub struct Listed {
    pub id: i32,
    pub notice: Notice,
    pub at: NaiveDateTime,
    pub unread: bool,
}

/// The notices of the user's organization, newest first (older than
/// `before` when given), those the user has not seen marked, and whether
/// there are more.
pub fn list(
    conn: &mut DbConn,
    user: i32,
    tenant: &TenantId,
    before: Option<i32>,
) -> Result<(Vec<Listed>, bool)> {
    let seen = store::users::notifications_seen(conn, user)?;
    let mut found = store::notifications::list(conn, tenant, before, PAGE + 1)?;
    let more = found.len() as i64 > PAGE;
    found.truncate(PAGE as usize);
    let listed = found
        .into_iter()
        .map(|s| {
            Ok(Listed {
                id: s.id,
                notice: Notice::from_json(&s.body)?,
                at: s.created_at,
                unread: s.id > seen,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((listed, more))
}

/// The user has read every notice of their organization up to now.
pub fn mark_read(conn: &mut DbConn, user: i32, tenant: &TenantId) -> Result<()> {
    db::write(conn, |conn| {
        if let Some(newest) = store::notifications::newest(conn, tenant)? {
            store::notifications::mark_seen(conn, user, newest)?;
        }
        Ok(())
    })
}

/// What the user has seen, and how many of their organization's notices
/// they have not (up to [`UNREAD_CAP`]).
pub fn unread(conn: &mut DbConn, user: i32, tenant: &TenantId) -> Result<i64> {
    Ok(store::notifications::unread(
        conn, user, tenant, UNREAD_CAP,
    )?)
}

/// The language a user chose, kept for the e-mail they are sent.
pub fn set_language(conn: &mut DbConn, user: i32, language: Lang) -> Result<()> {
    db::write(conn, |conn| {
        store::notifications::set_language(conn, user, language.tag())?;
        Ok(())
    })
}

/// The e-mail a sender takes now: up to `limit` due ones, each claimed for
/// `claim` in its own short transaction (one sender gets each).
pub fn claim_due(
    conn: &mut DbConn,
    claim: &str,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<store::outbox::Mail>> {
    let until = now + Duration::seconds(CLAIM_SECONDS);
    let due = store::outbox::due(conn, now, limit)?;
    let mut claimed = Vec::with_capacity(due.len());
    for id in due {
        let won = db::write(conn, |conn| {
            Ok::<_, Error>(store::outbox::claim(conn, id, claim, now, until)?)
        })?;
        claimed.extend(won);
    }
    Ok(claimed)
}

/// The wait before the next attempt after `attempts` failed ones: one
/// minute, doubling, at most an hour; none once [`MAX_ATTEMPTS`] are spent.
pub fn backoff(attempts: i32) -> Option<Duration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let minutes = 1i64 << (attempts.clamp(1, 7) - 1);
    Some(Duration::minutes(minutes.min(60)))
}

/// The outcome of one attempt to send a claimed e-mail.
pub enum Attempt<'a> {
    Sent,
    /// Refused for now, or the server could not be reached: try again.
    Failed(&'a str),
    /// Refused for good (a permanent SMTP answer): kept, not tried again.
    Refused(&'a str),
}

/// Writes what became of a claimed e-mail. False when the claim no longer
/// held (another sender's by then): nothing written.
pub fn record_attempt(
    conn: &mut DbConn,
    mail: &store::outbox::Mail,
    claim: &str,
    attempt: Attempt<'_>,
    now: NaiveDateTime,
) -> Result<bool> {
    db::write(conn, |conn| {
        Ok(match attempt {
            Attempt::Sent => {
                // What stays once sent keeps no link that works once.
                let kept = Notice::from_json(&mail.body)?.filed().to_json();
                store::outbox::sent(conn, mail.id, claim, &kept, now)?
            }
            Attempt::Failed(error) => {
                let next = backoff(mail.attempts + 1).map(|wait| now + wait);
                store::outbox::not_sent(conn, mail.id, claim, error, next, now)?
            }
            Attempt::Refused(error) => {
                store::outbox::not_sent(conn, mail.id, claim, error, None, now)?
            }
        })
    })
}

/// What operators see of the outbox: e-mail not sent, waiting or given up.
pub fn unsent(conn: &mut DbConn, limit: i64) -> Result<Vec<store::outbox::Mail>> {
    Ok(store::outbox::unsent(conn, limit)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_back_off_from_a_minute_to_an_hour_then_stop() {
        let waits: Vec<Option<i64>> = (1..=MAX_ATTEMPTS)
            .map(|n| backoff(n).map(|d| d.num_minutes()))
            .collect();
        assert_eq!(
            waits,
            [
                Some(1),
                Some(2),
                Some(4),
                Some(8),
                Some(16),
                Some(32),
                Some(60),
                None
            ]
        );
    }

    #[test]
    fn a_notice_keeps_its_words_through_json_and_the_filed_one_drops_the_link() {
        let notice = Notice::RelationshipRequested {
            partner: "Trey Research".into(),
            company: "Wide World Importers".into(),
            path: Some("/relationships/abc".into()),
        };
        assert_eq!(Notice::from_json(&notice.to_json()).unwrap(), notice);
        assert!(!notice.filed().to_json().contains("abc"));
        let t = Tr::new(Lang::En);
        assert_eq!(
            notice.title(&t),
            "Trey Research asks Wide World Importers for a relationship"
        );
    }
}
