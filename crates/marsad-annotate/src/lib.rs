//! Assembles Marsad's default annotation pipeline and renders the document
//! JSON contract.
//!
//! The interfaces (CLI, server) build one [`Annotator`] and call
//! [`Annotator::annotate`] for each article, from as many threads as they
//! like: the annotator is immutable after construction.

pub mod json;

use marsad_core::{Doc, DocMeta, Pipeline, PipelineError, Stage};
use serde::Deserialize;

/// Settings of the annotation pipeline: one plain struct with defaults, read
/// from the `[annotate]` table of the configuration file; CLI flags override.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnnotateConfig {
    /// Shortest repeated passage reported, in words.
    pub repeat_min_words: usize,
    /// A user gazetteer (from `marsad places import`) added to the embedded
    /// one. Set by the interfaces, not read from the `[annotate]` table.
    #[serde(skip)]
    pub user_gazetteer: Option<std::path::PathBuf>,
}

impl Default for AnnotateConfig {
    fn default() -> Self {
        AnnotateConfig { repeat_min_words: marsad_arabic::repeats::DEFAULT_MIN_WORDS, user_gazetteer: None }
    }
}

/// Why the annotator could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("pipeline: {0}")]
    Pipeline(#[from] PipelineError),
    #[error("stage `{stage}`: {message}")]
    Stage { stage: &'static str, message: String },
}

/// The default pipeline, built once.
pub struct Annotator {
    pipeline: Pipeline,
}

impl Annotator {
    pub fn new(config: &AnnotateConfig) -> Result<Annotator, BuildError> {
        let mut stages: Vec<Box<dyn Stage>> = marsad_arabic::stages::text_stages(config.repeat_min_words);
        stages.push(Box::new(marsad_ner::NerStage::new()));
        let stage_error =
            |stage, e: &dyn std::fmt::Display| BuildError::Stage { stage, message: e.to_string() };
        let gazetteer = match &config.user_gazetteer {
            Some(path) => {
                marsad_places::Gazetteer::load_with_user(path).map_err(|e| stage_error("places", &e))?
            }
            None => marsad_places::Gazetteer::embedded(),
        };
        let places = marsad_places::PlaceResolver::new(gazetteer, marsad_places::ResolverConfig::default())
            .map_err(|e| stage_error("places", &e))?;
        stages.push(Box::new(places));
        stages.push(Box::new(marsad_time::TimeTagger::new().map_err(|e| stage_error("times", &e))?));
        stages.extend(marsad_quotes::stages().map_err(|e| stage_error("quotes", &e))?);
        let events = marsad_events::EventCoder::new().map_err(|e| stage_error("events", &e))?;
        stages.push(Box::new(events));
        Ok(Annotator { pipeline: Pipeline::new(stages)? })
    }

    /// Runs every stage on one article. Never fails: odd input becomes a
    /// diagnostic on the returned document.
    pub fn annotate(&self, meta: DocMeta, text: String) -> Doc {
        let mut doc = Doc::new(meta, text);
        self.pipeline.run(&mut doc);
        doc
    }

    /// Names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.pipeline.stage_names().collect()
    }

    /// The stages, in order (for benchmarks that time each one).
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        self.pipeline.stages()
    }
}
