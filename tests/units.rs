//! Snapshots of `xlate units` over every fixture file, so that a change in
//! what counts as a unit shows up as a reviewable diff.

use crate::util::{fixtures, xlate};

fn units_output(path: &std::path::Path, json: bool) -> String {
    let mut cmd = xlate();
    // Members too, so that methods, class fields and static blocks show.
    cmd.args(["units", "--split-classes-over", "0"]).arg(path);
    if json {
        cmd.arg("--json");
    }
    let output = cmd.output().expect("xlate runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    // Paths are relative to the file given, so the snapshot does not depend
    // on where the checkout is.
    stdout.replace(&*path.to_string_lossy(), "<file>")
}

#[test]
fn python_fixtures() {
    insta::glob!("../fixtures", "python/**/*.py", |path| {
        insta::assert_snapshot!(units_output(path, false));
    });
}

#[test]
fn javascript_fixtures() {
    insta::glob!("../fixtures", "javascript/**/*.{js,mjs,cjs}", |path| {
        insta::assert_snapshot!(units_output(path, false));
    });
}

#[test]
fn rust_fixtures() {
    insta::glob!("../fixtures", "rust/**/*.rs", |path| {
        insta::assert_snapshot!(units_output(path, false));
    });
}

#[test]
fn json_lists_units_members_and_errors() {
    let output = xlate()
        .args(["units", "--json", "--split-classes-over", "500"])
        .arg(fixtures().join("python"))
        .output()
        .unwrap();
    // Syntax errors are part of the listing, not a failure to list.
    assert!(output.status.success(), "{output:?}");
    let files: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_json_snapshot!(files);
}
