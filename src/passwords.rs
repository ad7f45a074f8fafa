//! Argon2id password hashes, computed off the async workers with a bound on
//! how many run at once (each takes ~19 MiB and tens of milliseconds).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use tokio::sync::Semaphore;

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

pub fn verify(stored: &str, password: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Verified against when the email is unknown, so that an unknown email
/// costs the same time as a wrong password.
static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("decoy password for unknown accounts").unwrap_or_default());

/// Password checks run here: at most `max_concurrent` at once on the
/// blocking pool, at most `max_queued` waiting or running (more are refused
/// at once rather than queued behind a flood), and at most `per_address`
/// sign-in checks in flight from any one client address.
#[derive(Debug, Clone)]
pub struct Verifier {
    permits: Arc<Semaphore>,
    queued: Arc<AtomicUsize>,
    max_queued: usize,
    in_flight: Arc<Mutex<HashMap<String, usize>>>,
    per_address: usize,
}

/// A sign-in check in flight from one address; dropping it frees the place.
#[derive(Debug)]
pub struct AddressSlot {
    in_flight: Arc<Mutex<HashMap<String, usize>>>,
    address: String,
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut map = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.address);
            }
        }
    }
}

/// Counts a check as queued while it waits or runs.
struct Queued(Arc<AtomicUsize>);

impl Drop for Queued {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Verifier {
    pub fn new(max_concurrent: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            queued: Arc::new(AtomicUsize::new(0)),
            max_queued: 16 * max_concurrent.max(1),
            in_flight: Arc::new(Mutex::new(HashMap::new())),
            per_address: 4,
        }
    }

    /// A place for one more sign-in check from `address`, if it has fewer
    /// than `per_address` in flight.
    pub fn slot(&self, address: &str) -> Option<AddressSlot> {
        let mut map = self.in_flight.lock().unwrap_or_else(|e| e.into_inner());
        let n = map.entry(address.to_owned()).or_insert(0);
        if *n >= self.per_address {
            return None;
        }
        *n += 1;
        Some(AddressSlot {
            in_flight: self.in_flight.clone(),
            address: address.to_owned(),
        })
    }

    /// Like [`Verifier::verify`], but refused (None) at once when the queue
    /// of checks is full.
    pub async fn check(&self, stored: Option<String>, password: String) -> Option<bool> {
        let queued = self.queued.fetch_add(1, Ordering::SeqCst) + 1;
        let _queued = Queued(self.queued.clone());
        if queued > self.max_queued {
            return None;
        }
        Some(self.verify(stored, password).await)
    }

    /// `stored` is None for an unknown account: the answer is false, after
    /// the same work as for a known one.
    pub async fn verify(&self, stored: Option<String>, password: String) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        actix_web::web::block(move || match stored {
            Some(stored) => verify(&stored, &password),
            None => {
                let _ = verify(&DECOY_HASH, &password);
                false
            }
        })
        .await
        .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_salted() {
        let a = hash("correct horse battery staple").unwrap();
        let b = hash("correct horse battery staple").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(verify(&a, "correct horse battery staple"));
        assert!(!verify(&a, "correct horse battery stapler"));
        assert!(!verify("not a hash", "anything"));
    }

    #[test]
    fn each_address_gets_a_few_places_and_gets_them_back() {
        let verifier = Verifier::new(2);
        let held: Vec<_> = (0..4).map(|_| verifier.slot("203.0.113.9")).collect();
        assert!(held.iter().all(Option::is_some));
        assert!(verifier.slot("203.0.113.9").is_none(), "a fifth is refused");
        assert!(verifier.slot("198.51.100.20").is_some(), "others are not");
        drop(held);
        assert!(verifier.slot("203.0.113.9").is_some());
        assert!(verifier.in_flight.lock().unwrap().len() <= 1);
    }
}
