//! JavaScript to Python.

use super::{Decline, Res, Translated};
use crate::engine::TranslationRequest;

pub fn translate(req: &TranslationRequest) -> Res<Translated> {
    Err(Decline(format!("javascript at line {}", req.first_line)))
}
