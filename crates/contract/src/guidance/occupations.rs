//! The list of occupations with an interest code (`data/occupations.csv`,
//! described in `data/occupations.md`): UTF-8 CSV with the header
//! `styrk08,title_nb,title_en,holland`, fields quoted with `"` when they
//! hold a comma.

use tilbake_domain::guidance::occupations::{HollandCode, Occupation};

/// The header the file must start with.
pub const HEADER: &str = "styrk08,title_nb,title_en,holland";

/// Why the list is refused: the line (1 is the header) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct OccupationsError {
    pub line: usize,
    pub message: String,
}

/// Reads the whole list; the first wrong line refuses it.
pub fn parse_occupations(text: &str) -> Result<Vec<Occupation>, OccupationsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate();
    let error = |line: usize, message: String| OccupationsError { line, message };
    match lines.next() {
        Some((_, header)) if header.trim_end() == HEADER => {}
        _ => return Err(error(1, format!("the header must be {HEADER}"))),
    }
    let mut occupations: Vec<Occupation> = Vec::new();
    for (index, line) in lines {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fields =
            split_line(line).ok_or_else(|| error(number, "a quote is not closed".to_owned()))?;
        let [styrk08, title_nb, title_en, holland] = fields.as_slice() else {
            return Err(error(
                number,
                format!("4 fields are needed, not {}", fields.len()),
            ));
        };
        if styrk08.len() != 4 || !styrk08.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(error(
                number,
                format!("styrk08 must be four digits, not '{styrk08}'"),
            ));
        }
        if title_nb.trim().is_empty() || title_en.trim().is_empty() {
            return Err(error(number, "the titles must not be empty".to_owned()));
        }
        let code = HollandCode::parse(holland.trim())
            .map_err(|problem| error(number, format!("holland: {problem}")))?;
        if code.types().len() < 2 {
            return Err(error(
                number,
                "holland: an occupation has two or three letters".to_owned(),
            ));
        }
        if occupations
            .iter()
            .any(|known| known.styrk08 == *styrk08 && known.title_nb == *title_nb)
        {
            return Err(error(
                number,
                format!("{styrk08} {title_nb} is listed twice"),
            ));
        }
        occupations.push(Occupation {
            styrk08: styrk08.clone(),
            title_nb: title_nb.trim().to_owned(),
            title_en: title_en.trim().to_owned(),
            code,
        });
    }
    Ok(occupations)
}

/// The fields of one line; `None` when a quote is not closed.
fn split_line(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(char) = chars.next() {
        match (quoted, char) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, other) => field.push(other),
        }
    }
    if quoted {
        return None;
    }
    fields.push(field);
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_reads_with_quoted_commas_and_norwegian_letters() {
        let list = parse_occupations(include_str!("../../../../data/occupations.csv")).unwrap();
        assert!(list.len() > 200);
        let hms = list.iter().find(|o| o.title_nb == "HMS-rådgiver").unwrap();
        assert_eq!(hms.title_en, "Health, safety and environment adviser");
        assert_eq!(hms.code.as_string(), "ICR");
    }

    #[test]
    fn a_wrong_line_is_named() {
        let text = format!("{HEADER}\n1120,Direktør,Chief executive,ECS\n12,Sjef,Chief,EC\n");
        assert_eq!(parse_occupations(&text).unwrap_err().line, 3);
        let text = format!("{HEADER}\n1120,Direktør,Chief executive,EXS\n");
        assert!(parse_occupations(&text)
            .unwrap_err()
            .message
            .contains("holland"));
        assert_eq!(parse_occupations("a,b\n").unwrap_err().line, 1);
        let text = format!("{HEADER}\n1120,\"Direktør,Chief executive,ECS\n");
        assert_eq!(parse_occupations(&text).unwrap_err().line, 2);
    }
}
