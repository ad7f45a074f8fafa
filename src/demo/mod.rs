//! The demo organizations, users and subscriptions, so that a newcomer sees
//! the feature at once. Ids are fixed so that links into the demo keep working.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{self, DbConn};
use crate::domain::gdap;
use crate::domain::{
    Customer, Organization, Partner, PartnerKind, Role, SubscriptionId, SupportProfile, TenantId,
};
use crate::store::audit::Actor;
use crate::store::subscriptions::NewSubscription;
use crate::store::users::NewUser;
use crate::store::{customers, partners, relationships, subscriptions, users};

pub const DEMO_PASSWORD: &str = "demo-password-2026";

pub const CONTOSO: &str = "6b1f3a52-8c7e-4d21-9f0a-3c5e7d9b1a01";
pub const ADATUM: &str = "2d8e4f61-7a3b-4c95-8e12-5f6a7b8c9d02";
pub const TREY_RESEARCH: &str = "9a4c6e83-1b2d-4f57-a869-0b1c2d3e4f03";
pub const FABRIKAM: &str = "4e7a9c15-3d6f-4b28-9c41-6d7e8f9a0b04";
pub const NORTHWIND: &str = "7c2e5a96-4f8b-4d13-b572-8e9f0a1b2c05";
pub const PROSEWARE: &str = "3b9d1f27-6e4a-4c80-8d35-9f0a1b2c3d06";
pub const WIDE_WORLD_IMPORTERS: &str = "e8a1c4f7-2b5d-4e86-9a3c-1d2e3f4a5b10";
pub const ALPINE_SKI_HOUSE: &str = "5c0ffee0-0000-4000-8000-000000000000";

pub const WWI_OFFICE_365: &str = "a1b2c3d4-0001-4000-8000-0000000000a1";
pub const WWI_M365_E3: &str = "a1b2c3d4-0002-4000-8000-0000000000a2";
pub const WWI_EXCHANGE: &str = "a1b2c3d4-0003-4000-8000-0000000000a3";
/// A customer of Adatum only: Contoso never sees it.
pub const COHO_VINEYARD: &str = "c0c0c0c0-7e1a-4b2d-9c3e-4f5a6b7c8d11";
pub const COHO_BUSINESS_BASIC: &str = "a1b2c3d4-0004-4000-8000-0000000000a4";

/// The sign-ins the README lists: (email, what it shows).
pub const DEMO_USERS: &[(&str, &str)] = &[
    (
        "admin@contoso-distribution.example",
        "Contoso Distribution, indirect provider (admin agent)",
    ),
    (
        "helpdesk@contoso-distribution.example",
        "Contoso Distribution, helpdesk agent (sees the same pages, changes nothing)",
    ),
    (
        "admin@adatum-cloud.example",
        "Adatum Cloud, indirect provider (admin agent)",
    ),
    (
        "admin@treyresearch.example",
        "Trey Research, indirect reseller (admin agent)",
    ),
    (
        "admin@wideworldimporters.example",
        "Wide World Importers, customer admin",
    ),
    (
        "admin@alpineskihouse.example",
        "Alpine Ski House, customer admin",
    ),
];

fn id(raw: &str) -> TenantId {
    TenantId::from_trusted(raw.to_owned())
}

fn partner(
    tenant: &str,
    mpn: &str,
    name: &str,
    kind: PartnerKind,
    host: &str,
    phone: &str,
) -> Partner {
    Partner {
        tenant_id: id(tenant),
        mpn_id: mpn.to_owned(),
        name: name.to_owned(),
        kind,
        support: SupportProfile {
            email: format!("support@{host}"),
            telephone: phone.to_owned(),
            website: format!("https://support.{host}"),
        },
    }
}

mod crowd;
use crowd::other_customer_id;

/// Whether the database holds any organization yet.
/// A GDAP relationship with the roles a support contact needs, for two
/// years from `activated` (approved then).
pub(super) fn approved_gdap(
    conn: &mut DbConn,
    partner: &TenantId,
    customer: &TenantId,
    name: &str,
    activated: NaiveDateTime,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    let roles = [
        gdap::Role::HelpdeskAdministrator,
        gdap::Role::ServiceSupportAdministrator,
    ]
    .into_iter()
    .collect();
    let new = gdap::NewRelationship::check(name, roles, Ok(gdap::MAX_DAYS), false)
        .map_err(|p| anyhow::anyhow!("demo GDAP relationship: {p:?}"))?;
    let id = crate::domain::GdapId::new_random();
    crate::store::gdap::insert(conn, &id, partner, customer, &new, activated)?;
    let made = crate::store::gdap::get_for_partner(conn, partner, &id)?
        .ok_or_else(|| anyhow::anyhow!("demo GDAP relationship missing"))?;
    crate::store::gdap::approve(conn, &made, activated)?;
    // Ended already: written so, as the job would have.
    if activated + chrono::Duration::days(gdap::MAX_DAYS) <= now {
        crate::store::gdap::end(
            conn,
            &id,
            gdap::Stored::Active,
            gdap::Stored::Expired,
            "expired",
            activated + chrono::Duration::days(gdap::MAX_DAYS),
        )?;
    }
    Ok(())
}

pub fn is_empty(conn: &mut DbConn) -> QueryResult<bool> {
    use crate::db::schema::{customers, partners};
    let p: i64 = partners::table.count().get_result(conn)?;
    let c: i64 = customers::table.count().get_result(conn)?;
    Ok(p == 0 && c == 0)
}

/// Loads the demo into an empty database, in one transaction.
pub fn seed(conn: &mut DbConn, now: NaiveDateTime) -> anyhow::Result<()> {
    // One hash for every demo user: hashing is deliberately slow.
    let hash = crate::passwords::hash(DEMO_PASSWORD)?;
    db::write(conn, |conn| {
        if !is_empty(conn)? {
            anyhow::bail!(
                "the database already holds data; the demo goes only into an empty database"
            );
        }
        load(conn, &hash, now)?;
        Ok(())
    })
}

fn load(conn: &mut DbConn, hash: &str, now: NaiveDateTime) -> anyhow::Result<()> {
    use PartnerKind::{IndirectProvider, IndirectReseller};
    let system = Actor::system();
    let all_partners = [
        partner(
            CONTOSO,
            "5120481",
            "Contoso Distribution",
            IndirectProvider,
            "contoso-distribution.example",
            "+1 425 555 0100",
        ),
        partner(
            ADATUM,
            "5239874",
            "Adatum Cloud",
            IndirectProvider,
            "adatum-cloud.example",
            "+44 20 7946 0321",
        ),
        partner(
            TREY_RESEARCH,
            "4391507",
            "Trey Research",
            IndirectReseller,
            "treyresearch.example",
            "+1 206 555 0142",
        ),
        partner(
            FABRIKAM,
            "5102934",
            "Fabrikam Solutions",
            IndirectReseller,
            "fabrikam-solutions.example",
            "+1 312 555 0187",
        ),
        partner(
            NORTHWIND,
            "6283015",
            "Northwind Traders",
            IndirectReseller,
            "northwindtraders.example",
            "+1 503 555 0164",
        ),
        partner(
            PROSEWARE,
            "6730218",
            "Proseware Partners",
            IndirectReseller,
            "proseware-partners.example",
            "+61 2 5550 1934",
        ),
    ];
    for p in &all_partners {
        partners::insert(conn, p, now)?;
    }
    let (contoso, adatum) = (id(CONTOSO), id(ADATUM));
    for reseller in [TREY_RESEARCH, FABRIKAM, NORTHWIND, PROSEWARE] {
        partners::authorize_reseller(conn, &contoso, &id(reseller), now)?;
    }
    // Proseware's authorization of Contoso has ended: it shows why it is not eligible.
    {
        use crate::db::schema::reseller_authorizations as ra;
        diesel::update(ra::table.filter(ra::reseller_tenant_id.eq(PROSEWARE)))
            .set((ra::state.eq("ended"), ra::ended_at.eq(Some(now))))
            .execute(conn)?;
    }

    let wwi = Customer {
        tenant_id: id(WIDE_WORLD_IMPORTERS),
        company_name: "Wide World Importers".into(),
        domain: "wideworldimporters.onmicrosoft.com".into(),
        country: "US".into(),
    };
    customers::insert(conn, &wwi, now)?;
    relationships::insert_active(conn, &wwi.tenant_id, &contoso, true, now)?;
    relationships::insert_active(conn, &wwi.tenant_id, &adatum, true, now)?;
    // Trey Research's delegated access is granular: a GDAP relationship
    // that ends in 20 days (so the warnings show), no legacy DAP.
    relationships::insert_active(conn, &wwi.tenant_id, &id(TREY_RESEARCH), false, now)?;
    approved_gdap(
        conn,
        &id(TREY_RESEARCH),
        &wwi.tenant_id,
        "Trey Research support for Wide World Importers",
        now - chrono::Duration::days(gdap::MAX_DAYS - 20),
        now,
    )?;
    relationships::insert_active(conn, &wwi.tenant_id, &id(FABRIKAM), false, now)?;
    relationships::insert_active(conn, &wwi.tenant_id, &id(PROSEWARE), true, now)?;
    for (sub, provider, offer, quantity) in [
        (WWI_OFFICE_365, &contoso, "Office 365 Business Premium", 25),
        (WWI_M365_E3, &contoso, "Microsoft 365 E3", 40),
        (WWI_EXCHANGE, &adatum, "Exchange Online (Plan 1)", 15),
    ] {
        let new = NewSubscription {
            id: SubscriptionId::from_trusted(sub.to_owned()),
            customer: wwi.tenant_id.clone(),
            provider: provider.clone(),
            reseller_of_record: None,
            offer_name: offer.into(),
            friendly_name: offer.into(),
            quantity,
        };
        subscriptions::insert(
            conn,
            &Actor {
                partner: Some(provider.clone()),
                ..system.clone()
            },
            &new,
            now,
        )?;
    }

    // Multi-channel: bought directly from the vendor, supported by it.
    crate::store::vendor::insert(conn, &wwi.tenant_id, "Power BI Pro", 10, now)?;
    // Northwind Traders asked Wide World Importers for a relationship with
    // DAP; the request waits for a customer admin.
    crate::store::requests::insert(
        conn,
        &crate::store::requests::NewRequest {
            partner: &id(NORTHWIND),
            via_provider: Some(&contoso),
            company: &wwi.company_name,
            domain: &wwi.domain,
            delegated_admin: true,
            expires_at: now + crate::domain::request::default_lifetime(),
        },
        now,
    )?;

    let coho = Customer {
        tenant_id: id(COHO_VINEYARD),
        company_name: "Coho Vineyard".into(),
        domain: "cohovineyard.onmicrosoft.com".into(),
        country: "US".into(),
    };
    customers::insert(conn, &coho, now)?;
    relationships::insert_active(conn, &coho.tenant_id, &adatum, true, now)?;
    subscriptions::insert(
        conn,
        &Actor {
            partner: Some(adatum.clone()),
            ..system.clone()
        },
        &NewSubscription {
            id: SubscriptionId::from_trusted(COHO_BUSINESS_BASIC.to_owned()),
            customer: coho.tenant_id.clone(),
            provider: adatum.clone(),
            reseller_of_record: None,
            offer_name: "Microsoft 365 Business Basic".into(),
            friendly_name: "Microsoft 365 Business Basic".into(),
            quantity: 12,
        },
        now,
    )?;

    crowd::load(conn, &contoso, &adatum, &system, now)?;

    let people: [(&str, &str, Organization, Role); 6] = [
        (
            "admin@contoso-distribution.example",
            "Contoso Admin",
            Organization::Partner(contoso.clone()),
            Role::AdminAgent,
        ),
        (
            "helpdesk@contoso-distribution.example",
            "Contoso Helpdesk",
            Organization::Partner(contoso.clone()),
            Role::HelpdeskAgent,
        ),
        (
            "admin@adatum-cloud.example",
            "Adatum Admin",
            Organization::Partner(adatum.clone()),
            Role::AdminAgent,
        ),
        (
            "admin@treyresearch.example",
            "Trey Research Admin",
            Organization::Partner(id(TREY_RESEARCH)),
            Role::AdminAgent,
        ),
        (
            "admin@wideworldimporters.example",
            "Wide World Importers Admin",
            Organization::Customer(wwi.tenant_id.clone()),
            Role::CustomerAdmin,
        ),
        (
            "admin@alpineskihouse.example",
            "Alpine Ski House Admin",
            Organization::Customer(other_customer_id(0)),
            Role::CustomerAdmin,
        ),
    ];
    for (email, name, organization, role) in &people {
        users::insert(
            conn,
            &NewUser {
                email,
                display_name: name,
                password_hash: hash,
                organization,
                role: *role,
            },
            now,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::crowd::{OTHER_CUSTOMERS, domain_of, other_subscription_id};
    use super::*;

    #[test]
    fn fixed_ids_are_canonical_guids() {
        for raw in [
            CONTOSO,
            ADATUM,
            TREY_RESEARCH,
            FABRIKAM,
            NORTHWIND,
            PROSEWARE,
            WIDE_WORLD_IMPORTERS,
            WWI_OFFICE_365,
            WWI_M365_E3,
            WWI_EXCHANGE,
            ALPINE_SKI_HOUSE,
            COHO_VINEYARD,
            COHO_BUSINESS_BASIC,
        ] {
            assert_eq!(TenantId::parse(raw).unwrap().as_str(), raw);
        }
        for i in 0..OTHER_CUSTOMERS.len() {
            let c = other_customer_id(i);
            assert_eq!(TenantId::parse(c.as_str()).unwrap(), c);
            for n in 0..3 {
                let s = other_subscription_id(i, n);
                assert_eq!(SubscriptionId::parse(s.as_str()).unwrap(), s);
            }
        }
        assert_eq!(other_customer_id(0).as_str(), ALPINE_SKI_HOUSE);
    }

    #[test]
    fn demo_domains_are_unique() {
        let mut domains: Vec<String> = OTHER_CUSTOMERS.iter().map(|(c, _)| domain_of(c)).collect();
        domains.sort();
        domains.dedup();
        assert_eq!(domains.len(), OTHER_CUSTOMERS.len());
    }
}
