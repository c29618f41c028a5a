//! `--format text`: the follow-up as a readable timeline for people — the
//! sick-listed worker, the manager, the caseworker.
//!
//! [`render`] arranges the texts of a [`Catalogue`] (one per [`Language`]);
//! every word the reader sees comes from `catalogue`, none from this file.

mod catalogue;

use chrono::{Datelike, NaiveDate};
use clap::ValueEnum;
use tilbake_domain::followup::{
    rule_of, Followup, FollowupCase, Milestone, MilestoneKind, BENEFIT_RULES,
};

pub use catalogue::Catalogue;

/// The language of the readable timeline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Language {
    /// Norwegian bokmål.
    #[default]
    Nb,
    /// English (Norwegian legal terms are named alongside).
    En,
}

impl Language {
    pub fn catalogue(self) -> &'static Catalogue {
        match self {
            Language::Nb => &catalogue::NB,
            Language::En => &catalogue::EN,
        }
    }
}

/// Lines are wrapped to this many characters, indentation included.
const WIDTH: usize = 80;
/// One level of indentation.
const INDENT: &str = "  ";

/// The follow-up of one person as text, ending in a newline. With `today`,
/// each date also says how far away it is.
pub fn render(followup: &Followup, today: Option<NaiveDate>, language: Language) -> String {
    let words = language.catalogue();
    let mut text = Text::default();
    text.heading(words.title, '=');
    if let Some(today) = today {
        text.paragraph(0, &(words.today_is)(&date(words, today)));
    }
    if followup.cases.is_empty() {
        text.blank();
        text.paragraph(0, words.no_sick_leave);
        return text.0;
    }
    if today.is_none() {
        text.paragraph(0, words.no_today);
    }
    let count = followup.cases.len();
    if count > 1 {
        text.blank();
        text.paragraph(
            0,
            &(words.several_cases)(count, BENEFIT_RULES.case_gap_days),
        );
    }
    for (index, case) in followup.cases.iter().enumerate() {
        let position = (count > 1).then_some((index + 1, count));
        text.blank();
        render_case(&mut text, words, case, position, today);
    }
    text.blank();
    text.paragraph(0, words.abbreviations);
    text.paragraph(0, words.closing_note);
    text.0
}

/// The header line of one input line in batch mode (1-based).
pub fn batch_heading(line: u64, language: Language) -> String {
    (language.catalogue().batch_heading)(line)
}

/// The answer to an invalid input line in batch mode.
pub fn batch_error(message: &str, language: Language) -> String {
    (language.catalogue().batch_error)(message)
}

fn render_case(
    text: &mut Text,
    words: &Catalogue,
    case: &FollowupCase,
    position: Option<(usize, usize)>,
    today: Option<NaiveDate>,
) {
    let heading = (words.case_heading)(position, &date(words, case.start), &date(words, case.end));
    text.heading(&heading, '-');
    text.paragraph(1, &(words.sick_days)(case.sick_days));
    text.paragraph(
        1,
        if case.graded_at_end {
            words.graded_at_end
        } else {
            words.full_at_end
        },
    );
    if case.employers.is_empty() {
        text.paragraph(1, words.no_employer);
    } else {
        let employers = case.employers.join(words.employer_separator);
        text.paragraph(1, &(words.employers)(&employers, case.employers.len()));
    }
    if case.sick_days < BENEFIT_RULES.employer_period_days {
        text.paragraph(
            1,
            &(words.within_employer_period)(BENEFIT_RULES.employer_period_days),
        );
    }

    let mut milestones = case.milestones.clone();
    milestones.sort_by_key(|milestone| milestone.date);
    for milestone in milestones {
        text.blank();
        render_milestone(text, words, milestone, today);
    }
}

fn render_milestone(
    text: &mut Text,
    words: &Catalogue,
    milestone: Milestone,
    today: Option<NaiveDate>,
) {
    let day = capitalised(&date(words, milestone.date));
    let when = match today {
        Some(today) => {
            let distance = (words.days_from_today)((milestone.date - today).num_days());
            (words.date_and_distance)(&day, &distance)
        }
        None => day,
    };
    let about = (words.milestone)(milestone.kind, BENEFIT_RULES.employer_period_days);
    let applies = match (milestone.reached, milestone.required, milestone.kind) {
        (false, _, _) => words.not_reached,
        (true, true, _) => words.applies,
        (true, false, MilestoneKind::DialogueMeeting1) => words.meeting_1_not_required,
        (true, false, _) => words.not_required,
    };
    let rule = rule_of(milestone.kind);
    let basis = [
        (words.legal_basis)(rule.source),
        (words.responsible)(rule.responsible),
    ]
    .join(" ");

    text.paragraph(1, &when);
    text.paragraph(1, about.title);
    text.paragraph(2, &about.meaning);
    text.paragraph(2, applies);
    text.paragraph(2, &basis);
}

/// A date in the catalogue's words, weekday included.
fn date(words: &Catalogue, date: NaiveDate) -> String {
    (words.date)(
        words.weekdays[date.weekday().num_days_from_monday() as usize],
        date.day(),
        words.months[date.month0() as usize],
        date.year(),
    )
}

/// The text with its first letter in upper case, as at the start of a line.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Text built paragraph by paragraph, each wrapped to [`WIDTH`].
#[derive(Default)]
struct Text(String);

impl Text {
    fn blank(&mut self) {
        self.0.push('\n');
    }

    /// Writes `heading` wrapped, and under it a line of `underline` as long
    /// as its longest line.
    fn heading(&mut self, heading: &str, underline: char) {
        let start = self.0.len();
        self.paragraph(0, heading);
        let width = self.0[start..]
            .lines()
            .map(|line| line.chars().count())
            .max()
            .unwrap_or(0);
        self.0.extend(std::iter::repeat_n(underline, width));
        self.0.push('\n');
    }

    /// Writes `paragraph` indented by `level`, wrapped at spaces. A `§` stays
    /// with the number after it and a `%` with the number before it.
    fn paragraph(&mut self, level: usize, paragraph: &str) {
        let indent = INDENT.repeat(level);
        let mut line_length = 0;
        for word in unbreakable_words(paragraph) {
            let word_length = word.chars().count();
            if line_length == 0 {
                self.0.push_str(&indent);
                line_length = indent.chars().count();
            } else if line_length + 1 + word_length > WIDTH {
                self.0.push('\n');
                self.0.push_str(&indent);
                line_length = indent.chars().count();
            } else {
                self.0.push(' ');
                line_length += 1;
            }
            self.0.push_str(&word);
            line_length += word_length;
        }
        self.0.push('\n');
    }
}

/// The words of `paragraph`, with `§ 8-19` and `100 %` each kept as one word.
fn unbreakable_words(paragraph: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut glue_next = false;
    for word in paragraph.split(' ').filter(|word| !word.is_empty()) {
        match words.last_mut() {
            Some(last) if glue_next || word.starts_with('%') => {
                last.push(' ');
                last.push_str(word);
            }
            _ => words.push(word.to_owned()),
        }
        glue_next = word == "§";
    }
    words
}

#[cfg(test)]
mod tests {
    use tilbake_contract::followup as contract;
    use tilbake_domain::followup::FollowupEngine;

    use super::*;

    /// The contract's example input.
    const EXAMPLE: &str = r#"{
      "birth_date": "1960-05-01",
      "today": "2024-06-01",
      "events": [
        {"kind": "sick_leave", "id": "s1", "from": "2024-01-01", "to": "2024-01-21",
         "grade": 100, "employer": "910000001"},
        {"kind": "sick_leave", "id": "s2", "from": "2024-01-22", "to": "2024-03-10",
         "grade": 50, "employer": "910000001"},
        {"kind": "self_certified", "from": "2023-12-29", "to": "2023-12-31"},
        {"kind": "vacation", "from": "2024-02-05", "to": "2024-02-09"},
        {"kind": "work_resumed", "date": "2024-03-04"},
        {"kind": "sick_leave", "id": "s3", "corrects": "s2", "from": "2024-01-22",
         "to": "2024-03-03", "grade": 60, "employer": "910000001"},
        {"kind": "sick_leave", "id": "s4", "from": "2024-09-02", "to": "2024-09-06"},
        {"kind": "cancelled", "id": "s4"}
      ]
    }"#;

    /// Computes `document` with the engine and renders it.
    fn rendered(document: &str, language: Language) -> String {
        let (input, followup) =
            contract::compute(&mut FollowupEngine::default(), document.as_bytes())
                .expect("a valid document");
        render(&followup, input.today, language)
    }

    /// The text with its line breaks and indentation undone, so that
    /// assertions do not depend on where a sentence was wrapped.
    fn unwrapped(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn sick_leave(from: &str, to: &str, grade: u8, today: &str) -> String {
        format!(
            r#"{{"today": "{today}", "events": [{{"kind": "sick_leave", "id": "a",
               "from": "{from}", "to": "{to}", "grade": {grade}, "employer": "910000001"}}]}}"#
        )
    }

    #[test]
    fn norwegian_timeline_of_the_contract_example() {
        let text = unwrapped(&rendered(EXAMPLE, Language::Nb));
        for expected in [
            "Oppfølging av sykefravær",
            "I dag er det lørdag 1. juni 2024.",
            "Sykefravær fra fredag 29. desember 2023 til søndag 3. mars 2024 ---",
            "Antall sykedager: 66.",
            "På slutten var du gradert sykmeldt.",
            "Arbeidsgiver (organisasjonsnummer): 910000001.",
            "Lørdag 13. januar 2024 (for 140 dager siden) Arbeidsgiverperioden slutter",
            "Arbeidsgiveren betaler sykepengene de første 16 dagene.",
            "Torsdag 25. januar 2024 (for 128 dager siden) Oppfølgingsplan",
            "Arbeidsgiver og du lager en oppfølgingsplan sammen.",
            "Lovgrunnlag: aml § 4-6 (3). Ansvarlig: arbeidsgiveren.",
            "Dialogmøte 1",
            "Gjelder: møtet er ikke påkrevd. Du var ikke helt (100 %) sykmeldt denne dagen",
            "Torsdag 27. juni 2024 (om 26 dager) Dialogmøte 2",
            "Gjelder: bare hvis sykmeldingen blir forlenget til denne datoen.",
            "Onsdag 1. januar 2025 (om 214 dager) Maksdato: siste dag med sykepenger",
            "Dette er den siste dagen du kan få sykepenger.",
            "arbeidsavklaringspenger (AAP)",
            "Lovgrunnlag: ftrl § 8-12.",
            "ftrl = folketrygdloven. aml = arbeidsmiljøloven.",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn english_timeline_names_the_norwegian_terms() {
        let text = unwrapped(&rendered(EXAMPLE, Language::En));
        for expected in [
            "Today is Saturday 1 June 2024.",
            "Sick leave from Friday 29 December 2023 to Sunday 3 March 2024",
            "Number of sick days: 66.",
            "At the end you were on graded sick leave (gradert sykmelding).",
            "Thursday 25 January 2024 (128 days ago) Follow-up plan (oppfølgingsplan)",
            "Your employer and you make a follow-up plan together.",
            "Dialogue meeting 1 (dialogmøte 1)",
            "Applies: the meeting is not required.",
            "Legal basis: aml § 4-6 (4). Responsible: your employer.",
            "Thursday 27 June 2024 (in 26 days) Dialogue meeting 2 (dialogmøte 2)",
            "Maximum date (maksdato): last day with sickness benefit",
            "work assessment allowance (arbeidsavklaringspenger, AAP)",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        assert!(!text.contains("Lovgrunnlag"));
    }

    #[test]
    fn milestones_are_in_date_order() {
        let text = rendered(EXAMPLE, Language::En);
        let positions: Vec<usize> = MilestoneKind::ALL
            .iter()
            .map(|kind| {
                let title =
                    (catalogue::EN.milestone)(*kind, BENEFIT_RULES.employer_period_days).title;
                text.find(title).expect("every milestone is shown")
            })
            .collect();
        assert!(positions.is_sorted(), "{positions:?}");
    }

    #[test]
    fn days_left_and_passed_are_counted_from_today() {
        // Week 4 ends 2024-01-28; week 7 ends 2024-02-18.
        let document = sick_leave("2024-01-01", "2024-03-31", 100, "2024-01-28");
        let nb = unwrapped(&rendered(&document, Language::Nb));
        assert!(nb.contains("Søndag 28. januar 2024 (i dag) Oppfølgingsplan"));
        assert!(nb.contains("Søndag 18. februar 2024 (om 21 dager) Dialogmøte 1"));
        assert!(nb.contains("Tirsdag 16. januar 2024 (for 12 dager siden)"));
        assert!(nb.contains("Gjelder: ja, sykmeldingen varer til denne datoen."));

        let en = unwrapped(&rendered(&document, Language::En));
        assert!(en.contains("Sunday 28 January 2024 (today)"));
        assert!(en.contains("Sunday 18 February 2024 (in 21 days)"));
        assert!(en.contains("Tuesday 16 January 2024 (12 days ago)"));

        let tomorrow = sick_leave("2024-01-01", "2024-03-31", 100, "2024-01-27");
        assert!(rendered(&tomorrow, Language::Nb).contains("(i morgen)"));
        assert!(rendered(&tomorrow, Language::En).contains("(tomorrow)"));
        let yesterday = sick_leave("2024-01-01", "2024-03-31", 100, "2024-01-29");
        assert!(rendered(&yesterday, Language::Nb).contains("(i går)"));
        assert!(rendered(&yesterday, Language::En).contains("(yesterday)"));
    }

    #[test]
    fn without_today_no_distance_is_shown() {
        let document = r#"{"events": [{"kind": "sick_leave", "id": "a",
            "from": "2024-01-01", "to": "2024-01-05"}]}"#;
        let text = unwrapped(&rendered(document, Language::Nb));
        assert!(text.contains("Dokumentet sier ikke hvilken dato det er i dag."));
        assert!(!text.contains("dager siden"));
        assert!(text.contains("Hele sykefraværet er innenfor arbeidsgiverperioden."));
        assert!(text.contains("Ingen arbeidsgiver er oppgitt."));
        assert!(!text.contains("Arbeidsgiverperioden slutter"));
    }

    #[test]
    fn full_sick_leave_requires_dialogue_meeting_1() {
        let document = sick_leave("2024-01-01", "2024-03-31", 100, "2024-01-28");
        let text = unwrapped(&rendered(&document, Language::En));
        assert!(text.contains("At the end you were on full (100%) sick leave."));
        assert!(!text.contains("not required"));
    }

    #[test]
    fn zero_cases_say_there_is_no_sick_leave() {
        let nb = rendered(r#"{"today": "2024-06-01", "events": []}"#, Language::Nb);
        assert_eq!(
            nb,
            "Oppfølging av sykefravær\n========================\n\
             I dag er det lørdag 1. juni 2024.\n\n\
             Det er ikke noe sykefravær i opplysningene. Derfor er det ingen frister å vise.\n"
        );
        let en = rendered(r#"{"events": []}"#, Language::En);
        assert_eq!(
            en,
            "Follow-up of sick leave (sykefraværsoppfølging)\n\
             ===============================================\n\n\
             There is no sick leave in the input. So there are no deadlines to show.\n"
        );
    }

    #[test]
    fn several_cases_are_numbered() {
        let document = r#"{"events": [
            {"kind": "sick_leave", "id": "a", "from": "2024-01-01", "to": "2024-01-10"},
            {"kind": "sick_leave", "id": "b", "from": "2024-03-01", "to": "2024-03-10"}]}"#;
        let text = unwrapped(&rendered(document, Language::Nb));
        assert!(text.contains("Du har 2 perioder med sykefravær."));
        assert!(text.contains("Sykefravær 1 av 2: fra mandag 1. januar 2024"));
        assert!(text.contains("Sykefravær 2 av 2: fra fredag 1. mars 2024"));
    }

    #[test]
    fn lines_are_wrapped_and_keep_paragraph_signs_with_their_numbers() {
        let text = rendered(EXAMPLE, Language::En);
        for line in text.lines() {
            assert!(line.chars().count() <= WIDTH, "too long: {line:?}");
            assert!(!line.ends_with('§'), "§ at the end of {line:?}");
            assert!(
                !line.trim_start().starts_with('%'),
                "% at the start of {line:?}"
            );
        }
    }

    #[test]
    fn paragraph_wraps_at_spaces_with_indentation() {
        let mut text = Text::default();
        let long = "ord ".repeat(30);
        text.paragraph(1, long.trim_end());
        let lines: Vec<&str> = text.0.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|line| line.starts_with("  ord")));
        assert_eq!(unwrapped(&text.0), long.trim_end());
    }

    #[test]
    fn batch_texts_come_from_the_catalogue() {
        assert_eq!(batch_heading(3, Language::Nb), "=== Linje 3 ===");
        assert_eq!(batch_heading(3, Language::En), "=== Line 3 ===");
        assert!(batch_error("events: missing", Language::En).ends_with(": events: missing"));
    }
}
