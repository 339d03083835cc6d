//! The integration tests: one binary, one module per area, driving the real
//! `xlate` command on temporary trees.

mod batch;
mod browser;
mod cli;
mod deep;
mod demo;
mod differential;
mod eval;
mod explain;
mod format;
mod fuzz;
mod guards;
mod model;
mod mutants;
mod names;
mod outdir;
mod projects;
mod review;
mod rules;
mod rules_from_js;
mod rules_from_rust;
mod rules_glue;
mod rules_js_values;
mod rules_rust;
mod server;
mod server_llama;
mod signatures;
mod translate;
mod units;
mod util;
mod verify;
