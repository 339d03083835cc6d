//! Frontends: one per source language, each turning a unit's syntax tree
//! into the IR (`super::ir`) with the source language's meaning recorded
//! on every operation.

pub mod javascript;
pub mod python;
pub mod rust;
