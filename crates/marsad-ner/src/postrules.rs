//! Post-rules on the tagger's BIO tags: repairs the tagger makes often and
//! a rule fixes reliably, applied by [`crate::NerStage`] and by the
//! evaluations (`marsad tag`, `marsad eval ner`, the `cv` and `devsplit`
//! examples), so the measured numbers are the stage's.
//!
//! - [`repair_sentence`]: names joined by و split
//!   ([`split_coordinated_names`]); a person's name extended over its
//!   chains (`حمد بن عيسى آل خليفة`, `زيان بن` + `مدافع`) and a regnal
//!   number after a ruler (`محمد الخامس`, `الملك` … `الثالث عشر`); a title
//!   or a nationality adjective the tagger pulled into the start of a name
//!   cut off (`السويسري جوزيف بلاتر` → `جوزيف بلاتر`); a ship's name after
//!   its head noun made MISC (`ناقلة "ستار أوف مونروفيا"`).
//! - [`propagate_in_window`]: names the tagger found in one sentence tagged
//!   in the neighbouring sentences where it missed them (for CoNLL input,
//!   which has no article boundaries; the stage propagates within the
//!   article itself).

use crate::eval::chunks;
use crate::features::{
    base_key, feature_norm, split_coordinated_names, GazetteerLabel, Lexicons, TriggerClass,
};
use std::collections::{BTreeMap, BTreeSet};

const NAME_PARTICLES_TSV: &str = include_str!("../data/name-particles.tsv");

/// Longest name propagated, in tokens.
const MAX_PROPAGATED_TOKENS: usize = 6;

/// Sentences on either side whose names [`propagate_in_window`] uses by
/// default: close enough to be the same article most of the time.
pub const PROPAGATION_WINDOW: usize = 3;

/// The class of a word in `data/name-particles.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Particle {
    /// بن ابن بنت ولد: the next word is the father's (or tribe's) name.
    Chain,
    /// أبو أبي أبا: starts a name by a child's name.
    Kunya,
    /// آل: the family name follows.
    Family,
    /// عبد: the first half of a compound name.
    Abd,
    /// الأول … العاشر, الحادي: a regnal number.
    Ordinal,
    /// الملك, السلطان …: a ruler whose name may carry a regnal number.
    Ruler,
    /// ناقلة, سفينة …: the head noun before a ship's name.
    Vessel,
    /// الأمريكي, السياسي …: a definite adjective ending in ي that follows a
    /// name without being part of it (unlike a family nisba: الخطابي).
    Adjective,
    /// عضو, مدرب …: a role noun in apposition after a name (`أحمد توفيق
    /// عضو مجلس الإدارة`), never its last word.
    Role,
    /// أخيه, عمه …: a kinship word with a pronoun (`زيان ابن أخيه`): a
    /// chain word before it does not continue the name.
    Kin,
    /// الجوية, الحدودي …: an adjective that ends a facility's name
    /// (`قاعدة حرير الجوية`, `معبر طريبيل الحدودي`); used by the stage.
    FacilityAdjective,
    /// ريف …: a word that names a place only with the place after it
    /// (`ريف دمشق`); used by the stage.
    PlacePart,
    /// حي, محافظة, ملك …: a head noun whose next word, in the construct
    /// state, is a place's name (`حي البياع`, `ملك أراجون`).
    PlaceHead,
    /// نادي …: a head noun whose next word is an organisation's name.
    OrgHead,
    /// العراقية, الثوري …: an adjective that ends an organisation's name in
    /// the stage's spans (`وزارة الخارجية العراقية`).
    OrgAdjective,
}

fn particles() -> &'static BTreeMap<String, Particle> {
    static TABLE: std::sync::OnceLock<BTreeMap<String, Particle>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = BTreeMap::new();
        for line in NAME_PARTICLES_TSV.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let Some((word, classes)) = line.split_once('\t') else { continue };
            // The stage's own classes are kept apart (`stage_words`); a word
            // has one class for the rules here.
            let Some(class) = classes.split(',').map(str::trim).find(|c| !STAGE_CLASSES.contains(c)) else {
                continue;
            };
            let class = match class {
                "CHAIN" => Particle::Chain,
                "KUNYA" => Particle::Kunya,
                "FAMILY" => Particle::Family,
                "ABD" => Particle::Abd,
                "ORDINAL" => Particle::Ordinal,
                "RULER" => Particle::Ruler,
                "VESSEL" => Particle::Vessel,
                "ADJECTIVE" => Particle::Adjective,
                "ROLE" => Particle::Role,
                "KIN" => Particle::Kin,
                "FACILITY_ADJECTIVE" => Particle::FacilityAdjective,
                "PLACE_PART" => Particle::PlacePart,
                "PLACE_HEAD" => Particle::PlaceHead,
                "ORG_HEAD" => Particle::OrgHead,
                _ => continue,
            };
            table.insert(feature_norm(word), class);
        }
        table
    })
}

/// The particle class of a token: as written (آل, أبو), else without
/// و ف ب ك ل (وأبو, للملك).
fn particle_of(word: &str) -> Option<Particle> {
    let table = particles();
    table.get(&feature_norm(word)).or_else(|| table.get(&base_key(word))).copied()
}

/// Classes of `data/name-particles.tsv` that only the stage reads (spans of
/// facility and place names); a word may have one of them besides its class
/// for the tag rules (`الدولي`: ADJECTIVE,FACILITY_ADJECTIVE).
const STAGE_CLASSES: [&str; 3] = ["FACILITY_ADJECTIVE", "PLACE_PART", "ORG_ADJECTIVE"];

/// Words of the stage's classes: normalised word → its classes (`الجوية`
/// ends both a facility's name and an organisation's).
fn stage_words() -> &'static BTreeMap<String, Vec<Particle>> {
    static TABLE: std::sync::OnceLock<BTreeMap<String, Vec<Particle>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: BTreeMap<String, Vec<Particle>> = BTreeMap::new();
        for line in NAME_PARTICLES_TSV.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let Some((word, classes)) = line.split_once('\t') else { continue };
            for class in classes.split(',').map(str::trim) {
                let class = match class {
                    "FACILITY_ADJECTIVE" => Particle::FacilityAdjective,
                    "PLACE_PART" => Particle::PlacePart,
                    "ORG_ADJECTIVE" => Particle::OrgAdjective,
                    _ => continue,
                };
                table.entry(feature_norm(word)).or_default().push(class);
            }
        }
        table
    })
}

/// Whether the stage's table gives `word` (as written, or also without
/// و ف ب ك ل when `stripped`) the class `class`.
fn has_stage_class(word: &str, class: Particle, stripped: bool) -> bool {
    let table = stage_words();
    let mut classes = table.get(&feature_norm(word));
    if classes.is_none() && stripped {
        classes = table.get(&base_key(word));
    }
    classes.is_some_and(|c| c.contains(&class))
}

/// Whether a word ends a facility's name (`الجوية` in `قاعدة حرير الجوية`).
pub(crate) fn is_facility_adjective(word: &str) -> bool {
    has_stage_class(word, Particle::FacilityAdjective, false)
}

/// Whether a word names a place only together with the place after it
/// (`ريف` in `ريف دمشق`), as written or without و ف ب ك ل (`بريف`).
pub(crate) fn is_place_part(word: &str) -> bool {
    has_stage_class(word, Particle::PlacePart, true)
}

/// Whether a word ends an organisation's name in the stage's spans: a
/// listed adjective (ORG_ADJECTIVE: `العراقي`), or its feminine in ة
/// (`العراقية`).
pub(crate) fn is_org_adjective(word: &str) -> bool {
    if has_stage_class(word, Particle::OrgAdjective, false) {
        return true;
    }
    let norm = feature_norm(word);
    norm.strip_suffix('ه').is_some_and(|masculine| has_stage_class(masculine, Particle::OrgAdjective, false))
}

fn is_person(tag: &str) -> bool {
    matches!(tag.get(2..), Some("PERS" | "PER"))
}

/// Whether a token is a word (has an Arabic or Latin letter), not a number
/// or punctuation.
fn is_word(token: &str) -> bool {
    token.chars().any(|c| c.is_alphabetic())
}

/// Rewrites `tags[start..end]` as one chunk of type `ty`.
fn set_chunk(tags: &mut [String], ty: &str, start: usize, end: usize) {
    for (i, tag) in tags.iter_mut().enumerate().take(end).skip(start) {
        *tag = format!("{}-{ty}", if i == start { "B" } else { "I" });
    }
}

/// All sentence-level post-rules, in order: [`split_coordinated_names`],
/// person spans ([`repair_person_spans`]), adjacent persons
/// ([`join_adjacent_persons`]), ships ([`relabel_vessels`]), names after
/// a construct-state head ([`tag_after_name_heads`]), adjectives that are
/// also names ([`drop_adjective_uses`]).
/// `tags` are the tagger's BIO tags for `tokens` (ANERcorp's `PERS` or
/// `PER`); they are rewritten in place and stay valid BIO.
pub fn repair_sentence<S: AsRef<str>>(tokens: &[S], tags: &mut [String]) {
    if tokens.len() != tags.len() {
        return;
    }
    split_coordinated_names(tokens, tags);
    repair_person_spans(tokens, tags);
    join_adjacent_persons(tokens, tags);
    relabel_vessels(tokens, tags);
    tag_after_name_heads(tokens, tags);
    drop_adjective_uses(tokens, tags);
}

/// Whether a word is definite (the article, after any proclitic) and more
/// than the article and a letter or two: the word an adjective agrees with
/// (`القوات` in `القوات السعودية`).
pub(crate) fn is_definite_word(word: &str) -> bool {
    let key = base_key(word);
    key.starts_with("ال") && key.chars().count() > 3
}

/// A one-word place or organisation that is also an adjective (`ADJ` in
/// `data/places.tsv` and `data/organizations.tsv`: السعودية, العربية) right
/// after a definite word is the adjective (`القوات السعودية`, `الدول
/// العربية`), not the country or the channel: its tag is dropped, as the
/// stage drops it.
pub fn drop_adjective_uses<S: AsRef<str>>(tokens: &[S], tags: &mut [String]) {
    let lex = Lexicons::embedded();
    for (ty, start, end) in chunks(tags) {
        if end != start + 1 || (ty != "LOC" && ty != "ORG") || start == 0 || tags[start - 1] != "O" {
            continue;
        }
        if is_definite_word(tokens[start - 1].as_ref())
            && lex.adjective_names.contains(&base_key(tokens[start].as_ref()))
        {
            tags[start] = "O".to_string();
        }
    }
}

/// A word the tagger left untagged right after a head noun that, in the
/// construct state, is always followed by a name (`حي`, `محافظة`, `ملك`:
/// a place; `نادي`: an organisation; `data/name-particles.tsv` classes
/// PLACE_HEAD and ORG_HEAD, as written or after و ف ب ك ل) is tagged as
/// that name (`في حي البياع`, `ملك أراجون`). The tagger sees these heads as
/// features but a word it knows as ordinary (`المدينة`) outweighs them.
/// Not taken: an indefinite word ending in ي or ية that is no listed name,
/// an adjective (`حي سكني`, `نادي رياضي`), nor a word with a class of its
/// own here.
pub fn tag_after_name_heads<S: AsRef<str>>(tokens: &[S], tags: &mut [String]) {
    for i in 1..tokens.len() {
        if tags[i - 1] != "O" || tags[i] != "O" {
            continue;
        }
        let ty = match particle_of(tokens[i - 1].as_ref()) {
            Some(Particle::PlaceHead) => "LOC",
            Some(Particle::OrgHead) => "ORG",
            _ => continue,
        };
        let word = tokens[i].as_ref();
        let key = base_key(word);
        let letters = key.chars().filter(|c| c.is_alphabetic()).count();
        // On the written word: the normalisation spells ى (ديالى) as ي. A
        // listed name in ي is a name (`نادي تشيلسي`).
        let written = word.trim_end_matches(|c: char| ('\u{064B}'..='\u{0652}').contains(&c));
        let indefinite_adjective = !key.starts_with("ال")
            && (written.ends_with('ي') || written.ends_with("ية"))
            && !Lexicons::embedded().names.contains_key(&key);
        // Tanween marks an indefinite word, an adverb or adjective
        // (`أصبحت محافظة مؤخراً`), never a name in the construct state.
        let tanween = word.contains(['\u{064B}', '\u{064C}', '\u{064D}']);
        if letters < 2 || !key.chars().all(char::is_alphabetic) || indefinite_adjective || tanween {
            continue;
        }
        if particle_of(word).is_some() || Lexicons::embedded().trigger_of(word).is_some() {
            continue;
        }
        tags[i] = format!("B-{ty}");
        // A name of the same type right after, with no proclitic of its
        // own, is the rest of this one (`محافظة شمال` + `سيناء`; not `حي
        // الخضراء` + `ببغداد`).
        // Any first letter that could be a proclitic counts: the stripper
        // keeps the ب of ببغداد, since بغداد itself starts with one.
        let rest_of_name = tokens.get(i + 1).is_some_and(|next| {
            !next.as_ref().starts_with(['و', 'ف', 'ب', 'ك', 'ل'])
                && tags[i + 1].strip_prefix("B-") == Some(ty)
        });
        if rest_of_name {
            tags[i + 1] = format!("I-{ty}");
        }
    }
}

/// Person-name spans, in order: cuts a leading title (`للسيد`) or listed
/// adjective (`السويسري`, `data/name-particles.tsv`) and a trailing role
/// noun (`عضو`) off a name of two or more words; extends a name to the left
/// over a kunya (`أبو` + `مصعب الزرقاوي`) or over the person's own name
/// before a chain word (`معاوية` + `بن أبي سفيان`); extends it to the right
/// over chains (`زيان بن` + `مدافع`, `حمد بن عيسى` + `آل خليفة`, not
/// `ابن أخيه`), over a family nisba (`عبد الكريم` + `الخطابي`,
/// `is_family_nisba`) and over a regnal number (`الخامس`, `الثالث عشر`)
/// after a one-word listed given name or a ruler's title (`الملك`,
/// `السلطان`).
pub fn repair_person_spans<S: AsRef<str>>(tokens: &[S], tags: &mut [String]) {
    let lex = Lexicons::embedded();
    let word = |i: usize| tokens[i].as_ref();
    let n = tokens.len();
    let is_listed_name = |w: &str| {
        matches!(lex.names.get(&base_key(w)), Some(GazetteerLabel::Person | GazetteerLabel::FamilyName))
    };
    for (ty, chunk_start, chunk_end) in chunks(tags) {
        if ty != "PERS" && ty != "PER" {
            continue;
        }
        // An earlier chunk's extension may have taken this one over.
        if !tags[chunk_start].starts_with("B-") && chunk_start > 0 && is_person(&tags[chunk_start - 1]) {
            continue;
        }
        let (mut start, mut end) = (chunk_start, chunk_end);
        // Cut a leading title or nationality adjective.
        if end - start >= 2 {
            let first = word(start);
            let title = lex.trigger_of(first) == Some(TriggerClass::PersonTitle) && !is_listed_name(first);
            // Only a listed adjective: a Maghrebi given name may be a
            // definite word in ي too (الهادي, المهدي).
            let nationality = particle_of(first) == Some(Particle::Adjective) && !is_listed_name(first);
            if title || nationality {
                tags[start] = "O".to_string();
                start += 1;
            }
        }
        // Cut a role noun in apposition off the end (… توفيق عضو).
        while end - start >= 2 && particle_of(word(end - 1)) == Some(Particle::Role) {
            tags[end - 1] = "O".to_string();
            end -= 1;
        }
        // Extend to the left: a kunya before the name (أبو + مصعب الزرقاوي),
        // or the person's own name before a chain word (معاوية + بن أبي
        // سفيان; not a word with a conjunction: وقال بن شملان).
        if start > 0 && tags[start - 1] == "O" && is_word(word(start - 1)) {
            let before = word(start - 1);
            let kunya = particle_of(before) == Some(Particle::Kunya);
            let own_name = particle_of(word(start)) == Some(Particle::Chain)
                && !before.starts_with('و')
                && !base_key(before).starts_with("ال")
                && lex.trigger_of(before).is_none()
                && particle_of(before).is_none();
            if kunya || own_name {
                start -= 1;
            }
        }
        // Extend over chains.
        loop {
            if end >= n || !is_word(word(end)) {
                break;
            }
            let last = particle_of(word(end - 1));
            let next = particle_of(word(end));
            if matches!(last, Some(Particle::Chain | Particle::Kunya | Particle::Family | Particle::Abd))
                && tags[end] == "O"
                && !matches!(next, Some(Particle::Kin | Particle::Role | Particle::Adjective))
            {
                end += 1;
                continue;
            }
            if matches!(next, Some(Particle::Chain | Particle::Family))
                && tags[end] == "O"
                && end + 1 < n
                && is_word(word(end + 1))
                && (tags[end + 1] == "O" || is_person(&tags[end + 1]))
            {
                end += 2;
                while end < n && tags[end].starts_with("I-") && is_person(&tags[end]) {
                    end += 1;
                }
                continue;
            }
            break;
        }
        // A family nisba after the name (عبد الكريم + الخطابي): a definite
        // word ending in ي (not ى: المتوفى) that is no listed adjective.
        while end < n && tags[end] == "O" && is_family_nisba(word(end)) {
            end += 1;
        }
        // A regnal number.
        if end < n && tags[end] == "O" && particle_of(word(end)) == Some(Particle::Ordinal) {
            let after_ruler = start > 0 && particle_of(word(start - 1)) == Some(Particle::Ruler);
            let one_given_name = end - start == 1
                && matches!(lex.names.get(&base_key(word(start))), Some(GazetteerLabel::Person));
            if after_ruler || one_given_name {
                end += 1;
                if end < n && tags[end] == "O" && feature_norm(word(end)) == "عشر" {
                    end += 1;
                }
            }
        }
        if (start, end) != (chunk_start, chunk_end) {
            set_chunk(tags, &ty, start, end);
            // A chunk that now ends right before a token continuing the same
            // type must not swallow it: make the next one start anew.
            if end < n && tags[end].starts_with("I-") {
                tags[end].replace_range(..1, "B");
            }
        }
    }
}

/// Whether a word following a person's name is a family nisba that
/// belongs to it: written with its article and no other proclitic
/// (الخطابي, not والفرنسي), ending in ي (not ى), five letters or more,
/// and not an adjective, ordinal or other particle of
/// `data/name-particles.tsv`.
fn is_family_nisba(word: &str) -> bool {
    let norm = feature_norm(word);
    norm.starts_with("ال")
        && norm.ends_with('ي')
        && !word.ends_with('ى')
        && norm.chars().count() >= 5
        && particle_of(word).is_none()
        && Lexicons::embedded().trigger_of(word).is_none()
}

/// Two person names side by side with no conjunction are one name the
/// tagger cut in two (`يحيى` + `بيرت`, `دومينيك دو` + `فيلبان`): a
/// `B-PERS` right after a person's token becomes `I-PERS` unless its word
/// starts with و (`بوش وبلير` stay two).
pub fn join_adjacent_persons<S: AsRef<str>>(tokens: &[S], tags: &mut [String]) {
    for i in 1..tags.len().min(tokens.len()) {
        if is_person(&tags[i - 1])
            && tags[i].starts_with("B-")
            && is_person(&tags[i])
            && !tokens[i].as_ref().starts_with('و')
        {
            tags[i].replace_range(..1, "I");
        }
    }
}

/// A person or place the tagger found right after a ship's head noun
/// (`ناقلة`, `السفينة`), perhaps inside quotation marks, is the ship's
/// name: MISC.
pub fn relabel_vessels<S: AsRef<str>>(tokens: &[S], tags: &mut [String]) {
    for (ty, start, end) in chunks(tags) {
        if ty != "PERS" && ty != "PER" && ty != "LOC" {
            continue;
        }
        // Skip a quotation mark, then look at the word before, or the one
        // before that when it is a definite word (ناقلة النفط "…").
        let mut head = start;
        while head > 0 && !is_word(tokens[head - 1].as_ref()) && start - head < 2 {
            head -= 1;
        }
        let is_vessel =
            |i: usize| tags[i] == "O" && particle_of(tokens[i].as_ref()) == Some(Particle::Vessel);
        let vessel = (head > 0 && is_vessel(head - 1))
            || (head > 1
                && tags[head - 1] == "O"
                && base_key(tokens[head - 1].as_ref()).starts_with("ال")
                && is_vessel(head - 2));
        if vessel {
            set_chunk(tags, "MISC", start, end);
        }
    }
}

/// The key a name is matched under: each word's [`base_key`], with a final
/// ى kept apart from ي (the normalisation merges them, but `على` the
/// preposition is not `علي` the name).
pub(crate) fn strict_key(word: &str) -> String {
    let mut key = base_key(word);
    if word.trim_end_matches(|c: char| ('\u{064B}'..='\u{0652}').contains(&c)).ends_with('ى') {
        key.push('ى');
    }
    key
}

/// Tags the untagged mentions of names the tagger found within `window`
/// sentences either side: a name (its words as [`strict_key`]s) tagged with
/// one type only there is tagged where it occurs untagged, and so is a
/// person's family name alone (the last word of a person's name of two or
/// more words, unless it is a listed given name, a trigger word or a
/// particle). First words of two letters or fewer are left alone. `sentences[s]` are the tokens of
/// sentence `s`, `tags[s]` their BIO tags (rewritten in place).
pub fn propagate_in_window<S: AsRef<str>>(sentences: &[Vec<S>], tags: &mut [Vec<String>], window: usize) {
    if sentences.len() != tags.len() || sentences.iter().zip(tags.iter()).any(|(s, t)| s.len() != t.len()) {
        return;
    }
    let lex = Lexicons::embedded();
    // Names of each sentence, from the tags before propagation.
    let names: Vec<Vec<(Vec<String>, String)>> = sentences
        .iter()
        .zip(tags.iter())
        .map(|(words, tags)| {
            let mut names = Vec::new();
            for (ty, s, e) in chunks(tags) {
                names.push((words[s..e].iter().map(|w| strict_key(w.as_ref())).collect(), ty.clone()));
                // A person's family name alone (جوتشولك after برند
                // جوتشولك): not a given name, title or particle.
                let last = words[e - 1].as_ref();
                if (ty == "PERS" || ty == "PER")
                    && e - s >= 2
                    && !matches!(lex.names.get(&base_key(last)), Some(GazetteerLabel::Person))
                    && lex.trigger_of(last).is_none()
                    && particle_of(last).is_none()
                    && base_key(last).chars().count() > 2
                {
                    names.push((vec![strict_key(last)], ty));
                }
            }
            names
        })
        .collect();
    for s in 0..sentences.len() {
        let mut known: BTreeMap<&[String], BTreeSet<&str>> = BTreeMap::new();
        for sentence in names.iter().take((s + window + 1).min(names.len())).skip(s.saturating_sub(window)) {
            for (key, ty) in sentence {
                known.entry(key.as_slice()).or_default().insert(ty.as_str());
            }
        }
        let first_words: BTreeSet<&str> =
            known.keys().filter_map(|k| k.first()).map(String::as_str).collect();
        let words: Vec<String> = sentences[s].iter().map(|w| strict_key(w.as_ref())).collect();
        let tags = &mut tags[s];
        let mut i = 0;
        while i < words.len() {
            let mut best = None;
            if tags[i] == "O" && words[i].chars().count() > 2 && first_words.contains(words[i].as_str()) {
                for len in 1..=MAX_PROPAGATED_TOKENS.min(words.len() - i) {
                    if tags[i + len - 1] != "O" {
                        break;
                    }
                    if let Some(types) = known.get(&words[i..i + len]) {
                        if types.len() == 1 {
                            best = types.first().map(|ty| (len, ty.to_string()));
                        }
                    }
                }
            }
            match best {
                Some((len, ty)) => {
                    set_chunk(tags, &ty, i, i + len);
                    if tags.get(i + len).is_some_and(|t| t.starts_with("I-")) {
                        tags[i + len].replace_range(..1, "B");
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
    }
}

/// [`repair_sentence`] on every sentence, then [`propagate_in_window`]
/// with [`PROPAGATION_WINDOW`] and [`join_adjacent_persons`] again: what
/// the CoNLL commands and evaluations apply to the model's tags of
/// consecutive sentences.
pub fn repair_document<S: AsRef<str>>(sentences: &[Vec<S>], tags: &mut [Vec<String>]) {
    for (words, tags) in sentences.iter().zip(tags.iter_mut()) {
        repair_sentence(words, tags);
    }
    propagate_in_window(sentences, tags, PROPAGATION_WINDOW);
    // Propagation may tag a given name and a family name side by side.
    for (words, tags) in sentences.iter().zip(tags.iter_mut()) {
        join_adjacent_persons(words, tags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    /// One case: `word/TAG` tokens (TAG `O` or a BIO tag); prints the
    /// chunks after [`repair_sentence`].
    fn check(tagged: &str, expected: Expect) {
        let (tokens, mut tags): (Vec<&str>, Vec<String>) = tagged
            .split_whitespace()
            .map(|t| {
                let (w, tag) = t.rsplit_once('/').expect("word/TAG");
                (w, tag.to_string())
            })
            .unzip();
        repair_sentence(&tokens, &mut tags);
        let out: Vec<String> =
            chunks(&tags).into_iter().map(|(ty, s, e)| format!("{} {ty}", tokens[s..e].join(" "))).collect();
        expected.assert_eq(&out.join(" | "));
    }

    #[test]
    fn chains_extend_a_person() {
        check(
            "الملك/O حمد/B-PERS بن/I-PERS عيسى/I-PERS آل/I-PERS خليفة/O ملك/O",
            expect!["حمد بن عيسى آل خليفة PERS"],
        );
        check(
            "تولي/O أبي/B-PERS جميل/I-PERS زيان/I-PERS بن/I-PERS مدافع/O الحكم/O",
            expect!["أبي جميل زيان بن مدافع PERS"],
        );
        check("حمد/B-PERS بن/O عيسى/B-PERS آل/O خليفة/O عاهل/O", expect!["حمد بن عيسى آل خليفة PERS"]);
        check("الأمير/O زيان/B-PERS ابن/I-PERS أخيه/O ليفاوض/O", expect!["زيان ابن PERS"]);
        check("هاجر/O معاوية/O بن/B-PERS أبي/I-PERS سفيان/I-PERS في/O", expect!["معاوية بن أبي سفيان PERS"]);
        check("وقال/O بن/B-PERS شملان/I-PERS إن/O", expect!["بن شملان PERS"]);
        check("العراق/O أبو/O مصعب/B-PERS الزرقاوي/I-PERS ./O", expect!["أبو مصعب الزرقاوي PERS"]);
        // A family nisba joins, an adjective or a word ending in ى does not.
        check("بيت/O عبد/B-PERS الكريم/I-PERS الخطابي/O بأجدير/O", expect!["عبد الكريم الخطابي PERS"]);
        check("أكد/O جون/B-PERS كيري/I-PERS الأمريكي/O أن/O", expect!["جون كيري PERS"]);
        check("علاء/B-PERS الدين/I-PERS المتوفى/O سنة/O", expect!["علاء الدين PERS"]);
        // A chain word before punctuation is left alone.
        check("زيان/B-PERS ابن/I-PERS ،/O", expect!["زيان ابن PERS"]);
    }

    #[test]
    fn regnal_numbers_after_rulers_and_given_names() {
        check("عرض/O عليه/O محمد/B-PERS الخامس/O رتبة/O", expect!["محمد الخامس PERS"]);
        check("للسلطان/O إبراهيم/B-PERS خان/I-PERS الأول/O (/O", expect!["إبراهيم خان الأول PERS"]);
        check("الملك/O ألفونسو/B-PERS الثالث/O عشر/O", expect!["ألفونسو الثالث عشر PERS"]);
        // A ranking after a player's full name is not a regnal number.
        check("والتشيكي/O توماس/B-PERS برديتش/I-PERS الثاني/O عشر/O", expect!["توماس برديتش PERS"]);
    }

    #[test]
    fn leading_titles_and_nationalities_are_cut() {
        check("مفاجأة/O للسيد/B-PERS برلسكوني/I-PERS حيث/O", expect!["برلسكوني PERS"]);
        check("كلا/O من/O أحمد/B-PERS توفيق/I-PERS عضو/I-PERS مجلس/O", expect!["أحمد توفيق PERS"]);
        check(
            "الفيفا/B-ORG السويسري/B-PERS جوزيف/I-PERS بلاتر/I-PERS ./O",
            expect!["الفيفا ORG | جوزيف بلاتر PERS"],
        );
        // A one-word name stays, and a listed family name is a name.
        check("قال/O الكاظمي/B-PERS إن/O", expect!["الكاظمي PERS"]);
        check("قال/O الجبوري/B-PERS علي/I-PERS إن/O", expect!["الجبوري علي PERS"]);
        check("الأمين/O العام/O الهادي/B-PERS الزغلامي/I-PERS إن/O", expect!["الهادي الزغلامي PERS"]);
    }

    #[test]
    fn names_after_construct_heads() {
        check("في/O حي/O البياع/O جنوب/O", expect!["البياع LOC"]);
        check("ومحافظة/O خراسان/O تصدر/O", expect!["خراسان LOC"]);
        check("ملك/O أراجون/O قراره/O", expect!["أراجون LOC"]);
        check("لاعب/O نادي/O تشيلسي/O", expect!["تشيلسي ORG"]);
        // Adjectives, numbers and names already tagged are left alone.
        check("في/O حي/O سكني/O", expect![""]);
        check("نادي/O رياضي/O", expect![""]);
        check("محافظة/O 12/O", expect![""]);
        check("محافظة/O صلاح/B-LOC الدين/I-LOC", expect!["صلاح الدين LOC"]);
        check("أصبحت/O محافظة/O مؤخراً/O", expect![""]);
        check("محافظة/O شمال/O سيناء/B-LOC -التي/O", expect!["شمال سيناء LOC"]);
        check("حي/O الخضراء/O ببغداد/B-LOC", expect!["الخضراء LOC | ببغداد LOC"]);
    }

    #[test]
    fn adjectives_that_are_also_names() {
        check("القوات/O السعودية/B-LOC و/O", expect![""]);
        check("الدول/O العربية/B-ORG ./O", expect![""]);
        check("زار/O السعودية/B-LOC ./O", expect!["السعودية LOC"]);
    }

    #[test]
    fn ships_are_misc() {
        check(
            "ناقلة/O البضائع/O \"/O ستار/B-PERS أوف/I-PERS مونروفيا/I-PERS \"/O",
            expect!["ستار أوف مونروفيا MISC"],
        );
        check(
            "السفينة/O \"/O ستار/B-PERS أوف/I-PERS مونروفيا/I-PERS \"/O",
            expect!["ستار أوف مونروفيا MISC"],
        );
        check("سفينة/O غالاكسي/B-LOC ليدر/I-LOC", expect!["غالاكسي ليدر MISC"]);
    }

    #[test]
    fn names_joined_by_waw_are_split_and_halves_without_it_joined() {
        check("بوش/B-PERS وبلير/I-PERS", expect!["بوش PERS | وبلير PERS"]);
        check("وقدم/O يحيى/B-PERS بيرت/B-PERS الحاصل/O", expect!["يحيى بيرت PERS"]);
        check("شافيز/B-PERS ولوكاشنكو/B-PERS", expect!["شافيز PERS | ولوكاشنكو PERS"]);
    }

    #[test]
    fn propagation_in_a_window() {
        let sentences: Vec<Vec<&str>> = vec![
            vec!["قال", "جوتشولك", "إن"],
            vec!["وأكد", "جوتشولك", "على", "ذلك"],
            vec!["مر", "علي", "بهم"],
        ];
        let mut tags: Vec<Vec<String>> = vec![
            vec!["O".into(), "B-PERS".into(), "O".into()],
            vec!["O".into(), "O".into(), "O".into(), "O".into()],
            vec!["O".into(), "B-PERS".into(), "O".into()],
        ];
        propagate_in_window(&sentences, &mut tags, 3);
        // جوتشولك is tagged again; على (the preposition) is not the name علي.
        assert_eq!(tags[1], ["O", "B-PERS", "O", "O"]);
    }
}
