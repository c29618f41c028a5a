//! `tilbake followup --format text`: the readable timeline, its languages,
//! batch mode and the exit codes, which are those of the JSON mode.

use crate::{tilbake, workspace_root};

fn stdout_of(args: &[&str], path: &str) -> (Option<i32>, String, String) {
    let output = tilbake()
        .args(args)
        .arg(workspace_root().join("examples").join(path))
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn text_is_norwegian_by_default_and_english_on_request() {
    let (code, nb, stderr) = stdout_of(&["followup", "--format", "text"], "contract-example.json");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty());
    assert!(nb.starts_with("Oppfølging av sykefravær\n"));
    assert!(nb.contains("Sykefravær fra fredag 29. desember 2023 til søndag 3. mars 2024"));
    assert!(nb.contains("Onsdag 1. januar 2025 (om 214 dager)"));

    let (code, en, _) = stdout_of(
        &["followup", "--format", "text", "--lang", "en"],
        "contract-example.json",
    );
    assert_eq!(code, Some(0));
    assert!(en.contains("Sick leave from Friday 29 December 2023 to Sunday 3 March 2024"));
    assert!(en.contains("Dialogue meeting 1 (dialogmøte 1)"));
    assert!(en.contains("Wednesday 1 January 2025 (in 214 days)"));
}

#[test]
fn lang_does_not_change_the_json() {
    let (_, plain, _) = stdout_of(&["followup"], "contract-example.json");
    let (code, with_lang, _) = stdout_of(&["followup", "--lang", "en"], "contract-example.json");
    assert_eq!(code, Some(0));
    assert_eq!(plain, with_lang);
}

#[test]
fn invalid_input_in_text_gives_the_same_error_as_json() {
    let (code, stdout, stderr) = stdout_of(&["followup", "--format", "text"], "invalid-date.json");
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty());
    let expected = std::fs::read_to_string(
        workspace_root()
            .join("examples")
            .join("invalid-date.expected-error.txt"),
    )
    .unwrap();
    assert_eq!(stderr, expected);
}

#[test]
fn batch_text_gives_a_headed_timeline_per_line_and_exits_2_when_one_was_invalid() {
    let (code, stdout, _) = stdout_of(
        &["followup", "--batch", "--format", "text", "--lang", "en"],
        "batch.jsonl",
    );
    assert_eq!(code, Some(2));
    let lines = std::fs::read_to_string(workspace_root().join("examples").join("batch.jsonl"))
        .unwrap()
        .lines()
        .count();
    let headings: Vec<&str> = stdout
        .lines()
        .filter(|line| line.starts_with("=== Line "))
        .collect();
    assert_eq!(headings.len(), lines);
    assert_eq!(headings[0], "=== Line 1 ===");
    assert!(stdout.starts_with("=== Line 1 ===\nFollow-up of sick leave"));
    assert!(stdout.contains(&format!("\n\n=== Line {lines} ===\n")));
    assert!(stdout.trim_end().ends_with(
        "This line could not be read: events[0].to: 2024-02-30 is not a date (YYYY-MM-DD)"
    ));
}

#[test]
fn batch_text_exits_0_when_every_line_is_valid() {
    let output = tilbake()
        .args(["followup", "--batch", "--format", "text"])
        .write_stdin("{\"events\": []}\n{\"events\": []}\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("=== Linje 1 ===\n"));
    assert!(stdout.contains("\n\n=== Linje 2 ===\n"));
    assert_eq!(stdout.matches("Det er ikke noe sykefravær").count(), 2);
}
