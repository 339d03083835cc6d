//! The mutation benchmark (`xlate mutants`): how many planted bugs
//! differential testing catches in translations known to be correct, and
//! whether it ever rejects one of those correct translations.
//!
//! [`generate`] makes the mutants of a translated function, [`judge`] runs
//! the unmutated translation and each mutant against the source, [`bench`]
//! finds the correct translations of a benchmark, and [`report`] counts.
//! This module produces the data; the command line prints it.

pub mod bench;
pub mod generate;
pub mod judge;
pub mod report;

pub use bench::{run, Corpus, MutantsConfig};
pub use generate::{mutants, Mutant, MutateOptions, MutationKind};
pub use judge::{judge, Fate, OracleOutcome, Subject, UnitResult};
pub use report::{MutantsReport, MutantsSummary, Tally};
