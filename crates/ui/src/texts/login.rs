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
        too_many_attempts,
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
    too_many_attempts: "Det har vært for mange forsøk som ikke lyktes. Vent et kvarter og prøv igjen.",
};

pub const EN: LoginTexts = LoginTexts {
    heading: "Sign in",
    intro: "Sign in with the username and password you have been given.",
    username_label: "Username",
    password_label: "Password",
    submit: "Sign in",
    error_heading: "You were not signed in",
    failed: "The username or the password is wrong. Try again.",
    too_many_attempts: "There have been too many failed attempts. Wait a quarter of an hour and try again.",
};
