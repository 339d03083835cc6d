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
    /// Bad TOML, a value of the wrong type, or an unknown key (the message
    /// names it, with its line).
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
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
    /// Identifier renames engines must use: source name = target name.
    #[serde(default)]
    pub glossary: BTreeMap<String, String>,
    #[serde(default)]
    pub model: ModelConfig,
    #[serde(default)]
    pub server: ServerConfig,
}

/// A language as the command line takes it: its name or an alias (`py`,
/// `js`, `rs`), in any case.
fn lang_by_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Lang>, D::Error> {
    let name = String::deserialize(d)?;
    name.parse::<Lang>()
        .map(Some)
        .map_err(serde::de::Error::custom)
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
        let mut file: FileConfig = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: one_line(&e),
        })?;
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

/// `toml`'s message, which quotes the offending line over several lines,
/// made into one line that still names the key and where it is.
fn one_line(err: &toml::de::Error) -> String {
    let what = err.message();
    match err.span() {
        Some(span) => format!("{what} (at byte {})", span.start),
        None => what.to_string(),
    }
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
