//! `text()` beyond a plain execute: `.bindparams(...)` presets, `Query.from_statement(text)`
//! with `.params(...)` (rows matched to the entity's columns by name), and pysqlite's
//! one-statement rule that stops an injected `; DROP TABLE ...`.

use super::session::{self, load_instance};
use super::value::{OrmValue, Row};
use crate::python::interp::{dict, list, Exc, Interp, R};
use crate::python::object::ExceptionValue;
use crate::python::value::Value;
use std::rc::Rc;

type Kwargs = Vec<(String, Value)>;

fn orm(value: OrmValue) -> Value {
    Value::Orm(Rc::new(value))
}

/// `kwargs` as dict items with string keys.
fn items_of(kwargs: &Kwargs) -> Vec<(Value, Value)> {
    kwargs.iter().map(|(k, v)| (Value::str(k), v.clone())).collect()
}

/// The parameters to send: presets from `bindparams()` overridden by the execute's dict.
pub fn merged_params(interp: &mut Interp<'_>, preset: &[(Value, Value)], given: Option<&Value>) -> R<Value> {
    let mut items: Vec<(Value, Value)> = preset.to_vec();
    if let Some(given) = given {
        for (key, value) in interp.dict_items(given)? {
            interp.dict_insert(&mut items, key, value)?;
        }
    }
    Ok(dict(items))
}

/// `text(...).bindparams(name=value)`.
pub fn bindparams(text: &str, preset: &[(Value, Value)], kwargs: &Kwargs) -> Value {
    let mut items = preset.to_vec();
    for (key, value) in items_of(kwargs) {
        match items.iter_mut().find(|(k, _)| matches!((k, &key), (Value::Str(a), Value::Str(b)) if a == b)) {
            Some(slot) => slot.1 = value,
            None => items.push((key, value)),
        }
    }
    orm(OrmValue::BoundText(text.to_string(), items))
}

/// pysqlite refuses SQL holding more than one statement; SQLAlchemy wraps it.
pub fn check_single_statement(interp: &mut Interp<'_>, sql: &str) -> R<()> {
    if crate::console::split_statements(sql).len() <= 1 {
        return Ok(());
    }
    // The cursor execute happened (the event saw it); sqlite3 refused it before running.
    let line = interp.line;
    interp.orm.session.transaction_begun = true;
    interp.orm.log.push(super::Logged { sql: sql.to_string(), params: Vec::new(), many: None, executemany: false, ms: 0.0, line, cause: "query".into(), rows: 0 });
    let message = "You can only execute one statement at a time.";
    let full = format!("(sqlite3.ProgrammingError) {message}\n[SQL: {sql}]\n(Background on this error at: https://sqlalche.me/e/20/f405)");
    let orig = ExceptionValue { kind: Rc::from("ProgrammingError"), message: message.to_string(), args: vec![Value::str(message)], line: Some(interp.line), attrs: Vec::new() };
    Err(Exc::Raise(Rc::new(ExceptionValue {
        kind: Rc::from("ProgrammingError"),
        message: full.clone(),
        args: vec![Value::str(&full)],
        line: Some(interp.line),
        attrs: vec![("orig".into(), Value::Exception(Rc::new(orig))), ("statement".into(), Value::str(sql))],
    })))
}

/// `Model.query.from_statement(text(...))`.
pub fn from_statement(interp: &mut Interp<'_>, mapper: usize, statement: &Value) -> R<Value> {
    let (text, preset) = match statement {
        Value::Orm(o) => match &**o {
            OrmValue::Text(t) => (t.clone(), Vec::new()),
            OrmValue::BoundText(t, p) => (t.clone(), p.clone()),
            _ => return interp.unsupported("from_statement() of this statement"),
        },
        _ => return interp.unsupported("from_statement() of this value"),
    };
    Ok(orm(OrmValue::FromStatement(mapper, text, preset)))
}

/// Methods of a `from_statement()` query: `params()`, `all()`, `first()`, `one()`...
pub fn from_statement_method(interp: &mut Interp<'_>, mapper: usize, text: &str, preset: &[(Value, Value)], name: &str, kwargs: &Kwargs) -> R<Value> {
    match name {
        "params" => {
            let mut items = preset.to_vec();
            for (key, value) in items_of(kwargs) {
                interp.dict_insert(&mut items, key, value)?;
            }
            Ok(orm(OrmValue::FromStatement(mapper, text.to_string(), items)))
        }
        "all" | "first" | "one" | "one_or_none" | "scalar" => {
            let objects = run_from_statement(interp, mapper, text, preset)?;
            match name {
                "all" => Ok(list(objects)),
                "first" | "scalar" => Ok(objects.into_iter().next().unwrap_or(Value::None)),
                _ => match objects.len() {
                    0 if name == "one" => interp.err("NoResultFound", "No row was found when one was required"),
                    0 => Ok(Value::None),
                    1 => Ok(objects.into_iter().next().unwrap_or(Value::None)),
                    _ => interp.err("MultipleResultsFound", "Multiple rows were found when exactly one was required"),
                },
            }
        }
        _ => interp.err("AttributeError", format!("'Query' object has no attribute '{name}'")),
    }
}

/// Runs the text and turns each row into an object, its columns matched by name.
pub fn run_from_statement(interp: &mut Interp<'_>, mapper_index: usize, text: &str, preset: &[(Value, Value)]) -> R<Vec<Value>> {
    let params = dict(preset.to_vec());
    let (sql, binds) = super::dispatch::text_to_qmark(interp, text, Some(&params))?;
    check_single_statement(interp, &sql)?;
    session::autoflush(interp)?;
    let result = session::execute_sql(interp, &sql, binds, None, false, "query")?;
    let mapper = interp.orm.mappers[mapper_index].clone();
    let positions: Vec<Option<usize>> = mapper.columns.iter().map(|c| result.columns.iter().position(|name| *name == c.name)).collect();
    let mut objects = Vec::new();
    for raw in &result.rows {
        let row: Vec<crate::engine::Value> = positions.iter().map(|p| p.and_then(|i| raw.get(i).cloned()).unwrap_or(crate::engine::Value::Null)).collect();
        objects.push(Value::Instance(load_instance(interp, mapper_index, &row)));
    }
    Ok(objects)
}

/// Rows of a text() result, keyed by the cursor's column names.
pub fn text_rows(columns: &[String], rows: &[Vec<crate::engine::Value>]) -> Vec<Row> {
    rows.iter().map(|row| Row { values: row.iter().map(super::convert::raw).collect(), keys: columns.to_vec() }).collect()
}
