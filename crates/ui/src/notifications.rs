//! "Varsler", `GET /varsler`: the signed-in user's notifications, newest
//! first, each telling what waits and linking to the page where to act;
//! opening the page marks them read (the bell in the header counts the
//! unread). "Hvordan du får varsler", `/varsler/innstillinger`: e-mail for
//! each notification, a daily digest, or none, and the e-mail's language.
//!
//! The store makes a notification only for what the reader's own view
//! shows and the policy tells them (`policy::told`); this page lists what
//! it was given. [`email_message`] writes the e-mails the service sends:
//! they say only what kind of thing waits, with a link to this page.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::access::Role;
use tilbake_domain::events::{EmailChoice, Topic};
use tilbake_domain::register::PersonRef;

use crate::format::timestamp;
use crate::host::Host;
use crate::lang::Lang;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};

/// The most notifications the page lists.
const LIST_LIMIT: u32 = 200;

/// What a topic tells, in the reader's language.
pub fn topic_text(t: &Texts, topic: Topic) -> &'static str {
    let n = &t.notifications;
    match topic {
        Topic::PlanDue => n.topic_plan_due,
        Topic::MeetingDue => n.topic_meeting_due,
        Topic::TaskDue => n.topic_task_due,
        Topic::Invitation => n.topic_invitation,
        Topic::Answer => n.topic_answer,
        Topic::Minutes => n.topic_minutes,
        Topic::Request => n.topic_request,
        Topic::PlanVersion => n.topic_plan_version,
        Topic::PlanResponse => n.topic_plan_response,
        Topic::GuidancePlanShared => n.topic_guidance_plan_shared,
        Topic::MeetingChanged => t.meetings.topic_meeting_changed,
    }
}

/// Where the reader acts on a notification: the worker on their own
/// pages, the other parties on the person's.
/// `person`: the person's page reference (`None` when the reader no
/// longer sees them: the list of notifications then links to nothing).
fn act_href(role: Role, topic: Topic, person: Option<&PersonRef>) -> String {
    if role == Role::Worker {
        return match topic {
            Topic::GuidancePlanShared => paths::MY_GUIDANCE_PLAN.to_owned(),
            _ => paths::MY_CASEWORK.to_owned(),
        };
    }
    let Some(person) = person else {
        return String::new();
    };
    match topic {
        Topic::PlanDue | Topic::PlanVersion | Topic::PlanResponse => {
            format!("{}/plan", paths::person(person))
        }
        Topic::MeetingDue
        | Topic::TaskDue
        | Topic::Invitation
        | Topic::Answer
        | Topic::Minutes
        | Topic::Request
        | Topic::MeetingChanged => format!("{}/moter", paths::person(person)),
        Topic::GuidancePlanShared => paths::person_guidance_plan(person),
    }
}

struct NotificationRow {
    what: &'static str,
    person: String,
    when: String,
    href: String,
    new: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct NotificationsTemplate {
    frame: Frame,
    t: &'static Texts,
    rows: Vec<NotificationRow>,
    settings_href: &'static str,
}

/// `GET /varsler`: lists the notifications and marks them read.
pub async fn page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Notifications)?;
    let t = page.t;
    let notifications = host
        .store()
        .read_notifications(&viewer.actor, LIST_LIMIT, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let labels = crate::names::labels(
        &page,
        &host,
        &viewer.actor,
        notifications.iter().map(|notification| notification.person),
    )
    .await?;
    let rows = notifications
        .iter()
        .map(|notification| NotificationRow {
            what: topic_text(t, notification.topic),
            person: labels.person(t, &notification.person),
            when: timestamp(t, notification.created_at),
            href: act_href(
                viewer.actor.role,
                notification.topic,
                labels.reference(&notification.person),
            ),
            new: notification.read_at.is_none(),
        })
        .collect();
    // The list was read: the bell of this very page shows none unread.
    let mut frame = page.frame(t.notifications.heading);
    if let Some(user) = &mut frame.user {
        user.unread = 0;
        user.notifications_label = fill(t.notifications.link_label, &[("count", &0)]);
    }
    let template = NotificationsTemplate {
        frame,
        t,
        rows,
        settings_href: paths::NOTIFICATION_SETTINGS,
    };
    Ok(render(&template, StatusCode::OK))
}

struct ChoiceRow {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "notification_settings.html")]
struct SettingsTemplate {
    frame: Frame,
    t: &'static Texts,
    email: Option<String>,
    choices: Vec<ChoiceRow>,
    langs: Vec<ChoiceRow>,
    csrf_token: String,
    action: &'static str,
    saved: bool,
    error: Option<&'static str>,
}

/// `GET /varsler/innstillinger` (`?lagret` after a save).
pub async fn settings_page<S: Host>(
    page: Page,
    State(host): State<S>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let saved = query
        .as_deref()
        .is_some_and(|query| query.split('&').any(|part| part == "lagret"));
    settings(&page, &host, saved, None, StatusCode::OK).await
}

async fn settings<S: Host>(
    page: &Page,
    host: &S,
    saved: bool,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Notifications)?;
    let t = page.t;
    let current = host
        .store()
        .notification_settings(&viewer.actor)
        .await
        .map_err(|error| page.store_error(error))?;
    let n = &t.notifications;
    let choices = [
        (EmailChoice::Each, n.choice_each),
        (EmailChoice::Digest, n.choice_digest),
        (EmailChoice::None, n.choice_none),
    ]
    .into_iter()
    .map(|(choice, label)| ChoiceRow {
        value: choice.as_str(),
        label,
        checked: choice == current.choice,
    })
    .collect();
    let langs = [(Lang::Nb, n.lang_nb), (Lang::En, n.lang_en)]
        .into_iter()
        .map(|(lang, label)| ChoiceRow {
            value: lang.code(),
            label,
            checked: lang.code() == current.lang,
        })
        .collect();
    let template = SettingsTemplate {
        frame: page.frame(n.settings_heading),
        t,
        email: current
            .email
            .map(|email| fill(n.settings_email, &[("email", &email)])),
        choices,
        langs,
        csrf_token: viewer.csrf_token.clone(),
        action: paths::NOTIFICATION_SETTINGS,
        saved,
        error,
    };
    Ok(render(&template, status))
}

/// `POST /varsler/innstillinger`: saves the choice, then the settings page.
pub async fn save_settings<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Notifications)?;
    let value = |name: &str| {
        posted
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    };
    let choice = value("email").and_then(EmailChoice::parse);
    let lang = value("lang").and_then(Lang::parse);
    let (Some(choice), Some(lang)) = (choice, lang) else {
        let invalid = page.t.notifications.settings_invalid;
        return settings(
            &page,
            &host,
            false,
            Some(invalid),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    host.store()
        .set_notification_settings(&viewer.actor, choice, lang.code(), page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    Ok(Redirect::to(&format!("{}?lagret", paths::NOTIFICATION_SETTINGS)).into_response())
}

/// An e-mail about notifications: its subject and plain-text body, in the
/// recipient's language. It names no person and nothing of health: only
/// the kinds of thing that wait (one, or the digest's count of each), and
/// `link`, the notifications page (behind sign-in).
pub fn email_message(lang: &str, digest: bool, topics: &[Topic], link: &str) -> (String, String) {
    let t = Lang::parse(lang).unwrap_or(Lang::Nb).texts();
    let n = &t.notifications;
    let mut body = format!("{}\n\n", n.email_greeting);
    let subject = if digest {
        body.push_str(n.email_body_digest);
        body.push('\n');
        let mut counted: Vec<(Topic, usize)> = Vec::new();
        for topic in topics {
            match counted.iter_mut().find(|(seen, _)| seen == topic) {
                Some((_, count)) => *count += 1,
                None => counted.push((*topic, 1)),
            }
        }
        for (topic, count) in counted {
            body.push_str("- ");
            body.push_str(&fill(
                n.email_digest_line,
                &[("count", &count), ("what", &topic_text(t, topic))],
            ));
            body.push('\n');
        }
        n.email_digest_subject
    } else {
        for topic in topics {
            body.push_str(&fill(n.email_body_one, &[("what", &topic_text(t, *topic))]));
            body.push('\n');
        }
        n.email_subject
    };
    body.push('\n');
    body.push_str(&fill(n.email_link, &[("link", &link)]));
    body.push_str("\n\n");
    body.push_str(n.email_footer);
    body.push('\n');
    (subject.to_owned(), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_tells_what_waits_in_the_recipient_s_language_and_a_digest_counts() {
        let (subject, body) = email_message("nb", false, &[Topic::Invitation], "https://x/varsler");
        assert_eq!(subject, "Noe venter på deg i tilbake");
        assert!(body.contains("Du er innkalt til et dialogmøte."));
        assert!(body.contains("https://x/varsler"));
        let (subject, body) = email_message(
            "en",
            true,
            &[Topic::Invitation, Topic::Answer, Topic::Invitation],
            "https://x/varsler",
        );
        assert_eq!(subject, "What waits for you in tilbake today");
        assert!(body.contains("- 2 × You are invited to a dialogue meeting\n"));
        assert!(body.contains("- 1 × Someone answered an invitation you sent\n"));
    }

    #[test]
    fn the_worker_acts_on_their_own_pages_and_the_others_on_the_person_s() {
        let person = PersonRef::parse("0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(
            act_href(Role::Worker, Topic::Invitation, Some(&person)),
            paths::MY_CASEWORK
        );
        assert_eq!(
            act_href(Role::Manager, Topic::PlanDue, Some(&person)),
            "/person/0123456789abcdef0123456789abcdef/plan"
        );
        assert_eq!(
            act_href(Role::Caseworker, Topic::Request, Some(&person)),
            "/person/0123456789abcdef0123456789abcdef/moter"
        );
        assert_eq!(act_href(Role::Caseworker, Topic::Request, None), "");
    }
}
