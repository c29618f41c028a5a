//! Persons, employers and NAV offices by name, and persons in page paths by
//! their opaque reference (never the identity number, which would land in
//! address bars, proxies' logs and browsers' histories).
//!
//! A page route about a person takes the reference as its first parameter
//! and turns it into the identity number with [`resolve`]; links to such
//! pages are built by the `paths` functions from a [`PersonRef`]. Lists get
//! each person's name and reference at once with [`labels`].

use std::collections::BTreeMap;

use axum::http::StatusCode;
use tilbake_domain::identity::{Fnr, UnitCode};
use tilbake_domain::register::{PersonName, PersonRef, PostalAddress};
use tilbake_store::{Actor, PersonLabel};

use crate::format::fnr_grouped;
use crate::host::Host;
use crate::page::{Exit, Page};
use crate::texts::{fill, Texts};

/// The person a page path names by reference; 404 for anything else (an
/// identity number, an unknown or malformed reference). Whether the reader
/// may see them is the store's to answer when the page reads them.
pub async fn resolve<S: Host>(page: &Page, host: &S, text: &str) -> Result<(Fnr, PersonRef), Exit> {
    let not_found = || Exit::from(page.error(StatusCode::NOT_FOUND));
    let reference = PersonRef::parse(text).ok_or_else(not_found)?;
    match host.store().person_of_reference(&reference).await {
        Ok(Some(fnr)) => Ok((fnr, reference)),
        Ok(None) => Err(not_found()),
        Err(error) => Err(page.store_error(error).into()),
    }
}

/// The names and references of the persons a list shows (those the reader
/// may see; the list came from the store, which asked the policy).
pub async fn labels<S: Host>(
    page: &Page,
    host: &S,
    actor: &Actor,
    persons: impl IntoIterator<Item = Fnr>,
) -> Result<Labels, Exit> {
    let mut persons: Vec<Fnr> = persons.into_iter().collect();
    persons.sort_unstable();
    persons.dedup();
    host.store()
        .person_labels(actor, &persons, page.today)
        .await
        .map(Labels)
        .map_err(|error| page.store_error(error).into())
}

/// "Kari Nordmann (154385 10092)" for one person the reader sees.
pub async fn label_of<S: Host>(
    page: &Page,
    host: &S,
    actor: &Actor,
    fnr: &Fnr,
) -> Result<String, Exit> {
    Ok(labels(page, host, actor, [*fnr]).await?.person(page.t, fnr))
}

/// The reference and "Kari Nordmann (154385 10092)" of one person the
/// reader sees, for a page that has only the number at hand; 404 when the
/// store does not label them (the reader may not see them).
pub async fn reference_of<S: Host>(
    page: &Page,
    host: &S,
    actor: &Actor,
    fnr: &Fnr,
) -> Result<(PersonRef, String), Exit> {
    let labels = labels(page, host, actor, [*fnr]).await?;
    let reference = labels
        .reference(fnr)
        .cloned()
        .ok_or_else(|| Exit::from(page.error(StatusCode::NOT_FOUND)))?;
    Ok((reference, labels.person(page.t, fnr)))
}

/// Persons' names and references, by identity number.
pub struct Labels(BTreeMap<Fnr, PersonLabel>);

impl Labels {
    /// The reference of a listed person (`None` for one the store did not
    /// label: no link is made to a page the reader cannot open).
    pub fn reference(&self, fnr: &Fnr) -> Option<&PersonRef> {
        self.0.get(fnr).map(|label| &label.reference)
    }

    /// The person's page, `/person/{reference}` (empty for a person the
    /// store did not label).
    pub fn href(&self, fnr: &Fnr) -> String {
        self.reference(fnr)
            .map(crate::paths::person)
            .unwrap_or_default()
    }

    pub fn name(&self, fnr: &Fnr) -> Option<&PersonName> {
        self.0.get(fnr).and_then(|label| label.name.as_ref())
    }

    /// "Kari Nordmann (154385 10092)", or the number alone, said plainly.
    pub fn person(&self, t: &Texts, fnr: &Fnr) -> String {
        person_label(t, fnr, self.name(fnr))
    }
}

/// "Kari Nordmann (154385 10092)"; a person the register has not named
/// shows the number alone, with a word saying so.
pub fn person_label(t: &Texts, fnr: &Fnr, name: Option<&PersonName>) -> String {
    let number = fnr_grouped(fnr);
    match name {
        Some(name) => format!("{} ({number})", name.full()),
        None => fill(t.names.person_without_name, &[("fnr", &number)]),
    }
}

/// An address on one line: "Storgata 1, 0182 Oslo".
pub fn address_line(address: &PostalAddress) -> String {
    format!("{}, {} {}", address.street, address.postcode, address.city)
}

/// A NAV office by name: "NAV Oslo", or "NAV-kontor 1234".
pub fn office(unit: UnitCode) -> String {
    tilbake_domain::register::office_label(&unit)
}

/// Employers' names by organisation number, for a page that shows them.
pub async fn employer_names<S: Host>(
    page: &Page,
    host: &S,
    employers: impl IntoIterator<Item = String>,
) -> Result<Employers, Exit> {
    let mut employers: Vec<String> = employers.into_iter().collect();
    employers.sort_unstable();
    employers.dedup();
    host.store()
        .employer_names(&employers)
        .await
        .map(Employers)
        .map_err(|error| page.store_error(error).into())
}

/// Employers' names, by organisation number.
#[derive(Default)]
pub struct Employers(BTreeMap<String, String>);

impl Employers {
    /// "Solvang sykehjem (org.nr. 910000004)", or "Org.nr. 910000004".
    pub fn label(&self, t: &Texts, orgnr: &str) -> String {
        match self.0.get(orgnr) {
            Some(name) => fill(
                t.names.employer_with_number,
                &[("name", name), ("orgnr", &orgnr)],
            ),
            None => fill(t.names.employer_without_name, &[("orgnr", &orgnr)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::{EN, NB};

    #[test]
    fn a_person_is_named_with_the_number_or_the_number_alone_said_plainly() {
        let fnr = Fnr::parse("15438510092").unwrap();
        let name = PersonName {
            given: "Kari".to_owned(),
            family: "Nordmann".to_owned(),
        };
        assert_eq!(
            person_label(&NB, &fnr, Some(&name)),
            "Kari Nordmann (154385 10092)"
        );
        assert_eq!(
            person_label(&NB, &fnr, None),
            "Fødselsnummer 154385 10092 (navnet er ikke kjent ennå)"
        );
        assert!(person_label(&EN, &fnr, None).starts_with("National identity number"));
    }

    #[test]
    fn employers_and_offices_are_named_or_numbered() {
        let employers = Employers(BTreeMap::from([(
            "910000004".to_owned(),
            "Solvang sykehjem".to_owned(),
        )]));
        assert_eq!(
            employers.label(&NB, "910000004"),
            "Solvang sykehjem (org.nr. 910000004)"
        );
        assert_eq!(employers.label(&NB, "974760673"), "Org.nr. 974760673");
        assert_eq!(office(UnitCode::parse("0301").unwrap()), "NAV Oslo");
        assert_eq!(office(UnitCode::parse("9999").unwrap()), "NAV-kontor 9999");
    }
}
