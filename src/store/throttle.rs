//! Sign-in throttling rows: per account and address (`sign_in_throttle`) and
//! per address (`sign_in_addresses`). Each decision reads and writes its rows
//! in one write transaction with the rows locked first (the address's, then
//! the account's, always in that order), so concurrent attempts are counted
//! one after the other on either backend.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

use crate::db::schema::{sign_in_addresses as a, sign_in_throttle as t};
use crate::db::{self, DbConn};
use crate::domain::throttle::{Admission, AfterFailure, ThrottlePolicy, ThrottleState};

/// The two limits a sign-in passes.
#[derive(Debug, Clone, Default)]
pub struct Policies {
    pub account: ThrottlePolicy,
    pub address: ThrottlePolicy,
}

impl Policies {
    pub fn standard() -> Self {
        Self {
            account: ThrottlePolicy::default(),
            address: ThrottlePolicy::per_address(),
        }
    }
}

/// The decision taken before a password is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Check it: the `attempt`th check for this account from this address.
    Check { attempt: i32 },
    /// This account is blocked from this address.
    AccountBlocked {
        until: NaiveDateTime,
        blocked_now: bool,
    },
    /// This address is blocked, whatever the account.
    AddressBlocked {
        until: NaiveDateTime,
        blocked_now: bool,
    },
}

type Row = (i32, NaiveDateTime, Option<NaiveDateTime>);

fn state(row: Option<Row>) -> Option<ThrottleState> {
    row.map(
        |(failures, first_failure_at, blocked_until)| ThrottleState {
            failures,
            first_failure_at,
            blocked_until,
        },
    )
}

/// Makes sure the row exists (as an empty window) and holds its lock until
/// the transaction ends. An insert that loses a race to another one waits
/// for it through the update that follows.
fn lock_row<I, U>(conn: &mut DbConn, touch: U, insert: I) -> QueryResult<()>
where
    U: Fn(&mut DbConn) -> QueryResult<usize>,
    I: Fn(&mut DbConn) -> QueryResult<usize>,
{
    if touch(conn)? > 0 {
        return Ok(());
    }
    match conn.transaction(|conn| insert(conn)) {
        Ok(_) => Ok(()),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => touch(conn).map(drop),
        Err(e) => Err(e),
    }
}

fn lock_account(
    conn: &mut DbConn,
    email: &str,
    ip: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<ThrottleState>> {
    lock_row(
        conn,
        |conn| {
            diesel::update(t::table.find((email, ip)))
                .set(t::failures.eq(t::failures))
                .execute(conn)
        },
        |conn| {
            diesel::insert_into(t::table)
                .values((
                    t::email.eq(email),
                    t::client_ip.eq(ip),
                    t::failures.eq(0),
                    t::first_failure_at.eq(now),
                    t::blocked_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)
        },
    )?;
    t::table
        .find((email, ip))
        .select((t::failures, t::first_failure_at, t::blocked_until))
        .first(conn)
        .optional()
        .map(state)
}

fn lock_address(
    conn: &mut DbConn,
    ip: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<ThrottleState>> {
    lock_row(
        conn,
        |conn| {
            diesel::update(a::table.find(ip))
                .set(a::failures.eq(a::failures))
                .execute(conn)
        },
        |conn| {
            diesel::insert_into(a::table)
                .values((
                    a::client_ip.eq(ip),
                    a::failures.eq(0),
                    a::first_failure_at.eq(now),
                    a::blocked_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)
        },
    )?;
    a::table
        .find(ip)
        .select((a::failures, a::first_failure_at, a::blocked_until))
        .first(conn)
        .optional()
        .map(state)
}

fn save_account(conn: &mut DbConn, email: &str, ip: &str, s: &ThrottleState) -> QueryResult<()> {
    diesel::update(t::table.find((email, ip)))
        .set((
            t::failures.eq(s.failures),
            t::first_failure_at.eq(s.first_failure_at),
            t::blocked_until.eq(s.blocked_until),
        ))
        .execute(conn)
        .map(drop)
}

fn save_address(conn: &mut DbConn, ip: &str, s: &ThrottleState) -> QueryResult<()> {
    diesel::update(a::table.find(ip))
        .set((
            a::failures.eq(s.failures),
            a::first_failure_at.eq(s.first_failure_at),
            a::blocked_until.eq(s.blocked_until),
        ))
        .execute(conn)
        .map(drop)
}

/// Deletes the rows whose window and block are both over: they say nothing
/// any more. Its own short transaction, outside the one that locks rows.
pub fn expire(conn: &mut DbConn, policies: &Policies, now: NaiveDateTime) -> QueryResult<()> {
    let account_before = now - policies.account.window;
    diesel::delete(
        t::table
            .filter(t::first_failure_at.lt(account_before))
            .filter(t::blocked_until.is_null().or(t::blocked_until.le(now))),
    )
    .execute(conn)?;
    let address_before = now - policies.address.window;
    diesel::delete(
        a::table
            .filter(a::first_failure_at.lt(address_before))
            .filter(a::blocked_until.is_null().or(a::blocked_until.le(now))),
    )
    .execute(conn)?;
    Ok(())
}

/// Decides, before any hashing, whether this attempt may check a password,
/// and counts it when it may.
pub fn admit(
    conn: &mut DbConn,
    policies: &Policies,
    email: &str,
    ip: &str,
    now: NaiveDateTime,
) -> QueryResult<Decision> {
    db::write(conn, |conn| {
        let address = lock_address(conn, ip, now)?;
        let (address_next, address_admission) = policies.address.admit(address.as_ref(), now);
        if let Admission::Refused { until, blocked_now } = address_admission {
            save_address(conn, ip, &address_next)?;
            return Ok(Decision::AddressBlocked { until, blocked_now });
        }
        let account = lock_account(conn, email, ip, now)?;
        let (account_next, admission) = policies.account.admit(account.as_ref(), now);
        save_account(conn, email, ip, &account_next)?;
        match admission {
            Admission::Check { attempt } => {
                save_address(conn, ip, &address_next)?;
                Ok(Decision::Check { attempt })
            }
            Admission::Refused { until, blocked_now } => {
                Ok(Decision::AccountBlocked { until, blocked_now })
            }
        }
    })
}

/// What a failed check leads to, for the account and for the address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    pub account: AfterFailure,
    /// The address's block started with this failure.
    pub address_blocked_now: bool,
}

/// After the `attempt`th check failed (it was counted when admitted).
pub fn record_failure(
    conn: &mut DbConn,
    policies: &Policies,
    email: &str,
    ip: &str,
    attempt: i32,
    now: NaiveDateTime,
) -> QueryResult<Failed> {
    db::write(conn, |conn| {
        // Address first, then account: the order every decision locks them in.
        let address = lock_address(conn, ip, now)?.unwrap_or(ThrottleState {
            failures: 1,
            first_failure_at: now,
            blocked_until: None,
        });
        let stored = lock_account(conn, email, ip, now)?.unwrap_or(ThrottleState {
            failures: attempt,
            first_failure_at: now,
            blocked_until: None,
        });
        let account = policies.account.after_failure(stored, attempt, now);
        save_account(conn, email, ip, &account.state)?;
        let counted = address.failures;
        let address = policies.address.after_failure(address, counted, now);
        save_address(conn, ip, &address.state)?;
        Ok(Failed {
            account,
            address_blocked_now: address.blocked_now,
        })
    })
}

/// A successful sign-in forgets the account's failures from this address,
/// and gives its check back to the address.
pub fn succeeded(conn: &mut DbConn, email: &str, ip: &str) -> QueryResult<()> {
    db::write(conn, |conn| {
        diesel::update(a::table.find(ip).filter(a::failures.gt(0)))
            .set(a::failures.eq(a::failures - 1))
            .execute(conn)?;
        diesel::delete(t::table.find((email, ip))).execute(conn)?;
        Ok(())
    })
}

/// An admitted check that did not run after all (the queue was full):
/// it no longer counts.
pub fn release(conn: &mut DbConn, email: &str, ip: &str) -> QueryResult<()> {
    db::write(conn, |conn| {
        diesel::update(a::table.find(ip).filter(a::failures.gt(0)))
            .set(a::failures.eq(a::failures - 1))
            .execute(conn)?;
        diesel::update(t::table.find((email, ip)).filter(t::failures.gt(0)))
            .set(t::failures.eq(t::failures - 1))
            .execute(conn)?;
        Ok(())
    })
}

/// Rows kept, for tests and operators: (per account and address, per address).
pub fn row_counts(conn: &mut DbConn) -> QueryResult<(i64, i64)> {
    Ok((
        t::table.count().get_result(conn)?,
        a::table.count().get_result(conn)?,
    ))
}
