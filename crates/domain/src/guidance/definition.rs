//! The definition of an instrument, valid by construction: every id matches
//! its pattern and is unique, every item names a scale of its instrument,
//! every scale has an item, and the answer range is sane.

use thiserror::Error;

/// The languages an instrument's texts may be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    Nb,
    Nn,
    En,
    Se,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::Nb, Language::Nn, Language::En, Language::Se];

    /// The code a definition writes (`nb`, `nn`, `en`, `se`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Nb => "nb",
            Language::Nn => "nn",
            Language::En => "en",
            Language::Se => "se",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.code() == code)
    }
}

/// Why a text or a set of texts is refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TextsError {
    #[error("must not be empty")]
    Empty(Language),
    #[error("is {chars} characters long; at most {max} are allowed", max = Texts::MAX_CHARS)]
    TooLong { language: Language, chars: usize },
    #[error("the {} text is required", .0.code())]
    Missing(Language),
}

/// One text in several languages; `nb` and `en` are always there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    /// In [`Language::ALL`] order, each language once.
    entries: Vec<(Language, String)>,
}

impl Texts {
    pub const MAX_CHARS: usize = 500;
    pub const REQUIRED: [Language; 2] = [Language::Nb, Language::En];

    /// Takes texts per language; a language given twice keeps the last text.
    pub fn new(entries: impl IntoIterator<Item = (Language, String)>) -> Result<Texts, TextsError> {
        let mut checked: Vec<(Language, String)> = Vec::new();
        for (language, text) in entries {
            if text.is_empty() {
                return Err(TextsError::Empty(language));
            }
            let chars = text.chars().count();
            if chars > Texts::MAX_CHARS {
                return Err(TextsError::TooLong { language, chars });
            }
            checked.retain(|(known, _)| *known != language);
            checked.push((language, text));
        }
        if let Some(missing) = Texts::REQUIRED
            .into_iter()
            .find(|required| checked.iter().all(|(language, _)| language != required))
        {
            return Err(TextsError::Missing(missing));
        }
        checked.sort_by_key(|(language, _)| *language);
        Ok(Texts { entries: checked })
    }

    /// The same text in bokmål and English: for texts the project writes itself.
    pub fn nb_en(nb: &str, en: &str) -> Texts {
        Texts {
            entries: vec![(Language::Nb, nb.to_owned()), (Language::En, en.to_owned())],
        }
    }

    pub fn get(&self, language: Language) -> Option<&str> {
        self.entries
            .iter()
            .find(|(known, _)| *known == language)
            .map(|(_, text)| text.as_str())
    }

    /// The text for a reader: their language, else bokmål (always present).
    pub fn for_reader(&self, language: Language) -> &str {
        self.get(language)
            .or_else(|| self.get(Language::Nb))
            .unwrap_or_default()
    }

    pub fn entries(&self) -> impl Iterator<Item = (Language, &str)> {
        self.entries
            .iter()
            .map(|(language, text)| (*language, text.as_str()))
    }
}

/// Why an id is refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{shown} does not match {pattern}")]
pub struct IdError {
    shown: String,
    pattern: &'static str,
}

fn id_error(text: &str, pattern: &'static str) -> IdError {
    IdError {
        shown: quoted(text),
        pattern,
    }
}

/// A value quoted for an error message, shortened so a message stays one line.
pub(crate) fn quoted(text: &str) -> String {
    let mut shown: String = text.chars().take(60).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    format!("'{}'", shown.escape_debug())
}

/// An instrument's id: `^[a-z][a-z0-9-]{0,39}$`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InstrumentId(String);

impl InstrumentId {
    pub const PATTERN: &'static str = "^[a-z][a-z0-9-]{0,39}$";

    pub fn parse(text: &str) -> Result<InstrumentId, IdError> {
        let mut chars = text.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if first_ok && rest_ok && text.len() <= 40 {
            Ok(InstrumentId(text.to_owned()))
        } else {
            Err(id_error(text, Self::PATTERN))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The id of a scale, an item or an area, unique within its list.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ElementId(String);

impl ElementId {
    pub const SCALE_PATTERN: &'static str = "^[A-Za-z][A-Za-z0-9_-]{0,19}$";
    pub const ITEM_PATTERN: &'static str = "^[a-z0-9][a-z0-9_-]{0,39}$";

    /// A scale's id: `^[A-Za-z][A-Za-z0-9_-]{0,19}$`.
    pub fn parse_scale(text: &str) -> Result<ElementId, IdError> {
        let mut chars = text.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
        let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if first_ok && rest_ok && text.len() <= 20 {
            Ok(ElementId(text.to_owned()))
        } else {
            Err(id_error(text, Self::SCALE_PATTERN))
        }
    }

    /// An item's or an area's id: `^[a-z0-9][a-z0-9_-]{0,39}$`.
    pub fn parse_item(text: &str) -> Result<ElementId, IdError> {
        let lower_or_digit = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
        let mut chars = text.chars();
        let first_ok = chars.next().is_some_and(lower_or_digit);
        let rest_ok = chars.all(|c| lower_or_digit(c) || c == '_' || c == '-');
        if first_ok && rest_ok && text.len() <= 40 {
            Ok(ElementId(text.to_owned()))
        } else {
            Err(id_error(text, Self::ITEM_PATTERN))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why an answer range or one of its labels is refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RangeError {
    #[error("must be greater than answers.min")]
    MaxNotAboveMin,
    #[error("must be at most {}", AnswerRange::CEILING)]
    MaxTooHigh,
    #[error("{value} is not an answer in {min}..={max}")]
    LabelOutside { value: u64, min: u8, max: u8 },
}

/// The answers an instrument takes: every integer in `min..=max`, with an
/// optional text per value saying what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerRange {
    min: u8,
    max: u8,
    labels: Vec<(u8, Texts)>,
}

impl AnswerRange {
    /// The largest `max` a definition may have.
    pub const CEILING: u8 = 100;

    pub fn new(min: u8, max: u8) -> Result<AnswerRange, RangeError> {
        if max > Self::CEILING {
            Err(RangeError::MaxTooHigh)
        } else if max <= min {
            Err(RangeError::MaxNotAboveMin)
        } else {
            Ok(AnswerRange {
                min,
                max,
                labels: Vec::new(),
            })
        }
    }

    /// Adds (or replaces) the label of one answer value.
    pub fn with_label(mut self, value: u64, text: Texts) -> Result<AnswerRange, RangeError> {
        let value = self.check(value).map_err(|_| RangeError::LabelOutside {
            value,
            min: self.min,
            max: self.max,
        })?;
        self.labels.retain(|(known, _)| *known != value);
        self.labels.push((value, text));
        self.labels.sort_by_key(|(value, _)| *value);
        Ok(self)
    }

    pub fn min(&self) -> u8 {
        self.min
    }

    pub fn max(&self) -> u8 {
        self.max
    }

    pub fn labels(&self) -> &[(u8, Texts)] {
        &self.labels
    }

    pub fn label(&self, value: u8) -> Option<&Texts> {
        self.labels
            .iter()
            .find(|(known, _)| *known == value)
            .map(|(_, text)| text)
    }

    /// An answer value, when it lies in the range.
    pub fn check(&self, value: u64) -> Result<u8, OutsideRange> {
        match u8::try_from(value) {
            Ok(answer) if (self.min..=self.max).contains(&answer) => Ok(answer),
            _ => Err(OutsideRange {
                value: value.to_string(),
                min: self.min,
                max: self.max,
            }),
        }
    }

    /// The same for a signed value (a negative answer is always outside).
    pub fn check_signed(&self, value: i64) -> Result<u8, OutsideRange> {
        u64::try_from(value)
            .map_err(|_| OutsideRange {
                value: value.to_string(),
                min: self.min,
                max: self.max,
            })
            .and_then(|value| self.check(value))
    }
}

/// An answer outside the instrument's range: `6 is outside 1..=5`.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{value} is outside {min}..={max}")]
pub struct OutsideRange {
    value: String,
    min: u8,
    max: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scale {
    pub id: ElementId,
    pub title: Texts,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: ElementId,
    /// The index of its scale in the definition's `scales`.
    pub scale: usize,
    pub text: Texts,
    pub reversed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    pub id: ElementId,
    pub title: Texts,
}

/// What is rated: items on scales, or areas of a wheel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    Scales {
        scales: Vec<Scale>,
        items: Vec<Item>,
    },
    Wheel {
        areas: Vec<Area>,
    },
}

/// An item as written, before its scale is looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemDraft {
    pub id: ElementId,
    pub scale: String,
    pub text: Texts,
    pub reversed: bool,
}

/// Why a definition's lists do not fit together. Indexes are positions in
/// the list the problem is in, so the edge can name the field.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DefinitionError {
    #[error("must not be empty")]
    NoScales,
    #[error("must not be empty")]
    NoItems,
    #[error("must not be empty")]
    NoAreas,
    #[error("{} is used by an earlier scale", quoted(.id))]
    DuplicateScale { index: usize, id: String },
    #[error("{} is used by an earlier item", quoted(.id))]
    DuplicateItem { index: usize, id: String },
    #[error("{} is used by an earlier area", quoted(.id))]
    DuplicateArea { index: usize, id: String },
    #[error("{} is not a scale of this instrument", quoted(.scale))]
    UnknownScale { index: usize, scale: String },
    #[error("scale {} has no item", quoted(.id))]
    EmptyScale { index: usize, id: String },
    #[error("must be between 1 and {}, not {value}", Definition::MAX_VERSION)]
    Version { value: String },
}

impl Shape {
    /// A `scales` instrument: ids unique, every item on a scale, every scale with an item.
    pub fn scales(scales: Vec<Scale>, drafts: Vec<ItemDraft>) -> Result<Shape, DefinitionError> {
        if scales.is_empty() {
            return Err(DefinitionError::NoScales);
        }
        if drafts.is_empty() {
            return Err(DefinitionError::NoItems);
        }
        if let Some((index, id)) = first_repeat(scales.iter().map(|scale| &scale.id)) {
            return Err(DefinitionError::DuplicateScale { index, id });
        }
        if let Some((index, id)) = first_repeat(drafts.iter().map(|item| &item.id)) {
            return Err(DefinitionError::DuplicateItem { index, id });
        }
        let mut items = Vec::with_capacity(drafts.len());
        for (index, draft) in drafts.into_iter().enumerate() {
            let Some(scale) = scales
                .iter()
                .position(|scale| scale.id.as_str() == draft.scale)
            else {
                return Err(DefinitionError::UnknownScale {
                    index,
                    scale: draft.scale,
                });
            };
            items.push(Item {
                id: draft.id,
                scale,
                text: draft.text,
                reversed: draft.reversed,
            });
        }
        if let Some((index, scale)) = scales
            .iter()
            .enumerate()
            .find(|(index, _)| items.iter().all(|item| item.scale != *index))
        {
            return Err(DefinitionError::EmptyScale {
                index,
                id: scale.id.as_str().to_owned(),
            });
        }
        Ok(Shape::Scales { scales, items })
    }

    /// A wheel: at least one area, ids unique.
    pub fn wheel(areas: Vec<Area>) -> Result<Shape, DefinitionError> {
        if areas.is_empty() {
            return Err(DefinitionError::NoAreas);
        }
        if let Some((index, id)) = first_repeat(areas.iter().map(|area| &area.id)) {
            return Err(DefinitionError::DuplicateArea { index, id });
        }
        Ok(Shape::Wheel { areas })
    }

    /// The contract's name of the shape: `scales` or `wheel`.
    pub fn kind(&self) -> &'static str {
        match self {
            Shape::Scales { .. } => "scales",
            Shape::Wheel { .. } => "wheel",
        }
    }
}

/// The index and id of the first id that an earlier one already used.
fn first_repeat<'a>(ids: impl Iterator<Item = &'a ElementId>) -> Option<(usize, String)> {
    let mut seen = std::collections::HashSet::new();
    ids.enumerate()
        .find(|(_, id)| !seen.insert(id.as_str()))
        .map(|(index, id)| (index, id.as_str().to_owned()))
}

/// One instrument, as a career centre writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    pub id: InstrumentId,
    pub version: u32,
    pub title: Texts,
    pub answers: AnswerRange,
    pub shape: Shape,
}

impl Definition {
    pub const MAX_VERSION: u32 = 1_000_000;

    /// A version number, when it lies in 1..=1000000.
    pub fn check_version(value: u64) -> Result<u32, DefinitionError> {
        match u32::try_from(value) {
            Ok(version) if (1..=Self::MAX_VERSION).contains(&version) => Ok(version),
            _ => Err(DefinitionError::Version {
                value: value.to_string(),
            }),
        }
    }

    /// How many items (or areas) the person answers.
    pub fn question_count(&self) -> usize {
        match &self.shape {
            Shape::Scales { items, .. } => items.len(),
            Shape::Wheel { areas } => areas.len(),
        }
    }
}
