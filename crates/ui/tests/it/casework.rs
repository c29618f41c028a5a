//! Case work through the pages: the plan written by the manager, answered by
//! the worker and shared; a dialogue meeting invited to, answered and
//! minuted, with its agreements in the parties' queues; requests for a
//! meeting; the activity requirement.

use axum::http::StatusCode;
use tilbake_domain::tasks::{TaskKind, TaskState};
use tilbake_store::TaskQuery;

use crate::post_from as post;
use crate::{spawn_app, today, TestApp, PERSON};

/// The open tasks of a kind in the queue of `username`.
pub(crate) async fn open_tasks(app: &TestApp, username: &str, kind: TaskKind) -> usize {
    let actor = app
        .store
        .user_by_username(username)
        .await
        .unwrap()
        .unwrap()
        .actor;
    let query = TaskQuery {
        today: today(),
        kind: Some(kind),
        due_within_days: None,
        open_only: true,
        assigned_to_me: false,
        limit: 1_000,
    };
    app.store
        .list_tasks(&actor, &query, 0)
        .await
        .unwrap()
        .iter()
        .filter(|queued| {
            queued.task.state == TaskState::Open && queued.person.to_string() == PERSON
        })
        .count()
}

#[tokio::test]
async fn the_manager_writes_the_plan_the_worker_approves_it_and_sharing_shows_it_to_nav() {
    let app = spawn_app().await;
    let mona = app.sign_in("mona").await;
    let kari = app.sign_in("kari").await;
    let ola = app.sign_in("ola").await;
    let plan_page = format!("{}/plan", app.person_path(PERSON).await);

    // A plan that only says "fully sick-listed" and names a diagnosis is
    // saved, and the hints say what a useful plan says instead.
    let answer = post(
        &app,
        &mona,
        &plan_page,
        &plan_page,
        &[
            ("work_tasks", "Kasse og lager"),
            ("can_do_now", "Ingenting, hun er 100 % sykmeldt med L03"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let html = app.get(&plan_page, &[&mona]).await;
    let html = html.page();
    assert!(
        html.contains("Planen sier bare at arbeidstakeren er helt sykmeldt"),
        "{html}"
    );
    assert!(
        html.contains("Planen nevner helse eller diagnose"),
        "{html}"
    );
    // The hint names what to take out.
    assert!(
        html.contains("Dette bør ut av planen: «L03».")
            || html.contains("Dette bør ut av planen: &#171;L03&#187;."),
        "{html}"
    );
    // The live hint's script and its terms are on the manager's page.
    assert!(html.contains("id=\"plan-health-live\""), "{html}");
    assert!(html.contains("/static/plan-hint.js?v="), "{html}");
    assert!(html.contains("medisin"), "{html}");
    assert!(html.contains("Versjon 1"), "{html}");
    assert!(html.contains("Venter på arbeidstakeren"), "{html}");

    // The worker's own page says a plan waits for them.
    let html = app.get("/min-sykmelding", &[&ola]).await;
    assert!(
        html.page()
            .contains("Lederen din har skrevet en ny versjon av oppfølgingsplanen."),
        "{}",
        html.text
    );
    // On the worker's own plan page, the plan waits for "you".
    let html = app.get("/min-sykmelding/plan-og-moter", &[&ola]).await;
    assert!(
        html.page().contains("Venter på svaret ditt"),
        "{}",
        html.text
    );
    // … and speaks of them as "du", the manager's page of "arbeidstakeren".
    assert!(html.page().contains("Hva du kan gjøre nå"), "{}", html.text);
    assert!(
        !html.page().contains("Hva arbeidstakeren kan gjøre nå"),
        "{}",
        html.text
    );

    // A second version with an adaptation and a next step: no hints left.
    let answer = post(
        &app,
        &mona,
        &plan_page,
        &plan_page,
        &[
            ("work_tasks", "Kasse og lager"),
            ("can_do_now", "Kasse to timer om dagen"),
            ("adaptations[0].description", "Korte dager, 09–11"),
            ("adaptations[0].status", "agreed"),
            ("next_steps[0].what", "Se på planen igjen"),
            ("next_steps[0].who", "manager"),
            ("next_steps[0].when", "2024-06-15"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let html = app.get(&plan_page, &[&mona]).await.text;
    assert!(html.contains("Versjon 2"), "{html}");
    assert!(!html.contains("Tips til planen"), "{html}");

    // Before it is shared, NAV sees no version.
    let html = app.get(&plan_page, &[&kari]).await;
    assert!(
        html.page().contains("Det er ikke laget noen plan ennå."),
        "{}",
        html.text
    );

    // The worker comments on version 2 (a comment is required when not approving), then approves.
    let mine = "/min-sykmelding/plan-og-moter";
    let html = app.get(mine, &[&ola]).await;
    let html = html.page();
    assert!(html.contains("Korte dager, 09–11"), "{html}");
    let version = html
        .split("name=\"plan\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let answer = post(
        &app,
        &ola,
        mine,
        &format!("{mine}/plan"),
        &[("plan", &version), ("approved", "false")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
    let html = answer.page();
    assert!(html.contains("Fyll ut dette feltet."), "{html}");
    assert!(html.contains("checked"), "the choice is kept: {html}");
    let answer = post(
        &app,
        &ola,
        mine,
        &format!("{mine}/plan"),
        &[("plan", &version), ("approved", "true")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert!(app
        .get(&plan_page, &[&mona])
        .await
        .text
        .contains("Godkjent av arbeidstakeren"));

    // One action shares it; the follow-up plan task is done, and NAV sees it.
    assert_eq!(open_tasks(&app, "mona", TaskKind::FollowUpPlan).await, 1);
    let answer = post(&app, &mona, &plan_page, &format!("{plan_page}/del"), &[]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert_eq!(open_tasks(&app, "mona", TaskKind::FollowUpPlan).await, 0);
    let html = app.get(&plan_page, &[&kari]).await.text;
    assert!(html.contains("Delt med fastlegen og NAV"), "{html}");
    assert!(html.contains("Korte dager, 09–11"), "{html}");

    // NAV may not write a plan.
    let answer = post(&app, &kari, &plan_page, &plan_page, &[("work_tasks", "x")]).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn nav_invites_to_meeting_2_the_parties_answer_and_the_minutes_become_tasks() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let mona = app.sign_in("mona").await;
    let ola = app.sign_in("ola").await;
    let meetings = format!("{}/moter", app.person_path(PERSON).await);

    // A wrong time keeps what was typed and names the field.
    let answer = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/innkalling"),
        &[
            ("meeting", "2"),
            ("at", "neste tirsdag"),
            ("place", "NAV Grünerløkka, rom 3"),
            ("participants", "worker"),
            ("participants", "manager"),
            ("participants", "gp"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
    let html = answer.page();
    assert!(html.contains("href=\"#at\""), "{html}");
    assert!(html.contains("value=\"neste tirsdag\""), "{html}");
    assert!(html.contains("value=\"NAV Grünerløkka, rom 3\""), "{html}");

    // A day already past is refused on the field, in plain words.
    let answer = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/innkalling"),
        &[
            ("meeting", "2"),
            ("at", "31.05.2024 kl. 10.00"),
            ("place", "NAV Grünerløkka, rom 3"),
            ("participants", "worker"),
        ],
    )
    .await;
    let html = answer.page();
    assert!(html.contains("href=\"#at\""), "{html}");
    assert!(html.contains("Denne dagen har vært."), "{html}");

    // A time no case has (year 2999) is refused with the window, on the field.
    let answer = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/innkalling"),
        &[
            ("meeting", "2"),
            ("at", "2999-06-10 10:00"),
            ("place", "NAV Grünerløkka, rom 3"),
            ("participants", "worker"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
    let html = answer.page();
    assert!(html.contains("href=\"#at\""), "{html}");
    assert!(
        html.contains("Datoen må være fra år 1900 og ikke mer enn 2 år fram i tid."),
        "{html}"
    );

    let answer = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/innkalling"),
        &[
            ("meeting", "2"),
            ("at", "2024-06-10 10:00"),
            ("place", "NAV Grünerløkka, rom 3"),
            ("participants", "worker"),
            ("participants", "manager"),
            ("participants", "gp"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    // The save says what happened, and links to the invitation.
    assert_eq!(
        answer.location(),
        format!("{meetings}?lagret=innkalling#invitations-heading")
    );
    let saved_page = answer.location().split('#').next().unwrap().to_owned();
    let html = app.get(&saved_page, &[&kari]).await;
    assert!(
        html.page().contains("Innkallingen er sendt."),
        "{}",
        html.text
    );

    // The worker and the manager answer.
    let mine = "/min-sykmelding/plan-og-moter";
    let html = app.get(mine, &[&ola]).await.text;
    let invitation = html
        .split("name=\"invitation\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let answer = post(
        &app,
        &ola,
        mine,
        &format!("{mine}/svar"),
        &[("invitation", &invitation), ("answer", "accept")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    // The worker reads their answer in the second person, with its date,
    // and may change it; the form is no longer the first thing they see.
    let html = app.get(mine, &[&ola]).await;
    let html = html.page();
    assert!(html.contains("Du svarte: Kommer ("), "{html}");
    assert!(html.contains("<summary>Endre svaret</summary>"), "{html}");
    let answer = post(
        &app,
        &mona,
        &meetings,
        &format!("{meetings}/svar"),
        &[
            ("invitation", &invitation),
            ("answer", "other_time"),
            ("comment", "Kan etter kl. 12"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let html = app.get(&meetings, &[&kari]).await;
    let html = html.page();
    assert!(html.contains("Kommer"), "{html}");
    assert!(
        html.contains("Ønsker et annet tidspunkt – Kan etter kl. 12"),
        "{html}"
    );
    assert!(html.contains("Fastlegen: har ikke svart"), "{html}");
    // The organiser is not an invitee waiting for an answer.
    assert!(!html.contains("NAV: har ikke svart"), "{html}");

    // The minutes: the meeting is held, and each agreement lands in the right queue.
    assert_eq!(
        open_tasks(&app, "mona", TaskKind::EmployerAgreement).await,
        0
    );
    // Minutes dated before the meeting are refused, naming its day.
    let answer = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/referat"),
        &[
            ("meeting", "2"),
            ("date", "2024-06-01"),
            ("situation", "Jobber to timer om dagen."),
        ],
    )
    .await;
    let html = answer.page();
    assert!(html.contains("href=\"#minutes-date\""), "{html}");
    assert!(
        html.contains("Referatet kan ikke være datert før møtet, som var 10. juni 2024."),
        "{html}"
    );
    let answer = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/referat"),
        &[
            ("meeting", "2"),
            ("date", "10.06.2024"),
            ("situation", "Jobber to timer om dagen."),
            ("agreements[0].who", "manager"),
            ("agreements[0].what", "Skaffe hev-senk-pult"),
            ("agreements[0].due", "2024-06-20"),
            ("agreements[1].who", "nav"),
            ("agreements[1].what", "Vurdere tilskudd"),
            ("agreements[1].due", "2024-06-25"),
            ("agreements[2].who", "worker"),
            ("agreements[2].what", "Prøve tre timer"),
            ("agreements[2].due", "2024-06-30"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert_eq!(
        open_tasks(&app, "mona", TaskKind::EmployerAgreement).await,
        1
    );
    assert_eq!(open_tasks(&app, "kari", TaskKind::NavAgreement).await, 1);
    assert_eq!(
        open_tasks(&app, "kari", TaskKind::DialogueMeeting2).await,
        0
    );
    let html = app.get(mine, &[&ola]).await;
    let html = html.page();
    assert!(html.contains("Prøve tre timer"), "{html}");
    assert!(html.contains("Referat fra Dialogmøte 2"), "{html}");

    // A manager may not minute NAV's meeting (the form offers only meeting 1).
    let answer = post(
        &app,
        &mona,
        &meetings,
        &format!("{meetings}/referat"),
        &[("meeting", "2"), ("date", "2024-06-01"), ("situation", "x")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_gp_asks_for_meeting_3_and_nav_records_the_activity_requirement() {
    let app = spawn_app().await;
    let gp = app.sign_in("dr-berg").await;
    let kari = app.sign_in("kari").await;
    let meetings = format!("{}/moter", app.person_path(PERSON).await);

    let html = app.get(&meetings, &[&gp]).await;
    assert_eq!(html.status, StatusCode::OK, "{}", html.text);
    html.page();
    // The GP's patients are listed with the way to their plan and meetings.
    let html = app.get("/pasienter", &[&gp]).await;
    let html = html.page();
    assert!(html.contains("154385 10092"), "{html}");
    assert!(
        html.contains(&format!("href=\"{}/moter\"", app.person_path(PERSON).await)),
        "{html}"
    );
    let answer = post(
        &app,
        &gp,
        &meetings,
        &format!("{meetings}/be-om"),
        &[("meeting", "3"), ("reason", "Ny situasjon på jobben")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert_eq!(
        open_tasks(&app, "kari", TaskKind::RequestedMeeting).await,
        1
    );
    assert!(app
        .get(&meetings, &[&kari])
        .await
        .text
        .contains("Fastlegen ba om dialogmøte 3 den "));

    // The activity requirement is recorded on the person's page (its one
    // place), not on the meetings page; it needs an outcome and a reason.
    let person_page = app.person_path(PERSON).await;
    let html = app.get(&meetings, &[&kari]).await.text;
    assert!(!html.contains("aktivitetskrav\""), "{html}");
    let answer = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/aktivitetskrav"),
        &[("outcome", "exempt_medical"), ("reason", "x")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let answer = post(
        &app,
        &kari,
        &person_page,
        &format!("{person_page}/aktivitetskrav"),
        &[("outcome", "exempt_medical")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
    assert!(
        answer.page().contains("href=\"#activity-reason\""),
        "{}",
        answer.text
    );
    assert_eq!(
        open_tasks(&app, "kari", TaskKind::ActivityRequirement).await,
        1
    );
    let answer = post(
        &app,
        &kari,
        &person_page,
        &format!("{person_page}/aktivitetskrav"),
        &[
            ("outcome", "exempt_medical"),
            ("reason", "Sengeliggende etter operasjon"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert_eq!(
        answer.location(),
        format!("{person_page}?lagret=aktivitetskrav#activity-heading")
    );
    assert_eq!(
        open_tasks(&app, "kari", TaskKind::ActivityRequirement).await,
        0
    );
    let html = app
        .get(&format!("{person_page}?lagret=aktivitetskrav"), &[&kari])
        .await
        .text;
    let assessed = html.split("id=\"activity-heading\"").nth(1).unwrap();
    assert!(assessed.contains("Unntak: medisinske grunner"), "{html}");
    assert!(assessed.contains("Sengeliggende etter operasjon"));
    // A manager may not record it.
    let mona = app.sign_in("mona").await;
    let answer = post(
        &app,
        &mona,
        &person_page,
        &format!("{person_page}/aktivitetskrav"),
        &[("outcome", "fulfilled"), ("reason", "I jobb")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);

    // A worker's page is theirs alone; a counsellor without consent gets nothing.
    let vera = app.sign_in("vera").await;
    assert_eq!(
        app.get(&meetings, &[&vera]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/min-sykmelding/plan-og-moter", &[&kari])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_caseworker_takes_a_task_and_finds_it_under_assigned_to_me() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let person_page = app.person_path(PERSON).await;
    let html = app.get(&person_page, &[&kari]).await.text;
    let task_id = html
        .split(&format!("action=\"{person_page}/ta-oppgave\""))
        .nth(1)
        .and_then(|rest| rest.split("name=\"task_id\" value=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();

    let mine = app.get("/benken?mine=1", &[&kari]).await;
    assert_eq!(
        mine.page()
            .matches("<td data-label=\"Tatt av\">deg</td>")
            .count(),
        0,
        "{}",
        mine.text
    );
    let answer = post(
        &app,
        &kari,
        &person_page,
        &format!("{person_page}/ta-oppgave"),
        &[("task_id", &task_id), ("take", "1")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let html = app.get(&person_page, &[&kari]).await;
    assert!(html.page().contains("tatt av deg"), "{}", html.text);
    let mine = app.get("/benken?mine=1", &[&kari]).await;
    let html = mine.page();
    assert_eq!(
        html.matches("<td data-label=\"Tatt av\">deg</td>").count(),
        1,
        "{html}"
    );
    assert!(
        html.contains("id=\"mine\" name=\"mine\" type=\"checkbox\" value=\"1\" checked"),
        "{html}"
    );

    // Handed back, it is nobody's.
    let answer = post(
        &app,
        &kari,
        &person_page,
        &format!("{person_page}/ta-oppgave"),
        &[("task_id", &task_id), ("take", "0")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let mine = app.get("/benken?mine=1", &[&kari]).await;
    assert_eq!(
        mine.page()
            .matches("<td data-label=\"Tatt av\">deg</td>")
            .count(),
        0,
        "{}",
        mine.text
    );

    // A manager may not take NAV's tasks.
    let mona = app.sign_in("mona").await;
    let answer = post(
        &app,
        &mona,
        "/mine-sykmeldte",
        &format!("{person_page}/ta-oppgave"),
        &[("task_id", &task_id), ("take", "1")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn nav_notes_reach_the_person_but_never_the_employer_or_the_gp() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let person_page = app.person_path(PERSON).await;
    let answer = post(
        &app,
        &kari,
        &person_page,
        &format!("{person_page}/notat"),
        &[("text", "")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
    assert!(answer.page().contains("href=\"#text\""), "{}", answer.text);
    let answer = post(
        &app,
        &kari,
        &person_page,
        &format!("{person_page}/notat"),
        &[("text", "Ringte arbeidstakeren om arbeidsutprøving.")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let note = "Ringte arbeidstakeren om arbeidsutprøving.";
    assert!(app.get(&person_page, &[&kari]).await.text.contains(note));
    let ola = app.sign_in("ola").await;
    assert!(app
        .get("/min-sykmelding/plan-og-moter", &[&ola])
        .await
        .page()
        .contains(note));
    for other in ["mona", "dr-berg"] {
        let session = app.sign_in(other).await;
        let html = app.get(&person_page, &[&session]).await;
        assert_eq!(html.status, StatusCode::OK, "{other}");
        assert!(!html.text.contains(note), "{other} sees the note");
        assert!(
            !html.text.contains("Notat fra NAV"),
            "{other} sees the note's row"
        );
    }
}

#[tokio::test]
async fn reloading_a_form_that_came_back_leads_to_its_page_not_to_405() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    for (form, page) in [
        (
            format!("{}/moter/innkalling", app.person_path(PERSON).await),
            format!("{}/moter", app.person_path(PERSON).await),
        ),
        (
            format!("{}/plan/del", app.person_path(PERSON).await),
            format!("{}/plan", app.person_path(PERSON).await),
        ),
        (
            format!("{}/notat", app.person_path(PERSON).await),
            app.person_path(PERSON).await,
        ),
        (
            "/min-sykmelding/plan-og-moter/svar".to_owned(),
            "/min-sykmelding/plan-og-moter".to_owned(),
        ),
    ] {
        let answer = app.get(&form, &[&kari]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{form}");
        assert_eq!(answer.headers[axum::http::header::LOCATION], page.as_str());
    }
}
