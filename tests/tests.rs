//! The integration tests: one binary, one module per area, driving the real
//! `xlate` command on temporary trees.

mod batch;
mod demo;
mod eval;
mod model;
mod names;
mod rules;
mod signatures;
mod translate;
mod units;
mod util;
