//! Helpers shared by the integration tests.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `xlate` binary built for these tests.
/// The default cache lives in a folder of this test binary's own, so tests
/// neither read the user's `~/.cache/xlate` nor leave entries in it: both
/// `XLATE_CACHE_DIR` (which xlate takes first) and `XDG_CACHE_HOME` (for
/// anything else that asks for the user's cache directory) point there.
pub fn xlate() -> Command {
    Command::from_std(xlate_std())
}

/// [`xlate`] as a `std::process::Command`, for what assert_cmd's does not
/// offer (another user id).
pub fn xlate_std() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("xlate"));
    cmd.env("XDG_CACHE_HOME", test_cache_home())
        .env(xlate::cache::CACHE_DIR_ENV, test_cache_home().join("xlate"));
    cmd
}

/// The user id and group id `nobody` has on Linux.
#[cfg(unix)]
const NOBODY: u32 = 65534;

/// Whether this test process runs as root, who reads files whatever their
/// mode.
#[cfg(unix)]
pub fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// `xlate` run as `nobody` rather than root, for the tests of permission
/// errors that root would never see. `readable` are folders `nobody` must
/// enter and read, `writable` folders it must write into; the child works
/// in the first writable one. The binary is copied where `nobody` can run
/// it when the build folder is closed to other users.
#[cfg(unix)]
pub fn xlate_as_nobody(
    readable: &[&Path],
    writable: &[&Path],
) -> (Command, Option<tempfile::TempDir>) {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let chmod = |dir: &Path, mode: u32| {
        fs::set_permissions(dir, fs::Permissions::from_mode(mode)).expect("chmod a test folder");
    };
    readable.iter().for_each(|dir| chmod(dir, 0o755));
    writable.iter().for_each(|dir| chmod(dir, 0o777));
    let built = assert_cmd::cargo::cargo_bin("xlate");
    let others_can_run = built.ancestors().skip(1).all(|dir| {
        dir.as_os_str().is_empty()
            || fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o001 != 0)
    });
    let (program, copy) = if others_can_run {
        (built, None)
    } else {
        let dir = tempfile::tempdir().expect("a temporary folder");
        chmod(dir.path(), 0o755);
        let program = dir.path().join("xlate");
        fs::copy(&built, &program).expect("a copy of the binary");
        (program, Some(dir))
    };
    let mut cmd = std::process::Command::new(program);
    cmd.envs(xlate_std().get_envs().filter_map(|(k, v)| Some((k, v?))))
        .uid(NOBODY)
        .gid(NOBODY)
        .current_dir(writable.first().copied().unwrap_or(Path::new("/")));
    (Command::from_std(cmd), copy)
}

fn test_cache_home() -> &'static Path {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
        .path()
}

/// The crate's `fixtures/` folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Writes `files` (relative path, content) under a new temporary folder.
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (rel, content) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        fs::write(&path, content).expect("a file");
    }
    dir
}

/// Translates one Python file, `m.py` holding `src`, to JavaScript with
/// the rules engine through `xlate translate` (so the file's symbol table
/// and glue take part), asserting the run's exit code: the output folder.
pub fn python_file_to_js(src: &str, code: i32) -> tempfile::TempDir {
    let dir = tree(&[("m.py", src.as_bytes())]);
    let out = tempfile::tempdir().expect("a temporary folder");
    xlate()
        .args(["translate", "--to", "js", "--engine", "rules", "--out"])
        .arg(out.path())
        .arg(dir.path())
        .assert()
        .code(code);
    out
}

/// Every file under `root`, relative, sorted, with its bytes.
pub fn read_tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walk(root) {
        let rel = entry
            .strip_prefix(root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        out.push((rel, fs::read(&entry).expect("readable")));
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The report a run wrote into `out`.
pub fn report(out: &Path) -> serde_json::Value {
    let text = fs::read_to_string(out.join("xlate-report.json")).expect("a report");
    serde_json::from_str(&text).expect("the report is JSON")
}

/// The reasons the report of a run into `out` gives for the units of its
/// first file, in order.
pub fn first_file_reasons(out: &Path) -> Vec<String> {
    report(out)["files"][0]["units"]
        .as_array()
        .expect("units")
        .iter()
        .flat_map(|u| u["reasons"].as_array().cloned().unwrap_or_default())
        .filter_map(|r| r.as_str().map(str::to_string))
        .collect()
}

/// Whether `rustc` runs; says the test is skipped where it does not.
pub fn rustc_available() -> bool {
    let found = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: rustc is not installed");
    }
    found
}
