//! The output document written as one compact JSON line straight into a
//! caller's buffer: no tree, no `String` per field, dates and numbers
//! written digit by digit. The bytes are exactly those of serializing the
//! output document with `serde_json::to_string` (a test compares them).

use chrono::{Datelike, NaiveDate};
use tilbake_domain::followup::{Followup, MilestoneStatus};

/// Appends the output document of `followup` to `out`, without a newline.
pub fn write_output_line(followup: &Followup, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"cases\":[");
    for (index, case) in followup.cases.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"start\":\"");
        write_date(case.start, out);
        out.extend_from_slice(b"\",\"end\":\"");
        write_date(case.end, out);
        out.extend_from_slice(b"\",\"sick_days\":");
        out.extend_from_slice(itoa::Buffer::new().format(case.sick_days).as_bytes());
        out.extend_from_slice(if case.graded_at_end {
            b",\"graded_at_end\":true,\"employers\":["
        } else {
            b",\"graded_at_end\":false,\"employers\":["
        });
        for (index, employer) in case.employers.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            write_string(employer, out);
        }
        out.extend_from_slice(b"],\"milestones\":[");
        for (index, milestone) in case.milestones.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"kind\":\"");
            // The kinds' names are plain ASCII: nothing to escape.
            out.extend_from_slice(milestone.kind.as_str().as_bytes());
            out.extend_from_slice(b"\",\"date\":\"");
            write_date(milestone.date, out);
            out.extend_from_slice(match (milestone.reached, milestone.required) {
                (true, true) => b"\",\"reached\":true,\"required\":true",
                (true, false) => b"\",\"reached\":true,\"required\":false",
                (false, true) => b"\",\"reached\":false,\"required\":true",
                (false, false) => b"\",\"reached\":false,\"required\":false",
            });
            out.extend_from_slice(match milestone.status {
                None => b"}".as_slice(),
                Some(MilestoneStatus::Passed) => b",\"status\":\"passed\"}",
                Some(MilestoneStatus::DueSoon) => b",\"status\":\"due_soon\"}",
                Some(MilestoneStatus::Upcoming) => b",\"status\":\"upcoming\"}",
            });
        }
        out.extend_from_slice(b"]}");
    }
    out.extend_from_slice(b"]}");
}

/// Appends `date` as `YYYY-MM-DD`, as chrono's `%Y-%m-%d` writes it.
pub fn write_date(date: NaiveDate, out: &mut Vec<u8>) {
    let year = date.year();
    let Ok(year @ 0..=9999) = u32::try_from(year) else {
        // chrono writes a sign and more digits outside 0..=9999; the
        // contract's dates never get there (the engine refuses them).
        out.extend_from_slice(date.format("%Y-%m-%d").to_string().as_bytes());
        return;
    };
    let digit = |value: u32| b'0' + (value % 10) as u8;
    let (month, day) = (date.month(), date.day());
    out.extend_from_slice(&[
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(month / 10),
        digit(month),
        b'-',
        digit(day / 10),
        digit(day),
    ]);
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it.
fn write_string(text: &str, out: &mut Vec<u8>) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        let mut out = Vec::new();
        for date in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(-1, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(0, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(999, 9, 9).unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap(),
        ] {
            out.clear();
            write_date(date, &mut out);
            assert_eq!(
                String::from_utf8(out.clone()).unwrap(),
                date.format("%Y-%m-%d").to_string()
            );
        }
        let mut date = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
        while date.year() <= 9999 {
            out.clear();
            write_date(date, &mut out);
            assert_eq!(out, date.format("%Y-%m-%d").to_string().as_bytes());
            date = date + chrono::Days::new(17);
        }
    }
}
