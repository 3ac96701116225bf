//! The gazetteer: places with Arabic names, coordinates and kinds, and the
//! index from matching keys to places.

use crate::fold::fold_key;
use marsad_core::PlaceKind;
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::Path;

/// The compiled table shipped in the binary (built by `scripts/build_gazetteer.py`).
pub const EMBEDDED_TSV: &str = include_str!("../data/gazetteer.tsv");
/// File name used in provenance for entries of the embedded table.
pub const EMBEDDED_FILE: &str = "gazetteer.tsv";
/// Names that are also common words: they match only after a place prefix.
pub const STOPLIST_TSV: &str = include_str!("../data/stoplist.tsv");

/// Column header of the gazetteer TSV format (embedded table and user files).
pub const TSV_COLUMNS: &str = "id\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\tlatin\tnames";

/// One place.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// `cc:IQ`, `iso:IQ-AN`, a GeoNames id, `oa:ORAA`, `marsad:...`.
    pub id: String,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2; empty for regions and waters that span countries.
    pub country: String,
    /// ISO 3166-2 code of the first-level division, where known.
    pub admin1: Option<String>,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lon: f64,
    /// Inhabitants (0 when unknown or not a settlement).
    pub population: u64,
    /// The Latin-script name.
    pub latin: String,
    /// Arabic names, canonical first.
    pub names: Vec<String>,
    /// Where the entry was read: file name (for provenance) …
    pub file: String,
    /// … and 1-based line.
    pub line: u32,
}

impl Entry {
    /// The canonical Arabic name.
    pub fn name(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }

    /// How likely a bare mention of one of this entry's names means this
    /// place, before looking at the article: countries first, then by kind
    /// and, for settlements, by population (log scale).
    pub fn prior(&self) -> f32 {
        match self.kind {
            PlaceKind::Country => 1.0,
            PlaceKind::Facility => 0.8,
            PlaceKind::Water => 0.75,
            PlaceKind::Region => 0.7,
            PlaceKind::Admin1 => 0.65,
            PlaceKind::Admin2 => 0.55,
            PlaceKind::City | PlaceKind::Other => 0.15 + 0.1 * ((self.population + 1) as f32).log10(),
        }
    }
}

/// A place a name may refer to, with its score (see [`Entry::prior`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate<'a> {
    /// The place.
    pub entry: &'a Entry,
    /// Its score before context (higher is likelier).
    pub score: f32,
}

/// Why a gazetteer table could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// A malformed row.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The table's name.
        file: String,
        /// 1-based line.
        line: u32,
        /// What is wrong.
        message: String,
    },
    /// The file could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Why a GeoNames dump could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// A malformed row.
    #[error("{file} line {line}: {message}")]
    Parse {
        /// `allCountries.txt` or `alternateNamesV2.txt`.
        file: &'static str,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The input could not be read.
    #[error("reading {file}: {source}")]
    Io {
        /// `allCountries.txt` or `alternateNamesV2.txt`.
        file: &'static str,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A matching key and the entries that carry it.
#[derive(Clone, Debug)]
pub(crate) struct Key {
    pub key: String,
    pub entries: Vec<u32>,
    /// A common word (stoplist) or a very short name: only after a prefix word.
    pub needs_prefix: bool,
    /// A generic area name (`المنطقة الجنوبية`, `الحدود الشمالية`): only in
    /// an article that mentions the entry's country.
    pub needs_country: bool,
    pub words: usize,
}

/// First words of generic area names that several countries use for their
/// provinces (folded): such a name means a province only where the article
/// is about its country.
const GENERIC_AREA_WORDS: &[&str] = &[
    "المنطقه",
    "الحدود",
    "الشمال",
    "الجنوب",
    "الشرق",
    "الغرب",
    "الوسطي",
    "الشماليه",
    "الجنوبيه",
    "الشرقيه",
    "الغربيه",
    "المحافظه",
    // `الساحل الغربي` is Yemen's Red Sea coast in Yemeni war news, but every
    // coastal country has a west coast.
    "الساحل",
];

/// Places with Arabic names, and the index from matching keys to them.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    by_id: BTreeMap<String, u32>,
    /// Folded stoplist keys.
    stoplist: Vec<String>,
    /// Index of the first entry that did not come from the embedded table.
    first_user_entry: Option<usize>,
}

/// Options for [`Gazetteer::import_geonames`].
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Populated places (feature class P) below this population are skipped.
    pub min_population: u64,
}

impl Default for ImportOptions {
    fn default() -> ImportOptions {
        ImportOptions { min_population: 1000 }
    }
}

impl Gazetteer {
    /// The table compiled into the binary. Parsing it cannot fail (a test
    /// guards it); should it ever, the result is an empty gazetteer.
    pub fn embedded() -> Gazetteer {
        let mut g = Gazetteer::empty();
        if g.extend_from_tsv(EMBEDDED_TSV, EMBEDDED_FILE).is_err() {
            return Gazetteer::empty();
        }
        g.first_user_entry = None;
        g
    }

    /// A gazetteer with no entries but the built-in stoplist.
    pub fn empty() -> Gazetteer {
        let stoplist = STOPLIST_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| fold_key(l.trim()))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Gazetteer { stoplist, ..Gazetteer::default() }
    }

    /// A gazetteer from a table in the TSV format of the embedded one
    /// (`#` comment lines, an optional column header, then [`TSV_COLUMNS`]).
    pub fn from_tsv(text: &str) -> Result<Gazetteer, GazetteerError> {
        let mut g = Gazetteer::empty();
        g.extend_from_tsv(text, "user.tsv")?;
        Ok(g)
    }

    /// The embedded table plus a user table written by [`Gazetteer::write_user_tsv`]
    /// (for example after `marsad places import`). A user entry with the id of
    /// an embedded one adds its names to it.
    pub fn load_with_user(path: &Path) -> Result<Gazetteer, GazetteerError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| GazetteerError::Io { path: path.display().to_string(), source })?;
        let mut g = Gazetteer::embedded();
        g.extend_from_tsv(&text, &path.display().to_string())?;
        Ok(g)
    }

    /// Adds the entries of a TSV table; `file` names it in errors and provenance.
    pub fn extend_from_tsv(&mut self, text: &str, file: &str) -> Result<usize, GazetteerError> {
        let mut added = 0;
        for (i, line) in text.lines().enumerate() {
            let line_no = (i + 1) as u32;
            if line.is_empty() || line.starts_with('#') || line == TSV_COLUMNS {
                continue;
            }
            let entry = parse_row(line, file, line_no)?;
            self.insert(entry);
            added += 1;
        }
        Ok(added)
    }

    /// Adds an entry, or merges its names into the entry with the same id.
    pub fn insert(&mut self, entry: Entry) {
        if let Some(&at) = self.by_id.get(&entry.id) {
            let existing = &mut self.entries[at as usize];
            for name in entry.names {
                if !existing.names.iter().any(|n| fold_key(n) == fold_key(&name)) {
                    existing.names.push(name);
                }
            }
            return;
        }
        if self.first_user_entry.is_none() {
            self.first_user_entry = Some(self.entries.len());
        }
        self.by_id.insert(entry.id.clone(), self.entries.len() as u32);
        self.entries.push(entry);
    }

    /// All entries, in table order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i as usize])
    }

    /// True when `name` is on the stoplist (matched only after a prefix word).
    pub fn is_stopword(&self, name: &str) -> bool {
        self.stoplist.binary_search(&fold_key(name)).is_ok()
    }

    /// The places a name may refer to, best first, scored before context
    /// (see [`Entry::prior`]). A leading place word (`محافظة`, `مدينة` …) and
    /// attached proclitics are tried off too, so `بمحافظة الأنبار` finds the
    /// province.
    pub fn lookup(&self, name: &str) -> Vec<Candidate<'_>> {
        let index = self.index();
        let key = fold_key(name);
        let mut tries = vec![key.clone()];
        if let Some((first, rest)) = key.split_once(' ') {
            if crate::prefix::place_word(first).is_some() {
                tries.push(rest.to_string());
            }
        }
        for p in crate::prefix::PROCLITICS {
            if let Some(rest) = key.strip_prefix(p) {
                tries.push(rest.to_string());
            }
        }
        let mut out: Vec<Candidate<'_>> = Vec::new();
        for k in tries {
            if let Some(found) = index.get(&k) {
                for &e in &found.entries {
                    let entry = &self.entries[e as usize];
                    if !out.iter().any(|c| std::ptr::eq(c.entry, entry)) {
                        out.push(Candidate { entry, score: entry.prior() });
                    }
                }
            }
            if !out.is_empty() {
                break;
            }
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.entry.id.cmp(&b.entry.id)));
        out
    }

    /// The key index: every folded name to its entries (sorted, deterministic).
    pub(crate) fn index(&self) -> BTreeMap<String, Key> {
        let mut index: BTreeMap<String, Key> = BTreeMap::new();
        for (i, entry) in self.entries.iter().enumerate() {
            for name in &entry.names {
                let key = fold_key(name);
                if key.is_empty() {
                    continue;
                }
                let slot = index.entry(key.clone()).or_insert_with(|| {
                    let words = key.split(' ').count();
                    let letters = key.chars().filter(|c| c.is_alphabetic()).count();
                    let needs_prefix =
                        (words == 1 && letters < 3) || self.stoplist.binary_search(&key).is_ok();
                    let needs_country = GENERIC_AREA_WORDS.contains(&key.split(' ').next().unwrap_or(""));
                    Key { key, entries: Vec::new(), needs_prefix, needs_country, words }
                });
                if slot.entries.last() != Some(&(i as u32)) {
                    slot.entries.push(i as u32);
                }
            }
        }
        index
    }

    /// Adds places from a GeoNames dump: `allCountries.txt` (or a country
    /// file) and, optionally, `alternateNamesV2.txt`, whose Arabic (`ar`)
    /// names are preferred to the untagged alternate names of the main file
    /// (those mix Persian and Urdu spellings). Keeps places that have an
    /// Arabic-letter name and are administrative divisions, populated places
    /// of at least [`ImportOptions::min_population`], waters, facilities,
    /// areas or terrain; countries are skipped (the embedded table has them).
    /// A place already present (same GeoNames id) gains the new names.
    /// Returns how many entries were added or extended.
    pub fn import_geonames(
        &mut self,
        all_countries: impl BufRead,
        alternate_names: Option<impl BufRead>,
    ) -> Result<usize, ImportError> {
        self.import_geonames_with(all_countries, alternate_names, &ImportOptions::default())
    }

    /// [`Gazetteer::import_geonames`] with options.
    pub fn import_geonames_with(
        &mut self,
        all_countries: impl BufRead,
        alternate_names: Option<impl BufRead>,
        options: &ImportOptions,
    ) -> Result<usize, ImportError> {
        const MAIN: &str = "allCountries.txt";
        const ALT: &str = "alternateNamesV2.txt";
        let mut arabic: BTreeMap<u64, Vec<String>> = BTreeMap::new();
        if let Some(alt) = alternate_names {
            for (n, line) in alt.lines().enumerate() {
                let line = line.map_err(|source| ImportError::Io { file: ALT, source })?;
                let cols: Vec<&str> = line.split('\t').collect();
                if cols.len() < 4 || cols[2] != "ar" {
                    continue;
                }
                // Historic (8th column) and colloquial (7th) names are not what the news writes.
                if cols.get(6) == Some(&"1") || cols.get(7) == Some(&"1") {
                    continue;
                }
                let id: u64 = cols[1].parse().map_err(|_| ImportError::Parse {
                    file: ALT,
                    line: n as u64 + 1,
                    message: format!("bad geonameid {:?}", cols[1]),
                })?;
                if let Some(name) = clean_arabic_name(cols[3]) {
                    arabic.entry(id).or_default().push(name);
                }
            }
        }
        let mut count = 0;
        for (n, line) in all_countries.lines().enumerate() {
            let line = line.map_err(|source| ImportError::Io { file: MAIN, source })?;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |message: String| ImportError::Parse { file: MAIN, line: n as u64 + 1, message };
            if cols.len() < 15 {
                return Err(bad(format!("expected 19 tab-separated columns, found {}", cols.len())));
            }
            let id: u64 = cols[0].parse().map_err(|_| bad(format!("bad geonameid {:?}", cols[0])))?;
            let lat: f64 = cols[4].parse().map_err(|_| bad(format!("bad latitude {:?}", cols[4])))?;
            let lon: f64 = cols[5].parse().map_err(|_| bad(format!("bad longitude {:?}", cols[5])))?;
            let population: u64 = cols[14].parse().unwrap_or(0);
            let (class, code) = (cols[6], cols[7]);
            let kind = match (class, code) {
                ("A", c) if c.starts_with("PCL") => continue,
                ("A", "ADM1") => PlaceKind::Admin1,
                ("A", "ADM2") => PlaceKind::Admin2,
                ("A", _) => PlaceKind::Other,
                ("P", _) if population >= options.min_population => PlaceKind::City,
                ("P", _) => continue,
                ("H", _) => PlaceKind::Water,
                ("S", _) => PlaceKind::Facility,
                ("L", _) => PlaceKind::Region,
                ("T" | "R" | "U" | "V", _) => PlaceKind::Other,
                _ => continue,
            };
            let mut names = arabic.remove(&id).unwrap_or_default();
            if names.is_empty() {
                names = cols[3].split(',').filter_map(clean_arabic_name).collect();
            }
            names.dedup();
            if names.is_empty() {
                continue;
            }
            self.insert(Entry {
                id: id.to_string(),
                kind,
                country: cols[8].to_string(),
                admin1: None,
                lat,
                lon,
                population,
                latin: cols[1].to_string(),
                names,
                file: MAIN.to_string(),
                line: (n + 1) as u32,
            });
            count += 1;
        }
        Ok(count)
    }

    /// Writes the entries added after the embedded table (imports, user
    /// tables) in the TSV format [`Gazetteer::load_with_user`] reads.
    pub fn write_user_tsv(&self, mut out: impl Write) -> std::io::Result<usize> {
        writeln!(out, "# Marsad user gazetteer (written by `marsad places import`).")?;
        writeln!(out, "# GeoNames data: CC BY 4.0, attribution to geonames.org.")?;
        writeln!(out, "{TSV_COLUMNS}")?;
        let from = self.first_user_entry.unwrap_or(self.entries.len());
        for e in &self.entries[from..] {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                e.id,
                kind_name(e.kind),
                e.country,
                e.admin1.as_deref().unwrap_or(""),
                e.lat,
                e.lon,
                e.population,
                e.latin.replace(['\t', '|'], " "),
                e.names.join("|"),
            )?;
        }
        Ok(self.entries.len() - from)
    }
}

/// An Arabic-letter name as the gazetteer stores it, or `None` for names in
/// other scripts or with Persian/Urdu/Kurdish letters.
pub(crate) fn clean_arabic_name(raw: &str) -> Option<String> {
    let name: String = raw
        .chars()
        .filter(
            |&c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' | '\u{200C}'..='\u{200F}'),
        )
        .collect();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let arabic_letter = |c: char| matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}');
    if name.chars().filter(|&c| arabic_letter(c)).count() < 2
        || !name.chars().all(|c| arabic_letter(c) || c == ' ' || c == '-')
    {
        return None;
    }
    Some(name)
}

fn parse_kind(s: &str) -> Option<PlaceKind> {
    Some(match s {
        "country" => PlaceKind::Country,
        "admin1" => PlaceKind::Admin1,
        "admin2" => PlaceKind::Admin2,
        "city" => PlaceKind::City,
        "facility" => PlaceKind::Facility,
        "region" => PlaceKind::Region,
        "water" => PlaceKind::Water,
        "other" => PlaceKind::Other,
        _ => return None,
    })
}

/// The TSV name of a place kind.
pub fn kind_name(kind: PlaceKind) -> &'static str {
    match kind {
        PlaceKind::Country => "country",
        PlaceKind::Admin1 => "admin1",
        PlaceKind::Admin2 => "admin2",
        PlaceKind::City => "city",
        PlaceKind::Facility => "facility",
        PlaceKind::Region => "region",
        PlaceKind::Water => "water",
        PlaceKind::Other => "other",
    }
}

pub(crate) fn parse_row(line: &str, file: &str, line_no: u32) -> Result<Entry, GazetteerError> {
    let err = |message: String| GazetteerError::Parse { file: file.to_string(), line: line_no, message };
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 9 {
        return Err(err(format!("expected 9 tab-separated columns, found {}", cols.len())));
    }
    let kind = parse_kind(cols[1]).ok_or_else(|| err(format!("unknown kind {:?}", cols[1])))?;
    let lat: f64 = cols[4].parse().map_err(|_| err(format!("bad latitude {:?}", cols[4])))?;
    let lon: f64 = cols[5].parse().map_err(|_| err(format!("bad longitude {:?}", cols[5])))?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(err(format!("coordinates out of range: {lat},{lon}")));
    }
    let population = if cols[6].is_empty() {
        0
    } else {
        cols[6].parse().map_err(|_| err(format!("bad population {:?}", cols[6])))?
    };
    let names: Vec<String> = cols[8].split('|').filter(|n| !n.is_empty()).map(str::to_string).collect();
    if names.is_empty() {
        return Err(err("no names".to_string()));
    }
    Ok(Entry {
        id: cols[0].to_string(),
        kind,
        country: cols[2].to_string(),
        admin1: (!cols[3].is_empty()).then(|| cols[3].to_string()),
        lat,
        lon,
        population,
        latin: cols[7].to_string(),
        names,
        file: file.to_string(),
        line: line_no,
    })
}
