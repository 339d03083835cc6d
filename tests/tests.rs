//! The integration tests: one binary, one module per area, driving the real
//! `xlate` command on temporary trees.

mod batch;
mod cli;
mod deep;
mod demo;
mod eval;
mod fuzz;
mod guards;
mod model;
mod names;
mod outdir;
mod review;
mod rules;
mod rules_rust;
mod server;
mod signatures;
mod translate;
mod units;
mod util;
