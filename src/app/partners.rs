//! Partner organizations, created by an operator.

use crate::domain::audit::Action;
use chrono::NaiveDateTime;

use super::users::entry;
use crate::db::{self, DbConn};
use crate::domain::text;
use crate::store::audit::{self, Actor};
use crate::store::partners;

/// A new partner organization, from the command line.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    partner: &crate::domain::Partner,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    let p = partner;
    anyhow::ensure!(
        text::name(&p.name).is_ok(),
        "--name must be 1 to 200 characters"
    );
    anyhow::ensure!(
        (6..=10).contains(&p.mpn_id.len()) && p.mpn_id.chars().all(|c| c.is_ascii_digit()),
        "--mpn-id must be 6 to 10 digits"
    );
    anyhow::ensure!(
        text::is_email_address(&p.support.email),
        "--support-email must be an email address"
    );
    anyhow::ensure!(
        !p.support.telephone.trim().is_empty() && p.support.telephone.chars().count() <= 50,
        "--support-telephone must be 1 to 50 characters"
    );
    anyhow::ensure!(
        p.support.website_href().is_some(),
        "--support-website must start with https:// or http://"
    );
    db::write(conn, |conn| {
        if partners::get(conn, &p.tenant_id)?.is_some() {
            anyhow::bail!(
                "a partner with the tenant id {} exists already",
                p.tenant_id
            );
        }
        partners::insert(conn, p, now).map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => {
                anyhow::anyhow!("a partner with the MPN id {} exists already", p.mpn_id)
            }
            other => other.into(),
        })?;
        let detail = format!("{} ({}, MPN {})", p.name, p.kind.as_str(), p.mpn_id);
        audit::insert(conn, actor, entry(Action::PartnerCreated, &detail), now)?;
        Ok(())
    })
}

/// A partner's admin sets the support email, telephone and website its
/// customers see (`SupportProfile::parse` says what each must be). Audited
/// with what it was and what it became; setting the same again changes
/// nothing and writes nothing. Gives the profile as stored.
pub fn set_support_profile(
    conn: &mut DbConn,
    caller: crate::app::PartnerCaller<'_>,
    email: &str,
    telephone: &str,
    website: &str,
    now: NaiveDateTime,
) -> crate::app::Result<crate::domain::SupportProfile> {
    use crate::app::Error;
    caller.must_be_admin()?;
    let wanted = crate::domain::SupportProfile::parse(email, telephone, website)
        .map_err(|(field, problem)| Error::invalid(field, problem))?;
    let partner = &caller.partner.tenant_id;
    db::write(conn, |conn| {
        let before = partners::get(conn, partner)?
            .ok_or(Error::NotFound)?
            .support;
        if before == wanted {
            return Ok(before);
        }
        partners::set_support(conn, partner, &wanted)?;
        let detail = serde_json::json!({
            "before": {"email": before.email, "telephone": before.telephone, "website": before.website},
            "after": {"email": wanted.email, "telephone": wanted.telephone, "website": wanted.website},
        })
        .to_string();
        audit::insert(
            conn,
            &caller.actor(),
            audit::NewEntry {
                action: Action::SupportProfileChanged,
                customer: None,
                subscription: None,
                from_partner: None,
                to_partner: Some(partner),
                detail: &detail,
            },
            now,
        )?;
        Ok(wanted.clone())
    })
}
