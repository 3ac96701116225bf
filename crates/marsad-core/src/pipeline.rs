use crate::Doc;
use std::fmt;

/// A layer of a [`Doc`] that stages read and write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    Sentences,
    Tokens,
    Numbers,
    Duplicates,
    Entities,
    Places,
    Times,
    Quotes,
    Claims,
    Events,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// One annotator. Built once from its lexicons, model and config (building
/// may fail), then run on many documents: running never fails; odd input
/// becomes a diagnostic on the document.
pub trait Stage: Send + Sync {
    /// A short stable name, used in diagnostics and provenance.
    fn name(&self) -> &'static str;
    /// Layers that must be filled before this stage runs.
    fn requires(&self) -> &'static [Layer];
    /// Layers this stage fills.
    fn assigns(&self) -> &'static [Layer];
    fn run(&self, doc: &mut Doc);
}

/// Why a pipeline could not be assembled.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PipelineError {
    #[error("stage `{stage}` needs layer {layer}, which no earlier stage assigns")]
    MissingInput { stage: &'static str, layer: Layer },
    #[error("stage `{stage}` assigns layer {layer}, already assigned by `{by}`")]
    DuplicateOutput { stage: &'static str, layer: Layer, by: &'static str },
}

/// Stages in order, checked at build time.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Pipeline {
    /// Checks that every stage's inputs are assigned by an earlier stage and
    /// that no layer is assigned twice.
    pub fn new(stages: Vec<Box<dyn Stage>>) -> Result<Pipeline, PipelineError> {
        let mut assigned: Vec<(Layer, &'static str)> = Vec::new();
        for stage in &stages {
            for &layer in stage.requires() {
                if !assigned.iter().any(|(l, _)| *l == layer) {
                    return Err(PipelineError::MissingInput { stage: stage.name(), layer });
                }
            }
            for &layer in stage.assigns() {
                if let Some((_, by)) = assigned.iter().find(|(l, _)| *l == layer) {
                    return Err(PipelineError::DuplicateOutput { stage: stage.name(), layer, by });
                }
                assigned.push((layer, stage.name()));
            }
        }
        Ok(Pipeline { stages })
    }

    pub fn run(&self, doc: &mut Doc) {
        for stage in &self.stages {
            stage.run(doc);
        }
    }

    pub fn stage_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.stages.iter().map(|s| s.name())
    }

    /// The stages, in order.
    pub fn stages(&self) -> &[Box<dyn Stage>] {
        &self.stages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(&'static str, &'static [Layer], &'static [Layer]);
    impl Stage for Fake {
        fn name(&self) -> &'static str {
            self.0
        }
        fn requires(&self) -> &'static [Layer] {
            self.1
        }
        fn assigns(&self) -> &'static [Layer] {
            self.2
        }
        fn run(&self, _doc: &mut Doc) {}
    }

    #[test]
    fn order_is_checked() {
        let tok = || Box::new(Fake("tok", &[], &[Layer::Tokens])) as Box<dyn Stage>;
        let ner = || Box::new(Fake("ner", &[Layer::Tokens], &[Layer::Entities])) as Box<dyn Stage>;
        assert!(Pipeline::new(vec![tok(), ner()]).is_ok());
        assert_eq!(
            Pipeline::new(vec![ner(), tok()]).err(),
            Some(PipelineError::MissingInput { stage: "ner", layer: Layer::Tokens })
        );
        assert_eq!(
            Pipeline::new(vec![tok(), tok()]).err(),
            Some(PipelineError::DuplicateOutput { stage: "tok", layer: Layer::Tokens, by: "tok" })
        );
    }
}
