//! Every word the readable timeline shows, one catalogue per language.
//!
//! The renderer (`super`) only arranges these texts; it holds no user-visible
//! words of its own. Numbers of the law (16 days and so on) come in as
//! arguments from `tilbake_domain::followup::statute`, never as literals here.
//!
//! Style: short sentences in plain language for someone who is unwell; every
//! Norwegian legal term is named (also in English) and explained once.

use tilbake_domain::followup::{MilestoneKind, Party};

/// The title and the plain meaning of one kind of milestone.
#[derive(Clone, Debug)]
pub struct MilestoneText {
    /// The milestone's name; in English followed by the Norwegian legal term.
    pub title: &'static str,
    /// What it means for the person, in one or two plain sentences.
    pub meaning: String,
}

/// The texts of one language.
#[derive(Clone, Copy)]
pub struct Catalogue {
    /// Monday first.
    pub weekdays: [&'static str; 7],
    /// January first.
    pub months: [&'static str; 12],
    /// A date from its weekday, day of month, month name and year.
    pub date: fn(weekday: &str, day: u32, month: &str, year: i32) -> String,
    /// A date's distance from today: positive is ahead, negative has passed.
    pub days_from_today: fn(days: i64) -> String,
    /// A milestone's date with its distance from today.
    pub date_and_distance: fn(date: &str, distance: &str) -> String,

    pub title: &'static str,
    pub today_is: fn(date: &str) -> String,
    pub no_today: &'static str,
    pub no_sick_leave: &'static str,
    /// Shown above several cases; the arguments are the number of cases and
    /// the gap in days that starts a new case.
    pub several_cases: fn(count: usize, gap_days: u32) -> String,
    /// Number and count are given only when there are several cases.
    pub case_heading: fn(position: Option<(usize, usize)>, start: &str, end: &str) -> String,
    pub sick_days: fn(days: u32) -> String,
    pub graded_at_end: &'static str,
    pub full_at_end: &'static str,
    pub employers: fn(employers: &str, count: usize) -> String,
    pub employer_separator: &'static str,
    pub no_employer: &'static str,
    pub within_employer_period: fn(employer_period_days: u32) -> String,

    pub milestone: fn(kind: MilestoneKind, employer_period_days: u32) -> MilestoneText,
    pub applies: &'static str,
    pub not_reached: &'static str,
    pub meeting_1_not_required: &'static str,
    pub not_required: &'static str,
    pub legal_basis: fn(source: &str) -> String,
    pub responsible: fn(party: Party) -> String,

    pub abbreviations: &'static str,
    pub closing_note: &'static str,

    /// Batch mode: the header line of one input line, and an invalid line.
    pub batch_heading: fn(line: u64) -> String,
    pub batch_error: fn(message: &str) -> String,
}

/// Norwegian bokmål.
pub const NB: Catalogue = Catalogue {
    weekdays: [
        "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
    ],
    months: [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    date: |weekday, day, month, year| format!("{weekday} {day}. {month} {year}"),
    days_from_today: |days| match days {
        0 => "i dag".to_owned(),
        1 => "i morgen".to_owned(),
        -1 => "i går".to_owned(),
        2.. => format!("om {days} dager"),
        _ => format!("for {} dager siden", days.unsigned_abs()),
    },
    date_and_distance: |date, distance| format!("{date} ({distance})"),

    title: "Oppfølging av sykefravær",
    today_is: |date| format!("I dag er det {date}."),
    no_today: "Dokumentet sier ikke hvilken dato det er i dag. Derfor står det ikke hvor lenge det er til hver dato.",
    no_sick_leave: "Det er ikke noe sykefravær i opplysningene. Derfor er det ingen frister å vise.",
    several_cases: |count, gap_days| {
        format!(
            "Du har {count} perioder med sykefravær. Når det går {gap_days} dager eller mer uten sykefravær, starter oppfølgingen og fristene på nytt."
        )
    },
    case_heading: |position, start, end| match position {
        Some((number, count)) => format!("Sykefravær {number} av {count}: fra {start} til {end}"),
        None => format!("Sykefravær fra {start} til {end}"),
    },
    sick_days: |days| format!("Antall sykedager: {days}."),
    graded_at_end: "På slutten var du gradert sykmeldt. Det betyr at du var delvis sykmeldt og delvis i jobb.",
    full_at_end: "På slutten var du helt (100 %) sykmeldt.",
    employers: |employers, count| {
        if count == 1 {
            format!("Arbeidsgiver (organisasjonsnummer): {employers}.")
        } else {
            format!("Arbeidsgivere (organisasjonsnumre): {employers}.")
        }
    },
    employer_separator: ", ",
    no_employer: "Ingen arbeidsgiver er oppgitt.",
    within_employer_period: |days| {
        format!(
            "Hele sykefraværet er innenfor arbeidsgiverperioden. Det er de første {days} dagene, og da er det arbeidsgiveren som betaler sykepengene."
        )
    },

    milestone: |kind, employer_period_days| match kind {
        MilestoneKind::EmployerPeriodEnd => MilestoneText {
            title: "Arbeidsgiverperioden slutter",
            meaning: format!(
                "Arbeidsgiveren betaler sykepengene de første {employer_period_days} dagene. Etter denne dagen er det NAV som betaler dem."
            ),
        },
        MilestoneKind::FollowUpPlan => MilestoneText {
            title: "Oppfølgingsplan",
            meaning: "Arbeidsgiver og du lager en oppfølgingsplan sammen. Den sier hva du kan gjøre på jobben, og hva som kan tilpasses for deg.".to_owned(),
        },
        MilestoneKind::DialogueMeeting1 => MilestoneText {
            title: "Dialogmøte 1",
            meaning: "Arbeidsgiveren inviterer deg til et møte om hvordan du kan komme tilbake i jobb.".to_owned(),
        },
        MilestoneKind::ActivityRequirement => MilestoneText {
            title: "Aktivitetskravet",
            meaning: "Fra nå av skal du prøve å være i jobb eller i en annen aktivitet som handler om arbeid, for eksempel jobbe litt. Det gjelder ikke hvis helsen din eller arbeidsplassen gjør det umulig.".to_owned(),
        },
        MilestoneKind::DialogueMeeting2Planning => MilestoneText {
            title: "NAV begynner å forberede dialogmøte 2",
            meaning: "NAV begynner å planlegge dialogmøte 2 og kan ta kontakt med deg.".to_owned(),
        },
        MilestoneKind::DialogueMeeting2 => MilestoneText {
            title: "Dialogmøte 2",
            meaning: "NAV inviterer deg og arbeidsgiveren til et møte om veien tilbake til jobb. Legen din kan også bli invitert.".to_owned(),
        },
        MilestoneKind::BenefitEndNotice => MilestoneText {
            title: "Informasjon før sykepengene tar slutt",
            meaning: "NAV gir deg beskjed om når sykepengene slutter, og tilbyr hjelp til å finne ut hva som skjer videre.".to_owned(),
        },
        MilestoneKind::MaxDate => MilestoneText {
            title: "Maksdato: siste dag med sykepenger",
            meaning: "Dette er den siste dagen du kan få sykepenger. Hvis du fortsatt ikke kan jobbe som før, kan du etterpå søke om arbeidsavklaringspenger (AAP), en annen støtte fra NAV.".to_owned(),
        },
    },
    applies: "Gjelder: ja, sykmeldingen varer til denne datoen.",
    not_reached: "Gjelder: bare hvis sykmeldingen blir forlenget til denne datoen.",
    meeting_1_not_required: "Gjelder: møtet er ikke påkrevd. Du var ikke helt (100 %) sykmeldt denne dagen, for eksempel fordi du var gradert (delvis) sykmeldt. Møtet holdes da bare hvis du eller arbeidsgiveren mener det er nyttig.",
    not_required: "Gjelder: nei, dette er ikke påkrevd.",
    legal_basis: |source| format!("Lovgrunnlag: {source}."),
    responsible: |party| match party {
        Party::Employer => "Ansvarlig: arbeidsgiveren.".to_owned(),
        Party::Nav => "Ansvarlig: NAV.".to_owned(),
    },

    abbreviations: "ftrl = folketrygdloven. aml = arbeidsmiljøloven.",
    closing_note: "Datoene er regnet ut fra sykmeldingene som er registrert. Hvis noe ikke stemmer, eller du lurer på noe, kan du spørre lederen din eller NAV.",

    batch_heading: |line| format!("=== Linje {line} ==="),
    batch_error: |message| format!("Denne linjen kunne ikke leses: {message}"),
};

/// English.
pub const EN: Catalogue = Catalogue {
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    date: |weekday, day, month, year| format!("{weekday} {day} {month} {year}"),
    days_from_today: |days| match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        2.. => format!("in {days} days"),
        _ => format!("{} days ago", days.unsigned_abs()),
    },
    date_and_distance: |date, distance| format!("{date} ({distance})"),

    title: "Follow-up of sick leave (sykefraværsoppfølging)",
    today_is: |date| format!("Today is {date}."),
    no_today: "The input does not say what today's date is. So the time until each date is not shown.",
    no_sick_leave: "There is no sick leave in the input. So there are no deadlines to show.",
    several_cases: |count, gap_days| {
        format!(
            "You have {count} separate periods of sick leave. When {gap_days} days or more pass without sick leave, the follow-up and its deadlines start again."
        )
    },
    case_heading: |position, start, end| match position {
        Some((number, count)) => {
            format!("Sick leave {number} of {count}: from {start} to {end}")
        }
        None => format!("Sick leave from {start} to {end}"),
    },
    sick_days: |days| format!("Number of sick days: {days}."),
    graded_at_end: "At the end you were on graded sick leave (gradert sykmelding). That means you were partly on sick leave and partly at work.",
    full_at_end: "At the end you were on full (100%) sick leave.",
    employers: |employers, count| {
        if count == 1 {
            format!("Employer (organisation number): {employers}.")
        } else {
            format!("Employers (organisation numbers): {employers}.")
        }
    },
    employer_separator: ", ",
    no_employer: "No employer is given.",
    within_employer_period: |days| {
        format!(
            "All of this sick leave is within the employer period (arbeidsgiverperioden). That is the first {days} days, when your employer pays you."
        )
    },

    milestone: |kind, employer_period_days| match kind {
        MilestoneKind::EmployerPeriodEnd => MilestoneText {
            title: "End of the employer period (arbeidsgiverperioden)",
            meaning: format!(
                "Your employer pays you for the first {employer_period_days} days. After this day, NAV pays your sickness benefit (sykepenger)."
            ),
        },
        MilestoneKind::FollowUpPlan => MilestoneText {
            title: "Follow-up plan (oppfølgingsplan)",
            meaning: "Your employer and you make a follow-up plan together. It says what you can do at work, and what can be adjusted for you.".to_owned(),
        },
        MilestoneKind::DialogueMeeting1 => MilestoneText {
            title: "Dialogue meeting 1 (dialogmøte 1)",
            meaning: "Your employer invites you to a meeting about how you can get back to work.".to_owned(),
        },
        MilestoneKind::ActivityRequirement => MilestoneText {
            title: "Activity requirement (aktivitetskravet)",
            meaning: "From now on you should try to take part in work or other work-related activity, for example by working a little. This does not apply if your health or your workplace makes it impossible.".to_owned(),
        },
        MilestoneKind::DialogueMeeting2Planning => MilestoneText {
            title: "NAV starts preparing dialogue meeting 2 (dialogmøte 2)",
            meaning: "NAV starts planning dialogue meeting 2 and may get in touch with you.".to_owned(),
        },
        MilestoneKind::DialogueMeeting2 => MilestoneText {
            title: "Dialogue meeting 2 (dialogmøte 2)",
            meaning: "NAV invites you and your employer to a meeting about your way back to work. Your doctor may be invited too.".to_owned(),
        },
        MilestoneKind::BenefitEndNotice => MilestoneText {
            title: "Information before sickness benefit ends (informasjon om maksdato)",
            meaning: "NAV tells you when your sickness benefit (sykepenger) ends, and offers help to work out what comes next.".to_owned(),
        },
        MilestoneKind::MaxDate => MilestoneText {
            title: "Maximum date (maksdato): last day with sickness benefit",
            meaning: "This is the last day you can get sickness benefit (sykepenger). If you still cannot work as before, you can then apply for work assessment allowance (arbeidsavklaringspenger, AAP), another kind of support from NAV.".to_owned(),
        },
    },
    applies: "Applies: yes, your sick leave lasts until this date.",
    not_reached: "Applies: only if your sick leave is extended to this date.",
    meeting_1_not_required: "Applies: the meeting is not required. You were not on full (100%) sick leave on this day, for example because you were on graded (partial) sick leave. Then the meeting is held only if you or your employer find it useful.",
    not_required: "Applies: no, this is not required.",
    legal_basis: |source| format!("Legal basis: {source}."),
    responsible: |party| match party {
        Party::Employer => "Responsible: your employer.".to_owned(),
        Party::Nav => "Responsible: NAV.".to_owned(),
    },

    abbreviations: "ftrl = the National Insurance Act (folketrygdloven). aml = the Working Environment Act (arbeidsmiljøloven).",
    closing_note: "The dates are worked out from the sick leave registered so far. If something looks wrong, or you have questions, ask your manager or NAV.",

    batch_heading: |line| format!("=== Line {line} ==="),
    batch_error: |message| format!("This line could not be read: {message}"),
};
