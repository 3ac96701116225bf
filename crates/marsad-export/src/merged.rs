//! The event tables merged across articles: PLOVER-like and ACLED-like.

use crate::documents::{event_place, participant_country, str_of, u64_of, CodePoints};
use crate::table::{col, Cell, ColumnType::*, Table};
use crate::ExportError;
use chrono::{Datelike, NaiveDate};
use marsad_corpus::facts::name_key;
use marsad_corpus::{EventFilter, EventMentionRef, MergedEvent, Store};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Every merged event of the store, in the store's order (newest first).
pub(crate) fn all_merged_events(store: &Store) -> Result<Vec<MergedEvent>, ExportError> {
    const PAGE: usize = 1000;
    let mut all = Vec::new();
    loop {
        let filter = EventFilter { limit: PAGE, offset: all.len(), ..EventFilter::default() };
        let page = store.merged_events(&filter)?;
        let n = page.len();
        all.extend(page);
        if n < PAGE {
            return Ok(all);
        }
    }
}

/// A stored document's id, text and layers, loaded once per export.
struct LoadedDoc {
    ext_id: String,
    text: String,
    layers: Value,
}

/// Documents loaded by id, kept while the export runs (bounded, so a large
/// store does not hold every document's layers at once).
struct DocCache<'s> {
    store: &'s Store,
    docs: BTreeMap<i64, Option<LoadedDoc>>,
}

impl<'s> DocCache<'s> {
    const CAPACITY: usize = 512;

    fn new(store: &'s Store) -> DocCache<'s> {
        DocCache { store, docs: BTreeMap::new() }
    }

    fn get(&mut self, id: i64) -> Result<Option<&LoadedDoc>, ExportError> {
        if !self.docs.contains_key(&id) {
            if self.docs.len() >= Self::CAPACITY {
                self.docs.clear();
            }
            let mut select = self
                .store
                .sqlite()
                .prepare_cached("SELECT ext_id, text, layers FROM documents WHERE id = ?1")?;
            let mut rows = select.query([id])?;
            let loaded = match rows.next()? {
                Some(r) => {
                    let layers: String = r.get(2)?;
                    let layers = serde_json::from_str(&layers)
                        .map_err(|e| ExportError::Layers { doc_id: id, message: e.to_string() })?;
                    Some(LoadedDoc { ext_id: r.get(0)?, text: r.get(1)?, layers })
                }
                None => None,
            };
            self.docs.insert(id, loaded);
        }
        Ok(self.docs.get(&id).and_then(Option::as_ref))
    }
}

/// The mention whose sentence is quoted: the earliest report (date, then
/// document, then position).
fn first_mention(event: &MergedEvent) -> Option<&EventMentionRef> {
    event.mentions.iter().min_by_key(|m| (m.date.is_none(), m.date, m.doc_id, m.seq))
}

/// What the merged event's mentions say in their documents' layers.
#[derive(Default)]
struct MentionFacts {
    ext_ids: BTreeSet<String>,
    outlets: BTreeSet<String>,
    actor_country: Option<String>,
    recipient_country: Option<String>,
    admin1: Option<String>,
    place_kind: Option<String>,
    /// People killed, per document that gives a number: the most any of its
    /// sentences reporting the event claims.
    killed_per_document: BTreeMap<i64, f64>,
    /// The latest publication date of a report.
    last_published: Option<NaiveDate>,
}

fn mention_facts(
    event: &MergedEvent,
    cache: &mut DocCache<'_>,
    rules: Option<&FatalityRules>,
) -> Result<MentionFacts, ExportError> {
    let mut facts = MentionFacts::default();
    let mut mentions: Vec<&EventMentionRef> = event.mentions.iter().collect();
    mentions.sort_by_key(|m| (m.date.is_none(), m.date, m.doc_id, m.seq));
    for m in mentions {
        facts.outlets.insert(m.source.clone());
        facts.last_published = facts.last_published.max(m.date);
        let Some(doc) = cache.get(m.doc_id)? else { continue };
        facts.ext_ids.insert(doc.ext_id.clone());
        let layer_event = doc.layers.get("events").and_then(|e| e.get(m.seq as usize));
        if let Some(e) = layer_event {
            if facts.actor_country.is_none() {
                facts.actor_country = participant_country(&doc.layers, e, "actor").map(str::to_string);
            }
            if facts.recipient_country.is_none() {
                facts.recipient_country =
                    participant_country(&doc.layers, e, "recipient").map(str::to_string);
            }
            if let Some(place) = event_place(&doc.layers, e) {
                let same_place =
                    event.place_id.is_none() || str_of(place, "gazetteer_id") == event.place_id.as_deref();
                if same_place {
                    if facts.admin1.is_none() {
                        facts.admin1 = str_of(place, "admin1").map(str::to_string);
                    }
                    if facts.place_kind.is_none() {
                        facts.place_kind = str_of(place, "kind").map(str::to_string);
                    }
                }
            }
        }
        if let Some(rules) = rules {
            let cp = CodePoints::new(&doc.text);
            let (s, e) = (m.sentence.start as u64, m.sentence.end as u64);
            if let Some(killed) = rules.killed_in(&doc.layers, &cp, s, e) {
                let slot = facts.killed_per_document.entry(m.doc_id).or_insert(killed);
                *slot = slot.max(killed);
            }
        }
    }
    Ok(facts)
}

/// How precise a TIMEX3 date value is, and the day it starts on: a day
/// (ACLED time precision 1), an ISO week (2, its Monday) or a month or
/// year (3, its first day).
pub fn timex_day(value: &str) -> Option<(NaiveDate, i64)> {
    let v = value.trim();
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some((d, 1));
    }
    if let Some((year, week)) = v.split_once("-W") {
        let (year, week) = (year.parse().ok()?, week.get(..2)?.parse().ok()?);
        return Some((NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)?, 2));
    }
    if v.len() == 7 {
        let d = NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").ok()?;
        return Some((d, 3));
    }
    if v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some((NaiveDate::from_ymd_opt(v.parse().ok()?, 1, 1)?, 3));
    }
    None
}

fn joined(items: &BTreeSet<String>) -> String {
    items.iter().map(String::as_str).collect::<Vec<_>>().join(";")
}

/// `marsad:DOC#SEQ` for each mention: where each report of the event stands.
fn provenance(event: &MergedEvent) -> String {
    let mut refs: Vec<(i64, i64)> = event.mentions.iter().map(|m| (m.doc_id, m.seq)).collect();
    refs.sort();
    refs.iter().map(|(d, s)| format!("marsad:{d}#{s}")).collect::<Vec<_>>().join(";")
}

/// One row per merged event with PLOVER-like columns.
pub fn plover_table(store: &Store) -> Result<Table, ExportError> {
    let mut table = Table::new(
        "plover",
        vec![
            col("event_id", Int, false),
            col("event_date", Text, true),
            col("event_day", Date, true),
            col("event_type", Text, false),
            col("event_mode", Text, true),
            col("event_subtype", Text, true),
            col("actor", Text, true),
            col("actor_entity", Text, true),
            col("actor_country", Text, true),
            col("recipient", Text, true),
            col("recipient_entity", Text, true),
            col("recipient_country", Text, true),
            col("place_id", Text, true),
            col("place_name", Text, true),
            col("latitude", Float, true),
            col("longitude", Float, true),
            col("country", Text, true),
            col("admin1", Text, true),
            col("planned", Bool, false),
            col("negated", Bool, false),
            col("num_sources", Int, false),
            col("num_documents", Int, false),
            col("source_ids", Text, false),
            col("sources", Text, false),
            col("first_source", Text, true),
            col("first_published", Date, true),
            col("trigger_text", Text, true),
            col("first_sentence", Text, true),
            col("provenance", Text, false),
        ],
    );
    let mut cache = DocCache::new(store);
    for event in all_merged_events(store)? {
        let facts = mention_facts(&event, &mut cache, None)?;
        let first = first_mention(&event);
        table.push(vec![
            event.id.into(),
            event.date.clone().into(),
            event.date.as_deref().and_then(timex_day).map(|(d, _)| d).into(),
            event.kind.clone().into(),
            event.mode.clone().into(),
            event.subtype.clone().into(),
            event.actor.clone().into(),
            event.actor_entity.clone().into(),
            facts.actor_country.into(),
            event.recipient.clone().into(),
            event.recipient_entity.clone().into(),
            facts.recipient_country.into(),
            event.place_id.clone().into(),
            event.place_name.clone().into(),
            event.lat.into(),
            event.lon.into(),
            event.country.clone().into(),
            facts.admin1.into(),
            event.planned.into(),
            event.negated.into(),
            i64::from(event.sources).into(),
            i64::from(event.documents).into(),
            joined(&facts.ext_ids).into(),
            joined(&facts.outlets).into(),
            first.map(|m| m.source.as_str()).into(),
            first.and_then(|m| m.date).into(),
            first.map(|m| m.trigger_text.as_str()).into(),
            first.map(|m| m.sentence.text.as_str()).into(),
            provenance(&event).into(),
        ]);
    }
    Ok(table)
}

/// The PLOVER → ACLED mapping (`data/acled-mapping.tsv`).
pub(crate) struct AcledMapping {
    /// (type, mode or `*`, subtype or `*`) → (disorder, event type, sub-event type); `None` = not an ACLED event.
    rows: BTreeMap<(String, String, String), Option<[String; 3]>>,
}

/// The mapping file, embedded.
pub const ACLED_MAPPING_TSV: &str = include_str!("../data/acled-mapping.tsv");

impl AcledMapping {
    pub(crate) fn parse(tsv: &str) -> Result<AcledMapping, ExportError> {
        let mut rows = BTreeMap::new();
        for (n, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 6 {
                return Err(ExportError::Data {
                    file: "acled-mapping.tsv",
                    line: n + 1,
                    message: "expected 6 columns".into(),
                });
            }
            let target =
                if f[3] == "-" { None } else { Some([f[3].to_string(), f[4].to_string(), f[5].to_string()]) };
            rows.insert((f[0].to_string(), f[1].to_string(), f[2].to_string()), target);
        }
        Ok(AcledMapping { rows })
    }

    /// ACLED's (disorder type, event type, sub-event type) of a PLOVER
    /// event; `None` when ACLED does not code such events (or the type is
    /// not in the file).
    pub(crate) fn map(&self, kind: &str, mode: Option<&str>, subtype: Option<&str>) -> Option<&[String; 3]> {
        let (m, s) = (mode.unwrap_or("*"), subtype.unwrap_or("*"));
        let keys = [(kind, m, s), (kind, m, "*"), (kind, "*", "*")];
        for (k, m, s) in keys {
            if let Some(target) = self.rows.get(&(k.to_string(), m.to_string(), s.to_string())) {
                return target.as_ref();
            }
        }
        None
    }
}

/// The fatality rules (`data/fatality-cues.tsv`).
pub(crate) struct FatalityRules {
    units: BTreeSet<String>,
    cues: BTreeSet<String>,
    blocks: BTreeSet<String>,
}

/// The fatality cue file, embedded.
pub const FATALITY_CUES_TSV: &str = include_str!("../data/fatality-cues.tsv");

/// Words looked at before a claim for a killing or injury word.
const CUE_WINDOW_WORDS: usize = 3;

impl FatalityRules {
    pub(crate) fn parse(tsv: &str) -> Result<FatalityRules, ExportError> {
        let mut rules =
            FatalityRules { units: BTreeSet::new(), cues: BTreeSet::new(), blocks: BTreeSet::new() };
        for (n, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (kind, word) = line.split_once('\t').unwrap_or((line, ""));
            let set = match kind {
                "unit" => &mut rules.units,
                "cue" => &mut rules.cues,
                "block" => &mut rules.blocks,
                _ => {
                    return Err(ExportError::Data {
                        file: "fatality-cues.tsv",
                        line: n + 1,
                        message: format!("unknown kind `{kind}`"),
                    })
                }
            };
            set.insert(name_key(word));
        }
        Ok(rules)
    }

    /// `word` (Search-normalised) or `word` without a leading conjunction or
    /// preposition and article is in `set`.
    fn matches(set: &BTreeSet<String>, word: &str) -> bool {
        let mut forms = vec![word];
        for p in ['و', 'ف', 'ب', 'ل'] {
            if let Some(rest) = word.strip_prefix(p) {
                forms.push(rest);
            }
        }
        let with_article: Vec<&str> =
            forms.iter().filter_map(|f| f.strip_prefix("ال").or_else(|| f.strip_prefix("ل"))).collect();
        forms.extend(with_article);
        forms.iter().any(|f| set.contains(*f))
    }

    /// The largest number of people a claim in code points `start..end` of
    /// the document says were killed.
    pub(crate) fn killed_in(&self, layers: &Value, cp: &CodePoints<'_>, start: u64, end: u64) -> Option<f64> {
        let mut claims: Vec<&Value> = layers
            .get("claims")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|c| {
                let (s, e) = (u64_of(c, "start").unwrap_or(0), u64_of(c, "end").unwrap_or(0));
                start <= s && e <= end && s < e
            })
            .collect();
        claims.sort_by_key(|c| u64_of(c, "start"));
        let mut best: Option<f64> = None;
        let mut previous_end = start;
        for claim in claims {
            let (s, e) = (u64_of(claim, "start").unwrap_or(0), u64_of(claim, "end").unwrap_or(0));
            let quantity =
                claim.get("quantity").and_then(Value::as_f64).filter(|q| q.is_finite() && *q >= 0.0);
            let unit = str_of(claim, "unit").map(name_key).unwrap_or_default();
            let killed = if self.units.contains(&unit) {
                true
            } else {
                // The nearest cue or block word wins: the claim's own words,
                // then the words before it back to the previous claim.
                let own = name_key(cp.slice(s, e));
                let before = name_key(cp.slice(previous_end, s));
                let before: Vec<&str> = before.split_whitespace().rev().take(CUE_WINDOW_WORDS).collect();
                own.split_whitespace()
                    .chain(before)
                    .find_map(|w| {
                        if Self::matches(&self.blocks, w) {
                            Some(false)
                        } else if Self::matches(&self.cues, w) {
                            Some(true)
                        } else {
                            None
                        }
                    })
                    .unwrap_or(false)
            };
            if killed {
                if let Some(q) = quantity {
                    best = Some(best.map_or(q, |b: f64| b.max(q)));
                }
            }
            previous_end = e;
        }
        best
    }
}

/// ACLED's geographic precision from the gazetteer kind of the place: 1 a
/// town or a site, 2 a district or an unclassified place, 3 a province,
/// region, country or sea.
fn geo_precision(kind: Option<&str>) -> Option<i64> {
    Some(match kind? {
        "city" | "facility" => 1,
        "admin2" | "other" => 2,
        _ => 3,
    })
}

/// One row per merged event ACLED would code, with ACLED-like columns.
pub fn acled_table(store: &Store) -> Result<Table, ExportError> {
    let mapping = AcledMapping::parse(ACLED_MAPPING_TSV)?;
    let rules = FatalityRules::parse(FATALITY_CUES_TSV)?;
    let mut table = Table::new(
        "acled",
        vec![
            col("event_id_cnty", Text, false),
            col("event_date", Date, true),
            col("year", Int, true),
            col("time_precision", Int, true),
            col("disorder_type", Text, false),
            col("event_type", Text, false),
            col("sub_event_type", Text, false),
            col("actor1", Text, true),
            col("assoc_actor_1", Text, true),
            col("actor2", Text, true),
            col("country", Text, true),
            col("admin1", Text, true),
            col("location", Text, true),
            col("latitude", Float, true),
            col("longitude", Float, true),
            col("geo_precision", Int, true),
            col("source", Text, false),
            col("source_scale", Text, true),
            col("notes", Text, true),
            col("fatalities", Int, false),
            col("fatalities_reported", Bool, false),
            col("timestamp", Int, true),
            col("marsad_event_id", Int, false),
            col("num_sources", Int, false),
            col("plover_type", Text, false),
            col("plover_mode", Text, true),
        ],
    );
    let mut cache = DocCache::new(store);
    for event in all_merged_events(store)? {
        if event.planned || event.negated {
            continue;
        }
        let Some([disorder, event_type, sub_event_type]) =
            mapping.map(&event.kind, event.mode.as_deref(), event.subtype.as_deref()).cloned()
        else {
            continue;
        };
        let facts = mention_facts(&event, &mut cache, Some(&rules))?;
        let day = event.date.as_deref().and_then(timex_day);
        // ACLED codes the most conservative report: the smallest count any
        // document gives.
        let fatalities = facts.killed_per_document.values().copied().reduce(f64::min);
        let first = first_mention(&event);
        let country = event.country.clone();
        table.push(vec![
            format!("{}{}", country.as_deref().unwrap_or("XX"), event.id).into(),
            day.map(|(d, _)| d).into(),
            day.map(|(d, _)| i64::from(d.year())).into(),
            day.map(|(_, p)| p).into(),
            disorder.into(),
            event_type.into(),
            sub_event_type.into(),
            event.actor.clone().into(),
            Cell::Null,
            event.recipient.clone().into(),
            country.into(),
            facts.admin1.into(),
            event.place_name.clone().into(),
            event.lat.into(),
            event.lon.into(),
            if event.lat.is_some() { geo_precision(facts.place_kind.as_deref()).into() } else { Cell::Null },
            facts.outlets.iter().map(String::as_str).collect::<Vec<_>>().join("; ").into(),
            Cell::Null,
            first.map(|m| m.sentence.text.as_str()).into(),
            (fatalities.unwrap_or(0.0).round() as i64).into(),
            fatalities.is_some().into(),
            facts.last_published.and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc().timestamp()).into(),
            event.id.into(),
            i64::from(event.sources).into(),
            event.kind.clone().into(),
            event.mode.clone().into(),
        ]);
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    fn check_timex(value: &str, expected: Expect) {
        let got = match timex_day(value) {
            Some((d, p)) => format!("{d} precision {p}"),
            None => "none".to_string(),
        };
        expected.assert_eq(&got);
    }

    #[test]
    fn timex_values_become_a_day_and_acled_precision() {
        check_timex("2025-12-31", expect!["2025-12-31 precision 1"]);
        check_timex("2026-W02", expect!["2026-01-05 precision 2"]);
        check_timex("2025-12", expect!["2025-12-01 precision 3"]);
        check_timex("2025", expect!["2025-01-01 precision 3"]);
        check_timex("PRESENT_REF", expect!["none"]);
        check_timex("2025-13-40", expect!["none"]);
        check_timex("", expect!["none"]);
    }

    fn check_mapping(kind: &str, mode: Option<&str>, subtype: Option<&str>, expected: Expect) {
        let mapping = AcledMapping::parse(ACLED_MAPPING_TSV).expect("mapping parses");
        let got = mapping.map(kind, mode, subtype).map_or("not coded".to_string(), |t| t.join(" / "));
        expected.assert_eq(&got);
    }

    #[test]
    fn plover_types_and_modes_map_to_acled_event_types() {
        check_mapping(
            "ASSAULT",
            Some("heavy-weapons"),
            None,
            expect!["Political violence / Explosions/Remote violence / Shelling/artillery/missile attack"],
        );
        check_mapping(
            "ASSAULT",
            Some("firearms"),
            None,
            expect!["Political violence / Battles / Armed clash"],
        );
        check_mapping(
            "ASSAULT",
            Some("abduct"),
            None,
            expect!["Political violence / Violence against civilians / Abduction/forced disappearance"],
        );
        check_mapping(
            "ASSAULT",
            Some("unheard-of"),
            None,
            expect!["Political violence / Battles / Armed clash"],
        );
        check_mapping(
            "PROTEST",
            Some("riot"),
            None,
            expect!["Demonstrations / Riots / Violent demonstration"],
        );
        check_mapping("PROTEST", None, None, expect!["Demonstrations / Protests / Peaceful protest"]);
        check_mapping(
            "COERCE",
            Some("arrest"),
            None,
            expect!["Strategic developments / Strategic developments / Arrests"],
        );
        check_mapping(
            "RETREAT",
            Some("withdraw"),
            Some("handover"),
            expect!["Strategic developments / Strategic developments / Non-violent transfer of territory"],
        );
        check_mapping("CONSULT", Some("visit"), None, expect!["not coded"]);
        check_mapping("ACCUSE", None, None, expect!["not coded"]);
        check_mapping("NOT-A-TYPE", None, None, expect!["not coded"]);
    }

    /// A sentence with its claims marked `[quantity unit|text]`: the layers
    /// JSON is built from the marks, so a case is one line.
    fn check_fatalities(marked: &str, expected: Expect) {
        let mut text = String::new();
        let mut claims = Vec::new();
        let mut rest = marked;
        while let Some(open) = rest.find('[') {
            text.push_str(&rest[..open]);
            let close = rest[open..].find(']').expect("closing mark") + open;
            let (spec, claim_text) = rest[open + 1..close].split_once('|').expect("spec|text");
            let (quantity, unit) = spec.split_once(' ').expect("quantity unit");
            let start = text.chars().count();
            text.push_str(claim_text);
            let end = text.chars().count();
            claims.push(serde_json::json!({
                "start": start, "end": end, "text": claim_text,
                "quantity": quantity.parse::<f64>().unwrap(), "unit": unit,
                "claimant": null, "origin": "rule:test"
            }));
            rest = &rest[close + 1..];
        }
        text.push_str(rest);
        let layers = serde_json::json!({ "claims": claims });
        let rules = FatalityRules::parse(FATALITY_CUES_TSV).expect("rules parse");
        let cp = CodePoints::new(&text);
        let got = rules.killed_in(&layers, &cp, 0, text.chars().count() as u64);
        expected.assert_eq(&got.map_or("none".to_string(), |k| k.to_string()));
    }

    #[test]
    fn fatalities_come_from_claims_of_people_killed() {
        check_fatalities("أسفر الهجوم عن سقوط [12 قتيل|12 قتيلا] في المدينة", expect!["12"]);
        check_fatalities("أدى القصف إلى مقتل [5 جندي|5 جنود] وإصابة [10 شخص|10 آخرين]", expect!["5"]);
        check_fatalities("ومقتل [3 مدني|3 مدنيين] في الغارة", expect!["3"]);
        check_fatalities("أسفر الانفجار عن إصابة [7 شخص|7 أشخاص]", expect!["none"]);
        check_fatalities("مقتل وإصابة [15 شخص|15 شخصا]", expect!["none"]);
        check_fatalities("استشهد [2 شهيد|شهيدان] وجرح [4 شخص|أربعة]", expect!["2"]);
        check_fatalities("نشرت الوزارة [300 جندي|300 جندي] على الحدود", expect!["none"]);
        check_fatalities("لا أرقام في هذه الجملة", expect!["none"]);
    }

    #[test]
    fn data_files_are_headed_and_sorted() {
        for (name, tsv) in
            [("acled-mapping.tsv", ACLED_MAPPING_TSV), ("fatality-cues.tsv", FATALITY_CUES_TSV)]
        {
            assert!(tsv.starts_with("# "), "{name} starts with a header comment");
            assert!(
                tsv.contains("Source:") && tsv.contains("Licence:"),
                "{name} says its source and licence"
            );
            let rows: Vec<&str> =
                tsv.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).collect();
            let mut sorted = rows.clone();
            sorted.sort();
            assert_eq!(rows, sorted, "{name} rows are sorted");
            let mut unique = rows.clone();
            unique.dedup();
            assert_eq!(rows.len(), unique.len(), "{name} has no repeated row");
        }
    }
}
