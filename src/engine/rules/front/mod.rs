//! Frontends: one per language, each lowering a unit's syntax tree to the
//! IR (`super::ir`).

pub mod rust;
