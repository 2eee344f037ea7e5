//! `ormlab sql` driven through its binary, as a user or a script runs it.

use std::io::Write;
use std::process::{Command, Stdio};

fn ormlab_sql(script: &str, json: bool) -> (String, i32) {
    let mut args = vec!["sql", "-"];
    if json {
        args.push("--json");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_ormlab"))
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn ormlab");
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap())
}

#[test]
fn cli_sql_prints_results_as_text() {
    let (out, code) = ormlab_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO t (name) VALUES ('ann'), ('bob');\nSELECT id, name FROM t ORDER BY id;", false);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "-- line 1: CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)\n\
         -- line 2: INSERT INTO t (name) VALUES ('ann'), ('bob')\n2 rows changed\n\
         -- line 3: SELECT id, name FROM t ORDER BY id\nid|name\n1|ann\n2|bob\n(2 rows)\n"
    );
}

#[test]
fn cli_sql_json_has_typed_values_and_stops_at_the_first_error() {
    let (out, code) = ormlab_sql("SELECT 1, 1.5, 'x', x'ff', NULL;\nSELEC 2;\nSELECT 3;", true);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let statements = report["statements"].as_array().unwrap();
    assert_eq!(statements.len(), 2);
    assert_eq!(statements[0]["rows"], serde_json::json!([[1, 1.5, "x", {"$bytes": "ff"}, null]]));
    assert_eq!(statements[1]["error"], "near \"SELEC\": syntax error");
    assert_eq!(statements[1]["line"], 2);
    assert_eq!(report["not_run"], 1);
    assert!(report["sqlite_version"].as_str().unwrap().starts_with("3."));
}

#[test]
fn cli_sql_missing_file_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_ormlab")).args(["sql", "/nonexistent/x.sql"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/x.sql"));
}
