//! The review page (`xlate-review.html`): written by every run, rebuilt by
//! `xlate review OUT`, and checked in a real headless Chromium: hostile
//! source shows as text and runs nothing, failures come first, filters
//! work, nothing is fetched from the network.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use crate::browser::{browse, chromium, ready_ms, synthetic_run, READY};
use crate::util::{report, tree, xlate};

/// The source paths of the files listed on the page, in order.
fn listed_files(dom: &str) -> Vec<String> {
    dom.split("<h2 class=\"file-head\"")
        .skip(1)
        .filter_map(|head| {
            let path = head.split("<span class=\"path\">").nth(1)?;
            Some(path.split('<').next()?.to_string())
        })
        .collect()
}

/// A tree with one hostile Python file (markup and script in comments and
/// strings, a class the rules decline: its `__repr__`) and one plain file.
/// `leak` is an address the payload would fetch if its markup were ever
/// live.
fn hostile_tree(leak: &str) -> tempfile::TempDir {
    let evil = format!(
        "# </script><script>document.title='pwned'</script>\n\
         # <img src=\"{leak}/img\" onerror=\"document.title='pwned2'\"> <a href=\"javascript:alert(1)\">link</a>\n\
         # <link rel=stylesheet href=\"{leak}/css\"><iframe src=\"{leak}/frame\"></iframe>\n\
         def greet(name):\n    return \"</script><script>document.title='pwned3'</script>\" + name\n\n\
         def use_box():\n    return Box(1)\n\n\
         class Box:\n    def __init__(self, v):\n        self.v = v\n\n    def __repr__(self):\n        return 'Box'\n"
    );
    tree(&[
        ("src/app/evil.py", evil.as_bytes()),
        ("src/plain.py", b"def add(a, b):\n    return a + b\n"),
    ])
}

#[test]
fn every_run_writes_a_review_page_and_review_rebuilds_it() {
    let t = hostile_tree("http://127.0.0.1:9");
    let out = t.path().join("out");
    xlate()
        .args([
            "translate",
            "src",
            "--to",
            "js",
            "--engine",
            "rules",
            "--out",
            "out",
        ])
        .current_dir(t.path())
        .assert()
        .code(1);
    let page_path = out.join("xlate-review.html");
    let page = fs::read_to_string(&page_path).expect("the run wrote the page");
    // The report records where the sources are, for `xlate review`.
    let source_root = report(&out)["source_root"].as_str().map(PathBuf::from);
    assert_eq!(
        source_root.map(|p| fs::canonicalize(p).expect("exists")),
        Some(fs::canonicalize(t.path().join("src")).expect("exists"))
    );
    // Self-contained: the only scripts are its own two, no address outside.
    assert_eq!(page.matches("<script").count(), 2);
    assert!(page.contains("Content-Security-Policy"));
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));
    assert!(page.contains("1 files need attention"), "overview");

    // `xlate review OUT` rebuilds the same page from the report.
    fs::remove_file(&page_path).expect("remove");
    xlate()
        .args(["review", "out"])
        .current_dir(t.path())
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&page_path).expect("rebuilt"), page);

    // Marks exported by the page go into the report and back onto the page.
    let marks = t.path().join("marks.json");
    fs::write(
        &marks,
        r#"{"reviewed":[{"file":"app/evil.py","unit":"function:greet#1"}]}"#,
    )
    .expect("write");
    xlate()
        .args(["review", "out", "--import", "marks.json"])
        .current_dir(t.path())
        .assert()
        .success();
    assert_eq!(
        report(&out)["reviewed"],
        serde_json::json!([{"file": "app/evil.py", "unit": "function:greet#1"}])
    );
    let page = fs::read_to_string(&page_path).expect("rebuilt");
    assert!(page.contains("\"id\":\"function:greet#1\""));
    assert!(page.contains("\"reviewed\":true"));
    // Marks survive the next run (the report is rewritten by it).
    xlate()
        .args([
            "translate",
            "src",
            "--to",
            "js",
            "--engine",
            "rules",
            "--out",
            "out",
        ])
        .current_dir(t.path())
        .assert()
        .code(1);
    assert_eq!(report(&out)["reviewed"][0]["unit"], "function:greet#1");

    // Not a run's output directory: a clear error, not an empty page.
    xlate()
        .args(["review", "src"])
        .current_dir(t.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no xlate report"));
}

/// Regression guard for the page's whole security model: source text that
/// holds `</script><script>`, an `<img onerror>`, a `javascript:` link and
/// markup that would fetch from the network must show as text in a real
/// browser, run nothing (the payload would change the title) and fetch
/// nothing (a listener here would see the connection).
#[test]
fn hostile_source_shows_as_text_and_runs_and_fetches_nothing_in_chromium() {
    let Some(browser) = chromium() else { return };
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.set_nonblocking(true).expect("nonblocking");
    let leak = format!("http://{}", listener.local_addr().expect("address"));
    let t = hostile_tree(&leak);
    xlate()
        .args([
            "translate",
            "src",
            "--to",
            "js",
            "--engine",
            "rules",
            "--out",
            "out",
        ])
        .current_dir(t.path())
        .assert()
        .code(1);
    let page = t.path().join("out/xlate-review.html");
    let artefacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("review");
    fs::create_dir_all(&artefacts).expect("artefact folder");
    let screenshot = artefacts.join("hostile.png");
    let _ = fs::remove_file(&screenshot);
    let dom = browse(
        &browser,
        &page,
        "",
        &[format!("--screenshot={}", screenshot.display())],
    );
    assert!(dom.contains(READY), "the page's script ran to the end");
    assert!(
        dom.contains("<title>xlate review</title>"),
        "no payload ran"
    );
    assert!(!dom.contains("pwned</title>") && !dom.contains("<title>pwned"));
    // The payload is on the page, as text, in the source and the output.
    let as_text = "&lt;/script&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;";
    assert!(dom.matches(as_text).count() >= 2, "source and translation");
    assert!(dom.contains("&lt;img src=\""), "the img tag as text");
    assert!(dom.contains("javascript:alert(1)"));
    assert!(!dom.contains("<img") && !dom.contains("<iframe") && !dom.contains("<a href"));
    // Failures first; both files side by side, unit by unit.
    assert_eq!(listed_files(&dom), ["app/evil.py", "plain.py"]);
    let greet_row = dom
        .split("<div class=\"row units\">")
        .find(|row| row.contains("function greet"))
        .expect("a row for greet");
    assert!(
        greet_row.contains("def</span> <span class=\"hl-function\">greet</span>"),
        "{greet_row}"
    );
    assert!(
        greet_row.contains("function</span> <span class=\"hl-function\">greet</span>"),
        "{greet_row}"
    );
    let box_row = dom
        .split("<div class=\"row units has-failure\">")
        .nth(1)
        .expect("the failed class's row");
    assert!(box_row.contains("class Box") && box_row.contains("TODO(xlate)"));
    assert!(box_row.contains("rules declined"), "the reason");
    // The unit that uses the failed class is marked.
    assert!(dom.contains("uses failed: Box"));
    // Nothing was fetched: no connection reached the listener.
    match listener.accept() {
        Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("the page fetched from the network: {other:?}"),
    }
    let png = fs::read(&screenshot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
    eprintln!("screenshot: {}", screenshot.display());
}

/// Filters set from the address: a status, a search, a folder.
#[test]
fn filters_and_search_narrow_the_list_in_chromium() {
    let Some(browser) = chromium() else { return };
    let t = hostile_tree("http://127.0.0.1:9");
    xlate()
        .args([
            "translate",
            "src",
            "--to",
            "js",
            "--engine",
            "rules",
            "--out",
            "out",
        ])
        .current_dir(t.path())
        .assert()
        .code(1);
    let page = t.path().join("out/xlate-review.html");
    let all = browse(&browser, &page, "", &[]);
    assert_eq!(listed_files(&all), ["app/evil.py", "plain.py"]);
    let translated = browse(&browser, &page, "#status=translated", &[]);
    assert_eq!(listed_files(&translated), ["plain.py"]);
    assert!(translated.contains("1 of 2 files"));
    let failed = browse(&browser, &page, "#status=failed", &[]);
    assert_eq!(listed_files(&failed), ["app/evil.py"]);
    let search = browse(&browser, &page, "#q=add", &[]);
    assert_eq!(listed_files(&search), ["plain.py"]);
    let folder = browse(&browser, &page, "#folder=app", &[]);
    assert_eq!(listed_files(&folder), ["app/evil.py"]);
}

/// A run over many files: every file is listed, the partial ones first,
/// and the page's script runs to the end. (How fast it gets there is
/// `cargo bench --bench review`'s to measure, not a test's.)
#[test]
fn a_page_for_many_files_lists_every_file_partial_first() {
    let count = 200;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (src, out) = (dir.path().join("src"), dir.path().join("out"));
    synthetic_run(&src, &out, count);
    xlate().args(["review"]).arg(&out).assert().success();
    let Some(browser) = chromium() else { return };
    let dom = browse(&browser, &out.join("xlate-review.html"), "", &[]);
    assert!(ready_ms(&dom).is_some(), "the page's script ran to the end");
    assert!(dom.contains(&format!("{count} of {count} files")));
    // The partial files come first; the rest are listed but not rendered.
    let listed = listed_files(&dom);
    assert_eq!(listed.len(), count);
    let number =
        |f: &str| -> Option<u32> { f.rsplit_once("/m")?.1.strip_suffix(".py")?.parse().ok() };
    assert!(
        listed[..count / 50]
            .iter()
            .all(|f| number(f).is_some_and(|n| n % 50 == 0)),
        "{:?}",
        &listed[..count / 50]
    );
}

/// Keyboard navigation and reviewed marks, driven in the browser by a
/// script added to a copy of the page with the page's own nonce (the policy
/// lets nothing else run): `n` lands on the failed unit, `x` marks it,
/// the mark is in local storage and in the export, `j`/`k` move by unit.
#[test]
fn keys_move_between_units_and_mark_them_reviewed_in_chromium() {
    let Some(browser) = chromium() else { return };
    let t = hostile_tree("http://127.0.0.1:9");
    xlate()
        .args([
            "translate",
            "src",
            "--to",
            "js",
            "--engine",
            "rules",
            "--out",
            "out",
        ])
        .current_dir(t.path())
        .assert()
        .code(1);
    let page = fs::read_to_string(t.path().join("out/xlate-review.html")).expect("the page");
    let nonce = page
        .split("<script nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the script's nonce");
    let driver = format!(
        r#"<script nonce="{nonce}">
const press = (key) => document.dispatchEvent(new KeyboardEvent("keydown", {{ key }}));
const current = () => (document.querySelector(".row.current .name") || {{}}).textContent;
const seen = [];
press("n"); seen.push("n=" + current());
press("x"); seen.push("checked=" + document.querySelector(".row.current input").checked);
seen.push("stored=" + localStorage.getItem(Object.keys(localStorage)[0]));
press("k"); seen.push("k=" + current());
press("k"); seen.push("k=" + current());
press("j"); seen.push("j=" + current());
const out = document.createElement("pre");
out.id = "driver";
out.textContent = seen.join("|");
document.body.append(out);
</script></body>"#
    );
    let driven = t.path().join("out/driven.html");
    fs::write(&driven, page.replacen("</body>", &driver, 1)).expect("write");
    let dom = browse(&browser, &driven, "", &[]);
    let seen = dom
        .split("<pre id=\"driver\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .expect("the driver ran");
    assert_eq!(
        seen,
        "n=class Box|checked=true|stored=[\"app/evil.py\\nclass:Box#1\"]\
         |k=function use_box|k=function greet|j=function use_box",
        "{seen}"
    );
}

/// `translate --explain` with the scripted engine: each unit's explanation
/// shows on the page next to it, as text (the explanation holds markup that
/// must not become an element), failed units included.
#[test]
fn explanations_show_per_unit_in_chromium() {
    let t = tree(&[(
        "src/calc.py",
        b"def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n",
    )]);
    let script = t.path().join("script.jsonl");
    fs::write(
        &script,
        concat!(
            r#"{"unit": "add", "candidates": ["function add(a, b) {\n  return a + b;\n}\n"], "explanation": "Does: adds two numbers <img src=x onerror=\"document.title='pwned'\">."}"#,
            "\n",
            r#"{"unit": "sub", "candidates": [], "explanation": "Does: subtracts b from a."}"#,
            "\n"
        ),
    )
    .expect("script");
    xlate()
        .args(["translate", "src", "--to", "js", "--engine", "scripted"])
        .args(["--verify", "off", "--explain", "--no-cache", "--out", "out"])
        .env("XLATE_SCRIPT", &script)
        .current_dir(t.path())
        .assert()
        // `sub` has no candidate: a TODO block, so the file is open on the page.
        .code(1);
    let r = report(&t.path().join("out"));
    let explained: Vec<&str> = r["files"][0]["units"]
        .as_array()
        .expect("units")
        .iter()
        .filter_map(|u| u["explanation"].as_str())
        .collect();
    assert_eq!(
        explained,
        [
            "Does: adds two numbers <img src=x onerror=\"document.title='pwned'\">.",
            "Does: subtracts b from a."
        ]
    );
    let Some(browser) = chromium() else { return };
    let dom = browse(&browser, &t.path().join("out/xlate-review.html"), "", &[]);
    assert!(
        dom.contains("<title>xlate review</title>"),
        "the title stayed"
    );
    assert_eq!(dom.matches("<p class=\"explanation\">").count(), 2, "{dom}");
    assert!(
        dom.contains(
            "Does: adds two numbers &lt;img src=x onerror=\"document.title='pwned'\"&gt;."
        ),
        "the explanation shows as text"
    );
    assert!(!dom.contains("<img"));
    assert!(dom.contains("<p class=\"explanation\">Does: subtracts b from a.</p>"));
}

/// A report with verification levels (as `--verify test` writes them),
/// hand-written so that every level is there: the overview counts them,
/// files with a disagreement come first with their counterexample shown,
/// and the level filter narrows the list. A report without levels (older
/// runs) still builds a page.
#[test]
fn verification_levels_are_counted_ordered_and_filtered_in_chromium() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (src, out) = (dir.path().join("src"), dir.path().join("out"));
    fs::create_dir_all(&src).expect("src");
    fs::create_dir_all(&out).expect("out");
    let unit = |name: &str, status: &str, verification: serde_json::Value| {
        serde_json::json!({
            "kind": "function", "name": name, "lines": [1, 2], "status": status,
            "engine": "model", "candidates": 1, "millis": 1, "verification": verification
        })
    };
    let mut files = Vec::new();
    for (name, status, verification) in [
        ("a_fails", "failed", serde_json::Value::Null),
        (
            "b_disagrees",
            "failed",
            serde_json::json!({"level": "disagrees", "counterexample":
                {"inputs": "(-7, 2)", "expected": "-4", "got": "-3"}}),
        ),
        (
            "c_tested",
            "translated",
            serde_json::json!({"level": "tested", "agreeing": 12}),
        ),
        (
            "d_untested",
            "translated",
            serde_json::json!({"level": "untested", "why": "takes a file handle"}),
        ),
    ] {
        fs::write(
            src.join(format!("{name}.py")),
            format!("def {name}(a, b):\n    return a // b\n"),
        )
        .expect("source");
        fs::write(
            out.join(format!("{name}.js")),
            format!("function {name}(a, b) {{\n  return Math.trunc(a / b);\n}}\n"),
        )
        .expect("output");
        let mut u = unit(name, status, verification);
        if u["verification"].is_null() {
            u.as_object_mut().expect("object").remove("verification");
        }
        files.push(serde_json::json!({
            "source": format!("{name}.py"), "output": format!("{name}.js"), "lang": "python",
            "status": if status == "failed" { "failed" } else { "translated" },
            "units": [u], "output_hash": ""
        }));
    }
    let report = serde_json::json!({
        "version": 1, "from": "python", "to": "javascript", "engine": "model",
        "files": files, "skipped": [], "totals": {
            "files": 4, "files_translated": 2, "files_partial": 0, "files_failed": 2,
            "files_skipped": 0, "file_errors": 0, "units": 4, "units_translated": 2,
            "units_failed": 2
        },
        "source_root": src.to_string_lossy(),
    });
    fs::write(out.join("xlate-report.json"), report.to_string()).expect("report");
    xlate().args(["review"]).arg(&out).assert().success();
    let page = out.join("xlate-review.html");
    let html = fs::read_to_string(&page).expect("the page");
    // The overview, before any script: one row per level present.
    for row in [
        "<tr class=\"level-tested\"><td>tested</td><td>1</td></tr>",
        "<tr class=\"level-untested\"><td>untested</td><td>1</td></tr>",
        "<tr class=\"level-disagrees\"><td>disagrees</td><td>1</td></tr>",
        "<tr class=\"level-not recorded\"><td>not recorded</td><td>1</td></tr>",
    ] {
        assert!(html.contains(row), "{row}");
    }
    let Some(browser) = chromium() else { return };
    let dom = browse(&browser, &page, "", &[]);
    // The disagreement first, then the other failure, then the rest.
    assert_eq!(
        listed_files(&dom),
        [
            "b_disagrees.py",
            "a_fails.py",
            "c_tested.py",
            "d_untested.py"
        ]
    );
    assert!(
        dom.contains("counterexample: on (-7, 2) the source gives -4, the translation -3"),
        "the counterexample is shown"
    );
    let only =
        |level: &str| listed_files(&browse(&browser, &page, &format!("#verify={level}"), &[]));
    assert_eq!(only("disagrees"), ["b_disagrees.py"]);
    assert_eq!(only("tested"), ["c_tested.py"]);
    assert_eq!(only("not%20recorded"), ["a_fails.py"]);
    // The tested file is collapsed by default; opened, it says how much.
    let tested = browse(&browser, &page, "#verify=tested&status=translated", &[]);
    assert!(tested.contains("1 of 4 files"), "filters combine");
}
