//! The engine: certificates → days → follow-up cases → milestones.
//!
//! Days are only looked at one by one inside *clusters*: maximal runs of days
//! that some certificate, self-certification or vacation covers. Between
//! clusters every day is a working day, and both walks (cases and maximum
//! date) take such a run in one arithmetic step. So the cost grows with the
//! days of sick leave, not with the years a history spans.

use chrono::{Days, NaiveDate};

use super::max_date::{AgeLimits, BenefitDayKind, MaxDateWalk, WalkReading};
use super::statute::{MilestoneOffset, BENEFIT_RULES, STATUTORY_CALENDAR};
use super::{
    rule_of, Event, Followup, FollowupCase, FollowupError, FollowupInput, Milestone, MilestoneKind,
    MilestoneStatus, Milestones,
};
use crate::calendar::Day;

/// Up to this many certificates, ids are compared pairwise instead of sorted.
const LINEAR_SEARCH_LIMIT: usize = 16;

/// Computes follow-up for one person after another, reusing its working memory.
#[derive(Debug, Default)]
pub struct FollowupEngine {
    /// Event indices of the certificates, sorted by id.
    certificates_by_id: Vec<u32>,
    /// Per event: a certificate that is replaced or cancelled.
    not_counting: Vec<bool>,
    work_resumed: Vec<Day>,
    certificates: Vec<Certificate>,
    intervals: Vec<Interval>,
    /// The runs of identical days of the cluster being walked.
    runs: Vec<(Day, u32, DayCell)>,
    /// Where coverage may change in that cluster.
    bounds: Vec<Day>,
    cases: Vec<ClosedCase>,
    case_certificates: Vec<(u32, u32)>,
    walk: MaxDateWalk,
}

/// A counting certificate after `work_resumed`.
#[derive(Clone, Copy, Debug)]
struct Certificate {
    from: Day,
    to: Day,
    event_index: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coverage {
    Certificate { grade: u8 },
    SelfCertified,
    Vacation,
}

#[derive(Clone, Copy, Debug)]
struct Interval {
    from: Day,
    to: Day,
    coverage: Coverage,
}

/// One day of a cluster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct DayCell {
    /// The grade on the day (self-certified days are 100); 0 when nothing sick covers it.
    grade: u8,
    vacation: bool,
    certificate: bool,
}

/// The case being walked.
#[derive(Clone, Copy, Debug)]
struct OpenCase {
    start: Day,
    end: Day,
    n_counted: u32,
    n_non_sick_since_end: u32,
    employer_period_end: Option<Day>,
    /// The latest certificate day seen since the case opened, with its grade.
    latest_certificate_day: Option<(Day, u8)>,
    /// The latest certificate day on or before `end`.
    last_certificate_day: Option<(Day, u8)>,
    dialogue_meeting_1_day: Day,
    dialogue_meeting_1_grade: Option<u8>,
    reading_at_end: Option<WalkReading>,
}

impl OpenCase {
    fn open(start: Day) -> OpenCase {
        OpenCase {
            start,
            end: start,
            n_counted: 0,
            n_non_sick_since_end: 0,
            employer_period_end: None,
            latest_certificate_day: None,
            last_certificate_day: None,
            dialogue_meeting_1_day: offset_day(
                start,
                rule_of(MilestoneKind::DialogueMeeting1).offset,
            )
            .unwrap_or(start),
            dialogue_meeting_1_grade: None,
            reading_at_end: None,
        }
    }

    /// Counts non-sick days; answers whether they close the case (ftrl § 8-19).
    fn add_non_sick_days(&mut self, n_days: u32) -> bool {
        self.n_non_sick_since_end = self.n_non_sick_since_end.saturating_add(n_days);
        self.n_non_sick_since_end >= BENEFIT_RULES.case_gap_days
    }
}

/// A case whose days have all been walked.
#[derive(Clone, Copy, Debug)]
struct ClosedCase {
    start: Day,
    end: Day,
    n_counted: u32,
    employer_period_end: Option<Day>,
    last_certificate_day: Option<Day>,
    last_certificate_grade: Option<u8>,
    dialogue_meeting_1_grade: Option<u8>,
    max_date: Day,
}

/// The day a week- or day-offset milestone falls on; `None` for the others.
fn offset_day(start: Day, offset: MilestoneOffset) -> Option<Day> {
    match offset {
        MilestoneOffset::EndOfWeek(n_weeks) => Some(start.plus_days(7 * n_weeks as i32 - 1)),
        MilestoneOffset::CaseDay(n_days) => Some(start.plus_days(n_days as i32 - 1)),
        MilestoneOffset::CountedDay(_) | MilestoneOffset::MaxDate => None,
    }
}

impl FollowupEngine {
    /// Computes the follow-up of one person (see [`super::compute_followup`]).
    pub fn compute(&mut self, input: &FollowupInput) -> Result<Followup, FollowupError> {
        self.resolve_certificates(&input.events)?;
        self.collect_intervals(&input.events);
        let age_limits = input.birth_date.and_then(AgeLimits::for_birth_date);
        self.walk_days(age_limits);
        self.link_certificates_to_cases();
        self.output(input)
    }

    /// Finds the counting certificates: neither replaced nor cancelled, and
    /// cut short by `work_resumed`. Checks ids and references on the way.
    fn resolve_certificates(&mut self, events: &[Event]) -> Result<(), FollowupError> {
        let id_of = |event_index: u32| match events.get(event_index as usize) {
            Some(Event::SickLeave(sick_leave)) => sick_leave.id.as_str(),
            _ => "",
        };
        self.certificates_by_id.clear();
        self.certificates_by_id.extend(
            events
                .iter()
                .enumerate()
                .filter(|(_, event)| matches!(event, Event::SickLeave(_)))
                .map(|(event_index, _)| event_index as u32),
        );
        // Few certificates (the usual case) are searched linearly; many are
        // sorted by id. The sort is stable, so equal ids keep input order and
        // the later one is reported.
        let searched_linearly = self.certificates_by_id.len() <= LINEAR_SEARCH_LIMIT;
        if !searched_linearly {
            self.certificates_by_id
                .sort_by(|&a, &b| id_of(a).cmp(id_of(b)));
        }

        let mut first_error: Option<FollowupError> = None;
        let mut report = |error: FollowupError| {
            if first_error
                .as_ref()
                .is_none_or(|earlier| error.event_index() < earlier.event_index())
            {
                first_error = Some(error);
            }
        };
        if searched_linearly {
            for (position, &later) in self.certificates_by_id.iter().enumerate() {
                let earlier_ones = self.certificates_by_id.iter().take(position);
                if let Some(&earlier) = earlier_ones
                    .into_iter()
                    .find(|&&earlier| id_of(earlier) == id_of(later))
                {
                    report(FollowupError::DuplicateId {
                        index: later as usize,
                        id: id_of(later).to_owned(),
                        first_index: earlier as usize,
                    });
                }
            }
        } else {
            for pair in self.certificates_by_id.windows(2) {
                if let [earlier, later] = *pair {
                    if id_of(earlier) == id_of(later) {
                        report(FollowupError::DuplicateId {
                            index: later as usize,
                            id: id_of(later).to_owned(),
                            first_index: earlier as usize,
                        });
                    }
                }
            }
        }

        self.not_counting.clear();
        self.not_counting.resize(events.len(), false);
        let by_id = &self.certificates_by_id;
        let find = |id: &str| {
            if searched_linearly {
                by_id.iter().find(|&&event_index| id_of(event_index) == id)
            } else {
                by_id
                    .binary_search_by(|&event_index| id_of(event_index).cmp(id))
                    .ok()
                    .and_then(|position| by_id.get(position))
            }
            .map(|&event_index| event_index as usize)
        };
        for (index, event) in events.iter().enumerate() {
            let (target, unknown) = match event {
                Event::SickLeave(sick_leave) => match &sick_leave.corrects {
                    Some(corrected) if *corrected == sick_leave.id => {
                        report(FollowupError::CorrectsItself {
                            index,
                            id: corrected.clone(),
                        });
                        continue;
                    }
                    Some(corrected) => (
                        find(corrected),
                        FollowupError::UnknownCorrects {
                            index,
                            id: corrected.clone(),
                        },
                    ),
                    None => continue,
                },
                Event::Cancelled { id } => (
                    find(id),
                    FollowupError::UnknownCancelled {
                        index,
                        id: id.clone(),
                    },
                ),
                _ => continue,
            };
            match target.and_then(|target| self.not_counting.get_mut(target)) {
                Some(flag) => *flag = true,
                None => report(unknown),
            }
        }
        if let Some(error) = first_error {
            return Err(error);
        }

        self.work_resumed.clear();
        self.work_resumed
            .extend(events.iter().filter_map(|event| match event {
                Event::WorkResumed(date) => Some(Day::from_date(*date)),
                _ => None,
            }));
        self.work_resumed.sort_unstable();

        self.certificates.clear();
        for (event_index, event) in events.iter().enumerate() {
            let Event::SickLeave(sick_leave) = event else {
                continue;
            };
            if self.not_counting.get(event_index).copied().unwrap_or(true) {
                continue;
            }
            let from = Day::from_date(sick_leave.period.from());
            let mut to = Day::from_date(sick_leave.period.to());
            // Work resumed ends the certificate the day before (arbeid gjenopptatt).
            let first_resumed = self.work_resumed.partition_point(|&resumed| resumed < from);
            if let Some(&resumed) = self.work_resumed.get(first_resumed) {
                if resumed == from {
                    continue;
                }
                if resumed <= to {
                    to = resumed.plus_days(-1);
                }
            }
            self.certificates.push(Certificate {
                from,
                to,
                event_index: event_index as u32,
            });
        }
        Ok(())
    }

    fn collect_intervals(&mut self, events: &[Event]) {
        self.intervals.clear();
        for certificate in &self.certificates {
            let grade = match events.get(certificate.event_index as usize) {
                Some(Event::SickLeave(sick_leave)) => sick_leave.grade.percent(),
                _ => 100,
            };
            self.intervals.push(Interval {
                from: certificate.from,
                to: certificate.to,
                coverage: Coverage::Certificate { grade },
            });
        }
        for event in events {
            let (range, coverage) = match event {
                Event::SelfCertified(range) => (range, Coverage::SelfCertified),
                Event::Vacation(range) => (range, Coverage::Vacation),
                _ => continue,
            };
            self.intervals.push(Interval {
                from: Day::from_date(range.from()),
                to: Day::from_date(range.to()),
                coverage,
            });
        }
        self.intervals
            .sort_unstable_by_key(|interval| interval.from);
    }

    /// Walks every day from the first covered day to the last, forming cases
    /// and feeding the maximum-date walk.
    fn walk_days(&mut self, age_limits: Option<AgeLimits>) {
        self.cases.clear();
        self.walk.reset(age_limits);
        let mut open_case: Option<OpenCase> = None;
        let mut previous_cluster_end: Option<Day> = None;
        let mut rest = self.intervals.as_slice();
        while let Some(first) = rest.first() {
            let cluster_start = first.from;
            let mut cluster_end = first.to;
            let mut n_intervals = 1;
            for interval in rest.iter().skip(1) {
                if interval.from > cluster_end.plus_days(1) {
                    break;
                }
                cluster_end = cluster_end.max(interval.to);
                n_intervals += 1;
            }
            let (cluster, remaining) = rest.split_at(n_intervals);
            rest = remaining;

            if let Some(previous_end) = previous_cluster_end {
                let n_gap_days = cluster_start.days_since(previous_end) as u32 - 1;
                if let Some(case) = open_case.as_mut() {
                    if case.add_non_sick_days(n_gap_days) {
                        self.cases.push(close(case, age_limits));
                        open_case = None;
                    }
                }
                self.walk.working_run(previous_end.plus_days(1), n_gap_days);
            }
            previous_cluster_end = Some(cluster_end);

            // Runs of identical days are taken together, each in a few
            // arithmetic steps.
            cluster_runs(&mut self.runs, &mut self.bounds, cluster);
            for &(day, n_days, cell) in &self.runs {
                step_run(
                    day,
                    n_days,
                    cell,
                    &mut open_case,
                    &mut self.cases,
                    &mut self.walk,
                    age_limits,
                );
            }
        }
        if let Some(case) = open_case.as_ref() {
            self.cases.push(close(case, age_limits));
        }
    }

    /// Pairs each counting certificate with the cases whose span it touches.
    fn link_certificates_to_cases(&mut self) {
        self.case_certificates.clear();
        for (certificate_index, certificate) in self.certificates.iter().enumerate() {
            let first_case = self
                .cases
                .partition_point(|case| case.end < certificate.from);
            for (case_index, case) in self.cases.iter().enumerate().skip(first_case) {
                if case.start > certificate.to {
                    break;
                }
                self.case_certificates
                    .push((case_index as u32, certificate_index as u32));
            }
        }
        self.case_certificates.sort_unstable();
    }

    /// The id of the certificate among a case's `links` that covers `day`:
    /// the one that starts latest, then the highest grade, then the id that
    /// sorts last.
    fn last_certificate<'e>(
        &self,
        events: &'e [Event],
        links: &[(u32, u32)],
        day: Day,
    ) -> Option<&'e str> {
        links
            .iter()
            .filter_map(|(_, certificate_index)| self.certificates.get(*certificate_index as usize))
            .filter(|certificate| certificate.from <= day && day <= certificate.to)
            .filter_map(
                |certificate| match events.get(certificate.event_index as usize) {
                    Some(Event::SickLeave(sick_leave)) => {
                        Some((certificate.from, sick_leave.grade, sick_leave.id.as_str()))
                    }
                    _ => None,
                },
            )
            .max()
            .map(|(_, _, id)| id)
    }

    fn output(&self, input: &FollowupInput) -> Result<Followup, FollowupError> {
        let today = input.today.map(Day::from_date);
        let mut cases = Vec::with_capacity(self.cases.len());
        let mut links = self.case_certificates.as_slice();
        for (case_index, case) in self.cases.iter().enumerate() {
            let n_links = links
                .iter()
                .take_while(|(linked_case, _)| *linked_case as usize == case_index)
                .count();
            let (own_links, remaining) = links.split_at(n_links);
            links = remaining;
            let mut employers: Vec<&str> = own_links
                .iter()
                .filter_map(|(_, certificate_index)| {
                    self.certificates.get(*certificate_index as usize)
                })
                .filter_map(|certificate| {
                    match input.events.get(certificate.event_index as usize) {
                        Some(Event::SickLeave(sick_leave)) => sick_leave.employer.as_deref(),
                        _ => None,
                    }
                })
                .collect();
            employers.sort_unstable();
            employers.dedup();
            let last_certificate = case
                .last_certificate_day
                .and_then(|day| self.last_certificate(&input.events, own_links, day));

            // Start and end are input days, so always expressible; other
            // dates are reached from the start (chrono is fast within a year).
            let start_date = case.start.to_date().unwrap_or(NaiveDate::MIN);
            let date_of = |day: Day, kind: MilestoneKind| -> Result<NaiveDate, FollowupError> {
                let offset = day.days_since(case.start);
                let date = if day > Day::LAST_EXPRESSIBLE {
                    None
                } else if offset >= 0 {
                    start_date.checked_add_days(Days::new(offset as u64))
                } else {
                    start_date.checked_sub_days(Days::new(offset.unsigned_abs().into()))
                };
                date.ok_or(FollowupError::DateBeyondCalendar {
                    case_start: start_date,
                    kind,
                })
            };
            let mut milestones = Milestones::new();
            for rule in &STATUTORY_CALENDAR {
                let day = match rule.offset {
                    MilestoneOffset::CountedDay(_) => match case.employer_period_end {
                        Some(day) => day,
                        None => continue,
                    },
                    MilestoneOffset::MaxDate => case.max_date,
                    offset => offset_day(case.start, offset).unwrap_or(case.start),
                };
                let reached = case.end >= day;
                let required = reached
                    && (rule.kind != MilestoneKind::DialogueMeeting1
                        || case.dialogue_meeting_1_grade == Some(100));
                let milestone = Milestone {
                    kind: rule.kind,
                    date: date_of(day, rule.kind)?,
                    reached,
                    required,
                    status: today
                        .map(|today| MilestoneStatus::of_days_ahead(day.days_since(today))),
                };
                if milestones.try_push(milestone).is_err() {
                    break; // unreachable: one milestone per kind
                }
            }
            cases.push(FollowupCase {
                start: start_date,
                end: date_of(case.end, MilestoneKind::EmployerPeriodEnd)?,
                sick_days: case.n_counted,
                graded_at_end: case.last_certificate_grade.is_some_and(|grade| grade < 100),
                last_certificate: last_certificate.map(str::to_owned),
                employers: employers.into_iter().map(str::to_owned).collect(),
                milestones,
            });
        }
        Ok(Followup { cases })
    }
}

/// The runs of identical days of a cluster, in order: first day, number of
/// days and what covers them. Coverage changes only where an interval
/// starts or the day after one ends, so the days are never looked at one by
/// one; neighbouring pieces that are alike are joined, as a day-by-day
/// reading would see them.
fn cluster_runs(runs: &mut Vec<(Day, u32, DayCell)>, bounds: &mut Vec<Day>, cluster: &[Interval]) {
    runs.clear();
    bounds.clear();
    for interval in cluster {
        bounds.push(interval.from);
        bounds.push(interval.to.plus_days(1));
    }
    bounds.sort_unstable();
    bounds.dedup();
    for piece in bounds.windows(2) {
        let [first, after] = *piece else { continue };
        let mut cell = DayCell::default();
        // `cluster` is sorted by `from`: later intervals start after this piece.
        for interval in cluster.iter().take_while(|interval| interval.from <= first) {
            if interval.to < first {
                continue;
            }
            match interval.coverage {
                Coverage::Certificate { grade } => {
                    cell.grade = cell.grade.max(grade);
                    cell.certificate = true;
                }
                // A self-certified day has grade 100 whatever certificates say.
                Coverage::SelfCertified => cell.grade = 100,
                Coverage::Vacation => cell.vacation = true,
            }
        }
        let n_days = after.days_since(first) as u32;
        match runs.last_mut() {
            Some((_, n_before, before)) if *before == cell => *n_before += n_days,
            _ => runs.push((first, n_days, cell)),
        }
    }
}

/// Marks each day of a cluster with what covers it: the day-by-day reading
/// that `cluster_runs` replaces, kept to test it against.
#[cfg(test)]
fn fill_cells(
    cells: &mut Vec<DayCell>,
    cluster: &[Interval],
    cluster_start: Day,
    cluster_end: Day,
) {
    cells.clear();
    cells.resize(
        cluster_end.days_since(cluster_start) as usize + 1,
        DayCell::default(),
    );
    for interval in cluster {
        let first = interval.from.days_since(cluster_start) as usize;
        let last = interval.to.days_since(cluster_start) as usize;
        let Some(covered) = cells.get_mut(first..=last) else {
            continue;
        };
        for cell in covered {
            match interval.coverage {
                Coverage::Certificate { grade } => {
                    cell.grade = cell.grade.max(grade);
                    cell.certificate = true;
                }
                // A self-certified day has grade 100 whatever certificates say.
                Coverage::SelfCertified => cell.grade = 100,
                Coverage::Vacation => cell.vacation = true,
            }
        }
    }
}

/// A run of identical days: the case rules (ftrl § 8-19), then the maximum-date walk.
fn step_run(
    first_day: Day,
    n_days: u32,
    cell: DayCell,
    open_case: &mut Option<OpenCase>,
    cases: &mut Vec<ClosedCase>,
    walk: &mut MaxDateWalk,
    age_limits: Option<AgeLimits>,
) {
    if cell.grade > 0 && !cell.vacation {
        let case = open_case.get_or_insert_with(|| OpenCase::open(first_day));
        count_run(case, first_day, n_days, cell, walk);
        return;
    }
    match open_case.as_mut() {
        // Vacation directly after days counted in the case counts in it.
        Some(case) if cell.vacation && case.n_non_sick_since_end == 0 => {
            count_run(case, first_day, n_days, cell, walk);
            return;
        }
        // Otherwise vacation and working days are non-sick days that may close the case.
        Some(case) => {
            let n_until_closed = BENEFIT_RULES.case_gap_days - case.n_non_sick_since_end;
            if n_days >= n_until_closed {
                observe(case, first_day, n_until_closed - 1, cell);
                case.add_non_sick_days(n_until_closed);
                cases.push(close(case, age_limits));
                *open_case = None;
            } else {
                observe(case, first_day, n_days, cell);
                case.add_non_sick_days(n_days);
            }
        }
        None => {}
    }
    if cell.vacation {
        walk.vacation_run(first_day, n_days);
    } else {
        walk.working_run(first_day, n_days);
    }
}

/// Notes what the case needs to know about `n_days` days that fall while it is open.
fn observe(case: &mut OpenCase, first_day: Day, n_days: u32, cell: DayCell) {
    if n_days == 0 {
        return;
    }
    let last_day = first_day.plus_days(n_days as i32 - 1);
    if cell.certificate {
        case.latest_certificate_day = Some((last_day, cell.grade));
    }
    if cell.grade > 0 && (first_day..=last_day).contains(&case.dialogue_meeting_1_day) {
        case.dialogue_meeting_1_grade = Some(cell.grade);
    }
}

/// Counts a run of sick (or counted vacation) days in the case and walks them
/// for the maximum date: employer-period days are working days there.
fn count_run(
    case: &mut OpenCase,
    first_day: Day,
    n_days: u32,
    cell: DayCell,
    walk: &mut MaxDateWalk,
) {
    observe(case, first_day, n_days, cell);
    let n_counted_before = case.n_counted;
    let n_in_employer_period = BENEFIT_RULES
        .employer_period_days
        .saturating_sub(n_counted_before)
        .min(n_days);
    case.n_counted += n_days;
    case.end = first_day.plus_days(n_days as i32 - 1);
    case.n_non_sick_since_end = 0;
    if n_counted_before < BENEFIT_RULES.employer_period_days
        && case.n_counted >= BENEFIT_RULES.employer_period_days
    {
        case.employer_period_end = Some(first_day.plus_days(n_in_employer_period as i32 - 1));
    }
    walk.working_run(first_day, n_in_employer_period);
    let rest_first = first_day.plus_days(n_in_employer_period as i32);
    let n_rest = n_days - n_in_employer_period;
    if n_rest > 0 {
        if cell.vacation {
            walk.vacation_run(rest_first, n_rest);
        } else if cell.grade >= BENEFIT_RULES.min_benefit_grade {
            walk.sick_run(rest_first, n_rest, BenefitDayKind::Benefit);
        } else {
            walk.sick_run(rest_first, n_rest, BenefitDayKind::LowGrade);
        }
    }
    case.last_certificate_day = case.latest_certificate_day;
    case.reading_at_end = Some(walk.reading());
}

fn close(case: &OpenCase, age_limits: Option<AgeLimits>) -> ClosedCase {
    let max_date = match case.reading_at_end {
        Some(reading) => reading.max_date(case.end, age_limits),
        None => case.end,
    };
    ClosedCase {
        start: case.start,
        end: case.end,
        n_counted: case.n_counted,
        employer_period_end: case.employer_period_end,
        last_certificate_day: case.last_certificate_day.map(|(day, _)| day),
        last_certificate_grade: case.last_certificate_day.map(|(_, grade)| grade),
        dialogue_meeting_1_grade: case.dialogue_meeting_1_grade,
        max_date,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The runs of identical days of a cluster as the day-by-day reading gives them.
    fn runs_day_by_day(cluster: &[Interval]) -> Vec<(Day, u32, DayCell)> {
        let start = cluster.iter().map(|interval| interval.from).min().unwrap();
        let end = cluster.iter().map(|interval| interval.to).max().unwrap();
        let mut cells = Vec::new();
        fill_cells(&mut cells, cluster, start, end);
        let mut runs: Vec<(Day, u32, DayCell)> = Vec::new();
        for (offset, cell) in cells.into_iter().enumerate() {
            match runs.last_mut() {
                Some((_, n_days, before)) if *before == cell => *n_days += 1,
                _ => runs.push((start.plus_days(offset as i32), 1, cell)),
            }
        }
        runs
    }

    fn interval() -> impl Strategy<Value = Interval> {
        (0i32..60, 0i32..40, 0u8..4, 1u8..=100).prop_map(|(from, length, kind, grade)| {
            let from = Day::from_date(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()).plus_days(from);
            Interval {
                from,
                to: from.plus_days(length),
                coverage: match kind {
                    0 | 1 => Coverage::Certificate { grade },
                    2 => Coverage::SelfCertified,
                    _ => Coverage::Vacation,
                },
            }
        })
    }

    proptest! {
        /// The runs found from where intervals start and end are those of
        /// reading the cluster day by day (gaps between intervals included).
        #[test]
        fn cluster_runs_are_the_runs_of_its_days(
            mut cluster in proptest::collection::vec(interval(), 1..12)
        ) {
            cluster.sort_unstable_by_key(|interval| interval.from);
            let mut runs = Vec::new();
            let mut bounds = Vec::new();
            cluster_runs(&mut runs, &mut bounds, &cluster);
            let expected = runs_day_by_day(&cluster);
            prop_assert_eq!(runs, expected);
        }
    }
}
