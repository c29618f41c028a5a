//! Occupations to talk about, suggested from a person's interest code
//! (Holland's RIASEC letters, strongest first, e.g. `SAI`).
//!
//! This is a starting point for a conversation with the counsellor, not a
//! verdict: an interest code says what a person likes to do, not what they
//! can do, what their health allows or what the labour market offers. The
//! list of occupations is data (`data/occupations.csv`, read at the edge);
//! this module only ranks it.
//!
//! The score of an occupation, for a person's code `p1 p2 p3` and an
//! occupation's code `o1 o2 [o3]`, is simple and written down:
//! - each letter of the occupation that is in the person's code counts by
//!   how strong it is for the person: 3 for `p1`, 2 for `p2`, 1 for `p3`;
//! - the same first letter (`o1 = p1`) weighs most: 3 more;
//! - order matters: 1 more for each letter in the same place in both codes.
//!
//! An occupation that shares no letter with the person's code is never
//! suggested. Ties are broken by how many letters are shared, then by the
//! STYRK-08 code and the title, so the order is always the same.

use std::cmp::Reverse;

/// One of Holland's six interest types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HollandType {
    /// Realistic (praktisk).
    R,
    /// Investigative (undersøkende).
    I,
    /// Artistic (skapende).
    A,
    /// Social (sosial).
    S,
    /// Enterprising (foretaksom).
    E,
    /// Conventional (systematisk).
    C,
}

impl HollandType {
    pub const ALL: [HollandType; 6] = [
        HollandType::R,
        HollandType::I,
        HollandType::A,
        HollandType::S,
        HollandType::E,
        HollandType::C,
    ];

    pub fn from_letter(letter: char) -> Option<HollandType> {
        HollandType::ALL
            .into_iter()
            .find(|kind| kind.letter() == letter)
    }

    pub fn letter(self) -> char {
        match self {
            HollandType::R => 'R',
            HollandType::I => 'I',
            HollandType::A => 'A',
            HollandType::S => 'S',
            HollandType::E => 'E',
            HollandType::C => 'C',
        }
    }
}

/// Why a Holland code is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HollandCodeError {
    #[error("'{0}' is not a letter of RIASEC")]
    NotALetter(char),
    #[error("the letter {0} is given twice")]
    Repeated(char),
    #[error("a code has 1 to 3 letters, not {0}")]
    Length(usize),
}

/// A Holland code: one to three different types, strongest first.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HollandCode(Vec<HollandType>);

impl HollandCode {
    pub const MAX_LETTERS: usize = 3;

    pub fn parse(text: &str) -> Result<HollandCode, HollandCodeError> {
        let letters: Vec<char> = text.chars().collect();
        if letters.is_empty() || letters.len() > Self::MAX_LETTERS {
            return Err(HollandCodeError::Length(letters.len()));
        }
        HollandCode::from_types(
            letters
                .into_iter()
                .map(|letter| {
                    HollandType::from_letter(letter).ok_or(HollandCodeError::NotALetter(letter))
                })
                .collect::<Result<Vec<_>, _>>()?,
        )
    }

    pub fn from_types(types: Vec<HollandType>) -> Result<HollandCode, HollandCodeError> {
        if types.is_empty() || types.len() > Self::MAX_LETTERS {
            return Err(HollandCodeError::Length(types.len()));
        }
        for (index, kind) in types.iter().enumerate() {
            if types.iter().take(index).any(|earlier| earlier == kind) {
                return Err(HollandCodeError::Repeated(kind.letter()));
            }
        }
        Ok(HollandCode(types))
    }

    pub fn types(&self) -> &[HollandType] {
        &self.0
    }

    pub fn position(&self, kind: HollandType) -> Option<usize> {
        self.0.iter().position(|known| *known == kind)
    }

    pub fn as_string(&self) -> String {
        self.0.iter().map(|kind| kind.letter()).collect()
    }
}

/// One occupation of the list, as the data gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occupation {
    /// The four-digit STYRK-08 unit group (SSB's yrkesklassifisering).
    pub styrk08: String,
    pub title_nb: String,
    pub title_en: String,
    pub code: HollandCode,
}

/// An occupation suggested for a person's code, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion<'o> {
    pub occupation: &'o Occupation,
    pub score: u32,
    /// The person's types the occupation shares, strongest for the person first.
    pub shared: Vec<HollandType>,
    /// Whether the shared types are exactly the person's strongest
    /// (`shared` is `p1`, or `p1 p2`, or `p1 p2 p3`).
    pub strongest: bool,
}

/// How many occupations [`suggest`] names by default.
pub const SUGGESTIONS: usize = 8;

/// Weight of a shared type by its place in the person's code.
const STRENGTH: [u32; 3] = [3, 2, 1];
/// What the same first letter adds.
const SAME_FIRST: u32 = 3;
/// What a letter in the same place in both codes adds.
const SAME_PLACE: u32 = 1;

/// The score of one occupation for a person's code (0: nothing shared).
pub fn match_score(person: &HollandCode, occupation: &HollandCode) -> u32 {
    let mut total = 0;
    for (place, kind) in occupation.types().iter().enumerate() {
        let Some(strength) = person.position(*kind) else {
            continue;
        };
        total += STRENGTH.get(strength).copied().unwrap_or(0);
        if strength == place {
            total += SAME_PLACE;
        }
    }
    if !person.types().is_empty() && person.types().first() == occupation.types().first() {
        total += SAME_FIRST;
    }
    total
}

/// At most `limit` occupations for a person's code, best first.
pub fn suggest<'o>(
    person: &HollandCode,
    occupations: &'o [Occupation],
    limit: usize,
) -> Vec<Suggestion<'o>> {
    let mut scored: Vec<Suggestion<'o>> = occupations
        .iter()
        .filter_map(|occupation| {
            let shared: Vec<HollandType> = person
                .types()
                .iter()
                .copied()
                .filter(|kind| occupation.code.position(*kind).is_some())
                .collect();
            if shared.is_empty() {
                return None;
            }
            let strongest = person.types().starts_with(&shared);
            Some(Suggestion {
                occupation,
                score: match_score(person, &occupation.code),
                shared,
                strongest,
            })
        })
        .collect();
    scored.sort_by(|a, b| {
        (
            Reverse(a.score),
            Reverse(a.shared.len()),
            &a.occupation.styrk08,
            &a.occupation.title_nb,
        )
            .cmp(&(
                Reverse(b.score),
                Reverse(b.shared.len()),
                &b.occupation.styrk08,
                &b.occupation.title_nb,
            ))
    });
    scored.truncate(limit);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(text: &str) -> HollandCode {
        HollandCode::parse(text).unwrap()
    }

    fn occupation(styrk08: &str, title: &str, holland: &str) -> Occupation {
        Occupation {
            styrk08: styrk08.to_owned(),
            title_nb: title.to_owned(),
            title_en: title.to_owned(),
            code: code(holland),
        }
    }

    #[test]
    fn a_code_is_one_to_three_different_riasec_letters() {
        assert!(HollandCode::parse("SAI").is_ok());
        assert!(HollandCode::parse("S").is_ok());
        assert_eq!(HollandCode::parse(""), Err(HollandCodeError::Length(0)));
        assert_eq!(HollandCode::parse("SAIE"), Err(HollandCodeError::Length(4)));
        assert_eq!(
            HollandCode::parse("SS"),
            Err(HollandCodeError::Repeated('S'))
        );
        assert_eq!(
            HollandCode::parse("SX"),
            Err(HollandCodeError::NotALetter('X'))
        );
    }

    #[test]
    fn the_same_first_letter_and_order_weigh_most() {
        let person = code("SAI");
        // S first (3 + 1 same place + 3 same first), A second (2 + 1).
        assert_eq!(match_score(&person, &code("SA")), 10);
        assert_eq!(match_score(&person, &code("AS")), 5);
        assert_eq!(match_score(&person, &code("SAI")), 12);
        assert_eq!(match_score(&person, &code("RCE")), 0);
        assert_eq!(match_score(&person, &code("CI")), 1);
    }

    #[test]
    fn suggestions_are_best_first_and_say_which_interests_they_share() {
        let list = vec![
            occupation("2341", "Lærer", "SAE"),
            occupation("7126", "Rørlegger", "RCI"),
            occupation("2635", "Sosionom", "SEA"),
            occupation("2651", "Kunstner", "AIE"),
        ];
        let found = suggest(&code("SAI"), &list, SUGGESTIONS);
        let titles: Vec<&str> = found
            .iter()
            .map(|s| s.occupation.title_nb.as_str())
            .collect();
        assert_eq!(titles, ["Lærer", "Sosionom", "Kunstner", "Rørlegger"]);
        assert_eq!(found[0].shared, [HollandType::S, HollandType::A]);
        assert!(found[0].strongest);
        assert_eq!(found[2].shared, [HollandType::A, HollandType::I]);
        assert!(!found[2].strongest);
        assert_eq!(suggest(&code("SAI"), &list, 2).len(), 2);
    }

    fn any_code() -> impl Strategy<Value = HollandCode> {
        proptest::sample::subsequence(HollandType::ALL.to_vec(), 1..=3)
            .prop_shuffle()
            .prop_map(|types| HollandCode::from_types(types).unwrap())
    }

    proptest! {
        #[test]
        fn suggestions_share_a_letter_and_come_in_one_order(
            person in any_code(),
            codes in proptest::collection::vec(any_code(), 0..40),
            limit in 0usize..12,
        ) {
            let list: Vec<Occupation> = codes
                .into_iter()
                .enumerate()
                .map(|(index, code)| Occupation {
                    styrk08: format!("{:04}", index % 7),
                    title_nb: format!("yrke {index}"),
                    title_en: format!("occupation {index}"),
                    code,
                })
                .collect();
            let found = suggest(&person, &list, limit);
            prop_assert!(found.len() <= limit);
            for suggestion in &found {
                prop_assert!(suggestion.occupation.code.types().iter().any(|kind| person.position(*kind).is_some()));
                prop_assert!(suggestion.score > 0);
            }
            for pair in found.windows(2) {
                prop_assert!(pair[0].score >= pair[1].score);
            }
            let mut reversed = list.clone();
            reversed.reverse();
            let again = suggest(&person, &reversed, limit);
            let names = |found: &[Suggestion<'_>]| found.iter().map(|s| s.occupation.title_nb.clone()).collect::<Vec<_>>();
            prop_assert_eq!(names(&found), names(&again));
        }
    }
}
