//! The conformance suite every [`Engine`] must pass, run natively against rusqlite
//! (`cargo test`) and in headless Chromium against sql.js (the page's `?selftest` mode), so
//! the two engines cannot drift apart unnoticed.
//!
//! Known, deliberate gaps in sql.js that the suite does not hide but also does not test:
//! sql.js binds an integral `Real` (1.0) as an integer and an `Integer` outside the i32 range
//! as text. Through a column with INTEGER, REAL or NUMERIC affinity (every ORM column) the
//! stored value is still exact, which is what [`typed_columns_round_trip`] checks.

use super::{Engine, Value};
use crate::api::CheckOutcome;

type Check = fn(&mut dyn Engine) -> Result<(), String>;

/// Every check, by name, in the order they run.
const CHECKS: &[(&str, Check)] = &[
    ("foreign_keys_are_on", foreign_keys_are_on),
    ("sqlite_version_is_reported", sqlite_version_is_reported),
    ("typed_columns_round_trip", typed_columns_round_trip),
    ("expression_values_keep_their_type", expression_values_keep_their_type),
    ("rows_changed_and_last_insert_rowid", rows_changed_and_last_insert_rowid),
    ("empty_result_keeps_column_names", empty_result_keeps_column_names),
    ("syntax_error_has_sqlites_message", syntax_error_has_sqlites_message),
    ("constraint_errors_have_sqlites_message", constraint_errors_have_sqlites_message),
    ("engine_works_after_an_error", engine_works_after_an_error),
    ("transactions_commit_and_roll_back", transactions_commit_and_roll_back),
    ("reused_statements_follow_schema_changes", reused_statements_follow_schema_changes),
    ("journal_is_in_memory", journal_is_in_memory),
];

/// Runs every check on `engine`, which must be freshly opened, and reports each outcome.
pub fn run(engine: &mut dyn Engine) -> Vec<CheckOutcome> {
    CHECKS
        .iter()
        .map(|(name, check)| CheckOutcome { name: (*name).to_string(), error: check(engine).err() })
        .collect()
}

fn query(engine: &mut dyn Engine, sql: &str, params: &[Value]) -> Result<Vec<Vec<Value>>, String> {
    engine.execute(sql, params).map(|r| r.rows).map_err(|e| format!("{sql}: {e}"))
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: got {got:?}, want {want:?}"))
    }
}

fn foreign_keys_are_on(engine: &mut dyn Engine) -> Result<(), String> {
    expect_eq("PRAGMA foreign_keys", query(engine, "PRAGMA foreign_keys", &[])?, vec![vec![Value::Integer(1)]])
}

fn sqlite_version_is_reported(engine: &mut dyn Engine) -> Result<(), String> {
    let version = engine.sqlite_version().map_err(|e| e.to_string())?;
    let parts: Vec<&str> = version.split('.').collect();
    if parts.len() == 3 && parts[0] == "3" && parts.iter().all(|p| p.parse::<u32>().is_ok()) {
        Ok(())
    } else {
        Err(format!("sqlite_version() = {version:?}"))
    }
}

fn typed_columns_round_trip(engine: &mut dyn Engine) -> Result<(), String> {
    query(engine, "CREATE TABLE conf_types (i INTEGER, r REAL, n NUMERIC, t TEXT, b BLOB)", &[])?;
    let rows = [
        vec![Value::Integer(i64::MAX), Value::Real(1.0), Value::Real(7.5), Value::Text("naïve ☃".into()), Value::Blob(vec![0, 1, 255])],
        vec![Value::Integer(-3_000_000_000), Value::Real(-0.125), Value::Integer(3), Value::Text(String::new()), Value::Null],
        vec![Value::Null, Value::Null, Value::Null, Value::Null, Value::Blob(vec![])],
    ];
    for row in &rows {
        query(engine, "INSERT INTO conf_types VALUES (?, ?, ?, ?, ?)", row)?;
    }
    let got = query(engine, "SELECT i, r, n, t, b FROM conf_types ORDER BY rowid", &[])?;
    expect_eq("values", got, rows.to_vec())?;
    let types = query(engine, "SELECT typeof(i), typeof(r), typeof(n), typeof(b) FROM conf_types ORDER BY rowid", &[])?;
    let text = |s: &str| Value::Text(s.into());
    expect_eq(
        "typeof",
        types,
        vec![
            vec![text("integer"), text("real"), text("real"), text("blob")],
            vec![text("integer"), text("real"), text("integer"), text("null")],
            vec![text("null"), text("null"), text("null"), text("blob")],
        ],
    )
}

fn expression_values_keep_their_type(engine: &mut dyn Engine) -> Result<(), String> {
    let got = query(
        engine,
        "SELECT ?, ?, ?, ?, 1, 1.0, 2.5, 'x', x'00ff', NULL, 9223372036854775807",
        &[Value::Integer(42), Value::Real(0.5), Value::Text("it's".into()), Value::Null],
    )?;
    expect_eq(
        "row",
        got,
        vec![vec![
            Value::Integer(42),
            Value::Real(0.5),
            Value::Text("it's".into()),
            Value::Null,
            Value::Integer(1),
            Value::Real(1.0),
            Value::Real(2.5),
            Value::Text("x".into()),
            Value::Blob(vec![0, 255]),
            Value::Null,
            Value::Integer(i64::MAX),
        ]],
    )
}

fn rows_changed_and_last_insert_rowid(engine: &mut dyn Engine) -> Result<(), String> {
    let run = |engine: &mut dyn Engine, sql: &str| engine.execute(sql, &[]).map_err(|e| format!("{sql}: {e}"));
    let created = run(engine, "CREATE TABLE conf_changes (id INTEGER PRIMARY KEY, v TEXT)")?;
    expect_eq("CREATE rows_changed", created.rows_changed, 0)?;
    let inserted = run(engine, "INSERT INTO conf_changes (id, v) VALUES (41, 'a'), (42, 'b')")?;
    expect_eq("INSERT rows_changed", inserted.rows_changed, 2)?;
    expect_eq("INSERT last_insert_rowid", inserted.last_insert_rowid, 42)?;
    let updated = run(engine, "UPDATE conf_changes SET v = 'c'")?;
    expect_eq("UPDATE rows_changed", updated.rows_changed, 2)?;
    let selected = run(engine, "SELECT * FROM conf_changes")?;
    expect_eq("SELECT rows_changed", selected.rows_changed, 0)?;
    expect_eq("SELECT last_insert_rowid", selected.last_insert_rowid, 42)?;
    let deleted_none = run(engine, "DELETE FROM conf_changes WHERE id = 7")?;
    expect_eq("DELETE of nothing", deleted_none.rows_changed, 0)?;
    let returning = run(engine, "INSERT INTO conf_changes (v) VALUES ('d') RETURNING id, v")?;
    expect_eq("RETURNING rows", returning.rows, vec![vec![Value::Integer(43), Value::Text("d".into())]])?;
    expect_eq("RETURNING rows_changed", returning.rows_changed, 1)?;
    expect_eq("RETURNING last_insert_rowid", returning.last_insert_rowid, 43)
}

fn empty_result_keeps_column_names(engine: &mut dyn Engine) -> Result<(), String> {
    let result = engine.execute("SELECT 1 AS one, 'two' AS two WHERE 0", &[]).map_err(|e| e.to_string())?;
    expect_eq("columns", result.columns, vec!["one".to_string(), "two".to_string()])?;
    expect_eq("rows", result.rows.len(), 0)
}

fn syntax_error_has_sqlites_message(engine: &mut dyn Engine) -> Result<(), String> {
    match engine.execute("SELEC 1", &[]) {
        Ok(_) => Err("SELEC 1 succeeded".into()),
        Err(e) => expect_eq("message", e.message.as_str(), "near \"SELEC\": syntax error"),
    }
}

fn constraint_errors_have_sqlites_message(engine: &mut dyn Engine) -> Result<(), String> {
    query(engine, "CREATE TABLE conf_parent (id INTEGER PRIMARY KEY, email TEXT UNIQUE)", &[])?;
    query(engine, "CREATE TABLE conf_child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES conf_parent (id))", &[])?;
    query(engine, "INSERT INTO conf_parent (email) VALUES ('a@x')", &[])?;
    let unique = engine.execute("INSERT INTO conf_parent (email) VALUES (?)", &[Value::Text("a@x".into())]);
    expect_eq("unique", unique.err().map(|e| e.message), Some("UNIQUE constraint failed: conf_parent.email".into()))?;
    let fk = engine.execute("INSERT INTO conf_child (parent_id) VALUES (99)", &[]);
    expect_eq("foreign key", fk.err().map(|e| e.message), Some("FOREIGN KEY constraint failed".into()))?;
    let unknown = engine.execute("SELECT * FROM conf_missing", &[]);
    expect_eq("missing table", unknown.err().map(|e| e.message), Some("no such table: conf_missing".into()))
}

fn engine_works_after_an_error(engine: &mut dyn Engine) -> Result<(), String> {
    let _ = engine.execute("SELECT * FROM nowhere", &[]);
    let _ = engine.execute("INSERT INTO", &[]);
    expect_eq("after errors", query(engine, "SELECT 2 + 2", &[])?, vec![vec![Value::Integer(4)]])
}

fn transactions_commit_and_roll_back(engine: &mut dyn Engine) -> Result<(), String> {
    query(engine, "CREATE TABLE conf_tx (v INTEGER)", &[])?;
    query(engine, "BEGIN", &[])?;
    query(engine, "INSERT INTO conf_tx VALUES (1)", &[])?;
    query(engine, "SAVEPOINT sa_savepoint_1", &[])?;
    query(engine, "INSERT INTO conf_tx VALUES (2)", &[])?;
    query(engine, "ROLLBACK TO SAVEPOINT sa_savepoint_1", &[])?;
    query(engine, "RELEASE SAVEPOINT sa_savepoint_1", &[])?;
    query(engine, "COMMIT", &[])?;
    query(engine, "BEGIN", &[])?;
    query(engine, "INSERT INTO conf_tx VALUES (3)", &[])?;
    query(engine, "ROLLBACK", &[])?;
    expect_eq("rows", query(engine, "SELECT v FROM conf_tx", &[])?, vec![vec![Value::Integer(1)]])
}

/// Engines keep prepared statements by SQL text: the same text after ALTER TABLE must see the
/// new column, after DROP/CREATE the new table, and DDL right after DML must count no rows.
fn reused_statements_follow_schema_changes(engine: &mut dyn Engine) -> Result<(), String> {
    let run = |engine: &mut dyn Engine, sql: &str| engine.execute(sql, &[]).map_err(|e| format!("{sql}: {e}"));
    run(engine, "CREATE TABLE conf_reuse (a INTEGER)")?;
    let inserted = run(engine, "INSERT INTO conf_reuse (a) VALUES (1)")?;
    expect_eq("INSERT rows_changed", inserted.rows_changed, 1)?;
    let before = run(engine, "SELECT * FROM conf_reuse")?;
    expect_eq("columns before", before.columns, vec!["a".to_string()])?;
    let altered = run(engine, "ALTER TABLE conf_reuse ADD COLUMN b TEXT DEFAULT 'x'")?;
    expect_eq("ALTER rows_changed", altered.rows_changed, 0)?;
    let after = run(engine, "SELECT * FROM conf_reuse")?;
    expect_eq("columns after ALTER", after.columns, vec!["a".to_string(), "b".to_string()])?;
    expect_eq("rows after ALTER", after.rows, vec![vec![Value::Integer(1), Value::Text("x".into())]])?;
    run(engine, "DROP TABLE conf_reuse")?;
    run(engine, "CREATE TABLE conf_reuse (c REAL, d REAL, e REAL)")?;
    let recreated = run(engine, "SELECT * FROM conf_reuse")?;
    expect_eq("columns after DROP and CREATE", recreated.columns, vec!["c".to_string(), "d".to_string(), "e".to_string()])
}

/// Both engines keep the rollback journal in memory (a native `:memory:` database does; the
/// page sets it, since a journal file in Emscripten's file system slowed every statement).
fn journal_is_in_memory(engine: &mut dyn Engine) -> Result<(), String> {
    expect_eq("PRAGMA journal_mode", query(engine, "PRAGMA journal_mode", &[])?, vec![vec![Value::Text("memory".into())]])
}
