//! The sign-in page's texts.

section! {
    /// Texts of `GET /login` and of a failed sign-in.
    pub struct LoginTexts {
        heading,
        intro,
        username_label,
        password_label,
        submit,
        /// Heading of the box that says what went wrong.
        error_heading,
        /// The same text whether the user exists or not (never say which).
        failed,
        /// `{wait}`: one of the `wait_…` texts.
        too_many_attempts,
        wait_one_second,
        /// `{count}` seconds, 2 to 59.
        wait_seconds,
        wait_one_minute,
        /// `{count}` minutes.
        wait_minutes,
        /// A form was sent after the session had ended: it is kept, and
        /// sent once the person has signed in again.
        kept_form_notice,
        /// The person came to a page after the session had ended.
        next_notice,
    }
}

pub const NB: LoginTexts = LoginTexts {
    heading: "Logg inn",
    intro: "Logg inn med brukernavnet og passordet du har fått.",
    username_label: "Brukernavn",
    password_label: "Passord",
    submit: "Logg inn",
    error_heading: "Du ble ikke logget inn",
    failed: "Brukernavnet eller passordet er feil. Prøv igjen.",
    too_many_attempts: "Det har vært flere forsøk som ikke lyktes. Vent {wait} og prøv igjen.",
    wait_one_second: "ett sekund",
    wait_seconds: "{count} sekunder",
    wait_one_minute: "ett minutt",
    wait_minutes: "{count} minutter",
    kept_form_notice: "Du ble logget ut fordi det var lenge siden sist. Det du skrev er tatt vare på: logg inn igjen, så sender vi det og viser deg siden du var på.",
    next_notice: "Logg inn, så kommer du tilbake til siden du var på.",
};

pub const EN: LoginTexts = LoginTexts {
    heading: "Sign in",
    intro: "Sign in with the username and password you have been given.",
    username_label: "Username",
    password_label: "Password",
    submit: "Sign in",
    error_heading: "You were not signed in",
    failed: "The username or the password is wrong. Try again.",
    too_many_attempts: "There have been several failed attempts. Wait {wait} and try again.",
    wait_one_second: "one second",
    wait_seconds: "{count} seconds",
    wait_one_minute: "one minute",
    wait_minutes: "{count} minutes",
    kept_form_notice: "You were signed out because it had been a while. What you wrote has been kept: sign in again, and we will send it and show you the page you were on.",
    next_notice: "Sign in, and you will come back to the page you were on.",
};
