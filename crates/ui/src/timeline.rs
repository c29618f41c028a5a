//! The inline SVG timeline of a person's follow-up: certificates as bars
//! whose height and shade show the grade, self-certified days, holidays, the
//! milestones as markers on the axis labelled in words (name and date) and
//! marked by the state of their task (done, open, overdue), a line for
//! today and one for the maximum date. The axis starts at the case's first
//! sick day. This module only does the geometry; the markup is
//! `templates/timeline.html` (askama, so every text is escaped), styled by
//! classes (the pages' CSP forbids `style` attributes). On a narrow screen
//! the page shows the same facts as a vertical list instead (CSS), and the
//! table beside it is the text alternative.

use chrono::{Datelike, Duration, NaiveDate};

use crate::format::date_short;
use crate::texts::{fill, Texts};

/// The drawing's width in user units (it scales to its box; the page shows
/// it only where the box is wide enough for its labels to be 12 px or more).
const WIDTH: i64 = 960;
const LEFT: i64 = 16;
const RIGHT: i64 = 16;
/// The height of a bar at 100 %.
const FULL_BAR: i64 = 90;
/// Above the first row of labels.
const TOP: i64 = 8;
/// One row of milestone labels: the name, then the date.
const LABEL_ROW: i64 = 40;
/// Between the last row of labels and the tallest bar.
const LABEL_GAP: i64 = 12;
/// Below the axis: tick labels, then the labels of today and the maximum date.
const BELOW_AXIS: i64 = 72;
/// The font size of a milestone's name, in user units (see the stylesheet).
const LABEL_FONT: i64 = 17;
/// Room between two labels in a row, and between a label and its line.
const LABEL_PAD: i64 = 8;
/// The most month labels along the axis.
const MAX_TICKS: i64 = 12;
/// The axis starts this many days before the case's first sick day.
const LEAD_DAYS: i64 = 7;

/// What a period on the timeline is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Certificate,
    SelfCertified,
    Vacation,
    /// The "what if" extension: not stored.
    Hypothetical,
}

/// A period to draw.
#[derive(Clone, Debug)]
pub struct Period {
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// 1–100.
    pub grade: u8,
    /// The bar's tooltip (`<title>`).
    pub title: String,
}

/// Where a milestone's task stands, for the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkState {
    /// Its task is done (or not needed).
    Done,
    /// Its task is open and not yet due.
    Open,
    /// Its task is open past its due date.
    Overdue,
    /// No task the reader sees: a date only.
    Date,
}

impl MarkState {
    /// The marker's class modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkState::Done => "done",
            MarkState::Open => "open",
            MarkState::Overdue => "overdue",
            MarkState::Date => "date",
        }
    }
}

/// A milestone to mark.
#[derive(Clone, Debug)]
pub struct Mark {
    pub date: NaiveDate,
    /// Its short name, written on the chart.
    pub label: String,
    pub state: MarkState,
    /// `<title>` of the marker: its name, date and state.
    pub title: String,
}

/// The drawing, in user units, for the template.
pub struct Timeline {
    pub width: i64,
    pub height: i64,
    pub baseline: i64,
    pub label: String,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    pub markers: Vec<Marker>,
    pub lines: Vec<Line>,
    /// The first and last day the axis shows.
    pub first: NaiveDate,
    #[allow(dead_code)] // read by the tests of the layout
    pub last: NaiveDate,
}

pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
    pub class: String,
    pub title: String,
}

pub struct Tick {
    pub x: i64,
    pub label: String,
}

/// A milestone: a dot on the axis, a line up to its label.
pub struct Marker {
    pub x: i64,
    /// The state's class modifier (`done`, `open`, `overdue`, `date`).
    pub state: &'static str,
    /// Where the line from the dot ends, under the label.
    pub line_top: i64,
    /// The label: its anchor point and side.
    pub label_x: i64,
    pub label_y: i64,
    pub anchor: &'static str,
    pub label: String,
    pub date: String,
    pub title: String,
    /// The label's extent along the axis (estimated), for the checks.
    #[allow(dead_code)] // read by the tests of the layout
    pub extent: (i64, i64),
    /// The row of labels it is in, 0 at the top.
    #[allow(dead_code)] // read by the tests of the layout
    pub row: usize,
}

/// A labelled vertical line: today or the maximum date.
pub struct Line {
    pub x: i64,
    pub class: &'static str,
    pub label: &'static str,
    pub label_x: i64,
    pub label_y: i64,
    /// Where the line ends, just above its label.
    pub bottom: i64,
    pub anchor: &'static str,
    pub title: String,
}

/// The width a text takes at `font` user units: an estimate on the wide
/// side (the labels are short, and a wrong guess only moves a label a row).
fn text_width(text: &str, font: i64) -> i64 {
    let chars = i64::try_from(text.chars().count()).unwrap_or(i64::MAX / 64);
    chars.saturating_mul(font) * 6 / 10
}

/// Lays the timeline out from a few days before `case_start` (earlier
/// periods are cut at the edge; the table beside the drawing lists them)
/// to a little after the latest date given. Each milestone's label goes in
/// the first row where it overlaps no other and its line down to the axis
/// crosses no label below; the drawing grows a row when none has room.
pub fn lay_out(
    t: &Texts,
    case_start: NaiveDate,
    periods: &[Period],
    marks: &[Mark],
    today: NaiveDate,
    max_date: Option<NaiveDate>,
    hypothetical: bool,
) -> Timeline {
    let first = case_start - Duration::days(LEAD_DAYS);
    let latest = periods
        .iter()
        .map(|period| period.to)
        .chain(marks.iter().map(|mark| mark.date))
        .chain(max_date)
        .chain([today, case_start])
        .max()
        .unwrap_or(today);
    let last = latest + Duration::days(14);
    let span = (last - first).num_days().max(1);
    let inner = WIDTH - LEFT - RIGHT;
    let x_of = |date: NaiveDate| LEFT + (date - first).num_days().clamp(0, span) * inner / span;

    // Labels first: their rows decide where the axis is.
    let mut row_ends: Vec<i64> = Vec::new();
    let mut placed = Vec::new();
    let mut sorted: Vec<&Mark> = marks.iter().collect();
    sorted.sort_by_key(|mark| mark.date);
    for mark in sorted {
        let x = x_of(mark.date);
        let date = date_short(t, mark.date);
        let width = text_width(&mark.label, LABEL_FONT).max(text_width(&date, LABEL_FONT - 2));
        // Right of its line, unless that runs off the drawing.
        let (anchor, start, end) = if x + LABEL_PAD + width <= WIDTH - RIGHT {
            ("start", x, x + LABEL_PAD + width)
        } else {
            ("end", x - LABEL_PAD - width, x)
        };
        // A row with room, whose line down to the axis crosses no label
        // in the rows below it.
        let free = (0..row_ends.len()).find(|row| {
            row_ends
                .get(*row)
                .is_some_and(|end| start > *end + LABEL_PAD)
                && row_ends
                    .iter()
                    .skip(row + 1)
                    .all(|below| x > *below + LABEL_PAD)
        });
        let row = if let Some(row) = free {
            if let Some(row_end) = row_ends.get_mut(row) {
                *row_end = end;
            }
            row
        } else {
            row_ends.push(end);
            row_ends.len() - 1
        };
        placed.push((mark, x, anchor, start, end, row, date));
    }
    let rows = i64::try_from(row_ends.len()).unwrap_or(0);
    let baseline = TOP + rows * LABEL_ROW + LABEL_GAP + FULL_BAR;
    let height = baseline + BELOW_AXIS;
    let markers = placed
        .into_iter()
        .map(|(mark, x, anchor, start, end, row, date)| {
            let row_top = TOP + i64::try_from(row).unwrap_or(0) * LABEL_ROW;
            Marker {
                x,
                state: mark.state.as_str(),
                line_top: row_top + 4,
                label_x: if anchor == "start" {
                    x + LABEL_PAD
                } else {
                    x - LABEL_PAD
                },
                label_y: row_top + LABEL_FONT,
                anchor,
                label: mark.label.clone(),
                date,
                title: mark.title.clone(),
                extent: (start, end),
                row,
            }
        })
        .collect();

    let bars = periods
        .iter()
        .filter(|period| period.to >= first)
        .map(|period| {
            let x = x_of(period.from);
            let end = x_of(period.to + Duration::days(1));
            let height = match period.kind {
                PeriodKind::Vacation => 12,
                PeriodKind::SelfCertified => FULL_BAR,
                PeriodKind::Certificate | PeriodKind::Hypothetical => {
                    (i64::from(period.grade) * FULL_BAR / 100).max(8)
                }
            };
            let class = match period.kind {
                PeriodKind::Certificate => {
                    format!(
                        "tl-bar tl-grade-{}",
                        u32::from(period.grade).div_ceil(20) * 20
                    )
                }
                PeriodKind::SelfCertified => "tl-bar tl-self".to_owned(),
                PeriodKind::Vacation => "tl-bar tl-vacation".to_owned(),
                PeriodKind::Hypothetical => "tl-bar tl-hypothetical".to_owned(),
            };
            Bar {
                x,
                y: baseline - height,
                width: (end - x).max(2),
                height,
                class,
                title: period.title.clone(),
            }
        })
        .collect();

    let months = (last.year() - first.year()) * 12 + last.month0() as i32 - first.month0() as i32;
    let step = (i64::from(months) / MAX_TICKS + 1).max(1);
    let mut ticks = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
    let mut index = 0_i64;
    while month <= last {
        // Counted from the first month on the axis, so that one is labelled.
        if month >= first {
            if index % step == 0 {
                ticks.push(Tick {
                    x: x_of(month),
                    label: month_label(t, month),
                });
            }
            index += 1;
        }
        month = month
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
    }

    let mut lines = Vec::new();
    let today_x = x_of(today);
    lines.push(Line {
        x: today_x,
        class: "tl-today",
        label: t.person.timeline_today,
        label_x: today_x,
        label_y: height - 28,
        bottom: height - 46,
        anchor: if today_x > WIDTH / 2 { "end" } else { "start" },
        title: date_short(t, today),
    });
    if let Some(max_date) = max_date {
        let x = x_of(max_date);
        lines.push(Line {
            x,
            class: "tl-max",
            label: t.person.timeline_max_date,
            label_x: x,
            label_y: height - 6,
            bottom: height - 24,
            anchor: if x > WIDTH / 2 { "end" } else { "start" },
            title: date_short(t, max_date),
        });
    }

    let template = if hypothetical {
        t.person.timeline_label_hypothetical
    } else {
        t.person.timeline_label
    };
    Timeline {
        width: WIDTH,
        height,
        baseline,
        label: fill(
            template,
            &[
                ("from", &date_short(t, first)),
                ("to", &date_short(t, last)),
            ],
        ),
        bars,
        ticks,
        markers,
        lines,
        first,
        last,
    }
}

/// `apr. 2024`-like: the month's first three letters and the year.
fn month_label(t: &Texts, month: NaiveDate) -> String {
    let full = date_short(t, month);
    // date_short is "1. april 2024" / "1 April 2024": take the month word.
    let mut words = full.split(' ').skip(1);
    let name: String = words.next().unwrap_or_default().chars().take(3).collect();
    format!("{name} {}", month.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn period(grade: u8, from: &str, to: &str) -> Period {
        Period {
            kind: PeriodKind::Certificate,
            from: date(from),
            to: date(to),
            grade,
            title: String::new(),
        }
    }

    fn mark(label: &str, when: &str, state: MarkState) -> Mark {
        Mark {
            date: date(when),
            label: label.to_owned(),
            state,
            title: format!("{label}: {when}"),
        }
    }

    /// The milestones of a year-long case starting 2024-04-01, as close
    /// together as the law puts them.
    fn a_year_of_marks() -> Vec<Mark> {
        vec![
            mark(
                "Arbeidsgiverperioden er over",
                "2024-04-16",
                MarkState::Date,
            ),
            mark("Oppfølgingsplan", "2024-04-28", MarkState::Done),
            mark("Dialogmøte 1", "2024-05-19", MarkState::Done),
            mark("Aktivitetskravet", "2024-05-26", MarkState::Overdue),
            mark("Forberede dialogmøte 2", "2024-07-29", MarkState::Open),
            mark("Dialogmøte 2", "2024-09-29", MarkState::Open),
            mark("Beskjed før slutt", "2024-12-29", MarkState::Date),
        ]
    }

    #[test]
    fn bars_grow_with_the_grade_and_stay_inside_the_drawing() {
        let timeline = lay_out(
            &crate::texts::NB,
            date("2024-04-01"),
            &[
                period(100, "2024-04-01", "2024-04-30"),
                period(40, "2024-05-01", "2024-05-31"),
            ],
            &[],
            date("2024-05-15"),
            Some(date("2025-03-28")),
            false,
        );
        assert!(timeline.bars[0].height > timeline.bars[1].height);
        assert_eq!(timeline.bars[0].class, "tl-bar tl-grade-100");
        assert_eq!(timeline.bars[1].class, "tl-bar tl-grade-40");
        for bar in &timeline.bars {
            assert!(bar.x >= LEFT && bar.x + bar.width <= WIDTH - RIGHT);
            assert_eq!(bar.y + bar.height, timeline.baseline);
        }
        assert!(timeline.ticks.len() <= 13);
        assert_eq!(timeline.ticks[0].label, "apr 2024");
        assert_eq!(timeline.lines.len(), 2);
    }

    #[test]
    fn the_axis_starts_at_the_case_not_at_earlier_sick_leave_and_marks_today() {
        let case_start = date("2024-04-01");
        let today = date("2024-06-01");
        let timeline = lay_out(
            &crate::texts::NB,
            case_start,
            &[
                // An earlier case, half a year before: cut at the edge.
                period(100, "2023-09-01", "2023-10-15"),
                period(50, "2023-10-16", "2024-03-31"),
                period(100, "2024-04-01", "2024-07-31"),
            ],
            &a_year_of_marks(),
            today,
            Some(date("2025-03-28")),
            false,
        );
        assert_eq!(timeline.first, case_start - Duration::days(LEAD_DAYS));
        assert_eq!(timeline.last, date("2025-04-11"));
        assert!(timeline
            .label
            .starts_with("Tidslinje fra 25. mars 2024 til 11. april 2025"));
        // Only the certificate that reaches into the axis is drawn, from its edge.
        assert_eq!(timeline.bars.len(), 2);
        assert_eq!(timeline.bars[0].x, LEFT);
        let today_line = timeline
            .lines
            .iter()
            .find(|line| line.class == "tl-today")
            .unwrap();
        assert_eq!(today_line.label, "I dag");
        assert_eq!(today_line.title, "1. juni 2024");
        assert!(today_line.x > LEFT && today_line.x < WIDTH / 2);
    }

    #[test]
    fn every_milestone_is_labelled_in_words_with_its_date_and_state_and_no_labels_overlap() {
        let marks = a_year_of_marks();
        for t in [&crate::texts::NB, &crate::texts::EN] {
            let timeline = lay_out(
                t,
                date("2024-04-01"),
                &[period(100, "2024-04-01", "2025-03-31")],
                &marks,
                date("2024-06-01"),
                Some(date("2025-03-28")),
                false,
            );
            assert_eq!(timeline.markers.len(), marks.len());
            for (marker, mark) in timeline.markers.iter().zip(&marks) {
                assert_eq!(marker.label, mark.label);
                assert_eq!(marker.date, date_short(t, mark.date));
                assert_eq!(marker.state, mark.state.as_str());
                // Inside the drawing, above the bars, its line reaching the axis.
                assert!(
                    marker.extent.0 >= 0 && marker.extent.1 <= WIDTH,
                    "{}",
                    marker.label
                );
                assert!(marker.label_y < timeline.baseline - FULL_BAR);
                assert!(marker.line_top < marker.label_y);
            }
            for one in &timeline.markers {
                // A line down to the axis crosses no label in a lower row.
                for below in timeline.markers.iter().filter(|other| other.row > one.row) {
                    assert!(
                        one.x < below.extent.0 || one.x > below.extent.1,
                        "the line of {} crosses {}",
                        one.label,
                        below.label
                    );
                }
            }
            for (index, one) in timeline.markers.iter().enumerate() {
                for other in timeline.markers.iter().skip(index + 1) {
                    if one.row == other.row {
                        assert!(
                            one.extent.1 < other.extent.0 || other.extent.1 < one.extent.0,
                            "{} and {} overlap",
                            one.label,
                            other.label
                        );
                    }
                }
            }
            // Close milestones share no row: the drawing grew to fit them.
            let rows = timeline
                .markers
                .iter()
                .map(|marker| marker.row)
                .max()
                .unwrap()
                + 1;
            assert!(rows >= 2);
            assert_eq!(
                timeline.baseline,
                TOP + i64::try_from(rows).unwrap() * LABEL_ROW + LABEL_GAP + FULL_BAR
            );
        }
    }

    #[test]
    fn a_label_near_the_right_edge_is_written_to_the_left_of_its_line() {
        let timeline = lay_out(
            &crate::texts::EN,
            date("2024-04-01"),
            &[],
            &[mark("Notice before the end", "2024-12-29", MarkState::Open)],
            date("2024-06-01"),
            None,
            false,
        );
        let marker = &timeline.markers[0];
        assert_eq!(marker.anchor, "end");
        assert!(marker.label_x < marker.x);
        assert!(marker.extent.0 >= LEFT);
    }
}
