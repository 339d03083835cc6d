//! How far a unit's translation was verified: the level each written unit
//! reaches (parsed, compiled, tested) or the verdict that turned it down, and
//! the `--verify` setting that says how far a run goes.

use serde::{Deserialize, Serialize};

use super::differential::{Counterexample, DiffRequest, DiffSettings, DiffVerdict};

/// How a run verifies what it writes: the level, and for `test` what each
/// differential test may spend.
#[derive(Clone, Debug, Serialize)]
pub struct VerifySettings {
    pub level: VerifyLevel,
    pub diff: DiffSettings,
    /// The differential tester: [`super::differential::differential`],
    /// or a stand-in in the pipeline's own tests.
    #[serde(skip)]
    pub tester: Tester,
    /// The output tree on disk, where each module's neighbours are by the
    /// time it is loaded (`super::load`); `None` under `--dry-run`, when a
    /// module is loaded alone.
    #[serde(skip)]
    pub outputs: Option<std::path::PathBuf>,
    /// A copy of the source tree, made once for the run under `test`, that
    /// each source module is run in with its package and neighbours (never
    /// the user's tree, which a run does not touch); `None`: each source
    /// module is run alone.
    #[serde(skip)]
    pub sources: Option<std::sync::Arc<super::tree::SourceCopy>>,
}

/// Runs one differential test.
pub type Tester = for<'r> fn(&DiffRequest<'r>) -> DiffVerdict;

impl VerifySettings {
    /// Only the parse checks: what library callers get unless they ask.
    pub fn off() -> VerifySettings {
        VerifySettings::at(VerifyLevel::Off)
    }

    pub fn at(level: VerifyLevel) -> VerifySettings {
        VerifySettings {
            level,
            diff: DiffSettings::default(),
            tester: super::differential::differential,
            outputs: None,
            sources: None,
        }
    }

    /// What of these settings can change what is written, for cache keys:
    /// the test budget matters only when units are tested.
    pub fn key(&self) -> (VerifyLevel, Option<&DiffSettings>) {
        (
            self.level,
            (self.level == VerifyLevel::Test).then_some(&self.diff),
        )
    }
}

/// How far a run verifies what it writes (`--verify`, `verify` in
/// xlate.toml). Each level includes the ones before it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerifyLevel {
    /// Reparse every candidate with the target grammar, nothing more.
    Off,
    /// Also build each assembled output file with the target's toolchain.
    /// The default: it costs one compiler run per file and catches what a
    /// parser cannot (duplicate parameters, type errors in Rust).
    #[default]
    Compile,
    /// Also run every function against its source on the same inputs.
    Test,
}

impl VerifyLevel {
    pub const NAMES: &'static [&'static str] = &["off", "compile", "test"];

    pub fn name(self) -> &'static str {
        match self {
            VerifyLevel::Off => "off",
            VerifyLevel::Compile => "compile",
            VerifyLevel::Test => "test",
        }
    }
}

impl std::fmt::Display for VerifyLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for VerifyLevel {
    type Err = String;

    fn from_str(s: &str) -> Result<VerifyLevel, String> {
        match s.to_ascii_lowercase().as_str() {
            "off" => Ok(VerifyLevel::Off),
            "compile" => Ok(VerifyLevel::Compile),
            "test" => Ok(VerifyLevel::Test),
            other => Err(format!(
                "unknown verification level `{other}` (known: {})",
                VerifyLevel::NAMES.join(", ")
            )),
        }
    }
}

/// What verifying one unit's translation found. A translated unit is at
/// `parsed`, `compiled`, `tested` or `untested`; a unit turned down by the
/// compiler or by a counterexample is written as a `TODO(xlate)` block and
/// reported `does_not_compile` or `disagrees`, so that the report says why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum Verification {
    /// The target grammar parses it; nothing more was checked (`--verify
    /// off`, a toolchain missing, or a file the toolchain could not judge).
    Parsed,
    /// The target's toolchain builds the file it is in.
    Compiled,
    /// It built, and returned or raised what its source did on every one of
    /// `agreeing` inputs.
    Tested { agreeing: usize },
    /// It built, but behaved otherwise than its source on these inputs.
    Disagrees { counterexample: Counterexample },
    /// The toolchain rejects it with this message.
    DoesNotCompile { message: String },
    /// It built, but was not run against its source, and why.
    Untested { why: String },
}

impl Verification {
    /// The level's name, as the report writes it.
    pub fn name(&self) -> &'static str {
        match self {
            Verification::Parsed => "parsed",
            Verification::Compiled => "compiled",
            Verification::Tested { .. } => "tested",
            Verification::Disagrees { .. } => "disagrees",
            Verification::DoesNotCompile { .. } => "does_not_compile",
            Verification::Untested { .. } => "untested",
        }
    }

    /// The order levels are counted and printed in.
    pub const ORDER: &'static [&'static str] = &[
        "tested",
        "untested",
        "compiled",
        "parsed",
        "disagrees",
        "does_not_compile",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_serialize_with_their_details() {
        let tested = serde_json::to_string(&Verification::Tested { agreeing: 7 }).unwrap();
        assert_eq!(tested, r#"{"level":"tested","agreeing":7}"#);
        let disagrees = Verification::Disagrees {
            counterexample: Counterexample {
                inputs: "(3,)".into(),
                expected: "1.5".into(),
                got: "1".into(),
            },
        };
        let json = serde_json::to_string(&disagrees).unwrap();
        assert_eq!(
            json,
            r#"{"level":"disagrees","counterexample":{"inputs":"(3,)","expected":"1.5","got":"1"}}"#
        );
        let back: Verification = serde_json::from_str(&json).unwrap();
        assert_eq!(back, disagrees);
        for level in [
            Verification::Parsed,
            Verification::Compiled,
            Verification::DoesNotCompile {
                message: "x".into(),
            },
            Verification::Untested { why: "y".into() },
        ] {
            assert!(Verification::ORDER.contains(&level.name()));
        }
    }

    #[test]
    fn the_setting_reads_its_names() {
        assert_eq!("Test".parse::<VerifyLevel>(), Ok(VerifyLevel::Test));
        assert_eq!("off".parse::<VerifyLevel>(), Ok(VerifyLevel::Off));
        let err = "full".parse::<VerifyLevel>().unwrap_err();
        assert!(err.contains("off, compile, test"), "{err}");
        assert!(VerifyLevel::Off < VerifyLevel::Compile);
        assert!(VerifyLevel::Compile < VerifyLevel::Test);
    }
}
