//! The population generator: one synthetic person after another, each a
//! deterministic function of the seed and of the people before it.
//!
//! People are streamed: the generator keeps no list of them, only its random
//! number generator and a fixed-size table that keeps identity numbers
//! unique, so memory does not grow with the population. It produces domain
//! values (`FollowupInput`), not JSON; callers that need the contract's
//! documents convert at their edge.

use chrono::{Datelike, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tilbake_domain::casework::CaseworkDocument;
use tilbake_domain::document::{DocumentBody, MeetingNumber};
use tilbake_domain::followup::{
    DateRange, Event, Followup, FollowupCase, FollowupInput, Grade, MilestoneKind, SickLeave,
};

use crate::identity::{individual_number_range, organisation_number, synthetic_identity_number};
use crate::params::{
    duration_class_weights, p_graded, CorrectionKind, Span, Weighted, ABSENCES_PER_PERSON,
    AGE_YEARS, CORRECTION_KINDS, CORRECTION_SHIFT_DAYS, DIAGNOSES, DURATION_CLASSES,
    EMPLOYER_SIZE_SHIFT, FIRST_CERTIFICATE_DAYS, GRADED_MIN_DAYS, GRADES, GRADE_STEP_DOWN,
    LEAD_IN_DAYS, MAX_ABSENCES, MIN_WORKING_AGE_YEARS, N_EMPLOYERS, P_CORRECTION,
    P_CORRECTION_OF_CORRECTION, P_GRADED_FROM_START, P_GRADED_SHORT, P_GRADE_STEP_DOWN,
    P_ISSUED_IN_ERROR, P_JOB_CHANGE, P_NO_EMPLOYER, P_RENEWAL_GAP, P_SECOND_JOB,
    P_SELF_CERTIFIED_LEAD_IN, P_SELF_CERTIFIED_ONLY, P_SHORT_SPLIT, P_VACATION,
    P_WITHDRAWN_RENEWAL, P_WORK_RESUMED, RENEWAL_DAYS, RENEWAL_GAP_DAYS, SELF_CERTIFIED_DAYS,
    VACATION_DAYS, VACATION_EARLIEST_DAY, VACATION_MIN_DAYS, WORK_RESUMED_MIN_DAYS,
};
use crate::params::{ACTIVITY_OUTCOMES, CASE_WORK_RATES, P_CASE_WORK_ON_TIME, RECENT_ABSENCE_DAYS};

/// Mixed into the seed for the case-work draws, so they come from a
/// generator of their own and leave the people's stream as it is.
const CASE_WORK_SALT: u64 = 0x6361_7365_776f_726b;

/// Visits a birth date's individual numbers in a scattered order; coprime
/// with the sizes of the ranges (250 and 500), so every number is visited once.
const INDIVIDUAL_NUMBER_STRIDE: u32 = 7;
/// Scatters employer indices over the seven free digits of an organisation
/// number; coprime with 10^7, so distinct indices give distinct numbers.
const EMPLOYER_SCRAMBLE: u64 = 7_654_321;

/// What population to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PopulationConfig {
    /// The day the histories are seen from: absences start on or before it,
    /// renewals are issued up to it, and it is each input's `today`.
    pub today: NaiveDate,
    /// Length of the observation window ending on `today`, in days.
    pub history_days: u32,
}

impl Default for PopulationConfig {
    /// Three years of history seen from 2026-11-23.
    fn default() -> PopulationConfig {
        const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 23) {
            Some(date) => date,
            None => panic!("2026-11-23 is a date"),
        };
        PopulationConfig {
            today: TODAY,
            history_days: 1096,
        }
    }
}

/// One synthetic person: who they are and their sick-leave history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntheticPerson {
    /// 0 for the first person of the stream, 1 for the next, …
    pub index: u64,
    /// A synthetic fødselsnummer (month + 40) with valid check digits,
    /// unique within the stream (see `PopulationGenerator`).
    pub identity_number: String,
    pub birth_date: NaiveDate,
    /// Organisation numbers of the person's employers in the window, the
    /// current one first; empty for the self-employed and unemployed.
    pub employers: Vec<String>,
    /// The history as the follow-up engine takes it, with `birth_date` and `today` set.
    pub input: FollowupInput,
}

/// A case-work document a party sends about a person: its id (unique among
/// the person's documents of its kind) and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseWorkDocument {
    pub id: String,
    pub body: DocumentBody,
}

/// A seeded, endless stream of synthetic people.
///
/// The n-th person depends only on the seed and the config, never on how
/// many people are drawn after it. Identity numbers are unique as long as no
/// birth date has more than about 400 people (the valid individual numbers of
/// one date), which holds for populations of a few million; beyond that
/// numbers repeat.
#[derive(Clone, Debug)]
pub struct PopulationGenerator {
    rng: ChaCha8Rng,
    seed: u64,
    config: PopulationConfig,
    /// See [`PopulationGenerator::with_recent_absences`].
    recent_share: Option<f64>,
    today: i32,
    next_index: u64,
    /// Day number of the earliest birth date drawn: index 0 of `identity_counters`.
    earliest_birth: i32,
    /// Per birth date, how many individual numbers have been tried.
    identity_counters: Vec<u16>,
    /// The counting version (after corrections) of each certificate of the
    /// absence being written, as an index into its events; reused.
    absence_certificates: Vec<usize>,
}

impl PopulationGenerator {
    /// # Panics
    ///
    /// If `config.today` is outside the years 1930–2050 or `history_days`
    /// is over 36,500: the identity numbers and dates would not be expressible.
    pub fn new(seed: u64, config: PopulationConfig) -> PopulationGenerator {
        assert!(
            (1930..=2050).contains(&config.today.year()),
            "today must be in 1930..=2050"
        );
        assert!(
            config.history_days <= 36_500,
            "history_days is at most 36,500"
        );
        let today = day_number(config.today);
        let youngest = AGE_YEARS
            .iter()
            .map(|(ages, _)| ages.low)
            .min()
            .unwrap_or(0);
        let oldest = AGE_YEARS
            .iter()
            .map(|(ages, _)| ages.high)
            .max()
            .unwrap_or(0);
        // The birth dates `birth_date` can draw: the day after one turned `oldest + 1` up
        // to the day one turned `youngest`.
        let earliest_birth = day_number(years_before(config.today, oldest as u32 + 1)) + 1;
        let latest_birth = day_number(years_before(config.today, youngest as u32));
        PopulationGenerator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            seed,
            config,
            recent_share: None,
            today,
            next_index: 0,
            earliest_birth,
            identity_counters: vec![0; (latest_birth - earliest_birth + 1) as usize],
            absence_certificates: Vec::new(),
        }
    }

    pub fn config(&self) -> PopulationConfig {
        self.config
    }

    /// Makes the last absence of a share of the people (`share`, drawn per
    /// person) start in the last 91 days before `today` (if it would start
    /// earlier), so that more of them have a case open on `today`. Off by
    /// default (the stream is then unchanged);
    /// [`NATIONAL_RECENT_ABSENCE_SHARE`](crate::NATIONAL_RECENT_ABSENCE_SHARE)
    /// gives about 130,000 open cases among 1,000,000 people, as on an
    /// average day in Norway.
    ///
    /// # Panics
    ///
    /// If `share` is not within 0..=1.
    #[must_use]
    pub fn with_recent_absences(mut self, share: f64) -> PopulationGenerator {
        assert!((0.0..=1.0).contains(&share), "share must be within 0..=1");
        self.recent_share = Some(share);
        self
    }

    /// The case work the parties send for `person`, whose follow-up is
    /// `followup` (the engine's result for `person.input`): for each case,
    /// the follow-up plan and dialogue meeting 1 (employer), the
    /// activity-requirement assessment and dialogue meeting 2 (NAV), each
    /// for a milestone the case makes required, most of them once the
    /// milestone is due and some before, dated within the case and on or
    /// before `today`. Deterministic: a function of the seed, the person's
    /// place in the stream and the follow-up, drawn apart from the stream
    /// of people. The benefit-end notice has no document (a caseworker
    /// records it as a decision), so it gets none here.
    pub fn case_work(
        &self,
        person: &SyntheticPerson,
        followup: &Followup,
    ) -> Vec<CaseWorkDocument> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed ^ CASE_WORK_SALT);
        rng.set_stream(person.index);
        let today = self.today;
        let mut documents = Vec::new();
        for (index, case) in followup.cases.iter().enumerate() {
            let start = day_number(case.start);
            // Case work belongs to the case: before the next one starts.
            let limit = followup
                .cases
                .get(index + 1)
                .map_or(today, |next| (day_number(next.start) - 1).min(today));
            for rate in CASE_WORK_RATES {
                let due = match rate.milestone {
                    // Meeting 2 may be held from day 120, which it also closes.
                    MilestoneKind::DialogueMeeting2 => {
                        required(case, MilestoneKind::DialogueMeeting2)
                            .or_else(|| required(case, MilestoneKind::DialogueMeeting2Planning))
                    }
                    kind => required(case, kind),
                };
                let Some(due) = due else {
                    continue;
                };
                let earliest = start + rate.earliest_day;
                let (low, high) = if due <= today {
                    if !rng.gen_bool(rate.p_done_when_due) {
                        continue;
                    }
                    let on_time = (earliest.max(due - 10), due.min(limit));
                    let late = ((due + 1).max(earliest), (due + 14).min(limit));
                    if on_time.0 <= on_time.1
                        && (late.0 > late.1 || rng.gen_bool(P_CASE_WORK_ON_TIME))
                    {
                        on_time
                    } else {
                        late
                    }
                } else {
                    if !rng.gen_bool(rate.p_done_early) {
                        continue;
                    }
                    (earliest, limit)
                };
                if low > high {
                    continue;
                }
                let date = date_of(rng.gen_range(low..=high));
                let case_start = case.start.format("%Y-%m-%d");
                let (id, body) = match rate.milestone {
                    MilestoneKind::FollowUpPlan => (
                        format!("plan-{case_start}"),
                        DocumentBody::Casework(CaseworkDocument::PlanShared { date }),
                    ),
                    MilestoneKind::DialogueMeeting1 => (
                        format!("meeting1-{case_start}"),
                        DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                            meeting: MeetingNumber::One,
                            date,
                        }),
                    ),
                    MilestoneKind::ActivityRequirement => {
                        let (outcome, reason) = pick(&mut rng, &ACTIVITY_OUTCOMES);
                        (
                            format!("activity-{case_start}"),
                            DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
                                date,
                                outcome,
                                reason: reason.to_owned(),
                            }),
                        )
                    }
                    _ => (
                        format!("meeting2-{case_start}"),
                        DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                            meeting: MeetingNumber::Two,
                            date,
                        }),
                    ),
                };
                documents.push(CaseWorkDocument { id, body });
            }
        }
        documents
    }

    /// The next person of the stream.
    pub fn next_person(&mut self) -> SyntheticPerson {
        let index = self.next_index;
        self.next_index += 1;

        let birth_date = self.birth_date();
        let identity_number = self.identity_number(birth_date);
        let first_working_day = birth_date
            .checked_add_months(Months::new(12 * MIN_WORKING_AGE_YEARS))
            .unwrap_or(birth_date);
        let window_start =
            (self.today - self.config.history_days as i32).max(day_number(first_working_day));
        let employment = self.employment(window_start);
        // Most people have fewer than eight events; one allocation covers them.
        let mut events = Vec::with_capacity(8);
        self.absences(window_start, &employment, &mut events);

        let mut employers = Vec::new();
        if let Some((_, later)) = &employment.change {
            employers.push(later.clone());
        }
        employers.extend(employment.first.iter().cloned());
        employers.extend(employment.second_job.iter().cloned());
        SyntheticPerson {
            index,
            identity_number,
            birth_date,
            employers,
            input: FollowupInput {
                birth_date: Some(birth_date),
                today: Some(self.config.today),
                events,
            },
        }
    }

    fn birth_date(&mut self) -> NaiveDate {
        let ages = pick(&mut self.rng, &AGE_YEARS);
        // Born after the day one turns `high + 1`, on or before the day one turns `low`.
        let first = day_number(years_before(self.config.today, ages.high as u32 + 1)) + 1;
        let last = day_number(years_before(self.config.today, ages.low as u32));
        date_of(self.rng.gen_range(first..=last))
    }

    /// The next unused synthetic identity number of the birth date.
    fn identity_number(&mut self, birth_date: NaiveDate) -> String {
        let day = day_number(birth_date);
        let slot = (day - self.earliest_birth) as usize;
        let (low, high) = individual_number_range(birth_date.year())
            .expect("`new` keeps birth years within 1854..=2039");
        let n_candidates = u32::from(high - low) + 1;
        // Each date starts at its own place, so numbers look varied.
        let offset = (day as u32).wrapping_mul(37) % n_candidates;
        let counter = &mut self.identity_counters[slot];
        for _ in 0..n_candidates {
            let position = (offset + u32::from(*counter) * INDIVIDUAL_NUMBER_STRIDE) % n_candidates;
            // After every candidate of the date has been handed out, start over.
            *counter = ((u32::from(*counter) + 1) % n_candidates) as u16;
            if let Some(number) = synthetic_identity_number(birth_date, low + position as u16) {
                return number;
            }
        }
        unreachable!("about ten in eleven individual numbers of every date have valid check digits")
    }

    fn employment(&mut self, window_start: i32) -> Employment {
        if self.rng.gen_bool(P_NO_EMPLOYER) {
            return Employment::default();
        }
        let first = self.employer();
        let change = if self.rng.gen_bool(P_JOB_CHANGE) {
            let on = self.rng.gen_range(window_start..=self.today);
            Some((on, self.other_employer(&first)))
        } else {
            None
        };
        let second_job = if self.rng.gen_bool(P_SECOND_JOB) {
            Some(self.other_employer(&first))
        } else {
            None
        };
        Employment {
            first: Some(first),
            change,
            second_job,
        }
    }

    /// An employer from a Zipf-like size distribution: a few large, many small.
    fn employer(&mut self) -> String {
        // Inverse of the distribution function of a density ∝ 1 / (x + shift) on [0, N).
        let u: f64 = self.rng.gen();
        let shift = EMPLOYER_SIZE_SHIFT;
        let x = shift * ((1.0 + f64::from(N_EMPLOYERS) / shift).powf(u) - 1.0);
        employer_number((x as u32).min(N_EMPLOYERS - 1))
    }

    fn other_employer(&mut self, not: &str) -> String {
        loop {
            let employer = self.employer();
            if employer != not {
                return employer;
            }
        }
    }

    /// Places the person's absences in the window, in date order, apart.
    fn absences(&mut self, window_start: i32, employment: &Employment, events: &mut Vec<Event>) {
        let n_absences = (pick(&mut self.rng, &ABSENCES_PER_PERSON) as usize).min(MAX_ABSENCES);
        let mut starts = [0i32; MAX_ABSENCES];
        for start in &mut starts[..n_absences] {
            *start = self.rng.gen_range(window_start..=self.today);
        }
        starts[..n_absences].sort_unstable();
        if let Some(share) = self.recent_share {
            if n_absences > 0 && self.rng.gen_bool(share) {
                let recent = self.today - self.rng.gen_range(0..RECENT_ABSENCE_DAYS);
                let last = &mut starts[n_absences - 1];
                *last = (*last).max(recent);
            }
        }
        let mut earliest = i32::MIN;
        for &drawn in &starts[..n_absences] {
            // Absences start on a weekday; moving back keeps the first one on or before today.
            let start = drawn - (weekday_index(drawn) - 4).max(0);
            let start = start.max(earliest);
            if start > self.today {
                break;
            }
            let last_day = if self.rng.gen_bool(P_SELF_CERTIFIED_ONLY) {
                let lengths = pick(&mut self.rng, &SELF_CERTIFIED_DAYS);
                let n_days = span(&mut self.rng, lengths);
                events.push(Event::SelfCertified(range(start, start + n_days - 1)));
                start + n_days - 1
            } else {
                self.certified_absence(start, employment, events)
            };
            // At least one day at work between two absences.
            earliest = last_day + 2;
        }
    }

    /// One absence with a doctor's certificates; answers its last day.
    fn certified_absence(
        &mut self,
        start: i32,
        employment: &Employment,
        events: &mut Vec<Event>,
    ) -> i32 {
        let rng = &mut self.rng;
        let mut day = start;
        if rng.gen_bool(P_SELF_CERTIFIED_LEAD_IN) {
            let n_days = span(rng, LEAD_IN_DAYS);
            events.push(Event::SelfCertified(range(day, day + n_days - 1)));
            day += n_days;
        }
        let diagnosis = pick(rng, &DIAGNOSES);
        let class_weights = duration_class_weights(diagnosis);
        let class_table: [(usize, u32); 5] = std::array::from_fn(|i| (i, class_weights[i]));
        let class = pick(rng, &class_table);
        let n_certified_days = span(rng, DURATION_CLASSES[class]);
        let short_first_certificate = if n_certified_days >= 2 && rng.gen_bool(P_SHORT_SPLIT) {
            n_certified_days / 2
        } else {
            n_certified_days
        };
        // (the certificate that grading starts with, the first grade)
        let grading = if n_certified_days >= GRADED_MIN_DAYS {
            rng.gen_bool(p_graded(diagnosis)).then(|| {
                let from_certificate = usize::from(!rng.gen_bool(P_GRADED_FROM_START));
                (from_certificate, pick(rng, &GRADES))
            })
        } else {
            rng.gen_bool(P_GRADED_SHORT)
                .then(|| (0, pick(rng, &GRADES)))
        };

        self.absence_certificates.clear();
        let mut remaining = n_certified_days;
        let mut grade = 100u8;
        let mut n_certificates = 0usize;
        while remaining > 0 {
            // A renewal is issued when the previous certificate runs out, so none start after today.
            if n_certificates > 0 && day > self.today {
                break;
            }
            let n_days = if class == 0 {
                if n_certificates == 0 {
                    short_first_certificate
                } else {
                    remaining
                }
            } else if n_certificates == 0 {
                pick(&mut self.rng, &FIRST_CERTIFICATE_DAYS)
            } else {
                pick(&mut self.rng, &RENEWAL_DAYS)
            }
            .min(remaining);
            if let Some((from_certificate, first_grade)) = grading {
                if n_certificates == from_certificate {
                    grade = first_grade;
                } else if n_certificates > from_certificate
                    && grade > 20
                    && self.rng.gen_bool(P_GRADE_STEP_DOWN)
                {
                    let step = pick(&mut self.rng, &GRADE_STEP_DOWN);
                    grade = grade.saturating_sub(step).max(20);
                }
            }
            let to = day + n_days - 1;
            let employer = employment.on(day);
            let counting = self.certificate(events, day, to, grade, employer, employment);
            self.absence_certificates.push(counting);
            if let Some(second_job) = &employment.second_job {
                // The doctor writes one certificate per job.
                events.push(sick_leave(
                    certificate_id(&mut self.rng),
                    day,
                    to,
                    grade,
                    Some(second_job),
                ));
            }
            remaining -= n_days;
            n_certificates += 1;
            day = to + 1;
            if remaining > 0 && self.rng.gen_bool(P_RENEWAL_GAP) {
                day += span(&mut self.rng, RENEWAL_GAP_DAYS);
            }
        }

        if self.rng.gen_bool(P_ISSUED_IN_ERROR) {
            let which = self.rng.gen_range(0..self.absence_certificates.len());
            if let Some(Event::SickLeave(original)) = events.get(self.absence_certificates[which]) {
                let mut duplicate = original.clone();
                duplicate.id = certificate_id(&mut self.rng);
                duplicate.grade = Grade::FULL;
                duplicate.corrects = None;
                let id = duplicate.id.clone();
                events.push(Event::SickLeave(duplicate));
                events.push(Event::Cancelled { id });
            }
        }
        if self.absence_certificates.len() >= 2 && self.rng.gen_bool(P_WITHDRAWN_RENEWAL) {
            if let Some(withdrawn) = self.absence_certificates.pop() {
                let id = certificate_of(events, withdrawn).id.clone();
                events.push(Event::Cancelled { id });
            }
        }

        let last = self
            .absence_certificates
            .last()
            .map(|&index| certificate_of(events, index).period);
        let Some(last) = last else {
            return start;
        };
        let last_day = day_number(last.to());
        if n_certified_days >= VACATION_MIN_DAYS && self.rng.gen_bool(P_VACATION) {
            let earliest = start + VACATION_EARLIEST_DAY;
            let latest = last_day - 3;
            if earliest <= latest {
                let from = self.rng.gen_range(earliest..=latest);
                let n_days = pick(&mut self.rng, &VACATION_DAYS);
                events.push(Event::Vacation(range(
                    from,
                    (from + n_days - 1).min(last_day),
                )));
            }
        }
        let last_from = day_number(last.from());
        if n_certified_days >= WORK_RESUMED_MIN_DAYS
            && last_day > last_from
            && self.rng.gen_bool(P_WORK_RESUMED)
        {
            let resumed = self.rng.gen_range(last_from + 1..=last_day);
            events.push(Event::WorkResumed(date_of(resumed)));
        }
        last_day.max(start)
    }

    /// Issues one certificate, perhaps corrected later; answers the index of
    /// the version that counts.
    fn certificate(
        &mut self,
        events: &mut Vec<Event>,
        from: i32,
        to: i32,
        grade: u8,
        employer: Option<&String>,
        employment: &Employment,
    ) -> usize {
        events.push(sick_leave(
            certificate_id(&mut self.rng),
            from,
            to,
            grade,
            employer,
        ));
        let mut counting = events.len() - 1;
        if self.rng.gen_bool(P_CORRECTION) {
            counting = self.correct(events, counting, employment);
            if self.rng.gen_bool(P_CORRECTION_OF_CORRECTION) {
                counting = self.correct(events, counting, employment);
            }
        }
        counting
    }

    /// Adds a certificate that replaces the one at `index`; answers its index.
    fn correct(&mut self, events: &mut Vec<Event>, index: usize, employment: &Employment) -> usize {
        let original = certificate_of(events, index);
        let mut correction = original.clone();
        correction.id = certificate_id(&mut self.rng);
        correction.corrects = Some(original.id.clone());
        let mut kind = pick(&mut self.rng, &CORRECTION_KINDS);
        let other_employer = employment
            .all()
            .find(|employer| Some(*employer) != original.employer.as_ref());
        if kind == CorrectionKind::Employer && other_employer.is_none() {
            kind = CorrectionKind::Grade;
        }
        match kind {
            CorrectionKind::Grade => {
                correction.grade = if original.grade == Grade::FULL {
                    grade_of(pick(&mut self.rng, &GRADES))
                } else {
                    Grade::FULL
                };
            }
            CorrectionKind::Period => {
                let from = day_number(original.period.from());
                let to =
                    day_number(original.period.to()) + span(&mut self.rng, CORRECTION_SHIFT_DAYS);
                correction.period = range(from, to.max(from));
            }
            CorrectionKind::Employer => correction.employer = other_employer.cloned(),
        }
        events.push(Event::SickLeave(correction));
        events.len() - 1
    }
}

impl Iterator for PopulationGenerator {
    type Item = SyntheticPerson;

    /// Never `None`: the stream is endless; use `take(n)`.
    fn next(&mut self) -> Option<SyntheticPerson> {
        Some(self.next_person())
    }
}

/// Who the person works for, over the window.
#[derive(Clone, Debug, Default)]
struct Employment {
    first: Option<String>,
    /// From this day on, a new employer.
    change: Option<(i32, String)>,
    /// A second job held throughout.
    second_job: Option<String>,
}

impl Employment {
    /// The main employer on `day`.
    fn on(&self, day: i32) -> Option<&String> {
        match &self.change {
            Some((from, later)) if day >= *from => Some(later),
            _ => self.first.as_ref(),
        }
    }

    fn all(&self) -> impl Iterator<Item = &String> {
        self.first
            .iter()
            .chain(self.change.iter().map(|(_, later)| later))
            .chain(self.second_job.iter())
    }
}

/// The organisation number of employer `index` of the synthetic universe:
/// `9` and seven scrambled digits, skipping candidates whose check digit would be 10.
fn employer_number(index: u32) -> String {
    // Distinct indices keep distinct candidates while `index + round · N` < 10^7.
    for round in 0..u64::from(10_000_000 / N_EMPLOYERS) {
        let candidate = u64::from(index) + round * u64::from(N_EMPLOYERS);
        let scrambled = (candidate * EMPLOYER_SCRAMBLE % 10_000_000) as u32;
        if let Some(number) = organisation_number(90_000_000 + scrambled) {
            return number;
        }
    }
    unreachable!("one in eleven candidates fails; fifty in a row do not")
}

/// A random version-4 UUID, as certificate ids are in practice.
fn certificate_id(rng: &mut ChaCha8Rng) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bytes: [u8; 16] = rng.gen();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut id = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    id
}

fn sick_leave(id: String, from: i32, to: i32, grade: u8, employer: Option<&String>) -> Event {
    Event::SickLeave(SickLeave {
        id,
        period: range(from, to),
        grade: grade_of(grade),
        employer: employer.cloned(),
        corrects: None,
    })
}

/// The date of a milestone the case makes required, as a day number.
fn required(case: &FollowupCase, kind: MilestoneKind) -> Option<i32> {
    case.milestone(kind)
        .filter(|milestone| milestone.required)
        .map(|milestone| day_number(milestone.date))
}

fn certificate_of(events: &[Event], index: usize) -> &SickLeave {
    match events.get(index) {
        Some(Event::SickLeave(sick_leave)) => sick_leave,
        _ => unreachable!("absence_certificates holds indices of sick_leave events"),
    }
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, table: &Weighted<T>) -> T {
    let total: u32 = table.iter().map(|&(_, weight)| weight).sum();
    let mut ticket = rng.gen_range(0..total);
    for &(value, weight) in table {
        if ticket < weight {
            return value;
        }
        ticket -= weight;
    }
    unreachable!("the ticket is below the total weight")
}

fn span(rng: &mut ChaCha8Rng, bounds: Span) -> i32 {
    rng.gen_range(bounds.low..=bounds.high)
}

fn grade_of(percent: u8) -> Grade {
    Grade::new(i64::from(percent)).expect("the parameter tables hold grades within 1..=100")
}

fn range(from: i32, to: i32) -> DateRange {
    DateRange::new(date_of(from), date_of(to)).expect("ranges are built with from <= to")
}

/// Days since the common era (0001-01-01 is day 1, a Monday).
fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

fn date_of(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).expect("`new` keeps every day within chrono's range")
}

/// 0 = Monday … 6 = Sunday.
fn weekday_index(day: i32) -> i32 {
    (day - 1).rem_euclid(7)
}

/// The same day `n_years` earlier; 29 February becomes 28 February.
fn years_before(date: NaiveDate, n_years: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(12 * n_years))
        .expect("`new` keeps every day within chrono's range")
}
