//! The mutation benchmark: how many planted bugs verification catches.
//! [`generate`] makes the mutants of a translated function.

pub mod generate;
