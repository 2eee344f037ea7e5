//! `ormlab run --models M --script S --json`: runs a script on a fresh in-memory database and
//! prints the fidelity contract (ddl, stdout, statements, query_count, error).

use crate::json::value;
use crate::native_engine::NativeEngine;
use ormlab_core::api::RunReport;
use serde_json::{json, Value as Json};

/// The JSON contract of one run report.
pub fn report_json(report: &RunReport) -> Json {
    let statements: Vec<Json> = report
        .statements
        .iter()
        .map(|s| {
            let params = match &s.many {
                Some(rows) => Json::Array(rows.iter().map(|row| Json::Array(row.iter().map(value).collect())).collect()),
                None => Json::Array(s.params.iter().map(value).collect()),
            };
            json!({"sql": s.sql, "params": params, "executemany": s.executemany, "line": s.line, "cause": s.cause})
        })
        .collect();
    json!({
        "ddl": report.ddl,
        "stdout": report.stdout,
        "statements": statements,
        "query_count": report.query_count,
        "error": report.error.as_ref().map(|e| json!({"type": e.kind, "message": e.message})),
    })
}

/// Runs `script` against `models` and renders the contract; `ok` is false when an error
/// escaped.
pub fn run(models: &str, script: &str) -> (String, bool) {
    // The interpreter recurses once per Python call level; a large dedicated stack keeps deep
    // (but bounded) scripts well clear of the main thread's 8 MiB.
    let (models, script) = (models.to_string(), script.to_string());
    let worker = std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(move || run_here(&models, &script));
    match worker.map(|handle| handle.join()) {
        Ok(Ok(out)) => out,
        _ => {
            let out = json!({"ddl": [], "stdout": "", "statements": [], "query_count": 0, "error": {"type": "InternalError", "message": "ormlab stopped unexpectedly"}});
            (format!("{out}\n"), false)
        }
    }
}

fn run_here(models: &str, script: &str) -> (String, bool) {
    let mut engine = match NativeEngine::open_in_memory() {
        Ok(engine) => engine,
        Err(e) => {
            let out = json!({"ddl": [], "stdout": "", "statements": [], "query_count": 0, "error": {"type": "OperationalError", "message": e.message}});
            return (format!("{out}\n"), false);
        }
    };
    let report = ormlab_core::orm::run_script(models, script, &mut engine);
    let ok = report.error.is_none();
    (format!("{}\n", report_json(&report)), ok)
}
