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
//! my data"), by day and by who (their role and office or organisation,
//! never a username; system clients as NAV's systems), each action as
//! what it was, in which the worker's own grants, changes and withdrawals
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
use tilbake_domain::document::DocumentKind;
use tilbake_store::{ActorTie, AuditEntry, ConsentRecord, Grantee, StoreError};

use crate::form::{Field, FormFields};
use chrono::NaiveDate;

use crate::format::{capitalised, date_of, date_short, norwegian_time, timestamp};
use crate::host::{Host, SignedIn};
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};
use crate::words::{audit_action_text, role_name};

/// The most days of the audit log the page lists …
const AUDIT_DAY_LIMIT: usize = 60;
/// … of which the newest are shown open, the rest collapsed.
const AUDIT_DAYS_OPEN: usize = 5;
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

/// One day of the access log: who did what, newest first.
struct AuditDay {
    /// "12. mars 2027".
    heading: String,
    actors: Vec<AuditActor>,
}

/// One person (or NAV's systems) on one day, with what they did.
struct AuditActor {
    /// "Nærmeste leder, Lysverket Omsorg AS".
    who: String,
    /// (what, as a sentence with its count; permitted).
    actions: Vec<(String, bool)>,
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
    /// The newest days, shown open …
    audit: Vec<AuditDay>,
    /// … and the earlier ones, collapsed.
    audit_older: Vec<AuditDay>,
    audit_older_summary: String,
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
    let (mut audit, audit_truncated) = audit_days(t, &entries, &viewer.actor.username);
    let audit_older = audit.split_off(audit.len().min(AUDIT_DAYS_OPEN));
    let audit_older_summary = fill(t.access_log.older_summary, &[("count", &audit_older.len())]);

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
            audit_older,
            audit_older_summary,
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

/// One line of the audit log before it is grouped: when, by whom (a key
/// and how the reader reads them) and what, already described.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Described {
    day: NaiveDate,
    /// Tells apart accounts that read alike (two caseworkers of one office).
    who_key: String,
    who: String,
    what: String,
    permitted: bool,
}

/// What one actor did on a day: (what, permitted, how many times).
type Actions = Vec<(String, bool, usize)>;

/// A day of described entries grouped by who and then by what.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Grouped {
    day: NaiveDate,
    /// (who, what they did), in the order they first appear.
    actors: Vec<(String, Actions)>,
}

/// Groups entries (newest first) by day, then by who, then by what they
/// did with the same outcome, counting each; keeps the order in which
/// each first appears, so the newest comes first. Pure, so that the
/// counts can be checked to add up.
fn group(entries: &[Described]) -> Vec<Grouped> {
    let mut days: Vec<Grouped> = Vec::new();
    let mut keys: Vec<Vec<String>> = Vec::new();
    for entry in entries {
        if days.last().is_none_or(|day| day.day != entry.day) {
            days.push(Grouped {
                day: entry.day,
                actors: Vec::new(),
            });
            keys.push(Vec::new());
        }
        let (Some(day), Some(day_keys)) = (days.last_mut(), keys.last_mut()) else {
            continue;
        };
        let index = if let Some(index) = day_keys.iter().position(|key| *key == entry.who_key) {
            index
        } else {
            day_keys.push(entry.who_key.clone());
            day.actors.push((entry.who.clone(), Vec::new()));
            day_keys.len() - 1
        };
        let actions = &mut day.actors[index].1;
        match actions
            .iter_mut()
            .find(|(what, permitted, _)| *what == entry.what && *permitted == entry.permitted)
        {
            Some((_, _, count)) => *count += 1,
            None => actions.push((entry.what.clone(), entry.permitted, 1)),
        }
    }
    days
}

/// The audit log for its reader, by day (newest first) and by who: others'
/// entries, and the reader's own grants, changes and withdrawals and
/// sharing of the guidance plan; at most [`AUDIT_DAY_LIMIT`] days.
fn audit_days(
    t: &Texts,
    entries: &[AuditEntry],
    own_username: &str,
) -> (Vec<AuditDay>, Option<String>) {
    let described: Vec<Described> = entries
        .iter()
        .filter_map(|entry| describe(t, entry, own_username))
        .collect();
    let grouped = group(&described);
    let truncated = (grouped.len() > AUDIT_DAY_LIMIT)
        .then(|| fill(t.access_log.truncated, &[("count", &AUDIT_DAY_LIMIT)]));
    let days = grouped
        .into_iter()
        .take(AUDIT_DAY_LIMIT)
        .map(|day| AuditDay {
            heading: date_short(t, day.day),
            actors: day
                .actors
                .into_iter()
                .map(|(who, actions)| AuditActor {
                    who,
                    actions: actions
                        .into_iter()
                        .map(|(what, permitted, count)| {
                            let what = if count > 1 {
                                fill(t.access_log.times, &[("what", &what), ("count", &count)])
                            } else {
                                what
                            };
                            let what = if permitted {
                                what
                            } else {
                                fill(t.access_log.refused, &[("what", &what)])
                            };
                            (what, permitted)
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    (days, truncated)
}

/// Whether an action is the person's own change of their consents …
fn consent_change(action: AuditAction) -> bool {
    matches!(
        action,
        AuditAction::GrantConsent | AuditAction::ChangeConsent | AuditAction::WithdrawConsent
    )
}

/// … or of who the action plan of career guidance is shared with: both
/// are part of who sees them, so their own entries of these are listed.
fn plan_share(action: AuditAction) -> bool {
    matches!(
        action,
        AuditAction::ShareGuidancePlan | AuditAction::UnshareGuidancePlan
    )
}

/// An entry as its reader reads it, or `None` for the reader's own visits.
fn describe(t: &Texts, entry: &AuditEntry, own_username: &str) -> Option<Described> {
    let own = entry.actor_username == own_username;
    if own && !consent_change(entry.action) && !plan_share(entry.action) {
        return None;
    }
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
        action_text(t, entry.action, &entry.purpose).to_owned()
    };
    let (who_key, who) = if own {
        (String::new(), t.consent.audit_you.to_owned())
    } else if entry.actor_role == Role::System {
        // Every system client reads as NAV's systems: the person does not
        // know, and need not know, which integration delivered.
        ("system".to_owned(), t.access_log.who_system.to_owned())
    } else {
        (
            format!("{}:{}", entry.actor_role.as_str(), entry.actor_username),
            actor_name(t, entry.actor_role, &entry.actor_tie),
        )
    };
    Some(Described {
        day: norwegian_time(entry.at).date(),
        who_key,
        who,
        what,
        permitted: entry.permitted,
    })
}

/// "Nærmeste leder, Lysverket Omsorg AS"; the role alone when the account
/// is tied to no office or organisation (a GP).
fn actor_name(t: &Texts, role: Role, tie: &ActorTie) -> String {
    let role_text = capitalised(role_name(t, role));
    match organisation_label(t, tie) {
        Some(organisation) => fill(
            t.access_log.who_at,
            &[("role", &role_text), ("organisation", &organisation)],
        ),
        None => role_text,
    }
}

/// The office or organisation an account works for, by name where the
/// store has one, else by its number with a plain label. The one place
/// that words it, so names replace numbers here alone.
pub(crate) fn organisation_label(t: &Texts, tie: &ActorTie) -> Option<String> {
    if let Some(name) = &tie.organisation_name {
        return Some(name.clone());
    }
    if let Some(orgnr) = &tie.organisation {
        return Some(fill(
            t.access_log.organisation_numbered,
            &[("orgnr", orgnr)],
        ));
    }
    tie.unit
        .as_ref()
        .map(|unit| fill(t.access_log.unit_numbered, &[("unit", unit)]))
}

/// What an entry by someone else was: a document stored by its kind, a
/// read by the page it was read for, else the action's own text.
fn action_text(t: &Texts, action: AuditAction, purpose: &str) -> &'static str {
    let texts = &t.access_log;
    match action {
        AuditAction::StoreDocument => purpose
            .split(':')
            .next()
            .and_then(|kind| DocumentKind::parse(kind.trim()))
            .map_or_else(|| audit_action_text(t, action), |kind| stored_text(t, kind)),
        AuditAction::ReadDocuments | AuditAction::ReadFollowup => match purpose {
            crate::plan::PURPOSE => texts.read_plan,
            crate::meetings::PURPOSE | crate::meetings::EARLIER_PURPOSE => texts.read_meetings,
            crate::person::PURPOSE => texts.read_person_page,
            crate::early::SESSIONS_PURPOSE => texts.read_early_sessions,
            crate::early::ASSESSMENT_PURPOSE => texts.read_work_ability,
            _ => audit_action_text(t, action),
        },
        _ => audit_action_text(t, action),
    }
}

/// A document stored, as what it was.
fn stored_text(t: &Texts, kind: DocumentKind) -> &'static str {
    let texts = &t.access_log;
    match kind {
        DocumentKind::SickLeave => texts.stored_sick_leave,
        DocumentKind::SelfCertified => texts.stored_self_certified,
        DocumentKind::Vacation => texts.stored_vacation,
        DocumentKind::WorkResumed => texts.stored_work_resumed,
        DocumentKind::Cancelled => texts.stored_cancelled,
        DocumentKind::PlanShared => texts.stored_plan_shared,
        DocumentKind::MeetingHeld => texts.stored_meeting_held,
        DocumentKind::ActivityAssessed => texts.stored_activity_assessed,
        DocumentKind::PlanVersion => texts.stored_plan_version,
        DocumentKind::PlanResponse => texts.stored_plan_response,
        DocumentKind::MeetingInvitation => texts.stored_meeting_invitation,
        DocumentKind::MeetingAnswer => texts.stored_meeting_answer,
        DocumentKind::MeetingCancelled => texts.stored_meeting_cancelled,
        DocumentKind::PopulationRegister => texts.stored_population_register,
        DocumentKind::MeetingMinutes => texts.stored_meeting_minutes,
        DocumentKind::MeetingRequest => texts.stored_meeting_request,
        DocumentKind::CaseNote => texts.stored_case_note,
        DocumentKind::EarlySession => texts.stored_early_session,
        DocumentKind::WorkAbilityAssessment => texts.stored_work_ability_assessment,
        DocumentKind::WorkAbilityAddition => texts.stored_work_ability_addition,
    }
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
            actor_tie: ActorTie::default(),
        }
    }

    fn lines(day: &AuditDay) -> Vec<(String, Vec<String>)> {
        day.actors
            .iter()
            .map(|actor| {
                let whats = actor.actions.iter().map(|(what, _)| what.clone()).collect();
                (actor.who.clone(), whats)
            })
            .collect()
    }

    #[test]
    fn the_audit_log_groups_by_day_and_who_and_names_the_worker_s_own_consents() {
        let manager = |action, purpose: &str| {
            let mut entry = entry("mgr-kari", Role::Manager, action, purpose);
            entry.actor_tie.organisation = Some("974760673".to_owned());
            entry.actor_tie.organisation_name = Some("Lysverket Omsorg AS".to_owned());
            entry
        };
        let mut caseworker = entry("cw-per", Role::Caseworker, AuditAction::ReadFollowup, "x");
        caseworker.actor_tie.unit = Some("0301".to_owned());
        caseworker.permitted = false;
        let mut yesterday = entry(
            "demo-loader",
            Role::System,
            AuditAction::StoreDocument,
            "sick_leave: s0",
        );
        yesterday.at -= 86_400_000;
        let entries = [
            entry(
                "ola",
                Role::Worker,
                AuditAction::WithdrawConsent,
                "jonas: supported_employment",
            ),
            manager(AuditAction::ReadDocuments, crate::plan::PURPOSE),
            entry("ola", Role::Worker, AuditAction::ReadConsents, ""),
            manager(AuditAction::StoreDocument, "plan_version: p1"),
            manager(AuditAction::ReadDocuments, crate::plan::PURPOSE),
            entry(
                "sender",
                Role::System,
                AuditAction::StoreDocument,
                "sick_leave: s2",
            ),
            entry(
                "gp",
                Role::Gp,
                AuditAction::StoreDocument,
                "meeting_answer: a1",
            ),
            entry(
                "sender",
                Role::System,
                AuditAction::StoreDocument,
                "sick_leave: s1",
            ),
            caseworker,
            yesterday,
        ];
        let (days, truncated) = audit_days(&NB, &entries, "ola");
        assert_eq!(truncated, None);
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].heading, "1. juni 2024");
        let owned = |who: &str, whats: &[&str]| {
            (
                who.to_owned(),
                whats
                    .iter()
                    .map(|what| (*what).to_owned())
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            lines(&days[0]),
            [
                owned("Du", &["Du trakk tilbake samtykket til jonas"]),
                owned(
                    "Nærmeste leder, Lysverket Omsorg AS",
                    &[
                        "Leste oppfølgingsplanen (2 ganger)",
                        "Skrev en ny versjon av oppfølgingsplanen",
                    ]
                ),
                owned("NAVs systemer", &["La inn en sykmelding (2 ganger)"]),
                owned("Lege", &["Svarte på en innkalling til dialogmøte"]),
                owned(
                    "NAV-veileder, NAV-kontor 0301",
                    &["Så på oppfølgingen og datoene dine – ble stoppet, fikk ikke se"]
                ),
            ]
        );
        assert!(!days[0].actors[4].actions[0].1);
        // No username is shown, whoever acted.
        let (english, _) = audit_days(&EN, &entries, "ola");
        for day in days.iter().chain(&english) {
            for actor in &day.actors {
                for username in ["mgr-kari", "cw-per", "sender", "gp", "demo-loader"] {
                    assert!(!actor.who.split([' ', ',']).any(|word| word == username));
                }
            }
        }
        assert_eq!(
            lines(&english[1]),
            [owned("NAV's systems", &["Added a sick note"])]
        );
    }

    #[test]
    fn every_document_kind_and_action_reads_as_what_it_was_in_both_languages() {
        for t in [&NB, &EN] {
            let generic = audit_action_text(t, AuditAction::StoreDocument);
            let mut seen = std::collections::HashSet::new();
            for kind in DocumentKind::ALL {
                let text = action_text(
                    t,
                    AuditAction::StoreDocument,
                    &format!("{}: d1", kind.as_str()),
                );
                assert_ne!(text, generic, "{kind:?}");
                assert!(seen.insert(text), "{kind:?} reads as another kind");
            }
            for action in AuditAction::ALL {
                assert!(!action_text(t, action, "").trim().is_empty(), "{action:?}");
            }
        }
    }

    #[test]
    fn an_organisation_reads_by_name_else_by_number() {
        let mut tie = ActorTie::default();
        assert_eq!(organisation_label(&NB, &tie), None);
        tie.unit = Some("0301".to_owned());
        assert_eq!(
            organisation_label(&EN, &tie).as_deref(),
            Some("NAV office 0301")
        );
        tie.organisation = Some("974760673".to_owned());
        assert_eq!(
            organisation_label(&NB, &tie).as_deref(),
            Some("organisasjonsnummer 974760673")
        );
        tie.organisation_name = Some("Omsorg AS".to_owned());
        assert_eq!(organisation_label(&NB, &tie).as_deref(), Some("Omsorg AS"));
    }

    proptest::proptest! {
        /// Grouping loses and invents nothing: per day, who and what, the
        /// counts add up to the entries, and every day comes once.
        #[test]
        fn grouping_preserves_the_counts(
            raw in proptest::collection::vec((0u8..4, 0u8..3, 0u8..3, proptest::bool::ANY), 0..60)
        ) {
            let mut raw = raw;
            // Entries come newest first.
            raw.sort_by_key(|(day, ..)| std::cmp::Reverse(*day));
            let described: Vec<Described> = raw
                .iter()
                .map(|(day, who, what, permitted)| Described {
                    day: NaiveDate::from_ymd_opt(2027, 3, 1 + u32::from(*day)).unwrap_or_default(),
                    who_key: format!("k{who}"),
                    who: format!("w{who}"),
                    what: format!("a{what}"),
                    permitted: *permitted,
                })
                .collect();
            let grouped = group(&described);
            let total: usize = grouped
                .iter()
                .flat_map(|day| &day.actors)
                .flat_map(|(_, actions)| actions)
                .map(|(_, _, count)| count)
                .sum();
            proptest::prop_assert_eq!(total, described.len());
            let mut days: Vec<NaiveDate> = grouped.iter().map(|day| day.day).collect();
            days.dedup();
            proptest::prop_assert_eq!(days.len(), grouped.len());
            for day in &grouped {
                for (who, actions) in &day.actors {
                    for (what, permitted, count) in actions {
                        let expected = described
                            .iter()
                            .filter(|entry| {
                                entry.day == day.day
                                    && entry.who == *who
                                    && entry.what == *what
                                    && entry.permitted == *permitted
                            })
                            .count();
                        proptest::prop_assert_eq!(*count, expected);
                    }
                }
            }
        }
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
