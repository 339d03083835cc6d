//! Writing the output tree: where each file goes, how an untranslated unit is
//! kept, and writes that are atomic and never clobber files xlate did not
//! write.

use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::lang::{keyword_rename, legal_stem, Lang};
use crate::report::{Report, REPORT_FILE};

/// Where the translation of the source file `rel` (in `from`) goes, relative
/// to the output directory: the target's extension, and for languages whose
/// module names are identifiers, legal file and folder names. A package file
/// becomes the target's package file (`__init__.py` ↔ `index.js` ↔ `mod.rs`).
pub fn output_path(rel: &Path, from: Lang, to: Lang) -> PathBuf {
    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
    let ext = rel.extension().unwrap_or_default().to_string_lossy();
    if from == to {
        // Same language: nothing to make legal, and `.mjs` stays `.mjs`.
        return rel.to_path_buf();
    }
    let mut out = PathBuf::new();
    if let Some(parent) = rel.parent() {
        for component in parent.components() {
            match component {
                Component::Normal(name) => out.push(legal_stem(&name.to_string_lossy(), to)),
                other => out.push(other.as_os_str()),
            }
        }
    }
    let stem = if stem == from.package_stem() {
        to.package_stem().to_string()
    } else {
        legal_stem(&stem, to)
    };
    let ext = if to.extensions().contains(&ext.as_ref()) {
        ext.into_owned()
    } else {
        to.extension().to_string()
    };
    out.push(format!("{stem}.{ext}"));
    out
}

/// The names in `rel` that [`output_path`] changes because they are keywords
/// of `to` (folders first, then the file), each as `old → new (why)`, for
/// the file's report: the rename is legal but not what the user wrote, and
/// whoever imports the module must know its new name.
pub fn keyword_renames(rel: &Path, from: Lang, to: Lang) -> Vec<String> {
    if from == to {
        return Vec::new();
    }
    let mut names: Vec<String> = rel
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
    if stem != from.package_stem() {
        names.push(stem.into_owned());
    }
    names
        .into_iter()
        .filter_map(|name| {
            keyword_rename(&name, to).map(|new| {
                // `keyword_rename` appended one underscore to the keyword.
                let keyword = &new[..new.len() - 1];
                format!("{name} → {new} (`{keyword}` is a {to} keyword)")
            })
        })
        .collect()
}

/// A unit no candidate passed: the original code, each line in a comment of
/// the target language, opened by `TODO(xlate): <reason>` so that `grep -r
/// TODO(xlate)` finds every gap. `indent` goes before every line (members of
/// a class); `newline` is the file's line ending.
pub fn todo_block(lang: Lang, reason: &str, original: &str, indent: &str, newline: &str) -> String {
    let comment = lang.line_comment();
    // A reason is one line: it comes from engines and parsers, which may
    // quote code.
    let reason: String = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = format!("{indent}{comment} TODO(xlate): {reason}{newline}");
    let original = crate::verify::dedent(original);
    for line in original.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            out.push_str(&format!("{indent}{comment}{newline}"));
        } else {
            out.push_str(&format!("{indent}{comment} {line}{newline}"));
        }
    }
    // The unit's own text has no final line break (the glue after it does).
    out.truncate(out.len() - newline.len());
    out
}

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("{path}: exists and was not written by xlate, or was edited since (use --force to overwrite)")]
    NotOurs { path: PathBuf },
    #[error("{path}: cannot write: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// What writing one file did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    /// The file already had this content and was left alone (its
    /// modification time stays).
    Unchanged,
    /// `--dry-run`: nothing was written.
    DryRun,
}

/// The output directory.
pub struct OutputDir {
    root: PathBuf,
    force: bool,
    dry_run: bool,
    /// Files the previous run wrote, with the hash they had then.
    owned: HashMap<String, String>,
}

impl OutputDir {
    /// Opens `root` (which need not exist yet), learning from the previous
    /// run's report which files xlate wrote there.
    pub fn open(root: &Path, force: bool, dry_run: bool) -> OutputDir {
        let owned = fs::read(root.join(REPORT_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Report>(&bytes).ok())
            .map(|report| {
                // Stale outputs are still ours until pruned.
                report
                    .files
                    .into_iter()
                    .chain(report.stale)
                    .map(|f| (f.output, f.output_hash))
                    .collect()
            })
            .unwrap_or_default();
        OutputDir {
            root: root.to_path_buf(),
            force,
            dry_run,
            owned,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `content` to `rel` under the root, atomically, unless the file
    /// there already has this content. A file that exists and that xlate did
    /// not write (or that was edited since) is left alone without `--force`.
    pub fn write(&self, rel: &Path, content: &[u8]) -> Result<WriteOutcome, EmitError> {
        let path = self.root.join(rel);
        match fs::read(&path) {
            Ok(current) => {
                if current == content {
                    return Ok(WriteOutcome::Unchanged);
                }
                let key = slash_path(rel);
                let ours = self
                    .owned
                    .get(&key)
                    .is_some_and(|hash| *hash == content_hash(&current));
                if !ours && !self.force {
                    return Err(EmitError::NotOurs { path });
                }
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(EmitError::Io { path, source }),
        }
        if self.dry_run {
            return Ok(WriteOutcome::DryRun);
        }
        write_atomic(&path, content).map_err(|source| EmitError::Io { path, source })?;
        Ok(WriteOutcome::Written)
    }

    /// Writes the report (always ours to overwrite).
    pub fn write_report(&self, report: &Report) -> Result<(), EmitError> {
        if self.dry_run {
            return Ok(());
        }
        let path = self.root.join(REPORT_FILE);
        let mut json = serde_json::to_vec_pretty(report).expect("a report serializes");
        json.push(b'\n');
        write_atomic(&path, &json).map_err(|source| EmitError::Io { path, source })
    }
}

/// Writes through a temporary file in the same folder and a rename, so a
/// reader (or a run killed half-way) never sees a half-written file.
pub fn write_atomic(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".xlate-tmp-")
        .tempfile_in(dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_data()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Temporary files are private (0600); outputs are ordinary files.
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

/// BLAKE3 of `bytes`, in hex.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// A relative path with `/` separators, as reports show paths on every OS.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_follow_the_target_language() {
        let p = |rel: &str, from, to| slash_path(&output_path(Path::new(rel), from, to));
        assert_eq!(
            p("pkg/DataLoader.py", Lang::Python, Lang::Rust),
            "pkg/data_loader.rs"
        );
        assert_eq!(
            p("my-pkg/__init__.py", Lang::Python, Lang::Rust),
            "my_pkg/mod.rs"
        );
        assert_eq!(
            p("lib/index.js", Lang::JavaScript, Lang::Python),
            "lib/__init__.py"
        );
        assert_eq!(
            p("lib/some-util.mjs", Lang::JavaScript, Lang::Python),
            "lib/some_util.py"
        );
        assert_eq!(p("a/mod.rs", Lang::Rust, Lang::JavaScript), "a/index.js");
        assert_eq!(
            p("a/my_mod.py", Lang::Python, Lang::JavaScript),
            "a/my_mod.js"
        );
        assert_eq!(
            p("x/run-tests.mjs", Lang::JavaScript, Lang::JavaScript),
            "x/run-tests.mjs"
        );
    }

    /// Regression: `class.js` was written as `class.py`, which cannot be
    /// imported, and nothing said so.
    #[test]
    fn keyword_names_are_renamed_and_the_renames_listed() {
        let p = |rel: &str, from, to| slash_path(&output_path(Path::new(rel), from, to));
        assert_eq!(p("class.js", Lang::JavaScript, Lang::Python), "class_.py");
        assert_eq!(
            p("import/def.js", Lang::JavaScript, Lang::Python),
            "import_/def_.py"
        );
        assert_eq!(
            p("for/index.js", Lang::JavaScript, Lang::Python),
            "for_/__init__.py"
        );
        assert_eq!(p("self.py", Lang::Python, Lang::Rust), "self_.rs");
        assert_eq!(p("class.py", Lang::Python, Lang::JavaScript), "class.js");
        // Same language: the tree is mirrored byte for byte, names included.
        assert_eq!(p("class.py", Lang::Python, Lang::Python), "class.py");
        assert!(keyword_renames(Path::new("class.py"), Lang::Python, Lang::Python).is_empty());
        assert_eq!(
            keyword_renames(Path::new("import/def.js"), Lang::JavaScript, Lang::Python),
            [
                "import → import_ (`import` is a python keyword)",
                "def → def_ (`def` is a python keyword)"
            ]
        );
        assert!(
            keyword_renames(Path::new("my-mod/x.js"), Lang::JavaScript, Lang::Python).is_empty()
        );
        assert!(keyword_renames(Path::new("class.py"), Lang::Python, Lang::JavaScript).is_empty());
    }

    #[test]
    fn todo_blocks_keep_every_line() {
        let original = "def f(x):\n    return x // 2\n\n    # done";
        let block = todo_block(
            Lang::JavaScript,
            "declined:\n `//` at line 2",
            original,
            "",
            "\n",
        );
        assert_eq!(
            block,
            "// TODO(xlate): declined: `//` at line 2\n// def f(x):\n//     return x // 2\n//\n//     # done"
        );
        let member = todo_block(
            Lang::Python,
            "r",
            "    def m(self):\r\n        pass",
            "    ",
            "\r\n",
        );
        assert_eq!(
            member,
            "    # TODO(xlate): r\r\n    # def m(self):\r\n    #     pass"
        );
    }

    #[test]
    fn writes_are_atomic_and_respect_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::open(dir.path(), false, false);
        assert_eq!(
            out.write(Path::new("a/b.js"), b"x").unwrap(),
            WriteOutcome::Written
        );
        assert_eq!(fs::read(dir.path().join("a/b.js")).unwrap(), b"x");
        assert_eq!(
            out.write(Path::new("a/b.js"), b"x").unwrap(),
            WriteOutcome::Unchanged
        );
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(dir.path().join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["b.js"]);

        // A file that no report claims is not ours.
        fs::write(dir.path().join("mine.js"), "hand written").unwrap();
        let err = out.write(Path::new("mine.js"), b"y").unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(
            fs::read_to_string(dir.path().join("mine.js")).unwrap(),
            "hand written"
        );
        let forced = OutputDir::open(dir.path(), true, false);
        forced.write(Path::new("mine.js"), b"y").unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("mine.js")).unwrap(), "y");
    }

    #[test]
    fn files_from_the_last_run_may_be_replaced_until_edited() {
        let dir = tempfile::tempdir().unwrap();
        let claim = |content: &[u8]| {
            let report = Report {
                files: vec![crate::report::FileReport {
                    source: "a.py".into(),
                    output: "a.js".into(),
                    lang: Lang::Python,
                    status: crate::report::FileStatus::Translated,
                    units: Vec::new(),
                    warnings: Vec::new(),
                    renamed: Vec::new(),
                    output_hash: content_hash(content),
                }],
                ..Report::default()
            };
            OutputDir::open(dir.path(), false, false)
                .write_report(&report)
                .unwrap();
        };
        fs::write(dir.path().join("a.js"), "old").unwrap();
        claim(b"old");
        let out = OutputDir::open(dir.path(), false, false);
        out.write(Path::new("a.js"), b"new").unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("a.js")).unwrap(), "new");

        // Edited by hand since the last run wrote it: refused.
        claim(b"new");
        fs::write(dir.path().join("a.js"), "edited").unwrap();
        let out = OutputDir::open(dir.path(), false, false);
        assert!(matches!(
            out.write(Path::new("a.js"), b"newer"),
            Err(EmitError::NotOurs { .. })
        ));
        assert_eq!(
            fs::read_to_string(dir.path().join("a.js")).unwrap(),
            "edited"
        );
    }
}
