//! The outbox's delivery loop, run inside `tilbake serve`: it numbers the
//! events the store's triggers wrote (the sequencer), turns them into
//! notifications, posts them to webhook subscribers, signed, and sends the
//! queued e-mails through SMTP.
//!
//! Everything it sends is first durable in the database and is marked done
//! only after the receiver took it, so a process killed at any moment
//! (SIGKILL) loses nothing: the next run sends again what was not marked,
//! with the same event ids (at least once; receivers deduplicate on `id`).
//! Failures wait by the store's backoff (`retry_backoff_millis`), per
//! subscriber and per e-mail, so one receiver that is down holds up no other.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, Request};
use http_body_util::Full;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tilbake_contract::events::{
    events_page_value, signature, DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
use tilbake_store::{DeliveryOutcome, DueWebhook, EventPage, QueuedEmail, Store, StoreError};
use tilbake_web::Clock;

/// Events numbered per round of the sequencer.
const SEQUENCE_BATCH: u32 = 20_000;
/// Events the notifier looks at per round.
const NOTIFY_BATCH: u32 = 2_000;
/// Events per webhook delivery (one POST).
const EVENTS_PER_DELIVERY: u32 = 500;
/// E-mails sent per round.
const EMAILS_PER_ROUND: u32 = 50;
/// How long the loop rests when a round found nothing to do.
const IDLE_WAIT: Duration = Duration::from_millis(200);
/// How long a receiver may take to answer.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// Where e-mail goes: an SMTP server (`smtp://HOST[:PORT]`, no TLS: a
/// local relay), and the sender's address.
#[derive(Clone, Debug)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub from: String,
}

impl SmtpConfig {
    /// `smtp://HOST[:PORT]` (port 25 when not given).
    pub fn parse(url: &str, from: &str) -> Result<SmtpConfig, String> {
        let rest = url
            .strip_prefix("smtp://")
            .ok_or("give the SMTP server as smtp://HOST[:PORT], e.g. smtp://127.0.0.1:2525")?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse::<u16>()
                    .map_err(|_| format!("'{port}' is not a port number (1 to 65535)"))?,
            ),
            None => (rest, 25),
        };
        if host.is_empty() {
            return Err("the SMTP URL names no host".to_owned());
        }
        from.parse::<Mailbox>().map_err(|error| {
            format!("the sender address '{from}' is not an e-mail address: {error}")
        })?;
        Ok(SmtpConfig {
            host: host.to_owned(),
            port,
            from: from.to_owned(),
        })
    }
}

/// What the loop needs besides the store and the clock.
#[derive(Clone, Debug)]
pub struct DeliveryConfig {
    /// Without it, no e-mail is sent (the queue keeps them).
    pub smtp: Option<SmtpConfig>,
    /// The service's address as users reach it, for the link in e-mails
    /// (the address listened on when not given).
    pub public_url: Option<String>,
}

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    /// Events numbered.
    pub sequenced: u64,
    /// Events looked at by the notifier.
    pub notified: u64,
    /// Events delivered to subscribers.
    pub delivered: u64,
    /// E-mails tried.
    pub emails: u64,
}

impl Round {
    fn did_anything(self) -> bool {
        self != Round::default()
    }
}

/// The delivery loop, with its HTTP client and mailer.
pub struct Outbox {
    store: Arc<dyn Store>,
    clock: Clock,
    config: DeliveryConfig,
    http: Client<HttpConnector, Full<Bytes>>,
    mailer: Option<AsyncSmtpTransport<Tokio1Executor>>,
}

impl Outbox {
    pub fn new(store: Arc<dyn Store>, clock: Clock, config: DeliveryConfig) -> Outbox {
        let mailer = config.smtp.as_ref().map(|smtp| {
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
                .port(smtp.port)
                .timeout(Some(SEND_TIMEOUT))
                .build()
        });
        Outbox {
            store,
            clock,
            config,
            http: Client::builder(TokioExecutor::new()).build_http(),
            mailer,
        }
    }

    /// Runs rounds for ever, resting when there is nothing to do; a
    /// failed round is logged and tried again.
    pub async fn run(self) {
        loop {
            match self.round().await {
                Ok(round) if round.did_anything() => {
                    tracing::debug!(?round, "outbox round");
                }
                Ok(_) => tokio::time::sleep(IDLE_WAIT).await,
                Err(error) => {
                    tracing::warn!(%error, "outbox round failed; trying again");
                    tokio::time::sleep(IDLE_WAIT).await;
                }
            }
        }
    }

    /// One round: number, notify, deliver to subscribers, send e-mail.
    pub async fn round(&self) -> Result<Round, StoreError> {
        let mut round = Round {
            sequenced: self
                .store
                .sequence_events(SEQUENCE_BATCH, self.clock.now())
                .await?,
            ..Round::default()
        };
        round.notified = self
            .store
            .notify(NOTIFY_BATCH, self.clock.today(), self.clock.now())
            .await?;
        for due in self.store.due_webhooks(self.clock.now()).await? {
            round.delivered += self.deliver(&due).await?;
        }
        if let Some(mailer) = &self.mailer {
            for email in self
                .store
                .due_emails(EMAILS_PER_ROUND, self.clock.now())
                .await?
            {
                let error = self.send_email(mailer, &email).await.err();
                if let Some(error) = &error {
                    tracing::warn!(email_id = email.email_id, %error, "an e-mail was not sent; it is tried again later");
                }
                self.store
                    .record_email(&email, error.as_deref(), self.clock.now())
                    .await?;
                round.emails += 1;
            }
        }
        Ok(round)
    }

    /// Delivers the next events of one subscriber; answers how many.
    async fn deliver(&self, due: &DueWebhook) -> Result<u64, StoreError> {
        let webhook = &due.webhook;
        let page = self
            .store
            .webhook_events(webhook, EVENTS_PER_DELIVERY, self.clock.today())
            .await?;
        if page.next_after <= webhook.delivered_through {
            return Ok(0);
        }
        let outcome = if page.events.is_empty() {
            // Nothing its owner may see: move past without a request.
            DeliveryOutcome {
                status: None,
                error: None,
                succeeded: true,
            }
        } else {
            self.post(&webhook.url, &due.secret, &page).await
        };
        if !outcome.succeeded {
            tracing::warn!(
                webhook_id = webhook.webhook_id,
                error = outcome.error.as_deref().unwrap_or(""),
                "a webhook delivery failed; it is tried again after a wait"
            );
        }
        self.store
            .record_delivery(webhook, &page, &outcome, self.clock.now())
            .await?;
        Ok(if outcome.succeeded {
            page.events.len() as u64
        } else {
            0
        })
    }

    /// Posts a page of events, signed.
    async fn post(&self, url: &str, secret: &str, page: &EventPage) -> DeliveryOutcome {
        let body = events_page_value(&page.events, page.next_after).to_string();
        let timestamp = self.clock.now() / 1_000;
        let delivery = match (page.events.first(), page.events.last()) {
            (Some(first), Some(last)) => format!("{}-{}", first.position, last.position),
            _ => String::new(),
        };
        let request = Request::post(url)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::USER_AGENT, "tilbake-webhooks")
            .header(TIMESTAMP_HEADER, timestamp)
            .header(
                SIGNATURE_HEADER,
                signature(secret, timestamp, body.as_bytes()),
            )
            .header(DELIVERY_HEADER, delivery)
            .body(Full::new(Bytes::from(body)));
        let failed = |error: String| DeliveryOutcome {
            status: None,
            error: Some(error),
            succeeded: false,
        };
        let request = match request {
            Ok(request) => request,
            Err(error) => return failed(format!("the URL cannot be requested: {error}")),
        };
        match tokio::time::timeout(SEND_TIMEOUT, self.http.request(request)).await {
            Err(_) => failed(format!("no answer within {} s", SEND_TIMEOUT.as_secs())),
            Ok(Err(error)) => failed(format!("cannot reach the receiver: {error}")),
            Ok(Ok(response)) => {
                let status = response.status();
                DeliveryOutcome {
                    status: Some(status.as_u16()),
                    error: (!status.is_success())
                        .then(|| format!("the receiver answered {status}")),
                    succeeded: status.is_success(),
                }
            }
        }
    }

    /// Sends one e-mail: what waits, in the recipient's language, with a
    /// link to the notifications (no person, no health data).
    async fn send_email(
        &self,
        mailer: &AsyncSmtpTransport<Tokio1Executor>,
        email: &QueuedEmail,
    ) -> Result<(), String> {
        let Some(smtp) = &self.config.smtp else {
            return Err("no SMTP server is configured".to_owned());
        };
        let link = format!(
            "{}{}",
            self.config
                .public_url
                .as_deref()
                .unwrap_or_default()
                .trim_end_matches('/'),
            tilbake_ui::paths::NOTIFICATIONS
        );
        let (subject, body) =
            tilbake_ui::email_message(&email.lang, email.digest, &email.topics, &link);
        let from: Mailbox = smtp
            .from
            .parse()
            .map_err(|error| format!("the sender address is not valid: {error}"))?;
        let to: Mailbox = email
            .recipient
            .parse()
            .map_err(|error| format!("the recipient's address is not valid: {error}"))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|error| format!("the e-mail cannot be written: {error}"))?;
        mailer
            .send(message)
            .await
            .map(|_| ())
            .map_err(|error| format!("the SMTP server did not take it: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::SmtpConfig;

    #[test]
    fn an_smtp_url_names_host_and_port() {
        let smtp = SmtpConfig::parse("smtp://127.0.0.1:2525", "tilbake@example.test").unwrap();
        assert_eq!((smtp.host.as_str(), smtp.port), ("127.0.0.1", 2525));
        assert_eq!(
            SmtpConfig::parse("smtp://mail", "a@b.test").unwrap().port,
            25
        );
        assert!(SmtpConfig::parse("http://mail", "a@b.test").is_err());
        assert!(SmtpConfig::parse("smtp://mail:x", "a@b.test").is_err());
        assert!(SmtpConfig::parse("smtp://:25", "a@b.test").is_err());
        assert!(SmtpConfig::parse("smtp://mail", "not an address").is_err());
    }
}
