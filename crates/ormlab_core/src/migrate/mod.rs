//! Migrations: Alembic autogenerate and batch-mode upgrades on SQLite, as Flask-Migrate
//! users run them (`compare_type=True`, `render_as_batch=True`).
//!
//! The steps, each in its own module:
//! 1. [`reflect`]: read the live schema back the way SQLAlchemy's SQLite dialect does;
//! 2. [`compare`]: compare it with the models and produce Alembic's [`ops`] in Alembic's
//!    order (the downgrade is the reverse);
//! 3. [`render`]: print `upgrade()` / `downgrade()` bodies exactly as `render_python_code`,
//!    and [`revision`] the whole revision file;
//! 4. [`apply`]: run the operations the way batch mode does on pysqlite, failures included;
//! 5. [`warnings`]: destructive steps and likely renames, ormlab's addition.
//!
//! [`run_case`] is the fidelity procedure of a migration case end to end.

pub mod apply;
pub mod chain;
pub mod compare;
pub mod mtype;
pub mod ops;
pub mod pyset;
pub mod reflect;
pub mod workspace;
pub mod render;
pub mod revision;
pub mod script;
pub mod warnings;

use crate::api::{MigrateError, MigrateReport, TableRows};
use crate::engine::{Engine, EngineError, Value};
use crate::schema::read_models;

/// Rows to insert into one table before migrating (`seed.json` of a case).
#[derive(Debug, Clone, PartialEq)]
pub struct SeedBlock {
    /// Table name.
    pub table: String,
    /// Rows, each as (column, value) pairs in the order given.
    pub rows: Vec<Vec<(String, Value)>>,
}

fn engine_error(kind: &str, error: &EngineError) -> MigrateError {
    MigrateError { kind: kind.to_string(), message: format!("(sqlite3.{kind}) {}", error.message) }
}

/// Every user table's rows, tables by name, rows by rowid (names starting `sqlite_` left out).
pub fn dump_rows(engine: &mut dyn Engine) -> Result<Vec<TableRows>, EngineError> {
    let names = engine.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name", &[])?;
    let mut out = Vec::new();
    for row in names.rows {
        let Some(Value::Text(name)) = row.into_iter().next() else { continue };
        if name.starts_with("sqlite_") {
            continue;
        }
        let result = engine.execute(&format!("SELECT * FROM \"{}\" ORDER BY rowid", name.replace('"', "\"\"")), &[])?;
        out.push(TableRows { table: name, columns: result.columns, rows: result.rows });
    }
    Ok(out)
}

/// CREATE INDEX statements of one table come in set order in SQLAlchemy; each contiguous run
/// is sorted so that runs compare the same way the goldens store them.
pub fn sort_index_runs(statements: Vec<String>) -> Vec<String> {
    let is_index = |s: &str| {
        let t = s.trim_start();
        t.starts_with("CREATE INDEX") || t.starts_with("CREATE UNIQUE INDEX")
    };
    let mut out = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for statement in statements {
        if is_index(&statement) {
            run.push(statement);
            continue;
        }
        run.sort();
        out.append(&mut run);
        out.push(statement);
    }
    run.sort();
    out.append(&mut run);
    out
}

/// A migration case, end to end, on a fresh `engine`: create_all of `v1` with foreign keys
/// off, the seed rows inserted and committed, autogenerate against `v2`, the upgrade applied
/// (committed, or rolled back on error), every table dumped. `message` goes into the
/// revision file.
pub fn run_case(v1: &str, v2: &str, seed: &[SeedBlock], message: &str, engine: &mut dyn Engine) -> MigrateReport {
    let mut report = MigrateReport::default();
    let old = read_models(v1);
    let new = read_models(v2);
    for (outcome, label) in [(&old, "models_v1"), (&new, "models_v2")] {
        if let Some(error) = &outcome.error {
            report.error = Some(MigrateError { kind: error.kind.clone(), message: format!("{label}: {}", error.message) });
            return report;
        }
        if let Some(diagnostic) = outcome.diagnostics.first() {
            report.error = Some(MigrateError { kind: "NotSupported".into(), message: format!("{label}: {}", diagnostic.message) });
            return report;
        }
    }
    if let Err(e) = create_database(&old.ddl, seed, engine) {
        report.error = Some(e);
        return report;
    }
    let db = match reflect::reflect_all(engine) {
        Ok(db) => db,
        Err(e) => {
            report.error = Some(engine_error("OperationalError", &e));
            return report;
        }
    };
    let upgrade = compare::autogenerate(&db, &new.schema);
    let downgrade = ops::reverse_all(&upgrade);
    report.upgrade_ops = render::render_body(&upgrade);
    report.downgrade_ops = render::render_body(&downgrade);
    report.revision_file = revision::revision_file(None, message, &report.upgrade_ops, &report.downgrade_ops);
    report.warnings = warnings::warnings(engine, &db, &upgrade);
    let applied = if report.upgrade_ops.contains("sqlite.") {
        // The body runs with only `op` and `sa` in scope, like the harness's exec.
        apply::Applied { sql: Vec::new(), error: Some(apply::ApplyError { kind: "NameError".into(), message: "name 'sqlite' is not defined".into() }) }
    } else {
        apply::apply(engine, &upgrade)
    };
    report.upgrade_sql = sort_index_runs(applied.sql);
    report.error = applied.error.map(|e| MigrateError { kind: e.kind, message: e.message });
    match dump_rows(engine) {
        Ok(rows) => report.rows_after = rows,
        Err(e) => report.error = report.error.or(Some(engine_error("OperationalError", &e))),
    }
    report
}

/// The database a migration starts from: `ddl` (create_all's statements) with foreign keys
/// off, then the seed rows inserted and committed.
pub fn create_database(ddl: &[String], seed: &[SeedBlock], engine: &mut dyn Engine) -> Result<(), MigrateError> {
    // SQLite's and Flask-SQLAlchemy's default; with foreign keys on, batch mode's DROP TABLE
    // of a referenced table would fail or cascade.
    engine.execute("PRAGMA foreign_keys=OFF", &[]).and_then(|_| {
        for statement in ddl.iter().filter(|s| !s.trim_start().starts_with("PRAGMA")) {
            engine.execute(statement, &[])?;
        }
        Ok(())
    }).map_err(|e| engine_error("OperationalError", &e))?;
    seed_rows(engine, seed).map_err(|e| {
        let e = apply::ApplyError::from_engine(&e);
        MigrateError { kind: e.kind, message: e.message }
    })
}

fn seed_rows(engine: &mut dyn Engine, seed: &[SeedBlock]) -> Result<(), EngineError> {
    if seed.iter().all(|b| b.rows.is_empty()) {
        return Ok(());
    }
    engine.execute("BEGIN", &[])?;
    for block in seed {
        for row in &block.rows {
            let columns: Vec<String> = row.iter().map(|(c, _)| format!("\"{}\"", c.replace('"', "\"\""))).collect();
            let marks: Vec<&str> = row.iter().map(|_| "?").collect();
            let sql = format!("INSERT INTO \"{}\" ({}) VALUES ({})", block.table.replace('"', "\"\""), columns.join(", "), marks.join(", "));
            let values: Vec<Value> = row.iter().map(|(_, v)| v.clone()).collect();
            if let Err(e) = engine.execute(&sql, &values) {
                let _ = engine.execute("ROLLBACK", &[]);
                return Err(e);
            }
        }
    }
    engine.execute("COMMIT", &[])?;
    Ok(())
}

/// A revision `flask db migrate` would write against the current database.
#[derive(Debug, Clone, PartialEq)]
pub struct Autogenerated {
    /// The revision file; `None` when nothing changed (Flask-Migrate's env.py then writes
    /// none and logs "No changes in schema detected.").
    pub file: Option<String>,
    /// Destructive steps and likely renames of its upgrade, counted on the database now.
    pub warnings: Vec<crate::api::MigrateWarning>,
}

/// `flask db migrate -m message`: compares the database with `models` and renders a revision
/// on top of the chain's head. Like Alembic, it refuses a database that is not at the head.
pub fn autogenerate_revision(engine: &mut dyn Engine, models: &str, message: &str, chain: &chain::Chain) -> Result<Autogenerated, MigrateError> {
    let new = read_models(models);
    if let Some(error) = &new.error {
        return Err(MigrateError { kind: error.kind.clone(), message: error.message.clone() });
    }
    if let Some(diagnostic) = new.diagnostics.first() {
        return Err(MigrateError { kind: "NotSupported".into(), message: format!("line {}, column {}: {}", diagnostic.line, diagnostic.column, diagnostic.message) });
    }
    let head = chain.head();
    if chain::current_version(engine).as_deref() != head {
        return Err(MigrateError { kind: "CommandError".into(), message: "Target database is not up to date.".into() });
    }
    let db = reflect::reflect_all(engine).map_err(|e| engine_error("OperationalError", &e))?;
    let upgrade = compare::autogenerate(&db, &new.schema);
    if upgrade.is_empty() {
        return Ok(Autogenerated { file: None, warnings: Vec::new() });
    }
    let downgrade = ops::reverse_all(&upgrade);
    let file = revision::revision_file(head, message, &render::render_body(&upgrade), &render::render_body(&downgrade));
    Ok(Autogenerated { file: Some(file), warnings: warnings::warnings(engine, &db, &upgrade) })
}
