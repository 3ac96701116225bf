//! Word clusters learned from unlabelled news: each frequent word's left and
//! right neighbours, PPMI-weighted, then grouped by spherical k-means. Names that occur in the same contexts
//! (after الرئيس, before قال …) share a cluster, which lets the tagger
//! generalise to names it never saw labelled.
//!
//! Deterministic: k-means starts from fixed positions of the frequency list.

use crate::features::{feature_norm, strip_proclitics};
use std::collections::{BTreeMap, HashMap};

/// Settings for [`learn_clusters`].
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterOptions {
    /// Words seen fewer times get no cluster.
    pub min_count: usize,
    /// How many of the most frequent words serve as contexts.
    pub context_words: usize,
    /// Number of clusters (ids 1..=clusters; 0 means "no cluster").
    pub clusters: usize,
    /// k-means passes.
    pub iterations: usize,
}

impl Default for ClusterOptions {
    fn default() -> ClusterOptions {
        ClusterOptions { min_count: 10, context_words: 1000, clusters: 300, iterations: 12 }
    }
}

/// The tokens of raw text for clustering: runs of letters and digits,
/// [`feature_norm`]ed.
pub fn cluster_tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || ('\u{064B}'..='\u{0652}').contains(&c) || c == '\u{0640}'))
        .map(feature_norm)
        .filter(|w| !w.is_empty())
}

/// The key a word is clustered under: its normalised form without
/// proclitics and article.
pub fn cluster_key(norm: &str) -> &str {
    strip_proclitics(norm).core
}

/// Learns clusters from documents; returns (word key, cluster id) sorted by
/// word.
pub fn learn_clusters<'a>(
    documents: impl IntoIterator<Item = &'a str>,
    opts: &ClusterOptions,
) -> Vec<(String, u16)> {
    // Sentences as sequences of word ids; keys are clitic-stripped forms.
    let mut vocab: HashMap<String, u32> = HashMap::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut corpus: Vec<Vec<u32>> = Vec::new();
    for doc in documents {
        let mut ids = Vec::new();
        for norm in cluster_tokens(doc) {
            let key = cluster_key(&norm);
            let next = vocab.len() as u32;
            let id = *vocab.entry(key.to_string()).or_insert(next);
            if id as usize == counts.len() {
                counts.push(0);
            }
            counts[id as usize] += 1;
            ids.push(id);
        }
        corpus.push(ids);
    }
    let mut words: Vec<(&String, u32)> = vocab.iter().map(|(w, &i)| (w, i)).collect();
    // Frequency order, ties by word, so the result does not depend on
    // hash-map order.
    words.sort_by(|a, b| counts[b.1 as usize].cmp(&counts[a.1 as usize]).then(a.0.cmp(b.0)));
    let mut context_of: HashMap<u32, usize> = HashMap::new();
    for (rank, (_, id)) in words.iter().take(opts.context_words).enumerate() {
        context_of.insert(*id, rank);
    }
    let targets: Vec<(&String, u32)> =
        words.iter().copied().filter(|(_, id)| counts[*id as usize] >= opts.min_count).collect();
    let target_row: HashMap<u32, usize> = targets.iter().enumerate().map(|(r, (_, id))| (*id, r)).collect();

    // Sparse co-occurrence: (target row, context column) → count; columns
    // 0..C are left neighbours, C..2C right neighbours.
    let c = opts.context_words;
    let mut cooc: Vec<BTreeMap<u32, f32>> = vec![BTreeMap::new(); targets.len()];
    for ids in &corpus {
        for (i, id) in ids.iter().enumerate() {
            let Some(&row) = target_row.get(id) else { continue };
            if i > 0 {
                if let Some(&col) = context_of.get(&ids[i - 1]) {
                    *cooc[row].entry(col as u32).or_default() += 1.0;
                }
            }
            if i + 1 < ids.len() {
                if let Some(&col) = context_of.get(&ids[i + 1]) {
                    *cooc[row].entry((c + col) as u32).or_default() += 1.0;
                }
            }
        }
    }
    // PPMI weights.
    let mut column_totals = vec![0f64; 2 * c];
    let mut total = 0f64;
    for row in &cooc {
        for (&col, &n) in row {
            column_totals[col as usize] += n as f64;
            total += n as f64;
        }
    }
    // Sparse PPMI rows, L2-normalised.
    let dims = 2 * c;
    let rows: Vec<Vec<(u32, f32)>> = cooc
        .iter()
        .map(|row| {
            let row_total: f64 = row.values().map(|&n| n as f64).sum();
            let mut v: Vec<(u32, f32)> = row
                .iter()
                .filter_map(|(&col, &n)| {
                    let pmi = ((n as f64 * total) / (row_total * column_totals[col as usize])).ln();
                    (pmi > 0.0).then_some((col, pmi as f32))
                })
                .collect();
            let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            v
        })
        .collect();
    // Spherical k-means with dense centroids, started from evenly spaced
    // words of the frequency list (deterministic, spread over frequency
    // bands).
    let k = opts.clusters.min(targets.len()).max(1);
    let mut centroids = vec![0f32; k * dims];
    for j in 0..k {
        let r = j * targets.len() / k;
        for &(col, x) in &rows[r] {
            centroids[j * dims + col as usize] = x;
        }
    }
    let mut assignment = vec![0usize; targets.len()];
    for _ in 0..opts.iterations {
        for (r, a) in assignment.iter_mut().enumerate() {
            let mut best = (f32::NEG_INFINITY, 0);
            for j in 0..k {
                let cen = &centroids[j * dims..(j + 1) * dims];
                let s: f32 = rows[r].iter().map(|&(col, x)| x * cen[col as usize]).sum();
                if s > best.0 {
                    best = (s, j);
                }
            }
            *a = best.1;
        }
        let mut sums = vec![0f32; k * dims];
        for (r, &a) in assignment.iter().enumerate() {
            for &(col, x) in &rows[r] {
                sums[a * dims + col as usize] += x;
            }
        }
        for j in 0..k {
            let s = &mut sums[j * dims..(j + 1) * dims];
            if s.iter().any(|&x| x != 0.0) {
                normalise(s);
                centroids[j * dims..(j + 1) * dims].copy_from_slice(s);
            }
        }
    }
    let mut out: Vec<(String, u16)> =
        targets.iter().zip(&assignment).map(|((w, _), &a)| ((*w).clone(), a as u16 + 1)).collect();
    out.sort();
    out
}

fn normalise(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_cluster() {
        // Names follow "الرئيس" and precede "قال"; places follow "في" and
        // precede "اليوم".
        let mut docs = Vec::new();
        for name in ["زيد", "عمرو", "خالد"] {
            for _ in 0..10 {
                docs.push(format!("قال الرئيس {name} قال كلاما"));
            }
        }
        for place in ["دمشق", "القاهرة", "عمان"] {
            for _ in 0..10 {
                docs.push(format!("وصل إلى {place} اليوم صباحا"));
            }
        }
        let opts = ClusterOptions { min_count: 5, clusters: 4, iterations: 5, ..ClusterOptions::default() };
        let table: BTreeMap<String, u16> =
            learn_clusters(docs.iter().map(String::as_str), &opts).into_iter().collect();
        assert_eq!(table["زيد"], table["خالد"]);
        assert_eq!(table["دمشق"], table["قاهره"]);
        assert_ne!(table["زيد"], table["دمشق"]);
        let again: BTreeMap<String, u16> =
            learn_clusters(docs.iter().map(String::as_str), &opts).into_iter().collect();
        assert_eq!(table, again);
    }
}
