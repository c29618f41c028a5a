//! The web layer's configuration: parsed once by the binary, passed in.

use std::path::PathBuf;

/// How failed logins slow the next attempt (see `throttle`): free
/// failures, then a wait that doubles with each failure, up to a cap.
///
/// The counts are kept in the store, per (account, client address), so
/// they hold across processes and restarts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimits {
    /// Failed logins for one account from one address before attempts must wait.
    pub free_per_account: u32,
    /// Failed logins from one address, over all accounts, before attempts
    /// from it must wait.
    pub free_per_address: u32,
    /// The first wait, in milliseconds; doubled with each further failure.
    pub first_wait_millis: i64,
    /// The longest wait, in milliseconds.
    pub max_wait_millis: i64,
    /// Failures older than this (milliseconds) are forgotten.
    pub forget_after_millis: i64,
}

impl Default for LoginLimits {
    fn default() -> LoginLimits {
        LoginLimits {
            free_per_account: 3,
            free_per_address: 20,
            first_wait_millis: 1000,
            max_wait_millis: 15 * 60 * 1000,
            forget_after_millis: 24 * 60 * 60 * 1000,
        }
    }
}

/// Settings of the web layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebConfig {
    /// Mark cookies `Secure` on every answer, not only on requests that a
    /// proxy marks with `X-Forwarded-Proto: https`.
    pub secure_cookies: bool,
    /// How long a session lives after login, in milliseconds.
    pub session_lifetime_millis: i64,
    /// The largest request body accepted (413 above it).
    pub body_limit_bytes: usize,
    pub login_limits: LoginLimits,
    /// Take the client address for login throttling from the last entry of
    /// `X-Forwarded-For` (the one the proxy in front added). Only behind a
    /// proxy that sets it: otherwise a client could choose its own address.
    /// Without it, every client behind a proxy shares the proxy's address
    /// and its limit.
    pub trust_forwarded_for: bool,
    /// A career centre's own instrument definitions, read at start besides
    /// those tilbake ships.
    pub instruments_dir: Option<PathBuf>,
}

impl Default for WebConfig {
    fn default() -> WebConfig {
        WebConfig {
            secure_cookies: false,
            session_lifetime_millis: 12 * 60 * 60 * 1000,
            body_limit_bytes: 256 * 1024,
            login_limits: LoginLimits::default(),
            trust_forwarded_for: false,
            instruments_dir: None,
        }
    }
}
