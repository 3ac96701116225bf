//! The NER pipeline stage: tags Marsad's tokens sentence by sentence, maps
//! the BIO chunks to clitic-aware source ranges, applies the gazetteer and
//! facility-head rules, and links mentions of one entity inside an article.

use crate::eval::chunks;
use crate::features::{base_key, feature_norm, name_key, GazetteerLabel, Lexicons, TriggerClass};
use crate::model::NerModel;
use crate::postrules::{self, repair_sentence, strict_key};
use crate::translit::Transliterator;
use marsad_core::{
    Diagnostic, Doc, Entity, EntityLabel, Layer, Level, Origin, Stage, TextRange, Token, TokenKind,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Provenance of the model's entities.
pub const MODEL_NAME: &str = "marsad-ner-perceptron-anercorp-v2";
/// Provenance of the facility-head rule (قاعدة + place).
const FACILITY_RULE: &str = "ner-facility-head";
/// Provenance of the organisation-head rule (وزارة + organisation).
const ORG_HEAD_RULE: &str = "ner-org-head";
/// Provenance of an organisation's name run on over its adjective
/// (`وزارة الخارجية` + `العراقية`).
const ORG_ADJECTIVE_RULE: &str = "ner-org-adjective";
/// Provenance of title references (رئيس الحكومة → the person it named).
const TITLE_RULE: &str = "ner-title-reference";
/// Provenance of later mentions of a name the article already used.
const PROPAGATION_RULE: &str = "ner-name-propagation";
/// Provenance of an acronym in parentheses after an organisation's name.
const ABBREVIATION_RULE: &str = "ner-abbreviation";
/// Other names of one entity: `full name<TAB>label<TAB>alias|alias<TAB>English`.
const ALIASES_TSV: &str = include_str!("../data/aliases.tsv");
/// Longest gazetteer name, in tokens.
const MAX_NAME_TOKENS: usize = 6;

/// Office titles that, once an article has put them before a name, refer
/// to that person when used alone. Ranks (العميد) and honorifics (الشيخ)
/// are shared by many people and do not qualify.
const OFFICE_TITLES: &[&str] =
    &["الامين", "الرئيس", "الوزير", "رئيس", "رئيسه", "قائد", "محافظ", "مدير", "نائب", "وزير", "وزيره"];

enum ModelRef {
    Embedded(&'static NerModel),
    Owned(Arc<NerModel>),
}

/// Finds PER, ORG, LOC and MISC entities. Requires sentences and tokens;
/// assigns entities (replacing any already there).
pub struct NerStage {
    model: ModelRef,
    transliterator: Transliterator,
}

impl Default for NerStage {
    fn default() -> NerStage {
        NerStage::new()
    }
}

/// An entity in token coordinates, before it becomes an [`Entity`].
#[derive(Clone, Debug)]
struct Candidate {
    /// Token index range `[first, last)` into `doc.tokens`.
    first: usize,
    last: usize,
    label: EntityLabel,
    confidence: f32,
    origin: Origin,
    /// Bytes of a proclitic letter the name starts after, found by the
    /// gazetteer where the tokenizer left it on (`لبي بي سي`): 0 otherwise.
    clitic_bytes: u32,
}

/// Where a candidate's text starts: after its first token's proclitics.
fn candidate_start(doc: &Doc, c: &Candidate) -> u32 {
    let token = &doc.tokens[c.first];
    name_start(doc, token).max(token.range.start + c.clitic_bytes).min(token.range.end)
}

/// Heads of facilities named after the place they stand in, whose bare place
/// name means the place, not the facility (Search-normalised forms). The
/// countryside words of `data/name-particles.tsv` (PLACE_PART: ريف حماة)
/// count the same.
const NAMED_AFTER_PLACE: &[&str] =
    &["جامعه", "جسر", "حقل", "سجن", "سد", "مخيم", "مستشفي", "مصفاه", "مطار", "ميناء"];

/// A name never ends in a verb with the future prefix (`التحالف الدولي
/// سيغادر`): the model sometimes pulls the next word in, so such words are
/// cut from the end of a candidate, and a candidate left empty is dropped.
fn trim_verbs(doc: &Doc, candidates: &mut Vec<Candidate>) {
    let is_future_verb =
        |i: usize| doc.tokens[i].clitics.iter().any(|c| c.kind == marsad_core::CliticKind::Future);
    for c in candidates.iter_mut() {
        while c.last > c.first && is_future_verb(c.last - 1) {
            c.last -= 1;
        }
    }
    candidates.retain(|c| c.last > c.first);
}

fn label_of(ty: &str) -> Option<EntityLabel> {
    match ty {
        "PER" | "PERS" => Some(EntityLabel::PER),
        "ORG" => Some(EntityLabel::ORG),
        "LOC" | "GPE" => Some(EntityLabel::LOC),
        "MISC" => Some(EntityLabel::MISC),
        _ => None,
    }
}

impl NerStage {
    /// The stage with the model compiled into the binary.
    pub fn new() -> NerStage {
        NerStage {
            model: ModelRef::Embedded(NerModel::embedded()),
            transliterator: Transliterator::default(),
        }
    }

    /// The stage with another model (one trained by `marsad train ner`).
    pub fn with_model(model: NerModel) -> NerStage {
        NerStage { model: ModelRef::Owned(Arc::new(model)), transliterator: Transliterator::default() }
    }

    fn model(&self) -> &NerModel {
        match &self.model {
            ModelRef::Embedded(m) => m,
            ModelRef::Owned(m) => m,
        }
    }

    /// The model's entities in the runs of tokens (the article's
    /// sentences, tagged together so the document pass sees them all).
    fn tag_runs(&self, doc: &Doc, runs: &[std::ops::Range<usize>], out: &mut Vec<Candidate>) {
        let sentences: Vec<Vec<&str>> =
            runs.iter().map(|r| doc.tokens[r.clone()].iter().map(|t| doc.slice(t.range)).collect()).collect();
        let tagged = self.model().tag_sentences_with_confidence(&sentences);
        for ((run, tagged), tokens) in runs.iter().zip(tagged).zip(&sentences) {
            let (mut tags, confidences): (Vec<String>, Vec<f32>) = tagged.into_iter().unzip();
            repair_sentence(tokens, &mut tags);
            for (ty, s, e) in chunks(&tags) {
                let Some(label) = label_of(&ty) else { continue };
                let confidence = confidences[s..e].iter().copied().fold(1.0f32, f32::min);
                out.push(Candidate {
                    first: run.start + s,
                    last: run.start + e,
                    label,
                    confidence,
                    origin: Origin::model(MODEL_NAME),
                    clitic_bytes: 0,
                });
            }
        }
    }

    /// Curated gazetteer names in one run of tokens, longest first.
    fn gazetteer_matches(&self, doc: &Doc, tokens: std::ops::Range<usize>, out: &mut Vec<Candidate>) {
        let lex = Lexicons::embedded();
        let forms: Vec<(String, String)> = doc.tokens[tokens.clone()]
            .iter()
            .map(|t| {
                let text = doc.slice(t.range);
                (base_key(text), feature_norm(text))
            })
            .collect();
        // The first word less one proclitic letter, for names whose first
        // word is too short for the tokenizer to split (لبي بي سي).
        let less_clitic: Vec<Option<String>> = forms
            .iter()
            .map(|(_, norm)| {
                let rest = norm.strip_prefix(['و', 'ف', 'ب', 'ك', 'ل'])?;
                (rest.chars().count() >= 2).then(|| rest.to_string())
            })
            .collect();
        let mut i = 0;
        while i < forms.len() {
            let mut best: Option<(usize, GazetteerLabel, &str, u32, u32)> = None;
            // The first word as written and without its proclitics: وكالة
            // and وزارة start with a و that belongs to the word.
            let firsts = [(Some(&forms[i].0), 0), (Some(&forms[i].1), 0), (less_clitic[i].as_ref(), 1)];
            for (first, clitic_letters) in firsts {
                let Some(first) = first else { continue };
                let mut key = first.clone();
                for len in 1..=MAX_NAME_TOKENS.min(forms.len() - i) {
                    if len > 1 {
                        key.push(' ');
                        key.push_str(&forms[i + len - 1].1);
                    }
                    if let Some(&(label, file, line)) = lex.curated.get(&key) {
                        // A stripped letter only for names of two or more
                        // words: a one-word match is too often a word
                        // (ولبنان is found anyway, the tokenizer splits it).
                        if best.is_none_or(|(l, ..)| len > l) && (clitic_letters == 0 || len >= 2) {
                            best = Some((len, label, file, line, clitic_letters));
                        }
                    }
                }
            }
            if let Some((len, label, file, line, clitic_letters)) = best {
                let label = match label {
                    GazetteerLabel::Org => EntityLabel::ORG,
                    GazetteerLabel::Loc => EntityLabel::LOC,
                    GazetteerLabel::Person | GazetteerLabel::FamilyName => EntityLabel::PER,
                    GazetteerLabel::Misc => EntityLabel::MISC,
                };
                out.push(Candidate {
                    first: tokens.start + i,
                    last: tokens.start + i + len,
                    label,
                    confidence: 0.9,
                    origin: Origin::Lexicon { file: file.into(), line },
                    clitic_bytes: clitic_letters * 'ل'.len_utf8() as u32,
                });
                i += len;
            } else {
                i += 1;
            }
        }
    }

    /// Links mentions of one entity: a mention whose words end a longer
    /// mention of the same label (المحمداوي, قيس المحمداوي) joins it, and so
    /// do the other names `same_entity` pairs with a full name
    /// (abbreviations, facility references) and the forms
    /// `data/aliases.tsv` lists together. Sets `entity_id`, `canonical`
    /// (the longest mention, a listed full name, or a listed name without
    /// its adjective: [`listed_core`]) and `latin`.
    fn link(
        &self,
        doc: &Doc,
        candidates: &[Candidate],
        entities: &mut [Entity],
        same_entity: &[(String, String)],
    ) {
        // Words of each mention as keys: the first from its whole token
        // (so للتحالف and التحالف agree), the rest normalised.
        let words: Vec<Vec<String>> = candidates
            .iter()
            .map(|c| {
                let mut w = vec![base_key(doc.slice(doc.tokens[c.first].range))];
                w.extend(doc.tokens[c.first + 1..c.last].iter().map(|t| feature_norm(doc.slice(t.range))));
                w
            })
            .collect();
        // One label per name in an article: the majority of its mentions
        // (the first mention's on ties).
        let mut votes: BTreeMap<&[String], Vec<EntityLabel>> = BTreeMap::new();
        for (i, w) in words.iter().enumerate() {
            votes.entry(w.as_slice()).or_default().push(entities[i].label);
        }
        for (i, w) in words.iter().enumerate() {
            let labels = &votes[w.as_slice()];
            let count = |l: EntityLabel| labels.iter().filter(|&&x| x == l).count();
            let best = labels.iter().copied().fold(labels[0], |b, l| if count(l) > count(b) { l } else { b });
            entities[i].label = best;
        }
        // Longest mentions first found, so short forms find their full name.
        let mut order: Vec<usize> = (0..entities.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(words[i].len()), entities[i].range.start));
        let mut clusters: Vec<(EntityLabel, usize)> = Vec::new(); // label, canonical mention
        let mut cluster_of = vec![usize::MAX; entities.len()];
        for &i in &order {
            let w = &words[i];
            let found = clusters.iter().position(|&(label, c)| {
                label == entities[i].label
                    && !w.is_empty()
                    && words[c].ends_with(w)
                    && {
                        // A lone given name (محمد) is shared by too many people.
                        !(w.len() == 1
                            && words[c].len() > 1
                            && Lexicons::embedded().given_names.contains_key(&w[0]))
                    }
                    && {
                        // A city is not its airport, port, university or
                        // countryside: `بغداد` does not refer to `مطار
                        // بغداد`. (Bases and regions are named by the bare
                        // name: `حرير` is `قاعدة حرير`.)
                        !(label == EntityLabel::LOC
                            && words[c].len() > w.len()
                            && (NAMED_AFTER_PLACE.contains(&words[c][0].as_str())
                                || postrules::is_place_part(&words[c][0])))
                    }
            });
            cluster_of[i] = match found {
                Some(c) => c,
                None => {
                    clusters.push((entities[i].label, i));
                    clusters.len() - 1
                }
            };
        }
        // Other names of one entity join its cluster: an abbreviation the
        // article gave in parentheses, and the forms `data/aliases.tsv`
        // lists together (حماس, حركة المقاومة الإسلامية).
        let mut root: Vec<usize> = (0..clusters.len()).collect();
        let mut listed: BTreeMap<usize, &AliasGroup> = BTreeMap::new();
        let cluster_of_key: BTreeMap<String, usize> =
            words.iter().zip(&cluster_of).map(|(w, &c)| (w.join(" "), c)).rev().collect();
        let find = |root: &[usize], mut c: usize| {
            while root[c] != c {
                c = root[c];
            }
            c
        };
        for (full, short) in same_entity {
            if let (Some(&f), Some(&s)) = (cluster_of_key.get(full), cluster_of_key.get(short)) {
                let (f, s) = (find(&root, f), find(&root, s));
                if f != s {
                    root[s] = f;
                }
            }
        }
        // A cluster joins a listed entity by its canonical (longest)
        // mention: `تحالف أوبك`, which took in the article's `أوبك`, is not
        // OPEC itself.
        let (groups, group_of_key) = aliases();
        let mut clusters_of_group: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (c, &(_, canonical)) in clusters.iter().enumerate() {
            // Keyed by the mention's own text, which the span already
            // starts after any proclitic: a listed form may begin with a
            // letter that is a proclitic elsewhere (وام, واس, فتح).
            if let Some(&g) = group_of_key.get(&name_key(doc.slice(entities[canonical].range))) {
                clusters_of_group.entry(g).or_default().push(c);
            }
        }
        for (g, members) in clusters_of_group {
            let members: Vec<usize> = members.into_iter().map(|c| find(&root, c)).collect();
            // The cluster named by the most words leads (the full name
            // where the article has it).
            let lead = members
                .iter()
                .copied()
                .max_by_key(|&c| (words[clusters[c].1].len(), std::cmp::Reverse(c)))
                .expect("a group has a member");
            for c in members {
                if c != lead {
                    root[c] = lead;
                }
            }
            listed.insert(lead, &groups[g]);
        }
        for (i, c) in cluster_of.iter_mut().enumerate() {
            let r = find(&root, *c);
            if r != *c {
                entities[i].label = entities[clusters[r].1].label;
            }
            *c = r;
        }
        for (i, e) in entities.iter_mut().enumerate() {
            if let Some(group) = listed.get(&cluster_of[i]) {
                e.label = group.label;
            }
        }
        // Ids in order of first mention.
        let mut first_mention: BTreeMap<usize, u32> = BTreeMap::new();
        for (i, e) in entities.iter().enumerate() {
            let c = cluster_of[i];
            first_mention.entry(c).and_modify(|s| *s = (*s).min(e.range.start)).or_insert(e.range.start);
        }
        let mut by_start: Vec<(u32, usize)> = first_mention.iter().map(|(&c, &s)| (s, c)).collect();
        by_start.sort();
        let mut id_of = vec![0usize; clusters.len()];
        for (n, &(_, c)) in by_start.iter().enumerate() {
            id_of[c] = n + 1;
        }
        // Canonical name and transliteration once per entity, not per mention.
        let mut names: BTreeMap<usize, (String, String)> = BTreeMap::new();
        for (i, e) in entities.iter_mut().enumerate() {
            let c = cluster_of[i];
            let (canonical, latin) = names.entry(c).or_insert_with(|| match listed.get(&c) {
                Some(group) => (group.full.clone(), group.english.clone()),
                None => {
                    let canonical = canonical_text(doc, &listed_core(doc, &candidates[clusters[c].1]));
                    let latin = self.transliterator.transliterate(&canonical);
                    (canonical, latin)
                }
            });
            e.entity_id = Some(format!("ent-{}", id_of[c]));
            e.latin = Some(latin.clone());
            e.canonical = Some(canonical.clone());
        }
    }
}

/// One line of `data/aliases.tsv`: the label and full name that every
/// listed form of an entity links to.
struct AliasGroup {
    label: EntityLabel,
    full: String,
    /// The conventional English name, shown as `latin` (`Hamas`, `NATO`).
    english: String,
}

/// The alias groups, and each listed form's group by its [`name_key`].
fn aliases() -> &'static (Vec<AliasGroup>, BTreeMap<String, usize>) {
    static TABLE: std::sync::OnceLock<(Vec<AliasGroup>, BTreeMap<String, usize>)> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let (mut groups, mut by_key) = (Vec::new(), BTreeMap::new());
        for line in ALIASES_TSV.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let mut columns = line.split('\t');
            let (Some(full), Some(label), Some(others), Some(english)) =
                (columns.next(), columns.next(), columns.next(), columns.next())
            else {
                continue;
            };
            let label = match label {
                "PER" => EntityLabel::PER,
                "ORG" => EntityLabel::ORG,
                "LOC" => EntityLabel::LOC,
                _ => EntityLabel::MISC,
            };
            for form in std::iter::once(full).chain(others.split('|')) {
                by_key.insert(name_key(form), groups.len());
            }
            groups.push(AliasGroup { label, full: full.to_string(), english: english.to_string() });
        }
        (groups, by_key)
    })
}

/// The name key of a candidate's tokens, as `link` keys a mention: the
/// first by [`base_key`], the others [`feature_norm`]ed.
fn mention_key(doc: &Doc, c: &Candidate) -> String {
    let mut words = doc.tokens[c.first..c.last].iter().map(|t| doc.slice(t.range));
    let mut key = words.next().map(base_key).unwrap_or_default();
    for w in words {
        key.push(' ');
        key.push_str(&feature_norm(w));
    }
    key
}

/// Abbreviations in parentheses right after an organisation's name
/// (`وكالة الأنباء السعودية (واس)`, `منظمة الصحة العالمية (WHO)`), and a
/// full name in parentheses after its short form (`داعش (تنظيم الدولة
/// الإسلامية)`): returns (full name key, short form key) pairs for `link`.
/// An acronym the tagger left untagged (`WHO`, `أ ف ب`, `قسد`) becomes a
/// mention with the name's label, so its later uses are propagated too.
fn find_abbreviations(doc: &Doc, candidates: &mut Vec<Candidate>) -> Vec<(String, String)> {
    candidates.sort_by_key(|c| (c.first, c.last));
    let is = |i: usize, text: &str| doc.tokens.get(i).is_some_and(|t| doc.slice(t.range) == text);
    let (mut pairs, mut added, mut relabel) = (Vec::new(), Vec::new(), Vec::new());
    for (n, c) in candidates.iter().enumerate() {
        if c.label != EntityLabel::ORG || !is(c.last, "(") {
            continue;
        }
        // `منظمة … التابعة للأمم المتحدة (يونيسف)`: the acronym is the
        // whole phrase's, not that of the body it belongs to.
        let subordinate = c.first > 0
            && matches!(
                feature_norm(doc.slice(doc.tokens[c.first - 1].range)).as_str(),
                "التابعه" | "التابع"
            );
        if subordinate {
            continue;
        }
        let open = c.last;
        let Some(close) = (open + 2..=open + 4).find(|&k| is(k, ")")) else { continue };
        let inside = open + 1..close;
        if !inside.clone().all(|k| matches!(doc.tokens[k].kind, TokenKind::Word | TokenKind::Latin)) {
            continue;
        }
        if let Some(d) = candidates.iter().position(|d| d.first == inside.start && d.last == inside.end) {
            let (full, short) = if inside.len() > c.last - c.first { (d, n) } else { (n, d) };
            pairs.push((mention_key(doc, &candidates[full]), mention_key(doc, &candidates[short])));
            relabel.push((short, candidates[full].label));
        } else if !candidates.iter().any(|d| d.first < inside.end && inside.start < d.last)
            && looks_like_acronym(doc, inside.clone())
        {
            let acronym = Candidate {
                first: inside.start,
                last: inside.end,
                label: c.label,
                confidence: 0.7,
                origin: Origin::rule(ABBREVIATION_RULE),
                clitic_bytes: 0,
            };
            pairs.push((mention_key(doc, c), mention_key(doc, &acronym)));
            added.push(acronym);
        }
    }
    for (n, label) in relabel {
        candidates[n].label = label;
    }
    candidates.extend(added);
    pairs
}

/// An acronym: Latin capitals (`WHO`, `U.N.`), one Arabic word of at most
/// six letters without the article (`واس`, `داعش`), or two or three
/// one-letter Arabic words (`أ ف ب`). A longer word in parentheses after a
/// name is a gloss or a comment, not its short form.
fn looks_like_acronym(doc: &Doc, tokens: std::ops::Range<usize>) -> bool {
    let texts: Vec<&str> = doc.tokens[tokens].iter().map(|t| doc.slice(t.range)).collect();
    let letters = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count();
    if texts.iter().all(|w| w.chars().all(|c| c.is_ascii_uppercase() || c == '.')) {
        return (2..=8).contains(&texts.iter().map(|w| letters(w)).sum::<usize>());
    }
    if texts.iter().any(|w| w.is_ascii()) {
        return false;
    }
    match texts.as_slice() {
        [word] => !feature_norm(word).starts_with("ال") && (2..=6).contains(&letters(word)),
        several => several.len() <= 3 && several.iter().all(|w| letters(w) == 1),
    }
}

/// The name an organisation or facility is known by across articles: a
/// listed name of three words or more that the stage ran on over an
/// adjective (`قيادة العمليات المشتركة` + `العراقية`, `قاعدة عين الأسد` +
/// `الجوية`) keeps the listed name as its canonical form, so the corpus
/// sees one entity whether or not an article adds the adjective. A shorter
/// listed name is generic (`وزارة الدفاع`): there the adjective says whose
/// it is and stays in the canonical form.
fn listed_core(doc: &Doc, c: &Candidate) -> Candidate {
    let adjective: fn(&str) -> bool = match c.label {
        EntityLabel::ORG if c.origin == Origin::rule(ORG_ADJECTIVE_RULE) => postrules::is_org_adjective,
        EntityLabel::LOC if c.origin == Origin::rule(FACILITY_RULE) => postrules::is_facility_adjective,
        _ => return c.clone(),
    };
    let mut core = c.clone();
    while core.last - core.first > 3 && adjective(doc.slice(doc.tokens[core.last - 1].range)) {
        core.last -= 1;
    }
    if core.last < c.last
        && core.last - core.first >= 3
        && Lexicons::embedded().curated.contains_key(&name_key(&canonical_text(doc, &core)))
    {
        core
    } else {
        c.clone()
    }
}

/// The text of a mention as a name: the source text, with the article's
/// alef restored where لل elided it (لتحالف الدولي → التحالف الدولي).
fn canonical_text(doc: &Doc, c: &Candidate) -> String {
    let token = &doc.tokens[c.first];
    let start = candidate_start(doc, c);
    let text = doc.slice(TextRange { start, end: doc.tokens[c.last - 1].range.end });
    let token_text = doc.slice(token.range);
    if token_text.starts_with("لل") && start == token.range.start + 'ل'.len_utf8() as u32 {
        format!("ا{text}")
    } else {
        text.to_string()
    }
}

/// The source range of a candidate: from where its first token's name
/// starts (after و ف ب ك ل) to its last token's end.
fn entities_range(candidates: &[Candidate], i: usize, doc: &Doc) -> TextRange {
    let c = &candidates[i];
    TextRange { start: candidate_start(doc, c), end: doc.tokens[c.last - 1].range.end }
}

/// Where a name inside `token` starts: the token's base (without
/// proclitics, article kept) when the tokenizer gave a sound one; else the
/// token start, less an unambiguous clitic + article prefix (وال بال فال كال
/// لل) found in the text itself.
fn name_start(doc: &Doc, token: &Token) -> u32 {
    let base = token.base;
    if token.range.contains_range(base) && !base.is_empty() && base.start != token.range.start {
        return base.start;
    }
    let text = doc.slice(token.range);
    for prefix in ["وبال", "وال", "بال", "فال", "كال", "ولل", "فلل"] {
        if text.starts_with(prefix) && text.chars().count() > prefix.chars().count() + 1 {
            // Keep the article: drop only the clitic letters before ال.
            let clitic_chars = prefix.chars().count() - 2;
            let skip: usize = text.chars().take(clitic_chars).map(char::len_utf8).sum();
            return token.range.start + skip as u32;
        }
    }
    if let Some(rest) = text.strip_prefix("لل") {
        // للعراق: the ل is the preposition, the second ل the article.
        if rest.chars().count() >= 2 {
            return token.range.start + 'ل'.len_utf8() as u32;
        }
    }
    token.range.start
}

/// Later mentions of names the article used: the same words elsewhere
/// (the model tagged one mention and missed another), and a person's
/// family name alone (السوداني after محمد شياع السوداني).
fn propagate(doc: &Doc, candidates: &[Candidate], runs: &[std::ops::Range<usize>]) -> Vec<Candidate> {
    let lex = Lexicons::embedded();
    // The first word by its strict key: `على` (the preposition) must not
    // match the name `علي`, which the normalisation spells the same.
    let key_of = |first: usize, last: usize| -> String {
        let mut key = strict_key(doc.slice(doc.tokens[first].range));
        for t in &doc.tokens[first + 1..last] {
            key.push(' ');
            key.push_str(&feature_norm(doc.slice(t.range)));
        }
        key
    };
    // Name → label, None when the article uses it with two labels.
    let mut names: BTreeMap<String, Option<EntityLabel>> = BTreeMap::new();
    let mut add = |key: String, label: EntityLabel| {
        names
            .entry(key)
            .and_modify(|l| {
                if *l != Some(label) {
                    *l = None
                }
            })
            .or_insert(Some(label));
    };
    for c in candidates {
        add(key_of(c.first, c.last), c.label);
        if c.label == EntityLabel::PER && c.last - c.first >= 2 {
            let last = doc.slice(doc.tokens[c.last - 1].range);
            let key = base_key(last);
            if !lex.given_names.contains_key(&key)
                && lex.trigger_of(last).is_none()
                && key.chars().count() > 2
            {
                add(strict_key(last), EntityLabel::PER);
            }
        }
    }
    let taken = taken_tokens(doc, candidates);
    // Names by their first word, so most tokens are ruled out by one lookup.
    let first_words: std::collections::BTreeSet<&str> =
        names.keys().map(|k| k.split(' ').next().unwrap_or("")).collect();
    let mut out = Vec::new();
    for run in runs {
        let mut i = run.start;
        while i < run.end {
            let mut best = None;
            if !taken[i]
                && doc.tokens[i].kind == TokenKind::Word
                && first_words.contains(strict_key(doc.slice(doc.tokens[i].range)).as_str())
            {
                for len in 1..=MAX_NAME_TOKENS.min(run.end - i) {
                    if taken[i + len - 1] {
                        break;
                    }
                    if let Some(Some(label)) = names.get(&key_of(i, i + len)) {
                        best = Some((len, *label));
                    }
                }
            }
            if let Some((len, label)) = best {
                out.push(Candidate {
                    first: i,
                    last: i + len,
                    label,
                    confidence: 0.7,
                    origin: Origin::rule(PROPAGATION_RULE),
                    clitic_bytes: 0,
                });
                i += len;
            } else {
                i += 1;
            }
        }
    }
    out
}

/// Whether token `i` follows a definite word (ال…, longer than الي/التي):
/// where a name that is also an adjective (`ADJ` in `data/places.tsv` and
/// `data/organizations.tsv`) is the adjective, `القوات السعودية`, `دول
/// الخليج العربية`, and not the country or the channel.
fn after_definite_word(doc: &Doc, i: usize) -> bool {
    i.checked_sub(1).and_then(|prev| word_at(doc, prev)).is_some_and(postrules::is_definite_word)
}

/// The text of token `i` if it is an Arabic word.
fn word_at(doc: &Doc, i: usize) -> Option<&str> {
    let t = doc.tokens.get(i)?;
    (t.kind == TokenKind::Word).then(|| doc.slice(t.range))
}

/// Drops one-word places and organisations that are adjectives in use
/// ([`after_definite_word`]), whoever proposed them (the model, the
/// gazetteer, propagation).
fn drop_adjective_uses(doc: &Doc, candidates: &mut Vec<Candidate>) {
    let lex = Lexicons::embedded();
    candidates.retain(|c| {
        !(matches!(c.label, EntityLabel::LOC | EntityLabel::ORG)
            && c.last == c.first + 1
            && lex.adjective_names.contains(&base_key(doc.slice(doc.tokens[c.first].range)))
            && after_definite_word(doc, c.first))
    });
}

/// Words that end a genitive chain: a name after an organisation's head
/// never runs on over them (`وزارة الخارجية في بغداد` is no ministry of
/// Baghdad).
const NOT_IN_ORG_NAMES: &[&str] = &[
    "في",
    "من",
    "الي",
    "علي",
    "عن",
    "مع",
    "منذ",
    "بعد",
    "قبل",
    "عند",
    "حول",
    "ضد",
    "بين",
    "ان",
    "لا",
    "لم",
    "لن",
    "قد",
    "ثم",
    "او",
    "و",
    "اليوم",
    "امس",
    "غدا",
];

/// Organisation names the model cut short or took for a place, in the
/// product's spans (stage only; ANERcorp leaves both out, so the CoNLL
/// rules do not do this):
/// - an organisation runs on over a nationality or party adjective that
///   ends its name (`وزارة الخارجية` + `العراقية`, `الحرس` + `الثوري`;
///   ORG_ADJECTIVE in `data/name-particles.tsv`), at most two;
/// - an organisation's head, at most two words of a construct chain (all
///   indefinite, without proclitics), then a place tagged alone: one
///   organisation named after the place (`محكمة جنايات` + `القاهرة`,
///   `مجلس محافظة` + `البصرة`, `جامعة` + `بغداد`).
fn complete_organisations(doc: &Doc, candidates: &mut Vec<Candidate>, sentence_start: &[usize]) {
    let lex = Lexicons::embedded();
    let word = |i: usize| word_at(doc, i);
    candidates.sort_by_key(|c| (c.first, c.last));
    // An adjective the model tagged alone right after an organisation
    // (`العراقية`, also a channel's name) is the organisation's.
    let org_ends: Vec<usize> =
        candidates.iter().filter(|c| c.label == EntityLabel::ORG).map(|c| c.last).collect();
    candidates.retain(|c| {
        !(c.last == c.first + 1
            && org_ends.contains(&c.first)
            && word(c.first).is_some_and(postrules::is_org_adjective))
    });
    let mut taken = taken_tokens(doc, candidates);
    for c in candidates.iter_mut() {
        if c.label != EntityLabel::LOC {
            continue;
        }
        // Walk back over the chain to an organisation's head.
        let mut head = None;
        let mut k = c.first;
        while k > 0 && c.first - k < 3 && sentence_start.binary_search(&k).is_err() {
            k -= 1;
            let Some(w) = word(k).filter(|_| !taken[k]) else { break };
            // A construct chain: every member before the last is
            // indefinite and bare (`محكمة جنايات`, not `المجلس الكامل
            // لسيادة`, where an adjective and a preposition break it).
            let norm = feature_norm(w);
            if base_key(w) != norm || norm.starts_with("ال") {
                break;
            }
            if lex.trigger_of(w) == Some(TriggerClass::OrgHead) {
                head = Some(k);
                break;
            }
            if NOT_IN_ORG_NAMES.contains(&norm.as_str()) || norm.chars().count() < 3 {
                break;
            }
        }
        if let Some(head) = head {
            taken[head..c.first].iter_mut().for_each(|t| *t = true);
            c.first = head;
            c.label = EntityLabel::ORG;
            c.origin = Origin::rule(ORG_HEAD_RULE);
        }
    }
    for c in candidates.iter_mut() {
        if c.label != EntityLabel::ORG {
            continue;
        }
        for _ in 0..2 {
            let next = c.last;
            let adjective = !taken.get(next).copied().unwrap_or(true)
                && word(next).is_some_and(postrules::is_org_adjective);
            if !adjective {
                break;
            }
            taken[next] = true;
            c.last += 1;
            c.origin = Origin::rule(ORG_ADJECTIVE_RULE);
        }
    }
}

/// A facility head without the article tagged alone is no name (`قاعدة`
/// before `التنف`, which the model may take for al-Qaeda, always
/// `القاعدة`): in the construct state it heads the name that follows,
/// which the facility rules then find.
fn drop_bare_facility_heads(doc: &Doc, candidates: &mut Vec<Candidate>) {
    let lex = Lexicons::embedded();
    candidates.retain(|c| {
        let token = &doc.tokens[c.first];
        let w = doc.slice(token.range);
        let bare_head = token.kind == TokenKind::Word
            && lex.trigger_of(w) == Some(TriggerClass::FacilityHead)
            && !base_key(w).starts_with("ال");
        !(c.last == c.first + 1 && bare_head)
    });
}

/// Provenance of a facility's head used alone for it (`القاعدة` after
/// `قاعدة التنف`).
const FACILITY_REFERENCE_RULE: &str = "ner-facility-reference";

/// A facility's head used alone with the article (`القاعدة`, `المطار`)
/// after the article named one facility with that head (`قاعدة التنف`)
/// refers to it: the word becomes a place mention (whatever the model made
/// of it: `القاعدة` is also al-Qaeda) and is linked to the facility through
/// the returned (facility key, word key) pairs. Not where the article names
/// two facilities with the same head, nor where the word follows an
/// organisation's head (`تنظيم القاعدة`).
fn facility_references(doc: &Doc, candidates: &mut Vec<Candidate>) -> Vec<(String, String)> {
    let lex = Lexicons::embedded();
    let word = |i: usize| word_at(doc, i);
    // Head key → the facility named with it (None when two are).
    let mut named: BTreeMap<String, Option<(usize, String)>> = BTreeMap::new();
    for c in candidates.iter().filter(|c| c.label == EntityLabel::LOC && c.last - c.first >= 2) {
        let Some(head) = word(c.first).filter(|w| lex.trigger_of(w) == Some(TriggerClass::FacilityHead))
        else {
            continue;
        };
        let key = mention_key(doc, c);
        named
            .entry(base_key(head))
            .and_modify(|f| {
                if f.as_ref().is_some_and(|(_, k)| *k != key) {
                    *f = None;
                }
            })
            .or_insert(Some((c.first, key)));
    }
    let mut pairs = Vec::new();
    for i in 0..doc.tokens.len() {
        let Some(w) = word(i) else { continue };
        let Some(head) = base_key(w).strip_prefix("ال").map(str::to_string) else { continue };
        let Some(Some((first, facility))) = named.get(&head) else { continue };
        let after_org_head =
            i > 0 && word(i - 1).is_some_and(|p| lex.trigger_of(p) == Some(TriggerClass::OrgHead));
        if i <= *first || after_org_head {
            continue;
        }
        // Only the word alone: a longer name that starts with it stays.
        if candidates.iter().any(|c| c.first <= i && i < c.last && c.last - c.first > 1) {
            continue;
        }
        candidates.retain(|c| !(c.first == i && c.last == i + 1));
        let reference = Candidate {
            first: i,
            last: i + 1,
            label: EntityLabel::LOC,
            confidence: 0.6,
            origin: Origin::rule(FACILITY_REFERENCE_RULE),
            clitic_bytes: 0,
        };
        pairs.push((facility.clone(), mention_key(doc, &reference)));
        candidates.push(reference);
    }
    candidates.sort_by_key(|c| (c.first, c.last));
    pairs
}

/// Which tokens the candidates cover.
fn taken_tokens(doc: &Doc, candidates: &[Candidate]) -> Vec<bool> {
    let mut taken = vec![false; doc.tokens.len()];
    for c in candidates {
        taken[c.first..c.last].iter_mut().for_each(|t| *t = true);
    }
    taken
}

/// Merges gazetteer matches into the model's entities: the longer of two
/// overlapping spans wins, the model on ties, except that a curated name of
/// two or more words keeps its own label where the model found the same
/// span with another (`أنصار الله` is an organisation, not a place).
fn merge(model: Vec<Candidate>, gazetteer: Vec<Candidate>) -> Vec<Candidate> {
    let mut out = model;
    for g in gazetteer {
        let overlapping: Vec<usize> =
            (0..out.len()).filter(|&i| out[i].first < g.last && g.first < out[i].last).collect();
        let longest = overlapping.iter().map(|&i| out[i].last - out[i].first).max().unwrap_or(0);
        let same_span = overlapping.len() == 1
            && (out[overlapping[0]].first, out[overlapping[0]].last) == (g.first, g.last);
        let same_span_other_label =
            g.last - g.first >= 2 && same_span && out[overlapping[0]].label != g.label;
        // The gazetteer found the name after a proclitic letter the
        // tokenizer left on (`لبي بي سي`): the model's tokens, the
        // gazetteer's start.
        let clitic_found = same_span && g.clitic_bytes > 0;
        if g.last - g.first > longest || same_span_other_label || clitic_found {
            for i in overlapping.into_iter().rev() {
                out.remove(i);
            }
            out.push(g);
        }
    }
    out.sort_by_key(|c| (c.first, c.last));
    out
}

impl NerStage {
    /// Extends a place after a facility head (قاعدة عين الأسد) and an
    /// organisation after an organisation head the model left out (وزارة +
    /// الداخلية) to one entity.
    fn join_heads(&self, doc: &Doc, candidates: &mut [Candidate], sentence_start: &[usize]) {
        let lex = Lexicons::embedded();
        let taken = taken_tokens(doc, candidates);
        for c in candidates.iter_mut() {
            if c.first == 0 || taken[c.first - 1] || sentence_start.binary_search(&c.first).is_ok() {
                continue;
            }
            let head = &doc.tokens[c.first - 1];
            if head.kind != TokenKind::Word {
                continue;
            }
            let joins = match (lex.trigger_of(doc.slice(head.range)), c.label) {
                (Some(TriggerClass::FacilityHead), EntityLabel::LOC) => Some(FACILITY_RULE),
                (Some(TriggerClass::OrgHead), EntityLabel::ORG) => Some(ORG_HEAD_RULE),
                _ => None,
            };
            if let Some(rule) = joins {
                c.first -= 1;
                c.origin = Origin::rule(rule);
            }
        }
    }

    /// Facility and place names the model cut short or mislabelled:
    /// a name after a facility head is a place (`معبر طريبيل الحدودي`, which
    /// the model may read as an organisation), and runs on over the
    /// adjective that ends such names (`قاعدة حرير الجوية`,
    /// `data/name-particles.tsv` FACILITY_ADJECTIVE); a `ريف` (PLACE_PART),
    /// tagged alone or not at all, right before a place is one place with it
    /// (`ريف دير الزور`).
    fn complete_places(&self, doc: &Doc, candidates: &mut Vec<Candidate>) {
        let lex = Lexicons::embedded();
        let word = |i: usize| word_at(doc, i);
        // The adjective that ends a facility's name is no name of its own:
        // the model may tag `الحدودي` apart from `معبر طريبيل`; the name
        // takes it below.
        candidates.retain(|c| {
            !(c.last == c.first + 1 && word(c.first).is_some_and(postrules::is_facility_adjective))
        });
        // A facility head before a listed place the model left untagged
        // (`قاعدة التنف`): the facility.
        let taken = taken_tokens(doc, candidates);
        for i in 0..doc.tokens.len().saturating_sub(1) {
            let facility = !taken[i]
                && !taken[i + 1]
                && word(i).is_some_and(|w| lex.trigger_of(w) == Some(TriggerClass::FacilityHead))
                && word(i + 1).is_some_and(|w| lex.names.get(&base_key(w)) == Some(&GazetteerLabel::Loc));
            if facility {
                candidates.push(Candidate {
                    first: i,
                    last: i + 2,
                    label: EntityLabel::LOC,
                    confidence: 0.7,
                    origin: Origin::rule(FACILITY_RULE),
                    clitic_bytes: 0,
                });
            }
        }
        candidates.sort_by_key(|c| (c.first, c.last));
        // A place part tagged alone, then a place: one place.
        let mut i = 0;
        while i + 1 < candidates.len() {
            let (a, b) = (&candidates[i], &candidates[i + 1]);
            if a.last - a.first == 1
                && a.last == b.first
                && b.label == EntityLabel::LOC
                && word(a.first).is_some_and(postrules::is_place_part)
            {
                let last = b.last;
                let confidence = a.confidence.min(b.confidence);
                let a = &mut candidates[i];
                a.last = last;
                a.label = EntityLabel::LOC;
                a.confidence = confidence;
                a.origin = Origin::rule(FACILITY_RULE);
                candidates.remove(i + 1);
            }
            i += 1;
        }
        // A place part the model left untagged before a place: the same.
        let mut taken = taken_tokens(doc, candidates);
        for c in candidates.iter_mut() {
            let part = c.label == EntityLabel::LOC
                && c.first > 0
                && !taken[c.first - 1]
                && word(c.first - 1).is_some_and(postrules::is_place_part);
            if part {
                c.first -= 1;
                taken[c.first] = true;
                c.origin = Origin::rule(FACILITY_RULE);
            }
        }
        for c in candidates.iter_mut() {
            let headed = word(c.first).is_some_and(|w| lex.trigger_of(w) == Some(TriggerClass::FacilityHead))
                && c.last - c.first >= 2;
            if !headed {
                continue;
            }
            if c.label == EntityLabel::ORG {
                c.label = EntityLabel::LOC;
                c.origin = Origin::rule(FACILITY_RULE);
            }
            if c.label == EntityLabel::LOC
                && !taken.get(c.last).copied().unwrap_or(true)
                && word(c.last).is_some_and(postrules::is_facility_adjective)
            {
                c.last += 1;
                c.origin = Origin::rule(FACILITY_RULE);
            }
        }
    }

    /// Title references: where an article wrote an office title right
    /// before a person's name (رئيس الحكومة العراقية محمد شياع السوداني),
    /// later uses of the title's first two words alone (رئيس الحكومة)
    /// become mentions of that person.
    fn title_references(&self, doc: &Doc, candidates: &[Candidate], entities: &[Entity]) -> Vec<Entity> {
        // Candidates and entities correspond one to one here (references are
        // added after this).
        let taken_by = taken_tokens(doc, candidates);
        let taken = |i: usize| taken_by[i];
        let key_at = |i: usize| -> Option<String> {
            let (a, b) = (doc.tokens.get(i)?, doc.tokens.get(i + 1)?);
            if a.kind != TokenKind::Word || b.kind != TokenKind::Word {
                return None;
            }
            let first = base_key(doc.slice(a.range));
            OFFICE_TITLES
                .contains(&first.as_str())
                .then(|| format!("{first} {}", feature_norm(doc.slice(b.range))))
        };
        // key → (entity index of the person), None when two people share it.
        let mut titles: BTreeMap<String, Option<usize>> = BTreeMap::new();
        for (ci, c) in candidates.iter().enumerate() {
            if c.label != EntityLabel::PER {
                continue;
            }
            // The title starts one to three words before the name.
            for back in 2..=4usize {
                let Some(start) = c.first.checked_sub(back) else { break };
                if (start..c.first).any(|i| taken(i) || doc.tokens[i].kind != TokenKind::Word) {
                    break;
                }
                if let Some(key) = key_at(start) {
                    let person = entities[ci].entity_id.clone();
                    titles
                        .entry(key)
                        .and_modify(|p| {
                            if p.map(|e| entities[e].entity_id.clone()) != Some(person.clone()) {
                                *p = None;
                            }
                        })
                        .or_insert(Some(ci));
                    break;
                }
            }
        }
        let mut out = Vec::new();
        for i in 0..doc.tokens.len().saturating_sub(1) {
            if taken(i) || taken(i + 1) {
                continue;
            }
            let Some(key) = key_at(i) else { continue };
            let Some(&Some(person)) = titles.get(&key) else { continue };
            // Not where the title introduces a name (that is the definition).
            let introduces = candidates.iter().any(|c| {
                c.label == EntityLabel::PER && c.first > i + 1 && c.first <= i + 4 && {
                    (i + 2..c.first).all(|k| doc.tokens[k].kind == TokenKind::Word && !taken(k))
                }
            });
            if introduces {
                continue;
            }
            let p = &entities[person];
            out.push(Entity {
                range: TextRange { start: name_start(doc, &doc.tokens[i]), end: doc.tokens[i + 1].range.end },
                label: EntityLabel::PER,
                entity_id: p.entity_id.clone(),
                canonical: p.canonical.clone(),
                latin: p.latin.clone(),
                nationality: None,
                confidence: Some(0.6),
                origin: Origin::rule(TITLE_RULE),
            });
        }
        out
    }
}

impl Stage for NerStage {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Sentences, Layer::Tokens]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Entities]
    }

    fn run(&self, doc: &mut Doc) {
        let text_len = doc.text().len() as u32;
        if let Some(bad) =
            doc.tokens.iter().position(|t| t.range.end > text_len || t.range.start > t.range.end)
        {
            doc.diagnostics.push(Diagnostic::new(
                Level::Error,
                format!("ner: token {bad} lies outside the text; entities not computed"),
            ));
            doc.entities.clear();
            return;
        }
        // Token runs: one per sentence (all tokens when there are none).
        let mut runs: Vec<std::ops::Range<usize>> =
            doc.sentences.iter().map(|s| doc.tokens_in(s.range)).filter(|r| !r.is_empty()).collect();
        if runs.is_empty() && !doc.tokens.is_empty() {
            runs.push(0..doc.tokens.len());
        }
        let mut model = Vec::new();
        let mut gazetteer = Vec::new();
        self.tag_runs(doc, &runs, &mut model);
        for run in &runs {
            self.gazetteer_matches(doc, run.clone(), &mut gazetteer);
        }
        let mut candidates = merge(model, gazetteer);
        trim_verbs(doc, &mut candidates);
        let starts: Vec<usize> = runs.iter().map(|r| r.start).collect();
        drop_bare_facility_heads(doc, &mut candidates);
        self.join_heads(doc, &mut candidates, &starts);
        self.complete_places(doc, &mut candidates);
        complete_organisations(doc, &mut candidates, &starts);
        drop_adjective_uses(doc, &mut candidates);
        // Pairs of name keys that name one entity (full name, other name).
        let mut same_entity = find_abbreviations(doc, &mut candidates);
        let propagated = propagate(doc, &candidates, &runs);
        candidates.extend(propagated);
        same_entity.extend(facility_references(doc, &mut candidates));
        drop_adjective_uses(doc, &mut candidates);
        candidates.sort_by_key(|c| (c.first, c.last));
        let mut entities: Vec<Entity> = (0..candidates.len())
            .map(|i| Entity {
                confidence: Some(candidates[i].confidence),
                ..Entity::new(
                    entities_range(&candidates, i, doc),
                    candidates[i].label,
                    candidates[i].origin.clone(),
                )
            })
            .collect();
        self.link(doc, &candidates, &mut entities, &same_entity);
        let references = self.title_references(doc, &candidates, &entities);
        entities.extend(references);
        entities.sort_by_key(|e| (e.range.start, e.range.end));
        doc.entities = entities;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};
    use marsad_core::DocMeta;

    /// Runs the stage on `text` split and tokenised by Marsad's own
    /// sentence splitter and tokenizer; one entity a line: `text LABEL
    /// origin` (the origin's kind and, for lexicon entries, the file).
    fn check(text: &str, expected: Expect) {
        let mut doc = Doc::new(DocMeta::default(), text.to_string());
        doc.sentences = marsad_arabic::sentences::split_sentences(text);
        doc.tokens = marsad_arabic::tokenize::tokenize(text);
        NerStage::new().run(&mut doc);
        let mut out = String::new();
        for e in &doc.entities {
            let origin = match &e.origin {
                Origin::Model { .. } => "model".to_string(),
                Origin::Rule { name } => format!("rule:{name}"),
                Origin::Lexicon { file, .. } => format!("lexicon:{}", file.rsplit('/').next().unwrap_or("")),
            };
            out.push_str(&format!("{} {:?} {origin}\n", doc.slice(e.range), e.label));
        }
        expected.assert_eq(&out);
    }

    #[test]
    fn curated_names_whose_first_word_starts_with_waw() {
        // وكالة and وزارة begin with a و that is not a conjunction.
        check(
            "ونقلت وكالة الأنباء العراقية عن وزارة الكهرباء قولها إن العمل مستمر.",
            expect![[r#"
                وكالة الأنباء العراقية ORG lexicon:organizations.tsv
                وزارة الكهرباء ORG lexicon:organizations.tsv
            "#]],
        );
    }

    #[test]
    fn countries_and_capitals_from_the_curated_list() {
        check(
            "وصل الوفد إلى المنامة أمس قادما من الدوحة.",
            expect![[r#"
            المنامة LOC lexicon:places.tsv
            الدوحة LOC model
        "#]],
        );
        check(
            "وافقت الدول الأربع، وهي السعودية والإمارات والبحرين ومصر، على البيان.",
            expect![[r#"
            السعودية LOC model
            الإمارات LOC model
            البحرين LOC model
            مصر LOC model
        "#]],
        );
    }

    #[test]
    fn a_country_name_used_as_an_adjective_is_not_a_place() {
        check("وقالت الحكومة السعودية إن القوات السعودية انسحبت.", expect![""]);
    }

    #[test]
    fn facility_and_place_names_are_whole_places() {
        // The adjective that ends a facility's name is part of it; a name
        // after a facility head is a place, whatever the model said.
        check(
            "وصلت التعزيزات إلى قاعدة حرير الجوية في أربيل.",
            expect![[r#"
                قاعدة حرير الجوية LOC model
                أربيل LOC model
            "#]],
        );
        check(
            "وأغلقت السلطات معبر طريبيل الحدودي أمام الشاحنات.",
            expect![[r#"
                معبر طريبيل الحدودي LOC rule:ner-facility-head
            "#]],
        );
        check(
            "وقصفت الطائرات مواقع في ريف دير الزور الشرقي.",
            expect![[r#"
                ريف دير الزور LOC model
            "#]],
        );
        // Not after a person or an organisation, and not an adjective of
        // the sentence that follows a plain place.
        check(
            "وقال وزير الدفاع العراقي إن بغداد الدولية تستعد.",
            expect![[r#"
                بغداد LOC model
            "#]],
        );
    }

    #[test]
    fn known_real_news_errors() {
        // A curated organisation keeps its label against the model's place;
        // a ship's name after its head noun is MISC, not a person.
        check(
            "فرض عقوبات على شركات تنقل النفط لصالح جماعة أنصار الله في اليمن.",
            expect![[r#"
                جماعة أنصار الله ORG lexicon:organizations.tsv
                اليمن LOC model
            "#]],
        );
        check(
            "وكانت ناقلة البضائع \"ستار أوف مونروفيا\" قد أصيبت بصاروخ قرب عدن.",
            expect![[r#"
                ستار أوف مونروفيا MISC model
                عدن LOC model
            "#]],
        );
        check(
            "وقال مراسل لبي بي سي إن الوضع هادئ.",
            expect![[r#"
            بي بي سي ORG lexicon:organizations.tsv
        "#]],
        );
        // على (the preposition) is not the name علي propagated.
        check(
            "وقال علي حسن إن الهجوم وقع على الحدود. وأكد علي ذلك.",
            expect![[r#"
            علي حسن PER model
            علي PER model
        "#]],
        );
    }

    #[test]
    fn every_alias_line_is_read_and_no_form_is_listed_twice() {
        let lines: Vec<&str> = ALIASES_TSV.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
        let (groups, by_key) = aliases();
        assert_eq!(groups.len(), lines.len(), "a line of data/aliases.tsv was not read");
        let forms: usize = lines.iter().map(|l| 1 + l.split('\t').nth(2).unwrap().split('|').count()).sum();
        assert_eq!(by_key.len(), forms, "a form is listed twice (or twice under one key)");
        for line in lines {
            let label = line.split('\t').nth(1).unwrap();
            assert!(["PER", "ORG", "LOC", "MISC"].contains(&label), "bad label in {line:?}");
        }
    }

    #[test]
    fn agency_acronyms() {
        check(
            "وذكرت وكالة الأنباء السعودية (واس) أن الاجتماع انتهى.",
            expect![[r#"
            وكالة الأنباء السعودية ORG model
            واس ORG model
        "#]],
        );
    }
}
