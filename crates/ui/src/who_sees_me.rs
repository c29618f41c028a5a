//! "Hvem kan se meg", `GET /min-sykmelding/hvem-ser-meg`: the worker's
//! consents and who has looked at their data.
//!
//! Lists every counsellor and job specialist whose consent stands, for what
//! purpose and which parts (one plain sentence per category, and what they
//! can *not* see), with a form per grantee to change the parts
//! (`POST …/hvem-ser-meg/gi` with the grantee: a new grant replaces the
//! parts) and a button to withdraw (`POST …/hvem-ser-meg/trekk-tilbake`,
//! effective at once); a form to grant someone new; withdrawn consents and
//! the history below, more quietly; and the audit log ("who has looked at
//! my data"), in which the worker's own grants, changes and withdrawals
//! appear too.
//!
//! The page asks the policy (`PageKind::WhoSeesMe`, `forms.manage_consents`)
//! and the store (`ConsentStore`, `person_audit_log`), and decides nothing
//! itself: who may be granted what and what a consent shows is theirs.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use tilbake_domain::access::consent::{Category, Purpose, Share};
use tilbake_domain::access::policy::{PageKind, PlanAudience};
use tilbake_domain::access::{AuditAction, Role};
use tilbake_store::{AuditEntry, ConsentRecord, Grantee, StoreError};

use crate::form::{Field, FormFields};
use crate::format::{capitalised, date_of, norwegian_time, timestamp};
use crate::host::{Host, SignedIn};
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};
use crate::words::{audit_action_text, role_name};

/// The most audit entries the page lists.
const AUDIT_LIMIT: usize = 100;
/// The query that says what was just saved (`gitt`, `endret`, `trukket`) …
const SAVED_PARAMETER: &str = "lagret";
/// … and for whom.
const WHO_PARAMETER: &str = "hvem";

/// A standing consent, as the worker reads it.
struct ConsentView {
    index: usize,
    username: String,
    /// "Karriereveileder vera".
    heading: String,
    purpose: String,
    dates: String,
    sees_heading: String,
    /// (sentence, always shared).
    sees: Vec<(&'static str, bool)>,
    not_sees_heading: String,
    not_sees: Vec<String>,
    change_summary: String,
    change: FormFields,
    withdraw_label: String,
    withdraw_hint: String,
    withdraw_hint_id: String,
}

struct HistoryRow {
    when: String,
    who: String,
    what: String,
}

struct AuditRow {
    when: String,
    who: String,
    what: String,
    permitted: bool,
}

#[derive(Template)]
#[template(path = "who_sees_me.html")]
struct WhoSeesMeTemplate {
    frame: Frame,
    t: &'static Texts,
    csrf_token: String,
    grant_action: &'static str,
    withdraw_action: &'static str,
    saved: Option<String>,
    standing: Vec<ConsentView>,
    /// `None` when nobody is left to grant (see `grant_note`).
    grant: Option<FormFields>,
    grant_note: &'static str,
    errors: Vec<(String, String)>,
    withdrawn: Vec<String>,
    history: Vec<HistoryRow>,
    audit: Vec<AuditRow>,
    audit_truncated: Option<String>,
}

/// A failed post, shown again: the form as sent, with its errors.
struct Posted {
    /// The grantee whose change form was sent, or `None` for the grant form.
    changing: Option<String>,
    form: FormFields,
}

/// `GET /min-sykmelding/hvem-ser-meg[?lagret=…&hvem=…]`.
pub async fn page<S: Host>(
    page: Page,
    State(host): State<S>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::WhoSeesMe)?;
    let pairs: Vec<(String, String)> = query
        .as_deref()
        .and_then(|query| serde_urlencoded::from_str(query).ok())
        .unwrap_or_default();
    let value_of = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let saved = (value_of(SAVED_PARAMETER), value_of(WHO_PARAMETER));
    show(&page, &host, viewer, None, Some(saved)).await
}

/// `POST /min-sykmelding/hvem-ser-meg/gi`: grants a consent, or changes
/// the parts a standing one shares (`grantee`, `share` …).
pub async fn grant<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    page.require(PageKind::WhoSeesMe)?;
    let viewer = page.require_form(|forms| forms.manage_consents)?;
    let t = page.t;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let changing = posted
        .iter()
        .any(|(name, _)| name == "change")
        .then(|| value_in(&posted, "grantee"));
    let mut form = match &changing {
        Some(_) => change_form(t, "", Purpose::Guidance, Share::NONE, 0),
        None => grant_form(t, &[]),
    };
    form.fill(&posted);
    let grantee = value_in(&posted, "grantee");
    // Only the parts the form offers: a purpose's own category comes with
    // its consent, never by a tick.
    let share = Share::of(
        posted
            .iter()
            .filter(|(name, _)| name == "share")
            .filter_map(|(_, value)| Category::parse(value))
            .filter(|category| offered(*category)),
    );
    if grantee.is_empty() {
        form.set_error("grantee", t.consent.grant_who_error.to_owned());
        return show(&page, &host, viewer, Some(Posted { changing, form }), None).await;
    }
    match host
        .store()
        .grant_consent(&viewer.actor, &fnr, &grantee, None, share, page.now)
        .await
    {
        Ok(record) => {
            let saved = if record.history.len() > 1 {
                "endret"
            } else {
                "gitt"
            };
            Ok(Redirect::to(&saved_href(saved, &grantee)).into_response())
        }
        Err(StoreError::NotFound | StoreError::Invalid { .. }) => {
            form.set_error("grantee", t.consent.grant_who_unknown.to_owned());
            show(&page, &host, viewer, Some(Posted { changing, form }), None).await
        }
        Err(error) => Err(page.store_error(error).into()),
    }
}

/// `POST /min-sykmelding/hvem-ser-meg/trekk-tilbake`: withdraws every
/// consent to `grantee`, at once.
pub async fn withdraw<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    page.require(PageKind::WhoSeesMe)?;
    let viewer = page.require_form(|forms| forms.manage_consents)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let grantee = value_in(&posted, "grantee");
    host.store()
        .withdraw_consent(&viewer.actor, &fnr, &grantee, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    Ok(Redirect::to(&saved_href("trukket", &grantee)).into_response())
}

fn value_in(posted: &[(String, String)], name: &str) -> String {
    posted
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.trim().to_owned())
        .unwrap_or_default()
}

fn saved_href(saved: &str, grantee: &str) -> String {
    let query = serde_urlencoded::to_string([(SAVED_PARAMETER, saved), (WHO_PARAMETER, grantee)])
        .unwrap_or_default();
    format!("{}?{query}#saved", paths::WHO_SEES_ME)
}

/// Whether the worker ticks a category: every one that is not some
/// purpose's own (those come with their consent).
fn offered(category: Category) -> bool {
    !Purpose::CONSENTED
        .into_iter()
        .any(|purpose| purpose.own_category() == Some(category))
}

pub(crate) fn offered_choices(t: &Texts) -> Vec<(&'static str, &'static str)> {
    Category::ALL
        .into_iter()
        .filter(|category| offered(*category))
        .map(|category| (category.as_str(), category_sentence(t, category)))
        .collect()
}

/// One plain sentence per category, to the worker.
pub fn category_sentence(t: &Texts, category: Category) -> &'static str {
    let c = &t.consent;
    match category {
        Category::Followup => c.category_followup,
        Category::Certificates => c.category_certificates,
        Category::Casework => c.category_casework,
        Category::Guidance => c.category_guidance,
        Category::SupportedEmployment => c.category_supported_employment,
    }
}

fn part_name(t: &Texts, category: Category) -> &'static str {
    let c = &t.consent;
    match category {
        Category::Followup => c.part_followup,
        Category::Certificates => c.part_certificates,
        Category::Casework => c.part_casework,
        Category::Guidance => c.part_guidance,
        Category::SupportedEmployment => c.part_supported_employment,
    }
}

/// "a", "a og b", "a, b og c".
pub fn listed(t: &Texts, items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), t.consent.list_and),
    }
}

fn purpose_words(t: &Texts, purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::SupportedEmployment => t.consent.purpose_supported_employment,
        Purpose::Guidance | Purpose::Followup => t.consent.purpose_guidance,
    }
}

/// "Karriereveileder vera".
fn grantee_name(t: &Texts, role: Role, username: &str) -> String {
    format!("{} {username}", capitalised(role_name(t, role)))
}

fn grant_form(t: &Texts, grantees: &[&Grantee]) -> FormFields {
    let c = &t.consent;
    let names: Vec<(String, String)> = grantees
        .iter()
        .map(|grantee| {
            (
                grantee.username.clone(),
                format!("{} ({})", grantee.username, role_name(t, grantee.role)),
            )
        })
        .collect();
    let mut choices: Vec<(&str, &str)> = vec![("", c.grant_who_choose)];
    choices.extend(
        names
            .iter()
            .map(|(value, label)| (value.as_str(), label.as_str())),
    );
    let mut share =
        Field::checks("share", c.grant_share_label, &offered_choices(t)).hint(c.grant_share_hint);
    "grant-share".clone_into(&mut share.id);
    FormFields::new(vec![
        Field::select("grantee", c.grant_who_label, &choices).hint(c.grant_who_hint),
        share,
    ])
}

/// Keeps in a freshly built form what was chosen and ticked in the form
/// as sent, with its errors (fields matched by name).
fn keep(form: &mut FormFields, sent: &FormFields) {
    for field in &mut form.fields {
        let Some(other) = sent.fields.iter().find(|other| other.name == field.name) else {
            continue;
        };
        field.error.clone_from(&other.error);
        field.value.clone_from(&other.value);
        let values: Vec<&str> = if field.control == "checks" {
            other
                .choices
                .iter()
                .filter(|theirs| theirs.checked)
                .map(|theirs| theirs.value.as_str())
                .collect()
        } else {
            vec![other.value.as_str()]
        };
        for choice in &mut field.choices {
            choice.checked = values.contains(&choice.value.as_str());
        }
    }
}

/// The form that changes what a standing consent shares, ticked as it is.
fn change_form(
    t: &Texts,
    username: &str,
    purpose: Purpose,
    share: Share,
    index: usize,
) -> FormFields {
    let c = &t.consent;
    let own = purpose
        .own_category()
        .map_or_else(String::new, |own| capitalised(part_name(t, own)));
    let mut field = Field::checks(
        "share",
        &fill(c.change_label, &[("name", &username)]),
        &offered_choices(t),
    )
    .hint(&fill(c.change_hint, &[("name", &username), ("own", &own)]));
    field.id = format!("share-{index}");
    for choice in &mut field.choices {
        choice.checked =
            Category::parse(&choice.value).is_some_and(|category| share.contains(category));
    }
    FormFields::new(vec![field])
}

async fn show<S: Host>(
    page: &Page,
    host: &S,
    viewer: &SignedIn,
    posted: Option<Posted>,
    saved: Option<(String, String)>,
) -> Result<Response, Exit> {
    let t = page.t;
    let c = &t.consent;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let store = host.store();
    let consents = store
        .list_consents(&viewer.actor, &fnr, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let grantees = store
        .list_grantees(&viewer.actor)
        .await
        .map_err(|error| page.store_error(error))?;
    let entries = store
        .person_audit_log(&viewer.actor, &fnr, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;

    let standing: Vec<&ConsentRecord> = consents
        .iter()
        .filter(|consent| consent.withdrawn_at.is_none())
        .collect();
    let (changing, posted_form) = match posted {
        Some(Posted { changing, form }) => (Some(changing), Some(form)),
        None => (None, None),
    };
    let failed = posted_form.is_some();

    let standing_views: Vec<ConsentView> = standing
        .iter()
        .enumerate()
        .map(|(index, consent)| {
            let name = consent.username.as_str();
            let mut sees = Vec::new();
            let mut not_sees = vec![fill(c.never_diagnosis, &[("name", &name)])];
            for category in Category::ALL {
                let own = consent.purpose.own_category() == Some(category);
                if own || consent.share.contains(category) {
                    sees.push((category_sentence(t, category), own));
                } else if offered(category) {
                    not_sees.push(category_sentence(t, category).to_owned());
                }
            }
            let mut dates = fill(c.since, &[("date", &date_of(t, consent.granted_at))]);
            if consent.changed_at != consent.granted_at {
                dates.push(' ');
                dates.push_str(&fill(
                    c.changed,
                    &[("date", &date_of(t, consent.changed_at))],
                ));
            }
            let mut change = change_form(t, name, consent.purpose, consent.share, index + 1);
            if let (Some(Some(who)), Some(sent)) = (&changing, &posted_form) {
                if who == name {
                    keep(&mut change, sent);
                }
            }
            ConsentView {
                index: index + 1,
                username: name.to_owned(),
                heading: grantee_name(t, consent.grantee_role, name),
                purpose: fill(
                    c.purpose_line,
                    &[
                        ("name", &name),
                        ("purpose", &purpose_words(t, consent.purpose)),
                    ],
                ),
                dates,
                sees_heading: fill(c.sees_heading, &[("name", &name)]),
                sees,
                not_sees_heading: fill(c.not_sees_heading, &[("name", &name)]),
                not_sees,
                change_summary: fill(c.change_summary, &[("name", &name)]),
                change,
                withdraw_label: fill(c.withdraw_submit, &[("name", &name)]),
                withdraw_hint: fill(c.withdraw_hint, &[("name", &name)]),
                withdraw_hint_id: format!("withdraw-hint-{}", index + 1),
            }
        })
        .collect();

    // Those who can be granted: everyone whose consent does not stand
    // (theirs is changed on their own card).
    let free: Vec<&Grantee> = grantees
        .iter()
        .filter(|grantee| {
            !standing
                .iter()
                .any(|consent| consent.username == grantee.username)
        })
        .collect();
    let grant = if free.is_empty() {
        None
    } else {
        let mut form = grant_form(t, &free);
        // The grant form's own post, or a change of a consent that no
        // longer stands (its error would have no card to show on).
        let on_grant_form = match &changing {
            Some(None) => true,
            Some(Some(who)) => !standing.iter().any(|consent| consent.username == *who),
            None => false,
        };
        if let (true, Some(sent)) = (on_grant_form, &posted_form) {
            keep(&mut form, sent);
            if form.errors().is_empty() {
                if let Some(error) = sent.fields.iter().find_map(|field| field.error.clone()) {
                    form.set_error("grantee", error);
                }
            }
        }
        Some(form)
    };
    let grant_note = if grantees.is_empty() {
        c.grant_nobody
    } else {
        c.grant_none_left
    };

    let mut errors = Vec::new();
    if let Some(form) = &grant {
        errors.extend(form.errors());
    }
    for view in &standing_views {
        errors.extend(view.change.errors());
    }

    let saved = saved.and_then(|(what, who)| {
        let known = consents.iter().any(|consent| consent.username == who);
        let text = match what.as_str() {
            "gitt" => c.saved_granted,
            "endret" => c.saved_changed,
            "trukket" => c.saved_withdrawn,
            _ => return None,
        };
        known.then(|| fill(text, &[("name", &who)]))
    });

    let withdrawn = consents
        .iter()
        .rev()
        .filter_map(|consent| {
            let at = consent.withdrawn_at?;
            Some(fill(
                c.withdrawn_line,
                &[
                    (
                        "who",
                        &grantee_name(t, consent.grantee_role, &consent.username),
                    ),
                    ("granted", &date_of(t, consent.granted_at)),
                    ("withdrawn", &date_of(t, at)),
                ],
            ))
        })
        .collect();
    let history = history_rows(t, &consents);
    let (audit, audit_truncated) = audit_rows(t, &entries, &viewer.actor.username);

    let mut frame = page.frame(c.heading);
    if failed {
        frame.title = fill(t.common.page_title_error, &[("page", &c.heading)]);
    }
    Ok(render(
        &WhoSeesMeTemplate {
            frame,
            t,
            csrf_token: viewer.csrf_token.clone(),
            grant_action: paths::WHO_SEES_ME_GRANT,
            withdraw_action: paths::WHO_SEES_ME_WITHDRAW,
            saved,
            standing: standing_views,
            grant,
            grant_note,
            errors,
            withdrawn,
            history,
            audit,
            audit_truncated,
        },
        if failed {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
    ))
}

/// Every grant, change and withdrawal, newest first.
fn history_rows(t: &Texts, consents: &[ConsentRecord]) -> Vec<HistoryRow> {
    let c = &t.consent;
    let mut rows: Vec<(i64, HistoryRow)> = Vec::new();
    for consent in consents {
        for change in &consent.history {
            let parts: Vec<&str> = change
                .share
                .categories()
                .filter(|category| offered(*category))
                .map(|category| part_name(t, category))
                .collect();
            let parts = if parts.is_empty() {
                c.history_only_own.to_owned()
            } else {
                listed(t, &parts)
            };
            let what = match change.action {
                AuditAction::ChangeConsent => fill(c.history_changed, &[("parts", &parts)]),
                AuditAction::WithdrawConsent => c.history_withdrawn.to_owned(),
                _ => fill(c.history_granted, &[("parts", &parts)]),
            };
            rows.push((
                change.at,
                HistoryRow {
                    when: timestamp(t, change.at),
                    who: grantee_name(t, consent.grantee_role, &consent.username),
                    what,
                },
            ));
        }
    }
    rows.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    rows.into_iter().map(|(_, row)| row).collect()
}

/// The grantee an audit entry of a consent names (the store writes it).
fn audited_grantee(entry: &AuditEntry) -> &str {
    tilbake_store::audited_grantee(entry).unwrap_or("")
}

/// The audit log for its reader, newest first: others' entries, and the
/// reader's own grants, changes and withdrawals; a run of alike entries
/// (the same person doing the same on the same day, with the same
/// outcome) as one row with a count; at most [`AUDIT_LIMIT`] rows.
fn audit_rows(
    t: &Texts,
    entries: &[AuditEntry],
    own_username: &str,
) -> (Vec<AuditRow>, Option<String>) {
    let texts = &t.my_sick_leave;
    let consent_change = |action: AuditAction| {
        matches!(
            action,
            AuditAction::GrantConsent | AuditAction::ChangeConsent | AuditAction::WithdrawConsent
        )
    };
    // The person's own sharing of the action plan of career guidance is
    // part of who sees them, as their consents are.
    let plan_share = |action: AuditAction| {
        matches!(
            action,
            AuditAction::ShareGuidancePlan | AuditAction::UnshareGuidancePlan
        )
    };
    let mut runs: Vec<(&AuditEntry, usize)> = Vec::new();
    for entry in entries.iter().filter(|entry| {
        entry.actor_username != own_username
            || consent_change(entry.action)
            || plan_share(entry.action)
    }) {
        let alike = |earlier: &AuditEntry| {
            earlier.actor_username == entry.actor_username
                && earlier.actor_role == entry.actor_role
                && earlier.action == entry.action
                && earlier.permitted == entry.permitted
                && (!consent_change(entry.action)
                    || audited_grantee(earlier) == audited_grantee(entry))
                && (!plan_share(entry.action) || earlier.purpose == entry.purpose)
                && norwegian_time(earlier.at).date() == norwegian_time(entry.at).date()
        };
        match runs.last_mut() {
            Some((first, count)) if alike(first) => *count += 1,
            _ => runs.push((entry, 1)),
        }
    }
    let truncated =
        (runs.len() > AUDIT_LIMIT).then(|| fill(texts.audit_truncated, &[("count", &AUDIT_LIMIT)]));
    let rows = runs
        .into_iter()
        .take(AUDIT_LIMIT)
        .map(|(entry, count)| {
            let own = entry.actor_username == own_username;
            let what = if own && plan_share(entry.action) {
                let audience = entry
                    .purpose
                    .rsplit(' ')
                    .next()
                    .and_then(PlanAudience::parse)
                    .map_or("", |audience| match audience {
                        PlanAudience::Manager => t.guidance_plan.audience_manager,
                        PlanAudience::Nav => t.guidance_plan.audience_nav,
                        PlanAudience::Gp => t.guidance_plan.audience_gp,
                    });
                if entry.purpose.contains("report") {
                    let text = if entry.action == AuditAction::ShareGuidancePlan {
                        t.guidance_plan.audit_report_shared
                    } else {
                        t.guidance_plan.audit_report_unshared
                    };
                    fill(text, &[("who", &audience)])
                } else {
                    format!("{}: {audience}", audit_action_text(t, entry.action))
                }
            } else if own {
                let name = audited_grantee(entry);
                let text = match entry.action {
                    AuditAction::GrantConsent => t.consent.audit_you_granted,
                    AuditAction::ChangeConsent => t.consent.audit_you_changed,
                    _ => t.consent.audit_you_withdrew,
                };
                fill(text, &[("name", &name)])
            } else {
                audit_action_text(t, entry.action).to_owned()
            };
            AuditRow {
                when: timestamp(t, entry.at),
                who: if own {
                    t.consent.audit_you.to_owned()
                } else {
                    fill(
                        texts.audit_who_value,
                        &[
                            ("role", &capitalised(role_name(t, entry.actor_role))),
                            ("username", &entry.actor_username),
                        ],
                    )
                },
                what: if count > 1 {
                    fill(texts.audit_repeated, &[("what", &what), ("count", &count)])
                } else {
                    what
                },
                permitted: entry.permitted,
            }
        })
        .collect();
    (rows, truncated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::{EN, NB};

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(listed(&NB, &[]), "");
        assert_eq!(listed(&NB, &["a"]), "a");
        assert_eq!(listed(&NB, &["a", "b"]), "a og b");
        assert_eq!(listed(&EN, &["a", "b", "c"]), "a, b and c");
    }

    fn entry(who: &str, role: Role, action: AuditAction, purpose: &str) -> AuditEntry {
        AuditEntry {
            at: 1_717_243_200_000,
            actor_username: who.to_owned(),
            actor_role: role,
            action,
            purpose: purpose.to_owned(),
            permitted: true,
        }
    }

    #[test]
    fn the_audit_log_groups_alike_entries_and_names_the_worker_s_own_consents() {
        let entries = [
            entry(
                "ola",
                Role::Worker,
                AuditAction::WithdrawConsent,
                "jonas: supported_employment",
            ),
            entry(
                "ola",
                Role::Worker,
                AuditAction::GrantConsent,
                "vera: guidance (followup,guidance)",
            ),
            entry("ola", Role::Worker, AuditAction::ReadConsents, ""),
            entry(
                "sender",
                Role::System,
                AuditAction::StoreDocument,
                "sick_leave: s2",
            ),
            entry(
                "sender",
                Role::System,
                AuditAction::StoreDocument,
                "sick_leave: s1",
            ),
        ];
        let (rows, _) = audit_rows(&NB, &entries, "ola");
        let what: Vec<&str> = rows.iter().map(|row| row.what.as_str()).collect();
        assert_eq!(
            what,
            [
                "Du trakk tilbake samtykket til jonas",
                "Du ga vera samtykke",
                "La inn nye opplysninger, for eksempel en sykmelding (2 ganger)",
            ]
        );
        assert_eq!(rows[0].who, "Du");
    }

    #[test]
    fn the_worker_ticks_only_categories_that_are_no_purpose_s_own() {
        assert!(offered(Category::Followup));
        assert!(offered(Category::Certificates));
        assert!(offered(Category::Casework));
        assert!(!offered(Category::Guidance));
        assert!(!offered(Category::SupportedEmployment));
    }
}
