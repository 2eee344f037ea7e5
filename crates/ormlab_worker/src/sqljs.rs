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
    /// `total_changes()` after the last statement that could write, to tell whether the
    /// current statement changed rows (`getRowsModified` keeps the previous DML's count).
    total_changes: i64,
    last_insert_rowid: i64,
    row_config: JsValue,
    /// Prepared statements by SQL text, reused as pysqlite's statement cache reuses its own:
    /// in sql.js, preparing is most of what a small statement costs. SQLite re-prepares a
    /// cached statement itself when the schema changes under it.
    statements: HashMap<String, Statement>,
}

impl SqlJsEngine {
    /// Opens a copy of a SQLite file's bytes (an import). sql.js only reads the file when a
    /// statement runs, so a file that is not a database fails on the first query.
    pub fn open_bytes(sql_js: &SqlJs, bytes: &[u8]) -> Result<Self, EngineError> {
        let constructor = Reflect::get(&sql_js.module, &"Database".into()).map_err(to_engine_error)?;
        let args = Array::of1(&Uint8Array::from(bytes));
        let db = Reflect::construct(constructor.unchecked_ref::<js_sys::Function>(), &args).map_err(to_engine_error)?;
        let row_config = Object::new();
        Reflect::set(&row_config, &"useBigInt".into(), &JsValue::TRUE).map_err(to_engine_error)?;
        Ok(Self { db: db.unchecked_into(), total_changes: 0, last_insert_rowid: 0, row_config: row_config.into(), statements: HashMap::new() })
    }

    /// The database as the bytes of a SQLite file (sql.js `db.export()`). Exporting resets
    /// the connection's pragmas, so foreign keys are switched back on.
    pub fn export(&mut self) -> Result<Vec<u8>, EngineError> {
        // sql.js closes the connection to export, freeing every statement prepared on it.
        self.forget_statements();
        let bytes = self.db.export_bytes().map_err(to_engine_error)?.to_vec();
        self.execute("PRAGMA foreign_keys=ON", &[])?;
        Ok(bytes)
    }

    /// Opens a fresh in-memory database with `PRAGMA foreign_keys=ON`.
    pub fn open(sql_js: &SqlJs) -> Result<Self, EngineError> {
        let constructor = Reflect::get(&sql_js.module, &"Database".into()).map_err(to_engine_error)?;
        let db = Reflect::construct(constructor.unchecked_ref::<js_sys::Function>(), &Array::new()).map_err(to_engine_error)?;
        let row_config = Object::new();
        Reflect::set(&row_config, &"useBigInt".into(), &JsValue::TRUE).map_err(to_engine_error)?;
        let mut engine = Self { db: db.unchecked_into(), total_changes: 0, last_insert_rowid: 0, row_config: row_config.into(), statements: HashMap::new() };
        engine.execute("PRAGMA foreign_keys=ON", &[])?;
        Ok(engine)
    }

    fn forget_statements(&mut self) {
        for (_, statement) in self.statements.drain() {
            statement.free();
        }
    }

    /// Runs `sql` on its cached prepared statement (prepared now if new). A statement that
    /// failed leaves the cache, so no error state carries over into its next use.
    fn run_cached(&mut self, sql: &str, params: &[Value]) -> Result<(Vec<String>, Vec<Vec<Value>>), EngineError> {
        let statement = match self.statements.remove(sql) {
            Some(statement) => statement,
            None => self.db.prepare(sql).map_err(to_engine_error)?,
        };
        let result = self.run_statement(&statement, params);
        let keeps_schema = ormlab_core::engine::keeps_schema(sql);
        if !keeps_schema {
            self.forget_statements();
        }
        if result.is_err() || !keeps_schema {
            statement.free();
            return result;
        }
        if self.statements.len() >= STATEMENT_CACHE {
            self.forget_statements();
        }
        self.statements.insert(sql.to_string(), statement);
        result
    }

    fn run_statement(&self, statement: &Statement, params: &[Value]) -> Result<(Vec<String>, Vec<Vec<Value>>), EngineError> {
        // `bind` resets the statement itself; a reused statement without parameters needs it.
        if params.is_empty() {
            statement.reset();
        } else {
            statement.bind(&params.iter().map(to_js).collect()).map_err(to_engine_error)?;
        }
        let columns: Vec<String> = statement.column_names().iter().filter_map(|c| c.as_string()).collect();
        let mut rows = Vec::new();
        while statement.step().map_err(to_engine_error)? {
            rows.push(statement.get_row(&JsValue::NULL, &self.row_config).iter().map(from_js).collect());
        }
        Ok((columns, rows))
    }

    /// Reads `total_changes()` and `last_insert_rowid()`; sql.js has no direct call for them.
    fn read_counters(&mut self) -> Result<(i64, i64), EngineError> {
        let (_, rows) = self.run_cached("SELECT total_changes(), last_insert_rowid()", &[])?;
        match rows.first().map(Vec::as_slice) {
            Some([Value::Integer(total), Value::Integer(rowid)]) => Ok((*total, *rowid)),
            other => Err(EngineError::new(format!("unexpected counters: {other:?}"))),
        }
    }
}

impl Engine for SqlJsEngine {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<ExecResult, EngineError> {
        let (columns, rows) = self.run_cached(sql, params)?;
        let mut rows_changed = 0;
        // A plain SELECT cannot change rows or the last rowid: skip the extra round trip on
        // the hot path of lazy loads.
        if !starts_with_select(sql) {
            let (total, rowid) = self.read_counters()?;
            if total != self.total_changes {
                rows_changed = self.db.get_rows_modified() as u64;
            }
            self.total_changes = total;
            self.last_insert_rowid = rowid;
        }
        Ok(ExecResult { columns, rows, rows_changed, last_insert_rowid: self.last_insert_rowid })
    }
}

fn starts_with_select(sql: &str) -> bool {
    sql.trim_start().get(..6).is_some_and(|head| head.eq_ignore_ascii_case("select"))
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

fn from_js(value: JsValue) -> Value {
    if value.is_null() || value.is_undefined() {
        Value::Null
    } else if value.is_bigint() {
        i64::try_from(value).map_or(Value::Null, Value::Integer)
    } else if let Some(number) = value.as_f64() {
        Value::Real(number)
    } else if let Some(text) = value.as_string() {
        Value::Text(text)
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
