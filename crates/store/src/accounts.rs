//! Accounts, sessions and API tokens: who can sign in, and the look-ups that
//! make an [`Actor`] (the only ones that do).
//!
//! The trait and its one implementation for every [`Backend`]; the shared
//! access filters and write helpers are in `sql_store.rs`.

use async_trait::async_trait;
use tilbake_domain::access::{Principal, Role};

use crate::backend::{Arg, Backend, Tx};
use crate::rows::{LoginFailuresRow, NumberRow, SessionRow, SessionSummaryRow, TokenRow, UserRow};
use crate::sql_store::USER_COLUMNS;
use crate::{
    Actor, LoginFailures, Millis, NewSession, NewUser, Session, SessionSummary, StoreError,
    UserRecord,
};

/// A session's last use is written at most this often, so that reading a
/// page is not a write each time.
const SESSION_USE_RESOLUTION_MILLIS: Millis = 60 * 1000;

#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    /// Creates an account; `Conflict` when the username is taken. Returns the user id.
    async fn create_user(&self, user: &NewUser, now: Millis) -> Result<i64, StoreError>;
    async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError>;
    async fn create_session(&self, session: &NewSession) -> Result<(), StoreError>;
    /// The live (unexpired) session with this token hash; notes that it
    /// was used `now` (to the minute).
    async fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Session>, StoreError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
    /// The actor's live sessions, newest first; `current_token_hash` marks
    /// the one asking.
    async fn sessions_of(
        &self,
        actor: &Actor,
        current_token_hash: &str,
        now: Millis,
    ) -> Result<Vec<SessionSummary>, StoreError>;
    /// Ends every session of the actor ("log out everywhere"); returns how many.
    async fn end_sessions_of(&self, actor: &Actor) -> Result<u64, StoreError>;
    /// The failed logins for `username_key` ('' for every account) from
    /// `address` since `since`, if any.
    async fn login_failures(
        &self,
        username_key: &str,
        address: &str,
        since: Millis,
    ) -> Result<Option<LoginFailures>, StoreError>;
    /// Counts a failed login for `username_key` from `address` at `now`;
    /// failures before `forget_before` are forgotten (for every key).
    async fn record_login_failure(
        &self,
        username_key: &str,
        address: &str,
        now: Millis,
        forget_before: Millis,
    ) -> Result<LoginFailures, StoreError>;
    /// Forgets the failed logins for `username_key` from `address`.
    async fn clear_login_failures(
        &self,
        username_key: &str,
        address: &str,
    ) -> Result<(), StoreError>;
    /// Creates a system token (role `system`); `Conflict` when the name is taken.
    async fn create_api_token(
        &self,
        name: &str,
        token_hash: &str,
        now: Millis,
    ) -> Result<(), StoreError>;
    async fn api_token_actor(&self, token_hash: &str) -> Result<Option<Actor>, StoreError>;
}

#[async_trait]
impl<B: Backend> AccountStore for B {
    async fn create_user(&self, user: &NewUser, now: Millis) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let unit = user.unit.map(|unit| unit.to_string());
        let employer = user.employer.map(|employer| employer.to_string());
        let person = user.person.map(|person| person.to_string());
        let row = tx
            .fetch_optional::<NumberRow>(
                "INSERT INTO users (username, password_hash, role, unit, employer, person, gp_id, \
                 protected_address_access, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (username) DO NOTHING RETURNING user_id AS number",
                &[
                    Arg::from(user.username.as_str()),
                    Arg::from(user.password_hash.as_str()),
                    Arg::from(user.role.as_str()),
                    Arg::from(unit),
                    Arg::from(employer),
                    Arg::from(person),
                    Arg::from(user.gp_id.as_deref()),
                    Arg::Bool(user.protected_address_access),
                    Arg::Int(now),
                ],
            )
            .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Err(StoreError::Conflict(format!(
                "the username '{}' is taken",
                user.username
            )));
        };
        tx.commit().await?;
        Ok(row.number)
    }

    async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1");
        let rows = self
            .fetch_all::<UserRow>(&sql, &[Arg::from(username)])
            .await?;
        rows.into_iter()
            .next()
            .map(|row| {
                Ok(UserRecord {
                    actor: row.actor()?,
                    password_hash: row.password_hash,
                })
            })
            .transpose()
    }

    async fn create_session(&self, session: &NewSession) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, last_used_at) \
             VALUES ($1, $2, $3, $4, $5, $4)",
            &[
                Arg::from(session.token_hash.as_str()),
                Arg::Int(session.user_id),
                Arg::from(session.csrf_token.as_str()),
                Arg::Int(session.created_at),
                Arg::Int(session.expires_at),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Session>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.last_used_at FROM sessions s JOIN users u ON u.user_id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2"
        );
        let rows = self
            .fetch_all::<SessionRow>(&sql, &[Arg::from(token_hash), Arg::Int(now)])
            .await?;
        let Some(row) = rows.into_iter().next() else {
            return Ok(None);
        };
        let session = Session {
            actor: row.user.actor()?,
            csrf_token: row.csrf_token,
        };
        if row.last_used_at <= now - SESSION_USE_RESOLUTION_MILLIS {
            let mut tx = self.begin().await?;
            tx.execute(
                "UPDATE sessions SET last_used_at = $2 WHERE token_hash = $1 AND last_used_at < $2",
                &[Arg::from(token_hash), Arg::Int(now)],
            )
            .await?;
            tx.commit().await?;
        }
        Ok(Some(session))
    }

    async fn sessions_of(
        &self,
        actor: &Actor,
        current_token_hash: &str,
        now: Millis,
    ) -> Result<Vec<SessionSummary>, StoreError> {
        let rows = self
            .fetch_all::<SessionSummaryRow>(
                "SELECT token_hash, created_at, last_used_at, expires_at FROM sessions \
                 WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, token_hash",
                &[Arg::Int(actor.user_id), Arg::Int(now)],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| SessionSummary {
                created_at: row.created_at,
                last_used_at: row.last_used_at.max(row.created_at),
                expires_at: row.expires_at,
                current: row.token_hash == current_token_hash,
            })
            .collect())
    }

    async fn end_sessions_of(&self, actor: &Actor) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let n_ended = tx
            .execute(
                "DELETE FROM sessions WHERE user_id = $1",
                &[Arg::Int(actor.user_id)],
            )
            .await?;
        tx.commit().await?;
        Ok(n_ended)
    }

    async fn login_failures(
        &self,
        username_key: &str,
        address: &str,
        since: Millis,
    ) -> Result<Option<LoginFailures>, StoreError> {
        let rows = self
            .fetch_all::<LoginFailuresRow>(
                "SELECT n_failures, last_failure_at FROM login_failures \
                 WHERE username_key = $1 AND address = $2 AND last_failure_at >= $3",
                &[Arg::from(username_key), Arg::from(address), Arg::Int(since)],
            )
            .await?;
        Ok(rows.into_iter().next().map(|row| LoginFailures {
            n_failures: row.n_failures,
            last_failure_at: row.last_failure_at,
        }))
    }

    async fn record_login_failure(
        &self,
        username_key: &str,
        address: &str,
        now: Millis,
        forget_before: Millis,
    ) -> Result<LoginFailures, StoreError> {
        let mut tx = self.begin().await?;
        tx.execute(
            "DELETE FROM login_failures WHERE last_failure_at < $1",
            &[Arg::Int(forget_before)],
        )
        .await?;
        let row = tx
            .fetch_optional::<LoginFailuresRow>(
                "INSERT INTO login_failures (username_key, address, n_failures, last_failure_at) \
                 VALUES ($1, $2, 1, $3) ON CONFLICT (username_key, address) DO UPDATE \
                 SET n_failures = login_failures.n_failures + 1, last_failure_at = $3 \
                 RETURNING n_failures, last_failure_at",
                &[Arg::from(username_key), Arg::from(address), Arg::Int(now)],
            )
            .await?;
        tx.commit().await?;
        Ok(row.map_or(
            LoginFailures {
                n_failures: 1,
                last_failure_at: now,
            },
            |row| LoginFailures {
                n_failures: row.n_failures,
                last_failure_at: row.last_failure_at,
            },
        ))
    }

    async fn clear_login_failures(
        &self,
        username_key: &str,
        address: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.execute(
            "DELETE FROM login_failures WHERE username_key = $1 AND address = $2",
            &[Arg::from(username_key), Arg::from(address)],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.execute(
            "DELETE FROM sessions WHERE token_hash = $1",
            &[Arg::from(token_hash)],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_api_token(
        &self,
        name: &str,
        token_hash: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let n_inserted = tx
            .execute(
                "INSERT INTO api_tokens (token_hash, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[Arg::from(token_hash), Arg::from(name), Arg::Int(now)],
            )
            .await?;
        if n_inserted == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict(format!(
                "a token named '{name}' exists"
            )));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn api_token_actor(&self, token_hash: &str) -> Result<Option<Actor>, StoreError> {
        let rows = self
            .fetch_all::<TokenRow>(
                "SELECT name FROM api_tokens WHERE token_hash = $1",
                &[Arg::from(token_hash)],
            )
            .await?;
        Ok(rows.into_iter().next().map(|row| {
            Actor::new(Principal {
                // System clients are not users; 0 is no user's id.
                user_id: 0,
                username: row.name,
                role: Role::System,
                unit: None,
                employer: None,
                person: None,
                gp_id: None,
                protected_address_access: false,
            })
        }))
    }
}
