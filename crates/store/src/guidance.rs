//! Career guidance: a person's answers to the instruments, saved as they go.
//!
//! The answers are the person's. They save them themselves; a reader the
//! access policy gives the guidance part ([`PersonView::guidance`]: a
//! counsellor the person booked, a job specialist they shared it with)
//! reads them, audited. Scoring is not done here: the store keeps the
//! contract's answers document, and the caller scores it with the definition
//! of its instrument and version.
//!
//! [`PersonView::guidance`]: tilbake_domain::access::policy::PersonView

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_domain::access::consent::{Purpose, Share};
use tilbake_domain::access::{policy, AuditAction, Role};
use tilbake_domain::guidance::{Session, SessionPlan};
use tilbake_domain::identity::{Fnr, Orgnr};

use crate::backend::{Arg, Backend, Tx};
use crate::recompute::{corrupt, date_text, parse_date};
use crate::sql_store::{
    audit, deny_in, only_the_person, organisation_subject, person_view, refuse_by_role,
    UPSERT_PERSON,
};
use crate::{Actor, ConsentStore, Millis, StoreError};

/// One instrument's answers as last saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedAnswers {
    pub instrument: String,
    pub version: u32,
    /// The guidance contract's answers document (JSON), checked when saved.
    pub answers: String,
    pub saved_at: Millis,
}

/// The guidance area of the store.
#[async_trait]
pub trait GuidanceStore: Send + Sync + 'static {
    /// The person saves their answers to one version of an instrument,
    /// replacing what they saved before (partial answers are kept as they
    /// are). `answers` must already be checked against the definition.
    /// `NotFound` for anyone but the person themself.
    async fn save_answers(
        &self,
        actor: &Actor,
        person: &Fnr,
        answers: &SavedAnswers,
    ) -> Result<(), StoreError>;

    /// Every instrument's answers of the person, oldest save first: for the
    /// person and for readers the policy gives the guidance part; `NotFound`
    /// for anyone else, audited as denied.
    async fn read_guidance(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<SavedAnswers>, StoreError>;

    /// The career centres and their counsellors, for a person choosing where
    /// to book (no person's data).
    async fn list_centres(&self) -> Result<Vec<CareerCentre>, StoreError>;

    /// Adds or renames a career centre, with its session plan: the admin's
    /// or the operator's (`Forbidden` for anyone else). Audited as the
    /// centre's own entry.
    async fn put_centre(
        &self,
        actor: &Actor,
        centre: &CareerCentre,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// An organisation's own audit log (changes to it), oldest first: for
    /// the admin (`Forbidden` for anyone else). Audited.
    async fn organisation_audit_log(
        &self,
        actor: &Actor,
        orgnr: &Orgnr,
        now: Millis,
    ) -> Result<Vec<OrganisationAuditEntry>, StoreError>;

    /// The person books guidance with a counsellor of a centre: grants the
    /// counsellor the guidance consent, sharing `share` besides guidance
    /// itself, and plans the centre's sessions from `first_session`.
    /// `NotFound` for anyone but the person; `Invalid` (field `counsellor`)
    /// for a counsellor who does not work at the centre, (field `centre`)
    /// for a centre that does not exist.
    async fn book_guidance(
        &self,
        actor: &Actor,
        person: &Fnr,
        booking: &NewBooking,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The person's latest booking with its sessions and notes: for the
    /// person and for the booking's counsellor while the person's consent
    /// to them stands; `NotFound` for anyone else. Audited.
    async fn guidance_process(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Option<GuidanceProcess>, StoreError>;

    /// The booking's counsellor plans, holds and writes notes on one session.
    async fn save_session(
        &self,
        actor: &Actor,
        person: &Fnr,
        session: &SessionRecord,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// A caseworker, GP or manager who sees the person suggests career
    /// guidance (the policy's `Forms::suggest_guidance`); once a day per
    /// role is kept. `NotFound` for a person they do not see, `Forbidden`
    /// for a role that does not suggest.
    async fn suggest_guidance(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// Who suggested guidance to the person (role and when), newest first:
    /// for the person themself, and for the parties who may suggest it.
    async fn guidance_suggestions(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
    ) -> Result<Vec<(Role, Millis)>, StoreError>;

    /// The counsellor's booked persons (while their consent stands) with
    /// the next session of each, soonest first.
    async fn my_bookings(
        &self,
        actor: &Actor,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<BookedPerson>, StoreError>;
}

/// A career centre and the usernames of its counsellors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CareerCentre {
    pub orgnr: Orgnr,
    pub name: String,
    pub plan: SessionPlan,
    pub counsellors: Vec<String>,
}

/// One entry of an organisation's audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationAuditEntry {
    pub at: Millis,
    pub actor_username: String,
    pub action: AuditAction,
    pub purpose: String,
}

/// What the person chooses when booking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewBooking {
    pub centre: Orgnr,
    pub counsellor: String,
    /// Shared besides guidance itself (which booking always shares).
    pub share: Share,
    pub wish: String,
    pub first_session: NaiveDate,
}

/// One session with the counsellor's notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub session: Session,
    pub note: String,
    pub before_next: String,
}

/// A booking and its sessions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuidanceProcess {
    pub centre: Orgnr,
    pub centre_name: String,
    pub counsellor: String,
    pub booked_at: Millis,
    pub wish: String,
    pub sessions: Vec<SessionRecord>,
}

/// A person on a counsellor's list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookedPerson {
    pub person: Fnr,
    pub next: Option<Session>,
}

#[derive(sqlx::FromRow)]
struct AnswersRow {
    instrument: String,
    version: i64,
    answers: String,
    saved_at: i64,
}

#[derive(sqlx::FromRow)]
struct CentreRow {
    orgnr: String,
    name: String,
    guidance_sessions: i64,
    session_spacing_days: i64,
    counsellor: Option<String>,
}

#[derive(sqlx::FromRow)]
struct BookingRow {
    booked_at: i64,
    centre: String,
    centre_name: String,
    counsellor_user_id: i64,
    counsellor: String,
    wish: String,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    number: i64,
    planned_on: String,
    held_on: Option<String>,
    note: String,
    before_next: String,
}

#[derive(sqlx::FromRow)]
struct SuggestionRow {
    by_role: String,
    suggested_at: i64,
}

#[derive(sqlx::FromRow)]
struct BookedRow {
    person_id: String,
    booked_at: i64,
}

fn parse_orgnr(text: &str) -> Result<Orgnr, StoreError> {
    Orgnr::parse(text).map_err(|_| corrupt(format!("'{text}' is not an orgnr")))
}

fn session_of(row: &SessionRow) -> Result<SessionRecord, StoreError> {
    Ok(SessionRecord {
        session: Session {
            number: u8::try_from(row.number)
                .map_err(|_| corrupt(format!("{} is not a session number", row.number)))?,
            planned_on: parse_date(&row.planned_on)?,
            held_on: row.held_on.as_deref().map(parse_date).transpose()?,
        },
        note: row.note.clone(),
        before_next: row.before_next.clone(),
    })
}

/// The person's latest booking, with the counsellor's user id.
async fn latest_booking<T: Tx>(
    tx: &mut T,
    person_id: &str,
) -> Result<Option<BookingRow>, StoreError> {
    Ok(tx
        .fetch_optional::<BookingRow>(
            "SELECT b.booked_at, b.centre, o.name AS centre_name, b.counsellor_user_id, \
             u.username AS counsellor, b.wish FROM guidance_bookings b \
             JOIN organisations o ON o.orgnr = b.centre \
             JOIN users u ON u.user_id = b.counsellor_user_id \
             WHERE b.person_id = $1 ORDER BY b.booked_at DESC LIMIT 1",
            &[Arg::from(person_id)],
        )
        .await?)
}

/// Whether the actor reads this booking's sessions: the person, or its
/// counsellor while the person's consent gives them the guidance part.
async fn reads_booking<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person: &Fnr,
    counsellor_user_id: i64,
    today: NaiveDate,
) -> Result<bool, StoreError> {
    if !policy::is_the_person(actor, person)
        && !policy::keeps_session_notes(actor, counsellor_user_id)
    {
        return Ok(false);
    }
    reads_guidance::<B>(tx, actor, person, today).await
}

/// Whether the actor reads the person's guidance (`PersonView::guidance`):
/// the person themself (who needs no follow-up of their own for it), or a
/// reader the policy gives the guidance part while the consent stands.
async fn reads_guidance<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person: &Fnr,
    today: NaiveDate,
) -> Result<bool, StoreError> {
    if policy::is_the_person(actor, person) {
        return Ok(true);
    }
    Ok(person_view::<B>(tx, actor, person, today, false)
        .await?
        .is_some_and(|(_, view)| view.guidance))
}

/// The sessions of one booking, in order.
async fn sessions_of<T: Tx>(
    tx: &mut T,
    person_id: &str,
    booked_at: Millis,
) -> Result<Vec<SessionRecord>, StoreError> {
    tx.fetch_all::<SessionRow>(
        "SELECT number, planned_on, held_on, note, before_next FROM guidance_sessions \
         WHERE person_id = $1 AND booked_at = $2 ORDER BY number",
        &[Arg::from(person_id), Arg::Int(booked_at)],
    )
    .await?
    .iter()
    .map(session_of)
    .collect()
}

#[async_trait]
impl<B: Backend> GuidanceStore for B {
    async fn save_answers(
        &self,
        actor: &Actor,
        person: &Fnr,
        answers: &SavedAnswers,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::SaveGuidance;
        let now = answers.saved_at;
        only_the_person(self, actor, person, action, "guidance", now).await?;
        let mut tx = self.begin().await?;
        tx.execute(
            UPSERT_PERSON,
            &[Arg::from(person_id.as_str()), Arg::Int(now)],
        )
        .await?;
        tx.execute(
            "INSERT INTO guidance_answers (person_id, instrument, version, answers, saved_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, instrument, version) \
             DO UPDATE SET answers = excluded.answers, saved_at = excluded.saved_at",
            &[
                Arg::from(person_id.as_str()),
                Arg::from(answers.instrument.as_str()),
                Arg::Int(i64::from(answers.version)),
                Arg::from(answers.answers.as_str()),
                Arg::Int(now),
            ],
        )
        .await?;
        audit::<B>(&mut tx, &person_id, actor, action, "guidance", true, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn read_guidance(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<SavedAnswers>, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::ReadGuidance;
        let mut tx = self.begin().await?;
        let allowed = reads_guidance::<B>(&mut tx, actor, person, today).await?;
        if !allowed {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                "guidance",
                now,
                StoreError::NotFound,
            )
            .await);
        }
        let rows = tx
            .fetch_all::<AnswersRow>(
                "SELECT instrument, version, answers, saved_at FROM guidance_answers \
                 WHERE person_id = $1 ORDER BY saved_at, instrument, version",
                &[Arg::from(person_id.as_str())],
            )
            .await?;
        audit::<B>(&mut tx, &person_id, actor, action, "guidance", true, now).await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|row| {
                Ok(SavedAnswers {
                    version: u32::try_from(row.version)
                        .map_err(|_| corrupt(format!("{} is not a version", row.version)))?,
                    instrument: row.instrument,
                    answers: row.answers,
                    saved_at: row.saved_at,
                })
            })
            .collect()
    }

    async fn list_centres(&self) -> Result<Vec<CareerCentre>, StoreError> {
        let mut tx = self.begin().await?;
        let rows = tx
            .fetch_all::<CentreRow>(
                "SELECT o.orgnr, o.name, o.guidance_sessions, o.session_spacing_days, \
                 u.username AS counsellor FROM organisations o \
                 LEFT JOIN users u ON u.employer = o.orgnr AND u.role = 'counsellor' \
                 WHERE o.kind = 'career_centre' ORDER BY o.name, o.orgnr, u.username",
                &[],
            )
            .await?;
        tx.commit().await?;
        let mut centres: Vec<CareerCentre> = Vec::new();
        for row in rows {
            if centres
                .last()
                .is_none_or(|last| last.orgnr.to_string() != row.orgnr)
            {
                centres.push(CareerCentre {
                    orgnr: parse_orgnr(&row.orgnr)?,
                    name: row.name.clone(),
                    plan: SessionPlan::new(row.guidance_sessions, row.session_spacing_days)
                        .map_err(|error| {
                            corrupt(format!("the session plan of {}: {error}", row.orgnr))
                        })?,
                    counsellors: Vec::new(),
                });
            }
            if let (Some(centre), Some(counsellor)) = (centres.last_mut(), row.counsellor) {
                centre.counsellors.push(counsellor);
            }
        }
        Ok(centres)
    }

    async fn put_centre(
        &self,
        actor: &Actor,
        centre: &CareerCentre,
        now: Millis,
    ) -> Result<(), StoreError> {
        if !policy::manages_organisations(actor) {
            return Err(StoreError::Forbidden);
        }
        let subject = organisation_subject(&centre.orgnr);
        let mut tx = self.begin().await?;
        tx.execute(
            "INSERT INTO organisations (orgnr, kind, name, guidance_sessions, session_spacing_days, \
             created_at) VALUES ($1, 'career_centre', $2, $3, $4, $5) ON CONFLICT (orgnr) DO UPDATE \
             SET name = excluded.name, guidance_sessions = excluded.guidance_sessions, \
             session_spacing_days = excluded.session_spacing_days",
            &[
                Arg::from(centre.orgnr.to_string()),
                Arg::from(centre.name.as_str()),
                Arg::Int(i64::from(centre.plan.count())),
                Arg::Int(i64::from(centre.plan.spacing_days())),
                Arg::Int(now),
            ],
        )
        .await?;
        let what = format!(
            "{}: {} sessions, {} days apart",
            centre.name,
            centre.plan.count(),
            centre.plan.spacing_days()
        );
        audit::<B>(
            &mut tx,
            &subject,
            actor,
            AuditAction::ChangeOrganisation,
            &what,
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn organisation_audit_log(
        &self,
        actor: &Actor,
        orgnr: &Orgnr,
        now: Millis,
    ) -> Result<Vec<OrganisationAuditEntry>, StoreError> {
        let subject = organisation_subject(orgnr);
        let action = AuditAction::ReadOrganisationAudit;
        let mut tx = self.begin().await?;
        if !policy::reads_organisation_audit(actor) {
            audit::<B>(&mut tx, &subject, actor, action, "", false, now).await?;
            tx.commit().await?;
            return Err(StoreError::Forbidden);
        }
        let rows = tx
            .fetch_all::<crate::rows::AuditRow>(
                "SELECT at, actor_username, actor_role, action, purpose, permitted FROM audit_log \
                 WHERE person_id = $1 ORDER BY entry_id",
                &[Arg::from(subject.as_str())],
            )
            .await?;
        audit::<B>(&mut tx, &subject, actor, action, "", true, now).await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|row| {
                Ok(OrganisationAuditEntry {
                    at: row.at,
                    action: AuditAction::parse(&row.action).ok_or_else(|| {
                        corrupt(format!("'{}' is not an audit action", row.action))
                    })?,
                    actor_username: row.actor_username,
                    purpose: row.purpose,
                })
            })
            .collect()
    }

    async fn book_guidance(
        &self,
        actor: &Actor,
        person: &Fnr,
        booking: &NewBooking,
        now: Millis,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::BookGuidance;
        only_the_person(self, actor, person, action, "guidance", now).await?;
        let centres = self.list_centres().await?;
        let Some(centre) = centres.iter().find(|centre| centre.orgnr == booking.centre) else {
            return Err(StoreError::Invalid {
                field: "centre".to_owned(),
                message: format!("{} is not a career centre", booking.centre),
            });
        };
        if !centre.counsellors.contains(&booking.counsellor) {
            return Err(StoreError::Invalid {
                field: "counsellor".to_owned(),
                message: format!(
                    "{} is not a counsellor at {}",
                    booking.counsellor, centre.name
                ),
            });
        }
        // The consent first: it checks the counsellor once more, and a
        // booking never stands without it. Should the booking then fail,
        // the consent is the person's own choice and stays withdrawable.
        self.grant_consent(
            actor,
            person,
            &booking.counsellor,
            Some(Purpose::Guidance),
            booking.share,
            now,
        )
        .await?;
        let mut tx = self.begin().await?;
        let counsellor = tx
            .fetch_optional::<crate::rows::NumberRow>(
                "SELECT user_id AS number FROM users WHERE username = $1",
                &[Arg::from(booking.counsellor.as_str())],
            )
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.execute(
            UPSERT_PERSON,
            &[Arg::from(person_id.as_str()), Arg::Int(now)],
        )
        .await?;
        tx.execute(
            "INSERT INTO guidance_bookings (person_id, booked_at, centre, counsellor_user_id, wish) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                Arg::from(person_id.as_str()),
                Arg::Int(now),
                Arg::from(centre.orgnr.to_string()),
                Arg::Int(counsellor.number),
                Arg::from(booking.wish.as_str()),
            ],
        )
        .await?;
        for (index, date) in centre
            .plan
            .dates(booking.first_session)
            .into_iter()
            .enumerate()
        {
            tx.execute(
                "INSERT INTO guidance_sessions (person_id, booked_at, number, planned_on, updated_at) \
                 VALUES ($1, $2, $3, $4, $2)",
                &[
                    Arg::from(person_id.as_str()),
                    Arg::Int(now),
                    Arg::Int(index as i64 + 1),
                    Arg::from(date_text(date)),
                ],
            )
            .await?;
        }
        audit::<B>(
            &mut tx,
            &person_id,
            actor,
            action,
            &booking.counsellor,
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn guidance_process(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Option<GuidanceProcess>, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::ReadGuidance;
        let mut tx = self.begin().await?;
        let booking = latest_booking(&mut tx, &person_id).await?;
        let allowed = match &booking {
            Some(booking) => {
                reads_booking::<B>(&mut tx, actor, person, booking.counsellor_user_id, today)
                    .await?
            }
            // Without a booking there is nothing but the answers to read,
            // for whom the policy gives the guidance part.
            None => reads_guidance::<B>(&mut tx, actor, person, today).await?,
        };
        if !allowed {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                "guidance",
                now,
                StoreError::NotFound,
            )
            .await);
        }
        let Some(booking) = booking else {
            tx.commit().await?;
            return Ok(None);
        };
        let sessions = sessions_of(&mut tx, &person_id, booking.booked_at).await?;
        audit::<B>(&mut tx, &person_id, actor, action, "guidance", true, now).await?;
        tx.commit().await?;
        Ok(Some(GuidanceProcess {
            centre: parse_orgnr(&booking.centre)?,
            centre_name: booking.centre_name,
            counsellor: booking.counsellor,
            booked_at: booking.booked_at,
            wish: booking.wish,
            sessions,
        }))
    }

    async fn save_session(
        &self,
        actor: &Actor,
        person: &Fnr,
        session: &SessionRecord,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::WriteSessionNote;
        let mut tx = self.begin().await?;
        let booking = latest_booking(&mut tx, &person_id).await?;
        let allowed = match &booking {
            Some(booking) => {
                policy::keeps_session_notes(actor, booking.counsellor_user_id)
                    && reads_booking::<B>(&mut tx, actor, person, booking.counsellor_user_id, today)
                        .await?
            }
            None => false,
        };
        let Some(booking) = booking.filter(|_| allowed) else {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                "guidance",
                now,
                StoreError::NotFound,
            )
            .await);
        };
        let changed = tx
            .execute(
                "UPDATE guidance_sessions SET planned_on = $4, held_on = $5, note = $6, \
                 before_next = $7, updated_at = $8 WHERE person_id = $1 AND booked_at = $2 \
                 AND number = $3",
                &[
                    Arg::from(person_id.as_str()),
                    Arg::Int(booking.booked_at),
                    Arg::Int(i64::from(session.session.number)),
                    Arg::from(date_text(session.session.planned_on)),
                    Arg::OptText(session.session.held_on.map(|date| date_text(date).into())),
                    Arg::from(session.note.as_str()),
                    Arg::from(session.before_next.as_str()),
                    Arg::Int(now),
                ],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::Invalid {
                field: "number".to_owned(),
                message: format!("the booking has no session {}", session.session.number),
            });
        }
        audit::<B>(&mut tx, &person_id, actor, action, "guidance", true, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn my_bookings(
        &self,
        actor: &Actor,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<BookedPerson>, StoreError> {
        let mut tx = self.begin().await?;
        // The latest booking of each person with this counsellor, while the
        // person's guidance consent to them stands.
        let rows = tx
            .fetch_all::<BookedRow>(
                "SELECT b.person_id, MAX(b.booked_at) AS booked_at FROM guidance_bookings b \
                 WHERE b.counsellor_user_id = $1 AND EXISTS (SELECT 1 FROM consent_grants c \
                 WHERE c.person_id = b.person_id AND c.grantee_user_id = b.counsellor_user_id \
                 AND c.purpose = 'guidance' AND c.withdrawn_at IS NULL) \
                 GROUP BY b.person_id ORDER BY b.person_id",
                &[Arg::Int(actor.user_id)],
            )
            .await?;
        let mut booked = Vec::with_capacity(rows.len());
        for row in rows {
            let person = crate::rows::parse_fnr(&row.person_id)?;
            // The policy once more, per person, as every read of a person asks it.
            if !reads_booking::<B>(&mut tx, actor, &person, actor.user_id, today).await? {
                continue;
            }
            let sessions: Vec<Session> = sessions_of(&mut tx, &row.person_id, row.booked_at)
                .await?
                .into_iter()
                .map(|record| record.session)
                .collect();
            audit::<B>(
                &mut tx,
                &row.person_id,
                actor,
                AuditAction::ListPersons,
                "guidance",
                true,
                now,
            )
            .await?;
            booked.push(BookedPerson {
                person,
                next: tilbake_domain::guidance::next_session(&sessions).cloned(),
            });
        }
        tx.commit().await?;
        // Soonest next session first; those with every session held last.
        booked.sort_by_key(|person| {
            (
                person.next.is_none(),
                person.next.as_ref().map(|session| session.planned_on),
            )
        });
        Ok(booked)
    }

    async fn suggest_guidance(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::SuggestGuidance;
        let mut tx = self.begin().await?;
        if person_view::<B>(&mut tx, actor, person, today, false)
            .await?
            .is_none()
        {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                "guidance",
                now,
                StoreError::NotFound,
            )
            .await);
        }
        if !policy::forms(actor).suggest_guidance {
            drop(tx);
            return Err(refuse_by_role(self, actor, person, action, "guidance", today, now).await);
        }
        // One suggestion a day per role is enough for the person to read.
        let day_start = now - now.rem_euclid(24 * 60 * 60 * 1000);
        let earlier = tx
            .fetch_optional::<crate::rows::NumberRow>(
                "SELECT COUNT(*) AS number FROM guidance_suggestions WHERE person_id = $1 \
                 AND by_role = $2 AND suggested_at >= $3",
                &[
                    Arg::from(person_id.as_str()),
                    Arg::from(actor.role.as_str()),
                    Arg::Int(day_start),
                ],
            )
            .await?
            .map_or(0, |row| row.number);
        if earlier == 0 {
            tx.execute(
                "INSERT INTO guidance_suggestions (person_id, suggested_at, by_role) VALUES ($1, $2, $3)",
                &[Arg::from(person_id.as_str()), Arg::Int(now), Arg::from(actor.role.as_str())],
            )
            .await?;
        }
        audit::<B>(&mut tx, &person_id, actor, action, "guidance", true, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn guidance_suggestions(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
    ) -> Result<Vec<(Role, Millis)>, StoreError> {
        let mut tx = self.begin().await?;
        let allowed = policy::is_the_person(actor, person)
            || (policy::forms(actor).suggest_guidance
                && person_view::<B>(&mut tx, actor, person, today, false)
                    .await?
                    .is_some());
        if !allowed {
            tx.commit().await?;
            return Err(StoreError::NotFound);
        }
        let rows = tx
            .fetch_all::<SuggestionRow>(
                "SELECT by_role, suggested_at FROM guidance_suggestions WHERE person_id = $1 \
                 ORDER BY suggested_at DESC",
                &[Arg::from(person.to_string())],
            )
            .await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|row| {
                let role = Role::parse(&row.by_role)
                    .ok_or_else(|| corrupt(format!("'{}' is not a role", row.by_role)))?;
                Ok((role, row.suggested_at))
            })
            .collect()
    }
}
