//! The instruments a service offers: those tilbake ships and a centre's own,
//! each kept by id and version so that old answers are scored with the
//! definition they were given on.

use super::definition::Definition;

/// A definition file the service refused, and why (shown to the admin).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadProblem {
    /// The file, as the service was told where it is.
    pub source: String,
    /// The contract's one-line error: the field and what is wrong there.
    pub message: String,
}

/// Every instrument the service knows, in the order they were added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalogue {
    definitions: Vec<(String, Definition)>,
    problems: Vec<LoadProblem>,
}

impl Catalogue {
    /// Adds a definition read from `source`. A second definition with the same
    /// id and version is refused (recorded as a problem): answers name only
    /// the id and version, so two such definitions would make scores ambiguous.
    pub fn add(&mut self, source: &str, definition: Definition) {
        if let Some((first, _)) = self
            .definitions
            .iter()
            .find(|(_, known)| known.id == definition.id && known.version == definition.version)
        {
            let message = format!(
                "id: '{}' version {} is already defined by {first}",
                definition.id.as_str(),
                definition.version
            );
            self.refuse(source, message);
            return;
        }
        self.definitions.push((source.to_owned(), definition));
    }

    pub fn refuse(&mut self, source: &str, message: String) {
        self.problems.push(LoadProblem {
            source: source.to_owned(),
            message,
        });
    }

    /// The definition a person's answers were given on.
    pub fn get(&self, id: &str, version: u32) -> Option<&Definition> {
        self.definitions
            .iter()
            .map(|(_, definition)| definition)
            .find(|definition| definition.id.as_str() == id && definition.version == version)
    }

    /// The newest version of each instrument, in the order the first version
    /// of each was added: what a person is offered to fill in.
    pub fn current(&self) -> Vec<&Definition> {
        let mut current: Vec<&Definition> = Vec::new();
        for (_, definition) in &self.definitions {
            match current.iter_mut().find(|known| known.id == definition.id) {
                Some(known) if known.version < definition.version => *known = definition,
                Some(_) => {}
                None => current.push(definition),
            }
        }
        current
    }

    /// Every definition with the file it came from.
    pub fn sources(&self) -> impl Iterator<Item = (&str, &Definition)> {
        self.definitions
            .iter()
            .map(|(source, definition)| (source.as_str(), definition))
    }

    pub fn problems(&self) -> &[LoadProblem] {
        &self.problems
    }
}
