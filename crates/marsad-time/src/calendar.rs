//! Hijri ↔ Gregorian conversion and calendar arithmetic.
//!
//! Hijri dates convert through the Umm al-Qura table (`data/umm-al-qura.tsv`)
//! for the years it covers and through the arithmetic (tabular) Islamic
//! calendar otherwise; the tabular calendar can differ from the observed or
//! Umm al-Qura one by a day or two, so callers lower their confidence.

use chrono::{Datelike, Days, Months, NaiveDate};

/// Which calendar a conversion used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HijriSource {
    /// The published Umm al-Qura calendar.
    UmmAlQura,
    /// The arithmetic Islamic calendar (civil epoch, 30-year cycle with leap
    /// years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29).
    Tabular,
}

/// Month starts of the Umm al-Qura calendar for a range of Hijri years.
#[derive(Clone, Debug)]
pub struct UmmAlQura {
    first_year: i32,
    /// Per year: 1 Muharram and the twelve month lengths.
    years: Vec<(NaiveDate, [u8; 12])>,
}

/// Why the Umm al-Qura table could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TableError {
    #[error("line {line}: {reason}")]
    Malformed { line: u32, reason: String },
}

impl UmmAlQura {
    /// Parses the table format of `data/umm-al-qura.tsv`; checks that the
    /// years are consecutive and that each year's months end where the next
    /// year starts.
    pub fn parse(text: &str) -> Result<UmmAlQura, TableError> {
        let mut first_year = None;
        let mut years: Vec<(NaiveDate, [u8; 12])> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line_no = n as u32 + 1;
            let bad = |reason: &str| TableError::Malformed { line: line_no, reason: reason.to_string() };
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let year: i32 = cols.next().and_then(|s| s.parse().ok()).ok_or_else(|| bad("bad year"))?;
            let start = cols
                .next()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .ok_or_else(|| bad("bad start date"))?;
            let lengths_col = cols.next().ok_or_else(|| bad("missing month lengths"))?;
            if lengths_col.len() != 12 {
                return Err(bad("month lengths must be 12 characters"));
            }
            let mut lengths = [0u8; 12];
            for (slot, ch) in lengths.iter_mut().zip(lengths_col.bytes()) {
                *slot = match ch {
                    b'0' => 29,
                    b'1' => 30,
                    _ => return Err(bad("month length must be 0 or 1")),
                };
            }
            match first_year {
                None => first_year = Some(year),
                Some(first) if year != first + years.len() as i32 => {
                    return Err(bad("years must be consecutive"))
                }
                Some(_) => {}
            }
            if let Some((prev_start, prev_lengths)) = years.last() {
                let total: u64 = prev_lengths.iter().map(|&d| u64::from(d)).sum();
                if prev_start.checked_add_days(Days::new(total)) != Some(start) {
                    return Err(bad("year does not start where the previous one ends"));
                }
            }
            years.push((start, lengths));
        }
        let first_year = first_year.ok_or(TableError::Malformed { line: 0, reason: "empty table".into() })?;
        Ok(UmmAlQura { first_year, years })
    }

    /// The Hijri years the table covers.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.first_year..=self.first_year + self.years.len() as i32 - 1
    }

    fn lookup(&self, year: i32, month: u32, day: u32) -> Option<NaiveDate> {
        let index = usize::try_from(year - self.first_year).ok()?;
        let (start, lengths) = self.years.get(index)?;
        let m = month.checked_sub(1)? as usize;
        if m >= 12 || day == 0 || day > u32::from(lengths[m]) {
            return None;
        }
        let before: u64 = lengths[..m].iter().map(|&d| u64::from(d)).sum();
        start.checked_add_days(Days::new(before + u64::from(day) - 1))
    }

    /// Converts a Hijri date to Gregorian: Umm al-Qura where the table covers
    /// the year, tabular otherwise. `None` for impossible dates.
    pub fn to_gregorian(&self, year: i32, month: u32, day: u32) -> Option<(NaiveDate, HijriSource)> {
        if self.years().contains(&year) {
            return self.lookup(year, month, day).map(|d| (d, HijriSource::UmmAlQura));
        }
        tabular_to_gregorian(year, month, day).map(|d| (d, HijriSource::Tabular))
    }

    /// The Hijri date of a Gregorian date (year, month, day), through the
    /// table where it covers the date, tabular otherwise.
    pub fn from_gregorian(&self, date: NaiveDate) -> (i32, u32, u32) {
        let index = self.years.partition_point(|(start, _)| *start <= date);
        if index > 0 && index < self.years.len() {
            let (start, lengths) = &self.years[index - 1];
            let mut offset = (date - *start).num_days();
            for (m, &len) in lengths.iter().enumerate() {
                if offset < i64::from(len) {
                    return (self.first_year + index as i32 - 1, m as u32 + 1, offset as u32 + 1);
                }
                offset -= i64::from(len);
            }
        }
        tabular_from_gregorian(date)
    }
}

/// Julian day number of 0001-01-01 minus one: `jdn = days_from_ce + this`.
const JDN_CE_OFFSET: i64 = 1_721_425;
/// Julian day number of 1 Muharram 1 AH (civil epoch, 16 July 622 Julian).
const HIJRI_EPOCH_JDN: i64 = 1_948_440;

fn tabular_days_before_year(year: i64) -> i64 {
    354 * (year - 1) + (3 + 11 * year).div_euclid(30)
}

fn tabular_days_before_month(month: i64) -> i64 {
    // ceil(29.5 * (month - 1))
    (59 * (month - 1) + 1) / 2
}

fn tabular_month_length(year: i64, month: i64) -> i64 {
    if month == 12 {
        let leap = (14 + 11 * year).rem_euclid(30) < 11;
        if leap {
            30
        } else {
            29
        }
    } else if month % 2 == 1 {
        30
    } else {
        29
    }
}

/// The arithmetic Islamic calendar to Gregorian.
pub fn tabular_to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
    if !(1..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > tabular_month_length(y, m) {
        return None;
    }
    let jdn = HIJRI_EPOCH_JDN - 1 + tabular_days_before_year(y) + tabular_days_before_month(m) + d;
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(jdn - JDN_CE_OFFSET).ok()?)
}

/// Gregorian to the arithmetic Islamic calendar.
pub fn tabular_from_gregorian(date: NaiveDate) -> (i32, u32, u32) {
    let jdn = i64::from(date.num_days_from_ce()) + JDN_CE_OFFSET;
    let days = jdn - HIJRI_EPOCH_JDN; // 0 on 1 Muharram 1 AH
    let mut year = (30 * days + 10646).div_euclid(10631);
    while tabular_days_before_year(year + 1) <= days {
        year += 1;
    }
    while tabular_days_before_year(year) > days {
        year -= 1;
    }
    let mut rest = days - tabular_days_before_year(year);
    let mut month = 1;
    while month < 12 && rest >= tabular_month_length(year, month) {
        rest -= tabular_month_length(year, month);
        month += 1;
    }
    (year as i32, month as u32, rest as u32 + 1)
}

/// The granularity a relative shift is reported at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Decade,
    Century,
    /// An unspecified period (الفترة).
    Period,
}

impl Unit {
    /// The TIMEX3 duration designator (with `T` for clock units).
    pub fn duration(self, n: Option<u32>) -> Option<String> {
        let n = n.map_or_else(|| "X".to_string(), |n| n.to_string());
        Some(match self {
            Unit::Year => format!("P{n}Y"),
            Unit::Month => format!("P{n}M"),
            Unit::Week => format!("P{n}W"),
            Unit::Day => format!("P{n}D"),
            Unit::Hour => format!("PT{n}H"),
            Unit::Minute => format!("PT{n}M"),
            Unit::Second => format!("PT{n}S"),
            Unit::Decade => format!("P{n}DE"),
            Unit::Century => format!("P{n}CE"),
            Unit::Period => return None,
        })
    }

    /// The unresolved value of this granularity (no anchor date).
    pub fn unresolved(self) -> &'static str {
        match self {
            Unit::Year => "XXXX",
            Unit::Month => "XXXX-XX",
            Unit::Week => "XXXX-WXX",
            Unit::Decade => "XXX",
            Unit::Century => "XX",
            _ => "XXXX-XX-XX",
        }
    }
}

/// Formats a date at a granularity: `2026`, `2026-01`, `2026-W02`, `2026-01-07`, `202`, `20`.
pub fn format_at(date: NaiveDate, unit: Unit) -> String {
    match unit {
        Unit::Year => format!("{:04}", date.year()),
        Unit::Month => format!("{:04}-{:02}", date.year(), date.month()),
        Unit::Week => {
            let week = date.iso_week();
            format!("{:04}-W{:02}", week.year(), week.week())
        }
        Unit::Decade => format!("{:03}", date.year().div_euclid(10)),
        Unit::Century => format!("{:02}", date.year().div_euclid(100)),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

/// The anchor shifted by `n` units (negative = back), at that unit's
/// granularity. Clock units shift whole days only (`n` hours back lands on
/// the day `n / 24` days back): the anchor has no time of day.
pub fn shift(anchor: NaiveDate, unit: Unit, n: i64) -> Option<NaiveDate> {
    let add_days = |d: i64| {
        if d >= 0 {
            anchor.checked_add_days(Days::new(d as u64))
        } else {
            anchor.checked_sub_days(Days::new(d.unsigned_abs()))
        }
    };
    let add_months = |m: i64| {
        if m >= 0 {
            anchor.checked_add_months(Months::new(u32::try_from(m).ok()?))
        } else {
            anchor.checked_sub_months(Months::new(u32::try_from(m.unsigned_abs()).ok()?))
        }
    };
    match unit {
        Unit::Day => add_days(n),
        Unit::Week => add_days(n.checked_mul(7)?),
        Unit::Month => add_months(n),
        Unit::Year => add_months(n.checked_mul(12)?),
        Unit::Decade => add_months(n.checked_mul(120)?),
        Unit::Century => add_months(n.checked_mul(1200)?),
        Unit::Hour => add_days(n / 24),
        Unit::Minute => add_days(n / (24 * 60)),
        Unit::Second => add_days(n / (24 * 3600)),
        Unit::Period => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> UmmAlQura {
        UmmAlQura::parse(include_str!("../data/umm-al-qura.tsv")).expect("table parses")
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn umm_al_qura_known_dates() {
        let t = table();
        // Published Umm al-Qura dates.
        let cases = [
            ((1447, 1, 1), "2025-06-26"),
            ((1447, 9, 1), "2026-02-18"),
            ((1447, 9, 15), "2026-03-04"),
            ((1447, 10, 1), "2026-03-20"),
            ((1446, 9, 1), "2025-03-01"),
            ((1445, 12, 10), "2024-06-16"),
            ((1420, 1, 1), "1999-04-17"),
        ];
        for ((y, m, d), expected) in cases {
            assert_eq!(
                t.to_gregorian(y, m, d),
                Some((date(expected), HijriSource::UmmAlQura)),
                "{y}-{m}-{d}"
            );
            assert_eq!(t.from_gregorian(date(expected)), (y, m, d));
        }
        assert_eq!(t.to_gregorian(1447, 9, 31), None);
        assert_eq!(t.to_gregorian(1447, 13, 1), None);
    }

    #[test]
    fn tabular_calendar() {
        // The tabular calendar puts 1 Muharram 1447 on 2025-06-27, a day
        // after Umm al-Qura, and agrees on 1 Ramadan 1447.
        assert_eq!(tabular_to_gregorian(1, 1, 1), NaiveDate::from_ymd_opt(622, 7, 19));
        assert_eq!(tabular_to_gregorian(1447, 1, 1), Some(date("2025-06-27")));
        assert_eq!(tabular_to_gregorian(1447, 9, 1), Some(date("2026-02-18")));
        assert_eq!(tabular_to_gregorian(1300, 1, 1), Some(date("1882-11-12")));
        assert_eq!(tabular_to_gregorian(1447, 12, 31), None);
        let t = table();
        assert_eq!(t.to_gregorian(1300, 1, 1).map(|x| x.1), Some(HijriSource::Tabular));
    }

    #[test]
    fn tabular_round_trip() {
        let mut d = date("1800-01-01");
        while d < date("2200-01-01") {
            let (y, m, day) = tabular_from_gregorian(d);
            assert_eq!(tabular_to_gregorian(y, m, day), Some(d), "{d}");
            d = d.checked_add_days(Days::new(13)).unwrap();
        }
    }

    #[test]
    fn granularities() {
        let a = date("2025-12-31");
        assert_eq!(format_at(shift(a, Unit::Week, 1).unwrap(), Unit::Week), "2026-W02");
        assert_eq!(format_at(shift(a, Unit::Month, -1).unwrap(), Unit::Month), "2025-11");
        assert_eq!(format_at(shift(a, Unit::Year, 1).unwrap(), Unit::Year), "2026");
        assert_eq!(format_at(a, Unit::Decade), "202");
        assert_eq!(format_at(a, Unit::Century), "20");
        assert_eq!(Unit::Week.duration(Some(3)).as_deref(), Some("P3W"));
        assert_eq!(Unit::Hour.duration(None).as_deref(), Some("PTXH"));
    }
}
