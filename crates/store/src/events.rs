//! Events, notifications and webhook subscribers: the outbox that the
//! tables' triggers fill in the same transaction as each change (migration
//! 0012), its sequencer, the pull feed, the notifier that turns events into
//! notifications and queued e-mails, and the webhooks' queue and delivery
//! log.
//!
//! Who sees an event and who is told of it is the policy's
//! ([`policy::event_shown`], [`policy::told`]), asked with the reader's own
//! `PersonView` of the event's person, read as every other read reads it
//! ([`person_view`], [`viewed_documents`]); a subscriber is seen through
//! its owner's principal ([`policy::subscriber_scope`]). It is not the
//! place for HTTP or SMTP: the service's delivery loop takes what is due
//! from here, sends it, and records the outcome here.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_domain::access::policy::{self, PersonView, SubscriberScope};
use tilbake_domain::access::AuditAction;
use tilbake_domain::document::Document;
use tilbake_domain::events::{
    retry_backoff_millis, EmailChoice, EventKind, OutboxEvent, SubscriberOwner, Topic,
};
use tilbake_domain::identity::{Fnr, Orgnr};

use crate::backend::{Arg, Backend, Tx};
use crate::recompute::{corrupt, date_text};
use crate::rows::{parse_fnr, NumberRow, UserRow};
use crate::sql_store::{audit, denied, person_view, viewed_documents, USER_COLUMNS};
use crate::{Actor, Millis, StoreError, StoredDocument};

/// The most events one read of the feed gives.
pub const MAX_EVENTS_PER_READ: u32 = 1_000;
/// How many events past its cursor one look at the outbox examines, when
/// few of them are the reader's.
const SCAN_FACTOR: u32 = 4;

/// A page of the feed: the events the reader may see, in order, and the
/// position to ask after next (past events examined that the reader may
/// not see, so they are not examined again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventPage {
    pub events: Vec<OutboxEvent>,
    pub next_after: i64,
}

/// A webhook subscriber as the admin and the delivery loop see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookRecord {
    pub webhook_id: i64,
    pub owner: SubscriberOwner,
    pub url: String,
    pub created_at: Millis,
    pub created_by: String,
    /// The last position delivered (or passed over as not the owner's).
    pub delivered_through: i64,
    /// Failed attempts in a row.
    pub failures: i64,
    pub next_attempt_at: Millis,
}

/// A subscriber due for delivery, with the secret that signs it (only the
/// delivery loop gets it).
#[derive(Clone, Debug)]
pub struct DueWebhook {
    pub webhook: WebhookRecord,
    pub secret: String,
}

/// One attempt of a delivery, as the delivery log lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub delivery_id: i64,
    pub webhook_id: i64,
    pub first_position: i64,
    pub last_position: i64,
    pub n_events: i64,
    /// 1 for the first attempt of these events, then one more per retry.
    pub attempt: i64,
    pub at: Millis,
    /// The receiver's HTTP status, if it answered.
    pub status: Option<i64>,
    pub error: Option<String>,
    pub succeeded: bool,
}

/// What became of one delivery attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryOutcome {
    pub status: Option<u16>,
    pub error: Option<String>,
    pub succeeded: bool,
}

/// One notification of a user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationRecord {
    pub notification_id: i64,
    pub person: Fnr,
    pub topic: Topic,
    pub created_at: Millis,
    /// When it was first read; `None` until this read.
    pub read_at: Option<Millis>,
}

/// How a user hears of notifications.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationSettings {
    /// Set by the admin (`tilbake admin user add --email`).
    pub email: Option<String>,
    pub choice: EmailChoice,
    /// `nb` or `en`: the language of their e-mails.
    pub lang: String,
}

/// An e-mail due to be sent: to whom, in which language, telling which
/// topics (one, or a day's digest). It names no person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedEmail {
    pub email_id: i64,
    pub recipient: String,
    pub lang: String,
    pub digest: bool,
    pub topics: Vec<Topic>,
    pub attempts: i64,
}

/// The events, notifications and webhooks area of the store.
#[async_trait]
pub trait EventStore: Send + Sync + 'static {
    /// Gives the next positions to committed events not yet sequenced, in
    /// the order they were written, at most `limit`; answers how many.
    /// One sequencer at a time, so positions follow commit order.
    async fn sequence_events(&self, limit: u32, now: Millis) -> Result<u64, StoreError>;

    /// The feed after `after`: at most `limit` events the actor may see
    /// (the policy's `event_shown` with the actor's view of each person).
    /// Audited as one read, permitted or denied; `Forbidden` for a role
    /// that reads no feed.
    async fn read_events(
        &self,
        actor: &Actor,
        after: i64,
        limit: u32,
        today: NaiveDate,
        now: Millis,
    ) -> Result<EventPage, StoreError>;

    /// Registers a subscriber; it gets the events sequenced from now on.
    /// `Forbidden` (audited) for anyone but an admin or the operator.
    async fn register_webhook(
        &self,
        actor: &Actor,
        owner: SubscriberOwner,
        url: &str,
        secret: &str,
        now: Millis,
    ) -> Result<WebhookRecord, StoreError>;

    /// Every subscriber, for the admin (audited as a read of the log).
    async fn list_webhooks(
        &self,
        actor: &Actor,
        now: Millis,
    ) -> Result<Vec<WebhookRecord>, StoreError>;

    /// A subscriber's delivery log, newest first, for the admin (audited).
    async fn delivery_log(
        &self,
        actor: &Actor,
        webhook_id: i64,
        limit: u32,
        now: Millis,
    ) -> Result<Vec<DeliveryRecord>, StoreError>;

    /// The subscribers whose next attempt is due, with their secrets.
    async fn due_webhooks(&self, now: Millis) -> Result<Vec<DueWebhook>, StoreError>;

    /// The next events for a subscriber after what it has had, as its
    /// owner may see them.
    async fn webhook_events(
        &self,
        webhook: &WebhookRecord,
        limit: u32,
        today: NaiveDate,
    ) -> Result<EventPage, StoreError>;

    /// Records an attempt to deliver `page` (or, for an empty page, only
    /// moves past events the owner may not see): on success the subscriber
    /// has had everything through `page.next_after`; on failure its next
    /// attempt waits by the backoff.
    async fn record_delivery(
        &self,
        webhook: &WebhookRecord,
        page: &EventPage,
        outcome: &DeliveryOutcome,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// Turns the events after the notifier's cursor (at most `limit`) into
    /// notifications for the parties the policy tells, and queues e-mails
    /// for those who want each; answers how many events it looked at.
    async fn notify(&self, limit: u32, today: NaiveDate, now: Millis) -> Result<u64, StoreError>;

    /// How many notifications the actor has not read (the bell).
    async fn unread_notifications(&self, actor: &Actor) -> Result<u64, StoreError>;

    /// The actor's notifications, newest first, at most `limit`; marks the
    /// unread ones read. Audited.
    async fn read_notifications(
        &self,
        actor: &Actor,
        limit: u32,
        now: Millis,
    ) -> Result<Vec<NotificationRecord>, StoreError>;

    async fn notification_settings(
        &self,
        actor: &Actor,
    ) -> Result<NotificationSettings, StoreError>;

    /// The actor's own choice of e-mails and their language. Audited.
    async fn set_notification_settings(
        &self,
        actor: &Actor,
        choice: EmailChoice,
        lang: &str,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// Sets a user's e-mail address (the operator's `admin user add --email`).
    async fn set_user_email(
        &self,
        actor: &Actor,
        username: &str,
        email: &str,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// Queues one digest for each user who wants a daily digest, has not
    /// had one `today`, and has notifications not yet told by e-mail;
    /// answers how many.
    async fn queue_digests(&self, today: NaiveDate, now: Millis) -> Result<u64, StoreError>;

    /// E-mails due to be sent now, at most `limit`.
    async fn due_emails(&self, limit: u32, now: Millis) -> Result<Vec<QueuedEmail>, StoreError>;

    /// Records an attempt to send an e-mail: sent, or failed with the
    /// error (retried by the backoff).
    async fn record_email(
        &self,
        email: &QueuedEmail,
        error: Option<&str>,
        now: Millis,
    ) -> Result<(), StoreError>;
}

#[derive(sqlx::FromRow)]
struct EventRow {
    position: i64,
    person_id: String,
    kind: String,
    subject: String,
    reference: String,
    owner: Option<String>,
    sequenced_at: Option<i64>,
}

impl EventRow {
    fn event(self) -> Result<OutboxEvent, StoreError> {
        Ok(OutboxEvent {
            position: self.position,
            person: parse_fnr(&self.person_id)?,
            kind: EventKind::parse(&self.kind)
                .ok_or_else(|| corrupt(format!("'{}' is not an event kind", self.kind)))?,
            subject: self.subject,
            reference: self.reference,
            owner: self.owner,
            at: self.sequenced_at.unwrap_or(0),
        })
    }
}

#[derive(sqlx::FromRow)]
struct WebhookRow {
    webhook_id: i64,
    owner_kind: String,
    owner_org: String,
    url: String,
    secret: String,
    created_at: i64,
    created_by: String,
    delivered_through: i64,
    failures: i64,
    next_attempt_at: i64,
}

const WEBHOOK_COLUMNS: &str = "webhook_id, owner_kind, owner_org, url, secret, created_at, \
     created_by, delivered_through, failures, next_attempt_at";

impl WebhookRow {
    fn due(self) -> Result<DueWebhook, StoreError> {
        let organisation = Orgnr::parse(&self.owner_org)
            .map_err(|_| corrupt(format!("'{}' is not an orgnr", self.owner_org)))?;
        let owner = SubscriberOwner::new(&self.owner_kind, organisation)
            .ok_or_else(|| corrupt(format!("'{}' is not an owner kind", self.owner_kind)))?;
        Ok(DueWebhook {
            webhook: WebhookRecord {
                webhook_id: self.webhook_id,
                owner,
                url: self.url,
                created_at: self.created_at,
                created_by: self.created_by,
                delivered_through: self.delivered_through,
                failures: self.failures,
                next_attempt_at: self.next_attempt_at,
            },
            secret: self.secret,
        })
    }
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    delivery_id: i64,
    webhook_id: i64,
    first_position: i64,
    last_position: i64,
    n_events: i64,
    attempt: i64,
    at: i64,
    status: Option<i64>,
    error: Option<String>,
    succeeded: bool,
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    #[sqlx(flatten)]
    user: UserRow,
    email: Option<String>,
    email_choice: String,
    lang: String,
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    notification_id: i64,
    person_id: String,
    topic: String,
    created_at: i64,
    read_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct SettingsRow {
    email: Option<String>,
    email_choice: String,
    lang: String,
}

#[derive(sqlx::FromRow)]
struct EmailRow {
    email_id: i64,
    recipient: String,
    lang: String,
    kind: String,
    topics: String,
    attempts: i64,
}

#[derive(sqlx::FromRow)]
struct DigestRow {
    user_id: i64,
    email: String,
    lang: String,
    topic: String,
}

fn parse_topic(text: &str) -> Result<Topic, StoreError> {
    Topic::parse(text).ok_or_else(|| corrupt(format!("'{text}' is not a topic")))
}

fn topics_text(topics: &[Topic]) -> String {
    topics
        .iter()
        .map(|topic| topic.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The events after `after` in position order, at most `limit`.
async fn events_after<T: Tx>(
    tx: &mut T,
    after: i64,
    limit: u32,
) -> Result<Vec<OutboxEvent>, StoreError> {
    tx.fetch_all::<EventRow>(
        "SELECT position, person_id, kind, subject, reference, owner, sequenced_at \
         FROM outbox_events WHERE position > $1 ORDER BY position LIMIT $2",
        &[Arg::Int(after), Arg::Int(i64::from(limit))],
    )
    .await?
    .into_iter()
    .map(EventRow::event)
    .collect()
}

/// What one reader sees of one person: the view and the documents it
/// shows; `None` when the reader does not see the person.
type Seen = Option<(PersonView, Vec<StoredDocument>)>;

/// What each reader sees of each person, read once per person and reader.
#[derive(Default)]
struct SeenCache {
    seen: BTreeMap<(String, usize), Seen>,
}

impl SeenCache {
    async fn of<B: Backend>(
        &mut self,
        tx: &mut B::Tx,
        reader: usize,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
    ) -> Result<&Seen, StoreError> {
        let key = (person.to_string(), reader);
        if !self.seen.contains_key(&key) {
            let seen = match person_view::<B>(tx, actor, person, today, false).await? {
                Some((_, view)) => {
                    let documents = viewed_documents(tx, &key.0, &view).await?;
                    Some((view, documents))
                }
                None => None,
            };
            self.seen.insert(key.clone(), seen);
        }
        Ok(self.seen.get(&key).unwrap_or(&None))
    }
}

/// The event's document among those a reader is shown.
fn document_of<'d>(event: &OutboxEvent, documents: &'d [StoredDocument]) -> Option<&'d Document> {
    if event.kind != EventKind::DocumentStored {
        return None;
    }
    documents
        .iter()
        .map(|stored| &stored.document)
        .find(|document| {
            document.kind().as_str() == event.subject && document.id == event.reference
        })
}

/// Whether any of `readers` may see `event`.
async fn seen_by_any<B: Backend>(
    tx: &mut B::Tx,
    cache: &mut SeenCache,
    readers: &[Actor],
    event: &OutboxEvent,
    today: NaiveDate,
) -> Result<bool, StoreError> {
    for (index, reader) in readers.iter().enumerate() {
        if let Some((view, documents)) = cache
            .of::<B>(tx, index, reader, &event.person, today)
            .await?
        {
            let document_shown = document_of(event, documents).is_some();
            if policy::event_shown(view, event, document_shown) {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The events after `after` that one of `readers` may see: at most
/// `limit`, looking at most at `limit * SCAN_FACTOR` events.
async fn visible_page<B: Backend>(
    tx: &mut B::Tx,
    readers: &[Actor],
    after: i64,
    limit: u32,
    today: NaiveDate,
) -> Result<EventPage, StoreError> {
    let candidates = events_after(tx, after, limit.saturating_mul(SCAN_FACTOR)).await?;
    let mut cache = SeenCache::default();
    let mut events = Vec::new();
    let mut next_after = after;
    for event in candidates {
        if events.len() >= limit as usize {
            break;
        }
        next_after = event.position;
        if seen_by_any::<B>(tx, &mut cache, readers, &event, today).await? {
            events.push(event);
        }
    }
    Ok(EventPage { events, next_after })
}

/// The readers a subscriber sees events as: its owner's principal, or the
/// owner organisation's staff of the scope's role.
async fn subscriber_readers<B: Backend>(
    tx: &mut B::Tx,
    owner: SubscriberOwner,
) -> Result<Vec<Actor>, StoreError> {
    match policy::subscriber_scope(owner) {
        SubscriberScope::As(principal) => Ok(vec![Actor::new(principal)]),
        SubscriberScope::AsStaff { role, organisation } => {
            let sql = format!(
                "SELECT {USER_COLUMNS} FROM users u WHERE u.role = $1 AND u.employer = $2 ORDER BY u.user_id"
            );
            tx.fetch_all::<UserRow>(
                &sql,
                &[
                    Arg::from(role.as_str()),
                    Arg::from(organisation.to_string()),
                ],
            )
            .await?
            .iter()
            .map(UserRow::actor)
            .collect()
        }
    }
}

/// An account that may be told of an event, with how it hears of it.
struct Candidate {
    actor: Actor,
    email: Option<String>,
    choice: EmailChoice,
    lang: String,
}

/// The accounts that may be told of events about a person: the person,
/// the managers of the employers of their cases, the GPs who certified
/// them and the caseworkers of their unit. Only candidates: the policy
/// decides with each one's own view.
const CANDIDATES: &str = "FROM users u WHERE u.person = $1 \
     OR (u.role = 'manager' AND u.employer IN (SELECT employer FROM case_employers WHERE person_id = $1)) \
     OR (u.role = 'gp' AND u.gp_id IN (SELECT gp FROM documents WHERE person_id = $1 AND kind = 'sick_leave')) \
     OR (u.role = 'caseworker' AND u.unit = (SELECT unit FROM persons WHERE person_id = $1)) \
     ORDER BY u.user_id";

#[async_trait]
impl<B: Backend> EventStore for B {
    async fn sequence_events(&self, limit: u32, now: Millis) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        if let Some(lock) = B::SEQUENCER_LOCK {
            tx.execute(lock, &[]).await?;
        }
        let numbered = tx
            .execute(
                "UPDATE outbox_events SET position = numbered.base + numbered.n, sequenced_at = $1 \
                 FROM (SELECT e.event_id, ROW_NUMBER() OVER (ORDER BY e.event_id) AS n, \
                 (SELECT COALESCE(MAX(m.position), 0) FROM outbox_events m) AS base \
                 FROM outbox_events e WHERE e.position IS NULL ORDER BY e.event_id LIMIT $2) AS numbered \
                 WHERE outbox_events.event_id = numbered.event_id",
                &[Arg::Int(now), Arg::Int(i64::from(limit))],
            )
            .await?;
        tx.commit().await?;
        Ok(numbered)
    }

    async fn read_events(
        &self,
        actor: &Actor,
        after: i64,
        limit: u32,
        today: NaiveDate,
        now: Millis,
    ) -> Result<EventPage, StoreError> {
        let action = AuditAction::ReadEvents;
        let purpose = format!("events after {after}");
        if !policy::reads_event_feed(actor) {
            return Err(denied(
                self,
                actor,
                "",
                action,
                &purpose,
                now,
                StoreError::Forbidden,
            )
            .await);
        }
        let limit = limit.clamp(1, MAX_EVENTS_PER_READ);
        let mut tx = self.begin().await?;
        let page =
            visible_page::<B>(&mut tx, std::slice::from_ref(actor), after, limit, today).await?;
        audit::<B>(&mut tx, "", actor, action, &purpose, true, now).await?;
        tx.commit().await?;
        Ok(page)
    }

    async fn register_webhook(
        &self,
        actor: &Actor,
        owner: SubscriberOwner,
        url: &str,
        secret: &str,
        now: Millis,
    ) -> Result<WebhookRecord, StoreError> {
        let action = AuditAction::RegisterWebhook;
        let purpose = format!("webhook for {}:{}", owner.kind_str(), owner.organisation());
        require_admin(self, actor, action, &purpose, now).await?;
        let mut tx = self.begin().await?;
        // From now on: the last position given so far.
        let through = tx
            .fetch_all::<NumberRow>(
                "SELECT COALESCE(MAX(position), 0) AS number FROM outbox_events",
                &[],
            )
            .await?
            .first()
            .map_or(0, |row| row.number);
        let row = tx
            .fetch_optional::<NumberRow>(
                "INSERT INTO webhooks (owner_kind, owner_org, url, secret, created_at, created_by, delivered_through) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING webhook_id AS number",
                &[
                    Arg::from(owner.kind_str()),
                    Arg::from(owner.organisation().to_string()),
                    Arg::from(url),
                    Arg::from(secret),
                    Arg::Int(now),
                    Arg::from(actor.username.as_str()),
                    Arg::Int(through),
                ],
            )
            .await?
            .ok_or_else(|| corrupt("the new webhook got no id".to_owned()))?;
        audit::<B>(&mut tx, "", actor, action, &purpose, true, now).await?;
        tx.commit().await?;
        Ok(WebhookRecord {
            webhook_id: row.number,
            owner,
            url: url.to_owned(),
            created_at: now,
            created_by: actor.username.clone(),
            delivered_through: through,
            failures: 0,
            next_attempt_at: 0,
        })
    }

    async fn list_webhooks(
        &self,
        actor: &Actor,
        now: Millis,
    ) -> Result<Vec<WebhookRecord>, StoreError> {
        let action = AuditAction::ReadDeliveryLog;
        require_admin(self, actor, action, "webhooks", now).await?;
        let mut tx = self.begin().await?;
        let rows = tx
            .fetch_all::<WebhookRow>(
                &format!("SELECT {WEBHOOK_COLUMNS} FROM webhooks ORDER BY webhook_id"),
                &[],
            )
            .await?;
        audit::<B>(&mut tx, "", actor, action, "webhooks", true, now).await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|row| row.due().map(|due| due.webhook))
            .collect()
    }

    async fn delivery_log(
        &self,
        actor: &Actor,
        webhook_id: i64,
        limit: u32,
        now: Millis,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        let action = AuditAction::ReadDeliveryLog;
        let purpose = format!("webhook {webhook_id}");
        require_admin(self, actor, action, &purpose, now).await?;
        let mut tx = self.begin().await?;
        let exists = tx
            .fetch_optional::<NumberRow>(
                "SELECT webhook_id AS number FROM webhooks WHERE webhook_id = $1",
                &[Arg::Int(webhook_id)],
            )
            .await?
            .is_some();
        if !exists {
            audit::<B>(&mut tx, "", actor, action, &purpose, false, now).await?;
            tx.commit().await?;
            return Err(StoreError::NotFound);
        }
        let rows = tx
            .fetch_all::<DeliveryRow>(
                "SELECT delivery_id, webhook_id, first_position, last_position, n_events, attempt, at, \
                 status, error, succeeded FROM webhook_deliveries WHERE webhook_id = $1 \
                 ORDER BY delivery_id DESC LIMIT $2",
                &[Arg::Int(webhook_id), Arg::Int(i64::from(limit))],
            )
            .await?;
        audit::<B>(&mut tx, "", actor, action, &purpose, true, now).await?;
        tx.commit().await?;
        Ok(rows
            .into_iter()
            .map(|row| DeliveryRecord {
                delivery_id: row.delivery_id,
                webhook_id: row.webhook_id,
                first_position: row.first_position,
                last_position: row.last_position,
                n_events: row.n_events,
                attempt: row.attempt,
                at: row.at,
                status: row.status,
                error: row.error,
                succeeded: row.succeeded,
            })
            .collect())
    }

    async fn due_webhooks(&self, now: Millis) -> Result<Vec<DueWebhook>, StoreError> {
        self.fetch_all::<WebhookRow>(
            &format!(
                "SELECT {WEBHOOK_COLUMNS} FROM webhooks WHERE next_attempt_at <= $1 \
                 AND delivered_through < (SELECT COALESCE(MAX(position), 0) FROM outbox_events) \
                 ORDER BY webhook_id"
            ),
            &[Arg::Int(now)],
        )
        .await?
        .into_iter()
        .map(WebhookRow::due)
        .collect()
    }

    async fn webhook_events(
        &self,
        webhook: &WebhookRecord,
        limit: u32,
        today: NaiveDate,
    ) -> Result<EventPage, StoreError> {
        let mut tx = self.begin().await?;
        let readers = subscriber_readers::<B>(&mut tx, webhook.owner).await?;
        let page =
            visible_page::<B>(&mut tx, &readers, webhook.delivered_through, limit, today).await?;
        tx.rollback().await?;
        Ok(page)
    }

    async fn record_delivery(
        &self,
        webhook: &WebhookRecord,
        page: &EventPage,
        outcome: &DeliveryOutcome,
        now: Millis,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        if outcome.succeeded {
            // Only forward: a slower loop that delivered the same events
            // again must not move the subscriber back.
            tx.execute(
                "UPDATE webhooks SET delivered_through = $2, failures = 0, next_attempt_at = 0 \
                 WHERE webhook_id = $1 AND delivered_through < $2",
                &[Arg::Int(webhook.webhook_id), Arg::Int(page.next_after)],
            )
            .await?;
        } else {
            let failures = webhook.failures + 1;
            let wait = retry_backoff_millis(u32::try_from(failures).unwrap_or(u32::MAX));
            tx.execute(
                "UPDATE webhooks SET failures = $2, next_attempt_at = $3 WHERE webhook_id = $1",
                &[
                    Arg::Int(webhook.webhook_id),
                    Arg::Int(failures),
                    Arg::Int(now.saturating_add(wait)),
                ],
            )
            .await?;
        }
        if let (Some(first), Some(last)) = (page.events.first(), page.events.last()) {
            tx.execute(
                "INSERT INTO webhook_deliveries (webhook_id, first_position, last_position, n_events, \
                 attempt, at, status, error, succeeded) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    Arg::Int(webhook.webhook_id),
                    Arg::Int(first.position),
                    Arg::Int(last.position),
                    Arg::Int(page.events.len() as i64),
                    Arg::Int(webhook.failures + 1),
                    Arg::Int(now),
                    outcome
                        .status
                        .map_or(Arg::OptText(None), |status| Arg::Int(i64::from(status))),
                    Arg::from(outcome.error.as_deref()),
                    Arg::Bool(outcome.succeeded),
                ],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn notify(&self, limit: u32, today: NaiveDate, now: Millis) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let cursor = tx
            .fetch_optional::<NumberRow>(
                "SELECT position AS number FROM outbox_cursors WHERE consumer = 'notifications'",
                &[],
            )
            .await?
            .map_or(0, |row| row.number);
        let events = events_after(&mut tx, cursor, limit).await?;
        let Some(last) = events.last().map(|event| event.position) else {
            tx.rollback().await?;
            return Ok(0);
        };
        let mut candidates: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
        let mut cache = SeenCache::default();
        for event in &events {
            let person_id = event.person.to_string();
            if !candidates.contains_key(&person_id) {
                let rows = tx
                    .fetch_all::<CandidateRow>(
                        &format!(
                            "SELECT {USER_COLUMNS}, u.email, u.email_choice, u.lang {CANDIDATES}"
                        ),
                        &[Arg::from(person_id.as_str())],
                    )
                    .await?;
                let mut found = Vec::with_capacity(rows.len());
                for row in rows {
                    let choice = EmailChoice::parse(&row.email_choice).ok_or_else(|| {
                        corrupt(format!("'{}' is not an e-mail choice", row.email_choice))
                    })?;
                    found.push(Candidate {
                        actor: row.user.actor()?,
                        email: row.email,
                        choice,
                        lang: row.lang,
                    });
                }
                candidates.insert(person_id.clone(), found);
            }
            let Some(people) = candidates.get(&person_id) else {
                continue;
            };
            for Candidate {
                actor,
                email,
                choice,
                lang,
            } in people
            {
                if !policy::may_be_told(actor.role, event.kind) {
                    continue;
                }
                // Each user is a reader of their own (keyed by user id).
                let reader = usize::try_from(actor.user_id).unwrap_or(usize::MAX);
                let Some((view, documents)) = cache
                    .of::<B>(&mut tx, reader, actor, &event.person, today)
                    .await?
                else {
                    continue;
                };
                let document = document_of(event, documents);
                if !policy::event_shown(view, event, document.is_some()) {
                    continue;
                }
                let shown: Vec<&Document> =
                    documents.iter().map(|stored| &stored.document).collect();
                let Some(topic) = policy::told(actor, event, document, &shown) else {
                    continue;
                };
                let emails_each = *choice == EmailChoice::Each && email.is_some();
                let told_by_email = *choice == EmailChoice::None || email.is_none();
                let inserted = tx
                    .execute(
                        "INSERT INTO notifications (user_id, position, person_id, topic, created_at, emailed) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, position) DO NOTHING",
                        &[
                            Arg::Int(actor.user_id),
                            Arg::Int(event.position),
                            Arg::from(person_id.as_str()),
                            Arg::from(topic.as_str()),
                            Arg::Int(now),
                            Arg::Bool(told_by_email || emails_each),
                        ],
                    )
                    .await?;
                if inserted > 0 && emails_each {
                    if let Some(recipient) = email {
                        tx.execute(
                            "INSERT INTO email_queue (user_id, recipient, kind, topics, lang, created_at, next_attempt_at) \
                             VALUES ($1, $2, 'each', $3, $4, $5, $5)",
                            &[
                                Arg::Int(actor.user_id),
                                Arg::from(recipient.as_str()),
                                Arg::from(topic.as_str()),
                                Arg::from(lang.as_str()),
                                Arg::Int(now),
                            ],
                        )
                        .await?;
                    }
                }
            }
        }
        tx.execute(
            "INSERT INTO outbox_cursors (consumer, position) VALUES ('notifications', $1) \
             ON CONFLICT (consumer) DO UPDATE SET position = excluded.position",
            &[Arg::Int(last)],
        )
        .await?;
        tx.commit().await?;
        Ok(events.len() as u64)
    }

    async fn unread_notifications(&self, actor: &Actor) -> Result<u64, StoreError> {
        let rows = self
            .fetch_all::<NumberRow>(
                "SELECT COUNT(*) AS number FROM notifications WHERE user_id = $1 AND read_at IS NULL",
                &[Arg::Int(actor.user_id)],
            )
            .await?;
        Ok(rows
            .first()
            .map_or(0, |row| u64::try_from(row.number).unwrap_or(0)))
    }

    async fn read_notifications(
        &self,
        actor: &Actor,
        limit: u32,
        now: Millis,
    ) -> Result<Vec<NotificationRecord>, StoreError> {
        let mut tx = self.begin().await?;
        let rows = tx
            .fetch_all::<NotificationRow>(
                "SELECT notification_id, person_id, topic, created_at, read_at FROM notifications \
                 WHERE user_id = $1 ORDER BY notification_id DESC LIMIT $2",
                &[Arg::Int(actor.user_id), Arg::Int(i64::from(limit))],
            )
            .await?;
        tx.execute(
            "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
            &[Arg::Int(actor.user_id), Arg::Int(now)],
        )
        .await?;
        audit::<B>(
            &mut tx,
            "",
            actor,
            AuditAction::ReadNotifications,
            "notifications",
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|row| {
                Ok(NotificationRecord {
                    notification_id: row.notification_id,
                    person: parse_fnr(&row.person_id)?,
                    topic: parse_topic(&row.topic)?,
                    created_at: row.created_at,
                    read_at: row.read_at,
                })
            })
            .collect()
    }

    async fn notification_settings(
        &self,
        actor: &Actor,
    ) -> Result<NotificationSettings, StoreError> {
        let row = self
            .fetch_all::<SettingsRow>(
                "SELECT email, email_choice, lang FROM users WHERE user_id = $1",
                &[Arg::Int(actor.user_id)],
            )
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound)?;
        Ok(NotificationSettings {
            email: row.email,
            choice: EmailChoice::parse(&row.email_choice).ok_or_else(|| {
                corrupt(format!("'{}' is not an e-mail choice", row.email_choice))
            })?,
            lang: row.lang,
        })
    }

    async fn set_notification_settings(
        &self,
        actor: &Actor,
        choice: EmailChoice,
        lang: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        if !matches!(lang, "nb" | "en") {
            return Err(StoreError::Invalid {
                field: "lang".to_owned(),
                message: "must be nb or en".to_owned(),
            });
        }
        let mut tx = self.begin().await?;
        let changed = tx
            .execute(
                "UPDATE users SET email_choice = $2, lang = $3 WHERE user_id = $1",
                &[
                    Arg::Int(actor.user_id),
                    Arg::from(choice.as_str()),
                    Arg::from(lang),
                ],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        audit::<B>(
            &mut tx,
            "",
            actor,
            AuditAction::ChangeNotificationSettings,
            &format!("e-mail {}, {lang}", choice.as_str()),
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_user_email(
        &self,
        actor: &Actor,
        username: &str,
        email: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        let action = AuditAction::ChangeNotificationSettings;
        let purpose = format!("e-mail address of {username}");
        require_admin(self, actor, action, &purpose, now).await?;
        let mut tx = self.begin().await?;
        let changed = tx
            .execute(
                "UPDATE users SET email = $2 WHERE username = $1",
                &[Arg::from(username), Arg::from(email)],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        audit::<B>(&mut tx, "", actor, action, &purpose, true, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn queue_digests(&self, today: NaiveDate, now: Millis) -> Result<u64, StoreError> {
        let today_text = date_text(today);
        let mut tx = self.begin().await?;
        let rows = tx
            .fetch_all::<DigestRow>(
                "SELECT u.user_id, u.email, u.lang, n.topic FROM users u \
                 JOIN notifications n ON n.user_id = u.user_id AND NOT n.emailed \
                 WHERE u.email_choice = 'digest' AND u.email IS NOT NULL \
                 AND (u.digest_sent_on IS NULL OR u.digest_sent_on <> $1) \
                 ORDER BY u.user_id, n.notification_id",
                &[Arg::from(today_text.as_str())],
            )
            .await?;
        let mut digests: BTreeMap<i64, (String, String, Vec<Topic>)> = BTreeMap::new();
        for row in rows {
            let topic = parse_topic(&row.topic)?;
            digests
                .entry(row.user_id)
                .or_insert_with(|| (row.email, row.lang, Vec::new()))
                .2
                .push(topic);
        }
        for (user_id, (email, lang, topics)) in &digests {
            tx.execute(
                "INSERT INTO email_queue (user_id, recipient, kind, topics, lang, created_at, next_attempt_at) \
                 VALUES ($1, $2, 'digest', $3, $4, $5, $5)",
                &[
                    Arg::Int(*user_id),
                    Arg::from(email.as_str()),
                    Arg::from(topics_text(topics)),
                    Arg::from(lang.as_str()),
                    Arg::Int(now),
                ],
            )
            .await?;
            tx.execute(
                "UPDATE notifications SET emailed = TRUE WHERE user_id = $1 AND NOT emailed",
                &[Arg::Int(*user_id)],
            )
            .await?;
            tx.execute(
                "UPDATE users SET digest_sent_on = $2 WHERE user_id = $1",
                &[Arg::Int(*user_id), Arg::from(today_text.as_str())],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(digests.len() as u64)
    }

    async fn due_emails(&self, limit: u32, now: Millis) -> Result<Vec<QueuedEmail>, StoreError> {
        self.fetch_all::<EmailRow>(
            "SELECT email_id, recipient, lang, kind, topics, attempts FROM email_queue \
             WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY email_id LIMIT $2",
            &[Arg::Int(now), Arg::Int(i64::from(limit))],
        )
        .await?
        .into_iter()
        .map(|row| {
            Ok(QueuedEmail {
                email_id: row.email_id,
                recipient: row.recipient,
                lang: row.lang,
                digest: row.kind == "digest",
                topics: row
                    .topics
                    .split(',')
                    .filter(|topic| !topic.is_empty())
                    .map(parse_topic)
                    .collect::<Result<_, _>>()?,
                attempts: row.attempts,
            })
        })
        .collect()
    }

    async fn record_email(
        &self,
        email: &QueuedEmail,
        error: Option<&str>,
        now: Millis,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        match error {
            None => {
                tx.execute(
                    "UPDATE email_queue SET sent_at = $2, attempts = attempts + 1, last_error = NULL \
                     WHERE email_id = $1",
                    &[Arg::Int(email.email_id), Arg::Int(now)],
                )
                .await?;
            }
            Some(error) => {
                let attempts = email.attempts + 1;
                let wait = retry_backoff_millis(u32::try_from(attempts).unwrap_or(u32::MAX));
                tx.execute(
                    "UPDATE email_queue SET attempts = $2, next_attempt_at = $3, last_error = $4 \
                     WHERE email_id = $1",
                    &[
                        Arg::Int(email.email_id),
                        Arg::Int(attempts),
                        Arg::Int(now.saturating_add(wait)),
                        Arg::from(error),
                    ],
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Webhooks and users' e-mail addresses are the admin's: anyone else is
/// refused, and the refusal is audited.
async fn require_admin<B: Backend>(
    backend: &B,
    actor: &Actor,
    action: AuditAction,
    purpose: &str,
    now: Millis,
) -> Result<(), StoreError> {
    if policy::manages_webhooks(actor) {
        return Ok(());
    }
    Err(denied(
        backend,
        actor,
        "",
        action,
        purpose,
        now,
        StoreError::Forbidden,
    )
    .await)
}
