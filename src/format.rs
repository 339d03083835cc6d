//! Formatting outputs with the target language's usual formatter
//! (`--format`, `format` in `xlate.toml`): `rustfmt`, `black` or `ruff
//! format`, `prettier`. The text is formatted in memory, through the
//! formatter's standard input and output, before it is written and before
//! its hash is recorded, so `--check` compares exactly what a run writes.
//! A formatter that is missing, or that fails on a file (a `TODO(xlate)`
//! block it cannot parse), leaves the text as translated; the run says so
//! once ([`Formatting::notices`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Deserialize;

use crate::lang::Lang;

/// A formatter xlate knows how to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormatterKind {
    Rustfmt,
    Black,
    Ruff,
    Prettier,
}

impl FormatterKind {
    pub const ALL: [FormatterKind; 4] = [
        FormatterKind::Rustfmt,
        FormatterKind::Black,
        FormatterKind::Ruff,
        FormatterKind::Prettier,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FormatterKind::Rustfmt => "rustfmt",
            FormatterKind::Black => "black",
            FormatterKind::Ruff => "ruff",
            FormatterKind::Prettier => "prettier",
        }
    }

    /// The language it formats.
    pub fn lang(self) -> Lang {
        match self {
            FormatterKind::Rustfmt => Lang::Rust,
            FormatterKind::Black | FormatterKind::Ruff => Lang::Python,
            FormatterKind::Prettier => Lang::JavaScript,
        }
    }

    /// The formatters of a language, the usual one first.
    pub fn for_lang(lang: Lang) -> &'static [FormatterKind] {
        match lang {
            Lang::Rust => &[FormatterKind::Rustfmt],
            Lang::Python => &[FormatterKind::Black, FormatterKind::Ruff],
            Lang::JavaScript => &[FormatterKind::Prettier],
        }
    }

    /// The program, and the arguments that make it read the text on
    /// standard input and write the formatted text on standard output.
    /// `path` (the output's path) lets black, ruff and prettier find the
    /// project's settings for that file and pick the parser by extension.
    fn command(self, path: &Path) -> (&'static str, Vec<String>) {
        let path = path.to_string_lossy().into_owned();
        match self {
            // Edition 2021: the edition of what xlate writes (`async`,
            // `dyn`); rustfmt's own default is 2015.
            FormatterKind::Rustfmt => ("rustfmt", vec!["--edition".into(), "2021".into()]),
            FormatterKind::Black => (
                "black",
                vec!["-q".into(), "--stdin-filename".into(), path, "-".into()],
            ),
            FormatterKind::Ruff => (
                "ruff",
                vec!["format".into(), "--stdin-filename".into(), path, "-".into()],
            ),
            FormatterKind::Prettier => ("prettier", vec!["--stdin-filepath".into(), path]),
        }
    }
}

impl std::str::FromStr for FormatterKind {
    type Err = String;
    fn from_str(name: &str) -> Result<Self, String> {
        FormatterKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown formatter `{name}` (known: {})",
                    FormatterKind::ALL.map(FormatterKind::name).join(", ")
                )
            })
    }
}

/// Whether and with what to format, as `--format[=NAME]`, `--no-format` and
/// `format = ...` in `xlate.toml` say it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FormatChoice {
    #[default]
    Off,
    /// Format; for the languages named formatters format, use those, and
    /// the usual formatter for the others.
    On(Vec<FormatterKind>),
}

impl FormatChoice {
    /// The formatter this choice asks for when the target is `to`.
    pub fn kind_for(&self, to: Lang) -> Option<FormatterKind> {
        let FormatChoice::On(named) = self else {
            return None;
        };
        named
            .iter()
            .copied()
            .find(|k| k.lang() == to)
            .or_else(|| FormatterKind::for_lang(to).first().copied())
    }
}

/// `format = true | false | "ruff" | ["ruff", "prettier"]` in `xlate.toml`.
impl<'de> Deserialize<'de> for FormatChoice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Bool(bool),
            One(String),
            Many(Vec<String>),
        }
        let names = match Raw::deserialize(d)? {
            Raw::Bool(false) => return Ok(FormatChoice::Off),
            Raw::Bool(true) => Vec::new(),
            Raw::One(name) => vec![name],
            Raw::Many(names) => names,
        };
        names
            .iter()
            .map(|n| n.parse::<FormatterKind>())
            .collect::<Result<Vec<_>, _>>()
            .map(FormatChoice::On)
            .map_err(serde::de::Error::custom)
    }
}

/// A formatter found on this machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formatter {
    pub kind: FormatterKind,
    /// What `--version` printed (first line), which goes in the report:
    /// another version may format differently.
    pub version: String,
}

impl Formatter {
    /// Finds `kind` on the `PATH`: `None` when it does not start or does
    /// not answer `--version`.
    pub fn find(kind: FormatterKind) -> Option<Formatter> {
        let (program, _) = kind.command(Path::new(""));
        let output = Command::new(program)
            .arg("--version")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let line = text.lines().next().unwrap_or("").trim();
        // `prettier --version` prints the number alone.
        let version = if line.starts_with(kind.name()) {
            line.to_string()
        } else {
            format!("{} {line}", kind.name())
        };
        Some(Formatter { kind, version })
    }

    /// Formats `text` (the content of the output `path`, which need not
    /// exist) in `dir`, where the formatter looks for its settings.
    pub fn format(&self, text: &str, path: &Path, dir: Option<&Path>) -> Result<String, String> {
        let (program, args) = self.kind.command(path);
        let mut command = Command::new(program);
        command
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(dir) = dir.filter(|d| d.is_dir()) {
            command.current_dir(dir);
        }
        let mut child = command.spawn().map_err(|e| format!("cannot start: {e}"))?;
        // Written from another thread: a formatter that writes output before
        // it has read all its input would otherwise block on a full pipe.
        let input = text.as_bytes().to_vec();
        let stdin = child.stdin.take();
        let writer = std::thread::spawn(move || {
            if let Some(mut stdin) = stdin {
                // A formatter that stops reading (it failed) closes the pipe:
                // its exit status says why, not this write.
                let _ = stdin.write_all(&input);
            }
        });
        let output = child
            .wait_with_output()
            .map_err(|e| format!("did not finish: {e}"))?;
        let _ = writer.join();
        if !output.status.success() {
            let err = String::from_utf8_lossy(&output.stderr);
            let first = err
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("no message");
            return Err(format!("{} ({})", first, output.status));
        }
        let formatted =
            String::from_utf8(output.stdout).map_err(|_| "its output is not UTF-8".to_string())?;
        if formatted.trim().is_empty() && !text.trim().is_empty() {
            return Err("it printed nothing".into());
        }
        Ok(formatted)
    }
}

/// What a run should say about formatting, once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatNotice {
    /// No formatter for the target was found: nothing was formatted.
    Missing { wanted: FormatterKind },
    /// Files the formatter could not format, left as translated.
    Failed {
        formatter: String,
        files: usize,
        first_path: String,
        first_reason: String,
    },
}

impl std::fmt::Display for FormatNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatNotice::Missing { wanted } => write!(
                f,
                "--format: {} is not installed (or not on the PATH); outputs are written unformatted",
                wanted.name()
            ),
            FormatNotice::Failed {
                formatter,
                files,
                first_path,
                first_reason,
            } => write!(
                f,
                "--format: {formatter} could not format {files} file{} (first: {first_path}: \
                 {first_reason}); {} written as translated",
                if *files == 1 { "" } else { "s" },
                if *files == 1 { "it is" } else { "they are" },
            ),
        }
    }
}

/// The formatting of one run: the formatter (if any), and what became of
/// the files handed to it. Shared by the run's workers.
#[derive(Debug, Default)]
pub struct Formatting {
    /// None: formatting is off, or the formatter is missing.
    formatter: Option<Formatter>,
    /// The formatter asked for but not found.
    missing: Option<FormatterKind>,
    /// Where the formatter runs (the output directory), for its settings.
    dir: Option<PathBuf>,
    formatted: AtomicUsize,
    failed: AtomicUsize,
    /// The first failure: `(output path, reason)`.
    first_failure: Mutex<Option<(String, String)>>,
}

impl Formatting {
    /// No formatting.
    pub fn off() -> Formatting {
        Formatting::default()
    }

    /// The formatting `choice` asks for when the target is `to`, run in
    /// `dir` (the output directory).
    pub fn resolve(choice: &FormatChoice, to: Lang, dir: &Path) -> Formatting {
        let Some(kind) = choice.kind_for(to) else {
            return Formatting::off();
        };
        Formatting::with(Formatter::find(kind), kind, dir)
    }

    /// Formatting with `formatter` (`None`: `wanted` was not found).
    pub fn with(formatter: Option<Formatter>, wanted: FormatterKind, dir: &Path) -> Formatting {
        Formatting {
            missing: formatter.is_none().then_some(wanted),
            formatter,
            dir: Some(dir.to_path_buf()),
            ..Formatting::default()
        }
    }

    /// The formatter and its version, for the report: what, besides the
    /// translation, made the outputs.
    pub fn label(&self) -> Option<String> {
        self.formatter.as_ref().map(|f| f.version.clone())
    }

    /// The text of the output `rel` as it is written: formatted, or as
    /// translated when there is no formatter or it fails.
    pub fn apply(&self, rel: &Path, text: String) -> String {
        let Some(formatter) = &self.formatter else {
            return text;
        };
        let path = match &self.dir {
            Some(dir) => dir.join(rel),
            None => rel.to_path_buf(),
        };
        match formatter.format(&text, &path, self.dir.as_deref()) {
            Ok(formatted) => {
                self.formatted.fetch_add(1, Ordering::Relaxed);
                formatted
            }
            Err(reason) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                if let Ok(mut first) = self.first_failure.lock() {
                    let path = crate::emit::slash_path(rel);
                    // The smallest path, so the message does not depend on
                    // which worker got there first.
                    if first.as_ref().is_none_or(|(p, _)| path < *p) {
                        *first = Some((path, reason));
                    }
                }
                text
            }
        }
    }

    /// Files formatted so far.
    pub fn formatted(&self) -> usize {
        self.formatted.load(Ordering::Relaxed)
    }

    /// What to tell the user about this run's formatting, once each.
    pub fn notices(&self) -> Vec<FormatNotice> {
        let mut notices = Vec::new();
        if let Some(wanted) = self.missing {
            notices.push(FormatNotice::Missing { wanted });
        }
        let failed = self.failed.load(Ordering::Relaxed);
        if let (Some(formatter), true) = (&self.formatter, failed > 0) {
            let (first_path, first_reason) = self
                .first_failure
                .lock()
                .ok()
                .and_then(|f| f.clone())
                .unwrap_or_default();
            notices.push(FormatNotice::Failed {
                formatter: formatter.kind.name().to_string(),
                files: failed,
                first_path,
                first_reason,
            });
        }
        notices
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rustfmt() -> Option<Formatter> {
        let found = Formatter::find(FormatterKind::Rustfmt);
        if found.is_none() {
            eprintln!("skipped: rustfmt is not installed");
        }
        found
    }

    #[test]
    fn choices_pick_the_usual_formatter_unless_one_is_named() {
        let on = FormatChoice::On(Vec::new());
        assert_eq!(on.kind_for(Lang::Python), Some(FormatterKind::Black));
        assert_eq!(on.kind_for(Lang::Rust), Some(FormatterKind::Rustfmt));
        assert_eq!(on.kind_for(Lang::JavaScript), Some(FormatterKind::Prettier));
        let ruff = FormatChoice::On(vec![FormatterKind::Ruff]);
        assert_eq!(ruff.kind_for(Lang::Python), Some(FormatterKind::Ruff));
        // Naming a Python formatter says nothing about JavaScript.
        assert_eq!(
            ruff.kind_for(Lang::JavaScript),
            Some(FormatterKind::Prettier)
        );
        assert_eq!(FormatChoice::Off.kind_for(Lang::Rust), None);
    }

    #[test]
    fn the_config_file_takes_a_switch_a_name_or_names() {
        #[derive(Deserialize)]
        struct T {
            format: FormatChoice,
        }
        let read = |text: &str| toml::from_str::<T>(text).map(|t| t.format);
        assert_eq!(read("format = false").unwrap(), FormatChoice::Off);
        assert_eq!(read("format = true").unwrap(), FormatChoice::On(vec![]));
        assert_eq!(
            read("format = \"Ruff\"").unwrap(),
            FormatChoice::On(vec![FormatterKind::Ruff])
        );
        assert_eq!(
            read("format = [\"ruff\", \"prettier\"]").unwrap(),
            FormatChoice::On(vec![FormatterKind::Ruff, FormatterKind::Prettier])
        );
        let err = read("format = \"gofmt\"").unwrap_err().to_string();
        assert!(err.contains("unknown formatter `gofmt`"), "{err}");
    }

    #[test]
    fn rustfmt_formats_through_stdin_and_records_its_version() {
        let Some(rustfmt) = rustfmt() else { return };
        assert!(
            rustfmt.version.starts_with("rustfmt "),
            "{}",
            rustfmt.version
        );
        let dir = tempfile::tempdir().unwrap();
        let formatting = Formatting::with(Some(rustfmt), FormatterKind::Rustfmt, dir.path());
        let text = formatting.apply(Path::new("a.rs"), "fn  f( )->i32{1}".to_string());
        assert_eq!(text, "fn f() -> i32 {\n    1\n}\n");
        assert_eq!(formatting.formatted(), 1);
        assert!(formatting.notices().is_empty());
        // Formatting only reads standard input: nothing was written.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// A formatter that cannot parse a file (a translation with a broken
    /// `TODO(xlate)` neighbour) must leave the text exactly as translated,
    /// and the run must say so once, however many files failed.
    #[test]
    fn a_failing_formatter_leaves_the_text_and_says_so_once() {
        let Some(rustfmt) = rustfmt() else { return };
        let dir = tempfile::tempdir().unwrap();
        let formatting = Formatting::with(Some(rustfmt), FormatterKind::Rustfmt, dir.path());
        let broken = "fn f( {\n// TODO(xlate): not translated\n";
        assert_eq!(formatting.apply(Path::new("z.rs"), broken.into()), broken);
        assert_eq!(formatting.apply(Path::new("b.rs"), broken.into()), broken);
        let notices = formatting.notices();
        assert_eq!(notices.len(), 1, "{notices:?}");
        let FormatNotice::Failed {
            files, first_path, ..
        } = &notices[0]
        else {
            panic!("{notices:?}")
        };
        assert_eq!((*files, first_path.as_str()), (2, "b.rs"));
        assert!(notices[0].to_string().contains("could not format 2 files"));
    }

    #[test]
    fn a_missing_formatter_is_one_notice_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let formatting = Formatting::with(None, FormatterKind::Prettier, dir.path());
        assert_eq!(formatting.apply(Path::new("a.js"), "x  =1".into()), "x  =1");
        assert_eq!(formatting.label(), None);
        let notices = formatting.notices();
        assert_eq!(
            notices,
            [FormatNotice::Missing {
                wanted: FormatterKind::Prettier
            }]
        );
        assert!(notices[0].to_string().contains("prettier is not installed"));
    }
}
