//! From sentence readings to the board: readings of the same change merged
//! across documents, planned changes matched with later reports, the
//! current state, and conflicts.
//!
//! Every collection here is ordered explicitly (BTreeMap, sorts with full
//! tie-breaks), so the board is the same whatever order documents were
//! ingested in.

use crate::read::{Attribute, PlaceInfo, Reading};
use crate::timex::{day_span, format_day, is_day};
use crate::{Board, BoardError, Conflict, PlaceState, StateChange, StateFact, UNKNOWN};
use chrono::NaiveDate;
use marsad_corpus::facts::name_key;
use marsad_corpus::{EvidenceSentence, Store};
use std::collections::{BTreeMap, BTreeSet};

/// Readings further apart than this (in days) are different changes.
pub const SAME_CHANGE_DAYS: i64 = 14;
/// Reports of different values closer than this (in days) conflict.
pub const CONFLICT_DAYS: i64 = 7;

/// The day a reading is placed at: its own date when it names one, else
/// the report's date.
fn effective_day(date: Option<&str>, reported: Option<NaiveDate>) -> Option<NaiveDate> {
    date.and_then(day_span).map(|(a, _)| a).or(reported)
}

/// The party a reading is about, for grouping: who arrives, else who leaves.
fn party_key(r: &Reading) -> String {
    match (&r.to, &r.from) {
        (Some(to), _) => format!("to:{}", name_key(to)),
        (None, Some(from)) => format!("from:{}", name_key(from)),
        (None, None) => "none".to_string(),
    }
}

/// One change: readings of one place, attribute, party and period.
#[derive(Clone, Debug)]
struct Group {
    attribute: Attribute,
    planned: bool,
    party: String,
    readings: Vec<Reading>,
}

impl Group {
    fn day(&self) -> Option<NaiveDate> {
        self.readings.iter().filter_map(|r| effective_day(r.date.as_deref(), r.doc_date)).min()
    }

    fn first_reported(&self) -> Option<NaiveDate> {
        self.readings.iter().filter_map(|r| r.doc_date).min()
    }
}

/// The most frequent value, ties to the smallest.
fn most_common<T: Ord + Clone>(values: impl IntoIterator<Item = T>) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

/// Quantities compared as exact integers of thousandths (claims are whole
/// troops; this only keeps f64 out of ordered keys).
fn quantity_key(q: f64) -> i64 {
    (q * 1000.0).round() as i64
}

/// Builds the board from readings.
pub fn assemble(store: &Store, readings: Vec<Reading>) -> Result<Board, BoardError> {
    let copies = CopySources::new(store);
    assemble_with(readings, &|doc_id| copies.of(doc_id))
}

/// Outlets of the exact copies of a document, recorded by the store at
/// ingest (its across-article links).
struct CopySources<'a> {
    store: &'a Store,
}

impl<'a> CopySources<'a> {
    fn new(store: &'a Store) -> CopySources<'a> {
        CopySources { store }
    }

    fn of(&self, doc_id: i64) -> Vec<String> {
        // A store whose links are not computed yet still yields a board:
        // the count then covers stored documents only.
        match self.store.duplicates_of(doc_id) {
            Ok(links) => links.into_iter().filter(|l| l.exact).map(|l| l.other.source).collect(),
            Err(_) => Vec::new(),
        }
    }
}

/// [`assemble`] with a given source of exact-copy outlets (for tests).
pub fn assemble_with(
    readings: Vec<Reading>,
    copies: &dyn Fn(i64) -> Vec<String>,
) -> Result<Board, BoardError> {
    let mut by_place: BTreeMap<String, (PlaceInfo, Vec<Reading>)> = BTreeMap::new();
    for r in readings {
        by_place.entry(r.place.id.clone()).or_insert_with(|| (r.place.clone(), Vec::new())).1.push(r);
    }
    let mut places = Vec::new();
    for (_, (info, readings)) in by_place {
        // Countries only carry presence.
        let readings: Vec<Reading> = readings
            .into_iter()
            .filter(|r| {
                !(info.kind == "country" || info.kind == "region") || r.attribute == Attribute::Presence
            })
            .collect();
        if readings.is_empty() {
            continue;
        }
        places.push(place_state(info, readings, copies));
    }
    // Most recently changed first.
    places.sort_by(|a, b| latest_day(b).cmp(&latest_day(a)).then_with(|| a.place_id.cmp(&b.place_id)));
    Ok(Board { places })
}

fn latest_day(p: &PlaceState) -> Option<NaiveDate> {
    p.history
        .iter()
        .chain(&p.planned)
        .filter_map(|c| {
            c.date.as_deref().and_then(day_span).map(|(a, _)| a).or_else(|| parse_day(&c.first_reported))
        })
        .max()
}

fn parse_day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

fn place_state(
    info: PlaceInfo,
    mut readings: Vec<Reading>,
    copies: &dyn Fn(i64) -> Vec<String>,
) -> PlaceState {
    readings.sort_by(|a, b| {
        (a.attribute, a.planned, party_key(a), effective_day(a.date.as_deref(), a.doc_date))
            .cmp(&(b.attribute, b.planned, party_key(b), effective_day(b.date.as_deref(), b.doc_date)))
            .then_with(|| (a.evidence.doc_id, a.evidence.start).cmp(&(b.evidence.doc_id, b.evidence.start)))
    });
    // Sweep into groups: same attribute, planned-ness and party, within
    // SAME_CHANGE_DAYS of the group's first reading.
    let mut groups: Vec<Group> = Vec::new();
    for r in readings {
        let key = (r.attribute, r.planned, party_key(&r));
        let day = effective_day(r.date.as_deref(), r.doc_date);
        let joins = groups.last().is_some_and(|g| {
            (g.attribute, g.planned, g.party.clone()) == key
                && match (g.readings.first().and_then(|f| effective_day(f.date.as_deref(), f.doc_date)), day)
                {
                    (Some(a), Some(b)) => (b - a).num_days().abs() <= SAME_CHANGE_DAYS,
                    (None, None) => true,
                    _ => false,
                }
        });
        if joins {
            if let Some(g) = groups.last_mut() {
                g.readings.push(r);
            }
        } else {
            groups.push(Group { attribute: key.0, planned: key.1, party: key.2, readings: vec![r] });
        }
    }

    let mut conflicts = Vec::new();
    let mut history = Vec::new();
    let mut planned_groups = Vec::new();
    for g in &groups {
        if g.planned {
            planned_groups.push(g.clone());
            continue;
        }
        // Different troop numbers for the same change: side by side.
        let quantities: BTreeSet<i64> =
            g.readings.iter().filter_map(|r| r.quantity.map(quantity_key)).collect();
        if quantities.len() > 1 {
            let claims = quantities
                .iter()
                .map(|q| {
                    let part: Vec<Reading> = g
                        .readings
                        .iter()
                        .filter(|r| r.quantity.map(quantity_key) == Some(*q))
                        .cloned()
                        .collect();
                    change_of(&Group { readings: part, ..g.clone() }, copies)
                })
                .collect();
            conflicts.push(Conflict { attribute: g.attribute.name().to_string(), claims });
        }
        history.push((g.clone(), change_of(g, copies)));
    }

    // Announced changes a later report says happened leave `planned`; the
    // report records when it was first announced.
    let mut planned = Vec::new();
    for p in &planned_groups {
        let announced = p.first_reported();
        let done = history.iter_mut().find(|(h, _)| {
            h.attribute == p.attribute
                && h.party == p.party
                && match (announced, h.readings.iter().filter_map(|r| r.doc_date).max()) {
                    (Some(a), Some(d)) => d >= a,
                    _ => true,
                }
        });
        match done {
            Some((_, change)) => {
                let a = announced.map(format_day);
                if change.announced.is_none() || a < change.announced {
                    change.announced = a;
                }
            }
            None => planned.push(change_of(p, copies)),
        }
    }

    history.sort_by(|(ga, a), (gb, b)| {
        (ga.day(), &a.attribute, &ga.party).cmp(&(gb.day(), &b.attribute, &gb.party))
    });

    // Different values of one attribute within CONFLICT_DAYS: side by side.
    for attribute in [Attribute::Holder, Attribute::Security, Attribute::Presence] {
        let of_attr: Vec<&(Group, StateChange)> =
            history.iter().filter(|(g, c)| g.attribute == attribute && c.to.is_some()).collect();
        let mut used = vec![false; of_attr.len()];
        for i in 0..of_attr.len() {
            if used[i] {
                continue;
            }
            let mut cluster = vec![i];
            let mut k = 0;
            while k < cluster.len() {
                let a = &of_attr[cluster[k]].0;
                for (j, (b, _)) in of_attr.iter().enumerate() {
                    if cluster.contains(&j) || used[j] {
                        continue;
                    }
                    let close = match (a.day(), b.day()) {
                        (Some(x), Some(y)) => (x - y).num_days().abs() <= CONFLICT_DAYS,
                        _ => false,
                    };
                    if close {
                        cluster.push(j);
                    }
                }
                k += 1;
            }
            let values: BTreeSet<&str> = cluster.iter().map(|&c| of_attr[c].0.party.as_str()).collect();
            if values.len() > 1 {
                cluster.sort();
                for &c in &cluster {
                    used[c] = true;
                }
                conflicts.push(Conflict {
                    attribute: attribute.name().to_string(),
                    claims: cluster.iter().map(|&c| of_attr[c].1.clone()).collect(),
                });
            }
        }
    }
    conflicts.sort_by(|a, b| {
        (&a.attribute, a.claims.first().map(|c| &c.date))
            .cmp(&(&b.attribute, b.claims.first().map(|c| &c.date)))
    });

    // The current state: per attribute, the latest reported change (more
    // outlets win a tie).
    let mut current = Vec::new();
    for attribute in [Attribute::Holder, Attribute::Security, Attribute::Presence] {
        let latest = history.iter().filter(|(g, _)| g.attribute == attribute).max_by(|(ga, a), (gb, b)| {
            (ga.day(), a.sources, &gb.party).cmp(&(gb.day(), b.sources, &ga.party))
        });
        if let Some((_, c)) = latest {
            current.push(StateFact {
                attribute: attribute.name().to_string(),
                value: c.to.clone().unwrap_or_else(|| UNKNOWN.to_string()),
                since: c.date.clone(),
                quantity: c.quantity,
                sources: c.sources,
            });
        }
    }

    planned.sort_by(|a, b| {
        (&a.date, &a.first_reported, &a.attribute).cmp(&(&b.date, &b.first_reported, &b.attribute))
    });
    PlaceState {
        place_id: info.id,
        name: info.name,
        kind: Some(info.kind),
        lat: info.lat,
        lon: info.lon,
        country: info.country,
        current,
        history: history.into_iter().map(|(_, c)| c).collect(),
        planned,
        conflicts,
    }
}

/// One group as a change.
fn change_of(g: &Group, copies: &dyn Fn(i64) -> Vec<String>) -> StateChange {
    let r = &g.readings;
    let to = most_common(r.iter().filter_map(|r| r.to.clone()));
    let from = most_common(r.iter().filter_map(|r| r.from.clone()));
    // The date: the earliest day any report gives; else the most reported
    // vaguer value (week, month); else, for a done change, the earliest
    // report.
    let days: Vec<&str> = r.iter().filter_map(|r| r.date.as_deref()).filter(|d| is_day(d)).collect();
    let date = days
        .iter()
        .min()
        .map(|d| d.to_string())
        .or_else(|| most_common(r.iter().filter_map(|r| r.date.clone())))
        .or_else(|| if g.planned { None } else { g.first_reported().map(format_day) });
    // The most reported number; a tie goes to the latest report.
    let mut counts: BTreeMap<i64, (usize, Option<NaiveDate>)> = BTreeMap::new();
    for reading in r {
        if let Some(q) = reading.quantity {
            let entry = counts.entry(quantity_key(q)).or_default();
            entry.0 += 1;
            entry.1 = entry.1.max(reading.doc_date);
        }
    }
    let quantity =
        counts.iter().max_by_key(|(q, (n, latest))| (*n, *latest, -**q)).map(|(q, _)| *q as f64 / 1000.0);
    let mut outlets: BTreeSet<String> = BTreeSet::new();
    let mut documents: BTreeSet<i64> = BTreeSet::new();
    for reading in r {
        outlets.insert(reading.evidence.source.clone());
        if documents.insert(reading.evidence.doc_id) {
            outlets.extend(copies(reading.evidence.doc_id));
        }
    }
    let mut evidence: Vec<EvidenceSentence> = r.iter().map(|r| r.evidence.clone()).collect();
    evidence.sort_by_key(|e| (e.date, e.doc_id, e.start));
    evidence.dedup_by(|a, b| a.doc_id == b.doc_id && a.start == b.start);
    StateChange {
        attribute: g.attribute.name().to_string(),
        from,
        to,
        date,
        planned: g.planned,
        quantity,
        sources: outlets.len() as u32,
        documents: documents.len() as u32,
        first_reported: g.first_reported().map(format_day),
        announced: None,
        evidence,
    }
}
