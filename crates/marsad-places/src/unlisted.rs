//! Places the gazetteer does not list: villages, districts, quarters, camps
//! and bases that the text itself marks as places (`قرية رينيه`, `حي الكلاسة`,
//! `مديرية الوازعية`), located by the nearest place the same sentence names
//! (`حي الكلاسة في حلب` lies in Aleppo).
//!
//! A word after a place word counts as a name when the named-entity stage
//! tagged it as a location, or, after the place words that rarely precede
//! anything else (`قرية`, `بلدة`, `مديرية`, `حي`, `مخيم`), when it is not one of
//! the listed common words (`data/not_names.tsv`: `حي سكني`, `منطقة عازلة`) and
//! not shaped like an adjective. Other bare occurrences of a foreign-looking
//! name so established are the same place (`مدينة فيرغسون` … `عن فيرغسون`).
//!
//! Such a mention carries the locating place's coordinates, an id
//! `near:<that place's id>`, a low confidence and the rule as its origin: the
//! map shows it where the text says it is, not at a surveyed point.

use crate::fold::{fold_key, is_word_char, FoldedView};
use crate::gazetteer::{parse_row, Entry, Gazetteer};
use crate::nationality::nationality_of_folded;
use crate::prefix::PROCLITICS;
use marsad_core::{Entity, EntityLabel, Origin, Place, PlaceKind, TextRange};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Words that follow a place word without being a name (`حي سكني`,
/// `منطقة عازلة`, `قضاء عطلة`), folded, one per line.
pub const NOT_NAMES_TSV: &str = include_str!("../data/not_names.tsv");

/// The rule recorded as the origin of an unlisted place.
pub const UNLISTED_RULE: &str = "places-unlisted-name";

/// Confidence of an unlisted place located by a place in its own sentence.
const CONFIDENCE_IN_SENTENCE: f32 = 0.3;
/// Confidence of one located from further away (its paragraph, its country).
const CONFIDENCE_FAR: f32 = 0.15;

/// Small places abroad, looked up only for names the text marks as places
/// (built by `scripts/build_gazetteer.py` from GeoNames cities500).
pub const MINOR_TSV: &str = include_str!("../data/gazetteer-minor.tsv");
/// File name used in provenance for entries of the minor table.
pub const MINOR_FILE: &str = "gazetteer-minor.tsv";

/// Confidence of an unlisted name found in the minor table.
const CONFIDENCE_MINOR: f32 = 0.5;

/// The minor table: its entries, and their indices by folded name.
struct MinorTable {
    entries: Vec<Entry>,
    by_key: BTreeMap<String, Vec<u32>>,
}

/// The minor table, parsed on first use (most articles never need it). Rows
/// that do not parse are skipped (the tidy test parses them all).
fn minor() -> &'static MinorTable {
    static TABLE: OnceLock<MinorTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = MinorTable { entries: Vec::new(), by_key: BTreeMap::new() };
        for (n, line) in MINOR_TSV.lines().enumerate() {
            if line.starts_with('#') || line.starts_with("id\t") || line.is_empty() {
                continue;
            }
            let Ok(entry) = parse_row(line, MINOR_FILE, n as u32 + 1) else { continue };
            let at = table.entries.len() as u32;
            for name in &entry.names {
                let key = fold_key(name);
                // One- and two-letter keys are abbreviations, never names.
                if key.chars().count() > 2 {
                    table.by_key.entry(key).or_default().push(at);
                }
            }
            table.entries.push(entry);
        }
        table
    })
}

impl MinorTable {
    fn get(&self, key: &str) -> impl Iterator<Item = &Entry> {
        self.by_key.get(key).into_iter().flatten().map(|&i| &self.entries[i as usize])
    }
}

/// The minor-table place a name means, given the place that locates it: the
/// one in the locator's country nearest to it; without a locator, the most
/// populous one in a country the article names.
fn minor_entry(key: &str, locator: Option<&Place>, countries: &BTreeSet<&str>) -> Option<&'static Entry> {
    let candidates = minor().get(key);
    let distance = |e: &Entry, p: &Place| (e.lat - p.lat).powi(2) + (e.lon - p.lon).powi(2);
    match locator.filter(|p| !p.country.is_empty()) {
        Some(at) => candidates
            .filter(|e| e.country == at.country)
            .min_by(|a, b| distance(a, at).total_cmp(&distance(b, at)).then(a.id.cmp(&b.id))),
        None => candidates
            .filter(|e| countries.contains(e.country.as_str()))
            .max_by(|a, b| a.population.cmp(&b.population).then(b.id.cmp(&a.id))),
    }
}

fn not_names() -> &'static BTreeSet<String> {
    static SET: OnceLock<BTreeSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        NOT_NAMES_TSV
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(fold_key)
            .collect()
    })
}

/// What a place word says about an unlisted name after it.
#[derive(Clone, Copy, Debug)]
struct Head {
    kind: PlaceKind,
    /// Rarely followed by anything but a name: no entity tag needed.
    strong: bool,
    /// A dual (`منطقتي الزريجي والدير`): two names joined by و follow.
    dual: bool,
}

/// The place word a folded word (without proclitics) is, for unlisted names.
fn head(folded: &str) -> Option<Head> {
    let (kind, strong, dual) = match folded {
        "قريه" | "بلده" => (PlaceKind::City, true, false),
        "قريتي" | "بلدتي" => (PlaceKind::City, true, true),
        "مدينه" => (PlaceKind::City, false, false),
        "مدينتي" => (PlaceKind::City, false, true),
        // Also "directorate" (`مديرية الأوقاف`): needs the entity tag.
        "مديريه" | "ناحيه" | "قضاء" => (PlaceKind::Admin2, false, false),
        "حي" => (PlaceKind::Other, true, false),
        "منطقه" => (PlaceKind::Other, false, false),
        "منطقتي" => (PlaceKind::Other, true, true),
        "مخيم" => (PlaceKind::Facility, true, false),
        "معسكر" | "قاعده" | "مطار" | "ميناء" | "مرفا" => {
            (PlaceKind::Facility, false, false)
        }
        "ولايه" | "محافظه" | "اقليم" => (PlaceKind::Admin1, false, false),
        "صحراء" => (PlaceKind::Region, true, false),
        _ => return None,
    };
    Some(Head { kind, strong, dual })
}

/// A folded word's place word, its own proclitics aside (`بمدينه`, `لحي`).
fn head_of_word(word: &str) -> Option<Head> {
    head(word).or_else(|| PROCLITICS.iter().find_map(|p| word.strip_prefix(p).and_then(head)))
}

/// First words of many-word names: the name goes on to the next word
/// (`بلدة كفر نبل`, `قرية أبو ديس`, `مدينة سان دييغو`).
const NAME_OPENERS: &[&str] = &[
    "ابو", "ام", "باب", "بئر", "بني", "بيت", "تل", "جبل", "حمام", "خان", "دير", "راس", "سان", "سانت", "سيدي",
    "عين", "كفر", "مرج", "وادي",
];

/// Prepositions after which a repeated name is a place again (folded).
/// (Not `عن` or `ل`: `نقلت عن دارين`, `تأييدهم لهولاند` name people.)
const LOCATIVES: &[&str] = &["الي", "باتجاه", "حول", "خارج", "داخل", "في", "قرب", "من", "نحو"];

/// Attached prepositions that do the same (`بهورست`).
const LOCATIVE_PROCLITICS: &[&str] = &["ب", "وب", "فب"];

/// True for a word shaped like an adjective or a nisba (`سكني`, `جبلية`),
/// not like a name, when no entity tag vouches for it.
fn adjective_shaped(word: &str) -> bool {
    !word.starts_with("ال") && (word.ends_with("ية") || word.ends_with('ي'))
}

/// True for a word that is an adjective after `head` whatever the tagger
/// says: an indefinite feminine nisba (`قرية بوتمكينية`), any indefinite
/// feminine word after the words for "area" and "desert" (`منطقة محظورة`), an indefinite
/// nisba after a masculine head (`حي شعبي`).
fn adjective_after(head: &Head, word: &str) -> bool {
    if word.starts_with("ال") {
        return false;
    }
    // `منطقة محظورة`, `صحراء قاحلة`.
    let area = (head.kind == PlaceKind::Other && !head.strong) || head.kind == PlaceKind::Region;
    let masculine = matches!(head.kind, PlaceKind::Other | PlaceKind::Facility) && head.strong;
    word.ends_with("ية") || (area && word.ends_with('ة')) || (masculine && word.ends_with('ي'))
}

/// A source word as the adjective tests read it: letters only (no harakat
/// or tatweel), ى as ي, the article's alef forms as ا, but ة kept apart from ه
/// (`رينيه` is a name, `جبلية` an adjective).
fn letters_of(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphabetic() && *c != '\u{0640}')
        .map(|c| match c {
            'ى' => 'ي',
            'أ' | 'إ' | 'آ' => 'ا',
            c => c,
        })
        .collect()
}

/// A word of the folded view: its view range.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
}

fn words_of(view: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in view.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(Word { start: s, end: i });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(Word { start: s, end: view.len() });
    }
    words
}

/// A name found in the view, before it is located.
#[derive(Clone, Debug)]
struct Found {
    /// Source range of the name (place word excluded).
    range: TextRange,
    kind: PlaceKind,
    /// Folded name, for finding its other occurrences.
    key: String,
    /// A bare occurrence of a name found after a place word elsewhere.
    repeated: bool,
}

/// Adds to `places` (sorted by start) the unlisted places of `text`.
pub(crate) fn add_unlisted_places(
    text: &str,
    view: &FoldedView,
    gazetteer: &Gazetteer,
    entities: &[Entity],
    places: &mut Vec<Place>,
) {
    let v = view.text.as_str();
    let words = words_of(v);
    let source = |w: &Word| TextRange::new(view.source_offset(w.start), view.source_end(w.end, text));
    let covered = |r: TextRange, places: &[Place], found: &[Found]| {
        places.iter().any(|p| p.range.start() < r.end() && r.start() < p.range.end())
            || found.iter().any(|f| f.range.start() < r.end() && r.start() < f.range.end())
    };
    // Entities from another text (or a buggy stage) must not make us slice
    // off a character boundary: only well-formed ranges count.
    let well_formed = |r: TextRange| {
        r.end() <= text.len() && text.is_char_boundary(r.start()) && text.is_char_boundary(r.end())
    };
    let tagged = |r: TextRange, label: EntityLabel| {
        entities.iter().find(|e| {
            e.label == label && well_formed(e.range) && e.range.start() < r.end() && r.start() < e.range.end()
        })
    };
    let location_tag = |r: TextRange| tagged(r, EntityLabel::LOC);
    let person = |r: TextRange| tagged(r, EntityLabel::PER).is_some();
    // Next word, when only one space separates it from word `i`.
    let next = |i: usize| words.get(i + 1).filter(|n| v[words[i].end..n.start] == *" ");
    let mut found: Vec<Found> = Vec::new();
    for i in 0..words.len() {
        let Some(head) = head_of_word(&v[words[i].start..words[i].end]) else { continue };
        let Some(first) = next(i) else { continue };
        // `«ولاية سيناء»`, `«مدينة الملاهي»`: a quoted title, not a place.
        if v[..words[i].start].ends_with('«') {
            continue;
        }
        let mut names = vec![(i + 1, *first)];
        if head.dual {
            // `منطقتي الزريجي والدير`: the second name after و.
            if let Some(second) = next(i + 1) {
                if let Some(rest) = v[second.start..second.end].strip_prefix('و') {
                    if rest.chars().count() >= 3 {
                        let start = second.start + 'و'.len_utf8();
                        names.push((i + 2, Word { start, end: second.end }));
                    }
                }
            }
        }
        for (at, word) in names {
            let folded = &v[word.start..word.end];
            let range = source(&word);
            if folded.chars().count() < 3
                || not_names().contains(folded)
                || nationality_of_folded(folded).is_some()
                || gazetteer.is_stopword(folded)
                || covered(range, places, &found)
            {
                continue;
            }
            let tag = location_tag(range);
            // `منطقة جبلية`, `منطقة محظورة`: after the word for "area" an
            // adjective-shaped word is an adjective, whatever the tagger says.
            let letters = letters_of(&text[range.start()..range.end()]);
            if person(range) || adjective_after(&head, &letters) {
                continue;
            }
            let vouched = tag.is_some() || (head.strong && !adjective_shaped(&letters));
            if !vouched {
                continue;
            }
            // The name's extent: the entity's when it goes on (`فايا لارجو`),
            // or the next word after a name opener (`كفر نبل`).
            let mut end = range.end();
            if let Some(tag) = tag.filter(|t| t.range.end() > end) {
                end = tag.range.end();
                // A facility's tag runs on over its adjective (`قاعدة أيستر
                // الجوية`); the place's name stops before it.
                if head.kind == PlaceKind::Facility {
                    let span = &text[range.start()..end];
                    if let Some((before, last)) = span.trim_end().rsplit_once(' ') {
                        let last = letters_of(last);
                        if last.starts_with("ال") && (last.ends_with("ية") || last.ends_with('ي')) {
                            end = range.start() + before.trim_end().len();
                        }
                    }
                }
            } else if NAME_OPENERS.contains(&folded) {
                if let Some(second) = next(at) {
                    end = source(second).end();
                }
            }
            let range = TextRange::new(range.start(), end);
            if covered(range, places, &found) || text[range.start()..range.end()].contains(['\n', '.', '،'])
            {
                continue;
            }
            let key = fold_key(&text[range.start()..range.end()]);
            found.push(Found { range, kind: head.kind, key, repeated: false });
        }
    }
    // A location tag on a small place abroad that the minor table lists in a
    // country the article names (`ولد في فايا لارجو` in a story about Chad).
    let countries: BTreeSet<&str> =
        places.iter().map(|p| p.country.as_str()).filter(|c| !c.is_empty()).collect();
    for e in entities.iter().filter(|e| e.label == EntityLabel::LOC) {
        let (start, end) = (e.range.start(), e.range.end());
        if !well_formed(e.range) || start >= end {
            continue;
        }
        let key = fold_key(&text[start..end]);
        let listed_in_a_named_country =
            |k: &str| minor().get(k).any(|e| countries.contains(e.country.as_str()));
        // The tag may include proclitics (`بفايا لارجو`): the name starts after them.
        let Some((skip, key)) = std::iter::once(("", key.as_str()))
            .chain(PROCLITICS.iter().filter_map(|p| key.strip_prefix(p).map(|rest| (*p, rest))))
            .find(|(_, k)| k.chars().count() > 3 && listed_in_a_named_country(k))
        else {
            continue;
        };
        let Some(name_start) = text[start..end]
            .char_indices()
            .map(|(i, _)| start + i)
            .find(|&i| fold_key(&text[start..i]).chars().count() >= skip.chars().count())
        else {
            continue;
        };
        let range = TextRange::new(name_start, end);
        // Tags also fall on people named like small towns (`الرئيس هولاند`):
        // only after a locative preposition (`في فايا لارجو`, `بفايا لارجو`).
        let after_locative = if skip.is_empty() {
            let before = text[..name_start].trim_end_matches(' ');
            let word_start = before
                .char_indices()
                .rev()
                .take_while(|&(_, c)| c.is_alphabetic())
                .last()
                .map_or(before.len(), |(i, _)| i);
            before.len() < name_start && LOCATIVES.contains(&fold_key(&before[word_start..]).as_str())
        } else {
            LOCATIVE_PROCLITICS.contains(&skip)
        };
        if after_locative && !covered(range, places, &found) {
            found.push(Found { range, kind: PlaceKind::City, key: key.to_string(), repeated: false });
        }
    }
    // Other occurrences of a foreign-looking name (no article: `هورست`,
    // `فيرغسون`) after a locative preposition (`في هورست`, `بفيرغسون`):
    // elsewhere the same word may be a person (`الرئيس هولاند`).
    let mut more = Vec::new();
    for f in &found {
        if f.key.starts_with("ال") || f.key.contains(' ') || f.key.chars().count() < 4 {
            continue;
        }
        for (i, w) in words.iter().enumerate() {
            let word = &v[w.start..w.end];
            let start = if word == f.key
                && i > 0
                && v[words[i - 1].end..w.start] == *" "
                && LOCATIVES.contains(&&v[words[i - 1].start..words[i - 1].end])
            {
                w.start
            } else if LOCATIVE_PROCLITICS.iter().any(|p| word.strip_prefix(p) == Some(f.key.as_str())) {
                w.end - f.key.len()
            } else {
                continue;
            };
            let range = source(&Word { start, end: w.end });
            if !person(range) && !covered(range, places, &found) && !covered(range, &[], &more) {
                more.push(Found { range, kind: f.kind, key: f.key.clone(), repeated: true });
            }
        }
    }
    found.extend(more);
    found.sort_by_key(|f| f.range.start());
    let listed: Vec<Place> = places.clone();
    let mut located: Vec<Place> = Vec::new();
    // The key of each located place (some found names are never located).
    let mut keys: Vec<&str> = Vec::new();
    for f in &found {
        // The same name where a place word introduces it (`مدينة هورست
        // الهولندية` … `في هورست`), or elsewhere in the article.
        let elsewhere = || {
            let mut others: Vec<&Found> =
                found.iter().filter(|o| o.key == f.key && o.range != f.range).collect();
            others.sort_by_key(|o| o.repeated);
            others.iter().find_map(|o| locate(text, o, &listed, gazetteer)).map(|(p, _)| (p, CONFIDENCE_FAR))
        };
        let here = || locate(text, f, &listed, gazetteer);
        let locator = if f.repeated { elsewhere().or_else(here) } else { here().or_else(elsewhere) }
            .or_else(|| main_country(&listed, gazetteer).map(|p| (p, CONFIDENCE_FAR)));
        if let Some(entry) = minor_entry(&f.key, locator.as_ref().map(|l| &l.0), &countries) {
            keys.push(&f.key);
            located.push(Place {
                range: f.range,
                name: entry.name().to_string(),
                lat: entry.lat,
                lon: entry.lon,
                country: entry.country.clone(),
                admin1: entry.admin1.clone(),
                kind: f.kind,
                gazetteer_id: entry.id.clone(),
                confidence: Some(CONFIDENCE_MINOR),
                origin: Origin::lexicon(MINOR_FILE, entry.line),
            });
            continue;
        }
        let Some((at, confidence)) = locator else { continue };
        keys.push(&f.key);
        located.push(Place {
            range: f.range,
            name: text[f.range.start()..f.range.end()].to_string(),
            lat: at.lat,
            lon: at.lon,
            country: at.country.clone(),
            admin1: at.admin1.clone(),
            kind: f.kind,
            gazetteer_id: format!("near:{}", at.gazetteer_id),
            confidence: Some(confidence),
            origin: Origin::rule(UNLISTED_RULE),
        });
    }
    debug_assert_eq!(keys.len(), located.len());
    // One name, one place in an article: where the minor table placed one
    // occurrence (`قاعدة أيستر` in France), the others follow, whatever
    // their own sentences name (`تدربوا في أيستر … إلى مصر`).
    for i in 0..located.len() {
        if !located[i].gazetteer_id.starts_with("near:") {
            continue;
        }
        let same = (0..located.len()).find(|&j| {
            keys[j] == keys[i]
                && matches!(&located[j].origin, Origin::Lexicon { file, .. } if file == MINOR_FILE)
        });
        if let Some(j) = same {
            let (range, kind) = (located[i].range, located[i].kind);
            located[i] = Place { range, kind, ..located[j].clone() };
        }
    }
    places.extend(located);
    places.sort_by_key(|p| p.range.start());
}

/// True for characters that end a sentence (a name's locator is looked for
/// inside its sentence).
fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '؟' | '?' | '!' | '\n' | '؛')
}

/// The place that locates an unlisted name: a nationality adjective right
/// after it (`مدينة هورست الهولندية`), else the first listed place after it in
/// its sentence (`حي الكلاسة في حلب`), else the last one before it in its
/// sentence (`في محافظة أبين … مدينة شقرة`), else the last one before it in
/// its paragraph. With the confidence that distance warrants.
fn locate(text: &str, name: &Found, places: &[Place], gazetteer: &Gazetteer) -> Option<(Place, f32)> {
    let (start, end) = (name.range.start(), name.range.end());
    let sentence_end = text[end..].find(ends_sentence).map_or(text.len(), |i| end + i);
    let sentence_start = text[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| ends_sentence(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let paragraph_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    // Up to two words after the name: an adjective naming a country.
    for word in text[end..sentence_end].split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(2)
    {
        let folded = fold_key(word);
        if let Some(code) = nationality_of_folded(&folded) {
            if let Some(country) = gazetteer.get(&format!("cc:{code}")) {
                return Some((country_place(country), CONFIDENCE_FAR));
            }
        }
    }
    let usable = |p: &&Place| p.origin != Origin::rule(UNLISTED_RULE);
    if let Some(p) =
        places.iter().filter(usable).find(|p| p.range.start() >= end && p.range.end() <= sentence_end)
    {
        return Some((p.clone(), CONFIDENCE_IN_SENTENCE));
    }
    if let Some(p) =
        places.iter().filter(usable).rfind(|p| p.range.end() <= start && p.range.start() >= sentence_start)
    {
        return Some((p.clone(), CONFIDENCE_IN_SENTENCE));
    }
    places
        .iter()
        .filter(usable)
        .rfind(|p| p.range.end() <= start && p.range.start() >= paragraph_start)
        .map(|p| (p.clone(), CONFIDENCE_FAR))
}

/// A country entry as a place (only its coordinates and ids are used).
fn country_place(entry: &crate::gazetteer::Entry) -> Place {
    Place {
        range: TextRange::new(0, 0),
        name: entry.name().to_string(),
        lat: entry.lat,
        lon: entry.lon,
        country: entry.country.clone(),
        admin1: None,
        kind: PlaceKind::Country,
        gazetteer_id: entry.id.clone(),
        confidence: None,
        origin: Origin::rule(UNLISTED_RULE),
    }
}

/// The article's most often named country, as a last resort locator.
fn main_country(places: &[Place], gazetteer: &Gazetteer) -> Option<Place> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for p in places.iter().filter(|p| !p.country.is_empty()) {
        *counts.entry(p.country.as_str()).or_default() += 1;
    }
    let (code, _) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
    gazetteer.get(&format!("cc:{code}")).map(country_place)
}
