//! The statutory calendar as data.
//!
//! Every number the follow-up rules depend on lives here, next to the legal
//! source that sets it, so a change in the law is a change of one line.

use super::MilestoneKind;

/// Who acts on a milestone (used for work queues and plain-language texts).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Party {
    /// The employer and the nearest manager (arbeidsgiver, nærmeste leder).
    Employer,
    /// The NAV office that follows the person (NAV-kontoret).
    Nav,
}

/// Where a milestone falls in a follow-up case.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MilestoneOffset {
    /// The n-th day counted in the case (gaps inside the case do not count).
    CountedDay(u32),
    /// The last day of week n of the case: `start + 7n − 1` days.
    EndOfWeek(u32),
    /// Day n of the case as a plain calendar offset: `start + n − 1` days.
    CaseDay(u32),
    /// The maximum date, from the walk over benefit days (see `max_date`).
    MaxDate,
}

/// One row of the statutory calendar.
#[derive(Clone, Copy, Debug)]
pub struct MilestoneRule {
    pub kind: MilestoneKind,
    pub offset: MilestoneOffset,
    /// The provision that sets the milestone.
    pub source: &'static str,
    /// Who must act by the milestone.
    pub responsible: Party,
}

/// The milestones of a follow-up case, in the order they are reported.
pub const STATUTORY_CALENDAR: [MilestoneRule; 8] = [
    // The employer pays sick pay for the first 16 days (arbeidsgiverperioden).
    MilestoneRule {
        kind: MilestoneKind::EmployerPeriodEnd,
        offset: MilestoneOffset::CountedDay(BENEFIT_RULES.employer_period_days),
        source: "ftrl § 8-19",
        responsible: Party::Employer,
    },
    // Employer and employee make a follow-up plan within four weeks.
    MilestoneRule {
        kind: MilestoneKind::FollowUpPlan,
        offset: MilestoneOffset::EndOfWeek(4),
        source: "aml § 4-6 (3)",
        responsible: Party::Employer,
    },
    // The employer holds dialogue meeting 1 within seven weeks.
    MilestoneRule {
        kind: MilestoneKind::DialogueMeeting1,
        offset: MilestoneOffset::EndOfWeek(7),
        source: "aml § 4-6 (4)",
        responsible: Party::Employer,
    },
    // Work-related activity is required from eight weeks unless exempted.
    MilestoneRule {
        kind: MilestoneKind::ActivityRequirement,
        offset: MilestoneOffset::EndOfWeek(8),
        source: "ftrl § 8-8",
        responsible: Party::Nav,
    },
    // NAV starts preparing dialogue meeting 2 on day 120.
    MilestoneRule {
        kind: MilestoneKind::DialogueMeeting2Planning,
        offset: MilestoneOffset::CaseDay(120),
        source: "ftrl § 8-7 a",
        responsible: Party::Nav,
    },
    // NAV holds dialogue meeting 2 within 26 weeks.
    MilestoneRule {
        kind: MilestoneKind::DialogueMeeting2,
        offset: MilestoneOffset::EndOfWeek(26),
        source: "ftrl § 8-7 a",
        responsible: Party::Nav,
    },
    // NAV informs about the end of sickness benefit at 39 weeks.
    MilestoneRule {
        kind: MilestoneKind::BenefitEndNotice,
        offset: MilestoneOffset::EndOfWeek(39),
        source: "ftrl § 8-12",
        responsible: Party::Nav,
    },
    // The last day with sickness benefit.
    MilestoneRule {
        kind: MilestoneKind::MaxDate,
        offset: MilestoneOffset::MaxDate,
        source: "ftrl § 8-12",
        responsible: Party::Nav,
    },
];

/// The numbers of the sickness-benefit rules.
#[derive(Clone, Copy, Debug)]
pub struct BenefitRules {
    /// Non-sick days that end a follow-up case, and the length of the
    /// employer period in counted days (ftrl § 8-19).
    pub case_gap_days: u32,
    pub employer_period_days: u32,
    /// Benefit days in one entitlement (ftrl § 8-12 first paragraph).
    pub benefit_days: u32,
    /// Benefit days after the 67th birthday (ftrl § 8-51).
    pub benefit_days_after_reduced_age: u32,
    pub reduced_age_years: i32,
    /// No benefit from this birthday on (ftrl § 8-51, § 8-3).
    pub end_age_years: i32,
    /// Days without benefit that give a new entitlement: 26 weeks (ftrl § 8-12 second paragraph).
    pub reset_break_days: u32,
    /// Benefit days older than this many years are forgiven when benefit
    /// resumes after a break (ftrl § 8-12 first paragraph).
    pub window_years: i32,
    /// Lowest grade that gives benefit (ftrl § 8-13).
    pub min_benefit_grade: u8,
    /// A milestone is `due_soon` from this many days before it.
    pub due_soon_days: i32,
}

pub const BENEFIT_RULES: BenefitRules = BenefitRules {
    case_gap_days: 16,
    employer_period_days: 16,
    benefit_days: 248,
    benefit_days_after_reduced_age: 60,
    reduced_age_years: 67,
    end_age_years: 70,
    reset_break_days: 182,
    window_years: 3,
    min_benefit_grade: 20,
    due_soon_days: 14,
};

/// The rule of a milestone kind.
pub fn rule_of(kind: MilestoneKind) -> &'static MilestoneRule {
    let [employer_period_end, follow_up_plan, dialogue_meeting_1, activity_requirement, dialogue_meeting_2_planning, dialogue_meeting_2, benefit_end_notice, max_date] =
        &STATUTORY_CALENDAR;
    match kind {
        MilestoneKind::EmployerPeriodEnd => employer_period_end,
        MilestoneKind::FollowUpPlan => follow_up_plan,
        MilestoneKind::DialogueMeeting1 => dialogue_meeting_1,
        MilestoneKind::ActivityRequirement => activity_requirement,
        MilestoneKind::DialogueMeeting2Planning => dialogue_meeting_2_planning,
        MilestoneKind::DialogueMeeting2 => dialogue_meeting_2,
        MilestoneKind::BenefitEndNotice => benefit_end_notice,
        MilestoneKind::MaxDate => max_date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_kind_in_declaration_order() {
        for (position, rule) in STATUTORY_CALENDAR.iter().enumerate() {
            assert_eq!(rule.kind as usize, position);
            assert_eq!(rule_of(rule.kind).kind, rule.kind);
        }
    }
}
