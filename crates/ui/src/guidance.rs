//! Career guidance pages: the worker's `/min-veiledning` (the offer, the
//! instruments with progress, the profiles), filling in one instrument
//! (`/min-veiledning/{instrument}`, saved as the person goes), and the
//! profiles a counsellor reads (`/person/{person}/veiledning`).
//!
//! Answers are checked by the guidance contract's parser against the
//! definition they are given on, so a page and `tilbake guidance score`
//! accept exactly the same. Who may read them is the store's, by the policy.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Days, NaiveDate};
use serde_json::{Map, Value};
use tilbake_contract::guidance::parse_answers;
use tilbake_domain::access::consent::{Category, Share};
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::guidance::{
    flow_areas, score, Answers, Catalogue, Definition, FlowState, Language, Score, Session,
    SessionPurpose, Shape,
};
use tilbake_domain::identity::Fnr;
use tilbake_domain::identity::Orgnr;
use tilbake_domain::register::PersonRef;
use tilbake_store::{GuidanceProcess, NewBooking, SavedAnswers, SessionRecord, StoreError};

use crate::format::date_long;
use crate::host::Host;
use crate::lang::Lang;
use crate::occupations::{interest_occupations, OccupationView};
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};

/// The query parameter that says which instrument was just saved.
const SAVED_PARAMETER: &str = "lagret";
/// The query parameter that says guidance was just booked.
const BOOKED_PARAMETER: &str = "bestilt";
/// How many days after booking the first session is proposed.
const FIRST_SESSION_AFTER_DAYS: u64 = 7;

pub(crate) fn language(lang: Lang) -> Language {
    match lang {
        Lang::Nb => Language::Nb,
        Lang::En => Language::En,
    }
}

/// One instrument on the worker's page.
struct Offered {
    title: String,
    progress: String,
    href: String,
    action: &'static str,
    done: bool,
}

/// One scale of a profile, as a row of the chart and of its table.
pub(crate) struct ScaleRow {
    pub(crate) title: String,
    pub(crate) score: String,
    pub(crate) percent: String,
    pub(crate) answered: String,
    /// The bar's length in the chart's units (0..=300).
    pub(crate) bar: u64,
    pub(crate) bar_y: u64,
    pub(crate) label_y: u64,
}

pub(crate) struct Hexagon {
    pub(crate) polygon: String,
    pub(crate) grid: Vec<String>,
    pub(crate) axes: Vec<(i64, i64)>,
    /// (x, y, text-anchor, text).
    pub(crate) labels: Vec<(i64, i64, &'static str, String)>,
}

pub(crate) struct WheelColumn {
    pub(crate) number: usize,
    pub(crate) title: String,
    pub(crate) x: u64,
    pub(crate) width: u64,
    pub(crate) centre: u64,
    pub(crate) desired: Option<(u64, u64)>,
    pub(crate) current: Option<u64>,
    pub(crate) current_text: String,
    pub(crate) desired_text: String,
    pub(crate) gap_text: String,
}

pub(crate) struct ProfileView {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) scales: Vec<ScaleRow>,
    pub(crate) bars_height: u64,
    pub(crate) code_line: Option<String>,
    pub(crate) hexagon: Option<Hexagon>,
    pub(crate) flow: Vec<(String, &'static str)>,
    pub(crate) wheel: Vec<WheelColumn>,
    pub(crate) gaps: Vec<String>,
    /// Occupations to talk about, beside an interest profile.
    pub(crate) occupations: Vec<OccupationView>,
}

/// One session as the person and the counsellor read it.
struct SessionView {
    number: u8,
    heading: String,
    purpose: &'static str,
    planned: String,
    held: bool,
    note: String,
    before_next: String,
    /// The counsellor's form: (planned date, held date) as typed.
    planned_value: String,
    held_value: String,
    action: String,
}

struct ProcessView {
    /// The person's page speaks to the person, the counsellor's to them.
    heading: &'static str,
    wish_label: &'static str,
    private_line: &'static str,
    with_whom: String,
    wish: String,
    sessions: Vec<SessionView>,
}

/// The booking form: the choices and what was typed.
struct BookingForm {
    action: &'static str,
    /// (value `orgnr:username`, label, chosen).
    counsellors: Vec<(String, String, bool)>,
    /// (category, sentence, checked).
    shares: Vec<(&'static str, &'static str, bool)>,
    wish: String,
    first_session: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "guidance.html")]
struct GuidanceTemplate {
    frame: Frame,
    t: &'static Texts,
    csrf_token: String,
    booking: Option<BookingForm>,
    process: Option<ProcessView>,
    /// Only the counsellor's page has session forms.
    session_error: Option<(u8, String)>,
    booked_now: bool,
    saved: bool,
    offered: Vec<Offered>,
    profiles: Vec<ProfileView>,
    who_sees_me: &'static str,
}

#[derive(Template)]
#[template(path = "guidance_person.html")]
struct PersonGuidanceTemplate {
    frame: Frame,
    t: &'static Texts,
    csrf_token: String,
    process: Option<ProcessView>,
    session_saved: bool,
    session_error: Option<(u8, String)>,
    fnr: String,
    person_href: String,
    profiles: Vec<ProfileView>,
}

/// One question of the fill-in form.
struct Question {
    name: String,
    text: String,
    /// (value, checked).
    choices: Vec<(u8, bool)>,
    unanswered: bool,
}

#[derive(Template)]
#[template(path = "guidance_fill.html")]
struct FillTemplate {
    frame: Frame,
    t: &'static Texts,
    title: String,
    action: String,
    csrf_token: String,
    scale_line: String,
    labels: Vec<String>,
    progress: String,
    error: bool,
    questions: Vec<Question>,
}

/// The answers saved for each of the catalogue's definitions.
pub(crate) fn answers_for<'c>(
    catalogue: &'c Catalogue,
    saved: &[SavedAnswers],
) -> Vec<(&'c Definition, Answers)> {
    saved
        .iter()
        .filter_map(|saved| {
            let definition = catalogue.get(&saved.instrument, saved.version)?;
            let answers = parse_answers(saved.answers.as_bytes(), definition).ok()?;
            Some((definition, answers))
        })
        .collect()
}

/// `GET /min-veiledning`.
pub async fn page<S: Host>(
    page: Page,
    State(host): State<S>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyGuidance)?;
    let t = page.t;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let saved = host
        .store()
        .read_guidance(&viewer.actor, &fnr, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let catalogue = host.instruments();
    let answered = answers_for(catalogue, &saved);
    let reader = language(page.lang);
    let offered = catalogue
        .current()
        .into_iter()
        .map(|definition| {
            let n_answered = answered
                .iter()
                .find(|(known, _)| *known == definition)
                .map_or(0, |(_, answers)| answers.answered());
            let total = definition.question_count();
            Offered {
                title: definition.title.for_reader(reader).to_owned(),
                progress: fill(
                    t.guidance.progress,
                    &[("answered", &n_answered), ("total", &total)],
                ),
                href: paths::my_guidance_instrument(definition.id.as_str()),
                action: if n_answered == 0 {
                    t.guidance.start
                } else if n_answered < total {
                    t.guidance.go_on
                } else {
                    t.guidance.change
                },
                done: n_answered == total,
            }
        })
        .collect();
    let pairs: Vec<(String, String)> = query
        .as_deref()
        .and_then(|query| serde_urlencoded::from_str(query).ok())
        .unwrap_or_default();
    let saved_now = pairs.iter().any(|(key, _)| key == SAVED_PARAMETER);
    let booked_now = pairs.iter().any(|(key, _)| key == BOOKED_PARAMETER);
    let process = host
        .store()
        .guidance_process(&viewer.actor, &fnr, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let booking = match &process {
        Some(_) => None,
        None => Some(booking_form(&page, &host, &[], None).await?),
    };
    Ok(render(
        &GuidanceTemplate {
            frame: page.frame(t.guidance.heading),
            t,
            csrf_token: viewer.csrf_token.clone(),
            booking,
            process: process.map(|process| process_view(&page, None, &process, false)),
            session_error: None,
            booked_now,
            saved: saved_now,
            offered,
            profiles: profiles(t, reader, &answered),
            who_sees_me: paths::WHO_SEES_ME,
        },
        StatusCode::OK,
    ))
}

/// `GET /person/{person}/veiledning`: the profiles and sessions for a reader
/// with the guidance part (a counsellor the person booked); 404 for anyone else.
pub async fn person_page<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Person)?;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let saved = query
        .as_deref()
        .is_some_and(|query| query.contains(SAVED_PARAMETER));
    show_person(&page, &host, viewer, (&fnr, &reference), saved, None).await
}

async fn show_person<S: Host>(
    page: &Page,
    host: &S,
    viewer: &crate::host::SignedIn,
    (fnr, reference): (&Fnr, &PersonRef),
    session_saved: bool,
    session_error: Option<(u8, String)>,
) -> Result<Response, Exit> {
    let t = page.t;
    let saved = host
        .store()
        .read_guidance(&viewer.actor, fnr, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let answered = answers_for(host.instruments(), &saved);
    let process = host
        .store()
        .guidance_process(&viewer.actor, fnr, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let keeps_notes = process
        .as_ref()
        .is_some_and(|process| process.counsellor == viewer.actor.username);
    let status = if session_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(
        &PersonGuidanceTemplate {
            frame: page.frame(t.guidance.person_heading),
            t,
            csrf_token: viewer.csrf_token.clone(),
            process: process
                .map(|process| process_view(page, Some(reference), &process, keeps_notes)),
            session_saved,
            session_error,
            fnr: crate::names::label_of(page, host, &viewer.actor, fnr).await?,
            person_href: paths::person(reference),
            profiles: profiles(t, language(page.lang), &answered),
        },
        status,
    ))
}

/// `GET /min-veiledning/{instrument}`: the newest version's questions, with
/// what the person answered before.
pub async fn fill_page<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(instrument): Path<String>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyGuidance)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let catalogue = host.instruments();
    let Some(definition) = current(catalogue, &instrument) else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let saved = host
        .store()
        .read_guidance(&viewer.actor, &fnr, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let answers = answers_for(catalogue, &saved)
        .into_iter()
        .find(|(known, _)| *known == definition)
        .map_or_else(|| Answers::empty(definition), |(_, answers)| answers);
    Ok(fill_form(
        &page,
        &viewer.csrf_token,
        definition,
        &answers,
        false,
    ))
}

/// `POST /min-veiledning/{instrument}`: saves what is answered, also when
/// it is not everything.
pub async fn save<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(instrument): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyGuidance)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let Some(definition) = current(host.instruments(), &instrument) else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let document = answers_document(definition, &posted);
    let text = document.to_string();
    if parse_answers(text.as_bytes(), definition).is_err() {
        {
            let empty = Answers::empty(definition);
            let form = fill_form(&page, &viewer.csrf_token, definition, &empty, true);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, form).into_response());
        }
    }
    host.store()
        .save_answers(
            &viewer.actor,
            &fnr,
            &SavedAnswers {
                instrument: definition.id.as_str().to_owned(),
                version: definition.version,
                answers: text,
                saved_at: page.now,
            },
        )
        .await
        .map_err(|error| page.store_error(error))?;
    let href = format!(
        "{}?{SAVED_PARAMETER}={}#profil-{}",
        paths::MY_GUIDANCE,
        definition.id.as_str(),
        definition.id.as_str()
    );
    Ok(Redirect::to(&href).into_response())
}

fn current<'c>(catalogue: &'c Catalogue, id: &str) -> Option<&'c Definition> {
    catalogue
        .current()
        .into_iter()
        .find(|definition| definition.id.as_str() == id)
}

/// The contract's answers document from a posted form: `q.<item>` for a
/// scales instrument, `q.<area>.current` and `q.<area>.desired` for a
/// wheel; an empty value is not answered. Values are checked by the parser.
fn answers_document(definition: &Definition, posted: &[(String, String)]) -> Value {
    let value_of = |name: &str| -> Value {
        posted
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .and_then(|(_, value)| {
                if value.is_empty() {
                    None
                } else {
                    Some(
                        value
                            .parse::<i64>()
                            .map_or_else(|_| Value::from(value.as_str()), Value::from),
                    )
                }
            })
            .unwrap_or(Value::Null)
    };
    let mut answers = Map::new();
    match &definition.shape {
        Shape::Scales { items, .. } => {
            for item in items {
                let value = value_of(&format!("q.{}", item.id.as_str()));
                if !value.is_null() {
                    answers.insert(item.id.as_str().to_owned(), value);
                }
            }
        }
        Shape::Wheel { areas } => {
            for area in areas {
                let current = value_of(&format!("q.{}.current", area.id.as_str()));
                let desired = value_of(&format!("q.{}.desired", area.id.as_str()));
                if !current.is_null() || !desired.is_null() {
                    let mut ratings = Map::new();
                    ratings.insert("current".to_owned(), current);
                    ratings.insert("desired".to_owned(), desired);
                    answers.insert(area.id.as_str().to_owned(), Value::Object(ratings));
                }
            }
        }
    }
    serde_json::json!({
        "instrument": definition.id.as_str(),
        "version": definition.version,
        "answers": answers,
    })
}

fn fill_form(
    page: &Page,
    csrf_token: &str,
    definition: &Definition,
    answers: &Answers,
    error: bool,
) -> Response {
    let t = page.t;
    let reader = language(page.lang);
    let range = &definition.answers;
    let values: Vec<u8> = (range.min()..=range.max()).collect();
    let choices = |answer: Option<u8>| -> Vec<(u8, bool)> {
        values
            .iter()
            .map(|value| (*value, answer == Some(*value)))
            .collect()
    };
    let questions = match (&definition.shape, answers) {
        (Shape::Scales { items, .. }, Answers::Scales(given)) => items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let answer = given.get(index).copied().flatten();
                Question {
                    name: format!("q.{}", item.id.as_str()),
                    text: item.text.for_reader(reader).to_owned(),
                    choices: choices(answer),
                    unanswered: answer.is_none(),
                }
            })
            .collect(),
        (Shape::Wheel { areas }, Answers::Wheel(given)) => areas
            .iter()
            .enumerate()
            .flat_map(|(index, area)| {
                let answer = given.get(index).copied().unwrap_or_default();
                let title = area.title.for_reader(reader);
                [
                    Question {
                        name: format!("q.{}.current", area.id.as_str()),
                        text: format!("{title}: {}", t.guidance.current_label),
                        choices: choices(answer.current),
                        unanswered: answer.current.is_none(),
                    },
                    Question {
                        name: format!("q.{}.desired", area.id.as_str()),
                        text: format!("{title}: {}", t.guidance.desired_label),
                        choices: choices(answer.desired),
                        unanswered: answer.desired.is_none(),
                    },
                ]
            })
            .collect(),
        _ => Vec::new(),
    };
    let title = definition.title.for_reader(reader).to_owned();
    render(
        &FillTemplate {
            frame: page.frame(&title),
            t,
            action: paths::my_guidance_instrument(definition.id.as_str()),
            csrf_token: csrf_token.to_owned(),
            scale_line: fill(
                t.guidance.fill_scale,
                &[("min", &range.min()), ("max", &range.max())],
            ),
            labels: range
                .labels()
                .iter()
                .map(|(value, text)| format!("{value} = {}", text.for_reader(reader)))
                .collect(),
            progress: fill(
                t.guidance.fill_partial,
                &[
                    ("answered", &answers.answered()),
                    ("total", &definition.question_count()),
                ],
            ),
            title,
            error,
            questions,
        },
        if error {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
    )
}

/// Hundredths written with the reader's decimal mark.
fn decimal(hundredths: u64, lang: Language) -> String {
    let mark = if lang == Language::En { '.' } else { ',' };
    format!("{}{mark}{:02}", hundredths / 100, hundredths % 100)
}

pub(crate) fn profiles(
    t: &Texts,
    reader: Language,
    answered: &[(&Definition, Answers)],
) -> Vec<ProfileView> {
    answered
        .iter()
        .filter(|(_, answers)| answers.answered() > 0)
        .map(|(definition, answers)| profile(t, reader, definition, answers))
        .collect()
}

/// The chart's rows start below this, in the SVG's units.
const BAR_ROW: u64 = 44;

fn profile(t: &Texts, reader: Language, definition: &Definition, answers: &Answers) -> ProfileView {
    let mut view = ProfileView {
        id: definition.id.as_str().to_owned(),
        title: definition.title.for_reader(reader).to_owned(),
        scales: Vec::new(),
        bars_height: 0,
        code_line: None,
        hexagon: None,
        flow: Vec::new(),
        wheel: Vec::new(),
        gaps: Vec::new(),
        occupations: Vec::new(),
    };
    let (min, max) = (definition.answers.min(), definition.answers.max());
    match (&definition.shape, score(definition, answers)) {
        (Shape::Scales { scales, .. }, Score::Scales(result)) => {
            let title = |index: usize| {
                scales.get(index).map_or_else(String::new, |scale| {
                    scale.title.for_reader(reader).to_owned()
                })
            };
            view.scales = result
                .scales
                .iter()
                .enumerate()
                .map(|(row, scale)| {
                    let percent = scale.mean.map(|mean| mean.percent(min, max));
                    ScaleRow {
                        title: title(scale.scale),
                        score: scale.mean.map_or_else(
                            || t.guidance.too_few.to_owned(),
                            |mean| decimal(mean.hundredths(), reader),
                        ),
                        percent: percent.map_or_else(String::new, |p| format!("{p} %")),
                        answered: format!("{}/{}", scale.answered, scale.items),
                        bar: percent.unwrap_or(0) * 3,
                        bar_y: row as u64 * BAR_ROW + 20,
                        label_y: row as u64 * BAR_ROW + 14,
                    }
                })
                .collect();
            view.bars_height = scales.len() as u64 * BAR_ROW + 8;
            let ids: Vec<&str> = scales.iter().map(|scale| scale.id.as_str()).collect();
            if ids == ["R", "I", "A", "S", "E", "C"] {
                let code: String = result
                    .top
                    .iter()
                    .filter_map(|index| ids.get(*index).copied())
                    .collect();
                if !code.is_empty() {
                    view.code_line = Some(fill(t.guidance.code_line, &[("code", &code)]));
                }
                let percents: Vec<u64> = result
                    .scales
                    .iter()
                    .map(|scale| scale.mean.map_or(0, |mean| mean.percent(min, max)))
                    .collect();
                view.hexagon = Some(hexagon(&percents, &ids));
                view.occupations = interest_occupations(t, reader, &result.top, &title);
            }
            view.flow = flow_areas(definition, &result)
                .into_iter()
                .map(|area| {
                    let name = title(area.challenge);
                    let name = name
                        .split_once(':')
                        .map_or(name.as_str(), |(_, rest)| rest.trim())
                        .to_owned();
                    let state = match area.state {
                        FlowState::Thriving => t.guidance.flow_thriving,
                        FlowState::Bored => t.guidance.flow_bored,
                        FlowState::Stretched => t.guidance.flow_stretched,
                        FlowState::Low => t.guidance.flow_low,
                    };
                    (name, state)
                })
                .collect();
        }
        (Shape::Wheel { areas }, Score::Wheel(result)) => {
            let n = areas.len().max(1) as u64;
            let slot = 300 / n;
            let height = |value: u8| -> u64 {
                let span = u64::from(max - min).max(1);
                (u64::from(value.saturating_sub(min)) * 160 + span / 2) / span + 8
            };
            view.wheel = result
                .areas
                .iter()
                .enumerate()
                .map(|(index, area)| {
                    let x = 10 + index as u64 * slot;
                    let width = (slot * 6 / 10).max(4);
                    let centre = x + width / 2;
                    let show =
                        |value: Option<u8>| value.map_or_else(|| "–".to_owned(), |v| v.to_string());
                    WheelColumn {
                        number: index + 1,
                        title: areas
                            .get(area.area)
                            .map_or_else(String::new, |a| a.title.for_reader(reader).to_owned()),
                        x,
                        width,
                        centre,
                        desired: area.desired.map(|d| {
                            let h = height(d);
                            (190 - h, h)
                        }),
                        current: area.current.map(|c| 190 - height(c)),
                        current_text: show(area.current),
                        desired_text: show(area.desired),
                        gap_text: area.gap.map_or_else(|| "–".to_owned(), |g| g.to_string()),
                    }
                })
                .collect();
            view.gaps = result
                .ranked
                .iter()
                .filter_map(|index| {
                    let area = result.areas.get(*index)?;
                    let title = areas.get(*index)?.title.for_reader(reader);
                    Some(fill(
                        t.guidance.gap_line,
                        &[
                            ("area", &title),
                            ("current", &area.current?),
                            ("desired", &area.desired?),
                        ],
                    ))
                })
                .collect();
        }
        _ => {}
    }
    view
}

/// The interest hexagon: six axes, the profile as a polygon, in a
/// 320 × 300 view box centred on (160, 150).
fn hexagon(percents: &[u64], ids: &[&str]) -> Hexagon {
    const RADIUS: f64 = 100.0;
    let point = |index: usize, fraction: f64| -> (i64, i64) {
        let angle = (-90.0 + 60.0 * index as f64).to_radians();
        (
            (160.0 + RADIUS * fraction * angle.cos()).round() as i64,
            (150.0 + RADIUS * fraction * angle.sin()).round() as i64,
        )
    };
    let ring = |fraction: f64| {
        (0..6)
            .map(|index| {
                let (x, y) = point(index, fraction);
                format!("{x},{y}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let polygon = percents
        .iter()
        .enumerate()
        .map(|(index, percent)| {
            let (x, y) = point(index, (*percent as f64 / 100.0).max(0.02));
            format!("{x},{y}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let labels = ids
        .iter()
        .zip(percents)
        .enumerate()
        .map(|(index, (id, percent))| {
            let (x, y) = point(index, 1.28);
            let anchor = match x {
                x if x < 150 => "end",
                x if x > 170 => "start",
                _ => "middle",
            };
            (x, y + 5, anchor, format!("{id} {percent} %"))
        })
        .collect();
    Hexagon {
        polygon,
        grid: [0.25, 0.5, 0.75, 1.0].into_iter().map(ring).collect(),
        axes: (0..6).map(|index| point(index, 1.0)).collect(),
        labels,
    }
}

#[derive(Template)]
#[template(path = "guidance_instruments.html")]
struct InstrumentsTemplate {
    frame: Frame,
    t: &'static Texts,
    /// (title, id, version, kind, questions, file).
    loaded: Vec<(String, String, u32, &'static str, usize, String)>,
    /// (file, problem).
    refused: Vec<(String, String)>,
}

/// `GET /veiledning/kartlegginger`: what the service loaded at start, and
/// each file it refused with the field named.
pub async fn instruments_page<S: Host>(
    page: Page,
    State(host): State<S>,
) -> Result<Response, Exit> {
    page.require(PageKind::Instruments)?;
    let t = page.t;
    let reader = language(page.lang);
    let catalogue = host.instruments();
    Ok(render(
        &InstrumentsTemplate {
            frame: page.frame(t.guidance.instruments_page_heading),
            t,
            loaded: catalogue
                .sources()
                .map(|(source, definition)| {
                    (
                        definition.title.for_reader(reader).to_owned(),
                        definition.id.as_str().to_owned(),
                        definition.version,
                        definition.shape.kind(),
                        definition.question_count(),
                        source.to_owned(),
                    )
                })
                .collect(),
            refused: catalogue
                .problems()
                .iter()
                .map(|problem| (problem.source.clone(), problem.message.clone()))
                .collect(),
        },
        StatusCode::OK,
    ))
}

/// A date as a form sends it (see [`crate::dates`]).
fn parse_day(text: &str) -> Option<NaiveDate> {
    crate::dates::parse_date(text)
}

fn value_in<'p>(posted: &'p [(String, String)], name: &str) -> &'p str {
    posted
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

/// The booking form with the centres' counsellors, keeping what was sent.
async fn booking_form<S: Host>(
    page: &Page,
    host: &S,
    posted: &[(String, String)],
    error: Option<String>,
) -> Result<BookingForm, Exit> {
    let t = page.t;
    let centres = host
        .store()
        .list_centres()
        .await
        .map_err(|error| page.store_error(error))?;
    let chosen = value_in(posted, "counsellor");
    let counsellors = centres
        .iter()
        .flat_map(|centre| {
            centre.counsellors.iter().map(move |username| {
                let value = format!("{}:{username}", centre.orgnr);
                let label = fill(
                    t.guidance.book_counsellor_option,
                    &[("centre", &centre.name), ("counsellor", username)],
                );
                let is_chosen = value == chosen;
                (value, label, is_chosen)
            })
        })
        .collect();
    let shared: Vec<&str> = posted
        .iter()
        .filter(|(key, _)| key == "share")
        .map(|(_, value)| value.as_str())
        .collect();
    let first = value_in(posted, "first_session");
    Ok(BookingForm {
        action: paths::MY_GUIDANCE_BOOK,
        counsellors,
        shares: crate::who_sees_me::offered_choices(t)
            .into_iter()
            .map(|(value, sentence)| (value, sentence, shared.contains(&value)))
            .collect(),
        wish: value_in(posted, "wish").to_owned(),
        first_session: if first.is_empty() {
            page.today
                .checked_add_days(Days::new(FIRST_SESSION_AFTER_DAYS))
                .map_or_else(String::new, |date| date.format("%d.%m.%Y").to_string())
        } else {
            first.to_owned()
        },
        error,
    })
}

/// `POST /min-veiledning/bestill`: the person books guidance.
pub async fn book<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyGuidance)?;
    let t = page.t;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let refuse = |message: &str| message.to_owned();
    let chosen = value_in(&posted, "counsellor");
    let parsed = chosen
        .split_once(':')
        .and_then(|(orgnr, username)| Some((Orgnr::parse(orgnr).ok()?, username.to_owned())))
        .ok_or_else(|| refuse(t.guidance.book_choose_error))
        .and_then(|(centre, counsellor)| {
            let first = parse_day(value_in(&posted, "first_session"))
                .filter(|date| *date >= page.today)
                .ok_or_else(|| refuse(t.guidance.book_date_error))?;
            let share = Share::of(
                posted
                    .iter()
                    .filter(|(key, _)| key == "share")
                    .filter_map(|(_, value)| Category::parse(value)),
            );
            let wish: String = value_in(&posted, "wish")
                .chars()
                .take(WISH_MAX_CHARS)
                .collect();
            Ok(NewBooking {
                centre,
                counsellor,
                share,
                wish,
                first_session: first,
            })
        });
    let booking = match parsed {
        Ok(booking) => booking,
        Err(message) => return again(&page, &host, viewer, &posted, message).await,
    };
    match host
        .store()
        .book_guidance(&viewer.actor, &fnr, &booking, page.now)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "{}?{BOOKED_PARAMETER}=1#samtaler",
            paths::MY_GUIDANCE
        ))
        .into_response()),
        Err(StoreError::Invalid { .. }) => {
            again(
                &page,
                &host,
                viewer,
                &posted,
                t.guidance.book_choose_error.to_owned(),
            )
            .await
        }
        Err(error) => Err(page.store_error(error).into()),
    }
}

/// The longest wish a booking keeps.
const WISH_MAX_CHARS: usize = 2000;

/// The worker's page again with the booking form's error and what was typed.
async fn again<S: Host>(
    page: &Page,
    host: &S,
    viewer: &crate::host::SignedIn,
    posted: &[(String, String)],
    message: String,
) -> Result<Response, Exit> {
    let t = page.t;
    let form = booking_form(page, host, posted, Some(message)).await?;
    Ok(render(
        &GuidanceTemplate {
            frame: page.frame(t.guidance.heading),
            t,
            csrf_token: viewer.csrf_token.clone(),
            booking: Some(form),
            process: None,
            session_error: None,
            booked_now: false,
            saved: false,
            offered: Vec::new(),
            profiles: Vec::new(),
            who_sees_me: paths::WHO_SEES_ME,
        },
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

fn purpose_text(t: &Texts, purpose: SessionPurpose) -> &'static str {
    match purpose {
        SessionPurpose::Mapping => t.guidance.session_mapping,
        SessionPurpose::Profiles => t.guidance.session_profiles,
        SessionPurpose::GapAndPlan => t.guidance.session_gap_and_plan,
        SessionPurpose::FollowUp => t.guidance.session_follow_up,
    }
}

/// `reference`: the person's, for the counsellor's forms; `None` on the
/// person's own page.
fn process_view(
    page: &Page,
    reference: Option<&PersonRef>,
    process: &GuidanceProcess,
    counsellor: bool,
) -> ProcessView {
    let t = page.t;
    let count = u8::try_from(process.sessions.len()).unwrap_or(u8::MAX);
    let g = &t.guidance;
    ProcessView {
        heading: if counsellor {
            g.sessions_heading_counsellor
        } else {
            g.sessions_heading
        },
        wish_label: if counsellor {
            g.their_wish
        } else {
            g.your_wish
        },
        private_line: if counsellor {
            g.notes_private_counsellor
        } else {
            g.notes_private
        },
        with_whom: fill(
            t.guidance.booked_with,
            &[
                ("counsellor", &process.counsellor),
                ("centre", &process.centre_name),
            ],
        ),
        wish: process.wish.clone(),
        sessions: process
            .sessions
            .iter()
            .map(|record| {
                let session = &record.session;
                SessionView {
                    number: session.number,
                    heading: fill(t.guidance.session_heading, &[("number", &session.number)]),
                    purpose: purpose_text(t, SessionPurpose::of(session.number, count)),
                    planned: match session.held_on {
                        Some(held) => {
                            fill(t.guidance.session_held_on, &[("date", &date_long(t, held))])
                        }
                        None => fill(
                            t.guidance.session_planned_on,
                            &[("date", &date_long(t, session.planned_on))],
                        ),
                    },
                    held: session.held_on.is_some(),
                    note: record.note.clone(),
                    before_next: record.before_next.clone(),
                    planned_value: session.planned_on.format("%d.%m.%Y").to_string(),
                    held_value: session
                        .held_on
                        .map_or_else(String::new, |date| date.format("%d.%m.%Y").to_string()),
                    action: match reference {
                        Some(reference) if counsellor => {
                            paths::person_guidance_session(reference, session.number)
                        }
                        _ => String::new(),
                    },
                }
            })
            .collect(),
    }
}

/// `POST /person/{person}/veiledning/samtale/{number}`: the booking's
/// counsellor plans a session, marks it held and writes its notes.
pub async fn save_session<S: Host>(
    page: Page,
    State(host): State<S>,
    Path((fnr, number)): Path<(String, String)>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Person)?;
    let t = page.t;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let Ok(number) = number.parse::<u8>() else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let planned = parse_day(value_in(&posted, "planned_on"));
    let held_text = value_in(&posted, "held_on");
    let held = if held_text.trim().is_empty() {
        Ok(None)
    } else {
        parse_day(held_text).map(Some).ok_or(())
    };
    let record = match (planned, held) {
        (Some(planned_on), Ok(held_on)) if held_on.is_none_or(|held| held <= page.today) => {
            SessionRecord {
                session: Session {
                    number,
                    planned_on,
                    held_on,
                },
                note: value_in(&posted, "note")
                    .chars()
                    .take(NOTE_MAX_CHARS)
                    .collect(),
                before_next: value_in(&posted, "before_next")
                    .chars()
                    .take(NOTE_MAX_CHARS)
                    .collect(),
            }
        }
        _ => {
            let message = t.guidance.session_date_error.to_owned();
            return show_person(
                &page,
                &host,
                viewer,
                (&fnr, &reference),
                false,
                Some((number, message)),
            )
            .await;
        }
    };
    match host
        .store()
        .save_session(&viewer.actor, &fnr, &record, page.today, page.now)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "{}?{SAVED_PARAMETER}=samtale#samtale-{number}",
            paths::person_guidance(&reference)
        ))
        .into_response()),
        Err(StoreError::Invalid { .. }) => Err(page.error(StatusCode::NOT_FOUND).into()),
        Err(error) => Err(page.store_error(error).into()),
    }
}

/// The longest note or "before next time" a session keeps.
const NOTE_MAX_CHARS: usize = 10_000;
