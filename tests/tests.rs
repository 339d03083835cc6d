//! The integration tests: one binary, one module per area, driving the real
//! `xlate` command on temporary trees.

mod batch;
mod deep;
mod demo;
mod eval;
mod fuzz;
mod model;
mod rules;
mod signatures;
mod translate;
mod units;
mod util;
