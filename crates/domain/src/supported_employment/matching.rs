//! Matching participants with employers, and job carving.
//!
//! Matching is by fit, not by whom the specialist already knows (the seed
//! study's second sign of drift): by the participant's interests and the
//! tasks they can do now against the employer's tasks, by hours, and by the
//! adaptations they need against what the employer can adapt or has as aids.
//! Every match carries its reasons, so the specialist and the participant
//! see why.
//!
//! Texts are compared word by word, lower-cased: two words agree when they
//! are equal, or when the shorter has at least [`MIN_PART_CHARS`]
//! characters and stands inside the longer (Norwegian compounds:
//! "lager" in "lagerarbeid", "pakking" in "varepakking"). Words shorter
//! than three characters and a few little words ("og", "med", …) are
//! ignored.

use crate::identity::Orgnr;

use super::employer::Employer;
use super::profile::{Hours, VocationalProfile, MAX_HOURS_A_WEEK};

/// The fewest characters of a word that may stand inside a longer one.
pub const MIN_PART_CHARS: usize = 4;

const LITTLE_WORDS: [&str; 14] = [
    "and", "the", "for", "with", "og", "med", "som", "til", "fra", "han", "hun", "den", "det",
    "ikke",
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|word| word.chars().count() >= 3 && !LITTLE_WORDS.contains(&word.as_str()))
        .collect()
}

fn words_agree(a: &str, b: &str) -> bool {
    let (shorter, longer) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    shorter == longer || (shorter.chars().count() >= MIN_PART_CHARS && longer.contains(shorter))
}

/// Whether two short texts (an interest and a task, two tasks) agree on a word.
pub fn texts_agree(a: &str, b: &str) -> bool {
    let b_words = words(b);
    words(a)
        .iter()
        .any(|word| b_words.iter().any(|other| words_agree(word, other)))
}

/// Why a participant and an employer match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchReason {
    /// An interest of the participant fits a task of the employer.
    Interest { interest: String, task: String },
    /// A task the participant can do now is a task of the employer.
    CanDo { task: String, employer_task: String },
    /// The hours the participant wants and the employer offers overlap.
    Hours { wanted: Hours, offered: Hours },
    /// An adaptation the participant needs is one the employer can make
    /// (or an aid it has).
    Adaptation { needed: String, offered: String },
}

/// An employer that fits a participant, with every reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    pub employer: Orgnr,
    pub name: String,
    pub reasons: Vec<MatchReason>,
    /// The employer's tasks the participant cannot do now: left out of a
    /// carved job, shown so nobody is surprised.
    pub cannot_do: Vec<String>,
}

/// The employers that fit the participant's profile, best first (most
/// reasons, then by name). An employer fits when at least one of its tasks
/// fits an interest or a task the participant can do now (a task they
/// cannot do now never counts), and the hours overlap where both are known.
pub fn match_employers(profile: &VocationalProfile, employers: &[Employer]) -> Vec<Match> {
    let mut matches: Vec<Match> = employers
        .iter()
        .filter_map(|employer| match_one(profile, employer))
        .collect();
    matches.sort_by(|a, b| {
        b.reasons
            .len()
            .cmp(&a.reasons.len())
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.employer.to_string().cmp(&b.employer.to_string()))
    });
    matches
}

fn match_one(profile: &VocationalProfile, employer: &Employer) -> Option<Match> {
    let cannot = |task: &str| {
        profile
            .cannot_do_now
            .tasks()
            .iter()
            .any(|not_now| texts_agree(not_now, task))
    };
    let mut reasons = Vec::new();
    let mut cannot_do = Vec::new();
    for task in &employer.tasks {
        if cannot(&task.name) {
            cannot_do.push(task.name.clone());
            continue;
        }
        for interest in profile.interests.tasks() {
            if texts_agree(interest, &task.name) {
                reasons.push(MatchReason::Interest {
                    interest: interest.clone(),
                    task: task.name.clone(),
                });
            }
        }
        for can in profile.can_do_now.tasks() {
            if texts_agree(can, &task.name) {
                reasons.push(MatchReason::CanDo {
                    task: can.clone(),
                    employer_task: task.name.clone(),
                });
            }
        }
    }
    if reasons.is_empty() {
        return None;
    }
    match (profile.hours, employer.hours) {
        (Some(wanted), Some(offered)) if wanted.overlaps(offered) => {
            reasons.push(MatchReason::Hours { wanted, offered });
        }
        (Some(_), Some(_)) => return None,
        _ => {}
    }
    for needed in profile.adaptations.tasks() {
        let offered = employer
            .adaptations
            .tasks()
            .iter()
            .chain(employer.aids.tasks())
            .find(|offered| texts_agree(needed, offered));
        if let Some(offered) = offered {
            reasons.push(MatchReason::Adaptation {
                needed: needed.clone(),
                offered: offered.clone(),
            });
        }
    }
    Some(Match {
        employer: employer.orgnr,
        name: employer.name.clone(),
        reasons,
        cannot_do,
    })
}

/// A task of a carved job.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarvedTask {
    pub name: String,
    pub hours_per_week: u8,
    /// Whether it is among the tasks the participant can do now (else it is
    /// new to them: training or a work trial first).
    pub can_do_now: bool,
}

/// A job composed from some of an employer's tasks (job carving).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarvedJob {
    pub employer: Orgnr,
    pub tasks: Vec<CarvedTask>,
}

impl CarvedJob {
    pub fn hours_per_week(&self) -> u32 {
        self.tasks
            .iter()
            .map(|task| u32::from(task.hours_per_week))
            .sum()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CarvingError {
    #[error("tasks: choose at least one of the employer's tasks")]
    NoTasks,
    #[error("tasks: '{0}' is not a task of this employer")]
    UnknownTask(String),
    #[error("tasks: '{0}' is chosen twice")]
    RepeatedTask(String),
    #[error("tasks: '{0}' is among the tasks the participant cannot do now")]
    CannotDoNow(String),
    #[error("tasks: {0} hours a week is more than {MAX_HOURS_A_WEEK}")]
    TooManyHours(u32),
}

/// Composes a job from the chosen tasks of an employer, each linked to the
/// participant's "tasks I can / cannot do now". A task they cannot do now
/// is refused (leave it out of the job, or change the profile first).
pub fn carve_job(
    employer: &Employer,
    chosen: &[String],
    profile: &VocationalProfile,
) -> Result<CarvedJob, CarvingError> {
    if chosen.is_empty() {
        return Err(CarvingError::NoTasks);
    }
    let mut tasks: Vec<CarvedTask> = Vec::with_capacity(chosen.len());
    for name in chosen {
        let task = employer
            .task(name)
            .ok_or_else(|| CarvingError::UnknownTask(name.clone()))?;
        if tasks.iter().any(|carved| carved.name == task.name) {
            return Err(CarvingError::RepeatedTask(task.name.clone()));
        }
        if profile
            .cannot_do_now
            .tasks()
            .iter()
            .any(|not_now| texts_agree(not_now, &task.name))
        {
            return Err(CarvingError::CannotDoNow(task.name.clone()));
        }
        tasks.push(CarvedTask {
            name: task.name.clone(),
            hours_per_week: task.hours_per_week,
            can_do_now: profile
                .can_do_now
                .tasks()
                .iter()
                .any(|can| texts_agree(can, &task.name)),
        });
    }
    let job = CarvedJob {
        employer: employer.orgnr,
        tasks,
    };
    if job.hours_per_week() > u32::from(MAX_HOURS_A_WEEK) {
        return Err(CarvingError::TooManyHours(job.hours_per_week()));
    }
    Ok(job)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::TaskList;
    use crate::supported_employment::employer::EmployerTask;

    fn employer(
        orgnr: &str,
        name: &str,
        tasks: &[(&str, u8)],
        hours: Option<(u8, u8)>,
    ) -> Employer {
        Employer {
            orgnr: Orgnr::parse(orgnr).unwrap(),
            name: name.to_owned(),
            tasks: tasks
                .iter()
                .map(|(name, hours)| EmployerTask {
                    name: (*name).to_owned(),
                    hours_per_week: *hours,
                })
                .collect(),
            culture: String::new(),
            adaptations: TaskList::from_text("Rolig pauserom\nFaste arbeidstider"),
            aids: TaskList::from_text("Hevbart bord"),
            training: String::new(),
            hours: hours.map(|(min, max)| Hours::new(min, max).unwrap()),
        }
    }

    fn profile() -> VocationalProfile {
        VocationalProfile {
            wishes: "Jobbe med dyr eller planter, ute".to_owned(),
            interests: TaskList::from_text("Dyr\nPlanter"),
            can_do_now: TaskList::from_text("Pakking\nRydding"),
            cannot_do_now: TaskList::from_text("Kasse"),
            hours: Some(Hours::new(10, 20).unwrap()),
            adaptations: TaskList::from_text("Faste arbeidstider"),
            ..VocationalProfile::default()
        }
    }

    #[test]
    fn every_match_says_why() {
        let employers = [
            employer(
                "910000004",
                "Hagesenteret",
                &[("Stell av planter", 15), ("Varepakking", 5), ("Kasse", 10)],
                Some((10, 30)),
            ),
            employer(
                "974760673",
                "Dyrebutikken",
                &[("Stell av dyr", 10), ("Dyrestell", 5)],
                None,
            ),
            employer(
                "923609016",
                "Regnskap AS",
                &[("Bokføring", 20)],
                Some((10, 20)),
            ),
        ];
        let matches = match_employers(&profile(), &employers);
        assert_eq!(matches.len(), 2, "{matches:#?}");
        let garden = &matches[0];
        assert_eq!(garden.name, "Hagesenteret");
        assert_eq!(
            garden.reasons,
            [
                MatchReason::Interest {
                    interest: "Planter".to_owned(),
                    task: "Stell av planter".to_owned()
                },
                MatchReason::CanDo {
                    task: "Pakking".to_owned(),
                    employer_task: "Varepakking".to_owned()
                },
                MatchReason::Hours {
                    wanted: Hours::new(10, 20).unwrap(),
                    offered: Hours::new(10, 30).unwrap()
                },
                MatchReason::Adaptation {
                    needed: "Faste arbeidstider".to_owned(),
                    offered: "Faste arbeidstider".to_owned()
                },
            ]
        );
        assert_eq!(garden.cannot_do, ["Kasse"]);
        // "dyr" is three letters: it agrees with the word "dyr" only, not inside "dyrestell".
        let animals = &matches[1];
        assert_eq!(animals.name, "Dyrebutikken");
        assert!(animals
            .reasons
            .iter()
            .all(|reason| !matches!(reason, MatchReason::Hours { .. })));
    }

    #[test]
    fn hours_that_do_not_overlap_and_tasks_one_cannot_do_make_no_match() {
        let employers = [
            employer("910000004", "Nattlager", &[("Pakking", 30)], Some((30, 37))),
            employer("974760673", "Butikken", &[("Kasse", 10)], None),
        ];
        assert_eq!(match_employers(&profile(), &employers), []);
    }

    #[test]
    fn words_agree_inside_compounds_from_four_letters() {
        assert!(texts_agree("lager", "Lagerarbeid"));
        assert!(texts_agree("Pakking", "varepakking"));
        assert!(!texts_agree("dyr", "Dyrestell"));
        assert!(texts_agree("dyr", "stell av dyr"));
        assert!(!texts_agree("og", "og"));
        assert!(texts_agree("Støvsuging", "støvsuging av kontor"));
    }

    #[test]
    fn a_carved_job_is_made_of_the_employer_s_tasks_linked_to_what_one_can_do() {
        let garden = employer(
            "910000004",
            "Hagesenteret",
            &[("Stell av planter", 15), ("Varepakking", 5), ("Kasse", 10)],
            None,
        );
        let job = carve_job(
            &garden,
            &["stell av planter".to_owned(), "Varepakking".to_owned()],
            &profile(),
        )
        .unwrap();
        assert_eq!(job.hours_per_week(), 20);
        assert_eq!(
            job.tasks
                .iter()
                .map(|task| (task.name.as_str(), task.can_do_now))
                .collect::<Vec<_>>(),
            [("Stell av planter", false), ("Varepakking", true)]
        );
        assert_eq!(
            carve_job(&garden, &["Kasse".to_owned()], &profile()),
            Err(CarvingError::CannotDoNow("Kasse".to_owned()))
        );
        assert_eq!(
            carve_job(&garden, &["Sveising".to_owned()], &profile()),
            Err(CarvingError::UnknownTask("Sveising".to_owned()))
        );
        assert_eq!(
            carve_job(&garden, &[], &profile()),
            Err(CarvingError::NoTasks)
        );
        assert_eq!(
            carve_job(
                &garden,
                &["Varepakking".to_owned(), "varepakking".to_owned()],
                &profile()
            ),
            Err(CarvingError::RepeatedTask("Varepakking".to_owned()))
        );
    }

    const WORDS: [&str; 8] = [
        "Pakking", "Kasse", "Planter", "Lager", "Dyr", "Rydding", "Vask", "Oppvask",
    ];

    fn arbitrary_tasks() -> impl proptest::strategy::Strategy<Value = Vec<String>> {
        proptest::collection::vec(proptest::sample::select(WORDS.to_vec()), 0..5)
            .prop_map(|words| words.into_iter().map(str::to_owned).collect())
    }

    use proptest::prelude::*;

    proptest! {
        /// Every reason names something the profile and the employer really
        /// hold; a task the participant cannot do now never gives a reason;
        /// a carved job never holds such a task and its hours add up.
        #[test]
        fn reasons_are_true_and_what_one_cannot_do_is_never_matched_or_carved(
            interests in arbitrary_tasks(),
            can in arbitrary_tasks(),
            cannot in arbitrary_tasks(),
            tasks in arbitrary_tasks(),
            chosen in arbitrary_tasks(),
        ) {
            let mut unique: Vec<String> = Vec::new();
            for task in tasks {
                if !unique.contains(&task) {
                    unique.push(task);
                }
            }
            let named: Vec<(&str, u8)> = unique.iter().map(|task| (task.as_str(), 5)).collect();
            let employer = employer("910000004", "Arbeidsplassen", &named, None);
            let profile = VocationalProfile {
                wishes: "Jobb".to_owned(),
                interests: TaskList::from_text(&interests.join("\n")),
                can_do_now: TaskList::from_text(&can.join("\n")),
                cannot_do_now: TaskList::from_text(&cannot.join("\n")),
                ..VocationalProfile::default()
            };
            let not_now = |task: &str| profile.cannot_do_now.tasks().iter().any(|c| texts_agree(c, task));
            for found in match_employers(&profile, std::slice::from_ref(&employer)) {
                prop_assert!(!found.reasons.is_empty());
                for reason in &found.reasons {
                    match reason {
                        MatchReason::Interest { interest, task } => {
                            prop_assert!(profile.interests.contains(interest));
                            prop_assert!(employer.task(task).is_some());
                            prop_assert!(!not_now(task));
                        }
                        MatchReason::CanDo { task, employer_task } => {
                            prop_assert!(profile.can_do_now.contains(task));
                            prop_assert!(employer.task(employer_task).is_some());
                            prop_assert!(!not_now(employer_task));
                        }
                        MatchReason::Hours { .. } | MatchReason::Adaptation { .. } => {}
                    }
                }
            }
            if let Ok(job) = carve_job(&employer, &chosen, &profile) {
                prop_assert!(job.tasks.iter().all(|task| !not_now(&task.name)));
                prop_assert_eq!(job.hours_per_week(), 5 * job.tasks.len() as u32);
            }
        }
    }
}
