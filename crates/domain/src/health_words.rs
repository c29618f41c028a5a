//! Words that tell of a person's health, found in a text an employer keeps
//! (the follow-up plan). The employer shall have no health information, so
//! the plan's writer is told which word to take out.
//!
//! A word is matched as a whole word in one of its own forms, never as a
//! part of another word: "medisinutdeling" (giving out medicine, a normal
//! task in care work) is not "medisin", and "painting" is not "pain". Some
//! words also match as the last part of a compound, because Norwegian puts
//! the head of a compound last: "ryggsmerter" is about pain,
//! "smertelindring" (pain relief, a care task) is not.
//!
//! The page runs the same rules as the text is written (a small script,
//! reading [`HEALTH_TERMS`] from the page), and again on the server.

/// A word for health: its stem, the endings its forms take, and whether it
/// also stands as the last part of a compound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HealthTerm {
    /// Lower-case; a phrase's words are separated by one space.
    pub stem: &'static str,
    /// The endings that make the word's forms (`""` is the stem itself).
    pub endings: &'static [&'static str],
    /// Whether "rygg" + "smerter" counts: the stem as the compound's head.
    pub compound_head: bool,
}

const fn term(
    stem: &'static str,
    endings: &'static [&'static str],
    compound_head: bool,
) -> HealthTerm {
    HealthTerm {
        stem,
        endings,
        compound_head,
    }
}

/// Norwegian nouns ending in -e: smerte, smerten, smerter, smertene.
const E_NOUN: &[&str] = &["", "n", "r", "ne"];
/// Norwegian nouns: symptom, symptomet, symptomer, symptomene.
const NOUN: &[&str] = &["", "en", "et", "er", "ene"];
/// A word with a definite form only: kreft, kreften (not "krefter",
/// which is the plural of "kraft", a workforce's strength).
const DEFINITE: &[&str] = &["", "en"];
/// Adjectives: psykisk, psykiske; utbrent, utbrente.
const ADJECTIVE: &[&str] = &["", "e"];
/// English nouns: a pain, pains.
const ENGLISH: &[&str] = &["", "s"];
const ONLY: &[&str] = &[""];

/// The words, in Norwegian and English. Kept to words that in a work plan
/// can only be about the person's health; "operasjon" only as a whole word,
/// since a warehouse has "lageroperasjoner", and "diagnose" too, since a
/// mechanic makes a "motordiagnose".
pub const HEALTH_TERMS: &[HealthTerm] = &[
    term("diagnose", E_NOUN, false),
    term("diagnosis", ONLY, false),
    term("diagnoses", ONLY, false),
    term("symptom", NOUN, false),
    term("symptoms", ONLY, false),
    term("smerte", E_NOUN, true),
    term("vondt", ONLY, false),
    term("pain", ENGLISH, false),
    term("painful", ONLY, false),
    term("depresjon", NOUN, true),
    term("deprimert", ADJECTIVE, false),
    term("depression", ENGLISH, false),
    term("depressed", ONLY, false),
    term("angst", DEFINITE, true),
    term("anxiety", ONLY, false),
    term("migrene", E_NOUN, true),
    term("migraine", ENGLISH, false),
    term("kreft", DEFINITE, true),
    term("cancer", ENGLISH, false),
    term("prolaps", DEFINITE, true),
    term("utbrent", ADJECTIVE, false),
    term("utbrenthet", DEFINITE, false),
    term("burnout", ONLY, false),
    term("burn out", ONLY, false),
    term("medisin", NOUN, true),
    term("medication", ENGLISH, false),
    term("medicine", ENGLISH, false),
    term("sykdom", ONLY, true),
    term("sykdomm", &["en", "er", "ene"], true),
    term("illness", &["", "es"], false),
    term("disease", ENGLISH, false),
    term("operasjon", DEFINITE, false),
    term("operert", ADJECTIVE, false),
    term("surgery", ONLY, false),
    term("psykisk", ADJECTIVE, false),
    term("psykolog", DEFINITE, false),
    term("mental health", ONLY, false),
    term("lidelse", E_NOUN, true),
    term("betennelse", E_NOUN, true),
    term("infarkt", &["", "et"], true),
    term("diabetes", ONLY, false),
    term("astma", ONLY, true),
    term("epilepsi", DEFINITE, false),
];

/// The shortest first part a compound may have ("rygg" in "ryggsmerter").
const MIN_COMPOUND_PREFIX: usize = 3;

/// The words of `text` that tell of health, as written, each once, in the
/// order they first appear: words from [`HEALTH_TERMS`] and codes shaped like
/// an ICPC-2 or ICD-10 diagnosis (`L03`, `F32.1`).
pub fn health_words(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut note = |word: &str| {
        if !found
            .iter()
            .any(|seen| seen.to_lowercase() == word.to_lowercase())
        {
            found.push(word.to_owned());
        }
    };
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let lower: Vec<String> = words.iter().map(|word| word.to_lowercase()).collect();
    for index in 0..lower.len() {
        for health in HEALTH_TERMS {
            let mut stem_words = health.stem.split(' ');
            let count = stem_words.clone().count();
            let last_stem = stem_words.next_back().unwrap_or_default();
            let leading_match = stem_words
                .enumerate()
                .all(|(offset, stem)| lower.get(index + offset).is_some_and(|w| w == stem));
            let Some(last) = lower.get(index + count - 1) else {
                continue;
            };
            if leading_match && matches_last(health, last_stem, last, count == 1) {
                let written = words.get(index..index + count).unwrap_or_default();
                note(&written.join(" "));
            }
        }
    }
    for code in diagnosis_codes(text) {
        note(code);
    }
    found
}

/// Whether `word` is a form of the term's (last) stem, or, for a one-word
/// term that heads compounds, a compound ending in such a form.
fn matches_last(term: &HealthTerm, stem: &str, word: &str, single: bool) -> bool {
    term.endings.iter().any(|ending| {
        let len = stem.len() + ending.len();
        if !word.ends_with(ending) || word.len() < len {
            return false;
        }
        let Some(form_start) = word.len().checked_sub(len) else {
            return false;
        };
        let Some(form) = word.get(form_start..) else {
            return false;
        };
        if !form.starts_with(stem) {
            return false;
        }
        form_start == 0
            || (single
                && term.compound_head
                && word.get(..form_start).is_some_and(|prefix| {
                    prefix.chars().count() >= MIN_COMPOUND_PREFIX
                        && prefix.chars().all(char::is_alphabetic)
                }))
    })
}

/// The words of `text` shaped like an ICPC-2 or ICD-10 code (a capital
/// letter and two digits, perhaps with a dot and more: `L03`, `F32.1`).
pub fn diagnosis_codes(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .map(|word| word.trim_end_matches('.'))
        .filter(|word| {
            let code = word.split('.').next().unwrap_or_default().as_bytes();
            code.len() == 3
                && code.first().is_some_and(u8::is_ascii_uppercase)
                && code
                    .get(1..)
                    .is_some_and(|digits| digits.iter().all(u8::is_ascii_digit))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ordinary words of work in care, building, retail, office and
    /// transport, as they are written in plans. None may raise the hint.
    const WORK_WORDS: &[&str] = &[
        // care
        "medisinutdeling",
        "medisinrom og medisinskap",
        "medisinsk utstyr",
        "smertelindring til pasienter",
        "kreftavdeling",
        "sykdomsforebygging",
        "stell og dusj",
        "sårstell",
        "hjemmesykepleie",
        "legemiddelhåndtering",
        "sykehjem, nattevakt",
        "pasientløft med takheis",
        "diagnostikk",
        // building
        "maling av fasader",
        "painting and plastering",
        "paint the walls",
        "stillasbygging",
        "tunge løft",
        "betongarbeid",
        "forskaling",
        "taktekking",
        // retail
        "kassearbeid",
        "varepåfylling",
        "kundeservice i butikk",
        "apotekvarer og reseptfritt",
        // office
        "saksbehandling",
        "møter og regneark",
        "kundebehandling på telefon",
        "fakturering",
        // transport
        "truckkjøring",
        "lageroperasjoner",
        "lasting og lossing",
        "motordiagnose og feilsøking",
        "nattskift på terminalen",
        "vi trenger ekstra arbeidskrefter",
        "kreftene i teamet",
        "ruteplanlegging",
        // numbers and rooms that only look like codes
        "Rom A12b",
        "kl. 10.30",
        "E6 til jobb",
        "l03 er ikke en kode",
    ];

    #[test]
    fn ordinary_work_words_raise_no_alarm() {
        for text in WORK_WORDS {
            assert_eq!(health_words(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn health_words_are_named_as_written() {
        for (text, words) in [
            ("Har vondt i ryggen", vec!["vondt"]),
            ("Ryggsmerter etter prolaps", vec!["Ryggsmerter", "prolaps"]),
            ("Depresjon", vec!["Depresjon"]),
            ("Tar medisiner som gjør henne trøtt", vec!["medisiner"]),
            ("sykdommen gjør at", vec!["sykdommen"]),
            ("Hjertesykdom", vec!["Hjertesykdom"]),
            ("has chronic pain", vec!["pain"]),
            ("after the surgery", vec!["surgery"]),
            ("Mental  health first", vec!["Mental health"]),
            ("burn-out og angst", vec!["burn out", "angst"]),
            ("Sykmeldt for L03", vec!["L03"]),
            ("kode F32.1.", vec!["F32.1"]),
            ("smerte, smerter, Smerte", vec!["smerte", "smerter"]),
        ] {
            assert_eq!(health_words(text), words, "{text}");
        }
    }

    #[test]
    fn a_phrase_needs_its_words_next_to_each_other() {
        assert!(health_words("mental trening og god health-kultur").is_empty());
        assert!(health_words("burn").is_empty());
    }

    #[test]
    fn every_term_matches_its_own_forms() {
        for health in HEALTH_TERMS {
            for ending in health.endings {
                let word = format!("{}{ending}", health.stem);
                assert_eq!(health_words(&word).len(), 1, "{word}");
            }
        }
    }

    proptest::proptest! {
        /// No text makes it panic, and every word it names is in the text.
        #[test]
        fn names_only_what_is_in_the_text(text in "\\PC{0,80}") {
            for word in health_words(&text) {
                let first = word.split(' ').next().unwrap_or_default();
                proptest::prop_assert!(text.contains(first));
            }
        }
    }
}
