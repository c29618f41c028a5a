//! Follow-up statistics (`shared/contracts/statistics.md`): how far the
//! follow-up cases that start in a quarter get, by a dimension, with small
//! counts protected.
//!
//! [`counted_cases`] turns one person's stored documents into what the
//! table counts of each of their cases that starts in the quarter (the
//! column it falls in and its value in every dimension); [`table`] counts
//! them by a dimension and protects the counts ([`protect`]: primary and complementary suppression).
//!
//! It is not the place for reading the documents (the store walks them) or
//! for who may see a table (`access::policy`).

mod protection;
mod rates;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::calendar::add_years;
use crate::document::{followup_input, Document, DocumentBody};
use crate::followup::{
    Event, FollowupCase, FollowupEngine, FollowupError, MilestoneKind, BENEFIT_RULES,
};
use crate::identity::{Fnr, UnitCode};

pub use protection::{protect, protect_margins, ProtectedTable};
pub use rates::{
    last_ended_quarters, national_rate, rate_table, shown_rate, trend, CaseRecord, NationalRate,
    Outcome, Rate, RateKind, RateTable, TrendPoint,
};

/// The smallest count that may be published when none is asked for.
pub const DEFAULT_K: u64 = 5;
/// The largest `k` the contract allows.
pub const MAX_K: u64 = 100;

/// A calendar quarter, e.g. `2025Q3`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    /// 1..=4.
    number: u32,
}

impl Quarter {
    /// Parses `YYYYQn`: a four-digit year from 0001 and a quarter 1–4.
    pub fn parse(text: &str) -> Option<Quarter> {
        let bytes = text.as_bytes();
        if bytes.len() != 6 || bytes.get(4) != Some(&b'Q') {
            return None;
        }
        let year_text = text.get(..4)?;
        if !year_text.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let number = match bytes.get(5) {
            Some(digit @ b'1'..=b'4') => u32::from(digit - b'0'),
            _ => return None,
        };
        (year >= 1).then_some(Quarter { year, number })
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 3 * self.number - 2, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        let (year, month) = if self.number == 4 {
            (self.year + 1, 1)
        } else {
            (self.year, 3 * self.number + 1)
        };
        NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|next| next.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// Whether the quarter's last day is before `today`: only then are its
    /// counts final enough to publish.
    pub fn has_ended_before(self, today: NaiveDate) -> bool {
        self.last_day() < today
    }

    /// The quarter before this one; `None` before year 1.
    pub fn previous(self) -> Option<Quarter> {
        if self.number == 1 {
            (self.year > 1).then(|| Quarter {
                year: self.year - 1,
                number: 4,
            })
        } else {
            Some(Quarter {
                year: self.year,
                number: self.number - 1,
            })
        }
    }

    /// The quarter `date` lies in.
    pub fn of(date: NaiveDate) -> Quarter {
        Quarter {
            year: date.year(),
            number: (date.month() - 1) / 3 + 1,
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:04}Q{}", self.year, self.number)
    }
}

/// What the rows of a table are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// The person's NAV unit.
    Unit,
    /// The system and first character of the diagnosis at the case's end.
    DiagnosisChapter,
    /// The person's age on the case's start.
    AgeBand,
    /// Graded or full sick leave at the case's end.
    Graded,
}

impl Dimension {
    pub const ALL: [Dimension; 4] = [
        Dimension::Unit,
        Dimension::DiagnosisChapter,
        Dimension::AgeBand,
        Dimension::Graded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Unit => "unit",
            Dimension::DiagnosisChapter => "diagnosis_chapter",
            Dimension::AgeBand => "age_band",
            Dimension::Graded => "graded",
        }
    }

    pub fn parse(text: &str) -> Option<Dimension> {
        Dimension::ALL
            .into_iter()
            .find(|dimension| dimension.as_str() == text)
    }
}

/// How far a case got: the last of the counted milestones it reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    None,
    EmployerPeriodEnd,
    ActivityRequirement,
    DialogueMeeting2,
    MaxDate,
}

impl Column {
    /// In the table's order.
    pub const ALL: [Column; 5] = [
        Column::None,
        Column::EmployerPeriodEnd,
        Column::ActivityRequirement,
        Column::DialogueMeeting2,
        Column::MaxDate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Column::None => "none",
            Column::EmployerPeriodEnd => "employer_period_end",
            Column::ActivityRequirement => "activity_requirement",
            Column::DialogueMeeting2 => "dialogue_meeting_2",
            Column::MaxDate => "max_date",
        }
    }

    fn milestone(self) -> Option<MilestoneKind> {
        match self {
            Column::None => None,
            Column::EmployerPeriodEnd => Some(MilestoneKind::EmployerPeriodEnd),
            Column::ActivityRequirement => Some(MilestoneKind::ActivityRequirement),
            Column::DialogueMeeting2 => Some(MilestoneKind::DialogueMeeting2),
            Column::MaxDate => Some(MilestoneKind::MaxDate),
        }
    }

    fn position(self) -> usize {
        self as usize
    }

    /// The last of the counted milestones, in the column order, that the
    /// case reached; [`Column::None`] when it reached none.
    pub fn of(case: &FollowupCase) -> Column {
        Column::ALL
            .into_iter()
            .rev()
            .find(|column| {
                column
                    .milestone()
                    .and_then(|kind| case.milestone(kind))
                    .is_some_and(|milestone| milestone.reached)
            })
            .unwrap_or(Column::None)
    }
}

/// Age bands of the table; the last begins at the age of ftrl § 8-51.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgeBand {
    UpTo29,
    From30To39,
    From40To49,
    From50To59,
    From60To66,
    From67,
}

impl AgeBand {
    pub fn of_age(age_years: i32) -> AgeBand {
        match age_years {
            age if age >= BENEFIT_RULES.reduced_age_years => AgeBand::From67,
            60.. => AgeBand::From60To66,
            50.. => AgeBand::From50To59,
            40.. => AgeBand::From40To49,
            30.. => AgeBand::From30To39,
            _ => AgeBand::UpTo29,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AgeBand::UpTo29 => "0-29",
            AgeBand::From30To39 => "30-39",
            AgeBand::From40To49 => "40-49",
            AgeBand::From50To59 => "50-59",
            AgeBand::From60To66 => "60-66",
            AgeBand::From67 => "67+",
        }
    }
}

/// Age in whole years on `date`: the number of birthdays on or before it
/// (29 February's birthday is 28 February in a year without it, as for the
/// age rules of the maximum date).
pub fn age_on(birth_date: NaiveDate, date: NaiveDate) -> i32 {
    let years = date.year() - birth_date.year();
    match add_years(birth_date, years) {
        Some(birthday) if birthday > date => years - 1,
        _ => years,
    }
}

/// One counted case: its column and its value in every dimension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountedCase {
    pub column: Column,
    pub unit: UnitCode,
    /// `SYSTEM:L`, or `None` (`unknown`).
    pub diagnosis_chapter: Option<String>,
    pub age_band: AgeBand,
    pub graded: bool,
}

impl CountedCase {
    /// The row the case counts in, by `dimension`.
    pub fn group(&self, dimension: Dimension) -> String {
        match dimension {
            Dimension::Unit => self.unit.to_string(),
            Dimension::DiagnosisChapter => self
                .diagnosis_chapter
                .clone()
                .unwrap_or_else(|| "unknown".to_owned()),
            Dimension::AgeBand => self.age_band.as_str().to_owned(),
            Dimension::Graded => if self.graded { "graded" } else { "full" }.to_owned(),
        }
    }
}

/// The diagnosis chapter of a certificate document: system and the first
/// character of the code.
fn chapter_of(document: &Document) -> Option<String> {
    let diagnosis = document.diagnosis.as_ref()?;
    let first = diagnosis.code.chars().next()?;
    Some(format!("{}:{first}", diagnosis.system.as_str()))
}

/// What the table counts of each of a person's follow-up cases that start
/// in `quarter`, from their stored documents (as the follow-up engine
/// computes the cases) and their NAV unit.
pub fn counted_cases(
    engine: &mut FollowupEngine,
    person: &Fnr,
    unit: UnitCode,
    documents: &[Document],
    quarter: Quarter,
) -> Result<Vec<CountedCase>, FollowupError> {
    Ok(case_records(engine, person, unit, documents)?
        .into_iter()
        .filter(|record| quarter.contains(record.start))
        .map(|record| record.counted)
        .collect())
}

/// Every follow-up case of a person, with what the table counts of it and
/// what the rates look at ([`CaseRecord`]), from their stored documents in
/// the order received and their NAV unit.
pub fn case_records(
    engine: &mut FollowupEngine,
    person: &Fnr,
    unit: UnitCode,
    documents: &[Document],
) -> Result<Vec<CaseRecord>, FollowupError> {
    let input = followup_input(documents, person.birth_date(), None);
    let followup = engine.compute(&input)?;
    let birth_date = person.birth_date();
    let cases = &followup.cases;
    Ok(cases
        .iter()
        .enumerate()
        .map(|(case_index, case)| {
            let certificate = case.last_certificate.as_deref().and_then(|id| {
                documents.iter().find(|document| {
                    matches!(&document.body,
                        DocumentBody::Followup(Event::SickLeave(sick_leave)) if sick_leave.id == id)
                })
            });
            let counted = CountedCase {
                column: Column::of(case),
                unit,
                diagnosis_chapter: certificate.and_then(chapter_of),
                age_band: AgeBand::of_age(
                    birth_date.map_or(0, |birth_date| age_on(birth_date, case.start)),
                ),
                graded: case.graded_at_end,
            };
            let next_case_start = cases.get(case_index + 1).map(|next| next.start);
            CaseRecord::of(case, counted, next_case_start, documents)
        })
        .collect())
}

/// A protected table of a quarter by a dimension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatisticsTable {
    pub quarter: Quarter,
    pub by: Dimension,
    pub k: u64,
    /// The rows' values, in code-point order; one per value with a case.
    pub groups: Vec<String>,
    /// The counts, columns in [`Column::ALL`] order.
    pub counts: ProtectedTable,
}

/// Counts `cases` by `by` and protects the counts with `k`.
pub fn table(cases: &[CountedCase], quarter: Quarter, by: Dimension, k: u64) -> StatisticsTable {
    let mut rows: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for case in cases {
        let row = rows
            .entry(case.group(by))
            .or_insert_with(|| vec![0; Column::ALL.len()]);
        if let Some(count) = row.get_mut(case.column.position()) {
            *count += 1;
        }
    }
    let (groups, counts): (Vec<String>, Vec<Vec<u64>>) = rows.into_iter().unzip();
    StatisticsTable {
        quarter,
        by,
        k,
        groups,
        counts: protect(&counts, Column::ALL.len(), k),
    }
}

#[cfg(test)]
mod check;
#[cfg(test)]
mod rate_tests;
#[cfg(test)]
mod tests;
