//! Feeds arbitrary bytes to the service's document parser (what
//! `POST /api/v1/documents`, `tilbake import` and every case-work form go
//! through): it never panics, an error names a field on one line, and a
//! parsed document written back as JSON parses to the same document, and its
//! canonical form (what the store keeps) parses to the same canonical form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use chrono::NaiveDate;
use tilbake_contract::document::{document_value, parse_document, parse_document_value};

fuzz_target!(|bytes: &[u8]| {
    // Input bounds are relative to the day a document arrives.
    let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
    match parse_document(bytes, today) {
        Ok(parsed) => {
            let value = document_value(&parsed.document, true);
            let again = parse_document_value(&value, today)
                .unwrap_or_else(|error| panic!("written back, refused: {error}: {value}"));
            assert_eq!(again.document, parsed.document);
            let stored = parse_document(parsed.canonical.as_bytes(), today)
                .unwrap_or_else(|error| panic!("canonical form refused: {error}"));
            assert_eq!(stored.canonical, parsed.canonical);
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n'), "multi-line error: {message}");
        }
    }
});
