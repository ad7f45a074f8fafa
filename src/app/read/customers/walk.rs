//! The walk of the partner's list behind the pages that are not answered
//! by the search index: every customer, or those a search matches among
//! a bounded number looked through, from a key, either way.

use super::{CustomerPage, Listing, Start};
use crate::db::DbConn;
use crate::domain::TenantId;
use crate::domain::customer::Search;
use crate::store;
use crate::store::customer_list::{CustomerKey, Direction, Listed};

/// How far a walked search looks for one page, and how many customers it
/// reads at a time.
#[derive(Debug, Clone, Copy)]
pub(super) struct Reach {
    bound: i64,
    chunk: i64,
}

pub(super) const REACH: Reach = Reach {
    bound: super::SCAN_BOUND,
    chunk: 250,
};

/// Walks the partner's list from `start`, every customer shown or, with a
/// search, those that match among at most [`super::SCAN_BOUND`] looked
/// through; only those `listing` keeps, in its order.
pub(super) fn walk(
    conn: &mut DbConn,
    partner: &TenantId,
    search: Option<&Search>,
    listing: Listing,
    start: Start,
    per_page: i64,
    reach: Reach,
) -> diesel::QueryResult<(Vec<Listed>, CustomerPage)> {
    // The list's order as the index reads it: A to Z is forward.
    let along = if listing.descending {
        Direction::Backward
    } else {
        Direction::Forward
    };
    let (key, toward_the_end) = match start {
        Start::First => (None, true),
        Start::After(key) => (Some(key), true),
        Start::Before(key) => (Some(key), false),
    };
    // A key that names none of the partner's customers (made up, or the
    // customer has left the list since) starts at the first page.
    let key = match key {
        Some(key) if store::customer_list::is_listed(conn, partner, &key)? => Some(key),
        _ => None,
    };
    let direction = if key.is_some() && !toward_the_end {
        along.reversed()
    } else {
        along
    };
    let run = |conn: &mut DbConn, key: Option<&CustomerKey>, direction| {
        Walked::run(
            conn,
            partner,
            search,
            listing.delegated_admin,
            key,
            direction,
            per_page,
            reach,
        )
    };
    let walked = run(conn, key.as_ref(), direction)?;
    // Back at the start of the list with less than a page, or past its
    // end with nothing: the first page instead.
    let short_of_the_start =
        direction != along && walked.onward.is_none() && (walked.shown.len() as i64) < per_page;
    let past_the_end = key.is_some() && walked.looked_at.is_none();
    if short_of_the_start || past_the_end {
        let walked = run(conn, None, along)?;
        return Ok(walked.into_page(None, along, along));
    }
    Ok(walked.into_page(key, direction, along))
}

/// What one walk found, in the walk's own order.
struct Walked {
    shown: Vec<Listed>,
    /// The first and the last customer looked through.
    looked_at: Option<(Listed, Listed)>,
    /// Where the walk would go on from, when anything is left that way.
    onward: Option<CustomerKey>,
}

impl Walked {
    #[allow(clippy::too_many_arguments)]
    fn run(
        conn: &mut DbConn,
        partner: &TenantId,
        search: Option<&Search>,
        delegated_admin: Option<bool>,
        key: Option<&CustomerKey>,
        direction: Direction,
        per_page: i64,
        reach: Reach,
    ) -> diesel::QueryResult<Self> {
        // One row past the page says whether another page follows.
        let (chunk, bound) = match search {
            None => (per_page + 1, per_page + 1),
            Some(_) => (reach.chunk, reach.bound),
        };
        let mut found: Vec<Listed> = Vec::new();
        let (mut first, mut last): (Option<Listed>, Option<Listed>) = (None, None);
        let mut looked = 0;
        let mut at_the_end = false;
        'walk: loop {
            let want = chunk.min(bound - looked);
            let from = last.as_ref().map(Listed::key).or_else(|| key.cloned());
            let rows = store::customer_list::walk(
                conn,
                partner,
                delegated_admin,
                from.as_ref(),
                direction,
                want,
            )?;
            let got = rows.len() as i64;
            for row in rows {
                looked += 1;
                first.get_or_insert_with(|| row.clone());
                last = Some(row.clone());
                if search.is_none_or(|s| s.matches(&row.company_name, &row.domain)) {
                    found.push(row);
                    if found.len() as i64 > per_page {
                        break 'walk;
                    }
                }
            }
            if got < want {
                at_the_end = true;
                break;
            }
            if looked >= bound {
                break;
            }
        }
        let overflow = found.len() as i64 > per_page;
        found.truncate(usize::try_from(per_page).unwrap_or(0));
        if overflow {
            // The match past the page was looked at, not shown: the page
            // (and what it says it looked through) ends at its last match.
            last = found.last().cloned();
        }
        let onward = (!at_the_end || overflow)
            .then(|| last.as_ref().map(Listed::key))
            .flatten();
        Ok(Self {
            shown: found,
            looked_at: first.zip(last),
            onward,
        })
    }

    /// The page, in the list's order (`along`), with its links.
    fn into_page(
        self,
        key: Option<CustomerKey>,
        direction: Direction,
        along: Direction,
    ) -> (Vec<Listed>, CustomerPage) {
        let Walked {
            mut shown,
            looked_at,
            onward,
        } = self;
        // The way back starts at the first customer looked through, and
        // reaches the key the walk started from.
        let back = key.and(looked_at.as_ref().map(|(first, _)| first.key()));
        let (previous, next, span) = if direction == along {
            (
                back,
                onward,
                looked_at.map(|(first, last)| (first.company_name, last.company_name)),
            )
        } else {
            shown.reverse();
            (
                onward,
                back,
                looked_at.map(|(first, last)| (last.company_name, first.company_name)),
            )
        };
        let page = CustomerPage {
            first_position: previous.is_none().then_some(1),
            previous,
            next,
            span,
            ..CustomerPage::default()
        };
        (shown, page)
    }
}

#[cfg(test)]
mod tests {
    use super::super::matched;
    use super::*;
    use crate::db::{self, DatabaseUrl};
    use crate::demo;

    fn demo_db() -> (tempfile::TempDir, DbConn) {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("list.db"));
        let now = chrono::Utc::now().naive_utc();
        db::prepare(&url, |conn, _| demo::seed(conn, now)).unwrap();
        let conn = db::connect(&url).unwrap();
        (dir, conn)
    }

    /// Every page from the first by the "next" links, then from the last
    /// back by the "previous" links: the ids seen each way, in list order,
    /// and the spans the pages say they covered.
    fn both_ways(
        mut page_at: impl FnMut(Start) -> (Vec<Listed>, CustomerPage),
    ) -> (Vec<String>, Vec<String>, Vec<(String, String)>) {
        let ids = |listed: &[Listed]| {
            listed
                .iter()
                .map(|l| l.tenant_id.clone())
                .collect::<Vec<_>>()
        };
        let (mut forward, mut spans, mut start) = (Vec::new(), Vec::new(), Start::First);
        let last = loop {
            let (listed, page) = page_at(start.clone());
            forward.extend(ids(&listed));
            spans.extend(page.span.clone());
            assert!(forward.len() < 500, "the links go round in circles");
            match page.next {
                Some(key) => start = Start::After(key),
                None => break start,
            }
        };
        let mut backward = Vec::new();
        let mut start = last;
        loop {
            let (listed, page) = page_at(start);
            backward.splice(0..0, ids(&listed));
            assert!(backward.len() < 500, "the links go round in circles");
            match page.previous {
                Some(key) => start = Start::Before(key),
                None => break,
            }
        }
        (forward, backward, spans)
    }

    #[test]
    fn a_walked_search_finds_what_the_index_finds_page_after_page_both_ways() {
        let (_dir, mut conn) = demo_db();
        let tiny = Reach { bound: 5, chunk: 2 };
        for partner in [demo::CONTOSO, demo::ADATUM, demo::TREY_RESEARCH] {
            let partner = TenantId::from_trusted(partner.to_owned());
            for needle in ["wide", "onmicrosoft", "ltd", "ing", "nothing matches this"] {
                let matches =
                    store::customer_list::search_index(&mut conn, &partner, needle, 1_000)
                        .unwrap()
                        .expect("the index answers");
                let indexed = both_ways(|start| matched(&matches, &start, 4));
                let search = Search::new(needle);
                let walked = both_ways(|start| {
                    walk(
                        &mut conn,
                        &partner,
                        Some(&search),
                        Listing::default(),
                        start,
                        4,
                        tiny,
                    )
                    .unwrap()
                });
                let all: Vec<String> = matches.iter().map(|m| m.tenant_id.clone()).collect();
                assert_eq!(indexed.0, all, "{partner} {needle}");
                assert_eq!(indexed.1, all, "{partner} {needle}");
                assert_eq!(walked.0, all, "{partner} {needle}: walked forward");
                assert_eq!(walked.1, all, "{partner} {needle}: walked back");
            }
        }
    }

    #[test]
    fn a_walked_search_looks_through_at_most_its_bound_and_says_which_customers() {
        let (_dir, mut conn) = demo_db();
        let partner = TenantId::from_trusted(demo::CONTOSO.to_owned());
        let everyone =
            store::customer_list::walk(&mut conn, &partner, None, None, Direction::Forward, 1_000)
                .unwrap();
        assert_eq!(everyone.len(), 37);
        let reach = Reach { bound: 5, chunk: 3 };
        let nothing = Search::new("nothing matches this");
        let (forward, backward, spans) = both_ways(|start| {
            let listing = Listing::default();
            walk(
                &mut conn,
                &partner,
                Some(&nothing),
                listing,
                start,
                25,
                reach,
            )
            .unwrap()
        });
        assert!(forward.is_empty() && backward.is_empty());
        // Five at a time, each customer in one span, in order.
        let expected: Vec<(String, String)> = everyone
            .chunks(5)
            .map(|c| {
                (
                    c[0].company_name.clone(),
                    c[c.len() - 1].company_name.clone(),
                )
            })
            .collect();
        assert_eq!(spans, expected);
    }

    #[test]
    fn a_key_that_is_not_the_partners_starts_the_first_page() {
        let (_dir, mut conn) = demo_db();
        let contoso = TenantId::from_trusted(demo::CONTOSO.to_owned());
        let adatum = TenantId::from_trusted(demo::ADATUM.to_owned());
        let listing = Listing::default();
        let first = walk(&mut conn, &contoso, None, listing, Start::First, 10, REACH)
            .unwrap()
            .0;
        let adatum_only =
            store::customer_list::walk(&mut conn, &adatum, None, None, Direction::Forward, 1_000)
                .unwrap()
                .into_iter()
                .find(|l| !store::customer_list::is_listed(&mut conn, &contoso, &l.key()).unwrap())
                .expect("a customer of Adatum's that Contoso does not have");
        for start in [
            Start::After(adatum_only.key()),
            Start::Before(adatum_only.key()),
        ] {
            assert_eq!(
                walk(&mut conn, &contoso, None, listing, start, 10, REACH)
                    .unwrap()
                    .0,
                first
            );
        }
    }

    #[test]
    fn a_filtered_or_reversed_list_pages_through_its_customers_once_both_ways() {
        let (_dir, mut conn) = demo_db();
        let tiny = Reach { bound: 5, chunk: 2 };
        let mut seen_both = [false, false];
        for partner in [
            demo::CONTOSO,
            demo::ADATUM,
            demo::TREY_RESEARCH,
            demo::FABRIKAM,
        ] {
            let partner = TenantId::from_trusted(partner.to_owned());
            let everyone: Vec<Listed> = store::customer_list::walk(
                &mut conn,
                &partner,
                None,
                None,
                Direction::Forward,
                1_000,
            )
            .unwrap();
            for delegated_admin in [None, Some(true), Some(false)] {
                for descending in [false, true] {
                    let listing = Listing {
                        delegated_admin,
                        descending,
                    };
                    let mut expected: Vec<String> = everyone
                        .iter()
                        .filter(|l| delegated_admin.is_none_or(|with| l.delegated_admin == with))
                        .map(|l| l.tenant_id.clone())
                        .collect();
                    if descending {
                        expected.reverse();
                    }
                    if let Some(with) = delegated_admin {
                        seen_both[usize::from(with)] |= !expected.is_empty();
                    }
                    let whole = both_ways(|start| {
                        walk(&mut conn, &partner, None, listing, start, 4, REACH).unwrap()
                    });
                    assert_eq!(whole.0, expected, "{partner} {listing:?} forward");
                    assert_eq!(whole.1, expected, "{partner} {listing:?} back");
                    // A search every customer matches, walked a few at a time.
                    let everything = Search::new(".");
                    let searched = both_ways(|start| {
                        walk(
                            &mut conn,
                            &partner,
                            Some(&everything),
                            listing,
                            start,
                            4,
                            tiny,
                        )
                        .unwrap()
                    });
                    assert_eq!(
                        searched.0, expected,
                        "{partner} {listing:?} searched forward"
                    );
                    assert_eq!(searched.1, expected, "{partner} {listing:?} searched back");
                }
            }
        }
        assert_eq!(
            seen_both,
            [true, true],
            "the demo has customers of both kinds"
        );
    }
}
