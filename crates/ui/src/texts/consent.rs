//! Consent for a purpose: texts of the worker's "Hvem kan se meg"
//! (`/min-sykmelding/hvem-ser-meg`), of the counsellor's and job
//! specialist's list of persons (`/mine-personer`), and of the intro a
//! consented reader sees on a person's page.
//!
//! The worker's texts speak to someone who is unwell and may be worried:
//! short sentences, "du", and always what the others can *not* see too.

section! {
    /// Texts of consent: the worker's page, the grantee's list and intro.
    pub struct ConsentTexts {
        heading,
        intro,
        statutory,

        saved_granted,
        saved_changed,
        saved_withdrawn,

        now_heading,
        now_none,
        /// What the grantee may see the worker for.
        purpose_line,
        purpose_guidance,
        purpose_supported_employment,
        since,
        changed,
        sees_heading,
        not_sees_heading,
        /// On the purpose's own category, which every consent shares.
        always_tag,
        never_diagnosis,

        /// One plain sentence per category, to the worker.
        category_followup,
        category_certificates,
        category_casework,
        category_guidance,
        category_supported_employment,
        /// A short name per category, for the history.
        part_followup,
        part_certificates,
        part_casework,
        part_guidance,
        part_supported_employment,
        /// Between the last two of a list ("a, b og c").
        list_and,

        change_summary,
        change_label,
        change_hint,
        change_submit,
        withdraw_submit,
        withdraw_hint,

        grant_heading,
        grant_intro,
        grant_who_label,
        grant_who_hint,
        grant_who_choose,
        grant_who_error,
        grant_who_unknown,
        grant_share_label,
        grant_share_hint,
        grant_submit,
        grant_none_left,
        grant_nobody,

        history_heading,
        history_intro,
        withdrawn_heading,
        withdrawn_line,
        history_caption,
        history_granted,
        history_changed,
        history_withdrawn,
        /// Nothing but the purpose's own category was shared.
        history_only_own,

        audit_you,
        audit_you_granted,
        audit_you_changed,
        audit_you_withdrew,

        /// The link from "Min sykmelding".
        link_heading,
        link_text,
        link,

        persons_heading,
        persons_intro,
        persons_none,
        persons_list_label,

        /// The intro of a person's page for a consented reader.
        person_intro,
        person_intro_nothing,
        person_rest,
        person_purpose_guidance,
        person_purpose_supported_employment,
        person_shared_followup,
        person_shared_certificates,
        person_shared_casework,
        person_plan_none,
    }
}

pub const NB: ConsentTexts = ConsentTexts {
    heading: "Hvem kan se meg",
    intro: "Her bestemmer du om en karriereveileder eller en jobbspesialist får se opplysninger om sykefraværet ditt, og hva de får se. Det er frivillig. Du kan ombestemme deg når du vil.",
    statutory: "Lederen din, legen din og NAV ser det de trenger for å følge deg opp. Det bestemmer loven, og det trenger de ikke samtykke til. Lederen din ser aldri diagnosen.",

    saved_granted: "Lagret. {name} kan nå se det du valgte.",
    saved_changed: "Lagret. Under ser du hva {name} kan se nå.",
    saved_withdrawn: "Samtykket er trukket tilbake. {name} kan ikke se deg lenger.",

    now_heading: "Disse kan se deg nå",
    now_none: "Ingen karriereveileder eller jobbspesialist kan se deg nå.",
    purpose_line: "Hvorfor: for å {purpose}.",
    purpose_guidance: "gi deg karriereveiledning",
    purpose_supported_employment: "hjelpe deg tilbake i jobb",
    since: "Du sa ja {date}.",
    changed: "Du endret det sist {date}.",
    sees_heading: "Dette kan {name} se",
    not_sees_heading: "Dette kan {name} ikke se",
    always_tag: "Alltid med",
    never_diagnosis: "Diagnosen din. Den får {name} aldri se.",

    category_followup: "Oppfølgingen din: når sykefraværet startet, og fristene for plan, møter og sykepenger. Ikke selve sykmeldingene.",
    category_certificates: "Sykmeldingene dine: perioder, prosent og arbeidsgiver. Også egenmeldinger og ferie. Aldri diagnosen.",
    category_casework: "Oppfølgingsplanen og dialogmøtene: planen lederen din har delt, innkallinger og referater. Ikke NAVs notater.",
    category_guidance: "Karriereveiledningen: samtalene dere har, kartleggingen og planen dere lager sammen.",
    category_supported_employment: "Jobbstøtten: yrkesprofilen din, jobbsøkingen og oppfølgingen på jobben.",
    part_followup: "oppfølgingen",
    part_certificates: "sykmeldingene",
    part_casework: "plan og møter",
    part_guidance: "karriereveiledningen",
    part_supported_employment: "jobbstøtten",
    list_and: "og",

    change_summary: "Endre hva {name} kan se",
    change_label: "Hva skal {name} få se?",
    change_hint: "Kryss av for det du vil dele. Det du ikke krysser av for, ser {name} ikke lenger. {own} er alltid med.",
    change_submit: "Lagre endringen",
    withdraw_submit: "Trekk tilbake samtykket til {name}",
    withdraw_hint: "Da kan {name} ikke se deg lenger. Det gjelder med en gang.",

    grant_heading: "Gi noen lov til å se deg",
    grant_intro: "En karriereveileder eller en jobbspesialist kan hjelpe deg videre. Da er det ofte nyttig at de vet litt om sykefraværet ditt. Du velger selv hva de får se.",
    grant_who_label: "Hvem skal få se deg?",
    grant_who_hint: "Du kan velge karriereveiledere og jobbspesialister.",
    grant_who_choose: "Velg en person",
    grant_who_error: "Velg hvem som skal få se deg.",
    grant_who_unknown: "Vi fant ikke den personen. Velg en fra listen.",
    grant_share_label: "Hva skal de få se?",
    grant_share_hint: "Kryss av for det du vil dele. Det dere gjør sammen, veiledningen eller jobbstøtten, er alltid med.",
    grant_submit: "Gi samtykke",
    grant_none_left: "Alle karriereveiledere og jobbspesialister her kan allerede se deg. Du kan endre hva de ser over.",
    grant_nobody: "Det er ingen karriereveiledere eller jobbspesialister her ennå.",

    history_heading: "Historikk",
    history_intro: "Her står alt du har gitt, endret og trukket tilbake. Det nyeste står øverst.",
    withdrawn_heading: "Trukket tilbake",
    withdrawn_line: "{who}. Gitt {granted}, trukket tilbake {withdrawn}.",
    history_caption: "Hva som har skjedd med samtykkene dine",
    history_granted: "Du ga samtykke. Delt: {parts}.",
    history_changed: "Du endret hva som deles. Delt nå: {parts}.",
    history_withdrawn: "Du trakk tilbake samtykket.",
    history_only_own: "bare det dere gjør sammen",

    audit_you: "Du",
    audit_you_granted: "Du ga {name} samtykke",
    audit_you_changed: "Du endret hva {name} kan se",
    audit_you_withdrew: "Du trakk tilbake samtykket til {name}",

    link_heading: "Hvem kan se meg?",
    link_text: "Se hvem som kan se opplysningene dine, og hvem som har sett dem. Der kan du også la en karriereveileder eller jobbspesialist se deg.",
    link: "Gå til Hvem kan se meg",

    persons_heading: "Mine personer",
    persons_intro: "Personene som har gitt deg samtykke til å se dem. Du ser bare det hver av dem har valgt å dele, og bare så lenge samtykket gjelder.",
    persons_none: "Ingen har gitt deg samtykke ennå.",
    persons_list_label: "Personer som har gitt deg samtykke",

    person_intro: "Personen har gitt deg samtykke til {purpose} og har valgt å dele dette med deg: {parts}.",
    person_intro_nothing: "Personen har gitt deg samtykke til {purpose}, men deler ikke noe om sykefraværet sitt med deg.",
    person_rest: "Det personen ikke har delt, vises ikke her. Diagnosen ser du aldri.",
    person_purpose_guidance: "karriereveiledning",
    person_purpose_supported_employment: "jobbstøtte (Supported Employment)",
    person_shared_followup: "oppfølgingen (når sykefraværet startet, og fristene)",
    person_shared_certificates: "sykmeldingene (perioder, grad og arbeidsgiver)",
    person_shared_casework: "oppfølgingsplanen og dialogmøtene",
    person_plan_none: "Lederen har ikke delt noen oppfølgingsplan ennå.",
};

pub const EN: ConsentTexts = ConsentTexts {
    heading: "Who can see me",
    intro: "Here you decide whether a career counsellor or a job specialist may see information about your sick leave, and what they may see. It is your choice. You can change your mind at any time.",
    statutory: "Your manager, your doctor and NAV see what they need to follow you up. The law decides that, and they do not need your consent. Your manager never sees your diagnosis.",

    saved_granted: "Saved. {name} can now see what you chose.",
    saved_changed: "Saved. Below is what {name} can see now.",
    saved_withdrawn: "Your consent is withdrawn. {name} can no longer see you.",

    now_heading: "Who can see you now",
    now_none: "No career counsellor or job specialist can see you now.",
    purpose_line: "Why: to {purpose}.",
    purpose_guidance: "give you career guidance",
    purpose_supported_employment: "help you back into work",
    since: "You said yes on {date}.",
    changed: "You last changed it on {date}.",
    sees_heading: "What {name} can see",
    not_sees_heading: "What {name} cannot see",
    always_tag: "Always included",
    never_diagnosis: "Your diagnosis. {name} never sees it.",

    category_followup: "Your follow-up: when your sick leave started, and the deadlines for the plan, meetings and sickness benefit. Not the sick notes themselves.",
    category_certificates: "Your sick notes: periods, percentage and employer. Also self-certified days and holidays. Never the diagnosis.",
    category_casework: "The follow-up plan and dialogue meetings: the plan your manager has shared, invitations and minutes. Not NAV's notes.",
    category_guidance: "The career guidance: your conversations, the mapping and the plan you make together.",
    category_supported_employment: "The job support: your vocational profile, the job search and the follow-up at work.",
    part_followup: "the follow-up",
    part_certificates: "the sick notes",
    part_casework: "plan and meetings",
    part_guidance: "the career guidance",
    part_supported_employment: "the job support",
    list_and: "and",

    change_summary: "Change what {name} can see",
    change_label: "What should {name} see?",
    change_hint: "Tick what you want to share. What you leave unticked, {name} no longer sees. {own} is always included.",
    change_submit: "Save the change",
    withdraw_submit: "Withdraw your consent to {name}",
    withdraw_hint: "Then {name} can no longer see you. It takes effect at once.",

    grant_heading: "Let someone see you",
    grant_intro: "A career counsellor or a job specialist can help you move on. It often helps if they know a little about your sick leave. You choose what they see.",
    grant_who_label: "Who should see you?",
    grant_who_hint: "You can choose career counsellors and job specialists.",
    grant_who_choose: "Choose a person",
    grant_who_error: "Choose who should see you.",
    grant_who_unknown: "We could not find that person. Choose one from the list.",
    grant_share_label: "What should they see?",
    grant_share_hint: "Tick what you want to share. What you do together, the guidance or the job support, is always included.",
    grant_submit: "Give consent",
    grant_none_left: "Every career counsellor and job specialist here can already see you. You can change what they see above.",
    grant_nobody: "There are no career counsellors or job specialists here yet.",

    history_heading: "History",
    history_intro: "Everything you have given, changed and withdrawn. The newest is at the top.",
    withdrawn_heading: "Withdrawn",
    withdrawn_line: "{who}. Given {granted}, withdrawn {withdrawn}.",
    history_caption: "What has happened to your consents",
    history_granted: "You gave consent. Shared: {parts}.",
    history_changed: "You changed what is shared. Shared now: {parts}.",
    history_withdrawn: "You withdrew your consent.",
    history_only_own: "only what you do together",

    audit_you: "You",
    audit_you_granted: "You gave {name} your consent",
    audit_you_changed: "You changed what {name} can see",
    audit_you_withdrew: "You withdrew your consent to {name}",

    link_heading: "Who can see me?",
    link_text: "See who can see your information, and who has looked at it. There you can also let a career counsellor or job specialist see you.",
    link: "Go to Who can see me",

    persons_heading: "My people",
    persons_intro: "The people who have given you their consent. You see only what each of them has chosen to share, and only while the consent stands.",
    persons_none: "Nobody has given you their consent yet.",
    persons_list_label: "People who have given you their consent",

    person_intro: "This person has given you consent for {purpose} and has chosen to share this with you: {parts}.",
    person_intro_nothing: "This person has given you consent for {purpose}, but shares nothing about their sick leave with you.",
    person_rest: "What the person has not shared is not shown here. You never see the diagnosis.",
    person_purpose_guidance: "career guidance",
    person_purpose_supported_employment: "job support (Supported Employment)",
    person_shared_followup: "the follow-up (when the sick leave started, and the deadlines)",
    person_shared_certificates: "the sick notes (periods, grade and employer)",
    person_shared_casework: "the follow-up plan and the dialogue meetings",
    person_plan_none: "The manager has not shared a follow-up plan yet.",
};
