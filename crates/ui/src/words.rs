//! The catalogue's word for each value of a domain enum: roles, task kinds,
//! audit actions and milestones. Every `match` is exhaustive, so a new
//! variant does not compile until both languages have its words.

use tilbake_domain::access::{AuditAction, Role};
use tilbake_domain::followup::{MilestoneKind, MilestoneOffset};
use tilbake_domain::tasks::TaskKind;

use crate::texts::Texts;

pub fn role_name(t: &Texts, role: Role) -> &'static str {
    let common = &t.common;
    match role {
        Role::Caseworker => common.role_caseworker,
        Role::Manager => common.role_manager,
        Role::Worker => common.role_worker,
        Role::Gp => common.role_gp,
        Role::Counsellor => common.role_counsellor,
        Role::JobSpecialist => common.role_job_specialist,
        Role::SeSupervisor => common.role_se_supervisor,
        Role::Admin => common.role_admin,
        Role::System => common.role_system,
    }
}

pub fn task_kind_name(t: &Texts, kind: TaskKind) -> &'static str {
    let queue = &t.queue;
    match kind {
        TaskKind::FollowUpPlan => queue.kind_follow_up_plan,
        TaskKind::DialogueMeeting1 => queue.kind_dialogue_meeting_1,
        TaskKind::ActivityRequirement => queue.kind_activity_requirement,
        TaskKind::PrepareDialogueMeeting2 => queue.kind_prepare_dialogue_meeting_2,
        TaskKind::DialogueMeeting2 => queue.kind_dialogue_meeting_2,
        TaskKind::BenefitEndNotice => queue.kind_benefit_end_notice,
        TaskKind::EmployerAgreement => queue.kind_employer_agreement,
        TaskKind::NavAgreement => queue.kind_nav_agreement,
        TaskKind::RequestedMeeting => queue.kind_requested_meeting,
        TaskKind::EarlySession1 => queue.kind_early_session_1,
        TaskKind::EarlySession2 => queue.kind_early_session_2,
    }
}

/// What an audit entry's action means for the person it is about.
pub fn audit_action_text(t: &Texts, action: AuditAction) -> &'static str {
    let page = &t.my_sick_leave;
    match action {
        AuditAction::StoreDocument => page.action_store_document,
        AuditAction::ReadFollowup => page.action_read_followup,
        AuditAction::ReadDocuments => page.action_read_documents,
        AuditAction::ReadTasks => page.action_read_tasks,
        AuditAction::CompleteTask => page.action_complete_task,
        AuditAction::ReadAuditLog => page.action_read_audit_log,
        AuditAction::GrantConsent => page.action_grant_consent,
        AuditAction::ChangeConsent => page.action_change_consent,
        AuditAction::WithdrawConsent => page.action_withdraw_consent,
        AuditAction::ReadConsents => page.action_read_consents,
        AuditAction::SetAddressProtection => page.action_set_address_protection,
        AuditAction::ListPersons => page.action_list_persons,
        AuditAction::AssignTask => page.action_assign_task,
        AuditAction::ReadGuidance => page.action_read_guidance,
        AuditAction::SaveGuidance => page.action_save_guidance,
        AuditAction::ReadStatistics => page.action_read_statistics,
        AuditAction::BookGuidance => page.action_book_guidance,
        AuditAction::WriteSessionNote => page.action_write_session_note,
        AuditAction::SuggestGuidance => page.action_suggest_guidance,
        AuditAction::ChangeOrganisation => page.action_change_organisation,
        AuditAction::ReadOrganisationAudit => page.action_read_organisation_audit,
        AuditAction::ReadGuidancePlan => page.action_read_guidance_plan,
        AuditAction::SaveGuidancePlan => page.action_save_guidance_plan,
        AuditAction::ShareGuidancePlan => page.action_share_guidance_plan,
        AuditAction::UnshareGuidancePlan => page.action_unshare_guidance_plan,
        AuditAction::ReadUnitSettings => page.action_read_unit_settings,
        AuditAction::ChangeUnitSettings => page.action_change_unit_settings,
        AuditAction::ReferSupportedEmployment => page.action_refer_supported_employment,
        AuditAction::AgreeSupportedEmployment => page.action_agree_supported_employment,
        AuditAction::AssignJobSpecialist => page.action_assign_job_specialist,
        AuditAction::ReadSupportedEmployment => page.action_read_supported_employment,
        AuditAction::WriteSupportedEmployment => page.action_write_supported_employment,
        AuditAction::EndSupportedEmployment => page.action_end_supported_employment,
        AuditAction::ReadSupportedEmploymentTeam => page.action_read_supported_employment_team,
        AuditAction::ReadEmployerRegister => page.action_read_employer_register,
        AuditAction::ReadEvents => page.action_read_events,
        AuditAction::ReadNotifications => page.action_read_notifications,
        AuditAction::ChangeNotificationSettings => page.action_change_notification_settings,
        AuditAction::RegisterWebhook => page.action_register_webhook,
        AuditAction::ReadDeliveryLog => page.action_read_delivery_log,
    }
}

/// A milestone for the sick-listed person: its name, what happens, who acts.
/// The texts may hold placeholders (`{days}`), filled by the page.
#[derive(Clone, Copy, Debug)]
pub struct MilestoneWords {
    pub title: &'static str,
    pub what: &'static str,
    pub who: &'static str,
}

pub fn milestone_words(t: &Texts, kind: MilestoneKind) -> MilestoneWords {
    let page = &t.my_sick_leave;
    let (title, what, who) = match kind {
        MilestoneKind::EmployerPeriodEnd => (
            page.employer_period_end_title,
            page.employer_period_end_what,
            page.employer_period_end_who,
        ),
        MilestoneKind::FollowUpPlan => (
            page.follow_up_plan_title,
            page.follow_up_plan_what,
            page.follow_up_plan_who,
        ),
        MilestoneKind::DialogueMeeting1 => (
            page.dialogue_meeting_1_title,
            page.dialogue_meeting_1_what,
            page.dialogue_meeting_1_who,
        ),
        MilestoneKind::ActivityRequirement => (
            page.activity_requirement_title,
            page.activity_requirement_what,
            page.activity_requirement_who,
        ),
        MilestoneKind::DialogueMeeting2Planning => (
            page.dialogue_meeting_2_planning_title,
            page.dialogue_meeting_2_planning_what,
            page.dialogue_meeting_2_planning_who,
        ),
        MilestoneKind::DialogueMeeting2 => (
            page.dialogue_meeting_2_title,
            page.dialogue_meeting_2_what,
            page.dialogue_meeting_2_who,
        ),
        MilestoneKind::BenefitEndNotice => (
            page.benefit_end_notice_title,
            page.benefit_end_notice_what,
            page.benefit_end_notice_who,
        ),
        MilestoneKind::MaxDate => (page.max_date_title, page.max_date_what, page.max_date_who),
    };
    MilestoneWords { title, what, who }
}

/// The week of the case a milestone falls at the end of, from the statutory
/// calendar (`followup::statute`), so no number of the law is written twice.
pub fn end_of_week(kind: MilestoneKind) -> u32 {
    match kind.rule().offset {
        MilestoneOffset::EndOfWeek(week) => week,
        MilestoneOffset::CountedDay(day) | MilestoneOffset::CaseDay(day) => day.div_ceil(7),
        MilestoneOffset::MaxDate => 0,
    }
}

/// A milestone's short name, written on the timeline.
pub fn milestone_mark(t: &Texts, kind: MilestoneKind) -> &'static str {
    let person = &t.person;
    match kind {
        MilestoneKind::EmployerPeriodEnd => person.mark_employer_period_end,
        MilestoneKind::FollowUpPlan => person.mark_follow_up_plan,
        MilestoneKind::DialogueMeeting1 => person.mark_dialogue_meeting_1,
        MilestoneKind::ActivityRequirement => person.mark_activity_requirement,
        MilestoneKind::DialogueMeeting2Planning => person.mark_dialogue_meeting_2_planning,
        MilestoneKind::DialogueMeeting2 => person.mark_dialogue_meeting_2,
        MilestoneKind::BenefitEndNotice => person.mark_benefit_end_notice,
        MilestoneKind::MaxDate => person.timeline_max_date,
    }
}
