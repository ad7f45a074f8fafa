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

/// Hashes a password for an account whose address also has accounts in
/// other organizations (`sibling`: the hash of one of them): with the same
/// salt, so that signing in computes one hash for all of them, whatever
/// their number. Without a usable sibling, a new salt.
pub fn hash_for_address(password: &str, sibling: Option<&str>) -> anyhow::Result<String> {
    let Some(parsed) = sibling.and_then(|s| PasswordHash::new(s).ok()) else {
        return hash(password);
    };
    let Some(salt) = parsed.salt else {
        return hash(password);
    };
    let salt = SaltString::from_b64(salt.as_str())
        .map_err(|e| anyhow::anyhow!("reading a password salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// Which of the stored hashes (the accounts of one address, in their
/// organizations) `password` matches, if any. One hash is computed per
/// distinct salt and parameter set: one in all, normally.
pub fn matching(stored: &[String], password: &str) -> Option<usize> {
    use argon2::password_hash::Output;
    let parsed: Vec<Option<PasswordHash<'_>>> =
        stored.iter().map(|s| PasswordHash::new(s).ok()).collect();
    let mut computed: Vec<(String, Option<Output>)> = Vec::new();
    let mut found = None;
    for (i, hash) in parsed.iter().enumerate() {
        let Some(hash) = hash else { continue };
        let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
            continue;
        };
        // The string without the hash part names the salt and parameters.
        let setting = format!("{}${}${}", hash.algorithm, hash.params, salt.as_str());
        let output = match computed.iter().find(|(s, _)| *s == setting) {
            Some((_, output)) => *output,
            None => {
                let output = Argon2::default()
                    .hash_password(password.as_bytes(), hash.salt.expect("checked above"))
                    .ok()
                    .and_then(|h| h.hash);
                computed.push((setting, output));
                output
            }
        };
        // Output compares in constant time.
        if found.is_none() && output == Some(expected) {
            found = Some(i);
        }
    }
    found
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
/// blocking pool, each slot busy at most half the time (a slot rests as long
/// as its last hash took before it hashes again, so that a storm of
/// sign-ins leaves the rest of the machine to everyone else), at most
/// `max_queued` waiting or running (more are refused
/// at once rather than queued behind a flood), and at most `per_address`
/// sign-in checks in flight from any one client address.
///
/// The hashes run on threads of their own, one per slot: each hash takes
/// about 19 MiB, and a thread's allocator keeps what it once held, so
/// hashing on the shared blocking pool would leave that much behind on every
/// thread it ever ran on.
#[derive(Debug, Clone)]
pub struct Verifier {
    hashers: Hashers,
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
            hashers: Hashers::start(max_concurrent.max(1)),
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
            queued: Arc::new(AtomicUsize::new(0)),
            max_queued: 32 * max_concurrent.max(1),
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

    /// A sign-in: which of `candidates` (the hashes of one address's
    /// accounts) the password matches, with the same work as for one
    /// account when there are none. Refused (None) at once when the queue of
    /// checks is full.
    pub async fn check(&self, candidates: Vec<String>, password: String) -> Option<Option<usize>> {
        let queued = self.queued.fetch_add(1, Ordering::SeqCst) + 1;
        let _queued = Queued(self.queued.clone());
        if queued > self.max_queued {
            return None;
        }
        let Ok(permit) = self.permits.clone().acquire_owned().await else {
            return Some(None);
        };
        let started = std::time::Instant::now();
        let outcome = self
            .hashers
            .run(move || {
                if candidates.is_empty() {
                    let _ = verify(&DECOY_HASH, &password);
                    None
                } else {
                    matching(&candidates, &password)
                }
            })
            .await
            .unwrap_or(None);
        rest(permit, started.elapsed());
        Some(outcome)
    }

    /// `stored` is None for an unknown account: the answer is false, after
    /// the same work as for a known one.
    pub async fn verify(&self, stored: Option<String>, password: String) -> bool {
        let Ok(permit) = self.permits.clone().acquire_owned().await else {
            return false;
        };
        let started = std::time::Instant::now();
        let verified = self
            .hashers
            .run(move || match stored {
                Some(stored) => verify(&stored, &password),
                None => {
                    let _ = verify(&DECOY_HASH, &password);
                    false
                }
            })
            .await
            .unwrap_or(false);
        rest(permit, started.elapsed());
        verified
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// The threads that hash, fed through one queue.
#[derive(Clone)]
struct Hashers {
    jobs: std::sync::mpsc::Sender<Job>,
}

impl std::fmt::Debug for Hashers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hashers")
    }
}

impl Hashers {
    fn start(threads: usize) -> Self {
        let (jobs, queue) = std::sync::mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || {
                    loop {
                        let job = {
                            let queue = queue.lock().unwrap_or_else(|e| e.into_inner());
                            queue.recv()
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => break, // every Verifier is gone
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password-hashing thread");
            }
        }
        Self { jobs }
    }

    /// Runs `work` on a hashing thread; `None` if none could take it.
    async fn run<T, F>(&self, work: F) -> Option<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(work());
        });
        self.jobs.send(job).ok()?;
        answered.await.ok()
    }
}

/// Keeps a hashing slot for as long again as its hash took, off the caller's
/// path: the answer goes out at once, the next hash in this slot waits.
fn rest(permit: tokio::sync::OwnedSemaphorePermit, took: std::time::Duration) {
    actix_web::rt::spawn(async move {
        actix_web::rt::time::sleep(took).await;
        drop(permit);
    });
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
    fn accounts_of_one_address_share_a_salt_and_are_told_apart_by_password() {
        let first = hash("first organization's password").unwrap();
        let second = hash_for_address("second organization's password", Some(&first)).unwrap();
        let salt = |h: &str| PasswordHash::new(h).unwrap().salt.unwrap().to_string();
        assert_eq!(salt(&first), salt(&second));
        let stored = vec![first, second];
        assert_eq!(matching(&stored, "first organization's password"), Some(0));
        assert_eq!(matching(&stored, "second organization's password"), Some(1));
        assert_eq!(matching(&stored, "neither"), None);
        // A hash of its own salt is still found.
        let apart = hash("a third one").unwrap();
        let stored = vec![stored[0].clone(), apart, "!".to_owned()];
        assert_eq!(matching(&stored, "a third one"), Some(1));
        assert_eq!(matching(&stored, "!"), None);
    }

    #[actix_web::test]
    async fn a_hashing_slot_rests_after_each_hash_then_serves_again() {
        let verifier = Verifier::new(1);
        let found = verifier.check(Vec::new(), "guess".to_owned()).await;
        assert_eq!(found, Some(None), "answered at once");
        assert_eq!(
            verifier.permits.available_permits(),
            0,
            "the slot rests after answering"
        );
        let again = verifier.permits.acquire().await;
        assert!(again.is_ok(), "and comes back");
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
