//! The parameters of the synthetic population, as data.
//!
//! Every probability and distribution the generator draws from is here, so
//! `docs/SYNTHETIC.md` can give the reason for each next to its value and a
//! change of a parameter is a change of one line. These are modelling
//! choices, shaped to agree with published facts about Norwegian sick leave;
//! they are not statistics themselves.

/// A weighted choice: each entry is picked with probability weight / total weight.
pub(crate) type Weighted<T> = [(T, u32)];

/// An inclusive range of whole numbers, drawn uniformly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub low: i32,
    pub high: i32,
}

const fn span(low: i32, high: i32) -> Span {
    Span { low, high }
}

/// Age in whole years on `today`, by bracket (per mille). Working ages, with
/// most weight 25–61 and a few over 67.
pub(crate) const AGE_YEARS: [(Span, u32); 8] = [
    (span(18, 24), 90),
    (span(25, 34), 210),
    (span(35, 44), 230),
    (span(45, 54), 230),
    (span(55, 61), 140),
    (span(62, 66), 80),
    (span(67, 69), 15),
    (span(70, 72), 5),
];

/// Youngest age at which an absence is placed (apprentices start at 16).
pub(crate) const MIN_WORKING_AGE_YEARS: u32 = 16;

/// Absences (self-certified or certified spells) per person in the window (percent).
pub(crate) const ABSENCES_PER_PERSON: [(u32, u32); 8] = [
    (1, 44),
    (2, 26),
    (3, 14),
    (4, 8),
    (5, 4),
    (6, 2),
    (7, 1),
    (8, 1),
];

/// The most absences a person has; the table above never goes beyond it.
pub(crate) const MAX_ABSENCES: usize = 8;

/// Share of absences that are self-certified only (egenmelding, no doctor).
pub(crate) const P_SELF_CERTIFIED_ONLY: f64 = 0.45;

/// Length in days of a self-certified-only absence (percent).
pub(crate) const SELF_CERTIFIED_DAYS: [(Span, u32); 4] = [
    (span(1, 1), 40),
    (span(2, 2), 30),
    (span(3, 3), 25),
    // Employers may allow longer self-certification (up to 8 days at a time).
    (span(4, 8), 5),
];

/// Share of certified absences that begin with self-certified days.
pub(crate) const P_SELF_CERTIFIED_LEAD_IN: f64 = 0.35;
/// Length of that lead-in.
pub(crate) const LEAD_IN_DAYS: Span = span(1, 3);

/// Diagnosis groups of certified absences (ICPC-2 chapters, roughly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Diagnosis {
    /// L: musculoskeletal.
    Musculoskeletal,
    /// P: mental disorders.
    Mental,
    /// R: respiratory, including colds and influenza.
    Respiratory,
    /// W: pregnancy-related (illness in pregnancy).
    Pregnancy,
    /// Everything else.
    Other,
}

/// Share of certified absences by diagnosis group (percent).
/// Musculoskeletal and mental disorders together are over half.
pub(crate) const DIAGNOSES: [(Diagnosis, u32); 5] = [
    (Diagnosis::Musculoskeletal, 35),
    (Diagnosis::Mental, 22),
    (Diagnosis::Respiratory, 15),
    (Diagnosis::Pregnancy, 5),
    (Diagnosis::Other, 23),
];

/// Total certified days of a certified absence, by class.
pub(crate) const DURATION_CLASSES: [Span; 5] = [
    // Up to two weeks: within the employer period.
    span(4, 14),
    // Three to eight weeks.
    span(15, 56),
    // Beyond the activity requirement (week 8), up to dialogue meeting 2 (week 26).
    span(57, 182),
    // Beyond week 26, within the year of benefit.
    span(183, 364),
    // Beyond 52 weeks: the benefit runs out while the certificates go on.
    span(365, 480),
];

/// Weights (percent) of the duration classes above, for a diagnosis group.
pub(crate) fn duration_class_weights(diagnosis: Diagnosis) -> [u32; 5] {
    match diagnosis {
        Diagnosis::Musculoskeletal => [50, 30, 13, 5, 2],
        Diagnosis::Mental => [35, 35, 19, 8, 3],
        Diagnosis::Respiratory => [85, 13, 2, 0, 0],
        // Sick leave in pregnancy ends with the birth, well within a year.
        Diagnosis::Pregnancy => [35, 40, 25, 0, 0],
        Diagnosis::Other => [60, 25, 10, 4, 1],
    }
}

/// Share of short absences (first class) written as two certificates instead of one.
pub(crate) const P_SHORT_SPLIT: f64 = 0.15;

/// Length in days of the first certificate of a longer absence (percent).
pub(crate) const FIRST_CERTIFICATE_DAYS: [(i32, u32); 4] = [(7, 20), (10, 15), (14, 40), (21, 25)];

/// Length in days of a renewal (forlengelse) (percent).
pub(crate) const RENEWAL_DAYS: [(i32, u32); 5] = [(14, 35), (21, 20), (28, 25), (42, 10), (56, 10)];

/// Share of renewals that start a few days after the previous certificate
/// ended instead of the day after (the doctor saw the person a little late).
pub(crate) const P_RENEWAL_GAP: f64 = 0.08;
pub(crate) const RENEWAL_GAP_DAYS: Span = span(1, 3);

/// Absences of at least this many certified days may become graded.
pub(crate) const GRADED_MIN_DAYS: i32 = 29;

/// Share of absences of at least `GRADED_MIN_DAYS` that are graded at some point.
pub(crate) fn p_graded(diagnosis: Diagnosis) -> f64 {
    match diagnosis {
        Diagnosis::Musculoskeletal => 0.28,
        Diagnosis::Mental => 0.24,
        Diagnosis::Respiratory | Diagnosis::Pregnancy | Diagnosis::Other => 0.17,
    }
}

/// Share of shorter absences that are graded from the start.
pub(crate) const P_GRADED_SHORT: f64 = 0.05;

/// Share of graded absences that are graded from the first certificate
/// (otherwise grading starts with a renewal: a gradual return).
pub(crate) const P_GRADED_FROM_START: f64 = 0.3;

/// First grade of graded leave (percent of the time absent) (percent).
pub(crate) const GRADES: [(u8, u32); 7] = [
    (80, 15),
    (70, 10),
    (60, 15),
    (50, 35),
    (40, 15),
    (20, 8),
    // Below 20 % gives no sickness benefit (ftrl § 8-13); rare but real.
    (15, 2),
];

/// Share of renewals of graded leave that lower the grade (a step back to work).
pub(crate) const P_GRADE_STEP_DOWN: f64 = 0.5;
/// How much such a step lowers it, in points; the grade stays at least 20.
pub(crate) const GRADE_STEP_DOWN: [(u8, u32); 3] = [(10, 40), (20, 45), (30, 15)];

/// Absences of at least this many certified days may include a vacation.
pub(crate) const VACATION_MIN_DAYS: i32 = 35;
/// Share of those with a vacation inside the sick leave.
pub(crate) const P_VACATION: f64 = 0.25;
/// The vacation starts at least this many days into the absence.
pub(crate) const VACATION_EARLIEST_DAY: i32 = 17;
/// Length of the vacation in days (percent).
pub(crate) const VACATION_DAYS: [(i32, u32); 5] = [(5, 30), (7, 20), (10, 20), (14, 20), (21, 10)];

/// Absences of at least this many certified days may end early.
pub(crate) const WORK_RESUMED_MIN_DAYS: i32 = 10;
/// Share of those where the person goes back to work before the last certificate ends.
pub(crate) const P_WORK_RESUMED: f64 = 0.06;

/// Share of certificates that are corrected by a later certificate.
pub(crate) const P_CORRECTION: f64 = 0.03;
/// Share of corrections that are themselves corrected (a chain).
pub(crate) const P_CORRECTION_OF_CORRECTION: f64 = 0.1;
/// How far a correction of the period moves the last day.
pub(crate) const CORRECTION_SHIFT_DAYS: Span = span(-3, 3);

/// What a correction changes (percent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CorrectionKind {
    Grade,
    Period,
    Employer,
}

pub(crate) const CORRECTION_KINDS: [(CorrectionKind, u32); 3] = [
    (CorrectionKind::Grade, 60),
    (CorrectionKind::Period, 25),
    (CorrectionKind::Employer, 15),
];

/// Share of certified absences with an extra certificate sent in error and
/// then cancelled.
pub(crate) const P_ISSUED_IN_ERROR: f64 = 0.02;
/// Share of certified absences with at least two certificates whose last
/// renewal is withdrawn (the person was well before it started).
pub(crate) const P_WITHDRAWN_RENEWAL: f64 = 0.01;

/// Share of people without an employer on their certificates
/// (self-employed, freelancers, unemployed).
pub(crate) const P_NO_EMPLOYER: f64 = 0.03;
/// Share of employed people who change employer during the window.
pub(crate) const P_JOB_CHANGE: f64 = 0.15;
/// Share of employed people with a second job throughout, sick-listed from both.
pub(crate) const P_SECOND_JOB: f64 = 0.04;

/// Size of the synthetic universe of employers.
pub(crate) const N_EMPLOYERS: u32 = 200_000;
/// Shift of the Zipf-like employer sizes: the weight of employer j is
/// proportional to 1 / (j + shift), so the largest has about 0.5 % of people.
pub(crate) const EMPLOYER_SIZE_SHIFT: f64 = 20.0;

/// How far before `today` the last absence of a person chosen by
/// `PopulationGenerator::with_recent_absences` starts at the earliest.
pub(crate) const RECENT_ABSENCE_DAYS: i32 = 365;

/// The share of people whose last absence starts in the last
/// [`RECENT_ABSENCE_DAYS`] that makes a population of people with history
/// hold about 13 % open cases on `today`: 130,000 among 1,000,000, the number
/// on sick leave on an average day in Norway. Calibrated with seed 1 on
/// 1,000,000 people (see `docs/SYNTHETIC.md`).
pub const NATIONAL_RECENT_ABSENCE_SHARE: f64 = 0.52;

/// Case work the parties send for a required milestone: the milestone, the
/// first day (from the case start) it is done, the share done once due,
/// and the share done before it is due.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CaseWorkRate {
    pub milestone: tilbake_domain::followup::MilestoneKind,
    pub earliest_day: i32,
    pub p_done_when_due: f64,
    pub p_done_early: f64,
}

/// The case work of a case: plan (employer, week 4), dialogue meeting 1
/// (employer, week 7), activity requirement (NAV, week 8), dialogue meeting 2
/// (NAV, week 26; held from day 120, it also closes the planning task).
pub(crate) const CASE_WORK_RATES: [CaseWorkRate; 4] = {
    use tilbake_domain::followup::MilestoneKind;
    [
        CaseWorkRate {
            milestone: MilestoneKind::FollowUpPlan,
            earliest_day: 14,
            p_done_when_due: 0.9,
            p_done_early: 0.35,
        },
        CaseWorkRate {
            milestone: MilestoneKind::DialogueMeeting1,
            earliest_day: 35,
            p_done_when_due: 0.85,
            p_done_early: 0.3,
        },
        CaseWorkRate {
            milestone: MilestoneKind::ActivityRequirement,
            earliest_day: 42,
            p_done_when_due: 0.9,
            p_done_early: 0.3,
        },
        CaseWorkRate {
            milestone: MilestoneKind::DialogueMeeting2,
            earliest_day: 120,
            p_done_when_due: 0.85,
            p_done_early: 0.25,
        },
    ]
};

/// Of case work done once due, the share done in the ten days up to the due
/// date; the rest is done up to 14 days late.
pub(crate) const P_CASE_WORK_ON_TIME: f64 = 0.8;

/// Activity-requirement outcomes (percent) with the reason NAV writes.
pub(crate) const ACTIVITY_OUTCOMES: [((tilbake_domain::document::ActivityOutcome, &str), u32); 4] = {
    use tilbake_domain::document::ActivityOutcome;
    [
        ((ActivityOutcome::Fulfilled, "I delvis arbeid"), 55),
        ((ActivityOutcome::ExemptMedical, "Medisinske grunner"), 30),
        (
            (
                ActivityOutcome::ExemptWorkplace,
                "Tilrettelegging ikke mulig",
            ),
            10,
        ),
        ((ActivityOutcome::NotFulfilled, "Ikke i aktivitet"), 5),
    ]
};
