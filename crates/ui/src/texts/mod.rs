//! Every word the pages show, one catalogue per language: [`NB`] (Norwegian
//! bokmål, the default) and [`EN`] (English).
//!
//! A catalogue is a struct of sections, one per page (plus `common` for the
//! layout and `errors` for the error pages). Every text is a field, so a key
//! missing from one language, or misspelt in a handler or template, does not
//! compile. Texts are plain text (templates escape them); values go in as
//! named placeholders, `{name}`, filled by [`fill`]. The tests check that both
//! languages have the same placeholders for every key and no empty text.
//!
//! This module holds no logic beyond that. Which text to show when is the
//! page modules' business; numbers of the law come from
//! `tilbake_domain::followup::statute` as placeholder values, never as
//! literals here.
//!
//! To add a page's texts: write a module with a `section!` struct and its
//! `NB` and `EN` constants, and add one line to the `catalogue!` call below.
//!
//! Style: short sentences in plain language. The reader may be unwell and
//! worried. Name a Norwegian legal term once and explain it.

use std::fmt::Display;

/// Declares a section of the catalogue: a struct whose fields are all
/// `&'static str`, with `entries()` listing them by name (for the checks).
macro_rules! section {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                $field:ident,
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: &'static str,
            )*
        }

        impl $name {
            /// Every text of the section with its key.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field),)*]
            }
        }
    };
}

/// Declares the whole catalogue from its sections: the [`Texts`] struct,
/// [`NB`], [`EN`] and [`Texts::entries`].
macro_rules! catalogue {
    ($($section:ident: $section_type:ident,)*) => {
        $(mod $section;)*
        $(pub use $section::$section_type;)*

        /// The texts of one language.
        #[derive(Debug)]
        pub struct Texts {
            $(pub $section: $section_type,)*
        }

        /// Norwegian bokmål (the default).
        pub const NB: Texts = Texts {
            $($section: $section::NB,)*
        };

        /// English.
        pub const EN: Texts = Texts {
            $($section: $section::EN,)*
        };

        impl Texts {
            /// Every text with its key, `section.field`.
            pub fn entries(&self) -> Vec<(String, &'static str)> {
                let mut entries = Vec::new();
                $(
                    for (key, text) in self.$section.entries() {
                        entries.push((format!("{}.{key}", stringify!($section)), text));
                    }
                )*
                entries
            }
        }
    };
}

catalogue! {
    common: CommonTexts,
    errors: ErrorTexts,
    login: LoginTexts,
    home: HomeTexts,
    queue: QueueTexts,
    my_sick_leave: MySickLeaveTexts,
    person: PersonTexts,
    casework: CaseworkTexts,
    consent: ConsentTexts,
    guidance: GuidanceTexts,
    guidance_plan: GuidancePlanTexts,
    sessions: SessionsTexts,
    notifications: NotificationsTexts,
    statistics: StatisticsTexts,
    saved: SavedTexts,
    early: EarlyTexts,
    se: SeTexts,
    access_log: AccessLogTexts,
    icpc2: Icpc2Texts,
    meetings: MeetingsTexts,
    names: NamesTexts,
}

/// A text with its `{name}` placeholders replaced by the values given.
pub fn fill(text: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut filled = text.to_owned();
    for (name, value) in values {
        filled = filled.replace(&format!("{{{name}}}"), &value.to_string());
    }
    filled
}

/// The names of the `{placeholders}` in a text, in order of appearance.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn both_languages_have_a_non_empty_text_for_every_key() {
        for (language, texts) in [("nb", &NB), ("en", &EN)] {
            for (key, text) in texts.entries() {
                assert!(!text.trim().is_empty(), "{language}: {key} is empty");
                assert_eq!(text, text.trim(), "{language}: {key} has spaces at an end");
            }
        }
        assert_eq!(NB.entries().len(), EN.entries().len());
    }

    #[test]
    fn both_languages_have_the_same_placeholders_for_every_key() {
        for ((key, norwegian), (_, english)) in NB.entries().into_iter().zip(EN.entries()) {
            let norwegian_names: BTreeSet<&str> = placeholders(norwegian).into_iter().collect();
            let english_names: BTreeSet<&str> = placeholders(english).into_iter().collect();
            assert_eq!(norwegian_names, english_names, "{key}");
            for name in norwegian_names {
                assert!(
                    !name.is_empty()
                        && name
                            .bytes()
                            .all(|byte| byte.is_ascii_lowercase() || byte == b'_'),
                    "{key}: placeholder '{{{name}}}' must be lower-case ASCII"
                );
            }
        }
    }

    #[test]
    fn the_languages_differ_where_a_reader_would_notice() {
        // Names and numbers may read the same in both; whole sentences may not.
        let same: Vec<String> = NB
            .entries()
            .into_iter()
            .zip(EN.entries())
            .filter(|((_, norwegian), (_, english))| {
                norwegian == english && norwegian.contains(' ')
            })
            .map(|((key, _), _)| key)
            .collect();
        assert!(
            same.is_empty(),
            "the same sentence in both languages: {same:?}"
        );
    }

    #[test]
    fn fill_replaces_every_named_placeholder() {
        assert_eq!(
            fill("uke {week} av {total}", &[("week", &9), ("total", &"52")]),
            "uke 9 av 52"
        );
        assert_eq!(placeholders("a {b} c {d_e}"), vec!["b", "d_e"]);
    }
}
