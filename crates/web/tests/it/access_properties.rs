//! A property of the whole application: for any caller, any consents the
//! person has given and withdrawn, and any sick leave, no API answer and no
//! person page shows more than the one access policy (`policy::person_view`)
//! lets that caller see, and a diagnosis never reaches a manager,
//! counsellor or job specialist.

use axum::http::{Method, StatusCode};
use proptest::prelude::*;
use serde_json::{json, Value};
use tilbake_contract::document::parse_document;
use tilbake_domain::access::consent::{Category, Consent, Purpose, Share};
use tilbake_domain::access::policy::{self, Employers, PageKind};
use tilbake_domain::access::{Principal, Role};
use tilbake_domain::document::Document;
use tilbake_domain::identity::{Fnr, Orgnr, UnitCode};

use crate::{spawn_app, Caller, EMPLOYER, PERSON};

const OTHER_EMPLOYER: &str = "974760673";
const DIAGNOSIS_A: &str = "L03";
const DIAGNOSIS_B: &str = "P76";

/// The callers, each tied as its role allows.
const ACTORS: [(&str, Role, &str); 9] = [
    ("caseworker", Role::Caseworker, "0301"),
    ("manager_a", Role::Manager, EMPLOYER),
    ("manager_b", Role::Manager, OTHER_EMPLOYER),
    ("worker", Role::Worker, PERSON),
    ("dr-berg", Role::Gp, ""),
    ("nils", Role::Counsellor, ""),
    ("jo", Role::JobSpecialist, ""),
    ("boss", Role::SeSupervisor, OTHER_EMPLOYER),
    ("system", Role::System, ""),
];

/// What the worker does with a consent to one grantee, in order.
#[derive(Clone, Debug)]
enum ConsentStep {
    Grant(Vec<Category>),
    /// A grant without a body: the grantee's purpose, its own category.
    GrantWithoutBody,
    Withdraw,
}

/// One generated world.
#[derive(Clone, Debug)]
struct Case {
    actor: usize,
    documents: Vec<String>,
    to_nils: Vec<ConsentStep>,
    to_jo: Vec<ConsentStep>,
}

fn certificate(id: &str, from: &str, to: &str, employer: &str, code: &str, extra: &str) -> String {
    format!(
        r#"{{"kind": "sick_leave", "id": "{id}", "person": "{PERSON}", "from": "{from}", "to": "{to}",
            "grade": 100, "employer": "{employer}", "gp": "dr-berg",
            "diagnosis": {{"system": "ICPC-2", "code": "{code}"}}{extra}}}"#
    )
}

/// The person's documents: always a certificate from employer A open on
/// the test clock's day (so the statutory parties see the person), and any
/// of: certificates of both employers (one correcting), cancellations of
/// those, self-certified days, a holiday, case work, an assessment of the
/// activity requirement with any outcome, a note by NAV, an early session
/// and a work-ability assessment.
fn documents() -> impl Strategy<Value = Vec<String>> {
    let outcomes = prop_oneof![
        Just("fulfilled"),
        Just("exempt_medical"),
        Just("exempt_workplace"),
        Just("not_fulfilled"),
    ];
    (
        proptest::collection::vec(any::<bool>(), 12),
        outcomes,
        0u32..20,
    )
        .prop_map(|(present, outcome, shift)| {
            let day = |offset: u32| {
                (chrono::NaiveDate::from_ymd_opt(2024, 4, 1).unwrap()
                    + chrono::Days::new(u64::from(offset + shift)))
                .format("%Y-%m-%d")
                .to_string()
            };
            let mut documents = vec![certificate(
                "s1",
                "2024-04-01",
                "2024-07-31",
                EMPLOYER,
                DIAGNOSIS_A,
                r#", "unit": "0301""#,
            )];
            let optional = [
                certificate("s2", &day(0), &day(40), OTHER_EMPLOYER, DIAGNOSIS_B, ""),
                certificate(
                    "s3",
                    "2024-04-01",
                    "2024-08-15",
                    EMPLOYER,
                    DIAGNOSIS_A,
                    r#", "corrects": "s1""#,
                ),
                certificate("s4", &day(50), &day(60), OTHER_EMPLOYER, DIAGNOSIS_B, ""),
                format!(
                    r#"{{"kind": "self_certified", "id": "e1", "person": "{PERSON}", "from": "2024-03-28", "to": "2024-03-30"}}"#
                ),
                format!(
                    r#"{{"kind": "vacation", "id": "v1", "person": "{PERSON}", "from": "{}", "to": "{}"}}"#,
                    day(20),
                    day(24)
                ),
                format!(
                    r#"{{"kind": "meeting_held", "id": "m1", "person": "{PERSON}", "meeting": 1, "date": "{}"}}"#,
                    day(15)
                ),
                format!(
                    r#"{{"kind": "plan_version", "id": "p1", "person": "{PERSON}", "date": "{}", "work_tasks": "Lett arbeid"}}"#,
                    day(12)
                ),
                format!(
                    r#"{{"kind": "activity_assessed", "id": "a1", "person": "{PERSON}", "date": "{}",
                        "outcome": "{outcome}", "reason": "Begrunnelse for {outcome}"}}"#,
                    day(50)
                ),
                format!(
                    r#"{{"kind": "case_note", "id": "n1", "person": "{PERSON}", "date": "{}", "text": "Notat fra NAV"}}"#,
                    day(30)
                ),
                format!(
                    r#"{{"kind": "plan_shared", "id": "ps1", "person": "{PERSON}", "date": "{}"}}"#,
                    day(14)
                ),
                format!(
                    r#"{{"kind": "early_session", "id": "es1", "person": "{PERSON}", "session": 1, "date": "{}",
                        "minutes": 45, "topics": [{{"topic": "treatment", "note": "Venter på fysioterapi"}}]}}"#,
                    day(95)
                ),
                format!(
                    r#"{{"kind": "work_ability_assessment", "id": "wa1", "person": "{PERSON}", "date": "{}",
                        "functional_ability": "Tåler ikke tunge løft", "conclusion": "Kan jobbe 50 %",
                        "weighings": [{{"factor": "health", "weight": "limitation", "reasons": "Ryggen"}},
                            {{"factor": "education", "weight": "resource", "reasons": "Fagbrev"}},
                            {{"factor": "skills", "weight": "resource", "reasons": "Kunder"}},
                            {{"factor": "experience", "weight": "both", "reasons": "Lager"}},
                            {{"factor": "life_situation", "weight": "resource", "reasons": "Familie"}}]}}"#,
                    day(100)
                ),
            ];
            for (document, present) in optional.into_iter().zip(&present) {
                if *present {
                    documents.push(document);
                }
            }
            // Cancellations come after the certificates they withdraw.
            for (id, present) in [("s2", present[0]), ("s4", present[2])] {
                if present && shift % 3 == 0 {
                    documents.push(format!(
                        r#"{{"kind": "cancelled", "id": "{id}", "person": "{PERSON}"}}"#
                    ));
                }
            }
            documents
        })
}

fn consent_steps() -> impl Strategy<Value = Vec<ConsentStep>> {
    let step = prop_oneof![
        proptest::sample::subsequence(Category::ALL.to_vec(), 0..=Category::ALL.len())
            .prop_map(ConsentStep::Grant),
        Just(ConsentStep::GrantWithoutBody),
        Just(ConsentStep::Withdraw),
    ];
    proptest::collection::vec(step, 0..4)
}

fn cases() -> impl Strategy<Value = Case> {
    (
        0..ACTORS.len(),
        documents(),
        consent_steps(),
        consent_steps(),
    )
        .prop_map(|(actor, documents, to_nils, to_jo)| Case {
            actor,
            documents,
            to_nils,
            to_jo,
        })
}

/// The share of the consent standing after the steps, if one stands.
fn standing(purpose: Purpose, steps: &[ConsentStep]) -> Option<Share> {
    steps.iter().fold(None, |_, step| match step {
        ConsentStep::Grant(categories) => {
            Some(Consent::new(purpose, Share::of(categories.iter().copied())).share)
        }
        ConsentStep::GrantWithoutBody => Some(Consent::new(purpose, Share::NONE).share),
        ConsentStep::Withdraw => None,
    })
}

fn principal(username: &str, role: Role, tied_to: &str) -> Principal {
    Principal {
        user_id: 1,
        username: username.to_owned(),
        role,
        unit: (role == Role::Caseworker).then(|| UnitCode::parse(tied_to).unwrap()),
        employer: matches!(role, Role::Manager | Role::SeSupervisor)
            .then(|| Orgnr::parse(tied_to).unwrap()),
        person: (role == Role::Worker).then(|| Fnr::parse(tied_to).unwrap()),
        gp_id: (role == Role::Gp).then(|| username.to_owned()),
        protected_address_access: false,
    }
}

fn kinds_and_ids(documents: &Value) -> Vec<(String, String)> {
    documents
        .as_array()
        .unwrap()
        .iter()
        .map(|document| {
            (
                document["kind"].as_str().unwrap().to_owned(),
                document["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn check(case: Case) {
    // Arrange
    let app = spawn_app().await;
    let token = app.system_token().await;
    for document in &case.documents {
        app.post_document(&token, document).await;
    }
    for (username, role, tied_to) in ACTORS {
        if role != Role::System {
            app.add_user(username, role, tied_to).await;
        }
    }
    let worker = app.session("worker").await;
    for (username, steps) in [("nils", &case.to_nils), ("jo", &case.to_jo)] {
        let uri = format!("/api/v1/persons/{PERSON}/consents/{username}");
        for step in steps {
            let answer = match step {
                ConsentStep::Grant(categories) => {
                    let share: Vec<&str> = categories.iter().map(|c| c.as_str()).collect();
                    let body = json!({ "share": share }).to_string();
                    app.send_as(&worker, Method::POST, &uri, Some(&body)).await
                }
                ConsentStep::GrantWithoutBody => {
                    app.send_as(&worker, Method::POST, &uri, None).await
                }
                ConsentStep::Withdraw => app.send_as(&worker, Method::DELETE, &uri, None).await,
            };
            assert!(answer.status.is_success(), "{step:?}: {}", answer.text);
        }
    }
    let (username, role, tied_to) = ACTORS[case.actor];
    let caller = if role == Role::System {
        Caller::Token(token.clone())
    } else {
        app.session(username).await
    };
    let share = match role {
        Role::Counsellor => standing(Purpose::Guidance, &case.to_nils),
        Role::JobSpecialist => standing(Purpose::SupportedEmployment, &case.to_jo),
        _ => None,
    };
    let consent_based = matches!(role, Role::Counsellor | Role::JobSpecialist);
    let view = policy::person_view(&principal(username, role, tied_to), share);
    let stored: Vec<Document> = case
        .documents
        .iter()
        .map(|text| {
            parse_document(text.as_bytes(), crate::today())
                .unwrap()
                .document
        })
        .collect();
    let full = app
        .send_as(
            &Caller::Token(token),
            Method::GET,
            &format!("/api/v1/persons/{PERSON}/followup"),
            None,
        )
        .await
        .json();

    // Act
    let documents = app
        .send_as(
            &caller,
            Method::GET,
            &format!("/api/v1/persons/{PERSON}/documents"),
            None,
        )
        .await;
    let followup = app
        .send_as(
            &caller,
            Method::GET,
            &format!("/api/v1/persons/{PERSON}/followup"),
            None,
        )
        .await;

    let page = if policy::may_open(&principal(username, role, tied_to), PageKind::Person) {
        Some(
            app.send_as(&caller, Method::GET, &app.person_page(PERSON).await, None)
                .await,
        )
    } else {
        None
    };

    // Assert: the person page answers as the API does and shows no more.
    if let Some(page) = &page {
        let expected = if documents.status == StatusCode::OK {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(page.status, expected, "the person page for {username}");
        if matches!(role, Role::Manager | Role::Counsellor | Role::JobSpecialist) {
            for diagnosis in [DIAGNOSIS_A, DIAGNOSIS_B] {
                assert!(
                    !crate::contract_access::without_csrf_tokens(&page.text).contains(diagnosis),
                    "{username}'s page shows {diagnosis}"
                );
            }
        }
        if role == Role::Manager {
            let other = if tied_to == EMPLOYER {
                OTHER_EMPLOYER
            } else {
                EMPLOYER
            };
            assert!(
                !page.text.contains(other),
                "{username}'s page names {other}"
            );
        }
    }

    // Assert: the documents are exactly those the policy shows.
    let must_see = match role {
        Role::Counsellor | Role::JobSpecialist => share.is_some(),
        // A method supervisor sees no person's follow-up, ever.
        Role::SeSupervisor => false,
        // Employer B's manager sees the person only while a case of theirs is open.
        Role::Manager => tied_to == EMPLOYER,
        _ => true,
    };
    if documents.status == StatusCode::NOT_FOUND {
        assert!(!must_see, "{username}: {}", documents.text);
        assert_eq!(followup.status, StatusCode::NOT_FOUND, "{username}");
        return;
    }
    assert_eq!(documents.status, StatusCode::OK, "{}", documents.text);
    assert!(
        !consent_based || share.is_some(),
        "{username} sees the person without a standing consent"
    );
    let view = view.unwrap_or_else(|| panic!("{username} sees what the policy does not give"));
    let shown = view.shown(&stored.iter().collect::<Vec<_>>());
    let expected: Vec<(String, String)> = stored
        .iter()
        .zip(shown)
        .filter(|(_, shown)| *shown)
        .map(|(document, _)| (document.kind().as_str().to_owned(), document.id.clone()))
        .collect();
    let body = documents.json();
    assert_eq!(
        kinds_and_ids(&body["documents"]),
        expected,
        "{username} with {share:?}"
    );
    if !view.health {
        assert!(!documents.text.contains("diagnosis"), "{username}");
    }
    if !view.certifier {
        assert!(!documents.text.contains("dr-berg"), "{username}");
    }
    if matches!(role, Role::Manager | Role::Counsellor | Role::JobSpecialist) {
        for diagnosis in ["diagnosis", DIAGNOSIS_A, DIAGNOSIS_B] {
            assert!(
                !documents.text.contains(diagnosis) && !followup.text.contains(diagnosis),
                "{username} sees {diagnosis}"
            );
        }
    }

    // Assert: the follow-up is the whole sick leave's, with the employers the policy names.
    match view.followup {
        None => assert_eq!(followup.status, StatusCode::NOT_FOUND, "{username}"),
        Some(employers) => {
            assert_eq!(followup.status, StatusCode::OK, "{}", followup.text);
            let mut expected = full;
            for case in expected["cases"].as_array_mut().unwrap() {
                let named = case["employers"].as_array_mut().unwrap();
                match employers {
                    Employers::All => {}
                    Employers::Only(own) => named.retain(|employer| *employer == own.to_string()),
                    Employers::None => named.clear(),
                }
            }
            assert_eq!(followup.json(), expected, "{username} with {share:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 32,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_answer_shows_a_caller_more_than_the_access_policy_gives(case in cases()) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(check(case));
    }
}
