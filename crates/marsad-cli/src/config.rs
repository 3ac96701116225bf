//! The configuration file: one plain struct with defaults, loaded from one
//! TOML file (`--config FILE`, else `marsad.toml` in the working directory if
//! present). Command-line flags override it.

use anyhow::Context;
use marsad_annotate::AnnotateConfig;
use serde::Deserialize;
use std::path::Path;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub annotate: AnnotateConfig,
    pub ingest: IngestConfig,
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

/// JSONL field mapping overrides; an empty list keeps the default.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldsConfig {
    pub text: Vec<String>,
    pub title: Vec<String>,
    pub date: Vec<String>,
    pub url: Vec<String>,
    pub source: Vec<String>,
    pub id: Vec<String>,
}

impl Config {
    pub fn load(path: Option<&Path>) -> anyhow::Result<Config> {
        let (path, explicit) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (Path::new("marsad.toml").to_path_buf(), false),
        };
        if !explicit && !path.exists() {
            return Ok(Config::default());
        }
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("reading config {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("config {}", path.display()))
    }
}
