//! [`Engine`] on sql.js 1.16, bound by hand: the only place in ormlab that knows sql.js.
//!
//! sql.js's `bind` turns a JS number into an integer when it is integral and a BigInt into
//! text, so an integral `Real` and an `Integer` outside i32 lose their exact type unless a
//! column's affinity restores it (see `ormlab_core::engine::conformance`). Rows are read with
//! `get(null, {useBigInt: true})`, which keeps INTEGER (BigInt) apart from REAL (number).

use js_sys::{Array, BigInt, Object, Promise, Reflect, Uint8Array};
use ormlab_core::engine::{Engine, EngineError, ExecResult, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use std::collections::HashMap;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = initSqlJs)]
    fn init_sql_js(config: &JsValue) -> Promise;

    type Database;
    #[wasm_bindgen(method, catch)]
    fn prepare(this: &Database, sql: &str) -> Result<Statement, JsValue>;
    #[wasm_bindgen(method, js_name = getRowsModified)]
    fn get_rows_modified(this: &Database) -> f64;
    #[wasm_bindgen(method, catch, js_name = export)]
    fn export_bytes(this: &Database) -> Result<Uint8Array, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn close(this: &Database) -> Result<(), JsValue>;

    type Statement;
    #[wasm_bindgen(method, catch)]
    fn bind(this: &Statement, values: &Array) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn step(this: &Statement) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, js_name = get)]
    fn get_row(this: &Statement, params: &JsValue, config: &JsValue) -> Array;
    #[wasm_bindgen(method, js_name = getColumnNames)]
    fn column_names(this: &Statement) -> Array;
    #[wasm_bindgen(method)]
    fn reset(this: &Statement) -> bool;
    #[wasm_bindgen(method)]
    fn free(this: &Statement) -> bool;
}

/// How many prepared statements one database keeps for reuse.
const STATEMENT_CACHE: usize = 64;

/// Pragmas every connection gets: the rollback journal in memory (as a native `:memory:`
/// database keeps it) and the lock held between statements. sql.js keeps its database as a
/// file in Emscripten's in-memory file system; without these, every autocommit SELECT first
/// looked for a hot journal file there, which cost more than the query itself (lazy loads).
const CONNECTION_PRAGMAS: [&str; 2] = ["PRAGMA journal_mode=MEMORY", "PRAGMA locking_mode=EXCLUSIVE"];

/// The loaded sql.js module (`SQL` in its docs), from which databases are opened.
pub struct SqlJs {
    module: JsValue,
}

impl SqlJs {
    /// Loads sql.js's wasm from `sqljs/` beside the worker script. `initSqlJs` must already
    /// be defined: the worker's loader imports `sqljs/sql-wasm.js` before this crate.
    pub async fn load() -> Result<Self, String> {
        // The loader shim has usually started this already (see ormlab_worker_loader.js).
        let started = Reflect::get(&js_sys::global(), &"ormlabSqlJs".into()).ok().and_then(|p| p.dyn_into::<Promise>().ok());
        if let Some(promise) = started {
            let module = JsFuture::from(promise).await.map_err(describe)?;
            return Ok(Self { module });
        }
        let locate = Closure::<dyn Fn(String) -> String>::new(|file: String| format!("sqljs/{file}"));
        let config = Object::new();
        Reflect::set(&config, &"locateFile".into(), locate.as_ref()).map_err(describe)?;
        locate.forget();
        let module = JsFuture::from(init_sql_js(&config)).await.map_err(describe)?;
        Ok(Self { module })
    }
}

/// One in-memory sql.js database.
pub struct SqlJsEngine {
    db: Database,
    last_insert_rowid: i64,
    row_config: JsValue,
    /// Prepared statements by SQL text, reused as pysqlite's statement cache reuses its own:
    /// in sql.js, preparing is most of what a small statement costs. A statement that may
    /// change the schema empties the cache (see [`ormlab_core::engine::keeps_schema`]).
    statements: HashMap<String, Prepared>,
}

/// A cached statement and its result columns (read once: they only change with the schema).
struct Prepared {
    statement: Statement,
    columns: Vec<String>,
}

/// What a statement can change, which decides how its row count and rowid are read.
#[derive(PartialEq)]
enum Writes {
    /// SELECT: nothing.
    Nothing,
    /// INSERT/REPLACE: rows and the last rowid (`getRowsModified` is exact for a DML).
    Insert,
    /// UPDATE/DELETE: rows.
    Rows,
    /// Anything else (DDL, WITH ... INSERT, PRAGMA): compare `total_changes()` around it.
    Unknown,
}

fn writes(sql: &str) -> Writes {
    match ormlab_core::engine::first_keyword(sql).as_str() {
        "SELECT" => Writes::Nothing,
        "INSERT" | "REPLACE" => Writes::Insert,
        "UPDATE" | "DELETE" => Writes::Rows,
        _ => Writes::Unknown,
    }
}

impl SqlJsEngine {
    /// Opens a copy of a SQLite file's bytes (an import). sql.js only reads the file when a
    /// statement runs, so a file that is not a database fails on the first query.
    pub fn open_bytes(sql_js: &SqlJs, bytes: &[u8]) -> Result<Self, EngineError> {
        let constructor = Reflect::get(&sql_js.module, &"Database".into()).map_err(to_engine_error)?;
        let args = Array::of1(&Uint8Array::from(bytes));
        let db = Reflect::construct(constructor.unchecked_ref::<js_sys::Function>(), &args).map_err(to_engine_error)?;
        // A file opens as pysqlite opens one: foreign keys off.
        Self::configured(db, &[])
    }

    /// The engine on a just-opened sql.js database, with [`CONNECTION_PRAGMAS`] and `extra`.
    fn configured(db: JsValue, extra: &[&str]) -> Result<Self, EngineError> {
        let row_config = Object::new();
        Reflect::set(&row_config, &"useBigInt".into(), &JsValue::TRUE).map_err(to_engine_error)?;
        let mut engine = Self { db: db.unchecked_into(), last_insert_rowid: 0, row_config: row_config.into(), statements: HashMap::new() };
        engine.apply_pragmas(extra)?;
        Ok(engine)
    }

    fn apply_pragmas(&mut self, extra: &[&str]) -> Result<(), EngineError> {
        for pragma in CONNECTION_PRAGMAS.iter().chain(extra) {
            self.execute(pragma, &[])?;
        }
        Ok(())
    }

    /// The database as the bytes of a SQLite file (sql.js `db.export()`). Exporting reopens
    /// the connection, which resets its pragmas: they are set again, foreign keys on.
    pub fn export(&mut self) -> Result<Vec<u8>, EngineError> {
        // sql.js closes the connection to export, freeing every statement prepared on it.
        self.forget_statements();
        let bytes = self.db.export_bytes().map_err(to_engine_error)?.to_vec();
        self.apply_pragmas(&["PRAGMA foreign_keys=ON"])?;
        Ok(bytes)
    }

    /// Opens a fresh in-memory database with `PRAGMA foreign_keys=ON`.
    pub fn open(sql_js: &SqlJs) -> Result<Self, EngineError> {
        let constructor = Reflect::get(&sql_js.module, &"Database".into()).map_err(to_engine_error)?;
        let db = Reflect::construct(constructor.unchecked_ref::<js_sys::Function>(), &Array::new()).map_err(to_engine_error)?;
        Self::configured(db, &["PRAGMA foreign_keys=ON"])
    }

    #[allow(clippy::iter_over_hash_type, reason = "freeing them, in any order")]
    fn forget_statements(&mut self) {
        for (_, prepared) in self.statements.drain() {
            prepared.statement.free();
        }
    }

    /// Runs `sql` on its cached prepared statement (prepared now if new). A statement that
    /// failed leaves the cache, so no error state carries over into its next use.
    fn run_cached(&mut self, sql: &str, params: &[Value]) -> Result<(Vec<String>, Vec<Vec<Value>>), EngineError> {
        let prepared = match self.statements.remove(sql) {
            Some(prepared) => prepared,
            None => {
                let statement = self.db.prepare(sql).map_err(to_engine_error)?;
                let columns = statement.column_names().iter().filter_map(|c| c.as_string()).collect();
                Prepared { statement, columns }
            }
        };
        let result = self.run_statement(&prepared, params);
        let keeps_schema = ormlab_core::engine::keeps_schema(sql);
        if !keeps_schema {
            self.forget_statements();
        }
        if result.is_err() || !keeps_schema {
            prepared.statement.free();
            return result;
        }
        if self.statements.len() >= STATEMENT_CACHE {
            self.forget_statements();
        }
        self.statements.insert(sql.to_string(), prepared);
        result
    }

    fn run_statement(&self, prepared: &Prepared, params: &[Value]) -> Result<(Vec<String>, Vec<Vec<Value>>), EngineError> {
        let statement = &prepared.statement;
        // Cached statements go back reset (below), so only parameters need binding.
        if !params.is_empty() {
            statement.bind(&params.iter().map(to_js).collect()).map_err(to_engine_error)?;
        }
        let mut rows = Vec::new();
        while statement.step().map_err(to_engine_error)? {
            rows.push(statement.get_row(&JsValue::NULL, &self.row_config).iter().map(from_js).collect());
        }
        // A statement left un-reset in the cache keeps its cursor: reset it as rusqlite's
        // cache does when a statement goes back.
        statement.reset();
        Ok((prepared.columns.clone(), rows))
    }

    /// One integer from a cached statement with no parameters (sql.js has no direct call for
    /// `total_changes()` or `last_insert_rowid()`).
    fn read_integer(&mut self, sql: &str) -> Result<i64, EngineError> {
        match self.run_cached(sql, &[])?.1.first().map(Vec::as_slice) {
            Some([Value::Integer(value)]) => Ok(*value),
            other => Err(EngineError::new(format!("unexpected result of {sql}: {other:?}"))),
        }
    }
}

impl Drop for SqlJsEngine {
    /// Closing deletes the database's file from Emscripten's file system: every run opens a
    /// fresh database, and a long session must not keep them all.
    fn drop(&mut self) {
        self.forget_statements();
        let _ = self.db.close();
    }
}

impl Engine for SqlJsEngine {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<ExecResult, EngineError> {
        let writes = writes(sql);
        let total_before = if writes == Writes::Unknown { self.read_integer("SELECT total_changes()")? } else { 0 };
        let (columns, rows) = self.run_cached(sql, params)?;
        let rows_changed = match writes {
            Writes::Nothing => 0,
            Writes::Insert | Writes::Rows => self.db.get_rows_modified() as u64,
            // `getRowsModified` still holds the last DML's count when this one wrote nothing.
            Writes::Unknown if self.read_integer("SELECT total_changes()")? == total_before => 0,
            Writes::Unknown => self.db.get_rows_modified() as u64,
        };
        if matches!(writes, Writes::Insert | Writes::Unknown) {
            self.last_insert_rowid = self.read_integer("SELECT last_insert_rowid()")?;
        }
        Ok(ExecResult { columns, rows, rows_changed, last_insert_rowid: self.last_insert_rowid })
    }
}

fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Integer(i) => match i32::try_from(*i) {
            Ok(small) => small.into(),
            Err(_) => BigInt::from(*i).into(),
        },
        Value::Real(r) => (*r).into(),
        Value::Text(t) => t.into(),
        Value::Blob(b) => Uint8Array::from(b.as_slice()).into(),
    }
}

/// Each test is a call into JS, so the common storage classes are tried first.
fn from_js(value: JsValue) -> Value {
    if value.is_bigint() {
        i64::try_from(value).map_or(Value::Null, Value::Integer)
    } else if let Some(text) = value.as_string() {
        Value::Text(text)
    } else if let Some(number) = value.as_f64() {
        Value::Real(number)
    } else if value.is_null() || value.is_undefined() {
        Value::Null
    } else if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        Value::Blob(bytes.to_vec())
    } else {
        Value::Null
    }
}

/// sql.js throws `Error(sqlite3_errmsg())`; keep just SQLite's message.
fn to_engine_error(error: JsValue) -> EngineError {
    EngineError::new(describe(error))
}

fn describe(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
    }
}
