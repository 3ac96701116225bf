//! The rules: a left-to-right pass over the words of the view; at each word
//! that can start an expression (a lexicon word, a digit run or one of a few
//! grammar words) every rule is tried and the longest match wins.
//!
//! Rules read folded keys (see [`crate::lexer`]); grammar words that are not
//! lists to extend (منذ, قبل, الموافق …) are written here in folded form.

use crate::calendar::{format_at, shift, HijriSource, Unit};
use crate::lexer::{offset_after_letters, WordKind, Words};
use crate::lexicon::{Entry, GramNumber, Lex, Lexicon, Meaning, NumberKind, Tense};
use chrono::{Datelike, NaiveDate, Weekday};
use marsad_core::{Origin, TimexType};
use smallvec::{smallvec, SmallVec};
use std::borrow::Cow;

/// A matched expression, in view offsets.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    /// View byte offset where the expression starts (after any proclitic).
    pub start: usize,
    /// Index of the first word after the expression.
    pub next: usize,
    pub kind: TimexType,
    pub value: String,
    pub modifier: Option<&'static str>,
    pub hijri: Option<String>,
    pub confidence: f32,
    pub origin: Origin,
    /// Why the value is uncertain, one diagnostic each.
    pub notes: Vec<String>,
}

impl Found {
    fn new(
        start: usize,
        next: usize,
        kind: TimexType,
        value: String,
        confidence: f32,
        rule: &'static str,
    ) -> Found {
        Found {
            start,
            next,
            kind,
            value,
            modifier: None,
            hijri: None,
            confidence,
            origin: Origin::rule(rule),
            notes: Vec::new(),
        }
    }

    /// A Gregorian date or month with its year written out (2015-10,
    /// 2015-10-11 from a textual or numeric rule).
    fn origin_is_explicit_gregorian(&self) -> bool {
        self.hijri.is_none()
            && self.confidence >= 0.9
            && matches!(self.value.len(), 7 | 10)
            && self.value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && self.kind == TimexType::DATE
    }

    fn is_full_date(&self) -> bool {
        self.kind == TimexType::DATE
            && self.modifier.is_none()
            && (self.value.len() == 10 || self.value.starts_with("XXXX-WXX-"))
    }
}

/// Which way a weekday or month without a year is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    /// Strictly before the anchor (السبت الماضي).
    Before,
    /// Strictly after the anchor (الأحد المقبل).
    After,
    /// The anchor day or before (a bare weekday in past narration).
    OnOrBefore,
    /// The anchor day or after (a bare weekday with a future verb).
    OnOrAfter,
}

// Grammar words, folded.
const YAWM: &str = "يوم";
const MIN: &str = "من";
const ALMUWAFIQ: &str = "الموافق";
const SHAHR: &str = "شهر";
const GHURRA: &str = "غره";
const EASHR: [&str; 2] = ["عشر", "عشره"];
const AGO: &str = "قبل";
/// Words before a duration that let a bare singular unit count as one
/// (منذ شهر, لمدة عام); they stay outside the span.
const DURATION_CUES: [&str; 10] = ["منذ", "بعد", "لمده", "مده", "خلال", "طوال", "طيله", "مدي", "غضون", "مرور"];
/// Adjectives of a vague plural duration (أسابيع قليلة).
const VAGUE_ADJECTIVES: [&str; 6] = ["قليله", "طويله", "عديده", "كثيره", "معدوده", "متتاليه"];
const THIS: [&str; 2] = ["هذا", "هذه"];
const EVERY: &str = "كل";
const YEAR_CUES: [&str; 5] = ["عام", "العام", "سنه", "السنه", "عامي"];
const HOUR_CUES: [&str; 2] = ["الساعه", "ساعه"];
const CENTURY_CUES: [&str; 2] = ["القرن", "قرن"];
const GREGORIAN_ERA: [&str; 4] = ["م", "ميلادي", "ميلاديه", "للميلاد"];
const HIJRI_ERA: [&str; 5] = ["ه", "هجري", "هجريه", "للهجره", "هجريا"];
const HIJRI_EPITHETS: [&str; 8] =
    ["الحرام", "المبارك", "الكريم", "المعظم", "الفضيل", "الخير", "المرجب", "المكرم"];
const BARE_YEAR_CUES: [&str; 5] = ["في", "منذ", "حتى", "بحلول", "عامي"];
const DATE_SEPARATORS: [&str; 3] = ["/", "-", "."];

/// One pass of the rules over one text.
pub(crate) struct Rules<'a> {
    pub lex: &'a Lexicon,
    pub view: &'a str,
    pub w: &'a Words,
    pub anchor: Option<NaiveDate>,
    /// The year of the last explicit Gregorian date or month-year of the
    /// current paragraph (`أكتوبر 2015 … نوفمبر` → November 2015).
    pub paragraph_year: std::cell::Cell<Option<i32>>,
}

impl<'a> Rules<'a> {
    /// All expressions, left to right, without overlaps.
    pub fn run(&self) -> Vec<Found> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.w.len() {
            if self.w.words[i].after_newline {
                self.paragraph_year.set(None);
            }
            match self.parse_at(i) {
                Some(found) if found.next > i => {
                    i = found.next;
                    if found.origin_is_explicit_gregorian() {
                        self.paragraph_year.set(found.value.get(..4).and_then(|y| y.parse().ok()));
                    }
                    out.push(found);
                }
                _ => i += 1,
            }
        }
        out
    }

    /// The article's own day when its opening names one that differs from
    /// the anchor (اليوم (الاثنين), أمس الأحد): crawl dates lag publication
    /// by a few days, and the text's weekday wins. Looks at the first 80
    /// words only, before quotes of other days are likely.
    pub fn self_named_day(&self) -> Option<NaiveDate> {
        let anchor = self.anchor?;
        for i in 0..self.w.len().min(80) {
            let key = self.key(i);
            let key = match key {
                "اليوم" | "امس" | "غدا" => key,
                _ => match self.key_without_conjunction(i) {
                    Some(k @ ("اليوم" | "امس" | "غدا")) => k,
                    _ => continue,
                },
            };
            let n = match key {
                "امس" => -1,
                "غدا" => 1,
                _ => 0,
            };
            let k = if self.is_punct(i + 1, "(") { i + 2 } else { i + 1 };
            let Some((weekday, false)) = self.weekday_of(self.key(k)) else { continue };
            if shift(anchor, Unit::Day, n)?.weekday() == weekday {
                return None;
            }
            return [-1, -2, -3, 1]
                .into_iter()
                .filter_map(|s| shift(anchor, Unit::Day, s))
                .find(|d| shift(*d, Unit::Day, n).is_some_and(|x| x.weekday() == weekday));
        }
        None
    }

    // ----- word access -----

    fn key(&self, j: usize) -> &str {
        if j < self.w.len() {
            self.w.key(j)
        } else {
            ""
        }
    }

    fn kind(&self, j: usize) -> Option<WordKind> {
        self.w.words.get(j).map(|w| w.kind)
    }

    /// True when word `j` touches the word before it (no space between).
    fn adjacent(&self, j: usize) -> bool {
        j > 0 && j < self.w.len() && self.w.words[j].start == self.w.words[j - 1].end
    }

    fn digits(&self, j: usize) -> Option<(u64, u8)> {
        let w = self.w.words.get(j)?;
        (w.kind == WordKind::Digits).then_some((w.number, w.digits))
    }

    fn is_punct(&self, j: usize, p: &str) -> bool {
        self.kind(j) == Some(WordKind::Punct) && self.key(j) == p
    }

    fn start_of(&self, j: usize) -> usize {
        self.w.words[j].start
    }

    /// The key of word `j` without a leading و or ف (for words inside an
    /// expression such as والعشرين).
    fn key_without_conjunction(&self, j: usize) -> Option<&str> {
        let key = self.key(j);
        key.strip_prefix('و').or_else(|| key.strip_prefix('ف')).filter(|k| !k.is_empty())
    }

    /// The longest lexicon match starting at word `j` whose first word has
    /// key `first` (possibly with its proclitics stripped) for which `pick`
    /// returns something; returns it and the index after the match.
    fn longest<T>(
        &self,
        j: usize,
        first: &str,
        pick: impl Fn(&Entry) -> Option<T>,
    ) -> Option<(T, usize, Entry)> {
        let max = self.lex.max_words(first);
        if max > 1 {
            let mut buf = String::with_capacity(64);
            for n in (2..=max).rev() {
                if j + n > self.w.len()
                    || (1..n).any(|k| self.kind(j + k) != Some(WordKind::Arabic) || self.adjacent(j + k))
                {
                    continue;
                }
                buf.clear();
                buf.push_str(first);
                for k in 1..n {
                    buf.push(' ');
                    buf.push_str(self.key(j + k));
                }
                if let Some(hit) = self.lex.get(&buf).iter().find_map(|e| pick(e).map(|t| (t, *e))) {
                    return Some((hit.0, j + n, hit.1));
                }
            }
        }
        self.lex.get(first).iter().find_map(|e| pick(e).map(|t| (t, j + 1, *e)))
    }

    fn single<T>(&self, key: &str, pick: impl Fn(&Lex) -> Option<T>) -> Option<T> {
        self.lex.get(key).iter().find_map(|e| pick(&e.lex))
    }

    fn unit_of(&self, key: &str) -> Option<(Unit, GramNumber)> {
        self.single(key, |l| match *l {
            Lex::Unit { unit, number } => Some((unit, number)),
            _ => None,
        })
    }

    /// A unit written with the article (الأسبوع, السنوات).
    fn definite_unit(&self, key: &str) -> Option<(Unit, GramNumber)> {
        key.strip_prefix("ال").and_then(|k| self.unit_of(k))
    }

    fn direction_at(&self, j: usize) -> Option<(i32, GramNumber)> {
        self.single(self.key(j), |l| match *l {
            Lex::Direction { offset, number } => Some((offset, number)),
            _ => None,
        })
    }

    fn weekday_of(&self, key: &str) -> Option<(Weekday, bool)> {
        self.single(key, |l| match *l {
            Lex::Weekday { weekday, weak } => Some((weekday, weak)),
            _ => None,
        })
    }

    fn daypart_of(&self, key: &str) -> Option<&'static str> {
        self.single(key, |l| match *l {
            Lex::Daypart { part } => Some(part),
            _ => None,
        })
    }

    fn number_of(&self, key: &str, want: NumberKind) -> Option<u32> {
        self.single(key, |l| match *l {
            Lex::Number { value, kind } if kind == want => Some(value),
            _ => None,
        })
    }

    /// The start variants of word `i`: its whole key, then the key without
    /// proclitics و/ف then ب/ل (لل → ال), each with the view offset where the
    /// expression would start.
    fn variants(&self, i: usize) -> SmallVec<[(Cow<'_, str>, usize); 3]> {
        let word = self.w.words[i];
        let key = self.w.key(i);
        // At most three: as written, without و/ف, without ب/ل too (asked of
        // every word: no allocation).
        let mut out: SmallVec<[(Cow<'_, str>, usize); 3]> = smallvec![(Cow::Borrowed(key), word.start)];
        if word.kind != WordKind::Arabic {
            return out;
        }
        let mut rest = key;
        let mut skipped = 0;
        if let Some(r) = rest.strip_prefix('و').or_else(|| rest.strip_prefix('ف')) {
            if r.chars().count() >= 2 {
                rest = r;
                skipped = 1;
                out.push((Cow::Borrowed(rest), offset_after_letters(self.view, word.start, skipped)));
            }
        }
        if let Some(r) = rest.strip_prefix("لل") {
            if r.chars().count() >= 2 {
                out.push((
                    Cow::Owned(format!("ال{r}")),
                    offset_after_letters(self.view, word.start, skipped + 1),
                ));
            }
        } else if let Some(r) = rest.strip_prefix('ب').or_else(|| rest.strip_prefix('ل')) {
            if r.chars().count() >= 2 {
                out.push((Cow::Borrowed(r), offset_after_letters(self.view, word.start, skipped + 1)));
            }
        }
        out
    }

    /// The best expression starting at word `i`.
    fn parse_at(&self, i: usize) -> Option<Found> {
        let mut best: Option<Found> = None;
        let mut consider = |candidate: Option<Found>| {
            if let Some(c) = candidate {
                if best.as_ref().is_none_or(|b| c.next > b.next) {
                    best = Some(c);
                }
            }
        };
        match self.w.words[i].kind {
            WordKind::Digits => {
                let start = self.start_of(i);
                consider(self.numeric_date(i, start));
                consider(self.textual_date(i, "", start));
                consider(self.clock_time(i, start, false));
                consider(self.quantity(i, "", start));
                consider(self.bare_year(i, start));
            }
            WordKind::Arabic => {
                for (key, start) in self.variants(i) {
                    if self.lex.get(&key).is_empty()
                        && self.lex.max_words(&key) == 1
                        && !self.is_grammar_head(&key)
                    {
                        continue;
                    }
                    consider(self.phrase(i, &key, start));
                    consider(self.weekday(i, &key, start));
                    consider(self.textual_date(i, &key, start));
                    consider(self.year_with_cue(i, &key, start));
                    consider(self.decade(i, &key, start));
                    consider(self.century(i, &key, start));
                    consider(self.daypart(i, &key, start));
                    consider(self.clock_time(i, start, HOUR_CUES.contains(&key.as_ref())));
                    consider(self.relative_unit(i, &key, start));
                    consider(self.quantity(i, &key, start));
                    consider(self.modified(i, &key, start));
                    consider(self.set(i, &key, start));
                    consider(self.part_of_year(i, &key, start));
                    consider(self.season(i, &key, start));
                    consider(self.holiday(i, &key, start));
                }
            }
            _ => {}
        }
        best
    }

    /// Grammar words that start a rule without being in a lexicon.
    fn is_grammar_head(&self, key: &str) -> bool {
        key == YAWM
            || key == SHAHR
            || key == GHURRA
            || key == EVERY
            || key == AGO
            || matches!(key, "اكثر" | "اقل" | "ما" | "ايام" | "النصف" | "الربع")
            || THIS.contains(&key)
            || YEAR_CUES.contains(&key)
            || HOUR_CUES.contains(&key)
            || CENTURY_CUES.contains(&key)
            || APPROX.iter().any(|(w, _)| *w == key)
            || self.definite_unit(key).is_some()
            || key.strip_prefix("ال").is_some_and(|k| !self.lex.get(k).is_empty())
    }

    // ----- anchor helpers -----

    fn anchor_or_note(&self, notes: &mut Vec<String>, what: &str) -> Option<NaiveDate> {
        if self.anchor.is_none() {
            notes.push(format!("no anchor date: {what} left unresolved"));
        }
        self.anchor
    }

    /// The value of the anchor shifted by `n` units, or the unresolved value.
    fn shifted(&self, unit: Unit, n: i64, notes: &mut Vec<String>, what: &str) -> (String, f32) {
        match self.anchor_or_note(notes, what) {
            Some(anchor) => match shift(anchor, unit, n) {
                Some(d) => {
                    let at = match unit {
                        Unit::Hour | Unit::Minute | Unit::Second => Unit::Day,
                        u => u,
                    };
                    (format_at(d, at), 0.85)
                }
                None => (unit.unresolved().to_string(), 0.3),
            },
            None => (unit.unresolved().to_string(), 0.5),
        }
    }

    fn resolve_weekday(&self, weekday: Weekday, direction: Direction) -> Option<NaiveDate> {
        let anchor = self.anchor?;
        let today = anchor.weekday().num_days_from_monday() as i64;
        let target = weekday.num_days_from_monday() as i64;
        let back = (today - target).rem_euclid(7);
        let forward = (target - today).rem_euclid(7);
        let days = match direction {
            Direction::OnOrBefore => -back,
            Direction::Before => -(if back == 0 { 7 } else { back }),
            Direction::OnOrAfter => forward,
            Direction::After => {
                if forward == 0 {
                    7
                } else {
                    forward
                }
            }
        };
        shift(anchor, Unit::Day, days)
    }

    /// The tense of the nearest cue in the same sentence as words `i..end`.
    fn tense_around(&self, i: usize, end: usize) -> Option<Tense> {
        const REACH: usize = 30;
        let is_boundary = |j: usize| {
            self.kind(j) == Some(WordKind::Punct) && matches!(self.key(j), "." | "؟" | "?" | "!" | "؛" | ";")
        };
        let mut back = None;
        let mut j = i;
        while j > 0 && i - j < REACH {
            if self.w.words[j].after_newline {
                break;
            }
            j -= 1;
            if is_boundary(j) {
                break;
            }
            if let Some(t) = self.cue(j) {
                back = Some((t, i - j));
                break;
            }
        }
        let mut forward = None;
        let mut j = end;
        while j < self.w.len() && j - end < REACH {
            if is_boundary(j) || self.w.words[j].after_newline {
                break;
            }
            if let Some(t) = self.cue(j) {
                forward = Some((t, j - end + 1));
                break;
            }
            j += 1;
        }
        // Arabic news puts the verb before the time (أعلن … الاثنين); a cue
        // after the expression usually opens the next clause, so it counts
        // only when nothing before does.
        back.or(forward).map(|(t, _)| t)
    }

    fn cue(&self, j: usize) -> Option<Tense> {
        if self.kind(j) != Some(WordKind::Arabic) {
            return None;
        }
        let key = self.key(j);
        for k in [Some(key), self.key_without_conjunction(j)].into_iter().flatten() {
            match self.single(k, |l| match *l {
                Lex::Cue { tense } => Some(tense),
                _ => None,
            }) {
                Some(Tense::Neither) => return None,
                Some(t) => return Some(t),
                None => {}
            }
        }
        // س + a present-tense prefix: سيزور، ستنسحب، سنعمل، سأعود.
        let stem = self.key_without_conjunction(j).unwrap_or(key);
        let mut chars = stem.chars();
        if chars.next() == Some('س')
            && matches!(chars.next(), Some('ي' | 'ت' | 'ن' | 'ا'))
            && stem.chars().count() >= 5
            && self.lex.get(stem).is_empty()
        {
            return Some(Tense::Future);
        }
        None
    }

    // ----- numbers -----

    /// A cardinal at word `j` (digits or words: ثلاثة، خمسة عشر، خمسة
    /// وعشرين، بضعة); `None` inside means an unspecified number.
    fn cardinal(&self, j: usize, first: &str) -> Option<(Option<u32>, usize)> {
        if let Some((n, _)) = self.digits(j) {
            return u32::try_from(n).ok().map(|n| (Some(n), j + 1));
        }
        // الـ24: the article before digits.
        if first == "ال" {
            if let Some((n, _)) = self.digits(j + 1).filter(|_| self.adjacent(j + 1)) {
                return u32::try_from(n).ok().map(|n| (Some(n), j + 2));
            }
        }
        let bare = first.strip_prefix("ال").filter(|_| self.lex.get(first).is_empty()).unwrap_or(first);
        if self.number_of(bare, NumberKind::Few).is_some() {
            return Some((None, j + 1));
        }
        let v = self.number_of(bare, NumberKind::Cardinal)?;
        if v < 10 && EASHR.contains(&self.key(j + 1)) {
            return Some((Some(v + 10), j + 2));
        }
        if v < 10 {
            if let Some(tens) = self.key_without_conjunction(j + 1).and_then(|k| {
                let k = k.strip_prefix("ال").unwrap_or(k);
                self.number_of(k, NumberKind::Cardinal).filter(|t| *t >= 20 && t % 10 == 0 && *t < 100)
            }) {
                return Some((Some(v + tens), j + 2));
            }
        }
        // أحد and إحدى only count inside أحد عشر.
        if v == 1 && matches!(bare, "احد" | "احدي") {
            return None;
        }
        Some((Some(v), j + 1))
    }

    /// An ordinal at word `j`: الثالث، التاسع عشر، الحادي والعشرين.
    fn ordinal(&self, j: usize, first: &str) -> Option<(u32, usize)> {
        let v = self.number_of(first, NumberKind::Ordinal)?;
        if v < 10 && EASHR.contains(&self.key(j + 1)) {
            return Some((v + 10, j + 2));
        }
        if v < 10 {
            if let Some(tens) = self
                .key_without_conjunction(j + 1)
                .and_then(|k| self.number_of(k, NumberKind::Ordinal))
                .filter(|t| *t >= 20)
            {
                return Some((v + tens, j + 2));
            }
        }
        Some((v, j + 1))
    }

    // ----- dates -----

    /// 31/12/2025, 2025-12-31, 15/9/1447 هـ.
    fn numeric_date(&self, i: usize, start: usize) -> Option<Found> {
        let (a, a_digits) = self.digits(i)?;
        let sep = self.key(i + 1);
        // Slashes may be spaced (12 / 8 / 2015); other separators touch.
        let touching = |k: usize| sep == "/" || self.adjacent(k);
        if !DATE_SEPARATORS.contains(&sep)
            || self.kind(i + 1) != Some(WordKind::Punct)
            || !touching(i + 1)
            || !touching(i + 2)
        {
            return None;
        }
        let (b, _) = self.digits(i + 2)?;
        if self.key(i + 3) != sep || !touching(i + 3) || !touching(i + 4) {
            return None;
        }
        let (c, c_digits) = self.digits(i + 4)?;
        let mut next = i + 5;
        let mut notes = Vec::new();
        let mut confidence = 0.95;
        let (year, mut month, mut day) = if a_digits == 4 {
            (a, b, c)
        } else if c_digits == 4 {
            (c, b, a)
        } else {
            return None;
        };
        if a_digits != 4 {
            if month > 12 && day <= 12 {
                std::mem::swap(&mut month, &mut day);
                confidence = 0.6;
                notes.push("month above 12: read as M/D/Y".to_string());
            } else if month <= 12 && day <= 12 && month != day {
                confidence = 0.7;
                notes.push("day/month order ambiguous: read as D/M/Y (Arab press order)".to_string());
            }
        }
        let (year, month, day) =
            (i32::try_from(year).ok()?, u32::try_from(month).ok()?, u32::try_from(day).ok()?);
        if let Some(era_next) = self.era(next, &HIJRI_ERA) {
            next = era_next;
            if year < 1700 {
                return self.hijri_found(
                    start,
                    next,
                    year,
                    month,
                    Some(day),
                    confidence,
                    notes,
                    "time.numeric-hijri-date",
                );
            }
            // A Gregorian year marked هـ: a slip; keep the mark in the span.
        }
        if !(1000..=2200).contains(&year) {
            return None;
        }
        if let Some(era_next) = self.era(next, &GREGORIAN_ERA) {
            next = era_next;
        }
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        let mut found = Found::new(
            start,
            next,
            TimexType::DATE,
            format_at(date, Unit::Day),
            confidence,
            "time.numeric-date",
        );
        found.notes = notes;
        Some(found)
    }

    /// An era marker (م, هـ, هجري …) at word `j`, written apart or attached.
    fn era(&self, j: usize, which: &[&str]) -> Option<usize> {
        (self.kind(j) == Some(WordKind::Arabic) && which.contains(&self.key(j))).then_some(j + 1)
    }

    /// A month name (Gregorian or Hijri) at `j`, with a paired name
    /// (يوليو/ تموز, تموز (يوليو)).
    fn month_name(&self, j: usize, first: &str) -> Option<(MonthName, usize, Entry)> {
        let (name, mut next, entry) = self.longest(j, first, |e| match e.lex {
            Lex::Month { month, weak } => Some(MonthName { hijri: false, month, weak, paired: false }),
            Lex::HijriMonth { month, weak } => Some(MonthName { hijri: true, month, weak, paired: false }),
            _ => None,
        })?;
        let mut name = name;
        if !name.hijri {
            // شهر مارس أذار: the second name without a separator.
            if let Some((other, after, _)) = self.longest(next, self.key(next), |e| match e.lex {
                Lex::Month { month, .. } => Some(month),
                _ => None,
            }) {
                if other == name.month && self.kind(next) == Some(WordKind::Arabic) {
                    return Some((MonthName { paired: true, weak: false, ..name }, after, entry));
                }
            }
            let open = self.key(next);
            if matches!(open, "/" | "(" | "-" | "،") && self.kind(next) == Some(WordKind::Punct) {
                let k = next + 1;
                if let Some((other, after, _)) = self.longest(k, self.key(k), |e| match e.lex {
                    Lex::Month { month, .. } => Some(month),
                    _ => None,
                }) {
                    if other == name.month && open != "،" {
                        next = after;
                        if open == "(" && self.is_punct(next, ")") {
                            next += 1;
                        }
                        name.paired = true;
                        name.weak = false;
                    }
                }
            }
        }
        Some((name, next, entry))
    }

    /// A year after a month: digits (2025, عام 2025, من عام 2017, 1447 هـ)
    /// or a relative year (من العام الماضي, من هذا العام). Returns the year,
    /// whether it is Hijri, and the index after it.
    fn year_after(&self, j: usize, hijri: bool) -> Option<(i32, bool, usize)> {
        let mut k = j;
        if self.key(k) == MIN {
            k += 1;
        }
        if THIS.contains(&self.key(k)) && matches!(self.key(k + 1), "العام" | "السنه") {
            return Some((self.anchor?.year(), false, k + 2));
        }
        if matches!(self.key(k), "العام" | "السنه") {
            if let Some((offset, GramNumber::Singular)) = self.direction_at(k + 1) {
                return Some((self.anchor?.year() + offset, false, k + 2));
            }
        }
        if YEAR_CUES.contains(&self.key(k)) {
            k += 1;
        } else if k == j && (self.is_punct(k, "،") || self.is_punct(k, ",")) {
            // 31 ديسمبر، 2025
            k += 1;
        } else if k != j {
            return None;
        }
        let (y, n) = self.digits(k)?;
        if !(3..=4).contains(&n) {
            return None;
        }
        let y = i32::try_from(y).ok()?;
        let next = k + 1;
        if let Some(after) = self.era(next, &HIJRI_ERA) {
            return Some((y, y < 1700, after));
        }
        if let Some(after) = self.era(next, &GREGORIAN_ERA) {
            return Some((y, false, after));
        }
        let hijri_year = hijri && (1300..=1600).contains(&y);
        if !hijri_year && !(1000..=2200).contains(&y) {
            return None;
        }
        Some((y, hijri_year, next))
    }

    /// [day] month [pair] [year] [era]: ٣١ ديسمبر ٢٠٢٥, الثالث من يناير,
    /// غرة شوال, 15 رمضان 1447 هـ, يوليو/ تموز 2016, ديسمبر.
    fn textual_date(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let mut j = i;
        let mut day = None;
        if let Some((n, digits)) = self.digits(i) {
            if digits > 2 || !(1..=31).contains(&n) {
                return None;
            }
            day = Some(n as u32);
            j += 1;
        } else if first == GHURRA {
            day = Some(1);
            j += 1;
        } else if let Some((n, after)) = self.ordinal(i, first).filter(|(n, _)| (1..=31).contains(n)) {
            // Ordinals name a day only with من or a month right after.
            day = Some(n);
            j = after;
        }
        let mut after_shahr = false;
        if day.is_some() {
            if self.key(j) == MIN {
                j += 1;
            }
            if self.key(j) == SHAHR {
                j += 1;
                after_shahr = true;
            }
        } else if first == SHAHR {
            j += 1;
            after_shahr = true;
        }
        // العاشر من الشهر الجاري, 28 من الشهر الماضي.
        if let (Some(d), "الشهر") = (day, self.key(j)) {
            if let Some((offset, GramNumber::Singular)) = self.direction_at(j + 1) {
                let mut notes = Vec::new();
                let (value, confidence) = match self.anchor_or_note(&mut notes, "day of a relative month") {
                    Some(anchor) => {
                        let month = shift(anchor, Unit::Month, i64::from(offset))?;
                        (format_at(NaiveDate::from_ymd_opt(month.year(), month.month(), d)?, Unit::Day), 0.85)
                    }
                    None => (format!("XXXX-XX-{d:02}"), 0.5),
                };
                let mut found = Found::new(
                    start,
                    j + 2,
                    TimexType::DATE,
                    value,
                    confidence,
                    "time.day-of-relative-month",
                );
                found.notes = notes;
                return Some(found);
            }
        }
        let month_first: Cow<'_, str> =
            if j == i { Cow::Borrowed(first) } else { Cow::Borrowed(self.key(j)) };
        if j >= self.w.len() {
            return None;
        }
        let Some((name, mut next, entry)) = self.month_name(j, &month_first) else {
            return if self.digits(i).is_some() { self.coordinated_day(i, start) } else { None };
        };
        if name.hijri {
            let mut epithet = false;
            if HIJRI_EPITHETS.contains(&self.key(next)) {
                next += 1;
                epithet = true;
            }
            let year = self.year_after(next, true);
            // شهر رمضان alone names no single period: not tagged; with an
            // epithet (محرم الحرام, رمضان المبارك) the month is meant.
            let weak_ok = day.is_some() || year.is_some() || epithet || (!after_shahr && !name.weak);
            if !weak_ok {
                return None;
            }
            let mut notes = Vec::new();
            let (year, confidence) = match year {
                Some((y, _, after)) => {
                    next = after;
                    (y, 0.95)
                }
                None => (self.infer_hijri_year(name.month, day.unwrap_or(1), &mut notes)?, 0.7),
            };
            let rule = if day.is_some() { "time.hijri-date" } else { "time.hijri-month" };
            let mut found = self.hijri_found(start, next, year, name.month, day, confidence, notes, rule)?;
            found.origin = Origin::lexicon(entry.file, entry.line);
            return Some(found);
        }
        let year = self.year_after(next, false).filter(|(_, hijri, _)| !hijri);
        // مايو الماضي, يونيو/حزيران المقبل, 24 يونيو الجاري.
        let direction = if year.is_none() { self.direction_at(next) } else { None };
        if day.is_none() && year.is_none() && direction.is_none() && name.weak {
            return None;
        }
        if let (Some((offset, _)), Some(anchor)) = (direction, self.anchor) {
            next += 1;
            let y = match offset {
                -1 if name.month < anchor.month() => anchor.year(),
                -1 => anchor.year() - 1,
                1 if name.month > anchor.month() => anchor.year(),
                1 => anchor.year() + 1,
                _ => anchor.year(),
            };
            let value = match day {
                Some(d) => format_at(NaiveDate::from_ymd_opt(y, name.month, d)?, Unit::Day),
                None => format!("{y:04}-{:02}", name.month),
            };
            let mut found = Found::new(start, next, TimexType::DATE, value, 0.85, "time.textual-date");
            found.origin = Origin::lexicon(entry.file, entry.line);
            return Some(found);
        }
        // A bare ordinal before a month without من (الثاني يناير) is odd.
        let mut notes = Vec::new();
        let (year, mut confidence) = match year {
            Some((y, _, after)) => {
                next = after;
                (Some(y), 0.95)
            }
            None => (None, 0.75),
        };
        let value;
        match (day, year) {
            (Some(d), Some(y)) => {
                let date = NaiveDate::from_ymd_opt(y, name.month, d)?;
                value = format_at(date, Unit::Day);
            }
            (None, Some(y)) => {
                value = format!("{y:04}-{:02}", name.month);
                confidence = 0.9;
            }
            (d, None) => {
                let y = match self.paragraph_year.get() {
                    Some(y) => {
                        notes.push(format!("month without a year: year {y} taken from the paragraph"));
                        Some(y)
                    }
                    None => self.infer_year(name.month, d.unwrap_or(1), i, next, &mut notes),
                };
                value = match (y, d) {
                    (Some(y), Some(d)) => format_at(NaiveDate::from_ymd_opt(y, name.month, d)?, Unit::Day),
                    (Some(y), None) => format!("{y:04}-{:02}", name.month),
                    (None, Some(d)) => {
                        NaiveDate::from_ymd_opt(2000, name.month, d)?; // 29 February is fine in a leap year
                        format!("XXXX-{:02}-{d:02}", name.month)
                    }
                    (None, None) => format!("XXXX-{:02}", name.month),
                };
                if day.is_none() {
                    confidence = 0.7;
                }
            }
        }
        let mut found = Found::new(start, next, TimexType::DATE, value, confidence, "time.textual-date");
        found.origin = Origin::lexicon(entry.file, entry.line);
        found.notes = notes;
        Some(found)
    }

    /// A day number coordinated with later ones before a month: the 16 of
    /// "16 و17 و18 مارس" takes its month and year from the last one.
    fn coordinated_day(&self, i: usize, start: usize) -> Option<Found> {
        let (day, _) = self.digits(i).filter(|(n, d)| *d <= 2 && (1..=31).contains(n))?;
        let mut k = i + 1;
        let mut last = None;
        for _ in 0..6 {
            let joined = (self.key(k) == "و" && self.adjacent(k + 1))
                || self.is_punct(k, "،")
                || self.is_punct(k, "-");
            match self.digits(k + 1).filter(|(n, d)| joined && *d <= 2 && (1..=31).contains(n)) {
                Some(_) => {
                    last = Some(k + 1);
                    k += 2;
                }
                None => break,
            }
        }
        let last = last?;
        let tail = self.textual_date(last, "", self.start_of(last))?;
        if tail.value.len() != 10 {
            return None;
        }
        let month_year = &tail.value[..8];
        let date = NaiveDate::parse_from_str(&format!("{month_year}{day:02}"), "%Y-%m-%d").ok()?;
        let mut found = Found::new(
            start,
            i + 1,
            TimexType::DATE,
            format_at(date, Unit::Day),
            tail.confidence - 0.05,
            "time.coordinated-day",
        );
        found.notes = tail.notes;
        Some(found)
    }

    /// The year of a month (and day) given without one: of the anchor's
    /// year and its neighbours, the one nearest the anchor, with dates on
    /// the wrong side of the anchor for the sentence's tense penalised.
    fn infer_year(&self, month: u32, day: u32, i: usize, end: usize, notes: &mut Vec<String>) -> Option<i32> {
        let anchor = self.anchor_or_note(notes, "month without a year")?;
        notes.push("month without a year: year taken from the anchor date and the tense".into());
        let tense = self.tense_around(i, end);
        (anchor.year() - 1..=anchor.year() + 1)
            .filter_map(|y| {
                let date = NaiveDate::from_ymd_opt(y, month, day.min(28))?;
                let days = (date - anchor).num_days();
                let penalty = match tense {
                    Some(Tense::Past) if days > 0 => 120,
                    Some(Tense::Future) if days < 0 => 120,
                    _ => 0,
                };
                Some((days.abs() + penalty, y))
            })
            .min()
            .map(|(_, y)| y)
    }

    /// The Hijri year whose (month, day) falls nearest the anchor.
    fn infer_hijri_year(&self, month: u32, day: u32, notes: &mut Vec<String>) -> Option<i32> {
        let anchor = self.anchor_or_note(notes, "Hijri month without a year")?;
        notes.push("Hijri month without a year: the occurrence nearest the anchor date".into());
        let (hy, _, _) = self.lex.umm_al_qura.from_gregorian(anchor);
        (hy - 1..=hy + 1)
            .filter_map(|y| {
                let (d, _) = self.lex.umm_al_qura.to_gregorian(y, month, day)?;
                Some(((d - anchor).num_days().abs(), y))
            })
            .min()
            .map(|(_, y)| y)
    }

    #[allow(clippy::too_many_arguments)]
    fn hijri_found(
        &self,
        start: usize,
        next: usize,
        year: i32,
        month: u32,
        day: Option<u32>,
        confidence: f32,
        mut notes: Vec<String>,
        rule: &'static str,
    ) -> Option<Found> {
        if !(1..=12).contains(&month) {
            return None;
        }
        let (gregorian, source) = self.lex.umm_al_qura.to_gregorian(year, month, day.unwrap_or(1))?;
        let mut confidence = confidence;
        if source == HijriSource::Tabular {
            confidence -= 0.1;
            notes.push(
                "Hijri date outside the Umm al-Qura table: tabular calendar used (may differ by a day)"
                    .into(),
            );
        }
        let (value, hijri) = match day {
            Some(d) => (format_at(gregorian, Unit::Day), format!("{year:04}-{month:02}-{d:02}")),
            None => {
                confidence -= 0.1;
                (format_at(gregorian, Unit::Month), format!("{year:04}-{month:02}"))
            }
        };
        let mut found = Found::new(start, next, TimexType::DATE, value, confidence, rule);
        found.hijri = Some(hijri);
        found.notes = notes;
        Some(found)
    }

    /// عام 2003, العام 2014, سنة 1447 هـ.
    fn year_with_cue(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        if !YEAR_CUES.contains(&first) {
            return None;
        }
        let (n, digits) = self.digits(i + 1)?;
        if !(3..=4).contains(&digits) {
            return None;
        }
        self.year_found(start, i + 1, n, 0.9, "time.year")
    }

    /// A year written alone after في، منذ، حتى, or with an era (2016م).
    fn bare_year(&self, i: usize, start: usize) -> Option<Found> {
        let (n, digits) = self.digits(i)?;
        if digits != 4 {
            return None;
        }
        let has_era = self.era(i + 1, &GREGORIAN_ERA).is_some() || self.era(i + 1, &HIJRI_ERA).is_some();
        let cue_before = i > 0
            && {
                let prev = self.key(i - 1);
                let prev = prev.strip_prefix('و').filter(|p| !p.is_empty()).unwrap_or(prev);
                BARE_YEAR_CUES.contains(&prev)
                // و2015 after a year: عامي 2014 و2015.
                || (self.key(i - 1) == "و" && self.adjacent(i) && i >= 2 && self.digits(i - 2).is_some_and(|(_, d)| d == 4))
            };
        if has_era {
            return self.year_found(start, i, n, 0.9, "time.bare-year");
        }
        if !(1900..=2100).contains(&n) {
            return None;
        }
        // Not a count (2003 شخصا), a decimal or part of a longer number.
        let counted = self.unit_of(self.key(i + 1)).is_some()
            || (self.kind(i + 1) == Some(WordKind::Arabic)
                && !self.adjacent(i + 1)
                && self.lex.get(self.key(i + 1)).is_empty()
                && !cue_before
                && self.number_follows_noun(i + 1))
            || (self.adjacent(i) && matches!(self.key(i - 1), "." | "," | "٫" | "+"))
            || (self.adjacent(i + 1) && matches!(self.key(i + 1), "%" | "٪"))
            || (self.adjacent(i + 1)
                && matches!(self.key(i + 1), "." | "," | "٫")
                && self.adjacent(i + 2)
                && self.digits(i + 2).is_some());
        if counted {
            return None;
        }
        self.year_found(start, i, n, if cue_before { 0.75 } else { 0.6 }, "time.bare-year")
    }

    /// True when the word after a number looks like a counted noun: an
    /// indefinite Arabic word (no article, not a grammar word).
    fn number_follows_noun(&self, j: usize) -> bool {
        let key = self.key(j);
        !key.starts_with("ال")
            && !key.starts_with('و')
            && !key.starts_with('ف')
            && key.chars().count() >= 3
            && !matches!(
                key,
                "الي"
                    | "حتي"
                    | "عندما"
                    | "حين"
                    | "بعد"
                    | "قبل"
                    | "علي"
                    | "عن"
                    | "مع"
                    | "ضد"
                    | "بين"
                    | "منذ"
                    | "حيث"
                    | "كما"
                    | "لكن"
                    | "ثم"
                    | "اثر"
            )
    }

    fn year_found(
        &self,
        start: usize,
        j: usize,
        n: u64,
        confidence: f32,
        rule: &'static str,
    ) -> Option<Found> {
        let year = i32::try_from(n).ok()?;
        if let Some(next) = self.era(j + 1, &HIJRI_ERA) {
            if year >= 1700 {
                // A Gregorian year marked هـ by mistake (2015هـ).
                return Some(Found::new(
                    start,
                    next,
                    TimexType::DATE,
                    format!("{year:04}"),
                    confidence - 0.1,
                    rule,
                ));
            }
            // The Gregorian year holding most of the Hijri year: the one of
            // its middle (a Hijri year is 354 or 355 days).
            let (gregorian, _) = self.lex.umm_al_qura.to_gregorian(year, 6, 29)?;
            let mut found =
                Found::new(start, next, TimexType::DATE, format_at(gregorian, Unit::Year), 0.6, rule);
            found.hijri = Some(format!("{year:04}"));
            found.notes.push("Hijri year: value is the Gregorian year holding most of it".into());
            return Some(found);
        }
        if !(1000..=2200).contains(&year) {
            return None;
        }
        let next = self.era(j + 1, &GREGORIAN_ERA).unwrap_or(j + 1);
        Some(Found::new(start, next, TimexType::DATE, format!("{year:04}"), confidence, rule))
    }

    /// التسعينيات, ثمانينيات القرن الماضي.
    fn decade(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let digit = self.single(first, |l| match *l {
            Lex::Decade { digit } => Some(digit),
            _ => None,
        })?;
        let mut next = i + 1;
        let mut notes = Vec::new();
        let mut k = next;
        if self.key(k) == MIN {
            k += 1;
        }
        let century = if CENTURY_CUES.contains(&self.key(k)) { self.century_number(k + 1) } else { None };
        let (century, confidence) = match century {
            Some((c, after)) => {
                next = after;
                (Some(c), 0.9)
            }
            None => {
                let c = self.anchor_or_note(&mut notes, "decade without a century").map(|a| {
                    let c = a.year().div_euclid(100);
                    if c * 10 + digit as i32 > a.year().div_euclid(10) {
                        c - 1
                    } else {
                        c
                    }
                });
                (c, 0.75)
            }
        };
        let value = match century {
            Some(c) => format!("{c:02}{digit}"),
            None => format!("XX{digit}"),
        };
        let mut found = Found::new(start, next, TimexType::DATE, value, confidence, "time.decade");
        found.notes = notes;
        Some(found)
    }

    /// The century after القرن as TIMEX3 digits (the 20th century → 19):
    /// ordinals, digits, الـ21, الماضي/الحالي.
    fn century_number(&self, j: usize) -> Option<(i32, usize)> {
        if let Some((offset, GramNumber::Singular)) = self.direction_at(j) {
            let anchor = self.anchor?;
            return Some((anchor.year().div_euclid(100) + offset, j + 1));
        }
        let (n, next) = match self.ordinal(j, self.key(j)) {
            Some(x) => x,
            None => {
                let (n, next) = self.cardinal(j, self.key(j)).filter(|(n, _)| n.is_some())?;
                (n?, next)
            }
        };
        (1..=30).contains(&n).then_some((n as i32 - 1, next))
    }

    /// القرن العشرين, القرن الـ21, القرن الحادي والعشرين.
    fn century(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        if !CENTURY_CUES.contains(&first) {
            return None;
        }
        let (c, next) = self.century_number(i + 1)?;
        let confidence = if self.direction_at(i + 1).is_some() { 0.85 } else { 0.9 };
        Some(Found::new(start, next, TimexType::DATE, format!("{c:02}"), confidence, "time.century"))
    }

    /// [يوم] weekday [direction | الموافق date | date].
    fn weekday(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let (mut j, has_yawm) = if first == YAWM { (i + 1, true) } else { (i, false) };
        // يوم (الخميس): Asharq Al-Awsat brackets the weekday.
        let bracketed = has_yawm && self.is_punct(j, "(");
        if bracketed {
            j += 1;
        }
        let key = if has_yawm { self.key(j) } else { first };
        let Some((weekday, weak)) = self.weekday_of(key) else {
            // يوم 29 يوليو, يوم 12 / 8 / 2015: the head noun joins the date.
            if has_yawm && !bracketed && j < self.w.len() {
                return self
                    .numeric_date(j, start)
                    .or_else(|| self.textual_date(j, self.key(j), start))
                    .filter(|d| d.kind == TimexType::DATE && d.value.len() == 10);
            }
            return None;
        };
        if weak && !has_yawm {
            return None;
        }
        if EASHR.contains(&self.key(j + 1)) {
            return None; // الأحد عشر: "the eleven"
        }
        let mut next = j + 1;
        if bracketed {
            if !self.is_punct(next, ")") {
                return None;
            }
            next += 1;
        }
        let mut notes = Vec::new();
        let iso = weekday.number_from_monday();
        // An explicit direction.
        if let Some((offset, GramNumber::Singular)) = self.direction_at(next) {
            let direction = match offset {
                -1 => Direction::Before,
                1 => Direction::After,
                _ => Direction::OnOrAfter,
            };
            next += 1;
            let (value, confidence) = match self.anchor_or_note(&mut notes, "weekday") {
                Some(_) => (self.resolve_weekday(weekday, direction).map(|d| format_at(d, Unit::Day))?, 0.9),
                None => (format!("XXXX-WXX-{iso}"), 0.5),
            };
            let mut found = Found::new(start, next, TimexType::DATE, value, confidence, "time.weekday");
            found.notes = notes;
            return Some(found);
        }
        // A date right after: الأحد 31 ديسمبر 2025, الأحد الموافق 31/12/2025.
        let mut k = next;
        if self.key(k) == ALMUWAFIQ || self.is_punct(k, "،") || self.is_punct(k, ",") {
            k += 1;
        }
        if k < self.w.len() {
            let date = self
                .numeric_date(k, start)
                .or_else(|| self.textual_date(k, self.key(k), start))
                .filter(|d| d.is_full_date() && d.value.len() == 10 && d.hijri.is_none());
            if let Some(mut date) = date {
                if let Ok(d) = NaiveDate::parse_from_str(&date.value, "%Y-%m-%d") {
                    if d.weekday() != weekday {
                        date.confidence -= 0.2;
                        date.notes.push(format!("weekday does not match the date {}", date.value));
                    }
                }
                return Some(date);
            }
        }
        // A bare weekday: resolved by the tense of its sentence.
        let tense = self.tense_around(i, next);
        let (direction, confidence) = match tense {
            Some(Tense::Future) => (Direction::OnOrAfter, 0.75),
            Some(_) => (Direction::OnOrBefore, 0.75),
            None => {
                notes.push("bare weekday without a tense cue: read as the most recent one".into());
                (Direction::OnOrBefore, 0.55)
            }
        };
        let value = match self.anchor_or_note(&mut notes, "weekday") {
            Some(_) => self.resolve_weekday(weekday, direction).map(|d| format_at(d, Unit::Day))?,
            None => format!("XXXX-WXX-{iso}"),
        };
        let mut found = Found::new(start, next, TimexType::DATE, value, confidence, "time.weekday");
        found.notes = notes;
        Some(found)
    }

    /// Fixed phrases: أمس, أول أمس, غدا, اليوم [الأحد], الليلة, وقت سابق,
    /// حاليا, أسبوعيا …
    fn phrase(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let (meaning, mut next, entry) = self.longest(i, first, |e| match e.lex {
            Lex::Phrase { meaning } => Some(meaning),
            _ => None,
        })?;
        let mut notes = Vec::new();
        let origin = Origin::lexicon(entry.file, entry.line);
        let mut found = match meaning {
            Meaning::Day(n) => {
                if first == "اليوم" && next == i + 1 && !self.today_is_a_date(i) {
                    return None;
                }
                // اليوم الأحد, أمس السبت: the weekday joins the expression.
                let mut weekday_check = None;
                let k = if self.key(next) == YAWM { next + 1 } else { next };
                let bracketed = self.is_punct(k, "(");
                let k = if bracketed { k + 1 } else { k };
                if let Some((wd, weak)) = self.weekday_of(self.key(k)) {
                    let closed = !bracketed || self.is_punct(k + 1, ")");
                    if (!weak || k > next) && closed && !EASHR.contains(&self.key(k + 1)) {
                        weekday_check = Some(wd);
                        next = if bracketed { k + 2 } else { k + 1 };
                    }
                }
                let (value, mut confidence) =
                    self.shifted(Unit::Day, i64::from(n), &mut notes, "relative day");
                if let (Some(wd), Some(anchor)) = (weekday_check, self.anchor) {
                    if shift(anchor, Unit::Day, i64::from(n)).map(|d| d.weekday()) != Some(wd) {
                        confidence -= 0.2;
                        notes.push(format!("weekday does not match {value}"));
                    }
                }
                Found::new(start, next, TimexType::DATE, value, confidence + 0.05, "")
            }
            Meaning::Night(n) => {
                let (value, confidence) = self.shifted(Unit::Day, i64::from(n), &mut notes, "night");
                Found::new(start, next, TimexType::TIME, format!("{value}TNI"), confidence, "")
            }
            Meaning::Reference(r) => Found::new(start, next, TimexType::DATE, r.to_string(), 0.8, ""),
            Meaning::Set(p) => Found::new(start, next, TimexType::SET, p.to_string(), 0.9, ""),
        };
        found.origin = origin;
        found.notes = notes;
        Some(found)
    }

    /// اليوم means "today" unless it is "the day" of a noun phrase
    /// (هذا اليوم, اليوم الأول, اليوم الوطني).
    fn today_is_a_date(&self, i: usize) -> bool {
        if i > 0
            && (THIS.contains(&self.key(i - 1))
                || self.key_without_conjunction(i - 1).is_some_and(|k| THIS.contains(&k)))
        {
            return false;
        }
        if i > 0 && self.number_of(self.key(i - 1), NumberKind::Cardinal).is_some() {
            return false;
        }
        let next = self.key(i + 1);
        if self.kind(i + 1) == Some(WordKind::Arabic) && next.starts_with("ال") {
            return self.weekday_of(next).is_some() || self.daypart_of(next).is_some();
        }
        true
    }

    /// A day reference after a daypart or a clock time: اليوم, أمس, الخميس,
    /// يوم الخميس الماضي, 31 ديسمبر.
    fn day_reference(&self, j: usize) -> Option<Found> {
        if j >= self.w.len() {
            return None;
        }
        let key = self.key(j);
        let start = self.start_of(j);
        let mut best: Option<Found> = None;
        let candidates = [
            self.phrase(j, key, start),
            self.weekday(j, key, start),
            self.textual_date(j, key, start),
            self.numeric_date(j, start),
        ];
        for c in candidates.into_iter().flatten() {
            if c.is_full_date() && best.as_ref().is_none_or(|b| c.next > b.next) {
                best = Some(c);
            }
        }
        best
    }

    /// صباح الخميس, مساء أمس, فجر اليوم, ليلة الأحد; an adverb alone
    /// (صباحا, ليلا) is a time of an unknown day.
    fn daypart(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let part = self.daypart_of(first)?;
        let mut k = i + 1;
        if self.key(k) == MIN {
            k += 1;
        }
        if let Some(day) = self.day_reference(k) {
            let mut found = Found::new(
                start,
                day.next,
                TimexType::TIME,
                format!("{}T{part}", day.value),
                day.confidence.min(0.85),
                "time.daypart",
            );
            found.notes = day.notes;
            return Some(found);
        }
        // Adverbs (صباحا, ليلا, مساء) stand alone; heads (صباح, ليلة) need a day.
        let adverb = first.ends_with('ا') && !first.starts_with("ال") || first == "مساء";
        if !adverb {
            return None;
        }
        let mut found =
            Found::new(start, i + 1, TimexType::TIME, format!("XXXX-XX-XXT{part}"), 0.5, "time.daypart");
        found.notes.push("part of day without a day".into());
        Some(found)
    }

    /// A clock time: الساعة العاشرة صباحا, الساعة 10:30 مساء يوم الخميس,
    /// 10:30 صباحا.
    fn clock_time(&self, i: usize, start: usize, after_cue: bool) -> Option<Found> {
        let j = if after_cue { i + 1 } else { i };
        // في العاشرة صباحا: an hour word without الساعة, only with a part
        // of day after it (الثانية alone is "the second").
        let spoken = !after_cue && self.kind(i) == Some(WordKind::Arabic);
        if !after_cue && !spoken && self.kind(i) != Some(WordKind::Digits) {
            return None;
        }
        let (mut hour, mut minute, mut next) = if let Some((h, digits)) = self.digits(j) {
            if digits > 2 || h > 24 {
                return None;
            }
            if self.is_punct(j + 1, ":") && self.adjacent(j + 1) && self.adjacent(j + 2) {
                let (m, md) = self.digits(j + 2)?;
                if md != 2 || m > 59 {
                    return None;
                }
                (h as u32, m as u32, j + 3)
            } else if after_cue {
                (h as u32, 0, j + 1)
            } else {
                return None;
            }
        } else if after_cue || spoken {
            let key = self.key(j);
            let (h, after) = self.ordinal(j, key).or_else(|| (key == "الواحده").then_some((1, j + 1)))?;
            if !(1..=12).contains(&h) {
                return None;
            }
            let mut minute = 0;
            let mut after = after;
            match self.key(after) {
                "والنصف" => (minute, after) = (30, after + 1),
                "والربع" => (minute, after) = (15, after + 1),
                "والثلث" => (minute, after) = (20, after + 1),
                _ => {}
            }
            (h, minute, after)
        } else {
            return None;
        };
        // "الساعات الـ24 الماضية" is a duration, not a clock time.
        if self.direction_at(next).is_some() {
            return None;
        }
        if self.key(next) == "الا" && matches!(self.key(next + 1), "ربعا" | "ربع") && minute == 0 {
            hour = if hour == 1 { 12 } else { hour - 1 };
            minute = 45;
            next += 2;
        }
        let mut part = None;
        if let Some(p) = self.daypart_of(self.key(next)) {
            part = Some(p);
            next += 1;
        } else if let Some(p) = (self.key(next) == MIN).then(|| self.daypart_of(self.key(next + 1))).flatten()
        {
            // العاشرة من صباح اليوم: the day reference below takes the words.
            part = Some(p);
        } else if spoken {
            return None;
        } else if !after_cue && (self.digits(i).map(|(_, d)| d) != Some(2) || hour > 23) {
            return None; // a bare clock time is HH:MM (14:18 in a dateline)
        }
        if let Some(p) = part {
            hour = match p {
                "EV" | "AF" if hour < 12 => hour + 12,
                "NI" if (6..12).contains(&hour) => hour + 12,
                "MI" if hour < 6 => hour + 12,
                "MO" if hour == 12 => 0,
                _ => hour,
            };
        }
        let mut notes = Vec::new();
        let mut k = next;
        if self.key(k) == MIN {
            k += 1;
        }
        // The day: after the time (من صباح اليوم, يوم الخميس) or the anchor.
        let mut confidence = 0.85;
        let day = if let Some(dp) = self.daypart_of(self.key(k)).and_then(|_| self.day_reference(k + 1)) {
            next = dp.next;
            notes.extend(dp.notes);
            dp.value
        } else if let Some(day) = self.day_reference(k) {
            next = day.next;
            notes.extend(day.notes);
            confidence = day.confidence.min(0.85);
            day.value
        } else {
            match self.anchor_or_note(&mut notes, "clock time") {
                Some(a) => {
                    confidence = 0.7;
                    format_at(a, Unit::Day)
                }
                None => "XXXX-XX-XX".to_string(),
            }
        };
        let value = format!("{day}T{hour:02}:{minute:02}");
        let mut found = Found::new(start, next, TimexType::TIME, value, confidence, "time.clock");
        found.notes = notes;
        Some(found)
    }

    /// الأسبوع المقبل, الشهر الماضي, العام الحالي, هذا العام, الأيام
    /// المقبلة, السنوات الثلاث الماضية, القرن الماضي.
    fn relative_unit(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let mut notes = Vec::new();
        if THIS.contains(&first) {
            let (unit, number) = self.definite_unit(self.key(i + 1))?;
            if number != GramNumber::Singular
                || matches!(unit, Unit::Period | Unit::Hour | Unit::Minute | Unit::Second)
            {
                return None;
            }
            let (value, confidence) = self.shifted(unit, 0, &mut notes, "relative period");
            let mut found =
                Found::new(start, i + 2, TimexType::DATE, value, confidence, "time.relative-unit");
            found.notes = notes;
            return Some(found);
        }
        let (unit, number) = self.definite_unit(first)?;
        let mut j = i + 1;
        let mut count = None;
        if number != GramNumber::Singular {
            if let Some((n, after)) = self.cardinal(j, self.key(j)).filter(|(n, _)| n.is_some()) {
                count = n;
                j = after;
            }
        }
        let (offset, agreement) = self.direction_at(j)?;
        let next = j + 1;
        let rule = "time.relative-unit";
        let found = match (number, count) {
            (GramNumber::Singular, _) if unit == Unit::Period => {
                let r = match offset {
                    -1 => "PAST_REF",
                    0 => "PRESENT_REF",
                    _ => "FUTURE_REF",
                };
                Found::new(start, next, TimexType::DATE, r.into(), 0.75, rule)
            }
            (GramNumber::Singular, _) => {
                if agreement == GramNumber::Dual || matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) {
                    return None;
                }
                let (value, confidence) =
                    self.shifted(unit, i64::from(offset), &mut notes, "relative period");
                Found::new(start, next, TimexType::DATE, value, confidence, rule)
            }
            (GramNumber::Dual, _) => {
                Found::new(start, next, TimexType::DURATION, unit.duration(Some(2))?, 0.8, rule)
            }
            (GramNumber::Plural, Some(n)) => {
                Found::new(start, next, TimexType::DURATION, unit.duration(Some(n))?, 0.85, rule)
            }
            // الأيام الماضية, السنوات الأخيرة: a vague duration up to now;
            // الأيام المقبلة: the future.
            (GramNumber::Plural, None) if offset < 0 => {
                Found::new(start, next, TimexType::DURATION, unit.duration(None)?, 0.75, rule)
            }
            (GramNumber::Plural, None) => {
                let r = if offset == 0 { "PRESENT_REF" } else { "FUTURE_REF" };
                Found::new(start, next, TimexType::DATE, r.into(), 0.8, rule)
            }
        };
        let mut found = found;
        found.notes = notes;
        Some(found)
    }

    /// A count of units at `j`: ثلاثة أيام, 10 سنوات, أسبوعين, يوم واحد,
    /// بضعة أشهر, ساعات, خمسة وعشرين عاما. `bare_singular` accepts a
    /// singular unit alone (منذ شهر → شهر).
    fn count_of_units(&self, j: usize, first: &str, bare_singular: bool) -> Option<Count> {
        if let Some((unit, number)) = self.unit_of(first) {
            let count = |n, next| Some(Count { n, few: false, unit, next, number });
            return match number {
                GramNumber::Dual => count(Some(2), j + 1),
                GramNumber::Singular if matches!(self.key(j + 1), "واحد" | "واحده") => {
                    count(Some(1), j + 2)
                }
                GramNumber::Singular if bare_singular && self.digits(j + 1).is_none() => {
                    count(Some(1), j + 1)
                }
                // عقود alone is as often "contracts" as "decades".
                GramNumber::Plural if unit == Unit::Decade && !bare_singular => None,
                GramNumber::Plural => {
                    // ساعات, أسابيع قليلة, سنوات طويلة; not a construct
                    // (سنوات الحرب, أيام الجمعة).
                    let next_key = self.key(j + 1);
                    if VAGUE_ADJECTIVES.contains(&next_key) {
                        count(None, j + 2)
                    } else if (next_key.starts_with("ال") && self.kind(j + 1) == Some(WordKind::Arabic))
                        || self.digits(j + 1).is_some()
                    {
                        None
                    } else {
                        count(None, j + 1)
                    }
                }
                _ => None,
            };
        }
        let (n, after) = self.cardinal(j, first)?;
        let (unit, number) = self.unit_of(self.key(after))?;
        if number == GramNumber::Dual || n == Some(0) {
            return None;
        }
        Some(Count { n, few: n.is_none(), unit, next: after + 1, number })
    }

    /// Quantities: قبل ثلاثة أيام, قبل عامين (dates: قبل meaning "ago" is
    /// part of the expression), and ثلاثة أسابيع, أكثر من 50 عاما, ساعات
    /// (durations; منذ, بعد, لمدة, خلال stay outside the span).
    fn quantity(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let mut j = i;
        let mut key: Cow<'_, str> = Cow::Borrowed(first);
        if self.kind(i) == Some(WordKind::Digits) {
            key = Cow::Borrowed(self.key(i));
        }
        let ago = key == AGO;
        if ago {
            j += 1;
            key = Cow::Borrowed(self.key(j));
        }
        let mut modifier = None;
        if let Some((m, after)) = self.approx(j, &key) {
            modifier = Some(m);
            j = after;
            key = Cow::Borrowed(self.key(j));
        }
        if j >= self.w.len() {
            return None;
        }
        let after_cue = i > 0 && {
            let prev = self.key(i - 1);
            DURATION_CUES.contains(&prev)
                || self.key_without_conjunction(i - 1).is_some_and(|k| DURATION_CUES.contains(&k))
        };
        let count = self.count_of_units(j, &key, ago || after_cue)?;
        if count.unit == Unit::Period {
            return None;
        }
        let mut next = count.next;
        let mut notes = Vec::new();
        let vague = count.n.is_none() && !count.few;
        let mut found = if ago && !vague {
            let (value, mut confidence) = match count.n {
                Some(n) => self.shifted(count.unit, -i64::from(n), &mut notes, "relative date"),
                None => ("PAST_REF".to_string(), 0.7),
            };
            if matches!(count.unit, Unit::Hour | Unit::Minute | Unit::Second) && count.n.is_some() {
                confidence = confidence.min(0.6);
            }
            Found::new(start, next, TimexType::DATE, value, confidence, "time.ago")
        } else {
            if let Some((_, agreement)) = self.direction_at(next) {
                if agreement != GramNumber::Singular {
                    next += 1;
                }
            }
            // قبل ساعات: "ago" without a number is a vague duration.
            let start = if ago { self.start_of(i + 1) } else { start };
            let confidence = if vague { 0.6 } else { 0.85 };
            Found::new(
                start,
                next,
                TimexType::DURATION,
                count.unit.duration(count.n)?,
                confidence,
                "time.duration",
            )
        };
        found.modifier = modifier;
        found.notes = notes;
        Some(found)
    }

    /// Approximation words before a quantity: نحو, حوالي, أكثر من …
    fn approx(&self, j: usize, key: &str) -> Option<(&'static str, usize)> {
        for (word, m) in APPROX {
            if key == word {
                return Some((m, j + 1));
            }
        }
        match (key, self.key(j + 1)) {
            ("اكثر", "من") => Some(("MORE_THAN", j + 2)),
            ("اقل", "من") => Some(("LESS_THAN", j + 2)),
            ("ما", "يزيد" | "يربو") if matches!(self.key(j + 2), "عن" | "علي") => {
                Some(("MORE_THAN", j + 3))
            }
            ("ما", "يقارب" | "يقرب") => {
                Some(("APPROX", j + if self.key(j + 2) == "من" { 3 } else { 2 }))
            }
            _ => None,
        }
    }

    /// بداية عام 2026, نهاية الشهر, منتصف التسعينيات, أواخر العام الماضي.
    fn modified(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let (modifier, after, _) = self.longest(i, first, |e| match e.lex {
            Lex::Modifier { modifier } => Some(modifier),
            _ => None,
        })?;
        let multi_word = after > i + 1;
        let mut j = after;
        if multi_word && self.key(j) == MIN {
            j += 1;
        }
        if j >= self.w.len() {
            return None;
        }
        // نهاية الأسبوع [الماضي]: the weekend, TIMEX3 `-WE`.
        if !multi_word && modifier == "END" && self.key(j) == "الاسبوع" {
            let offset = match self.direction_at(j + 1) {
                Some((o, GramNumber::Singular)) => Some(o),
                _ => None,
            };
            let next = if offset.is_some() { j + 2 } else { j + 1 };
            let mut notes = Vec::new();
            let (value, confidence) = match self.anchor_or_note(&mut notes, "weekend") {
                Some(anchor) => {
                    // Without a direction: the weekend just past early in the
                    // week, else this week's.
                    let o =
                        offset.unwrap_or(if anchor.weekday().num_days_from_monday() < 3 { -1 } else { 0 });
                    (format!("{}-WE", format_at(shift(anchor, Unit::Week, i64::from(o))?, Unit::Week)), 0.75)
                }
                None => ("XXXX-WXX-WE".to_string(), 0.5),
            };
            let mut found = Found::new(start, next, TimexType::DATE, value, confidence, "time.weekend");
            found.notes = notes;
            return Some(found);
        }
        let key = self.key(j);
        let inner_start = self.start_of(j);
        let mut best: Option<Found> = None;
        let candidates = [
            self.year_with_cue(j, key, inner_start),
            self.textual_date(j, key, inner_start),
            self.relative_unit(j, key, inner_start),
            self.decade(j, key, inner_start),
            self.century(j, key, inner_start),
            self.phrase(j, key, inner_start).filter(|f| f.kind == TimexType::DATE && f.value.len() == 10),
            self.current_period(j, key, inner_start),
            if multi_word { self.day_reference(j) } else { None },
            self.digits(j)
                .filter(|(_, d)| *d == 4)
                .and_then(|(n, _)| self.year_found(inner_start, j, n, 0.85, "time.year")),
        ];
        for c in candidates.into_iter().flatten() {
            if c.kind == TimexType::DATE && best.as_ref().is_none_or(|b| c.next > b.next) {
                best = Some(c);
            }
        }
        let mut found = best?;
        if found.value.ends_with("_REF") {
            return None;
        }
        found.start = start;
        found.modifier = Some(modifier);
        Some(found)
    }

    /// النصف الأول من العام الحالي → 2015-H1; الربع الثالث من عام 2024 → 2024-Q3.
    fn part_of_year(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let (prefix, parts) = match first {
            "النصف" => ("H", 2),
            "الربع" => ("Q", 4),
            _ => return None,
        };
        let (n, after) = self.ordinal(i + 1, self.key(i + 1))?;
        if !(1..=parts).contains(&n) {
            return None;
        }
        let mut notes = Vec::new();
        let (year, next, confidence) = match self.year_after(after, false).filter(|(_, h, _)| !h) {
            Some((y, _, next)) => (Some(y), next, 0.85),
            None => {
                // النصف الأول من العام: this year.
                let k = if self.key(after) == MIN { after + 1 } else { after };
                if !matches!(self.key(k), "العام" | "السنه") {
                    return None;
                }
                (self.anchor_or_note(&mut notes, "part of a year").map(|a| a.year()), k + 1, 0.7)
            }
        };
        let value = match year {
            Some(y) => format!("{y:04}-{prefix}{n}"),
            None => format!("XXXX-{prefix}{n}"),
        };
        let mut found = Found::new(start, next, TimexType::DATE, value, confidence, "time.part-of-year");
        found.notes = notes;
        Some(found)
    }

    /// الصيف, صيف 2016, الشتاء المقبل → 2016-SU.
    fn season(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let code = self.single(first, |l| match *l {
            Lex::Season { code } => Some(code),
            _ => None,
        })?;
        // الربيع العربي is the Arab Spring; ربيع الأول a Hijri month.
        let next_key = self.key(i + 1);
        if next_key.starts_with("العرب") || self.month_name(i, first).is_some() {
            return None;
        }
        let mut notes = Vec::new();
        if let Some((y, false, next)) = self.year_after(i + 1, false) {
            return Some(Found::new(
                start,
                next,
                TimexType::DATE,
                format!("{y:04}-{code}"),
                0.85,
                "time.season",
            ));
        }
        let (year, next, confidence) = match self.direction_at(i + 1) {
            Some((offset, GramNumber::Singular)) => (self.anchor.map(|a| a.year() + offset), i + 2, 0.75),
            _ if first.starts_with("ال") => (self.anchor.map(|a| a.year()), i + 1, 0.6),
            _ => return None,
        };
        let value = match year {
            Some(y) => format!("{y:04}-{code}"),
            None => {
                notes.push("no anchor date: season left unresolved".into());
                format!("XXXX-{code}")
            }
        };
        let mut found = Found::new(start, next, TimexType::DATE, value, confidence, "time.season");
        found.notes = notes;
        Some(found)
    }

    /// عيد الفطر, عيد الأضحى 1436 هـ: a holiday's date in its year nearest
    /// the anchor.
    fn holiday(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        let ((hijri, month, day), mut next, entry) = self.longest(i, first, |e| match e.lex {
            Lex::Holiday { hijri, month, day } => Some((hijri, month, day)),
            _ => None,
        })?;
        let mut notes = Vec::new();
        let mut found = if hijri {
            let (year, confidence) = match self.year_after(next, true).filter(|(_, h, _)| *h) {
                Some((y, _, after)) => {
                    next = after;
                    (y, 0.9)
                }
                None => (self.infer_hijri_year(month, day, &mut notes)?, 0.75),
            };
            self.hijri_found(start, next, year, month, Some(day), confidence, notes, "time.holiday")?
        } else {
            let (value, confidence) = match self.year_after(next, false).filter(|(_, h, _)| !h) {
                Some((y, _, after)) => {
                    next = after;
                    (format_at(NaiveDate::from_ymd_opt(y, month, day)?, Unit::Day), 0.9)
                }
                None => match self.infer_year(month, day, i, next, &mut notes) {
                    Some(y) => (format_at(NaiveDate::from_ymd_opt(y, month, day)?, Unit::Day), 0.75),
                    None => (format!("XXXX-{month:02}-{day:02}"), 0.5),
                },
            };
            let mut f = Found::new(start, next, TimexType::DATE, value, confidence, "time.holiday");
            f.notes = notes;
            f
        };
        found.origin = Origin::lexicon(entry.file, entry.line);
        Some(found)
    }

    /// A bare definite unit after a modifier: (نهاية) الشهر → this month.
    fn current_period(&self, j: usize, key: &str, start: usize) -> Option<Found> {
        let (unit, number) = self.definite_unit(key)?;
        if number != GramNumber::Singular
            || !matches!(unit, Unit::Year | Unit::Month | Unit::Week | Unit::Decade | Unit::Century)
        {
            return None;
        }
        let mut notes = Vec::new();
        let (value, confidence) = self.shifted(unit, 0, &mut notes, "current period");
        let mut found =
            Found::new(start, j + 1, TimexType::DATE, value, confidence - 0.1, "time.current-period");
        found.notes = notes;
        Some(found)
    }

    /// كل جمعة, كل يوم أحد, كل ثلاثة أشهر.
    fn set(&self, i: usize, first: &str, start: usize) -> Option<Found> {
        // أيام الجمعة: every Friday.
        if first == "ايام" {
            let (weekday, false) = self.weekday_of(self.key(i + 1))? else { return None };
            let value = format!("XXXX-WXX-{}", weekday.number_from_monday());
            return Some(Found::new(start, i + 2, TimexType::SET, value, 0.75, "time.set"));
        }
        if first != EVERY {
            return None;
        }
        let mut j = i + 1;
        if self.key(j) == YAWM {
            j += 1;
        }
        if let Some((weekday, _)) = self.weekday_of(self.key(j)) {
            let value = format!("XXXX-WXX-{}", weekday.number_from_monday());
            return Some(Found::new(start, j + 1, TimexType::SET, value, 0.85, "time.set"));
        }
        let count = self.count_of_units(i + 1, self.key(i + 1), false)?;
        let value = count.unit.duration(Some(count.n?))?;
        Some(Found::new(start, count.next, TimexType::SET, value, 0.85, "time.set"))
    }
}

/// Approximation words and their TIMEX3 mod.
const APPROX: [(&str, &str); 4] =
    [("نحو", "APPROX"), ("حوالي", "APPROX"), ("قرابه", "APPROX"), ("زهاء", "APPROX")];

/// A counted quantity of a unit.
#[derive(Clone, Copy, Debug)]
struct Count {
    /// `None`: unspecified (بضعة أيام, ساعات).
    n: Option<u32>,
    /// The number is a word like بضعة or عدة.
    few: bool,
    unit: Unit,
    next: usize,
    #[allow(dead_code)]
    number: GramNumber,
}

#[derive(Clone, Copy, Debug)]
struct MonthName {
    hijri: bool,
    month: u32,
    weak: bool,
    #[allow(dead_code)]
    paired: bool,
}
