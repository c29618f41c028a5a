//! The pages of Supported Employment: NAV refers, the person agrees (or
//! not) and can stop at once, the job specialist keeps the records, the
//! method supervisor assigns from the queue (the cap said plainly) and sees
//! the team; the employer register.

use super::*;

use tilbake_domain::identity::Orgnr;
use tilbake_store::Actor;

const PROVIDER: &str = "923609016";
const EMPLOYER_B: &str = "974760673";

/// Persons of the caseload tests: valid numbers born 15 March 1985.
fn person(n: usize) -> Fnr {
    (0..100)
        .find_map(|checks| Fnr::parse(&format!("154385{:03}{checks:02}", 300 + n)).ok())
        .or_else(|| {
            (0..100).find_map(|checks| Fnr::parse(&format!("154385{:03}{checks:02}", 600 + n)).ok())
        })
        .unwrap()
}

/// The provider and its people: `nav` (caseworker at UNIT), `anna` (the
/// worker PERSON), job specialists `sam` and `kim`, supervisor `boss`.
#[allow(clippy::disallowed_methods)] // the test stands in for the operator registering the provider
async fn arrange() -> (TestApp, Sessions) {
    let app = spawn_app().await;
    app.store
        .put_provider(
            &Actor::command_line("setup"),
            &Orgnr::parse(PROVIDER).unwrap(),
            "Jobbhuset",
            0,
        )
        .await
        .unwrap();
    app.add_user("nav", Role::Caseworker, UNIT).await;
    app.add_user("anna", Role::Worker, PERSON).await;
    app.add_user("sam", Role::JobSpecialist, PROVIDER).await;
    app.add_user("kim", Role::JobSpecialist, PROVIDER).await;
    app.add_user("boss", Role::SeSupervisor, PROVIDER).await;
    let sessions = Sessions {
        nav: app.sign_in("nav").await,
        anna: app.sign_in("anna").await,
        sam: app.sign_in("sam").await,
        kim: app.sign_in("kim").await,
        boss: app.sign_in("boss").await,
    };
    (app, sessions)
}

struct Sessions {
    nav: String,
    anna: String,
    sam: String,
    kim: String,
    boss: String,
}

fn person_se(fnr: &str) -> String {
    format!("/person/{fnr}/arbeid-med-bistand")
}

fn participant(fnr: &str) -> String {
    format!("/arbeid-med-bistand/deltaker/{fnr}")
}

/// Posts one of the participant page's forms (PERSON's) as `session`.
async fn to_participant(
    app: &TestApp,
    session: &str,
    form: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let page = participant(PERSON);
    post_from(app, session, &page, &format!("{page}/{form}"), fields).await
}

async fn refer(app: &TestApp, nav: &str, fnr: &str, specialist: &str) -> Answer {
    post_from(
        app,
        nav,
        &person_se(fnr),
        &person_se(fnr),
        &[
            ("provider", PROVIDER),
            ("specialist", specialist),
            ("reason", "Ønsker seg ut i vanlig arbeid"),
        ],
    )
    .await
}

#[tokio::test]
async fn nothing_reaches_the_specialist_before_agreement_and_withdrawal_ends_access_at_once() {
    let (app, s) = arrange().await;
    // Before any referral: the worker reads what it is, nothing to answer.
    let mine = app
        .get("/min-sykmelding/arbeid-med-bistand", &[&s.anna])
        .await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.page().contains("Du er ikke henvist"));
    assert!(!mine.text.contains("Ja, jeg vil være med"));

    // A referral without a reason comes back with the error and stores nothing.
    let form = app.get(&person_se(PERSON), &[&s.nav]).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.page().contains("Jobbhuset"));
    let refused = post_from(
        &app,
        &s.nav,
        &person_se(PERSON),
        &person_se(PERSON),
        &[("provider", PROVIDER), ("specialist", ""), ("reason", "  ")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.page().contains("Skriv kort hvorfor"));
    assert!(!app
        .get(&person_se(PERSON), &[&s.nav])
        .await
        .text
        .contains("Henvisning:"));
    // A specialist of another provider is refused too.
    let wrong = post_from(
        &app,
        &s.nav,
        &person_se(PERSON),
        &person_se(PERSON),
        &[
            ("provider", PROVIDER),
            ("specialist", "910000004:sam"),
            ("reason", "Grunn"),
        ],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);

    let referred = refer(&app, &s.nav, PERSON, &format!("{PROVIDER}:sam")).await;
    assert_eq!(referred.status, StatusCode::SEE_OTHER, "{}", referred.text);
    let state = app.get(&person_se(PERSON), &[&s.nav]).await;
    assert!(state.page().contains("Venter på svar fra personen"));
    let person_page = app.get(&app.person_path(PERSON).await, &[&s.nav]).await;
    assert!(person_page
        .page()
        .contains("Henvisning: Venter på svar fra personen"));
    assert!(person_page.text.contains(&format!(
        "{}/arbeid-med-bistand",
        app.person_path(PERSON).await
    )));
    // No second referral while one is open: the form is not offered.
    assert!(!state.text.contains("name=\"reason\""));

    // Before the person agrees the provider sees nothing.
    assert_eq!(
        app.get(&participant(PERSON), &[&s.sam]).await.status,
        StatusCode::NOT_FOUND
    );
    let caseload = app.get("/arbeid-med-bistand", &[&s.sam]).await;
    assert!(caseload.page().contains("0 av 20"));
    assert!(!caseload.text.contains(&PERSON[..6]));
    let team = app.get("/arbeid-med-bistand/team", &[&s.boss]).await;
    assert_eq!(team.status, StatusCode::OK);
    assert!(team.page().contains("Ingen venter i køen"));

    // The offer in plain words, with yes and no.
    let offer = app
        .get("/min-sykmelding/arbeid-med-bistand", &[&s.anna])
        .await;
    let html = offer.page();
    for words in [
        "Det er frivillig",
        "Diagnosen din ser de ikke",
        "Du kan slutte når du vil",
        "Ønsker seg ut i vanlig arbeid",
        "Ja, jeg vil være med",
        "Nei takk",
    ] {
        assert!(html.contains(words), "the offer lacks {words:?}");
    }
    let agreed = post_from(
        &app,
        &s.anna,
        "/min-sykmelding/arbeid-med-bistand",
        "/min-sykmelding/arbeid-med-bistand/svar",
        &[("answer", "ja")],
    )
    .await;
    assert_eq!(agreed.status, StatusCode::SEE_OTHER);
    let active = app.get(agreed.location(), &[&s.anna]).await;
    assert!(active.page().contains("Jobbspesialisten din er sam"));
    assert!(active.text.contains("Jeg vil slutte"));

    // The specialist: on the caseload, the records open and take an activity.
    let caseload = app.get("/arbeid-med-bistand", &[&s.sam]).await;
    assert!(caseload.page().contains("1 av 20"));
    let reference = app.person_path(PERSON).await.replace("/person/", "");
    assert!(caseload
        .text
        .contains(&format!("/arbeid-med-bistand/deltaker/{reference}")));
    assert_eq!(
        app.get(&participant(PERSON), &[&s.kim]).await.status,
        StatusCode::NOT_FOUND,
        "another specialist of the provider sees nothing"
    );
    let page = app.get(&participant(PERSON), &[&s.sam]).await;
    assert_eq!(page.status, StatusCode::OK);
    // Guidance not shared: no button, and the server refuses.
    assert!(!page.page().contains("Hent inn fra karriereveiledningen"));
    let refused = to_participant(&app, &s.sam, "veiledning", &[]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let future = to_participant(
        &app,
        &s.sam,
        "aktivitet",
        &[
            ("on", "02.06.2024"),
            ("kind", "participant_meeting"),
            ("place", "office"),
            ("note", "Hemmelig notat"),
        ],
    )
    .await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(future.page().contains("ikke etter i dag"));
    let logged = to_participant(
        &app,
        &s.sam,
        "aktivitet",
        &[
            ("on", "01.06.2024"),
            ("kind", "participant_meeting"),
            ("place", "office"),
            ("note", "Hemmelig notat"),
        ],
    )
    .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.text);
    assert!(app
        .get(&participant(PERSON), &[&s.sam])
        .await
        .page()
        .contains("Hemmelig notat"));

    // A profile without wishes is refused; with them it is version 1.
    let profile_path = format!("{}/profil", participant(PERSON));
    let no_wishes = post_from(
        &app,
        &s.sam,
        &participant(PERSON),
        &profile_path,
        &[
            ("wishes", ""),
            ("interests", "Lager"),
            ("source", "conversation"),
        ],
    )
    .await;
    assert_eq!(no_wishes.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_wishes
        .page()
        .contains("Skriv ønskene for framtiden først"));
    // Next to the field, and in the summary with a link to it.
    assert!(no_wishes.text.contains("<a href=\"#wishes\">Skriv ønskene"));
    assert!(no_wishes.text.contains("id=\"wishes-error\""));
    assert!(no_wishes
        .text
        .contains("id=\"wishes\" aria-invalid=\"true\" aria-describedby=\"wishes-error\""));
    let bad_hours = post_from(
        &app,
        &s.sam,
        &participant(PERSON),
        &profile_path,
        &[("wishes", "Jobbe med dyr"), ("hours", "30-10")],
    )
    .await;
    assert_eq!(bad_hours.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad_hours.page().contains("fra-til"));
    assert!(bad_hours
        .text
        .contains("aria-describedby=\"hours-hint hours-error\""));
    let saved = post_from(
        &app,
        &s.sam,
        &participant(PERSON),
        &profile_path,
        &[
            ("wishes", "Jobbe med dyr"),
            ("interests", "Dyrepleie"),
            ("can_do_now", "Fôring"),
            ("hours", "10-20"),
            ("source", "conversation"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let page = app.get(&participant(PERSON), &[&s.sam]).await;
    assert!(page
        .page()
        .contains("Versjon 1, 1. juni 2024, fra en samtale"));
    // The steps are a tracker: several at once.
    let steps = to_participant(
        &app,
        &s.sam,
        "trinn",
        &[("step", "vocational_profile"), ("step", "job_finding")],
    )
    .await;
    assert_eq!(steps.status, StatusCode::SEE_OTHER);
    let caseload = app.get("/arbeid-med-bistand", &[&s.sam]).await;
    assert!(caseload
        .page()
        .contains("2. Yrkesprofil og karriereplan; 3. Finne jobb"));

    // The person reads their own profile; NAV sees the state, never the notes.
    let own = app
        .get("/min-sykmelding/arbeid-med-bistand", &[&s.anna])
        .await;
    assert!(own.page().contains("Jobbe med dyr"));
    let nav = app.get(&person_se(PERSON), &[&s.nav]).await;
    assert!(nav.page().contains("Følges av en jobbspesialist"));
    assert!(!nav.text.contains("Hemmelig notat"));
    assert!(!nav.text.contains("Jobbe med dyr"));

    // Withdrawal ends access at once.
    let stopped = post_from(
        &app,
        &s.anna,
        "/min-sykmelding/arbeid-med-bistand",
        "/min-sykmelding/arbeid-med-bistand/slutt",
        &[],
    )
    .await;
    assert_eq!(stopped.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&participant(PERSON), &[&s.sam]).await.status,
        StatusCode::NOT_FOUND
    );
    let caseload = app.get("/arbeid-med-bistand", &[&s.sam]).await;
    assert!(caseload.page().contains("0 av 20"));
    assert!(app
        .get(
            "/min-sykmelding/arbeid-med-bistand?lagret=slutt",
            &[&s.anna]
        )
        .await
        .page()
        .contains("Du har sluttet"));
    let logged_after = post_from(
        &app,
        &s.sam,
        "/arbeid-med-bistand",
        &format!("{}/aktivitet", participant(PERSON)),
        &[
            ("on", "01.06.2024"),
            ("kind", "career_talk"),
            ("place", "out"),
        ],
    )
    .await;
    assert_eq!(logged_after.status, StatusCode::NOT_FOUND);
    // NAV sees that it ended, and may refer again.
    let nav = app.get(&person_se(PERSON), &[&s.nav]).await;
    assert!(nav.page().contains("du sluttet"));
    assert!(nav.text.contains("name=\"reason\""));
}

#[tokio::test]
async fn a_no_thank_you_sends_nothing_to_the_provider() {
    let (app, s) = arrange().await;
    refer(&app, &s.nav, PERSON, "").await;
    let declined = post_from(
        &app,
        &s.anna,
        "/min-sykmelding/arbeid-med-bistand",
        "/min-sykmelding/arbeid-med-bistand/svar",
        &[("answer", "nei")],
    )
    .await;
    assert_eq!(declined.status, StatusCode::SEE_OTHER);
    assert!(app
        .get(declined.location(), &[&s.anna])
        .await
        .page()
        .contains("Ingenting er sendt til tilbyderen"));
    assert!(app
        .get("/arbeid-med-bistand/team", &[&s.boss])
        .await
        .page()
        .contains("Ingen venter i køen"));
    // Only the worker decides: a caseworker cannot answer for them.
    let forged = post_from(
        &app,
        &s.nav,
        &person_se(PERSON),
        "/min-sykmelding/arbeid-med-bistand/svar",
        &[("answer", "ja")],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_supervisor_assigns_from_the_queue_and_the_cap_is_said_plainly() {
    let (app, s) = arrange().await;
    // Twenty participants agree with sam; the twenty-first waits in the queue.
    let mut documents = Vec::new();
    for n in 0..21 {
        let fnr = person(n);
        documents.push(format!(
            r#"{{"kind": "sick_leave", "id": "se{n}", "person": "{fnr}", "from": "2024-04-01",
                "to": "2024-07-31", "grade": 100, "employer": "{EMPLOYER}", "unit": "{UNIT}"}}"#
        ));
    }
    app.post_documents(&documents).await;
    for n in 0..21 {
        let fnr = person(n).to_string();
        let name = format!("p{n}");
        app.add_user(&name, Role::Worker, &fnr).await;
        let answer = refer(&app, &s.nav, &fnr, &format!("{PROVIDER}:sam")).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
        let session = app.sign_in(&name).await;
        let agreed = post_from(
            &app,
            &session,
            "/min-sykmelding/arbeid-med-bistand",
            "/min-sykmelding/arbeid-med-bistand/svar",
            &[("answer", "ja")],
        )
        .await;
        assert_eq!(agreed.status, StatusCode::SEE_OTHER);
    }
    let caseload = app.get("/arbeid-med-bistand", &[&s.sam]).await;
    assert!(caseload.page().contains("20 av 20"));
    assert!(caseload.text.contains("Du har fulle 20"));
    let waiting = person(20).to_string();
    let team = app.get("/arbeid-med-bistand/team", &[&s.boss]).await;
    let html = team.page();
    assert!(html.contains("Teamet hos Jobbhuset"));
    assert!(html.contains("ønsket sam"));
    assert!(html.contains(&format!("value=\"{waiting}\"")));
    // The IPS items by Norwegian names, each explained; warnings in words.
    assert!(html.contains("Antall deltakere"));
    assert!(html.contains("Rask jobbsøking"));
    assert!(html.contains("(IPS: «Caseload size»)"));
    assert!(html.contains("Under målet på 6 arbeidsgiverkontakter i uka"));
    assert!(!html.contains(">!<"));
    // The rule of what is hidden is on the page; the caseload is shown in full.
    assert!(html.contains("«Skjult» betyr at tallet gjelder færre enn 5 personer"));
    assert!(html.contains("<td>20 av 20</td>"));
    assert!(html.contains("sam (20 av 20)"));
    let english = app
        .get("/arbeid-med-bistand/team?lang=en", &[&s.boss])
        .await;
    assert!(english.page().contains("Caseload size"));
    assert!(english
        .text
        .contains("Below the goal of 6 employer contacts a week"));
    // The queue's person sees that they wait.
    let p20 = app.sign_in("p20").await;
    assert!(app
        .get("/min-sykmelding/arbeid-med-bistand", &[&p20])
        .await
        .page()
        .contains("Du venter på en jobbspesialist hos Jobbhuset"));

    let full = post_from(
        &app,
        &s.boss,
        "/arbeid-med-bistand/team",
        "/arbeid-med-bistand/team/tildel",
        &[("person", &waiting), ("specialist", "sam")],
    )
    .await;
    assert_eq!(full.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(full
        .page()
        .contains("sam har allerede 20 deltakere. Velg en annen"));
    let assigned = post_from(
        &app,
        &s.boss,
        "/arbeid-med-bistand/team",
        "/arbeid-med-bistand/team/tildel",
        &[("person", &waiting), ("specialist", "kim")],
    )
    .await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER);
    assert!(app
        .get("/arbeid-med-bistand", &[&s.kim])
        .await
        .page()
        .contains("1 av 20"));
    let team = app.get("/arbeid-med-bistand/team", &[&s.boss]).await;
    assert!(team.page().contains("Ingen venter i køen"));
    // The supervisor never opens a participant's records.
    assert_eq!(
        app.get(&participant(&waiting), &[&s.boss]).await.status,
        StatusCode::FORBIDDEN
    );
    // In English too.
    let english = app
        .get("/arbeid-med-bistand/team?lang=en", &[&s.boss])
        .await;
    assert!(english.page().contains("The team at Jobbhuset"));
}

#[tokio::test]
async fn the_employer_register_takes_employers_and_contacts_count_toward_the_goal() {
    let (app, s) = arrange().await;
    let register = app.get("/arbeidsgivere", &[&s.sam]).await;
    assert_eq!(register.status, StatusCode::OK);
    assert!(register
        .page()
        .contains("Ingen arbeidsgivere er registrert"));
    let bad = post_from(
        &app,
        &s.sam,
        "/arbeidsgivere",
        "/arbeidsgivere",
        &[("orgnr", "123"), ("name", "Dyreklinikken")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.page().contains("gyldig organisasjonsnummer"));
    assert!(
        bad.text.contains("value=\"Dyreklinikken\""),
        "what was typed stays"
    );
    let unnamed = post_from(
        &app,
        &s.sam,
        "/arbeidsgivere",
        "/arbeidsgivere",
        &[("orgnr", EMPLOYER_B), ("name", ""), ("tasks", "Fôring 10")],
    )
    .await;
    assert_eq!(unnamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let saved = post_from(
        &app,
        &s.sam,
        "/arbeidsgivere",
        "/arbeidsgivere",
        &[
            ("orgnr", EMPLOYER_B),
            ("name", "Dyreklinikken"),
            ("tasks", "Fôring 10\nVask av bur 5"),
            ("culture", "Rolig"),
            ("adaptations", "Korte dager"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let employer = app.get(saved.location(), &[&s.sam]).await;
    let html = employer.page();
    assert!(html.contains("Fôring: 10 timer i uka"));
    assert!(html.contains("Korte dager"));
    let contact = post_from(
        &app,
        &s.sam,
        &format!("/arbeidsgivere/{EMPLOYER_B}"),
        &format!("/arbeidsgivere/{EMPLOYER_B}/kontakt"),
        &[
            ("on", "31.05.2024"),
            ("kind", "employer_contact"),
            ("place", "out"),
        ],
    )
    .await;
    assert_eq!(contact.status, StatusCode::SEE_OTHER, "{}", contact.text);
    let caseload = app.get("/arbeid-med-bistand", &[&s.sam]).await;
    assert!(caseload.page().contains("1 av 6"));
    // The supervisor reads the register but logs no contacts.
    let as_boss = app
        .get(&format!("/arbeidsgivere/{EMPLOYER_B}"), &[&s.boss])
        .await;
    assert!(as_boss.page().contains("Dyreklinikken"));
    assert!(!as_boss.text.contains("Logg kontakten"));
    // Persons' roles see no register.
    for session in [&s.anna, &s.nav] {
        assert_eq!(
            app.get("/arbeidsgivere", &[session]).await.status,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn a_carved_job_takes_only_tasks_one_can_do_and_onboarding_and_fade_out_follow() {
    let (app, s) = arrange().await;
    refer(&app, &s.nav, PERSON, &format!("{PROVIDER}:sam")).await;
    post_from(
        &app,
        &s.anna,
        "/min-sykmelding/arbeid-med-bistand",
        "/min-sykmelding/arbeid-med-bistand/svar",
        &[("answer", "ja")],
    )
    .await;
    let saved = post_from(
        &app,
        &s.sam,
        "/arbeidsgivere",
        "/arbeidsgivere",
        &[
            ("orgnr", EMPLOYER_B),
            ("name", "Dyreklinikken"),
            ("tasks", "Fôring 10\nKasse 8"),
            ("adaptations", "Korte dager"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = participant(PERSON);
    post_from(
        &app,
        &s.sam,
        &page,
        &format!("{page}/profil"),
        &[
            ("wishes", "Jobbe med dyr"),
            ("interests", "Fôring"),
            ("can_do_now", "Fôring"),
            ("cannot_do_now", "Kasse"),
            ("adaptations", "Korte dager"),
            ("source", "work_trial"),
        ],
    )
    .await;
    // The match says why.
    let html = app.get(&page, &[&s.sam]).await.text;
    assert!(html.contains("Interessen «Fôring» passer oppgaven «Fôring»."));
    assert!(html.contains("Kan ikke nå: Kasse."));
    // A task the participant cannot do now is refused in the carved job.
    let refused = post_from(
        &app,
        &s.sam,
        &page,
        &format!("{page}/jobb"),
        &[
            ("job_employer", EMPLOYER_B),
            ("hired_on", "20.05.2024"),
            ("job_hours", "10"),
            ("job_tasks", "Fôring\nKasse"),
            ("open_market", "1"),
            ("tariff_pay", "1"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.page().contains("som deltakeren kan gjøre nå"));
    let hired = post_from(
        &app,
        &s.sam,
        &page,
        &format!("{page}/jobb"),
        &[
            ("job_employer", EMPLOYER_B),
            ("hired_on", "20.05.2024"),
            ("job_hours", "10"),
            ("job_tasks", "Fôring"),
            ("open_market", "1"),
            ("tariff_pay", "1"),
        ],
    )
    .await;
    assert_eq!(hired.status, StatusCode::SEE_OTHER, "{}", hired.text);
    let onboarding = post_from(
        &app,
        &s.sam,
        &page,
        &format!("{page}/oppstart"),
        &[("item", "breaks"), ("mentor", "Kari på lageret")],
    )
    .await;
    assert_eq!(onboarding.status, StatusCode::SEE_OTHER);
    let not_reduced = post_from(
        &app,
        &s.sam,
        &page,
        &format!("{page}/nedtrapping"),
        &[("fade", "01.07.2024 4\n01.09.2024 6")],
    )
    .await;
    assert_eq!(not_reduced.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(not_reduced
        .page()
        .contains("færre kontakter for hvert trinn"));
    let fade = post_from(
        &app,
        &s.sam,
        &page,
        &format!("{page}/nedtrapping"),
        &[("fade", "01.07.2024 4\n01.09.2024 2\n01.12.2024 0")],
    )
    .await;
    assert_eq!(fade.status, StatusCode::SEE_OTHER, "{}", fade.text);
    // The participant reads their job, onboarding and fade-out.
    let own = app
        .get("/min-sykmelding/arbeid-med-bistand", &[&s.anna])
        .await;
    let html = own.page();
    assert!(html.contains("Ansatt hos Dyreklinikken fra 20. mai 2024, 10 timer i uka."));
    assert!(html.contains("Fôring: 10 timer i uka (kan nå)"));
    assert!(html.contains("Pauser: gått gjennom 1. juni 2024"));
    assert!(html.contains("Mentor eller naturlig støtte på jobben: Kari på lageret"));
    assert!(html.contains("Fra 1. september 2024: 2 kontakter i måneden"));
}

#[tokio::test]
async fn shared_guidance_is_taken_into_the_profile_until_withdrawal() {
    let (app, s) = arrange().await;
    // The person's career guidance: the wheel and the interests.
    let wheel = post_from(
        &app,
        &s.anna,
        "/min-veiledning/wheel",
        "/min-veiledning/wheel",
        &[("q.work.current", "3"), ("q.work.desired", "8")],
    )
    .await;
    assert_eq!(wheel.status, StatusCode::SEE_OTHER, "{}", wheel.text);
    let referred = refer(&app, &s.nav, PERSON, &format!("{PROVIDER}:sam")).await;
    assert_eq!(referred.status, StatusCode::SEE_OTHER);
    let agreed = post_from(
        &app,
        &s.anna,
        "/min-sykmelding/arbeid-med-bistand",
        "/min-sykmelding/arbeid-med-bistand/svar",
        &[("answer", "ja"), ("share_guidance", "1")],
    )
    .await;
    assert_eq!(agreed.status, StatusCode::SEE_OTHER);
    let page = app.get(&participant(PERSON), &[&s.sam]).await;
    assert!(page.page().contains("Hent inn fra karriereveiledningen"));
    let take = format!("{}/veiledning", participant(PERSON));
    let taken = post_from(&app, &s.sam, &participant(PERSON), &take, &[]).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.text);
    let html = app.get(&participant(PERSON), &[&s.sam]).await.text;
    assert!(html.contains("fra karriereveiledningen"));
    assert!(html.contains("Ønsket situasjon, "));
    // Nothing new the second time: said plainly, no new version.
    let again = post_from(&app, &s.sam, &participant(PERSON), &take, &[]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.page().contains("ikke noe nytt å hente inn"));
    // The person stops: the button's form is refused at once.
    let stopped = post_from(
        &app,
        &s.anna,
        "/min-sykmelding/arbeid-med-bistand",
        "/min-sykmelding/arbeid-med-bistand/slutt",
        &[],
    )
    .await;
    assert_eq!(stopped.status, StatusCode::SEE_OTHER, "{}", stopped.text);
    let after = post_from(&app, &s.sam, &participant(PERSON), &take, &[]).await;
    assert_eq!(after.status, StatusCode::NOT_FOUND);
}
