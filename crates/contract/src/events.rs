//! The event feed's JSON (`GET /api/v1/events` and webhook deliveries
//! carry the same objects) and the signature of a webhook delivery.
//!
//! An event names kinds and ids, never content: a receiver that needs the
//! document asks the API for it, under its own access. A delivery is signed
//! with HMAC-SHA256 over `"{timestamp}.{body}"` with the subscriber's
//! secret, sent as `X-Tilbake-Signature: v1=<hex>` with the Unix timestamp
//! in seconds in `X-Tilbake-Timestamp`; a receiver recomputes it and
//! refuses a timestamp far from its clock (replay).

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tilbake_domain::events::OutboxEvent;

/// The header with the delivery's Unix time in seconds.
pub const TIMESTAMP_HEADER: &str = "X-Tilbake-Timestamp";
/// The header with `v1=` and the hex HMAC-SHA256 of `"{timestamp}.{body}"`.
pub const SIGNATURE_HEADER: &str = "X-Tilbake-Signature";
/// The header with the delivery's first and last event id (`first-last`),
/// the same on every retry of the same events.
pub const DELIVERY_HEADER: &str = "X-Tilbake-Delivery";

/// One event as the feed and the webhooks give it: `id` is its position,
/// increasing, the same on every delivery (receivers deduplicate on it).
pub fn event_value(event: &OutboxEvent) -> Value {
    json!({
        "id": event.position,
        "person": event.person.to_string(),
        "kind": event.kind.as_str(),
        "subject": event.subject,
        "reference": event.reference,
        "owner": event.owner,
        "at": event.at,
    })
}

/// A page of events: `{"events": […], "next_after": N}`; ask with
/// `after=N` for what follows.
pub fn events_page_value(events: &[OutboxEvent], next_after: i64) -> Value {
    json!({
        "events": events.iter().map(event_value).collect::<Vec<_>>(),
        "next_after": next_after,
    })
}

/// The `X-Tilbake-Signature` value of a delivery.
pub fn signature(secret: &str, timestamp_seconds: i64, body: &[u8]) -> String {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether a delivery's signature is right (in constant time), for
/// receivers written in Rust and for the tests.
pub fn signature_holds(secret: &str, timestamp_seconds: i64, body: &[u8], header: &str) -> bool {
    let Some(hex_mac) = header.strip_prefix("v1=") else {
        return false;
    };
    let Ok(given) = hex::decode(hex_mac) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(timestamp_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tilbake_domain::events::EventKind;
    use tilbake_domain::identity::Fnr;

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // Computed independently:
        // printf '1700000000.{}' | openssl dgst -sha256 -hmac secret
        let signed = signature("secret", 1_700_000_000, b"{}");
        assert_eq!(
            signed,
            "v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
        );
        assert!(signature_holds("secret", 1_700_000_000, b"{}", &signed));
        assert!(!signature_holds("secret", 1_700_000_001, b"{}", &signed));
        assert!(!signature_holds("other", 1_700_000_000, b"{}", &signed));
        assert!(!signature_holds("secret", 1_700_000_000, b"{ }", &signed));
        assert!(!signature_holds("secret", 1_700_000_000, b"{}", "v1=zz"));
    }

    #[test]
    fn an_event_names_kinds_and_ids_only() {
        let event = OutboxEvent {
            position: 7,
            person: Fnr::parse("15438510092").unwrap(),
            kind: EventKind::DocumentStored,
            subject: "sick_leave".to_owned(),
            reference: "c-1".to_owned(),
            owner: Some("910000004".to_owned()),
            at: 1,
        };
        let value = event_value(&event);
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "at",
                "id",
                "kind",
                "owner",
                "person",
                "reference",
                "subject"
            ]
        );
        assert_eq!(events_page_value(&[event], 7)["next_after"], 7);
    }
}
