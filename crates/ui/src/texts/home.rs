//! The front page's texts: what each role can do here.

section! {
    /// Texts of `/hjem`, the front page for roles without a page of their own yet.
    pub struct HomeTexts {
        heading,
        signed_in_role,
        caseworker,
        go_to_queue,
        worker,
        go_to_my_sick_leave,
        manager,
        gp,
        counsellor,
        job_specialist,
        se_supervisor,
        admin,
        system,
        /// For roles whose pages are still to come.
        not_ready,
    }
}

pub const NB: HomeTexts = HomeTexts {
    heading: "Velkommen",
    signed_in_role: "Du er logget inn som {role}.",
    caseworker: "Som NAV-veileder ser du oppgavene til kontoret ditt under Oppgaver. Der står fristene for aktivitetskravet og dialogmøte 2, og når den sykmeldte skal få beskjed før sykepengene tar slutt.",
    go_to_queue: "Gå til oppgavene",
    worker: "Her ser du hvor du er i sykmeldingen din, hva som skjer videre og hvem som har sett opplysningene dine.",
    go_to_my_sick_leave: "Gå til Min sykmelding",
    manager: "Som nærmeste leder følger du opp ansatte som er sykmeldt. Dere lager en oppfølgingsplan innen {plan_weeks} uker, og du holder dialogmøte 1 innen {meeting_weeks} uker. Du ser aldri diagnosen. Du ser det den ansatte kan og ikke kan gjøre.",
    gp: "Som lege ser du oppfølgingen av pasientene du har sykmeldt. Du får oppfølgingsplanen, og du kan bli invitert til dialogmøte 2.",
    counsellor: "Som karriereveileder ser du bare personer som har sagt ja til det. De kan trekke samtykket tilbake når som helst.",
    job_specialist: "Som jobbspesialist ser du bare personer som har sagt ja til det. De kan trekke samtykket tilbake når som helst.",
    se_supervisor: "Som metodeveileder ser du køen og teamet hos tilbyderen din: hvem som venter, hvem som følger hvem, og hvor tett teamet følger metoden. Notatene og yrkesprofilene til deltakerne ser du ikke.",
    admin: "Som administrator lager du brukere og API-nøkler med kommandoen «tilbake admin». Du ser ingen opplysninger om personer.",
    system: "Datasystemer sender dokumenter gjennom API-et og har ingen sider her.",
    not_ready: "Sidene for din rolle kommer snart.",
};

pub const EN: HomeTexts = HomeTexts {
    heading: "Welcome",
    signed_in_role: "You are signed in as {role}.",
    caseworker: "As a NAV caseworker you see your office's tasks in the work queue. It shows the due dates for the activity requirement and dialogue meeting 2, and when the person must be told before their sickness benefit ends.",
    go_to_queue: "Go to the work queue",
    worker: "Here you can see where you are in your sick leave, what happens next and who has looked at your information.",
    go_to_my_sick_leave: "Go to My sick leave",
    manager: "As nearest manager you follow up employees on sick leave. Together you make a follow-up plan within {plan_weeks} weeks, and you hold dialogue meeting 1 within {meeting_weeks} weeks. You never see the diagnosis. You see what the employee can and cannot do.",
    gp: "As a doctor you see the follow-up of the patients you have put on sick leave. You receive the follow-up plan, and you may be invited to dialogue meeting 2.",
    counsellor: "As a career counsellor you see only people who have agreed to it. They can withdraw their consent at any time.",
    job_specialist: "As a job specialist you see only people who have agreed to it. They can withdraw their consent at any time.",
    se_supervisor: "As a method supervisor you see your provider's queue and team: who is waiting, who follows whom, and how closely the team follows the method. You do not see the participants' notes or vocational profiles.",
    admin: "As an administrator you create users and API keys with the command ‘tilbake admin’. You see no information about people.",
    system: "Computer systems send documents through the API and have no pages here.",
    not_ready: "The pages for your role are coming soon.",
};
