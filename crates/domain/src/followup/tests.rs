//! Each rule of the contract at its edges, with expected dates worked out by
//! hand or by a naive day-by-day count, never by the engine itself.

use chrono::{Datelike, NaiveDate, Weekday};

use super::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn range(from: &str, to: &str) -> DateRange {
    DateRange::new(date(from), date(to)).unwrap()
}

fn sick(id: &str, from: &str, to: &str, grade: i64) -> Event {
    Event::SickLeave(SickLeave {
        id: id.to_owned(),
        period: range(from, to),
        grade: Grade::new(grade).unwrap(),
        employer: None,
        corrects: None,
    })
}

fn sick_at(id: &str, from: &str, to: &str, grade: i64, employer: &str) -> Event {
    let Event::SickLeave(mut sick_leave) = sick(id, from, to, grade) else {
        unreachable!()
    };
    sick_leave.employer = Some(employer.to_owned());
    Event::SickLeave(sick_leave)
}

fn correction(id: &str, corrects: &str, from: &str, to: &str, grade: i64) -> Event {
    let Event::SickLeave(mut sick_leave) = sick(id, from, to, grade) else {
        unreachable!()
    };
    sick_leave.corrects = Some(corrects.to_owned());
    Event::SickLeave(sick_leave)
}

fn self_certified(from: &str, to: &str) -> Event {
    Event::SelfCertified(range(from, to))
}

fn vacation(from: &str, to: &str) -> Event {
    Event::Vacation(range(from, to))
}

fn work_resumed(on: &str) -> Event {
    Event::WorkResumed(date(on))
}

fn cancelled(id: &str) -> Event {
    Event::Cancelled { id: id.to_owned() }
}

fn run(events: Vec<Event>) -> Followup {
    run_with(None, None, events)
}

fn run_with(birth_date: Option<&str>, today: Option<&str>, events: Vec<Event>) -> Followup {
    compute_followup(&FollowupInput {
        birth_date: birth_date.map(date),
        today: today.map(date),
        events,
    })
    .unwrap()
}

fn only_case(followup: &Followup) -> &FollowupCase {
    assert_eq!(followup.cases.len(), 1, "{followup:#?}");
    &followup.cases[0]
}

fn milestone_date(case: &FollowupCase, kind: MilestoneKind) -> NaiveDate {
    case.milestone(kind)
        .unwrap_or_else(|| panic!("no {kind:?} in {case:#?}"))
        .date
}

/// The n-th weekday after `from`, counted one day at a time: the oracle for the max date.
fn naive_nth_weekday_after(from: &str, n: u32) -> NaiveDate {
    let mut current = date(from);
    let mut counted = 0;
    while counted < n {
        current = current.succ_opt().unwrap();
        if !matches!(current.weekday(), Weekday::Sat | Weekday::Sun) {
            counted += 1;
        }
    }
    current
}

/// Weekdays from `from` to `to`, both included.
fn naive_weekdays(from: &str, to: &str) -> u32 {
    let mut current = date(from);
    let mut n = 0;
    while current <= date(to) {
        if !matches!(current.weekday(), Weekday::Sat | Weekday::Sun) {
            n += 1;
        }
        current = current.succ_opt().unwrap();
    }
    n
}

// ---- Follow-up cases (ftrl § 8-19) ----

#[test]
fn the_contract_example_gives_one_case_with_the_documented_beginning() {
    let followup = run_with(
        Some("1960-05-01"),
        Some("2024-06-01"),
        vec![
            sick_at("s1", "2024-01-01", "2024-01-21", 100, "910000001"),
            sick_at("s2", "2024-01-22", "2024-03-10", 50, "910000001"),
            self_certified("2023-12-29", "2023-12-31"),
            vacation("2024-02-05", "2024-02-09"),
            work_resumed("2024-03-04"),
            {
                let Event::SickLeave(mut s3) =
                    correction("s3", "s2", "2024-01-22", "2024-03-03", 60)
                else {
                    unreachable!()
                };
                s3.employer = Some("910000001".to_owned());
                Event::SickLeave(s3)
            },
            sick("s4", "2024-09-02", "2024-09-06", 100),
            cancelled("s4"),
        ],
    );
    let case = only_case(&followup);
    assert_eq!(
        (case.start, case.end, case.sick_days),
        (date("2023-12-29"), date("2024-03-03"), 66)
    );
    assert!(case.graded_at_end);
    assert_eq!(case.employers, vec!["910000001".to_owned()]);
    assert_eq!(
        milestone_date(case, MilestoneKind::EmployerPeriodEnd),
        date("2024-01-13")
    );
    assert_eq!(
        milestone_date(case, MilestoneKind::FollowUpPlan),
        date("2024-01-25")
    );
    assert_eq!(case.milestones[0].status, Some(MilestoneStatus::Passed));
    // 30 benefit days used (weekdays 15 Jan – 1 Mar less the vacation week); 218 left after Friday 1 March.
    assert_eq!(
        milestone_date(case, MilestoneKind::MaxDate),
        naive_nth_weekday_after("2024-03-01", 218)
    );
}

#[test]
fn a_gap_of_15_non_sick_days_keeps_one_case() {
    // Sick 1–5 January, working 6–20 January (15 days), sick again 21 January.
    let case = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-01-05", 100),
        sick("b", "2024-01-21", "2024-01-31", 100),
    ]))
    .clone();
    assert_eq!(
        (case.start, case.end),
        (date("2024-01-01"), date("2024-01-31"))
    );
    assert_eq!(case.sick_days, 5 + 11);
    assert!(case.milestone(MilestoneKind::EmployerPeriodEnd).is_some());
    // The gap does not count: days 6–16 are 21–31 January.
    assert_eq!(
        milestone_date(&case, MilestoneKind::EmployerPeriodEnd),
        date("2024-01-31")
    );
}

#[test]
fn a_gap_of_16_non_sick_days_gives_two_cases() {
    let followup = run(vec![
        sick("a", "2024-01-01", "2024-01-05", 100),
        sick("b", "2024-01-22", "2024-01-31", 100),
    ]);
    assert_eq!(followup.cases.len(), 2);
    assert_eq!(
        (followup.cases[0].end, followup.cases[0].sick_days),
        (date("2024-01-05"), 5)
    );
    assert_eq!(followup.cases[1].start, date("2024-01-22"));
    assert!(followup.cases[0]
        .milestone(MilestoneKind::EmployerPeriodEnd)
        .is_none());
}

#[test]
fn a_holiday_right_after_sick_days_is_counted_in_the_case() {
    let case = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-01-05", 100),
        vacation("2024-01-06", "2024-01-25"),
    ]))
    .clone();
    assert_eq!((case.end, case.sick_days), (date("2024-01-25"), 25));
    assert_eq!(
        milestone_date(&case, MilestoneKind::EmployerPeriodEnd),
        date("2024-01-16")
    );
}

#[test]
fn a_holiday_after_a_working_day_counts_as_non_sick_and_can_close_the_case() {
    // Working Saturday 6 January; vacation 7–25 January counts as non-sick, so the
    // 16th non-sick day (21 January) closes the case.
    let followup = run(vec![
        sick("a", "2024-01-01", "2024-01-05", 100),
        vacation("2024-01-07", "2024-01-25"),
        sick("b", "2024-01-26", "2024-01-30", 100),
    ]);
    assert_eq!(followup.cases.len(), 2);
    assert_eq!(
        (followup.cases[0].end, followup.cases[0].sick_days),
        (date("2024-01-05"), 5)
    );
    assert_eq!(followup.cases[1].start, date("2024-01-26"));
}

#[test]
fn vacation_with_no_case_open_opens_none() {
    assert_eq!(
        run(vec![vacation("2024-01-01", "2024-01-31")]).cases,
        vec![]
    );
}

#[test]
fn vacation_days_inside_the_gap_of_a_case_are_not_counted_but_later_sick_days_keep_the_case() {
    // Sick 1–5, working 6, vacation 7–10 (non-sick), sick 11–12: one case, 7 counted days.
    let case = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-01-05", 100),
        vacation("2024-01-07", "2024-01-10"),
        sick("b", "2024-01-11", "2024-01-12", 100),
    ]))
    .clone();
    assert_eq!(
        (case.start, case.end, case.sick_days),
        (date("2024-01-01"), date("2024-01-12"), 7)
    );
}

#[test]
fn self_certified_days_are_sick_days_and_join_a_certificate() {
    let case = only_case(&run(vec![
        self_certified("2024-01-01", "2024-01-03"),
        sick("a", "2024-01-04", "2024-01-20", 100),
    ]))
    .clone();
    assert_eq!((case.start, case.sick_days), (date("2024-01-01"), 20));
    assert!(!case.graded_at_end);
}

// ---- Counting certificates: corrections, cancellations, work resumed ----

#[test]
fn a_correction_replaces_the_certificate_entirely() {
    let case = only_case(&run(vec![
        sick("s1", "2024-01-01", "2024-01-31", 100),
        correction("s2", "s1", "2024-01-01", "2024-01-10", 40),
    ]))
    .clone();
    assert_eq!(case.end, date("2024-01-10"));
    assert!(case.graded_at_end);
}

#[test]
fn a_cancelled_correction_does_not_bring_back_the_corrected_certificate() {
    let followup = run(vec![
        cancelled("s2"),
        sick("s1", "2024-01-01", "2024-01-31", 100),
        correction("s2", "s1", "2024-01-01", "2024-01-10", 100),
    ]);
    assert_eq!(followup.cases, vec![]);
}

#[test]
fn in_a_chain_of_corrections_only_the_last_counts() {
    let case = only_case(&run(vec![
        correction("s3", "s2", "2024-03-01", "2024-03-05", 100),
        correction("s2", "s1", "2024-02-01", "2024-02-05", 100),
        sick("s1", "2024-01-01", "2024-01-05", 100),
    ]))
    .clone();
    assert_eq!(
        (case.start, case.end),
        (date("2024-03-01"), date("2024-03-05"))
    );
}

#[test]
fn cancelling_a_replaced_certificate_is_allowed() {
    let case = only_case(&run(vec![
        sick("s1", "2024-01-01", "2024-01-05", 100),
        correction("s2", "s1", "2024-01-01", "2024-01-03", 100),
        cancelled("s1"),
    ]))
    .clone();
    assert_eq!(case.end, date("2024-01-03"));
}

#[test]
fn work_resumed_ends_a_covering_certificate_the_day_before() {
    let case = only_case(&run(vec![
        sick_at("a", "2024-01-01", "2024-01-31", 100, "910000001"),
        work_resumed("2024-01-20"),
        work_resumed("2024-01-15"),
    ]))
    .clone();
    assert_eq!(case.end, date("2024-01-14"));
}

#[test]
fn a_certificate_starting_on_the_work_resumed_day_counts_for_nothing_not_even_its_employer() {
    let case = only_case(&run(vec![
        sick_at("a", "2024-01-01", "2024-01-14", 100, "910000001"),
        sick_at("b", "2024-01-15", "2024-01-31", 100, "910000002"),
        work_resumed("2024-01-15"),
        self_certified("2024-01-15", "2024-01-16"),
    ]))
    .clone();
    // The self-certified days are not affected by work resumed.
    assert_eq!((case.end, case.sick_days), (date("2024-01-16"), 16));
    assert_eq!(case.employers, vec!["910000001".to_owned()]);
}

#[test]
fn a_certificate_starting_after_work_resumed_is_not_affected() {
    let case = only_case(&run(vec![
        work_resumed("2024-01-01"),
        sick("a", "2024-01-02", "2024-01-10", 100),
    ]))
    .clone();
    assert_eq!(
        (case.start, case.end),
        (date("2024-01-02"), date("2024-01-10"))
    );
}

// ---- Grades ----

#[test]
fn overlapping_certificates_give_the_highest_grade() {
    let case = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-01-31", 100),
        sick("b", "2024-01-20", "2024-01-31", 40),
    ]))
    .clone();
    assert!(!case.graded_at_end);
    let case = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-01-31", 50),
        sick("b", "2024-01-15", "2024-02-10", 80),
    ]))
    .clone();
    assert_eq!(case.end, date("2024-02-10"));
    assert!(case.graded_at_end);
}

#[test]
fn a_self_certified_day_has_grade_100_over_a_graded_certificate() {
    let case = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-01-10", 50),
        self_certified("2024-01-10", "2024-01-10"),
    ]))
    .clone();
    assert!(!case.graded_at_end);
}

#[test]
fn the_last_certificate_day_counts_even_under_vacation_and_ignores_later_self_certified_days() {
    // Certificate at 50 % ends 10 January under vacation; self-certified 11–12 January.
    let case = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-01-10", 50),
        vacation("2024-01-09", "2024-01-10"),
        self_certified("2024-01-11", "2024-01-12"),
    ]))
    .clone();
    assert_eq!(case.end, date("2024-01-12"));
    assert!(case.graded_at_end);
}

#[test]
fn a_case_of_self_certified_days_only_is_not_graded_at_end() {
    assert!(!only_case(&run(vec![self_certified("2024-01-01", "2024-01-03")])).graded_at_end);
}

#[test]
fn dialogue_meeting_1_is_required_only_when_fully_sick_listed_that_day() {
    let full = only_case(&run(vec![sick("a", "2024-01-01", "2024-03-31", 100)])).clone();
    let meeting = full.milestone(MilestoneKind::DialogueMeeting1).unwrap();
    assert_eq!(meeting.date, date("2024-02-18"));
    assert!(meeting.reached && meeting.required);

    let graded = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-01-31", 100),
        sick("b", "2024-02-01", "2024-03-31", 50),
    ]))
    .clone();
    let meeting = graded.milestone(MilestoneKind::DialogueMeeting1).unwrap();
    assert!(meeting.reached && !meeting.required);

    // 18 February falls in a gap of the case: no grade that day.
    let gap = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-02-14", 100),
        sick("b", "2024-02-20", "2024-03-31", 100),
    ]))
    .clone();
    let meeting = gap.milestone(MilestoneKind::DialogueMeeting1).unwrap();
    assert!(meeting.reached && !meeting.required);
}

#[test]
fn milestones_not_reached_are_not_required_and_status_follows_today() {
    let case = only_case(&run_with(
        None,
        Some("2024-01-20"),
        vec![sick("a", "2024-01-01", "2024-01-31", 100)],
    ))
    .clone();
    let plan = case.milestone(MilestoneKind::FollowUpPlan).unwrap();
    assert_eq!(plan.date, date("2024-01-28"));
    assert!(plan.reached && plan.required);
    assert_eq!(plan.status, Some(MilestoneStatus::DueSoon));
    let meeting = case.milestone(MilestoneKind::DialogueMeeting1).unwrap();
    assert!(!meeting.reached && !meeting.required);
    assert_eq!(
        case.milestone(MilestoneKind::EmployerPeriodEnd)
            .unwrap()
            .status,
        Some(MilestoneStatus::Passed)
    );
    assert_eq!(
        case.milestone(MilestoneKind::ActivityRequirement)
            .unwrap()
            .status,
        Some(MilestoneStatus::Upcoming)
    );
}

#[test]
fn status_boundaries_are_today_and_fourteen_days_ahead() {
    let today = date("2024-05-10");
    assert_eq!(
        MilestoneStatus::of(date("2024-05-09"), today),
        MilestoneStatus::Passed
    );
    assert_eq!(MilestoneStatus::of(today, today), MilestoneStatus::DueSoon);
    assert_eq!(
        MilestoneStatus::of(date("2024-05-24"), today),
        MilestoneStatus::DueSoon
    );
    assert_eq!(
        MilestoneStatus::of(date("2024-05-25"), today),
        MilestoneStatus::Upcoming
    );
}

#[test]
fn employers_are_distinct_and_sorted_by_code_point() {
    let case = only_case(&run(vec![
        sick_at("a", "2024-01-01", "2024-01-05", 100, "b"),
        sick_at("b", "2024-01-01", "2024-01-05", 100, "a"),
        sick_at("c", "2024-01-03", "2024-01-08", 100, "B"),
        sick_at("d", "2024-01-04", "2024-01-06", 100, "a"),
        sick("e", "2024-01-01", "2024-01-02", 100),
    ]))
    .clone();
    assert_eq!(
        case.employers,
        vec!["B".to_owned(), "a".to_owned(), "b".to_owned()]
    );
}

// ---- Calendar: leap day, Saturday start ----

#[test]
fn week_milestones_are_plain_calendar_dates_across_a_leap_day() {
    let leap = only_case(&run(vec![sick("a", "2024-02-20", "2024-03-31", 100)])).clone();
    assert_eq!(
        milestone_date(&leap, MilestoneKind::FollowUpPlan),
        date("2024-03-18")
    );
    let common = only_case(&run(vec![sick("a", "2023-02-20", "2023-03-31", 100)])).clone();
    assert_eq!(
        milestone_date(&common, MilestoneKind::FollowUpPlan),
        date("2023-03-19")
    );
}

#[test]
fn a_case_starting_on_a_saturday_counts_weeks_from_that_saturday() {
    let case = only_case(&run(vec![sick("a", "2024-01-06", "2024-12-31", 100)])).clone();
    let expected = [
        (MilestoneKind::EmployerPeriodEnd, "2024-01-21"),
        (MilestoneKind::FollowUpPlan, "2024-02-02"),
        (MilestoneKind::DialogueMeeting1, "2024-02-23"),
        (MilestoneKind::ActivityRequirement, "2024-03-01"),
        (MilestoneKind::DialogueMeeting2Planning, "2024-05-04"),
        (MilestoneKind::DialogueMeeting2, "2024-07-05"),
        (MilestoneKind::BenefitEndNotice, "2024-10-04"),
    ];
    for (kind, expected_date) in expected {
        assert_eq!(milestone_date(&case, kind), date(expected_date), "{kind:?}");
    }
    // Benefit from Monday 22 January: the 248th weekday from then.
    assert_eq!(
        milestone_date(&case, MilestoneKind::MaxDate),
        naive_nth_weekday_after("2024-01-19", 248)
    );
}

// ---- Maximum date (ftrl § 8-12) ----

#[test]
fn the_248th_weekday_after_the_employer_period_is_the_max_date_projected_or_used_up() {
    // Benefit from Wednesday 17 January 2024; the 248th weekday from then is Friday 27 December.
    let projected = only_case(&run(vec![sick("a", "2024-01-01", "2024-03-01", 100)])).clone();
    assert_eq!(
        milestone_date(&projected, MilestoneKind::MaxDate),
        date("2024-12-27")
    );
    assert!(!projected.milestone(MilestoneKind::MaxDate).unwrap().reached);

    let used_up = only_case(&run(vec![sick("a", "2024-01-01", "2025-06-30", 100)])).clone();
    let max_date = used_up.milestone(MilestoneKind::MaxDate).unwrap();
    assert_eq!(max_date.date, date("2024-12-27"));
    assert!(max_date.reached && max_date.required);

    let one_short = only_case(&run(vec![sick("a", "2024-01-01", "2024-12-26", 100)])).clone();
    assert_eq!(
        milestone_date(&one_short, MilestoneKind::MaxDate),
        date("2024-12-27")
    );
    assert!(!one_short.milestone(MilestoneKind::MaxDate).unwrap().reached);
}

#[test]
fn a_case_still_in_its_employer_period_projects_all_248_days() {
    let case = only_case(&run(vec![sick("a", "2024-01-01", "2024-01-05", 100)])).clone();
    assert_eq!(
        milestone_date(&case, MilestoneKind::MaxDate),
        naive_nth_weekday_after("2024-01-05", 248)
    );
}

#[test]
fn two_cases_within_26_weeks_share_the_quota() {
    // Case A uses 1 January – 31 March 2024; case B's first benefit day is Friday 27 September,
    // 179 break days after A's last benefit day: no new entitlement.
    let followup = run(vec![
        sick("a", "2024-01-01", "2024-03-31", 100),
        sick("b", "2024-09-11", "2024-10-31", 100),
    ]);
    assert_eq!(followup.cases.len(), 2);
    let used_by_a = naive_weekdays("2024-01-17", "2024-03-29");
    assert_eq!(used_by_a, 53);
    assert_eq!(
        milestone_date(&followup.cases[0], MilestoneKind::MaxDate),
        naive_nth_weekday_after("2024-03-29", 248 - used_by_a)
    );
    let used_by_b = naive_weekdays("2024-09-27", "2024-10-31");
    assert_eq!(
        milestone_date(&followup.cases[1], MilestoneKind::MaxDate),
        naive_nth_weekday_after("2024-10-31", 248 - used_by_a - used_by_b)
    );
}

#[test]
fn a_break_of_182_days_gives_a_new_entitlement() {
    // A's last benefit day is Friday 29 March; breaks count from Monday 1 April (the
    // weekend in between is sick). The 182nd break day is 29 September; B's first
    // benefit day is Monday 30 September.
    let followup = run(vec![
        sick("a", "2024-01-01", "2024-03-31", 100),
        sick("b", "2024-09-14", "2024-10-31", 100),
    ]);
    let used_by_b = naive_weekdays("2024-09-30", "2024-10-31");
    assert_eq!(
        milestone_date(&followup.cases[1], MilestoneKind::MaxDate),
        naive_nth_weekday_after("2024-10-31", 248 - used_by_b)
    );
}

#[test]
fn graded_days_below_20_percent_are_not_benefit_days() {
    let low = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-01-16", 100),
        sick("b", "2024-01-17", "2024-03-29", 19),
    ]))
    .clone();
    assert_eq!(
        milestone_date(&low, MilestoneKind::MaxDate),
        naive_nth_weekday_after("2024-03-29", 248)
    );
    let twenty = only_case(&run(vec![
        sick("a", "2024-01-01", "2024-01-16", 100),
        sick("b", "2024-01-17", "2024-03-29", 20),
    ]))
    .clone();
    assert_eq!(
        milestone_date(&twenty, MilestoneKind::MaxDate),
        naive_nth_weekday_after("2024-03-29", 248 - 53)
    );
}

#[test]
fn after_the_67th_birthday_at_most_60_benefit_days() {
    // 67 on Friday 15 March 2024; the 60th weekday after it is Friday 7 June.
    let case = only_case(&run_with(
        Some("1957-03-15"),
        None,
        vec![sick("a", "2024-01-01", "2024-12-31", 100)],
    ))
    .clone();
    assert_eq!(
        milestone_date(&case, MilestoneKind::MaxDate),
        naive_nth_weekday_after("2024-03-15", 60)
    );
    assert_eq!(
        milestone_date(&case, MilestoneKind::MaxDate),
        date("2024-06-07")
    );
    // Projected the same way while the case is short.
    let short = only_case(&run_with(
        Some("1957-03-15"),
        None,
        vec![sick("a", "2024-01-01", "2024-02-29", 100)],
    ))
    .clone();
    assert_eq!(
        milestone_date(&short, MilestoneKind::MaxDate),
        date("2024-06-07")
    );
}

#[test]
fn no_benefit_from_the_70th_birthday() {
    // 70 on Friday 1 March 2024: the max date is the last weekday before it.
    let case = only_case(&run_with(
        Some("1954-03-01"),
        None,
        vec![sick("a", "2024-01-01", "2024-06-30", 100)],
    ))
    .clone();
    assert_eq!(
        milestone_date(&case, MilestoneKind::MaxDate),
        date("2024-02-29")
    );
    // Also when the case begins after the 70th birthday.
    let late = only_case(&run_with(
        Some("1950-03-01"),
        None,
        vec![sick("a", "2024-01-01", "2024-01-31", 100)],
    ))
    .clone();
    assert_eq!(
        milestone_date(&late, MilestoneKind::MaxDate),
        date("2020-02-28")
    );
}

#[test]
fn a_leap_day_birth_date_has_its_birthdays_on_the_28th_of_february() {
    // Born 29 February 1956: 67 on 28 February 2023 (a Tuesday); 60 weekdays after it.
    let case = only_case(&run_with(
        Some("1956-02-29"),
        None,
        vec![sick("a", "2023-01-02", "2023-12-31", 100)],
    ))
    .clone();
    assert_eq!(
        milestone_date(&case, MilestoneKind::MaxDate),
        naive_nth_weekday_after("2023-02-28", 60)
    );
}

#[test]
fn the_max_date_of_a_case_does_not_change_with_later_cases() {
    let alone = run(vec![sick("a", "2024-01-01", "2024-03-31", 100)]);
    let with_later = run(vec![
        sick("a", "2024-01-01", "2024-03-31", 100),
        sick("b", "2024-05-01", "2024-12-31", 100),
    ]);
    assert_eq!(alone.cases[0], with_later.cases[0]);
}

#[test]
fn an_empty_history_has_no_cases() {
    assert_eq!(run(vec![]).cases, vec![]);
}

#[test]
fn output_dates_after_9999_12_31_are_an_error() {
    let error = compute_followup(&FollowupInput {
        events: vec![sick("a", "9999-12-01", "9999-12-31", 100)],
        ..FollowupInput::default()
    })
    .unwrap_err();
    assert!(
        matches!(error, FollowupError::DateBeyondCalendar { .. }),
        "{error:?}"
    );
}
