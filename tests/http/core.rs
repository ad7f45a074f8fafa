//! The core's use-cases called directly, without HTTP, on a database of the
//! suite's backend (SQLite, or PostgreSQL with
//! `SUPPORT_CONTACTS_TEST_DATABASE=postgres`): each one's main rule, and
//! each of its refusals.

use diesel::prelude::*;
use support_contacts::app::authorizations::{self, AuthorizationError};
use support_contacts::app::contacts::{
    self, AssignContact, AssignMany, AssignMatching, Assigned, Direction,
};
use support_contacts::app::relationships::{self, Ended, Plan};
use support_contacts::app::requests::{self, AnswerError, Changed};
use support_contacts::app::subscriptions::{self, AddSubscription, ResellerRef, StatusSet};
use support_contacts::app::users::{self, AccountError, NewAccount};
use support_contacts::app::{self, CustomerCaller, Error, PartnerCaller};
use support_contacts::db::DbConn;
use support_contacts::db::schema::{audit_log, relationships as relationship_rows};
use support_contacts::domain::relationship::RemovalRefused;
use support_contacts::domain::request::{RequestProblem, RequestState};
use support_contacts::domain::{
    Customer, Organization, Partner, PartnerKind, Role, SubscriptionId, SubscriptionStatus,
    SupportProfile, TenantId, User,
};
use support_contacts::store::audit::Actor;

use crate::fixtures::*;
use crate::helpers::*;

const TREY: &str = "Trey Research";
const FABRIKAM_NAME: &str = "Fabrikam Solutions";
const NORTHWIND_NAME: &str = "Northwind Traders";
const PROSEWARE_NAME: &str = "Proseware Partners";

/// Contoso (with a helpdesk agent) and its resellers, each tied to Wide
/// World Importers differently, which holds two Contoso subscriptions.
fn contoso(db: &TestDb) -> World {
    Fixture::new(db)
        .provider("Contoso Distribution")
        .helpdesk()
        .reseller(TREY, Tie::Dap)
        .reseller(FABRIKAM_NAME, Tie::NoDap)
        .reseller(NORTHWIND_NAME, Tie::Unrelated)
        .former_reseller(PROSEWARE_NAME, Tie::Dap)
        .customer("Wide World Importers")
        .subscriptions(&["Office 365 Business Premium", "Microsoft 365 E3"])
        .build()
}

/// Another provider with a subscription of the same customer (rule 7).
fn adatum_at(db: &TestDb, world: &World) -> World {
    Fixture::new(db)
        .provider("Adatum Cloud")
        .existing_customer(world.customer())
        .subscriptions(&["Exchange Online (Plan 1)"])
        .build()
}

/// Someone signed in: a user and their organization, as a caller borrows them.
struct Signed<O> {
    user: User,
    org: O,
}

impl Signed<Partner> {
    fn caller(&self) -> PartnerCaller<'_> {
        PartnerCaller {
            user: &self.user,
            partner: &self.org,
        }
    }
}

impl Signed<Customer> {
    fn caller(&self) -> CustomerCaller<'_> {
        CustomerCaller {
            user: &self.user,
            customer: &self.org,
        }
    }
}

fn admin(db: &TestDb, org: &Org) -> Signed<Partner> {
    let (user, org) = partner_user(&mut db.conn(), org, &org.admin);
    Signed { user, org }
}

fn helpdesk(db: &TestDb, org: &Org) -> Signed<Partner> {
    let login = org.helpdesk.as_ref().expect("a helpdesk agent");
    let (user, org) = partner_user(&mut db.conn(), org, login);
    Signed { user, org }
}

fn customer_admin(db: &TestDb, customer: &CustomerOrg) -> Signed<Customer> {
    let (user, org) = customer_user(&mut db.conn(), customer);
    Signed { user, org }
}

fn tenant(id: &str) -> TenantId {
    TenantId::parse(id).unwrap()
}

fn sub(id: &str) -> SubscriptionId {
    SubscriptionId::parse(id).unwrap()
}

/// The last audit row's id: what a test reads the rows after.
fn last_audit(db: &TestDb) -> i32 {
    audit_log::table
        .select(diesel::dsl::max(audit_log::id))
        .first::<Option<i32>>(&mut db.conn())
        .unwrap()
        .unwrap_or(0)
}

/// (action, subscription, from, to, detail) of each audit row after `after`.
type Row = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

fn audit_after(db: &TestDb, after: i32) -> Vec<Row> {
    audit_log::table
        .filter(audit_log::id.gt(after))
        .order(audit_log::id)
        .select((
            audit_log::action,
            audit_log::subscription_id,
            audit_log::from_partner_tenant_id,
            audit_log::to_partner_tenant_id,
            audit_log::detail,
        ))
        .load(&mut db.conn())
        .unwrap()
}

fn actions_after(db: &TestDb, after: i32) -> Vec<String> {
    audit_after(db, after).into_iter().map(|r| r.0).collect()
}

fn assign_input(world: &World, index: usize, version: i32, contact: &str) -> AssignContact {
    AssignContact {
        customer: tenant(&world.customer().id),
        subscription: sub(world.subscription(index)),
        version,
        contact: tenant(contact),
    }
}

fn assign(db: &TestDb, who: &Signed<Partner>, input: &AssignContact) -> app::Result<Assigned> {
    contacts::assign(&mut db.conn(), who.caller(), input, db.now())
}

/// The contact of both subscriptions becomes Trey Research.
fn give_both_to_trey(db: &TestDb, world: &World) {
    let contoso = admin(db, &world.provider);
    let trey = &world.reseller(TREY).id;
    for index in 0..2 {
        assign(db, &contoso, &assign_input(world, index, 1, trey)).unwrap();
    }
}

fn reverted(world: &World, index: usize, from: &str, reason: &str) -> Row {
    (
        "support_contact.reverted".to_owned(),
        Some(world.subscription(index).to_owned()),
        Some(from.to_owned()),
        Some(world.provider.id.clone()),
        reason.to_owned(),
    )
}

fn ids(subscriptions: &[support_contacts::domain::Subscription]) -> Vec<String> {
    let mut ids: Vec<String> = subscriptions
        .iter()
        .map(|s| s.id.as_str().to_owned())
        .collect();
    ids.sort();
    ids
}

fn both(world: &World) -> Vec<String> {
    let mut ids = world.customer().subscriptions.clone();
    ids.sort();
    ids
}

// ---- app::contacts::assign (rule 2) -----------------------------------------

#[test]
fn rule_2_an_eligible_reseller_becomes_the_contact_with_one_audit_row() {
    let db = test_database();
    let world = contoso(&db);
    let trey = &world.reseller(TREY).id;
    let before = last_audit(&db);
    let done = assign(
        &db,
        &admin(&db, &world.provider),
        &assign_input(&world, 0, 1, trey),
    )
    .unwrap();
    let Assigned::Changed { change_id } = done else {
        panic!("changed: {done:?}");
    };
    assert_eq!(change_id, before + 1, "the review page shows this row");
    assert_eq!(db.stored_contact(world.subscription(0)), (trey.clone(), 2));
    assert_eq!(
        audit_after(&db, before),
        [(
            "support_contact.changed".to_owned(),
            Some(world.subscription(0).to_owned()),
            Some(world.provider.id.clone()),
            Some(trey.clone()),
            String::new()
        )]
    );
}

#[test]
fn rule_2_a_reseller_without_dap_is_refused() {
    let db = test_database();
    let world = contoso(&db);
    let before = last_audit(&db);
    let refused = assign(
        &db,
        &admin(&db, &world.provider),
        &assign_input(&world, 0, 1, &world.reseller(FABRIKAM_NAME).id),
    );
    assert!(
        matches!(
            refused,
            Err(Error::Invalid {
                field: "support_contact",
                problem: "not_eligible"
            })
        ),
        "{refused:?}"
    );
    assert_eq!(
        db.stored_contact(world.subscription(0)),
        (world.provider.id.clone(), 1)
    );
    assert_eq!(last_audit(&db), before);
}

#[test]
fn rule_2_no_relationship_an_ended_authorization_another_provider_or_nobody_is_refused() {
    let db = test_database();
    let world = contoso(&db);
    let adatum = adatum_at(&db, &world);
    let contoso = admin(&db, &world.provider);
    let before = last_audit(&db);
    let unknown = TenantId::new_random().into_string();
    for (choice, why) in [
        (&world.reseller(NORTHWIND_NAME).id, "no relationship"),
        (&world.reseller(PROSEWARE_NAME).id, "authorization ended"),
        (&adatum.provider.id, "another provider"),
        (&unknown, "unknown partner"),
    ] {
        let refused = assign(&db, &contoso, &assign_input(&world, 0, 1, choice));
        assert!(
            matches!(
                refused,
                Err(Error::Invalid {
                    problem: "not_eligible",
                    ..
                })
            ),
            "{why}: {refused:?}"
        );
    }
    assert_eq!(
        db.stored_contact(world.subscription(0)),
        (world.provider.id.clone(), 1)
    );
    assert_eq!(last_audit(&db), before);
}

#[test]
fn rule_7_another_partners_subscription_is_not_found_even_to_its_helpdesk() {
    let db = test_database();
    let world = contoso(&db);
    let adatum = adatum_at(&db, &world);
    let theirs = AssignContact {
        subscription: sub(adatum.subscription(0)),
        ..assign_input(&world, 0, 1, &world.provider.id)
    };
    for who in [admin(&db, &world.provider), helpdesk(&db, &world.provider)] {
        let refused = assign(&db, &who, &theirs);
        assert!(matches!(refused, Err(Error::NotFound)), "{refused:?}");
    }
    // Its own subscription, named under another customer: not found either.
    let elsewhere = Fixture::new(&db)
        .provider("Lucerne Publishing")
        .customer("Coho Vineyard")
        .build();
    let misplaced = AssignContact {
        customer: tenant(&elsewhere.customer().id),
        ..assign_input(&world, 0, 1, &world.provider.id)
    };
    let refused = assign(&db, &admin(&db, &world.provider), &misplaced);
    assert!(matches!(refused, Err(Error::NotFound)), "{refused:?}");
    assert_eq!(
        db.stored_contact(adatum.subscription(0)),
        (adatum.provider.id.clone(), 1)
    );
}

#[test]
fn a_helpdesk_agent_may_not_assign() {
    let db = test_database();
    let world = contoso(&db);
    let before = last_audit(&db);
    let refused = assign(
        &db,
        &helpdesk(&db, &world.provider),
        &assign_input(&world, 0, 1, &world.reseller(TREY).id),
    );
    assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    assert_eq!(last_audit(&db), before);
}

#[test]
fn a_stale_version_is_a_conflict_naming_who_changed_it_and_when() {
    let db = test_database();
    let world = contoso(&db);
    let contoso = admin(&db, &world.provider);
    let first_at = db.now();
    assign(
        &db,
        &contoso,
        &assign_input(&world, 0, 1, &world.reseller(TREY).id),
    )
    .unwrap();
    db.clock.advance(chrono::Duration::hours(1));
    let stale = assign(
        &db,
        &contoso,
        &assign_input(&world, 0, 1, &world.provider.id),
    );
    match stale {
        Err(Error::Conflict { by, at }) => {
            assert_eq!(by.as_deref(), Some(world.provider.admin.email.as_str()));
            assert_eq!(at, Some(first_at));
        }
        other => panic!("a conflict: {other:?}"),
    }
    assert_eq!(
        db.stored_contact(world.subscription(0)),
        (world.reseller(TREY).id.clone(), 2)
    );
}

#[test]
fn choosing_the_current_contact_changes_nothing() {
    let db = test_database();
    let world = contoso(&db);
    let before = last_audit(&db);
    let same = assign(
        &db,
        &admin(&db, &world.provider),
        &assign_input(&world, 0, 1, &world.provider.id),
    )
    .unwrap();
    assert!(
        matches!(&same, Assigned::Unchanged { contact } if contact.name == "Contoso Distribution"),
        "{same:?}"
    );
    assert_eq!(
        db.stored_contact(world.subscription(0)),
        (world.provider.id.clone(), 1)
    );
    assert_eq!(last_audit(&db), before);
}

// ---- app::contacts::assign_many -------------------------------------------------

fn many(world: &World, reseller: &str, direction: Direction, versions: [i32; 2]) -> AssignMany {
    AssignMany {
        reseller: tenant(&world.reseller(reseller).id),
        direction,
        items: (0..2)
            .map(|i| (sub(world.subscription(i)), versions[i]))
            .collect(),
    }
}

#[test]
fn assign_many_changes_every_subscription_each_audited_or_none_at_all() {
    let db = test_database();
    let world = contoso(&db);
    let contoso = admin(&db, &world.provider);
    let trey = world.reseller(TREY).id.clone();
    let before = last_audit(&db);
    let done = contacts::assign_many(
        &mut db.conn(),
        contoso.caller(),
        &many(&world, TREY, Direction::ToReseller, [1, 1]),
        db.now(),
    )
    .unwrap();
    assert_eq!((done.changed, done.unchanged), (2, 0));
    assert_eq!(
        actions_after(&db, before),
        ["support_contact.changed", "support_contact.changed"]
    );

    // Back to the provider, the second one stale: the first stays too.
    let before = last_audit(&db);
    let refused = contacts::assign_many(
        &mut db.conn(),
        contoso.caller(),
        &many(&world, TREY, Direction::ToProvider, [2, 1]),
        db.now(),
    )
    .unwrap_err();
    assert_eq!(
        refused.subscription.as_ref().map(SubscriptionId::as_str),
        Some(world.subscription(1))
    );
    assert!(
        matches!(refused.error, Error::Conflict { .. }),
        "{refused:?}"
    );
    for index in 0..2 {
        assert_eq!(
            db.stored_contact(world.subscription(index)),
            (trey.clone(), 2)
        );
    }
    assert_eq!(last_audit(&db), before);

    // Both current: both go back.
    let done = contacts::assign_many(
        &mut db.conn(),
        contoso.caller(),
        &many(&world, TREY, Direction::ToProvider, [2, 2]),
        db.now(),
    )
    .unwrap();
    assert_eq!((done.changed, done.unchanged), (2, 0));
}

#[test]
fn assign_many_refuses_an_ineligible_reseller_a_foreign_subscription_and_a_stranger() {
    let db = test_database();
    let world = contoso(&db);
    let adatum = adatum_at(&db, &world);
    let contoso = admin(&db, &world.provider);
    let before = last_audit(&db);

    let refused = contacts::assign_many(
        &mut db.conn(),
        contoso.caller(),
        &many(&world, FABRIKAM_NAME, Direction::ToReseller, [1, 1]),
        db.now(),
    )
    .unwrap_err();
    assert_eq!(
        refused.subscription.as_ref().map(SubscriptionId::as_str),
        Some(world.subscription(0))
    );
    assert!(
        matches!(refused.error, Error::Invalid { .. }),
        "{refused:?}"
    );

    let mut with_theirs = many(&world, TREY, Direction::ToReseller, [1, 1]);
    with_theirs.items.push((sub(adatum.subscription(0)), 1));
    let refused = contacts::assign_many(&mut db.conn(), contoso.caller(), &with_theirs, db.now())
        .unwrap_err();
    assert_eq!(
        refused.subscription.as_ref().map(SubscriptionId::as_str),
        Some(adatum.subscription(0))
    );
    assert!(matches!(refused.error, Error::NotFound), "{refused:?}");

    let stranger = AssignMany {
        reseller: tenant(&adatum.provider.id),
        ..many(&world, TREY, Direction::ToReseller, [1, 1])
    };
    let refused =
        contacts::assign_many(&mut db.conn(), contoso.caller(), &stranger, db.now()).unwrap_err();
    assert!(refused.subscription.is_none());
    assert!(matches!(refused.error, Error::NotFound), "{refused:?}");

    let refused = contacts::assign_many(
        &mut db.conn(),
        helpdesk(&db, &world.provider).caller(),
        &many(&world, TREY, Direction::ToReseller, [1, 1]),
        db.now(),
    )
    .unwrap_err();
    assert!(matches!(refused.error, Error::Forbidden), "{refused:?}");

    for index in 0..2 {
        assert_eq!(
            db.stored_contact(world.subscription(index)),
            (world.provider.id.clone(), 1)
        );
    }
    assert_eq!(last_audit(&db), before);
}

// ---- app::contacts::assign_matching ---------------------------------------------

fn matching(world: &World, reseller: &str, direction: Direction, search: &str) -> AssignMatching {
    AssignMatching {
        reseller: tenant(&world.reseller(reseller).id),
        direction,
        search: (!search.is_empty()).then(|| search.to_owned()),
    }
}

#[test]
fn rule_2_assign_matching_changes_every_subscription_of_the_list_each_audited() {
    let db = test_database();
    let world = contoso(&db);
    let adatum = adatum_at(&db, &world);
    let contoso = admin(&db, &world.provider);
    let trey = world.reseller(TREY).id.clone();
    let all = |reseller, direction, search| {
        contacts::assign_matching(
            &mut db.conn(),
            contoso.caller(),
            &matching(&world, reseller, direction, search),
            db.now(),
        )
    };
    let before = last_audit(&db);
    // A customer whose name begins otherwise; a reseller without DAP there.
    let none = all(TREY, Direction::ToReseller, "coho").unwrap();
    assert_eq!((none.changed, none.unchanged), (0, 0));
    let none = all(FABRIKAM_NAME, Direction::ToReseller, "").unwrap();
    assert_eq!((none.changed, none.unchanged), (0, 0));
    assert_eq!(last_audit(&db), before);

    // Trey Research holds DAP at Wide World Importers: both of Contoso's
    // subscriptions there, not Adatum's.
    let done = all(TREY, Direction::ToReseller, "WIDE world").unwrap();
    assert_eq!((done.changed, done.unchanged), (2, 0));
    assert_eq!(
        actions_after(&db, before),
        ["support_contact.changed", "support_contact.changed"]
    );
    for index in 0..2 {
        assert_eq!(
            db.stored_contact(world.subscription(index)),
            (trey.clone(), 2)
        );
    }
    assert_eq!(
        db.stored_contact(adatum.subscription(0)),
        (adatum.provider.id.clone(), 1)
    );
    // Again: nothing left to change.
    let again = all(TREY, Direction::ToReseller, "").unwrap();
    assert_eq!((again.changed, again.unchanged), (0, 0));

    // And both back.
    let back = all(TREY, Direction::ToProvider, "").unwrap();
    assert_eq!((back.changed, back.unchanged), (2, 0));
    for index in 0..2 {
        assert_eq!(
            db.stored_contact(world.subscription(index)),
            (world.provider.id.clone(), 3)
        );
    }
}

#[test]
fn assign_matching_refuses_a_stranger_a_former_reseller_and_a_helpdesk_agent() {
    let db = test_database();
    let world = contoso(&db);
    let adatum = adatum_at(&db, &world);
    let contoso = admin(&db, &world.provider);
    let before = last_audit(&db);
    let stranger = AssignMatching {
        reseller: tenant(&adatum.provider.id),
        ..matching(&world, TREY, Direction::ToReseller, "")
    };
    let former = matching(&world, PROSEWARE_NAME, Direction::ToProvider, "");
    for input in [&stranger, &former] {
        let refused = contacts::assign_matching(&mut db.conn(), contoso.caller(), input, db.now())
            .unwrap_err();
        assert!(matches!(refused.error, Error::NotFound), "{refused:?}");
    }
    let refused = contacts::assign_matching(
        &mut db.conn(),
        helpdesk(&db, &world.provider).caller(),
        &matching(&world, TREY, Direction::ToReseller, ""),
        db.now(),
    )
    .unwrap_err();
    assert!(matches!(refused.error, Error::Forbidden), "{refused:?}");
    // Adatum's admin, for Contoso's reseller: not its reseller.
    let theirs = admin(&db, &adatum.provider);
    let refused = contacts::assign_matching(
        &mut db.conn(),
        theirs.caller(),
        &matching(&world, TREY, Direction::ToReseller, ""),
        db.now(),
    )
    .unwrap_err();
    assert!(matches!(refused.error, Error::NotFound), "{refused:?}");
    for index in 0..2 {
        assert_eq!(
            db.stored_contact(world.subscription(index)),
            (world.provider.id.clone(), 1)
        );
    }
    assert_eq!(last_audit(&db), before);
}

// ---- app::subscriptions ------------------------------------------------------------

fn new_subscription(customer: &str) -> AddSubscription {
    AddSubscription {
        customer: tenant(customer),
        offer_name: "Microsoft Teams Essentials".to_owned(),
        friendly_name: "Teams".to_owned(),
        quantity: 5,
        reseller_of_record: None,
    }
}

#[test]
fn rule_1_a_new_subscription_is_supported_by_its_provider() {
    let db = test_database();
    let world = contoso(&db);
    let before = last_audit(&db);
    let id = subscriptions::add(
        &mut db.conn(),
        admin(&db, &world.provider).caller(),
        AddSubscription {
            reseller_of_record: Some(ResellerRef::TenantId(tenant(&world.reseller(TREY).id))),
            ..new_subscription(&world.customer().id)
        },
        db.now(),
    )
    .unwrap();
    assert_eq!(
        db.stored_contact(id.as_str()),
        (world.provider.id.clone(), 1)
    );
    let rows = audit_after(&db, before);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "subscription.created");
    assert_eq!(rows[0].1.as_deref(), Some(id.as_str()));
}

#[test]
fn only_a_providers_admin_adds_subscriptions_for_its_own_customers() {
    let db = test_database();
    let world = contoso(&db);
    let elsewhere = Fixture::new(&db)
        .provider("Adatum Cloud")
        .customer("Coho Vineyard")
        .build();
    let count = db.subscription_count();
    let add = |who: &Signed<Partner>, input: AddSubscription| {
        subscriptions::add(&mut db.conn(), who.caller(), input, db.now())
    };
    let contoso = admin(&db, &world.provider);
    let wwi = &world.customer().id;
    let cases = [
        (
            add(&contoso, new_subscription(&elsewhere.customer().id)),
            "not its customer",
        ),
        (
            add(&admin(&db, world.reseller(TREY)), new_subscription(wwi)),
            "a reseller does not transact",
        ),
        (
            add(&helpdesk(&db, &world.provider), new_subscription(wwi)),
            "a helpdesk agent",
        ),
        (
            add(
                &contoso,
                AddSubscription {
                    reseller_of_record: Some(ResellerRef::TenantId(tenant(&elsewhere.provider.id))),
                    ..new_subscription(wwi)
                },
            ),
            "not its reseller",
        ),
    ];
    let [not_its_customer, reseller, helpdesk_agent, not_its_reseller] = cases;
    assert!(
        matches!(not_its_customer.0, Err(Error::NotFound)),
        "{:?}",
        not_its_customer
    );
    assert!(
        matches!(reseller.0, Err(Error::Forbidden)),
        "{:?}",
        reseller
    );
    assert!(
        matches!(helpdesk_agent.0, Err(Error::Forbidden)),
        "{:?}",
        helpdesk_agent
    );
    assert!(
        matches!(
            not_its_reseller.0,
            Err(Error::Invalid {
                field: "reseller_of_record",
                problem: "not_your_reseller"
            })
        ),
        "{:?}",
        not_its_reseller
    );
    assert_eq!(db.subscription_count(), count);
}

fn set_status(
    db: &TestDb,
    who: &Signed<Partner>,
    world: &World,
    id: &str,
    status: SubscriptionStatus,
) -> app::Result<StatusSet> {
    subscriptions::set_status(
        &mut db.conn(),
        who.caller(),
        &tenant(&world.customer().id),
        &sub(id),
        status,
        db.now(),
    )
}

#[test]
fn set_status_suspends_and_reactivates_once_each_audited() {
    let db = test_database();
    let world = contoso(&db);
    let contoso = admin(&db, &world.provider);
    let id = world.subscription(0);
    let before = last_audit(&db);
    let suspended = set_status(&db, &contoso, &world, id, SubscriptionStatus::Suspended).unwrap();
    let StatusSet::Changed(s) = suspended else {
        panic!("changed: {suspended:?}");
    };
    assert_eq!((s.status, s.version), (SubscriptionStatus::Suspended, 2));
    assert_eq!(
        set_status(&db, &contoso, &world, id, SubscriptionStatus::Suspended).unwrap(),
        StatusSet::Unchanged
    );
    assert!(matches!(
        set_status(&db, &contoso, &world, id, SubscriptionStatus::Active).unwrap(),
        StatusSet::Changed(_)
    ));
    assert_eq!(
        actions_after(&db, before),
        ["subscription.suspended", "subscription.reactivated"]
    );
}

#[test]
fn set_status_refuses_deleting_the_helpdesk_a_reseller_and_another_provider() {
    let db = test_database();
    let world = contoso(&db);
    give_both_to_trey(&db, &world);
    let adatum = adatum_at(&db, &world);
    let id = world.subscription(0);
    let before = last_audit(&db);
    let contoso = admin(&db, &world.provider);
    let refused = set_status(&db, &contoso, &world, id, SubscriptionStatus::Deleted);
    assert!(
        matches!(
            refused,
            Err(Error::Invalid {
                field: "status",
                problem: "not_allowed"
            })
        ),
        "{refused:?}"
    );
    let refused = set_status(
        &db,
        &helpdesk(&db, &world.provider),
        &world,
        id,
        SubscriptionStatus::Suspended,
    );
    assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    // Trey supports it: it may see it, not suspend it.
    let refused = set_status(
        &db,
        &admin(&db, world.reseller(TREY)),
        &world,
        id,
        SubscriptionStatus::Suspended,
    );
    assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    let refused = set_status(
        &db,
        &admin(&db, &adatum.provider),
        &world,
        id,
        SubscriptionStatus::Suspended,
    );
    assert!(matches!(refused, Err(Error::NotFound)), "{refused:?}");
    assert_eq!(last_audit(&db), before);
}

// ---- app::relationships (rule 6 and the consequence after rule 8) ------------------

#[test]
fn rule_6_removing_dap_reverts_exactly_what_the_plan_listed_one_audit_row_each() {
    let db = test_database();
    let world = contoso(&db);
    give_both_to_trey(&db, &world);
    let wwi = customer_admin(&db, world.customer());
    let trey = tenant(&world.reseller(TREY).id);
    let plan =
        relationships::plan_customer_removal(&mut db.conn(), wwi.caller(), &trey, false).unwrap();
    let Plan::Allowed(listed) = plan else {
        panic!("allowed: {plan:?}");
    };
    assert_eq!(ids(&listed), both(&world));

    let before = last_audit(&db);
    let ended =
        relationships::customer_removes_dap(&mut db.conn(), wwi.caller(), &trey, db.now()).unwrap();
    let Ended::Done(reversions) = ended else {
        panic!("done: {ended:?}");
    };
    let went_back: Vec<_> = reversions.iter().map(|r| r.subscription.clone()).collect();
    assert_eq!(
        ids(&went_back),
        ids(&listed),
        "what the plan listed, exactly"
    );
    let rows = audit_after(&db, before);
    assert_eq!(rows[0].0, "relationship.delegated_admin_removed");
    let mut reverted_rows = rows[1..].to_vec();
    reverted_rows.sort();
    let reason = "relationship.delegated_admin_removed";
    let mut expected = vec![
        reverted(&world, 0, trey.as_str(), reason),
        reverted(&world, 1, trey.as_str(), reason),
    ];
    expected.sort();
    assert_eq!(
        reverted_rows, expected,
        "one row per subscription that went back"
    );
    for index in 0..2 {
        assert_eq!(
            db.stored_contact(world.subscription(index)),
            (world.provider.id.clone(), 3)
        );
    }
    // The relationship stays, without DAP.
    let dap: bool = relationship_rows::table
        .find((world.customer().id.as_str(), trey.as_str()))
        .select(relationship_rows::delegated_admin)
        .first(&mut db.conn())
        .unwrap();
    assert!(!dap);
}

#[test]
fn rule_6_a_provider_with_active_subscriptions_is_removed_only_once_they_are_suspended() {
    let db = test_database();
    let world = contoso(&db);
    let wwi = customer_admin(&db, world.customer());
    let contoso = tenant(&world.provider.id);
    let before = last_audit(&db);
    let refused =
        relationships::customer_removes_partner(&mut db.conn(), wwi.caller(), &contoso, db.now())
            .unwrap();
    match refused {
        Ended::Refused(RemovalRefused::ActiveSubscriptions(active)) => {
            assert_eq!(ids(&active), both(&world))
        }
        other => panic!("refused: {other:?}"),
    }
    assert_eq!(last_audit(&db), before);

    let admin = admin(&db, &world.provider);
    for index in 0..2 {
        set_status(
            &db,
            &admin,
            &world,
            world.subscription(index),
            SubscriptionStatus::Suspended,
        )
        .unwrap();
    }
    let ended =
        relationships::customer_removes_partner(&mut db.conn(), wwi.caller(), &contoso, db.now())
            .unwrap();
    assert_eq!(ended, Ended::Done(Vec::new()));
    // Gone: removing it again finds nothing.
    let again =
        relationships::customer_removes_partner(&mut db.conn(), wwi.caller(), &contoso, db.now());
    assert!(matches!(again, Err(Error::NotFound)), "{again:?}");
}

#[test]
fn rule_6_a_reseller_cannot_end_its_own_relationship_but_its_provider_can() {
    let db = test_database();
    let world = contoso(&db);
    give_both_to_trey(&db, &world);
    let wwi = tenant(&world.customer().id);
    let trey = tenant(&world.reseller(TREY).id);
    let before = last_audit(&db);
    let own = relationships::partner_removes_own(
        &mut db.conn(),
        admin(&db, world.reseller(TREY)).caller(),
        &wwi,
        db.now(),
    )
    .unwrap();
    assert_eq!(
        own,
        Ended::Refused(RemovalRefused::ResellerCannotRemoveItself)
    );
    assert_eq!(last_audit(&db), before);

    let contoso = admin(&db, &world.provider);
    let refused = relationships::provider_removes_reseller(
        &mut db.conn(),
        helpdesk(&db, &world.provider).caller(),
        &wwi,
        &trey,
        db.now(),
    );
    assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    let plan = relationships::plan_reseller_removal(&mut db.conn(), contoso.caller(), &wwi, &trey)
        .unwrap();
    let Plan::Allowed(listed) = plan else {
        panic!("allowed: {plan:?}");
    };
    let ended = relationships::provider_removes_reseller(
        &mut db.conn(),
        contoso.caller(),
        &wwi,
        &trey,
        db.now(),
    )
    .unwrap();
    let Ended::Done(reversions) = ended else {
        panic!("done: {ended:?}");
    };
    let went_back: Vec<_> = reversions.iter().map(|r| r.subscription.clone()).collect();
    assert_eq!(ids(&went_back), ids(&listed));
    assert_eq!(ids(&listed), both(&world));
    let actions = actions_after(&db, before);
    assert_eq!(
        actions,
        [
            "relationship.removed",
            "support_contact.reverted",
            "support_contact.reverted"
        ]
    );
}

#[test]
fn a_removal_the_caller_has_no_part_in_is_not_found() {
    let db = test_database();
    let world = contoso(&db);
    let adatum = adatum_at(&db, &world);
    let wwi = customer_admin(&db, world.customer());
    let northwind = tenant(&world.reseller(NORTHWIND_NAME).id);
    let refused =
        relationships::customer_removes_dap(&mut db.conn(), wwi.caller(), &northwind, db.now());
    assert!(matches!(refused, Err(Error::NotFound)), "{refused:?}");
    let refused = relationships::provider_removes_reseller(
        &mut db.conn(),
        admin(&db, &adatum.provider).caller(),
        &tenant(&world.customer().id),
        &tenant(&world.reseller(TREY).id),
        db.now(),
    );
    assert!(matches!(refused, Err(Error::NotFound)), "{refused:?}");
}

// ---- app::requests (rule 3) ---------------------------------------------------------

fn ask(
    db: &TestDb,
    who: &Signed<Partner>,
    via: Option<&str>,
    domain: &str,
    dap: bool,
) -> Result<(String, String), RequestProblem> {
    requests::create_request(
        &mut db.conn(),
        &Actor::for_user(&who.user),
        &who.org,
        via.map(tenant).as_ref(),
        "Wide World Importers",
        domain,
        dap,
        None,
        db.now(),
    )
    .unwrap()
}

#[test]
fn rule_3_a_reseller_asks_without_legacy_dap_and_becomes_eligible_once_gdap_is_approved() {
    let db = test_database();
    let world = contoso(&db);
    let northwind = world.reseller(NORTHWIND_NAME);
    let asker = admin(&db, northwind);
    let before = last_audit(&db);
    // Legacy delegated admin privileges are no longer granted to a reseller.
    assert_eq!(
        ask(
            &db,
            &asker,
            Some(&world.provider.id),
            &world.customer().domain,
            true,
        ),
        Err(RequestProblem::LegacyDapRetired)
    );
    assert!(actions_after(&db, before).is_empty());
    let (_, token) = ask(
        &db,
        &asker,
        Some(&world.provider.id),
        &world.customer().domain,
        false,
    )
    .unwrap();
    let wwi = customer_admin(&db, world.customer());
    let answered = requests::answer(
        &mut db.conn(),
        &Actor::for_user(&wwi.user),
        &token,
        &wwi.org,
        true,
        db.now(),
    )
    .unwrap();
    assert!(!answered.delegated_admin);
    assert_eq!(
        actions_after(&db, before),
        ["relationship.requested", "relationship.accepted"]
    );
    // A relationship without delegated access is not enough (rule 2).
    let provider = admin(&db, &world.provider);
    let refused = assign(&db, &provider, &assign_input(&world, 0, 1, &northwind.id));
    assert!(
        matches!(
            &refused,
            Err(Error::Invalid {
                problem: "not_eligible",
                ..
            })
        ),
        "{refused:?}"
    );
    // A GDAP relationship, approved by the customer's admin, is.
    let new = support_contacts::domain::gdap::NewRelationship::check(
        "Northwind support",
        support_contacts::domain::gdap::Roles::from_iter([
            support_contacts::domain::gdap::Role::HelpdeskAdministrator,
        ]),
        Ok(365),
        false,
    )
    .unwrap();
    let customer_id = tenant(&world.customer().id);
    let made =
        app::gdap::request(&mut db.conn(), asker.caller(), &customer_id, &new, db.now()).unwrap();
    app::gdap::answer(
        &mut db.conn(),
        wwi.caller(),
        &made.token,
        app::gdap::Answer::Approve,
        db.now(),
    )
    .unwrap();
    let assigned = assign(&db, &provider, &assign_input(&world, 0, 1, &northwind.id));
    assert!(
        matches!(assigned, Ok(Assigned::Changed { .. })),
        "{assigned:?}"
    );

    // The link is used up.
    let again = requests::answer(
        &mut db.conn(),
        &Actor::for_user(&wwi.user),
        &token,
        &wwi.org,
        true,
        db.now(),
    );
    assert!(
        matches!(again, Err(AnswerError::NotPending(RequestState::Accepted))),
        "{again:?}"
    );
}

#[test]
fn a_request_with_a_bad_domain_or_a_provider_not_authorized_is_refused() {
    let db = test_database();
    let world = contoso(&db);
    let adatum = adatum_at(&db, &world);
    let trey = admin(&db, world.reseller(TREY));
    let before = last_audit(&db);
    assert_eq!(
        ask(&db, &trey, Some(&world.provider.id), "not a domain", false),
        Err(RequestProblem::DomainInvalid)
    );
    assert_eq!(
        ask(&db, &trey, Some(&adatum.provider.id), "example.com", false),
        Err(RequestProblem::ProviderInvalid),
        "a provider it has not authorized"
    );
    assert_eq!(
        ask(&db, &trey, None, "example.com", false),
        Err(RequestProblem::ProviderInvalid),
        "a reseller names its provider"
    );
    assert_eq!(last_audit(&db), before);
}

#[test]
fn another_customers_admin_cannot_answer_a_request() {
    let db = test_database();
    let world = contoso(&db);
    let elsewhere = Fixture::new(&db)
        .provider("Adatum Cloud")
        .customer("Coho Vineyard")
        .build();
    let (_, token) = ask(
        &db,
        &admin(&db, world.reseller(NORTHWIND_NAME)),
        Some(&world.provider.id),
        &world.customer().domain,
        false,
    )
    .unwrap();
    let coho = customer_admin(&db, elsewhere.customer());
    let before = last_audit(&db);
    let refused = requests::answer(
        &mut db.conn(),
        &Actor::for_user(&coho.user),
        &token,
        &coho.org,
        true,
        db.now(),
    );
    assert!(
        matches!(refused, Err(AnswerError::OtherCustomer)),
        "{refused:?}"
    );
    assert_eq!(last_audit(&db), before);
}

#[test]
fn a_request_is_revoked_once_and_its_new_link_replaces_the_old_each_audited() {
    let db = test_database();
    let world = contoso(&db);
    let adatum = adatum_at(&db, &world);
    let contoso = admin(&db, &world.provider);
    let (first, _) = ask(
        &db,
        &contoso,
        None,
        "lucernepublishing.onmicrosoft.com",
        false,
    )
    .unwrap();
    let (second, old_token) =
        ask(&db, &contoso, None, "cohovineyard.onmicrosoft.com", false).unwrap();
    let before = last_audit(&db);

    // Not Adatum's to see; Contoso's helpdesk sees it but may not.
    let refused = requests::revoke(
        &mut db.conn(),
        admin(&db, &adatum.provider).caller(),
        &first,
        db.now(),
    );
    assert!(matches!(refused, Err(Error::NotFound)), "{refused:?}");
    let refused = requests::revoke(
        &mut db.conn(),
        helpdesk(&db, &world.provider).caller(),
        &first,
        db.now(),
    );
    assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    assert_eq!(last_audit(&db), before);

    let revoke = || requests::revoke(&mut db.conn(), contoso.caller(), &first, db.now());
    assert_eq!(revoke().unwrap(), Changed::Done(()));
    assert_eq!(revoke().unwrap(), Changed::NotPending);

    let Changed::Done(new_token) =
        requests::new_link(&mut db.conn(), contoso.caller(), &second, db.now()).unwrap()
    else {
        panic!("a new link");
    };
    assert_ne!(new_token, old_token);
    let rows = audit_after(&db, before);
    let actions: Vec<(&str, &str)> = rows.iter().map(|r| (r.0.as_str(), r.4.as_str())).collect();
    assert_eq!(
        actions,
        [
            ("relationship.request_revoked", first.as_str()),
            ("relationship.request_link_issued", second.as_str())
        ]
    );
    let old = requests::request_for_link(&mut db.conn(), &old_token, db.now());
    assert!(matches!(old, Err(AnswerError::Unknown)), "{old:?}");
    let (request, state) =
        requests::request_for_link(&mut db.conn(), &new_token, db.now()).unwrap();
    assert_eq!((request.id, state), (second, RequestState::Pending));
}

// ---- app::invitations and app::authorizations (rule 2a) ---------------------------

#[test]
fn invitations_are_made_and_withdrawn_by_a_providers_admin_each_audited() {
    let db = test_database();
    let world = contoso(&db);
    let contoso = admin(&db, &world.provider);
    let before = last_audit(&db);
    for who in [
        helpdesk(&db, &world.provider),
        admin(&db, world.reseller(TREY)),
    ] {
        let refused = app::invitations::create(&mut db.conn(), who.caller(), db.now());
        assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    }
    assert_eq!(last_audit(&db), before);

    app::invitations::create(&mut db.conn(), contoso.caller(), db.now()).unwrap();
    let rows = audit_after(&db, before);
    assert_eq!(rows.len(), 1);
    let (action, _, _, to, id) = &rows[0];
    assert_eq!(action, "reseller_invitation.created");
    assert_eq!(to.as_deref(), Some(world.provider.id.as_str()));

    let withdraw = || app::invitations::withdraw(&mut db.conn(), contoso.caller(), id, db.now());
    withdraw().unwrap();
    let last = audit_after(&db, before).pop().unwrap();
    assert_eq!(
        (last.0.as_str(), &last.4),
        ("reseller_invitation.withdrawn", id)
    );
    assert!(
        matches!(withdraw(), Err(Error::NotFound)),
        "withdrawn already"
    );
}

#[test]
fn a_former_reseller_accepts_an_invitation_once_and_is_the_providers_again() {
    let db = test_database();
    let world = contoso(&db);
    let token = app::invitations::create(
        &mut db.conn(),
        admin(&db, &world.provider).caller(),
        db.now(),
    )
    .unwrap();
    let proseware = admin(&db, world.reseller(PROSEWARE_NAME));
    let accept = || {
        authorizations::accept_invitation_by(&mut db.conn(), proseware.caller(), &token, db.now())
    };
    match accept().unwrap() {
        authorizations::Answered::Accepted(provider) => {
            assert_eq!(provider.tenant_id.as_str(), world.provider.id)
        }
        other => panic!("accepted: {other:?}"),
    }
    assert!(matches!(
        accept().unwrap(),
        authorizations::Answered::Closed
    ));
    // Its DAP relationship makes it a choice again.
    let assigned = assign(
        &db,
        &admin(&db, &world.provider),
        &assign_input(&world, 0, 1, &world.reseller(PROSEWARE_NAME).id),
    );
    assert!(
        matches!(assigned, Ok(Assigned::Changed { .. })),
        "{assigned:?}"
    );
}

#[test]
fn ending_an_authorization_sends_the_resellers_contacts_back_one_audit_row_each() {
    let db = test_database();
    let world = contoso(&db);
    give_both_to_trey(&db, &world);
    let contoso = tenant(&world.provider.id);
    let trey = tenant(&world.reseller(TREY).id);
    let before = last_audit(&db);
    let reversions = authorizations::end_authorization(
        &mut db.conn(),
        &Actor::command_line(),
        &contoso,
        &trey,
        db.now(),
    )
    .unwrap();
    let went_back: Vec<_> = reversions.iter().map(|r| r.subscription.clone()).collect();
    assert_eq!(ids(&went_back), both(&world));
    let rows = audit_after(&db, before);
    assert_eq!(rows[0].0, "reseller_authorization.ended");
    let mut reverted_rows = rows[1..].to_vec();
    reverted_rows.sort();
    let reason = "reseller_authorization.ended";
    let mut expected = vec![
        reverted(&world, 0, trey.as_str(), reason),
        reverted(&world, 1, trey.as_str(), reason),
    ];
    expected.sort();
    assert_eq!(reverted_rows, expected);
    for index in 0..2 {
        assert_eq!(
            db.stored_contact(world.subscription(index)).0,
            world.provider.id
        );
    }
    let again = authorizations::end_authorization(
        &mut db.conn(),
        &Actor::command_line(),
        &contoso,
        &trey,
        db.now(),
    );
    assert!(
        matches!(again, Err(AuthorizationError::NotActive)),
        "{again:?}"
    );
}

#[test]
fn either_side_ends_an_authorization_and_nobody_else() {
    let db = test_database();
    let world = contoso(&db);
    let adatum = adatum_at(&db, &world);
    let contoso = tenant(&world.provider.id);
    let trey = tenant(&world.reseller(TREY).id);
    let end = |who: &Signed<Partner>, other: &TenantId| {
        authorizations::end_by_partner(&mut db.conn(), who.caller(), other, db.now())
    };
    let refused = end(&admin(&db, &adatum.provider), &trey);
    assert!(matches!(refused, Err(Error::NotFound)), "{refused:?}");
    let refused = end(&helpdesk(&db, &world.provider), &trey);
    assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    // The reseller's side.
    let ended = end(&admin(&db, world.reseller(TREY)), &contoso).unwrap();
    assert_eq!(ended.map(|r| r.len()), Some(0));
    let again = end(&admin(&db, world.reseller(TREY)), &contoso);
    assert!(matches!(again, Err(Error::NotFound)), "{again:?}");
}

// ---- app::users and app::partners (the operator's and the admins' ------------------

fn account<'a>(email: &'a str, organization: &Organization, role: Role) -> NewAccount<'a> {
    NewAccount {
        email,
        display_name: "Avery Example",
        organization: organization.clone(),
        role,
        password: FIXTURE_PASSWORD,
    }
}

#[test]
fn users_create_checks_what_it_is_given_and_audits_the_new_user() {
    let db = test_database();
    let world = contoso(&db);
    let contoso = Organization::Partner(tenant(&world.provider.id));
    let operator = Actor::command_line();
    let create = |new: NewAccount<'_>| users::create(&mut db.conn(), &operator, new, db.now());
    let before = last_audit(&db);
    create(account(
        "Avery@Contoso.example",
        &contoso,
        Role::HelpdeskAgent,
    ))
    .unwrap();
    let rows = audit_after(&db, before);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].0.as_str(), rows[0].4.as_str()),
        ("user.created", "avery@contoso.example as helpdesk_agent")
    );

    let before = last_audit(&db);
    let taken = create(account("avery@contoso.example", &contoso, Role::AdminAgent));
    assert!(
        matches!(taken, Err(AccountError::EmailTaken(_))),
        "{taken:?}"
    );
    let bad = create(account("not an address", &contoso, Role::AdminAgent));
    assert!(matches!(bad, Err(AccountError::BadEmail(_))), "{bad:?}");
    let mismatch = create(account(
        "kai@contoso.example",
        &contoso,
        Role::CustomerAdmin,
    ));
    assert!(
        matches!(mismatch, Err(AccountError::RoleMismatch { .. })),
        "{mismatch:?}"
    );
    let nowhere = Organization::Partner(TenantId::new_random());
    let unknown = create(account("kai@contoso.example", &nowhere, Role::AdminAgent));
    assert!(
        matches!(unknown, Err(AccountError::UnknownOrganization(_))),
        "{unknown:?}"
    );
    let weak = create(NewAccount {
        password: "short",
        ..account("kai@contoso.example", &contoso, Role::AdminAgent)
    });
    assert!(
        matches!(weak, Err(AccountError::WeakPassword(_))),
        "{weak:?}"
    );
    assert_eq!(last_audit(&db), before);
}

#[test]
fn a_disabled_user_is_audited_and_an_organization_keeps_its_last_admin() {
    let db = test_database();
    let world = contoso(&db);
    let contoso = Organization::Partner(tenant(&world.provider.id));
    let helpdesk_login = world.provider.helpdesk.clone().unwrap();
    let before = last_audit(&db);
    users::set_disabled(
        &mut db.conn(),
        &Actor::command_line(),
        &helpdesk_login.email,
        Some(&contoso),
        true,
        db.now(),
    )
    .unwrap();
    let rows = audit_after(&db, before);
    assert_eq!(
        rows.iter()
            .map(|r| (r.0.as_str(), r.4.as_str()))
            .collect::<Vec<_>>(),
        [("user.disabled", helpdesk_login.email.as_str())]
    );
    let agent = helpdesk(&db, &world.provider);
    assert!(agent.user.disabled);

    // The admin cannot disable themselves: nobody would be left to manage.
    let admin = admin(&db, &world.provider);
    let last = users::update_member(
        &mut db.conn(),
        &admin.user,
        admin.user.id,
        Role::AdminAgent,
        true,
        db.now(),
    );
    assert!(matches!(last, Err(AccountError::LastAdmin)), "{last:?}");
    // A helpdesk agent manages nobody.
    let refused = users::update_member(
        &mut db.conn(),
        &agent.user,
        admin.user.id,
        Role::HelpdeskAgent,
        false,
        db.now(),
    );
    assert!(
        matches!(refused, Err(AccountError::Forbidden)),
        "{refused:?}"
    );
    assert_eq!(audit_after(&db, before).len(), 1);
}

fn partner(mpn_id: &str) -> Partner {
    Partner {
        tenant_id: TenantId::new_random(),
        mpn_id: mpn_id.to_owned(),
        name: "Lucerne Publishing".to_owned(),
        kind: PartnerKind::IndirectReseller,
        support: SupportProfile {
            email: "support@lucernepublishing.example".to_owned(),
            telephone: "+1 425 555 0199".to_owned(),
            website: "https://lucernepublishing.example".to_owned(),
        },
    }
}

#[test]
fn partners_create_checks_and_audits_and_takes_no_tenant_or_mpn_id_twice() {
    let db = test_database();
    let operator = Actor::command_line();
    let create = |p: &Partner| app::partners::create(&mut db.conn(), &operator, p, db.now());
    let lucerne = partner("7654321");
    let before = last_audit(&db);
    create(&lucerne).unwrap();
    let rows = audit_after(&db, before);
    assert_eq!(
        (rows[0].0.as_str(), rows[0].4.as_str()),
        (
            "partner.created",
            "Lucerne Publishing (indirect_reseller, MPN 7654321)"
        )
    );

    let before = last_audit(&db);
    let twice = create(&lucerne).unwrap_err().to_string();
    assert!(twice.contains("tenant id"), "{twice}");
    let same_mpn = create(&partner("7654321")).unwrap_err().to_string();
    assert!(same_mpn.contains("MPN id 7654321"), "{same_mpn}");
    let bad_mpn = create(&partner("12")).unwrap_err().to_string();
    assert!(bad_mpn.contains("--mpn-id"), "{bad_mpn}");
    let bad_site = create(&Partner {
        support: SupportProfile {
            website: "lucernepublishing.example".to_owned(),
            ..partner("7654322").support
        },
        ..partner("7654322")
    })
    .unwrap_err()
    .to_string();
    assert!(bad_site.contains("--support-website"), "{bad_site}");
    assert_eq!(last_audit(&db), before);
}

/// The fixture itself: what it says is what the core sees.
#[test]
fn the_fixture_builds_what_it_states_through_the_use_cases() {
    let db = test_database();
    let world = contoso(&db);
    let conn: &mut DbConn = &mut db.conn();
    let contoso = tenant(&world.provider.id);
    let wwi = tenant(&world.customer().id);
    let candidates =
        support_contacts::store::partners::contact_candidates(conn, &contoso, &wwi, db.now())
            .unwrap();
    let eligible = support_contacts::domain::eligibility::evaluate((), &contoso, {
        candidates
            .into_iter()
            .map(|c| support_contacts::domain::eligibility::Candidate {
                partner: (),
                tenant_id: c.tenant_id,
                authorized_by_provider: c.authorized_by_provider,
                relationship: c.relationship,
            })
            .collect()
    });
    for (name, expected) in [
        (TREY, true),
        (FABRIKAM_NAME, false),
        (NORTHWIND_NAME, false),
        (PROSEWARE_NAME, false),
    ] {
        assert_eq!(
            eligible.is_eligible(&tenant(&world.reseller(name).id)),
            expected,
            "{name}"
        );
    }
    assert_eq!(world.customer().subscriptions.len(), 2);
    for id in &world.customer().subscriptions {
        assert_eq!(db.stored_contact(id), (world.provider.id.clone(), 1));
    }
}
