//! Feeds arbitrary bytes through the whole follow-up contract: parsing,
//! the engine and the output document. The contract says this never panics,
//! and every error is one line.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilbake_contract::followup::{output_line, parse_input};
use tilbake_domain::followup::FollowupEngine;

fuzz_target!(|bytes: &[u8]| {
    let input = match parse_input(bytes) {
        Ok(input) => input,
        Err(error) => {
            assert!(
                !error.to_string().contains('\n'),
                "multi-line error: {error}"
            );
            return;
        }
    };
    match FollowupEngine::default().compute(&input) {
        Ok(followup) => {
            let line = output_line(&followup);
            assert!(!line.contains('\n'));
            assert!(line.starts_with("{\"cases\":["));
        }
        Err(error) => {
            let message = tilbake_contract::followup::InputError::from(error).to_string();
            assert!(!message.contains('\n'), "multi-line error: {message}");
        }
    }
});
