//! The structured work-ability assessment (arbeidsevnevurdering): NAV's
//! judgement of what a person can do at work, written down so that it can
//! be read, questioned and built on. Caseworkers call it the core of their
//! judgement, and it is rarely written in a structured way.
//!
//! It has two parts, as NAV's method does: functional ability (funksjonsevne:
//! what the person's health allows) and work ability (arbeidsevne) weighed
//! against the person's health, education, skills, work experience and life
//! situation, each weighed as a resource or a limitation *with reasons*,
//! and a conclusion. NAV writes it ([`WorkAbilityAssessment`]); a new
//! assessment replaces the one shown and the earlier ones stay as history.
//! The GP can add to an assessment ([`WorkAbilityAddition`]), in their own
//! name. Both are health data: never for the employer.

use chrono::NaiveDate;

/// What work ability is weighed against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Factor {
    /// Health (helse): illness and how it affects work.
    Health,
    /// Education (utdanning).
    Education,
    /// Skills (kompetanse): what the person knows and can do.
    Skills,
    /// Work experience (arbeidserfaring).
    Experience,
    /// Life situation (livssituasjon): family, housing, finances, network.
    LifeSituation,
}

impl Factor {
    pub const ALL: [Factor; 5] = [
        Factor::Health,
        Factor::Education,
        Factor::Skills,
        Factor::Experience,
        Factor::LifeSituation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Factor::Health => "health",
            Factor::Education => "education",
            Factor::Skills => "skills",
            Factor::Experience => "experience",
            Factor::LifeSituation => "life_situation",
        }
    }

    pub fn parse(text: &str) -> Option<Factor> {
        Factor::ALL
            .into_iter()
            .find(|factor| factor.as_str() == text)
    }
}

/// How a factor weighs on the person's work ability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weight {
    /// It helps the person work (a resource, ressurs).
    Resource,
    /// It holds the person back (a limitation, begrensning).
    Limitation,
    /// Some of both.
    Both,
}

impl Weight {
    pub const ALL: [Weight; 3] = [Weight::Resource, Weight::Limitation, Weight::Both];

    pub fn as_str(self) -> &'static str {
        match self {
            Weight::Resource => "resource",
            Weight::Limitation => "limitation",
            Weight::Both => "both",
        }
    }

    pub fn parse(text: &str) -> Option<Weight> {
        Weight::ALL
            .into_iter()
            .find(|weight| weight.as_str() == text)
    }
}

/// One factor weighed, with the reasons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Weighing {
    pub factor: Factor,
    pub weight: Weight,
    pub reasons: String,
}

/// NAV's work-ability assessment: one version. Every factor of
/// [`Factor::ALL`] is weighed once, in that order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkAbilityAssessment {
    pub date: NaiveDate,
    /// Functional ability: what the person's health allows, with reasons.
    pub functional_ability: String,
    /// The factors weighed, each once, in [`Factor::ALL`] order.
    pub weighings: Vec<Weighing>,
    /// What NAV concludes about the person's work ability, and why.
    pub conclusion: String,
}

/// An assessment whose factors are not each weighed once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WeighingError {
    #[error("weighs {} twice", .0.as_str())]
    Repeated(Factor),
    #[error("does not weigh {}: every factor needs a weight and reasons", .0.as_str())]
    Missing(Factor),
}

impl WorkAbilityAssessment {
    /// An assessment with its weighings in [`Factor::ALL`] order; each
    /// factor must be weighed exactly once.
    pub fn new(
        date: NaiveDate,
        functional_ability: String,
        mut weighings: Vec<Weighing>,
        conclusion: String,
    ) -> Result<WorkAbilityAssessment, WeighingError> {
        weighings.sort_by_key(|weighing| weighing.factor);
        for factor in Factor::ALL {
            match weighings.iter().filter(|w| w.factor == factor).count() {
                0 => return Err(WeighingError::Missing(factor)),
                1 => {}
                _ => return Err(WeighingError::Repeated(factor)),
            }
        }
        Ok(WorkAbilityAssessment {
            date,
            functional_ability,
            weighings,
            conclusion,
        })
    }

    pub fn weighing(&self, factor: Factor) -> Option<&Weighing> {
        self.weighings.iter().find(|w| w.factor == factor)
    }
}

/// The GP's addition to an assessment (the assessment's document id): what
/// the GP adds or sees otherwise, in their own name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkAbilityAddition {
    pub assessment: String,
    pub date: NaiveDate,
    pub text: String,
}

/// One version of the assessment with the GP's additions to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssessmentVersion<'a> {
    pub id: &'a str,
    /// 1 for the first version.
    pub number: usize,
    pub assessment: &'a WorkAbilityAssessment,
    pub additions: Vec<&'a WorkAbilityAddition>,
}

/// The versions of the assessment, oldest first, each with its additions,
/// from (document id, record) pairs in the order received. The last is the
/// one shown; the others are its history.
pub fn assessment_versions<'a>(
    records: impl IntoIterator<Item = (&'a str, AssessmentRecord<'a>)>,
) -> Vec<AssessmentVersion<'a>> {
    let mut versions: Vec<AssessmentVersion<'a>> = Vec::new();
    for (id, record) in records {
        match record {
            AssessmentRecord::Assessment(assessment) => versions.push(AssessmentVersion {
                id,
                number: versions.len() + 1,
                assessment,
                additions: Vec::new(),
            }),
            AssessmentRecord::Addition(addition) => {
                if let Some(version) = versions.iter_mut().find(|v| v.id == addition.assessment) {
                    version.additions.push(addition);
                }
            }
        }
    }
    versions
}

/// A record of the assessment, as [`assessment_versions`] reads them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssessmentRecord<'a> {
    Assessment(&'a WorkAbilityAssessment),
    Addition(&'a WorkAbilityAddition),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn weighings() -> Vec<Weighing> {
        Factor::ALL
            .into_iter()
            .rev()
            .map(|factor| Weighing {
                factor,
                weight: Weight::Resource,
                reasons: format!("about {}", factor.as_str()),
            })
            .collect()
    }

    fn assessment(day: &str) -> WorkAbilityAssessment {
        WorkAbilityAssessment::new(date(day), "f".to_owned(), weighings(), "c".to_owned()).unwrap()
    }

    #[test]
    fn every_factor_is_weighed_once_and_put_in_order() {
        let ordered = assessment("2024-05-01");
        assert_eq!(
            ordered
                .weighings
                .iter()
                .map(|w| w.factor)
                .collect::<Vec<_>>(),
            Factor::ALL.to_vec()
        );
        let mut missing = weighings();
        missing.retain(|w| w.factor != Factor::Skills);
        assert_eq!(
            WorkAbilityAssessment::new(date("2024-05-01"), String::new(), missing, String::new()),
            Err(WeighingError::Missing(Factor::Skills))
        );
        let mut repeated = weighings();
        repeated.push(repeated[0].clone());
        assert_eq!(
            WorkAbilityAssessment::new(date("2024-05-01"), String::new(), repeated, String::new()),
            Err(WeighingError::Repeated(Factor::LifeSituation))
        );
    }

    #[test]
    fn a_new_assessment_is_a_new_version_and_additions_go_to_theirs() {
        let first = assessment("2024-05-01");
        let second = assessment("2024-06-01");
        let addition = |to: &str| WorkAbilityAddition {
            assessment: to.to_owned(),
            date: date("2024-06-02"),
            text: "Fastlegen ser det samme.".to_owned(),
        };
        let (to_first, to_second, to_none) = (addition("a1"), addition("a2"), addition("zz"));
        let versions = assessment_versions([
            ("a1", AssessmentRecord::Assessment(&first)),
            ("g1", AssessmentRecord::Addition(&to_first)),
            ("a2", AssessmentRecord::Assessment(&second)),
            ("g2", AssessmentRecord::Addition(&to_second)),
            ("g3", AssessmentRecord::Addition(&to_none)),
        ]);
        assert_eq!(versions.len(), 2);
        assert_eq!((versions[0].number, versions[0].id), (1, "a1"));
        assert_eq!(versions[0].additions, vec![&to_first]);
        assert_eq!((versions[1].number, versions[1].id), (2, "a2"));
        assert_eq!(versions[1].additions, vec![&to_second]);
    }

    #[test]
    fn the_names_parse_back() {
        for factor in Factor::ALL {
            assert_eq!(Factor::parse(factor.as_str()), Some(factor));
        }
        for weight in Weight::ALL {
            assert_eq!(Weight::parse(weight.as_str()), Some(weight));
        }
        assert_eq!(Factor::parse("luck"), None);
    }
}
