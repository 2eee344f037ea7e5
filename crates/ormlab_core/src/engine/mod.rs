//! The `Engine` trait: the core's only way to reach SQLite.
//!
//! Two implementations exist outside the core (sql.js in `ormlab_worker`, rusqlite in
//! `ormlab_cli`); [`conformance`] is the suite both must pass so they cannot drift.

pub mod conformance;

use serde::{Deserialize, Serialize};
use std::fmt;

/// A SQLite value, typed as SQLite stores it (the five storage classes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// A 64-bit signed integer.
    Integer(i64),
    /// An IEEE double.
    Real(f64),
    /// UTF-8 text.
    Text(String),
    /// Raw bytes.
    Blob(Vec<u8>),
}

impl fmt::Display for Value {
    /// Renders the value the way the sqlite3 shell does in its default list mode, which is
    /// what a user expects to see in a result grid.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Real(r) => f.write_str(&format_real(*r)),
            Value::Text(s) => f.write_str(s),
            Value::Blob(b) => {
                f.write_str("x'")?;
                for byte in b {
                    write!(f, "{byte:02x}")?;
                }
                f.write_str("'")
            }
        }
    }
}

/// SQLite prints reals with up to 15 significant digits and always keeps a decimal point
/// for integral values (`1.0`), which Rust's `{}` does not.
fn format_real(r: f64) -> String {
    if r.is_nan() {
        return "NaN".into();
    }
    if r.is_infinite() {
        return if r > 0.0 { "Inf".into() } else { "-Inf".into() };
    }
    let text = format!("{r}");
    if text.contains(['.', 'e', 'E']) {
        text
    } else {
        format!("{text}.0")
    }
}

/// What one statement returned.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExecResult {
    /// Result column names, empty for statements that return no rows.
    pub columns: Vec<String>,
    /// Result rows, each as long as `columns`.
    pub rows: Vec<Vec<Value>>,
    /// `sqlite3_changes()` after the statement: rows inserted, updated or deleted by it
    /// (0 for statements that are not INSERT/UPDATE/DELETE).
    pub rows_changed: u64,
    /// `sqlite3_last_insert_rowid()` after the statement.
    pub last_insert_rowid: i64,
}

/// A statement's leading keyword, upper-cased (`""` when it starts with anything else).
pub fn first_keyword(sql: &str) -> String {
    sql.trim_start().chars().take_while(char::is_ascii_alphabetic).collect::<String>().to_ascii_uppercase()
}

/// Whether a statement leaves the schema as it was, so statements prepared before it may be
/// reused after it. Anything else (DDL, PRAGMA, a leading comment) empties an engine's cache
/// of prepared statements: their result columns were read before the schema changed.
pub fn keeps_schema(sql: &str) -> bool {
    matches!(first_keyword(sql).as_str(), "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "REPLACE" | "WITH" | "VALUES" | "BEGIN" | "COMMIT" | "END" | "ROLLBACK" | "SAVEPOINT" | "RELEASE")
}

/// An error reported by SQLite, carrying SQLite's own message (`near "SELEC": syntax error`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineError {
    /// SQLite's message, unchanged, so it matches what the real drivers print.
    pub message: String,
}

impl EngineError {
    /// Wraps SQLite's message.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EngineError {}

/// A SQLite connection, synchronous on purpose: the ORM emulation must be able to issue a
/// lazy load in the middle of evaluating a Python expression.
///
/// Implementations open their database with `PRAGMA foreign_keys=ON`.
pub trait Engine {
    /// Runs exactly one SQL statement with positional (`?`) parameters bound in order.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<ExecResult, EngineError>;

    /// The SQLite library version, e.g. `3.54.1`.
    fn sqlite_version(&mut self) -> Result<String, EngineError> {
        let result = self.execute("SELECT sqlite_version()", &[])?;
        match result.rows.first().and_then(|row| row.first()) {
            Some(Value::Text(version)) => Ok(version.clone()),
            other => Err(EngineError::new(format!("unexpected sqlite_version() result: {other:?}"))),
        }
    }
}
