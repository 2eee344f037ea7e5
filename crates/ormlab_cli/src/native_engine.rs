//! [`Engine`] on rusqlite with SQLite bundled: what the CLI, the tests and the benches use.

use ormlab_core::engine::{Engine, EngineError, ExecResult, Value};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use std::time::Instant;

/// An in-memory SQLite database opened the way the page opens its sql.js one.
pub struct NativeEngine {
    conn: Connection,
    epoch: Instant,
}

impl NativeEngine {
    /// Opens a fresh in-memory database with `PRAGMA foreign_keys=ON`.
    pub fn open_in_memory() -> Result<Self, EngineError> {
        let conn = Connection::open_in_memory().map_err(to_engine_error)?;
        conn.execute_batch("PRAGMA foreign_keys=ON").map_err(to_engine_error)?;
        Ok(Self::with(conn))
    }

    /// Opens (or creates) a database file as pysqlite does: foreign keys off, SQLite's default.
    pub fn open_file(path: &std::path::Path) -> Result<Self, EngineError> {
        let conn = Connection::open(path).map_err(to_engine_error)?;
        Ok(Self::with(conn))
    }

    /// Prepared statements are kept for reuse by SQL text, as pysqlite and the page's sql.js
    /// engine keep theirs.
    fn with(conn: Connection) -> Self {
        conn.set_prepared_statement_cache_capacity(64);
        Self { conn, epoch: Instant::now() }
    }

    /// Milliseconds since the engine was opened: the clock statements are timed with.
    pub fn clock_ms(&self) -> f64 {
        self.epoch.elapsed().as_secs_f64() * 1000.0
    }
}

impl Engine for NativeEngine {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<ExecResult, EngineError> {
        let total_before = self.conn.total_changes();
        let mut stmt = self.conn.prepare_cached(sql).map_err(to_engine_error)?;
        let columns: Vec<String> = stmt.column_names().into_iter().map(String::from).collect();
        for (index, value) in params.iter().enumerate() {
            stmt.raw_bind_parameter(index + 1, to_sql(value)).map_err(to_engine_error)?;
        }
        let mut rows = Vec::new();
        let mut cursor = stmt.raw_query();
        while let Some(row) = cursor.next().map_err(to_engine_error)? {
            let mut values = Vec::with_capacity(columns.len());
            for index in 0..columns.len() {
                values.push(from_sql(row.get_ref(index).map_err(to_engine_error)?));
            }
            rows.push(values);
        }
        drop(cursor);
        drop(stmt);
        if !ormlab_core::engine::keeps_schema(sql) {
            self.conn.flush_prepared_statement_cache();
        }
        let rows_changed = if self.conn.total_changes() == total_before { 0 } else { self.conn.changes() };
        Ok(ExecResult { columns, rows, rows_changed, last_insert_rowid: self.conn.last_insert_rowid() })
    }
}

fn to_sql(value: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as Sql;
    match value {
        Value::Null => Sql::Null,
        Value::Integer(i) => Sql::Integer(*i),
        Value::Real(r) => Sql::Real(*r),
        Value::Text(t) => Sql::Text(t.clone()),
        Value::Blob(b) => Sql::Blob(b.clone()),
    }
}

fn from_sql(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

/// SQLite's own message, without rusqlite's decoration, so both engines report alike.
fn to_engine_error(error: rusqlite::Error) -> EngineError {
    match error {
        rusqlite::Error::SqliteFailure(_, Some(message)) => EngineError::new(message),
        rusqlite::Error::SqlInputError { msg, .. } => EngineError::new(msg),
        other => EngineError::new(other.to_string()),
    }
}
