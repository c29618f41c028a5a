//! NAV's early follow-up sessions (tidlige oppfølgingssamtaler) in weeks 14
//! and 16 of a sick leave: a structured conversation between a caseworker and
//! the sick-listed worker, tried by NAV and found to help (the worker gets an
//! outsider's view, learns their rights and duties, and meets a person rather
//! than a system). A NAV office (unit) switches them on or off; when on, each
//! case that reaches week 14 and week 16 gives NAV a task (see
//! [`crate::tasks`]).
//!
//! A session is recorded as a case-work document ([`EarlySession`]): its
//! date, how long it lasted (at most [`MAX_SESSION_MINUTES`]) and a checklist
//! of topics, each with a short note. Session 2 is read as what changed since
//! session 1 ([`changes`]), so the caseworker and the worker see at once what
//! moved.
//!
//! It is not the place for who may see a session (the access policy) or its
//! JSON (`tilbake-contract`).

use chrono::NaiveDate;

/// Which of the two early sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SessionNumber {
    /// In week 14.
    One,
    /// In week 16.
    Two,
}

impl SessionNumber {
    pub const ALL: [SessionNumber; 2] = [SessionNumber::One, SessionNumber::Two];

    pub fn number(self) -> u8 {
        match self {
            SessionNumber::One => 1,
            SessionNumber::Two => 2,
        }
    }

    pub fn parse(number: i64) -> Option<SessionNumber> {
        match number {
            1 => Some(SessionNumber::One),
            2 => Some(SessionNumber::Two),
            _ => None,
        }
    }

    /// The week of the sick leave the session belongs in (NAV's trial held
    /// them after 14 and 16 weeks).
    pub fn week(self) -> u32 {
        match self {
            SessionNumber::One => 14,
            SessionNumber::Two => 16,
        }
    }
}

/// The topics of an early session's checklist, in the order they are talked
/// through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// The work situation: tasks, hours, what works now.
    WorkSituation,
    /// The relation to the employer and the nearest manager.
    EmployerRelation,
    /// The plan for returning to work.
    ReturnPlan,
    /// Treatment: what is going on, what is waited for.
    Treatment,
    /// Work ability: what the worker can do.
    WorkAbility,
    /// Rights and duties while on sickness benefit.
    RightsAndDuties,
    /// Measures NAV or the employer can offer.
    Measures,
    /// Money after the maximum date (when sickness benefit ends).
    MoneyAfterMaxDate,
}

impl Topic {
    pub const ALL: [Topic; 8] = [
        Topic::WorkSituation,
        Topic::EmployerRelation,
        Topic::ReturnPlan,
        Topic::Treatment,
        Topic::WorkAbility,
        Topic::RightsAndDuties,
        Topic::Measures,
        Topic::MoneyAfterMaxDate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::WorkSituation => "work_situation",
            Topic::EmployerRelation => "employer_relation",
            Topic::ReturnPlan => "return_plan",
            Topic::Treatment => "treatment",
            Topic::WorkAbility => "work_ability",
            Topic::RightsAndDuties => "rights_and_duties",
            Topic::Measures => "measures",
            Topic::MoneyAfterMaxDate => "money_after_max_date",
        }
    }

    pub fn parse(text: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|topic| topic.as_str() == text)
    }
}

/// The longest an early session lasts: NAV's trial planned an hour, and a
/// longer record is a typing error (600 for 60) rather than a session.
pub const MAX_SESSION_MINUTES: u16 = 60;

/// The longest note on one topic, in characters: a short note, not minutes.
pub const MAX_TOPIC_NOTE_CHARS: usize = 1_000;

/// How long a session lasted: 1 to [`MAX_SESSION_MINUTES`] minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SessionMinutes(u16);

/// A duration that is not 1 to [`MAX_SESSION_MINUTES`] minutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "must be 1 to {MAX_SESSION_MINUTES} minutes: an early session lasts at most an hour, not {0}"
)]
pub struct MinutesOutOfRange(pub i64);

impl SessionMinutes {
    pub fn new(minutes: i64) -> Result<SessionMinutes, MinutesOutOfRange> {
        u16::try_from(minutes)
            .ok()
            .filter(|minutes| (1..=MAX_SESSION_MINUTES).contains(minutes))
            .map(SessionMinutes)
            .ok_or(MinutesOutOfRange(minutes))
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

/// One topic talked about, with the caseworker's short note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicNote {
    pub topic: Topic,
    pub note: String,
}

/// The record of one early session. The checklist holds each topic talked
/// about once, in [`Topic::ALL`] order; a topic left out was not talked about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EarlySession {
    pub session: SessionNumber,
    pub date: NaiveDate,
    pub minutes: SessionMinutes,
    pub topics: Vec<TopicNote>,
}

/// A checklist that names a topic twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("names the topic {} twice", .0.as_str())]
pub struct RepeatedTopic(pub Topic);

impl EarlySession {
    /// A session with its checklist put in [`Topic::ALL`] order; a topic
    /// named twice is refused.
    pub fn new(
        session: SessionNumber,
        date: NaiveDate,
        minutes: SessionMinutes,
        mut topics: Vec<TopicNote>,
    ) -> Result<EarlySession, RepeatedTopic> {
        topics.sort_by_key(|note| note.topic);
        if let Some(pair) = topics.windows(2).find(|pair| match pair {
            [first, second] => first.topic == second.topic,
            _ => false,
        }) {
            if let Some(first) = pair.first() {
                return Err(RepeatedTopic(first.topic));
            }
        }
        Ok(EarlySession {
            session,
            date,
            minutes,
            topics,
        })
    }

    /// The note on a topic, if it was talked about.
    pub fn note(&self, topic: Topic) -> Option<&str> {
        self.topics
            .iter()
            .find(|note| note.topic == topic)
            .map(|note| note.note.as_str())
    }
}

/// How one topic differs between session 1 and session 2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TopicChange<'a> {
    /// Talked about in session 2, not in session 1.
    New { note: &'a str },
    /// Talked about in both, with another note.
    Changed { before: &'a str, after: &'a str },
    /// Talked about in session 1, not in session 2.
    NotTalkedAbout { before: &'a str },
}

/// What session 2 changed since session 1, topic by topic, in
/// [`Topic::ALL`] order; a topic with the same note in both (ignoring
/// spaces and line breaks around and between words), or in neither, is left
/// out.
pub fn changes<'a>(
    first: &'a EarlySession,
    second: &'a EarlySession,
) -> Vec<(Topic, TopicChange<'a>)> {
    Topic::ALL
        .into_iter()
        .filter_map(|topic| {
            let change = match (first.note(topic), second.note(topic)) {
                (None, None) => return None,
                (None, Some(note)) => TopicChange::New { note },
                (Some(before), None) => TopicChange::NotTalkedAbout { before },
                (Some(before), Some(after)) => {
                    if same_words(before, after) {
                        return None;
                    }
                    TopicChange::Changed { before, after }
                }
            };
            Some((topic, change))
        })
        .collect()
}

fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// A person's early sessions as recorded, each the latest record of its
/// number with its document id (a corrected record replaces the first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EarlySessions<'a> {
    pub first: Option<(&'a str, &'a EarlySession)>,
    pub second: Option<(&'a str, &'a EarlySession)>,
}

/// The early sessions among `sessions` (document id and record, in the
/// order received).
pub fn early_sessions<'a>(
    sessions: impl IntoIterator<Item = (&'a str, &'a EarlySession)>,
) -> EarlySessions<'a> {
    let mut found = EarlySessions::default();
    for (id, session) in sessions {
        match session.session {
            SessionNumber::One => found.first = Some((id, session)),
            SessionNumber::Two => found.second = Some((id, session)),
        }
    }
    found
}

/// The day a case reaches week `week` (its first day) and the day NAV's
/// task for that week's session is due (the week's last day), counting the
/// case's first day as day 1 of week 1.
///
/// Due at the end of the week itself, not later: the trial held the
/// sessions in weeks 14 and 16 so that they come before NAV starts to
/// prepare dialogue meeting 2 (day 120, in week 18) and two weeks apart,
/// which gives session 2 something to follow up; a later due date would let
/// the two run together.
pub fn session_window(case_start: NaiveDate, session: SessionNumber) -> (NaiveDate, NaiveDate) {
    let first_day = u64::from((session.week() - 1) * 7);
    let last_day = u64::from(session.week() * 7 - 1);
    let add = |days: u64| {
        case_start
            .checked_add_days(chrono::Days::new(days))
            .unwrap_or(NaiveDate::MAX)
    };
    (add(first_day), add(last_day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn note(topic: Topic, text: &str) -> TopicNote {
        TopicNote {
            topic,
            note: text.to_owned(),
        }
    }

    fn session(number: SessionNumber, notes: Vec<TopicNote>) -> EarlySession {
        EarlySession::new(
            number,
            date("2024-04-08"),
            SessionMinutes::new(45).unwrap(),
            notes,
        )
        .unwrap()
    }

    #[test]
    fn minutes_are_one_to_sixty() {
        assert_eq!(SessionMinutes::new(1).unwrap().get(), 1);
        assert_eq!(SessionMinutes::new(60).unwrap().get(), 60);
        for bad in [0, 61, 600, -5, i64::MAX] {
            let error = SessionMinutes::new(bad).unwrap_err();
            assert!(error.to_string().contains("at most an hour"), "{error}");
        }
    }

    #[test]
    fn a_topic_named_twice_is_refused_and_the_checklist_is_ordered() {
        let error = EarlySession::new(
            SessionNumber::One,
            date("2024-04-08"),
            SessionMinutes::new(30).unwrap(),
            vec![note(Topic::Treatment, "a"), note(Topic::Treatment, "b")],
        )
        .unwrap_err();
        assert_eq!(error, RepeatedTopic(Topic::Treatment));
        let ordered = session(
            SessionNumber::One,
            vec![
                note(Topic::MoneyAfterMaxDate, "m"),
                note(Topic::WorkSituation, "w"),
            ],
        );
        assert_eq!(
            ordered.topics.iter().map(|n| n.topic).collect::<Vec<_>>(),
            vec![Topic::WorkSituation, Topic::MoneyAfterMaxDate]
        );
    }

    #[test]
    fn session_two_shows_only_what_changed() {
        let first = session(
            SessionNumber::One,
            vec![
                note(Topic::WorkSituation, "Jobber 20 %, kundemottak."),
                note(Topic::EmployerRelation, "God dialog med lederen."),
                note(Topic::Treatment, "Venter på fysioterapi."),
                note(Topic::RightsAndDuties, "Forklarte aktivitetsplikten."),
            ],
        );
        let second = session(
            SessionNumber::Two,
            vec![
                note(Topic::WorkSituation, "Jobber 40 %, kundemottak."),
                note(Topic::EmployerRelation, "God  dialog\nmed lederen. "),
                note(Topic::ReturnPlan, "Opptrapping til 60 % i mai."),
                note(Topic::Treatment, "Venter på fysioterapi."),
            ],
        );
        assert_eq!(
            changes(&first, &second),
            vec![
                (
                    Topic::WorkSituation,
                    TopicChange::Changed {
                        before: "Jobber 20 %, kundemottak.",
                        after: "Jobber 40 %, kundemottak."
                    }
                ),
                (
                    Topic::ReturnPlan,
                    TopicChange::New {
                        note: "Opptrapping til 60 % i mai."
                    }
                ),
                (
                    Topic::RightsAndDuties,
                    TopicChange::NotTalkedAbout {
                        before: "Forklarte aktivitetsplikten."
                    }
                ),
            ]
        );
    }

    #[test]
    fn the_latest_record_of_each_session_counts() {
        let one = session(SessionNumber::One, vec![]);
        let one_again = session(SessionNumber::One, vec![note(Topic::Measures, "x")]);
        let two = session(SessionNumber::Two, vec![]);
        let found = early_sessions([("a", &one), ("b", &two), ("c", &one_again)]);
        assert_eq!(found.first, Some(("c", &one_again)));
        assert_eq!(found.second, Some(("b", &two)));
        assert_eq!(early_sessions([]), EarlySessions::default());
    }

    #[test]
    fn weeks_fourteen_and_sixteen_start_and_end_on_the_right_days() {
        let start = date("2024-01-01");
        // Day 1 is 1 January; week 14 is days 92–98.
        assert_eq!(
            session_window(start, SessionNumber::One),
            (date("2024-04-01"), date("2024-04-07"))
        );
        assert_eq!(
            session_window(start, SessionNumber::Two),
            (date("2024-04-15"), date("2024-04-21"))
        );
    }

    fn topic_strategy() -> impl Strategy<Value = Vec<TopicNote>> {
        proptest::collection::btree_map(0..Topic::ALL.len(), "[a-c ]{0,6}", 0..=Topic::ALL.len())
            .prop_map(|notes| {
                notes
                    .into_iter()
                    .map(|(index, text)| note(Topic::ALL[index], &text))
                    .collect()
            })
    }

    proptest! {
        /// Applying the changes to session 1 gives session 2's checklist,
        /// up to spacing; a session compared with itself has no change; each
        /// topic is named at most once, in order.
        #[test]
        fn the_changes_take_session_one_to_session_two(
            first in topic_strategy(),
            second in topic_strategy(),
        ) {
            let first = session(SessionNumber::One, first);
            let second = session(SessionNumber::Two, second);
            prop_assert!(changes(&first, &first).is_empty());
            let diff = changes(&first, &second);
            let topics: Vec<Topic> = diff.iter().map(|(topic, _)| *topic).collect();
            let mut sorted = topics.clone();
            sorted.sort();
            sorted.dedup();
            prop_assert_eq!(&sorted, &topics);
            for topic in Topic::ALL {
                let after: Option<&str> = match diff.iter().find(|(t, _)| *t == topic) {
                    None => first.note(topic),
                    Some((_, TopicChange::New { note })) => Some(note),
                    Some((_, TopicChange::Changed { before, after })) => {
                        prop_assert_eq!(first.note(topic), Some(*before));
                        Some(after)
                    }
                    Some((_, TopicChange::NotTalkedAbout { before })) => {
                        prop_assert_eq!(first.note(topic), Some(*before));
                        None
                    }
                };
                prop_assert_eq!(
                    after.map(|n| n.split_whitespace().collect::<Vec<_>>()),
                    second.note(topic).map(|n| n.split_whitespace().collect::<Vec<_>>())
                );
            }
        }
    }
}
