//! The integration tests: one binary, one module per area, driving the real
//! `xlate` command on temporary trees.

mod batch;
mod cli;
mod deep;
mod demo;
mod differential;
mod eval;
mod fuzz;
mod guards;
mod model;
mod mutants;
mod names;
mod outdir;
mod review;
mod rules;
mod server;
mod signatures;
mod translate;
mod units;
mod util;
