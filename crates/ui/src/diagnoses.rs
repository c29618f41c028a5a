//! A diagnosis as its reader reads it: the code with its name ("P74
//! Angstlidelse"), from the catalogue's ICPC-2 section; a code the table
//! does not name, or another system's, with the system's name instead.
//! Only pages that may show a diagnosis call this (the policy decides).

use tilbake_domain::document::{Diagnosis, DiagnosisSystem};

use crate::texts::{fill, Texts};

/// "P74 Angstlidelse"; "ICD-10-kode F32.1" for a code without a name here.
pub fn diagnosis_text(t: &Texts, diagnosis: &Diagnosis) -> String {
    let code = diagnosis.code.trim();
    let named = (diagnosis.system == DiagnosisSystem::Icpc2)
        .then(|| icpc2_name(t, code))
        .flatten();
    match named {
        Some(name) => format!("{} {name}", code.to_uppercase()),
        None => fill(
            t.icpc2.unknown,
            &[("system", &diagnosis.system.as_str()), ("code", &code)],
        ),
    }
}

/// The name of an ICPC-2 code, if the table has it (any letter case).
fn icpc2_name(t: &Texts, code: &str) -> Option<&'static str> {
    // Field names are the codes in lower case; `unknown` is no code.
    if code.len() != 3 {
        return None;
    }
    let key = code.to_ascii_lowercase();
    t.icpc2
        .entries()
        .into_iter()
        .find(|(field, _)| *field == key)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::{EN, NB};

    fn icpc2(code: &str) -> Diagnosis {
        Diagnosis {
            system: DiagnosisSystem::Icpc2,
            code: code.to_owned(),
        }
    }

    #[test]
    fn a_code_reads_with_its_name_in_both_languages() {
        assert_eq!(diagnosis_text(&NB, &icpc2("P74")), "P74 Angstlidelse");
        assert_eq!(diagnosis_text(&EN, &icpc2("P74")), "P74 Anxiety disorder");
        assert_eq!(
            diagnosis_text(&NB, &icpc2("l03")),
            "L03 Korsryggsymptomer/-plager"
        );
    }

    #[test]
    fn an_unknown_code_or_system_reads_plainly() {
        assert_eq!(diagnosis_text(&NB, &icpc2("Z99")), "ICPC-2-kode Z99");
        assert_eq!(
            diagnosis_text(&EN, &icpc2("unknown")),
            "ICPC-2 code unknown"
        );
        let icd = Diagnosis {
            system: DiagnosisSystem::Icd10,
            code: "F32".to_owned(),
        };
        assert_eq!(diagnosis_text(&NB, &icd), "ICD-10-kode F32");
    }

    #[test]
    fn every_code_the_demo_and_sick_leave_use_most_has_a_name() {
        let common = [
            "L03", "L84", "L86", "L92", "L18", "P76", "P74", "P02", "P78", "R74", "R80", "D73",
            "N01", "A04", "L01", "L02", "L08", "L83", "L87", "P01", "P03", "P06", "P29", "P82",
        ];
        for t in [&NB, &EN] {
            for code in common {
                assert!(icpc2_name(t, code).is_some(), "{code}");
            }
        }
        // Every entry but the fallback is a code: a capital chapter letter and two digits.
        for (field, _) in NB
            .icpc2
            .entries()
            .into_iter()
            .filter(|(field, _)| *field != "unknown")
        {
            let bytes = field.as_bytes();
            assert!(
                bytes.len() == 3
                    && bytes[0].is_ascii_lowercase()
                    && bytes[1..].iter().all(u8::is_ascii_digit),
                "{field}"
            );
        }
    }
}
