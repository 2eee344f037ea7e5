//! The ORM runtime: Flask-SQLAlchemy's `db.session` (identity map, unit of work, autoflush,
//! expire on commit), legacy `Model.query` and 2.0 `select()`, `text()`, and the statement
//! log — every statement with the script line that caused it and why.
//!
//! SQL is built as typed nodes ([`sql`]) and printed by one printer; SQLite is reached only
//! through [`crate::engine::Engine`].

pub mod backref;
pub mod collections;
pub mod convert;
pub mod dispatch;
pub mod dynamic;
pub mod loading;
pub mod dml;
pub mod joins;
pub mod json;
pub mod mapper;
pub mod paginate;
pub mod query;
pub mod session;
pub mod sql;
pub mod uow_order;
pub mod table;
pub mod text;
pub mod value;

pub use dispatch::*;

use crate::api::{RunError, RunReport, RunStatement};
use crate::engine::{Engine, Value as Db};
use crate::python::interp::{Exc, Interp};
use crate::python::object::ExceptionValue;
use crate::python::value::Value;
use mapper::Mapper;
use session::Session;
use std::collections::HashMap;
use std::rc::Rc;

/// One statement sent to SQLite while the script ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    /// SQL text.
    pub sql: String,
    /// Parameters (one row).
    pub params: Vec<Db>,
    /// For a true executemany: every row.
    pub many: Option<Vec<Vec<Db>>>,
    /// The executemany flag SQLAlchemy's event received.
    pub executemany: bool,
    /// 1-based script line.
    pub line: u32,
    /// Why it was sent.
    pub cause: String,
    /// Rows returned.
    pub rows: usize,
    /// Milliseconds SQLite took (0 without a clock).
    pub ms: f64,
}

/// The ORM state of one run.
pub struct Runtime<'e> {
    /// The database.
    pub engine: &'e mut dyn Engine,
    /// Mapped classes.
    pub mappers: Vec<Rc<Mapper>>,
    /// The session.
    pub session: Session,
    /// Every statement sent.
    pub log: Vec<Logged>,
    /// A DBAPI transaction is open (pysqlite's implicit BEGIN before DML).
    pub in_db_transaction: bool,
    /// The schema.
    pub schema: crate::schema::model::Schema,
    /// Reads milliseconds (the page's `performance.now()`, the CLI's monotonic clock).
    pub clock: Option<&'e dyn Fn() -> f64>,
    /// The lens's comparison: these relationships (`User.posts`) load this way, whatever
    /// `lazy=` or the options say.
    pub strategy_override: Option<(Vec<String>, loading::Strategy)>,
    /// Every eager load a query set up, and whether the relationship was read afterwards.
    pub loads: Vec<crate::api::LoadRecord>,
    /// Relationships read on some object during the run (`User.posts`).
    pub accessed: Vec<String>,
    /// Lists that are loaded collections, so list methods on them fire attribute events.
    pub collection_owners: std::collections::HashMap<usize, backref::CollectionOwner>,
}

impl<'e> Runtime<'e> {
    /// A runtime over `engine` for `mappers`.
    pub fn new(engine: &'e mut dyn Engine, mappers: Vec<Mapper>, schema: crate::schema::model::Schema) -> Self {
        Self {
            engine,
            mappers: mappers.into_iter().map(Rc::new).collect(),
            session: Session::default(),
            log: Vec::new(),
            in_db_transaction: false,
            schema,
            clock: None,
            strategy_override: None,
            loads: Vec::new(),
            accessed: Vec::new(),
            collection_owners: std::collections::HashMap::new(),
        }
    }

    /// The mapper of class `name`.
    pub fn mapper_index(&self, name: &str) -> Option<usize> {
        self.mappers.iter().position(|m| m.name() == name)
    }
}

/// Names every script has at hand (the recorder's pre-imports).
const PRE_IMPORTS: &[(&str, &str)] = &[
    ("select", "sqlalchemy.select"),
    ("func", "sqlalchemy.func"),
    ("text", "sqlalchemy.text"),
    ("or_", "sqlalchemy.or_"),
    ("and_", "sqlalchemy.and_"),
    ("not_", "sqlalchemy.not_"),
    ("desc", "sqlalchemy.desc"),
    ("asc", "sqlalchemy.asc"),
    ("joinedload", "sqlalchemy.orm.joinedload"),
    ("selectinload", "sqlalchemy.orm.selectinload"),
    ("subqueryload", "sqlalchemy.orm.subqueryload"),
    ("raiseload", "sqlalchemy.orm.raiseload"),
    ("lazyload", "sqlalchemy.orm.lazyload"),
    ("contains_eager", "sqlalchemy.orm.contains_eager"),
    ("defer", "sqlalchemy.orm.defer"),
    ("undefer", "sqlalchemy.orm.undefer"),
    ("IntegrityError", "sqlalchemy.exc.IntegrityError"),
    ("NoResultFound", "sqlalchemy.exc.NoResultFound"),
    ("MultipleResultsFound", "sqlalchemy.exc.MultipleResultsFound"),
    ("datetime", "datetime.datetime"),
    ("date", "datetime.date"),
    ("timedelta", "datetime.timedelta"),
    ("timezone", "datetime.timezone"),
    ("Decimal", "decimal.Decimal"),
];

fn error_of(exception: &ExceptionValue) -> RunError {
    RunError { kind: exception.kind.to_string(), message: exception.message.lines().next().unwrap_or("").to_string(), line: exception.line }
}

/// How a run is instrumented beyond the script itself.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// A millisecond clock for statement timings.
    pub clock: Option<&'a dyn Fn() -> f64>,
    /// Force a loading strategy on some relationships (the lens's comparison).
    pub strategy_override: Option<(Vec<String>, loading::Strategy)>,
}

/// Runs `script` against `models` on `engine` (a fresh database): create_all, then the
/// script as inside `with app.app_context():`.
pub fn run_script(models: &str, script: &str, engine: &mut dyn Engine) -> RunReport {
    run_script_with(models, script, engine, RunOptions::default())
}

/// [`run_script`] with timings and the lens's strategy override.
pub fn run_script_with<'e>(models: &str, script: &str, engine: &'e mut dyn Engine, options: RunOptions<'e>) -> RunReport {
    let mut report = RunReport::default();
    let parsed = crate::python::parse(models);
    let Some(module) = parsed.module else {
        report.error = parsed.diagnostics.first().map(|d| RunError { kind: "SyntaxError".into(), message: d.message.clone(), line: Some(d.line) });
        return report;
    };
    if let Some(first) = parsed.diagnostics.first() {
        report.error = Some(RunError { kind: "SyntaxError".into(), message: first.message.clone(), line: Some(first.line) });
        return report;
    }
    let index = crate::diag::LineIndex::new(models);
    let evaluated = crate::python::eval::evaluate(models, &module);
    let built = crate::schema::build::build(&index, &evaluated);
    let (ddl, error) = crate::schema::ddl::create_all(&built.schema, built.error.as_ref());
    report.ddl = ddl.clone();
    if let Some(error) = error {
        report.error = Some(RunError { kind: error.kind, message: error.message, line: None });
        return report;
    }
    if let Some(diagnostic) = evaluated.diagnostics.first().or(built.diagnostics.first()) {
        report.error = Some(RunError { kind: crate::python::interp::UNSUPPORTED_ERROR.into(), message: format!("{} (models line {})", diagnostic.message, diagnostic.line), line: None });
        return report;
    }
    for statement in &ddl {
        if statement.starts_with("PRAGMA") {
            continue;
        }
        if let Err(e) = engine.execute(statement, &[]) {
            report.error = Some(RunError { kind: "OperationalError".into(), message: format!("(sqlite3.OperationalError) {e}"), line: None });
            return report;
        }
    }
    let script_parsed = crate::python::parse(script);
    let Some(script_module) = script_parsed.module else {
        report.error = script_parsed.diagnostics.first().map(|d| RunError { kind: "SyntaxError".into(), message: d.message.clone(), line: Some(d.line) });
        return report;
    };
    if let Some(first) = script_parsed.diagnostics.first() {
        report.error = Some(RunError { kind: "SyntaxError".into(), message: first.message.clone(), line: Some(first.line) });
        return report;
    }
    let classes: Vec<Rc<crate::python::value::ClassValue>> = evaluated
        .created
        .iter()
        .filter_map(|c| match c {
            crate::python::eval::Created::Class(class) => Some(class.clone()),
            crate::python::eval::Created::Call(_) => None,
        })
        .collect();
    let mappers = mapper::build(&built.schema, &classes);
    let mut runtime = Runtime::new(engine, mappers, built.schema.clone());
    runtime.clock = options.clock;
    runtime.strategy_override = options.strategy_override;
    let mut interp = Interp::new(script, runtime);
    let mut models_globals: HashMap<String, Value> = HashMap::new();
    for (name, value) in &evaluated.globals {
        models_globals.insert(name.clone(), value.clone());
    }
    interp.models_globals = models_globals;
    for (name, value) in &evaluated.globals {
        if !name.starts_with('_') {
            // An association `Table(...)` is the script's Table object (`post_tags.c.tag_id`).
            let value = match value {
                Value::Call(call) if call.is("sqlalchemy.Table") || call.is("flask_sqlalchemy.db.Table") => match call.args.first() {
                    Some(Value::Str(table)) => table::table(table),
                    _ => value.clone(),
                },
                _ => value.clone(),
            };
            interp.script_globals.insert(name.clone(), value);
        }
    }
    for (name, canonical) in PRE_IMPORTS {
        interp.script_globals.insert((*name).to_string(), Value::Library(Rc::from(*canonical)));
    }
    interp.script_globals.insert("db".into(), Value::Db);
    interp.script_globals.insert("__name__".into(), Value::str("__main__"));
    let outcome = interp.run_module(&script_module.body);
    if let Err(exc) = outcome {
        report.error = Some(error_of(match &exc {
            Exc::Raise(e) | Exc::Fatal(e) => e,
        }));
    }
    report.stdout = std::mem::take(&mut interp.stdout);
    report.statements = interp
        .orm
        .log
        .iter()
        .map(|logged| RunStatement {
            sql: logged.sql.clone(),
            params: logged.params.clone(),
            many: logged.many.clone(),
            executemany: logged.executemany,
            line: logged.line,
            cause: logged.cause.clone(),
            rows: logged.rows,
            ms: logged.ms,
        })
        .collect();
    report.query_count = report.statements.len();
    let accessed = std::mem::take(&mut interp.orm.accessed);
    report.loads = std::mem::take(&mut interp.orm.loads);
    for load in &mut report.loads {
        load.accessed = accessed.contains(&load.relationship);
    }
    report
}
