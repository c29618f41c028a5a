//! A form that comes back with errors is shown at the address it was posted
//! to. Reloading that page asks for the address with GET; instead of an
//! empty 405 it leads back (303) to the page the form is on: the nearest
//! page above it.

/// The page a form's address belongs to: the longest page route (by
/// segments) that the address starts with, e.g. `/person/X/moter` for
/// `/person/X/moter/innkalling`.
pub fn page_of(path: &str, pages: &[&str]) -> Option<String> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    (1..segments.len()).rev().find_map(|length| {
        let candidate = segments.get(..length)?;
        pages
            .iter()
            .any(|page| matches(page, candidate))
            .then(|| match candidate.join("/") {
                joined if joined.is_empty() => "/".to_owned(),
                joined => joined,
            })
    })
}

/// Whether a route pattern (`/person/{person}/moter`) matches an address's
/// segments, a `{…}` standing for any one non-empty segment.
fn matches(pattern: &str, segments: &[&str]) -> bool {
    let parts: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    parts.len() == segments.len()
        && parts.iter().zip(segments).all(|(part, segment)| {
            (part.starts_with('{') && part.ends_with('}') && !segment.is_empty()) || part == segment
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGES: &[&str] = &[
        "/",
        "/person/{fnr}",
        "/person/{fnr}/moter",
        "/person/{fnr}/plan",
        "/person/{fnr}/veiledning",
        "/min-sykmelding/hvem-ser-meg",
    ];

    #[test]
    fn a_form_address_leads_to_the_nearest_page_above_it() {
        for (form, page) in [
            ("/person/123/moter/innkalling", "/person/123/moter"),
            ("/person/123/plan/del", "/person/123/plan"),
            ("/person/123/oppgave", "/person/123"),
            ("/person/123/veiledning/samtale/2", "/person/123/veiledning"),
            (
                "/min-sykmelding/hvem-ser-meg/gi",
                "/min-sykmelding/hvem-ser-meg",
            ),
            ("/innlogginger/logg-ut-overalt", "/"),
        ] {
            assert_eq!(page_of(form, PAGES).as_deref(), Some(page), "{form}");
        }
        assert_eq!(page_of("/", PAGES), None);
    }
}
