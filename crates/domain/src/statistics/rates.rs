//! Rates of the follow-up statistics, on the table's protection: how many
//! of the cases that a duty applied to met it, with the counts protected as
//! a table of their own and a rate shown only when both its numerator and
//! its denominator are published.
//!
//! Each rate sorts the cases it applies to into outcomes ([`RateKind::outcome`]):
//! the outcomes are the columns of a table by a dimension, so a row's total
//! is the rate's denominator and its cells the numerators. The table is
//! protected with [`protect`] (rules 1–5 of `statistics.md`, the margins
//! once per quarter and k), and [`shown_rate`] gives a rate only from two
//! published counts: it is never computed from counts that are not shown,
//! so it gives nothing away that the published counts do not. The column
//! totals over the grand total are the national rates ([`national_rate`]).
//!
//! A rate of a quarter is published only once it is final
//! ([`RateKind::final_from`]): from the day after the last case of the quarter can
//! still change outcome, so two publications of the same quarter never
//! differ by a few cases that could be subtracted.
//!
//! It is not the place for the main table (the parent module) or for how
//! the records are read (the store).

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use super::{protect, protect_margins, Column, CountedCase, Dimension, ProtectedTable, Quarter};
use crate::calendar::add_years;
use crate::casework::CaseworkDocument;
use crate::document::{ActivityOutcome, Document, DocumentBody, MeetingNumber};
use crate::followup::{FollowupCase, MilestoneKind, MilestoneOffset};
use crate::tasks::held_meeting;

/// What the statistics know of one follow-up case: what the table counts,
/// and the dates and outcomes the rates look at. Depends on the documents
/// only, not on today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRecord {
    pub counted: CountedCase,
    pub start: NaiveDate,
    /// The case's last day.
    pub end: NaiveDate,
    /// The deadline of the follow-up plan (end of week 4), when the duty
    /// applies (the sick leave reached it).
    pub plan_due: Option<NaiveDate>,
    /// The first day a plan was shared (`plan_shared`) within the case.
    pub plan_shared: Option<NaiveDate>,
    /// The deadline of dialogue meeting 2 (end of week 26), when the case
    /// reached it.
    pub meeting_2_due: Option<NaiveDate>,
    /// The first day dialogue meeting 2 was held (`meeting_held` or
    /// minutes) within the case.
    pub meeting_2_held: Option<NaiveDate>,
    /// The day of the activity requirement (end of week 8), when the case reached it.
    pub activity_due: Option<NaiveDate>,
    /// The latest assessment of the activity requirement within the case.
    pub activity_outcome: Option<ActivityOutcome>,
    /// The case reached the maximum date: the sickness benefit ran out.
    pub reached_max_date: bool,
    /// The start of the person's next follow-up case, if any.
    pub next_case_start: Option<NaiveDate>,
}

impl CaseRecord {
    /// The record of `case`, with the case work of `documents` dated within
    /// it: on or after its start and before the next case starts (as the
    /// tasks place case work).
    pub fn of(
        case: &FollowupCase,
        counted: CountedCase,
        next_case_start: Option<NaiveDate>,
        documents: &[Document],
    ) -> CaseRecord {
        let in_case =
            |date: NaiveDate| date >= case.start && next_case_start.is_none_or(|next| date < next);
        let reached = |kind: MilestoneKind| {
            case.milestone(kind)
                .filter(|milestone| milestone.reached)
                .map(|milestone| milestone.date)
        };
        let mut plan_shared = None;
        let mut meeting_2_held: Option<NaiveDate> = None;
        let mut activity_outcome = None;
        for document in documents {
            if let Some((MeetingNumber::Two, date)) = held_meeting(&document.body) {
                if in_case(date) && meeting_2_held.is_none_or(|held| date < held) {
                    meeting_2_held = Some(date);
                }
            }
            match &document.body {
                DocumentBody::Casework(CaseworkDocument::PlanShared { date })
                    if in_case(*date) && plan_shared.is_none_or(|shared| *date < shared) =>
                {
                    plan_shared = Some(*date);
                }
                DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
                    date,
                    outcome,
                    ..
                }) if in_case(*date) => activity_outcome = Some(*outcome),
                _ => {}
            }
        }
        CaseRecord {
            counted,
            start: case.start,
            end: case.end,
            plan_due: case
                .milestone(MilestoneKind::FollowUpPlan)
                .filter(|milestone| milestone.required)
                .map(|milestone| milestone.date),
            plan_shared,
            meeting_2_due: reached(MilestoneKind::DialogueMeeting2),
            meeting_2_held,
            activity_due: reached(MilestoneKind::ActivityRequirement),
            activity_outcome,
            reached_max_date: Column::of(case) == Column::MaxDate,
            next_case_start,
        }
    }
}

/// The rates of the statistics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RateKind {
    /// The follow-up plan shared by its deadline at the end of week 4
    /// (aml § 4-6 (3)), among the cases the duty applied to.
    PlanShared,
    /// Dialogue meeting 2 held by the end of week 26 (ftrl § 8-7 a), among
    /// the cases that reached week 26.
    Meeting2Held,
    /// The outcome of the activity requirement at week 8 (ftrl § 8-8),
    /// among the cases that reached week 8.
    ActivityRequirement,
    /// Still at work 12 months after the case ended (see [`RateKind::outcome`]).
    AtWork12Months,
}

/// What a rate sorts a case into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Shared,
    NotShared,
    Held,
    NotHeld,
    /// In work-related activity.
    Fulfilled,
    /// Exempt, for medical reasons or because the workplace cannot adapt.
    Exempt,
    NotFulfilled,
    /// No assessment recorded in the case.
    NotAssessed,
    AtWork,
    NotAtWork,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Shared => "shared",
            Outcome::NotShared => "not_shared",
            Outcome::Held => "held",
            Outcome::NotHeld => "not_held",
            Outcome::Fulfilled => "fulfilled",
            Outcome::Exempt => "exempt",
            Outcome::NotFulfilled => "not_fulfilled",
            Outcome::NotAssessed => "not_assessed",
            Outcome::AtWork => "at_work",
            Outcome::NotAtWork => "not_at_work",
        }
    }
}

/// The days from a case's start to the end of the week a milestone lies in
/// (`start + 7n − 1`), plus one: the first day after the deadline.
fn days_past_deadline(kind: MilestoneKind) -> u64 {
    match kind.rule().offset {
        MilestoneOffset::EndOfWeek(weeks) => 7 * u64::from(weeks),
        MilestoneOffset::CountedDay(days) | MilestoneOffset::CaseDay(days) => u64::from(days),
        MilestoneOffset::MaxDate => 0,
    }
}

impl RateKind {
    pub const ALL: [RateKind; 4] = [
        RateKind::PlanShared,
        RateKind::Meeting2Held,
        RateKind::ActivityRequirement,
        RateKind::AtWork12Months,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RateKind::PlanShared => "plan_shared_by_week_4",
            RateKind::Meeting2Held => "meeting_2_held_by_week_26",
            RateKind::ActivityRequirement => "activity_requirement",
            RateKind::AtWork12Months => "at_work_12_months_after",
        }
    }

    /// The outcomes, the columns of the rate's table; the first is the rate
    /// shown as the headline.
    pub fn outcomes(self) -> &'static [Outcome] {
        match self {
            RateKind::PlanShared => &[Outcome::Shared, Outcome::NotShared],
            RateKind::Meeting2Held => &[Outcome::Held, Outcome::NotHeld],
            RateKind::ActivityRequirement => &[
                Outcome::Fulfilled,
                Outcome::Exempt,
                Outcome::NotFulfilled,
                Outcome::NotAssessed,
            ],
            RateKind::AtWork12Months => &[Outcome::AtWork, Outcome::NotAtWork],
        }
    }

    /// The outcome of a case, `None` when the rate does not apply to it.
    ///
    /// - Plan: the duty applied (the sick leave lasted to the end of week
    ///   4); shared when a `plan_shared` within the case is dated on or
    ///   before that day.
    /// - Meeting 2: the case reached the end of week 26; held when meeting
    ///   2 is recorded held within the case on or before that day.
    /// - Activity requirement: the case reached week 8; the latest
    ///   assessment within the case, or not assessed.
    /// - At work 12 months after: tilbake knows sick leave, not
    ///   employment, so "at work" is what the data allows. The rate applies
    ///   to a case that ended within a year of its quarter's last day; it
    ///   counts as at work when it did not end at the maximum date (the
    ///   benefit ran out) and no new follow-up case started within 12
    ///   months after its last day.
    pub fn outcome(self, record: &CaseRecord) -> Option<Outcome> {
        match self {
            RateKind::PlanShared => record.plan_due.map(|due| {
                if record.plan_shared.is_some_and(|shared| shared <= due) {
                    Outcome::Shared
                } else {
                    Outcome::NotShared
                }
            }),
            RateKind::Meeting2Held => record.meeting_2_due.map(|due| {
                if record.meeting_2_held.is_some_and(|held| held <= due) {
                    Outcome::Held
                } else {
                    Outcome::NotHeld
                }
            }),
            RateKind::ActivityRequirement => {
                record.activity_due.map(|_| match record.activity_outcome {
                    Some(ActivityOutcome::Fulfilled) => Outcome::Fulfilled,
                    Some(ActivityOutcome::ExemptMedical | ActivityOutcome::ExemptWorkplace) => {
                        Outcome::Exempt
                    }
                    Some(ActivityOutcome::NotFulfilled) => Outcome::NotFulfilled,
                    None => Outcome::NotAssessed,
                })
            }
            RateKind::AtWork12Months => {
                let horizon = add_years(Quarter::of(record.start).last_day(), 1)?;
                if record.end > horizon {
                    return None;
                }
                let followed_until = add_years(record.end, 1)?;
                let new_sick_leave = record
                    .next_case_start
                    .is_some_and(|next| next <= followed_until);
                Some(if record.reached_max_date || new_sick_leave {
                    Outcome::NotAtWork
                } else {
                    Outcome::AtWork
                })
            }
        }
    }

    /// The first day the rate of `quarter` is final: after the deadline of
    /// every case that starts in it (for the plan, meeting 2 and the
    /// activity requirement), or after 12 months have followed every case
    /// that ended within a year of the quarter (two years after it).
    pub fn final_from(self, quarter: Quarter) -> Option<NaiveDate> {
        let last_day = quarter.last_day();
        let after =
            |kind: MilestoneKind| last_day.checked_add_days(Days::new(days_past_deadline(kind)));
        match self {
            RateKind::PlanShared => after(MilestoneKind::FollowUpPlan),
            RateKind::Meeting2Held => after(MilestoneKind::DialogueMeeting2),
            RateKind::ActivityRequirement => after(MilestoneKind::ActivityRequirement),
            RateKind::AtWork12Months => add_years(last_day, 2)?.succ_opt(),
        }
    }

    /// Whether the rate of `quarter` is final on `today`.
    pub fn is_final(self, quarter: Quarter, today: NaiveDate) -> bool {
        self.final_from(quarter).is_some_and(|first| first <= today)
    }
}

/// A rate shown: a published numerator over a published, non-zero denominator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
}

impl Rate {
    /// The rate in tenths of a percent, rounded half up.
    pub fn per_mille(self) -> u64 {
        (self.numerator * 1000 + self.denominator / 2) / self.denominator.max(1)
    }
}

/// The rate of two protected counts: shown only when both are published
/// (and there is something to divide by). It is never made from a count
/// that is not shown, so it adds nothing to what the published counts tell.
pub fn shown_rate(numerator: Option<u64>, denominator: Option<u64>) -> Option<Rate> {
    match (numerator, denominator) {
        (Some(numerator), Some(denominator)) if denominator > 0 && numerator <= denominator => {
            Some(Rate {
                numerator,
                denominator,
            })
        }
        _ => None,
    }
}

/// A rate's protected table of a quarter by a dimension: a row per group
/// with a case the rate applies to, a column per outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateTable {
    pub kind: RateKind,
    pub quarter: Quarter,
    pub by: Dimension,
    pub k: u64,
    pub groups: Vec<String>,
    /// Columns in the order of [`RateKind::outcomes`].
    pub counts: ProtectedTable,
}

impl RateTable {
    /// The rate of an outcome (by its column) in a row.
    pub fn rate(&self, row: usize, column: usize) -> Option<Rate> {
        let numerator = self
            .counts
            .cells
            .get(row)
            .and_then(|cells| cells.get(column))
            .copied()
            .flatten();
        shown_rate(
            numerator,
            self.counts.row_totals.get(row).copied().flatten(),
        )
    }

    /// The national rate of an outcome (by its column).
    pub fn national(&self, column: usize) -> Option<Rate> {
        shown_rate(
            self.counts.column_totals.get(column).copied().flatten(),
            self.counts.grand_total,
        )
    }
}

/// The exact counts of a rate for the records of `quarter`, by `group`.
fn outcome_counts(
    records: &[CaseRecord],
    quarter: Quarter,
    kind: RateKind,
) -> impl Iterator<Item = (&CaseRecord, usize)> {
    records
        .iter()
        .filter(move |record| quarter.contains(record.start))
        .filter_map(move |record| {
            let outcome = kind.outcome(record)?;
            let column = kind.outcomes().iter().position(|o| *o == outcome)?;
            Some((record, column))
        })
}

/// The protected table of a rate for `quarter` by `by`; `None` while the
/// rate is not final on `today`.
pub fn rate_table(
    records: &[CaseRecord],
    quarter: Quarter,
    by: Dimension,
    kind: RateKind,
    today: NaiveDate,
    k: u64,
) -> Option<RateTable> {
    if !kind.is_final(quarter, today) {
        return None;
    }
    let n_columns = kind.outcomes().len();
    let mut rows: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (record, column) in outcome_counts(records, quarter, kind) {
        let row = rows
            .entry(record.counted.group(by))
            .or_insert_with(|| vec![0; n_columns]);
        if let Some(count) = row.get_mut(column) {
            *count += 1;
        }
    }
    let (groups, counts): (Vec<String>, Vec<Vec<u64>>) = rows.into_iter().unzip();
    Some(RateTable {
        kind,
        quarter,
        by,
        k,
        groups,
        counts: protect(&counts, n_columns, k),
    })
}

/// A rate's national counts for a quarter, protected as the margins of its
/// table (once per quarter and k, whatever the dimension).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NationalRate {
    pub kind: RateKind,
    pub quarter: Quarter,
    pub k: u64,
    /// Per outcome.
    pub counts: Vec<Option<u64>>,
    /// The cases the rate applies to.
    pub total: Option<u64>,
}

impl NationalRate {
    /// The rate of an outcome (by its column).
    pub fn rate(&self, column: usize) -> Option<Rate> {
        shown_rate(self.counts.get(column).copied().flatten(), self.total)
    }
}

/// Applies the margins' protection to exact column totals: the totals and
/// the grand total, `None` where suppressed.
fn protected_margins(column_totals: &[u64], k: u64) -> (Vec<Option<u64>>, Option<u64>) {
    let suppressed = protect_margins(column_totals, k);
    let grand_total: u64 = column_totals.iter().sum();
    let shown = |count: u64, index: usize| {
        (!suppressed.get(index).copied().unwrap_or(true)).then_some(count)
    };
    (
        column_totals
            .iter()
            .enumerate()
            .map(|(index, count)| shown(*count, index))
            .collect(),
        shown(grand_total, column_totals.len()),
    )
}

/// A rate's national counts for `quarter`; `None` while it is not final.
pub fn national_rate(
    records: &[CaseRecord],
    quarter: Quarter,
    kind: RateKind,
    today: NaiveDate,
    k: u64,
) -> Option<NationalRate> {
    if !kind.is_final(quarter, today) {
        return None;
    }
    let mut totals = vec![0_u64; kind.outcomes().len()];
    for (_, column) in outcome_counts(records, quarter, kind) {
        if let Some(count) = totals.get_mut(column) {
            *count += 1;
        }
    }
    let (counts, total) = protected_margins(&totals, k);
    Some(NationalRate {
        kind,
        quarter,
        k,
        counts,
        total,
    })
}

/// The column totals and grand total of one quarter's table, protected as
/// in every table of that quarter (rule 4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrendPoint {
    pub quarter: Quarter,
    /// In [`Column::ALL`] order.
    pub column_totals: Vec<Option<u64>>,
    pub grand_total: Option<u64>,
}

/// The protected column totals of each of `quarters`.
pub fn trend(records: &[CaseRecord], quarters: &[Quarter], k: u64) -> Vec<TrendPoint> {
    quarters
        .iter()
        .map(|quarter| {
            let mut totals = vec![0_u64; Column::ALL.len()];
            for record in records
                .iter()
                .filter(|record| quarter.contains(record.start))
            {
                if let Some(count) = totals.get_mut(record.counted.column.position()) {
                    *count += 1;
                }
            }
            let (column_totals, grand_total) = protected_margins(&totals, k);
            TrendPoint {
                quarter: *quarter,
                column_totals,
                grand_total,
            }
        })
        .collect()
}

/// The last `n` quarters that ended before `today`, oldest first.
pub fn last_ended_quarters(today: NaiveDate, n: usize) -> Vec<Quarter> {
    let mut quarters = Vec::with_capacity(n);
    let mut quarter = Quarter::of(today).previous();
    while let Some(current) = quarter {
        if quarters.len() == n {
            break;
        }
        quarters.push(current);
        quarter = current.previous();
    }
    quarters.reverse();
    quarters
}
