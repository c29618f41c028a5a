//! The one access policy: for a principal, a person and a purpose, what may
//! be seen, what may be sent, which pages open and which forms they offer.
//!
//! Every access rule of tilbake is here, as pure functions over plain data.
//! The store turns the answers into SQL ([`person_scope`],
//! [`PersonView::document_filter`], [`queue_scope`]) and applies the rest
//! of a [`PersonView`] to what it read; the pages and the API ask
//! ([`may_open`], [`forms`]) and decide nothing themselves.
//!
//! It is not the place for *who is asking*: that is proven by the store's
//! `Actor`, made only by a sign-in or a token look-up.
//!
//! The rules, in short (the role matrix in `ARCHITECTURE.md` lists them):
//! - NAV sees the persons of its unit, the worker themself, the GP their
//!   patients, the nearest manager the employees with an open case at the
//!   employer, a system client everyone. A counsellor and a job specialist
//!   see a person only while the person's consent for their purpose
//!   stands, and only the categories it shares.
//! - A diagnosis and reasons with medical grounds reach NAV, the GP and the
//!   person, never a manager, a counsellor or a job specialist.
//! - A manager sees only the certificates of their own employer, and the
//!   follow-up with only their own employer named.
//! - Plan versions reach the GP and NAV (and a consented reader) once the
//!   manager shares them; NAV's notes reach only NAV and the person.
//! - Only a system client names the NAV unit that follows a person.

use crate::access::consent::{Category, Purpose, Share};
use crate::access::{AddressProtection, Principal, Role};
use crate::casework::CaseworkDocument;
use crate::casework::{organiser, participant_of, MeetingInvitation, Participant};
use crate::document::{ActivityOutcome, Document, DocumentBody, DocumentKind, MeetingNumber};
use crate::events::{EventKind, OutboxEvent, SubscriberOwner, Topic};
use crate::followup::{Event, Followup, Party};
use crate::identity::{Fnr, Orgnr, UnitCode};
use crate::supported_employment::ParticipationState;
use crate::tasks::{Task, TaskKind};

mod readers;
pub use readers::readers_of_own;

/// The persons a principal may see, before the protected-address rule.
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
    /// Persons whose consent to this user for this purpose stands.
    ConsentedTo { user_id: i64, purpose: Purpose },
    /// Every person (system clients that deliver documents).
    Everyone,
    /// No person.
    Nobody,
}

/// The persons a principal may see (ftrl and aml give each party its part,
/// nothing more; anyone else needs the person's consent).
pub fn person_scope(principal: &Principal) -> PersonScope {
    match principal.role {
        Role::Caseworker => principal
            .unit
            .map_or(PersonScope::Nobody, PersonScope::Unit),
        Role::Manager => principal
            .employer
            .map_or(PersonScope::Nobody, PersonScope::OpenCaseAtEmployer),
        Role::Worker => principal
            .person
            .map_or(PersonScope::Nobody, PersonScope::Person),
        // A GP without a certifier id has certified nobody.
        Role::Gp => principal
            .gp_id
            .clone()
            .filter(|gp_id| !gp_id.is_empty())
            .map_or(PersonScope::Nobody, PersonScope::PatientOf),
        Role::Counsellor | Role::JobSpecialist => match Purpose::of_role(principal.role) {
            Some(purpose) => PersonScope::ConsentedTo {
                user_id: principal.user_id,
                purpose,
            },
            None => PersonScope::Nobody,
        },
        Role::System => PersonScope::Everyone,
        // The method supervisor sees the provider's queue and team through
        // `supported_employment_access`, never a person's follow-up.
        Role::SeSupervisor | Role::Admin => PersonScope::Nobody,
    }
}

/// Whether the protected-address rule lets a principal see such a person:
/// the person themself always, others only with the right granted.
pub fn may_see_protected(principal: &Principal, person: &Fnr) -> bool {
    principal.protected_address_access || principal.person.as_ref() == Some(person)
}

/// Whether the principal is the person themself (their consents, their
/// audit log, their own pages).
pub fn is_the_person(principal: &Principal, person: &Fnr) -> bool {
    principal.role == Role::Worker && principal.person.as_ref() == Some(person)
}

/// Which certificates (with their corrections and cancellations) a viewer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Certificates {
    All,
    /// Only those that name this employer.
    OfEmployer(Orgnr),
    None,
}

/// Which employers a viewer sees named in the follow-up's cases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Employers {
    All,
    Only(Orgnr),
    None,
}

/// Which of a person's tasks a viewer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tasks {
    /// Every task, with every reason.
    All,
    /// Every task, but NAV's free-text reasons left out.
    WithoutNavReasons,
    None,
}

/// What one viewer sees of one person: decided once per request from the
/// principal and, for a consented reader, the categories shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // one flag per part of a person's data, read by name
pub struct PersonView {
    pub role: Role,
    pub purpose: Purpose,
    pub certificates: Certificates,
    /// Self-certified days, holidays, return to work.
    pub other_events: bool,
    /// `None`: the follow-up (cases, milestones) is not shown at all.
    pub followup: Option<Employers>,
    /// Plans, meetings, requests, the activity requirement.
    pub casework: bool,
    /// Plan versions before the manager shares them.
    pub unshared_plans: bool,
    /// NAV's notes on the case.
    pub case_notes: bool,
    /// A diagnosis and reasons with medical grounds.
    pub health: bool,
    /// The certifier named on a certificate.
    pub certifier: bool,
    pub tasks: Tasks,
    /// Guidance: answers to the instruments and the profiles. The person's
    /// own, shared only for a purpose (never with the statutory parties).
    pub guidance: bool,
    /// The postal address from the population register (the name goes to
    /// everyone who sees the person): NAV, the person, a system client, and
    /// a counsellor or job specialist while the person's consent stands;
    /// never the manager or the GP. Never anyone's when the address is
    /// protected ([`PersonView::address_shown`]).
    pub address: bool,
}

/// Whether the principal registers organisations (career centres) and
/// their settings: the admin, and the operator at the command line.
pub fn manages_organisations(principal: &Principal) -> bool {
    matches!(principal.role, Role::Admin | Role::System)
}

/// Whether the principal reads an organisation's own audit log.
pub fn reads_organisation_audit(principal: &Principal) -> bool {
    principal.role == Role::Admin
}

/// Whether the principal keeps the notes of a guidance booking with this
/// counsellor: the counsellor themself, and nobody else (the person reads
/// them; a job specialist the person shares guidance with does not).
/// The person's standing consent is checked with the person's view.
pub fn keeps_session_notes(principal: &Principal, counsellor_user_id: i64) -> bool {
    principal.role == Role::Counsellor && principal.user_id == counsellor_user_id
}

/// What a principal sees of a person they are in scope for; `share` is the
/// standing consent's categories for a consented reader (the store reads
/// it with the scope). `None`: nothing at all.
pub fn person_view(principal: &Principal, share: Option<Share>) -> Option<PersonView> {
    let purpose = Purpose::of_role(principal.role)?;
    let statutory = |certificates, followup, unshared_plans, case_notes, health, tasks| {
        Some(PersonView {
            role: principal.role,
            purpose,
            certificates,
            other_events: certificates == Certificates::All,
            followup: Some(followup),
            casework: true,
            unshared_plans,
            case_notes,
            health,
            certifier: true,
            tasks,
            guidance: principal.role == Role::Worker,
            address: matches!(
                principal.role,
                Role::Caseworker | Role::Worker | Role::System
            ),
        })
    };
    match principal.role {
        Role::Caseworker => statutory(
            Certificates::All,
            Employers::All,
            false,
            true,
            true,
            Tasks::All,
        ),
        Role::Worker => statutory(
            Certificates::All,
            Employers::All,
            true,
            true,
            true,
            Tasks::All,
        ),
        // A system client delivers documents; it reads no diagnosis back.
        Role::System => statutory(
            Certificates::All,
            Employers::All,
            true,
            true,
            false,
            Tasks::All,
        ),
        Role::Gp => statutory(
            Certificates::All,
            Employers::All,
            false,
            false,
            true,
            Tasks::All,
        ),
        Role::Manager => {
            let employer = principal.employer?;
            statutory(
                Certificates::OfEmployer(employer),
                Employers::Only(employer),
                true,
                false,
                false,
                Tasks::WithoutNavReasons,
            )
        }
        Role::Counsellor | Role::JobSpecialist => {
            let share = share?;
            let certificates = share.contains(Category::Certificates);
            Some(PersonView {
                role: principal.role,
                purpose,
                certificates: if certificates {
                    Certificates::All
                } else {
                    Certificates::None
                },
                other_events: certificates,
                followup: share
                    .contains(Category::Followup)
                    .then_some(if certificates {
                        Employers::All
                    } else {
                        Employers::None
                    }),
                casework: share.contains(Category::Casework),
                unshared_plans: false,
                case_notes: false,
                health: false,
                certifier: false,
                tasks: Tasks::None,
                guidance: share.contains(Category::Guidance),
                // They meet the person, so they may write to them; the
                // consent is what lets them see the person at all.
                address: true,
            })
        }
        Role::SeSupervisor | Role::Admin => None,
    }
}

/// The category a kind of document belongs to, for consent.
pub fn category_of(kind: DocumentKind) -> Category {
    match kind {
        DocumentKind::SickLeave
        | DocumentKind::SelfCertified
        | DocumentKind::Vacation
        | DocumentKind::WorkResumed
        | DocumentKind::Cancelled => Category::Certificates,
        DocumentKind::PlanShared
        | DocumentKind::MeetingHeld
        | DocumentKind::ActivityAssessed
        | DocumentKind::PlanVersion
        | DocumentKind::PlanResponse
        | DocumentKind::MeetingInvitation
        | DocumentKind::MeetingAnswer
        | DocumentKind::MeetingMinutes
        | DocumentKind::MeetingRequest
        | DocumentKind::CaseNote
        | DocumentKind::EarlySession
        | DocumentKind::WorkAbilityAssessment
        | DocumentKind::WorkAbilityAddition
        | DocumentKind::MeetingCancelled => Category::Casework,
        // Never shown to a consented reader as a document (`shows_kind`):
        // they get the name and address on the pages instead.
        DocumentKind::PopulationRegister => Category::Followup,
    }
}

/// The coarse part of a [`PersonView`] that the store applies in SQL: the
/// kinds of document read, and for certificates the employer they name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentFilter {
    pub kinds: Vec<DocumentKind>,
    /// Certificates (and their cancellations) only of this employer.
    pub certificates_of: Option<Orgnr>,
}

impl PersonView {
    /// Whether the viewer may see documents of this kind at all.
    pub fn shows_kind(&self, kind: DocumentKind) -> bool {
        match kind {
            DocumentKind::SickLeave | DocumentKind::Cancelled => {
                self.certificates != Certificates::None
            }
            DocumentKind::SelfCertified | DocumentKind::Vacation | DocumentKind::WorkResumed => {
                self.other_events
            }
            // An early session is NAV's conversation with the person, as
            // its notes are: NAV and the person, not the GP or the employer
            // (it names treatment and the relation to the employer).
            DocumentKind::CaseNote | DocumentKind::EarlySession => self.casework && self.case_notes,
            // The work-ability assessment weighs health: those who see
            // health data (NAV, the GP, the person), never the employer, a
            // counsellor, a job specialist or a system client's reads.
            DocumentKind::WorkAbilityAssessment | DocumentKind::WorkAbilityAddition => {
                self.casework && self.health
            }
            DocumentKind::PlanShared
            | DocumentKind::MeetingHeld
            | DocumentKind::ActivityAssessed
            | DocumentKind::PlanVersion
            | DocumentKind::PlanResponse
            | DocumentKind::MeetingInvitation
            | DocumentKind::MeetingAnswer
            | DocumentKind::MeetingMinutes
            | DocumentKind::MeetingRequest
            | DocumentKind::MeetingCancelled => self.casework,
            // The register's document carries the address: as a document,
            // only to the statutory parties who see the address.
            DocumentKind::PopulationRegister => self.address && !self.purpose.needs_consent(),
        }
    }

    /// Whether the viewer is shown the person's postal address, given the
    /// person's address protection: a protected address is never shown.
    pub fn address_shown(&self, protection: AddressProtection) -> bool {
        self.address && protection == AddressProtection::None
    }

    pub fn document_filter(&self) -> DocumentFilter {
        DocumentFilter {
            kinds: DocumentKind::ALL
                .into_iter()
                .filter(|kind| self.shows_kind(*kind))
                .collect(),
            certificates_of: match self.certificates {
                Certificates::OfEmployer(employer) => Some(employer),
                Certificates::All | Certificates::None => None,
            },
        }
    }

    /// Which of a person's documents (in the order received) the viewer
    /// sees: the kinds of [`Self::shows_kind`], certificates of the right
    /// employer, plan versions once shared where that applies, no
    /// medical exemption unless the viewer sees health data.
    pub fn shown(&self, documents: &[&Document]) -> Vec<bool> {
        let last_share = documents.iter().rposition(|document| {
            matches!(
                document.body,
                DocumentBody::Casework(CaseworkDocument::PlanShared { .. })
            )
        });
        documents
            .iter()
            .enumerate()
            .map(|(index, document)| {
                self.shows_kind(document.kind())
                    && match &document.body {
                        DocumentBody::Followup(Event::SickLeave(sick_leave)) => {
                            self.certificate_shown(sick_leave.employer.as_deref())
                        }
                        DocumentBody::Followup(Event::Cancelled { id }) => {
                            // A cancellation is seen with the certificate it withdraws.
                            self.certificates == Certificates::All
                                || documents.iter().any(|other| match &other.body {
                                    DocumentBody::Followup(Event::SickLeave(sick_leave)) => {
                                        other.id == *id
                                            && self
                                                .certificate_shown(sick_leave.employer.as_deref())
                                    }
                                    _ => false,
                                })
                        }
                        DocumentBody::Casework(
                            CaseworkDocument::PlanVersion { .. }
                            | CaseworkDocument::PlanResponse(_),
                        ) => self.unshared_plans || last_share.is_some_and(|share| index < share),
                        DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
                            outcome,
                            ..
                        }) => self.health || *outcome != ActivityOutcome::ExemptMedical,
                        DocumentBody::Casework(CaseworkDocument::MeetingInvitation(invitation)) => {
                            self.sees_invitation(invitation)
                        }
                        // An answer, with its comment, goes to whom its
                        // invitation went, and so does a cancellation.
                        DocumentBody::Casework(CaseworkDocument::MeetingAnswer(answer)) => {
                            self.sees_invitation_id(documents, &answer.invitation)
                        }
                        DocumentBody::Casework(CaseworkDocument::MeetingCancelled(
                            cancellation,
                        )) => self.sees_invitation_id(documents, &cancellation.invitation),
                        _ => true,
                    }
            })
            .collect()
    }

    /// A GP or a manager sees an invitation to a meeting they organise or
    /// are invited to, not the others (with the worker's answers to them);
    /// NAV, the worker and the system see every invitation.
    fn sees_invitation_id(&self, documents: &[&Document], id: &str) -> bool {
        documents.iter().any(|other| match &other.body {
            DocumentBody::Casework(CaseworkDocument::MeetingInvitation(invitation)) => {
                other.id == id && self.sees_invitation(invitation)
            }
            _ => false,
        })
    }

    fn sees_invitation(&self, invitation: &MeetingInvitation) -> bool {
        match self.role {
            Role::Gp | Role::Manager => participant_of(self.role).is_some_and(|me| {
                organiser(invitation.meeting) == me || invitation.participants.contains(&me)
            }),
            _ => true,
        }
    }

    fn certificate_shown(&self, employer: Option<&str>) -> bool {
        match self.certificates {
            Certificates::All => true,
            Certificates::OfEmployer(own) => employer == Some(own.to_string().as_str()),
            Certificates::None => false,
        }
    }

    /// Takes out of a shown document what the viewer may not see: the
    /// diagnosis, and the certifier and the NAV office for those outside the
    /// statutory follow-up.
    pub fn redact(&self, document: &mut Document) {
        if !self.health {
            document.diagnosis = None;
        }
        if !self.certifier {
            document.gp = None;
        }
        if !self.shows_unit() {
            document.unit = None;
        }
    }

    /// Whether the viewer sees which NAV office follows the person: the
    /// statutory parties do; a consented reader's categories do not name it.
    pub fn shows_unit(&self) -> bool {
        !self.purpose.needs_consent()
    }

    /// The follow-up as the viewer sees it; `None` when it is not shown.
    /// The cases come from the person's whole sick leave; only the
    /// employers the viewer may see are named.
    pub fn followup(&self, mut followup: Followup) -> Option<Followup> {
        let employers = self.followup?;
        for case in &mut followup.cases {
            match employers {
                Employers::All => {}
                Employers::Only(own) => {
                    let own = own.to_string();
                    case.employers.retain(|employer| *employer == own);
                }
                Employers::None => case.employers.clear(),
            }
        }
        Some(followup)
    }

    /// The person's tasks as the viewer sees them.
    pub fn tasks(&self, tasks: Vec<Task>) -> Vec<Task> {
        match self.tasks {
            Tasks::All => tasks,
            Tasks::WithoutNavReasons => tasks
                .into_iter()
                .map(|mut task| {
                    if task.owner == Party::Nav {
                        task.closed_because = None;
                    }
                    task
                })
                .collect(),
            Tasks::None => Vec::new(),
        }
    }
}

/// Why a principal may not send a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SendRefusal {
    /// Only a system client names the NAV unit that follows a person.
    #[error(
        "only a system client may set unit: a party cannot move a person to another NAV office"
    )]
    UnitNotAllowed,
    /// The kind (or the party named in it) is not this principal's to send.
    #[error("this kind of document is not yours to send")]
    NotYours,
}

/// Whether a principal may send a document (before asking whether they may
/// see its person). System clients send everything; people send only the
/// case work that is theirs, in their own name: the manager the plan and
/// meeting 1, NAV the activity requirement, notes and meetings 2 and 3, the
/// worker answers to plans, each participant their own answers and
/// requests. Nobody but a system sends sick-leave events or names a unit.
pub fn may_send(principal: &Principal, document: &Document) -> Result<(), SendRefusal> {
    if principal.role == Role::System {
        return Ok(());
    }
    if document.unit.is_some() {
        return Err(SendRefusal::UnitNotAllowed);
    }
    let Some(me) = participant_of(principal.role) else {
        return Err(SendRefusal::NotYours);
    };
    let mine = match &document.body {
        // Only a system client (the register's feed) names a person.
        DocumentBody::Followup(_) | DocumentBody::Register(_) => false,
        DocumentBody::Casework(
            CaseworkDocument::PlanShared { .. } | CaseworkDocument::PlanVersion { .. },
        ) => writes_plan(me),
        DocumentBody::Casework(CaseworkDocument::PlanResponse(_)) => answers_plan(me),
        DocumentBody::Casework(CaseworkDocument::ActivityAssessed { .. }) => assesses_activity(me),
        DocumentBody::Casework(CaseworkDocument::CaseNote { .. }) => writes_notes(me),
        DocumentBody::Casework(CaseworkDocument::EarlySession(_)) => holds_early_sessions(me),
        DocumentBody::Casework(CaseworkDocument::WorkAbilityAssessment(_)) => {
            assesses_work_ability(me)
        }
        DocumentBody::Casework(CaseworkDocument::WorkAbilityAddition(_)) => {
            adds_to_work_ability(me)
        }
        DocumentBody::Casework(CaseworkDocument::MeetingHeld { meeting, .. }) => {
            organiser(*meeting) == me
        }
        DocumentBody::Casework(CaseworkDocument::MeetingInvitation(invitation)) => {
            organiser(invitation.meeting) == me
        }
        DocumentBody::Casework(CaseworkDocument::MeetingCancelled(cancellation)) => {
            organiser(cancellation.meeting) == me
        }
        DocumentBody::Casework(CaseworkDocument::MeetingMinutes(minutes)) => {
            organiser(minutes.meeting) == me
        }
        DocumentBody::Casework(CaseworkDocument::MeetingAnswer(answer)) => answer.participant == me,
        DocumentBody::Casework(CaseworkDocument::MeetingRequest(request)) => {
            request.by == me && requests_meetings(me)
        }
    };
    if mine {
        Ok(())
    } else {
        Err(SendRefusal::NotYours)
    }
}

fn writes_plan(me: Participant) -> bool {
    me == Participant::Manager
}

fn answers_plan(me: Participant) -> bool {
    me == Participant::Worker
}

fn assesses_activity(me: Participant) -> bool {
    me == Participant::Nav
}

fn writes_notes(me: Participant) -> bool {
    me == Participant::Nav
}

fn holds_early_sessions(me: Participant) -> bool {
    me == Participant::Nav
}

/// NAV writes the work-ability assessment.
fn assesses_work_ability(me: Participant) -> bool {
    me == Participant::Nav
}

/// The GP adds to it, in their own name.
fn adds_to_work_ability(me: Participant) -> bool {
    me == Participant::Gp
}

/// Whether a principal changes the settings of a NAV office (whether it
/// holds early sessions): a caseworker of that office, only.
pub fn may_change_unit_settings(principal: &Principal, unit: UnitCode) -> bool {
    principal.role == Role::Caseworker && principal.unit == Some(unit)
}

/// NAV holds meetings 2 and 3 itself; the others ask it to.
fn requests_meetings(me: Participant) -> bool {
    me != Participant::Nav
}

/// The pages of the application, for [`may_open`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// NAV's work queue (benken).
    Queue,
    /// A person's follow-up page (timeline, documents, tasks).
    Person,
    /// The follow-up plan of a person.
    Plan,
    /// The dialogue meetings of a person.
    Meetings,
    /// The worker's own sick leave.
    MySickLeave,
    /// The worker's plan and meetings.
    MyCasework,
    /// The worker's "who can see me": consents and the access log.
    WhoSeesMe,
    /// The manager's employees.
    MyEmployees,
    /// The GP's patients.
    Patients,
    /// The persons who have consented to a counsellor or job specialist.
    MyConsentedPersons,
    /// The worker's career guidance: the offer, the instruments, the profiles.
    MyGuidance,
    /// The instruments the service has loaded, and the files it refused.
    Instruments,
    /// Follow-up statistics of a quarter (counts only, small ones protected).
    Statistics,
    /// The public statistics: national counts and rates only, k = 5.
    PublicStatistics,
    /// The signed-in user's own sessions, with "log out everywhere".
    MySessions,
    /// NAV's early sessions in weeks 14 and 16 with a person.
    EarlySessions,
    /// A person's work-ability assessment, with the GP's additions.
    WorkAbility,
    /// The worker's early sessions and work-ability assessment, explained.
    MyWorkAbility,
    /// A NAV office's settings (early sessions on or off).
    UnitSettings,
    /// A caseworker's referral of a person to Supported Employment, and its state.
    SupportedEmploymentReferral,
    /// The worker's own Supported Employment: agreeing, the records, withdrawing.
    MySupportedEmployment,
    /// A job specialist's participants (caseload) with drift warnings.
    SupportedEmploymentCaseload,
    /// One participant's records, for their job specialist.
    SupportedEmploymentParticipant,
    /// The method supervisor's provider: queue, assignments, team fidelity.
    SupportedEmploymentTeam,
    /// The employer register (employers, their tasks, contacts).
    EmployerRegister,
    /// The signed-in user's own notifications and how they hear of them.
    Notifications,
}

/// Whether a kind of page opens with no principal at all: only the public
/// statistics, which show national counts and rates of ended quarters
/// (k = 5) and nothing about any person or unit.
pub fn needs_no_principal(page: PageKind) -> bool {
    page == PageKind::PublicStatistics
}

/// Whether a principal may open a kind of page at all (which persons it
/// shows is the store's filter, by [`person_scope`]).
pub fn may_open(principal: &Principal, page: PageKind) -> bool {
    let role = principal.role;
    match page {
        PageKind::PublicStatistics => true,
        // NAV's queue, the statistics of every unit (counts only), the
        // early sessions NAV holds and the unit's own settings.
        PageKind::Queue
        | PageKind::Statistics
        | PageKind::EarlySessions
        | PageKind::UnitSettings => role == Role::Caseworker,
        PageKind::Person => matches!(
            role,
            Role::Caseworker | Role::Manager | Role::Gp | Role::Counsellor | Role::JobSpecialist
        ),
        PageKind::Plan | PageKind::Meetings => {
            matches!(role, Role::Caseworker | Role::Manager | Role::Gp)
        }
        PageKind::MySickLeave
        | PageKind::MyCasework
        | PageKind::WhoSeesMe
        | PageKind::MyGuidance
        | PageKind::MyWorkAbility
        | PageKind::MySupportedEmployment => role == Role::Worker,
        PageKind::MyEmployees => role == Role::Manager,
        PageKind::Patients => role == Role::Gp,
        PageKind::MyConsentedPersons => matches!(role, Role::Counsellor | Role::JobSpecialist),
        PageKind::Instruments => matches!(role, Role::Admin | Role::Counsellor),
        // Everyone who signs in has sessions (a system client has tokens)
        // and may be told something: a notification is made only for what
        // the reader's own view shows (`told`).
        PageKind::MySessions | PageKind::Notifications => role != Role::System,
        PageKind::WorkAbility => matches!(role, Role::Caseworker | Role::Gp),
        PageKind::SupportedEmploymentReferral => refers_to_supported_employment(principal),
        PageKind::SupportedEmploymentCaseload | PageKind::SupportedEmploymentParticipant => {
            role == Role::JobSpecialist
        }
        PageKind::SupportedEmploymentTeam => {
            role == Role::SeSupervisor && principal.employer.is_some()
        }
        PageKind::EmployerRegister => reads_employer_register(principal),
    }
}

/// The forms a principal's pages offer; each agrees with [`may_send`] and
/// the store's checks, so a form is never offered that would be refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // one flag per form, read by name
pub struct Forms {
    /// Write and share the follow-up plan.
    pub write_plan: bool,
    /// Approve or comment on a plan version.
    pub answer_plan: bool,
    /// Answer an invitation to a meeting.
    pub answer_invitation: bool,
    /// Ask NAV for meeting 2 early or meeting 3.
    pub request_meeting: bool,
    /// Record the activity requirement.
    pub activity_requirement: bool,
    /// Write a note on the case.
    pub case_note: bool,
    /// Mark tasks of this party done or not needed.
    pub decide_tasks: Option<Party>,
    /// Take and hand back tasks.
    pub take_tasks: bool,
    /// Try "what if" with another certificate.
    pub what_if: bool,
    /// Grant, change and withdraw consents.
    pub manage_consents: bool,
    /// Suggest career guidance to the person (only the person books it).
    pub suggest_guidance: bool,
    /// Record an early session.
    pub early_session: bool,
    /// Write a new version of the work-ability assessment.
    pub work_ability: bool,
    /// Add to the work-ability assessment (the GP's own contribution).
    pub work_ability_addition: bool,
    /// Switch the unit's early sessions on or off.
    pub unit_settings: bool,
    /// Refer the person to a Supported Employment provider.
    pub refer_supported_employment: bool,
    /// Agree to, or withdraw from, Supported Employment (the person's own).
    pub agree_supported_employment: bool,
    /// Log activities, steps, the vocational profile, the job and the
    /// fade-out of one's own participants.
    pub write_supported_employment: bool,
    /// Assign a job specialist to a queued participant.
    pub assign_job_specialist: bool,
    /// Register employers and change their tasks.
    pub write_employer_register: bool,
}

/// The dialogue meetings a principal invites to and writes the minutes
/// of: the manager meeting 1, NAV meetings 2 and 3.
pub fn organised_meetings(principal: &Principal) -> Vec<MeetingNumber> {
    let Some(me) = participant_of(principal.role) else {
        return Vec::new();
    };
    [MeetingNumber::One, MeetingNumber::Two, MeetingNumber::Three]
        .into_iter()
        .filter(|meeting| organiser(*meeting) == me)
        .collect()
}

/// The forms a principal's pages offer.
pub fn forms(principal: &Principal) -> Forms {
    let me = participant_of(principal.role);
    let is = |rule: fn(Participant) -> bool| me.is_some_and(rule);
    Forms {
        write_plan: is(writes_plan),
        answer_plan: is(answers_plan),
        answer_invitation: me.is_some(),
        request_meeting: is(requests_meetings),
        activity_requirement: is(assesses_activity),
        case_note: is(writes_notes),
        decide_tasks: task_party(principal),
        take_tasks: takes_tasks(principal),
        what_if: principal.role == Role::Caseworker,
        manage_consents: principal.role == Role::Worker && principal.person.is_some(),
        suggest_guidance: matches!(principal.role, Role::Caseworker | Role::Gp | Role::Manager),
        early_session: is(holds_early_sessions),
        work_ability: is(assesses_work_ability),
        work_ability_addition: is(adds_to_work_ability),
        unit_settings: principal.role == Role::Caseworker && principal.unit.is_some(),
        refer_supported_employment: refers_to_supported_employment(principal),
        agree_supported_employment: principal.role == Role::Worker && principal.person.is_some(),
        write_supported_employment: principal.role == Role::JobSpecialist,
        assign_job_specialist: principal.role == Role::SeSupervisor && principal.employer.is_some(),
        write_employer_register: writes_employer_register(principal),
    }
}

/// Whose tasks a principal decides on: NAV's for a caseworker, the
/// employer's for a manager.
pub fn task_party(principal: &Principal) -> Option<Party> {
    match principal.role {
        Role::Caseworker => Some(Party::Nav),
        Role::Manager => Some(Party::Employer),
        _ => None,
    }
}

/// Whether a principal takes and hands back tasks (NAV's, in their unit).
pub fn takes_tasks(principal: &Principal) -> bool {
    principal.role == Role::Caseworker
}

/// Whether a principal sets a person's protected-address level: only the
/// population register's feed, a system client.
pub fn sets_address_protection(principal: &Principal) -> bool {
    principal.role == Role::System
}

/// Whose work queue a principal sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueScope {
    /// NAV's tasks of the unit's persons.
    NavUnit(UnitCode),
    /// The employer's tasks, of cases at this employer, of employees with an open case there.
    Employer(Orgnr),
    /// A role with a queue, but not tied to a unit or employer: an empty queue.
    Empty,
}

/// The queue of a principal; `None` for roles that have no queue.
pub fn queue_scope(principal: &Principal) -> Option<QueueScope> {
    match principal.role {
        Role::Caseworker => Some(
            principal
                .unit
                .map_or(QueueScope::Empty, QueueScope::NavUnit),
        ),
        Role::Manager => Some(
            principal
                .employer
                .map_or(QueueScope::Empty, QueueScope::Employer),
        ),
        _ => None,
    }
}

/// Whether a principal gets a list of the persons they follow: a
/// manager's employees, a GP's patients, a counsellor's or job
/// specialist's consenting persons. NAV has its unit's queue instead.
pub fn lists_persons(principal: &Principal) -> bool {
    matches!(
        principal.role,
        Role::Manager | Role::Gp | Role::Counsellor | Role::JobSpecialist
    )
}

/// Who may be granted a consent for a purpose: a counsellor for guidance,
/// a job specialist for Supported Employment.
pub fn may_be_granted(grantee_role: Role, purpose: Purpose) -> bool {
    purpose.needs_consent() && Purpose::of_role(grantee_role) == Some(purpose)
}

/// A party the person may share the action plan of career guidance with
/// (the plan is the person's; they choose, per party, and may take it back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlanAudience {
    /// The nearest manager at the employer.
    Manager,
    /// NAV: the caseworkers of the unit that follows the person.
    Nav,
    /// The GP (fastlegen) who certified the person.
    Gp,
}

impl PlanAudience {
    pub const ALL: [PlanAudience; 3] = [PlanAudience::Manager, PlanAudience::Nav, PlanAudience::Gp];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanAudience::Manager => "manager",
            PlanAudience::Nav => "nav",
            PlanAudience::Gp => "gp",
        }
    }

    pub fn parse(text: &str) -> Option<PlanAudience> {
        PlanAudience::ALL
            .into_iter()
            .find(|audience| audience.as_str() == text)
    }

    /// The party a role reads a shared plan as, if any.
    pub fn of_role(role: Role) -> Option<PlanAudience> {
        match role {
            Role::Manager => Some(PlanAudience::Manager),
            Role::Caseworker => Some(PlanAudience::Nav),
            Role::Gp => Some(PlanAudience::Gp),
            Role::Worker
            | Role::Counsellor
            | Role::JobSpecialist
            | Role::SeSupervisor
            | Role::System
            | Role::Admin => None,
        }
    }
}

/// What the person shares with a party: the action plan, or also the
/// mapping report (which holds the profiles and the answers' numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SharedDocument {
    Plan,
    Report,
}

impl SharedDocument {
    pub const ALL: [SharedDocument; 2] = [SharedDocument::Plan, SharedDocument::Report];

    pub fn as_str(self) -> &'static str {
        match self {
            SharedDocument::Plan => "plan",
            SharedDocument::Report => "report",
        }
    }

    pub fn parse(text: &str) -> Option<SharedDocument> {
        SharedDocument::ALL
            .into_iter()
            .find(|document| document.as_str() == text)
    }
}

/// Whether a document may be shared with a party at all: the report holds
/// the profiles and answers, which never reach the employer, so it goes to
/// NAV or the GP only; the plan to any of them.
pub fn may_share_guidance(audience: PlanAudience, document: SharedDocument) -> bool {
    !(audience == PlanAudience::Manager && document == SharedDocument::Report)
}

/// What a viewer may do with a person's action plan of career guidance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // one flag per thing one may do, read by name
pub struct GuidancePlanAccess {
    /// Read the plan (every version).
    pub read: bool,
    /// Save a new version.
    pub write: bool,
    /// Make a version final: the person's decision alone.
    pub decide_final: bool,
    /// Share it with a party or take it back: the person's alone.
    pub share: bool,
    /// Read the mapping report, which holds the profiles: only where the
    /// guidance part is read (a party the plan is shared with gets the plan).
    pub report: bool,
}

/// The action plan is the person's. The person does everything with it; a
/// reader with the guidance part of the [`PersonView`] (a counsellor the
/// person consented to) reads and writes it; a statutory party (the
/// manager, NAV, the GP) in scope for the person reads it only while the
/// person shares it with them (`shared_with`, the parties and documents the
/// store holds as shared now), and the report only while that is shared
/// too (never with the manager: [`may_share_guidance`]); never the notes.
pub fn guidance_plan_access(
    principal: &Principal,
    person: &Fnr,
    view: Option<&PersonView>,
    shared_with: &[(PlanAudience, SharedDocument)],
) -> GuidancePlanAccess {
    if is_the_person(principal, person) {
        return GuidancePlanAccess {
            read: true,
            write: true,
            decide_final: true,
            share: true,
            report: true,
        };
    }
    let Some(view) = view else {
        return GuidancePlanAccess::default();
    };
    if view.guidance {
        return GuidancePlanAccess {
            read: true,
            write: true,
            decide_final: false,
            share: false,
            report: true,
        };
    }
    let shared = |document: SharedDocument| {
        PlanAudience::of_role(view.role).is_some_and(|audience| {
            may_share_guidance(audience, document) && shared_with.contains(&(audience, document))
        })
    };
    let report = shared(SharedDocument::Report);
    GuidancePlanAccess {
        // The report holds the plan.
        read: shared(SharedDocument::Plan) || report,
        report,
        ..GuidancePlanAccess::default()
    }
}

/// Whether a principal refers persons to Supported Employment: a NAV
/// caseworker (for a person in their unit, which the store checks).
pub fn refers_to_supported_employment(principal: &Principal) -> bool {
    principal.role == Role::Caseworker
}

/// Whether a principal reads the employer register: job specialists and
/// method supervisors (employers are organisations, not persons; the
/// reads are audited under each employer).
pub fn reads_employer_register(principal: &Principal) -> bool {
    matches!(principal.role, Role::JobSpecialist | Role::SeSupervisor)
}

/// Whether a principal registers employers and changes their tasks.
pub fn writes_employer_register(principal: &Principal) -> bool {
    matches!(principal.role, Role::JobSpecialist | Role::SeSupervisor)
}

/// Whether a principal is the method supervisor of this provider.
pub fn supervises(principal: &Principal, provider: &Orgnr) -> bool {
    principal.role == Role::SeSupervisor && principal.employer.as_ref() == Some(provider)
}

/// Whether an account of this role can be assigned participants.
pub fn takes_participants(role: Role) -> bool {
    role == Role::JobSpecialist
}

/// What the policy needs to know of one participation in Supported
/// Employment (the store reads it with the participation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParticipationFacts {
    pub provider: Orgnr,
    pub specialist_user_id: Option<i64>,
    pub state: ParticipationState,
    /// Whether the principal's follow-up scope holds the person (for a
    /// caseworker: the person is in their unit).
    pub in_scope: bool,
    /// The categories of the principal's standing consent from the person
    /// for Supported Employment, if any.
    pub consent: Option<Share>,
}

/// What a principal may see and do of one participation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // one flag per thing one may do, read by name
pub struct SupportedEmploymentAccess {
    /// That the referral exists: its provider, state and dates (no notes).
    pub state: bool,
    /// The referral's reason, which the caseworker wrote: for the person,
    /// their specialist and NAV, not the supervisor's queue.
    pub reason: bool,
    /// The records: activities and their notes, steps, drift warnings, the
    /// vocational profile, the job, onboarding and fade-out.
    pub records: bool,
    /// Write the records.
    pub write: bool,
    /// Agree, decline or withdraw: the person's alone.
    pub decide: bool,
    /// Assign (or reassign) a job specialist.
    pub assign: bool,
    /// Take the career-guidance profiles the person shares with their
    /// specialist into the vocational profile: the specialist who writes
    /// the records, while the consent shares `guidance`.
    pub take_in_guidance: bool,
}

/// Supported Employment's access rule:
/// - the person sees everything about themself and alone agrees, declines
///   or withdraws;
/// - the job specialist assigned to an active participation sees and
///   writes its records while the person's Supported Employment consent to
///   them stands (agreement grants it; withdrawal ends it and the
///   participation at once);
/// - the provider's method supervisor sees a participation's state and
///   assigns specialists once the person has agreed (queued or active),
///   never its records; before agreement the provider sees nothing;
/// - a caseworker who has the person in their unit sees that the referral
///   exists and its state, not the records;
/// - nobody else sees anything.
pub fn supported_employment_access(
    principal: &Principal,
    person: &Fnr,
    facts: &ParticipationFacts,
) -> SupportedEmploymentAccess {
    if is_the_person(principal, person) {
        return SupportedEmploymentAccess {
            state: true,
            reason: true,
            records: true,
            write: false,
            decide: true,
            assign: false,
            take_in_guidance: false,
        };
    }
    let agreed = matches!(
        facts.state,
        ParticipationState::Queued | ParticipationState::Active
    );
    match principal.role {
        Role::JobSpecialist => {
            let mine = facts.state == ParticipationState::Active
                && facts.specialist_user_id == Some(principal.user_id)
                && facts
                    .consent
                    .is_some_and(|share| share.contains(Category::SupportedEmployment));
            SupportedEmploymentAccess {
                state: mine,
                reason: mine,
                records: mine,
                write: mine,
                take_in_guidance: mine
                    && facts
                        .consent
                        .is_some_and(|share| share.contains(Category::Guidance)),
                ..SupportedEmploymentAccess::default()
            }
        }
        Role::SeSupervisor => {
            let ours = agreed && supervises(principal, &facts.provider);
            SupportedEmploymentAccess {
                state: ours,
                assign: ours,
                ..SupportedEmploymentAccess::default()
            }
        }
        Role::Caseworker => SupportedEmploymentAccess {
            state: facts.in_scope,
            reason: facts.in_scope,
            ..SupportedEmploymentAccess::default()
        },
        Role::Manager | Role::Worker | Role::Gp | Role::Counsellor | Role::Admin | Role::System => {
            SupportedEmploymentAccess::default()
        }
    }
}

#[cfg(test)]
mod tests;

/// Whether a principal reads the event feed (`GET /api/v1/events`): every
/// role that sees persons, each event only as [`event_shown`] lets it; the
/// admin and the method supervisor see no person's follow-up, so no event.
pub fn reads_event_feed(principal: &Principal) -> bool {
    // The method supervisor sees no person's follow-up either, only a
    // provider's queue and team.
    !matches!(principal.role, Role::Admin | Role::SeSupervisor)
}

/// Whether the principal registers webhook subscribers and reads their
/// delivery log: the admin, and the operator at the command line (as
/// with organisations, [`manages_organisations`]).
pub fn manages_webhooks(principal: &Principal) -> bool {
    manages_organisations(principal)
}

/// Whose eyes a webhook subscriber sees events with: the owner's, by the
/// same rules as the owner's people, never more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubscriberScope {
    /// As this principal (an employer's HR system sees as the employer's
    /// nearest manager: its employees with an open case, their milestones
    /// and case work, never a diagnosis).
    As(Principal),
    /// As the organisation's own staff of this role (a career centre's
    /// counsellors, an SE provider's job specialists): an event is seen
    /// when one of them sees it, so the centre gets only the persons who
    /// consented to its own people, and only what they shared.
    AsStaff { role: Role, organisation: Orgnr },
}

/// The scope of a subscriber owned by `owner`.
pub fn subscriber_scope(owner: SubscriberOwner) -> SubscriberScope {
    match owner {
        SubscriberOwner::Employer(employer) => SubscriberScope::As(Principal {
            // A subscriber is no user; 0 is no user's id.
            user_id: 0,
            username: format!("webhook:employer:{employer}"),
            role: Role::Manager,
            unit: None,
            employer: Some(employer),
            person: None,
            gp_id: None,
            protected_address_access: false,
        }),
        SubscriberOwner::CareerCentre(organisation) => SubscriberScope::AsStaff {
            role: Role::Counsellor,
            organisation,
        },
        SubscriberOwner::SeProvider(organisation) => SubscriberScope::AsStaff {
            role: Role::JobSpecialist,
            organisation,
        },
    }
}

/// Whether a viewer sees an event about a person they see (`view`): a
/// stored document exactly when [`PersonView::shown`] shows the document
/// (`document_shown`); a task with the tasks and the follow-up; a
/// milestone with the follow-up; a shared action plan by the person, a
/// reader of their guidance, and the party it was shared with.
pub fn event_shown(view: &PersonView, event: &OutboxEvent, document_shown: bool) -> bool {
    match event.kind {
        EventKind::DocumentStored => document_shown,
        EventKind::TaskOpened
        | EventKind::TaskClosed
        | EventKind::TaskDueSoon
        | EventKind::TaskOverdue => view.tasks != Tasks::None && view.followup.is_some(),
        EventKind::MilestoneReached => view.followup.is_some(),
        EventKind::GuidancePlanShared => {
            view.guidance
                || PlanAudience::of_role(view.role)
                    .is_some_and(|audience| audience.as_str() == event.subject)
        }
    }
}

/// Whether a role is ever told of events of this kind (so the store reads
/// a person's data only for the parties that may be told).
pub fn may_be_told(role: Role, kind: EventKind) -> bool {
    match kind {
        EventKind::DocumentStored => participant_of(role).is_some(),
        EventKind::TaskDueSoon | EventKind::TaskOverdue => role == Role::Manager,
        EventKind::GuidancePlanShared => PlanAudience::of_role(role).is_some(),
        EventKind::TaskOpened | EventKind::TaskClosed | EventKind::MilestoneReached => false,
    }
}

/// What a party who sees an event is told of it, if anything: its own
/// deadlines and what waits for it. The manager: the plan and meeting 1
/// coming due and the employer's other tasks; invitees: an invitation;
/// the organiser: the answers; the participants: the minutes; NAV: a
/// request for a meeting; the worker: a plan version to answer; the
/// manager: the worker's answer; the party a guidance plan is shared with.
/// `document` is the event's document and `shown` the person's documents
/// the party sees (an answer's invitation is among them).
pub fn told(
    principal: &Principal,
    event: &OutboxEvent,
    document: Option<&Document>,
    shown: &[&Document],
) -> Option<Topic> {
    if !may_be_told(principal.role, event.kind) {
        return None;
    }
    match event.kind {
        EventKind::TaskDueSoon | EventKind::TaskOverdue => {
            (event.owner.as_deref() == Some("employer")).then(|| match event.task_kind() {
                Some(TaskKind::FollowUpPlan) => Topic::PlanDue,
                Some(TaskKind::DialogueMeeting1) => Topic::MeetingDue,
                _ => Topic::TaskDue,
            })
        }
        EventKind::GuidancePlanShared => PlanAudience::of_role(principal.role)
            .filter(|audience| audience.as_str() == event.subject)
            .map(|_| Topic::GuidancePlanShared),
        EventKind::DocumentStored => {
            let me = participant_of(principal.role)?;
            let DocumentBody::Casework(casework) = &document?.body else {
                return None;
            };
            told_of_casework(me, casework, shown)
        }
        EventKind::TaskOpened | EventKind::TaskClosed | EventKind::MilestoneReached => None,
    }
}

/// [`told`] for a case-work document.
fn told_of_casework(
    me: Participant,
    casework: &CaseworkDocument,
    shown: &[&Document],
) -> Option<Topic> {
    let invitation_of = |id: &str| {
        shown.iter().find_map(|document| match &document.body {
            DocumentBody::Casework(CaseworkDocument::MeetingInvitation(invitation))
                if document.id == id =>
            {
                Some(invitation)
            }
            _ => None,
        })
    };
    match casework {
        CaseworkDocument::MeetingInvitation(invitation) => (invitation.participants.contains(&me)
            && organiser(invitation.meeting) != me)
            .then_some(if invitation.replaces.is_some() {
                Topic::MeetingChanged
            } else {
                Topic::Invitation
            }),
        // Those the cancelled invitation went to, but the organiser.
        CaseworkDocument::MeetingCancelled(cancellation) => invitation_of(&cancellation.invitation)
            .is_some_and(|invitation| {
                invitation.participants.contains(&me) && organiser(invitation.meeting) != me
            })
            .then_some(Topic::MeetingChanged),
        CaseworkDocument::MeetingAnswer(answer) => invitation_of(&answer.invitation)
            .is_some_and(|invitation| {
                organiser(invitation.meeting) == me && answer.participant != me
            })
            .then_some(Topic::Answer),
        CaseworkDocument::MeetingMinutes(minutes) => {
            // Those invited to the meeting (by its latest invitation), or the
            // worker when nobody was invited through tilbake.
            let invited = shown
                .iter()
                .rev()
                .find_map(|document| match &document.body {
                    DocumentBody::Casework(CaseworkDocument::MeetingInvitation(invitation))
                        if invitation.meeting == minutes.meeting =>
                    {
                        Some(invitation.participants.contains(&me))
                    }
                    _ => None,
                });
            (organiser(minutes.meeting) != me && invited.unwrap_or(me == Participant::Worker))
                .then_some(Topic::Minutes)
        }
        CaseworkDocument::MeetingRequest(request) => {
            (organiser(request.meeting) == me && request.by != me).then_some(Topic::Request)
        }
        CaseworkDocument::PlanVersion { .. } => {
            (me == Participant::Worker).then_some(Topic::PlanVersion)
        }
        CaseworkDocument::PlanResponse(_) => {
            (me == Participant::Manager).then_some(Topic::PlanResponse)
        }
        CaseworkDocument::PlanShared { .. }
        | CaseworkDocument::MeetingHeld { .. }
        | CaseworkDocument::ActivityAssessed { .. }
        | CaseworkDocument::CaseNote { .. }
        // Early sessions and the work-ability assessment tell no one yet:
        // NAV writes them in a conversation with the worker (no topic of
        // their own so far).
        | CaseworkDocument::EarlySession(_)
        | CaseworkDocument::WorkAbilityAssessment(_)
        | CaseworkDocument::WorkAbilityAddition(_) => None,
    }
}
