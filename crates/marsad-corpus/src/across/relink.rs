//! `Store::relink`: recomputes every across-article table from the stored
//! documents, sketches, mentions, events, quotes and copies.
//!
//! Determinism: documents are put in **content order** (by content hash,
//! then by date where order matters in time) before anything is grouped, so
//! neither the SQLite rowids nor the ingest order can change a grouping or
//! an id; every map that reaches the output is a `BTreeMap` or is sorted.

use super::sketch::{
    decode_minhash, decode_terms, estimated_jaccard, fnv1a, LSH_BANDS, MINHASH_PERMUTATIONS,
};
use super::RelinkReport;
use crate::facts::name_key;
use crate::query::day_number;
use crate::store::parse_date;
use crate::{Store, StoreError};
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Estimated Jaccard (word 3-shingles) from which two documents are near
/// duplicates. Chosen on the real news corpus (see
/// `docs/design/across-articles.md`): agency copies with an edited lead or
/// a trimmed last paragraph score 0.6–0.95; different reports of one event
/// by two outlets stay under 0.3.
pub const NEAR_DUPLICATE_THRESHOLD: f32 = 0.5;
/// Publication dates of one story lie within this many days of the story's
/// latest document.
pub const STORY_WINDOW_DAYS: i64 = 3;
/// Cosine similarity between a document and a story's centroid from which
/// the document joins the story.
pub const STORY_THRESHOLD: f32 = 0.3;
/// Weight of named entities and places against content words in the story
/// vectors.
const NAME_BOOST: f32 = 1.5;
/// Dimensions kept per document vector (the heaviest).
const VECTOR_DIMENSIONS: usize = 48;
/// Terms of a document used to look up candidate stories (all its
/// dimensions: a story shares some term with any document it could take).
const LOOKUP_TERMS: usize = VECTOR_DIMENSIONS;
/// LSH buckets larger than this are boilerplate (the same short text in
/// hundreds of documents): their pairs are not compared.
const MAX_BUCKET: usize = 400;
/// Days of slack when matching event dates.
pub const EVENT_DATE_SLACK_DAYS: i64 = 2;
/// A date value spanning more days than this (a year, a decade) does not
/// place an event in time; the document's date is used instead.
const MAX_DATE_SPAN_DAYS: i64 = 31;
/// NER rule whose mentions are titles standing for a named person.
const TITLE_RULE_ORIGIN: &str = "rule:ner-title-reference";

/// One stored document, as relink sees it.
struct DocRow {
    id: i64,
    hash: String,
    date: Option<NaiveDate>,
    day: Option<i64>,
    source: String,
    title: Option<String>,
    minhash: Vec<u32>,
    terms: Vec<(u64, u32)>,
}

/// An entity mention row.
struct EntityRow {
    doc: usize,
    key: String,
    label: String,
    text: String,
    canonical: Option<String>,
    country: Option<String>,
    origin: Option<String>,
    latin: Option<String>,
}

/// A place mention row.
struct PlaceRow {
    doc: usize,
    id: String,
    name: String,
    kind: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    country: Option<String>,
}

/// An events row.
struct EventRowIn {
    doc: usize,
    seq: i64,
    kind: String,
    mode: Option<String>,
    subtype: Option<String>,
    actor: Option<String>,
    recipient: Option<String>,
    place_id: Option<String>,
    place_name: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    country: Option<String>,
    date: Option<String>,
    planned: bool,
    negated: bool,
}

/// Union-find over document indices.
struct Components {
    parent: Vec<usize>,
}

impl Components {
    fn new(n: usize) -> Components {
        Components { parent: (0..n).collect() }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins two sets; the smaller index is the root (content order).
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

fn date_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn from_day_number(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_signed(chrono::Duration::days(day))
}

/// The days a TIMEX3-ish date value covers: a day, an ISO week, a month.
/// Wider or unreadable values give `None`.
pub fn date_value_range(value: &str) -> Option<(i64, i64)> {
    let value = value.trim();
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let n = day_number(day);
        return Some((n, n));
    }
    if let Some((year, week)) = value.split_once("-W") {
        let year: i32 = year.parse().ok()?;
        let week: u32 = week.get(..2).unwrap_or(week).parse().ok()?;
        let monday = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)?;
        let n = day_number(monday);
        return Some((n, n + 6));
    }
    if value.len() == 7 {
        let first = NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d").ok()?;
        let next = if first.month() == 12 {
            NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
        };
        let span = (day_number(first), day_number(next) - 1);
        return (span.1 - span.0 <= MAX_DATE_SPAN_DAYS).then_some(span);
    }
    None
}

/// A sparse vector sorted by key.
type Sparse = Vec<(u64, f32)>;

fn normalise(v: &mut Sparse) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

/// A story being built.
struct Cluster {
    centroid: HashMap<u64, f32>,
    norm2: f32,
    first_day: Option<i64>,
    last_day: Option<i64>,
    docs: Vec<usize>,
}

impl Cluster {
    fn similarity(&self, v: &Sparse) -> f32 {
        if self.norm2 <= 0.0 {
            return 0.0;
        }
        let dot: f32 = v.iter().map(|(k, w)| w * self.centroid.get(k).copied().unwrap_or(0.0)).sum();
        dot / self.norm2.sqrt()
    }

    fn add(&mut self, v: &Sparse) {
        for (k, w) in v {
            let slot = self.centroid.entry(*k).or_insert(0.0);
            let old = *slot;
            *slot += w;
            self.norm2 += *slot * *slot - old * old;
        }
    }
}

/// Label preference when one name in a document carries two labels.
fn label_rank(label: &str) -> u8 {
    match label {
        "PER" => 0,
        "ORG" => 1,
        "LOC" => 2,
        _ => 3,
    }
}

fn strip_article(word: &str) -> &str {
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => word,
    }
}

fn most_frequent(counts: &BTreeMap<String, u32>) -> Option<String> {
    counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(k, _)| k.clone())
}

/// A per-document event mention, ready to group.
struct EventMention {
    row: usize,
    block: (String, Option<String>, bool, bool),
    story: usize,
    lo: Option<i64>,
    hi: Option<i64>,
    actor: Option<String>,
    recipient: Option<String>,
    place: Option<String>,
    country: Option<String>,
    date_text: Option<String>,
}

/// An event group being built.
struct Group {
    block: (String, Option<String>, bool, bool),
    story: usize,
    lo: Option<i64>,
    hi: Option<i64>,
    actor: Option<String>,
    recipient: Option<String>,
    place: Option<String>,
    country: Option<String>,
    /// Index of the mention whose place is shown (the most specific).
    place_row: Option<usize>,
    members: Vec<usize>,
    date_text: Option<String>,
    date_lo: Option<i64>,
}

fn is_country_place(id: &str) -> bool {
    id.starts_with("cc:")
}

fn places_compatible(g: &Group, m: &EventMention) -> bool {
    match (&g.place, &m.place) {
        (Some(a), Some(b)) if a == b => true,
        (Some(a), Some(b)) => {
            // A country on one side matches any place in that country.
            (is_country_place(a) && g.country.is_some() && g.country == m.country)
                || (is_country_place(b) && m.country.is_some() && g.country == m.country)
        }
        _ => true,
    }
}

fn same_or_unknown(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

fn dates_compatible(g: &Group, m: &EventMention) -> bool {
    match (g.lo, g.hi, m.lo, m.hi) {
        (Some(glo), Some(ghi), Some(mlo), Some(mhi)) => {
            glo - EVENT_DATE_SLACK_DAYS <= mhi && mlo <= ghi + EVENT_DATE_SLACK_DAYS
        }
        (None, _, None, _) => true,
        _ => false,
    }
}

impl Store {
    /// Recomputes every across-article table (near-duplicates, stories,
    /// global entities, event groups, places) from the stored documents, in
    /// one transaction. Deterministic whatever the ingest order.
    /// [`Store::ingest`] does not call it: callers run it once after their
    /// batches; until then the listings answer from the previous relink and
    /// [`Store::stats`] says the relink is stale.
    pub fn relink(&mut self) -> Result<RelinkReport, StoreError> {
        self.check_writable()?;
        let tx = self.conn.transaction()?;
        let report = relink_in(&tx)?;
        tx.commit()?;
        Ok(report)
    }
}

fn relink_in(tx: &Transaction<'_>) -> Result<RelinkReport, StoreError> {
    let started = std::time::Instant::now();
    let tracing = std::env::var_os("MARSAD_RELINK_TRACE").is_some();
    let trace = |phase: &str| {
        if tracing {
            eprintln!("relink: {phase} done at {:.2?}", started.elapsed());
        }
    };
    let mut report = RelinkReport::default();
    tx.execute_batch(
        "DELETE FROM near_duplicates; DELETE FROM stories; DELETE FROM story_documents; DELETE FROM entities;
         DELETE FROM entity_aliases; DELETE FROM entity_roles; DELETE FROM entity_links;
         DELETE FROM event_groups; DELETE FROM places;",
    )?;
    // Documents in content order.
    let mut docs: Vec<DocRow> = {
        let mut select = tx.prepare(
            "SELECT d.id, d.content_hash, d.date, d.source, d.title, s.minhash, s.terms
             FROM documents d LEFT JOIN sketches s ON s.doc_id = d.id",
        )?;
        let rows = select.query_map([], |r| {
            let date = parse_date(r.get::<_, Option<String>>(2)?);
            Ok(DocRow {
                id: r.get(0)?,
                hash: r.get(1)?,
                date,
                day: date.map(day_number),
                source: r.get(3)?,
                title: r.get(4)?,
                minhash: r.get::<_, Option<Vec<u8>>>(5)?.map(|b| decode_minhash(&b)).unwrap_or_default(),
                terms: r.get::<_, Option<Vec<u8>>>(6)?.map(|b| decode_terms(&b)).unwrap_or_default(),
            })
        })?;
        rows.collect::<Result<_, _>>()?
    };
    docs.sort_by(|a, b| a.hash.cmp(&b.hash));
    let index_of: HashMap<i64, usize> = docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let n = docs.len();

    // Outlets of each document: its own and its exact copies'.
    let mut outlets: Vec<BTreeSet<String>> =
        docs.iter().map(|d| BTreeSet::from([d.source.clone()])).collect();
    {
        let mut select = tx.prepare("SELECT doc_id, source FROM copies")?;
        let rows = select.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (doc_id, source) = row?;
            if let Some(&i) = index_of.get(&doc_id) {
                outlets[i].insert(source);
                report.copies += 1;
            }
        }
    }

    // Near-duplicates: LSH candidates, verified on the estimate.
    let mut pairs: BTreeMap<(usize, usize), f32> = BTreeMap::new();
    {
        let rows_per_band = MINHASH_PERMUTATIONS / LSH_BANDS;
        let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
        for (i, d) in docs.iter().enumerate() {
            if d.minhash.len() != MINHASH_PERMUTATIONS {
                continue;
            }
            for band in 0..LSH_BANDS {
                let slice = &d.minhash[band * rows_per_band..(band + 1) * rows_per_band];
                let bytes: Vec<u8> = slice.iter().flat_map(|v| v.to_le_bytes()).collect();
                buckets.entry((band, fnv1a(&bytes))).or_default().push(i);
            }
        }
        let mut candidates: BTreeSet<(usize, usize)> = BTreeSet::new();
        for members in buckets.values() {
            if members.len() < 2 || members.len() > MAX_BUCKET {
                continue;
            }
            for (k, &a) in members.iter().enumerate() {
                for &b in &members[k + 1..] {
                    candidates.insert((a.min(b), a.max(b)));
                }
            }
        }
        for (a, b) in candidates {
            let similarity = estimated_jaccard(&docs[a].minhash, &docs[b].minhash);
            if similarity >= NEAR_DUPLICATE_THRESHOLD {
                pairs.insert((a, b), similarity);
            }
        }
    }
    report.duplicate_pairs = pairs.len();

    // Entity and place mentions.
    let mut entity_rows: Vec<EntityRow> = Vec::new();
    {
        let mut select = tx.prepare(
            "SELECT doc_id, key, label, text, value, country, origin, latin FROM mentions WHERE kind = 'entity'",
        )?;
        let rows = select.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        for row in rows {
            let (doc_id, key, label, text, canonical, country, origin, latin) = row?;
            let Some(&doc) = index_of.get(&doc_id) else { continue };
            if key.is_empty() {
                continue;
            }
            let label = label.unwrap_or_else(|| "MISC".to_string());
            entity_rows.push(EntityRow { doc, key, label, text, canonical, country, origin, latin });
        }
    }
    entity_rows.sort_by(|a, b| (a.doc, &a.key, &a.label, &a.text).cmp(&(b.doc, &b.key, &b.label, &b.text)));
    let mut place_rows: Vec<PlaceRow> = Vec::new();
    {
        let mut select = tx.prepare(
            "SELECT doc_id, key, value, label, lat, lon, country FROM mentions WHERE kind = 'place'",
        )?;
        let rows = select.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<f64>>(4)?,
                r.get::<_, Option<f64>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        for row in rows {
            let (doc_id, id, name, kind, lat, lon, country) = row?;
            let Some(&doc) = index_of.get(&doc_id) else { continue };
            if id.is_empty() {
                continue;
            }
            place_rows.push(PlaceRow { doc, id, name: name.unwrap_or_default(), kind, lat, lon, country });
        }
    }
    place_rows.sort_by(|a, b| (a.doc, &a.id, &a.name).cmp(&(b.doc, &b.id, &b.name)));

    // Stories.
    trace("load");
    let story_of = cluster_stories(&docs, &pairs, &entity_rows, &place_rows);
    trace("stories");
    let stories = story_of.iter().copied().max().map_or(0, |m| m + 1);
    report.stories = stories;

    // Entities across documents.
    let entities = link_entities(tx, &docs, &story_of, &entity_rows)?;
    report.entities = entities.count;
    trace("entities");

    // Event groups.
    let (event_groups, events_at) = group_events(tx, &docs, &outlets, &story_of, &entities.links)?;
    report.event_groups = event_groups;
    trace("events");

    // Write the documents' links and the stories.
    write_duplicates(tx, &docs, &pairs)?;
    write_stories(tx, &docs, &outlets, &story_of, &entity_rows, &entities.resolved, &place_rows)?;
    write_places(tx, &place_rows, &events_at)?;
    trace("write");
    let max_doc_id = docs.iter().map(|d| d.id).max().unwrap_or(0);
    tx.execute(
        "INSERT OR REPLACE INTO relink_state (id, documents, copies, max_doc_id) VALUES (1, ?1, ?2, ?3)",
        params![n as i64, report.copies as i64, max_doc_id],
    )?;
    Ok(report)
}

/// Clusters documents into stories; returns each document's story index.
/// Story indices follow creation order over the documents sorted by date
/// (undated last), then content: deterministic.
fn cluster_stories(
    docs: &[DocRow],
    pairs: &BTreeMap<(usize, usize), f32>,
    entity_rows: &[EntityRow],
    place_rows: &[PlaceRow],
) -> Vec<usize> {
    let n = docs.len();
    // Term vectors: content lemmas, entities and places, TF-IDF weighted.
    let mut terms: Vec<Vec<(u64, f32)>> =
        docs.iter().map(|d| d.terms.iter().map(|(h, c)| (*h, 1.0 + (*c as f32).ln())).collect()).collect();
    let mut names: Vec<BTreeMap<u64, u32>> = vec![BTreeMap::new(); n];
    for e in entity_rows {
        if e.origin.as_deref() == Some(TITLE_RULE_ORIGIN) {
            continue;
        }
        *names[e.doc].entry(fnv1a(format!("E:{}:{}", e.label, e.key).as_bytes())).or_default() += 1;
    }
    for p in place_rows {
        *names[p.doc].entry(fnv1a(format!("P:{}", p.id).as_bytes())).or_default() += 1;
    }
    for (doc, counts) in names.into_iter().enumerate() {
        for (h, c) in counts {
            terms[doc].push((h, NAME_BOOST * (1.0 + (c as f32).ln())));
        }
    }
    let mut df: HashMap<u64, u32> = HashMap::new();
    for t in &terms {
        for (h, _) in t {
            *df.entry(*h).or_default() += 1;
        }
    }
    let total = n.max(1) as f32;
    let vectors: Vec<Sparse> = terms
        .into_iter()
        .map(|t| {
            let mut v: Sparse = t
                .into_iter()
                .map(|(h, w)| {
                    let d = df.get(&h).copied().unwrap_or(1) as f32;
                    // Terms in every document say nothing; terms in one
                    // document cannot link two.
                    let idf = if d <= 1.0 { 0.0 } else { (total / d).ln() };
                    (h, w * idf)
                })
                .filter(|(_, w)| *w > 0.0)
                .collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(VECTOR_DIMENSIONS);
            v.sort_by_key(|(h, _)| *h);
            normalise(&mut v);
            v
        })
        .collect();

    // Near-duplicates travel together: a unit per connected component.
    let mut components = Components::new(n);
    for &(a, b) in pairs.keys() {
        components.union(a, b);
    }
    let mut units: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        units.entry(components.find(i)).or_default().push(i);
    }
    struct Unit {
        day: Option<i64>,
        last_day: Option<i64>,
        members: Vec<usize>,
        vector: Sparse,
    }
    let mut units: Vec<Unit> = units
        .into_values()
        .map(|members| {
            let mut sum: BTreeMap<u64, f32> = BTreeMap::new();
            for &m in &members {
                for (h, w) in &vectors[m] {
                    *sum.entry(*h).or_default() += w;
                }
            }
            let mut vector: Sparse = sum.into_iter().collect();
            normalise(&mut vector);
            let day = members.iter().filter_map(|&m| docs[m].day).min();
            let last_day = members.iter().filter_map(|&m| docs[m].day).max();
            Unit { day, last_day, members, vector }
        })
        .collect();
    // Time order, undated last; content order breaks ties.
    units.sort_by(|a, b| (a.day.is_none(), a.day, a.members[0]).cmp(&(b.day.is_none(), b.day, b.members[0])));

    let mut clusters: Vec<Cluster> = Vec::new();
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut story_of = vec![0usize; n];
    for unit in &units {
        let mut lookup: Vec<&(u64, f32)> = unit.vector.iter().collect();
        lookup.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut candidates: BTreeSet<usize> = BTreeSet::new();
        for (h, _) in lookup.iter().take(LOOKUP_TERMS) {
            if let Some(list) = postings.get_mut(h) {
                // Dates only grow: a story out of the window stays out.
                list.retain(|&c| match (unit.day, clusters[c].last_day) {
                    (Some(day), Some(last)) => last >= day - STORY_WINDOW_DAYS,
                    _ => true,
                });
                candidates.extend(list.iter().copied());
            }
        }
        let mut best: Option<(f32, usize)> = None;
        for c in candidates {
            let cluster = &clusters[c];
            let in_window = match (unit.day, cluster.last_day) {
                (Some(day), Some(last)) => last >= day - STORY_WINDOW_DAYS,
                (None, None) => true,
                _ => false,
            };
            if !in_window {
                continue;
            }
            let s = cluster.similarity(&unit.vector);
            if s >= STORY_THRESHOLD && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, c));
            }
        }
        let c = match best {
            Some((_, c)) => c,
            None => {
                clusters.push(Cluster {
                    centroid: HashMap::new(),
                    norm2: 0.0,
                    first_day: unit.day,
                    last_day: unit.day,
                    docs: Vec::new(),
                });
                clusters.len() - 1
            }
        };
        let cluster = &mut clusters[c];
        cluster.add(&unit.vector);
        cluster.docs.extend(&unit.members);
        cluster.last_day = cluster.last_day.max(unit.last_day);
        cluster.first_day = match (cluster.first_day, unit.day) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (h, _) in lookup.iter().take(LOOKUP_TERMS) {
            let list = postings.entry(*h).or_default();
            if list.last() != Some(&c) {
                list.push(c);
            }
        }
        for &m in &unit.members {
            story_of[m] = c;
        }
    }
    story_of
}

/// What entity linking produced.
struct LinkedEntities {
    count: usize,
    /// Global entity id of each entity row (same order as the rows).
    resolved: Vec<String>,
    /// (document, local name key) → global ids, best label first.
    links: HashMap<(usize, String), Vec<String>>,
}

fn global_id(label: &str, key: &str) -> String {
    format!("{label}:{key}")
}

fn link_entities(
    tx: &Transaction<'_>,
    docs: &[DocRow],
    story_of: &[usize],
    rows: &[EntityRow],
) -> Result<LinkedEntities, StoreError> {
    // Documents per global id before merging, to tell frequent names.
    let mut documents_of: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for r in rows {
        documents_of.entry(global_id(&r.label, &r.key)).or_default().insert(r.doc);
    }
    // Multi-word person names by their last word (article stripped).
    let mut by_last_word: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut per_story: BTreeMap<(usize, String), BTreeSet<String>> = BTreeMap::new();
    for r in rows {
        if r.label != "PER" || !r.key.contains(' ') {
            continue;
        }
        let last = strip_article(r.key.rsplit(' ').next().unwrap_or("")).to_string();
        let id = global_id(&r.label, &r.key);
        per_story.entry((story_of[r.doc], last.clone())).or_default().insert(id.clone());
        if documents_of.get(&id).is_some_and(|d| d.len() >= 2) {
            let list = by_last_word.entry(last).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
    }
    let resolve = |r: &EntityRow| -> String {
        let own = global_id(&r.label, &r.key);
        if r.label != "PER" || r.key.contains(' ') {
            return own;
        }
        let last = strip_article(&r.key).to_string();
        if let Some(in_story) = per_story.get(&(story_of[r.doc], last.clone())) {
            if in_story.len() == 1 {
                return in_story.iter().next().cloned().unwrap_or(own);
            }
            return own;
        }
        match by_last_word.get(&last).map(Vec::as_slice) {
            Some([only]) => only.clone(),
            _ => own,
        }
    };
    let resolved: Vec<String> = rows.iter().map(resolve).collect();

    #[derive(Default)]
    struct Agg {
        docs: BTreeSet<usize>,
        mentions: u32,
        canonical: BTreeMap<String, u32>,
        own_canonical: BTreeMap<String, u32>,
        latin: BTreeMap<String, u32>,
        nationality: BTreeMap<String, u32>,
        aliases: BTreeMap<String, u32>,
        roles: BTreeMap<String, u32>,
    }
    let mut aggs: BTreeMap<String, Agg> = BTreeMap::new();
    let mut links: BTreeMap<(usize, String, String), u32> = BTreeMap::new();
    // The surface forms of each (document, entity), to cut appositions.
    let mut forms: HashMap<(usize, String), BTreeSet<String>> = HashMap::new();
    for (r, id) in rows.iter().zip(&resolved) {
        let agg = aggs.entry(id.clone()).or_default();
        agg.docs.insert(r.doc);
        agg.mentions += 1;
        let canonical = r.canonical.clone().unwrap_or_else(|| r.text.clone());
        if id.split_once(':').is_some_and(|(_, key)| key == r.key) {
            *agg.own_canonical.entry(canonical.clone()).or_default() += 1;
        }
        *agg.canonical.entry(canonical).or_default() += 1;
        if let Some(l) = &r.latin {
            *agg.latin.entry(l.clone()).or_default() += 1;
        }
        if let Some(c) = &r.country {
            *agg.nationality.entry(c.clone()).or_default() += 1;
        }
        if r.origin.as_deref() == Some(TITLE_RULE_ORIGIN) {
            *agg.roles.entry(r.text.clone()).or_default() += 1;
        } else {
            *agg.aliases.entry(r.text.clone()).or_default() += 1;
            forms.entry((r.doc, id.clone())).or_default().insert(r.text.clone());
        }
        *links.entry((r.doc, r.key.clone(), id.clone())).or_default() += 1;
    }
    let mut link_map: HashMap<(usize, String), Vec<String>> = HashMap::new();
    for (doc, key, id) in links.keys() {
        link_map.entry((*doc, key.clone())).or_default().push(id.clone());
    }
    for ids in link_map.values_mut() {
        ids.sort_by(|a, b| {
            let la = a.split_once(':').map_or("", |x| x.0);
            let lb = b.split_once(':').map_or("", |x| x.0);
            label_rank(la).cmp(&label_rank(lb)).then(a.cmp(b))
        });
    }

    // Roles from appositions: a quote's speaker written as title + name.
    {
        let mut select = tx.prepare(
            "SELECT doc_id, speaker_text, speaker_key FROM quotes
             WHERE speaker_key IS NOT NULL AND speaker_text IS NOT NULL",
        )?;
        let index_of: HashMap<i64, usize> = docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let rows = select
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        let mut found: Vec<(String, String)> = Vec::new();
        for row in rows {
            let (doc_id, speaker, key) = row?;
            let Some(&doc) = index_of.get(&doc_id) else { continue };
            let Some(id) = link_map.get(&(doc, key)).and_then(|ids| ids.first()) else { continue };
            let Some(names) = forms.get(&(doc, id.clone())) else { continue };
            // The longest surface form the speaker text ends with.
            let Some(name) = names.iter().filter(|n| speaker.ends_with(n.as_str())).max_by_key(|n| n.len())
            else {
                continue;
            };
            let role = speaker[..speaker.len() - name.len()]
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '،' | ',' | '-' | '–' | ':'));
            let words = role.split_whitespace().count();
            if (1..=8).contains(&words) {
                found.push((id.clone(), role.to_string()));
            }
        }
        found.sort();
        for (id, role) in found {
            if let Some(agg) = aggs.get_mut(&id) {
                *agg.roles.entry(role).or_default() += 1;
            }
        }
    }

    let mut insert_entity = tx.prepare(
        "INSERT INTO entities (id, canonical, name_key, label, latin, nationality, documents, mentions,
             first_date, last_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut insert_alias =
        tx.prepare("INSERT INTO entity_aliases (entity_id, name, name_key, count) VALUES (?1, ?2, ?3, ?4)")?;
    let mut insert_role =
        tx.prepare("INSERT INTO entity_roles (entity_id, name, count) VALUES (?1, ?2, ?3)")?;
    for (id, agg) in &aggs {
        let (label, key) = id.split_once(':').unwrap_or(("MISC", id.as_str()));
        let canonical = most_frequent(&agg.own_canonical)
            .or_else(|| most_frequent(&agg.canonical))
            .unwrap_or_else(|| key.to_string());
        let first = agg.docs.iter().filter_map(|&d| docs[d].date).min().map(date_text);
        let last = agg.docs.iter().filter_map(|&d| docs[d].date).max().map(date_text);
        insert_entity.execute(params![
            id,
            canonical,
            key,
            label,
            most_frequent(&agg.latin),
            most_frequent(&agg.nationality),
            agg.docs.len() as i64,
            agg.mentions as i64,
            first,
            last
        ])?;
        for (name, count) in &agg.aliases {
            insert_alias.execute(params![id, name, name_key(name), *count as i64])?;
        }
        for (name, count) in &agg.roles {
            insert_role.execute(params![id, name, *count as i64])?;
        }
    }
    let mut insert_link =
        tx.prepare("INSERT INTO entity_links (entity_id, doc_id, key, mentions) VALUES (?1, ?2, ?3, ?4)")?;
    for ((doc, key, id), count) in &links {
        insert_link.execute(params![id, docs[*doc].id, key, *count as i64])?;
    }
    Ok(LinkedEntities { count: aggs.len(), resolved, links: link_map })
}

fn group_events(
    tx: &Transaction<'_>,
    docs: &[DocRow],
    outlets: &[BTreeSet<String>],
    story_of: &[usize],
    links: &HashMap<(usize, String), Vec<String>>,
) -> Result<(usize, HashMap<String, u32>), StoreError> {
    let index_of: HashMap<i64, usize> = docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let mut rows: Vec<EventRowIn> = Vec::new();
    {
        let mut select = tx.prepare(
            "SELECT doc_id, seq, type, mode, subtype, actor, recipient, place_id, place_name, lat, lon, country,
                 date, planned, negated FROM events",
        )?;
        let found = select.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                EventRowIn {
                    doc: 0,
                    seq: r.get(1)?,
                    kind: r.get(2)?,
                    mode: r.get(3)?,
                    subtype: r.get(4)?,
                    actor: r.get(5)?,
                    recipient: r.get(6)?,
                    place_id: r.get(7)?,
                    place_name: r.get(8)?,
                    lat: r.get(9)?,
                    lon: r.get(10)?,
                    country: r.get(11)?,
                    date: r.get(12)?,
                    planned: r.get(13)?,
                    negated: r.get(14)?,
                },
            ))
        })?;
        for row in found {
            let (doc_id, mut e) = row?;
            let Some(&doc) = index_of.get(&doc_id) else { continue };
            e.doc = doc;
            rows.push(e);
        }
    }
    rows.sort_by_key(|e| (e.doc, e.seq));
    let participant = |doc: usize, name: &Option<String>| -> Option<String> {
        let key = name_key(name.as_deref()?);
        if key.is_empty() {
            return None;
        }
        match links.get(&(doc, key.clone())).and_then(|ids| ids.first()) {
            Some(id) => Some(id.clone()),
            None => Some(format!("np:{key}")),
        }
    };
    let mut mentions: Vec<EventMention> = rows
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let doc = &docs[e.doc];
            let range = e.date.as_deref().and_then(date_value_range);
            let (lo, hi, date_text_value) = match range {
                Some((lo, hi)) => (Some(lo), Some(hi), e.date.clone()),
                None => (doc.day, doc.day, doc.date.map(date_text)),
            };
            EventMention {
                row: i,
                block: (e.kind.clone(), e.subtype.clone(), e.planned, e.negated),
                story: story_of[e.doc],
                lo,
                hi,
                actor: participant(e.doc, &e.actor),
                recipient: participant(e.doc, &e.recipient),
                place: e.place_id.clone(),
                country: e.country.clone(),
                date_text: date_text_value,
            }
        })
        .collect();
    mentions.sort_by(|a, b| {
        (a.lo.is_none(), a.lo, a.story, rows[a.row].doc, rows[a.row].seq).cmp(&(
            b.lo.is_none(),
            b.lo,
            b.story,
            rows[b.row].doc,
            rows[b.row].seq,
        ))
    });

    let mut groups: Vec<Group> = Vec::new();
    type Block = (String, Option<String>, bool, bool);
    let mut by_story: HashMap<(Block, usize), Vec<usize>> = HashMap::new();
    let mut by_actor: HashMap<(Block, String), Vec<usize>> = HashMap::new();
    let mut by_place: HashMap<(Block, String), Vec<usize>> = HashMap::new();
    let active = |g: &Group, m: &EventMention| match (g.hi, m.lo) {
        (Some(hi), Some(lo)) => hi + EVENT_DATE_SLACK_DAYS >= lo,
        _ => true,
    };
    for (mi, m) in mentions.iter().enumerate() {
        let mut chosen = None;
        if let Some(list) = by_story.get_mut(&(m.block.clone(), m.story)) {
            list.retain(|&g| active(&groups[g], m));
            chosen = list.iter().copied().find(|&g| {
                let g = &groups[g];
                dates_compatible(g, m)
                    && same_or_unknown(&g.actor, &m.actor)
                    && same_or_unknown(&g.recipient, &m.recipient)
                    && places_compatible(g, m)
            });
        }
        if chosen.is_none() {
            if let (Some(actor), Some(_), Some(_)) = (&m.actor, &m.place, m.lo) {
                if let Some(list) = by_actor.get_mut(&(m.block.clone(), actor.clone())) {
                    list.retain(|&g| active(&groups[g], m));
                    chosen = list.iter().copied().find(|&g| {
                        let g = &groups[g];
                        g.place.is_some()
                            && g.lo.is_some()
                            && dates_compatible(g, m)
                            && same_or_unknown(&g.recipient, &m.recipient)
                            && places_compatible(g, m)
                    });
                }
            }
        }
        if chosen.is_none() {
            // Across stories by place: one specific place (not a country),
            // matching dates, participants that do not disagree.
            if let (Some(place), Some(_)) = (m.place.as_ref().filter(|p| !is_country_place(p)), m.lo) {
                if let Some(list) = by_place.get_mut(&(m.block.clone(), place.clone())) {
                    list.retain(|&g| active(&groups[g], m));
                    chosen = list.iter().copied().find(|&g| {
                        let g = &groups[g];
                        g.lo.is_some()
                            && dates_compatible(g, m)
                            && same_or_unknown(&g.actor, &m.actor)
                            && same_or_unknown(&g.recipient, &m.recipient)
                    });
                }
            }
        }
        let g = match chosen {
            Some(g) => g,
            None => {
                groups.push(Group {
                    block: m.block.clone(),
                    story: m.story,
                    lo: m.lo,
                    hi: m.hi,
                    actor: None,
                    recipient: None,
                    place: None,
                    country: None,
                    place_row: None,
                    members: Vec::new(),
                    date_text: m.date_text.clone(),
                    date_lo: m.lo,
                });
                let g = groups.len() - 1;
                by_story.entry((m.block.clone(), m.story)).or_default().push(g);
                g
            }
        };
        let group = &mut groups[g];
        group.members.push(mi);
        group.lo = match (group.lo, m.lo) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        group.hi = match (group.hi, m.hi) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        if group.actor.is_none() {
            if let Some(actor) = &m.actor {
                group.actor = Some(actor.clone());
                by_actor.entry((group.block.clone(), actor.clone())).or_default().push(g);
            }
        }
        if group.recipient.is_none() {
            group.recipient = m.recipient.clone();
        }
        // The most specific place wins: a place over a country.
        let better_place = match (&group.place, &m.place) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => is_country_place(a) && !is_country_place(b),
            _ => false,
        };
        if better_place {
            if let Some(place) = m.place.as_ref().filter(|p| !is_country_place(p)) {
                by_place.entry((group.block.clone(), place.clone())).or_default().push(g);
            }
            group.place = m.place.clone();
            group.country = m.country.clone();
            group.place_row = Some(m.row);
        } else if group.country.is_none() {
            group.country = m.country.clone();
        }
        if m.lo.is_some() && (group.date_lo.is_none() || m.lo < group.date_lo) {
            group.date_lo = m.lo;
            group.date_text = m.date_text.clone();
        }
    }

    // Display names of global entities.
    let display = |id: &Option<String>, fallback: &Option<String>| -> (Option<String>, Option<String>) {
        match id {
            Some(id) if !id.starts_with("np:") => {
                let canonical: Option<String> = tx
                    .prepare_cached("SELECT canonical FROM entities WHERE id = ?1")
                    .and_then(|mut s| s.query_row([id], |r| r.get(0)))
                    .ok();
                (canonical.or_else(|| fallback.clone()), Some(id.clone()))
            }
            _ => (fallback.clone(), None),
        }
    };
    let mut insert_group = tx.prepare(
        "INSERT INTO event_groups (id, type, mode, subtype, actor, recipient, actor_entity, recipient_entity,
             place_id, place_name, lat, lon, country, date, day, planned, negated, documents, sources, story_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    )?;
    let mut update_event = tx.prepare("UPDATE events SET group_id = ?1 WHERE doc_id = ?2 AND seq = ?3")?;
    let mut events_at: HashMap<String, u32> = HashMap::new();
    for (gi, group) in groups.iter().enumerate() {
        let id = gi as i64 + 1;
        let first = &rows[mentions[group.members[0]].row];
        let actor_row = group
            .members
            .iter()
            .map(|&mi| &mentions[mi])
            .find(|m| m.actor.is_some() && m.actor == group.actor)
            .map(|m| &rows[m.row]);
        let recipient_row = group
            .members
            .iter()
            .map(|&mi| &mentions[mi])
            .find(|m| m.recipient.is_some() && m.recipient == group.recipient)
            .map(|m| &rows[m.row]);
        let (actor, actor_entity) = display(&group.actor, &actor_row.and_then(|r| r.actor.clone()));
        let (recipient, recipient_entity) =
            display(&group.recipient, &recipient_row.and_then(|r| r.recipient.clone()));
        let place = group.place_row.map(|r| &rows[r]);
        if let Some(id) = place.and_then(|p| p.place_id.as_ref()) {
            *events_at.entry(id.clone()).or_default() += 1;
        }
        let mut member_docs: BTreeSet<usize> = BTreeSet::new();
        for &mi in &group.members {
            member_docs.insert(rows[mentions[mi].row].doc);
        }
        let sources: BTreeSet<&String> = member_docs.iter().flat_map(|&d| outlets[d].iter()).collect();
        insert_group.execute(params![
            id,
            first.kind,
            first.mode,
            first.subtype,
            actor,
            recipient,
            actor_entity,
            recipient_entity,
            place.and_then(|p| p.place_id.clone()),
            place.and_then(|p| p.place_name.clone()),
            place.and_then(|p| p.lat),
            place.and_then(|p| p.lon),
            group.country,
            group.date_text,
            group.date_lo.and_then(from_day_number).map(date_text),
            first.planned,
            first.negated,
            member_docs.len() as i64,
            sources.len() as i64,
            group.story as i64 + 1
        ])?;
        for &mi in &group.members {
            let row = &rows[mentions[mi].row];
            update_event.execute(params![id, docs[row.doc].id, row.seq])?;
        }
    }
    Ok((groups.len(), events_at))
}

fn write_duplicates(
    tx: &Transaction<'_>,
    docs: &[DocRow],
    pairs: &BTreeMap<(usize, usize), f32>,
) -> Result<(), StoreError> {
    let mut insert = tx.prepare(
        "INSERT OR REPLACE INTO near_duplicates (doc_id, other_id, similarity) VALUES (?1, ?2, ?3)",
    )?;
    for (&(a, b), &similarity) in pairs {
        insert.execute(params![docs[a].id, docs[b].id, similarity as f64])?;
        insert.execute(params![docs[b].id, docs[a].id, similarity as f64])?;
    }
    Ok(())
}

fn top_names(counts: BTreeMap<String, u32>, keep: usize) -> Vec<String> {
    let mut list: Vec<(String, u32)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list.into_iter().take(keep).map(|(n, _)| n).collect()
}

fn write_stories(
    tx: &Transaction<'_>,
    docs: &[DocRow],
    outlets: &[BTreeSet<String>],
    story_of: &[usize],
    entity_rows: &[EntityRow],
    resolved: &[String],
    place_rows: &[PlaceRow],
) -> Result<(), StoreError> {
    let stories = story_of.iter().copied().max().map_or(0, |m| m + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); stories];
    for (doc, &s) in story_of.iter().enumerate() {
        members[s].push(doc);
    }
    // Names per story: documents naming each entity / place.
    let mut entity_docs: Vec<BTreeMap<String, BTreeSet<usize>>> = vec![BTreeMap::new(); stories];
    let mut canonical_of: HashMap<&str, String> = HashMap::new();
    for (r, id) in entity_rows.iter().zip(resolved) {
        if r.label == "LOC" || r.origin.as_deref() == Some(TITLE_RULE_ORIGIN) {
            continue;
        }
        entity_docs[story_of[r.doc]].entry(id.clone()).or_default().insert(r.doc);
        canonical_of
            .entry(id.as_str())
            .or_insert_with(|| r.canonical.clone().unwrap_or_else(|| r.text.clone()));
    }
    let mut place_docs: Vec<BTreeMap<String, BTreeSet<usize>>> = vec![BTreeMap::new(); stories];
    for p in place_rows {
        if !p.name.is_empty() {
            place_docs[story_of[p.doc]].entry(p.name.clone()).or_default().insert(p.doc);
        }
    }
    let mut insert = tx.prepare(
        "INSERT INTO stories (id, title, first_date, last_date, documents, sources, top_entities, top_places)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut insert_member = tx.prepare("INSERT INTO story_documents (doc_id, story_id) VALUES (?1, ?2)")?;
    let mut first_sentence = tx.prepare("SELECT substr(text, 1, 200) FROM documents WHERE id = ?1")?;
    for (s, docs_in) in members.iter().enumerate() {
        if docs_in.is_empty() {
            continue;
        }
        let earliest = docs_in
            .iter()
            .copied()
            .min_by_key(|&d| (docs[d].day.is_none(), docs[d].day, d))
            .expect("non-empty story");
        let title = match docs_in
            .iter()
            .copied()
            .filter(|&d| docs[d].title.as_deref().is_some_and(|t| !t.trim().is_empty()))
            .min_by_key(|&d| (docs[d].day.is_none(), docs[d].day, d))
        {
            Some(d) => docs[d].title.clone().unwrap_or_default(),
            None => {
                let head: String = first_sentence.query_row([docs[earliest].id], |r| r.get(0))?;
                let end = head.find(['.', '!', '?', '؟', '\n']).unwrap_or(head.len());
                head[..end].trim().to_string()
            }
        };
        let first = docs_in.iter().filter_map(|&d| docs[d].date).min().map(date_text);
        let last = docs_in.iter().filter_map(|&d| docs[d].date).max().map(date_text);
        let sources: BTreeSet<&String> = docs_in.iter().flat_map(|&d| outlets[d].iter()).collect();
        let entity_counts: BTreeMap<String, u32> = entity_docs[s]
            .iter()
            .map(|(id, ds)| (canonical_of.get(id.as_str()).cloned().unwrap_or_default(), ds.len() as u32))
            .filter(|(name, _)| !name.is_empty())
            .fold(BTreeMap::new(), |mut acc, (name, n)| {
                *acc.entry(name).or_default() += n;
                acc
            });
        let place_counts: BTreeMap<String, u32> =
            place_docs[s].iter().map(|(name, ds)| (name.clone(), ds.len() as u32)).collect();
        let id = s as i64 + 1;
        insert.execute(params![
            id,
            title,
            first,
            last,
            docs_in.len() as i64,
            sources.len() as i64,
            serde_json::to_string(&top_names(entity_counts, 5)).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(&top_names(place_counts, 5)).unwrap_or_else(|_| "[]".into())
        ])?;
        for &d in docs_in {
            insert_member.execute(params![docs[d].id, id])?;
        }
    }
    Ok(())
}

fn write_places(
    tx: &Transaction<'_>,
    place_rows: &[PlaceRow],
    events_at: &HashMap<String, u32>,
) -> Result<(), StoreError> {
    #[derive(Default)]
    struct Agg<'a> {
        names: BTreeMap<String, u32>,
        row: Option<&'a PlaceRow>,
        docs: BTreeSet<usize>,
    }
    let mut aggs: BTreeMap<&str, Agg> = BTreeMap::new();
    for p in place_rows {
        let agg = aggs.entry(p.id.as_str()).or_default();
        *agg.names.entry(p.name.clone()).or_default() += 1;
        agg.docs.insert(p.doc);
        if agg.row.is_none() && p.lat.is_some() && p.lon.is_some() {
            agg.row = Some(p);
        }
    }
    let mut insert = tx.prepare(
        "INSERT INTO places (place_id, name, name_key, kind, lat, lon, country, documents, events)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (id, agg) in aggs {
        let Some(row) = agg.row else { continue };
        let name = most_frequent(&agg.names).unwrap_or_default();
        insert.execute(params![
            id,
            name,
            name_key(&name),
            row.kind,
            row.lat,
            row.lon,
            row.country,
            agg.docs.len() as i64,
            events_at.get(id).copied().unwrap_or(0) as i64
        ])?;
    }
    Ok(())
}
