//! Accounts, sessions and API tokens: who can sign in, and the look-ups that
//! make an [`Actor`] (the only ones that do).
//!
//! The trait and its one implementation for every [`Backend`]; the shared
//! access filters and write helpers are in `sql_store.rs`.

use async_trait::async_trait;
use tilbake_domain::access::{Principal, Role};

use crate::backend::{Arg, Backend, Tx};
use crate::rows::{NumberRow, SessionRow, TokenRow, UserRow};
use crate::sql_store::USER_COLUMNS;
use crate::{Actor, Millis, NewSession, NewUser, Session, StoreError, UserRecord};

#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    /// Creates an account; `Conflict` when the username is taken. Returns the user id.
    async fn create_user(&self, user: &NewUser, now: Millis) -> Result<i64, StoreError>;
    async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError>;
    async fn create_session(&self, session: &NewSession) -> Result<(), StoreError>;
    /// The live (unexpired) session with this token hash.
    async fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Session>, StoreError>;
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;
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
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
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
            "SELECT {USER_COLUMNS}, s.csrf_token FROM sessions s JOIN users u ON u.user_id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2"
        );
        let rows = self
            .fetch_all::<SessionRow>(&sql, &[Arg::from(token_hash), Arg::Int(now)])
            .await?;
        rows.into_iter()
            .next()
            .map(|row| {
                Ok(Session {
                    actor: row.user.actor()?,
                    csrf_token: row.csrf_token,
                })
            })
            .transpose()
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
