//! The process's exit codes, one place for every command (`translate`,
//! `units`, `eval`, `model ...`) to take them from.

/// Everything was translated (or the command did what it was asked).
pub const OK: u8 = 0;
/// Some unit failed, or some file could not be processed; with `--check`,
/// some output would change.
pub const FAILURES: u8 = 1;
/// The command line or configuration is wrong; nothing was translated.
pub const USAGE: u8 = 2;
/// Interrupted (Ctrl-C or SIGTERM), as shells report a SIGINT.
pub const INTERRUPTED: u8 = 130;
