//! The day span of a TIMEX3 date value, for ordering and comparing changes.

use chrono::{Datelike, NaiveDate, Weekday};

/// The first and last day a TIMEX3 date value covers: `2025-12-31`,
/// `2026-W02`, `2025-12`, `2026`. `None` for anything else (`FUTURE_REF`,
/// durations, seasons).
pub fn day_span(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let value = value.trim();
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Some((day, day));
    }
    let (year, rest) = value.split_at_checked(4)?;
    let year: i32 = year.parse().ok()?;
    if rest.is_empty() {
        return Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?));
    }
    if let Some(week) = rest.strip_prefix("-W") {
        let week: u32 = week.parse().ok()?;
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        return Some((monday, monday + chrono::Days::new(6)));
    }
    let month: u32 = rest.strip_prefix('-')?.parse().ok()?;
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((first, next.pred_opt()?))
}

/// Whether the value names a day (not a week, month or year).
pub fn is_day(value: &str) -> bool {
    matches!(day_span(value), Some((a, b)) if a == b)
}

/// `YYYY-MM-DD`.
pub fn format_day(day: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: &str, expected: &str) {
        let got = match day_span(value) {
            Some((a, b)) => format!("{} {}", format_day(a), format_day(b)),
            None => "-".to_string(),
        };
        assert_eq!(got, expected, "{value}");
    }

    #[test]
    fn spans() {
        check("2025-12-31", "2025-12-31 2025-12-31");
        check("2026-W02", "2026-01-05 2026-01-11");
        check("2025-12", "2025-12-01 2025-12-31");
        check("2024-02", "2024-02-01 2024-02-29");
        check("2026", "2026-01-01 2026-12-31");
        check("FUTURE_REF", "-");
        check("PXY", "-");
        check("2026-W99", "-");
        check("", "-");
        check("٢٠٢٦", "-");
    }
}
