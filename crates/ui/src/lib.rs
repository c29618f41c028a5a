//! The web application of tilbake: server-rendered pages for the parties of
//! sick-leave follow-up, in Norwegian bokmål (the default) and English.
//!
//! Each page is a module with a handler and an askama template (checked at
//! compile time, HTML-escaped): `login` (sign-in), `home` (`/` and the front
//! page), `queue` (the caseworker's work queue, benken), `my_sick_leave`
//! (the sick-listed worker's own page), `person` (a person's follow-up for
//! caseworkers, managers and GPs, with the SVG of `timeline`, a "what if"
//! form and task decisions), `my_employees` (the manager's list),
//! `patients` (the GP's look-up), `who_sees_me` (the worker's consents and
//! who has looked at their data), `my_persons` (the counsellor's and job
//! specialist's consenting persons), `statistics` (the caseworker's
//! statistics with its CSV, and the public national figures, the one page
//! that needs no sign-in), `early` (NAV's early sessions in weeks 14 and
//! 16, the work-ability assessment with the GP's additions, the worker's
//! reading of both, and the NAV office's setting that switches the
//! sessions on), `my_sessions` (every signed-in
//! user's sessions, with "log out everywhere", linked from the header)
//! and `notifications` (the bell's list and the choice of e-mails). They share the layout
//! (`templates/layout.html`, fed by `page::Frame`), the `page::Page`
//! extractor (language, signed-in person, today), the text catalogues in
//! [`texts`] and the stylesheet (`static/tilbake.css`, compiled in). Forms
//! are plain HTML and work without JavaScript; there is no JavaScript yet.
//!
//! # Adding a page
//!
//! 1. `src/<page>.rs`: `pub async fn page<S: Host>(page: Page, State(host):
//!    State<S>, …) -> Result<Response, Exit>`. Ask for the role
//!    (`page.require(PageKind::…)?`, the access policy's answer), ask the store (which checks access
//!    and audits; map its errors with `page.store_error`), build a
//!    `#[derive(Template)]` struct with `frame: page.frame(title)` and
//!    `t: page.t`, and `Ok(render(&template, StatusCode::OK))`.
//! 2. `templates/<page>.html`: `{% extends "layout.html" %}`, the block
//!    `content`, exactly one `<h1>`, every text from `t.<section>.<key>`.
//! 3. `src/texts/<page>.rs`: a `section!` struct with `NB` and `EN`, and one
//!    line in the `catalogue!` call of `texts/mod.rs`.
//! 4. One `.get(…)` line in [`routes`], the path in [`paths`], and a menu
//!    entry in `page::nav_links` if it is a role's main page.
//! 5. Tests in `tests/it/<page>.rs`, every answer through `Answer::page()`
//!    (which runs the markup checks).
//!
//! Forms that change something post with the hidden `csrf_token`
//! (`frame.user.csrf_token`); [`Host::signed_in`] signs nobody in on a change
//! without it. Style by classes in `static/tilbake.css`: the pages' CSP
//! forbids `style` attributes and inline script, which also holds for an
//! inline SVG.
//!
//! It is not the place for HTTP plumbing, sessions or the clock: the web
//! crate implements [`Host`] for its state, mounts [`routes`] and keeps
//! sign-in and sign-out (`POST /login` answers a browser with
//! [`login_failed`]). It is not the place for rules or access checks either:
//! pages ask the store, which applies the reader's scope and writes the
//! audit log, and the follow-up engine, which computes the dates.

mod activity;
mod assets;
mod casework;
mod dates;
mod diagnoses;
mod early;
mod form;
mod format;
mod guidance;
mod guidance_plan;
mod guidance_report;
mod home;
mod host;
mod lang;
mod login;
mod meetings;
mod my_casework;
mod my_employees;
mod my_persons;
mod my_sessions;
mod my_sick_leave;
mod names;
mod notifications;
mod occupations;
mod page;
mod patients;
mod pdf;
mod person;
mod plan;
mod plan_diff;
mod queue;
mod readers;
mod reload;
mod saved;
mod se_person;
mod se_specialist;
mod se_team;
mod se_words;
mod statistics;
pub mod texts;
mod timeline;
mod who_sees_me;
mod words;

use axum::handler::Handler;
use axum::http::Method;
use axum::response::Redirect;
use axum::routing::{get, post};
use axum::{middleware, Router};

pub use crate::assets::{PLAN_HINT_SCRIPT, STYLESHEET};
pub use crate::host::{Host, SignedIn};
pub use crate::lang::{Lang, LANG_COOKIE, LANG_PARAMETER};
pub use crate::login::{
    is_kept_form_key, local_path, login_failed, login_href, posted_from_page, LoginFailure,
    FROM_PAGE_FIELD, KEPT_FORM_FIELD, NEXT_FIELD,
};
pub use crate::notifications::email_message;
pub use crate::page::error_page;

/// The paths of the pages, for links between them.
pub mod paths {
    // A person's pages are named by the person's opaque reference (`{person}`),
    // never the identity number: see `crate::names`.
    use tilbake_domain::register::PersonRef;

    /// Redirects to the signed-in person's page, or to the sign-in page.
    pub const START: &str = "/";
    pub const LOGIN: &str = "/login";
    pub const LOGOUT: &str = "/logout";
    /// The front page for roles without a page of their own yet.
    pub const HOME: &str = "/hjem";
    /// The caseworker's work queue (benken).
    pub const QUEUE: &str = "/benken";
    /// The sick-listed worker's own page.
    pub const MY_SICK_LEAVE: &str = "/min-sykmelding";
    pub const STYLESHEET: &str = "/static/tilbake.css";
    pub const PLAN_HINT_SCRIPT: &str = "/static/plan-hint.js";

    /// The manager's employees on sick leave.
    pub const MY_EMPLOYEES: &str = "/mine-sykmeldte";
    /// The GP's patient look-up.
    pub const PATIENTS: &str = "/pasienter";
    /// A person's page (the route's pattern).
    pub const PERSON: &str = "/person/{person}";
    /// A decision on a person's task (the route's pattern).
    pub const PERSON_DECISION: &str = "/person/{person}/oppgave";
    /// A caseworker takes or hands back a person's task.
    pub const PERSON_ASSIGN: &str = "/person/{person}/ta-oppgave";
    /// NAV's assessment of the activity requirement, from "What needs
    /// doing now" on the person's page (its one place).
    pub const PERSON_ACTIVITY: &str = "/person/{person}/aktivitetskrav";
    /// A caseworker's note on a person's case.
    pub const PERSON_NOTE: &str = "/person/{person}/notat";
    /// The follow-up plan of a person, and a new version posted.
    pub const PLAN: &str = "/person/{person}/plan";
    /// The manager shares the plan's latest version with the GP and NAV.
    pub const PLAN_SHARE: &str = "/person/{person}/plan/del";
    /// Dialogue meetings of a person.
    pub const MEETINGS: &str = "/person/{person}/moter";
    /// A form of the meetings page: `innkalling`, `svar`, `referat`, `be-om`.
    pub const MEETINGS_FORM: &str = "/person/{person}/moter/{form}";
    /// The worker's plan and meetings.
    pub const MY_CASEWORK: &str = "/min-sykmelding/plan-og-moter";
    /// A form of the worker's plan and meetings: `plan`, `svar`, `be-om`.
    pub const MY_CASEWORK_FORM: &str = "/min-sykmelding/plan-og-moter/{form}";
    /// The worker's "who can see me": consents and who has looked.
    pub const WHO_SEES_ME: &str = "/min-sykmelding/hvem-ser-meg";
    /// The worker grants a consent, or changes what one shares.
    pub const WHO_SEES_ME_GRANT: &str = "/min-sykmelding/hvem-ser-meg/gi";
    /// The worker withdraws their consent to someone.
    pub const WHO_SEES_ME_WITHDRAW: &str = "/min-sykmelding/hvem-ser-meg/trekk-tilbake";
    /// The persons who have consented to a counsellor or job specialist.
    pub const MY_PERSONS: &str = "/mine-personer";
    /// The worker's career guidance: the offer, instruments, profiles.
    pub const MY_GUIDANCE: &str = "/min-veiledning";
    /// One instrument to fill in (the route's pattern), and its answers posted.
    pub const MY_GUIDANCE_INSTRUMENT: &str = "/min-veiledning/{instrument}";
    /// The guidance profiles of a person, for a reader the person shares them with.
    pub const PERSON_GUIDANCE: &str = "/person/{person}/veiledning";
    /// The instruments the service loaded, and the files it refused.
    pub const INSTRUMENTS: &str = "/veiledning/kartlegginger";
    /// A caseworker, GP or manager suggests career guidance to the person.
    pub const PERSON_SUGGEST_GUIDANCE: &str = "/person/{person}/foresla-veiledning";

    /// `/person/{person}/foresla-veiledning`.
    pub fn person_suggest_guidance(person: &PersonRef) -> String {
        format!("/person/{person}/foresla-veiledning")
    }
    /// The worker books guidance with a counsellor of a career centre.
    pub const MY_GUIDANCE_BOOK: &str = "/min-veiledning/bestill";
    /// The counsellor plans, holds and writes notes on one session (the pattern).
    pub const PERSON_GUIDANCE_SESSION: &str = "/person/{person}/veiledning/samtale/{number}";

    /// One session of a person's guidance, `/person/{person}/veiledning/samtale/{number}`.
    pub fn person_guidance_session(person: &PersonRef, number: u8) -> String {
        format!("/person/{person}/veiledning/samtale/{number}")
    }

    /// The worker's action plan of career guidance, and its sharing.
    pub const MY_GUIDANCE_PLAN: &str = "/min-veiledning/plan";
    pub const MY_GUIDANCE_PLAN_SHARE: &str = "/min-veiledning/plan/deling";
    pub const MY_GUIDANCE_REPORT: &str = "/min-veiledning/rapport";
    pub const MY_GUIDANCE_REPORT_PDF: &str = "/min-veiledning/rapport.pdf";
    pub const PERSON_GUIDANCE_PLAN: &str = "/person/{person}/veiledning/plan";
    pub const PERSON_GUIDANCE_REPORT: &str = "/person/{person}/veiledning/rapport";
    pub const PERSON_GUIDANCE_REPORT_PDF: &str = "/person/{person}/veiledning/rapport.pdf";

    pub fn person_guidance_plan(person: &PersonRef) -> String {
        format!("/person/{person}/veiledning/plan")
    }

    pub fn person_guidance_report(person: &PersonRef) -> String {
        format!("/person/{person}/veiledning/rapport")
    }

    pub fn person_guidance_report_pdf(person: &PersonRef) -> String {
        format!("/person/{person}/veiledning/rapport.pdf")
    }

    /// One instrument to fill in, `/min-veiledning/{instrument}`.
    pub fn my_guidance_instrument(instrument: &str) -> String {
        format!("/min-veiledning/{instrument}")
    }

    /// The guidance profiles of a person, `/person/{person}/veiledning`.
    pub fn person_guidance(person: &PersonRef) -> String {
        format!("/person/{person}/veiledning")
    }
    /// The follow-up statistics for caseworkers.
    pub const STATISTICS: &str = "/statistikk/nav";
    /// The caseworkers' statistics table as the contract's CSV.
    pub const STATISTICS_CSV: &str = "/statistikk/nav/csv";
    /// The public statistics: national figures, no sign-in.
    pub const PUBLIC_STATISTICS: &str = "/statistikk";
    /// NAV's early sessions with a person in weeks 14 and 16.
    pub const EARLY_SESSIONS: &str = "/person/{person}/tidlige-samtaler";
    /// A person's work-ability assessment; NAV posts a new version here.
    pub const WORK_ABILITY: &str = "/person/{person}/arbeidsevne";
    /// The GP's addition to the work-ability assessment.
    pub const WORK_ABILITY_ADDITION: &str = "/person/{person}/arbeidsevne/tillegg";
    /// The worker's early sessions and work-ability assessment.
    pub const MY_WORK_ABILITY: &str = "/min-sykmelding/arbeidsevne";
    /// The caseworker's NAV office's settings.
    pub const UNIT_SETTINGS: &str = "/enhet/innstillinger";
    /// The signed-in user's sessions.
    pub const MY_SESSIONS: &str = "/innlogginger";
    /// Ends every session of the signed-in user.
    pub const LOG_OUT_EVERYWHERE: &str = "/innlogginger/logg-ut-overalt";
    /// The signed-in user's notifications (the bell links here).
    pub const NOTIFICATIONS: &str = "/varsler";
    /// How the signed-in user hears of notifications.
    pub const NOTIFICATION_SETTINGS: &str = "/varsler/innstillinger";

    /// The worker's own Supported Employment: the offer, agreeing, withdrawing.
    pub const MY_SE: &str = "/min-sykmelding/arbeid-med-bistand";
    /// The worker's answer to the offer (`answer` = `ja` or `nei`).
    pub const MY_SE_ANSWER: &str = "/min-sykmelding/arbeid-med-bistand/svar";
    /// The worker stops taking part.
    pub const MY_SE_WITHDRAW: &str = "/min-sykmelding/arbeid-med-bistand/slutt";
    /// A caseworker's referral of a person, and its state (the pattern).
    pub const PERSON_SE: &str = "/person/{person}/arbeid-med-bistand";
    /// The job specialist's caseload.
    pub const SE_CASELOAD: &str = "/arbeid-med-bistand";
    /// One participant of a job specialist (the pattern).
    pub const SE_PARTICIPANT: &str = "/arbeid-med-bistand/deltaker/{person}";
    /// A form of the participant page: `aktivitet`, `trinn`, `profil`,
    /// `jobb`, `oppstart`, `nedtrapping`.
    pub const SE_PARTICIPANT_FORM: &str = "/arbeid-med-bistand/deltaker/{person}/{form}";
    /// The method supervisor's queue, team and outcomes.
    pub const SE_TEAM: &str = "/arbeid-med-bistand/team";
    /// The supervisor assigns a queued participant to a job specialist.
    pub const SE_TEAM_ASSIGN: &str = "/arbeid-med-bistand/team/tildel";
    /// The employer register, and an employer registered or changed.
    pub const SE_EMPLOYERS: &str = "/arbeidsgivere";
    /// One employer (the pattern).
    pub const SE_EMPLOYER: &str = "/arbeidsgivere/{orgnr}";
    /// A job specialist logs a contact with the employer.
    pub const SE_EMPLOYER_CONTACT: &str = "/arbeidsgivere/{orgnr}/kontakt";

    /// `/person/{person}/arbeid-med-bistand`.
    pub fn person_se(person: &PersonRef) -> String {
        format!("/person/{person}/arbeid-med-bistand")
    }

    /// `/arbeid-med-bistand/deltaker/{person}`.
    pub fn se_participant(person: &PersonRef) -> String {
        format!("/arbeid-med-bistand/deltaker/{person}")
    }

    /// `/arbeidsgivere/{orgnr}`.
    pub fn se_employer(orgnr: &tilbake_domain::identity::Orgnr) -> String {
        format!("/arbeidsgivere/{orgnr}")
    }

    /// A person's page, `/person/{person}`.
    pub fn person(person: &PersonRef) -> String {
        format!("/person/{person}")
    }
}

/// The page router and the routes it serves, listed as they are added (the
/// web crate's OpenAPI drift check leaves these out: pages are not API).
pub struct PageRoutes<S> {
    pub router: Router<S>,
    pub listed: Vec<(Method, &'static str)>,
}

impl<S: Host> PageRoutes<S> {
    /// A GET for each form address that has no page of its own, leading
    /// back to the page the form is on (`reload`): reloading a form that
    /// came back with errors never gives 405. It shows nothing itself, so
    /// it is not listed; the page it leads to asks the policy.
    fn with_reloads(mut self) -> PageRoutes<S> {
        let pages: Vec<&'static str> = self
            .listed
            .iter()
            .filter(|(method, _)| *method == Method::GET)
            .map(|(_, path)| *path)
            .collect();
        let forms: Vec<&'static str> = self
            .listed
            .iter()
            .filter(|(method, path)| *method == Method::POST && !pages.contains(path))
            .map(|(_, path)| *path)
            .collect();
        let pages = std::sync::Arc::new(pages);
        for form in forms {
            let pages = pages.clone();
            self.router = self.router.route(
                form,
                get(move |uri: axum::http::Uri| async move {
                    let page = reload::page_of(uri.path(), &pages)
                        .unwrap_or_else(|| paths::START.to_owned());
                    Redirect::to(&page)
                }),
            );
        }
        self
    }

    fn get<H, T>(mut self, path: &'static str, handler: H) -> PageRoutes<S>
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.router = self.router.route(path, get(handler));
        self.listed.push((Method::GET, path));
        self
    }

    fn post<H, T>(mut self, path: &'static str, handler: H) -> PageRoutes<S>
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.router = self.router.route(path, post(handler));
        self.listed.push((Method::POST, path));
        self
    }
}

/// Every page, for the web crate to merge into its router.
pub fn routes<S: Host>() -> PageRoutes<S> {
    let routes = PageRoutes {
        router: Router::new(),
        listed: Vec::new(),
    }
    .get(paths::START, home::start)
    .get(paths::LOGIN, login::page)
    .get(paths::HOME, home::page)
    .get(paths::QUEUE, queue::page::<S>)
    .post(paths::QUEUE, queue::search::<S>)
    .get(paths::MY_SICK_LEAVE, my_sick_leave::page::<S>)
    .get(paths::MY_EMPLOYEES, my_employees::page::<S>)
    .get(paths::PATIENTS, patients::page::<S>)
    .post(paths::PATIENTS, patients::look_up::<S>)
    .get(paths::PERSON, person::page::<S>)
    .post(paths::PERSON_DECISION, person::decide::<S>)
    .post(paths::PERSON_ASSIGN, person::assign::<S>)
    .post(paths::PERSON_NOTE, person::add_note::<S>)
    .post(paths::PERSON_ACTIVITY, activity::assess::<S>)
    .get(paths::PLAN, plan::page::<S>)
    .post(paths::PLAN, plan::save::<S>)
    .post(paths::PLAN_SHARE, plan::share::<S>)
    .get(paths::MEETINGS, meetings::page::<S>)
    .post(paths::MEETINGS_FORM, meetings::post::<S>)
    .get(paths::MY_CASEWORK, my_casework::page::<S>)
    .post(paths::MY_CASEWORK_FORM, my_casework::post::<S>)
    .get(paths::WHO_SEES_ME, who_sees_me::page::<S>)
    .post(paths::WHO_SEES_ME_GRANT, who_sees_me::grant::<S>)
    .post(paths::WHO_SEES_ME_WITHDRAW, who_sees_me::withdraw::<S>)
    .get(paths::MY_PERSONS, my_persons::page::<S>)
    .get(paths::MY_GUIDANCE, guidance::page::<S>)
    .get(paths::MY_GUIDANCE_INSTRUMENT, guidance::fill_page::<S>)
    .post(paths::MY_GUIDANCE_INSTRUMENT, guidance::save::<S>)
    .get(paths::PERSON_GUIDANCE, guidance::person_page::<S>)
    .get(paths::INSTRUMENTS, guidance::instruments_page::<S>)
    .post(paths::MY_GUIDANCE_BOOK, guidance::book::<S>)
    .post(
        paths::PERSON_SUGGEST_GUIDANCE,
        person::suggest_guidance::<S>,
    )
    .post(paths::PERSON_GUIDANCE_SESSION, guidance::save_session::<S>)
    .get(paths::STATISTICS, statistics::page::<S>)
    .get(paths::STATISTICS_CSV, statistics::csv::<S>)
    .get(paths::PUBLIC_STATISTICS, statistics::public_page::<S>)
    .get(paths::MY_GUIDANCE_PLAN, guidance_plan::my_page::<S>)
    .post(paths::MY_GUIDANCE_PLAN, guidance_plan::my_save::<S>)
    .post(paths::MY_GUIDANCE_PLAN_SHARE, guidance_plan::my_share::<S>)
    .get(paths::MY_GUIDANCE_REPORT, guidance_report::my_page::<S>)
    .get(paths::MY_GUIDANCE_REPORT_PDF, guidance_report::my_pdf::<S>)
    .get(paths::PERSON_GUIDANCE_PLAN, guidance_plan::person_page::<S>)
    .post(paths::PERSON_GUIDANCE_PLAN, guidance_plan::person_save::<S>)
    .get(
        paths::PERSON_GUIDANCE_REPORT,
        guidance_report::person_page::<S>,
    )
    .get(
        paths::PERSON_GUIDANCE_REPORT_PDF,
        guidance_report::person_pdf::<S>,
    )
    .get(paths::EARLY_SESSIONS, early::sessions_page::<S>)
    .post(paths::EARLY_SESSIONS, early::save_session::<S>)
    .get(paths::WORK_ABILITY, early::work_ability_page::<S>)
    .post(paths::WORK_ABILITY, early::save_assessment::<S>)
    .post(paths::WORK_ABILITY_ADDITION, early::save_addition::<S>)
    .get(paths::MY_WORK_ABILITY, early::my_page::<S>)
    .get(paths::UNIT_SETTINGS, early::unit_page::<S>)
    .post(paths::UNIT_SETTINGS, early::save_unit::<S>)
    .get(paths::MY_SESSIONS, my_sessions::page::<S>)
    .post(
        paths::LOG_OUT_EVERYWHERE,
        my_sessions::log_out_everywhere::<S>,
    )
    .get(paths::MY_SE, se_person::my_page::<S>)
    .post(paths::MY_SE_ANSWER, se_person::my_answer::<S>)
    .post(paths::MY_SE_WITHDRAW, se_person::my_withdraw::<S>)
    .get(paths::PERSON_SE, se_person::person_page::<S>)
    .post(paths::PERSON_SE, se_person::refer::<S>)
    .get(paths::SE_CASELOAD, se_specialist::caseload::<S>)
    .get(paths::SE_PARTICIPANT, se_specialist::participant::<S>)
    .post(
        paths::SE_PARTICIPANT_FORM,
        se_specialist::participant_post::<S>,
    )
    .get(paths::SE_TEAM, se_team::team::<S>)
    .post(paths::SE_TEAM_ASSIGN, se_team::assign::<S>)
    .get(paths::SE_EMPLOYERS, se_team::employers::<S>)
    .post(paths::SE_EMPLOYERS, se_team::put_employer::<S>)
    .get(paths::SE_EMPLOYER, se_team::employer::<S>)
    .post(paths::SE_EMPLOYER_CONTACT, se_team::log_contact::<S>)
    .get(paths::NOTIFICATIONS, notifications::page::<S>)
    .get(
        paths::NOTIFICATION_SETTINGS,
        notifications::settings_page::<S>,
    )
    .post(
        paths::NOTIFICATION_SETTINGS,
        notifications::save_settings::<S>,
    )
    .get(paths::STYLESHEET, assets::stylesheet)
    .get(paths::PLAN_HINT_SCRIPT, assets::plan_hint_script);
    let routes = routes.with_reloads();
    PageRoutes {
        router: routes
            .router
            .layer(middleware::from_fn(lang::remember_language)),
        listed: routes.listed,
    }
}
