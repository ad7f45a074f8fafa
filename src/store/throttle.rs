use diesel::prelude::*;

use crate::db::schema::sign_in_throttle as t;
use crate::db::{self, DbConn};
use crate::domain::throttle::{AfterFailure, ThrottlePolicy, ThrottleState};

pub fn get(conn: &mut DbConn, email: &str, client_ip: &str) -> QueryResult<Option<ThrottleState>> {
    t::table
        .find((email, client_ip))
        .select((t::failures, t::first_failure_at, t::blocked_until))
        .first(conn)
        .optional()
        .map(|row| {
            row.map(
                |(failures, first_failure_at, blocked_until)| ThrottleState {
                    failures,
                    first_failure_at,
                    blocked_until,
                },
            )
        })
}

/// Counts one failure, in one transaction with reading the count before it.
pub fn record_failure(
    conn: &mut DbConn,
    policy: &ThrottlePolicy,
    email: &str,
    client_ip: &str,
    now: chrono::NaiveDateTime,
) -> QueryResult<AfterFailure> {
    db::write(conn, |conn| {
        let current = get(conn, email, client_ip)?;
        let next = policy.after_failure(current.as_ref(), now);
        let values = (
            t::failures.eq(next.state.failures),
            t::first_failure_at.eq(next.state.first_failure_at),
            t::blocked_until.eq(next.state.blocked_until),
        );
        if current.is_some() {
            diesel::update(t::table.find((email, client_ip)))
                .set(values)
                .execute(conn)?;
        } else {
            diesel::insert_into(t::table)
                .values((t::email.eq(email), t::client_ip.eq(client_ip), values))
                .execute(conn)?;
        }
        Ok(next)
    })
}

/// A successful sign-in forgets the failures.
pub fn clear(conn: &mut DbConn, email: &str, client_ip: &str) -> QueryResult<()> {
    diesel::delete(t::table.find((email, client_ip)))
        .execute(conn)
        .map(drop)
}
