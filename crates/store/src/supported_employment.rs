//! Supported Employment: referral, the person's agreement, the job
//! specialist's records of their participants, the provider's queue and
//! team, and the employer register.
//!
//! Who sees and does what is `policy::supported_employment_access` (and the
//! policy's smaller answers named below); this file reads the facts it
//! needs with the participation, applies the answer and audits every read
//! and write in the same transaction. The caseload cap
//! ([`CASELOAD_CAP`]) is checked in the assigning transaction with the
//! specialist's account row locked (`Backend::LOCK_ROW`; SQLite has one
//! writer at a time), so concurrent assignments never pass it.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{Datelike, Days, NaiveDate};
use tilbake_domain::access::consent::{Consent, Purpose, Share};
use tilbake_domain::access::policy::{self, ParticipationFacts, SupportedEmploymentAccess};
use tilbake_domain::access::{AuditAction, Role};
use tilbake_domain::casework::TaskList;
use tilbake_domain::identity::{Fnr, Orgnr};
use tilbake_domain::statistics::{ProtectedTable, DEFAULT_K};
use tilbake_domain::supported_employment::drift::first_employer_contact;
use tilbake_domain::supported_employment::fidelity::team_outcomes;
use tilbake_domain::supported_employment::{
    drift_warnings, specialist_fidelity, still_employed, team_fidelity, Activity, ActivityKind,
    ActivityTally, CarvedTask, DriftWarning, Employer, EmployerTask, EndReason, FadeOutPlan,
    FadeOutStep, FromGuidance, Hire, Hours, Milestone, Onboarding, OnboardingItem,
    ParticipantFacts, ParticipationState, Place, ProfileSource, SpecialistFidelity, StepSet,
    TeamFidelity, VocationalProfile, CASELOAD_CAP,
};

use crate::backend::{Arg, Backend, Sql, Tx};
use crate::consents::{grant_in, withdraw_in};
use crate::recompute::{corrupt, date_text, parse_date};
use crate::rows::{parse_fnr, NumberRow};
use crate::sql_store::{
    audit, deny_in, organisation_subject, push_visible, visible_person, NO_PERSON,
};
use crate::{Actor, Millis, StoreError};

/// The longest reason a caseworker gives for a referral.
pub const REASON_MAX_CHARS: usize = 500;

/// The most weeks a fidelity or contacts view looks back (five years).
pub const MAX_WEEKS: u32 = 260;

fn check_weeks(weeks: u32) -> Result<(), StoreError> {
    if (1..=MAX_WEEKS).contains(&weeks) {
        Ok(())
    } else {
        Err(invalid(
            "weeks",
            format!("look back 1 to {MAX_WEEKS} weeks"),
        ))
    }
}

/// A Supported Employment provider and its people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider {
    pub orgnr: Orgnr,
    pub name: String,
    /// Usernames of the provider's job specialists.
    pub specialists: Vec<String>,
    /// Usernames of the provider's method supervisors.
    pub supervisors: Vec<String>,
}

/// A caseworker's referral.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReferral {
    pub provider: Orgnr,
    /// Why, in a few words (read by the person, the specialist and NAV).
    pub reason: String,
    /// A job specialist of the provider to follow the person, if any: they
    /// are assigned at agreement when they have room.
    pub specialist: Option<String>,
}

/// A participation as its reader may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participation {
    pub person: Fnr,
    pub provider: Orgnr,
    pub provider_name: String,
    pub referred_at: Millis,
    pub state: ParticipationState,
    pub ended_because: Option<EndReason>,
    pub agreed_on: Option<NaiveDate>,
    /// The assigned job specialist's username.
    pub specialist: Option<String>,
    /// What the reader may do (the policy's answer).
    pub access: SupportedEmploymentAccess,
    /// The referral's reason: for the person, the specialist and NAV.
    pub reason: Option<String>,
    /// The records, for the person and their specialist.
    pub records: Option<Records>,
}

/// A participant's records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Records {
    pub steps: StepSet,
    /// Oldest first.
    pub activities: Vec<LoggedActivity>,
    pub drift: Vec<DriftWarning>,
    /// Every version, oldest first.
    pub profiles: Vec<ProfileVersion>,
    pub job: Option<Job>,
    /// The job's employer's name in the employer register (`None`: not
    /// registered), so no page shows a bare organisation number.
    pub job_employer_name: Option<String>,
    pub onboarding: Onboarding,
    pub fade_out: Option<FadeOutPlan>,
    /// Still employed 3, 12 and 24 months after hiring (`None`: not yet known).
    pub outcomes: Vec<(Milestone, Option<bool>)>,
}

/// An activity with who logged it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedActivity {
    pub activity: Activity,
    pub specialist: String,
    pub logged_at: Millis,
}

/// One version of the vocational profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileVersion {
    pub version: u32,
    pub changed_on: NaiveDate,
    pub source: ProfileSource,
    pub profile: VocationalProfile,
    pub saved_by: String,
    pub saved_at: Millis,
}

/// A change of the vocational profile: the new version, what it came
/// from and the day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileChange {
    pub profile: VocationalProfile,
    pub source: ProfileSource,
    pub changed_on: NaiveDate,
}

/// The job and the tasks carved for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub hire: Hire,
    pub tasks: Vec<CarvedTask>,
}

/// A participant on a job specialist's caseload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseloadEntry {
    pub person: Fnr,
    pub referred_at: Millis,
    pub agreed_on: Option<NaiveDate>,
    pub steps: StepSet,
    pub drift: Vec<DriftWarning>,
    pub last_activity: Option<NaiveDate>,
    pub first_employer_contact: Option<NaiveDate>,
    pub hired: bool,
}

/// A referral waiting in a provider's queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedReferral {
    pub person: Fnr,
    pub referred_at: Millis,
    pub agreed_on: Option<NaiveDate>,
    /// The specialist the caseworker named, if any (who had no room).
    pub named_specialist: Option<String>,
}

/// A provider's team as its method supervisor sees it: per specialist
/// their indicators (activity counts as they are, person counts in the
/// team table protected), and the team's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamView {
    pub provider: Orgnr,
    pub provider_name: String,
    /// Specialists by username, with their indicators.
    pub specialists: Vec<(String, SpecialistFidelity)>,
    pub team: TeamFidelity,
    /// Hired participants still employed at 3, 12 and 24 months: a row per
    /// milestone, columns employed and not employed (protected).
    pub outcomes: ProtectedTable,
    /// Referrals waiting in the queue.
    pub queued: u64,
}

/// One week's employer contacts of a specialist (weeks start on Monday).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekContacts {
    pub week_start: NaiveDate,
    pub contacts: u64,
}

/// A contact logged with an employer, as its page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmployerContact {
    pub on: NaiveDate,
    pub kind: ActivityKind,
    /// The job specialist's username.
    pub specialist: String,
}

/// The most contacts an employer's page lists.
pub const EMPLOYER_CONTACTS_SHOWN: i64 = 100;

/// The Supported Employment area of the store.
#[async_trait]
pub trait SupportedEmploymentStore: Send + Sync + 'static {
    /// Registers or renames a provider: the admin's or the operator's
    /// (`Forbidden` otherwise); audited under the organisation. `Invalid`
    /// (field `orgnr`) for an organisation of another kind.
    async fn put_provider(
        &self,
        actor: &Actor,
        orgnr: &Orgnr,
        name: &str,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The providers with their specialists and supervisors (no person's data).
    async fn list_providers(&self) -> Result<Vec<Provider>, StoreError>;

    /// A caseworker refers a person they see to a provider. `NotFound` for
    /// a person they do not see, `Forbidden` for a role that does not
    /// refer, `Invalid` for an unknown provider, a specialist not of it or
    /// an empty or long reason, `Conflict` while the person has a
    /// participation that has not ended. Nothing reaches the provider yet.
    async fn refer_to_supported_employment(
        &self,
        actor: &Actor,
        person: &Fnr,
        referral: &NewReferral,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The person agrees to take part, sharing `share` besides Supported
    /// Employment itself: the participation is active with the named
    /// specialist (granting them the consent) when they have room, else it
    /// waits in the provider's queue. Returns the new state. `NotFound` for
    /// anyone but the person; `Invalid` (field `referral`) with no referral
    /// to agree to.
    async fn agree_to_supported_employment(
        &self,
        actor: &Actor,
        person: &Fnr,
        share: Share,
        today: NaiveDate,
        now: Millis,
    ) -> Result<ParticipationState, StoreError>;

    /// The person withdraws (or declines a referral): the participation
    /// ends at once (`withdrawn`, or `declined` before agreement), and the
    /// consent to the specialist with it. `NotFound` for anyone but the
    /// person; nothing changes when nothing is open.
    async fn withdraw_from_supported_employment(
        &self,
        actor: &Actor,
        person: &Fnr,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The method supervisor assigns (or reassigns) a job specialist of the
    /// provider to an agreed participant, moving the consent to them.
    /// `Invalid` (field `specialist`) when the specialist already follows
    /// [`CASELOAD_CAP`] active participants, or is not a specialist of the
    /// provider; `NotFound` for a participation the actor may not assign.
    async fn assign_job_specialist(
        &self,
        actor: &Actor,
        person: &Fnr,
        specialist: &str,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The provider's queue, oldest referral first: for its method
    /// supervisor (`Forbidden` otherwise). Audited per person.
    async fn provider_queue(
        &self,
        actor: &Actor,
        provider: &Orgnr,
        now: Millis,
    ) -> Result<Vec<QueuedReferral>, StoreError>;

    /// The provider's team with its fidelity over the `weeks` weeks ending
    /// `today` (1 to [`MAX_WEEKS`]), person counts protected: for its
    /// method supervisor (`Forbidden` otherwise). Audited under the provider.
    async fn team(
        &self,
        actor: &Actor,
        provider: &Orgnr,
        today: NaiveDate,
        weeks: u32,
        now: Millis,
    ) -> Result<TeamView, StoreError>;

    /// The job specialist's active participants (while each one's consent
    /// stands), with steps and drift warnings, oldest agreement first.
    /// Audited per person.
    async fn my_participants(
        &self,
        actor: &Actor,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<CaseloadEntry>, StoreError>;

    /// The person's latest participation as the actor may see it (the
    /// state only, or with the records). `NotFound` when there is none or
    /// the actor sees nothing of it. Audited.
    async fn participation(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Participation, StoreError>;

    /// The specialist logs an activity with a participant (`person`) or,
    /// with none, with an employer. `Invalid` for an activity the domain
    /// refuses; `NotFound` for a participant they do not follow.
    async fn log_activity(
        &self,
        actor: &Actor,
        person: Option<&Fnr>,
        activity: &Activity,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The specialist sets the participant's current steps.
    async fn set_steps(
        &self,
        actor: &Actor,
        person: &Fnr,
        steps: StepSet,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The specialist saves a new version of the vocational profile, dated
    /// with its source. Returns the version.
    async fn save_profile(
        &self,
        actor: &Actor,
        person: &Fnr,
        change: &ProfileChange,
        today: NaiveDate,
        now: Millis,
    ) -> Result<u32, StoreError>;

    /// The specialist takes what the person's shared career guidance says
    /// (`from`, worded by the caller from the guidance it read) into a new
    /// version of the vocational profile, from the latest, with the source
    /// [`ProfileSource::GuidanceProfiles`] and dated `today`. Only while the
    /// person shares `guidance` with them (`NotFound`, audited, otherwise,
    /// as for a participant they do not follow). `Ok(None)` when nothing new
    /// would be added; `Invalid` (field `wishes`) when the version would
    /// still have no wishes. Returns the version.
    async fn take_in_guidance(
        &self,
        actor: &Actor,
        person: &Fnr,
        from: &FromGuidance,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Option<u32>, StoreError>;

    /// The specialist records the job (and the tasks carved for it).
    async fn save_job(
        &self,
        actor: &Actor,
        person: &Fnr,
        job: &Job,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The specialist records the onboarding checklist and the mentor
    /// (`Invalid`, field `job`, before a job is recorded).
    async fn save_onboarding(
        &self,
        actor: &Actor,
        person: &Fnr,
        onboarding: &Onboarding,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The specialist records the fade-out plan as agreed.
    async fn save_fade_out(
        &self,
        actor: &Actor,
        person: &Fnr,
        plan: &FadeOutPlan,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The specialist ends the participation (`by_agreement` or
    /// `closed_by_provider`; the person withdraws with
    /// [`Self::withdraw_from_supported_employment`]); their consent ends with it.
    async fn end_participation(
        &self,
        actor: &Actor,
        person: &Fnr,
        reason: EndReason,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// Registers an employer or changes it (its tasks replaced): job
    /// specialists and supervisors (`Forbidden` otherwise); `Invalid` for
    /// what the domain refuses. Audited under the employer.
    async fn put_employer(
        &self,
        actor: &Actor,
        employer: &Employer,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The employer register, by name: for job specialists and
    /// supervisors (`Forbidden` otherwise). Audited.
    async fn employers(&self, actor: &Actor, now: Millis) -> Result<Vec<Employer>, StoreError>;

    /// The contacts job specialists logged with one employer (date, kind,
    /// who; never the participant or the note), newest first, at most
    /// [`EMPLOYER_CONTACTS_SHOWN`]: for the register's readers (`Forbidden`
    /// otherwise). Audited under the employer.
    async fn employer_contacts(
        &self,
        actor: &Actor,
        employer: &Orgnr,
        now: Millis,
    ) -> Result<Vec<EmployerContact>, StoreError>;

    /// The actor's own employer contacts per week, for the `weeks` weeks
    /// (1 to [`MAX_WEEKS`]) up to the one holding `today`, oldest first
    /// (goal: six a week).
    async fn my_employer_contacts(
        &self,
        actor: &Actor,
        weeks: u32,
        today: NaiveDate,
    ) -> Result<Vec<WeekContacts>, StoreError>;
}

// ---------------------------------------------------------------------------
// Rows

const PARTICIPATION_COLUMNS: &str = "s.person_id, s.referred_at, s.provider, \
     o.name AS provider_name, s.reason, s.named_specialist, s.specialist_user_id, \
     u.username AS specialist, s.state, s.share, s.agreed_on, s.steps, s.ended_because \
     FROM se_participations s JOIN organisations o ON o.orgnr = s.provider \
     LEFT JOIN users u ON u.user_id = s.specialist_user_id";

#[derive(sqlx::FromRow)]
struct ParticipationRow {
    person_id: String,
    referred_at: i64,
    provider: String,
    provider_name: String,
    reason: String,
    named_specialist: Option<i64>,
    specialist_user_id: Option<i64>,
    specialist: Option<String>,
    state: String,
    share: String,
    agreed_on: Option<String>,
    steps: String,
    ended_because: Option<String>,
}

impl ParticipationRow {
    fn state(&self) -> Result<ParticipationState, StoreError> {
        ParticipationState::parse(&self.state)
            .ok_or_else(|| corrupt(format!("'{}' is not a participation state", self.state)))
    }

    fn provider(&self) -> Result<Orgnr, StoreError> {
        parse_orgnr(&self.provider)
    }

    fn key(&self) -> [Arg<'_>; 2] {
        [
            Arg::from(self.person_id.as_str()),
            Arg::Int(self.referred_at),
        ]
    }
}

#[derive(sqlx::FromRow)]
struct UserRow {
    user_id: i64,
    username: String,
    role: String,
    employer: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ActivityRow {
    person_id: Option<String>,
    referred_at: Option<i64>,
    specialist: String,
    on_date: String,
    kind: String,
    place: String,
    employer: Option<String>,
    note: String,
    logged_at: i64,
}

#[derive(sqlx::FromRow)]
struct ProfileRow {
    version: i64,
    changed_on: String,
    source: String,
    wishes: String,
    interests: String,
    strengths: String,
    experience: String,
    can_do_now: String,
    cannot_do_now: String,
    hours_min: Option<i64>,
    hours_max: Option<i64>,
    adaptations: String,
    saved_by: String,
    saved_at: i64,
}

#[derive(sqlx::FromRow)]
struct JobRow {
    employer: String,
    hired_on: String,
    open_market: bool,
    hours_per_week: i64,
    tariff_pay: bool,
    ended_on: Option<String>,
    mentor: String,
}

#[derive(sqlx::FromRow)]
struct JobTaskRow {
    name: String,
    hours_per_week: i64,
    can_do_now: bool,
}

#[derive(sqlx::FromRow)]
struct DatedItemRow {
    item: String,
    done_on: String,
}

#[derive(sqlx::FromRow)]
struct FadeOutRow {
    from_date: String,
    contacts_per_month: i64,
    agreed_on: String,
}

#[derive(sqlx::FromRow)]
struct EmployerRow {
    orgnr: String,
    name: String,
    culture: String,
    adaptations: String,
    aids: String,
    training: String,
    hours_min: Option<i64>,
    hours_max: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct EmployerTaskRow {
    orgnr: String,
    name: String,
    hours_per_week: i64,
}

#[derive(sqlx::FromRow)]
struct ProviderRow {
    orgnr: String,
    name: String,
    username: Option<String>,
    role: Option<String>,
}

#[derive(sqlx::FromRow)]
struct CaseloadRow {
    person_id: String,
    referred_at: i64,
    provider: String,
    specialist_user_id: Option<i64>,
    state: String,
    agreed_on: Option<String>,
    steps: String,
    consent: Option<String>,
    in_scope: bool,
    hired: bool,
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    person_id: String,
    referred_at: i64,
    agreed_on: Option<String>,
    named: Option<String>,
}

#[derive(sqlx::FromRow)]
struct DateRow {
    on_date: String,
}

fn parse_orgnr(text: &str) -> Result<Orgnr, StoreError> {
    Orgnr::parse(text).map_err(|_| corrupt(format!("'{text}' is not an orgnr")))
}

fn parse_role(text: &str) -> Result<Role, StoreError> {
    Role::parse(text).ok_or_else(|| corrupt(format!("'{text}' is not a role")))
}

fn small(number: i64, what: &str) -> Result<u8, StoreError> {
    u8::try_from(number).map_err(|_| corrupt(format!("{number} is not {what}")))
}

fn hours_of(min: Option<i64>, max: Option<i64>) -> Result<Option<Hours>, StoreError> {
    match (min, max) {
        (Some(min), Some(max)) => Hours::new(small(min, "hours")?, small(max, "hours")?)
            .map(Some)
            .map_err(|error| corrupt(error.to_string())),
        _ => Ok(None),
    }
}

/// A nullable integer's placeholder `$n` and value. A null is bound as
/// text and cast, in a statement of its own text: PostgreSQL keeps a
/// prepared statement's parameter types, so one text must not be bound
/// once as text and once as a number.
fn int_slot(n: usize, value: Option<i64>) -> (String, Arg<'static>) {
    match value {
        Some(value) => (format!("${n}"), Arg::Int(value)),
        None => (format!("CAST(${n} AS BIGINT)"), Arg::OptText(None)),
    }
}

fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        field: field.to_owned(),
        message: message.into(),
    }
}

fn activity_of(row: &ActivityRow) -> Result<Activity, StoreError> {
    Ok(Activity {
        on: parse_date(&row.on_date)?,
        kind: ActivityKind::parse(&row.kind)
            .ok_or_else(|| corrupt(format!("'{}' is not an activity", row.kind)))?,
        place: Place::parse(&row.place)
            .ok_or_else(|| corrupt(format!("'{}' is not a place", row.place)))?,
        employer: row.employer.as_deref().map(parse_orgnr).transpose()?,
        note: row.note.clone(),
    })
}

fn job_of(row: &JobRow, tasks: Vec<CarvedTask>) -> Result<Job, StoreError> {
    Ok(Job {
        hire: Hire {
            employer: parse_orgnr(&row.employer)?,
            hired_on: parse_date(&row.hired_on)?,
            open_market: row.open_market,
            hours_per_week: small(row.hours_per_week, "hours")?,
            tariff_pay: row.tariff_pay,
            ended_on: row.ended_on.as_deref().map(parse_date).transpose()?,
        },
        tasks,
    })
}

const ACTIVITY_COLUMNS: &str = "a.person_id, a.referred_at, su.username AS specialist, \
     a.on_date, a.kind, a.place, a.employer, a.note, a.logged_at \
     FROM se_activities a JOIN users su ON su.user_id = a.specialist_user_id";

const EMPLOYER_KINDS: &str =
    "('employer_contact', 'workplace_visit', 'work_trial', 'follow_up_at_work')";

// ---------------------------------------------------------------------------
// What the policy needs

/// The person's latest participation; `lock` holds it until commit.
async fn latest<B: Backend>(
    tx: &mut B::Tx,
    person_id: &str,
    lock: bool,
) -> Result<Option<ParticipationRow>, StoreError> {
    // PostgreSQL locks no row of an outer join: the participation is
    // locked by itself first.
    if lock && !B::LOCK_ROW.is_empty() {
        tx.execute(
            &format!(
                "SELECT person_id FROM se_participations WHERE person_id = $1 \
                 ORDER BY referred_at DESC LIMIT 1{}",
                B::LOCK_ROW
            ),
            &[Arg::from(person_id)],
        )
        .await?;
    }
    Ok(tx
        .fetch_optional::<ParticipationRow>(
            &format!(
                "SELECT {PARTICIPATION_COLUMNS} WHERE s.person_id = $1 \
                 ORDER BY s.referred_at DESC LIMIT 1"
            ),
            &[Arg::from(person_id)],
        )
        .await?)
}

/// The facts of a participation the policy decides by, for this actor.
async fn facts_of<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person: &Fnr,
    row: &ParticipationRow,
    today: NaiveDate,
) -> Result<ParticipationFacts, StoreError> {
    let in_scope = visible_person::<B>(tx, actor, person, today, false)
        .await?
        .is_some();
    let consent = tx
        .fetch_optional::<crate::rows::NameRow>(
            "SELECT share AS name FROM consent_grants WHERE person_id = $1 \
             AND grantee_user_id = $2 AND purpose = $3 AND withdrawn_at IS NULL",
            &[
                Arg::from(row.person_id.as_str()),
                Arg::Int(actor.user_id),
                Arg::from(Purpose::SupportedEmployment.as_str()),
            ],
        )
        .await?
        .map(|row| Share::from_text(&row.name));
    Ok(ParticipationFacts {
        provider: row.provider()?,
        specialist_user_id: row.specialist_user_id,
        state: row.state()?,
        in_scope,
        consent,
    })
}

/// The latest participation and the actor's access to it (`lock`: for a write).
async fn with_access<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person: &Fnr,
    today: NaiveDate,
    lock: bool,
) -> Result<Option<(ParticipationRow, SupportedEmploymentAccess)>, StoreError> {
    let Some(row) = latest::<B>(tx, &person.to_string(), lock).await? else {
        return Ok(None);
    };
    let facts = facts_of::<B>(tx, actor, person, &row, today).await?;
    let access = policy::supported_employment_access(actor, person, &facts);
    Ok(Some((row, access)))
}

/// The participation the actor writes the records of (their active
/// participant), or the denial, audited, as `NotFound`.
async fn writable<B: Backend>(
    tx: B::Tx,
    actor: &Actor,
    person: &Fnr,
    what: &str,
    today: NaiveDate,
    now: Millis,
) -> Result<(B::Tx, ParticipationRow), StoreError> {
    writable_when::<B>(tx, actor, person, what, |access| access.write, today, now).await
}

/// As [`writable`], for a write the policy allows by `allowed`.
async fn writable_when<B: Backend>(
    tx: B::Tx,
    actor: &Actor,
    person: &Fnr,
    what: &str,
    allowed: fn(&SupportedEmploymentAccess) -> bool,
    today: NaiveDate,
    now: Millis,
) -> Result<(B::Tx, ParticipationRow), StoreError> {
    let mut tx = tx;
    match with_access::<B>(&mut tx, actor, person, today, true).await? {
        Some((row, access)) if access.write && allowed(&access) => Ok((tx, row)),
        _ => Err(deny_in::<B>(
            tx,
            actor,
            &person.to_string(),
            AuditAction::WriteSupportedEmployment,
            what,
            now,
            StoreError::NotFound,
        )
        .await),
    }
}

/// A user by username, with what the policy needs.
async fn user_named<T: Tx>(tx: &mut T, username: &str) -> Result<Option<UserRow>, StoreError> {
    Ok(tx
        .fetch_optional::<UserRow>(
            "SELECT user_id, username, role, employer FROM users WHERE username = $1",
            &[Arg::from(username)],
        )
        .await?)
}

/// Whether the user is a job specialist of the provider.
fn specialist_of(user: &UserRow, provider: &Orgnr) -> Result<bool, StoreError> {
    Ok(policy::takes_participants(parse_role(&user.role)?)
        && user.employer.as_deref() == Some(provider.to_string().as_str()))
}

/// Makes `specialist` the participation's specialist if they have room:
/// locks their account row, counts their active participants and refuses
/// at the cap. Moves the consent from an earlier specialist.
async fn assign_in<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    row: &ParticipationRow,
    specialist: &UserRow,
    now: Millis,
) -> Result<(), StoreError> {
    tx.execute(
        &format!(
            "SELECT user_id FROM users WHERE user_id = $1{}",
            B::LOCK_ROW
        ),
        &[Arg::Int(specialist.user_id)],
    )
    .await?;
    let active = tx
        .fetch_optional::<NumberRow>(
            "SELECT COUNT(*) AS number FROM se_participations WHERE specialist_user_id = $1 \
             AND state = 'active' AND person_id <> $2",
            &[
                Arg::Int(specialist.user_id),
                Arg::from(row.person_id.as_str()),
            ],
        )
        .await?
        .map_or(0, |row| row.number);
    if active >= i64::from(CASELOAD_CAP) {
        return Err(invalid(
            "specialist",
            format!(
                "{} already follows {active} active participants, the most one job specialist \
                 may follow ({CASELOAD_CAP}); choose another specialist, or the referral waits \
                 in the provider's queue",
                specialist.username
            ),
        ));
    }
    if let Some(earlier) = row
        .specialist_user_id
        .filter(|earlier| *earlier != specialist.user_id)
    {
        let name = tx
            .fetch_optional::<crate::rows::NameRow>(
                "SELECT username AS name FROM users WHERE user_id = $1",
                &[Arg::Int(earlier)],
            )
            .await?
            .map_or_else(String::new, |row| row.name);
        withdraw_in::<B>(
            tx,
            actor,
            &row.person_id,
            (earlier, &name),
            Purpose::SupportedEmployment,
            now,
        )
        .await?;
    }
    let [person, referred_at] = row.key();
    tx.execute(
        "UPDATE se_participations SET specialist_user_id = $3, state = 'active', updated_at = $4 \
         WHERE person_id = $1 AND referred_at = $2",
        &[
            person,
            referred_at,
            Arg::Int(specialist.user_id),
            Arg::Int(now),
        ],
    )
    .await?;
    grant_in::<B>(
        tx,
        actor,
        &row.person_id,
        (specialist.user_id, &specialist.username),
        Purpose::SupportedEmployment,
        Share::from_text(&row.share),
        now,
    )
    .await?;
    audit::<B>(
        tx,
        &row.person_id,
        actor,
        AuditAction::AssignJobSpecialist,
        &specialist.username,
        true,
        now,
    )
    .await
}

/// Ends the participation in `tx` and the consent to its specialist.
async fn end_in<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    row: &ParticipationRow,
    reason: EndReason,
    now: Millis,
) -> Result<(), StoreError> {
    let [person, referred_at] = row.key();
    tx.execute(
        "UPDATE se_participations SET state = 'ended', ended_because = $3, ended_at = $4, \
         updated_at = $4 WHERE person_id = $1 AND referred_at = $2",
        &[
            person,
            referred_at,
            Arg::from(reason.as_str()),
            Arg::Int(now),
        ],
    )
    .await?;
    if let (Some(user_id), Some(username)) = (row.specialist_user_id, &row.specialist) {
        withdraw_in::<B>(
            tx,
            actor,
            &row.person_id,
            (user_id, username),
            Purpose::SupportedEmployment,
            now,
        )
        .await?;
    }
    audit::<B>(
        tx,
        &row.person_id,
        actor,
        AuditAction::EndSupportedEmployment,
        reason.as_str(),
        true,
        now,
    )
    .await
}

/// The person withdrew their Supported Employment consent to a specialist
/// (on "who sees me"): the participation with them ends as withdrawn, in
/// the same transaction. The consent itself is already withdrawn.
pub(crate) async fn end_by_withdrawal<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person_id: &str,
    specialist_user_id: i64,
    now: Millis,
) -> Result<(), StoreError> {
    let changed = tx
        .execute(
            "UPDATE se_participations SET state = 'ended', ended_because = 'withdrawn', \
             ended_at = $3, updated_at = $3 WHERE person_id = $1 AND specialist_user_id = $2 \
             AND state = 'active'",
            &[
                Arg::from(person_id),
                Arg::Int(specialist_user_id),
                Arg::Int(now),
            ],
        )
        .await?;
    if changed > 0 {
        audit::<B>(
            tx,
            person_id,
            actor,
            AuditAction::EndSupportedEmployment,
            EndReason::Withdrawn.as_str(),
            true,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Audits a refusal of an organisation-level read and returns `Forbidden`.
async fn forbid_org<B: Backend>(
    backend: &B,
    actor: &Actor,
    subject: &str,
    action: AuditAction,
    now: Millis,
) -> StoreError {
    let tx = match backend.begin().await {
        Ok(tx) => tx,
        Err(error) => return error,
    };
    deny_in::<B>(tx, actor, subject, action, "", now, StoreError::Forbidden).await
}

const PROFILE_COLUMNS: &str = "version, changed_on, source, wishes, interests, strengths, \
     experience, can_do_now, cannot_do_now, hours_min, hours_max, adaptations, saved_by, saved_at \
     FROM se_profiles WHERE person_id = $1 AND referred_at = $2";

fn profile_version_of(profile: ProfileRow) -> Result<ProfileVersion, StoreError> {
    Ok(ProfileVersion {
        version: u32::try_from(profile.version)
            .map_err(|_| corrupt(format!("{} is not a version", profile.version)))?,
        changed_on: parse_date(&profile.changed_on)?,
        source: ProfileSource::parse(&profile.source)
            .ok_or_else(|| corrupt(format!("'{}' is not a source", profile.source)))?,
        profile: VocationalProfile {
            wishes: profile.wishes,
            interests: TaskList::from_text(&profile.interests),
            strengths: profile.strengths,
            experience: profile.experience,
            can_do_now: TaskList::from_text(&profile.can_do_now),
            cannot_do_now: TaskList::from_text(&profile.cannot_do_now),
            hours: hours_of(profile.hours_min, profile.hours_max)?,
            adaptations: TaskList::from_text(&profile.adaptations),
        },
        saved_by: profile.saved_by,
        saved_at: profile.saved_at,
    })
}

/// Saves `change` as the participation's next profile version, audited.
async fn insert_profile<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    row: &ParticipationRow,
    change: &ProfileChange,
    now: Millis,
) -> Result<u32, StoreError> {
    let ProfileChange {
        profile,
        source,
        changed_on,
    } = change;
    let key = row.key();
    let version = tx
        .fetch_optional::<NumberRow>(
            "SELECT CAST(COALESCE(MAX(version), 0) + 1 AS BIGINT) AS number FROM se_profiles \
             WHERE person_id = $1 AND referred_at = $2",
            &key,
        )
        .await?
        .map_or(1, |row| row.number);
    let [key_person, key_referred] = key;
    let (min_slot, min_arg) = int_slot(12, profile.hours.map(|hours| i64::from(hours.min())));
    let (max_slot, max_arg) = int_slot(13, profile.hours.map(|hours| i64::from(hours.max())));
    tx.execute(
        &format!(
            "INSERT INTO se_profiles (person_id, referred_at, version, changed_on, source, \
             wishes, interests, strengths, experience, can_do_now, cannot_do_now, hours_min, \
             hours_max, adaptations, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5, $6, $7, \
             $8, $9, $10, $11, {min_slot}, {max_slot}, $14, $15, $16)"
        ),
        &[
            key_person,
            key_referred,
            Arg::Int(version),
            Arg::from(date_text(*changed_on)),
            Arg::from(source.as_str()),
            Arg::from(profile.wishes.as_str()),
            Arg::from(profile.interests.to_text()),
            Arg::from(profile.strengths.as_str()),
            Arg::from(profile.experience.as_str()),
            Arg::from(profile.can_do_now.to_text()),
            Arg::from(profile.cannot_do_now.to_text()),
            min_arg,
            max_arg,
            Arg::from(profile.adaptations.to_text()),
            Arg::from(actor.username.as_str()),
            Arg::Int(now),
        ],
    )
    .await?;
    audit::<B>(
        tx,
        &row.person_id,
        actor,
        AuditAction::WriteSupportedEmployment,
        &format!("profile version {version} ({})", source.as_str()),
        true,
        now,
    )
    .await?;
    u32::try_from(version).map_err(|_| corrupt(format!("{version} is not a version")))
}

/// The records of one participation.
async fn records_of<T: Tx>(
    tx: &mut T,
    row: &ParticipationRow,
    today: NaiveDate,
) -> Result<Records, StoreError> {
    let key = row.key();
    let activities = tx
        .fetch_all::<ActivityRow>(
            &format!(
                "SELECT {ACTIVITY_COLUMNS} WHERE a.person_id = $1 AND a.referred_at = $2 \
                 ORDER BY a.on_date, a.activity_id"
            ),
            &key,
        )
        .await?
        .iter()
        .map(|activity| {
            Ok(LoggedActivity {
                activity: activity_of(activity)?,
                specialist: activity.specialist.clone(),
                logged_at: activity.logged_at,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let profiles = tx
        .fetch_all::<ProfileRow>(&format!("SELECT {PROFILE_COLUMNS} ORDER BY version"), &key)
        .await?
        .into_iter()
        .map(profile_version_of)
        .collect::<Result<Vec<_>, StoreError>>()?;
    let job_row = tx
        .fetch_optional::<JobRow>(
            "SELECT employer, hired_on, open_market, hours_per_week, \
             tariff_pay, ended_on, mentor FROM se_jobs WHERE person_id = $1 AND referred_at = $2",
            &key,
        )
        .await?;
    let tasks = tx
        .fetch_all::<JobTaskRow>(
            "SELECT name, hours_per_week, can_do_now FROM se_job_tasks \
             WHERE person_id = $1 AND referred_at = $2 ORDER BY position",
            &key,
        )
        .await?
        .into_iter()
        .map(|task| {
            Ok(CarvedTask {
                hours_per_week: small(task.hours_per_week, "hours")?,
                name: task.name,
                can_do_now: task.can_do_now,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let job = job_row.as_ref().map(|job| job_of(job, tasks)).transpose()?;
    let job_employer_name = match &job_row {
        Some(job) => tx
            .fetch_optional::<crate::rows::NameRow>(
                "SELECT name FROM se_employers WHERE orgnr = $1",
                &[Arg::from(job.employer.as_str())],
            )
            .await?
            .map(|row| row.name),
        None => None,
    };
    let done = tx
        .fetch_all::<DatedItemRow>(
            "SELECT item, done_on FROM se_onboarding WHERE person_id = $1 AND referred_at = $2",
            &key,
        )
        .await?;
    let mut onboarding = Onboarding {
        done: Vec::with_capacity(done.len()),
        mentor: job_row.map(|job| job.mentor).unwrap_or_default(),
    };
    for item in done {
        let parsed = OnboardingItem::parse(&item.item)
            .ok_or_else(|| corrupt(format!("'{}' is not an onboarding item", item.item)))?;
        onboarding.done.push((parsed, parse_date(&item.done_on)?));
    }
    onboarding
        .done
        .sort_by_key(|(item, _)| OnboardingItem::ALL.iter().position(|known| known == item));
    let steps = tx
        .fetch_all::<FadeOutRow>(
            "SELECT from_date, contacts_per_month, agreed_on FROM se_fade_out \
             WHERE person_id = $1 AND referred_at = $2 ORDER BY position",
            &key,
        )
        .await?;
    let fade_out = match steps.first() {
        None => None,
        Some(first) => {
            let agreed_on = parse_date(&first.agreed_on)?;
            let steps = steps
                .iter()
                .map(|step| {
                    Ok(FadeOutStep {
                        from: parse_date(&step.from_date)?,
                        contacts_per_month: small(step.contacts_per_month, "contacts")?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Some(
                FadeOutPlan::new(agreed_on, steps)
                    .map_err(|error| corrupt(format!("a stored fade-out plan: {error}")))?,
            )
        }
    };
    let plain: Vec<Activity> = activities
        .iter()
        .map(|logged| logged.activity.clone())
        .collect();
    let drift = match row.agreed_on.as_deref().map(parse_date).transpose()? {
        Some(agreed_on) if row.state()? == ParticipationState::Active && job.is_none() => {
            drift_warnings(agreed_on, &plain, today)
        }
        _ => Vec::new(),
    };
    let outcomes = Milestone::ALL
        .into_iter()
        .map(|milestone| {
            (
                milestone,
                job.as_ref()
                    .and_then(|job| still_employed(&job.hire, milestone, today)),
            )
        })
        .collect();
    Ok(Records {
        steps: StepSet::from_text(&row.steps),
        activities,
        drift,
        profiles,
        job,
        job_employer_name,
        onboarding,
        fade_out,
        outcomes,
    })
}

// ---------------------------------------------------------------------------
// The area

#[async_trait]
impl<B: Backend> SupportedEmploymentStore for B {
    async fn put_provider(
        &self,
        actor: &Actor,
        orgnr: &Orgnr,
        name: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        let subject = organisation_subject(orgnr);
        let action = AuditAction::ChangeOrganisation;
        if !policy::manages_organisations(actor) {
            return Err(forbid_org(self, actor, &subject, action, now).await);
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("name", "the provider needs a name"));
        }
        let mut tx = self.begin().await?;
        let kind = tx
            .fetch_optional::<crate::rows::NameRow>(
                "SELECT kind AS name FROM organisations WHERE orgnr = $1",
                &[Arg::from(orgnr.to_string())],
            )
            .await?;
        if kind.is_some_and(|kind| kind.name != "se_provider") {
            tx.rollback().await?;
            return Err(invalid(
                "orgnr",
                format!("{orgnr} is registered as another kind of organisation"),
            ));
        }
        tx.execute(
            "INSERT INTO organisations (orgnr, kind, name, created_at) \
             VALUES ($1, 'se_provider', $2, $3) ON CONFLICT (orgnr) DO UPDATE SET name = excluded.name",
            &[
                Arg::from(orgnr.to_string()),
                Arg::from(name),
                Arg::Int(now),
            ],
        )
        .await?;
        audit::<B>(
            &mut tx,
            &subject,
            actor,
            action,
            &format!("{name}: Supported Employment provider"),
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_providers(&self) -> Result<Vec<Provider>, StoreError> {
        let rows = self
            .fetch_all::<ProviderRow>(
                "SELECT o.orgnr, o.name, u.username, u.role FROM organisations o \
                 LEFT JOIN users u ON u.employer = o.orgnr \
                 WHERE o.kind = 'se_provider' ORDER BY o.name, o.orgnr, u.username",
                &[],
            )
            .await?;
        let mut providers: Vec<Provider> = Vec::new();
        for row in rows {
            if providers
                .last()
                .is_none_or(|last| last.orgnr.to_string() != row.orgnr)
            {
                providers.push(Provider {
                    orgnr: parse_orgnr(&row.orgnr)?,
                    name: row.name.clone(),
                    specialists: Vec::new(),
                    supervisors: Vec::new(),
                });
            }
            if let (Some(provider), Some(username), Some(role)) =
                (providers.last_mut(), row.username, row.role)
            {
                let role = parse_role(&role)?;
                if policy::takes_participants(role) {
                    provider.specialists.push(username);
                } else if role == Role::SeSupervisor {
                    provider.supervisors.push(username);
                }
            }
        }
        Ok(providers)
    }

    async fn refer_to_supported_employment(
        &self,
        actor: &Actor,
        person: &Fnr,
        referral: &NewReferral,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::ReferSupportedEmployment;
        let purpose = referral.provider.to_string();
        let mut tx = self.begin().await?;
        let seen = visible_person::<B>(&mut tx, actor, person, today, true)
            .await?
            .is_some();
        if !seen || !policy::refers_to_supported_employment(actor) {
            let refusal = if seen {
                StoreError::Forbidden
            } else {
                StoreError::NotFound
            };
            return Err(deny_in::<B>(tx, actor, &person_id, action, &purpose, now, refusal).await);
        }
        let reason = referral.reason.trim();
        if reason.is_empty() || reason.chars().count() > REASON_MAX_CHARS {
            tx.rollback().await?;
            return Err(invalid(
                "reason",
                format!("say in 1 to {REASON_MAX_CHARS} characters why the person is referred"),
            ));
        }
        let provider = tx
            .fetch_optional::<crate::rows::NameRow>(
                "SELECT name FROM organisations WHERE orgnr = $1 AND kind = 'se_provider'",
                &[Arg::from(purpose.as_str())],
            )
            .await?;
        if provider.is_none() {
            tx.rollback().await?;
            return Err(invalid(
                "provider",
                format!("{purpose} is not a Supported Employment provider"),
            ));
        }
        let named = match &referral.specialist {
            None => None,
            Some(username) => {
                let user = user_named(&mut tx, username).await?;
                match user {
                    Some(user) if specialist_of(&user, &referral.provider)? => Some(user.user_id),
                    _ => {
                        tx.rollback().await?;
                        return Err(invalid(
                            "specialist",
                            format!("{username} is not a job specialist at {purpose}"),
                        ));
                    }
                }
            }
        };
        if let Some(open) = latest::<B>(&mut tx, &person_id, false)
            .await?
            .filter(|row| row.state != ParticipationState::Ended.as_str())
        {
            tx.rollback().await?;
            return Err(StoreError::Conflict(format!(
                "the person already has a Supported Employment referral ({})",
                open.state
            )));
        }
        let (named_slot, named_arg) = int_slot(6, named);
        tx.execute(
            &format!(
                "INSERT INTO se_participations (person_id, referred_at, provider, referred_by, \
                 reason, named_specialist, state, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, {named_slot}, 'referred', $2)"
            ),
            &[
                Arg::from(person_id.as_str()),
                Arg::Int(now),
                Arg::from(purpose.as_str()),
                Arg::Int(actor.user_id),
                Arg::from(reason),
                named_arg,
            ],
        )
        .await?;
        audit::<B>(&mut tx, &person_id, actor, action, &purpose, true, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn agree_to_supported_employment(
        &self,
        actor: &Actor,
        person: &Fnr,
        share: Share,
        today: NaiveDate,
        now: Millis,
    ) -> Result<ParticipationState, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::AgreeSupportedEmployment;
        let mut tx = self.begin().await?;
        let found = with_access::<B>(&mut tx, actor, person, today, true).await?;
        let Some((row, access)) = found.filter(|(_, access)| access.decide) else {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                "supported_employment",
                now,
                StoreError::NotFound,
            )
            .await);
        };
        let _ = access;
        if row.state()? != ParticipationState::Referred {
            tx.rollback().await?;
            return Err(invalid(
                "referral",
                "you have no referral to Supported Employment waiting for your answer",
            ));
        }
        let share = Consent::new(Purpose::SupportedEmployment, share).share;
        let [key_person, key_referred] = row.key();
        tx.execute(
            "UPDATE se_participations SET state = 'queued', share = $3, agreed_at = $4, \
             agreed_on = $5, updated_at = $4 WHERE person_id = $1 AND referred_at = $2",
            &[
                key_person,
                key_referred,
                Arg::from(share.to_text()),
                Arg::Int(now),
                Arg::from(date_text(today)),
            ],
        )
        .await?;
        audit::<B>(&mut tx, &person_id, actor, action, &row.provider, true, now).await?;
        let agreed = ParticipationRow {
            share: share.to_text(),
            state: ParticipationState::Queued.as_str().to_owned(),
            ..row
        };
        let provider = agreed.provider()?;
        let named = match agreed.named_specialist {
            Some(user_id) => tx
                .fetch_optional::<UserRow>(
                    "SELECT user_id, username, role, employer FROM users WHERE user_id = $1",
                    &[Arg::Int(user_id)],
                )
                .await?
                .filter(|user| specialist_of(user, &provider).unwrap_or(false)),
            None => None,
        };
        let mut state = ParticipationState::Queued;
        if let Some(specialist) = named {
            match assign_in::<B>(&mut tx, actor, &agreed, &specialist, now).await {
                Ok(()) => state = ParticipationState::Active,
                // No room: the referral waits in the queue, as agreed.
                Err(StoreError::Invalid { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        tx.commit().await?;
        Ok(state)
    }

    async fn withdraw_from_supported_employment(
        &self,
        actor: &Actor,
        person: &Fnr,
        now: Millis,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::EndSupportedEmployment;
        let mut tx = self.begin().await?;
        let row = latest::<B>(&mut tx, &person_id, true).await?;
        let decides = row.as_ref().is_some_and(|row| {
            row.provider().is_ok_and(|provider| {
                policy::supported_employment_access(
                    actor,
                    person,
                    &ParticipationFacts {
                        provider,
                        specialist_user_id: row.specialist_user_id,
                        state: row.state().unwrap_or(ParticipationState::Ended),
                        in_scope: false,
                        consent: None,
                    },
                )
                .decide
            })
        });
        let Some(row) = row.filter(|_| decides) else {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                "supported_employment",
                now,
                StoreError::NotFound,
            )
            .await);
        };
        let reason = match row.state()? {
            ParticipationState::Ended => {
                tx.rollback().await?;
                return Ok(());
            }
            ParticipationState::Referred => EndReason::Declined,
            ParticipationState::Queued | ParticipationState::Active => EndReason::Withdrawn,
        };
        end_in::<B>(&mut tx, actor, &row, reason, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn assign_job_specialist(
        &self,
        actor: &Actor,
        person: &Fnr,
        specialist: &str,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::AssignJobSpecialist;
        let mut tx = self.begin().await?;
        let found = with_access::<B>(&mut tx, actor, person, today, true).await?;
        let Some((row, _)) = found.filter(|(_, access)| access.assign) else {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                specialist,
                now,
                StoreError::NotFound,
            )
            .await);
        };
        let provider = row.provider()?;
        let user = user_named(&mut tx, specialist).await?;
        let Some(user) = user.filter(|user| specialist_of(user, &provider).unwrap_or(false)) else {
            tx.rollback().await?;
            return Err(invalid(
                "specialist",
                format!("{specialist} is not a job specialist at {provider}"),
            ));
        };
        if let Err(error) = assign_in::<B>(&mut tx, actor, &row, &user, now).await {
            tx.rollback().await?;
            return Err(error);
        }
        tx.commit().await?;
        Ok(())
    }

    async fn provider_queue(
        &self,
        actor: &Actor,
        provider: &Orgnr,
        now: Millis,
    ) -> Result<Vec<QueuedReferral>, StoreError> {
        let subject = organisation_subject(provider);
        let action = AuditAction::ReadSupportedEmploymentTeam;
        if !policy::supervises(actor, provider) {
            return Err(forbid_org(self, actor, &subject, action, now).await);
        }
        let mut tx = self.begin().await?;
        let rows = tx
            .fetch_all::<QueueRow>(
                "SELECT s.person_id, s.referred_at, s.agreed_on, u.username AS named \
                 FROM se_participations s LEFT JOIN users u ON u.user_id = s.named_specialist \
                 WHERE s.provider = $1 AND s.state = 'queued' ORDER BY s.referred_at, s.person_id",
                &[Arg::from(provider.to_string())],
            )
            .await?;
        let mut queue = Vec::with_capacity(rows.len());
        for row in rows {
            audit::<B>(
                &mut tx,
                &row.person_id,
                actor,
                AuditAction::ReadSupportedEmployment,
                "queue",
                true,
                now,
            )
            .await?;
            queue.push(QueuedReferral {
                person: parse_fnr(&row.person_id)?,
                referred_at: row.referred_at,
                agreed_on: row.agreed_on.as_deref().map(parse_date).transpose()?,
                named_specialist: row.named,
            });
        }
        audit::<B>(&mut tx, &subject, actor, action, "queue", true, now).await?;
        tx.commit().await?;
        Ok(queue)
    }

    async fn team(
        &self,
        actor: &Actor,
        provider: &Orgnr,
        today: NaiveDate,
        weeks: u32,
        now: Millis,
    ) -> Result<TeamView, StoreError> {
        let subject = organisation_subject(provider);
        let action = AuditAction::ReadSupportedEmploymentTeam;
        if !policy::supervises(actor, provider) {
            return Err(forbid_org(self, actor, &subject, action, now).await);
        }
        check_weeks(weeks)?;
        let orgnr = provider.to_string();
        let mut tx = self.begin().await?;
        let provider_name = tx
            .fetch_optional::<crate::rows::NameRow>(
                "SELECT name FROM organisations WHERE orgnr = $1",
                &[Arg::from(orgnr.as_str())],
            )
            .await?
            .map_or_else(String::new, |row| row.name);
        let users = tx
            .fetch_all::<UserRow>(
                "SELECT user_id, username, role, employer FROM users WHERE employer = $1 \
                 ORDER BY username",
                &[Arg::from(orgnr.as_str())],
            )
            .await?;
        let mut specialists: Vec<UserRow> = Vec::new();
        for user in users {
            if policy::takes_participants(parse_role(&user.role)?) {
                specialists.push(user);
            }
        }
        // Every participation of the provider that a specialist has had,
        // with its first employer contact and whether a job was got (kept
        // on the row by the writes, migration 0017), and the period's
        // activities counted per specialist: a row per participation and
        // one per specialist, whatever the number of activities.
        let rows = tx
            .fetch_all::<TeamRow>(
                "SELECT specialist_user_id, state, agreed_on, ended_because, \
                 first_employer_contact, hired FROM se_participations WHERE provider = $1 \
                 AND specialist_user_id IS NOT NULL AND agreed_on IS NOT NULL \
                 AND (ended_because IS NULL OR ended_because <> 'withdrawn')",
                &[Arg::from(orgnr.as_str())],
            )
            .await?;
        let tallies = tx
            .fetch_all::<TallyRow>(
                &format!(
                    "SELECT a.specialist_user_id, CAST(COUNT(*) AS BIGINT) AS all_count, \
                     CAST(SUM(CASE WHEN a.place = 'out' THEN 1 ELSE 0 END) AS BIGINT) AS out_count, \
                     CAST(SUM(CASE WHEN a.kind IN {EMPLOYER_KINDS} THEN 1 ELSE 0 END) AS BIGINT) \
                     AS employer_count FROM se_activities a \
                     JOIN users su ON su.user_id = a.specialist_user_id \
                     WHERE su.employer = $1 AND a.on_date > $2 AND a.on_date <= $3 \
                     GROUP BY a.specialist_user_id"
                ),
                &[
                    Arg::from(orgnr.as_str()),
                    Arg::from(date_text(ActivityTally::period_start(today, weeks))),
                    Arg::from(date_text(today)),
                ],
            )
            .await?;
        let jobs = tx
            .fetch_all::<JobRow>(
                "SELECT j.employer, j.hired_on, j.open_market, \
                 j.hours_per_week, j.tariff_pay, j.ended_on, j.mentor FROM se_jobs j \
                 JOIN se_participations s ON s.person_id = j.person_id \
                 AND s.referred_at = j.referred_at WHERE s.provider = $1",
                &[Arg::from(orgnr.as_str())],
            )
            .await?;
        let queued = tx
            .fetch_optional::<NumberRow>(
                "SELECT COUNT(*) AS number FROM se_participations WHERE provider = $1 \
                 AND state = 'queued'",
                &[Arg::from(orgnr.as_str())],
            )
            .await?
            .map_or(0, |row| row.number);
        audit::<B>(&mut tx, &subject, actor, action, "team", true, now).await?;
        tx.commit().await?;

        let mut facts_of: BTreeMap<i64, Vec<ParticipantFacts>> = BTreeMap::new();
        for row in &rows {
            let (Some(user_id), Some(agreed_on)) = (row.specialist_user_id, &row.agreed_on) else {
                continue;
            };
            let state = ParticipationState::parse(&row.state)
                .ok_or_else(|| corrupt(format!("'{}' is not a state", row.state)))?;
            facts_of.entry(user_id).or_default().push(ParticipantFacts {
                agreed_on: parse_date(agreed_on)?,
                active: state == ParticipationState::Active,
                first_employer_contact: row
                    .first_employer_contact
                    .as_deref()
                    .map(parse_date)
                    .transpose()?,
                hired: row.hired,
                ended: row.ended_because.as_deref().and_then(EndReason::parse),
            });
        }
        let count = |n: Option<i64>| u64::try_from(n.unwrap_or(0)).unwrap_or(0);
        let tally_of: BTreeMap<i64, ActivityTally> = tallies
            .iter()
            .map(|row| {
                (
                    row.specialist_user_id,
                    ActivityTally {
                        all: count(Some(row.all_count)),
                        out_of_office: count(row.out_count),
                        employer_contacts: count(row.employer_count),
                    },
                )
            })
            .collect();
        let per_specialist: Vec<(String, SpecialistFidelity)> = specialists
            .iter()
            .map(|user| {
                (
                    user.username.clone(),
                    specialist_fidelity(
                        facts_of.get(&user.user_id).map_or(&[], Vec::as_slice),
                        tally_of.get(&user.user_id).copied().unwrap_or_default(),
                        today,
                        weeks,
                    ),
                )
            })
            .collect();
        let fidelities: Vec<SpecialistFidelity> = per_specialist
            .iter()
            .map(|(_, fidelity)| fidelity.clone())
            .collect();
        let hires = jobs
            .iter()
            .map(|job| job_of(job, Vec::new()).map(|job| job.hire))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(TeamView {
            provider: *provider,
            provider_name,
            team: team_fidelity(&fidelities, DEFAULT_K),
            outcomes: team_outcomes(&hires, today, DEFAULT_K),
            specialists: per_specialist,
            queued: u64::try_from(queued).unwrap_or(0),
        })
    }

    async fn my_participants(
        &self,
        actor: &Actor,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<CaseloadEntry>, StoreError> {
        let mut tx = self.begin().await?;
        let mut sql = Sql::new(
            "SELECT s.person_id, s.referred_at, s.provider, s.specialist_user_id, s.state, \
             s.agreed_on, s.steps, c.share AS consent, \
             EXISTS (SELECT 1 FROM persons p WHERE p.person_id = s.person_id AND ",
        );
        push_visible(&mut sql, actor, today);
        sql.push(
            ") AS in_scope, s.hired \
             FROM se_participations s JOIN consent_grants c ON c.person_id = s.person_id \
             AND c.grantee_user_id = s.specialist_user_id AND c.purpose = ",
        )
        .bind(Purpose::SupportedEmployment.as_str())
        .push(" AND c.withdrawn_at IS NULL WHERE s.state = 'active' AND s.specialist_user_id = ")
        .bind(actor.user_id)
        .push(" ORDER BY s.agreed_on, s.person_id");
        let rows = tx.fetch_all::<CaseloadRow>(&sql.text, &sql.args).await?;
        let activities = tx
            .fetch_all::<ActivityRow>(
                &format!(
                    "SELECT {ACTIVITY_COLUMNS} JOIN se_participations s ON s.person_id = a.person_id \
                     AND s.referred_at = a.referred_at WHERE s.state = 'active' \
                     AND s.specialist_user_id = $1 ORDER BY a.on_date, a.activity_id"
                ),
                &[Arg::Int(actor.user_id)],
            )
            .await?;
        let mut activities_of: BTreeMap<(&str, i64), Vec<Activity>> = BTreeMap::new();
        for row in &activities {
            if let (Some(person), Some(referred_at)) = (&row.person_id, row.referred_at) {
                activities_of
                    .entry((person.as_str(), referred_at))
                    .or_default()
                    .push(activity_of(row)?);
            }
        }
        let mut caseload = Vec::with_capacity(rows.len());
        for row in &rows {
            let person = parse_fnr(&row.person_id)?;
            let facts = ParticipationFacts {
                provider: parse_orgnr(&row.provider)?,
                specialist_user_id: row.specialist_user_id,
                state: ParticipationState::parse(&row.state)
                    .ok_or_else(|| corrupt(format!("'{}' is not a state", row.state)))?,
                in_scope: row.in_scope,
                consent: row.consent.as_deref().map(Share::from_text),
            };
            // The policy once more, per person, as every read of a person asks it.
            if !policy::supported_employment_access(actor, &person, &facts).records {
                continue;
            }
            let logged = activities_of
                .get(&(row.person_id.as_str(), row.referred_at))
                .map_or(&[][..], Vec::as_slice);
            let agreed_on = row.agreed_on.as_deref().map(parse_date).transpose()?;
            audit::<B>(
                &mut tx,
                &row.person_id,
                actor,
                AuditAction::ListPersons,
                "supported_employment",
                true,
                now,
            )
            .await?;
            caseload.push(CaseloadEntry {
                person,
                referred_at: row.referred_at,
                agreed_on,
                steps: StepSet::from_text(&row.steps),
                drift: match agreed_on {
                    Some(agreed_on) if !row.hired => drift_warnings(agreed_on, logged, today),
                    _ => Vec::new(),
                },
                last_activity: logged
                    .iter()
                    .map(|activity| activity.on)
                    .filter(|on| *on <= today)
                    .max(),
                first_employer_contact: first_employer_contact(logged),
                hired: row.hired,
            });
        }
        tx.commit().await?;
        Ok(caseload)
    }

    async fn participation(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Participation, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::ReadSupportedEmployment;
        let mut tx = self.begin().await?;
        let found = with_access::<B>(&mut tx, actor, person, today, false).await?;
        let Some((row, access)) = found.filter(|(_, access)| access.state || access.records) else {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                "supported_employment",
                now,
                StoreError::NotFound,
            )
            .await);
        };
        let records = if access.records {
            Some(records_of(&mut tx, &row, today).await?)
        } else {
            None
        };
        let what = if access.records { "records" } else { "state" };
        audit::<B>(&mut tx, &person_id, actor, action, what, true, now).await?;
        tx.commit().await?;
        let reason = access.reason.then(|| row.reason.clone());
        Ok(Participation {
            person: *person,
            provider: row.provider()?,
            provider_name: row.provider_name.clone(),
            referred_at: row.referred_at,
            state: row.state()?,
            ended_because: row.ended_because.as_deref().and_then(EndReason::parse),
            agreed_on: row.agreed_on.as_deref().map(parse_date).transpose()?,
            specialist: row.specialist.clone(),
            access,
            reason,
            records,
        })
    }

    async fn log_activity(
        &self,
        actor: &Actor,
        person: Option<&Fnr>,
        activity: &Activity,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        activity
            .check(today)
            .map_err(|error| invalid("activity", error.to_string()))?;
        let tx = self.begin().await?;
        let (mut tx, key, subject) = if let Some(person) = person {
            let (tx, row) = writable::<B>(tx, actor, person, "activity", today, now).await?;
            (
                tx,
                Some((row.person_id.clone(), row.referred_at)),
                row.person_id,
            )
        } else {
            let Some(employer) = activity
                .employer
                .filter(|_| activity.kind.is_employer_contact())
            else {
                return Err(invalid(
                    "person",
                    "an activity for no one participant is a contact with an employer",
                ));
            };
            let subject = organisation_subject(&employer);
            if !policy::forms(actor).write_supported_employment {
                return Err(deny_in::<B>(
                    tx,
                    actor,
                    &subject,
                    AuditAction::WriteSupportedEmployment,
                    activity.kind.as_str(),
                    now,
                    StoreError::Forbidden,
                )
                .await);
            }
            (tx, None, subject)
        };
        if let (Some((person_id, referred_at)), true) = (&key, activity.kind.is_employer_contact())
        {
            // The participation's first employer contact, for the team's
            // fidelity (migration 0017): only ever moves earlier.
            tx.execute(
                "UPDATE se_participations SET first_employer_contact = $3 \
                 WHERE person_id = $1 AND referred_at = $2 \
                 AND (first_employer_contact IS NULL OR first_employer_contact > $3)",
                &[
                    Arg::from(person_id.as_str()),
                    Arg::Int(*referred_at),
                    Arg::from(date_text(activity.on)),
                ],
            )
            .await?;
        }
        let (person_id, referred_at) = match key {
            Some((person_id, referred_at)) => (Some(person_id), Some(referred_at)),
            None => (None, None),
        };
        let (referred_slot, referred_arg) = int_slot(3, referred_at);
        tx.execute(
            &format!(
                "INSERT INTO se_activities (specialist_user_id, person_id, referred_at, on_date, \
                 kind, place, employer, note, logged_at) \
                 VALUES ($1, $2, {referred_slot}, $4, $5, $6, $7, $8, $9)"
            ),
            &[
                Arg::Int(actor.user_id),
                Arg::from(person_id),
                referred_arg,
                Arg::from(date_text(activity.on)),
                Arg::from(activity.kind.as_str()),
                Arg::from(activity.place.as_str()),
                Arg::from(activity.employer.map(|employer| employer.to_string())),
                Arg::from(activity.note.as_str()),
                Arg::Int(now),
            ],
        )
        .await?;
        audit::<B>(
            &mut tx,
            &subject,
            actor,
            AuditAction::WriteSupportedEmployment,
            activity.kind.as_str(),
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_steps(
        &self,
        actor: &Actor,
        person: &Fnr,
        steps: StepSet,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        let tx = self.begin().await?;
        let (mut tx, row) = writable::<B>(tx, actor, person, "steps", today, now).await?;
        let [key_person, key_referred] = row.key();
        tx.execute(
            "UPDATE se_participations SET steps = $3, updated_at = $4 \
             WHERE person_id = $1 AND referred_at = $2",
            &[
                key_person,
                key_referred,
                Arg::from(steps.to_text()),
                Arg::Int(now),
            ],
        )
        .await?;
        audit::<B>(
            &mut tx,
            &row.person_id,
            actor,
            AuditAction::WriteSupportedEmployment,
            &format!("steps: {}", steps.to_text()),
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_profile(
        &self,
        actor: &Actor,
        person: &Fnr,
        change: &ProfileChange,
        today: NaiveDate,
        now: Millis,
    ) -> Result<u32, StoreError> {
        change
            .profile
            .check(change.changed_on, today)
            .map_err(|error| invalid("profile", error.to_string()))?;
        let tx = self.begin().await?;
        let (mut tx, row) = writable::<B>(tx, actor, person, "profile", today, now).await?;
        let version = insert_profile::<B>(&mut tx, actor, &row, change, now).await?;
        tx.commit().await?;
        Ok(version)
    }

    async fn take_in_guidance(
        &self,
        actor: &Actor,
        person: &Fnr,
        from: &FromGuidance,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Option<u32>, StoreError> {
        let tx = self.begin().await?;
        let (mut tx, row) = writable_when::<B>(
            tx,
            actor,
            person,
            "profile from guidance",
            |access| access.take_in_guidance,
            today,
            now,
        )
        .await?;
        let latest = tx
            .fetch_optional::<ProfileRow>(
                &format!("SELECT {PROFILE_COLUMNS} ORDER BY version DESC LIMIT 1"),
                &row.key(),
            )
            .await?
            .map(profile_version_of)
            .transpose()?
            .map(|version| version.profile)
            .unwrap_or_default();
        let Some(profile) = latest.with_guidance(from) else {
            tx.rollback().await?;
            return Ok(None);
        };
        if let Err(error) = profile.check(today, today) {
            tx.rollback().await?;
            return Err(invalid("wishes", error.to_string()));
        }
        let change = ProfileChange {
            profile,
            source: ProfileSource::GuidanceProfiles,
            changed_on: today,
        };
        let version = insert_profile::<B>(&mut tx, actor, &row, &change, now).await?;
        tx.commit().await?;
        Ok(Some(version))
    }

    async fn save_job(
        &self,
        actor: &Actor,
        person: &Fnr,
        job: &Job,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        job.hire
            .check(today)
            .map_err(|error| invalid("job", error.to_string()))?;
        let tx = self.begin().await?;
        let (mut tx, row) = writable::<B>(tx, actor, person, "job", today, now).await?;
        let [key_person, key_referred] = row.key();
        tx.execute(
            "INSERT INTO se_jobs (person_id, referred_at, employer, hired_on, open_market, \
             hours_per_week, tariff_pay, ended_on, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (person_id, referred_at) \
             DO UPDATE SET employer = excluded.employer, hired_on = excluded.hired_on, \
             open_market = excluded.open_market, hours_per_week = excluded.hours_per_week, \
             tariff_pay = excluded.tariff_pay, ended_on = excluded.ended_on, \
             updated_at = excluded.updated_at",
            &[
                key_person,
                key_referred,
                Arg::from(job.hire.employer.to_string()),
                Arg::from(date_text(job.hire.hired_on)),
                Arg::Bool(job.hire.open_market),
                Arg::Int(i64::from(job.hire.hours_per_week)),
                Arg::Bool(job.hire.tariff_pay),
                Arg::from(job.hire.ended_on.map(date_text)),
                Arg::Int(now),
            ],
        )
        .await?;
        // Whether a job was got, for the team's fidelity (migration 0017).
        let [key_person, key_referred] = row.key();
        tx.execute(
            "UPDATE se_participations SET hired = $3 WHERE person_id = $1 AND referred_at = $2",
            &[key_person, key_referred, Arg::Bool(true)],
        )
        .await?;
        tx.execute(
            "DELETE FROM se_job_tasks WHERE person_id = $1 AND referred_at = $2",
            &row.key(),
        )
        .await?;
        for (position, task) in job.tasks.iter().enumerate() {
            let [key_person, key_referred] = row.key();
            tx.execute(
                "INSERT INTO se_job_tasks (person_id, referred_at, position, name, hours_per_week, \
                 can_do_now) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    key_person,
                    key_referred,
                    Arg::Int(i64::try_from(position).unwrap_or(i64::MAX)),
                    Arg::from(task.name.as_str()),
                    Arg::Int(i64::from(task.hours_per_week)),
                    Arg::Bool(task.can_do_now),
                ],
            )
            .await?;
        }
        audit::<B>(
            &mut tx,
            &row.person_id,
            actor,
            AuditAction::WriteSupportedEmployment,
            &format!("job at {}", job.hire.employer),
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_onboarding(
        &self,
        actor: &Actor,
        person: &Fnr,
        onboarding: &Onboarding,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        if let Some((_, on)) = onboarding.done.iter().find(|(_, on)| *on > today) {
            return Err(invalid("onboarding", format!("{on} is after today")));
        }
        let tx = self.begin().await?;
        let (mut tx, row) = writable::<B>(tx, actor, person, "onboarding", today, now).await?;
        let [key_person, key_referred] = row.key();
        let changed = tx
            .execute(
                "UPDATE se_jobs SET mentor = $3, updated_at = $4 \
                 WHERE person_id = $1 AND referred_at = $2",
                &[
                    key_person,
                    key_referred,
                    Arg::from(onboarding.mentor.trim()),
                    Arg::Int(now),
                ],
            )
            .await?;
        if changed == 0 {
            tx.rollback().await?;
            return Err(invalid("job", "record the job before its onboarding"));
        }
        tx.execute(
            "DELETE FROM se_onboarding WHERE person_id = $1 AND referred_at = $2",
            &row.key(),
        )
        .await?;
        for (item, on) in &onboarding.done {
            let [key_person, key_referred] = row.key();
            tx.execute(
                "INSERT INTO se_onboarding (person_id, referred_at, item, done_on) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, referred_at, item) DO NOTHING",
                &[
                    key_person,
                    key_referred,
                    Arg::from(item.as_str()),
                    Arg::from(date_text(*on)),
                ],
            )
            .await?;
        }
        audit::<B>(
            &mut tx,
            &row.person_id,
            actor,
            AuditAction::WriteSupportedEmployment,
            "onboarding",
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_fade_out(
        &self,
        actor: &Actor,
        person: &Fnr,
        plan: &FadeOutPlan,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        if plan.agreed_on() > today {
            return Err(invalid(
                "agreed_on",
                format!("{} is after today", plan.agreed_on()),
            ));
        }
        let tx = self.begin().await?;
        let (mut tx, row) = writable::<B>(tx, actor, person, "fade_out", today, now).await?;
        tx.execute(
            "DELETE FROM se_fade_out WHERE person_id = $1 AND referred_at = $2",
            &row.key(),
        )
        .await?;
        for (position, step) in plan.steps().iter().enumerate() {
            let [key_person, key_referred] = row.key();
            tx.execute(
                "INSERT INTO se_fade_out (person_id, referred_at, position, from_date, \
                 contacts_per_month, agreed_on) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    key_person,
                    key_referred,
                    Arg::Int(i64::try_from(position).unwrap_or(i64::MAX)),
                    Arg::from(date_text(step.from)),
                    Arg::Int(i64::from(step.contacts_per_month)),
                    Arg::from(date_text(plan.agreed_on())),
                ],
            )
            .await?;
        }
        audit::<B>(
            &mut tx,
            &row.person_id,
            actor,
            AuditAction::WriteSupportedEmployment,
            "fade_out",
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn end_participation(
        &self,
        actor: &Actor,
        person: &Fnr,
        reason: EndReason,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        if !matches!(reason, EndReason::ByAgreement | EndReason::ClosedByProvider) {
            return Err(invalid(
                "reason",
                "only the person withdraws or declines; a specialist ends by agreement or closes",
            ));
        }
        let tx = self.begin().await?;
        let (mut tx, row) = writable::<B>(tx, actor, person, "end", today, now).await?;
        end_in::<B>(&mut tx, actor, &row, reason, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn put_employer(
        &self,
        actor: &Actor,
        employer: &Employer,
        now: Millis,
    ) -> Result<(), StoreError> {
        let subject = organisation_subject(&employer.orgnr);
        let action = AuditAction::ChangeOrganisation;
        if !policy::writes_employer_register(actor) {
            return Err(forbid_org(self, actor, &subject, action, now).await);
        }
        employer
            .check()
            .map_err(|error| invalid("employer", error.to_string()))?;
        let orgnr = employer.orgnr.to_string();
        let mut tx = self.begin().await?;
        let (min_slot, min_arg) = int_slot(7, employer.hours.map(|hours| i64::from(hours.min())));
        let (max_slot, max_arg) = int_slot(8, employer.hours.map(|hours| i64::from(hours.max())));
        tx.execute(
            &format!(
                "INSERT INTO se_employers (orgnr, name, culture, adaptations, aids, training, \
                 hours_min, hours_max, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, {min_slot}, {max_slot}, $9, $9) \
                 ON CONFLICT (orgnr) DO UPDATE SET name = excluded.name, \
                 culture = excluded.culture, adaptations = excluded.adaptations, \
                 aids = excluded.aids, training = excluded.training, \
                 hours_min = excluded.hours_min, hours_max = excluded.hours_max, \
                 updated_at = excluded.updated_at"
            ),
            &[
                Arg::from(orgnr.as_str()),
                Arg::from(employer.name.trim()),
                Arg::from(employer.culture.as_str()),
                Arg::from(employer.adaptations.to_text()),
                Arg::from(employer.aids.to_text()),
                Arg::from(employer.training.as_str()),
                min_arg,
                max_arg,
                Arg::Int(now),
            ],
        )
        .await?;
        tx.execute(
            "DELETE FROM se_employer_tasks WHERE orgnr = $1",
            &[Arg::from(orgnr.as_str())],
        )
        .await?;
        for (position, task) in employer.tasks.iter().enumerate() {
            tx.execute(
                "INSERT INTO se_employer_tasks (orgnr, position, name, hours_per_week) \
                 VALUES ($1, $2, $3, $4)",
                &[
                    Arg::from(orgnr.as_str()),
                    Arg::Int(i64::try_from(position).unwrap_or(i64::MAX)),
                    Arg::from(task.name.trim()),
                    Arg::Int(i64::from(task.hours_per_week)),
                ],
            )
            .await?;
        }
        audit::<B>(
            &mut tx,
            &subject,
            actor,
            action,
            &format!("{}: employer register", employer.name.trim()),
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn employers(&self, actor: &Actor, now: Millis) -> Result<Vec<Employer>, StoreError> {
        let action = AuditAction::ReadEmployerRegister;
        if !policy::reads_employer_register(actor) {
            return Err(forbid_org(self, actor, NO_PERSON, action, now).await);
        }
        let mut tx = self.begin().await?;
        let rows = tx
            .fetch_all::<EmployerRow>(
                "SELECT orgnr, name, culture, adaptations, aids, training, hours_min, hours_max \
                 FROM se_employers ORDER BY name, orgnr",
                &[],
            )
            .await?;
        let tasks = tx
            .fetch_all::<EmployerTaskRow>(
                "SELECT orgnr, name, hours_per_week FROM se_employer_tasks ORDER BY orgnr, position",
                &[],
            )
            .await?;
        audit::<B>(
            &mut tx,
            NO_PERSON,
            actor,
            action,
            "employer register",
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        let mut tasks_of: BTreeMap<&str, Vec<EmployerTask>> = BTreeMap::new();
        for task in &tasks {
            tasks_of
                .entry(task.orgnr.as_str())
                .or_default()
                .push(EmployerTask {
                    name: task.name.clone(),
                    hours_per_week: small(task.hours_per_week, "hours")?,
                });
        }
        rows.into_iter()
            .map(|row| {
                Ok(Employer {
                    orgnr: parse_orgnr(&row.orgnr)?,
                    tasks: tasks_of.remove(row.orgnr.as_str()).unwrap_or_default(),
                    name: row.name,
                    culture: row.culture,
                    adaptations: TaskList::from_text(&row.adaptations),
                    aids: TaskList::from_text(&row.aids),
                    training: row.training,
                    hours: hours_of(row.hours_min, row.hours_max)?,
                })
            })
            .collect()
    }

    async fn employer_contacts(
        &self,
        actor: &Actor,
        employer: &Orgnr,
        now: Millis,
    ) -> Result<Vec<EmployerContact>, StoreError> {
        let subject = organisation_subject(employer);
        let action = AuditAction::ReadEmployerRegister;
        if !policy::reads_employer_register(actor) {
            return Err(forbid_org(self, actor, &subject, action, now).await);
        }
        let mut tx = self.begin().await?;
        let rows = tx
            .fetch_all::<ContactRow>(
                &format!(
                    "SELECT a.on_date, a.kind, su.username AS specialist FROM se_activities a \
                     JOIN users su ON su.user_id = a.specialist_user_id WHERE a.employer = $1 \
                     ORDER BY a.on_date DESC, a.activity_id DESC LIMIT {EMPLOYER_CONTACTS_SHOWN}"
                ),
                &[Arg::from(employer.to_string())],
            )
            .await?;
        audit::<B>(&mut tx, &subject, actor, action, "contacts", true, now).await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|row| {
                Ok(EmployerContact {
                    on: parse_date(&row.on_date)?,
                    kind: ActivityKind::parse(&row.kind)
                        .ok_or_else(|| corrupt(format!("'{}' is not an activity", row.kind)))?,
                    specialist: row.specialist,
                })
            })
            .collect()
    }

    async fn my_employer_contacts(
        &self,
        actor: &Actor,
        weeks: u32,
        today: NaiveDate,
    ) -> Result<Vec<WeekContacts>, StoreError> {
        check_weeks(weeks)?;
        let this_monday = today
            .checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))
            .unwrap_or(today);
        let first_monday = this_monday
            .checked_sub_days(Days::new(u64::from(weeks.saturating_sub(1)) * 7))
            .unwrap_or(NaiveDate::MIN);
        let rows = self
            .fetch_all::<DateRow>(
                &format!(
                    "SELECT on_date FROM se_activities WHERE specialist_user_id = $1 \
                     AND kind IN {EMPLOYER_KINDS} AND on_date >= $2 AND on_date <= $3"
                ),
                &[
                    Arg::Int(actor.user_id),
                    Arg::from(date_text(first_monday)),
                    Arg::from(date_text(today)),
                ],
            )
            .await?;
        let mut weeks_out: Vec<WeekContacts> = (0..weeks)
            .filter_map(|week| {
                first_monday
                    .checked_add_days(Days::new(u64::from(week) * 7))
                    .map(|week_start| WeekContacts {
                        week_start,
                        contacts: 0,
                    })
            })
            .collect();
        for row in rows {
            let on = parse_date(&row.on_date)?;
            let index = usize::try_from((on - first_monday).num_days() / 7).unwrap_or(usize::MAX);
            if let Some(week) = weeks_out.get_mut(index) {
                week.contacts += 1;
            }
        }
        Ok(weeks_out)
    }
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    on_date: String,
    kind: String,
    specialist: String,
}

#[derive(sqlx::FromRow)]
struct TeamRow {
    specialist_user_id: Option<i64>,
    state: String,
    agreed_on: Option<String>,
    ended_because: Option<String>,
    first_employer_contact: Option<String>,
    hired: bool,
}

/// A specialist's activities of a period, counted in SQL ([`ActivityTally`]).
#[derive(sqlx::FromRow)]
struct TallyRow {
    specialist_user_id: i64,
    all_count: i64,
    out_count: Option<i64>,
    employer_count: Option<i64>,
}
