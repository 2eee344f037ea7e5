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

/// `ormlab schema --models M`: the DDL create_all sends; with `--json` also the schema, the
/// diagnostics and the error. Succeeds when the models have no error and no diagnostic.
pub fn schema(source: &str, as_json: bool) -> (String, bool) {
    let outcome = ormlab_core::schema::read_models(source);
    let ok = outcome.error.is_none() && outcome.diagnostics.is_empty();
    if as_json {
        return (format!("{}\n", schema_json(source, &outcome)), ok);
    }
    let mut out = String::new();
    for diagnostic in &outcome.diagnostics {
        let _ = writeln!(out, "-- {}:{}: {}: {}", diagnostic.line, diagnostic.column, diagnostic.severity.as_str(), diagnostic.message);
    }
    for statement in &outcome.ddl {
        let _ = writeln!(out, "{};", statement.trim_end());
    }
    if let Some(error) = &outcome.error {
        let line = error.line.map(|l| format!(" (line {l})")).unwrap_or_default();
        let _ = writeln!(out, "-- {}: {}{line}", error.kind, error.message);
    }
    (out, ok)
}

fn schema_json(source: &str, outcome: &ormlab_core::schema::ModelsOutcome) -> serde_json::Value {
    use ormlab_core::schema::model::{ConstraintKind, RelationshipKind};
    let report = ormlab_core::schema::report::to_report(source, outcome);
    let tables: Vec<_> = outcome
        .schema
        .tables
        .iter()
        .zip(&report.tables)
        .map(|(table, info)| {
            let columns: Vec<_> = table
                .columns
                .iter()
                .zip(&info.columns)
                .map(|(column, column_info)| {
                    json!({
                        "name": column.name,
                        "key": column.key,
                        "type": column_info.sql_type,
                        "nullable": column.nullable,
                        "primary_key": column.primary_key,
                        "autoincrement": column.autoincrement,
                        "unique": column.unique,
                        "index": column.index,
                        "default": column.default,
                        "server_default": column.server_default,
                        "onupdate": column.onupdate,
                        "comment": column.comment,
                        "foreign_key": column_info.foreign_key,
                    })
                })
                .collect();
            let mut constraints: Vec<_> = table.constraints.iter().collect();
            constraints.sort_by_key(|c| c.order);
            let constraints: Vec<_> = constraints
                .iter()
                .map(|c| match &c.kind {
                    ConstraintKind::Unique(columns) => json!({"kind": "unique", "name": c.name, "columns": columns}),
                    ConstraintKind::Check(sql) => json!({"kind": "check", "name": c.name, "sql": sql}),
                    ConstraintKind::ForeignKey(fk) => json!({
                        "kind": "foreign_key", "name": c.name, "columns": fk.columns,
                        "target_table": fk.target_table, "target_columns": fk.target_columns,
                        "ondelete": fk.ondelete, "onupdate": fk.onupdate,
                    }),
                })
                .collect();
            let indexes: Vec<_> = table.indexes.iter().map(|i| json!({"name": i.name, "columns": i.columns, "unique": i.unique})).collect();
            json!({
                "name": table.name,
                "model": table.model,
                "line": table.line,
                "columns": columns,
                "primary_key": table.primary_key,
                "constraints": constraints,
                "indexes": indexes,
            })
        })
        .collect();
    let relationships: Vec<_> = outcome
        .schema
        .relationships
        .iter()
        .map(|r| {
            let kind = match r.kind {
                RelationshipKind::OneToMany => "one-to-many",
                RelationshipKind::ManyToOne => "many-to-one",
                RelationshipKind::OneToOne => "one-to-one",
                RelationshipKind::ManyToMany => "many-to-many",
            };
            json!({
                "model": r.model, "name": r.name, "target": r.target, "kind": kind,
                "secondary": r.secondary, "back_populates": r.back_populates, "backref": r.backref,
                "from_backref": r.from_backref, "lazy": r.lazy, "cascade": r.cascade, "uselist": r.uselist,
                "order_by": r.order_by, "foreign_keys": r.foreign_keys, "remote_side": r.remote_side, "line": r.line,
            })
        })
        .collect();
    let diagnostics: Vec<_> = outcome
        .diagnostics
        .iter()
        .map(|d| json!({"severity": d.severity.as_str(), "message": d.message, "line": d.line, "column": d.column}))
        .collect();
    json!({
        "ddl": outcome.ddl,
        "schema": {"tables": tables, "relationships": relationships},
        "diagnostics": diagnostics,
        "error": outcome.error.as_ref().map(|e| json!({"type": e.kind, "message": e.message, "line": e.line})),
    })
}

/// `ormlab run --models M --script S --json`: the fidelity contract (see `run_cmd`).
pub fn run(models: &str, script: &str) -> (String, bool) {
    crate::run_cmd::run(models, script)
}
