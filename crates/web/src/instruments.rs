//! The guidance instruments the service offers, loaded once at start: those
//! tilbake ships, then a career centre's own folder of definition files.
//!
//! A broken file is refused with the file and the field named, in the log
//! and on the instruments page; it never stops the service.

use std::path::Path;

use tilbake_contract::guidance::{parse_definition, SHIPPED};
use tilbake_domain::guidance::Catalogue;

/// The shipped instruments and every `*.json` in `folder`, in name order.
pub fn load_catalogue(folder: Option<&Path>) -> Catalogue {
    let mut catalogue = Catalogue::default();
    for (name, text) in SHIPPED {
        add(&mut catalogue, &format!("tilbake/{name}"), text.as_bytes());
    }
    let Some(folder) = folder else {
        return catalogue;
    };
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) => {
            let source = folder.display().to_string();
            tracing::warn!(folder = %source, %error, "the instruments folder cannot be read");
            catalogue.refuse(&source, format!("cannot read the folder: {error}"));
            return catalogue;
        }
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    paths.sort();
    for path in paths {
        let source = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => add(&mut catalogue, &source, &bytes),
            Err(error) => {
                tracing::warn!(file = %source, %error, "an instrument file cannot be read");
                catalogue.refuse(&source, format!("cannot read the file: {error}"));
            }
        }
    }
    let n_refused = catalogue.problems().len();
    tracing::info!(
        folder = %folder.display(),
        n_instruments = catalogue.sources().count(),
        n_refused,
        "guidance instruments loaded"
    );
    catalogue
}

fn add(catalogue: &mut Catalogue, source: &str, bytes: &[u8]) {
    match parse_definition(bytes) {
        Ok(definition) => {
            let n_before = catalogue.problems().len();
            catalogue.add(source, definition);
            if let Some(problem) = catalogue.problems().get(n_before) {
                tracing::warn!(file = %source, problem = %problem.message, "an instrument file is refused");
            }
        }
        Err(error) => {
            tracing::warn!(file = %source, problem = %error, "an instrument file is refused");
            catalogue.refuse(source, error.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_file_is_named_and_the_rest_load() {
        let folder = tempfile::tempdir().unwrap();
        let good = SHIPPED[3]
            .1
            .replace("\"id\": \"wheel\"", "\"id\": \"centre-wheel\"");
        std::fs::write(folder.path().join("a-good.json"), good).unwrap();
        std::fs::write(folder.path().join("b-broken.json"), "{\"id\": \"x\"}").unwrap();
        std::fs::write(folder.path().join("c-twice.json"), SHIPPED[3].1).unwrap();
        std::fs::write(folder.path().join("notes.txt"), "not an instrument").unwrap();
        let catalogue = load_catalogue(Some(folder.path()));
        let ids: Vec<&str> = catalogue.current().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "interests",
                "motivation",
                "workstyle",
                "wheel",
                "centre-wheel"
            ]
        );
        let problems: Vec<String> = catalogue
            .problems()
            .iter()
            .map(|problem| {
                format!(
                    "{}: {}",
                    Path::new(&problem.source)
                        .file_name()
                        .unwrap()
                        .to_string_lossy(),
                    problem.message
                )
            })
            .collect();
        assert_eq!(
            problems,
            [
                "b-broken.json: version: missing",
                "c-twice.json: id: 'wheel' version 1 is already defined by tilbake/wheel.json"
            ]
        );
    }
}
