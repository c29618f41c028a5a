//! `tilbake stats` through the real binary, on documents imported with
//! `tilbake import` into a fresh SQLite file (and a fresh PostgreSQL schema
//! when `TILBAKE_TEST_PG` is set): the contract's JSON and CSV, the
//! protection's rules on the command's own answers, the margins alike
//! whatever `--by`, and exit 2 with one line on stderr and nothing on
//! stdout for whatever it refuses.

use std::io::Write as _;
use std::path::Path;

use serde_json::Value;

use crate::tilbake;

/// A synthetic identity number (month + 40) with correct check digits.
fn synthetic_fnr(day: u32, month: u32, year: u32, mut individual: u32) -> String {
    loop {
        let body = format!("{day:02}{:02}{year:02}{individual:03}", month + 40);
        let digits: Vec<u32> = body.chars().map(|c| c.to_digit(10).unwrap()).collect();
        let check = |digits: &[u32], weights: &[u32]| {
            let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
            match 11 - sum % 11 {
                11 => Some(0),
                10 => None,
                check => Some(check),
            }
        };
        if let Some(first) = check(&digits, &[3, 7, 6, 1, 8, 9, 4, 5, 2]) {
            let mut with_first = digits.clone();
            with_first.push(first);
            if let Some(second) = check(&with_first, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) {
                return format!("{body}{first}{second}");
            }
        }
        individual += 1;
    }
}

/// The documents: in 2025Q3, unit 0301 has 6 cases that reach the activity
/// requirement (ICPC-2 L03, aged 40) and 7 graded short ones (ICD-10 F32,
/// aged 35); unit 4601 has 2 that pass the employer period (no diagnosis,
/// aged 67); one case starts in 2025Q2 and is not counted.
fn documents() -> String {
    let mut lines = Vec::new();
    let mut certificate = |fnr: &str,
                           from: &str,
                           to: &str,
                           grade: u32,
                           diagnosis: &str,
                           unit: &str| {
        lines.push(format!(
            r#"{{"kind": "sick_leave", "id": "s1", "person": "{fnr}", "from": "{from}", "to": "{to}", "grade": {grade}{diagnosis}, "unit": "{unit}"}}"#
        ));
    };
    for n in 0..6 {
        let fnr = synthetic_fnr(15, 3, 85, 100 + n * 10);
        certificate(
            &fnr,
            "2025-07-01",
            "2025-09-30",
            100,
            r#", "diagnosis": {"system": "ICPC-2", "code": "L03"}"#,
            "0301",
        );
    }
    for n in 0..7 {
        let fnr = synthetic_fnr(1, 2, 90, 200 + n * 10);
        certificate(
            &fnr,
            "2025-08-01",
            "2025-08-05",
            50,
            r#", "diagnosis": {"system": "ICD-10", "code": "F32"}"#,
            "0301",
        );
    }
    for n in 0..2 {
        let fnr = synthetic_fnr(1, 1, 58, 300 + n * 10);
        certificate(&fnr, "2025-07-01", "2025-07-20", 100, "", "4601");
    }
    let fnr = synthetic_fnr(1, 1, 70, 400);
    certificate(&fnr, "2025-06-20", "2025-07-20", 100, "", "4601");
    lines.join("\n") + "\n"
}

fn import(db: &str, folder: &Path) {
    let path = folder.join("documents.jsonl");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(documents().as_bytes())
        .unwrap();
    let output = tilbake()
        .args(["import", "--db", db])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "new 16, repeated 0, rejected 0",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn stats(db: &str, extra: &[&str]) -> std::process::Output {
    tilbake()
        .args([
            "stats",
            "--db",
            db,
            "--quarter",
            "2025Q3",
            "--today",
            "2025-10-01",
        ])
        .args(extra)
        .output()
        .unwrap()
}

fn stats_json(db: &str, by: &str, k: &str) -> Value {
    let output = stats(db, &["--by", by, "--k", k]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn the_whole_story(db: &str, folder: &Path) {
    import(db, folder);

    // k = 1 publishes everything, in the contract's key order.
    let output = stats(db, &["--by", "unit", "--k", "1"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        concat!(
            r#"{"quarter":"2025Q3","by":"unit","k":1,"#,
            r#""columns":["none","employer_period_end","activity_requirement","dialogue_meeting_2","max_date"],"#,
            r#""rows":[{"group":"0301","cells":[7,0,6,0,0],"total":13},{"group":"4601","cells":[0,2,0,0,0],"total":2}],"#,
            r#""total":{"cells":[7,2,6,0,0],"total":15}}"#,
            "\n"
        )
    );
    let groups = |table: &Value| -> Vec<(String, Value)> {
        table["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                (
                    row["group"].as_str().unwrap().to_owned(),
                    row["cells"].clone(),
                )
            })
            .collect()
    };
    let json = |text: &str| -> Value { serde_json::from_str(text).unwrap() };
    assert_eq!(
        groups(&stats_json(db, "diagnosis_chapter", "1")),
        vec![
            ("ICD-10:F".to_owned(), json("[7,0,0,0,0]")),
            ("ICPC-2:L".to_owned(), json("[0,0,6,0,0]")),
            ("unknown".to_owned(), json("[0,2,0,0,0]")),
        ]
    );
    assert_eq!(
        groups(&stats_json(db, "age_band", "1")),
        vec![
            ("30-39".to_owned(), json("[7,0,0,0,0]")),
            ("40-49".to_owned(), json("[0,0,6,0,0]")),
            ("67+".to_owned(), json("[0,2,0,0,0]")),
        ]
    );
    assert_eq!(
        groups(&stats_json(db, "graded", "1")),
        vec![
            ("full".to_owned(), json("[0,2,6,0,0]")),
            ("graded".to_owned(), json("[7,0,0,0,0]")),
        ]
    );

    // k = 5: no small count is published, and the margins are the same in
    // every table of the quarter.
    let mut margins = Vec::new();
    for by in ["unit", "diagnosis_chapter", "age_band", "graded"] {
        let table = stats_json(db, by, "5");
        let exact = stats_json(db, by, "1");
        let published = |value: &Value, exact: &Value| {
            if let Some(count) = value.as_u64() {
                assert!(count == 0 || count >= 5, "{by}: {count} published");
                assert_eq!(value, exact, "{by}: a published count is exact");
            }
        };
        for (row, exact_row) in table["rows"]
            .as_array()
            .unwrap()
            .iter()
            .zip(exact["rows"].as_array().unwrap())
        {
            for (cell, exact_cell) in row["cells"]
                .as_array()
                .unwrap()
                .iter()
                .zip(exact_row["cells"].as_array().unwrap())
            {
                published(cell, exact_cell);
            }
            published(&row["total"], &exact_row["total"]);
        }
        margins.push(table["total"].clone());
    }
    assert_eq!(
        margins[0],
        json(r#"{"cells":[7,null,null,0,0],"total":15}"#)
    );
    assert!(
        margins.iter().all(|margin| *margin == margins[0]),
        "{margins:?}"
    );

    // CSV: a header, a line per row, a total line; empty fields are suppressed.
    let output = stats(db, &["--by", "graded", "--format", "csv", "--k", "1"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "group,none,employer_period_end,activity_requirement,dialogue_meeting_2,max_date,total\n\
         full,0,2,6,0,0,8\n\
         graded,7,0,0,0,0,7\n\
         total,7,2,6,0,0,15\n"
    );
    let output = stats(db, &["--by", "unit", "--format", "csv"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.ends_with("total,7,,,0,0,15\n"), "{text}");

    // A quarter that has not ended before today is refused.
    let output = tilbake()
        .args([
            "stats",
            "--db",
            db,
            "--quarter",
            "2025Q3",
            "--by",
            "unit",
            "--today",
            "2025-09-30",
        ])
        .output()
        .unwrap();
    assert_refused(&output);
}

fn assert_refused(output: &std::process::Output) {
    assert_eq!(output.status.code(), Some(2));
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("tilbake stats: "), "{stderr}");
}

#[test]
fn stats_counts_the_quarter_s_cases_and_protects_small_counts_on_sqlite() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("tilbake.db");
    the_whole_story(db.to_str().unwrap(), folder.path());
}

#[test]
fn stats_counts_the_quarter_s_cases_and_protects_small_counts_on_postgres() {
    let Ok(base) = std::env::var("TILBAKE_TEST_PG") else {
        let _ = writeln!(
            std::io::stderr(),
            "\nTILBAKE_TEST_PG is not set: the PostgreSQL run of `tilbake stats` is SKIPPED \
             (set it to e.g. postgres://postgres@127.0.0.1:5432/test)"
        );
        return;
    };
    let schema = format!("tilbake_stats_cli_{}", std::process::id());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let execute = |sql: String| {
        runtime.block_on(async {
            let pool = sqlx::postgres::PgPoolOptions::new()
                .max_connections(1)
                .connect(&base)
                .await
                .unwrap();
            sqlx::query(&sql).execute(&pool).await.unwrap();
            pool.close().await;
        });
    };
    execute(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
    execute(format!("CREATE SCHEMA {schema}"));
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options[search_path]={schema}");
    let folder = tempfile::tempdir().unwrap();
    let outcome = std::panic::catch_unwind(|| the_whole_story(&url, folder.path()));
    execute(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

#[rstest::rstest]
#[case::no_arguments(&[])]
#[case::no_dimension(&["--quarter", "2025Q3"])]
#[case::bad_quarter(&["--quarter", "2025Q5", "--by", "unit"])]
#[case::bad_dimension(&["--quarter", "2025Q3", "--by", "employer"])]
#[case::k_too_small(&["--quarter", "2025Q3", "--by", "unit", "--k", "0"])]
#[case::k_too_large(&["--quarter", "2025Q3", "--by", "unit", "--k", "101"])]
#[case::bad_format(&["--quarter", "2025Q3", "--by", "unit", "--format", "xml"])]
#[case::bad_today(&["--quarter", "2025Q3", "--by", "unit", "--today", "2025-13-01"])]
#[case::unknown_flag(&["--quarter", "2025Q3", "--by", "unit", "--pretty"])]
#[case::quarter_not_ended(&["--quarter", "2025Q4", "--by", "unit", "--today", "2025-12-31"])]
fn stats_refuses_invalid_arguments_with_exit_2_and_one_line(#[case] arguments: &[&str]) {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("tilbake.db");
    std::fs::write(&db, b"").unwrap();
    let output = tilbake()
        .args(["stats", "--db"])
        .arg(&db)
        .args(arguments)
        .output()
        .unwrap();
    assert_refused(&output);
}

#[test]
fn stats_refuses_a_database_it_cannot_read() {
    let folder = tempfile::tempdir().unwrap();
    let missing = folder.path().join("missing.db");
    let not_a_database = folder.path().join("garbage.db");
    std::fs::write(
        &not_a_database,
        b"this is not an SQLite file at all, not even close",
    )
    .unwrap();
    for db in [&missing, &not_a_database] {
        let output = tilbake()
            .args([
                "stats",
                "--quarter",
                "2025Q3",
                "--by",
                "unit",
                "--today",
                "2025-10-01",
                "--db",
            ])
            .arg(db)
            .output()
            .unwrap();
        assert_refused(&output);
    }
    assert!(!missing.exists(), "stats creates no database");
}
