//! The differential suite for migrations: every `tests/fidelity/migrations/<case>/` with an
//! `expected.json` (recorded by real Alembic, see tests/fidelity/record_migrations.py) is run
//! through `ormlab migrate --json` with the case folder as working directory. The rendered
//! upgrade and downgrade must match after whitespace normalisation, rows_after as multisets
//! per table (same tables, same column lists), the error type exactly; the upgrade SQL must
//! match too (runs of CREATE INDEX are stored sorted on both sides).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fidelity/migrations")
}

/// Whitespace runs collapsed, as the yardstick's scorer compares rendered ops.
fn normalise(text: &Value) -> String {
    text.as_str().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Type-exact JSON text of a value (1 and 1.0 stay apart).
fn row_key(row: &Value) -> String {
    row.to_string()
}

fn compare_rows(expected: &Value, actual: &Value, problems: &mut Vec<String>) {
    let (Some(expected), Some(actual)) = (expected.as_object(), actual.as_object()) else {
        problems.push("rows_after is not an object".into());
        return;
    };
    let mut expected_tables: Vec<&String> = expected.keys().collect();
    let mut actual_tables: Vec<&String> = actual.keys().collect();
    expected_tables.sort();
    actual_tables.sort();
    if expected_tables != actual_tables {
        problems.push(format!("tables: expected {expected_tables:?}, got {actual_tables:?}"));
        return;
    }
    for table in expected_tables {
        let (e, a) = (&expected[table], &actual[table]);
        if e["columns"] != a["columns"] {
            problems.push(format!("{table} columns: expected {}, got {}", e["columns"], a["columns"]));
            continue;
        }
        let rows = |v: &Value| {
            let mut keys: Vec<String> = v["rows"].as_array().map(|r| r.iter().map(row_key).collect()).unwrap_or_default();
            keys.sort();
            keys
        };
        if rows(e) != rows(a) {
            problems.push(format!("{table} rows: expected {:?}, got {:?}", rows(e), rows(a)));
        }
    }
}

fn compare_case(dir: &Path) -> Vec<String> {
    let expected: Value = match std::fs::read_to_string(dir.join("expected.json")).map(|t| serde_json::from_str(&t)) {
        Ok(Ok(v)) => v,
        _ => return vec!["expected.json is not valid JSON".into()],
    };
    let output = Command::new(env!("CARGO_BIN_EXE_ormlab"))
        .args(["migrate", "--from", "models_v1.py", "--to", "models_v2.py", "--json"])
        .current_dir(dir)
        .output()
        .expect("the ormlab binary runs");
    let actual: Value = match serde_json::from_slice(&output.stdout) {
        Ok(v) => v,
        Err(e) => return vec![format!("output is not JSON ({e}): {}", String::from_utf8_lossy(&output.stderr))],
    };
    let mut problems = Vec::new();
    for key in ["upgrade_ops", "downgrade_ops"] {
        if normalise(&expected[key]) != normalise(&actual[key]) {
            problems.push(format!("{key}:\n--- expected\n{}\n--- got\n{}", expected[key].as_str().unwrap_or(""), actual[key].as_str().unwrap_or("")));
        }
    }
    if expected["upgrade_sql"] != actual["upgrade_sql"] {
        problems.push(format!("upgrade_sql: expected {}, got {}", expected["upgrade_sql"], actual["upgrade_sql"]));
    }
    compare_rows(&expected["rows_after"], &actual["rows_after"], &mut problems);
    if expected["error"]["type"] != actual["error"]["type"] {
        problems.push(format!("error: expected {}, got {}", expected["error"], actual["error"]));
    }
    problems
}

#[test]
fn every_recorded_migration_case_matches_real_alembic() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("tests/fidelity/migrations exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("expected.json").exists())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "expected at least 20 recorded migration cases, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let problems = compare_case(case);
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.display(), problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} migration cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
