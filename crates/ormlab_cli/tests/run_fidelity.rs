//! The differential suite for scripts: every `tests/fidelity/runs/<case>/` with an
//! `expected.json` (recorded by the real libraries) is run through `ormlab run --json` with
//! the case folder as working directory, and must match it exactly: stdout, error type,
//! query_count, and each statement's SQL, type-exact params and executemany flag.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fidelity/runs")
}

/// Type-exact JSON equality (1 ≠ 1.0 ≠ true).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.is_f64() == y.is_f64() && x.to_string() == y.to_string(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

fn sorted_rows(params: &Value) -> Vec<String> {
    let mut rows: Vec<String> = params.as_array().map(|a| a.iter().map(|r| r.to_string()).collect()).unwrap_or_default();
    rows.sort();
    rows
}

fn compare_case(dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let expected: Value = match std::fs::read_to_string(dir.join("expected.json")).map(|t| serde_json::from_str(&t)) {
        Ok(Ok(v)) => v,
        _ => return vec!["expected.json is not valid JSON".into()],
    };
    let output = Command::new(env!("CARGO_BIN_EXE_ormlab"))
        .args(["run", "--models", "models.py", "--script", "script.py", "--json"])
        .current_dir(dir)
        .output()
        .expect("the ormlab binary runs");
    let got: Value = match serde_json::from_slice(&output.stdout) {
        Ok(v) => v,
        Err(e) => return vec![format!("no JSON on stdout ({e}): {}", String::from_utf8_lossy(&output.stderr))],
    };
    if expected["stdout"] != got["stdout"] {
        problems.push(format!("stdout differs:\n--- expected\n{}\n--- got\n{}", expected["stdout"].as_str().unwrap_or(""), got["stdout"].as_str().unwrap_or("")));
    }
    let error_type = |v: &Value| v["error"]["type"].as_str().map(str::to_string);
    if error_type(&expected) != error_type(&got) {
        problems.push(format!("error differs: expected {:?}, got {} ", error_type(&expected), got["error"]));
    }
    if expected["query_count"] != got["query_count"] {
        problems.push(format!("query_count: expected {}, got {}", expected["query_count"], got["query_count"]));
    }
    let empty = Vec::new();
    let exp_statements = expected["statements"].as_array().unwrap_or(&empty);
    let got_statements = got["statements"].as_array().unwrap_or(&empty);
    for (index, (e, g)) in exp_statements.iter().zip(got_statements).enumerate() {
        let params_equal = if e["unordered"] == Value::Bool(true) { sorted_rows(&e["params"]) == sorted_rows(&g["params"]) } else { same(&e["params"], &g["params"]) };
        if e["sql"] != g["sql"] || !params_equal || e["executemany"] != g["executemany"] {
            problems.push(format!(
                "statement #{index} differs:\n  expected {} {} executemany={}\n  got      {} {} executemany={}",
                e["sql"], e["params"], e["executemany"], g["sql"], g["params"], g["executemany"]
            ));
            break;
        }
    }
    problems
}

#[test]
fn every_recorded_run_case_matches_real_sqlalchemy() {
    let entries = std::fs::read_dir(cases_dir()).expect("tests/fidelity/runs");
    let mut dirs: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("expected.json").is_file()).collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no recorded run cases");
    let gaps = known_gaps();
    let mut failures = Vec::new();
    let mut fixed = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let problems = compare_case(dir);
        match (problems.is_empty(), gaps.contains(&name)) {
            (false, false) => failures.push(format!("== {}\n{}", dir.display(), problems.join("\n"))),
            (false, true) => eprintln!("known gap {name}:\n{}", problems.join("\n")),
            (true, true) => fixed.push(name),
            (true, false) => {}
        }
    }
    assert!(failures.is_empty(), "{} of {} run cases differ:\n{}", failures.len(), dirs.len(), failures.join("\n\n"));
    assert!(fixed.is_empty(), "now matching real SQLAlchemy, remove from KNOWN_GAPS.txt: {fixed:?}");
}

/// Run cases that still differ from real SQLAlchemy (`tests/fidelity/runs/KNOWN_GAPS.txt`):
/// open defects; a listed case that starts to match fails the test, so the list only shrinks.
fn known_gaps() -> Vec<String> {
    std::fs::read_to_string(cases_dir().join("KNOWN_GAPS.txt"))
        .unwrap_or_default()
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

#[test]
fn a_run_prints_the_contract_keys() {
    let dir = std::env::temp_dir().join(format!("ormlab-run-contract-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("models.py"), "class Item(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n").expect("write");
    std::fs::write(dir.join("script.py"), "db.session.add(Item())\ndb.session.commit()\nprint(Item.query.count())\nwhile True:\n    pass\n").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_ormlab")).args(["run", "--models", "models.py", "--script", "script.py", "--json"]).current_dir(&dir).output().expect("runs");
    let got: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    for key in ["ddl", "stdout", "statements", "query_count", "error"] {
        assert!(got.get(key).is_some(), "missing {key}");
    }
    assert_eq!(got["stdout"], "1\n");
    assert_eq!(got["error"]["type"], "StepLimitExceeded", "a runaway loop is stopped: {}", got["error"]);
    assert_eq!(got["statements"][0]["line"], 2, "statements carry the script line");
    let _ = std::fs::remove_dir_all(&dir);
}
