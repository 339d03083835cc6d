//! `xlate.toml`: the settings of a translate run checked into a repository,
//! found from the source directory upward (or given with `--config`).
//! Command-line flags override it; `cli` merges the two into one checked
//! `TranslateConfig`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::lang::Lang;

/// The file name looked for.
pub const CONFIG_FILE: &str = "xlate.toml";

/// Why a config file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Bad TOML, a value of the wrong type, an unknown key or a value out
    /// of range (the message names it, with its line and column).
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
}

/// The keys whose values are checked after parsing, with where they are, so
/// that an error about a value can point at it. Parsed from the same text
/// as [`FileConfig`], which checks the keys themselves.
#[derive(Default, Deserialize)]
struct ValueSpans {
    engine: Option<toml::Spanned<String>>,
    #[serde(default)]
    model: ModelSpans,
}

#[derive(Default, Deserialize)]
struct ModelSpans {
    batch: Option<toml::Spanned<usize>>,
}

/// What `xlate.toml` may say. Unknown keys are an error, so a typo does not
/// silently leave a setting at its default.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    #[serde(default, deserialize_with = "lang_by_name")]
    pub from: Option<Lang>,
    #[serde(default, deserialize_with = "lang_by_name")]
    pub to: Option<Lang>,
    /// Relative to the config file's folder.
    pub out: Option<PathBuf>,
    pub engine: Option<String>,
    pub jobs: Option<usize>,
    /// Globs over paths relative to the source root (see `select`).
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Target-language declarations that translations must match; relative
    /// to the config file's folder.
    pub signatures: Option<PathBuf>,
    /// The cache directory; relative to the config file's folder.
    pub cache: Option<PathBuf>,
    pub copy_other: Option<bool>,
    pub max_file_size: Option<u64>,
    pub split_classes_over: Option<usize>,
    /// Run the target's formatter on each output: `true`, a formatter's
    /// name (`"ruff"`) or names (see `format`).
    pub format: Option<crate::format::FormatChoice>,
    /// How far translations are verified: off, compile or test.
    #[serde(default, deserialize_with = "level_by_name")]
    pub verify: Option<crate::verify::VerifyLevel>,
    /// Identifier renames engines must use: source name = target name.
    #[serde(default)]
    pub glossary: BTreeMap<String, String>,
    #[serde(default)]
    pub model: ModelConfig,
    #[serde(default)]
    pub server: ServerConfig,
    /// The target project's names (see `project::scaffold`).
    #[serde(default)]
    pub project: ProjectConfig,
}

/// `[project]`: names of the translated project.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProjectConfig {
    /// The package name in `package.json`, `pyproject.toml` or
    /// `Cargo.toml`; the source folder's name when unset.
    pub name: Option<String>,
    /// The module system of JavaScript output: `esm` (`import`/`export`)
    /// or `commonjs` (`require`/`module.exports`). Unset: CommonJS when
    /// the tree's JavaScript modules use it, else ES modules.
    pub module: Option<ModuleSystem>,
}

/// A JavaScript module system.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ModuleSystem {
    Esm,
    Commonjs,
}

/// A language as the command line takes it: its name or an alias (`py`,
/// `js`, `rs`), in any case.
fn lang_by_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Lang>, D::Error> {
    let name = String::deserialize(d)?;
    name.parse::<Lang>()
        .map(Some)
        .map_err(serde::de::Error::custom)
}

/// A verification level by name (`off`, `compile`, `test`), in any case.
fn level_by_name<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::verify::VerifyLevel>, D::Error> {
    let name = String::deserialize(d)?;
    name.parse().map(Some).map_err(serde::de::Error::custom)
}

/// Settings of the model engine; the command line's options win.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ModelConfig {
    /// The model, as `--model`; a relative path is relative to the file.
    pub model: Option<String>,
    /// Sequences decoded together, as `--batch`.
    pub batch: Option<usize>,
}

/// Settings of the server engine (`[server]`); the command line's options
/// win. Times are in seconds.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ServerConfig {
    /// One base URL, or a list of them.
    #[serde(default, deserialize_with = "one_or_many")]
    pub url: Vec<String>,
    pub model: Option<String>,
    /// The name of the environment variable holding the API key.
    pub api_key_env: Option<String>,
    pub concurrency: Option<usize>,
    pub timeout: Option<f64>,
    pub retries: Option<usize>,
    /// The first retry's wait; it doubles with each retry.
    pub backoff: Option<f64>,
    pub candidates: Option<usize>,
    pub temperature: Option<f64>,
    pub top_p: Option<f64>,
    pub seed: Option<u64>,
    pub max_tokens: Option<usize>,
    pub repair_rounds: Option<usize>,
    /// false: ask llama-server not to reuse the prompt's prefix from its
    /// cache (`cache_prompt`), for measuring what that reuse is worth.
    pub cache_prompt: Option<bool>,
}

/// A string, or a list of strings.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

/// A config file, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub path: PathBuf,
    pub file: FileConfig,
}

impl Loaded {
    /// Reads and checks the config file at `path`. Relative paths in it are
    /// made relative to its folder, so it means the same from anywhere.
    pub fn read(path: &Path) -> Result<Loaded, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let parse_error = |message: String| ConfigError::Parse {
            path: path.to_path_buf(),
            message,
        };
        let mut file: FileConfig =
            toml::from_str(&text).map_err(|e| parse_error(one_line(&e, &text)))?;
        let spans: ValueSpans =
            toml::from_str(&text).map_err(|e| parse_error(one_line(&e, &text)))?;
        check_values(&spans, &text).map_err(parse_error)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        for p in [&mut file.out, &mut file.signatures, &mut file.cache]
            .into_iter()
            .flatten()
        {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        }
        if let Some(model) = &mut file.model.model {
            if !model.starts_with("hf:") && Path::new(model.as_str()).is_relative() {
                *model = dir.join(&*model).display().to_string();
            }
        }
        Ok(Loaded {
            path: path.to_path_buf(),
            file,
        })
    }

    /// The glossary as pairs, in a fixed order (so cache keys are stable).
    pub fn glossary(&self) -> Vec<(String, String)> {
        self.file
            .glossary
            .iter()
            .map(|(a, b)| (a.clone(), b.clone()))
            .collect()
    }
}

/// Values that parse but cannot be used. Regression: an unknown engine was
/// reported later, by the engine, without naming this file; `[model] batch
/// = 99` was accepted.
fn check_values(spans: &ValueSpans, text: &str) -> Result<(), String> {
    if let Some(engine) = &spans.engine {
        let known = crate::engine::ENGINE_NAMES;
        if !known.contains(&engine.get_ref().as_str()) {
            return Err(format!(
                "{}: unknown engine `{}` (known: {})",
                line_column(text, engine.span().start),
                engine.get_ref(),
                known.join(", ")
            ));
        }
    }
    if let Some(batch) = &spans.model.batch {
        let range = crate::model::BATCH;
        if !range.contains(batch.get_ref()) {
            return Err(format!(
                "{}: [model] batch = {} is out of range (valid: {} to {})",
                line_column(text, batch.span().start),
                batch.get_ref(),
                range.start(),
                range.end()
            ));
        }
    }
    Ok(())
}

/// `toml`'s message, which quotes the offending line over several lines,
/// made into one line that still names the key and where it is.
/// Regression: it said `at byte 17`, where people and editors count lines
/// and columns.
fn one_line(err: &toml::de::Error, text: &str) -> String {
    let what = err.message().trim_end();
    match err.span() {
        Some(span) => format!("{}: {what}", line_column(text, span.start)),
        None => what.to_string(),
    }
}

/// `line L, column C` of byte `offset` in `text`, both counted from 1, the
/// column in characters (as editors show it).
fn line_column(text: &str, offset: usize) -> String {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    format!("line {line}, column {column}")
}

/// The nearest `xlate.toml` in `src`'s folder (or `src` itself, when it is a
/// folder) or any folder above it.
pub fn find(src: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(src).ok()?;
    let start = if start.is_dir() {
        start
    } else {
        start.parent()?.to_path_buf()
    };
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join(CONFIG_FILE);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_full_file_is_read_with_paths_made_relative_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            r#"
from = "python"
to = "javascript"
out = "translated"
engine = "identity"
jobs = 3
include = ["src/**"]
exclude = ["**/test_*.py"]
signatures = "sigs/api.js"
cache = "/var/cache/xlate"
copy-other = true
format = "ruff"

[glossary]
get_user = "fetchUser"

[model]
batch = 8
"#,
        );
        let loaded = Loaded::read(&path).unwrap();
        let f = &loaded.file;
        assert_eq!((f.from, f.to), (Some(Lang::Python), Some(Lang::JavaScript)));
        assert_eq!(
            f.out.as_deref(),
            Some(dir.path().join("translated").as_path())
        );
        assert_eq!(
            f.signatures.as_deref(),
            Some(dir.path().join("sigs/api.js").as_path())
        );
        assert_eq!(f.cache.as_deref(), Some(Path::new("/var/cache/xlate")));
        assert_eq!(f.jobs, Some(3));
        assert_eq!(f.model.batch, Some(8));
        assert_eq!(f.copy_other, Some(true));
        assert_eq!(
            f.format,
            Some(crate::format::FormatChoice::On(vec![
                crate::format::FormatterKind::Ruff
            ]))
        );
        assert_eq!(
            loaded.glossary(),
            vec![("get_user".to_string(), "fetchUser".to_string())]
        );
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_key_and_the_file() {
        let dir = tempfile::tempdir().unwrap();
        for (text, key) in [
            ("to = \"rust\"\noutput = \"x\"\n", "output"),
            ("[model]\ntemperature = 0.2\n", "temperature"),
            ("[modle]\n", "modle"),
        ] {
            let path = write(dir.path(), text);
            let err = Loaded::read(&path).unwrap_err().to_string();
            assert!(err.contains(&format!("`{key}`")), "{err}");
            assert!(err.contains(&path.display().to_string()), "{err}");
        }
        let path = write(dir.path(), "to = \"JS\"\nfrom = \"py\"\n");
        let f = Loaded::read(&path).unwrap().file;
        assert_eq!((f.from, f.to), (Some(Lang::Python), Some(Lang::JavaScript)));
        let path = write(dir.path(), "to = \"cobol\"\n");
        let err = Loaded::read(&path).unwrap_err().to_string();
        assert!(err.contains("cobol"), "{err}");
    }

    /// Regression: errors gave `at byte N`, and the unknown-engine error
    /// (raised later, by the engine) did not name the file at all.
    #[test]
    fn errors_name_the_file_the_line_and_the_column() {
        let dir = tempfile::tempdir().unwrap();
        for (text, expected) in [
            (
                "to = \"rust\"\n  output = \"x\"\n",
                "line 2, column 3: unknown field `output`",
            ),
            (
                "to = \"rust\"\nengine = \"gpt\"\n",
                "line 2, column 10: unknown engine `gpt` (known: identity, rules, model, server, auto)",
            ),
            (
                "# é\n[model]\nbatch = 99\n",
                "line 3, column 9: [model] batch = 99 is out of range (valid: 1 to 16)",
            ),
            (
                "[model]\nbatch = 0\n",
                "line 2, column 9: [model] batch = 0 is out of range (valid: 1 to 16)",
            ),
            ("jobs = \"many\"\n", "line 1, column 8: "),
        ] {
            let path = write(dir.path(), text);
            let err = Loaded::read(&path).unwrap_err().to_string();
            let expected = format!("{}: {expected}", path.display());
            assert!(err.starts_with(&expected), "{err}\nexpected: {expected}");
            assert!(!err.contains("byte"), "{err}");
        }
        let path = write(dir.path(), "engine = \"rules\"\n[model]\nbatch = 16\n");
        assert_eq!(Loaded::read(&path).unwrap().file.model.batch, Some(16));
    }

    #[test]
    fn line_and_column_count_characters_from_one() {
        assert_eq!(line_column("ab\ncd", 0), "line 1, column 1");
        assert_eq!(line_column("ab\ncd", 4), "line 2, column 2");
        assert_eq!(line_column("é = 1", 3), "line 1, column 3");
        assert_eq!(line_column("ab", 99), "line 1, column 3");
    }

    #[test]
    fn the_nearest_file_upward_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("repo/src/pkg");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("a.py"), "").unwrap();
        let top = write(&dir.path().join("repo"), "");
        assert_eq!(find(&deep), Some(top.clone()));
        assert_eq!(find(&deep.join("a.py")), Some(top));
        let nearer = write(&dir.path().join("repo/src"), "");
        assert_eq!(find(&deep), Some(nearer));
    }
}
