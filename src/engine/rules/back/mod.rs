//! Backends: one per target language, each writing the IR and its semantic
//! model (`super::analysis::Model`) as target source, bridging each
//! semantic gap as the gap table (`super::ir::gap`) says.

pub mod rust;
mod rust_support;
