//! The web layer's configuration: parsed once by the binary, passed in.

use std::path::PathBuf;

/// How many failed logins are allowed before the login answers 429.
///
/// The counts are kept in memory, per process: several processes behind one
/// load balancer each count on their own, and a restart forgets them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginLimits {
    /// Failed logins per username within the window.
    pub per_username: u32,
    /// Failed logins per client address within the window.
    pub per_address: u32,
    /// The window, in milliseconds.
    pub window_millis: i64,
}

impl Default for LoginLimits {
    fn default() -> LoginLimits {
        LoginLimits {
            per_username: 5,
            per_address: 20,
            window_millis: 15 * 60 * 1000,
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
