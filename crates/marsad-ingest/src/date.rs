//! Publication dates as written in the input.
//!
//! A news article's date anchors its relative dates ("yesterday"), and the
//! outlet wrote it in its own time zone, so the calendar date is taken as
//! written: `Tue, 13 Feb 2018 01:30:00 +0300` is 2018-02-13 even though it is
//! still the 12th in UTC. No time-zone conversion is ever done.

use chrono::NaiveDate;

/// Reads the calendar date from a date or date-time string.
///
/// Accepts ISO 8601 dates and date-times (`2018-02-13`, `2018-02-13T01:30:00Z`,
/// `2018-02-13 01:30:00`, also with `/` or `.` between the parts), RFC 822 /
/// RFC 2822 dates with or without the weekday (`Tue, 13 Feb 2018 01:30:00 GMT`,
/// two-digit years too) and English month names (`13 February 2018`,
/// `February 13, 2018`). Arabic-Indic digits count as digits
/// (`٢٠٢٥-١٢-٣١`). Returns `None` for anything else, including
/// impossible dates such as `2018-02-30`.
pub fn parse_date_as_written(input: &str) -> Option<NaiveDate> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    let ascii;
    let s = if s.chars().any(|c| arabic_digit(c).is_some()) {
        ascii = s.chars().map(|c| arabic_digit(c).unwrap_or(c)).collect::<String>();
        ascii.as_str()
    } else {
        s
    };
    iso_date(s).or_else(|| named_month_date(s))
}

/// The ASCII digit for an Arabic-Indic (U+0660..) or Extended Arabic-Indic
/// (U+06F0.., Persian/Urdu) digit: Arabic outlets write dates with either.
pub(crate) fn arabic_digit(c: char) -> Option<char> {
    let zero = match c {
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        _ => return None,
    };
    char::from_digit(c as u32 - zero, 10)
}

/// `YYYY-MM-DD` (or `/`, `.` separators) at the start, followed by nothing,
/// a time part, or a separator.
fn iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() < 8 {
        return None;
    }
    let year_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_len != 4 {
        return None;
    }
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let rest = &s[5..];
    let month_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&month_len) || rest.as_bytes().get(month_len) != Some(&sep) {
        return None;
    }
    let day_part = &rest[month_len + 1..];
    let day_len = day_part.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&day_len) {
        return None;
    }
    // What follows the day must not continue a number (`2018-02-133`).
    if let Some(next) = day_part.as_bytes().get(day_len) {
        if next.is_ascii_digit() {
            return None;
        }
    }
    let year: i32 = s[..4].parse().ok()?;
    let month: u32 = rest[..month_len].parse().ok()?;
    let day: u32 = day_part[..day_len].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Dates with an English month name, in day-month-year or month-day-year
/// order, with an optional leading weekday: RFC 822 and friends.
fn named_month_date(s: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .filter(|w| !w.is_empty())
        .take(5)
        .collect();
    let mut words = words.as_slice();
    if let Some(first) = words.first() {
        if weekday(first) {
            words = &words[1..];
        }
    }
    let (day, month, year) = match words {
        [a, b, c, ..] if month_number(b).is_some() => (*a, *b, *c),
        [a, b, c, ..] if month_number(a).is_some() => (*b, *a, *c),
        _ => return None,
    };
    let day = strip_ordinal(day).parse::<u32>().ok()?;
    let month = month_number(month)?;
    if !year.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year: i32 = match year.len() {
        4 => year.parse().ok()?,
        // RFC 822 two-digit years: 70..99 are 19xx, the rest 20xx.
        2 => {
            let yy: i32 = year.parse().ok()?;
            if yy >= 70 {
                1900 + yy
            } else {
                2000 + yy
            }
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

fn strip_ordinal(day: &str) -> &str {
    day.trim_end_matches(|c: char| c.is_ascii_alphabetic())
}

fn weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let w = word.to_ascii_lowercase();
    w.len() >= 3 && DAYS.iter().any(|d| w.starts_with(d))
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() == 3 {
        return MONTHS.iter().position(|m| *m == w).map(|i| i as u32 + 1);
    }
    if w == "sept" {
        return Some(9);
    }
    FULL.iter().position(|m| *m == w).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    /// One line per input: the input, then the date read from it or `-`.
    fn check(inputs: &[&str], expected: Expect) {
        let rendered: String = inputs
            .iter()
            .map(|s| {
                let date = parse_date_as_written(s).map_or("-".to_string(), |d| d.to_string());
                format!("{s:?} -> {date}\n")
            })
            .collect();
        expected.assert_eq(&rendered);
    }

    #[test]
    fn dates_as_written() {
        check(
            &[
                "2025-12-31",
                " 2018-02-13T01:30:00+03:00",
                "2018-02-13T23:30:00Z",
                "2015-07-21 02:51:32",
                "2018/2/3",
                "Sun, 18 Feb 2018 20:50:44 GMT",
                "Tue, 13 Feb 2018 01:30:00 +0300",
                "13 Feb 18 01:30 +0000",
                "Monday, 5 March 2018",
                "February 13, 2018",
                "13th February 2018",
                "2018-02-30",
                "2018-13-01",
                "20180213",
                "2018-02-133",
                "Sun, 31 Feb 2018 00:00:00 GMT",
                "yesterday",
                "",
                "١٣ فبراير ٢٠١٨",
                "٢٠٢٥-١٢-٣١",
                "۲۰۲۵/۱۲/۳۱",
            ],
            expect![[r#"
                "2025-12-31" -> 2025-12-31
                " 2018-02-13T01:30:00+03:00" -> 2018-02-13
                "2018-02-13T23:30:00Z" -> 2018-02-13
                "2015-07-21 02:51:32" -> 2015-07-21
                "2018/2/3" -> 2018-02-03
                "Sun, 18 Feb 2018 20:50:44 GMT" -> 2018-02-18
                "Tue, 13 Feb 2018 01:30:00 +0300" -> 2018-02-13
                "13 Feb 18 01:30 +0000" -> 2018-02-13
                "Monday, 5 March 2018" -> 2018-03-05
                "February 13, 2018" -> 2018-02-13
                "13th February 2018" -> 2018-02-13
                "2018-02-30" -> -
                "2018-13-01" -> -
                "20180213" -> -
                "2018-02-133" -> -
                "Sun, 31 Feb 2018 00:00:00 GMT" -> -
                "yesterday" -> -
                "" -> -
                "١٣ فبراير ٢٠١٨" -> -
                "٢٠٢٥-١٢-٣١" -> 2025-12-31
                "۲۰۲۵/۱۲/۳۱" -> 2025-12-31
            "#]],
        );
    }
}
