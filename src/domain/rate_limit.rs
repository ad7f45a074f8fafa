//! Rate limits of the REST API: so many requests a minute per key and per
//! partner (the key's tenant), counted in fixed one-minute windows that
//! start on the minute. A request is counted before it does anything; the
//! count that decides includes it, so the `limit`th request of a window is
//! served and the one after it is refused until the window ends.

use chrono::{Duration, NaiveDateTime, Timelike};

/// Requests a minute; `0` turns the limit off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub per_key: u32,
    pub per_partner: u32,
}

impl RateLimits {
    /// Partner Center allows about 500 requests a minute per tenant; one
    /// key gets less of that, so that one runaway script leaves room for
    /// the partner's others.
    pub const DEFAULT_PER_KEY: u32 = 300;
    pub const DEFAULT_PER_PARTNER: u32 = 500;

    /// The limits a server has when nothing is configured.
    pub fn standard() -> Self {
        Self {
            per_key: Self::DEFAULT_PER_KEY,
            per_partner: Self::DEFAULT_PER_PARTNER,
        }
    }

    pub fn off() -> Self {
        Self {
            per_key: 0,
            per_partner: 0,
        }
    }

    /// Nothing to count.
    pub fn is_off(&self) -> bool {
        self.per_key == 0 && self.per_partner == 0
    }

    /// The limit of `scope`, when it is on.
    pub fn of(&self, scope: Scope) -> Option<u32> {
        let limit = match scope {
            Scope::Key => self.per_key,
            Scope::Partner => self.per_partner,
        };
        (limit > 0).then_some(limit)
    }
}

/// What a limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One API key.
    Key,
    /// Every key of one partner.
    Partner,
}

impl Scope {
    /// The name of one counter of this scope: `key:<id>` or
    /// `partner:<tenant id>`.
    pub fn counter(self, id: &str) -> String {
        match self {
            Self::Key => format!("key:{id}"),
            Self::Partner => format!("partner:{id}"),
        }
    }
}

/// One minute of counting, from `start` (on the minute) to `start` plus a
/// minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: NaiveDateTime,
}

impl Window {
    pub const LENGTH: Duration = Duration::minutes(1);

    /// The window `now` falls in.
    pub fn at(now: NaiveDateTime) -> Self {
        let into_minute = Duration::seconds(i64::from(now.second()))
            + Duration::nanoseconds(i64::from(now.nanosecond()));
        Self {
            start: now - into_minute,
        }
    }

    pub fn end(&self) -> NaiveDateTime {
        self.start + Self::LENGTH
    }

    /// Whole seconds from `now` to the end of the window, at least one: what
    /// `Retry-After` says.
    pub fn seconds_left(&self, now: NaiveDateTime) -> u32 {
        let left = (self.end() - now).num_milliseconds().max(0);
        let seconds = (left + 999) / 1000;
        u32::try_from(seconds.clamp(1, 60)).unwrap_or(60)
    }

    /// Windows that started before this are of no use to anyone: not even
    /// to a server whose clock runs a little behind. Their rows may go.
    pub fn forgotten_before(&self) -> NaiveDateTime {
        self.start - Self::LENGTH * 2
    }
}

/// A request past a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub scope: Scope,
    /// Requests a minute of that scope.
    pub limit: u32,
    /// Seconds until the window ends and requests are served again.
    pub retry_after: u32,
}

/// Whether a request may go on, given the count of its `scope` in `window`
/// with it included.
pub fn decide(
    limits: &RateLimits,
    scope: Scope,
    count: i64,
    window: Window,
    now: NaiveDateTime,
) -> Result<(), Refused> {
    match limits.of(scope) {
        Some(limit) if count > i64::from(limit) => Err(Refused {
            scope,
            limit,
            retry_after: window.seconds_left(now),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(time: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("2026-03-02 {time}"), "%Y-%m-%d %H:%M:%S%.f")
            .unwrap()
    }

    const LIMITS: RateLimits = RateLimits {
        per_key: 3,
        per_partner: 5,
    };

    #[test]
    fn windows_start_on_the_minute() {
        assert_eq!(Window::at(at("09:30:00")).start, at("09:30:00"));
        assert_eq!(Window::at(at("09:30:59.999")).start, at("09:30:00"));
        assert_eq!(Window::at(at("09:31:00")).start, at("09:31:00"));
        assert_eq!(Window::at(at("09:30:17")).end(), at("09:31:00"));
        assert_eq!(
            Window::at(at("09:30:17")).forgotten_before(),
            at("09:28:00")
        );
    }

    #[test]
    fn the_limit_is_served_and_the_next_is_refused_until_the_window_ends() {
        let now = at("09:30:15");
        let window = Window::at(now);
        for count in 1..=3 {
            assert_eq!(decide(&LIMITS, Scope::Key, count, window, now), Ok(()));
        }
        assert_eq!(
            decide(&LIMITS, Scope::Key, 4, window, now),
            Err(Refused {
                scope: Scope::Key,
                limit: 3,
                retry_after: 45
            })
        );
        assert_eq!(decide(&LIMITS, Scope::Partner, 5, window, now), Ok(()));
        assert_eq!(
            decide(&LIMITS, Scope::Partner, 6, window, now)
                .unwrap_err()
                .limit,
            5
        );
    }

    #[test]
    fn retry_after_rounds_up_and_is_never_zero() {
        let window = Window::at(at("09:30:00"));
        assert_eq!(window.seconds_left(at("09:30:00")), 60);
        assert_eq!(window.seconds_left(at("09:30:59.001")), 1);
        assert_eq!(window.seconds_left(at("09:30:58.500")), 2);
        assert_eq!(window.seconds_left(at("09:31:05")), 1, "a late clock");
    }

    #[test]
    fn a_limit_of_zero_is_off() {
        let limits = RateLimits {
            per_key: 0,
            per_partner: 2,
        };
        let now = at("09:30:00");
        let window = Window::at(now);
        assert_eq!(decide(&limits, Scope::Key, 1_000_000, window, now), Ok(()));
        assert!(decide(&limits, Scope::Partner, 3, window, now).is_err());
        assert!(!limits.is_off());
        assert!(RateLimits::off().is_off());
        assert_eq!(RateLimits::off().of(Scope::Partner), None);
    }

    #[test]
    fn counters_are_named_by_scope() {
        assert_eq!(Scope::Key.counter("k1"), "key:k1");
        assert_eq!(Scope::Partner.counter("t1"), "partner:t1");
    }
}
