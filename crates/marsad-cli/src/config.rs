//! The configuration file: one plain struct with defaults, loaded from one
//! TOML file (`--config FILE`, else `marsad.toml` in the working directory if
//! present). Command-line flags override it.

use anyhow::Context;
use marsad_annotate::AnnotateConfig;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub annotate: AnnotateConfig,
    pub ingest: IngestConfig,
    pub places: PlacesConfig,
    pub store: StoreConfig,
}

/// Where `ingest` and `search` keep the store.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// Default: `$MARSAD_HOME/store` (see [`PlacesConfig`] for MARSAD_HOME).
    pub dir: Option<PathBuf>,
}

/// Gazetteer settings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlacesConfig {
    /// The user gazetteer written by `marsad places import` and read by
    /// `annotate` when it exists. Default: `$MARSAD_HOME/gazetteer.tsv`,
    /// where `MARSAD_HOME` defaults to `$XDG_DATA_HOME/marsad` or
    /// `~/.local/share/marsad`.
    pub user_gazetteer: Option<PathBuf>,
}

impl PlacesConfig {
    /// The user gazetteer's path, configured or default.
    pub fn user_gazetteer_path(&self) -> Option<PathBuf> {
        if let Some(p) = &self.user_gazetteer {
            return Some(p.clone());
        }
        Some(marsad_home()?.join("gazetteer.tsv"))
    }
}

/// Marsad's data folder: `$MARSAD_HOME`, else `$XDG_DATA_HOME/marsad`, else
/// `~/.local/share/marsad`.
pub fn marsad_home() -> Option<PathBuf> {
    let env = |k| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    env("MARSAD_HOME")
        .or_else(|| env("XDG_DATA_HOME").map(|d| d.join("marsad")))
        .or_else(|| env("HOME").map(|h| h.join(".local/share/marsad")))
}

/// Input reading settings.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// Largest article accepted, in bytes.
    pub max_article_bytes: usize,
    /// JSONL field names, each an ordered list of candidate keys.
    pub fields: FieldsConfig,
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig { max_article_bytes: 5 * 1024 * 1024, fields: FieldsConfig::default() }
    }
}

/// JSONL field mapping overrides: field name (`text`, `title`, `date`,
/// `url`, `source`, `id`) to its ordered candidate keys; an empty list keeps
/// the default. Checked by `marsad_ingest::FieldMap::set`.
pub type FieldsConfig = std::collections::BTreeMap<String, Vec<String>>;

impl Config {
    /// The store folder, configured or default.
    pub fn store_dir(&self) -> Option<PathBuf> {
        self.store.dir.clone().or_else(|| Some(marsad_home()?.join("store")))
    }

    /// Hands the user gazetteer to the annotator when the file exists.
    fn resolve_user_gazetteer(&mut self) {
        self.annotate.user_gazetteer = self.places.user_gazetteer_path().filter(|p| p.exists());
    }

    pub fn load(path: Option<&Path>) -> anyhow::Result<Config> {
        let (path, explicit) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (Path::new("marsad.toml").to_path_buf(), false),
        };
        if !explicit && !path.exists() {
            let mut config = Config::default();
            config.resolve_user_gazetteer();
            return Ok(config);
        }
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("reading config {}", path.display()))?;
        let mut config: Config =
            toml::from_str(&text).with_context(|| format!("config {}", path.display()))?;
        config.resolve_user_gazetteer();
        Ok(config)
    }
}
