//! A plain text document as PDF, for the mapping report: headings, text
//! wrapped to the page, table rows as text, on A4 pages, in DejaVu Sans
//! (embedded, so æ, ø and å, and any Sámi letter, show as they should;
//! the font's licence is `fonts/DejaVuSans.LICENSE`).
//!
//! printpdf writes the text with the font's glyphs and a ToUnicode map, so
//! the PDF can be searched and copied from. It is not a layout engine:
//! lines are wrapped by an estimate of the font's average width.

use std::io::Cursor;

use printpdf::{IndirectFontRef, Mm, PdfDocument, PdfDocumentReference, PdfLayerReference};

/// DejaVu Sans (Bitstream Vera licence, free to ship).
const FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// One block of the document, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Subheading(String),
    Text(String),
    /// A small note (sources, when a version was saved).
    Small(String),
    /// A table row: its cells, shown apart.
    Row(Vec<String>),
}

const PAGE_WIDTH: f32 = 210.0;
const PAGE_HEIGHT: f32 = 297.0;
const MARGIN: f32 = 20.0;
/// A point in millimetres.
const POINT: f32 = 0.3528;
/// DejaVu Sans's average advance is a little over half the size.
const AVERAGE_WIDTH: f32 = 0.55;

/// Why printpdf could not make the document (for the log).
#[derive(Debug)]
pub struct PdfError(String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

struct Writer {
    document: PdfDocumentReference,
    font: IndirectFontRef,
    layer: PdfLayerReference,
    /// The next line's baseline, from the bottom, in millimetres.
    y: f32,
}

impl Writer {
    fn new_page(&mut self) {
        let (page, layer) = self
            .document
            .add_page(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), "text");
        self.layer = self.document.get_page(page).get_layer(layer);
        self.y = PAGE_HEIGHT - MARGIN;
    }

    fn lines(&mut self, text: &str, size: f32, indent: f32, space_before: f32) {
        let line_height = size * POINT * 1.4;
        self.y -= space_before;
        for line in wrap(text, size, PAGE_WIDTH - 2.0 * MARGIN - indent) {
            if self.y - line_height < MARGIN {
                self.new_page();
            }
            self.y -= line_height;
            self.layer
                .use_text(line, size, Mm(MARGIN + indent), Mm(self.y), &self.font);
        }
    }
}

/// Splits `text` into lines that fit `width` millimetres at `size` points.
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    // Both are small positive numbers; the estimate is at least 10 characters.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let per_line = ((width / (size * POINT * AVERAGE_WIDTH)) as usize).max(10);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let needed = line.chars().count() + 1 + word.chars().count();
            if !line.is_empty() && needed > per_line {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            // A word longer than a line is cut where it must be.
            while line.chars().count() > per_line {
                let head: String = line.chars().take(per_line).collect();
                let tail: String = line.chars().skip(per_line).collect();
                lines.push(head);
                line = tail;
            }
        }
        lines.push(line);
    }
    lines
}

/// The blocks as a PDF.
pub fn document(title: &str, blocks: &[Block]) -> Result<Vec<u8>, PdfError> {
    let (document, page, layer) = PdfDocument::new(title, Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), "text");
    let font = document
        .add_external_font(Cursor::new(FONT))
        .map_err(|error| PdfError(error.to_string()))?;
    let layer = document.get_page(page).get_layer(layer);
    let mut writer = Writer {
        document,
        font,
        layer,
        y: PAGE_HEIGHT - MARGIN,
    };
    for block in blocks {
        match block {
            Block::Title(text) => writer.lines(text, 18.0, 0.0, 0.0),
            Block::Heading(text) => writer.lines(text, 14.0, 0.0, 6.0),
            Block::Subheading(text) => writer.lines(text, 12.0, 0.0, 4.0),
            Block::Text(text) => writer.lines(text, 10.0, 0.0, 1.0),
            Block::Small(text) => writer.lines(text, 8.0, 0.0, 1.0),
            Block::Row(cells) => writer.lines(&cells.join("  |  "), 10.0, 4.0, 0.5),
        }
    }
    writer
        .document
        .save_to_bytes()
        .map_err(|error| PdfError(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of a PDF as printpdf writes it: hex glyph ids in the
    /// content streams, read back through the font's ToUnicode map.
    fn text_of(bytes: &[u8]) -> String {
        use printpdf::lopdf::{Document, Object};
        let document = Document::load_mem(bytes).unwrap();
        let streams: Vec<Vec<u8>> = document
            .objects
            .values()
            .filter_map(|object| match object {
                Object::Stream(stream) => Some(
                    stream
                        .decompressed_content()
                        .unwrap_or_else(|_| stream.content.clone()),
                ),
                _ => None,
            })
            .collect();
        let hex = |text: &str| u32::from_str_radix(text, 16).ok();
        let mut glyphs = std::collections::HashMap::new();
        for stream in &streams {
            let text = String::from_utf8_lossy(stream);
            if !text.contains("beginbfchar") && !text.contains("beginbfrange") {
                continue;
            }
            for line in text.lines() {
                let values: Vec<u32> = line
                    .split(['<', '>'])
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .filter_map(hex)
                    .collect();
                match values.as_slice() {
                    [glyph, unicode] => {
                        glyphs.insert(*glyph, *unicode);
                    }
                    [first, last, unicode] => {
                        for (offset, glyph) in (*first..=*last).enumerate() {
                            glyphs.insert(glyph, unicode + offset as u32);
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut out = String::new();
        for stream in &streams {
            let text = String::from_utf8_lossy(stream);
            if !text.contains("Tj") && !text.contains("TJ") {
                continue;
            }
            for part in text.split('<').skip(1) {
                let Some((digits, _)) = part.split_once('>') else {
                    continue;
                };
                for chunk in digits.as_bytes().chunks(4) {
                    let glyph = std::str::from_utf8(chunk).ok().and_then(hex);
                    if let Some(c) = glyph
                        .and_then(|glyph| glyphs.get(&glyph))
                        .and_then(|unicode| char::from_u32(*unicode))
                    {
                        out.push(c);
                    }
                }
                out.push('\n');
            }
        }
        out
    }

    #[test]
    fn a_document_with_norwegian_letters_is_a_pdf_over_several_pages() {
        let mut blocks = vec![Block::Title("Kartleggingsrapport: æøå ÆØÅ".to_owned())];
        for index in 0..120 {
            blocks.push(Block::Text(format!(
                "Linje {index}: Økonomi og helse, ønsket 8 av 10, i dag 3 av 10."
            )));
        }
        let bytes = document("Rapport", &blocks).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        assert!(bytes.len() > 10_000);
        let text = text_of(&bytes);
        assert!(text.contains("Kartleggingsrapport: æøå ÆØÅ"), "{text}");
        assert!(text.contains("Linje 119: Økonomi og helse, ønsket 8 av 10, i dag 3 av 10."));
    }

    #[test]
    fn long_text_wraps_and_a_long_word_is_cut() {
        let lines = wrap(&"ord ".repeat(100), 10.0, 170.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|line| line.chars().count() <= 90));
        let cut = wrap(&"x".repeat(300), 10.0, 170.0);
        assert!(cut.len() >= 3);
    }
}
