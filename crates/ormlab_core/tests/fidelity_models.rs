//! The differential suite for models: every case under `tests/fidelity/models/<case>/` holds a
//! `models.py` and the `expected.json` real Flask-SQLAlchemy 3.1 / SQLAlchemy 2.0 recorded for
//! it (`{"ddl": [...], "error": null | {"type", "message", "line"}}`). ormlab must send the same
//! DDL (runs of CREATE INDEX compared sorted) and raise the same error, at the same line when
//! the golden has one. `ORMLAB_FIDELITY_MODELS=DIR` points the test at another corpus.

use ormlab_core::schema::read_models;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    match std::env::var_os("ORMLAB_FIDELITY_MODELS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fidelity/models"),
    }
}

/// Sorts each contiguous run of CREATE INDEX statements, as the recorder does.
fn sort_index_runs(ddl: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(ddl.len());
    let mut run: Vec<String> = Vec::new();
    for statement in ddl {
        if statement.starts_with("CREATE INDEX") || statement.starts_with("CREATE UNIQUE INDEX") {
            run.push(statement.clone());
            continue;
        }
        run.sort();
        out.append(&mut run);
        out.push(statement.clone());
    }
    run.sort();
    out.append(&mut run);
    out
}

/// Compares one case; `Err` describes every difference.
fn check_case(dir: &Path) -> Result<(), String> {
    let models = std::fs::read_to_string(dir.join("models.py")).map_err(|e| format!("models.py: {e}"))?;
    let expected_text = std::fs::read_to_string(dir.join("expected.json")).map_err(|e| format!("expected.json: {e}"))?;
    let expected: Value = serde_json::from_str(&expected_text).map_err(|e| format!("expected.json: {e}"))?;
    let expected_ddl: Vec<String> = expected["ddl"].as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect()).unwrap_or_default();
    let outcome = read_models(&models);
    let mut problems = Vec::new();
    let (want, got) = (sort_index_runs(&expected_ddl), sort_index_runs(&outcome.ddl));
    if want != got {
        let at = want.iter().zip(&got).position(|(a, b)| a != b).unwrap_or(want.len().min(got.len()));
        problems.push(format!(
            "ddl differs at statement #{at} ({} expected, {} got)\n    expected: {:?}\n    got:      {:?}",
            want.len(),
            got.len(),
            want.get(at),
            got.get(at)
        ));
    }
    let want_error = &expected["error"];
    match (want_error.is_null(), &outcome.error) {
        (true, None) => {}
        (true, Some(error)) => problems.push(format!("unexpected error {}: {}", error.kind, error.message)),
        (false, None) => problems.push(format!("expected error {want_error}, got none")),
        (false, Some(error)) => {
            if want_error["type"].as_str() != Some(error.kind.as_str()) || want_error["message"].as_str() != Some(error.message.as_str()) {
                problems.push(format!("error differs\n    expected: {}: {}\n    got:      {}: {}", want_error["type"], want_error["message"], error.kind, error.message));
            }
            if let Some(line) = want_error["line"].as_u64() {
                if error.line.map(u64::from) != Some(line) {
                    problems.push(format!("error line differs: expected {line}, got {:?}", error.line));
                }
            }
        }
    }
    // Warnings point at models that run but probably not as meant; they are not differences.
    for diagnostic in outcome.diagnostics.iter().filter(|d| d.severity == ormlab_core::diag::Severity::Error) {
        // The diagnostic that shows the expected error itself in the editor is not a problem.
        let carries_error = outcome.error.as_ref().is_some_and(|e| e.line == Some(diagnostic.line) && e.message.starts_with(&diagnostic.message));
        if carries_error && !want_error.is_null() {
            continue;
        }
        problems.push(format!("diagnostic {}:{}: {}", diagnostic.line, diagnostic.column, diagnostic.message));
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n  ")) }
}

#[test]
fn fidelity_models_match_the_recorded_goldens() {
    let dir = corpus_dir();
    let mut cases: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.join("models.py").is_file() && p.join("expected.json").is_file()).collect(),
        Err(_) => Vec::new(),
    };
    cases.sort();
    assert!(!cases.is_empty(), "no cases under {}", dir.display());
    let gaps = known_gaps(&dir);
    let mut failed = Vec::new();
    for case in &cases {
        let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match check_case(case) {
            Ok(()) => eprintln!("ok    {name}"),
            Err(problems) => {
                eprintln!("FAIL  {name}{}\n  {problems}", if gaps.contains(&name) { " (known gap)" } else { "" });
                failed.push(name);
            }
        }
    }
    eprintln!("fidelity_models: {}/{} cases match", cases.len() - failed.len(), cases.len());
    let unexpected: Vec<&String> = failed.iter().filter(|name| !gaps.contains(name)).collect();
    let fixed: Vec<&String> = gaps.iter().filter(|name| !failed.contains(name)).collect();
    assert!(unexpected.is_empty(), "{} case(s) differ from the goldens: {unexpected:?}", unexpected.len());
    assert!(fixed.is_empty(), "now matching real SQLAlchemy, remove from KNOWN_GAPS.txt: {fixed:?}");
}

/// Cases that still differ from real SQLAlchemy, listed in `KNOWN_GAPS.txt` beside the cases:
/// each is an open defect. A listed case that starts to match fails the test too, so the list
/// can only shrink.
fn known_gaps(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("KNOWN_GAPS.txt"))
        .unwrap_or_default()
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}
