//! Who may do what: roles, the scope of persons each role may see, and the
//! typed actions that every access check names and every audit entry records.
//!
//! The rules here are data; the store turns a [`PersonScope`] into a filter in
//! its SQL, so a caller never sees a row it may not see.

use crate::identity::{Fnr, Orgnr, UnitCode};

/// The parties of follow-up, plus the operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// NAV caseworker (NAV-veileder) at one NAV office.
    Caseworker,
    /// Nearest manager (nærmeste leder) at one employer.
    Manager,
    /// The sick-listed worker: the person the data is about.
    Worker,
    /// GP or other certifier (sykmelder).
    Gp,
    /// Career counsellor (karriereveileder).
    Counsellor,
    /// Job specialist in Supported Employment (jobbspesialist).
    JobSpecialist,
    /// Manages accounts; sees no person's data.
    Admin,
    /// A system client with an API token: sends documents.
    System,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Caseworker,
        Role::Manager,
        Role::Worker,
        Role::Gp,
        Role::Counsellor,
        Role::JobSpecialist,
        Role::Admin,
        Role::System,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::Manager => "manager",
            Role::Worker => "worker",
            Role::Gp => "gp",
            Role::Counsellor => "counsellor",
            Role::JobSpecialist => "job_specialist",
            Role::Admin => "admin",
            Role::System => "system",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// A signed-in user or a system client, with what its role is tied to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub unit: Option<UnitCode>,
    pub employer: Option<Orgnr>,
    pub person: Option<Fnr>,
    /// The certifier id a GP signs certificates with (`gp` on documents).
    pub gp_id: Option<String>,
    /// Granted the right to see persons with a protected address.
    pub protected_address_access: bool,
}

/// The persons an actor may see, before the protected-address rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonScope {
    /// Persons assigned to this NAV office.
    Unit(UnitCode),
    /// Persons with an open follow-up case that has a certificate from this employer.
    OpenCaseAtEmployer(Orgnr),
    /// This one person.
    Person(Fnr),
    /// Persons with a certificate from this certifier.
    PatientOf(String),
    /// Persons who have agreed, and not withdrawn, to this user seeing them.
    ConsentedTo(i64),
    /// Every person (system clients that deliver documents).
    Everyone,
    /// No person.
    Nobody,
}

impl Actor {
    /// The persons this actor may see (ftrl and aml give each party its part, nothing more).
    pub fn person_scope(&self) -> PersonScope {
        match self.role {
            Role::Caseworker => self.unit.map_or(PersonScope::Nobody, PersonScope::Unit),
            Role::Manager => self
                .employer
                .map_or(PersonScope::Nobody, PersonScope::OpenCaseAtEmployer),
            Role::Worker => self.person.map_or(PersonScope::Nobody, PersonScope::Person),
            Role::Gp => {
                PersonScope::PatientOf(self.gp_id.clone().unwrap_or_else(|| self.username.clone()))
            }
            Role::Counsellor | Role::JobSpecialist => PersonScope::ConsentedTo(self.user_id),
            Role::System => PersonScope::Everyone,
            Role::Admin => PersonScope::Nobody,
        }
    }

    /// Whether this actor may see a diagnosis. Employers never do.
    pub fn may_see_diagnosis(&self) -> bool {
        matches!(self.role, Role::Caseworker | Role::Gp | Role::Worker)
    }

    /// Whether the protected-address rule lets this actor see such a person:
    /// the person themself always, others only with the right granted.
    pub fn may_see_protected(&self, person: &Fnr) -> bool {
        self.protected_address_access || self.person.as_ref() == Some(person)
    }
}

/// A person's protected-address level (adressebeskyttelse).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressProtection {
    None,
    /// Fortrolig adresse.
    Confidential,
    /// Strengt fortrolig adresse.
    StrictlyConfidential,
}

impl AddressProtection {
    pub fn as_str(self) -> &'static str {
        match self {
            AddressProtection::None => "none",
            AddressProtection::Confidential => "fortrolig",
            AddressProtection::StrictlyConfidential => "strengt_fortrolig",
        }
    }

    pub fn parse(text: &str) -> Option<AddressProtection> {
        [
            AddressProtection::None,
            AddressProtection::Confidential,
            AddressProtection::StrictlyConfidential,
        ]
        .into_iter()
        .find(|level| level.as_str() == text)
    }
}

/// Every action on a person's data; the access check and the audit entry use the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuditAction {
    StoreDocument,
    ReadFollowup,
    ReadDocuments,
    ReadTasks,
    CompleteTask,
    ReadAuditLog,
    GrantConsent,
    WithdrawConsent,
    SetAddressProtection,
    /// The person was listed (a manager's employees, a GP's patients).
    ListPersons,
    /// A caseworker took or released one of the person's tasks.
    AssignTask,
}

impl AuditAction {
    pub const ALL: [AuditAction; 11] = [
        AuditAction::StoreDocument,
        AuditAction::ReadFollowup,
        AuditAction::ReadDocuments,
        AuditAction::ReadTasks,
        AuditAction::CompleteTask,
        AuditAction::ReadAuditLog,
        AuditAction::GrantConsent,
        AuditAction::WithdrawConsent,
        AuditAction::SetAddressProtection,
        AuditAction::ListPersons,
        AuditAction::AssignTask,
    ];

    pub fn parse(text: &str) -> Option<AuditAction> {
        AuditAction::ALL
            .into_iter()
            .find(|action| action.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::StoreDocument => "store_document",
            AuditAction::ReadFollowup => "read_followup",
            AuditAction::ReadDocuments => "read_documents",
            AuditAction::ReadTasks => "read_tasks",
            AuditAction::CompleteTask => "complete_task",
            AuditAction::ReadAuditLog => "read_audit_log",
            AuditAction::GrantConsent => "grant_consent",
            AuditAction::WithdrawConsent => "withdraw_consent",
            AuditAction::SetAddressProtection => "set_address_protection",
            AuditAction::ListPersons => "list_persons",
            AuditAction::AssignTask => "assign_task",
        }
    }

    /// Whether the action changes data (audited in the same transaction as the change).
    pub fn is_change(self) -> bool {
        matches!(
            self,
            AuditAction::StoreDocument
                | AuditAction::CompleteTask
                | AuditAction::GrantConsent
                | AuditAction::WithdrawConsent
                | AuditAction::SetAddressProtection
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_and_audit_action_reads_back_from_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
        let names: std::collections::HashSet<_> = AuditAction::ALL
            .iter()
            .map(|action| action.as_str())
            .collect();
        assert_eq!(names.len(), AuditAction::ALL.len());
    }
}
