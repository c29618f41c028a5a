//! Login throttling: a growing wait per (account, client address) after a
//! few failed logins, counted in the store.
//!
//! After [`LoginLimits::free_per_account`] failed logins for one account
//! from one address, each further attempt from that address must wait
//! [`LoginLimits::first_wait_millis`] after the last failure, doubled with
//! every failure since, up to [`LoginLimits::max_wait_millis`]; an attempt
//! that comes sooner is answered 429 with `Retry-After`, without checking
//! the password. One address guessing at many accounts is held the same way
//! over all accounts, after [`LoginLimits::free_per_address`] failures.
//!
//! The key is the pair, never the account alone: a stranger guessing from
//! another address slows only themself, so they cannot lock the real user
//! out (the hard lockout this replaces could). A successful login forgets
//! the account's failures from that address.
//!
//! The counts are in the store (`login_failures`), not in memory, so that
//! several processes behind one load balancer share them and a restart does
//! not reset them; a failure costs one small write, and an answer within
//! the wait costs one read and no password check.

use std::net::IpAddr;

use tilbake_store::{LoginFailures, Millis, Store, StoreError};

use crate::config::LoginLimits;

/// The key of a username: case does not make another account to guess at.
fn username_key(username: &str) -> String {
    username.to_lowercase()
}

/// The key of every account from an address.
const EVERY_ACCOUNT: &str = "";

/// The address as the store keeps it; requests without one (tests that call
/// the router directly) share one key.
fn address_key(address: Option<IpAddr>) -> String {
    address.map_or_else(|| "unknown".to_owned(), |address| address.to_string())
}

/// How long the next attempt must wait after `n_failures` failed logins
/// when `n_free` are free: nothing up to `n_free`, then the first wait,
/// doubled with each further failure, at most the longest wait.
pub fn wait_after(limits: &LoginLimits, n_free: u32, n_failures: i64) -> Millis {
    let n_over = n_failures - i64::from(n_free);
    if n_over < 0 {
        return 0;
    }
    // 2^30 times any sane first wait is past any sane cap; stop doubling there.
    let doublings = u32::try_from(n_over.min(30)).unwrap_or(30);
    limits
        .first_wait_millis
        .saturating_mul(1_i64 << doublings)
        .min(limits.max_wait_millis)
}

/// How much longer an attempt at `now` must wait, given the failures.
fn remaining(
    limits: &LoginLimits,
    n_free: u32,
    failures: Option<LoginFailures>,
    now: Millis,
) -> Millis {
    failures.map_or(0, |failures| {
        let until = failures.last_failure_at.saturating_add(wait_after(
            limits,
            n_free,
            failures.n_failures,
        ));
        (until - now).max(0)
    })
}

/// The wait in whole seconds, rounded up (for `Retry-After`), at least 1.
pub fn retry_after_seconds(wait_millis: Millis) -> u64 {
    u64::try_from((wait_millis + 999) / 1000)
        .unwrap_or(1)
        .max(1)
}

/// Failed logins by (account, address), in the store.
#[derive(Debug)]
pub struct LoginThrottle {
    limits: LoginLimits,
}

impl LoginThrottle {
    pub fn new(limits: LoginLimits) -> LoginThrottle {
        LoginThrottle { limits }
    }

    fn since(&self, now: Millis) -> Millis {
        now.saturating_sub(self.limits.forget_after_millis)
    }

    /// How long a login for `username` from `address` must still wait, in
    /// milliseconds (0: it may try now).
    pub async fn wait(
        &self,
        store: &dyn Store,
        username: &str,
        address: Option<IpAddr>,
        now: Millis,
    ) -> Result<Millis, StoreError> {
        let address = address_key(address);
        let since = self.since(now);
        let account = store
            .login_failures(&username_key(username), &address, since)
            .await?;
        let every = store.login_failures(EVERY_ACCOUNT, &address, since).await?;
        Ok(
            remaining(&self.limits, self.limits.free_per_account, account, now).max(remaining(
                &self.limits,
                self.limits.free_per_address,
                every,
                now,
            )),
        )
    }

    /// Counts a failed login.
    pub async fn record_failure(
        &self,
        store: &dyn Store,
        username: &str,
        address: Option<IpAddr>,
        now: Millis,
    ) -> Result<(), StoreError> {
        let address = address_key(address);
        let forget_before = self.since(now);
        store
            .record_login_failure(&username_key(username), &address, now, forget_before)
            .await?;
        store
            .record_login_failure(EVERY_ACCOUNT, &address, now, forget_before)
            .await?;
        Ok(())
    }

    /// Forgets the account's failures from this address after a successful
    /// login (the address keeps its count over all accounts: one address
    /// guessing at many accounts is what that count is for).
    pub async fn record_success(
        &self,
        store: &dyn Store,
        username: &str,
        address: Option<IpAddr>,
    ) -> Result<(), StoreError> {
        store
            .clear_login_failures(&username_key(username), &address_key(address))
            .await
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    const SECOND: Millis = 1000;

    #[rstest]
    #[case(0, 0)]
    #[case(2, 0)]
    #[case(3, SECOND)]
    #[case(4, 2 * SECOND)]
    #[case(5, 4 * SECOND)]
    #[case(12, 512 * SECOND)]
    #[case(13, 900 * SECOND)]
    #[case(1_000_000, 900 * SECOND)]
    fn the_wait_doubles_after_the_free_failures_up_to_the_cap(
        #[case] n_failures: i64,
        #[case] wait: Millis,
    ) {
        let limits = LoginLimits::default();
        assert_eq!(
            wait_after(&limits, limits.free_per_account, n_failures),
            wait
        );
    }

    #[test]
    fn the_wait_counts_from_the_last_failure() {
        let limits = LoginLimits::default();
        let failures = Some(LoginFailures {
            n_failures: 5,
            last_failure_at: 10 * SECOND,
        });
        assert_eq!(remaining(&limits, 3, failures, 10 * SECOND), 4 * SECOND);
        assert_eq!(remaining(&limits, 3, failures, 13 * SECOND + 1), SECOND - 1);
        assert_eq!(remaining(&limits, 3, failures, 14 * SECOND), 0);
        assert_eq!(remaining(&limits, 3, None, 0), 0);
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_seconds(1), 1);
        assert_eq!(retry_after_seconds(1000), 1);
        assert_eq!(retry_after_seconds(1001), 2);
        assert_eq!(retry_after_seconds(0), 1);
    }
}
