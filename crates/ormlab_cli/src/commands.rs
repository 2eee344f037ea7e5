//! The subcommands of `ormlab`, each printing text or, with `--json`, one JSON object.

use crate::json;
use crate::native_engine::NativeEngine;
use ormlab_core::api::ConsoleReport;
use ormlab_core::console;
use ormlab_core::engine::{Engine, ExecResult};
use serde_json::json;
use std::fmt::Write;

/// `ormlab sql FILE`: runs a SQL script on a fresh in-memory database. Returns the text to
/// print and whether every statement succeeded.
pub fn sql(script: &str, as_json: bool) -> Result<(String, bool), String> {
    let mut engine = NativeEngine::open_in_memory().map_err(|e| e.to_string())?;
    let version = engine.sqlite_version().map_err(|e| e.to_string())?;
    let epoch = std::time::Instant::now();
    let clock = move || epoch.elapsed().as_secs_f64() * 1000.0;
    let report = console::run_script(&mut engine, script, &clock);
    let ok = report.statements.iter().all(|s| s.outcome.is_ok());
    let out = if as_json { console_json(&report, &version) } else { console_text(&report) };
    Ok((out, ok))
}

fn console_json(report: &ConsoleReport, sqlite_version: &str) -> String {
    let statements: Vec<_> = report
        .statements
        .iter()
        .map(|s| {
            let mut entry = json!({
                "sql": s.sql,
                "line": s.position.line,
                "column": s.position.column,
                "time_ms": s.time_ms,
            });
            match &s.outcome {
                Ok(result) => {
                    entry["columns"] = json!(result.columns);
                    entry["rows"] = json!(result.rows.iter().map(|row| row.iter().map(json::value).collect::<Vec<_>>()).collect::<Vec<_>>());
                    entry["rows_changed"] = json!(result.rows_changed);
                    entry["last_insert_rowid"] = json!(result.last_insert_rowid);
                    entry["error"] = serde_json::Value::Null;
                }
                Err(message) => entry["error"] = json!(message),
            }
            entry
        })
        .collect();
    let out = json!({
        "sqlite_version": sqlite_version,
        "statements": statements,
        "not_run": report.not_run,
        "total_ms": report.total_ms,
    });
    format!("{out}\n")
}

fn console_text(report: &ConsoleReport) -> String {
    let mut out = String::new();
    for statement in &report.statements {
        let _ = writeln!(out, "-- line {}: {}", statement.position.line, first_line(&statement.sql));
        match &statement.outcome {
            Ok(result) => write_result(&mut out, result),
            Err(message) => {
                let _ = writeln!(out, "Error: {message}");
            }
        }
    }
    if report.not_run > 0 {
        let _ = writeln!(out, "({} statement{} not run after the error)", report.not_run, if report.not_run == 1 { "" } else { "s" });
    }
    out
}

fn first_line(sql: &str) -> String {
    let mut lines = sql.lines();
    let first = lines.next().unwrap_or_default();
    if lines.next().is_some() {
        format!("{first} …")
    } else {
        first.to_string()
    }
}

/// Prints a result as the sqlite3 shell's `.mode list` with headers does, then the counts.
fn write_result(out: &mut String, result: &ExecResult) {
    if !result.columns.is_empty() {
        let _ = writeln!(out, "{}", result.columns.join("|"));
        for row in &result.rows {
            let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "{}", cells.join("|"));
        }
        let n = result.rows.len();
        let _ = writeln!(out, "({n} row{})", if n == 1 { "" } else { "s" });
    }
    if result.rows_changed > 0 {
        let _ = writeln!(out, "{} row{} changed", result.rows_changed, if result.rows_changed == 1 { "" } else { "s" });
    }
}
