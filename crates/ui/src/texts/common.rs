//! The layout's texts (header, menu, footer) and the words every page shares:
//! role names, month and weekday names, dates and distances in days.

section! {
    /// Texts of the layout and of dates, shared by every page.
    pub struct CommonTexts {
        /// The product's name in the header and in every page title.
        product_name,
        /// What the product is, after its name.
        product_tagline,
        /// The page title: the page's own title, then the product.
        page_title,
        /// The page title when the page shows an error the reader must fix.
        page_title_error,
        /// The first link on every page, for keyboard and screen-reader users.
        skip_link,
        /// Who is signed in, in the header.
        signed_in_as,
        log_out,
        /// The name of the main menu (its `aria-label`).
        main_menu,
        /// The link to the other language, written in that language.
        switch_language,
        /// What the link does, in the other language (its `aria-label`).
        switch_language_label,
        nav_home,
        nav_queue,
        nav_my_sick_leave,
        footer,

        role_caseworker,
        role_manager,
        role_worker,
        role_gp,
        role_counsellor,
        role_job_specialist,
        role_admin,
        role_system,

        month_01,
        month_02,
        month_03,
        month_04,
        month_05,
        month_06,
        month_07,
        month_08,
        month_09,
        month_10,
        month_11,
        month_12,
        weekday_monday,
        weekday_tuesday,
        weekday_wednesday,
        weekday_thursday,
        weekday_friday,
        weekday_saturday,
        weekday_sunday,

        /// A date with its weekday (`{weekday} {day} {month} {year}`).
        date_long,
        /// A date without weekday.
        date_short,
        /// A date and a time of day.
        date_time,
        /// A time of day, 24-hour clock.
        time_of_day,
        /// A distance in days from today.
        today,
        tomorrow,
        yesterday,
        in_days,
        days_ago,
    }
}

pub const NB: CommonTexts = CommonTexts {
    product_name: "tilbake",
    product_tagline: "Oppfølging av sykefravær",
    page_title: "{page} – tilbake",
    page_title_error: "Feil: {page} – tilbake",
    skip_link: "Gå til hovedinnholdet",
    signed_in_as: "Logget inn: {username}, {role}",
    log_out: "Logg ut",
    main_menu: "Hovedmeny",
    switch_language: "English",
    switch_language_label: "Change the language to English",
    nav_home: "Forside",
    nav_queue: "Oppgaver",
    nav_my_sick_leave: "Min sykmelding",
    footer: "tilbake – oppfølging av sykefravær. Opplysningene her er personopplysninger. Hver gang noen ser på dem, blir det logget.",

    role_caseworker: "NAV-veileder",
    role_manager: "nærmeste leder",
    role_worker: "sykmeldt",
    role_gp: "lege",
    role_counsellor: "karriereveileder",
    role_job_specialist: "jobbspesialist",
    role_admin: "administrator",
    role_system: "datasystem",

    month_01: "januar",
    month_02: "februar",
    month_03: "mars",
    month_04: "april",
    month_05: "mai",
    month_06: "juni",
    month_07: "juli",
    month_08: "august",
    month_09: "september",
    month_10: "oktober",
    month_11: "november",
    month_12: "desember",
    weekday_monday: "mandag",
    weekday_tuesday: "tirsdag",
    weekday_wednesday: "onsdag",
    weekday_thursday: "torsdag",
    weekday_friday: "fredag",
    weekday_saturday: "lørdag",
    weekday_sunday: "søndag",

    date_long: "{weekday} {day}. {month} {year}",
    date_short: "{day}. {month} {year}",
    date_time: "{date} kl. {time}",
    time_of_day: "{hour}.{minute}",
    today: "i dag",
    tomorrow: "i morgen",
    yesterday: "i går",
    in_days: "om {days} dager",
    days_ago: "for {days} dager siden",
};

pub const EN: CommonTexts = CommonTexts {
    product_name: "tilbake",
    product_tagline: "Sick-leave follow-up",
    page_title: "{page} – tilbake (sick-leave follow-up)",
    page_title_error: "Error: {page} – tilbake (sick-leave follow-up)",
    skip_link: "Skip to main content",
    signed_in_as: "Signed in: {username}, {role}",
    log_out: "Log out",
    main_menu: "Main menu",
    switch_language: "Norsk (bokmål)",
    switch_language_label: "Bytt språk til norsk (bokmål)",
    nav_home: "Home",
    nav_queue: "Work queue",
    nav_my_sick_leave: "My sick leave",
    footer: "tilbake – sick-leave follow-up. The information here is personal data. Every time someone looks at it, it is logged.",

    role_caseworker: "NAV caseworker",
    role_manager: "nearest manager",
    role_worker: "on sick leave",
    role_gp: "doctor",
    role_counsellor: "career counsellor",
    role_job_specialist: "job specialist",
    role_admin: "administrator",
    role_system: "computer system",

    month_01: "January",
    month_02: "February",
    month_03: "March",
    month_04: "April",
    month_05: "May",
    month_06: "June",
    month_07: "July",
    month_08: "August",
    month_09: "September",
    month_10: "October",
    month_11: "November",
    month_12: "December",
    weekday_monday: "Monday",
    weekday_tuesday: "Tuesday",
    weekday_wednesday: "Wednesday",
    weekday_thursday: "Thursday",
    weekday_friday: "Friday",
    weekday_saturday: "Saturday",
    weekday_sunday: "Sunday",

    date_long: "{weekday} {day} {month} {year}",
    date_short: "{day} {month} {year}",
    date_time: "{date} at {time}",
    time_of_day: "{hour}:{minute}",
    today: "today",
    tomorrow: "tomorrow",
    yesterday: "yesterday",
    in_days: "in {days} days",
    days_ago: "{days} days ago",
};
