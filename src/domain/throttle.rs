//! Sign-in throttling: repeated failures for one account from one address get
//! slower answers, then a temporary block of that account from that address;
//! other addresses and other accounts are not affected. A second, looser
//! limit counts failures from one address whatever the account, so that a
//! flood of guesses at many accounts is refused before any hashing.
//!
//! A password check is counted when it is admitted, before it runs: however
//! many requests arrive at once, at most `block_after` checks run per window.

use std::time::Duration as WaitFor;

use chrono::{Duration, NaiveDateTime};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleState {
    pub failures: i32,
    pub first_failure_at: NaiveDateTime,
    pub blocked_until: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct ThrottlePolicy {
    /// Failures older than this are forgotten.
    pub window: Duration,
    /// Failures answered at full speed.
    pub free_failures: i32,
    /// The failure that starts a block.
    pub block_after: i32,
    pub block_for: Duration,
    /// The wait after the first slowed failure; it doubles with each one.
    pub base_delay: WaitFor,
    pub max_delay: WaitFor,
}

impl ThrottlePolicy {
    /// The limit per client address, whatever the account: generous enough
    /// for an office behind one address, low enough to stop a flood.
    pub fn per_address() -> Self {
        Self {
            window: Duration::minutes(15),
            free_failures: i32::MAX,
            block_after: 50,
            block_for: Duration::minutes(15),
            base_delay: WaitFor::ZERO,
            max_delay: WaitFor::ZERO,
        }
    }
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            window: Duration::minutes(15),
            free_failures: 2,
            block_after: 5,
            block_for: Duration::minutes(15),
            base_delay: WaitFor::from_millis(250),
            max_delay: WaitFor::from_secs(4),
        }
    }
}

/// Whether a sign-in attempt may check its password, decided before it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Check the password: the `attempt`th check counted in this window.
    Check { attempt: i32 },
    /// Refused without a check until then; `blocked_now` when this refusal
    /// started the block (it is audited once).
    Refused {
        until: NaiveDateTime,
        blocked_now: bool,
    },
}

/// What a failed check leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AfterFailure {
    pub state: ThrottleState,
    /// Wait this long before answering.
    pub delay: WaitFor,
    /// This failure started a block.
    pub blocked_now: bool,
}

impl ThrottlePolicy {
    /// Until when this account is blocked from this address, if it is now.
    pub fn blocked_until(
        &self,
        state: Option<&ThrottleState>,
        now: NaiveDateTime,
    ) -> Option<NaiveDateTime> {
        state
            .and_then(|s| s.blocked_until)
            .filter(|until| *until > now)
    }

    /// Counts what is stored from a new window when the window or the block is over.
    fn fresh(&self, state: Option<&ThrottleState>, now: NaiveDateTime) -> bool {
        match state {
            None => true,
            Some(s) => {
                let block_over = s.blocked_until.is_some_and(|until| until <= now);
                block_over || now - s.first_failure_at > self.window
            }
        }
    }

    /// Before a password check: the state to store and whether it may run.
    pub fn admit(
        &self,
        state: Option<&ThrottleState>,
        now: NaiveDateTime,
    ) -> (ThrottleState, Admission) {
        if let (Some(s), Some(until)) = (state, self.blocked_until(state, now)) {
            let refused = Admission::Refused {
                until,
                blocked_now: false,
            };
            return (s.clone(), refused);
        }
        let (counted, first_failure_at) = match state {
            Some(s) if !self.fresh(state, now) => (s.failures, s.first_failure_at),
            _ => (0, now),
        };
        if counted >= self.block_after {
            let until = now + self.block_for;
            let state = ThrottleState {
                failures: counted,
                first_failure_at,
                blocked_until: Some(until),
            };
            let refused = Admission::Refused {
                until,
                blocked_now: true,
            };
            return (state, refused);
        }
        let attempt = counted + 1;
        let state = ThrottleState {
            failures: attempt,
            first_failure_at,
            blocked_until: None,
        };
        (state, Admission::Check { attempt })
    }

    /// After the `attempt`th check failed: how long to wait, and whether the
    /// block starts now. `state` is what is stored (the attempt counted).
    pub fn after_failure(
        &self,
        state: ThrottleState,
        attempt: i32,
        now: NaiveDateTime,
    ) -> AfterFailure {
        let blocked_now =
            attempt >= self.block_after && self.blocked_until(Some(&state), now).is_none();
        let delay = if attempt > self.free_failures {
            let doublings = (attempt - self.free_failures - 1).clamp(0, 16) as u32;
            self.base_delay
                .saturating_mul(2u32.saturating_pow(doublings))
                .min(self.max_delay)
        } else {
            WaitFor::ZERO
        };
        let blocked_until = if blocked_now {
            Some(now + self.block_for)
        } else {
            state.blocked_until
        };
        AfterFailure {
            state: ThrottleState {
                blocked_until,
                ..state
            },
            delay,
            blocked_now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> NaiveDateTime {
        NaiveDateTime::parse_from_str("2026-03-02 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
            + Duration::minutes(minutes)
    }

    /// One attempt that fails, as a single client makes them.
    fn fail_once(
        policy: &ThrottlePolicy,
        state: Option<ThrottleState>,
        now: NaiveDateTime,
    ) -> (ThrottleState, Option<AfterFailure>) {
        match policy.admit(state.as_ref(), now) {
            (stored, Admission::Check { attempt }) => {
                let after = policy.after_failure(stored, attempt, now);
                (after.state.clone(), Some(after))
            }
            (stored, Admission::Refused { .. }) => (stored, None),
        }
    }

    #[test]
    fn failures_get_progressively_slower_then_blocked() {
        let policy = ThrottlePolicy::default();
        let mut state = None;
        let mut delays = Vec::new();
        let mut blocked = Vec::new();
        for _ in 0..5 {
            let (next, after) = fail_once(&policy, state, at(1));
            let after = after.expect("checked");
            delays.push(after.delay.as_millis());
            blocked.push(after.blocked_now);
            state = Some(next);
        }
        assert_eq!(delays, vec![0, 0, 250, 500, 1000]);
        assert_eq!(blocked, vec![false, false, false, false, true]);
        assert_eq!(policy.blocked_until(state.as_ref(), at(2)), Some(at(16)));
        assert_eq!(
            policy.blocked_until(state.as_ref(), at(16)),
            None,
            "the block ends"
        );
    }

    #[test]
    fn checks_are_counted_when_admitted_so_concurrent_ones_cannot_exceed_the_limit() {
        let policy = ThrottlePolicy::default();
        // Many attempts admitted before any of them has failed.
        let mut state: Option<ThrottleState> = None;
        let mut admitted = 0;
        let mut started_block = 0;
        for _ in 0..200 {
            let (next, admission) = policy.admit(state.as_ref(), at(1));
            match admission {
                Admission::Check { .. } => admitted += 1,
                Admission::Refused { blocked_now, until } => {
                    assert_eq!(until, at(16));
                    started_block += i32::from(blocked_now);
                }
            }
            state = Some(next);
        }
        assert_eq!(admitted, policy.block_after);
        assert_eq!(started_block, 1, "the block starts once");
        // The checks in flight then fail: the block does not start again.
        let stored = state.unwrap();
        let after = policy.after_failure(stored, 5, at(1));
        assert!(!after.blocked_now);
        assert_eq!(after.state.blocked_until, Some(at(16)));
    }

    #[test]
    fn old_failures_are_forgotten() {
        let policy = ThrottlePolicy::default();
        let (first, _) = fail_once(&policy, None, at(0));
        let (second, _) = policy.admit(Some(&first), at(20));
        assert_eq!(second.failures, 1);
        assert_eq!(second.first_failure_at, at(20));
    }

    #[test]
    fn after_a_block_ends_counting_starts_again() {
        let policy = ThrottlePolicy::default();
        let blocked = ThrottleState {
            failures: 5,
            first_failure_at: at(0),
            blocked_until: Some(at(15)),
        };
        let (next, admission) = policy.admit(Some(&blocked), at(15));
        assert_eq!(admission, Admission::Check { attempt: 1 });
        assert_eq!(next.blocked_until, None);
    }

    #[test]
    fn delays_are_capped() {
        let policy = ThrottlePolicy {
            block_after: 100,
            ..ThrottlePolicy::default()
        };
        let mut state = None;
        let mut last = WaitFor::ZERO;
        for _ in 0..40 {
            let (next, after) = fail_once(&policy, state, at(1));
            last = after.unwrap().delay;
            state = Some(next);
        }
        assert_eq!(last, policy.max_delay);
    }

    #[test]
    fn the_address_limit_never_delays_and_blocks_after_fifty() {
        let policy = ThrottlePolicy::per_address();
        let mut state = None;
        for n in 1..=50 {
            let (next, after) = fail_once(&policy, state, at(1));
            let after = after.expect("checked");
            assert_eq!(after.delay, WaitFor::ZERO);
            assert_eq!(after.blocked_now, n == 50);
            state = Some(next);
        }
        assert!(matches!(
            policy.admit(state.as_ref(), at(2)).1,
            Admission::Refused { .. }
        ));
    }
}
