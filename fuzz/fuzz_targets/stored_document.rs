//! Feeds arbitrary bytes to the storage codec (`stored::decode`, which the
//! store reads every stored document through): it never panics, only the
//! known format decodes, and a decoded document written back as JSON decodes
//! to the same document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tilbake_contract::document::document_value;
use tilbake_contract::stored::{decode, STORAGE_FORMAT};
use tilbake_domain::document::DocumentKind;

fuzz_target!(|bytes: &[u8]| {
    // The first byte chooses the format (around the one known) and the kind
    // column; the rest is the content.
    let Some((&selector, content)) = bytes.split_first() else {
        return;
    };
    let format = i64::from(selector % 4) - 1;
    let content = String::from_utf8_lossy(content);
    // Mostly the content's own kind, as the store writes it, so that
    // decoding gets past the kind check; otherwise one from the list.
    let own_kind = serde_json::from_str::<Value>(&content)
        .ok()
        .and_then(|value| value.get("kind")?.as_str().map(str::to_owned));
    let kind = match own_kind {
        Some(kind) if selector & 0x80 == 0 => kind,
        _ => {
            let index = usize::from(selector >> 2) % DocumentKind::ALL.len();
            DocumentKind::ALL
                .get(index)
                .map_or("", |kind| kind.as_str())
                .to_owned()
        }
    };
    if let Ok(document) = decode(format, &kind, &content) {
        assert_eq!(format, STORAGE_FORMAT);
        assert_eq!(document.kind().as_str(), kind);
        let written = document_value(&document, true).to_string();
        let again = decode(STORAGE_FORMAT, &kind, &written)
            .unwrap_or_else(|error| panic!("written back, refused: {error}: {written}"));
        assert_eq!(again, document);
    }
});
