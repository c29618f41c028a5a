//! What every page shares: the [`Page`] extractor (language, who is signed
//! in, today), the layout's data ([`Frame`]), rendering with the security
//! headers every HTML answer carries, and the error pages (403, 404, 500).
//!
//! A page module takes a [`Page`], asks it whether the access policy lets
//! the reader open it ([`Page::require`], [`Page::require_form`]: not signed
//! in → the sign-in page; otherwise 403), builds its template with `page.frame(title)`, and [`render`]s it.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use tilbake_domain::access::policy::{self, Forms, PageKind};
use tilbake_domain::access::Role;
use tilbake_store::{Millis, StoreError};

use crate::assets::STYLESHEET_HREF;
use crate::host::{Host, SignedIn};
use crate::lang::{Lang, LANG_PARAMETER};
use crate::paths;
use crate::texts::{fill, Texts};
use crate::words::role_name;

/// The Content-Security-Policy of every page: nothing from elsewhere, no
/// inline script or style (so an SVG must be styled by classes, not `style`
/// attributes), forms post only here, never framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The request as a page sees it.
pub struct Page {
    pub lang: Lang,
    pub t: &'static Texts,
    /// `None` when nobody is signed in.
    pub viewer: Option<SignedIn>,
    pub today: NaiveDate,
    pub now: Millis,
    /// The signed-in person's unread notifications (the bell).
    unread: u64,
    path: String,
    query: Option<String>,
}

impl<S: Host> FromRequestParts<S> for Page {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, host: &S) -> Result<Page, Response> {
        let lang = Lang::of_request(parts.uri.query(), &parts.headers);
        let viewer = match host.signed_in(parts).await {
            Ok(viewer) => viewer,
            Err(error) => {
                tracing::error!(%error, "a page could not check the session");
                return Err(error_page(
                    &parts.uri,
                    &parts.headers,
                    StatusCode::INTERNAL_SERVER_ERROR,
                ));
            }
        };
        let unread = match &viewer {
            // The bell is no reason to fail a page: logged, and shown as none.
            Some(viewer) => host
                .store()
                .unread_notifications(&viewer.actor)
                .await
                .unwrap_or_else(|error| {
                    tracing::error!(%error, "a page could not count the notifications");
                    0
                }),
            None => 0,
        };
        Ok(Page {
            lang,
            t: lang.texts(),
            viewer,
            unread,
            today: host.today(),
            now: host.now(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
        })
    }
}

impl Page {
    /// The layout's data for a page with this title.
    pub fn frame(&self, title: &str) -> Frame {
        let mut frame = Frame::new(
            self.lang,
            self.viewer.as_ref(),
            &self.path,
            self.query.as_deref(),
            title,
        );
        if let Some(user) = &mut frame.user {
            user.set_unread(frame.t, self.unread);
        }
        frame
    }

    /// The signed-in person, or the way to the sign-in page, which leads
    /// back to this address afterwards (a form's address leads on to its
    /// page: `reload.rs`).
    pub fn require_signed_in(&self) -> Result<&SignedIn, Exit> {
        self.viewer.as_ref().ok_or_else(|| {
            let here = match &self.query {
                Some(query) => format!("{}?{query}", self.path),
                None => self.path.clone(),
            };
            Exit::from(Redirect::to(&crate::login::login_href(&here)).into_response())
        })
    }

    /// One value of the query string, if it has it.
    pub fn query_value(&self, name: &str) -> Option<String> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(self.query.as_deref()?)
            .ok()?
            .into_iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// The signed-in person if the access policy lets them open this kind
    /// of page; the sign-in page when nobody is signed in, 403 otherwise.
    pub fn require(&self, kind: PageKind) -> Result<&SignedIn, Exit> {
        let viewer = self.require_signed_in()?;
        if policy::may_open(&viewer.actor, kind) {
            Ok(viewer)
        } else {
            Err(self.error(StatusCode::FORBIDDEN).into())
        }
    }

    /// For a page the access policy opens without a principal
    /// ([`policy::needs_no_principal`]): whoever is signed in, if anyone.
    /// Any other page as [`Page::require`].
    pub fn require_open(&self, kind: PageKind) -> Result<Option<&SignedIn>, Exit> {
        if policy::needs_no_principal(kind) {
            Ok(self.viewer.as_ref())
        } else {
            self.require(kind).map(Some)
        }
    }

    /// The signed-in person if the access policy offers them the form
    /// (`offered` reads [`Forms`]); the sign-in page when nobody is signed
    /// in, 403 otherwise.
    pub fn require_form(&self, offered: impl Fn(&Forms) -> bool) -> Result<&SignedIn, Exit> {
        let viewer = self.require_signed_in()?;
        if offered(&policy::forms(&viewer.actor)) {
            Ok(viewer)
        } else {
            Err(self.error(StatusCode::FORBIDDEN).into())
        }
    }

    /// The error page for a status (403, 404, 413, another 4xx, else 500),
    /// in the page's language.
    pub fn error(&self, status: StatusCode) -> Response {
        render_error(
            Frame::new(
                self.lang,
                self.viewer.as_ref(),
                &self.path,
                self.query.as_deref(),
                "",
            ),
            status,
        )
    }

    /// The page for a store error: 404 for a person the reader may not see
    /// (as for one who does not exist), 403 for a role that may not, 500
    /// (logged) for the rest.
    pub fn store_error(&self, error: StoreError) -> Response {
        match error {
            StoreError::NotFound => self.error(StatusCode::NOT_FOUND),
            StoreError::Forbidden | StoreError::SendRefused(_) => self.error(StatusCode::FORBIDDEN),
            other => {
                tracing::error!(error = %other, "a page failed in the store");
                self.error(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}

/// A page's answer other than the page itself: a redirect to sign in, an
/// error page. Handlers return `Result<Response, Exit>` and use `?`.
pub struct Exit(Box<Response>);

impl From<Response> for Exit {
    fn from(response: Response) -> Exit {
        Exit(Box::new(response))
    }
}

impl IntoResponse for Exit {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// What the layout shows around every page.
pub struct Frame {
    /// `<html lang>`.
    pub lang: &'static str,
    pub t: &'static Texts,
    /// `<title>`.
    pub title: String,
    pub user: Option<FrameUser>,
    pub nav: Vec<NavLink>,
    /// The language switch: a link to the same page in the other language.
    pub switch_href: String,
    pub switch_lang: &'static str,
    pub stylesheet: &'static str,
    /// What the form just saved, from `?lagret=…` (post/redirect/get).
    pub saved: Option<crate::saved::SavedView>,
}

/// The signed-in person in the header, the link to their sessions, and the
/// CSRF token of the log-out form.
pub struct FrameUser {
    pub signed_in_as: String,
    pub sessions_href: &'static str,
    pub csrf_token: String,
    /// The bell: the link to the notifications, and how many are unread.
    pub notifications_href: &'static str,
    pub unread: u64,
    /// The bell's accessible name, with the count.
    pub notifications_label: String,
}

impl FrameUser {
    fn set_unread(&mut self, t: &Texts, unread: u64) {
        self.unread = unread;
        self.notifications_label = fill(t.notifications.link_label, &[("count", &unread)]);
    }
}

/// A link of the main menu.
pub struct NavLink {
    pub href: &'static str,
    pub label: &'static str,
    /// This is the page being shown (`aria-current="page"`).
    pub current: bool,
}

impl Frame {
    pub fn new(
        lang: Lang,
        viewer: Option<&SignedIn>,
        path: &str,
        query: Option<&str>,
        title: &str,
    ) -> Frame {
        let t = lang.texts();
        let title = if title.is_empty() {
            t.common.product_name.to_owned()
        } else {
            fill(t.common.page_title, &[("page", &title)])
        };
        Frame {
            lang: lang.code(),
            t,
            title,
            user: viewer.map(|viewer| FrameUser {
                signed_in_as: fill(
                    t.common.signed_in_as,
                    &[
                        ("username", &viewer.actor.username),
                        ("role", &role_name(t, viewer.actor.role)),
                    ],
                ),
                sessions_href: paths::MY_SESSIONS,
                csrf_token: viewer.csrf_token.clone(),
                notifications_href: paths::NOTIFICATIONS,
                unread: 0,
                notifications_label: fill(t.notifications.link_label, &[("count", &0)]),
            }),
            nav: viewer.map_or_else(Vec::new, |viewer| nav_links(t, viewer.actor.role, path)),
            switch_href: switch_href(query, lang.other()),
            switch_lang: lang.other().code(),
            stylesheet: STYLESHEET_HREF.as_str(),
            saved: crate::saved::from_query(t, query),
        }
    }
}

/// The main menu of a role: its own pages.
fn nav_links(t: &Texts, role: Role, path: &str) -> Vec<NavLink> {
    let links: &[(&'static str, &'static str)] = match role {
        Role::Caseworker => &[
            (paths::QUEUE, t.common.nav_queue),
            (paths::STATISTICS, t.statistics.title),
            (paths::UNIT_SETTINGS, t.early.unit_title),
        ],
        Role::Worker => &[
            (paths::MY_SICK_LEAVE, t.common.nav_my_sick_leave),
            (paths::MY_CASEWORK, t.casework.my_heading),
            (paths::MY_WORK_ABILITY, t.early.my_title),
            (paths::MY_GUIDANCE, t.guidance.heading),
            (paths::MY_SE, t.se.heading),
            (paths::WHO_SEES_ME, t.consent.heading),
        ],
        Role::Manager => &[(paths::MY_EMPLOYEES, t.person.employees_title)],
        Role::Gp => &[(paths::PATIENTS, t.person.patients_title)],
        Role::Counsellor => &[(paths::MY_PERSONS, t.consent.persons_heading)],
        Role::JobSpecialist => &[
            (paths::SE_CASELOAD, t.se.caseload_heading),
            (paths::SE_EMPLOYERS, t.se.employers_heading),
            (paths::MY_PERSONS, t.consent.persons_heading),
        ],
        Role::SeSupervisor => &[
            (paths::SE_TEAM, t.se.queue_heading),
            (paths::SE_EMPLOYERS, t.se.employers_heading),
        ],
        _ => &[(paths::HOME, t.common.nav_home)],
    };
    links
        .iter()
        .map(|(href, label)| NavLink {
            href,
            label,
            current: *href == path,
        })
        .collect()
}

/// The link to the same page in `target`: the query as it is, with `lang`
/// set. Relative (`?…`), so it always stays on the page it is on.
fn switch_href(query: Option<&str>, target: Lang) -> String {
    let mut pairs: Vec<(String, String)> = query
        .and_then(|query| serde_urlencoded::from_str(query).ok())
        .unwrap_or_default();
    pairs.retain(|(name, _)| name != LANG_PARAMETER);
    pairs.push((LANG_PARAMETER.to_owned(), target.code().to_owned()));
    format!(
        "?{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    )
}

/// Renders a page with its status and the headers of every HTML answer:
/// no caching (pages hold personal data), no sniffing, no referrer (paths
/// hold identity numbers), the Content-Security-Policy.
pub fn render(template: &impl Template, status: StatusCode) -> Response {
    let mut response = match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "a page template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error\n").into_response()
        }
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    response
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    frame: Frame,
    t: &'static Texts,
    heading: &'static str,
    text: &'static str,
}

fn render_error(mut frame: Frame, status: StatusCode) -> Response {
    let t = frame.t;
    let (heading, text) = match status {
        StatusCode::NOT_FOUND => (t.errors.not_found_title, t.errors.not_found_text),
        StatusCode::FORBIDDEN => (t.errors.forbidden_title, t.errors.forbidden_text),
        StatusCode::PAYLOAD_TOO_LARGE => (t.errors.too_large_title, t.errors.too_large_text),
        status if status.is_client_error() => {
            (t.errors.bad_request_title, t.errors.bad_request_text)
        }
        _ => (t.errors.internal_title, t.errors.internal_text),
    };
    frame.title = fill(t.common.page_title, &[("page", &heading)]);
    render(
        &ErrorTemplate {
            frame,
            t,
            heading,
            text,
        },
        status,
    )
}

/// An error page for a request outside the page routes (the application's
/// fallback, a failed form post): in the request's language, without the
/// signed-in person's name (the session is not looked up).
pub fn error_page(uri: &Uri, headers: &HeaderMap, status: StatusCode) -> Response {
    let lang = Lang::of_request(uri.query(), headers);
    render_error(Frame::new(lang, None, uri.path(), uri.query(), ""), status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_keeps_the_query_and_sets_only_the_language() {
        assert_eq!(switch_href(None, Lang::En), "?lang=en");
        assert_eq!(
            switch_href(Some("kind=dialogue_meeting_2&lang=en"), Lang::Nb),
            "?kind=dialogue_meeting_2&lang=nb"
        );
    }
}
