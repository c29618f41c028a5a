//! What a save says: the confirmation at the top of the page a form leads
//! back to, and the link to what was saved.

section! {
    /// Confirmations after a form was saved (`?lagret=…`).
    pub struct SavedTexts {
        /// The link to what was saved.
        show,
        plan_saved,
        plan_shared,
        invitation_sent,
        answer_sent,
        minutes_sent,
        request_sent,
        activity_recorded,
        task_decided,
        task_taken,
        task_returned,
        note_saved,
        guidance_suggested,
        plan_answered,
    }
}

pub const NB: SavedTexts = SavedTexts {
    show: "Se det",
    plan_saved: "Planen er lagret som en ny versjon.",
    plan_shared: "Planen er delt med fastlegen og NAV.",
    invitation_sent: "Innkallingen er sendt. Deltakerne ser den når de logger inn.",
    answer_sent: "Svaret ditt er sendt.",
    minutes_sent: "Referatet er sendt. Avtalene er lagt inn som oppgaver.",
    request_sent: "Ønsket om møte er sendt til NAV.",
    activity_recorded: "Vurderingen av aktivitetskravet er registrert.",
    task_decided: "Oppgaven er oppdatert.",
    task_taken: "Du har tatt oppgaven.",
    task_returned: "Du har gitt oppgaven tilbake til kontoret.",
    note_saved: "Notatet er lagret.",
    guidance_suggested: "Forslaget om karriereveiledning er sendt til personen.",
    plan_answered: "Svaret ditt på planen er sendt til lederen din.",
};

pub const EN: SavedTexts = SavedTexts {
    show: "Show it",
    plan_saved: "The plan is saved as a new version.",
    plan_shared: "The plan is shared with the GP and NAV.",
    invitation_sent: "The invitation is sent. The participants see it when they sign in.",
    answer_sent: "Your answer is sent.",
    minutes_sent: "The minutes are sent. The agreements are added as tasks.",
    request_sent: "Your request for a meeting is sent to NAV.",
    activity_recorded: "The assessment of the activity requirement is recorded.",
    task_decided: "The task is updated.",
    task_taken: "You have taken the task.",
    task_returned: "You have given the task back to the office.",
    note_saved: "The note is saved.",
    guidance_suggested: "The suggestion of career guidance is sent to the person.",
    plan_answered: "Your answer to the plan is sent to your manager.",
};
