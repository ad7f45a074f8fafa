//! The partner's customer list as the Customers page and the dashboard read
//! it: the partner's customers in name order (`partner_customers`), walked
//! by key; a search through the backend's own index (SQLite FTS5 trigrams,
//! PostgreSQL `pg_trgm`); and the partner's counts (`partner_counts`). The
//! triggers of migration 012 keep all three in step with every write, in
//! its transaction.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};

use crate::db::DbConn;
use crate::db::schema::{partner_counts, partner_customers as pc};
use crate::domain::TenantId;

pub use super::directory::CustomerKey;

/// Which way a walk goes from its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Up the list (A to Z), from after the key.
    Forward,
    /// Down the list (Z to A), from before the key.
    Backward,
}

impl Direction {
    /// The other way.
    pub fn reversed(self) -> Self {
        match self {
            Self::Forward => Self::Backward,
            Self::Backward => Self::Forward,
        }
    }
}

/// A customer as the partner's list holds it.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Listed {
    pub company_name: String,
    pub tenant_id: String,
    pub domain: String,
    pub country: String,
    /// The partner's relationship with it includes delegated admin privileges.
    pub delegated_admin: bool,
}

impl Listed {
    pub fn key(&self) -> CustomerKey {
        CustomerKey {
            company_name: self.company_name.clone(),
            tenant_id: self.tenant_id.clone(),
        }
    }
}

/// Up to `limit` of the partner's customers from `from` (not included) in
/// `direction`, in that order, or from the start of the list without a key;
/// with `delegated_admin`, only those whose relationship has (or has not)
/// delegated admin privileges. One range of the list's key, or of its
/// index by access, whether it is the first page or the last.
pub fn walk(
    conn: &mut DbConn,
    partner: &TenantId,
    delegated_admin: Option<bool>,
    from: Option<&CustomerKey>,
    direction: Direction,
    limit: i64,
) -> QueryResult<Vec<Listed>> {
    let mut query = pc::table
        .filter(pc::partner_tenant_id.eq(partner.as_str().to_owned()))
        .into_boxed();
    if let Some(with) = delegated_admin {
        query = query.filter(pc::delegated_admin.eq(with));
    }
    // `>=` on the name first: the range starts at the key in the index,
    // the rest of the comparison only filters that range's first rows.
    if let Some(key) = from {
        let (name, id) = (key.company_name.clone(), key.tenant_id.clone());
        query = match direction {
            Direction::Forward => query
                .filter(pc::company_name.ge(name.clone()))
                .filter(pc::company_name.gt(name).or(pc::customer_tenant_id.gt(id))),
            Direction::Backward => query
                .filter(pc::company_name.le(name.clone()))
                .filter(pc::company_name.lt(name).or(pc::customer_tenant_id.lt(id))),
        };
    }
    query = match direction {
        Direction::Forward => query.order((pc::company_name.asc(), pc::customer_tenant_id.asc())),
        Direction::Backward => {
            query.order((pc::company_name.desc(), pc::customer_tenant_id.desc()))
        }
    };
    query
        .select((
            pc::company_name,
            pc::customer_tenant_id,
            pc::domain,
            pc::country,
            pc::delegated_admin,
        ))
        .limit(limit)
        .load(conn)
}

/// Whether the key names one of the partner's customers, as listed now.
pub fn is_listed(conn: &mut DbConn, partner: &TenantId, key: &CustomerKey) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(pc::table.find((
        partner.as_str(),
        key.company_name.as_str(),
        key.tenant_id.as_str(),
    ))))
    .get_result(conn)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Hit {
    #[diesel(sql_type = Text)]
    company_name: String,
    #[diesel(sql_type = Text)]
    customer_tenant_id: String,
    #[diesel(sql_type = Text)]
    domain: String,
    #[diesel(sql_type = Text)]
    country: String,
    #[diesel(sql_type = Bool)]
    delegated_admin: bool,
}

/// Every one of the partner's customers whose company name or domain
/// holds `needle` (case-insensitively), in the list's order, found through
/// the backend's index: or `None` when the index cannot answer cheaply,
/// because the needle is too short for trigrams or because more than
/// `bound` customers (of every partner) match it. Either way the index is
/// read for at most `bound + 1` customers, and the partner's list looked up
/// for at most `bound`.
pub fn search_index(
    conn: &mut DbConn,
    partner: &TenantId,
    needle: &str,
    bound: i64,
) -> QueryResult<Option<Vec<Listed>>> {
    // First how many customers (of every partner) the index finds, up to
    // `bound + 1`, from the index alone; then, when that is few enough,
    // which of them are the partner's: other partners' customers are left
    // out in the SQL.
    const SQLITE_COUNT: &str = "SELECT count(*) AS n FROM \
        (SELECT rowid FROM customers_search WHERE customers_search MATCH ?1 LIMIT ?2)";
    // CROSS JOIN: SQLite keeps the matches as the outer loop, one lookup
    // in the partner's list each, rather than walking the whole list.
    const SQLITE: &str = "SELECT pc.company_name, pc.customer_tenant_id, pc.domain, \
        pc.country, pc.delegated_admin \
        FROM (SELECT tenant_id FROM customers_search WHERE customers_search MATCH ?1 LIMIT ?2) found \
        CROSS JOIN partner_customers pc \
        WHERE pc.customer_tenant_id = found.tenant_id AND pc.partner_tenant_id = ?3 \
        ORDER BY pc.company_name, pc.customer_tenant_id";
    const POSTGRES_COUNT: &str = "SELECT count(*) AS n FROM \
        (SELECT 1 FROM customers WHERE company_name ILIKE $1 OR domain ILIKE $1 LIMIT $2) found";
    // The lateral lookup's LIMIT keeps PostgreSQL from planning a hash
    // join over the partner's whole list instead of one lookup per match.
    const POSTGRES: &str = "SELECT pc.company_name, pc.customer_tenant_id, pc.domain, \
        pc.country, pc.delegated_admin \
        FROM (SELECT tenant_id FROM customers \
              WHERE company_name ILIKE $1 OR domain ILIKE $1 LIMIT $2) found \
        JOIN LATERAL (SELECT company_name, customer_tenant_id, domain, country, delegated_admin \
              FROM partner_customers \
              WHERE customer_tenant_id = found.tenant_id AND partner_tenant_id = $3 \
              LIMIT 1) pc ON TRUE \
        ORDER BY pc.company_name, pc.customer_tenant_id";
    let (pattern, count_sql, sql) = match conn {
        DbConn::Sqlite(_) if needle.chars().count() >= 3 => {
            (fts_phrase(needle), SQLITE_COUNT, SQLITE)
        }
        DbConn::Postgres(_) if has_trigram(needle) => {
            (super::like_pattern(needle), POSTGRES_COUNT, POSTGRES)
        }
        _ => return Ok(None),
    };
    macro_rules! run {
        ($c:expr) => {{
            let found: Count = diesel::sql_query(count_sql)
                .bind::<Text, _>(&pattern)
                .bind::<BigInt, _>(bound + 1)
                .get_result($c)?;
            if found.n > bound {
                return Ok(None);
            }
            diesel::sql_query(sql)
                .bind::<Text, _>(&pattern)
                .bind::<BigInt, _>(bound + 1)
                .bind::<Text, _>(partner.as_str())
                .load::<Hit>($c)?
        }};
    }
    let hits = match conn {
        DbConn::Sqlite(c) => run!(c),
        DbConn::Postgres(c) => run!(c),
    };
    Ok(Some(
        hits.into_iter()
            .map(|h| Listed {
                company_name: h.company_name,
                tenant_id: h.customer_tenant_id,
                domain: h.domain,
                country: h.country,
                delegated_admin: h.delegated_admin,
            })
            .collect(),
    ))
}

/// The needle as one FTS5 phrase: matched as a substring by the trigram
/// tokenizer, every character literal.
fn fts_phrase(needle: &str) -> String {
    format!("\"{}\"", needle.replace('"', "\"\""))
}

/// Whether `pg_trgm` finds a trigram to look up in the needle: three
/// letters or digits in a row. Without one, its index would be read whole.
fn has_trigram(needle: &str) -> bool {
    let mut run = 0;
    for c in needle.chars() {
        run = if c.is_alphanumeric() { run + 1 } else { 0 };
        if run == 3 {
            return true;
        }
    }
    false
}

/// What the partner's dashboard counts, as kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Customers with an active relationship.
    pub customers: i64,
    /// Subscriptions it transacts that are not deleted.
    pub subscriptions: i64,
    /// Of those, the ones a reseller supports.
    pub supported_by_resellers: i64,
    /// Resellers with an active authorization of it.
    pub resellers: i64,
    /// Customers whose relationship with it has delegated admin privileges.
    pub customers_with_delegated_admin: i64,
}

impl Counts {
    /// The customers with delegated admin privileges, or those without.
    pub fn customers_by_access(&self, with: bool) -> i64 {
        if with {
            self.customers_with_delegated_admin
        } else {
            self.customers - self.customers_with_delegated_admin
        }
    }
}

/// The partner's counts: one row, whatever the partner's size.
pub fn counts(conn: &mut DbConn, partner: &TenantId) -> QueryResult<Counts> {
    let row: Option<(i32, i32, i32, i32, i32)> = partner_counts::table
        .find(partner.as_str())
        .select((
            partner_counts::customers,
            partner_counts::subscriptions,
            partner_counts::supported_by_resellers,
            partner_counts::resellers,
            partner_counts::customers_with_delegated_admin,
        ))
        .first(conn)
        .optional()?;
    Ok(row
        .map(
            |(customers, subscriptions, supported_by_resellers, resellers, with_dap)| Counts {
                customers: customers.into(),
                subscriptions: subscriptions.into(),
                supported_by_resellers: supported_by_resellers.into(),
                resellers: resellers.into(),
                customers_with_delegated_admin: with_dap.into(),
            },
        )
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{self, DatabaseUrl};
    use crate::demo;
    use crate::domain::states::RelationshipState;
    use diesel_migrations::MigrationHarness;

    #[test]
    fn migration_012_fills_the_list_the_counts_and_the_index_from_the_rows_already_there() {
        use crate::db::schema::{customers, relationships};
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("before.db"));
        let mut conn = db::connect(&url).unwrap();
        let DbConn::Sqlite(sqlite) = &mut conn else {
            unreachable!("a SQLite URL")
        };
        // The demo written by today's code, then every migration from 012 on
        // taken back: the rows are there, the list and counts are not.
        sqlite
            .run_pending_migrations(db::SQLITE_MIGRATIONS)
            .unwrap();
        demo::seed(&mut conn, chrono::Utc::now().naive_utc()).unwrap();
        db::revert_from(&mut conn, "20261203000012").unwrap();
        db::migrate(&mut conn).unwrap();

        let partners: Vec<String> = crate::db::schema::partners::table
            .select(crate::db::schema::partners::tenant_id)
            .load(&mut conn)
            .unwrap();
        for partner in partners.into_iter().map(TenantId::from_trusted) {
            let provider =
                super::super::subscriptions::counts_for_provider(&mut conn, &partner).unwrap();
            let related: Vec<(String, bool)> = customers::table
                .inner_join(relationships::table)
                .filter(relationships::partner_tenant_id.eq(partner.as_str()))
                .filter(relationships::state.eq(RelationshipState::Active.as_str()))
                .order((customers::company_name, customers::tenant_id))
                .select((customers::tenant_id, relationships::delegated_admin))
                .load(&mut conn)
                .unwrap();
            let with_dap = related.iter().filter(|(_, dap)| *dap).count();
            let customers: Vec<String> = related.into_iter().map(|(id, _)| id).collect();
            let resellers = super::super::partners::authorized_resellers(&mut conn, &partner)
                .unwrap()
                .len();
            assert_eq!(
                counts(&mut conn, &partner).unwrap(),
                Counts {
                    customers: customers.len() as i64,
                    subscriptions: provider.subscriptions,
                    supported_by_resellers: provider.supported_by_resellers,
                    resellers: resellers as i64,
                    customers_with_delegated_admin: with_dap as i64,
                },
                "{partner}"
            );
            let listed: Vec<String> =
                walk(&mut conn, &partner, None, None, Direction::Forward, 1_000)
                    .unwrap()
                    .into_iter()
                    .map(|l| l.tenant_id)
                    .collect();
            assert_eq!(listed, customers, "{partner}");
        }
        let contoso = TenantId::from_trusted(demo::CONTOSO.to_owned());
        let found = search_index(&mut conn, &contoso, "WIDE world", 10).unwrap();
        assert_eq!(
            found
                .unwrap()
                .iter()
                .map(|l| l.tenant_id.as_str())
                .collect::<Vec<_>>(),
            [demo::WIDE_WORLD_IMPORTERS]
        );
    }

    #[test]
    fn a_needle_is_one_literal_phrase() {
        assert_eq!(fts_phrase("wide world"), "\"wide world\"");
        assert_eq!(fts_phrase("a\"b OR c*"), "\"a\"\"b OR c*\"");
    }

    #[test]
    fn pg_trgm_looks_up_three_letters_or_digits_in_a_row() {
        assert!(has_trigram("wide"));
        assert!(has_trigram("a.b.cde"));
        assert!(has_trigram("été"));
        assert!(!has_trigram("a.b.c"));
        assert!(!has_trigram("%%%"));
        assert!(!has_trigram("ab"));
    }
}
