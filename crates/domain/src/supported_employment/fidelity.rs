//! Fidelity to the method, computed from what is logged, per job specialist
//! and per team. Each indicator is named after the item of the IPS
//! fidelity scale (IPS-25) it approximates:
//!
//! | indicator | IPS item | computed as |
//! |---|---|---|
//! | [`FidelityItem::CaseloadSize`] | Caseload size | active participants (cap [`CASELOAD_CAP`]) |
//! | [`FidelityItem::CommunityBasedServices`] | Community-based services | activities out of the office / all activities, in the period |
//! | [`FidelityItem::EmployerContact`] | Job development — frequent employer contact | employer contacts a week in the period (goal [`EMPLOYER_CONTACTS_GOAL_PER_WEEK`]) |
//! | [`FidelityItem::RapidJobSearch`] | Rapid job search for competitive job | participants with a first employer contact within [`FIRST_EMPLOYER_CONTACT_DAYS`] days of agreement / those whose outcome is known (a contact, or 30 days passed) |
//! | [`FidelityItem::TimeUnlimitedSupport`] | Time-unlimited follow-along supports | participants who got a job and were not closed by the provider / all who got a job |
//!
//! Counts of persons in a team view are protected as
//! `shared/contracts/statistics.md` describes, with the statistics
//! module's [`protect`] (a table of specialists by stage); counts of
//! activities name no one and are shown as they are.

use chrono::{Days, NaiveDate};

use super::hiring::{still_employed, Hire, Milestone};
use super::participation::{Activity, EndReason, Place};
use super::{CASELOAD_CAP, EMPLOYER_CONTACTS_GOAL_PER_WEEK, FIRST_EMPLOYER_CONTACT_DAYS};
use crate::statistics::{protect, ProtectedTable};

/// The IPS fidelity scale items the indicators approximate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FidelityItem {
    CaseloadSize,
    CommunityBasedServices,
    EmployerContact,
    RapidJobSearch,
    TimeUnlimitedSupport,
}

impl FidelityItem {
    pub const ALL: [FidelityItem; 5] = [
        FidelityItem::CaseloadSize,
        FidelityItem::CommunityBasedServices,
        FidelityItem::EmployerContact,
        FidelityItem::RapidJobSearch,
        FidelityItem::TimeUnlimitedSupport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FidelityItem::CaseloadSize => "caseload_size",
            FidelityItem::CommunityBasedServices => "community_based_services",
            FidelityItem::EmployerContact => "employer_contact",
            FidelityItem::RapidJobSearch => "rapid_job_search",
            FidelityItem::TimeUnlimitedSupport => "time_unlimited_support",
        }
    }

    /// The item's name on the IPS fidelity scale.
    pub fn ips_item(self) -> &'static str {
        match self {
            FidelityItem::CaseloadSize => "Caseload size",
            FidelityItem::CommunityBasedServices => "Community-based services",
            FidelityItem::EmployerContact => "Job development - frequent employer contact",
            FidelityItem::RapidJobSearch => "Rapid job search for competitive job",
            FidelityItem::TimeUnlimitedSupport => "Time-unlimited follow-along supports",
        }
    }
}

/// `count` of `of`, exact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Share {
    pub count: u64,
    pub of: u64,
}

impl Share {
    /// The share in whole per cent, rounded down; `None` of nothing.
    pub fn percent(self) -> Option<u64> {
        (self.of > 0).then(|| self.count * 100 / self.of)
    }
}

/// What fidelity needs of one participation of a specialist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParticipantFacts {
    pub agreed_on: NaiveDate,
    /// Followed by the specialist now.
    pub active: bool,
    pub first_employer_contact: Option<NaiveDate>,
    /// Got a job at some time.
    pub hired: bool,
    pub ended: Option<EndReason>,
}

/// A participant's stage, for counting a caseload (each in one column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    NoEmployerContact,
    EmployerContactWithin30Days,
    EmployerContactLater,
    Hired,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::NoEmployerContact,
        Stage::EmployerContactWithin30Days,
        Stage::EmployerContactLater,
        Stage::Hired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::NoEmployerContact => "no_employer_contact",
            Stage::EmployerContactWithin30Days => "employer_contact_within_30_days",
            Stage::EmployerContactLater => "employer_contact_later",
            Stage::Hired => "hired",
        }
    }

    fn of(facts: &ParticipantFacts) -> Stage {
        if facts.hired {
            return Stage::Hired;
        }
        match facts.first_employer_contact {
            None => Stage::NoEmployerContact,
            Some(first) if (first - facts.agreed_on).num_days() <= FIRST_EMPLOYER_CONTACT_DAYS => {
                Stage::EmployerContactWithin30Days
            }
            Some(_) => Stage::EmployerContactLater,
        }
    }
}

/// One specialist's indicators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecialistFidelity {
    /// Active participants.
    pub caseload: u64,
    /// Whether the caseload is within the cap.
    pub caseload_within_cap: bool,
    /// Active participants by [`Stage`], in its order.
    pub stages: [u64; 4],
    /// Activities out of the office, of all activities in the period.
    pub out_of_office: Share,
    /// Employer contacts in the period, and the period's weeks.
    pub employer_contacts: u64,
    pub weeks: u32,
    /// First employer contact within 30 days, of those whose outcome is known.
    pub rapid_job_search: Share,
    /// The days from agreement to the first employer contact, middle value
    /// (the lower of the two middle ones), of those with a contact.
    pub median_days_to_first_contact: Option<i64>,
    /// Not closed by the provider, of those who got a job.
    pub time_unlimited_support: Share,
}

impl SpecialistFidelity {
    /// Employer contacts a week, in tenths (exact to a tenth, rounded down).
    pub fn employer_contacts_per_week_tenths(&self) -> Option<u64> {
        (self.weeks > 0).then(|| self.employer_contacts * 10 / u64::from(self.weeks))
    }

    /// Whether the weekly employer contacts reach the method's goal.
    pub fn meets_contact_goal(&self) -> bool {
        self.weeks > 0
            && self.employer_contacts
                >= u64::from(EMPLOYER_CONTACTS_GOAL_PER_WEEK) * u64::from(self.weeks)
    }
}

/// A specialist's indicators from their participations and every activity
/// they logged, over the `weeks` whole weeks that end with `today` (the
/// days `today - 7 × weeks + 1` to `today`).
pub fn specialist_fidelity(
    participants: &[ParticipantFacts],
    activities: &[Activity],
    today: NaiveDate,
    weeks: u32,
) -> SpecialistFidelity {
    let first_day = today
        .checked_sub_days(Days::new(u64::from(weeks) * 7))
        .unwrap_or(NaiveDate::MIN);
    let in_period: Vec<&Activity> = activities
        .iter()
        .filter(|activity| activity.on > first_day && activity.on <= today)
        .collect();
    let out_of_office = Share {
        count: count(
            in_period
                .iter()
                .filter(|activity| activity.place == Place::Out),
        ),
        of: count(in_period.iter()),
    };
    let employer_contacts = count(
        in_period
            .iter()
            .filter(|activity| activity.kind.is_employer_contact()),
    );
    let active: Vec<&ParticipantFacts> = participants.iter().filter(|facts| facts.active).collect();
    let mut stages = [0_u64; 4];
    for facts in &active {
        if let Some(column) = Stage::ALL
            .iter()
            .position(|stage| *stage == Stage::of(facts))
        {
            if let Some(cell) = stages.get_mut(column) {
                *cell += 1;
            }
        }
    }
    let mut days: Vec<i64> = participants
        .iter()
        .filter_map(|facts| {
            facts
                .first_employer_contact
                .map(|first| (first - facts.agreed_on).num_days())
        })
        .collect();
    days.sort_unstable();
    let known = participants.iter().filter(|facts| {
        facts.first_employer_contact.is_some()
            || (today - facts.agreed_on).num_days() > FIRST_EMPLOYER_CONTACT_DAYS
    });
    let rapid_job_search = Share {
        count: count(known.clone().filter(|facts| {
            facts.first_employer_contact.is_some_and(|first| {
                (first - facts.agreed_on).num_days() <= FIRST_EMPLOYER_CONTACT_DAYS
            })
        })),
        of: count(known),
    };
    let hired = participants.iter().filter(|facts| facts.hired);
    let time_unlimited_support = Share {
        count: count(
            hired
                .clone()
                .filter(|facts| facts.ended != Some(EndReason::ClosedByProvider)),
        ),
        of: count(hired),
    };
    let caseload = count(active.iter());
    SpecialistFidelity {
        caseload,
        caseload_within_cap: caseload <= u64::from(CASELOAD_CAP),
        stages,
        out_of_office,
        employer_contacts,
        weeks,
        rapid_job_search,
        median_days_to_first_contact: days.get(days.len().saturating_sub(1) / 2).copied(),
        time_unlimited_support,
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u64 {
    u64::try_from(items.count()).unwrap_or(u64::MAX)
}

/// A team's indicators: person counts protected, activity counts as they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamFidelity {
    /// Active participants, a row per specialist (in the order given) and a
    /// column per [`Stage`], protected with `k`.
    pub stages: ProtectedTable,
    /// Those who got a job: a row per specialist; the columns "not closed by
    /// the provider" and "closed by the provider", protected with `k`.
    pub follow_along: ProtectedTable,
    pub out_of_office: Share,
    pub employer_contacts: u64,
    /// Specialist-weeks the contacts were logged over.
    pub specialist_weeks: u64,
    pub k: u64,
}

impl TeamFidelity {
    /// Rapid job search for the team, from the protected column totals:
    /// `None` when a total it needs is suppressed.
    pub fn rapid_job_search(&self) -> Option<Share> {
        let within = *self.stages.column_totals.get(1)?;
        let later = *self.stages.column_totals.get(2)?;
        let (within, later) = (within?, later?);
        Some(Share {
            count: within,
            of: within + later,
        })
    }

    /// Time-unlimited support for the team, from the protected totals.
    pub fn time_unlimited_support(&self) -> Option<Share> {
        let kept = (*self.follow_along.column_totals.first()?)?;
        Some(Share {
            count: kept,
            of: self.follow_along.grand_total?,
        })
    }
}

/// The team's indicators from its specialists' (`k`: the smallest count of
/// persons that may be shown, as in the statistics contract).
pub fn team_fidelity(specialists: &[SpecialistFidelity], k: u64) -> TeamFidelity {
    let stage_rows: Vec<Vec<u64>> = specialists
        .iter()
        .map(|specialist| specialist.stages.to_vec())
        .collect();
    let follow_rows: Vec<Vec<u64>> = specialists
        .iter()
        .map(|specialist| {
            let support = specialist.time_unlimited_support;
            vec![support.count, support.of - support.count]
        })
        .collect();
    TeamFidelity {
        stages: protect(&stage_rows, Stage::ALL.len(), k),
        follow_along: protect(&follow_rows, 2, k),
        out_of_office: Share {
            count: specialists.iter().map(|s| s.out_of_office.count).sum(),
            of: specialists.iter().map(|s| s.out_of_office.of).sum(),
        },
        employer_contacts: specialists.iter().map(|s| s.employer_contacts).sum(),
        specialist_weeks: specialists.iter().map(|s| u64::from(s.weeks)).sum(),
        k,
    }
}

/// Whether those hired were still employed 3, 12 and 24 months after: a
/// row per [`Milestone`] (in its order), columns "employed" and "not
/// employed", counting the hires whose milestone day has come by `today`;
/// protected with `k`.
pub fn team_outcomes(hires: &[Hire], today: NaiveDate, k: u64) -> ProtectedTable {
    let rows: Vec<Vec<u64>> = Milestone::ALL
        .into_iter()
        .map(|milestone| {
            let known: Vec<bool> = hires
                .iter()
                .filter_map(|hire| still_employed(hire, milestone, today))
                .collect();
            let employed = count(known.iter().filter(|employed| **employed));
            vec![employed, count(known.iter()) - employed]
        })
        .collect();
    protect(&rows, 2, k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::Orgnr;
    use crate::supported_employment::participation::ActivityKind;

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + Days::new(n)
    }

    fn activity(on: u64, kind: ActivityKind, place: Place) -> Activity {
        Activity {
            on: day(on),
            kind,
            place,
            employer: kind
                .needs_employer()
                .then(|| Orgnr::parse("910000004").unwrap()),
            note: String::new(),
        }
    }

    fn facts(
        agreed: u64,
        first: Option<u64>,
        hired: bool,
        ended: Option<EndReason>,
    ) -> ParticipantFacts {
        ParticipantFacts {
            agreed_on: day(agreed),
            active: ended.is_none(),
            first_employer_contact: first.map(day),
            hired,
            ended,
        }
    }

    #[test]
    fn a_specialist_s_indicators_come_from_what_is_logged() {
        let participants = [
            // First contact exactly on day 30: within.
            facts(0, Some(30), false, None),
            // Day 31: later.
            facts(0, Some(31), false, None),
            // No contact, 31 days passed: known, not within.
            facts(69, None, false, None),
            // No contact, 30 days: not known yet.
            facts(70, None, false, None),
            // Hired, then closed by the provider.
            facts(0, Some(5), true, Some(EndReason::ClosedByProvider)),
            // Hired and still followed.
            facts(0, Some(10), true, None),
        ];
        // Period: 2 weeks ending day 100 (days 87..=100).
        let activities = [
            activity(86, ActivityKind::EmployerContact, Place::Out),
            activity(87, ActivityKind::EmployerContact, Place::Out),
            activity(90, ActivityKind::WorkplaceVisit, Place::Out),
            activity(95, ActivityKind::ParticipantMeeting, Place::Office),
            activity(100, ActivityKind::ParticipantMeeting, Place::Office),
            activity(101, ActivityKind::EmployerContact, Place::Out),
        ];
        let fidelity = specialist_fidelity(&participants, &activities, day(100), 2);
        assert_eq!(fidelity.caseload, 5);
        assert!(fidelity.caseload_within_cap);
        assert_eq!(fidelity.stages, [2, 1, 1, 1]);
        assert_eq!(fidelity.out_of_office, Share { count: 2, of: 4 });
        assert_eq!(fidelity.employer_contacts, 2);
        assert_eq!(fidelity.employer_contacts_per_week_tenths(), Some(10));
        assert!(!fidelity.meets_contact_goal());
        assert_eq!(fidelity.rapid_job_search, Share { count: 3, of: 5 });
        assert_eq!(fidelity.median_days_to_first_contact, Some(10));
        assert_eq!(fidelity.time_unlimited_support, Share { count: 1, of: 2 });
        assert_eq!(fidelity.rapid_job_search.percent(), Some(60));
    }

    #[test]
    fn a_full_caseload_is_within_the_cap_and_one_more_is_not() {
        let full: Vec<ParticipantFacts> = (0..20).map(|_| facts(0, None, false, None)).collect();
        assert!(specialist_fidelity(&full, &[], day(10), 4).caseload_within_cap);
        let over: Vec<ParticipantFacts> = (0..21).map(|_| facts(0, None, false, None)).collect();
        assert!(!specialist_fidelity(&over, &[], day(10), 4).caseload_within_cap);
    }

    #[test]
    fn outcomes_count_the_hires_whose_milestone_has_come() {
        let hire = |hired: u64, ended: Option<u64>| Hire {
            employer: Orgnr::parse("910000004").unwrap(),
            hired_on: day(hired),
            open_market: true,
            hours_per_week: 20,
            tariff_pay: true,
            ended_on: ended.map(day),
        };
        let mut hires: Vec<Hire> = (0..6).map(|_| hire(0, None)).collect();
        hires.extend((0..5).map(|_| hire(0, Some(200))));
        // Day 400: 3 and 12 months have come, 24 have not.
        let table = team_outcomes(&hires, day(400), 1);
        assert_eq!(table.cells[0], [Some(11), Some(0)]);
        assert_eq!(table.cells[1], [Some(6), Some(5)]);
        assert_eq!(table.cells[2], [Some(0), Some(0)]);
        // With k = 5 nothing below 5 is shown.
        let protected = team_outcomes(&hires, day(400), 5);
        assert!(protected
            .cells
            .iter()
            .flatten()
            .flatten()
            .all(|n| *n == 0 || *n >= 5));
    }

    #[test]
    fn a_team_view_protects_small_counts_of_persons() {
        let many: Vec<ParticipantFacts> = (0..12)
            .map(|n| facts(0, Some(if n < 8 { 10 } else { 40 }), false, None))
            .collect();
        let few = [facts(0, Some(10), false, None), facts(0, None, false, None)];
        let a = specialist_fidelity(&many, &[], day(100), 4);
        let b = specialist_fidelity(&few, &[], day(100), 4);
        let team = team_fidelity(&[a, b], 5);
        // The second specialist's 1s are suppressed, and so is what would give them away.
        assert_eq!(team.stages.cells[1][0], None);
        assert_eq!(team.stages.cells[1][1], None);
        assert!(team
            .stages
            .cells
            .iter()
            .flatten()
            .flatten()
            .all(|count| *count == 0 || *count >= 5));
        // Activity counts name no one.
        assert_eq!(team.employer_contacts, 0);
        assert_eq!(team.specialist_weeks, 8);
    }
}
