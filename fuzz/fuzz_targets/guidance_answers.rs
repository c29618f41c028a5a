//! Feeds arbitrary bytes as answers to each shipped instrument: the parser
//! never panics, an error is one line, and accepted answers score to one
//! line of JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tilbake_contract::guidance::{parse_answers, parse_definition, score_line, SHIPPED};

fuzz_target!(|bytes: &[u8]| {
    let Some((&selector, answers)) = bytes.split_first() else {
        return;
    };
    let (_, text) = SHIPPED[usize::from(selector) % SHIPPED.len()];
    let Ok(definition) = parse_definition(text.as_bytes()) else {
        return;
    };
    match parse_answers(answers, &definition) {
        Ok(answers) => assert!(!score_line(&definition, &answers).contains('\n')),
        Err(error) => assert!(!error.to_string().contains('\n')),
    }
});
