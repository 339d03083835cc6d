//! The identity engine: returns each unit as it is. Source and target must be
//! the same language; it exists to test the pipeline end to end, since any
//! byte it loses shows up as a difference between input and output trees.

use super::{Candidate, Engine, EngineError, Translation, TranslationRequest};
use crate::lang::Lang;

pub struct Identity;

impl Engine for Identity {
    fn name(&self) -> &str {
        "identity"
    }

    fn supports(&self, from: Lang, to: Lang) -> bool {
        from == to
    }

    fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError> {
        Ok(Translation::candidates(vec![Candidate {
            text: request.source.clone(),
            ..Candidate::default()
        }]))
    }
}
