//! The sessions page's texts, and the header link to it.

section! {
    /// Texts of `GET /innlogginger`.
    pub struct SessionsTexts {
        /// The link in the header, beside who is signed in.
        link,
        heading,
        intro,
        /// The table's caption (read by screen readers).
        caption,
        column_created,
        column_last_used,
        column_expires,
        column_which,
        /// Marks the session of this browser.
        this_one,
        /// Another browser or device.
        other_one,
        /// `{count}`: the number of sessions, 2 or more.
        count_many,
        count_one,
        everywhere_heading,
        everywhere_hint,
        everywhere_submit,
    }
}

pub const NB: SessionsTexts = SessionsTexts {
    link: "Innlogginger",
    heading: "Innloggingene dine",
    intro: "Her ser du hvor du er logget inn nå. Kjenner du ikke igjen en innlogging, logg ut overalt og si fra til den som ga deg brukernavnet.",
    caption: "Innloggingene dine, den nyeste først",
    column_created: "Logget inn",
    column_last_used: "Sist brukt",
    column_expires: "Utløper",
    column_which: "Hvor",
    this_one: "Denne nettleseren",
    other_one: "En annen nettleser eller enhet",
    count_many: "Du er logget inn {count} steder.",
    count_one: "Du er logget inn bare her.",
    everywhere_heading: "Logg ut overalt",
    everywhere_hint: "Alle innloggingene dine avsluttes, også denne. Du må logge inn på nytt.",
    everywhere_submit: "Logg ut overalt",
};

pub const EN: SessionsTexts = SessionsTexts {
    link: "Sessions",
    heading: "Your sessions",
    intro: "This is where you are signed in now. If you do not recognise a session, log out everywhere and tell whoever gave you your username.",
    caption: "Your sessions, newest first",
    column_created: "Signed in",
    column_last_used: "Last used",
    column_expires: "Expires",
    column_which: "Where",
    this_one: "This browser",
    other_one: "Another browser or device",
    count_many: "You are signed in in {count} places.",
    count_one: "You are signed in only here.",
    everywhere_heading: "Log out everywhere",
    everywhere_hint: "Every session of yours ends, this one too. You will have to sign in again.",
    everywhere_submit: "Log out everywhere",
};
