//! Merging the mentions of one event within an article.
//!
//! Two mentions are one event only when nothing about them disagrees (type,
//! mode, sub-type, actor, recipient, object, place, time) **and** something
//! says they are the same: the later mention refers back (`الانسحاب`,
//! `هذا الهجوم`), they share a named participant, a specific place or an
//! exact date, they stand in one sentence, or the later one is a verb in a
//! relative clause on the earlier event noun (`غارات استهدفت`). Without
//! that evidence two attacks in one article stay two attacks: an indefinite
//! noun (`هجوم`, `غارات جديدة`) introduces a new event.

use crate::lexicon::key;
use marsad_core::{Doc, Event, Participant, Place, PlaceKind, TextRange};

/// An event as coded from one trigger, with what merging needs to know
/// beyond the [`Event`] itself.
pub(crate) struct Coded {
    pub event: Event,
    /// What the event acts on when that is not its recipient: the base or
    /// province handed over, the forces mobilised.
    pub object: Option<Participant>,
    /// The mention refers back to an event already told: a definite verbal
    /// noun (`الانسحاب`) or one after a demonstrative (`هذا الهجوم`).
    pub anaphoric: bool,
    /// The mention says it is another event: `غارات جديدة`, `هجوم آخر`,
    /// `تفجير مماثل`, `ثاني هجوم`.
    pub fresh: bool,
    /// The trigger of the event noun this verb is a relative clause on
    /// (`غارات جوية استهدفت`): the same event, told again.
    pub clause_of: Option<TextRange>,
    /// The mention is a casualty (`مقتل`, `قتل`): its recipient is a victim,
    /// where an attack's is a target, so in one sentence the two may differ
    /// (`مقتل شرطي في هجوم على سيارة`) and still be one event.
    pub casualty: bool,
}

/// The content-word keys of a participant, for comparing actors.
fn participant_keys(p: &Participant) -> Vec<String> {
    p.text.split_whitespace().map(key).filter(|k| k.chars().count() > 2).collect()
}

/// True when a participant is a count of people (`8 أشخاص`, `ثلاثة
/// مدنيين`): shared words of such phrases (`أشخاص`) name no one in
/// particular and are no evidence that two mentions are one event.
fn is_count(p: &Participant) -> bool {
    p.text.chars().next().is_some_and(|c| c.is_numeric())
        || p.entity_id.is_none() && p.text.split_whitespace().next().is_some_and(is_number_word)
}

fn is_number_word(w: &str) -> bool {
    const NUMBER_WORDS: [&str; 14] = [
        "اثنين",
        "اثنان",
        "ثلاثه",
        "اربعه",
        "خمسه",
        "سته",
        "سبعه",
        "ثمانيه",
        "تسعه",
        "عشره",
        "عشرات",
        "مئات",
        "الاف",
        "عدد",
    ];
    NUMBER_WORDS.contains(&key(w).as_str())
}

/// Two participants do not disagree: one is unknown, both are the same
/// entity, or their phrases share a content word.
fn compatible(a: &Option<Participant>, b: &Option<Participant>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            if let (Some(x), Some(y)) = (&a.entity_id, &b.entity_id) {
                return x == y;
            }
            let ka = participant_keys(a);
            participant_keys(b).iter().any(|k| ka.contains(k))
        }
        _ => true,
    }
}

/// The two name the same participant: the same entity, or phrases that
/// share a content word and are not counts of people.
fn same_participant(a: &Option<Participant>, b: &Option<Participant>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) if !is_count(a) && !is_count(b) => compatible(&Some(a.clone()), &Some(b.clone())),
        _ => false,
    }
}

/// Two TIMEX3 values can date one event when they are equal, one contains
/// the other (`2026` and `2026-01`), or one is a vague reference pointing the
/// same way from the article date as the other (`FUTURE_REF` and
/// `2026-W02` in an article of 2025-12-31).
pub(crate) fn times_compatible(a: &str, b: &str, doc: &Doc) -> bool {
    if a == b || a.starts_with(b) || b.starts_with(a) || a == "PRESENT_REF" || b == "PRESENT_REF" {
        return true;
    }
    if in_week(a, b) || in_week(b, a) {
        return true;
    }
    let Some(today) = doc.meta.date.map(|d| d.format("%Y-%m-%d").to_string()) else { return false };
    let side = |v: &str| match v {
        "FUTURE_REF" => Some(true),
        "PAST_REF" => Some(false),
        _ if v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit) => Some(v > today.as_str()),
        _ => None,
    };
    (a.ends_with("_REF") || b.ends_with("_REF")) && side(a).is_some() && side(a) == side(b)
}

/// True when `day` (`2018-06-04`) falls in ISO week `week` (`2018-W23`).
fn in_week(day: &str, week: &str) -> bool {
    use chrono::Datelike;
    let Ok(day) = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") else { return false };
    let Some((year, w)) = week.split_once("-W") else { return false };
    let iso = day.iso_week();
    year.parse() == Ok(iso.year()) && w.parse() == Ok(iso.week())
}

/// True when place `inner` lies in place `outer`: its country, or its
/// province (`iso:IQ-AN` holds every place whose admin1 is `IQ-AN`).
fn lies_in(inner: &Place, outer: &Place) -> bool {
    match outer.kind {
        PlaceKind::Country => inner.country == outer.country,
        PlaceKind::Admin1 => {
            let code = outer.gazetteer_id.strip_prefix("iso:").unwrap_or(&outer.gazetteer_id);
            inner.admin1.as_deref() == Some(code)
        }
        _ => false,
    }
}

/// Two places can be the place of one event when they are the same, or one
/// lies in the other (`قاعدة عين الأسد` … `الأنبار` … `العراق`). Two
/// different towns or bases are two events.
pub(crate) fn places_compatible(a: &Place, b: &Place) -> bool {
    a.gazetteer_id == b.gazetteer_id || lies_in(a, b) || lies_in(b, a)
}

/// True when nothing about `m` (an event built so far) and `e` (a new
/// mention) disagrees. A mention that refers back (`الاتفاقية`, `الغارات`)
/// says itself that it is a told event: a recipient or object read
/// differently (`بلدة` … `مناطق سكنية`) does not outweigh that; an actor,
/// a place or a date does. Agreements and meetings have two sides that
/// either mention may name first.
fn agree(doc: &Doc, m: &Coded, e: &Coded) -> bool {
    let (a, b) = (&m.event, &e.event);
    let symmetric = matches!(a.kind.as_str(), "AGREE" | "CONSULT" | "COOPERATE");
    let victim_and_target = m.casualty != e.casualty && a.mentions.iter().any(|x| x.sentence == b.sentence);
    let parties = (compatible(&a.actor, &b.actor)
        && (e.anaphoric || victim_and_target || compatible(&a.recipient, &b.recipient)))
        || symmetric && compatible(&a.actor, &b.recipient) && compatible(&a.recipient, &b.actor);
    a.kind == b.kind
        && (a.mode == b.mode
            || (e.anaphoric || e.clause_of.is_some()) && (a.mode.is_none() || b.mode.is_none()))
        && a.subtype == b.subtype
        && a.negated == b.negated
        && parties
        && (e.anaphoric || compatible(&m.object, &e.object))
        && match (a.place, b.place) {
            (Some(x), Some(y)) => places_compatible(&doc.places[x], &doc.places[y]),
            _ => true,
        }
        && match (a.time, b.time) {
            (Some(x), Some(y)) => times_compatible(&doc.times[x].value, &doc.times[y].value, doc),
            _ => true,
        }
}

/// True when something says `e` is another mention of `m`.
fn corefer(doc: &Doc, m: &Coded, e: &Coded) -> bool {
    let (a, b) = (&m.event, &e.event);
    if e.clause_of.is_some_and(|t| a.mentions.iter().any(|x| x.trigger == t)) {
        return true;
    }
    let same_sentence = a.mentions.iter().any(|x| x.sentence == b.sentence);
    if e.fresh && !same_sentence {
        return false;
    }
    let same_place = match (a.place, b.place) {
        (Some(x), Some(y)) => {
            doc.places[x].gazetteer_id == doc.places[y].gazetteer_id
                && doc.places[x].kind != PlaceKind::Country
        }
        _ => false,
    };
    let same_date = match (a.time, b.time) {
        (Some(x), Some(y)) => {
            doc.times[x].value == doc.times[y].value && !doc.times[x].value.ends_with("_REF")
        }
        _ => false,
    };
    e.anaphoric
        || same_sentence
        || same_place
        || same_date
        || same_participant(&a.actor, &b.actor)
        || same_participant(&a.recipient, &b.recipient)
        || same_participant(&m.object, &e.object)
}

/// Merges mentions of one event (see the module doc). A mention joins the
/// nearest earlier event it agrees with and corefers with.
pub(crate) fn merge_mentions(doc: &Doc, coded: Vec<Coded>) -> Vec<Event> {
    let mut merged: Vec<Coded> = Vec::new();
    for e in coded {
        let same = merged.iter_mut().rev().find(|m| agree(doc, m, &e) && corefer(doc, m, &e));
        match same {
            Some(m) => {
                let (into, from) = (&mut m.event, e.event);
                into.mentions.extend(from.mentions);
                into.mentions.sort_by_key(|x| x.trigger);
                into.actor = into.actor.take().or(from.actor);
                into.recipient = into.recipient.take().or(from.recipient);
                into.mode = into.mode.take().or(from.mode);
                into.place = into.place.or(from.place);
                if into.time.is_none() && from.time.is_some() {
                    into.time = from.time;
                    into.date = from.date;
                }
                into.planned |= from.planned;
                m.object = m.object.take().or(e.object);
            }
            None => merged.push(e),
        }
    }
    merged.into_iter().map(|c| c.event).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn participant(text: &str) -> Option<Participant> {
        Some(Participant { range: None, text: text.to_string(), entity_id: None, canonical: None })
    }

    #[test]
    fn a_day_lies_in_its_iso_week() {
        assert!(in_week("2018-06-04", "2018-W23"));
        assert!(!in_week("2018-06-11", "2018-W23"));
        assert!(in_week("2026-01-01", "2026-W01"));
        assert!(!in_week("2018-06", "2018-W23"));
    }

    #[test]
    fn counts_of_people_are_no_shared_participant() {
        assert!(!same_participant(&participant("8 أشخاص"), &participant("ثلاثة أشخاص")));
        assert!(!same_participant(&participant("عشرات الأشخاص"), &participant("الأشخاص")));
        assert!(same_participant(&participant("القوات الأمريكية"), &participant("القوات")));
        assert!(compatible(&participant("القوات الأمريكية"), &None));
        assert!(!compatible(&participant("قاعدة عين الأسد"), &participant("عدد من المحافظات")));
    }
}
