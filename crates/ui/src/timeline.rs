//! The inline SVG timeline of a person's follow-up: certificates as bars
//! whose height and shade show the grade, self-certified days, holidays, the
//! milestones as numbered markers, a line for today and one for the maximum
//! date. This module only does the geometry; the markup is
//! `templates/timeline.html` (askama, so every text is escaped), styled by
//! classes (the pages' CSP forbids `style` attributes). The page shows the
//! same facts as a table beside it.

use chrono::{Datelike, Duration, NaiveDate};

use crate::format::date_short;
use crate::texts::{fill, Texts};

/// The drawing's width in user units (it scales to its box).
const WIDTH: i64 = 960;
const HEIGHT: i64 = 232;
const LEFT: i64 = 16;
const RIGHT: i64 = 16;
/// The axis: bars stand on it.
const BASELINE: i64 = 160;
/// The height of a bar at 100 %.
const FULL_BAR: i64 = 90;
/// The two rows of milestone markers.
const MARKER_ROWS: [i64; 2] = [16, 40];
/// The most month labels along the axis.
const MAX_TICKS: i64 = 12;

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

/// A milestone to mark.
#[derive(Clone, Debug)]
pub struct Mark {
    pub number: usize,
    pub date: NaiveDate,
    /// `<title>` of the marker: its name and date.
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

pub struct Marker {
    pub x: i64,
    pub y: i64,
    /// Where its line to the axis starts.
    pub line_top: i64,
    pub number: usize,
    pub title: String,
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

/// How far before the shown case's start earlier periods are drawn; the
/// table beside the drawing lists them all.
const LOOK_BACK_DAYS: i64 = 182;

/// Lays the timeline out from the earliest date given (but no more than
/// [`LOOK_BACK_DAYS`] before `case_start`) to the latest.
pub fn lay_out(
    t: &Texts,
    case_start: NaiveDate,
    periods: &[Period],
    marks: &[Mark],
    today: NaiveDate,
    max_date: Option<NaiveDate>,
    hypothetical: bool,
) -> Timeline {
    let dates = periods
        .iter()
        .flat_map(|period| [period.from, period.to])
        .chain(marks.iter().map(|mark| mark.date))
        .chain(max_date)
        .chain([today]);
    let earliest = case_start - Duration::days(LOOK_BACK_DAYS);
    let first = dates.clone().min().unwrap_or(today).max(earliest) - Duration::days(7);
    let last = dates.max().unwrap_or(today) + Duration::days(14);
    let span = (last - first).num_days().max(1);
    let inner = WIDTH - LEFT - RIGHT;
    let x_of = |date: NaiveDate| LEFT + (date - first).num_days().clamp(0, span) * inner / span;

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
                y: BASELINE - height,
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
        if month >= first && index % step == 0 {
            ticks.push(Tick {
                x: x_of(month),
                label: month_label(t, month),
            });
        }
        index += 1;
        month = month
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
    }

    let markers = marks
        .iter()
        .enumerate()
        .map(|(index, mark)| {
            let y = MARKER_ROWS[index % 2];
            Marker {
                x: x_of(mark.date),
                y,
                line_top: y + 10,
                number: mark.number,
                title: mark.title.clone(),
            }
        })
        .collect();

    let mut lines = Vec::new();
    let today_x = x_of(today);
    lines.push(Line {
        x: today_x,
        class: "tl-today",
        label: t.person.timeline_today,
        label_x: today_x,
        label_y: HEIGHT - 26,
        bottom: HEIGHT - 40,
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
            label_y: HEIGHT - 4,
            bottom: HEIGHT - 18,
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
        height: HEIGHT,
        baseline: BASELINE,
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

    #[test]
    fn bars_grow_with_the_grade_and_stay_inside_the_drawing() {
        let period = |grade, from, to| Period {
            kind: PeriodKind::Certificate,
            from: date(from),
            to: date(to),
            grade,
            title: String::new(),
        };
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
        }
        assert!(timeline.ticks.len() <= 13);
        assert_eq!(timeline.ticks[0].label, "mai 2024");
        assert_eq!(timeline.lines.len(), 2);
    }
}
