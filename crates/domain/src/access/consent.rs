//! Consent for a purpose: the worker lets a counsellor or a job specialist
//! see them, for one purpose, and only the categories of data they share.
//!
//! These are the words of consent as plain data. Who sees what under a
//! consent is decided in [`super::policy`]; the history of grants, changes
//! and withdrawals is kept by the store (append-only).

use super::Role;

/// Why someone may see a person. The statutory parties see a person for
/// the follow-up the law gives them; everyone else only for a purpose the
/// person has consented to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Purpose {
    /// The statutory sickness-absence follow-up (ftrl kap. 8, aml § 4-6).
    Followup,
    /// Career guidance (karriereveiledning) by a counsellor.
    Guidance,
    /// Supported Employment by a job specialist (jobbspesialist).
    SupportedEmployment,
}

impl Purpose {
    /// The purposes a person can consent to.
    pub const CONSENTED: [Purpose; 2] = [Purpose::Guidance, Purpose::SupportedEmployment];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Followup => "followup",
            Purpose::Guidance => "guidance",
            Purpose::SupportedEmployment => "supported_employment",
        }
    }

    /// A purpose a person can consent to, by its contract name.
    pub fn parse_consented(text: &str) -> Option<Purpose> {
        Purpose::CONSENTED
            .into_iter()
            .find(|purpose| purpose.as_str() == text)
    }

    /// The purpose a role works for: the statutory parties for the
    /// follow-up, a counsellor for guidance, a job specialist for
    /// Supported Employment. Admins and method supervisors work for none
    /// (no one consents to them).
    pub fn of_role(role: Role) -> Option<Purpose> {
        match role {
            Role::Caseworker | Role::Manager | Role::Worker | Role::Gp | Role::System => {
                Some(Purpose::Followup)
            }
            Role::Counsellor => Some(Purpose::Guidance),
            Role::JobSpecialist => Some(Purpose::SupportedEmployment),
            // The method supervisor sees no person through a consent: the
            // provider's queue and team, never a participant's records.
            Role::SeSupervisor | Role::Admin => None,
        }
    }

    /// Whether the purpose needs the person's consent.
    pub fn needs_consent(self) -> bool {
        self != Purpose::Followup
    }

    /// The category that is always shared with a consent for this purpose.
    pub fn own_category(self) -> Option<Category> {
        match self {
            Purpose::Followup => None,
            Purpose::Guidance => Some(Category::Guidance),
            Purpose::SupportedEmployment => Some(Category::SupportedEmployment),
        }
    }
}

/// A part of a person's data that a consent can share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Follow-up cases and milestones, no certificates.
    Followup,
    /// The certificates' periods, grades and employers (and self-certified
    /// days, holidays and return to work); never a diagnosis.
    Certificates,
    /// Follow-up plans and dialogue meetings.
    Casework,
    /// Career guidance: sessions, self-assessments, report and action plan.
    Guidance,
    /// Supported Employment: vocational profile, job matching, follow-up.
    SupportedEmployment,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::Followup,
        Category::Certificates,
        Category::Casework,
        Category::Guidance,
        Category::SupportedEmployment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Followup => "followup",
            Category::Certificates => "certificates",
            Category::Casework => "casework",
            Category::Guidance => "guidance",
            Category::SupportedEmployment => "supported_employment",
        }
    }

    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|category| category.as_str() == text)
    }

    fn bit(self) -> u8 {
        match self {
            Category::Followup => 1,
            Category::Certificates => 2,
            Category::Casework => 4,
            Category::Guidance => 8,
            Category::SupportedEmployment => 16,
        }
    }
}

/// The categories a consent shares: a set, always listed in the order of
/// [`Category::ALL`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Share(u8);

impl Share {
    pub const NONE: Share = Share(0);

    pub fn of(categories: impl IntoIterator<Item = Category>) -> Share {
        categories.into_iter().fold(Share::NONE, Share::with)
    }

    #[must_use]
    pub fn with(self, category: Category) -> Share {
        Share(self.0 | category.bit())
    }

    pub fn contains(self, category: Category) -> bool {
        self.0 & category.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn categories(self) -> impl Iterator<Item = Category> {
        Category::ALL
            .into_iter()
            .filter(move |category| self.contains(*category))
    }

    /// The stored form: the categories' names, comma-separated.
    pub fn to_text(self) -> String {
        self.categories()
            .map(Category::as_str)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads the stored form; unknown names are skipped, so a category that
    /// a later version no longer knows shares nothing rather than failing.
    pub fn from_text(text: &str) -> Share {
        Share::of(text.split(',').filter_map(Category::parse))
    }
}

/// What a person has shared with one grantee for one purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Consent {
    pub purpose: Purpose,
    pub share: Share,
}

impl Consent {
    /// A consent for `purpose` sharing `share` and, always, the purpose's
    /// own category.
    pub fn new(purpose: Purpose, share: Share) -> Consent {
        let share = purpose.own_category().map_or(share, |own| share.with(own));
        Consent { purpose, share }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_reads_back_from_its_stored_form_in_a_fixed_order() {
        let share = Share::of([Category::Casework, Category::Followup]);
        assert_eq!(share.to_text(), "followup,casework");
        assert_eq!(Share::from_text(&share.to_text()), share);
        assert_eq!(Share::from_text(""), Share::NONE);
        assert_eq!(
            Share::from_text("followup,unknown"),
            Share::of([Category::Followup])
        );
    }

    #[test]
    fn a_consent_always_shares_its_purpose_s_own_category() {
        let consent = Consent::new(Purpose::Guidance, Share::of([Category::Followup]));
        assert!(consent.share.contains(Category::Guidance));
        assert!(consent.share.contains(Category::Followup));
        assert!(!consent.share.contains(Category::SupportedEmployment));
    }

    #[test]
    fn each_role_works_for_one_purpose() {
        assert_eq!(Purpose::of_role(Role::Counsellor), Some(Purpose::Guidance));
        assert_eq!(
            Purpose::of_role(Role::JobSpecialist),
            Some(Purpose::SupportedEmployment)
        );
        assert_eq!(Purpose::of_role(Role::Manager), Some(Purpose::Followup));
        assert_eq!(Purpose::of_role(Role::Admin), None);
        for purpose in Purpose::CONSENTED {
            assert_eq!(Purpose::parse_consented(purpose.as_str()), Some(purpose));
        }
        assert_eq!(Purpose::parse_consented("followup"), None);
    }
}
