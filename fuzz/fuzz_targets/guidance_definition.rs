//! Feeds arbitrary bytes to the guidance contract's definition parser: it
//! never panics, an error is one line naming a field, and a definition it
//! accepts scores its own empty answers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilbake_contract::guidance::{parse_definition, score_line, summary_line};
use tilbake_domain::guidance::Answers;

fuzz_target!(|bytes: &[u8]| {
    match parse_definition(bytes) {
        Ok(definition) => {
            assert!(!summary_line(&definition).contains('\n'));
            let line = score_line(&definition, &Answers::empty(&definition));
            assert!(line.starts_with('{') && !line.contains('\n'));
        }
        Err(error) => assert!(!error.to_string().contains('\n')),
    }
});
