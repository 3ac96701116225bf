//! Numbers written in the text: digits of any digit set, number words, and
//! both mixed (`3 ملايين`), with their values and a percent flag.
//!
//! Works on the verbatim text and returns source ranges, in text order,
//! never overlapping. The rules, and the choices where Arabic is ambiguous:
//!
//! - **Digits**: ASCII, Arabic-Indic (`٠-٩`) and Persian (`۰-۹`) digits;
//!   decimals with `.` or `٫`; thousands with `,` or `٬` only when every group
//!   after the first has exactly three digits (`1,500` is 1500, `2,3` is two
//!   numbers); several full stops with three-digit groups are thousands
//!   (`1.500.000`). Digits glued to Latin letters (`F16`, `G20`, `S-400`) are
//!   model names, not numbers.
//! - **Dates and times are not numbers**: `31/12/2025`, `31.12.2025`,
//!   `2025-12-31`, `10:30` and any digits joined by `/` give no mention; the
//!   time tagger reads them. Otherwise their parts would pass for quantities.
//!   (`10.30` is read as the decimal 10.3: a dotted time cannot be told apart.)
//!   Ranges such as `2014-2017` give two numbers.
//! - **Words**: cardinals from `data/num-words-ar.tsv` in masculine, feminine
//!   and case forms, compounds with و (`خمسة وعشرون`), teens (`أحد عشر`),
//!   hundreds in one or two words (`ثلاثمائة`, `ثلاث مئة`), scales (`ألف`,
//!   `آلاف`, `مليون`, `ملايين`, `مليار` …) in descending order, fractions after
//!   a number (`مليون ونصف` = 1 500 000) or alone (`ربع`), and zero (`صفر`).
//!   Clitics و ف ب ك ل are taken off and left out of the range; the article ال
//!   stays in it (as in a token's base), except after لل.
//! - **Ambiguous words**: `أحد`/`إحدى` are numbers only before `عشر`/`عشرة`
//!   or a و+tens word (`أحد مراكز` is "one of"); a bare `واحد`/`واحدة` is a
//!   number (`جندي واحد`) except with the article (`اليوم الواحد`), before
//!   `من` (`واحد من أبرز` is "one of") or after an idiom word listed in
//!   `data/num-idioms-ar.txt` (`في آن واحد`); plural scales alone (`آلاف
//!   الجنود`) are vague and give nothing; a bare `صفر` after a listed word
//!   (`ساعة الصفر`, `من الصفر`, `شهر صفر`) or next to digits (`10 صفر 1447`)
//!   is an idiom or the month Safar; nothing after a verb particle (`لم تسع`);
//!   a fraction with و after a non-number (`ساعة ونصف`) is left out unless a
//!   definite noun follows (`وربع الجنود`). Ordinals are not reported (the lexicon lists them only so that
//!   `الحادي عشر` and `التاسع عشر` are not read as 10).
//! - **Percentages**: `%` or `٪` after the number (or right before it, as
//!   typed in right-to-left text: `%50`), or a phrase of
//!   `data/num-percent-ar.txt` (`في المئة`, `بالمئة` …); the range then covers
//!   the sign or phrase.
//! - Signs are not read: `-5` gives 5.

use crate::sentences::{digit_value, is_arabic_mark, is_blank, is_line_break, is_word_char};
use crate::stem::{Bloom, FxHashMap, FxHashSet};
use marsad_core::{NumberMention, Origin, TextRange};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The embedded number-word lexicon.
pub const NUMBER_WORDS: &str = include_str!("../data/num-words-ar.tsv");
/// The embedded percent phrases.
pub const PERCENT_PHRASES: &str = include_str!("../data/num-percent-ar.txt");
/// The embedded context words: idioms before a bare واحد or صفر, verb
/// particles, and non-number look-alikes.
pub const NUMBER_IDIOMS: &str = include_str!("../data/num-idioms-ar.txt");

const RULE_DIGITS: Origin = Origin::rule("numbers.digits");
const RULE_DIGITS_SCALE: Origin = Origin::rule("numbers.digits-scale");
const RULE_WORDS: Origin = Origin::rule("numbers.words");

/// The grammatical role of a number word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberWordKind {
    Zero,
    /// واحد / واحدة.
    One,
    /// 2 to 9.
    Unit,
    /// أحد / إحدى / اثنا: only before عشر or و+tens.
    TeenHead,
    /// عشر / عشرة: ten, and the second word of a teen.
    Ten,
    Tens,
    Hundred,
    Scale,
    /// ألفا / مليونا: singular after a number, dual alone.
    ScaleAccusative,
    ScaleDual,
    ScalePlural,
    Fraction,
    Ordinal,
}

/// Why a number lexicon could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NumberLexiconError {
    #[error("number word list line {line}: expected `word<TAB>value<TAB>kind`")]
    BadLine { line: usize },
    #[error("number word list line {line}: unknown kind `{kind}`")]
    UnknownKind { line: usize, kind: String },
}

/// Finds numbers; built once from the lexicons.
#[derive(Clone, Debug)]
pub struct NumberFinder {
    /// Folded word → (kind, value).
    words: BTreeMap<String, (NumberWordKind, f64)>,
    /// Every folded word with every clitic prefix → its readings, fewest
    /// clitics first (one lookup per word of the text).
    forms: FxHashMap<String, Vec<Reading>>,
    /// A Bloom filter over the keys of `forms`.
    forms_bloom: Bloom,
    /// Folded percent phrases, as word lists.
    percent_phrases: Vec<Vec<String>>,
    /// Bit `n` is set when a percent phrase starts with a word of `n` bytes
    /// (`n < 64`): a cheap test before comparing words at every item.
    percent_first_lengths: u64,
    /// Folded words that make a following bare واحد an idiom.
    before_one: FxHashSet<String>,
    /// Folded words that make a following bare صفر an idiom or the month.
    before_zero: FxHashSet<String>,
    /// Folded words after which a verb, not a number, follows (لم, لن).
    before_verb: FxHashSet<String>,
    /// Folded whole words that are never numbers.
    look_alikes: FxHashSet<String>,
}

impl Default for NumberFinder {
    /// The finder with the embedded lexicons.
    fn default() -> NumberFinder {
        // The embedded lexicons are checked by a unit test.
        NumberFinder::new(NUMBER_WORDS, PERCENT_PHRASES, NUMBER_IDIOMS)
            .expect("embedded number lexicons are valid")
    }
}

/// Finds the numbers of `text` with the embedded lexicons.
pub fn find_numbers(text: &str) -> Vec<NumberMention> {
    finder().find(text)
}

/// The value of `text` when it is, blanks aside, exactly one number (`"خمسة
/// وعشرون"` → 25, `"2.5 مليار"` → 2.5e9, `"10%"` → 10).
pub fn parse_number_words(text: &str) -> Option<f64> {
    let found = finder().find(text);
    let [only] = found.as_slice() else { return None };
    let before = &text[..only.range.start()];
    let after = &text[only.range.end()..];
    // Clitics before the range (وخمسة) still make the whole text one number.
    let clitics_only =
        before.trim_start_matches(is_blank).chars().all(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ل'));
    (clitics_only && after.chars().all(is_blank)).then_some(only.value)
}

fn finder() -> &'static NumberFinder {
    static FINDER: OnceLock<NumberFinder> = OnceLock::new();
    FINDER.get_or_init(NumberFinder::default)
}

/// The text cut into items, with the folded key of every word.
struct Scan<'a> {
    text: &'a str,
    items: Vec<Item>,
    /// The folded keys of all items, one after the other (one buffer rather
    /// than a string per word: the scan then allocates nothing per word).
    key_text: String,
    /// `key_ends[i]` is where the key of `items[i]` ends in `key_text`; it
    /// starts where the previous one ends. Items that are not words have an
    /// empty key.
    key_ends: Vec<u32>,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Scan<'a> {
        let mut scan = Scan {
            text,
            items: Vec::with_capacity(text.len() / 8 + 1),
            key_text: String::with_capacity(text.len()),
            key_ends: Vec::with_capacity(text.len() / 8 + 1),
        };
        scan_items(&mut scan);
        scan
    }

    /// The folded form of `items[i]` when it is a word, else `""`.
    #[inline]
    fn key(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.key_ends[i - 1] as usize };
        &self.key_text[start..self.key_ends[i] as usize]
    }
}

/// One piece of the text as the number parser sees it.
#[derive(Clone, Copy, Debug)]
struct Item {
    start: usize,
    end: usize,
    kind: ItemKind,
    /// Only blanks, no line break, between the previous item and this one.
    joined: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum ItemKind {
    Word,
    Digits(DigitNumber),
    Symbol(char),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum DigitNumber {
    Value(f64),
    /// A date, a time, digits joined by `/`, a model name: no mention.
    NotAQuantity,
}

/// A number word with its clitics taken off.
#[derive(Clone, Copy, Debug)]
struct NumberWord {
    kind: NumberWordKind,
    value: f64,
    /// Byte offset where the mention starts (after و ب ل …, at ال).
    start: usize,
    conjunction: bool,
    article: bool,
}

impl NumberFinder {
    /// Builds a finder from lexicons in the formats of `data/num-words-ar.tsv`,
    /// `data/num-percent-ar.txt` and `data/num-idioms-ar.txt`.
    pub fn new(words: &str, percent_phrases: &str, idioms: &str) -> Result<NumberFinder, NumberLexiconError> {
        let mut word_map = BTreeMap::new();
        for (line_no, line) in content_lines(words) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [word, value, kind] = fields.as_slice() else {
                return Err(NumberLexiconError::BadLine { line: line_no });
            };
            let value: f64 =
                value.trim().parse().map_err(|_| NumberLexiconError::BadLine { line: line_no })?;
            let kind = match kind.trim() {
                "zero" => NumberWordKind::Zero,
                "one" => NumberWordKind::One,
                "unit" => NumberWordKind::Unit,
                "teen-head" => NumberWordKind::TeenHead,
                "ten" => NumberWordKind::Ten,
                "tens" => NumberWordKind::Tens,
                "hundred" => NumberWordKind::Hundred,
                "scale" => NumberWordKind::Scale,
                "scale-acc" => NumberWordKind::ScaleAccusative,
                "scale-dual" => NumberWordKind::ScaleDual,
                "scale-plural" => NumberWordKind::ScalePlural,
                "fraction" => NumberWordKind::Fraction,
                "ordinal" => NumberWordKind::Ordinal,
                other => {
                    return Err(NumberLexiconError::UnknownKind { line: line_no, kind: other.to_string() })
                }
            };
            word_map.insert(fold_key(word.trim()), (kind, value));
        }
        let percent_phrases: Vec<Vec<String>> = content_lines(percent_phrases)
            .map(|(_, line)| line.split_whitespace().map(fold_key).collect())
            .collect();
        let (mut before_one, mut before_zero, mut before_verb, mut look_alikes) =
            (FxHashSet::default(), FxHashSet::default(), FxHashSet::default(), FxHashSet::default());
        for (line_no, line) in content_lines(idioms) {
            let Some((word, role)) = line.split_once('\t') else {
                return Err(NumberLexiconError::BadLine { line: line_no });
            };
            let set = match role.trim() {
                "before-one" => &mut before_one,
                "before-zero" => &mut before_zero,
                "before-verb" => &mut before_verb,
                "not-a-number" => &mut look_alikes,
                other => {
                    return Err(NumberLexiconError::UnknownKind { line: line_no, kind: other.to_string() })
                }
            };
            set.insert(fold_key(word.trim()));
        }
        let mut forms: FxHashMap<String, Vec<Reading>> = FxHashMap::default();
        for (word, &(kind, value)) in &word_map {
            for (prefix, clitics) in PREFIXES.iter().enumerate() {
                let reading = Reading { prefix, kind, value };
                forms.entry(format!("{}{word}", clitics.text)).or_default().push(reading);
            }
        }
        for readings in forms.values_mut() {
            readings.sort_by_key(|r| r.prefix);
        }
        let percent_first_lengths = percent_phrases
            .iter()
            .filter_map(|phrase| phrase.first())
            .fold(0u64, |bits, word| bits | length_bit(word.len()));
        let mut forms_bloom = Bloom::default();
        for form in forms.keys() {
            forms_bloom.insert(form);
        }
        Ok(NumberFinder {
            words: word_map,
            forms,
            forms_bloom,
            percent_phrases,
            percent_first_lengths,
            before_one,
            before_zero,
            before_verb,
            look_alikes,
        })
    }

    /// The kind and value of a number word as written (clitics included are
    /// not taken off here): `"خمسة"` → (Unit, 5).
    pub fn word(&self, word: &str) -> Option<(NumberWordKind, f64)> {
        self.words.get(&fold_key(word)).copied()
    }

    /// The numbers of `text`, in text order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<NumberMention> {
        let scan = Scan::new(text);
        let items = &scan.items;
        let mut found = Vec::new();
        let mut i = 0;
        while i < items.len() {
            if let Some(end) = self.percent_phrase_at(&scan, i) {
                i = end;
                continue;
            }
            let next = match items[i].kind {
                ItemKind::Digits(number) => self.digit_mention(&scan, i, number, &mut found),
                ItemKind::Word => self.word_mention(&scan, i, &mut found),
                ItemKind::Symbol(_) => i + 1,
            };
            i = next.max(i + 1);
        }
        found
    }

    /// Reads the digit number at `items[i]` with a scale word and percent
    /// after it; returns the next item index.
    fn digit_mention(
        &self,
        scan: &Scan<'_>,
        i: usize,
        number: DigitNumber,
        found: &mut Vec<NumberMention>,
    ) -> usize {
        let items = &scan.items;
        let DigitNumber::Value(mut value) = number else { return i + 1 };
        let mut start = items[i].start;
        let mut end = items[i].end;
        let mut next = i + 1;
        let mut origin = RULE_DIGITS;
        if let Some(word) = self.word_at(scan, next, false) {
            let multiplies = matches!(
                word.kind,
                NumberWordKind::Scale | NumberWordKind::ScaleAccusative | NumberWordKind::ScalePlural
            );
            if multiplies && !word.conjunction && word.start == items[next].start {
                value *= word.value;
                end = items[next].end;
                next += 1;
                origin = RULE_DIGITS_SCALE;
            }
        }
        let mut percent = false;
        if let Some((after, percent_end)) = self.percent_after(scan, next) {
            percent = true;
            end = percent_end;
            next = after;
        } else if i > 0 && items[i - 1].end == start && is_percent_sign(items[i - 1].kind) {
            // `%50`: the sign typed before the number in right-to-left text,
            // unless it already closes a number before it (`50%30`).
            let sign_belongs_before =
                i >= 2 && items[i - 2].end == items[i - 1].start && is_digits(items[i - 2].kind);
            let sign_taken = found.last().is_some_and(|m| m.range.end() > items[i - 1].start);
            if !sign_belongs_before && !sign_taken {
                percent = true;
                start = items[i - 1].start;
            }
        }
        found.push(NumberMention { range: TextRange::new(start, end), value, percent, origin });
        next
    }

    /// Reads a number in words starting at `items[i]`; returns the next item
    /// index.
    fn word_mention(&self, scan: &Scan<'_>, i: usize, found: &mut Vec<NumberMention>) -> usize {
        let Scan { items, .. } = scan;
        let Some(first) = self.word_at(scan, i, true) else { return i + 1 };
        let after_verb_particle = i > 0
            && scan.items[i].joined
            && scan.items[i - 1].kind == ItemKind::Word
            && in_set(&self.before_verb, scan.key(i - 1));
        if after_verb_particle {
            return i + 1;
        }
        if first.kind == NumberWordKind::Ordinal {
            // `الحادي عشر`, `الحادي والعشرين`: skip the ordinal's number part.
            return match self.word_at(scan, i + 1, false) {
                Some(w) if w.kind == NumberWordKind::Ten && !w.conjunction => i + 2,
                Some(w) if w.kind == NumberWordKind::Tens && w.conjunction => i + 2,
                _ => i + 1,
            };
        }
        let Some((value, next)) = self.parse_expression(scan, i, first) else { return i + 1 };
        if next == i + 1 && !self.stands_alone(scan, i, first) {
            return i + 1;
        }
        let mut end = items[next - 1].end;
        let mut after = next;
        let mut percent = false;
        if let Some((phrase_next, phrase_end)) = self.percent_after(scan, next) {
            percent = true;
            end = phrase_end;
            after = phrase_next;
        }
        found.push(NumberMention {
            range: TextRange::new(first.start, end),
            value,
            percent,
            origin: RULE_WORDS,
        });
        after
    }

    /// Whether a one-word number is a number on its own (see the module doc).
    fn stands_alone(&self, scan: &Scan<'_>, i: usize, word: NumberWord) -> bool {
        let items = &scan.items;
        let previous =
            (i > 0 && items[i].joined && items[i - 1].kind == ItemKind::Word).then(|| scan.key(i - 1));
        let following = items
            .get(i + 1)
            .filter(|item| item.joined && item.kind == ItemKind::Word)
            .map(|_| scan.key(i + 1));
        match word.kind {
            NumberWordKind::One => {
                !word.article
                    && following != Some("من")
                    && !previous.is_some_and(|p| in_set(&self.before_one, p))
            }
            NumberWordKind::Zero => {
                let month = previous.is_some_and(|p| in_set(&self.before_zero, p));
                let before_digits = items.get(i + 1).is_some_and(|item| item.joined && is_digits(item.kind));
                let day_before = i > 0 && items[i].joined && is_digits(items[i - 1].kind);
                !month && !before_digits && !day_before
            }
            NumberWordKind::Unit if word.value == 2.0 => !word.article,
            // `وربع الجنود` is a share of a whole; `ساعة ونصف` is not.
            NumberWordKind::Fraction => !word.conjunction || following.is_some_and(|f| f.starts_with("ال")),
            NumberWordKind::TeenHead | NumberWordKind::ScalePlural | NumberWordKind::Ordinal => false,
            _ => true,
        }
    }

    /// Parses the longest number expression starting with `first` at
    /// `items[i]`: groups of `[small] [scale]` joined by و with falling
    /// scales, then an optional و+fraction. Returns the value and the index
    /// after the last item used.
    fn parse_expression(&self, scan: &Scan<'_>, i: usize, first: NumberWord) -> Option<(f64, usize)> {
        let mut total = 0.0;
        let mut last_scale = f64::INFINITY;
        let mut at = i;
        let mut word = first;
        let mut used_any = false;
        while let Some((value, scale, next)) = self.parse_group(scan, at, word) {
            if scale >= last_scale {
                break;
            }
            total += value;
            last_scale = scale;
            at = next;
            used_any = true;
            // A و+fraction after a group (`مليون ونصف`) ends the expression.
            match self.word_at(scan, at, false) {
                Some(w) if w.conjunction && w.kind == NumberWordKind::Fraction => {
                    total += w.value * scale;
                    at += 1;
                    break;
                }
                Some(w) if w.conjunction && scale > 1.0 => word = w,
                _ => break,
            }
        }
        used_any.then_some((total, at))
    }

    /// One group: `small`, `small scale` or `scale`. Returns its value, its
    /// scale (1 for a group without one) and the next item index.
    fn parse_group(&self, scan: &Scan<'_>, i: usize, first: NumberWord) -> Option<(f64, f64, usize)> {
        let (small, next) = match self.parse_small(scan, i, first) {
            Some((value, next)) => (Some(value), next),
            None => (None, i),
        };
        let scale_word = if small.is_some() {
            self.word_at(scan, next, false).filter(|w| !w.conjunction && !w.article)
        } else {
            Some(first)
        };
        let scaled = scale_word.and_then(|w| match (w.kind, small) {
            (
                NumberWordKind::Scale | NumberWordKind::ScaleAccusative | NumberWordKind::ScalePlural,
                Some(n),
            ) => Some((n * w.value, w.value)),
            (NumberWordKind::Scale, None) => Some((w.value, w.value)),
            (NumberWordKind::ScaleDual | NumberWordKind::ScaleAccusative, None) => {
                Some((2.0 * w.value, w.value))
            }
            _ => None,
        });
        match (scaled, small) {
            (Some((value, scale)), Some(_)) => Some((value, scale, next + 1)),
            (Some((value, scale)), None) => Some((value, scale, i + 1)),
            (None, Some(value)) => Some((value, 1.0, next)),
            (None, None) => None,
        }
    }

    /// A number below a thousand: hundreds, then و and a number below a
    /// hundred; or a number below a hundred; or a fraction or zero.
    fn parse_small(&self, scan: &Scan<'_>, i: usize, first: NumberWord) -> Option<(f64, usize)> {
        let next_word = |at: usize| self.word_at(scan, at, false);
        let (hundreds, next) = match first.kind {
            NumberWordKind::Hundred => (first.value, i + 1),
            // `ثلاث مئة`: a unit then the word for a hundred.
            NumberWordKind::Unit if first.value >= 3.0 => match next_word(i + 1) {
                Some(w) if w.kind == NumberWordKind::Hundred && w.value == 100.0 && !w.conjunction => {
                    (first.value * 100.0, i + 2)
                }
                _ => return self.parse_below_hundred(scan, i, first),
            },
            NumberWordKind::Fraction | NumberWordKind::Zero => return Some((first.value, i + 1)),
            _ => return self.parse_below_hundred(scan, i, first),
        };
        match next_word(next) {
            Some(w) if w.conjunction => match self.parse_below_hundred(scan, next, w) {
                Some((rest, after)) => Some((hundreds + rest, after)),
                None => Some((hundreds, next)),
            },
            _ => Some((hundreds, next)),
        }
    }

    /// A number below a hundred: a unit (then عشر for a teen, or و+tens), a
    /// teen, ten, or tens.
    fn parse_below_hundred(&self, scan: &Scan<'_>, i: usize, first: NumberWord) -> Option<(f64, usize)> {
        let next = self.word_at(scan, i + 1, false);
        match first.kind {
            NumberWordKind::One | NumberWordKind::Unit | NumberWordKind::TeenHead => match next {
                Some(w)
                    if w.kind == NumberWordKind::Ten
                        && !w.conjunction
                        && first.kind != NumberWordKind::One =>
                {
                    Some((10.0 + first.value, i + 2))
                }
                Some(w) if w.kind == NumberWordKind::Tens && w.conjunction => {
                    Some((first.value + w.value, i + 2))
                }
                _ if first.kind == NumberWordKind::TeenHead => None,
                _ => Some((first.value, i + 1)),
            },
            NumberWordKind::Ten | NumberWordKind::Tens => Some((first.value, i + 1)),
            _ => None,
        }
    }

    /// The number word at `items[i]`, if that item is a word joined to the
    /// one before it (or `first`, for the word that starts a mention).
    fn word_at(&self, scan: &Scan<'_>, i: usize, first: bool) -> Option<NumberWord> {
        let Scan { text, items, .. } = scan;
        let item = items.get(i)?;
        if item.kind != ItemKind::Word || (!first && !item.joined) {
            return None;
        }
        let key = scan.key(i);
        // Most words are no number word: a Bloom bit test saves the probe.
        if !self.forms_bloom.may_contain(key) {
            return None;
        }
        let readings = self.forms.get(key)?;
        if self.look_alikes.contains(strip_conjunction(key)) {
            return None;
        }
        let word = &text[item.start..item.end];
        // `وأحد` folds to `واحد`, but واحد is always written with a bare
        // alef: a hamza after و means the و is the conjunction.
        let hamza_after_waw = {
            let mut letters = word.chars().filter(|&c| !is_arabic_mark(c));
            letters.next() == Some('و') && matches!(letters.next(), Some('أ' | 'إ'))
        };
        // Fewest clitics first: `واحد` is واحد, not و + أحد.
        for &Reading { prefix, kind, value } in readings {
            let prefix = &PREFIXES[prefix];
            if prefix.text.is_empty() && kind == NumberWordKind::One && hamza_after_waw {
                continue;
            }
            // The mention starts after the clitics, at the article if any:
            // count folded chars to find that place in the source.
            let skipped = prefix.text.chars().count() - if prefix.article { 2 } else { 0 };
            let start = word
                .char_indices()
                .filter(|&(_, c)| fold_char(c).is_some())
                .nth(skipped)
                .map_or(item.end, |(at, _)| item.start + at);
            return Some(NumberWord {
                kind,
                value,
                start,
                conjunction: prefix.conjunction,
                article: prefix.article,
            });
        }
        None
    }

    /// If a percent phrase starts at `items[i]`, the index after it.
    #[inline]
    fn percent_phrase_at(&self, scan: &Scan<'_>, i: usize) -> Option<usize> {
        // Asked at every item: most are rejected by the first word's length.
        if self.percent_first_lengths & length_bit(scan.key(i).len()) == 0 {
            return None;
        }
        self.percent_phrase_from(scan, i)
    }

    /// [`NumberFinder::percent_phrase_at`] past its length test.
    fn percent_phrase_from(&self, scan: &Scan<'_>, i: usize) -> Option<usize> {
        let items = &scan.items;
        'phrases: for phrase in &self.percent_phrases {
            for (k, phrase_word) in phrase.iter().enumerate() {
                let item =
                    items.get(i + k).filter(|item| item.kind == ItemKind::Word && (k == 0 || item.joined));
                if item.is_none() || scan.key(i + k) != phrase_word {
                    continue 'phrases;
                }
            }
            return Some(i + phrase.len());
        }
        None
    }

    /// A percent sign or phrase right after a number ending before
    /// `items[i]`: the next item index and the byte end of the sign/phrase.
    fn percent_after(&self, scan: &Scan<'_>, i: usize) -> Option<(usize, usize)> {
        let items = &scan.items;
        let item = items.get(i)?;
        if !item.joined {
            return None;
        }
        if is_percent_sign(item.kind) {
            return Some((i + 1, item.end));
        }
        self.percent_phrase_at(scan, i).map(|next| (next, items[next - 1].end))
    }
}

/// One way to read a word: clitics (an index into [`PREFIXES`]) and the
/// number word after them.
#[derive(Clone, Copy, Debug)]
struct Reading {
    prefix: usize,
    kind: NumberWordKind,
    value: f64,
}

/// A clitic prefix combination and what it holds.
struct Prefix {
    text: &'static str,
    conjunction: bool,
    article: bool,
}

/// Clitic prefixes of a number word (folded), fewest letters first.
const PREFIXES: &[Prefix] = &[
    Prefix { text: "", conjunction: false, article: false },
    Prefix { text: "و", conjunction: true, article: false },
    Prefix { text: "ف", conjunction: false, article: false },
    Prefix { text: "ب", conjunction: false, article: false },
    Prefix { text: "ل", conjunction: false, article: false },
    Prefix { text: "ك", conjunction: false, article: false },
    Prefix { text: "ال", conjunction: false, article: true },
    Prefix { text: "لل", conjunction: false, article: false },
    Prefix { text: "وب", conjunction: true, article: false },
    Prefix { text: "ول", conjunction: true, article: false },
    Prefix { text: "وك", conjunction: true, article: false },
    Prefix { text: "فب", conjunction: false, article: false },
    Prefix { text: "فل", conjunction: false, article: false },
    Prefix { text: "وال", conjunction: true, article: true },
    Prefix { text: "فال", conjunction: false, article: true },
    Prefix { text: "بال", conjunction: false, article: true },
    Prefix { text: "كال", conjunction: false, article: true },
    Prefix { text: "ولل", conjunction: true, article: false },
    Prefix { text: "فلل", conjunction: false, article: false },
    Prefix { text: "وبال", conjunction: true, article: true },
    Prefix { text: "وكال", conjunction: true, article: true },
];

/// The bit of [`NumberFinder::percent_first_lengths`] for a word of `len`
/// bytes; longer words share the top bit.
#[inline]
fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// Whether `key` or `key` without a leading و/ف is in `set`.
fn in_set(set: &FxHashSet<String>, key: &str) -> bool {
    set.contains(key) || set.contains(strip_conjunction(key))
}

fn strip_conjunction(key: &str) -> &str {
    key.strip_prefix('و')
        .or_else(|| key.strip_prefix('ف'))
        .filter(|rest| rest.chars().count() >= 2)
        .unwrap_or(key)
}

fn is_percent_sign(kind: ItemKind) -> bool {
    matches!(kind, ItemKind::Symbol('%' | '٪'))
}

fn is_digits(kind: ItemKind) -> bool {
    matches!(kind, ItemKind::Digits(_))
}

/// Numbered (1-based) non-comment, non-empty lines.
fn content_lines(list: &str) -> impl Iterator<Item = (usize, &str)> {
    list.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// Splits the text into words, digit numbers and single symbols, and folds
/// the words into `scan`'s keys as it goes.
fn scan_items(scan: &mut Scan<'_>) {
    let text = scan.text;
    let bytes = text.as_bytes();
    let mut joined = false;
    let mut at = 0;
    while at < bytes.len() {
        let c = if bytes[at] < 0x80 {
            char::from(bytes[at])
        } else {
            text[at..].chars().next().expect("scanning stays on char boundaries")
        };
        if is_blank(c) {
            if is_line_break(c) {
                joined = false;
            }
            at += c.len_utf8();
            continue;
        }
        let (end, kind) = if digit_value(c).is_some() {
            let (end, number) = scan_digits(text, at);
            (end, ItemKind::Digits(number))
        } else if is_word_char(c) {
            let mut end = at;
            for c in text[at..].chars() {
                if !is_word_char(c) {
                    break;
                }
                if let Some(folded) = fold_char(c) {
                    scan.key_text.push(folded);
                }
                end += c.len_utf8();
            }
            (end, ItemKind::Word)
        } else {
            (at + c.len_utf8(), ItemKind::Symbol(c))
        };
        let joined_here = joined && !scan.items.is_empty();
        scan.items.push(Item { start: at, end, kind, joined: joined_here });
        scan.key_ends.push(scan.key_text.len() as u32);
        joined = true;
        at = end;
    }
}

/// The most digit groups read as one number (`1,000,000,000,000` has five).
const MAX_DIGIT_GROUPS: usize = 8;

/// Reads the digit number starting at byte `start`: returns its end and its
/// value (or that it is a date, time or model name).
fn scan_digits(text: &str, start: usize) -> (usize, DigitNumber) {
    // Runs of digits and the separators between them.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut separators: Vec<char> = Vec::new();
    let mut at = start;
    loop {
        let run_len: usize =
            text[at..].chars().take_while(|&c| digit_value(c).is_some()).map(char::len_utf8).sum();
        runs.push((at, at + run_len));
        at += run_len;
        // No number, date or time has more groups; the bound keeps long
        // digit-and-comma runs linear (each item rescans at most this many).
        if runs.len() == MAX_DIGIT_GROUPS {
            break;
        }
        let mut after = text[at..].chars();
        match (after.next(), after.next()) {
            (Some(sep @ ('.' | '٫' | ',' | '٬' | '/' | ':' | '-')), Some(d)) if digit_value(d).is_some() => {
                separators.push(sep);
                at += sep.len_utf8();
            }
            _ => break,
        }
    }
    let digits_of = |(a, b): (usize, usize)| text[a..b].chars().count();
    let latin_before = text[..start].chars().next_back().is_some_and(|c| c.is_ascii_alphabetic())
        || (text[..start].ends_with('-')
            && text[..start.saturating_sub(1)].chars().next_back().is_some_and(|c| c.is_ascii_alphabetic()));

    // Dates and times: the whole sequence is consumed and is no quantity.
    let date_like = separators.contains(&'/')
        || (separators.first() == Some(&':') && digits_of(runs[0]) <= 2 && digits_of(runs[1]) <= 2)
        || (separators.len() >= 2
            && separators[..2] == ['-', '-']
            && digits_of(runs[0]) == 4
            && digits_of(runs[1]) <= 2
            && digits_of(runs[2]) <= 2)
        || (separators.len() >= 2
            && separators.iter().all(|&s| s == '.')
            && !(digits_of(runs[0]) <= 3 && runs[1..].iter().all(|&r| digits_of(r) == 3)));
    if date_like {
        let end = runs.last().map_or(start, |r| r.1);
        return (end, DigitNumber::NotAQuantity);
    }

    // Otherwise: integer part with optional thousands groups, then an
    // optional decimal part.
    let mut int_digits = digits_string(&text[runs[0].0..runs[0].1]);
    let mut end = runs[0].1;
    let mut frac_digits = String::new();
    let mut k = 0;
    let all_dots = separators.len() >= 2 && separators.iter().all(|&s| s == '.');
    while k < separators.len() {
        let run = runs[k + 1];
        match separators[k] {
            ',' | '٬' | '.'
                if (separators[k] != '.' || all_dots)
                    && frac_digits.is_empty()
                    && digits_of(runs[0]) <= 3
                    && digits_of(run) == 3 =>
            {
                int_digits.push_str(&digits_string(&text[run.0..run.1]));
            }
            '.' | '٫' if frac_digits.is_empty() => frac_digits = digits_string(&text[run.0..run.1]),
            _ => break,
        }
        end = run.1;
        k += 1;
    }
    let latin_after = text[end..].chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if latin_before || latin_after {
        return (end, DigitNumber::NotAQuantity);
    }
    let literal = if frac_digits.is_empty() { int_digits } else { format!("{int_digits}.{frac_digits}") };
    match literal.parse::<f64>() {
        Ok(value) if value.is_finite() => (end, DigitNumber::Value(value)),
        _ => (end, DigitNumber::NotAQuantity),
    }
}

/// ASCII digits of a run of digits in any digit set.
fn digits_string(run: &str) -> String {
    run.chars().filter_map(|c| digit_value(c).and_then(|d| char::from_digit(d, 10))).collect()
}

/// One character folded for matching keys: marks and tatweel dropped, alef
/// variants to ا, ى and Persian ی to ي, ة to ه, Persian ک to ك, digits to
/// ASCII, Latin to lower case.
#[inline]
pub(crate) fn fold_char(c: char) -> Option<char> {
    // The common case first: a basic Arabic letter (no mark, no digit).
    if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
        return Some(match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            _ => c,
        });
    }
    if is_arabic_mark(c) || c == '\u{0640}' {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ة' => 'ه',
        'ک' => 'ك',
        _ => match digit_value(c) {
            Some(d) => char::from_digit(d, 10).unwrap_or(c),
            None => c.to_ascii_lowercase(),
        },
    })
}

/// A string folded with [`fold_char`].
pub(crate) fn fold_key(s: &str) -> String {
    s.chars().filter_map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicons_load_sorted_and_headed() {
        let finder = NumberFinder::default();
        assert_eq!(finder.word("خمسة"), Some((NumberWordKind::Unit, 5.0)));
        assert_eq!(finder.word("مائه"), Some((NumberWordKind::Hundred, 100.0)));
        assert_eq!(finder.word("إحدى"), Some((NumberWordKind::TeenHead, 1.0)));
        for list in [NUMBER_WORDS, PERCENT_PHRASES, NUMBER_IDIOMS] {
            assert!(list.starts_with("# ") && list.contains("Licence:"), "lexicon without header");
            let lines: Vec<&str> = content_lines(list).map(|(_, l)| l).collect();
            let mut sorted = lines.clone();
            sorted.sort_unstable();
            assert_eq!(lines, sorted, "lexicon not sorted");
        }
    }

    #[test]
    fn bad_lexicons_are_errors() {
        assert_eq!(NumberFinder::new("خمسة\t5", "", "").err(), Some(NumberLexiconError::BadLine { line: 1 }));
        assert_eq!(
            NumberFinder::new("خمسة\t5\tfive", "", "").err(),
            Some(NumberLexiconError::UnknownKind { line: 1, kind: "five".into() })
        );
    }
}
