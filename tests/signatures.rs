//! `xlate translate --signatures`: translated functions must match the
//! declarations given, by name and parameter count.

use crate::util::xlate;

fn translate(dir: &std::path::Path, signatures: &str) -> std::process::Output {
    xlate()
        .args(["translate", "--engine", "identity"])
        .arg(dir.join("src"))
        .args(["--to", "python", "--out"])
        .arg(dir.join("out"))
        .arg("--signatures")
        .arg(dir.join(signatures))
        .output()
        .unwrap()
}

#[test]
fn a_function_that_does_not_match_its_declaration_is_kept_as_a_todo() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/a.py"),
        "def add(a, b):\n    return a + b\n\n\ndef neg(a):\n    return -a\n",
    )
    .unwrap();
    // A bare header, as a team writes them before the bodies: `add` is
    // declared with three parameters, `neg` as it is.
    std::fs::write(
        dir.path().join("api.py"),
        "def add(a, b, c) -> int:\n\ndef neg(a) -> int:\n",
    )
    .unwrap();
    let output = translate(dir.path(), "api.py");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "does not match its declaration: `add` takes 2 parameters, the declaration 3"
        ),
        "{stderr}"
    );
    let out = std::fs::read_to_string(dir.path().join("out/a.py")).unwrap();
    assert!(out.contains("# TODO(xlate):"), "{out}");
    assert!(out.contains("def neg(a):\n    return -a\n"), "{out}");
}

#[test]
fn a_declaration_file_of_another_language_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/a.py"), "def f():\n    pass\n").unwrap();
    std::fs::write(dir.path().join("api.rs"), "fn f() {}\n").unwrap();
    let output = translate(dir.path(), "api.rs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("api.rs: a rust file, but the target language is python"),
        "{stderr}"
    );
    assert!(!dir.path().join("out/a.py").exists());
}
