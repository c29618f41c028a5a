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

/// A specialist's activities in a period, counted: all that fidelity needs
/// of them (they name no one). The store counts them in SQL; [`Self::of`]
/// is the same count over a list, the definition the store is tested against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActivityTally {
    pub all: u64,
    pub out_of_office: u64,
    pub employer_contacts: u64,
}

impl ActivityTally {
    /// The day before the period of the `weeks` whole weeks that end with
    /// `today`: the period is the days after it up to `today`.
    pub fn period_start(today: NaiveDate, weeks: u32) -> NaiveDate {
        today
            .checked_sub_days(Days::new(u64::from(weeks) * 7))
            .unwrap_or(NaiveDate::MIN)
    }

    /// The activities of the period of `weeks` ending `today`, counted.
    pub fn of(activities: &[Activity], today: NaiveDate, weeks: u32) -> ActivityTally {
        let first_day = Self::period_start(today, weeks);
        let in_period = || {
            activities
                .iter()
                .filter(move |activity| activity.on > first_day && activity.on <= today)
        };
        ActivityTally {
            all: count(in_period()),
            out_of_office: count(in_period().filter(|activity| activity.place == Place::Out)),
            employer_contacts: count(
                in_period().filter(|activity| activity.kind.is_employer_contact()),
            ),
        }
    }
}

/// A specialist's indicators from their participations and their
/// activities over the `weeks` whole weeks that end with `today` (the days
/// `today - 7 × weeks + 1` to `today`), counted ([`ActivityTally::of`]).
pub fn specialist_fidelity(
    participants: &[ParticipantFacts],
    activities: ActivityTally,
    today: NaiveDate,
    weeks: u32,
) -> SpecialistFidelity {
    let out_of_office = Share {
        count: activities.out_of_office,
        of: activities.all,
    };
    let employer_contacts = activities.employer_contacts;
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

/// A team's indicators. The active participants per specialist are
/// shown in full: the method supervisor assigns every one of them and sees
/// each participation's state, so the count tells them nothing new. What
/// they do not see of a person (how soon the first employer contact came,
/// whether follow-up went on after hiring) is counted in tables protected
/// as the statistics contract says, and every figure shown of those,
/// per specialist or for the team, is read from the protected table, so a
/// suppressed count cannot be worked out from the rest of the page.
/// Activity counts name no one and are shown as they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamFidelity {
    /// Active participants of the whole team.
    pub caseload: u64,
    /// Rapid job search: a row per specialist (in the order given), the
    /// columns "first employer contact within 30 days" and "not within",
    /// of the participants whose outcome is known; protected with `k`.
    pub rapid_job_search: ProtectedTable,
    /// Those who got a job: a row per specialist; the columns "not closed by
    /// the provider" and "closed by the provider", protected with `k`.
    pub follow_along: ProtectedTable,
    pub out_of_office: Share,
    pub employer_contacts: u64,
    /// Specialist-weeks the contacts were logged over.
    pub specialist_weeks: u64,
    pub k: u64,
}

/// The share of the first column in a protected table's row (`Some(row)`)
/// or in its totals (`None`): `None` when a count it needs is suppressed.
fn published_share(table: &ProtectedTable, row: Option<usize>) -> Option<Share> {
    let (count, of) = match row {
        Some(row) => (*table.cells.get(row)?.first()?, *table.row_totals.get(row)?),
        None => (*table.column_totals.first()?, table.grand_total),
    };
    Some(Share {
        count: count?,
        of: of?,
    })
}

impl TeamFidelity {
    /// Rapid job search of the specialist in `row` (or of the team with
    /// `None`), from the protected table: `None` when suppressed.
    pub fn rapid_job_search(&self, row: Option<usize>) -> Option<Share> {
        published_share(&self.rapid_job_search, row)
    }

    /// Time-unlimited support of the specialist in `row` (or of the team
    /// with `None`), from the protected table: `None` when suppressed.
    pub fn time_unlimited_support(&self, row: Option<usize>) -> Option<Share> {
        published_share(&self.follow_along, row)
    }
}

/// The team's indicators from its specialists' (`k`: the smallest count of
/// persons that may be shown, as in the statistics contract).
pub fn team_fidelity(specialists: &[SpecialistFidelity], k: u64) -> TeamFidelity {
    let split = |share: Share| vec![share.count, share.of.saturating_sub(share.count)];
    let rapid_rows: Vec<Vec<u64>> = specialists
        .iter()
        .map(|specialist| split(specialist.rapid_job_search))
        .collect();
    let follow_rows: Vec<Vec<u64>> = specialists
        .iter()
        .map(|specialist| split(specialist.time_unlimited_support))
        .collect();
    TeamFidelity {
        caseload: specialists.iter().map(|s| s.caseload).sum(),
        rapid_job_search: protect(&rapid_rows, 2, k),
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
        let fidelity = specialist_fidelity(
            &participants,
            ActivityTally::of(&activities, day(100), 2),
            day(100),
            2,
        );
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
    fn a_team_of_large_counts_shows_every_share() {
        let within: Vec<ParticipantFacts> = (0..10)
            .map(|n| facts(0, Some(if n < 5 { 10 } else { 40 }), n < 5, None))
            .collect();
        let a = specialist_fidelity(&within, ActivityTally::default(), day(100), 4);
        let team = team_fidelity(&[a.clone(), a], 5);
        assert_eq!(
            team.rapid_job_search(Some(1)),
            Some(Share { count: 5, of: 10 })
        );
        assert_eq!(
            team.rapid_job_search(None),
            Some(Share { count: 10, of: 20 })
        );
        assert_eq!(
            team.time_unlimited_support(None),
            Some(Share { count: 10, of: 10 })
        );
    }

    #[test]
    fn a_tally_counts_the_period_only() {
        let activities = [
            activity(86, ActivityKind::EmployerContact, Place::Out),
            activity(87, ActivityKind::WorkTrial, Place::Out),
            activity(100, ActivityKind::ParticipantMeeting, Place::Office),
            activity(101, ActivityKind::EmployerContact, Place::Out),
        ];
        assert_eq!(
            ActivityTally::of(&activities, day(100), 2),
            ActivityTally {
                all: 2,
                out_of_office: 1,
                employer_contacts: 1
            }
        );
        assert_eq!(ActivityTally::period_start(day(100), 2), day(86));
    }

    #[test]
    fn a_full_caseload_is_within_the_cap_and_one_more_is_not() {
        let full: Vec<ParticipantFacts> = (0..20).map(|_| facts(0, None, false, None)).collect();
        assert!(
            specialist_fidelity(&full, ActivityTally::default(), day(10), 4).caseload_within_cap
        );
        let over: Vec<ParticipantFacts> = (0..21).map(|_| facts(0, None, false, None)).collect();
        assert!(
            !specialist_fidelity(&over, ActivityTally::default(), day(10), 4).caseload_within_cap
        );
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
        let a = specialist_fidelity(&many, ActivityTally::default(), day(100), 4);
        let b = specialist_fidelity(&few, ActivityTally::default(), day(100), 4);
        let team = team_fidelity(&[a, b], 5);
        // Rapid job search: 8 within and 4 later; 1 and 1. The small counts
        // are suppressed, and so is what would give them away.
        let table = &team.rapid_job_search;
        assert_eq!(table.cells[1], [None, None]);
        assert_eq!(table.cells[0][1], None);
        assert!(table
            .cells
            .iter()
            .flatten()
            .flatten()
            .chain(table.row_totals.iter().flatten())
            .chain(table.column_totals.iter().flatten())
            .all(|count| *count == 0 || *count >= 5));
        // What the page shows is read from the protected table only.
        assert_eq!(team.rapid_job_search(Some(1)), None);
        assert_eq!(team.rapid_job_search(Some(0)), None);
        // The team's totals (9 within, 5 not) are large enough to show.
        assert_eq!(
            team.rapid_job_search(None),
            Some(Share { count: 9, of: 14 })
        );
        // Caseloads are the supervisor's own assignments: shown in full.
        assert_eq!(team.caseload, 14);
        // Activity counts name no one.
        assert_eq!(team.employer_contacts, 0);
        assert_eq!(team.specialist_weeks, 8);
    }
}
