//! Early sessions in weeks 14 and 16 and the work-ability assessment through
//! the pages: the caseworker records the sessions (session 2 shows only what
//! changed), NAV writes the assessment, the GP adds to it, the worker reads
//! both with the terms explained; who sees which; a unit switches the
//! sessions on and gets their tasks.

use axum::http::StatusCode;
use tilbake_domain::tasks::{TaskKind, TaskState};
use tilbake_store::TaskQuery;

use crate::post_from as post;
use crate::{spawn_app, today, TestApp, DIAGNOSIS, PERSON};

fn sessions_page() -> String {
    format!("/person/{PERSON}/tidlige-samtaler")
}

fn assessment_page() -> String {
    format!("/person/{PERSON}/arbeidsevne")
}

/// The early-session tasks of the person in the queue of `username`, with their state.
async fn early_tasks(app: &TestApp, username: &str) -> Vec<(TaskKind, TaskState)> {
    let actor = app
        .store
        .user_by_username(username)
        .await
        .unwrap()
        .unwrap()
        .actor;
    let query = TaskQuery {
        today: today(),
        kind: None,
        due_within_days: None,
        open_only: false,
        assigned_to_me: false,
        limit: 1_000,
    };
    let mut tasks: Vec<(TaskKind, TaskState)> = app
        .store
        .list_tasks(&actor, &query, 0)
        .await
        .unwrap()
        .into_iter()
        .filter(|queued| {
            queued.person.to_string() == PERSON && queued.task.kind.early_session().is_some()
        })
        .map(|queued| (queued.task.kind, queued.task.state))
        .collect();
    tasks.sort_by_key(|(kind, _)| kind.as_str());
    tasks
}

async fn record_session(
    app: &TestApp,
    session: &str,
    number: &str,
    minutes: &str,
    topics: &[(&str, &str)],
) -> crate::Answer {
    let mut fields = vec![
        ("session", number),
        ("date", "2024-06-01"),
        ("minutes", minutes),
    ];
    let names: Vec<(String, String, &str)> = topics
        .iter()
        .map(|(topic, note)| (format!("discussed.{topic}"), format!("note.{topic}"), *note))
        .collect();
    for (discussed, note_name, note) in &names {
        fields.push((discussed.as_str(), "true"));
        fields.push((note_name.as_str(), note));
    }
    post(app, session, &sessions_page(), &sessions_page(), &fields).await
}

#[tokio::test]
async fn the_caseworker_records_two_sessions_and_session_two_shows_only_what_changed() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let ola = app.sign_in("ola").await;

    // Session 1 with three topics.
    let answer = record_session(
        &app,
        &kari,
        "1",
        "45",
        &[
            ("work_situation", "Jobber 20 % i kundemottaket."),
            ("employer_relation", "God kontakt med lederen."),
            ("rights_and_duties", "Forklarte aktivitetsplikten."),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    // Session 2: one changed, one the same, one new, one not talked about.
    let answer = record_session(
        &app,
        &kari,
        "2",
        "30",
        &[
            ("work_situation", "Jobber 40 % i kundemottaket."),
            ("employer_relation", "God kontakt med lederen."),
            ("return_plan", "Opptrapping til 60 % i juli."),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);

    let html = app.get(&sessions_page(), &[&kari]).await;
    let html = html.page();
    let (first, second) = html.split_once("Samtale 2 (uke 16)</h2>").unwrap();
    assert!(first.contains("Jobber 20 % i kundemottaket."), "{first}");
    assert!(first.contains("45 minutter"), "{first}");
    let second = second.split("Skriv referat").next().unwrap();
    assert!(
        second.contains("Det som er endret siden samtale 1"),
        "{second}"
    );
    assert!(second.contains("Jobber 40 % i kundemottaket."), "{second}");
    assert!(second.contains("Opptrapping til 60 % i juli."), "{second}");
    assert!(second.contains("Ikke snakket om denne gangen"), "{second}");
    assert!(
        !second.contains("God kontakt med lederen."),
        "an unchanged topic is left out: {second}"
    );

    // The worker reads the same, with the words explained.
    let html = app.get("/min-sykmelding/arbeidsevne", &[&ola]).await;
    let html = html.page();
    assert!(html.contains("Opptrapping til 60 % i juli."), "{html}");
    assert!(html.contains("Hva ordene betyr"), "{html}");

    // The manager and the GP do not open the sessions, and the manager's
    // person page does not show them.
    let mona = app.sign_in("mona").await;
    let berg = app.sign_in("dr-berg").await;
    for session in [&mona, &berg] {
        let answer = app.get(&sessions_page(), &[session]).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
    }
    let html = app.get(&app.person_path(PERSON).await, &[&mona]).await;
    assert!(!html.text.contains("kundemottaket"), "{}", html.text);
    assert!(!html.text.contains("tidlige-samtaler"), "{}", html.text);
}

#[tokio::test]
async fn a_session_over_an_hour_is_refused_with_a_clear_message_and_nothing_is_stored() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    for minutes in ["61", "90", "0", "en time", ""] {
        let answer = record_session(
            &app,
            &kari,
            "1",
            minutes,
            &[("treatment", "Venter på time")],
        )
        .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{minutes}");
        let html = answer.page();
        assert!(
            html.contains("En tidlig samtale varer høyst en time."),
            "{minutes}: {html}"
        );
        assert!(html.contains("Venter på time"), "what was typed stays");
    }
    let answer = record_session(&app, &kari, "3", "30", &[]).await;
    assert!(answer.page().contains("Velg samtale 1 eller 2."));
    let html = app.get(&sessions_page(), &[&kari]).await;
    assert_eq!(html.page().matches("Ikke holdt ennå.").count(), 2);
}

fn assessment_fields<'a>(functional: &'a str, conclusion: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("functional_ability", functional),
        ("weight.health", "limitation"),
        ("reasons.health", "Ryggen tåler ikke tunge løft."),
        ("weight.education", "resource"),
        ("reasons.education", "Fagbrev i salg."),
        ("weight.skills", "resource"),
        ("reasons.skills", "Flink med kunder."),
        ("weight.experience", "both"),
        ("reasons.experience", "Mest lagerarbeid."),
        ("weight.life_situation", "resource"),
        ("reasons.life_situation", "Støtte hjemme."),
        ("conclusion", conclusion),
    ]
}

#[tokio::test]
async fn nav_writes_the_assessment_the_gp_adds_and_the_worker_reads_it_explained() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let berg = app.sign_in("dr-berg").await;
    let ola = app.sign_in("ola").await;
    let mona = app.sign_in("mona").await;

    for (functional, conclusion) in [
        ("Kan sitte og stå.", "Kan jobbe 40 %."),
        ("Kan sitte, stå og gå.", "Kan jobbe 60 % i kundemottak."),
    ] {
        let answer = post(
            &app,
            &kari,
            &assessment_page(),
            &assessment_page(),
            &assessment_fields(functional, conclusion),
        )
        .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    }
    // The GP adds to the version shown.
    let html = app.get(&assessment_page(), &[&berg]).await;
    let html = html.page().to_owned();
    assert!(html.contains("Legg til fra fastlegen"), "{html}");
    assert!(
        !html.contains("Skriv en ny vurdering"),
        "only NAV writes it"
    );
    let assessment = html
        .split("name=\"assessment\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let answer = post(
        &app,
        &berg,
        &assessment_page(),
        &format!("{}/tillegg", assessment_page()),
        &[
            ("assessment", &assessment),
            ("text", "Bedring ventet etter fysioterapi."),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);

    // The worker reads the version that applies, the GP's addition as the
    // GP's, the earlier version as history, and the words explained.
    let html = app.get("/min-sykmelding/arbeidsevne", &[&ola]).await;
    let html = html.page();
    let (current, history) = html.split_once("Tidligere versjoner").unwrap();
    assert!(
        current.contains("Kan jobbe 60 % i kundemottak."),
        "{current}"
    );
    assert!(current.contains("Versjon 2"), "{current}");
    assert!(current.contains("Fastlegen skrev"), "{current}");
    assert!(
        current.contains("Bedring ventet etter fysioterapi."),
        "{current}"
    );
    assert!(current.contains("En begrensning"), "{current}");
    assert!(history.contains("Kan jobbe 40 %."), "{history}");
    assert!(html.contains("Funksjonsevne"), "{html}");
    assert!(html.contains("Er noe feil, eller er du uenig?"), "{html}");
    // In English too.
    let html = app
        .get("/min-sykmelding/arbeidsevne?lang=en", &[&ola])
        .await;
    assert!(html.page().contains("What the words mean"));

    // The manager never: not the page, not on the person page, no diagnosis.
    let answer = app.get(&assessment_page(), &[&mona]).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let html = app.get(&app.person_path(PERSON).await, &[&mona]).await;
    for hidden in ["fysioterapi", "Kan jobbe 60 %", "arbeidsevne", DIAGNOSIS] {
        assert!(!html.text.contains(hidden), "{hidden}: {}", html.text);
    }
    // The worker cannot write it.
    let answer = post(
        &app,
        &ola,
        "/min-sykmelding/arbeidsevne",
        &assessment_page(),
        &assessment_fields("x", "y"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_assessment_without_reasons_names_every_missing_part_and_stores_nothing() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let mut fields = assessment_fields("", "Kan jobbe.");
    fields.retain(|(name, _)| *name != "weight.skills" && *name != "reasons.health");
    let answer = post(&app, &kari, &assessment_page(), &assessment_page(), &fields).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let html = answer.page();
    assert!(html.contains("Skriv en begrunnelse."), "{html}");
    assert!(
        html.contains("Velg hvordan dette påvirker arbeidsevnen."),
        "{html}"
    );
    assert!(html.contains("Skriv noe her."), "{html}");
    assert!(html.contains("Fagbrev i salg."), "what was typed stays");
    let html = app.get(&assessment_page(), &[&kari]).await;
    assert!(html
        .page()
        .contains("NAV har ikke skrevet en arbeidsevnevurdering ennå."));
}

#[tokio::test]
async fn switching_early_sessions_on_gives_the_unit_s_persons_their_tasks_and_a_session_closes_one()
{
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let per = app.sign_in("per").await;
    let settings = "/enhet/innstillinger";

    let html = app.get(settings, &[&kari]).await;
    assert!(html.page().contains("Tidlige samtaler er av."));
    assert_eq!(early_tasks(&app, "kari").await, vec![]);

    // Another unit switching them on changes nothing for this one.
    let answer = post(&app, &per, settings, settings, &[("early_sessions", "on")]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(early_tasks(&app, "kari").await, vec![]);

    let answer = post(&app, &kari, settings, settings, &[("early_sessions", "on")]).await;
    let html = answer.page();
    assert!(html.contains("Tidlige samtaler er på."), "{html}");
    assert!(html.contains("Sist endret av kari"), "{html}");
    assert_eq!(
        early_tasks(&app, "kari").await,
        vec![
            (TaskKind::EarlySession1, TaskState::Open),
            (TaskKind::EarlySession2, TaskState::Open)
        ]
    );

    // Recording session 1 closes its task.
    let answer = record_session(&app, &kari, "1", "40", &[("measures", "Ingen nå")]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert_eq!(
        early_tasks(&app, "kari").await,
        vec![
            (TaskKind::EarlySession1, TaskState::Done),
            (TaskKind::EarlySession2, TaskState::Open)
        ]
    );

    // Off again: the tasks go.
    post(
        &app,
        &kari,
        settings,
        settings,
        &[("early_sessions", "off")],
    )
    .await;
    assert_eq!(early_tasks(&app, "kari").await, vec![]);

    // Nobody else opens or changes the settings.
    for username in ["ola", "mona", "dr-berg"] {
        let session = app.sign_in(username).await;
        assert_eq!(
            app.get(settings, &[&session]).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let ola = app.sign_in("ola").await;
    let answer = post(
        &app,
        &ola,
        "/min-sykmelding",
        settings,
        &[("early_sessions", "on")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(early_tasks(&app, "kari").await, vec![]);
}
