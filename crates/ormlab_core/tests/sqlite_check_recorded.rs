//! Every CREATE statement real SQLite ran while the goldens under `tests/fidelity/` were
//! recorded must pass ormlab's SQLite refusal check (it may only refuse what SQLite refuses).

use ormlab_core::schema::sqlite_check::refusal;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn goldens(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != ".venv") {
            goldens(&path, out);
        } else if path.file_name().is_some_and(|n| n == "expected.json") {
            out.push(path);
        }
    }
}

fn statements(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) if text.trim_start().starts_with("CREATE ") => out.push(text.clone()),
        Value::Array(items) => items.iter().for_each(|item| statements(item, out)),
        Value::Object(map) => map.values().for_each(|item| statements(item, out)),
        _ => {}
    }
}

#[test]
fn statements_sqlite_accepted_are_not_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fidelity");
    let mut files = Vec::new();
    goldens(&root, &mut files);
    assert!(!files.is_empty(), "no goldens under {}", root.display());
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let Ok(golden) = serde_json::from_str::<Value>(&text) else { continue };
        let mut found = Vec::new();
        statements(&golden, &mut found);
        // A case that ended in SQLite's refusal sent the refused statement last.
        if golden["error"]["type"] == "OperationalError" {
            found.pop();
        }
        for statement in found {
            assert_eq!(refusal(&statement), None, "{}: {statement:?}", file.display());
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} statements checked");
}
