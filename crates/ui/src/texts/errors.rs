//! The error pages' texts.

section! {
    /// Texts of the error pages (404, 403, 500).
    pub struct ErrorTexts {
        /// 404: also for a person the reader may not see, on purpose.
        not_found_title,
        not_found_text,
        /// 403: the page is for another role.
        forbidden_title,
        forbidden_text,
        /// 500: the detail is logged, never shown.
        internal_title,
        internal_text,
        back_to_start,
    }
}

pub const NB: ErrorTexts = ErrorTexts {
    not_found_title: "Vi fant ikke siden",
    not_found_text:
        "Siden finnes ikke, eller du har ikke tilgang til den. Sjekk at adressen er riktig.",
    forbidden_title: "Denne siden er ikke for deg",
    forbidden_text:
        "Siden er laget for en annen rolle enn din. På forsiden finner du det du har tilgang til.",
    internal_title: "Noe gikk galt hos oss",
    internal_text: "Det er ikke din feil. Feilen er logget. Prøv igjen om litt.",
    back_to_start: "Gå til forsiden",
};

pub const EN: ErrorTexts = ErrorTexts {
    not_found_title: "We could not find the page",
    not_found_text: "The page does not exist, or you do not have access to it. Check that the address is right.",
    forbidden_title: "This page is not for you",
    forbidden_text: "The page is made for another role than yours. The front page shows what you have access to.",
    internal_title: "Something went wrong on our side",
    internal_text: "It is not your fault. The error has been logged. Try again in a little while.",
    back_to_start: "Go to the front page",
};
