use super::*;
use crate::db::{self, DatabaseUrl};
use crate::demo;
use crate::domain::Customer;
use crate::store::audit::Actor;
use crate::store::subscriptions::NewSubscription;
use crate::store::{customers as customer_rows, relationships as relationship_rows};

/// The demo, and more customers of Contoso whose names differ only in case
/// or share a beginning, some with several subscriptions of one name, most
/// with Trey Research holding DAP, some supported by it.
fn database() -> (tempfile::TempDir, DbConn) {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite(dir.path().join("lists.db"));
    let now = chrono::Utc::now().naive_utc();
    db::prepare(&url, |conn, _| demo::seed(conn, now)).unwrap();
    let mut conn = db::connect(&url).unwrap();
    let contoso = TenantId::from_trusted(demo::CONTOSO.to_owned());
    let trey = TenantId::from_trusted(demo::TREY_RESEARCH.to_owned());
    let names = [
        "Alpha",
        "alpha",
        "ALPHA Labs",
        "Alphabet",
        "Beta_1",
        "Beta%",
        "Ünïcode",
    ];
    for (n, name) in names.iter().cycle().take(21).enumerate() {
        let customer = Customer {
            tenant_id: TenantId::from_trusted(format!("cafe0000-0000-4000-8000-{n:012x}")),
            company_name: (*name).to_owned(),
            domain: format!("c{n}.onmicrosoft.com"),
            country: "US".to_owned(),
        };
        customer_rows::insert(&mut conn, &customer, now).unwrap();
        let id = &customer.tenant_id;
        relationship_rows::insert_active(&mut conn, id, &contoso, true, now).unwrap();
        if n % 4 != 3 {
            relationship_rows::insert_active(&mut conn, id, &trey, true, now).unwrap();
        }
        for k in 0..(n % 3 + 1) {
            let sub = SubscriptionId::from_trusted(format!("cafe0001-000{k}-4000-8000-{n:012x}"));
            let new = NewSubscription {
                id: sub.clone(),
                customer: id.clone(),
                provider: contoso.clone(),
                reseller_of_record: None,
                offer_name: "Offer".to_owned(),
                friendly_name: if k == 2 { "Same" } else { "Same name" }.to_owned(),
                quantity: 1,
            };
            crate::store::subscriptions::insert(&mut conn, &Actor::system(), &new, now).unwrap();
            if (n + k) % 5 == 0 && n % 4 != 3 {
                crate::store::subscriptions::set_support_contact(
                    &mut conn, &sub, &contoso, 1, &contoso, &trey, now,
                )
                .unwrap();
            }
        }
    }
    (dir, conn)
}

/// Every row of a list, walked a page of `limit` at a time.
fn walked(
    conn: &mut DbConn,
    list: List<'_>,
    search: Option<&str>,
    limit: i64,
    plan: Plan,
) -> Vec<String> {
    let provider = TenantId::from_trusted(demo::CONTOSO.to_owned());
    let mut seen = Vec::new();
    let mut after: Option<Key> = None;
    loop {
        let page = page(conn, &provider, list, search, after.as_ref(), limit, plan).unwrap();
        assert!(page.rows.len() as i64 <= limit);
        seen.extend(page.rows.iter().map(|(_, s)| s.id.to_string()));
        if !page.more {
            return seen;
        }
        let last = &page.rows.last().unwrap().1.id;
        after = key_of(conn, &provider, last).unwrap();
        assert!(seen.len() < 1_000, "the walk ends");
    }
}

#[test]
fn both_plans_walk_every_row_of_both_lists_once_in_the_same_order() {
    let (_dir, mut conn) = database();
    let provider = TenantId::from_trusted(demo::CONTOSO.to_owned());
    let trey = TenantId::from_trusted(demo::TREY_RESEARCH.to_owned());
    let lists = [
        List::SupportedBy(&trey),
        List::CouldBeSupportedBy(&trey, any_access()),
    ];
    for list in lists {
        for search in [
            None,
            Some("alpha"),
            Some("ALP"),
            Some("beta_"),
            Some("beta%"),
            Some("ü"),
            Some("nothing"),
        ] {
            let all: Vec<String> = {
                let mut ids: Vec<String> = all_of(&mut conn, &provider, list, search)
                    .unwrap()
                    .into_iter()
                    .map(|s| s.id.to_string())
                    .collect();
                ids.sort();
                ids
            };
            if search.is_none() {
                assert!(all.len() > 5, "{list:?}: {all:?}");
            }
            let counted = count_up_to(&mut conn, &provider, list, search, 1_000).unwrap();
            assert_eq!(
                counted,
                Total::Exactly(all.len() as i64),
                "{list:?} {search:?}"
            );
            let sorted = walked(&mut conn, list, search, 1_000, Plan::SortRows);
            for limit in [1, 2, 3, 7] {
                for plan in [Plan::SortRows, Plan::WalkCustomers] {
                    let rows = walked(&mut conn, list, search, limit, plan);
                    assert_eq!(rows, sorted, "{list:?} {search:?} {limit} {plan:?}");
                }
            }
            let mut once = sorted.clone();
            once.sort();
            assert_eq!(once, all, "{list:?} {search:?}: every row, once");
        }
    }
    let short = count_up_to(&mut conn, &provider, lists[1], None, 3).unwrap();
    assert_eq!(short, Total::MoreThan(3));
}

#[test]
fn a_search_is_the_beginning_of_a_name_whatever_its_case_and_wildcards_are_literal() {
    let (_dir, mut conn) = database();
    let provider = TenantId::from_trusted(demo::CONTOSO.to_owned());
    let trey = TenantId::from_trusted(demo::TREY_RESEARCH.to_owned());
    let names = |conn: &mut DbConn, search: &str| -> Vec<String> {
        let list = List::CouldBeSupportedBy(&trey, any_access());
        let found = page(
            conn,
            &provider,
            list,
            Some(search),
            None,
            1_000,
            Plan::SortRows,
        );
        let names: std::collections::BTreeSet<String> = found
            .unwrap()
            .rows
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        names.into_iter().collect()
    };
    assert_eq!(
        names(&mut conn, "alpha"),
        ["ALPHA Labs", "Alpha", "Alphabet", "alpha"]
    );
    assert_eq!(
        names(&mut conn, " ALPHAB"),
        Vec::<String>::new(),
        "not trimmed here"
    );
    assert_eq!(names(&mut conn, "ALPHAB"), ["Alphabet"]);
    assert_eq!(names(&mut conn, "beta_"), ["Beta_1"]);
    assert_eq!(names(&mut conn, "beta%"), ["Beta%"]);
    assert_eq!(names(&mut conn, "lpha"), Vec::<String>::new());
}

/// Delegated access as a provider that requires no role judges it now.
fn any_access() -> DelegatedAccess {
    DelegatedAccess::new(
        crate::domain::gdap::Roles::NONE,
        chrono::Utc::now().naive_utc(),
    )
}
