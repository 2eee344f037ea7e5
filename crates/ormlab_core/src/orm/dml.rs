//! 2.0 DML statements on mapped classes — `insert(Model)` (bulk rows or `.values()`),
//! `update(Model).where().values()`, `delete(Model).where()` — and the
//! `synchronize_session="auto"` evaluation that brings loaded objects up to date in Python
//! (SQLAlchemy's `_EvaluatorCompiler`), shared with `Query.update()` / `Query.delete()`.

use super::convert::{from_db, to_db};
use super::mapper::Mapper;
use super::session::{self, Status};
use super::sql::{Expr, Statement};
use super::value::OrmValue;
use crate::engine::Value as Db;
use crate::python::interp::{Interp, R};
use crate::python::object::Instance;
use crate::python::value::Value;
use std::rc::Rc;

/// Which statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// INSERT.
    Insert,
    /// UPDATE.
    Update,
    /// DELETE.
    Delete,
}

/// A DML statement under construction.
#[derive(Debug, Clone)]
pub struct Dml {
    /// Which statement.
    pub kind: Kind,
    /// The target mapper.
    pub mapper: usize,
    /// WHERE criteria.
    pub criteria: Vec<Expr>,
    /// `.values(...)`: attribute key → value (a Python value or a SQL expression value).
    pub values: Vec<(String, Value)>,
}

/// `insert(Model)`, `update(Model)`, `delete(Model)`.
pub fn new(kind: Kind, mapper: usize) -> Value {
    Value::Orm(Rc::new(OrmValue::Dml(Rc::new(Dml { kind, mapper, criteria: Vec::new(), values: Vec::new() }))))
}

/// The Python class name of a DML statement.
pub fn type_name(dml: &Dml) -> &'static str {
    match dml.kind {
        Kind::Insert => "Insert",
        Kind::Update => "Update",
        Kind::Delete => "Delete",
    }
}

/// Generative methods: `where`/`filter`, `filter_by`, `values`.
pub fn method(interp: &mut Interp<'_>, dml: &Dml, name: &str, criteria: Vec<Expr>, args: &[Value], kwargs: &[(String, Value)]) -> R<Value> {
    let mut next = dml.clone();
    match name {
        "where" | "filter" | "filter_by" if dml.kind != Kind::Insert => next.criteria.extend(criteria),
        "values" => {
            let mut pairs: Vec<(Value, Value)> = kwargs.iter().map(|(k, v)| (Value::str(k), v.clone())).collect();
            if let Some(first) = args.first() {
                pairs.extend(interp.dict_items(first)?);
            }
            for (key, value) in pairs {
                let key = attribute_key(interp, dml.mapper, &key)?;
                next.values.retain(|(k, _)| *k != key);
                next.values.push((key, value));
            }
        }
        "execution_options" => {}
        "returning" => return interp.unsupported("returning() on DML statements"),
        _ => return interp.err("AttributeError", format!("'{}' object has no attribute '{name}'", type_name(dml))),
    }
    Ok(Value::Orm(Rc::new(OrmValue::Dml(Rc::new(next)))))
}

/// A `.values()` key (`"title"` or `Task.title`) as an attribute key of the mapper.
pub fn attribute_key(interp: &Interp<'_>, mapper: usize, key: &Value) -> R<String> {
    let m = &interp.orm.mappers[mapper];
    match key {
        Value::Str(k) if m.column(k).is_some() => Ok(k.to_string()),
        Value::Str(k) => match m.column_by_name(k) {
            Some(c) => Ok(c.key.clone()),
            None => interp.err("CompileError", format!("Unconsumed column names: {k}")),
        },
        Value::Orm(o) => match &**o {
            OrmValue::Attribute { mapper: owner, key } if *owner == mapper => Ok(key.clone()),
            _ => interp.unsupported("this key in values()"),
        },
        _ => interp.unsupported("this key in values()"),
    }
}

/// The result of a DML execute: `rowcount`.
pub fn execute(interp: &mut Interp<'_>, dml: &Dml, params: Option<&Value>, bind: &mut dyn FnMut(&mut Interp<'_>, &Value, &super::mapper::ColumnProp) -> R<Expr>) -> R<i64> {
    session::autoflush(interp)?;
    let mapper = interp.orm.mappers[dml.mapper].clone();
    match dml.kind {
        Kind::Insert => {
            let mut rows: Vec<Vec<(String, Value)>> = Vec::new();
            match params {
                Some(list) => {
                    for item in interp.iterate(list)? {
                        let mut row = dml.values.clone();
                        for (key, value) in interp.dict_items(&item)? {
                            let key = attribute_key(interp, dml.mapper, &key)?;
                            row.retain(|(k, _)| *k != key);
                            row.push((key, value));
                        }
                        rows.push(row);
                    }
                }
                None => rows.push(dml.values.clone()),
            }
            insert_rows(interp, &mapper, rows)
        }
        Kind::Update => {
            let mut set = Vec::new();
            for column in &mapper.columns {
                if let Some((_, value)) = dml.values.iter().find(|(k, _)| *k == column.key) {
                    set.push((column.name.clone(), bind(interp, value, column)?));
                }
            }
            if set.is_empty() {
                return interp.unsupported("update() without values()");
            }
            let result = session::execute(interp, &Statement::Update { table: mapper.table.clone(), set: set.clone(), criteria: dml.criteria.clone() }, "query")?;
            synchronize(interp, dml.mapper, &dml.criteria, Some(&set));
            Ok(i64::try_from(result.rows_changed).unwrap_or(0))
        }
        Kind::Delete => {
            let result = session::execute(interp, &Statement::Delete { table: mapper.table.clone(), criteria: dml.criteria.clone() }, "query")?;
            synchronize(interp, dml.mapper, &dml.criteria, None);
            Ok(i64::try_from(result.rows_changed).unwrap_or(0))
        }
    }
}

/// ORM bulk INSERT: Python defaults fill the rows; consecutive rows with the same keys go
/// in one executemany.
fn insert_rows(interp: &mut Interp<'_>, mapper: &Mapper, rows: Vec<Vec<(String, Value)>>) -> R<i64> {
    let mut prepared: Vec<(Vec<String>, Vec<String>, Vec<Db>)> = Vec::new();
    for row in rows {
        let mut keys: Vec<String> = row.iter().map(|(k, _)| k.clone()).collect();
        keys.sort();
        let mut columns = Vec::new();
        let mut params = Vec::new();
        for column in &mapper.columns {
            let value = match row.iter().find(|(k, _)| *k == column.key) {
                Some((_, value)) => value.clone(),
                None => match &column.default {
                    Some(default) => match default {
                        Value::Library(_) | Value::Closure(_) | Value::Lambda(_) | Value::Function(_) => interp.call_value(default, Vec::new(), Vec::new())?,
                        Value::Call(_) => return interp.unsupported("SQL function defaults"),
                        other => other.clone(),
                    },
                    None => continue,
                },
            };
            columns.push(column.name.clone());
            match to_db(&value, Some(&column.ty)) {
                Ok(db) => params.push(db),
                Err(type_name) => return interp.err("ProgrammingError", format!("(sqlite3.ProgrammingError) Error binding parameter {} - type '{type_name}' is not supported", params.len() + 1)),
            }
        }
        prepared.push((keys, columns, params));
    }
    let mut total = 0i64;
    let mut index = 0;
    while index < prepared.len() {
        let mut end = index + 1;
        while end < prepared.len() && prepared[end].0 == prepared[index].0 && prepared[end].1 == prepared[index].1 {
            end += 1;
        }
        let columns = prepared[index].1.clone();
        let statement = Statement::Insert { table: mapper.table.clone(), columns: columns.clone(), values: columns.iter().map(|_| Expr::Bind(Db::Null)).collect(), returning: Vec::new() };
        let sql = statement.to_string();
        if end - index == 1 {
            session::execute_sql(interp, &sql, prepared[index].2.clone(), None, false, "query")?;
        } else {
            let many = prepared[index..end].iter().map(|p| p.2.clone()).collect();
            session::execute_sql(interp, &sql, Vec::new(), Some(many), true, "query")?;
        }
        total += i64::try_from(end - index).unwrap_or(0);
        index = end;
    }
    Ok(total)
}

/// A value the evaluator computed, or why it could not.
enum Eval {
    Value(Db),
    /// An attribute is not loaded (SQLAlchemy's `_EXPIRED_OBJECT`).
    Expired,
    /// Outside what the evaluator understands.
    Unknown,
}

fn truth(db: &Db) -> Option<bool> {
    match db {
        Db::Null => None,
        Db::Integer(i) => Some(*i != 0),
        Db::Real(f) => Some(*f != 0.0),
        _ => Some(true),
    }
}

fn compare(a: &Db, b: &Db) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Db::Integer(x), Db::Integer(y)) => Some(x.cmp(y)),
        (Db::Integer(x), Db::Real(y)) => (*x as f64).partial_cmp(y),
        (Db::Real(x), Db::Integer(y)) => x.partial_cmp(&(*y as f64)),
        (Db::Real(x), Db::Real(y)) => x.partial_cmp(y),
        (Db::Text(x), Db::Text(y)) => Some(x.cmp(y)),
        (Db::Blob(x), Db::Blob(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn arithmetic(op: &str, a: &Db, b: &Db) -> Option<Db> {
    match (a, b) {
        (Db::Integer(x), Db::Integer(y)) => Some(Db::Integer(match op {
            "+" => x.checked_add(*y)?,
            "-" => x.checked_sub(*y)?,
            "*" => x.checked_mul(*y)?,
            "%" if *y != 0 => x.rem_euclid(*y),
            _ => return None,
        })),
        (Db::Integer(_) | Db::Real(_), Db::Integer(_) | Db::Real(_)) => {
            let f = |v: &Db| if let Db::Integer(i) = v { *i as f64 } else if let Db::Real(r) = v { *r } else { 0.0 };
            let (x, y) = (f(a), f(b));
            Some(Db::Real(match op {
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                "/" if y != 0.0 => x / y,
                _ => return None,
            }))
        }
        _ => None,
    }
}

fn evaluate(mapper: &Mapper, instance: &Instance, expr: &Expr) -> Eval {
    let both = |a: &Expr, b: &Expr| -> Result<(Db, Db), Eval> {
        let left = match evaluate(mapper, instance, a) {
            Eval::Value(v) => v,
            other => return Err(other),
        };
        let right = match evaluate(mapper, instance, b) {
            Eval::Value(v) => v,
            other => return Err(other),
        };
        Ok((left, right))
    };
    let boolean = |b: Option<bool>| Eval::Value(b.map_or(Db::Null, |b| Db::Integer(i64::from(b))));
    match expr {
        Expr::Column { table, name } if *table == mapper.table => match mapper.column_by_name(name) {
            Some(column) => match instance.get(&column.key) {
                Some(value) => to_db(&value, Some(&column.ty)).map_or(Eval::Unknown, Eval::Value),
                None => Eval::Expired,
            },
            None => Eval::Unknown,
        },
        Expr::Bind(db) => Eval::Value(db.clone()),
        Expr::Literal(text) => match text.as_str() {
            "NULL" => Eval::Value(Db::Null),
            "1" | "1 = 1" => Eval::Value(Db::Integer(1)),
            "0" | "0 = 1" => Eval::Value(Db::Integer(0)),
            _ => Eval::Unknown,
        },
        Expr::Grouping(inner) => evaluate(mapper, instance, inner),
        Expr::Binary(a, op, b) => {
            let (left, right) = match both(a, b) {
                Ok(pair) => pair,
                Err(other) => return other,
            };
            match op.as_str() {
                "IS" => boolean(Some(left == right)),
                "IS NOT" => boolean(Some(left != right)),
                _ if left == Db::Null || right == Db::Null => Eval::Value(Db::Null),
                "=" => boolean(compare(&left, &right).map(|o| o.is_eq())),
                "!=" => boolean(compare(&left, &right).map(|o| o.is_ne())),
                "<" => boolean(compare(&left, &right).map(|o| o.is_lt())),
                "<=" => boolean(compare(&left, &right).map(|o| o.is_le())),
                ">" => boolean(compare(&left, &right).map(|o| o.is_gt())),
                ">=" => boolean(compare(&left, &right).map(|o| o.is_ge())),
                "+" | "-" | "*" | "/" | "%" => arithmetic(op, &left, &right).map_or(Eval::Unknown, Eval::Value),
                _ => Eval::Unknown,
            }
        }
        Expr::And(items) | Expr::Or(items) => {
            let is_and = matches!(expr, Expr::And(_));
            let mut result = Some(is_and);
            for item in items {
                match evaluate(mapper, instance, item) {
                    Eval::Value(v) => match (truth(&v), is_and) {
                        (Some(false), true) => return boolean(Some(false)),
                        (Some(true), false) => return boolean(Some(true)),
                        (None, _) => result = None,
                        _ => {}
                    },
                    other => return other,
                }
            }
            boolean(result)
        }
        Expr::Not(inner) => match evaluate(mapper, instance, inner) {
            Eval::Value(v) => boolean(truth(&v).map(|b| !b)),
            other => other,
        },
        Expr::In(left, items, negated) => {
            let value = match evaluate(mapper, instance, left) {
                Eval::Value(v) => v,
                other => return other,
            };
            let mut found = false;
            for item in items {
                match evaluate(mapper, instance, item) {
                    Eval::Value(v) => found |= compare(&value, &v).is_some_and(|o| o.is_eq()),
                    other => return other,
                }
            }
            boolean(Some(found != *negated))
        }
        _ => Eval::Unknown,
    }
}

/// `synchronize_session="auto"` after a bulk UPDATE (`set` given) or DELETE: loaded,
/// not wholly expired objects the criteria match get the new values (or leave the session);
/// what the evaluator cannot compute is expired so the next access reloads it.
pub fn synchronize(interp: &mut Interp<'_>, mapper_index: usize, criteria: &[Expr], set: Option<&[(String, Expr)]>) {
    let mapper = interp.orm.mappers[mapper_index].clone();
    let states: Vec<(Rc<Instance>, bool)> = interp
        .orm
        .session
        .states
        .values()
        .filter(|s| s.mapper == mapper_index && s.status == Status::Persistent)
        .map(|s| (s.instance.clone(), !s.committed.is_empty()))
        .collect();
    for (instance, modified) in states {
        let loaded = mapper.columns.iter().filter(|c| instance.has(&c.key)).count();
        if loaded == 0 {
            continue;
        }
        let condition = criteria.iter().cloned().reduce(|a, b| Expr::And(vec![a, b]));
        let outcome = match &condition {
            None => Eval::Value(Db::Integer(1)),
            Some(c) => evaluate(&mapper, &instance, c),
        };
        let (matched, partial) = match outcome {
            Eval::Value(v) => (truth(&v) == Some(true), false),
            Eval::Expired => (true, true),
            Eval::Unknown => (true, true),
        };
        if !matched {
            continue;
        }
        match set {
            None if partial => session::expire(interp, &instance, mapper_index),
            None => {
                if let Some(state) = interp.orm.session.states.get_mut(&instance.id) {
                    state.status = Status::Deleted;
                }
            }
            Some(set) => {
                for (name, value) in set {
                    let Some(column) = mapper.column_by_name(name) else { continue };
                    let evaluated = match evaluate(&mapper, &instance, value) {
                        Eval::Value(v) if instance.has(&column.key) && !modified => Some(from_db(&v, Some(&column.ty))),
                        _ => None,
                    };
                    match evaluated {
                        Some(v) => instance.set(&column.key, v),
                        None => {
                            instance.remove(&column.key);
                        }
                    }
                }
            }
        }
    }
}
