//! `ormlab lesson check` through the binary: every built-in reference solution passes all its
//! checks, every step's starting code fails at least one, and a malformed pack is refused
//! with its line and column.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

fn ormlab(args: &[&str], stdin: Option<&str>) -> (String, String, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ormlab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ormlab binary runs");
    if let Some(text) = stdin {
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("ormlab finishes");
    (String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into(), out.status.success())
}

#[test]
fn every_builtin_solution_passes_and_every_start_fails() {
    let (stdout, stderr, ok) = ormlab(&["lesson", "check", "@builtin", "--json"], None);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("JSON ({e}): {stdout}{stderr}"));
    let steps = report["steps"].as_array().expect("steps");
    assert!(steps.len() >= 20, "{} steps", steps.len());
    for step in steps {
        let failed: Vec<&Value> = step["checks"].as_array().expect("checks").iter().filter(|c| c["pass"] != true).collect();
        assert!(failed.is_empty(), "{}/{}: reference fails {failed:?}", step["lesson"], step["step"]);
        assert_eq!(step["starting_passes"], false, "{}/{}: the starting code already passes", step["lesson"], step["step"]);
    }
    assert!(ok && report["ok"] == true);
}

#[test]
fn one_lesson_as_text() {
    let (stdout, _, ok) = ormlab(&["lesson", "check", "@builtin", "--lesson", "n-plus-one"], None);
    assert!(ok);
    assert!(stdout.starts_with("ok   n-plus-one/1 See the N+1\n"), "{stdout}");
    assert!(stdout.contains("  pass no n+1 (the lens finds no N+1)\n"), "{stdout}");
    assert_eq!(stdout.matches("\nok   ").count() + 1, 5, "five steps: {stdout}");
    let (_, stderr, ok) = ormlab(&["lesson", "check", "@builtin", "--lesson", "nope"], None);
    assert!(!ok && stderr.contains("no lesson `nope`"), "{stderr}");
}

#[test]
fn a_failing_reference_fails_the_command() {
    let pack = "=== lesson a: A\n--- step S\n--- instructions\nx\n--- script\nprint('hi')\n--- checks\nprints bye\ntotal queries <= 0\n";
    let (stdout, _, ok) = ormlab(&["lesson", "check", "-"], Some(pack));
    assert!(!ok);
    assert_eq!(stdout, "FAIL a/1 S\n  fail prints bye (the output does not contain \"bye\")\n  pass total queries <= 0 (the script sent 0 statements)\n");
}

#[test]
fn a_malformed_pack_names_line_and_column() {
    let (_, stderr, ok) = ormlab(&["lesson", "check", "-"], Some("=== lesson a: A\n--- step S\n--- instructions\nx\n--- checks\nquery count <= 3\n"));
    assert!(!ok);
    assert!(stderr.contains("pack: line 6, column 1: unknown check `query count <= 3`"), "{stderr}");
}
