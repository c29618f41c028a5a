//! Occupations to talk about, beside the interest profile: the list shipped
//! in `data/occupations.csv` (sources in `data/occupations.md`), read once
//! at start, ranked by `tilbake_domain::guidance::occupations::suggest`.

use std::sync::LazyLock;

use tilbake_contract::guidance::occupations::parse_occupations;
use tilbake_domain::guidance::occupations::{
    suggest, HollandCode, HollandType, Occupation, SUGGESTIONS,
};
use tilbake_domain::guidance::Language;

use crate::texts::{fill, Texts};

/// The shipped list. A list that does not read is empty (and the shipped
/// one is checked by a test), so a page never fails on it.
static OCCUPATIONS: LazyLock<Vec<Occupation>> = LazyLock::new(|| {
    parse_occupations(include_str!("../../../data/occupations.csv")).unwrap_or_default()
});

/// One suggested occupation, as a page and the PDF show it.
#[derive(Clone, Debug)]
pub struct OccupationView {
    pub title: String,
    pub styrk08: String,
    pub code: String,
    pub why: String,
}

/// The suggestions for an interest result: `top` are the person's
/// strongest types, strongest first; `title` names a type in the reader's
/// language (the instrument's scale title).
pub fn suggestions(
    t: &Texts,
    reader: Language,
    top: &[HollandType],
    title: impl Fn(HollandType) -> String,
) -> Vec<OccupationView> {
    let Ok(code) = HollandCode::from_types(top.to_vec()) else {
        return Vec::new();
    };
    suggest(&code, &OCCUPATIONS, SUGGESTIONS)
        .into_iter()
        .map(|suggestion| {
            let names: Vec<String> = suggestion.shared.iter().map(|kind| title(*kind)).collect();
            let list = join(t, &names);
            let why = if suggestion.strongest && names.len() == 1 {
                fill(t.guidance_plan.occupations_why_one, &[("list", &list)])
            } else if suggestion.strongest {
                fill(
                    t.guidance_plan.occupations_why_strongest,
                    &[("count", &count_word(reader, names.len())), ("list", &list)],
                )
            } else {
                fill(t.guidance_plan.occupations_why_some, &[("list", &list)])
            };
            let occupation = suggestion.occupation;
            OccupationView {
                title: if reader == Language::En {
                    occupation.title_en.clone()
                } else {
                    occupation.title_nb.clone()
                },
                styrk08: occupation.styrk08.clone(),
                code: occupation.code.as_string(),
                why,
            }
        })
        .collect()
}

/// The suggestions for a RIASEC result: `top` indexes the definition's
/// scales (in `R I A S E C` order), `title` gives a scale's title.
pub fn interest_occupations(
    t: &Texts,
    reader: Language,
    top: &[usize],
    title: &impl Fn(usize) -> String,
) -> Vec<OccupationView> {
    let types: Vec<HollandType> = top
        .iter()
        .filter_map(|index| HollandType::ALL.get(*index).copied())
        .collect();
    let index_of = |kind: HollandType| {
        HollandType::ALL
            .iter()
            .position(|known| *known == kind)
            .unwrap_or_default()
    };
    suggestions(t, reader, &types, |kind| title(index_of(kind)))
}

/// "A, B og C".
fn join(t: &Texts, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), t.guidance_plan.and),
    }
}

fn count_word(reader: Language, count: usize) -> String {
    let words: [&str; 4] = if reader == Language::En {
        ["zero", "one", "two", "three"]
    } else {
        ["null", "én", "to", "tre"]
    };
    words
        .get(count)
        .map_or_else(|| count.to_string(), |word| (*word).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::NB;

    #[test]
    fn the_shipped_list_reads_and_suggestions_say_why_in_plain_words() {
        assert!(OCCUPATIONS.len() > 200);
        let title = |kind: HollandType| match kind {
            HollandType::S => "Sosial".to_owned(),
            HollandType::A => "Skapende".to_owned(),
            other => other.letter().to_string(),
        };
        let found = suggestions(
            &NB,
            Language::Nb,
            &[HollandType::S, HollandType::A, HollandType::I],
            title,
        );
        assert_eq!(found.len(), SUGGESTIONS);
        assert!(found
            .iter()
            .all(|o| o.code.contains('S') || o.code.contains('A') || o.code.contains('I')));
        let first = found.first().unwrap();
        assert!(first.code.starts_with('S'), "{first:?}");
        assert!(
            first
                .why
                .starts_with("Passer med de to sterkeste interessene dine: Sosial og Skapende")
                || first.why.starts_with("Passer med de tre sterkeste"),
            "{}",
            first.why
        );
    }
}
