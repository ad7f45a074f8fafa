//! Sign-in throttling: repeated failures for one account from one address get
//! slower answers, then a temporary block of that account from that address.
//! Other addresses and other accounts are never affected.

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

/// What a failure leads to.
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

    pub fn after_failure(&self, state: Option<&ThrottleState>, now: NaiveDateTime) -> AfterFailure {
        let fresh = match state {
            None => true,
            Some(s) => {
                let block_over = s.blocked_until.is_some_and(|until| until <= now);
                block_over || now - s.first_failure_at > self.window
            }
        };
        let (failures, first_failure_at) = match state {
            Some(s) if !fresh => (s.failures.saturating_add(1), s.first_failure_at),
            _ => (1, now),
        };
        let blocked_now = failures >= self.block_after;
        let delay = if failures > self.free_failures {
            let doublings = (failures - self.free_failures - 1).clamp(0, 16) as u32;
            self.base_delay
                .saturating_mul(2u32.saturating_pow(doublings))
                .min(self.max_delay)
        } else {
            WaitFor::ZERO
        };
        AfterFailure {
            state: ThrottleState {
                failures,
                first_failure_at,
                blocked_until: blocked_now.then(|| now + self.block_for),
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

    #[test]
    fn failures_get_progressively_slower_then_blocked() {
        let policy = ThrottlePolicy::default();
        let mut state = None;
        let mut delays = Vec::new();
        let mut blocked = Vec::new();
        for _ in 0..5 {
            let next = policy.after_failure(state.as_ref(), at(1));
            delays.push(next.delay.as_millis());
            blocked.push(next.blocked_now);
            state = Some(next.state);
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
    fn old_failures_are_forgotten() {
        let policy = ThrottlePolicy::default();
        let first = policy.after_failure(None, at(0));
        let second = policy.after_failure(Some(&first.state), at(20));
        assert_eq!(second.state.failures, 1);
        assert_eq!(second.state.first_failure_at, at(20));
    }

    #[test]
    fn after_a_block_ends_counting_starts_again() {
        let policy = ThrottlePolicy::default();
        let blocked = ThrottleState {
            failures: 5,
            first_failure_at: at(0),
            blocked_until: Some(at(15)),
        };
        let next = policy.after_failure(Some(&blocked), at(15));
        assert_eq!(next.state.failures, 1);
        assert!(!next.blocked_now);
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
            let next = policy.after_failure(state.as_ref(), at(1));
            last = next.delay;
            state = Some(next.state);
        }
        assert_eq!(last, policy.max_delay);
    }
}
