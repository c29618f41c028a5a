//! Synthetic names and postal addresses for the demo's persons, as the
//! population register would send them (`population_register` documents).
//!
//! Chosen from the person's identity number alone (so a person keeps their
//! name whatever else the demo draws, and the demo's other random choices
//! stay as they were): the given name by the legal sex the number encodes,
//! the address in the city of the person's NAV office. Common Norwegian
//! names and real street names; the house numbers and the combinations are
//! made up.

use tilbake_domain::document::{Document, DocumentBody};
use tilbake_domain::identity::{Fnr, UnitCode};
use tilbake_domain::register::{PersonName, PopulationRecord, PostalAddress};

const WOMEN: [&str; 24] = [
    "Anne",
    "Inger",
    "Kari",
    "Marit",
    "Ingrid",
    "Liv",
    "Eva",
    "Berit",
    "Astrid",
    "Bjørg",
    "Hilde",
    "Anna",
    "Solveig",
    "Marianne",
    "Randi",
    "Ida",
    "Nina",
    "Maria",
    "Elisabeth",
    "Kristin",
    "Silje",
    "Camilla",
    "Nora",
    "Emma",
];

const MEN: [&str; 24] = [
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Svein", "Arne", "Thomas", "Hans",
    "Geir", "Tor", "Morten", "Terje", "Odd", "Martin", "Erik", "Andreas", "Jon", "Anders", "Espen",
    "Magnus", "Jonas",
];

const FAMILY: [&str; 30] = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
];

/// Streets with their postcodes.
type Streets = &'static [(&'static str, &'static str)];

/// Streets, postcodes and post town by the demo's office codes.
const PLACES: [(&str, Streets, &str); 3] = [
    (
        "0301",
        &[
            ("Thereses gate", "0168"),
            ("Trondheimsveien", "0560"),
            ("Kirkeveien", "0368"),
            ("Tøyengata", "0190"),
            ("Bogstadveien", "0355"),
            ("Grønlandsleiret", "0190"),
        ],
        "Oslo",
    ),
    (
        "4601",
        &[
            ("Nygårdsgaten", "5015"),
            ("Kalfarveien", "5018"),
            ("Sandviksveien", "5035"),
            ("Fjøsangerveien", "5054"),
        ],
        "Bergen",
    ),
    (
        "5001",
        &[
            ("Innherredsveien", "7014"),
            ("Elgeseter gate", "7030"),
            ("Byåsveien", "7020"),
            ("Kongens gate", "7012"),
        ],
        "Trondheim",
    ),
];

/// A number from the identity number's digits, mixed so that neighbouring
/// numbers get unrelated names.
fn mix(fnr: &Fnr, salt: u64) -> u64 {
    let digits: u64 = fnr.as_str().parse().unwrap_or(0);
    let mut x = digits ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn choose<'a>(list: &[&'a str], fnr: &Fnr, salt: u64) -> &'a str {
    let len = u64::try_from(list.len()).unwrap_or(1).max(1);
    let index = usize::try_from(mix(fnr, salt) % len).unwrap_or(0);
    list.get(index).copied().unwrap_or("")
}

/// The name and address of a demo person living where `unit` serves.
pub fn population_record(fnr: &Fnr, unit: &UnitCode) -> PopulationRecord {
    // The ninth digit (the last of the individual number) is odd for men.
    let man = fnr
        .as_str()
        .as_bytes()
        .get(8)
        .is_some_and(|digit| (digit - b'0') % 2 == 1);
    let given = choose(if man { &MEN } else { &WOMEN }, fnr, 1);
    let family = choose(&FAMILY, fnr, 2);
    let code = unit.to_string();
    let (_, streets, city) = PLACES
        .iter()
        .find(|(known, _, _)| *known == code)
        .unwrap_or(&PLACES[0]);
    let len = u64::try_from(streets.len()).unwrap_or(1).max(1);
    let index = usize::try_from(mix(fnr, 3) % len).unwrap_or(0);
    let (street, postcode) = streets.get(index).copied().unwrap_or(("Storgata", "0184"));
    let number = mix(fnr, 4) % 120 + 1;
    PopulationRecord {
        name: PersonName {
            given: given.to_owned(),
            family: family.to_owned(),
        },
        address: PostalAddress {
            street: format!("{street} {number}"),
            postcode: postcode.to_owned(),
            city: (*city).to_owned(),
        },
    }
}

/// The register's document for a demo person (naming their office, as
/// every document the demo's system client sends does).
pub fn register_document(fnr: &Fnr, unit: &UnitCode) -> Document {
    Document {
        person: *fnr,
        id: "folkeregisteret-1".to_owned(),
        unit: Some(*unit),
        body: DocumentBody::Register(population_record(fnr, unit)),
        diagnosis: None,
        gp: None,
    }
}

/// Puts the register's document first among each demo person's documents.
pub fn name_everyone(persons: &mut [crate::demo::DemoPerson]) {
    for person in persons {
        let register = register_document(&person.fnr, &person.unit);
        person.documents.insert(0, register);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_keeps_their_name_and_lives_where_their_office_is() {
        let fnr = Fnr::parse("15438510092").unwrap();
        let bergen = UnitCode::parse("4601").unwrap();
        let record = population_record(&fnr, &bergen);
        assert_eq!(record, population_record(&fnr, &bergen));
        assert_eq!(record.address.city, "Bergen");
        assert!(record.address.postcode.starts_with('5'));
        assert!(tilbake_domain::register::check_text(&record.name.full()).is_ok());
        // The ninth digit 0 is even: a woman's name.
        assert!(WOMEN.contains(&record.name.given.as_str()));
    }

    #[test]
    fn names_vary_between_persons() {
        let world =
            crate::demo::demo_world(7, chrono::NaiveDate::from_ymd_opt(2026, 3, 23).unwrap(), 60);
        let mut names: Vec<String> = world
            .persons
            .iter()
            .map(|person| population_record(&person.fnr, &person.unit).name.full())
            .collect();
        names.sort_unstable();
        names.dedup();
        assert!(names.len() > 40, "{} distinct names of 60", names.len());
    }
}
