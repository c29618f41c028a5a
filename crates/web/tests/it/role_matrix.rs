//! The whole access matrix, as one table: every API route against every
//! role, each role both tied to the person and not, and the counsellor and
//! job specialist without consent, with a consent per purpose sharing each
//! category, and after its withdrawal. A caller who may not see the person
//! gets exactly the answer a nonexistent person gets. A second table does
//! the same for the pages of one's own (the sessions page, each role's
//! main page).

use axum::http::{Method, StatusCode};
use tilbake_domain::access::consent::Category;
use tilbake_domain::access::Role;

use crate::{spawn_app, Caller, TestApp, EMPLOYER, OTHER_PERSON, PERSON};

/// A valid identity number that no document names.
const NOBODY: &str = "02459010028";
const OTHER_EMPLOYER: &str = "974760673";

/// The accounts, as (username, role, tied to). `_in` callers are tied to
/// the person (or consented to by them, per scenario), `_out` ones not.
const USERS: [(&str, Role, &str); 16] = [
    ("caseworker_in", Role::Caseworker, "0301"),
    ("caseworker_out", Role::Caseworker, "4444"),
    ("manager_in", Role::Manager, EMPLOYER),
    ("manager_out", Role::Manager, OTHER_EMPLOYER),
    ("worker_self", Role::Worker, PERSON),
    ("worker_other", Role::Worker, OTHER_PERSON),
    ("dr-berg", Role::Gp, ""),
    ("dr-lie", Role::Gp, ""),
    ("counsellor_in", Role::Counsellor, ""),
    ("counsellor_out", Role::Counsellor, ""),
    ("specialist_in", Role::JobSpecialist, ""),
    ("specialist_out", Role::JobSpecialist, ""),
    ("admin", Role::Admin, ""),
    // The method supervisor of a Supported Employment provider: sees no
    // person through any route, whatever is consented.
    ("supervisor", Role::SeSupervisor, OTHER_EMPLOYER),
    // Only granted and withdrawn by the matrix' consent routes.
    ("spare_specialist", Role::JobSpecialist, ""),
    ("spare_counsellor", Role::Counsellor, ""),
];

/// The statutory parties that see the person without consent.
const STATUTORY: [&str; 5] = [
    "system",
    "caseworker_in",
    "manager_in",
    "worker_self",
    "dr-berg",
];
/// The readers that see the person only while a consent to them stands.
const CONSENTED: [&str; 2] = ["counsellor_in", "specialist_in"];

/// What a caller gets on a route.
#[derive(Clone, Copy, Debug)]
enum Rule {
    /// This answer, whatever the consents.
    Gets(StatusCode),
    /// This answer while a consent to the caller stands (and shares
    /// `needs`, when given); else 404, as for a nonexistent person.
    WhileConsented {
        needs: Option<Category>,
        gets: StatusCode,
    },
}

use Rule::{Gets, WhileConsented};

/// One route of the table: its callers' answers, and what everyone else
/// (but an anonymous caller, always 401) gets.
struct Row {
    name: &'static str,
    method: Method,
    /// `{fnr}` is the person, `{caller}` the caller's name (unique ids).
    path: &'static str,
    body: Option<&'static str>,
    rules: Vec<(&'static [&'static str], Rule)>,
    otherwise: StatusCode,
}

const NAV_TASK: &str = "2024-04-01:prepare_dialogue_meeting_2";
const EMPLOYER_TASK: &str = "2024-04-01:follow_up_plan";

/// The table: every API route that is about a person or takes a
/// person's data, and who gets what.
fn table() -> Vec<Row> {
    const OK: StatusCode = StatusCode::OK;
    const CREATED: StatusCode = StatusCode::CREATED;
    const NO_CONTENT: StatusCode = StatusCode::NO_CONTENT;
    const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;
    const NOT_FOUND: StatusCode = StatusCode::NOT_FOUND;
    // A party that sees the person but whose role may not do this.
    let sees_but_may_not =
        |callers: &'static [&'static str]| -> Vec<(&'static [&'static str], Rule)> {
            vec![
                (callers, Gets(FORBIDDEN)),
                (
                    &CONSENTED,
                    WhileConsented {
                        needs: None,
                        gets: FORBIDDEN,
                    },
                ),
            ]
        };
    let with = |mut rules: Vec<(&'static [&'static str], Rule)>, rule| {
        rules.insert(0, rule);
        rules
    };
    vec![
        Row {
            name: "read followup",
            method: Method::GET,
            path: "/api/v1/persons/{fnr}/followup",
            body: None,
            rules: vec![
                (&STATUTORY, Gets(OK)),
                (
                    &CONSENTED,
                    WhileConsented {
                        needs: Some(Category::Followup),
                        gets: OK,
                    },
                ),
            ],
            otherwise: NOT_FOUND,
        },
        Row {
            name: "read documents",
            method: Method::GET,
            path: "/api/v1/persons/{fnr}/documents",
            body: None,
            rules: vec![
                (&STATUTORY, Gets(OK)),
                (
                    &CONSENTED,
                    WhileConsented {
                        needs: None,
                        gets: OK,
                    },
                ),
            ],
            otherwise: NOT_FOUND,
        },
        Row {
            name: "read audit log",
            method: Method::GET,
            path: "/api/v1/persons/{fnr}/audit",
            body: None,
            rules: vec![(&["worker_self"], Gets(OK))],
            otherwise: NOT_FOUND,
        },
        Row {
            name: "list consents",
            method: Method::GET,
            path: "/api/v1/persons/{fnr}/consents",
            body: None,
            rules: vec![(&["worker_self"], Gets(OK))],
            otherwise: NOT_FOUND,
        },
        Row {
            name: "grant consent",
            method: Method::POST,
            path: "/api/v1/persons/{fnr}/consents/spare_specialist",
            body: None,
            rules: vec![(&["worker_self"], Gets(CREATED))],
            otherwise: NOT_FOUND,
        },
        Row {
            name: "grant consent for a purpose and categories",
            method: Method::POST,
            path: "/api/v1/persons/{fnr}/consents/spare_counsellor",
            body: Some(r#"{"purpose": "guidance", "share": ["followup"]}"#),
            rules: vec![(&["worker_self"], Gets(CREATED))],
            otherwise: NOT_FOUND,
        },
        Row {
            name: "withdraw consent",
            method: Method::DELETE,
            path: "/api/v1/persons/{fnr}/consents/spare_specialist",
            body: None,
            rules: vec![(&["worker_self"], Gets(NO_CONTENT))],
            otherwise: NOT_FOUND,
        },
        Row {
            name: "decide NAV task",
            method: Method::POST,
            path: "/api/v1/persons/{fnr}/tasks/2024-04-01:prepare_dialogue_meeting_2",
            body: Some(r#"{"state": "not_needed", "reason": "matrix test"}"#),
            rules: with(
                sees_but_may_not(&["system", "manager_in", "worker_self", "dr-berg"]),
                (&["caseworker_in"], Gets(OK)),
            ),
            otherwise: NOT_FOUND,
        },
        // Only its assessment closes the activity requirement: NAV's own
        // caseworker is told so (422); everyone else as for any NAV task.
        Row {
            name: "decide the activity requirement",
            method: Method::POST,
            path: "/api/v1/persons/{fnr}/tasks/2024-04-01:activity_requirement",
            body: Some(r#"{"state": "done", "reason": "matrix test"}"#),
            rules: with(
                sees_but_may_not(&["system", "manager_in", "worker_self", "dr-berg"]),
                (&["caseworker_in"], Gets(StatusCode::UNPROCESSABLE_ENTITY)),
            ),
            otherwise: NOT_FOUND,
        },
        Row {
            name: "decide employer task",
            method: Method::POST,
            path: "/api/v1/persons/{fnr}/tasks/2024-04-01:follow_up_plan",
            body: Some(r#"{"state": "done", "reason": "matrix test"}"#),
            rules: with(
                sees_but_may_not(&["system", "caseworker_in", "worker_self", "dr-berg"]),
                (&["manager_in"], Gets(OK)),
            ),
            otherwise: NOT_FOUND,
        },
        Row {
            name: "set address protection",
            method: Method::PUT,
            path: "/api/v1/persons/{fnr}/address-protection",
            body: Some(r#"{"protection": "none"}"#),
            rules: with(
                sees_but_may_not(&["caseworker_in", "manager_in", "worker_self", "dr-berg"]),
                (&["system"], Gets(NO_CONTENT)),
            ),
            otherwise: NOT_FOUND,
        },
        Row {
            name: "work queue",
            method: Method::GET,
            path: "/api/v1/tasks",
            body: None,
            rules: vec![(
                &[
                    "caseworker_in",
                    "caseworker_out",
                    "manager_in",
                    "manager_out",
                ],
                Gets(OK),
            )],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "statistics",
            method: Method::GET,
            path: "/api/v1/statistics?quarter=2024Q1&by=unit",
            body: None,
            rules: vec![(&["caseworker_in", "caseworker_out"], Gets(OK))],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "event feed",
            method: Method::GET,
            path: "/api/v1/events?after=0&limit=10",
            body: None,
            // Everyone who sees persons reads the feed (each event as
            // their own view shows it); the admin sees no person.
            rules: vec![(
                &[
                    "system",
                    "caseworker_in",
                    "caseworker_out",
                    "manager_in",
                    "manager_out",
                    "worker_self",
                    "worker_other",
                    "dr-berg",
                    "dr-lie",
                    "counsellor_in",
                    "counsellor_out",
                    "specialist_in",
                    "specialist_out",
                    "spare_specialist",
                    "spare_counsellor",
                ],
                Gets(OK),
            )],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "register a webhook",
            method: Method::POST,
            path: "/api/v1/webhooks",
            body: Some(r#"{"owner": "employer:974760673", "url": "http://127.0.0.1:9/{caller}"}"#),
            rules: vec![(&["system", "admin"], Gets(CREATED))],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "list webhooks",
            method: Method::GET,
            path: "/api/v1/webhooks",
            body: None,
            rules: vec![(&["system", "admin"], Gets(OK))],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "a webhook's delivery log",
            method: Method::GET,
            path: "/api/v1/webhooks/999999/deliveries",
            body: None,
            rules: vec![(&["system", "admin"], Gets(NOT_FOUND))],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "send meeting 1 (the manager's)",
            method: Method::POST,
            path: "/api/v1/documents",
            body: Some(
                r#"{"kind": "meeting_held", "id": "m1-{caller}", "person": "{fnr}", "meeting": 1, "date": "2024-05-15"}"#,
            ),
            rules: vec![
                (&["system", "manager_in"], Gets(CREATED)),
                (&["manager_out"], Gets(NOT_FOUND)),
            ],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "send meeting 2 (NAV's)",
            method: Method::POST,
            path: "/api/v1/documents",
            body: Some(
                r#"{"kind": "meeting_held", "id": "m2-{caller}", "person": "{fnr}", "meeting": 2, "date": "2024-05-15"}"#,
            ),
            rules: vec![
                (&["system", "caseworker_in"], Gets(CREATED)),
                (&["caseworker_out"], Gets(NOT_FOUND)),
            ],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "send an early session (NAV's)",
            method: Method::POST,
            path: "/api/v1/documents",
            body: Some(
                r#"{"kind": "early_session", "id": "es-{caller}", "person": "{fnr}", "session": 1, "date": "2024-07-01", "minutes": 45, "topics": [{"topic": "work_situation", "note": "Jobber litt"}]}"#,
            ),
            rules: vec![
                (&["system", "caseworker_in"], Gets(CREATED)),
                (&["caseworker_out"], Gets(NOT_FOUND)),
            ],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "send a work-ability assessment (NAV's)",
            method: Method::POST,
            path: "/api/v1/documents",
            body: Some(
                r#"{"kind": "work_ability_assessment", "id": "wa-{caller}", "person": "{fnr}", "date": "2024-07-01", "functional_ability": "f", "conclusion": "c", "weighings": [{"factor": "health", "weight": "limitation", "reasons": "r"}, {"factor": "education", "weight": "resource", "reasons": "r"}, {"factor": "skills", "weight": "resource", "reasons": "r"}, {"factor": "experience", "weight": "both", "reasons": "r"}, {"factor": "life_situation", "weight": "resource", "reasons": "r"}]}"#,
            ),
            rules: vec![
                (&["system", "caseworker_in"], Gets(CREATED)),
                (&["caseworker_out"], Gets(NOT_FOUND)),
            ],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "send an addition to the work-ability assessment (the GP's)",
            method: Method::POST,
            path: "/api/v1/documents",
            body: Some(
                r#"{"kind": "work_ability_addition", "id": "wg-{caller}", "person": "{fnr}", "assessment": "wa-seed", "date": "2024-07-02", "text": "Fastlegen legger til."}"#,
            ),
            rules: vec![
                (&["system", "dr-berg"], Gets(CREATED)),
                (&["dr-lie"], Gets(NOT_FOUND)),
            ],
            otherwise: FORBIDDEN,
        },
        Row {
            name: "send a document naming a unit",
            method: Method::POST,
            path: "/api/v1/documents",
            body: Some(
                r#"{"kind": "meeting_held", "id": "u-{caller}", "person": "{fnr}", "meeting": 2, "date": "2024-05-15", "unit": "0301"}"#,
            ),
            rules: vec![(&["system"], Gets(CREATED))],
            otherwise: FORBIDDEN,
        },
    ]
}

/// The consents the person has given when the table is checked.
#[derive(Clone, Copy, Debug)]
enum Consents {
    Never,
    /// To `counsellor_in` for guidance and to `specialist_in` for
    /// Supported Employment, sharing this category (and their own).
    Sharing(Option<Category>),
    /// Given sharing everything, then withdrawn.
    Withdrawn,
}

impl Consents {
    fn stands_sharing(self, needs: Option<Category>, caller: &str) -> bool {
        let own = match caller {
            "counsellor_in" => Category::Guidance,
            "specialist_in" => Category::SupportedEmployment,
            _ => return false,
        };
        match self {
            Consents::Never | Consents::Withdrawn => false,
            Consents::Sharing(shared) => {
                needs.is_none_or(|needs| needs == own || Some(needs) == shared)
            }
        }
    }

    /// Whether the caller sees the person at all.
    fn sees(self, caller: &str) -> bool {
        STATUTORY.contains(&caller) || self.stands_sharing(None, caller)
    }
}

fn expected(row: &Row, caller: &str, consents: Consents) -> StatusCode {
    if caller == "anonymous" {
        return StatusCode::UNAUTHORIZED;
    }
    let rule = row
        .rules
        .iter()
        .find(|(callers, _)| callers.contains(&caller))
        .map(|(_, rule)| *rule);
    match rule {
        None => row.otherwise,
        Some(Gets(status)) => status,
        Some(WhileConsented { needs, gets }) => {
            if consents.stands_sharing(needs, caller) {
                gets
            } else {
                StatusCode::NOT_FOUND
            }
        }
    }
}

/// The person's certificate: open on 2024-06-01 (the test clock), long enough
/// for employer and NAV tasks, signed by GP `dr-berg`, at unit 0301.
fn certificate_with_gp() -> String {
    format!(
        r#"{{"kind": "sick_leave", "id": "s1", "person": "{PERSON}", "from": "2024-04-01", "to": "2024-07-31",
            "grade": 100, "employer": "{EMPLOYER}", "unit": "0301", "gp": "dr-berg",
            "diagnosis": {{"system": "ICPC-2", "code": "L03"}}}}"#
    )
}

/// An early session and a work-ability assessment (`wa-seed`) about the
/// person, for the GP's addition and the reads of who sees them.
fn seeded_case_work() -> [String; 2] {
    [
        format!(
            r#"{{"kind": "early_session", "id": "es-seed", "person": "{PERSON}", "session": 1,
                "date": "2024-07-01", "minutes": 40,
                "topics": [{{"topic": "treatment", "note": "Early-session-note"}}]}}"#
        ),
        format!(
            r#"{{"kind": "work_ability_assessment", "id": "wa-seed", "person": "{PERSON}",
                "date": "2024-07-01", "functional_ability": "Assessment-text", "conclusion": "c",
                "weighings": [{{"factor": "health", "weight": "limitation", "reasons": "r"}},
                    {{"factor": "education", "weight": "resource", "reasons": "r"}},
                    {{"factor": "skills", "weight": "resource", "reasons": "r"}},
                    {{"factor": "experience", "weight": "both", "reasons": "r"}},
                    {{"factor": "life_situation", "weight": "resource", "reasons": "r"}}]}}"#
        ),
    ]
}

async fn arrange(consents: Consents) -> (TestApp, Vec<(&'static str, Caller)>) {
    let app = spawn_app().await;
    let system = app.system_token().await;
    app.post_document(&system, &certificate_with_gp()).await;
    for document in seeded_case_work() {
        app.post_document(&system, &document).await;
    }
    for (username, role, tied_to) in USERS {
        app.add_user(username, role, tied_to).await;
    }
    let worker = app.session("worker_self").await;
    let grant_to = |username: &'static str, purpose: &'static str, share: Vec<&'static str>| {
        let app = &app;
        let worker = &worker;
        async move {
            let body = serde_json::json!({"purpose": purpose, "share": share}).to_string();
            let answer = app
                .send_as(
                    worker,
                    Method::POST,
                    &format!("/api/v1/persons/{PERSON}/consents/{username}"),
                    Some(&body),
                )
                .await;
            assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        }
    };
    match consents {
        Consents::Never => {}
        Consents::Sharing(category) => {
            let share: Vec<&str> = category.iter().map(|category| category.as_str()).collect();
            grant_to("counsellor_in", "guidance", share.clone()).await;
            grant_to("specialist_in", "supported_employment", share).await;
        }
        Consents::Withdrawn => {
            let everything: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
            grant_to("counsellor_in", "guidance", everything.clone()).await;
            grant_to("specialist_in", "supported_employment", everything).await;
            for username in CONSENTED {
                let answer = app
                    .send_as(
                        &worker,
                        Method::DELETE,
                        &format!("/api/v1/persons/{PERSON}/consents/{username}"),
                        None,
                    )
                    .await;
                assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
            }
        }
    }

    let mut callers = vec![
        ("anonymous", Caller::Anonymous),
        ("system", Caller::Token(system)),
    ];
    for (username, _, _) in USERS {
        if !username.starts_with("spare_") {
            callers.push((username, app.session(username).await));
        }
    }
    (app, callers)
}

fn fill(template: &str, person: &str, caller: &str) -> String {
    template
        .replace("{fnr}", person)
        .replace("{caller}", caller)
}

/// Checks every row of the table against every caller, and that each 404
/// (and every answer to a caller who does not see the person) is exactly
/// the answer for a person who does not exist.
async fn check_the_table(consents: Consents) {
    let (app, callers) = arrange(consents).await;
    let mut wrong = Vec::new();
    for row in table() {
        for (caller_name, caller) in &callers {
            let path = fill(row.path, PERSON, caller_name);
            let body = row.body.map(|body| fill(body, PERSON, caller_name));
            let answer = app
                .send_as(caller, row.method.clone(), &path, body.as_deref())
                .await;
            let expected = expected(&row, caller_name, consents);
            if answer.status != expected {
                wrong.push(format!(
                    "{} as {caller_name}: {} (expected {expected}) {}",
                    row.name, answer.status, answer.text
                ));
            }
            assert_ne!(
                answer.status,
                StatusCode::INTERNAL_SERVER_ERROR,
                "{} as {caller_name}: {}",
                row.name,
                answer.text
            );
            let about_the_person = row.path.contains("{fnr}");
            if answer.status == StatusCode::NOT_FOUND
                || (about_the_person && !consents.sees(caller_name))
            {
                // Exactly as for a person who does not exist.
                let nobody_path = fill(row.path, NOBODY, caller_name);
                let nobody_body = row.body.map(|body| fill(body, NOBODY, caller_name));
                let nobody = app
                    .send_as(
                        caller,
                        row.method.clone(),
                        &nobody_path,
                        nobody_body.as_deref(),
                    )
                    .await;
                if (nobody.status, &nobody.text) != (answer.status, &answer.text) {
                    wrong.push(format!(
                        "{} as {caller_name}: a hidden person ({} {}) differs from a nonexistent one ({} {})",
                        row.name, answer.status, answer.text, nobody.status, nobody.text
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{consents:?}: unexpected answers:\n{}",
        wrong.join("\n")
    );
}

#[tokio::test]
async fn every_route_against_every_role_without_any_consent() {
    check_the_table(Consents::Never).await;
}

#[tokio::test]
async fn every_route_against_every_role_with_consents_sharing_only_their_purpose() {
    check_the_table(Consents::Sharing(None)).await;
}

#[tokio::test]
async fn every_route_against_every_role_with_consents_sharing_the_followup() {
    check_the_table(Consents::Sharing(Some(Category::Followup))).await;
}

#[tokio::test]
async fn every_route_against_every_role_with_consents_sharing_the_certificates() {
    check_the_table(Consents::Sharing(Some(Category::Certificates))).await;
}

#[tokio::test]
async fn every_route_against_every_role_with_consents_sharing_the_casework() {
    check_the_table(Consents::Sharing(Some(Category::Casework))).await;
}

#[tokio::test]
async fn every_route_against_every_role_with_consents_sharing_the_other_purpose_s_category() {
    check_the_table(Consents::Sharing(Some(Category::Guidance))).await;
    check_the_table(Consents::Sharing(Some(Category::SupportedEmployment))).await;
}

#[tokio::test]
async fn every_route_against_every_role_after_the_consents_are_withdrawn() {
    check_the_table(Consents::Withdrawn).await;
}

#[tokio::test]
async fn a_diagnosis_and_the_certificates_reach_only_whom_the_policy_lets_see_them() {
    for consents in [
        Consents::Sharing(Some(Category::Certificates)),
        Consents::Sharing(Some(Category::Followup)),
    ] {
        let (app, callers) = arrange(consents).await;
        for (caller_name, caller) in &callers {
            // Act
            let answer = app
                .send_as(
                    caller,
                    Method::GET,
                    &format!("/api/v1/persons/{PERSON}/documents"),
                    None,
                )
                .await;
            if answer.status != StatusCode::OK {
                assert!(
                    !consents.sees(caller_name),
                    "{caller_name}: {}",
                    answer.text
                );
                continue;
            }

            // Assert
            let has_diagnosis = answer.text.contains("L03");
            let may = matches!(*caller_name, "caseworker_in" | "worker_self" | "dr-berg");
            assert_eq!(has_diagnosis, may, "{caller_name}: {}", answer.text);
            let lists_certificate = answer.text.contains("sick_leave");
            let may_see_certificates = STATUTORY.contains(caller_name)
                || consents.stands_sharing(Some(Category::Certificates), caller_name);
            assert_eq!(
                lists_certificate, may_see_certificates,
                "{consents:?} {caller_name}: {}",
                answer.text
            );
        }
    }
}

#[tokio::test]
async fn early_sessions_and_the_work_ability_assessment_reach_only_whom_the_policy_lets_see_them() {
    // Even with the case work shared, a counsellor or job specialist sees neither.
    let consents = Consents::Sharing(Some(Category::Casework));
    let (app, callers) = arrange(consents).await;
    for (caller_name, caller) in &callers {
        // Act
        let answer = app
            .send_as(
                caller,
                Method::GET,
                &format!("/api/v1/persons/{PERSON}/documents"),
                None,
            )
            .await;
        if answer.status != StatusCode::OK {
            assert!(
                !consents.sees(caller_name),
                "{caller_name}: {}",
                answer.text
            );
            continue;
        }

        // Assert: the early session as NAV's notes (NAV, the person and
        // NAV's systems); the assessment as health data (NAV, the person and
        // the GP; not a system client's reads, as a diagnosis).
        let sees_session = answer.text.contains("Early-session-note");
        assert_eq!(
            sees_session,
            matches!(*caller_name, "caseworker_in" | "worker_self" | "system"),
            "{caller_name}: {}",
            answer.text
        );
        let sees_assessment = answer.text.contains("Assessment-text");
        assert_eq!(
            sees_assessment,
            matches!(*caller_name, "caseworker_in" | "worker_self" | "dr-berg"),
            "{caller_name}: {}",
            answer.text
        );
    }
}

#[tokio::test]
async fn the_work_queue_shows_tasks_only_to_the_person_s_own_caseworker_and_manager() {
    let (app, callers) = arrange(Consents::Sharing(Some(Category::Followup))).await;
    for (caller_name, caller) in &callers {
        // Act
        let answer = app
            .send_as(caller, Method::GET, "/api/v1/tasks", None)
            .await;
        if answer.status != StatusCode::OK {
            continue;
        }

        // Assert
        let n_tasks = answer.json()["tasks"].as_array().unwrap().len();
        let sees_some = matches!(*caller_name, "caseworker_in" | "manager_in");
        assert_eq!(
            n_tasks > 0,
            sees_some,
            "tasks as {caller_name}: {}",
            answer.text
        );
    }
}

#[test]
fn the_table_names_only_callers_that_exist_and_its_tasks_are_the_case_s() {
    let names: Vec<&str> = USERS.iter().map(|(name, _, _)| *name).collect();
    for row in table() {
        for (callers, _) in &row.rules {
            for caller in *callers {
                assert!(
                    *caller == "system" || names.contains(caller),
                    "{}: {caller}",
                    row.name
                );
            }
        }
    }
    assert!(table().iter().any(|row| row.path.ends_with(NAV_TASK)));
    assert!(table().iter().any(|row| row.path.ends_with(EMPLOYER_TASK)));
}

/// The pages that are about the signed-in user rather than a person, as
/// (name, path, the callers that open it). Everyone else signed in gets
/// 403; the anonymous and a system client (pages take no API token) are
/// sent to sign in.
fn page_table() -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    let everyone_signed_in: Vec<&'static str> = USERS
        .iter()
        .map(|(name, _, _)| *name)
        .filter(|name| !name.starts_with("spare_"))
        .collect();
    vec![
        ("my sessions", "/innlogginger", everyone_signed_in),
        (
            "work queue",
            "/benken",
            vec!["caseworker_in", "caseworker_out"],
        ),
        (
            "my sick leave",
            "/min-sykmelding",
            vec!["worker_self", "worker_other"],
        ),
        (
            "my employees",
            "/mine-sykmeldte",
            vec!["manager_in", "manager_out"],
        ),
        ("patients", "/pasienter", vec!["dr-berg", "dr-lie"]),
        (
            "my sessions and work ability",
            "/min-sykmelding/arbeidsevne",
            vec!["worker_self", "worker_other"],
        ),
        (
            "the unit's settings",
            "/enhet/innstillinger",
            vec!["caseworker_in", "caseworker_out"],
        ),
        (
            "my persons",
            "/mine-personer",
            vec![
                "counsellor_in",
                "counsellor_out",
                "specialist_in",
                "specialist_out",
            ],
        ),
        (
            "my supported employment",
            "/min-sykmelding/arbeid-med-bistand",
            vec!["worker_self", "worker_other"],
        ),
        (
            "job specialist's caseload",
            "/arbeid-med-bistand",
            vec!["specialist_in", "specialist_out"],
        ),
        (
            "employer register",
            "/arbeidsgivere",
            vec!["specialist_in", "specialist_out", "supervisor"],
        ),
        (
            "supported employment team",
            "/arbeid-med-bistand/team",
            vec!["supervisor"],
        ),
    ]
}

#[tokio::test]
async fn every_page_of_one_s_own_against_every_role() {
    let (app, callers) = arrange(Consents::Never).await;
    let mut wrong = Vec::new();
    for (name, path, opens) in page_table() {
        for (caller_name, caller) in &callers {
            let answer = app.send_as(caller, Method::GET, path, None).await;
            let expected = match *caller_name {
                "anonymous" | "system" => StatusCode::SEE_OTHER,
                caller_name if opens.contains(&caller_name) => StatusCode::OK,
                _ => StatusCode::FORBIDDEN,
            };
            if answer.status != expected {
                wrong.push(format!(
                    "{name} as {caller_name}: {} (expected {expected})",
                    answer.status
                ));
            }
            if expected == StatusCode::SEE_OTHER {
                // The sign-in page, leading back to this page afterwards.
                let back = tilbake_ui::login_href(path);
                assert_eq!(
                    answer.headers[axum::http::header::LOCATION],
                    back.as_str(),
                    "{name} as {caller_name}"
                );
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "unexpected answers:\n{}",
        wrong.join("\n")
    );
}

#[tokio::test]
async fn the_person_page_names_the_person_to_every_reader_and_shows_the_address_only_to_some() {
    // Arrange: the register names the person; consents stand.
    let (app, callers) = arrange(Consents::Sharing(Some(Category::Followup))).await;
    let system = app.system_token().await;
    app.post_document(
        &system,
        &format!(
            r#"{{"kind": "population_register", "id": "r1", "person": "{PERSON}",
                "given_name": "Kari", "family_name": "Nordmann", "street": "Storgata 1",
                "postcode": "0182", "city": "Oslo"}}"#
        ),
    )
    .await;
    let page = app.person_page(PERSON).await;
    // Who sees the person sees the name; the address only NAV, the person
    // and a consented counsellor or job specialist; never the manager or GP.
    let sees_name = [
        "caseworker_in",
        "manager_in",
        "dr-berg",
        "counsellor_in",
        "specialist_in",
    ];
    let sees_address = ["caseworker_in", "counsellor_in", "specialist_in"];
    for (caller_name, caller) in &callers {
        // Act
        let answer = app.send_as(caller, Method::GET, &page, None).await;

        // Assert
        assert_eq!(
            answer.text.contains("Kari Nordmann"),
            sees_name.contains(caller_name),
            "{caller_name}: {}",
            answer.status
        );
        assert_eq!(
            answer.text.contains("Storgata 1"),
            sees_address.contains(caller_name),
            "{caller_name}"
        );
        assert!(!answer.text.contains(PERSON) || sees_name.contains(caller_name));
    }
}
