//! Who may do what: roles, the facts of an account that access is decided
//! by ([`Principal`]), consent for a purpose ([`consent`]), the one access
//! policy ([`policy`]) and the typed actions that every access check names
//! and every audit entry records.
//!
//! Every access rule of tilbake is in [`policy`]: the store turns its
//! answers into SQL filters, and the pages and the API only ask it. This
//! module is not where an actor is made: the store makes the `Actor` (a
//! capability around a [`Principal`]) only from a sign-in or a token look-up.

pub mod consent;
pub mod policy;

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
    /// Method supervisor of a Supported Employment provider (metodeveileder):
    /// the provider's queue, assignments and team fidelity, no participant's
    /// notes or profile.
    SeSupervisor,
    /// Manages accounts; sees no person's data.
    Admin,
    /// A system client with an API token: sends documents.
    System,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Caseworker,
        Role::Manager,
        Role::Worker,
        Role::Gp,
        Role::Counsellor,
        Role::JobSpecialist,
        Role::SeSupervisor,
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
            Role::SeSupervisor => "se_supervisor",
            Role::Admin => "admin",
            Role::System => "system",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }
}

/// The facts of an account that access is decided by: its role and what the
/// role is tied to. Plain data for the pure policy; holding one proves
/// nothing (the store's `Actor`, made only by sign-in and token look-up, does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub role: Role,
    pub unit: Option<UnitCode>,
    /// The organisation the account works for: a manager's employer (whose
    /// employees they follow up), a counsellor's career centre, a job
    /// specialist's or method supervisor's Supported Employment provider.
    pub employer: Option<Orgnr>,
    pub person: Option<Fnr>,
    /// The certifier id a GP signs certificates with (`gp` on documents).
    pub gp_id: Option<String>,
    /// Granted the right to see persons with a protected address.
    pub protected_address_access: bool,
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
    /// The worker changed which parts a standing consent shares.
    ChangeConsent,
    WithdrawConsent,
    /// The person's consents were listed.
    ReadConsents,
    SetAddressProtection,
    /// The person was listed (a manager's employees, a GP's patients, a
    /// counsellor's or job specialist's consenting persons).
    ListPersons,
    /// A caseworker took or released one of the person's tasks.
    AssignTask,
    /// The person's guidance (answers to instruments, profiles) was read.
    ReadGuidance,
    /// The person saved answers to a guidance instrument.
    SaveGuidance,
    /// A table of follow-up statistics was read (about no one person).
    ReadStatistics,
    /// The person booked career guidance with a counsellor.
    BookGuidance,
    /// The counsellor planned a session or wrote its notes.
    WriteSessionNote,
    /// A caseworker, GP or manager suggested career guidance to the person.
    SuggestGuidance,
    /// An organisation (a career centre) was registered or its settings changed.
    ChangeOrganisation,
    /// An organisation's own audit log was read.
    ReadOrganisationAudit,
    /// The action plan of career guidance was read.
    ReadGuidancePlan,
    /// A new version of the action plan of career guidance was saved.
    SaveGuidancePlan,
    /// The person shared the action plan with a party.
    ShareGuidancePlan,
    /// The person stopped sharing the action plan with a party.
    UnshareGuidancePlan,
    /// A NAV office's settings were read (about no one person).
    ReadUnitSettings,
    /// A NAV office's settings were changed (early sessions on or off).
    ChangeUnitSettings,
    /// A caseworker referred the person to a Supported Employment provider.
    ReferSupportedEmployment,
    /// The person agreed to take part in Supported Employment (which grants
    /// the consent).
    AgreeSupportedEmployment,
    /// A job specialist was assigned to the participant (or the referral
    /// was put in the provider's queue).
    AssignJobSpecialist,
    /// The person's Supported Employment records (or a referral's state) were read.
    ReadSupportedEmployment,
    /// The job specialist logged an activity, changed the steps, the
    /// vocational profile, the job or the fade-out plan.
    WriteSupportedEmployment,
    /// The participation ended (withdrawn by the person, or closed).
    EndSupportedEmployment,
    /// A provider's queue, team or fidelity was read (about no one person's notes).
    ReadSupportedEmploymentTeam,
    /// The employer register (an employer's tasks, culture, adaptations) was read.
    ReadEmployerRegister,
    /// The event feed was read (about no one person; each event as the reader may see it).
    ReadEvents,
    /// A user read their notifications (which marks them read).
    ReadNotifications,
    /// A user changed how they hear of notifications (e-mail each, a digest, none).
    ChangeNotificationSettings,
    /// A webhook subscriber was registered.
    RegisterWebhook,
    /// A webhook subscriber's delivery log was read.
    ReadDeliveryLog,
}

impl AuditAction {
    pub const ALL: [AuditAction; 40] = [
        AuditAction::StoreDocument,
        AuditAction::ReadFollowup,
        AuditAction::ReadDocuments,
        AuditAction::ReadTasks,
        AuditAction::CompleteTask,
        AuditAction::ReadAuditLog,
        AuditAction::GrantConsent,
        AuditAction::ChangeConsent,
        AuditAction::WithdrawConsent,
        AuditAction::ReadConsents,
        AuditAction::SetAddressProtection,
        AuditAction::ListPersons,
        AuditAction::AssignTask,
        AuditAction::ReadGuidance,
        AuditAction::SaveGuidance,
        AuditAction::ReadStatistics,
        AuditAction::BookGuidance,
        AuditAction::WriteSessionNote,
        AuditAction::SuggestGuidance,
        AuditAction::ChangeOrganisation,
        AuditAction::ReadOrganisationAudit,
        AuditAction::ReadGuidancePlan,
        AuditAction::SaveGuidancePlan,
        AuditAction::ShareGuidancePlan,
        AuditAction::UnshareGuidancePlan,
        AuditAction::ReadUnitSettings,
        AuditAction::ChangeUnitSettings,
        AuditAction::ReferSupportedEmployment,
        AuditAction::AgreeSupportedEmployment,
        AuditAction::AssignJobSpecialist,
        AuditAction::ReadSupportedEmployment,
        AuditAction::WriteSupportedEmployment,
        AuditAction::EndSupportedEmployment,
        AuditAction::ReadSupportedEmploymentTeam,
        AuditAction::ReadEmployerRegister,
        AuditAction::ReadEvents,
        AuditAction::ReadNotifications,
        AuditAction::ChangeNotificationSettings,
        AuditAction::RegisterWebhook,
        AuditAction::ReadDeliveryLog,
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
            AuditAction::ChangeConsent => "change_consent",
            AuditAction::WithdrawConsent => "withdraw_consent",
            AuditAction::ReadConsents => "read_consents",
            AuditAction::SetAddressProtection => "set_address_protection",
            AuditAction::ListPersons => "list_persons",
            AuditAction::AssignTask => "assign_task",
            AuditAction::ReadGuidance => "read_guidance",
            AuditAction::SaveGuidance => "save_guidance",
            AuditAction::ReadStatistics => "read_statistics",
            AuditAction::BookGuidance => "book_guidance",
            AuditAction::WriteSessionNote => "write_session_note",
            AuditAction::SuggestGuidance => "suggest_guidance",
            AuditAction::ChangeOrganisation => "change_organisation",
            AuditAction::ReadOrganisationAudit => "read_organisation_audit",
            AuditAction::ReadGuidancePlan => "read_guidance_plan",
            AuditAction::SaveGuidancePlan => "save_guidance_plan",
            AuditAction::ShareGuidancePlan => "share_guidance_plan",
            AuditAction::UnshareGuidancePlan => "unshare_guidance_plan",
            AuditAction::ReadUnitSettings => "read_unit_settings",
            AuditAction::ChangeUnitSettings => "change_unit_settings",
            AuditAction::ReferSupportedEmployment => "refer_supported_employment",
            AuditAction::AgreeSupportedEmployment => "agree_supported_employment",
            AuditAction::AssignJobSpecialist => "assign_job_specialist",
            AuditAction::ReadSupportedEmployment => "read_supported_employment",
            AuditAction::WriteSupportedEmployment => "write_supported_employment",
            AuditAction::EndSupportedEmployment => "end_supported_employment",
            AuditAction::ReadSupportedEmploymentTeam => "read_supported_employment_team",
            AuditAction::ReadEmployerRegister => "read_employer_register",
            AuditAction::ReadEvents => "read_events",
            AuditAction::ReadNotifications => "read_notifications",
            AuditAction::ChangeNotificationSettings => "change_notification_settings",
            AuditAction::RegisterWebhook => "register_webhook",
            AuditAction::ReadDeliveryLog => "read_delivery_log",
        }
    }

    /// Whether the action changes data (audited in the same transaction as the change).
    pub fn is_change(self) -> bool {
        matches!(
            self,
            AuditAction::StoreDocument
                | AuditAction::CompleteTask
                | AuditAction::GrantConsent
                | AuditAction::ChangeConsent
                | AuditAction::WithdrawConsent
                | AuditAction::SetAddressProtection
                | AuditAction::SaveGuidance
                | AuditAction::BookGuidance
                | AuditAction::WriteSessionNote
                | AuditAction::SuggestGuidance
                | AuditAction::ChangeOrganisation
                | AuditAction::SaveGuidancePlan
                | AuditAction::ShareGuidancePlan
                | AuditAction::UnshareGuidancePlan
                | AuditAction::ChangeUnitSettings
                | AuditAction::ReferSupportedEmployment
                | AuditAction::AgreeSupportedEmployment
                | AuditAction::AssignJobSpecialist
                | AuditAction::WriteSupportedEmployment
                | AuditAction::EndSupportedEmployment
                | AuditAction::ChangeNotificationSettings
                | AuditAction::RegisterWebhook
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
