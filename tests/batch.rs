//! Batch runs: the cache, incremental output, check mode, the config file,
//! shards, progress, summaries, and runs interrupted or killed half-way.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use serde_json::Value;

/// A source tree of `files` Python files with two functions each, plus the
/// paths of a temporary root, output and cache.
struct Tree {
    _dir: tempfile::TempDir,
    root: PathBuf,
    src: PathBuf,
    out: PathBuf,
    cache: PathBuf,
}

/// Every unit (glue included) differs from file to file: identical units
/// share a cache entry, which would make the counts below depend on which
/// worker thread gets there first.
fn module(i: usize) -> String {
    format!("import dep_{i}\n\n\ndef first_{i}(x):\n    return x + {i}\n\n\ndef second_{i}(y):\n    return first_{i}(y) * 2\n")
}

fn tree(files: usize) -> Tree {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let src = root.join("src");
    for i in 0..files {
        let path = src.join(format!("pkg{}/mod_{i}.py", i % 3));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, module(i)).unwrap();
    }
    Tree {
        _dir: dir,
        out: root.join("out"),
        cache: root.join("cache"),
        src,
        root,
    }
}

impl Tree {
    /// `xlate translate SRC --to python --out OUT --cache CACHE`, plus `extra`.
    fn translate(&self, extra: &[&str]) -> Command {
        let mut cmd = crate::util::xlate();
        cmd.args(["translate", "--engine", "identity"])
            .arg(&self.src)
            .args(["--to", "python", "--out"])
            .arg(&self.out)
            .arg("--cache")
            .arg(&self.cache)
            .args(extra)
            // A user's xlate.toml above the temp dir must not change tests.
            .current_dir(&self.root);
        cmd
    }

    fn report(&self) -> Value {
        read_json(&self.out.join("xlate-report.json"))
    }

    fn cache_entries(&self) -> Vec<PathBuf> {
        let mut entries = Vec::new();
        let mut stack = vec![self.cache.clone()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    entries.push(path);
                }
            }
        }
        entries.sort();
        entries
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

fn stats(report: &Value) -> (u64, u64, u64, u64) {
    let c = &report["cache"];
    (
        c["hits"].as_u64().unwrap(),
        c["misses"].as_u64().unwrap(),
        c["corrupt"].as_u64().unwrap(),
        c["engine_calls"].as_u64().unwrap(),
    )
}

fn stderr_of(cmd: &mut Command, code: i32) -> String {
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(code), "stderr:\n{stderr}");
    stderr
}

#[test]
fn a_warm_rerun_calls_no_engine_and_an_edit_retranslates_one_unit() {
    let t = tree(6);
    t.translate(&[]).assert().success();
    let (hits, misses, _, calls) = stats(&t.report());
    assert_eq!(hits, 0);
    // Per file: the import glue and two functions.
    assert_eq!((misses, calls), (18, 18));

    let modified = |paths: &[PathBuf]| -> Vec<SystemTime> {
        paths
            .iter()
            .map(|p| fs::metadata(p).unwrap().modified().unwrap())
            .collect()
    };
    let packs = t.cache_entries();
    assert_eq!(packs.len(), 6, "one pack per source file");
    let before = modified(&packs);
    std::thread::sleep(Duration::from_millis(20));

    t.translate(&[]).assert().success();
    assert_eq!(stats(&t.report()), (18, 0, 0, 0));
    assert_eq!(modified(&packs), before, "a warm run rewrites no pack");

    let edited = t.src.join("pkg1/mod_4.py");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, text.replace("return x + 4", "return x + 40")).unwrap();
    t.translate(&[]).assert().success();
    assert_eq!(stats(&t.report()), (17, 1, 0, 1));
    let out = fs::read_to_string(t.out.join("pkg1/mod_4.py")).unwrap();
    assert!(out.contains("return x + 40"), "{out}");
}

#[test]
fn corrupt_and_truncated_cache_packs_are_ignored_and_replaced() {
    let t = tree(3);
    t.translate(&[]).assert().success();
    let first_output = fs::read(t.out.join("pkg0/mod_0.py")).unwrap();
    // One pack per source file.
    let packs = t.cache_entries();
    assert_eq!(packs.len(), 3, "{packs:?}");
    // One truncated as by a crash, one with a flipped byte; one left sound.
    let bytes = fs::read(&packs[0]).unwrap();
    fs::write(&packs[0], &bytes[..bytes.len() / 2]).unwrap();
    let mut bytes = fs::read(&packs[1]).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 0x01;
    fs::write(&packs[1], bytes).unwrap();

    t.translate(&[]).assert().success();
    // The two damaged packs' units are translated again, the third's reused.
    assert_eq!(stats(&t.report()), (3, 6, 2, 6));
    assert_eq!(fs::read(t.out.join("pkg0/mod_0.py")).unwrap(), first_output);
    // Replaced: the next run finds every pack sound.
    t.translate(&[]).assert().success();
    assert_eq!(stats(&t.report()), (9, 0, 0, 0));
}

#[test]
fn no_cache_neither_reads_nor_writes_it() {
    let t = tree(2);
    t.translate(&[]).assert().success();
    let mut cmd = crate::util::xlate();
    cmd.args(["translate", "--engine", "identity"])
        .arg(&t.src)
        .args(["--to", "python", "--no-cache", "--out"])
        .arg(t.root.join("out2"))
        .assert()
        .success();
    let report = read_json(&t.root.join("out2/xlate-report.json"));
    assert_eq!(report["cache"]["enabled"], Value::Bool(false));
    assert_eq!(stats(&report), (0, 0, 0, 6));
    assert_eq!(t.cache_entries().len(), 2, "the cache was not touched");
}

/// The same run writes the same report and review page, byte for byte:
/// engine time varies from run to run, so it is recorded only with
/// `--timings` (each unit here takes at least 15 ms).
#[test]
fn the_same_run_writes_the_same_report_and_page_unless_timed() {
    let t = tree(2);
    let run = |name: &str, extra: &[&str]| {
        let out = t.root.join(name);
        let mut cmd = crate::util::xlate();
        cmd.args(["translate", "--engine", "identity"])
            .arg(&t.src)
            .args(["--to", "python", "--no-cache", "--jobs", "1", "--out"])
            .arg(&out)
            .args(extra)
            .env("XLATE_TEST_UNIT_DELAY_MS", "15")
            .current_dir(&t.root)
            .assert()
            .success();
        out
    };
    let millis = |report: &Value| -> Vec<u64> {
        let files = report["files"].as_array().unwrap();
        files
            .iter()
            .flat_map(|f| f["units"].as_array().unwrap())
            .map(|u| u["millis"].as_u64().unwrap())
            .collect()
    };
    // The page names its folder (for its export's file name) and what
    // changed since the run before: the runs compared write into one
    // folder, after a first.
    let files = ["xlate-report.json", "xlate-review.html"];
    let a = run("a", &[]);
    run("a", &[]);
    let first: Vec<Vec<u8>> = files.iter().map(|f| fs::read(a.join(f)).unwrap()).collect();
    run("a", &[]);
    for (file, before) in files.iter().zip(&first) {
        assert!(
            &fs::read(a.join(file)).unwrap() == before,
            "{file} differs between two runs"
        );
    }
    let report = read_json(&a.join("xlate-report.json"));
    assert_eq!(report.get("timings"), None);
    assert!(millis(&report).iter().all(|&ms| ms == 0), "{report:#}");
    let page = fs::read_to_string(a.join("xlate-review.html")).unwrap();
    assert!(page.contains("not recorded (<code>--timings</code>)"));

    let timed = read_json(&run("c", &["--timings"]).join("xlate-report.json"));
    assert_eq!(timed["timings"], Value::Bool(true));
    assert!(millis(&timed).iter().any(|&ms| ms >= 15), "{timed:#}");
    let page = fs::read_to_string(t.root.join("c/xlate-review.html")).unwrap();
    assert!(!page.contains("not recorded (<code>--timings</code>)"));
}

#[test]
fn unchanged_outputs_keep_their_modification_time() {
    let t = tree(2);
    t.translate(&[]).assert().success();
    let out = t.out.join("pkg1/mod_1.py");
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    fs::File::options()
        .write(true)
        .open(&out)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    t.translate(&[]).assert().success();
    assert_eq!(fs::metadata(&out).unwrap().modified().unwrap(), long_ago);
}

#[test]
fn outputs_whose_source_is_gone_are_listed_and_removed_only_with_prune() {
    let t = tree(3);
    t.translate(&[]).assert().success();
    fs::remove_file(t.src.join("pkg1/mod_1.py")).unwrap();
    fs::remove_file(t.src.join("pkg2/mod_2.py")).unwrap();
    let stderr = stderr_of(&mut t.translate(&[]), 0);
    assert!(stderr.contains("stale: pkg1/mod_1.py"), "{stderr}");
    assert!(t.out.join("pkg1/mod_1.py").exists());
    let report = t.report();
    let stale: Vec<&str> = report["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["output"].as_str().unwrap())
        .collect();
    assert_eq!(stale, ["pkg1/mod_1.py", "pkg2/mod_2.py"]);

    // A stale output edited by hand is someone's work: not removed.
    fs::write(t.out.join("pkg2/mod_2.py"), "# mine now\n").unwrap();
    let stderr = stderr_of(&mut t.translate(&["--prune"]), 0);
    assert!(
        !t.out.join("pkg1").exists(),
        "file and empty folder removed"
    );
    assert!(
        stderr.contains("pkg2/mod_2.py: not removed: edited"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(t.out.join("pkg2/mod_2.py")).unwrap(),
        "# mine now\n"
    );
    assert!(t.out.join("pkg0/mod_0.py").exists());
    // Regression (hardening #8): the refused prune was forgotten, and the
    // next run no longer listed the file as stale.
    let stale_in_report = |t: &Tree| -> Vec<String> {
        t.report()["stale"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|f| f["output"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(stale_in_report(&t), ["pkg2/mod_2.py"]);
    let stderr = stderr_of(&mut t.translate(&[]), 0);
    assert!(stderr.contains("stale: pkg2/mod_2.py"), "{stderr}");
    assert_eq!(stale_in_report(&t), ["pkg2/mod_2.py"]);
}

#[test]
fn check_mode_writes_nothing_and_fails_when_outputs_are_stale() {
    let t = tree(3);
    // Nothing translated yet: every output would change.
    let stderr = stderr_of(&mut t.translate(&["--check"]), 1);
    assert!(stderr.contains("would change: pkg0/mod_0.py"), "{stderr}");
    assert!(!t.out.exists(), "check mode wrote something");

    t.translate(&[]).assert().success();
    let report_before = fs::read(t.out.join("xlate-report.json")).unwrap();
    let stderr = stderr_of(&mut t.translate(&["--check"]), 0);
    assert!(stderr.contains("up to date: 3 files"), "{stderr}");

    fs::write(t.src.join("pkg2/mod_2.py"), module(2).replace("* 2", "* 3")).unwrap();
    let stderr = stderr_of(&mut t.translate(&["--check"]), 1);
    assert!(stderr.contains("would change: pkg2/mod_2.py"), "{stderr}");
    assert!(!stderr.contains("would change: pkg0"), "{stderr}");
    assert_eq!(
        fs::read_to_string(t.out.join("pkg2/mod_2.py")).unwrap(),
        module(2)
    );
    assert_eq!(
        fs::read(t.out.join("xlate-report.json")).unwrap(),
        report_before
    );

    // Files copied across with --copy-other count too.
    fs::write(t.src.join("notes.txt"), "v1\n").unwrap();
    t.translate(&["--copy-other"]).assert().success();
    stderr_of(&mut t.translate(&["--check", "--copy-other"]), 0);
    fs::write(t.src.join("notes.txt"), "v2\n").unwrap();
    let stderr = stderr_of(&mut t.translate(&["--check", "--copy-other"]), 1);
    assert!(stderr.contains("would change: notes.txt"), "{stderr}");
    fs::remove_file(t.src.join("notes.txt")).unwrap();

    // A source removed leaves a stale output: not up to date either.
    fs::write(t.src.join("pkg2/mod_2.py"), module(2)).unwrap();
    fs::remove_file(t.src.join("pkg1/mod_1.py")).unwrap();
    let stderr = stderr_of(&mut t.translate(&["--check"]), 1);
    assert!(stderr.contains("stale: pkg1/mod_1.py"), "{stderr}");
}

#[test]
fn the_config_file_is_found_upward_and_flags_override_it() {
    let t = tree(4);
    fs::write(
        t.root.join("xlate.toml"),
        "to = \"python\"\nout = \"from-config\"\ncache = \"cache\"\nexclude = [\"pkg1\"]\n\n[glossary]\nfirst_0 = \"start\"\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = crate::util::xlate();
        cmd.args(["translate", "--engine", "identity"])
            .arg(&t.src)
            .args(extra);
        cmd
    };
    run(&[]).assert().success();
    let out = t.root.join("from-config");
    assert!(out.join("pkg0/mod_0.py").exists());
    assert!(out.join("pkg2/mod_2.py").exists());
    assert!(!out.join("pkg1").exists(), "excluded by the config file");
    let report = read_json(&out.join("xlate-report.json"));
    assert_eq!(report["files"].as_array().unwrap().len(), 3);
    // The config's cache directory was used: one pack per file.
    assert_eq!(t.cache_entries().len(), 3);

    // Flags win: --out and --exclude replace the file's.
    run(&["--out", "flag-out", "--exclude", "pkg2"])
        .current_dir(&t.root)
        .assert()
        .success();
    let report = read_json(&t.root.join("flag-out/xlate-report.json"));
    let sources: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["pkg0/mod_0.py", "pkg0/mod_3.py", "pkg1/mod_1.py"]);

    // The glossary is part of what engines see: changing it means the
    // cached translations no longer apply.
    let text = fs::read_to_string(t.root.join("xlate.toml")).unwrap();
    fs::write(
        t.root.join("xlate.toml"),
        text.replace("\"start\"", "\"begin\""),
    )
    .unwrap();
    run(&[]).assert().success();
    let report = read_json(&out.join("xlate-report.json"));
    assert_eq!(stats(&report).3, 9, "every unit translated again");

    // Unknown keys are errors naming the key and the file.
    fs::write(
        t.root.join("xlate.toml"),
        "to = \"python\"\noutput = \"x\"\n",
    )
    .unwrap();
    let stderr = stderr_of(&mut run(&["--out", "x"]), 2);
    assert!(stderr.contains("unknown field `output`"), "{stderr}");
    assert!(stderr.contains("xlate.toml"), "{stderr}");
    fs::write(t.root.join("xlate.toml"), "[model]\nseed = 1\n").unwrap();
    let stderr = stderr_of(&mut run(&["--out", "x", "--to", "py"]), 2);
    assert!(stderr.contains("unknown field `seed`"), "{stderr}");

    // --config names a file elsewhere; --no-config ignores the found one.
    let other = t.root.join("elsewhere.toml");
    fs::write(&other, "to = \"python\"\nout = \"via-flag\"\n").unwrap();
    run(&["--config", other.to_str().unwrap(), "--no-cache"])
        .assert()
        .success();
    assert!(t.root.join("via-flag/pkg1/mod_1.py").exists());
    let stderr = stderr_of(&mut run(&["--no-config", "--no-cache"]), 2);
    assert!(stderr.contains("--to"), "{stderr}");
}

#[test]
fn shards_split_the_tree_and_their_reports_merge_into_the_whole() {
    let t = tree(30);
    let mut whole = crate::util::xlate();
    whole
        .args(["translate", "--engine", "identity"])
        .arg(&t.src)
        .args(["--to", "python", "--no-cache", "--out"])
        .arg(t.root.join("whole"))
        .assert()
        .success();
    let mut reports = Vec::new();
    let mut count = 0;
    for k in 1..=3 {
        let out = t.root.join(format!("shard{k}"));
        let mut cmd = crate::util::xlate();
        cmd.args(["translate", "--engine", "identity"])
            .arg(&t.src)
            .args(["--to", "python", "--no-cache", "--shard"])
            .arg(format!("{k}/3"))
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let report = out.join("xlate-report.json");
        let files = read_json(&report)["files"].as_array().unwrap().len();
        assert!(files > 0 && files < 30, "shard {k} has {files} files");
        count += files;
        reports.push(report);
    }
    assert_eq!(count, 30, "every file in exactly one shard (none twice)");

    let merged = t.root.join("merged.json");
    let mut cmd = crate::util::xlate();
    let summary = t.root.join("merged.md");
    cmd.args(["report", "merge"])
        .args(&reports)
        .arg("-o")
        .arg(&merged)
        .arg("--summary-md")
        .arg(&summary)
        .assert()
        .success();
    let md = fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| files | 30 |"), "{md}");
    let merged = read_json(&merged);
    let whole = read_json(&t.root.join("whole/xlate-report.json"));
    assert_eq!(merged["totals"], whole["totals"]);
    let sources = |r: &Value| -> Vec<String> {
        r["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["source"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(sources(&merged), sources(&whole));

    // Overlapping reports are refused, naming a file in both.
    let mut cmd = crate::util::xlate();
    let stderr = stderr_of(
        cmd.args(["report", "merge"])
            .arg(&reports[0])
            .arg(&reports[0])
            .arg("-o")
            .arg(t.root.join("bad.json")),
        2,
    );
    assert!(stderr.contains("more than one report"), "{stderr}");

    let mut cmd = crate::util::xlate();
    let stderr = stderr_of(
        cmd.args(["translate", "--engine", "identity"])
            .arg(&t.src)
            .args(["--to", "python", "--shard", "4/3", "--out"])
            .arg(t.root.join("x")),
        2,
    );
    assert!(stderr.contains("4/3"), "{stderr}");
}

#[test]
fn logs_get_plain_progress_lines_and_quiet_and_verbose_are_honoured() {
    let t = tree(3);
    let stderr = stderr_of(&mut t.translate(&[]), 0);
    assert!(stderr.contains("progress: 3/3 files (100%)"), "{stderr}");
    assert!(stderr.contains("files/s"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "no terminal escapes in a log");

    let stderr = stderr_of(&mut t.translate(&["--quiet"]), 0);
    assert_eq!(stderr, "");

    let stderr = stderr_of(&mut t.translate(&["-v"]), 0);
    assert!(
        stderr.contains("pkg1/mod_1.py -> pkg1/mod_1.py: Translated, unchanged"),
        "{stderr}"
    );
}

#[test]
fn the_markdown_summary_has_totals_folders_and_failures() {
    let t = tree(3);
    fs::write(
        t.src.join("pkg0/broken.py"),
        "def ok():\n    return 1\n\n\ndef bad(:\n    pass\n",
    )
    .unwrap();
    let summary = t.root.join("summary.md");
    let mut cmd = t.translate(&["--summary-md", summary.to_str().unwrap()]);
    cmd.assert().code(1);
    let md = fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| files | 4 |"), "{md}");
    assert!(md.contains("| units left as TODO(xlate) | 1 |"), "{md}");
    assert!(md.contains("| `pkg0` | 2 | 1 | 1 | 0 | 4 | 1 |"), "{md}");
    assert!(
        md.contains("- `pkg0/broken.py:5` function `bad`: the source has a syntax error"),
        "{md}"
    );
}

/// Starts a slow run (each unit takes 150 ms, one file at a time) in the
/// background.
fn start_slow_run(t: &Tree) -> std::process::Child {
    StdCommand::new(assert_cmd::cargo::cargo_bin("xlate"))
        .args(["translate", "--engine", "identity"])
        .arg(&t.src)
        .args(["--to", "python", "--jobs", "1", "--out"])
        .arg(&t.out)
        .arg("--cache")
        .arg(&t.cache)
        .env("XLATE_TEST_UNIT_DELAY_MS", "150")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the slow run has written its first output, so that it is
/// stopped half-way whatever the machine's load.
fn wait_for_first_output(t: &Tree) {
    let any_written = || (0..40).any(|i| t.out.join(format!("pkg{}/mod_{i}.py", i % 3)).exists());
    for _ in 0..600 {
        if any_written() {
            // Into the next file, and maybe the one after.
            std::thread::sleep(Duration::from_millis(400));
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the slow run wrote nothing in 30 s");
}

/// Every visible output is a whole file (identity: equal to its source).
fn assert_outputs_whole(t: &Tree) -> usize {
    let mut whole = 0;
    for i in 0..40 {
        let rel = format!("pkg{}/mod_{i}.py", i % 3);
        if let Ok(text) = fs::read_to_string(t.out.join(&rel)) {
            assert_eq!(text, module(i), "{rel} is not whole");
            whole += 1;
        }
    }
    whole
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_writes_its_report_exits_130_and_resumes_from_the_cache() {
    let t = tree(40);
    let child = start_slow_run(&t);
    wait_for_first_output(&t);
    let status = StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("run again to resume"), "{stderr}");
    let report = t.report();
    let interrupted = report["interrupted"].as_array().unwrap().len();
    let done = report["files"].as_array().unwrap().len();
    assert!(
        done > 0 && interrupted > 0,
        "{done} done, {interrupted} left"
    );
    assert_eq!(done + interrupted, 40);
    assert_eq!(assert_outputs_whole(&t), done);
    let (_, _, _, calls_before) = stats(&report);

    t.translate(&[]).assert().success();
    let report = t.report();
    let (hits, _, corrupt, calls) = stats(&report);
    assert_eq!(corrupt, 0);
    assert_eq!(
        hits, calls_before,
        "every unit done before the stop was kept"
    );
    assert_eq!(hits + calls, 120, "every unit either cached or translated");
    assert_eq!(assert_outputs_whole(&t), 40);
}

#[cfg(unix)]
#[test]
fn a_run_killed_hard_leaves_whole_files_and_a_sound_cache() {
    let t = tree(40);
    let mut child = start_slow_run(&t);
    wait_for_first_output(&t);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let written = assert_outputs_whole(&t);
    assert!(written > 0 && written < 40, "{written} files written");

    t.translate(&[]).assert().success();
    let (hits, _, corrupt, calls) = stats(&t.report());
    assert_eq!(corrupt, 0, "no entry was left half-written");
    assert!(hits > 0, "the killed run's work was kept");
    assert_eq!(hits + calls, 120);
    assert_eq!(assert_outputs_whole(&t), 40);
}

#[cfg(unix)]
#[test]
fn an_interrupt_stops_a_long_file_between_units_and_writes_nothing_of_it() {
    let t = tree(0);
    let functions: String = (0..40)
        .map(|i| format!("def f_{i}():\n    return {i}\n\n\n"))
        .collect();
    fs::create_dir_all(&t.src).unwrap();
    fs::write(t.src.join("long.py"), &functions).unwrap();
    let child = start_slow_run(&t);
    // The file's units take 40 x 150 ms: interrupt a few units in. (Nothing
    // shows progress inside a file; if the machine is so slow that no unit
    // is done by then, the assertions below still hold.)
    std::thread::sleep(Duration::from_millis(1200));
    StdCommand::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    assert!(
        !t.out.join("long.py").exists(),
        "a partial file was written"
    );
    let report = t.report();
    assert_eq!(report["interrupted"][0], "long.py");
    let (_, _, _, calls) = stats(&report);
    assert!(calls < 40, "{calls} units started after the stop was asked");

    t.translate(&[]).assert().success();
    let (hits, _, _, rest) = stats(&t.report());
    assert_eq!((hits, hits + rest), (calls, 40));
    assert_eq!(
        fs::read_to_string(t.out.join("long.py")).unwrap(),
        functions
    );
}

/// Regression: an interrupted run used to write a report without the files
/// it did not get to, so the next run took their old outputs for files
/// xlate did not write, and refused to replace them.
#[cfg(unix)]
#[test]
fn after_an_interrupted_rerun_the_old_outputs_are_still_xlates_to_replace() {
    let t = tree(40);
    t.translate(&[]).assert().success();
    for i in 0..40 {
        let path = t.src.join(format!("pkg{}/mod_{i}.py", i % 3));
        fs::write(path, module(i).replace("* 2", "* 5")).unwrap();
    }
    let child = start_slow_run(&t);
    // Wait until the slow run has replaced its first output.
    for _ in 0..600 {
        let replaced = (0..40).any(|i| {
            fs::read_to_string(t.out.join(format!("pkg{}/mod_{i}.py", i % 3)))
                .is_ok_and(|text| text.contains("* 5"))
        });
        if replaced {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    StdCommand::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(130));
    let report = t.report();
    assert_eq!(
        report["files"].as_array().unwrap().len(),
        40,
        "old entries kept"
    );
    assert!(!report["interrupted"].as_array().unwrap().is_empty());

    t.translate(&[]).assert().success();
    for i in 0..40 {
        let text = fs::read_to_string(t.out.join(format!("pkg{}/mod_{i}.py", i % 3))).unwrap();
        assert!(text.contains("* 5"), "mod_{i} was not replaced");
    }
}

/// On a terminal the bar shows counts, throughput and ETA. `script` (from
/// util-linux) gives the run a pseudo-terminal.
#[cfg(target_os = "linux")]
#[test]
fn a_terminal_gets_a_progress_bar() {
    if StdCommand::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` command to make a terminal");
        return;
    }
    let t = tree(12);
    let command = format!(
        "{} translate {} --engine identity --to python --jobs 1 --out {} --cache {}",
        assert_cmd::cargo::cargo_bin("xlate").display(),
        t.src.display(),
        t.out.display(),
        t.cache.display()
    );
    let output = StdCommand::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("XLATE_TEST_UNIT_DELAY_MS", "40")
        .output()
        .unwrap();
    assert!(output.status.success());
    let screen = String::from_utf8_lossy(&output.stdout);
    assert!(screen.contains("/12 files"), "{screen}");
    assert!(screen.contains(" files/s  elapsed "), "{screen}");
    assert!(screen.contains("ETA "), "{screen}");
    assert!(!screen.contains("progress: "), "no log lines on a terminal");
}

#[test]
fn editing_one_method_of_a_split_class_retranslates_that_method_only() {
    let t = tree(0);
    fs::create_dir_all(&t.src).unwrap();
    let class = "class Big:\n    def a(self):\n        return 1\n\n    def b(self):\n        return 2\n\n    def c(self):\n        return 3\n";
    fs::write(t.src.join("big.py"), class).unwrap();
    let split = ["--split-classes-over", "0"];
    t.translate(&split).assert().success();
    // The skeleton and its three members.
    assert_eq!(stats(&t.report()), (0, 4, 0, 4));
    fs::write(t.src.join("big.py"), class.replace("return 2", "return 20")).unwrap();
    t.translate(&split).assert().success();
    assert_eq!(stats(&t.report()), (3, 1, 0, 1));
    let out = fs::read_to_string(t.out.join("big.py")).unwrap();
    assert_eq!(out, class.replace("return 2", "return 20"));
}

/// A file whose units all come from the cache is checked again unless the
/// cache marks that very text as verified: units cached from different
/// assemblies make a file nothing checked. A module of an import cycle
/// translated again once its cycle is done, its imports changed, was
/// assembled from cached units into a file that bound one name twice
/// (`term.rs` listing the globs of two modules that both define `WIDTH`,
/// console's `term.rs`), and written unchecked by the warm run.
#[test]
fn a_warm_run_checks_a_file_assembled_anew_from_cached_units() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("td");
    fs::create_dir_all(src.join("src")).unwrap();
    let files = [
        (
            "Cargo.toml",
            "[package]\nname = \"td\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            "mod a;\nmod b;\npub mod term;\n\npub fn is_dumb() -> bool {\n    unsafe { std::mem::zeroed() }\n}\n",
        ),
        (
            "src/a.rs",
            "use crate::term::Term;\n\npub const WIDTH: u16 = 80;\n\npub fn size(t: &Term) -> i64 {\n    t.n + 1\n}\n",
        ),
        (
            "src/b.rs",
            "use crate::term::Term;\n\npub const WIDTH: u16 = 80;\n\npub fn size(t: &Term) -> i64 {\n    t.n + 2\n}\n",
        ),
        (
            "src/term.rs",
            "use crate::is_dumb;\n\npub struct Term {\n    pub n: i64,\n}\n\npub fn dumb() -> bool {\n    is_dumb()\n}\n\n\
             #[cfg(unix)]\npub use crate::a::*;\n#[cfg(windows)]\npub use crate::b::*;\n",
        ),
    ];
    for (path, text) in files {
        fs::write(src.join(path), text).unwrap();
    }
    let out = dir.path().join("out");
    let cache = dir.path().join("cache");
    for run in ["cold", "warm"] {
        let mut cmd = crate::util::xlate();
        cmd.args(["translate", "--engine", "rules", "--to", "javascript"])
            .arg(&src)
            .arg("--out")
            .arg(&out)
            .arg("--cache")
            .arg(&cache)
            .current_dir(dir.path());
        let _ = cmd.output().unwrap();
        let report = read_json(&out.join("xlate-report.json"));
        for file in report["files"].as_array().unwrap() {
            assert_eq!(file["load"]["loads"], true, "{run} run: {file}");
        }
    }
}
