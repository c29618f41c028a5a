//! The employer register: employers are subjects of their own (an
//! organisation, not a person), with their tasks, culture, possibilities for
//! adaptation, aids and training. Contacts with them are activities
//! ([`super::participation::Activity`]) the specialists log.

use crate::casework::TaskList;
use crate::identity::Orgnr;

use super::profile::{Hours, MAX_HOURS_A_WEEK};

/// A task at an employer, with the hours a week it takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmployerTask {
    pub name: String,
    pub hours_per_week: u8,
}

/// An employer in the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Employer {
    pub orgnr: Orgnr,
    pub name: String,
    pub tasks: Vec<EmployerTask>,
    /// The workplace's culture, in a few words.
    pub culture: String,
    /// Possibilities for adaptation (one a line).
    pub adaptations: TaskList,
    /// Aids the workplace has or can have (one a line).
    pub aids: TaskList,
    /// Training the employer gives.
    pub training: String,
    /// Hours a week the employer can offer.
    pub hours: Option<Hours>,
}

/// The longest text of an employer's field.
pub const EMPLOYER_FIELD_MAX_CHARS: usize = 4_000;
/// The most tasks one employer lists.
pub const MAX_TASKS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmployerError {
    #[error("name: the employer needs a name")]
    NoName,
    #[error("tasks: a task needs a name")]
    UnnamedTask,
    #[error("tasks: '{0}' is listed twice")]
    RepeatedTask(String),
    #[error("tasks: '{0}' takes 1 to {MAX_HOURS_A_WEEK} hours a week")]
    TaskHours(String),
    #[error("tasks: at most {MAX_TASKS}")]
    TooManyTasks,
    #[error("{0}: at most {EMPLOYER_FIELD_MAX_CHARS} characters")]
    TooLong(&'static str),
}

impl Employer {
    /// Checks an employer before it is registered or changed.
    pub fn check(&self) -> Result<(), EmployerError> {
        if self.name.trim().is_empty() {
            return Err(EmployerError::NoName);
        }
        if self.tasks.len() > MAX_TASKS {
            return Err(EmployerError::TooManyTasks);
        }
        for (index, task) in self.tasks.iter().enumerate() {
            if task.name.trim().is_empty() {
                return Err(EmployerError::UnnamedTask);
            }
            if !(1..=MAX_HOURS_A_WEEK).contains(&task.hours_per_week) {
                return Err(EmployerError::TaskHours(task.name.clone()));
            }
            if self
                .tasks
                .iter()
                .take(index)
                .any(|earlier| earlier.name.to_lowercase() == task.name.to_lowercase())
            {
                return Err(EmployerError::RepeatedTask(task.name.clone()));
            }
        }
        let texts = [
            ("name", self.name.clone()),
            ("culture", self.culture.clone()),
            ("adaptations", self.adaptations.to_text()),
            ("aids", self.aids.to_text()),
            ("training", self.training.clone()),
        ];
        if let Some((field, _)) = texts
            .iter()
            .find(|(_, text)| text.chars().count() > EMPLOYER_FIELD_MAX_CHARS)
        {
            return Err(EmployerError::TooLong(field));
        }
        Ok(())
    }

    /// The task of this name (letter case aside).
    pub fn task(&self, name: &str) -> Option<&EmployerTask> {
        let name = name.trim().to_lowercase();
        self.tasks
            .iter()
            .find(|task| task.name.to_lowercase() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn bakery() -> Employer {
        Employer {
            orgnr: Orgnr::parse("910000004").unwrap(),
            name: "Bakeriet".to_owned(),
            tasks: vec![
                EmployerTask {
                    name: "Pakking".to_owned(),
                    hours_per_week: 10,
                },
                EmployerTask {
                    name: "Kasse".to_owned(),
                    hours_per_week: 15,
                },
            ],
            culture: "Lite lag, tidlig start".to_owned(),
            adaptations: TaskList::from_text("Fast arbeidsstasjon"),
            aids: TaskList::default(),
            training: "Opplæring første uke".to_owned(),
            hours: Some(Hours::new(10, 30).unwrap()),
        }
    }

    #[test]
    fn an_employer_is_named_and_its_tasks_are_distinct_with_hours() {
        let mut employer = bakery();
        assert_eq!(employer.check(), Ok(()));
        assert_eq!(
            employer.task("pakking").map(|task| task.hours_per_week),
            Some(10)
        );
        employer.tasks[1].name = "PAKKING".to_owned();
        assert_eq!(
            employer.check(),
            Err(EmployerError::RepeatedTask("PAKKING".to_owned()))
        );
        employer.tasks[1].name = "Kasse".to_owned();
        employer.tasks[1].hours_per_week = 0;
        assert_eq!(
            employer.check(),
            Err(EmployerError::TaskHours("Kasse".to_owned()))
        );
        employer.tasks[1].hours_per_week = 15;
        employer.name = " ".to_owned();
        assert_eq!(employer.check(), Err(EmployerError::NoName));
    }
}
