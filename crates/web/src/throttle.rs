//! Login throttling: failed logins counted per username and per client
//! address over a sliding window, in memory.
//!
//! The counts are per process: each process behind a load balancer counts on
//! its own and a restart forgets them. That slows password guessing against
//! one account or from one address, which is its purpose; it is not a ban list.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

use tilbake_store::Millis;

use crate::config::LoginLimits;

/// Above this many tracked keys, every key is pruned on the next failure, so
/// that guessing many usernames cannot grow the maps without bound.
const PRUNE_ABOVE_KEYS: usize = 10_000;

/// Failed logins by username and by address.
#[derive(Debug)]
pub struct LoginThrottle {
    limits: LoginLimits,
    failures: Mutex<Failures>,
}

#[derive(Debug, Default)]
struct Failures {
    by_username: HashMap<String, VecDeque<Millis>>,
    by_address: HashMap<IpAddr, VecDeque<Millis>>,
}

/// The key of a username: case does not make another account to guess at.
fn username_key(username: &str) -> String {
    username.to_lowercase()
}

fn recent(times: Option<&VecDeque<Millis>>, since: Millis) -> usize {
    times.map_or(0, |times| times.iter().filter(|at| **at > since).count())
}

fn forget_before<K: std::hash::Hash + Eq>(map: &mut HashMap<K, VecDeque<Millis>>, since: Millis) {
    map.retain(|_, times| {
        while times.front().is_some_and(|at| *at <= since) {
            times.pop_front();
        }
        !times.is_empty()
    });
}

impl LoginThrottle {
    pub fn new(limits: LoginLimits) -> LoginThrottle {
        LoginThrottle {
            limits,
            failures: Mutex::new(Failures::default()),
        }
    }

    fn failures(&self) -> std::sync::MutexGuard<'_, Failures> {
        // A panic while holding the lock leaves only counts behind; they stay usable.
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether a login for `username` from `address` must wait.
    pub fn is_blocked(&self, username: &str, address: Option<IpAddr>, now: Millis) -> bool {
        let since = now - self.limits.window_millis;
        let failures = self.failures();
        let by_username = recent(failures.by_username.get(&username_key(username)), since);
        let by_address = address.map_or(0, |address| {
            recent(failures.by_address.get(&address), since)
        });
        by_username >= self.limits.per_username as usize
            || by_address >= self.limits.per_address as usize
    }

    /// Counts a failed login.
    pub fn record_failure(&self, username: &str, address: Option<IpAddr>, now: Millis) {
        let since = now - self.limits.window_millis;
        let mut failures = self.failures();
        if failures.by_username.len() + failures.by_address.len() > PRUNE_ABOVE_KEYS {
            forget_before(&mut failures.by_username, since);
            forget_before(&mut failures.by_address, since);
        }
        failures
            .by_username
            .entry(username_key(username))
            .or_default()
            .push_back(now);
        if let Some(address) = address {
            failures
                .by_address
                .entry(address)
                .or_default()
                .push_back(now);
        }
    }

    /// Forgets the failures of an account after a successful login (the
    /// address keeps its count: one address guessing at many accounts is
    /// what that limit is for).
    pub fn record_success(&self, username: &str) {
        self.failures().by_username.remove(&username_key(username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Millis = 60 * 1000;

    fn throttle() -> LoginThrottle {
        LoginThrottle::new(LoginLimits::default())
    }

    #[test]
    fn five_failures_for_one_username_block_it_for_the_window() {
        let throttle = throttle();
        for minute in 0..5 {
            assert!(!throttle.is_blocked("Kari", None, minute * MINUTE));
            throttle.record_failure("kari", None, minute * MINUTE);
        }
        assert!(throttle.is_blocked("KARI", None, 5 * MINUTE));
        assert!(!throttle.is_blocked("ola", None, 5 * MINUTE));
        assert!(!throttle.is_blocked("kari", None, 19 * MINUTE + 1));
    }

    #[test]
    fn twenty_failures_from_one_address_block_it_for_every_username() {
        let throttle = throttle();
        let address: IpAddr = "127.0.0.9".parse().unwrap();
        for attempt in 0..20 {
            throttle.record_failure(&format!("user{attempt}"), Some(address), attempt);
        }
        assert!(throttle.is_blocked("someone", Some(address), 30));
        assert!(!throttle.is_blocked("someone", Some("127.0.0.8".parse().unwrap()), 30));
    }

    #[test]
    fn a_success_forgets_the_account_failures() {
        let throttle = throttle();
        for attempt in 0..4 {
            throttle.record_failure("kari", None, attempt);
        }
        throttle.record_success("kari");
        throttle.record_failure("kari", None, 10);
        assert!(!throttle.is_blocked("kari", None, 11));
    }
}
