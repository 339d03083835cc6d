//! Trees a module is run inside: a module imports its package and its
//! neighbours, so the load step (`super::load`) and the differential
//! harnesses (`super::differential`) run it in a temporary directory that
//! mirrors its tree, not alone.
//!
//! Two trees are mirrored. The output tree is xlate's own, written callees
//! first, and is linked to as it is. The source tree is the user's, which a
//! run must never touch: [`SourceCopy`] copies it once per run into a
//! temporary directory (its files read-only), and runs link into that copy.

use std::path::{Component, Path, PathBuf};

use crate::sandbox::Sandbox;

/// Where a module sits: the root of the tree it belongs to, and its path
/// relative to that root. Runs mirror `root` around `path`.
#[derive(Clone, Copy, Debug)]
pub struct TreePlace<'a> {
    pub root: &'a Path,
    pub path: &'a Path,
}

/// At most this many files and bytes are copied from a source tree: a run
/// started at the top of a home directory must not copy all of it. Past
/// the caps the copy stops, and a module whose neighbours were left out
/// does not load (reported as such).
const MAX_FILES: usize = 50_000;
const MAX_BYTES: u64 = 256 << 20;

/// Folders never copied: dependencies and caches, not the tree's code (a
/// bare import of an installed package fails in the copy, and the unit is
/// reported untested with the import's error).
const SKIPPED_FOLDERS: [&str; 3] = ["node_modules", "__pycache__", "target"];

/// Files copied: the sources of the languages xlate runs, and the
/// manifests that say how to load them (`package.json`'s `type`,
/// `Cargo.toml`'s `edition`).
const COPIED_EXTENSIONS: [&str; 7] = ["py", "js", "mjs", "cjs", "json", "pyi", "rs"];
const COPIED_NAMES: [&str; 1] = ["Cargo.toml"];

/// The manifests above a source root that say how to read the files under
/// it: copied to the copy's root when the root has none of its own.
const MANIFESTS_ABOVE: [&str; 2] = ["package.json", "Cargo.toml"];

/// A read-only copy of the source tree, made once per run for the
/// differential harness's source side, and removed when the run ends.
#[derive(Debug)]
pub struct SourceCopy {
    dir: tempfile::TempDir,
    /// Where the source root given to the run sits inside the copy: below
    /// the copy's root by the package folders that hold it (a run of
    /// `toolz/`, a package, copies it to `toolz/`, so that `from toolz
    /// import x` and `from .x import y` resolve).
    prefix: PathBuf,
    /// Files left out because the caps were reached.
    pub left_out: usize,
}

impl SourceCopy {
    /// Copies the tree at `src` (a folder, or a file whose folder is
    /// copied without its subfolders). For Python, a `src` inside a
    /// package is copied from its topmost package folder, kept under its
    /// name. A `package.json` above a JavaScript `src` is copied to the
    /// copy's root, so that node reads its files as the tree's own
    /// manifest says (ES modules or CommonJS).
    pub fn new(src: &Path) -> std::io::Result<SourceCopy> {
        let src = std::fs::canonicalize(src)?;
        let (folder, recursive) = if src.is_file() {
            let parent = src.parent().unwrap_or(Path::new("/")).to_path_buf();
            (parent, false)
        } else {
            (src.clone(), true)
        };
        let dir = Sandbox::temp_dir("xlate-source-").map_err(std::io::Error::other)?;
        // The topmost folder of the package chain `folder` is in.
        let mut top = folder.clone();
        while top.join("__init__.py").is_file() {
            match top.parent() {
                Some(parent) if parent.join("__init__.py").is_file() => top = parent.to_path_buf(),
                _ => break,
            }
        }
        let mut copy = SourceCopy {
            prefix: PathBuf::new(),
            dir,
            left_out: 0,
        };
        let mut budget = (MAX_FILES, MAX_BYTES);
        if top.join("__init__.py").is_file() {
            let name = top.file_name().map(PathBuf::from).unwrap_or_default();
            let within = folder.strip_prefix(&top).unwrap_or(Path::new(""));
            copy.prefix = name.join(within);
            let into = copy.dir.path().join(&name);
            // The whole package: `__init__.py` imports its other modules.
            copy_folder(&top, &into, true, &mut budget, &mut copy.left_out)?;
        } else {
            copy_folder(
                &folder,
                copy.dir.path(),
                recursive,
                &mut budget,
                &mut copy.left_out,
            )?;
            for name in MANIFESTS_ABOVE {
                if folder.join(name).is_file() {
                    continue;
                }
                if let Some(manifest) = folder
                    .ancestors()
                    .map(|a| a.join(name))
                    .find(|m| m.is_file())
                {
                    let to = copy.dir.path().join(name);
                    std::fs::copy(&manifest, &to)?;
                    read_only(&to)?;
                }
            }
        }
        Ok(copy)
    }

    /// The copy's root: what a run mirrors.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The path in the copy of the file at `rel` (relative to the source
    /// root the run was given; the file name when it was given a file).
    pub fn path_of(&self, rel: &Path) -> PathBuf {
        self.prefix.join(rel)
    }
}

fn copy_folder(
    from: &Path,
    to: &Path,
    recursive: bool,
    budget: &mut (usize, u64),
    left_out: &mut usize,
) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut entries: Vec<std::fs::DirEntry> =
        std::fs::read_dir(from)?.filter_map(Result::ok).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if text.starts_with('.') {
            continue;
        }
        // Followed links: the walk follows them too.
        let Ok(meta) = std::fs::metadata(entry.path()) else {
            continue;
        };
        if meta.is_dir() {
            if recursive && !SKIPPED_FOLDERS.contains(&text.as_ref()) {
                copy_folder(&entry.path(), &to.join(&name), true, budget, left_out)?;
            }
            continue;
        }
        let wanted = COPIED_NAMES.contains(&text.as_ref())
            || Path::new(&name)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| COPIED_EXTENSIONS.contains(&e));
        if !meta.is_file() || !wanted {
            continue;
        }
        if budget.0 == 0 || budget.1 < meta.len() {
            *left_out += 1;
            continue;
        }
        budget.0 -= 1;
        budget.1 -= meta.len();
        let target = to.join(&name);
        std::fs::copy(entry.path(), &target)?;
        read_only(&target)?;
    }
    Ok(())
}

/// The Rust edition of the module at `place`: that of the nearest
/// `Cargo.toml` above it within the tree (`[package] edition`, or the
/// workspace's where it says `edition.workspace = true`), "2015" where that
/// manifest names none (Cargo's default), and "2021" for a file of no
/// package (what `rustc` is told for a lone file). The source side of a
/// differential test is compiled as its own package would compile it: an
/// edition-2015 crate may name things `try` or `async`.
pub fn rust_edition(place: TreePlace<'_>) -> String {
    let file = place.root.join(place.path);
    let mut inherits = false;
    for folder in file.ancestors().skip(1) {
        if !folder.starts_with(place.root) {
            break;
        }
        let Some(manifest) = std::fs::read_to_string(folder.join("Cargo.toml"))
            .ok()
            .and_then(|text| toml::from_str::<toml::Table>(&text).ok())
        else {
            continue;
        };
        let workspace = manifest
            .get("workspace")
            .and_then(|w| w.get("package"))
            .and_then(|p| p.get("edition"))
            .and_then(|e| e.as_str());
        if inherits {
            if let Some(edition) = workspace {
                return edition.to_string();
            }
            continue;
        }
        match manifest.get("package").and_then(|p| p.get("edition")) {
            Some(toml::Value::String(edition)) => return edition.clone(),
            // `edition.workspace = true`: the workspace's manifest above.
            Some(toml::Value::Table(_)) => inherits = true,
            _ if manifest.contains_key("package") => return "2015".to_string(),
            _ => {}
        }
    }
    "2021".to_string()
}

/// Read-only, so that a run outside an isolating sandbox cannot change
/// the copy the next unit is run in. (Folders stay writable: the copy is
/// removed at the end.)
fn read_only(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444))
}

/// `path` without `.` components, refused when it climbs or is absolute.
pub fn clean_relative(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(name) => out.push(name),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// Makes `into` a copy of the tree at `root` for running the module at
/// `relative`: each folder on the module's path is a real folder, every
/// other entry of those folders a link into `root`, and the module's own
/// entry is left for its text. A root that does not exist yet (the first
/// module of a new tree) mirrors to nothing.
pub fn mirror(root: &Path, relative: &Path, into: &Path) -> std::io::Result<()> {
    let names: Vec<&std::ffi::OsStr> = relative.iter().collect();
    let mut from = root.to_path_buf();
    let mut to = into.to_path_buf();
    for (depth, name) in names.iter().enumerate() {
        let Ok(entries) = std::fs::read_dir(&from) else {
            return Ok(());
        };
        std::fs::create_dir_all(&to)?;
        for entry in entries {
            let entry = entry?;
            let entry_name = entry.file_name();
            if entry_name.as_os_str() == *name {
                continue;
            }
            let link = to.join(&entry_name);
            // Mirrored again (a second attempt at the same module): kept.
            if link.symlink_metadata().is_err() {
                std::os::unix::fs::symlink(entry.path(), link)?;
            }
        }
        if depth + 1 == names.len() {
            break;
        }
        from.push(name);
        to.push(name);
    }
    Ok(())
}

/// Mirrors `place`'s tree into `into` and writes `text` at the module's
/// path; returns that path relative to `into`.
pub fn place_module(place: TreePlace<'_>, text: &str, into: &Path) -> std::io::Result<PathBuf> {
    let relative = clean_relative(place.path).ok_or_else(|| {
        std::io::Error::other(format!("{} is no relative path", place.path.display()))
    })?;
    // Links must name absolute paths: they are read from the copy.
    if let Ok(root) = std::fs::canonicalize(place.root) {
        mirror(&root, &relative, into)?;
    }
    let module = into.join(&relative);
    if let Some(parent) = module.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&module, text)?;
    Ok(relative)
}

/// The dotted name Python imports the module at `relative` by: its folders
/// and stem, without the stem for a package's `__init__.py`.
pub fn python_module_name(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.strip_suffix(".py").unwrap_or(&last).to_string();
        if stem != "__init__" || parts.is_empty() {
            parts.push(stem);
        }
    }
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rust_module_is_compiled_in_its_packages_edition() {
        let Ok(root) = tempfile::tempdir() else {
            return;
        };
        let write = |path: &str, text: &str| {
            let path = root.path().join(path);
            assert!(std::fs::create_dir_all(path.parent().unwrap_or(root.path())).is_ok());
            assert!(std::fs::write(path, text).is_ok());
        };
        write("old/Cargo.toml", "[package]\nname = \"old\"\n");
        write(
            "new/Cargo.toml",
            "[package]\nname = \"new\"\nedition = \"2018\"\n",
        );
        write(
            "ws/Cargo.toml",
            "[workspace]\nmembers = [\"a\"]\n[workspace.package]\nedition = \"2024\"\n",
        );
        write(
            "ws/a/Cargo.toml",
            "[package]\nname = \"a\"\nedition.workspace = true\n",
        );
        let edition = |path: &str| {
            rust_edition(TreePlace {
                root: root.path(),
                path: Path::new(path),
            })
        };
        assert_eq!(edition("old/src/lib.rs"), "2015");
        assert_eq!(edition("new/src/deep/mod.rs"), "2018");
        assert_eq!(edition("ws/a/src/lib.rs"), "2024");
        assert_eq!(edition("loose/main.rs"), "2021");
    }

    #[test]
    fn module_names_follow_packages() {
        assert_eq!(python_module_name(Path::new("a/b/c.py")), "a.b.c");
        assert_eq!(python_module_name(Path::new("a/__init__.py")), "a");
        assert_eq!(python_module_name(Path::new("m.py")), "m");
        assert_eq!(clean_relative(Path::new("../x.py")), None);
        assert_eq!(
            clean_relative(Path::new("./a/x.py")),
            Some(PathBuf::from("a/x.py"))
        );
    }

    // The source side runs in a copy, never in the user's tree: a package
    // is copied from its top under its own name (so that its absolute and
    // relative imports resolve), its files read-only, and what the tree
    // keeps beside its code (dependencies, caches) is left out.
    #[test]
    fn a_package_is_copied_from_its_top_read_only() {
        let Ok(root) = tempfile::tempdir() else {
            return;
        };
        let pkg = root.path().join("pkg");
        let sub = pkg.join("sub");
        assert!(std::fs::create_dir_all(&sub).is_ok());
        assert!(std::fs::create_dir_all(pkg.join("node_modules/x")).is_ok());
        for (path, text) in [
            (pkg.join("__init__.py"), "from .m import f\n"),
            (pkg.join("m.py"), "def f():\n    return 1\n"),
            (sub.join("__init__.py"), ""),
            (sub.join("n.py"), "from pkg.m import f\n"),
            (pkg.join("notes.txt"), "not code"),
            (pkg.join("node_modules/x/index.js"), "module.exports = 1;\n"),
        ] {
            assert!(std::fs::write(path, text).is_ok());
        }
        let copy = match SourceCopy::new(&sub) {
            Ok(copy) => copy,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            copy.path_of(Path::new("n.py")),
            PathBuf::from("pkg/sub/n.py")
        );
        let copied = copy.root().join("pkg/m.py");
        assert_eq!(
            std::fs::read_to_string(&copied).ok().as_deref(),
            Some("def f():\n    return 1\n")
        );
        let mode = std::fs::metadata(&copied).map(|m| {
            use std::os::unix::fs::PermissionsExt;
            m.permissions().mode() & 0o777
        });
        assert_eq!(mode.ok(), Some(0o444));
        assert!(!copy.root().join("pkg/notes.txt").exists());
        assert!(!copy.root().join("pkg/node_modules").exists());
        assert!(copy.root().join("pkg/sub/__init__.py").is_file());
    }

    #[test]
    fn a_javascript_folder_takes_the_manifest_above_it() {
        let Ok(root) = tempfile::tempdir() else {
            return;
        };
        let modules = root.path().join("modules");
        assert!(std::fs::create_dir_all(&modules).is_ok());
        assert!(std::fs::write(root.path().join("package.json"), "{\"type\":\"module\"}").is_ok());
        assert!(std::fs::write(modules.join("a.js"), "export const a = 1;\n").is_ok());
        let copy = match SourceCopy::new(&modules) {
            Ok(copy) => copy,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(copy.path_of(Path::new("a.js")), PathBuf::from("a.js"));
        assert!(copy.root().join("a.js").is_file());
        assert_eq!(
            std::fs::read_to_string(copy.root().join("package.json"))
                .ok()
                .as_deref(),
            Some("{\"type\":\"module\"}")
        );
    }
}
