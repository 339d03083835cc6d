//! Finding the files of a source tree and reading them, with every way a file
//! can be unfit for translation turned into a reason that names it.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::lang::Lang;

/// A file found under the source root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Path relative to the root (the file name when the root is a file).
    pub rel: PathBuf,
    /// Path to open.
    pub abs: PathBuf,
    /// Its language, by extension; `None` for files xlate does not translate.
    pub lang: Option<Lang>,
}

/// Something under the root that could not be listed, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkError {
    pub path: PathBuf,
    pub reason: String,
}

/// Everything a walk found, sorted by relative path so that runs are
/// deterministic whatever order the file system lists entries in.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<Found>,
    pub errors: Vec<WalkError>,
}

/// Lists the files under `root` (or `root` itself, if it is a file). Honours
/// `.gitignore`, `.ignore` and `.xlateignore` files, as users of ripgrep
/// expect, skips hidden files, and follows symbolic links, reporting loops.
pub fn walk(root: &Path) -> Listing {
    let mut listing = Listing::default();
    if root.is_file() {
        let rel = PathBuf::from(root.file_name().unwrap_or(root.as_os_str()));
        listing.files.push(Found {
            lang: Lang::from_path(root),
            rel,
            abs: root.to_path_buf(),
        });
        return listing;
    }
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(true)
        // .gitignore counts even outside a git checkout: an exported tree
        // still means what its ignore files say.
        .require_git(false)
        .add_custom_ignore_filename(".xlateignore")
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let abs = entry.path().to_path_buf();
                let rel = abs.strip_prefix(root).unwrap_or(&abs).to_path_buf();
                listing.files.push(Found {
                    lang: Lang::from_path(&abs),
                    rel,
                    abs,
                });
            }
            Err(err) => listing.errors.push(walk_error(root, err)),
        }
    }
    listing.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    listing.errors.sort_by(|a, b| a.path.cmp(&b.path));
    listing
}

/// Turns the walker's error into a path and a sentence.
fn walk_error(root: &Path, err: ignore::Error) -> WalkError {
    match err {
        ignore::Error::WithPath { path, err } => {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            WalkError {
                path: rel,
                reason: walk_reason(*err),
            }
        }
        ignore::Error::Loop { child, ancestor } => WalkError {
            path: child.strip_prefix(root).unwrap_or(&child).to_path_buf(),
            reason: format!(
                "symbolic link loop: it leads back to {}",
                ancestor.display()
            ),
        },
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(root, *err)
        }
        other => WalkError {
            path: root.to_path_buf(),
            reason: other.to_string(),
        },
    }
}

fn walk_reason(err: ignore::Error) -> String {
    match err {
        ignore::Error::Loop { ancestor, .. } => format!(
            "symbolic link loop: it leads back to {}",
            ancestor.display()
        ),
        ignore::Error::Io(io) => io.to_string(),
        ignore::Error::WithDepth { err, .. } => walk_reason(*err),
        other => other.to_string(),
    }
}

/// Why a file's contents cannot be translated.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{size} bytes is over the limit of {limit} bytes (--max-file-size)")]
    TooLarge { size: u64, limit: u64 },
    #[error("binary file (NUL byte at offset {offset})")]
    Binary { offset: usize },
    #[error("invalid UTF-8 at line {line} (byte {offset})")]
    InvalidUtf8 { offset: usize, line: usize },
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
}

/// The default of `--max-file-size`: 1 MiB. Hand-written source files are far
/// smaller (1 MiB is some 25,000 lines); larger ones are nearly always
/// generated or vendored, and translating them unit by unit would take hours
/// with a model.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Reads a source file as UTF-8 text, refusing files that are too large,
/// binary, or not UTF-8.
pub fn read_source(path: &Path, max_size: u64) -> Result<String, ReadError> {
    let file = fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > max_size {
        return Err(ReadError::TooLarge {
            size,
            limit: max_size,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // Read one byte past the limit, in case the file grew since its size was
    // taken.
    file.take(max_size + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: max_size,
        });
    }
    // Text files never hold NUL; looking at the start is enough, as git does.
    if let Some(offset) = bytes.iter().take(8000).position(|&b| b == 0) {
        return Err(ReadError::Binary { offset });
    }
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let line = err.as_bytes()[..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        ReadError::InvalidUtf8 { offset, line }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_refuses_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            fs::write(&p, bytes).unwrap();
            p
        };
        let ok = write("ok.py", "x = 'é'\n".as_bytes());
        assert_eq!(read_source(&ok, 100).unwrap(), "x = 'é'\n");

        let big = write("big.py", &[b'x'; 101]);
        let err = read_source(&big, 100).unwrap_err().to_string();
        assert!(
            err.contains("101 bytes") && err.contains("--max-file-size"),
            "{err}"
        );

        let bin = write("bin.py", b"abc\0def");
        assert!(matches!(
            read_source(&bin, 100),
            Err(ReadError::Binary { offset: 3 })
        ));

        let latin1 = write("latin1.py", b"a = 1\nb = '\xe9'\n");
        let err = read_source(&latin1, 100).unwrap_err();
        assert!(
            matches!(
                err,
                ReadError::InvalidUtf8 {
                    offset: 11,
                    line: 2
                }
            ),
            "{err:?}"
        );

        let missing = dir.path().join("missing.py");
        assert!(matches!(read_source(&missing, 100), Err(ReadError::Io(_))));
    }

    #[test]
    fn walks_in_order_and_honours_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("pkg/sub")).unwrap();
        fs::write(root.join("b.py"), "").unwrap();
        fs::write(root.join("a.js"), "").unwrap();
        fs::write(root.join("pkg/sub/c.rs"), "").unwrap();
        fs::write(root.join("notes.txt"), "").unwrap();
        fs::write(root.join("skip.py"), "").unwrap();
        fs::write(root.join(".gitignore"), "skip.py\n").unwrap();
        let listing = walk(root);
        let rels: Vec<_> = listing
            .files
            .iter()
            .map(|f| (f.rel.to_string_lossy().into_owned(), f.lang))
            .collect();
        assert_eq!(
            rels,
            vec![
                ("a.js".to_string(), Some(Lang::JavaScript)),
                ("b.py".to_string(), Some(Lang::Python)),
                ("notes.txt".to_string(), None),
                ("pkg/sub/c.rs".to_string(), Some(Lang::Rust)),
            ]
        );
        assert!(listing.errors.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("a/x.py"), "").unwrap();
        std::os::unix::fs::symlink(root.join("a"), root.join("a/loop")).unwrap();
        let listing = walk(root);
        assert!(listing.files.iter().any(|f| f.rel == Path::new("a/x.py")));
        assert_eq!(listing.errors.len(), 1, "{:?}", listing.errors);
        assert!(
            listing.errors[0].reason.contains("loop"),
            "{:?}",
            listing.errors
        );
        assert!(listing.errors[0].path.ends_with("loop"));
    }
}
