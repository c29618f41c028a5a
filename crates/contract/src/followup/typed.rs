//! The input document read straight into domain types by serde, without a
//! `serde_json::Value` tree in between.
//!
//! This reader only ever says "valid, and here is the input" or "not for
//! me". Which error an invalid document gets is the contract's business: a
//! syntax error anywhere wins over a wrong field earlier in the text, and
//! `birth_date` is checked before `events` wherever it stands, so the message
//! can only be chosen once the whole document has been read. So on any
//! refusal [`super::parse_input`] reads the document again with the checks of
//! [`super::input_from_value`], in the contract's order, and answers with
//! their message. Invalid documents are rare; valid ones are read once.
//!
//! What makes this safe is that the reader accepts a document only if the
//! full checks accept it too, with the same result: every field the contract
//! reads is checked as strictly as there, a repeated field is refused here
//! (the full checks take the last one), and unknown fields are read with
//! `deserialize_any`, which checks numbers, escapes and nesting depth exactly
//! as reading them into a `Value` does. A property test compares the two on
//! valid, nearly valid and mutated documents.

use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use tilbake_domain::followup::{DateRange, Event, FollowupInput, Grade, SickLeave};

use super::parse_date;

/// Reads a whole document; `None` when it is not plainly valid.
pub(super) fn read_input(text: &str) -> Option<FollowupInput> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let input = DocumentSeed.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(input)
}

/// The refusal. Its text is never shown: the full checks name the problem.
fn refuse<E: de::Error>() -> E {
    E::custom("")
}

/// Reads any JSON value and keeps nothing, checking it as a `Value` would.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Skip, D::Error> {
        deserializer.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

/// The fields the contract reads, at the top and in an event.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    BirthDate,
    Today,
    Events,
    Kind,
    Id,
    From,
    To,
    Grade,
    Employer,
    Corrects,
    Date,
    Other,
}

impl Field {
    fn of(name: &str) -> Field {
        match name {
            "birth_date" => Field::BirthDate,
            "today" => Field::Today,
            "events" => Field::Events,
            "kind" => Field::Kind,
            "id" => Field::Id,
            "from" => Field::From,
            "to" => Field::To,
            "grade" => Field::Grade,
            "employer" => Field::Employer,
            "corrects" => Field::Corrects,
            "date" => Field::Date,
            _ => Field::Other,
        }
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Field, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = Field;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a field name")
            }
            fn visit_str<E>(self, name: &str) -> Result<Field, E> {
                Ok(Field::of(name))
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

/// `null` or a value: `None` for `null`, as the contract reads optional fields.
struct Nullable<T>(Option<T>);

/// A date string `YYYY-MM-DD`, or `null`.
impl<'de> Deserialize<'de> for Nullable<NaiveDate> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Nullable<NaiveDate>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a date or null")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                parse_date(text)
                    .map(|date| Nullable(Some(date)))
                    .ok_or_else(refuse)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Nullable(None))
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// A string, or `null`.
impl<'de> Deserialize<'de> for Nullable<String> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StringVisitor;
        impl Visitor<'_> for StringVisitor {
            type Value = Nullable<String>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a string or null")
            }
            fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Nullable(Some(text.to_owned())))
            }
            fn visit_string<E>(self, text: String) -> Result<Self::Value, E> {
                Ok(Nullable(Some(text)))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Nullable(None))
            }
        }
        deserializer.deserialize_any(StringVisitor)
    }
}

/// A grade: a JSON integer in 1..=100, or `null`. A float (`50.0`, `1e2`)
/// is refused, as the contract says.
impl<'de> Deserialize<'de> for Nullable<Grade> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GradeVisitor;
        impl Visitor<'_> for GradeVisitor {
            type Value = Nullable<Grade>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an integer 1..=100 or null")
            }
            fn visit_u64<E: de::Error>(self, percent: u64) -> Result<Self::Value, E> {
                let percent = i64::try_from(percent).map_err(|_| refuse::<E>())?;
                self.visit_i64(percent)
            }
            fn visit_i64<E: de::Error>(self, percent: i64) -> Result<Self::Value, E> {
                Grade::new(percent)
                    .map(|grade| Nullable(Some(grade)))
                    .map_err(|_| refuse())
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Nullable(None))
            }
        }
        deserializer.deserialize_any(GradeVisitor)
    }
}

/// The kind of an event: one of the contract's five names (never `null`).
#[derive(Clone, Copy)]
enum Kind {
    SickLeave,
    SelfCertified,
    Vacation,
    WorkResumed,
    Cancelled,
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
        struct KindVisitor;
        impl Visitor<'_> for KindVisitor {
            type Value = Kind;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an event kind")
            }
            fn visit_str<E: de::Error>(self, kind: &str) -> Result<Kind, E> {
                match kind {
                    "sick_leave" => Ok(Kind::SickLeave),
                    "self_certified" => Ok(Kind::SelfCertified),
                    "vacation" => Ok(Kind::Vacation),
                    "work_resumed" => Ok(Kind::WorkResumed),
                    "cancelled" => Ok(Kind::Cancelled),
                    _ => Err(refuse()),
                }
            }
        }
        deserializer.deserialize_any(KindVisitor)
    }
}

/// Sets `slot` once; a field given twice is refused.
fn set_once<T, E: de::Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(refuse());
    }
    *slot = Some(value);
    Ok(())
}

struct DocumentSeed;

impl<'de> DeserializeSeed<'de> for DocumentSeed {
    type Value = FollowupInput;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<FollowupInput, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed {
    type Value = FollowupInput;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a follow-up input document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FollowupInput, A::Error> {
        let mut birth_date = None;
        let mut today = None;
        let mut events = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::BirthDate => {
                    let value = map.next_value::<Nullable<NaiveDate>>()?.0;
                    set_once::<_, A::Error>(&mut birth_date, value)?;
                }
                Field::Today => {
                    let value = map.next_value::<Nullable<NaiveDate>>()?.0;
                    set_once::<_, A::Error>(&mut today, value)?;
                }
                Field::Events => {
                    let value = map.next_value_seed(EventsSeed)?;
                    set_once::<_, A::Error>(&mut events, value)?;
                }
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(FollowupInput {
            birth_date: birth_date.flatten(),
            today: today.flatten(),
            events: events.ok_or_else(refuse::<A::Error>)?,
        })
    }
}

struct EventsSeed;

impl<'de> DeserializeSeed<'de> for EventsSeed {
    type Value = Vec<Event>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<Event>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed {
    type Value = Vec<Event>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an array of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Event>, A::Error> {
        let mut events = Vec::with_capacity(seq.size_hint().unwrap_or(16).min(256));
        while let Some(event) = seq.next_element_seed(EventSeed)? {
            events.push(event);
        }
        Ok(events)
    }
}

struct EventSeed;

impl<'de> DeserializeSeed<'de> for EventSeed {
    type Value = Event;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Event, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EventSeed {
    type Value = Event;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an event")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
        let mut kind = None;
        let mut id = None;
        let mut from = None;
        let mut to = None;
        let mut grade = None;
        let mut employer = None;
        let mut corrects = None;
        let mut date = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Kind => {
                    let value = map.next_value::<Kind>()?;
                    set_once::<_, A::Error>(&mut kind, value)?;
                }
                Field::Id => {
                    let value = map.next_value::<Nullable<String>>()?.0;
                    set_once::<_, A::Error>(&mut id, value)?;
                }
                Field::From => {
                    let value = map.next_value::<Nullable<NaiveDate>>()?.0;
                    set_once::<_, A::Error>(&mut from, value)?;
                }
                Field::To => {
                    let value = map.next_value::<Nullable<NaiveDate>>()?.0;
                    set_once::<_, A::Error>(&mut to, value)?;
                }
                Field::Grade => {
                    let value = map.next_value::<Nullable<Grade>>()?.0;
                    set_once::<_, A::Error>(&mut grade, value)?;
                }
                Field::Employer => {
                    let value = map.next_value::<Nullable<String>>()?.0;
                    set_once::<_, A::Error>(&mut employer, value)?;
                }
                Field::Corrects => {
                    let value = map.next_value::<Nullable<String>>()?.0;
                    set_once::<_, A::Error>(&mut corrects, value)?;
                }
                Field::Date => {
                    let value = map.next_value::<Nullable<NaiveDate>>()?.0;
                    set_once::<_, A::Error>(&mut date, value)?;
                }
                Field::BirthDate | Field::Today | Field::Events | Field::Other => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        let required =
            |value: Option<Option<NaiveDate>>| value.flatten().ok_or_else(refuse::<A::Error>);
        let range = |from, to| -> Result<DateRange, A::Error> {
            DateRange::new(required(from)?, required(to)?).map_err(|_| refuse::<A::Error>())
        };
        let required_id = |id: Option<Option<String>>| id.flatten().ok_or_else(refuse::<A::Error>);
        match kind.ok_or_else(refuse::<A::Error>)? {
            Kind::SickLeave => Ok(Event::SickLeave(SickLeave {
                id: required_id(id)?,
                period: range(from, to)?,
                grade: grade.flatten().unwrap_or(Grade::FULL),
                employer: employer.flatten(),
                corrects: corrects.flatten(),
            })),
            Kind::SelfCertified => Ok(Event::SelfCertified(range(from, to)?)),
            Kind::Vacation => Ok(Event::Vacation(range(from, to)?)),
            Kind::WorkResumed => Ok(Event::WorkResumed(required(date)?)),
            Kind::Cancelled => Ok(Event::Cancelled {
                id: required_id(id)?,
            }),
        }
    }
}
