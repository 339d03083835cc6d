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
                // `keyword_rename` appended one underscore to the name.
                let old = &new[..new.len() - 1];
                if to.shadows_standard_module(old) {
                    format!("{name} → {new} (`{old}` is a {to} standard module)")
                } else {
                    format!("{name} → {new} (`{old}` is a {to} keyword)")
                }
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
    #[error("{path}: cannot write: {error}")]
    Io {
        path: PathBuf,
        // Not `source`: the message holds it, and a source would be
        // printed a second time by error chains.
        error: std::io::Error,
    },
    /// The last line of defence of the promise that the source tree is never
    /// modified: whatever the planning missed, no write lands inside it.
    #[error("{path}: refused: it is inside the source {source_root}")]
    InsideSource { path: PathBuf, source_root: PathBuf },
}

/// Why the output directory cannot be used at all; found before the first
/// unit is translated, so that a run never does its work for nothing.
#[derive(Debug, thiserror::Error)]
pub enum OutputDirError {
    #[error(
        "--out {out} and the source {src} overlap ({how}); \
         choose an output directory outside the source, and not above it"
    )]
    Overlaps {
        out: PathBuf,
        src: PathBuf,
        how: &'static str,
    },
    #[error("{path}: cannot resolve: {error}")]
    Resolve {
        path: PathBuf,
        // Not `source`: the message holds it, and a source would be
        // printed a second time by error chains.
        error: std::io::Error,
    },
    #[error("--out {path}: not a directory")]
    NotADirectory { path: PathBuf },
    #[error("--out {path}: cannot write there: {error}")]
    NotWritable {
        path: PathBuf,
        // Not `source`: the message holds it, and a source would be
        // printed a second time by error chains.
        error: std::io::Error,
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

/// Where a run's finished files go. The pipeline produces texts and hands
/// them here; it never touches the file system's output side itself.
pub trait Sink: Sync {
    /// Takes the content of the output at `rel` (relative to the output
    /// root).
    fn put(&self, rel: &Path, content: &[u8]) -> Result<WriteOutcome, EmitError>;
}

impl Sink for OutputDir {
    fn put(&self, rel: &Path, content: &[u8]) -> Result<WriteOutcome, EmitError> {
        self.write(rel, content)
    }
}

/// The output directory.
pub struct OutputDir {
    root: PathBuf,
    force: bool,
    dry_run: bool,
    /// Files the previous run wrote, with the hash they had then.
    owned: HashMap<String, String>,
    /// Files this run wrote, with their hash: still ours to write again (a
    /// module written once more when the modules it imports were done).
    written: std::sync::Mutex<HashMap<String, String>>,
    /// The source, resolved: no write may land inside it.
    source_root: Option<PathBuf>,
    /// Temporary files of killed runs removed when the directory was opened.
    swept: usize,
}

impl OutputDir {
    /// Opens `root` (which need not exist yet) as the output directory for
    /// the source `source`: refuses a directory that overlaps the source,
    /// and (unless `dry_run`) one that cannot be created or written, then
    /// sweeps the temporary files of earlier runs that were killed, and
    /// learns from the previous run's report which files xlate wrote there.
    pub fn open(
        root: &Path,
        source: &Path,
        force: bool,
        dry_run: bool,
    ) -> Result<OutputDir, OutputDirError> {
        let source_root = refuse_overlap(source, root)?;
        if root.exists() && !root.is_dir() {
            return Err(OutputDirError::NotADirectory {
                path: root.to_path_buf(),
            });
        }
        let mut swept = 0;
        if !dry_run {
            probe_writable(root).map_err(|e| OutputDirError::NotWritable {
                path: root.to_path_buf(),
                error: e,
            })?;
            swept = sweep_temp_files(root);
        }
        let mut out = OutputDir::unchecked(root, force, dry_run);
        out.source_root = Some(source_root);
        out.swept = swept;
        Ok(out)
    }

    /// Opens `root` with no source to guard and no checks: for tests and
    /// benchmarks that write into a directory of their own.
    pub fn unchecked(root: &Path, force: bool, dry_run: bool) -> OutputDir {
        let owned = fs::read(root.join(REPORT_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Report>(&bytes).ok())
            .map(|report| {
                // Stale outputs are still ours until pruned; so are the
                // project files xlate wrote.
                report
                    .files
                    .into_iter()
                    .chain(report.stale)
                    .map(|f| (f.output, f.output_hash))
                    .chain(
                        report
                            .scaffold
                            .into_iter()
                            .map(|s| (s.output, s.output_hash)),
                    )
                    .collect()
            })
            .unwrap_or_default();
        OutputDir {
            root: root.to_path_buf(),
            force,
            dry_run,
            owned,
            written: std::sync::Mutex::default(),
            source_root: None,
            swept: 0,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How many temporary files of killed runs [`OutputDir::open`] removed.
    pub fn swept(&self) -> usize {
        self.swept
    }

    /// Refuses `path` if it resolves to a place inside the source.
    pub fn guard(&self, path: &Path) -> Result<(), EmitError> {
        let Some(source_root) = &self.source_root else {
            return Ok(());
        };
        let resolved = resolve(path).map_err(|error| EmitError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        if resolved.starts_with(source_root) {
            return Err(EmitError::InsideSource {
                path: path.to_path_buf(),
                source_root: source_root.clone(),
            });
        }
        Ok(())
    }

    /// Writes `content` to `rel` under the root, atomically, unless the file
    /// there already has this content. A file that exists and that xlate did
    /// not write (or that was edited since) is left alone without `--force`.
    pub fn write(&self, rel: &Path, content: &[u8]) -> Result<WriteOutcome, EmitError> {
        let path = self.root.join(rel);
        self.guard(&path)?;
        match fs::read(&path) {
            Ok(current) => {
                if current == content {
                    return Ok(WriteOutcome::Unchanged);
                }
                let key = slash_path(rel);
                let hash = content_hash(&current);
                let written_now = self
                    .written
                    .lock()
                    .is_ok_and(|w| w.get(&key).is_some_and(|h| *h == hash));
                let ours = written_now || self.owned.get(&key).is_some_and(|h| *h == hash);
                if !ours && !self.force {
                    return Err(EmitError::NotOurs { path });
                }
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(EmitError::Io { path, error }),
        }
        if self.dry_run {
            return Ok(WriteOutcome::DryRun);
        }
        write_atomic(&path, content).map_err(|error| EmitError::Io { path, error })?;
        if let Ok(mut written) = self.written.lock() {
            written.insert(slash_path(rel), content_hash(content));
        }
        Ok(WriteOutcome::Written)
    }

    /// Writes the report (always ours to overwrite).
    pub fn write_report(&self, report: &Report) -> Result<(), EmitError> {
        if self.dry_run {
            return Ok(());
        }
        let path = self.root.join(REPORT_FILE);
        self.guard(&path)?;
        let mut json = serde_json::to_vec_pretty(report).map_err(|e| EmitError::Io {
            path: path.clone(),
            error: e.into(),
        })?;
        json.push(b'\n');
        write_atomic(&path, &json).map_err(|error| EmitError::Io { path, error })
    }
}

/// Refuses an output directory that overlaps the source in either
/// direction, however the paths are spelled (symbolic links, `..`, trailing
/// slashes): outputs inside the source would be translated again on the
/// next run and could replace sources; a source inside the output directory
/// could be overwritten by an output whose path happens to match its own.
/// A source file is only refused when the output directory is, or goes
/// through, the file itself; where its translation lands is checked on
/// every write ([`OutputDir::guard`]).
/// Returns the source, resolved.
pub fn refuse_overlap(src: &Path, out: &Path) -> Result<PathBuf, OutputDirError> {
    let resolve_err = |path: &Path| {
        let path = path.to_path_buf();
        move |error| OutputDirError::Resolve { path, error }
    };
    let src_resolved = src.canonicalize().map_err(resolve_err(src))?;
    let out_resolved = resolve(out).map_err(resolve_err(out))?;
    let overlaps = |how| OutputDirError::Overlaps {
        out: out.to_path_buf(),
        src: src.to_path_buf(),
        how,
    };
    if out_resolved == src_resolved {
        return Err(overlaps("they are the same"));
    }
    if out_resolved.starts_with(&src_resolved) {
        return Err(overlaps("the output directory is inside the source"));
    }
    if src_resolved.is_dir() && src_resolved.starts_with(&out_resolved) {
        return Err(overlaps("the source is inside the output directory"));
    }
    Ok(src_resolved)
}

/// Resolves a path that may not exist yet: its nearest existing ancestor
/// canonicalized (symbolic links and `..` resolved), then the rest as
/// written, with `.` and `..` in it applied.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while fs::symlink_metadata(existing).is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize()?;
    for name in rest.iter().rev() {
        match Path::new(name).components().next() {
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::CurDir) => {}
            _ => out.push(name),
        }
    }
    Ok(out)
}

/// Creates `root` if needed and proves that a file can be created in it,
/// with the temporary-file call every write uses.
fn probe_writable(root: &Path) -> std::io::Result<()> {
    fs::create_dir_all(root)?;
    let probe = tempfile::Builder::new()
        .prefix(&temp_prefix())
        .tempfile_in(root)?;
    probe.close()
}

/// The prefix of xlate's temporary files: the process id in it tells a
/// later run whether the writer is still alive.
fn temp_prefix() -> String {
    format!("{TEMP_MARK}{}-", std::process::id())
}

const TEMP_MARK: &str = ".xlate-tmp-";

/// Removes the temporary files that runs killed half-way (SIGKILL, power
/// loss) left under `root`, and only those: files named by xlate's prefix
/// whose writing process is gone. Returns how many it removed. A file of a
/// process that is still running (another shard writing into the same
/// tree) is left alone.
pub fn sweep_temp_files(root: &Path) -> usize {
    let mut removed = 0;
    // An explicit stack: an output tree can be as deep as a source tree.
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name();
            if kind.is_dir() {
                dirs.push(entry.path());
            } else if kind.is_file()
                && is_abandoned_temp(&name.to_string_lossy(), &entry)
                && fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

/// Whether `name` is one of xlate's temporary files whose writer is gone.
fn is_abandoned_temp(name: &str, entry: &fs::DirEntry) -> bool {
    let Some(rest) = name.strip_prefix(TEMP_MARK) else {
        return false;
    };
    match rest.split_once('-').map(|(pid, _)| pid.parse::<u32>()) {
        Some(Ok(pid)) => !process_alive(pid),
        // Older versions wrote no process id: only a file nobody has
        // touched for a while can be presumed abandoned.
        _ => entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(600)),
    }
}

fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // Signal 0 checks existence; EPERM means it exists as another user.
        // SAFETY: kill with signal 0 sends nothing.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Writes through a temporary file in the same folder and a rename, so a
/// reader (or a run killed half-way) never sees a half-written file.
pub fn write_atomic(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let prefix = temp_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    // Temporary files are private (0600) by default, and the rename keeps
    // that; outputs are ordinary files: 0666 goes to open(2), which applies
    // the user's umask as for any new file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_data()?;
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
        let out = OutputDir::unchecked(dir.path(), false, false);
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
        let forced = OutputDir::unchecked(dir.path(), true, false);
        forced.write(Path::new("mine.js"), b"y").unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("mine.js")).unwrap(), "y");
    }

    /// Regression (hardening #2), the second line of defence: whatever the
    /// planning missed, a write whose destination resolves into the source
    /// is refused (here through a link planted in the output directory).
    #[cfg(unix)]
    #[test]
    fn no_write_lands_inside_the_source() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        fs::create_dir(&src).unwrap();
        fs::write(src.join("a.py"), "original").unwrap();
        let out = OutputDir::open(&dir.path().join("out"), &src, true, false).unwrap();
        std::os::unix::fs::symlink(&src, dir.path().join("out/into-src")).unwrap();
        let err = out
            .write(Path::new("into-src/a.py"), b"translated")
            .unwrap_err();
        assert!(matches!(err, EmitError::InsideSource { .. }), "{err}");
        let err = out
            .write(Path::new("into-src/new.py"), b"translated")
            .unwrap_err();
        assert!(matches!(err, EmitError::InsideSource { .. }), "{err}");
        assert_eq!(fs::read_to_string(src.join("a.py")).unwrap(), "original");
        assert!(!src.join("new.py").exists());
        assert_eq!(
            out.write(Path::new("fine.py"), b"x").unwrap(),
            WriteOutcome::Written
        );
    }

    #[test]
    fn overlap_is_judged_on_resolved_paths() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("p/src");
        fs::create_dir_all(&src).unwrap();
        let refused = |out: &Path| refuse_overlap(&src, out).is_err();
        assert!(refused(&src.join("out")));
        assert!(refused(&src));
        assert!(refused(&dir.path().join("p")));
        assert!(refused(&dir.path().join("p/src/../")));
        assert!(refused(&dir.path().join("p/x/../src/deeper/more")));
        assert!(!refused(&dir.path().join("out")));
        // A sibling whose name starts with the source's is not inside it.
        assert!(!refused(&dir.path().join("p/src-out")));
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
                    load: None,
                }],
                ..Report::default()
            };
            OutputDir::unchecked(dir.path(), false, false)
                .write_report(&report)
                .unwrap();
        };
        fs::write(dir.path().join("a.js"), "old").unwrap();
        claim(b"old");
        let out = OutputDir::unchecked(dir.path(), false, false);
        out.write(Path::new("a.js"), b"new").unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("a.js")).unwrap(), "new");

        // Edited by hand since the last run wrote it: refused.
        claim(b"new");
        fs::write(dir.path().join("a.js"), "edited").unwrap();
        let out = OutputDir::unchecked(dir.path(), false, false);
        assert!(matches!(
            out.write(Path::new("a.js"), b"newer"),
            Err(EmitError::NotOurs { .. })
        ));
        assert_eq!(
            fs::read_to_string(dir.path().join("a.js")).unwrap(),
            "edited"
        );
    }

    // A file this run wrote is its own to write again (a module written
    // once more when its import cycle is done); one edited in between is
    // not.
    #[test]
    fn a_file_written_by_this_run_may_be_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::unchecked(dir.path(), false, false);
        out.write(Path::new("m.py"), b"first").unwrap();
        out.write(Path::new("m.py"), b"second").unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join("m.py")).unwrap(),
            "second"
        );
        fs::write(dir.path().join("m.py"), "edited").unwrap();
        assert!(matches!(
            out.write(Path::new("m.py"), b"third"),
            Err(EmitError::NotOurs { .. })
        ));
    }
}
