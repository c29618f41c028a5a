//! `tilbake import [--db URL] PATH…`: ingests document files exactly as
//! `POST /api/v1/documents` would, as the system actor `import`.
//!
//! A path is a file or a folder (its `.json`, `.jsonl` and `.ndjson` files,
//! recursively, in name order). A file holds one JSON document, a JSON array
//! of documents, or JSON Lines. A document that corrects or cancels a
//! certificate coming later in the same import is tried again after the
//! others, so the order inside the files does not matter.
//!
//! Prints `new N, repeated N, rejected N`; exits 1 when any document was
//! rejected, with one line per rejection on stderr: `FILE:LINE: reason`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use serde_json::value::RawValue;
use tilbake_contract::document::parse_document;

use tilbake_store::{Actor, DocumentOutcome, Store, StoreError};
use tilbake_web::Clock;

use crate::serve_command::{run_async, DbArgs};

/// The file name endings read from a folder.
const DOCUMENT_EXTENSIONS: [&str; 3] = ["json", "jsonl", "ndjson"];
/// Documents handed to the store in one call: on SQLite they share one
/// commit, which makes a bulk import some tens of times faster than one
/// document per call (docs/BENCHMARKS.md).
const DOCUMENTS_PER_CALL: usize = 500;

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Files or folders of documents (JSON, a JSON array, or JSON Lines).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: &ImportArgs) -> ExitCode {
    run_async("import", import(args))
}

/// The system actor that imports.
#[allow(clippy::disallowed_methods)] // the import command is the operator of the command line
fn import_actor() -> Actor {
    Actor::command_line("import")
}

/// One document from a file, with where it was.
struct Located {
    file: PathBuf,
    line: usize,
    bytes: Vec<u8>,
}

/// Why a document was refused, with where it was.
struct Rejection {
    file: PathBuf,
    line: usize,
    reason: String,
}

#[derive(Default)]
struct Counts {
    new: u64,
    repeated: u64,
}

async fn import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let files = document_files(&args.paths)?;
    let mut documents = Vec::new();
    let mut rejections = Vec::new();
    for file in &files {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        split_documents(file, &bytes, &mut documents, &mut rejections);
    }
    let store = args.db.open().await?;
    let actor = import_actor();
    let mut counts = Counts::default();
    let mut waiting = ingest(
        store.as_ref(),
        &actor,
        documents,
        &mut counts,
        &mut rejections,
    )
    .await?;
    // A correction or cancellation may come before its certificate: try those
    // again while any of them goes in.
    while !waiting.is_empty() {
        let n_waiting = waiting.len();
        let documents = waiting.into_iter().map(|(document, _)| document).collect();
        waiting = ingest(
            store.as_ref(),
            &actor,
            documents,
            &mut counts,
            &mut rejections,
        )
        .await?;
        if waiting.len() == n_waiting {
            break;
        }
    }
    rejections.extend(waiting.into_iter().map(|(document, reason)| Rejection {
        file: document.file,
        line: document.line,
        reason,
    }));
    rejections.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    for rejection in &rejections {
        eprintln!(
            "{}:{}: {}",
            rejection.file.display(),
            rejection.line,
            rejection.reason
        );
    }
    println!(
        "new {}, repeated {}, rejected {}",
        counts.new,
        counts.repeated,
        rejections.len()
    );
    Ok(if rejections.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Stores `documents` in order, [`DOCUMENTS_PER_CALL`] to a call of
/// [`Store::store_documents`], counting what went in. A document that does
/// not parse or that the store refuses for good becomes a rejection; one that
/// names a certificate not stored (yet) is returned, with the reason, to be
/// tried again. A database failure stops the import.
async fn ingest(
    store: &dyn Store,
    actor: &Actor,
    documents: Vec<Located>,
    counts: &mut Counts,
    rejections: &mut Vec<Rejection>,
) -> anyhow::Result<Vec<(Located, String)>> {
    let clock = Clock::System;
    let mut waiting = Vec::new();
    let mut documents = documents.into_iter();
    let mut located = Vec::with_capacity(DOCUMENTS_PER_CALL);
    let mut parsed = Vec::with_capacity(DOCUMENTS_PER_CALL);
    loop {
        located.clear();
        parsed.clear();
        for document in documents.by_ref().take(DOCUMENTS_PER_CALL) {
            match parse_document(&document.bytes, clock.today()) {
                Ok(document_parsed) => {
                    located.push(document);
                    parsed.push(document_parsed);
                }
                Err(error) => rejections.push(Rejection {
                    file: document.file,
                    line: document.line,
                    reason: error_text(&error.field, &error.message),
                }),
            }
        }
        let Some(first) = located.first() else {
            if documents.as_slice().is_empty() {
                return Ok(waiting);
            }
            // Every document of this chunk was malformed; on to the next.
            continue;
        };
        let outcomes = store
            .store_documents(actor, &parsed, clock.today(), clock.now())
            .await
            .with_context(|| {
                format!(
                    "cannot store the documents from {}:{} on",
                    first.file.display(),
                    first.line
                )
            })?;
        if outcomes.len() != located.len() {
            anyhow::bail!(
                "the store answered {} outcomes for {} documents",
                outcomes.len(),
                located.len()
            );
        }
        for (document, outcome) in located.drain(..).zip(outcomes) {
            match refusal(outcome, &document, counts)? {
                None => {}
                Some((reason, true)) => waiting.push((document, reason)),
                Some((reason, false)) => rejections.push(Rejection {
                    file: document.file,
                    line: document.line,
                    reason,
                }),
            }
        }
    }
}

/// Counts a stored or repeated document. `None` when it went in (or was a
/// repeat), else the reason and whether it may go in later (a missing
/// reference). A failure of the store itself stops the import.
fn refusal(
    outcome: Result<DocumentOutcome, StoreError>,
    document: &Located,
    counts: &mut Counts,
) -> anyhow::Result<Option<(String, bool)>> {
    match outcome {
        Ok(DocumentOutcome::Stored) => counts.new += 1,
        Ok(DocumentOutcome::Repeated) => counts.repeated += 1,
        Err(error @ StoreError::MissingReference { .. }) => return Ok(Some((error.to_string(), true))),
        Err(StoreError::Conflict(message)) => {
            return Ok(Some((
                format!("conflict: a document with this person, kind and id is stored with other content ({message})"),
                false,
            )))
        }
        Err(StoreError::Invalid { field, message }) => return Ok(Some((error_text(&field, &message), false))),
        Err(StoreError::NotFound) => return Ok(Some(("the person is not one the importer may see".to_owned(), false))),
        Err(StoreError::Forbidden) => return Ok(Some(("the importer may not send this kind".to_owned(), false))),
        Err(error) => {
            return Err(error).with_context(|| {
                format!("cannot store the document at {}:{}", document.file.display(), document.line)
            })
        }
    }
    Ok(None)
}

fn error_text(field: &str, message: &str) -> String {
    if field.is_empty() {
        message.to_owned()
    } else {
        format!("{field}: {message}")
    }
}

/// The files named, with folders walked recursively, each folder's entries in name order.
fn document_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let metadata =
            std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if metadata.is_dir() {
            walk_folder(path, &mut files)?;
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn walk_folder(folder: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries = std::fs::read_dir(folder)
        .with_context(|| format!("cannot read the folder {}", folder.display()))?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("cannot read the folder {}", folder.display()))?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk_folder(&path, files)?;
        } else if path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| {
                DOCUMENT_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
            })
        {
            files.push(path);
        }
    }
    Ok(())
}

/// The 1-based line of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes
        .iter()
        .take(offset)
        .filter(|byte| **byte == b'\n')
        .count()
}

/// Where `part`, a slice borrowed from `whole`, starts in it.
fn offset_in(whole: &[u8], part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(whole.as_ptr() as usize)
}

/// Splits a file into documents: one JSON value (an array is a list of
/// documents) or, when the file is not one JSON value, JSON Lines.
fn split_documents(
    file: &Path,
    bytes: &[u8],
    documents: &mut Vec<Located>,
    rejections: &mut Vec<Rejection>,
) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let is_json_lines = file
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| {
            matches!(extension.to_ascii_lowercase().as_str(), "jsonl" | "ndjson")
        });
    if !is_json_lines {
        match serde_json::from_slice::<&RawValue>(bytes) {
            Ok(value) => {
                let text = value.get();
                if text.starts_with('[') {
                    split_array(file, bytes, text, documents, rejections);
                } else {
                    documents.push(Located {
                        file: file.to_owned(),
                        line: line_of(bytes, offset_in(bytes, text)),
                        bytes: text.as_bytes().to_vec(),
                    });
                }
                return;
            }
            // Several values, one after the other: JSON Lines.
            Err(error) if error.to_string().starts_with("trailing characters") => {}
            Err(error) => {
                rejections.push(Rejection {
                    file: file.to_owned(),
                    line: error.line().max(1),
                    reason: format!("not valid JSON: {error}"),
                });
                return;
            }
        }
    }
    for (index, line) in bytes.split(|byte| *byte == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        documents.push(Located {
            file: file.to_owned(),
            line: index + 1,
            bytes: line.to_vec(),
        });
    }
}

/// The elements of a top-level array, each with the line it starts on.
fn split_array(
    file: &Path,
    bytes: &[u8],
    text: &str,
    documents: &mut Vec<Located>,
    rejections: &mut Vec<Rejection>,
) {
    let elements: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(elements) => elements,
        Err(error) => {
            rejections.push(Rejection {
                file: file.to_owned(),
                line: error.line().max(1),
                reason: format!("not valid JSON: {error}"),
            });
            return;
        }
    };
    for element in elements {
        let element_text = element.get();
        documents.push(Located {
            file: file.to_owned(),
            line: line_of(bytes, offset_in(bytes, element_text)),
            bytes: element_text.as_bytes().to_vec(),
        });
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    /// (line, text) of each document or rejection.
    type Lines = Vec<(usize, String)>;

    fn split(name: &str, text: &str) -> (Lines, Lines) {
        let mut documents = Vec::new();
        let mut rejections = Vec::new();
        split_documents(
            Path::new(name),
            text.as_bytes(),
            &mut documents,
            &mut rejections,
        );
        (
            documents
                .into_iter()
                .map(|document| (document.line, String::from_utf8(document.bytes).unwrap()))
                .collect(),
            rejections
                .into_iter()
                .map(|rejection| (rejection.line, rejection.reason))
                .collect(),
        )
    }

    #[test]
    fn a_single_document_spanning_lines_is_one_document() {
        let (documents, rejections) = split("a.json", "\n{\n  \"id\": \"s1\"\n}\n");
        assert_eq!(documents, vec![(2, "{\n  \"id\": \"s1\"\n}".to_owned())]);
        assert!(rejections.is_empty());
    }

    #[test]
    fn an_array_gives_each_element_with_its_line() {
        let (documents, _) = split("a.json", "[\n {\"id\": \"s1\"},\n\n {\"id\": \"s2\"}\n]");
        assert_eq!(
            documents,
            vec![
                (2, "{\"id\": \"s1\"}".to_owned()),
                (4, "{\"id\": \"s2\"}".to_owned())
            ]
        );
    }

    #[test]
    fn json_lines_give_one_document_per_line_and_skip_blank_lines() {
        let (documents, _) = split("a.json", "{\"id\": \"s1\"}\n\n{\"id\": \"s2\"}\nnot json\n");
        let lines: Vec<usize> = documents.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![1, 3, 4]);
    }

    #[test]
    fn a_broken_single_document_is_one_rejection_at_its_line() {
        let (documents, rejections) = split("a.json", "{\n \"id\": \"s1\",\n \"to\": }\n");
        assert!(documents.is_empty());
        assert_eq!(rejections.len(), 1);
        assert_eq!(rejections[0].0, 3);
    }

    #[tokio::test]
    async fn documents_go_in_by_chunks_with_the_same_counts_rejections_and_retries() {
        const PERSON: &str = "15438510092";
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("many.jsonl");
        // A cancellation in the first chunk of the certificate in the last,
        // a malformed line, a refused date and a conflict among 1,300 vacations.
        let mut lines = vec![format!(
            r#"{{"kind": "cancelled", "id": "s9", "person": "{PERSON}"}}"#
        )];
        for n in 0..1_300 {
            let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(n);
            lines.push(format!(
                r#"{{"kind": "vacation", "id": "v{n}", "person": "{PERSON}", "from": "{day}", "to": "{day}"}}"#
            ));
        }
        lines.push("not json".to_owned());
        lines.push(format!(
            r#"{{"kind": "vacation", "id": "v5", "person": "{PERSON}", "from": "2021-01-01", "to": "2021-01-01"}}"#
        ));
        lines.push(format!(
            r#"{{"kind": "vacation", "id": "bad", "person": "{PERSON}", "from": "2024-02-05", "to": "2024-02-30"}}"#
        ));
        lines.push(format!(
            r#"{{"kind": "sick_leave", "id": "s9", "person": "{PERSON}", "from": "2024-09-02", "to": "2024-09-06"}}"#
        ));
        std::fs::write(&file, lines.join("\n")).unwrap();
        let mut documents = Vec::new();
        let mut rejections = Vec::new();
        split_documents(
            &file,
            &std::fs::read(&file).unwrap(),
            &mut documents,
            &mut rejections,
        );
        let store = tilbake_store::open(&folder.path().join("t.db").to_string_lossy())
            .await
            .unwrap();
        let mut counts = Counts::default();
        let waiting = ingest(
            store.as_ref(),
            &import_actor(),
            documents,
            &mut counts,
            &mut rejections,
        )
        .await
        .unwrap();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].0.line, 1);
        assert!(waiting[0].1.contains("s9"), "{}", waiting[0].1);
        assert_eq!((counts.new, counts.repeated), (1_301, 0));
        let mut reasons: Vec<(usize, &str)> = rejections
            .iter()
            .map(|rejection| (rejection.line, rejection.reason.as_str()))
            .collect();
        reasons.sort_unstable();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert_eq!(reasons[0].0, 1_302);
        assert!(reasons[0].1.starts_with("not valid JSON"), "{reasons:?}");
        assert_eq!(reasons[1].0, 1_303);
        assert!(reasons[1].1.starts_with("conflict: "), "{reasons:?}");
        assert_eq!(reasons[2].0, 1_304);
        assert!(reasons[2].1.starts_with("to: "), "{reasons:?}");

        // The retry pass takes the cancellation now that its certificate is stored.
        let documents = waiting.into_iter().map(|(document, _)| document).collect();
        let waiting = ingest(
            store.as_ref(),
            &import_actor(),
            documents,
            &mut counts,
            &mut rejections,
        )
        .await
        .unwrap();
        assert!(waiting.is_empty());
        assert_eq!((counts.new, counts.repeated), (1_302, 0));
    }
}
