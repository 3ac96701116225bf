//! The records the scorer reads: gold annotations (`evals/time-place/gold.jsonl`)
//! and predictions (the `marsad annotate --format json` output contract).
//! Offsets in both are Unicode code points into the article text, half-open.

use anyhow::Context;
use serde::Deserialize;
use std::path::Path;

/// One annotated article of the gold set.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldDoc {
    /// ANT `docno` or SaudiNewsNet `url`.
    pub id: String,
    /// `ant` or `saudinewsnet`: which corpus file holds the text.
    pub corpus: String,
    /// The reference date (publication date) the values were resolved against.
    pub date: String,
    pub times: Vec<TimeMention>,
    pub places: Vec<PlaceMention>,
}

/// One article of a prediction file; fields other than these are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PredDoc {
    pub id: String,
    /// The text the offsets point into, when the system echoes it.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub times: Vec<TimeMention>,
    #[serde(default)]
    pub places: Vec<PlaceMention>,
}

/// A TIMEX3 temporal expression.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct TimeMention {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: String,
    /// DATE, TIME, DURATION or SET.
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub value: String,
    #[serde(rename = "mod", default)]
    pub modifier: Option<String>,
}

/// A place mention and what it was resolved to.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PlaceMention {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub name: String,
    /// Missing coordinates never count as a correct resolution.
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    /// ISO 3166-1 alpha-2 code; null (read as empty) for seas and regions.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub country: String,
    /// country, admin1, admin2, city, facility, region, water or other.
    #[serde(default)]
    pub kind: String,
}

/// Parses a JSONL file of `T` records (blank lines skipped), naming the line on error.
pub fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    let data = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_jsonl(&data).with_context(|| format!("parsing {}", path.display()))
}

/// Parses JSONL text of `T` records (blank lines skipped), naming the line on error.
pub fn parse_jsonl<T: for<'de> Deserialize<'de>>(data: &str) -> anyhow::Result<Vec<T>> {
    data.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| serde_json::from_str(line).with_context(|| format!("line {}", i + 1)))
        .collect()
}

/// Reads a JSON string that may be null as a (possibly empty) string.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::Deserialize;
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prediction_lines_with_extra_fields_parse() {
        // Shaped like `marsad annotate --format json` output: extra layers and fields are ignored.
        let line = r#"{"id":"a1","source":"x","text":"في بغداد أمس","offsets":"codepoint","entities":[],
            "times":[{"start":9,"end":12,"text":"أمس","type":"DATE","value":"2018-03-01","origin":"rule:x"}],
            "places":[{"start":3,"end":8,"text":"بغداد","name":"Baghdad","lat":33.34,"lon":44.4,"country":"IQ","kind":"city","gazetteer_id":"g1","origin":"lexicon:f:1"}]}"#
            .replace('\n', " ");
        let docs: Vec<PredDoc> = parse_jsonl(&format!("{line}\n\n")).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text.as_deref(), Some("في بغداد أمس"));
        assert_eq!(docs[0].times[0].value, "2018-03-01");
        assert_eq!(docs[0].times[0].modifier, None);
        assert_eq!(docs[0].places[0].country, "IQ");
        assert_eq!(docs[0].places[0].lat, Some(33.34));
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = parse_jsonl::<PredDoc>("{\"id\":\"a\"}\nnot json\n").unwrap_err();
        assert_eq!(format!("{err}"), "line 2");
    }
}
