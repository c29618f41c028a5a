//! The error pages' texts.

section! {
    /// Texts of the error pages (404, 403, 413, other 4xx, 500).
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
        /// 413: a form post larger than the server takes.
        too_large_title,
        too_large_text,
        /// Another 4xx: a form or request the page could not read.
        bad_request_title,
        bad_request_text,
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
    too_large_title: "Det du sendte, er for stort",
    too_large_text: "Skjemaet inneholdt mer tekst enn vi kan ta imot. Gå tilbake, gjør teksten kortere og send igjen.",
    bad_request_title: "Vi kunne ikke lese det du sendte",
    bad_request_text: "Noe i skjemaet var ikke slik vi ventet. Gå tilbake, last inn siden på nytt og prøv igjen.",
    back_to_start: "Gå til forsiden",
};

pub const EN: ErrorTexts = ErrorTexts {
    not_found_title: "We could not find the page",
    not_found_text: "The page does not exist, or you do not have access to it. Check that the address is right.",
    forbidden_title: "This page is not for you",
    forbidden_text: "The page is made for another role than yours. The front page shows what you have access to.",
    internal_title: "Something went wrong on our side",
    internal_text: "It is not your fault. The error has been logged. Try again in a little while.",
    too_large_title: "What you sent is too large",
    too_large_text: "The form held more text than we can take. Go back, make the text shorter and send it again.",
    bad_request_title: "We could not read what you sent",
    bad_request_text: "Something in the form was not as we expected. Go back, reload the page and try again.",
    back_to_start: "Go to the front page",
};
