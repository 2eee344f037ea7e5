//! A database as the SQL script that rebuilds it (what sqlite3's `.dump` writes): an imported
//! .sqlite file becomes one console-history script, so it replays into every fresh worker,
//! autosaves, and travels in workspace files like anything typed.

use crate::api::ImportedDatabase as Dump;
use crate::engine::{Engine, Value};

/// Reads every table, row, index, trigger and view of `engine`'s database.
pub fn dump(engine: &mut dyn Engine) -> Result<Dump, String> {
    let master = engine
        .execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type <> 'table', rowid", &[])
        .map_err(|e| e.message)?;
    let mut script = String::new();
    let mut schema = Vec::new();
    for row in &master.rows {
        let (Value::Text(kind), Value::Text(name), Value::Text(sql)) = (&row[0], &row[1], &row[2]) else { continue };
        script.push_str(sql);
        script.push_str(";\n");
        schema.push(sql.clone());
        if kind == "table" && !sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL") {
            let quoted = format!("\"{}\"", name.replace('"', "\"\""));
            let rows = engine.execute(&format!("SELECT * FROM {quoted}"), &[]).map_err(|e| e.message)?;
            for values in &rows.rows {
                let literals: Vec<String> = values.iter().map(literal).collect();
                script.push_str(&format!("INSERT INTO {quoted} VALUES({});\n", literals.join(",")));
            }
        }
    }
    // Only when the database has AUTOINCREMENT tables; the inserts above moved it already.
    if let Ok(rows) = engine.execute("SELECT name, seq FROM sqlite_sequence", &[]) {
        script.push_str("DELETE FROM sqlite_sequence;\n");
        for row in rows.rows {
            script.push_str(&format!("INSERT INTO sqlite_sequence VALUES({},{});\n", literal(&row[0]), literal(&row[1])));
        }
    }
    Ok(Dump { script, schema })
}

/// One value as a SQL literal that reads back as the same type and value.
fn literal(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Integer(n) => n.to_string(),
        Value::Real(x) if x.is_infinite() => if *x > 0.0 { "1e999".into() } else { "-1e999".into() },
        Value::Real(x) if x.is_nan() => "NULL".into(),
        Value::Real(x) => {
            let text = format!("{x:?}");
            if text.contains(['.', 'e', 'E']) { text } else { format!("{text}.0") }
        }
        Value::Text(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Blob(bytes) => format!("X'{}'", bytes.iter().map(|b| format!("{b:02X}")).collect::<String>()),
    }
}
