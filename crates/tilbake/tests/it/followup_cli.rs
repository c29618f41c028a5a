//! `tilbake followup` against the contract: the examples, errors, batch mode.

use serde_json::Value;

use crate::{tilbake, workspace_root};

#[test]
fn every_example_gives_its_expected_output() {
    let examples = workspace_root().join("examples");
    let mut n_checked = 0;
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(stem) = name
            .strip_suffix(".json")
            .filter(|stem| !stem.ends_with(".expected"))
        else {
            continue;
        };
        let expected_output = examples.join(format!("{stem}.expected.json"));
        let expected_error = examples.join(format!("{stem}.expected-error.txt"));
        let output = tilbake().arg("followup").arg(&path).output().unwrap();
        if expected_output.exists() {
            assert_eq!(
                output.status.code(),
                Some(0),
                "{name}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let actual: Value = serde_json::from_slice(&output.stdout).unwrap();
            let expected: Value =
                serde_json::from_str(&std::fs::read_to_string(&expected_output).unwrap()).unwrap();
            assert_eq!(actual, expected, "{name}");
        } else {
            let expected = std::fs::read_to_string(&expected_error).unwrap_or_else(|_| {
                panic!("{name} has neither {stem}.expected.json nor {stem}.expected-error.txt")
            });
            assert_eq!(output.status.code(), Some(2), "{name}");
            assert!(
                output.stdout.is_empty(),
                "{name}: nothing on stdout for invalid input"
            );
            assert_eq!(
                String::from_utf8(output.stderr).unwrap(),
                expected,
                "{name}"
            );
        }
        n_checked += 1;
    }
    assert!(n_checked >= 6, "only {n_checked} examples found");
}

#[test]
fn batch_mode_answers_every_line_in_order_and_exits_2_when_one_was_invalid() {
    let examples = workspace_root().join("examples");
    let output = tilbake()
        .args(["followup", "--batch"])
        .arg(examples.join("batch.jsonl"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let expected = std::fs::read_to_string(examples.join("batch.expected.jsonl")).unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
}

#[test]
fn batch_mode_exits_0_when_every_line_is_valid_and_reads_stdin() {
    let line = r#"{"events":[{"kind":"self_certified","from":"2024-01-01","to":"2024-01-02"}]}"#;
    let output = tilbake()
        .args(["followup", "--batch", "-"])
        .write_stdin(format!("{line}\r\n{line}\n{line}"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 3);
    for answer in stdout.lines() {
        let document: Value = serde_json::from_str(answer).unwrap();
        assert_eq!(document["cases"][0]["sick_days"], 2);
    }
}

#[test]
fn batch_mode_answers_a_bad_line_with_an_error_object_and_goes_on() {
    let output = tilbake()
        .args(["followup", "--batch"])
        .write_stdin("{\"events\": []}\nnot json\n\u{ff}\n{\"events\": [{\"kind\": \"x\"}]}\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], serde_json::json!({"cases": []}));
    assert!(lines[1]["error"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));
    assert!(lines[3]["error"]
        .as_str()
        .unwrap()
        .starts_with("events[0].kind: "));
}

#[test]
fn stdin_is_read_without_a_path_and_with_a_dash() {
    for args in [vec!["followup"], vec!["followup", "-"]] {
        let output = tilbake()
            .args(&args)
            .write_stdin(r#"{"events": []}"#)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        let document: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(document, serde_json::json!({"cases": []}));
    }
}

#[test]
fn hostile_bytes_give_exit_2_and_one_line_on_stderr() {
    let inputs: [&[u8]; 6] = [
        b"",
        b"\xff\xfe\x00",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        b"{\"events\": [{\"kind\": \"sick_leave\", \"id\": \"a\", \"from\": \"2024-01-01\", \"to\": \"2023-01-01\"}]}",
        b"{\"events\": [{\"kind\": \"vacation\", \"from\": \"2024-01-01\", \"to\": \"2024-01-01\\n\"}]}",
        b"{\"events\": \"\\ud800\"}",
    ];
    for input in inputs {
        let output = tilbake()
            .arg("followup")
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(input)
        );
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
        assert!(!stderr.contains("panicked"));
    }
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let output = tilbake()
        .args(["followup", "/nonexistent/tilbake-input.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("/nonexistent/tilbake-input.json"));
}
