//! xlate: translate whole source trees between programming languages.
//!
//! The pipeline runs one way: [`walk`] finds the files, [`units`] splits each
//! into units and glue, an [`engine`] translates them, [`verify`] reparses what
//! comes back, and [`emit`] writes the mirrored tree while [`report`] records
//! what happened. [`pipeline`] drives the stages; [`cli`] is the command line.
//! [`depth`] bounds how deep the walks over user syntax may go.

pub mod cache;
pub mod cfg;
pub mod cli;
pub mod config;
pub mod depth;
pub mod emit;
pub mod engine;
pub mod eval;
pub mod exit;
pub mod explain;
pub mod format;
pub mod incremental;
pub mod lang;
pub mod model;
pub mod mutants;
pub mod pipeline;
pub mod progress;
pub mod project;
pub mod report;
pub mod review;
pub mod sandbox;
pub mod select;
pub mod signatures;
pub mod summary;
pub mod symbols;
pub mod units;
pub mod verify;
pub mod walk;
