//! How persons, employers and NAV offices are named on the pages: the
//! words around a name or number (a name with its number, "Kari Nordmann
//! (154385 10092)", and an address line are written the same in both
//! languages, in `crate::names`), the register's document.

section! {
    /// Names instead of numbers.
    pub struct NamesTexts {
        /// A person the population register has not named (yet).
        person_without_name,
        /// The population register's document in the list of documents.
        doc_population_register,
        /// The address heading on the person page.
        address_heading,
        /// The address is protected: said instead of it.
        address_protected,
        /// An employer with a name: "Solvang sykehjem (org.nr. 910000004)".
        employer_with_number,
        /// An employer without a name.
        employer_without_name,
    }
}

pub const NB: NamesTexts = NamesTexts {
    person_without_name: "Fødselsnummer {fnr} (navnet er ikke kjent ennå)",
    doc_population_register: "Navn og adresse fra Folkeregisteret",
    address_heading: "Adresse",
    address_protected: "Adressen er skjermet og vises ikke.",
    employer_with_number: "{name} (org.nr. {orgnr})",
    employer_without_name: "Org.nr. {orgnr}",
};

pub const EN: NamesTexts = NamesTexts {
    person_without_name: "National identity number {fnr} (name not known yet)",
    doc_population_register: "Name and address from the National Population Register",
    address_heading: "Address",
    address_protected: "The address is protected and is not shown.",
    employer_with_number: "{name} (org. no. {orgnr})",
    employer_without_name: "Org. no. {orgnr}",
};
