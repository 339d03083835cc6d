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
        slow_down_for_tests();
        Ok(Translation::candidates(vec![Candidate {
            text: request.source.clone(),
            ..Candidate::default()
        }]))
    }
}

/// Test-only: `XLATE_TEST_UNIT_DELAY_MS=N` makes every translation take N ms
/// longer, so that the integration tests can interrupt or kill a run while
/// it is under way (the identity engine is otherwise too fast to catch).
/// It changes no output, only timing.
const DELAY_VAR: &str = "XLATE_TEST_UNIT_DELAY_MS";

fn slow_down_for_tests() {
    if let Some(ms) = std::env::var(DELAY_VAR)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}
