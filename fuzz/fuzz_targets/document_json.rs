//! Feeds arbitrary bytes to the service's document parser (what
//! `POST /api/v1/documents`, `tilbake import` and every case-work form go
//! through): it never panics, an error names a field on one line, and a
//! parsed document written back as JSON parses to the same document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilbake_contract::document::{document_value, parse_document, parse_document_value};

fuzz_target!(|bytes: &[u8]| {
    match parse_document(bytes) {
        Ok(parsed) => {
            let value = document_value(&parsed.document, true);
            let again = parse_document_value(&value)
                .unwrap_or_else(|error| panic!("written back, refused: {error}: {value}"));
            assert_eq!(again.document, parsed.document);
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n'), "multi-line error: {message}");
        }
    }
});
