//! `ormlab migrate --from V1 --to V2 [--json]`: a migration case on a fresh in-memory
//! database. The working directory may hold `seed.json` (rows inserted after create_all of
//! V1). `--json` prints the fidelity contract {upgrade_ops, downgrade_ops, upgrade_sql,
//! rows_after, error} plus ormlab's `warnings`; text mode prints the revision file.

use crate::json::value;
use crate::native_engine::NativeEngine;
use ormlab_core::api::{MigrateReport, TableRows};
use ormlab_core::engine::Value;
use ormlab_core::migrate::{run_case, SeedBlock};
use serde_json::{json, Map, Value as Json};

/// Parses `seed.json`: `[{"table": "users", "rows": [{"id": 1, ...}, ...]}, ...]`.
pub fn parse_seed(text: &str) -> Result<Vec<SeedBlock>, String> {
    let parsed: Json = serde_json::from_str(text).map_err(|e| format!("seed.json: {e}"))?;
    let blocks = parsed.as_array().ok_or("seed.json: expected a list of blocks")?;
    let mut out = Vec::new();
    for block in blocks {
        let table = block.get("table").and_then(Json::as_str).ok_or("seed.json: a block without \"table\"")?;
        let rows = block.get("rows").and_then(Json::as_array).ok_or("seed.json: a block without \"rows\"")?;
        let mut parsed_rows = Vec::new();
        for row in rows {
            let row = row.as_object().ok_or("seed.json: a row that is not an object")?;
            let mut values = Vec::new();
            for (column, cell) in row {
                values.push((column.clone(), to_value(cell)?));
            }
            parsed_rows.push(values);
        }
        out.push(SeedBlock { table: table.to_string(), rows: parsed_rows });
    }
    Ok(out)
}

/// JSON values go to SQLite as Python's sqlite3 binds them (booleans as 1/0).
fn to_value(cell: &Json) -> Result<Value, String> {
    Ok(match cell {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => Value::Text(s.clone()),
        other => return Err(format!("seed.json: unsupported value {other}")),
    })
}

/// `rows_after` of the contract: `{table: {columns, rows}}`.
pub fn rows_json(tables: &[TableRows]) -> Json {
    let mut rows_after = Map::new();
    for table in tables {
        let rows: Vec<Json> = table.rows.iter().map(|row| Json::Array(row.iter().map(value).collect())).collect();
        rows_after.insert(table.table.clone(), json!({"columns": table.columns, "rows": rows}));
    }
    Json::Object(rows_after)
}

/// The contract's JSON for a report.
pub fn report_json(report: &MigrateReport) -> Json {
    let rows_after = rows_json(&report.rows_after);
    json!({
        "upgrade_ops": report.upgrade_ops,
        "downgrade_ops": report.downgrade_ops,
        "upgrade_sql": report.upgrade_sql,
        "rows_after": rows_after,
        "error": report.error.as_ref().map(|e| json!({"type": e.kind, "message": e.message})),
        "warnings": report.warnings,
    })
}

/// Runs the case; returns the output and whether it succeeded.
pub fn migrate(v1: &str, v2: &str, seed: Option<&str>, message: &str, as_json: bool) -> Result<(String, bool), String> {
    let seed = match seed {
        Some(text) => parse_seed(text)?,
        None => Vec::new(),
    };
    let mut engine = NativeEngine::open_in_memory().map_err(|e| e.message)?;
    let report = run_case(v1, v2, &seed, message, &mut engine);
    let ok = report.error.is_none();
    if as_json {
        return Ok((format!("{}\n", report_json(&report)), ok));
    }
    let mut out = report.revision_file.clone();
    for warning in &report.warnings {
        out.push_str(&format!("\n# ormlab warning: {}", warning.message));
        if let Some(edit) = &warning.suggestion {
            out.push_str(&format!("\n#     {edit}"));
        }
    }
    if let Some(error) = &report.error {
        out.push_str(&format!("\n# upgrade failed: {}: {}\n", error.kind, error.message));
    } else if !report.warnings.is_empty() {
        out.push('\n');
    }
    Ok((out, ok))
}
