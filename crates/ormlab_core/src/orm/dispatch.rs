//! The interpreter's door into the ORM: attribute access, calls, operators and printing of
//! ORM values, model classes and model instances.

use super::convert::{raw, to_db};
use super::mapper::{ColType, RelProp};
use super::query;
use super::session::{self, Status};
use super::sql::{Expr, Statement};
use super::value::{Entity, OrmValue, QueryState, Row, Style};
use crate::engine::Value as Db;
use crate::python::interp::{list, tuple, Exc, Interp, R};
use crate::python::object::{ExceptionValue, Instance};
use crate::python::value::{ClassValue, Value};
use ruff_python_ast::{CmpOp, Operator, UnaryOp};
use std::cell::RefCell;
use std::rc::Rc;

type Kwargs = Vec<(String, Value)>;

fn orm(value: OrmValue) -> Value {
    Value::Orm(Rc::new(value))
}

fn expr_value(expr: Expr, ty: Option<ColType>) -> Value {
    orm(OrmValue::Expr(expr, ty))
}

/// The SQL expression (and type) a value stands for, if it is a column-ish ORM value.
fn as_sql(interp: &Interp<'_>, value: &Value) -> Option<(Expr, Option<ColType>)> {
    match value {
        Value::Orm(o) => match &**o {
            OrmValue::Attribute { mapper, key } => {
                let m = &interp.orm.mappers[*mapper];
                let c = m.column(key)?;
                Some((Expr::column(&m.table, &c.name), Some(c.ty.clone())))
            }
            OrmValue::Expr(e, ty) => Some((e.clone(), ty.clone())),
            OrmValue::Negatable(e, _) => Some((e.clone(), Some(ColType::Boolean))),
            OrmValue::TableMeta(super::table::Meta::Column(table, column)) => {
                let ty = interp.orm.schema.table(table).and_then(|t| t.columns.iter().find(|c| c.name == *column)).map(|c| super::mapper::col_type(&c.sql_type));
                Some((Expr::column(table, column), ty))
            }
            _ => None,
        },
        _ => None,
    }
}

/// A Python value as a bound parameter (or inline literal for booleans compared to
/// Boolean columns, as SQLAlchemy renders `= 1` / `= 0`).
fn bind(interp: &Interp<'_>, value: &Value, ty: Option<&ColType>) -> R<Expr> {
    if let Some((expr, _)) = as_sql(interp, value) {
        return Ok(expr);
    }
    match to_db(value, ty) {
        Ok(db) => Ok(Expr::Bind(db)),
        Err(type_name) => interp.unsupported(&format!("comparing a column with a {type_name} value")),
    }
}

/// `left op right` with at least one SQL side.
pub fn compare(interp: &mut Interp<'_>, op: CmpOp, left: &Value, right: &Value) -> R<Option<Value>> {
    // Relationship comparisons: `User.profile == None`.
    if let Value::Orm(o) = left {
        if let OrmValue::Relationship { mapper, key } = &**o {
            return relationship_compare(interp, *mapper, key, op, right).map(Some);
        }
    }
    let Some((left_sql, ty)) = as_sql(interp, left) else {
        if as_sql(interp, right).is_some() {
            let swapped = match op {
                CmpOp::Lt => CmpOp::Gt,
                CmpOp::Gt => CmpOp::Lt,
                CmpOp::LtE => CmpOp::GtE,
                CmpOp::GtE => CmpOp::LtE,
                other => other,
            };
            return compare(interp, swapped, right, left);
        }
        return Ok(None);
    };
    let symbol = match op {
        CmpOp::Eq => "=",
        CmpOp::NotEq => "!=",
        CmpOp::Lt => "<",
        CmpOp::LtE => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtE => ">=",
        _ => return Ok(None),
    };
    let expr = match (op, right) {
        (CmpOp::Eq, Value::None) => Expr::binary(left_sql, "IS", Expr::Literal("NULL".into())),
        (CmpOp::NotEq, Value::None) => Expr::binary(left_sql, "IS NOT", Expr::Literal("NULL".into())),
        (CmpOp::Eq | CmpOp::NotEq, Value::Bool(b)) if ty == Some(ColType::Boolean) => {
            Expr::binary(left_sql, symbol, Expr::Literal(if *b { "1".into() } else { "0".into() }))
        }
        _ => {
            let right_sql = bind(interp, right, compared_type(right, ty.as_ref()))?;
            Expr::binary(left_sql, symbol, right_sql)
        }
    };
    Ok(Some(expr_value(expr, Some(ColType::Boolean))))
}

/// The type a compared literal binds with: SQLAlchemy's `coerce_compared_value` keeps the
/// column's type only when the literal's own type has the same affinity, so an int compared
/// with a Numeric or Float column stays an int (`price > 20` binds 20, not 20.0).
fn compared_type<'t>(value: &Value, ty: Option<&'t ColType>) -> Option<&'t ColType> {
    match (value, ty) {
        (Value::Int(_), Some(ColType::Numeric(_) | ColType::Float)) => None,
        _ => ty,
    }
}

fn relationship_compare(interp: &mut Interp<'_>, mapper: usize, key: &str, op: CmpOp, right: &Value) -> R<Value> {
    let m = interp.orm.mappers[mapper].clone();
    let Some(rel) = m.relationship(key).cloned() else { return interp.unsupported("this relationship comparison") };
    let target = interp.orm.mappers[rel.target].clone();
    match (&rel.kind, right) {
        (crate::schema::model::RelationshipKind::OneToMany, Value::None) => {
            let criteria: Vec<Expr> = rel
                .pairs
                .iter()
                .map(|(fk, local)| Expr::binary(Expr::column(&m.table, local), "=", Expr::column(&target.table, fk)))
                .collect();
            let exists = Expr::Exists(Box::new(super::sql::Select {
                columns: vec![super::sql::SelectColumn { expr: Expr::Literal("1".into()), label: None }],
                from: vec![super::sql::From::Table(target.table.clone())],
                criteria,
                ..Default::default()
            }));
            Ok(expr_value(if op == CmpOp::Eq { Expr::Not(Box::new(exists)) } else { exists }, Some(ColType::Boolean)))
        }
        (crate::schema::model::RelationshipKind::ManyToOne, other) => {
            let mut criteria = Vec::new();
            for (local, remote) in &rel.pairs {
                let column = Expr::column(&m.table, local);
                let null = |column: Expr, op: &str| Expr::binary(column, op, Expr::Literal("NULL".into()));
                match other {
                    Value::None => criteria.push(null(column, if op == CmpOp::Eq { "IS" } else { "IS NOT" })),
                    Value::Instance(instance) => {
                        // The object's key is read as an attribute (an expired object refreshes);
                        // == is the lazy loader's clause, != also matches NULL references.
                        let remote_key = target.column_by_name(remote).map(|c| c.key.clone()).unwrap_or_default();
                        let value = interp.get_attr(&Value::Instance(instance.clone()), &remote_key)?;
                        let bound = Expr::Bind(to_db(&value, None).unwrap_or(Db::Null));
                        criteria.push(if op == CmpOp::Eq {
                            Expr::binary(bound, "=", column)
                        } else {
                            Expr::Or(vec![Expr::binary(column.clone(), "!=", bound), null(column, "IS")])
                        });
                    }
                    _ => return interp.unsupported("this relationship comparison"),
                }
            }
            Ok(expr_value(if criteria.len() == 1 { criteria.remove(0) } else { Expr::And(criteria) }, Some(ColType::Boolean)))
        }
        _ => interp.unsupported("this relationship comparison"),
    }
}

/// Arithmetic and `&`/`|` on SQL expressions.
pub fn binary(interp: &mut Interp<'_>, op: Operator, left: &Value, right: &Value) -> R<Option<Value>> {
    let Some((l, ty)) = as_sql(interp, left).or_else(|| as_sql(interp, right).map(|(_, t)| (Expr::Literal(String::new()), t))) else { return Ok(None) };
    let left_sql = match as_sql(interp, left) {
        Some((e, _)) => e,
        None => bind(interp, left, ty.as_ref())?,
    };
    let _ = l;
    let right_sql = bind(interp, right, ty.as_ref())?;
    // Integer * Numeric is Numeric: SQLAlchemy's expression adaptation takes the other side's type.
    let ty = match (as_sql(interp, right).and_then(|(_, t)| t), &ty) {
        (Some(numeric @ ColType::Numeric(_)), Some(ColType::Integer)) => Some(numeric),
        _ => ty,
    };
    let expr = match op {
        Operator::BitAnd => Expr::And(vec![left_sql, right_sql]),
        Operator::BitOr => Expr::Or(vec![left_sql, right_sql]),
        Operator::Add if ty == Some(ColType::String) => Expr::binary(left_sql, "||", right_sql),
        Operator::Add => Expr::binary(left_sql, "+", right_sql),
        Operator::Sub => Expr::binary(left_sql, "-", right_sql),
        Operator::Mult => Expr::binary(left_sql, "*", right_sql),
        Operator::Div => Expr::binary(left_sql, "/", right_sql),
        Operator::Mod => Expr::binary(left_sql, "%", right_sql),
        _ => return Ok(None),
    };
    Ok(Some(expr_value(expr, ty)))
}

/// `~expr`, `-expr`.
pub fn unary(interp: &mut Interp<'_>, op: UnaryOp, operand: &Value) -> R<Option<Value>> {
    if let (UnaryOp::Invert, Value::Orm(o)) = (op, operand) {
        if let OrmValue::Negatable(_, negated) = &**o {
            return Ok(Some(expr_value(negated.clone(), Some(ColType::Boolean))));
        }
    }
    let Some((expr, ty)) = as_sql(interp, operand) else { return Ok(None) };
    Ok(Some(match op {
        UnaryOp::Invert => negate(expr, ty.as_ref()),
        UnaryOp::USub => expr_value(Expr::Func("-".into(), vec![expr]), ty),
        _ => return Ok(None),
    }))
}

fn negate(expr: Expr, ty: Option<&ColType>) -> Value {
    let negated = match expr {
        Expr::Binary(l, op, r) if op == "=" => Expr::Binary(l, "!=".into(), r),
        Expr::Binary(l, op, r) if op == "!=" => Expr::Binary(l, "=".into(), r),
        Expr::Binary(l, op, r) if op == "IS" => Expr::Binary(l, "IS NOT".into(), r),
        Expr::Binary(l, op, r) if op == "IS NOT" => Expr::Binary(l, "IS".into(), r),
        Expr::In(l, items, negated) => Expr::In(l, items, !negated),
        // SQLAlchemy negates comparison operators into their opposites.
        Expr::Binary(l, op, r) if matches!(op.as_str(), "<" | "<=" | ">" | ">=" | "LIKE" | "NOT LIKE") => {
            let opposite = match op.as_str() {
                "<" => ">=",
                "<=" => ">",
                ">" => "<=",
                ">=" => "<",
                "LIKE" => "NOT LIKE",
                _ => "LIKE",
            };
            Expr::Binary(l, opposite.into(), r)
        }
        Expr::Grouping(inner) if matches!(&*inner, Expr::Binary(_, op, _) if op == "LIKE" || op == "NOT LIKE") => match *inner {
            Expr::Binary(l, op, r) => Expr::Grouping(Box::new(Expr::Binary(l, if op == "LIKE" { "NOT LIKE".into() } else { "LIKE".into() }, r))),
            other => Expr::Not(Box::new(Expr::Grouping(Box::new(other)))),
        },
        column @ Expr::Column { .. } if ty == Some(&ColType::Boolean) => Expr::binary(column, "=", Expr::Literal("0".into())),
        other => Expr::Not(Box::new(other)),
    };
    expr_value(negated, Some(ColType::Boolean))
}

/// Python `==` when an ORM value is involved outside SQL (rows).
pub fn python_eq(interp: &mut Interp<'_>, left: &Value, right: &Value) -> R<bool> {
    match (left, right) {
        (Value::Orm(a), Value::Orm(b)) => match (&**a, &**b) {
            (OrmValue::Row(x), OrmValue::Row(y)) => {
                let (x, y) = (tuple(x.values.clone()), tuple(y.values.clone()));
                interp.eq(&x, &y)
            }
            _ => Ok(Rc::ptr_eq(a, b)),
        },
        (Value::Orm(a), other) | (other, Value::Orm(a)) => match &**a {
            OrmValue::Row(row) => {
                let t = tuple(row.values.clone());
                interp.eq(&t, other)
            }
            _ => Ok(false),
        },
        _ => Ok(false),
    }
}

/// `row[0]`, `row["name"]`.
pub fn subscript(interp: &mut Interp<'_>, container: &Value, key: &Value) -> R<Value> {
    if let Value::Orm(o) = container {
        if let OrmValue::Row(row) = &**o {
            return match key {
                Value::Int(i) => match crate::python::interp::normalize_index(*i, row.values.len()) {
                    Some(at) => Ok(row.values[at].clone()),
                    None => interp.err("IndexError", "tuple index out of range"),
                },
                Value::Str(name) => match row.keys.iter().position(|k| **k == **name) {
                    Some(at) => Ok(row.values[at].clone()),
                    None => interp.err("KeyError", format!("'{name}'")),
                },
                _ => interp.err("TypeError", "tuple indices must be integers or slices"),
            };
        }
        if let OrmValue::Query(q) = &**o {
            if let Value::Int(i) = key {
                let mut state = q.borrow().clone();
                state.offset = Some(*i);
                state.limit = Some(1);
                let rows = query::run(interp, &state)?;
                return match rows.into_iter().next() {
                    Some(row) => Ok(query::row_value(&state, row)),
                    None => interp.err("IndexError", "list index out of range"),
                };
            }
        }
    }
    interp.err("TypeError", format!("'{}' object is not subscriptable", interp.type_name(container)))
}

/// `query[a:b]`.
pub fn slice(interp: &mut Interp<'_>, container: &Value, lower: Option<i64>, upper: Option<i64>) -> R<Value> {
    if let Value::Orm(o) = container {
        if let OrmValue::Query(q) = &**o {
            let mut state = q.borrow().clone();
            let start = lower.unwrap_or(0);
            state.offset = if start > 0 { Some(start) } else { None };
            state.limit = upper.map(|u| (u - start).max(0));
            let rows = query::run(interp, &state)?;
            let items = rows.into_iter().map(|r| query::row_value(&state, r)).collect();
            return Ok(list(items));
        }
    }
    interp.err("TypeError", format!("'{}' object is not subscriptable", interp.type_name(container)))
}

/// Item assignment on ORM values (not supported).
pub fn set_item(interp: &mut Interp<'_>, container: &Value, _key: Value, _value: Value) -> R<()> {
    interp.err("TypeError", format!("'{}' object does not support item assignment", interp.type_name(container)))
}

/// `dict(row._mapping)` and `**row`.
pub fn mapping_items(interp: &mut Interp<'_>, value: &Value) -> R<Vec<(Value, Value)>> {
    if let Value::Orm(o) = value {
        if let OrmValue::Row(row) = &**o {
            return Ok(row.keys.iter().zip(&row.values).map(|(k, v)| (Value::str(k), v.clone())).collect());
        }
    }
    interp.err("TypeError", format!("'{}' object is not a mapping", interp.type_name(value)))
}

/// Iterating an ORM value.
pub fn iterate(interp: &mut Interp<'_>, value: &Value) -> R<Vec<Value>> {
    let Value::Orm(o) = value else { return Ok(Vec::new()) };
    match &**o {
        OrmValue::Query(q) => {
            let state = q.borrow().clone();
            let rows = query::run(interp, &state)?;
            Ok(rows.into_iter().map(|r| query::row_value(&state, r)).collect())
        }
        OrmValue::Result(rows, scalars) => {
            let taken = std::mem::take(&mut *rows.borrow_mut());
            Ok(taken.into_iter().map(|r| result_item(r, *scalars)).collect())
        }
        OrmValue::Row(row) => Ok(row.values.clone()),
        OrmValue::NeedsUnique(..) => unique_required(interp),
        OrmValue::Pagination(page) => Ok(page.items.clone()),
        OrmValue::KeyView(keys) => Ok(keys.iter().map(|k| Value::str(k)).collect()),
        OrmValue::IdentitySet(items) => Ok(items.clone()),
        // Iterating the session: every object in it (pending and in the identity map).
        OrmValue::Session => Ok(interp.orm.session.states.values().filter(|s| s.status != Status::Deleted && !s.collectable()).map(|s| Value::Instance(s.instance.clone())).collect()),
        OrmValue::TableMeta(meta) => super::table::iterate(interp, meta),
        other => interp.err("TypeError", format!("'{}' object is not iterable", other.type_name())),
    }
}

/// SQLAlchemy's refusal to hand out rows of joined eager collections un-uniqued.
fn unique_required<T>(interp: &Interp<'_>) -> R<T> {
    interp.err(
        "InvalidRequestError",
        "The unique() method must be invoked on this Result, as it contains results that include joined eager loads against collections",
    )
}

fn result_item(row: Row, scalars: bool) -> Value {
    if scalars {
        row.values.into_iter().next().unwrap_or(Value::None)
    } else {
        orm(OrmValue::Row(row))
    }
}

/// Truthiness of ORM values.
pub fn truthy(interp: &mut Interp<'_>, value: &Value) -> R<bool> {
    let Value::Orm(o) = value else { return Ok(true) };
    match &**o {
        OrmValue::Row(row) => Ok(!row.values.is_empty()),
        OrmValue::Expr(..) | OrmValue::Attribute { .. } => interp.err("TypeError", "Boolean value of this clause is not defined"),
        _ => Ok(true),
    }
}

/// `len()` of ORM values.
pub fn len(interp: &mut Interp<'_>, value: &Value) -> R<Value> {
    let Value::Orm(o) = value else { return Ok(Value::Int(0)) };
    match &**o {
        OrmValue::Row(row) => Ok(Value::Int(i64::try_from(row.values.len()).unwrap_or(0))),
        OrmValue::KeyView(keys) => Ok(Value::Int(i64::try_from(keys.len()).unwrap_or(0))),
        OrmValue::IdentitySet(items) => Ok(Value::Int(i64::try_from(items.len()).unwrap_or(0))),
        other => interp.err("TypeError", format!("object of type '{}' has no len()", other.type_name())),
    }
}

/// `with` on ORM values: `db.session.no_autoflush`, `db.session.begin()`.
pub fn enter_context(interp: &mut Interp<'_>, manager: &Value) -> R<Value> {
    if let Value::Orm(o) = manager {
        match &**o {
            OrmValue::NoAutoflush => {
                interp.orm.session.no_autoflush += 1;
                return Ok(orm(OrmValue::Session));
            }
            OrmValue::Transaction(_) => return Ok(manager.clone()),
            _ => {}
        }
    }
    interp.unsupported(&format!("`with` on a {} value", interp.type_name(manager)))
}

/// Leaving a `with` block; returns whether the exception is suppressed.
pub fn exit_context(interp: &mut Interp<'_>, manager: &Value, error: Option<&Rc<ExceptionValue>>) -> R<bool> {
    if let Value::Orm(o) = manager {
        match &**o {
            OrmValue::NoAutoflush => {
                interp.orm.session.no_autoflush = interp.orm.session.no_autoflush.saturating_sub(1);
                return Ok(false);
            }
            OrmValue::Transaction(nested) => {
                if *nested {
                    match error {
                        None => session::release_savepoint(interp)?,
                        Some(_) => session::rollback_savepoint(interp)?,
                    }
                } else {
                    match error {
                        None => {
                            // A failed commit rolls the whole transaction back, then re-raises.
                            if let Err(failure) = session::commit(interp) {
                                session::rollback(interp);
                                return Err(failure);
                            }
                        }
                        Some(_) => session::rollback(interp),
                    }
                }
                return Ok(false);
            }
            _ => {}
        }
    }
    Ok(false)
}

/// `Model(...)`: Flask-SQLAlchemy's default constructor (keyword arguments only, each set
/// through the attribute, so validators and relationships apply).
pub fn construct(interp: &mut Interp<'_>, class: &Rc<ClassValue>, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    let Some(mapper) = interp.orm.mapper_index(&class.name) else {
        return interp.unsupported(&format!("creating {} objects (the class is not mapped)", class.name));
    };
    let instance = interp.new_instance(class.clone());
    let object = Value::Instance(instance.clone());
    if let Some(init) = class.lookup("__init__") {
        let mut all = vec![object.clone()];
        all.extend(args);
        interp.call_value(&init, all, kwargs)?;
        return Ok(object);
    }
    if !args.is_empty() {
        return interp.err("TypeError", "__init__() takes 1 positional argument but 2 were given".to_string());
    }
    let m = interp.orm.mappers[mapper].clone();
    for (key, value) in kwargs {
        let known = m.column(&key).is_some() || m.relationship(&key).is_some() || class.lookup(&key).is_some();
        if !known {
            return interp.err("TypeError", format!("'{key}' is an invalid keyword argument for {}", class.name));
        }
        interp.set_attr(&object, &key, value)?;
    }
    Ok(object)
}

/// `instance.name` for mapped attributes: loads expired columns, lazy-loads relationships.
pub fn instance_attr(interp: &mut Interp<'_>, instance: &Rc<Instance>, name: &str) -> R<Option<Value>> {
    let Some(mapper_index) = interp.orm.mapper_of(instance) else { return Ok(None) };
    let mapper = interp.orm.mappers[mapper_index].clone();
    if mapper.column(name).is_some() {
        if let Some(value) = instance.get(name) {
            return Ok(Some(value));
        }
        let persistent = interp.orm.state(instance).is_some_and(|s| s.status == Status::Persistent || s.status == Status::Deleted);
        if persistent {
            if session::load_deferred(interp, instance, name)? {
                return Ok(Some(instance.get(name).unwrap_or(Value::None)));
            }
            session::refresh(interp, instance, "refresh after commit")?;
            return Ok(Some(instance.get(name).unwrap_or(Value::None)));
        }
        if interp.orm.state(instance).is_none() && interp.orm.session.detached.contains_key(&instance.id) {
            return interp.err(
                "DetachedInstanceError",
                format!("Instance <{} at 0x7f0000000000> is not bound to a Session; attribute refresh operation cannot proceed (Background on this error at: https://sqlalche.me/e/20/bhk3)", mapper.name()),
            );
        }
        return Ok(Some(Value::None));
    }
    if let Some(rel) = mapper.relationship(name).cloned() {
        let value = relationship_attr(interp, instance, mapper_index, &rel)?;
        if rel.uselist {
            super::backref::register(interp, instance, name, &value);
        }
        return Ok(Some(value));
    }
    if name == "query" {
        return Ok(Some(orm(OrmValue::Query(RefCell::new(QueryState::new(Style::Legacy, vec![Entity::Mapper(mapper_index)]))))));
    }
    Ok(None)
}

/// A relationship's value on `instance`: the loaded one, or loaded now by its strategy.
fn relationship_attr(interp: &mut Interp<'_>, instance: &Rc<Instance>, mapper_index: usize, rel: &RelProp) -> R<Value> {
    let mapper = interp.orm.mappers[mapper_index].clone();
    let name = rel.key.as_str();
    {
        let relationship = format!("{}.{}", mapper.name(), rel.key);
        if !interp.orm.accessed.contains(&relationship) {
            interp.orm.accessed.push(relationship);
        }
        if let Some(value) = instance.get(name) {
            return Ok(value);
        }
        let persistent = interp.orm.state(instance).is_some_and(|s| s.status == Status::Persistent);
        if persistent {
            use super::loading::Strategy;
            let strategy = super::loading::access_strategy(interp, instance, rel);
            let raise = |interp: &Interp<'_>, lazy: &str| interp.err("InvalidRequestError", format!("'{}.{}' is not available due to lazy='{lazy}'", mapper.name(), rel.key));
            return match strategy {
                Strategy::Raise => raise(interp, "raise"),
                Strategy::RaiseOnSql => match session::identity_hit(interp, instance, mapper_index, rel) {
                    Some(found) => {
                        instance.set(name, found.clone());
                        Ok(found)
                    }
                    None => raise(interp, "raise_on_sql"),
                },
                Strategy::Noload => {
                    let empty = if rel.uselist { list(Vec::new()) } else { Value::None };
                    instance.set(name, empty.clone());
                    Ok(empty)
                }
                Strategy::Dynamic => super::dynamic::appender(interp, instance, mapper_index, rel),
                _ => session::lazy_load(interp, instance, mapper_index, rel, true),
            };
        }
        // A new object's collection starts empty and is kept (appends must stay); a reference
        // reads as None without being set, so it cannot later overwrite a foreign key that a
        // parent's collection gives it at flush.
        if !rel.uselist {
            return Ok(Value::None);
        }
        let empty = list(Vec::new());
        instance.set(name, empty.clone());
        Ok(empty)
    }
}

/// `instance.name = value` for mapped attributes; false when `name` is not mapped.
pub fn set_instance_attr(interp: &mut Interp<'_>, instance: &Rc<Instance>, name: &str, value: Value) -> R<bool> {
    let Some(mapper_index) = interp.orm.mapper_of(instance) else { return Ok(false) };
    let mapper = interp.orm.mappers[mapper_index].clone();
    let mut value = value;
    if let Some((_, validator)) = mapper.validators.iter().find(|(key, _)| key == name) {
        let function = Value::Function(Rc::new(validator.clone()));
        value = interp.call_value(&function, vec![Value::Instance(instance.clone()), Value::str(name), value], Vec::new())?;
    }
    if mapper.column(name).is_some() {
        session::set_column(interp, instance, name, value);
        return Ok(true);
    }
    if let Some(rel) = mapper.relationship(name).cloned() {
        if rel.uselist {
            super::backref::assign_collection(interp, instance, mapper_index, &rel, &value)?;
            return Ok(true);
        }
        super::backref::set_scalar(interp, instance, mapper_index, &rel, value.clone(), None)?;
        // Forward save-update cascade: assigning to an object in the session adds the target.
        if interp.orm.state(instance).is_some() {
            for related in session::related_instances(&value) {
                if interp.orm.state(&related).is_none() {
                    session::add(interp, &related)?;
                }
            }
        }
        return Ok(true);
    }
    Ok(false)
}

/// `Model.attr` for mapped classes.
pub fn class_attr(interp: &mut Interp<'_>, class: &Rc<ClassValue>, name: &str) -> R<Option<Value>> {
    let Some(mapper_index) = interp.orm.mapper_index(&class.name) else { return Ok(None) };
    let mapper = interp.orm.mappers[mapper_index].clone();
    if mapper.column(name).is_some() {
        return Ok(Some(orm(OrmValue::Attribute { mapper: mapper_index, key: name.to_string() })));
    }
    if mapper.relationship(name).is_some() {
        return Ok(Some(orm(OrmValue::Relationship { mapper: mapper_index, key: name.to_string() })));
    }
    if name == "query" {
        return Ok(Some(orm(OrmValue::Query(RefCell::new(QueryState::new(Style::Legacy, vec![Entity::Mapper(mapper_index)]))))));
    }
    if name == "__tablename__" {
        return Ok(Some(Value::str(&mapper.table)));
    }
    if name == "__table__" {
        return Ok(Some(super::table::table(&mapper.table)));
    }
    Ok(None)
}

/// Flask-SQLAlchemy's default `__repr__`: `<User 1>`, `<User (transient 1234)>`.
pub fn default_model_repr(interp: &mut Interp<'_>, instance: &Rc<Instance>) -> R<String> {
    let name = instance.class.name.clone();
    let ident = match interp.orm.state(instance) {
        None => format!("(transient {})", 140_000_000_000u64 + instance.id * 16),
        Some(state) if state.status == Status::Pending => format!("(pending {})", 140_000_000_000u64 + instance.id * 16),
        Some(state) => {
            let parts: Vec<String> = state.key.clone().unwrap_or_default().iter().map(|k| raw(k).clone_text()).collect();
            parts.join(", ")
        }
    };
    Ok(format!("<{name} {ident}>"))
}

trait CloneText {
    fn clone_text(&self) -> String;
}

impl CloneText for Value {
    fn clone_text(&self) -> String {
        match self {
            Value::Int(i) => i.to_string(),
            Value::Str(s) => s.to_string(),
            Value::Float(f) => crate::python::num::float_repr(*f),
            Value::None => "None".into(),
            other => other.type_name().to_string(),
        }
    }
}

/// `repr()` of ORM values.
pub fn repr(interp: &mut Interp<'_>, value: &Value) -> R<String> {
    match value {
        Value::Db => Ok("<SQLAlchemy sqlite://>".into()),
        Value::Orm(o) => match &**o {
            OrmValue::Row(row) => {
                let t = tuple(row.values.clone());
                interp.repr(&t)
            }
            OrmValue::IdentitySet(items) => {
                let items = list(items.clone());
                Ok(format!("IdentitySet({})", interp.repr(&items)?))
            }
            OrmValue::KeyView(keys) => {
                let names = list(keys.iter().map(|k| Value::str(k)).collect());
                Ok(format!("RMKeyView({})", interp.repr(&names)?))
            }
            OrmValue::Attribute { mapper, key } => Ok(format!("<sqlalchemy.orm.attributes.InstrumentedAttribute object at 0x7f0000000000>{}", {
                let _ = (mapper, key);
                ""
            })),
            OrmValue::Expr(e, _) => Ok(format!("<sqlalchemy.sql.elements.BinaryExpression object at 0x7f0000000000>{}", {
                let _ = e;
                ""
            })),
            other => Ok(format!("<{} object at 0x7f0000000000>", other.type_name())),
        },
        _ => Ok(String::new()),
    }
}

/// `str()` of ORM values: a query or select prints its SQL.
pub fn to_str(interp: &mut Interp<'_>, value: &Value) -> R<String> {
    if let Value::Orm(o) = value {
        match &**o {
            OrmValue::Query(q) => {
                let state = q.borrow().clone();
                let select = query::to_select(interp, &state);
                // A legacy Query compiles with the session's SQLite dialect (`?`); a 2.0
                // select has no dialect and prints named binds.
                if state.style == Style::Modern {
                    return Ok(super::sql::display_named(&Statement::Select(select)));
                }
                return Ok(Statement::Select(select).to_string());
            }
            OrmValue::Expr(e, _) => return Ok(super::sql::display_expr_named(e)),
            OrmValue::Attribute { mapper, key } => {
                let m = &interp.orm.mappers[*mapper];
                return Ok(format!("{}.{}", m.name(), key));
            }
            OrmValue::Text(t) | OrmValue::BoundText(t, _) => return Ok(t.clone()),
            OrmValue::TableMeta(meta) => {
                if let Some(text) = super::table::to_str(meta) {
                    return Ok(text);
                }
            }
            _ => {}
        }
    }
    repr(interp, value)
}

/// `db.X` and `sqlalchemy.X` attribute lookups that are ORM objects.
pub fn library_attr(interp: &mut Interp<'_>, path: &str, name: &str) -> R<Option<Value>> {
    let _ = interp;
    if path == "flask_sqlalchemy.db.session" {
        return Ok(Some(get_session_attr(name)));
    }
    Ok(None)
}

fn get_session_attr(name: &str) -> Value {
    match name {
        "no_autoflush" => orm(OrmValue::NoAutoflush),
        _ => Value::Method(Rc::new(crate::python::object::Method { receiver: orm(OrmValue::Session), name: Rc::from(name), function: None })),
    }
}

/// `obj.name` for ORM values and `db`.
pub fn get_attr(interp: &mut Interp<'_>, object: &Value, name: &str) -> R<Value> {
    let method = |object: &Value| Ok(Value::Method(Rc::new(crate::python::object::Method { receiver: object.clone(), name: Rc::from(name), function: None })));
    match object {
        Value::Db => match name {
            "session" => Ok(orm(OrmValue::Session)),
            "Model" => Ok(Value::Library(Rc::from(crate::python::value::DB_MODEL))),
            _ => Ok(crate::python::library::db_attribute(name)),
        },
        Value::Orm(o) => match &**o {
            OrmValue::Session => match name {
                "no_autoflush" => Ok(orm(OrmValue::NoAutoflush)),
                "autoflush" => Ok(Value::Bool(!interp.orm.session.autoflush_disabled)),
                "new" => {
                    let items: Vec<Value> = interp.orm.session.states.values().filter(|s| s.status == Status::Pending).map(|s| Value::Instance(s.instance.clone())).collect();
                    Ok(orm(OrmValue::IdentitySet(items)))
                }
                "dirty" => {
                    let items: Vec<Value> = interp.orm.session.states.values().filter(|s| !s.committed.is_empty() && !s.to_delete).map(|s| Value::Instance(s.instance.clone())).collect();
                    Ok(orm(OrmValue::IdentitySet(items)))
                }
                "deleted" => {
                    let items: Vec<Value> = interp.orm.session.states.values().filter(|s| s.to_delete).map(|s| Value::Instance(s.instance.clone())).collect();
                    Ok(orm(OrmValue::IdentitySet(items)))
                }
                _ => method(object),
            },
            OrmValue::Cursor(rowcount) if name == "rowcount" => Ok(Value::Int(*rowcount)),
            OrmValue::TableMeta(meta) if !matches!((meta, name), (super::table::Meta::Columns(_), "keys" | "values")) => super::table::attr(interp, meta, name),
            OrmValue::Pagination(page) => match super::paginate::attr(page, name) {
                Some(value) => Ok(value),
                None => method(object),
            },
            OrmValue::Row(row) => match row.keys.iter().position(|k| k == name) {
                Some(at) => Ok(row.values[at].clone()),
                None if name == "_mapping" => Ok(object.clone()),
                None if name == "_fields" => Ok(tuple(row.keys.iter().map(|k| Value::str(k)).collect())),
                None if name == "_asdict" || name == "_tuple" => method(object),
                None => interp.err("AttributeError", format!("Could not locate column in row for column '{name}'")),
            },
            _ => method(object),
        },
        _ => interp.err("AttributeError", name.to_string()),
    }
}

/// `obj.name = value` for ORM values.
pub fn set_attr(interp: &mut Interp<'_>, object: &Value, name: &str, value: Value) -> R<()> {
    if let Value::Orm(o) = object {
        if let (OrmValue::Session, "autoflush") = (&**o, name) {
            interp.orm.session.autoflush_disabled = !value.truthy();
            return Ok(());
        }
    }
    interp.unsupported(&format!("setting {name} on a {}", interp.type_name(object)))
}

/// Calling an ORM value directly.
pub fn call(interp: &mut Interp<'_>, callee: &Value, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    let _ = (args, kwargs);
    interp.err("TypeError", format!("'{}' object is not callable", interp.type_name(callee)))
}

fn entity_of(interp: &mut Interp<'_>, value: &Value) -> R<Entity> {
    match value {
        Value::Class(class) => match interp.orm.mapper_index(&class.name) {
            Some(index) => Ok(Entity::Mapper(index)),
            None => interp.err("ArgumentError", format!("Column expression, FROM clause, or other columns clause element expected, got <class '{}'>.", class.name)),
        },
        Value::Orm(o) => match &**o {
            OrmValue::Attribute { mapper, key } => {
                let m = &interp.orm.mappers[*mapper];
                let Some(c) = m.column(key) else { return interp.unsupported("this column") };
                Ok(Entity::Column(Expr::column(&m.table, &c.name), Some(c.ty.clone()), key.clone()))
            }
            OrmValue::Expr(e, ty) => {
                let key = match e {
                    Expr::Label(_, name) => name.clone(),
                    Expr::Func(name, _) => name.clone(),
                    Expr::Cast(inner, _) => match &**inner {
                        Expr::Column { name, .. } => name.clone(),
                        _ => "anon_1".into(),
                    },
                    _ => "anon_1".into(),
                };
                Ok(Entity::Column(e.clone(), ty.clone(), key))
            }
            OrmValue::TableMeta(super::table::Meta::Column(_, column)) => {
                let column = column.clone();
                let Some((expr, ty)) = as_sql(interp, value) else { return interp.unsupported("selecting this column") };
                Ok(Entity::Column(expr, ty, column))
            }
            _ => interp.unsupported("selecting this value"),
        },
        _ => interp.unsupported(&format!("selecting a {} value", interp.type_name(value))),
    }
}

fn criterion(interp: &mut Interp<'_>, value: &Value) -> R<Expr> {
    match as_sql(interp, value) {
        Some((Expr::Column { table, name }, Some(ColType::Boolean))) => Ok(Expr::binary(Expr::Column { table, name }, "=", Expr::Literal("1".into()))),
        Some((expr, _)) => Ok(expr),
        None => match value {
            Value::Bool(true) => Ok(Expr::Literal("1 = 1".into())),
            Value::Bool(false) => Ok(Expr::Literal("0 = 1".into())),
            Value::Orm(o) if matches!(&**o, OrmValue::Text(_)) => {
                let OrmValue::Text(t) = &**o else { return interp.unsupported("this criterion") };
                Ok(Expr::Literal(t.clone()))
            }
            other => {
                let text = interp.repr(other)?;
                interp.err("ArgumentError", format!("SQL expression for WHERE/HAVING role expected, got {text}."))
            }
        },
    }
}

fn ordering(interp: &mut Interp<'_>, value: &Value) -> R<Expr> {
    match as_sql(interp, value) {
        Some((expr, _)) => Ok(expr),
        None => match value {
            Value::Str(name) if !name.contains(char::is_whitespace) => Ok(Expr::Literal(crate::schema::naming::quote(name))),
            Value::Str(name) => Ok(Expr::Literal(name.to_string())),
            Value::Orm(o) => match &**o {
                OrmValue::Text(t) => Ok(Expr::Literal(t.clone())),
                _ => interp.unsupported("this ORDER BY"),
            },
            _ => interp.unsupported("this ORDER BY"),
        },
    }
}

fn int_arg(interp: &Interp<'_>, value: Option<&Value>) -> R<Option<i64>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(other) => interp.err("ArgumentError", format!("Query.limit() argument must be an integer, not {}", interp.type_name(other))),
    }
}

/// Calls a library name of SQLAlchemy / Flask-SQLAlchemy.
pub fn call_library(interp: &mut Interp<'_>, name: &str, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    match name {
        "sqlalchemy.select" => {
            let mut entities = Vec::new();
            for arg in &args {
                entities.push(entity_of(interp, arg)?);
            }
            Ok(orm(OrmValue::Query(RefCell::new(QueryState::new(Style::Modern, entities)))))
        }
        "sqlalchemy.text" => match args.first() {
            Some(Value::Str(t)) => Ok(orm(OrmValue::Text(t.to_string()))),
            _ => interp.err("ArgumentError", "text() expects a string"),
        },
        "sqlalchemy.or_" | "sqlalchemy.and_" => {
            let mut items = Vec::new();
            for arg in &args {
                items.push(criterion(interp, arg)?);
            }
            let expr = if items.len() == 1 {
                items.remove(0)
            } else if name == "sqlalchemy.or_" {
                Expr::Or(items)
            } else {
                Expr::And(items)
            };
            Ok(expr_value(expr, Some(ColType::Boolean)))
        }
        "sqlalchemy.not_" => {
            let Some(arg) = args.first() else { return interp.err("TypeError", "not_() missing argument") };
            let (expr, ty) = match as_sql(interp, arg) {
                Some(found) => found,
                None => return interp.unsupported("not_() of this value"),
            };
            Ok(negate(expr, ty.as_ref()))
        }
        "sqlalchemy.desc" | "sqlalchemy.asc" => {
            let Some(arg) = args.first() else { return interp.err("TypeError", "missing argument") };
            let expr = ordering(interp, arg)?;
            Ok(expr_value(if name == "sqlalchemy.desc" { Expr::Desc(Box::new(expr)) } else { Expr::Asc(Box::new(expr)) }, None))
        }
        _ if name.starts_with("sqlalchemy.orm.") && (super::loading::Strategy::from_option(name).is_some() || name.ends_with("defer") || name.ends_with("load_only")) => {
            super::loading::make_option(interp, name, &args, &kwargs, &[])
        }
        "sqlalchemy.insert" | "sqlalchemy.update" | "sqlalchemy.delete" => {
            let kind = match name {
                "sqlalchemy.insert" => super::dml::Kind::Insert,
                "sqlalchemy.update" => super::dml::Kind::Update,
                _ => super::dml::Kind::Delete,
            };
            match args.first() {
                Some(Value::Class(class)) => match interp.orm.mapper_index(&class.name) {
                    Some(mapper) => Ok(super::dml::new(kind, mapper)),
                    None => interp.unsupported(&format!("{}() of an unmapped class", name.trim_start_matches("sqlalchemy."))),
                },
                _ => interp.unsupported(&format!("{}() of this value (a mapped class is supported)", name.trim_start_matches("sqlalchemy."))),
            }
        }
        "flask_sqlalchemy.db.paginate" => match args.first() {
            Some(Value::Orm(o)) if matches!(&**o, OrmValue::Query(_)) => {
                let OrmValue::Query(q) = &**o else { return interp.unsupported("paginate() of this value") };
                let state = q.borrow().clone();
                super::paginate::paginate(interp, state, &args[1..], &kwargs)
            }
            _ => interp.unsupported("db.paginate() of this value"),
        },
        "flask_sqlalchemy.db.get_or_404" => {
            let found = session_method(interp, "get", args, Vec::new())?;
            match found {
                Value::None => super::paginate::not_found(interp),
                found => Ok(found),
            }
        }
        "flask_sqlalchemy.db.first_or_404" | "flask_sqlalchemy.db.one_or_404" => {
            let Some(statement) = args.first() else { return interp.err("TypeError", "missing statement") };
            let rows = execute_statement(interp, statement, None)?;
            let result = RefCell::new(rows);
            if name.ends_with("first_or_404") {
                match result_method(interp, &result, false, "scalar")? {
                    Value::None => super::paginate::not_found(interp),
                    found => Ok(found),
                }
            } else {
                match result_method(interp, &result, false, "scalar_one") {
                    Err(Exc::Raise(e)) if matches!(&*e.kind, "NoResultFound" | "MultipleResultsFound") => super::paginate::not_found(interp),
                    other => other,
                }
            }
        }
        "sqlalchemy.exists" if args.is_empty() => {
            let select = super::sql::Select { columns: vec![super::sql::SelectColumn { expr: Expr::Star, label: None }], ..Default::default() };
            Ok(expr_value(Expr::Exists(Box::new(select)), Some(ColType::Boolean)))
        }
        "sqlalchemy.case" => {
            let mut whens = Vec::new();
            for arg in &args {
                let pair = interp.iterate(arg)?;
                let [condition, value] = pair.as_slice() else { return interp.err("ArgumentError", "case() takes (condition, value) tuples") };
                let condition = criterion(interp, condition)?;
                let value = bind(interp, value, None)?;
                whens.push((condition, value));
            }
            let otherwise = match kwargs.iter().find(|(k, _)| k == "else_") {
                Some((_, v)) => Some(Box::new(bind(interp, v, None)?)),
                None => None,
            };
            Ok(expr_value(Expr::Case(whens, otherwise), None))
        }
        "sqlalchemy.cast" => {
            let (Some(value), Some(target)) = (args.first(), args.get(1)) else { return interp.err("TypeError", "cast() takes an expression and a type") };
            let Some((expr, _)) = as_sql(interp, value) else { return interp.unsupported("cast() of this value") };
            let (ddl, ty) = match target {
                Value::Library(path) => match path.rsplit('.').next().unwrap_or("") {
                    "String" | "Unicode" => ("VARCHAR", ColType::String),
                    "Text" => ("TEXT", ColType::String),
                    "Integer" => ("INTEGER", ColType::Integer),
                    "Float" => ("FLOAT", ColType::Float),
                    "Numeric" => ("NUMERIC", ColType::Numeric(None)),
                    "Boolean" => ("BOOLEAN", ColType::Boolean),
                    "Date" => ("DATE", ColType::Date),
                    "DateTime" => ("DATETIME", ColType::DateTime),
                    other => return interp.unsupported(&format!("cast() to {other}")),
                },
                _ => return interp.unsupported("cast() to this type"),
            };
            Ok(expr_value(Expr::Cast(Box::new(expr), ddl.to_string()), Some(ty)))
        }
        _ if name.starts_with("sqlalchemy.func.") => {
            let function = name.trim_start_matches("sqlalchemy.func.");
            let mut sql_args = Vec::new();
            let mut ty = None;
            for arg in &args {
                match as_sql(interp, arg) {
                    Some((e, t)) => {
                        ty = ty.or(t);
                        sql_args.push(e);
                    }
                    None => sql_args.push(bind(interp, arg, None)?),
                }
            }
            if function == "count" && sql_args.is_empty() {
                sql_args.push(Expr::Star);
            }
            let result_ty = match function {
                "count" | "length" => Some(ColType::Integer),
                "avg" => Some(ColType::Float),
                "lower" | "upper" => Some(ColType::String),
                _ => ty,
            };
            Ok(expr_value(Expr::Func(function.to_string(), sql_args), result_ty))
        }
        _ => {
            let short = name.rsplit('.').next().unwrap_or(name);
            if crate::python::object::is_exception_name(short) {
                return crate::python::interp::make_exception_value(interp, short, args);
            }
            let _ = kwargs;
            interp.unsupported(&format!("{}()", name.trim_start_matches("flask_sqlalchemy.db.")))
        }
    }
}

fn session_method(interp: &mut Interp<'_>, name: &str, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    interp.orm.session.mutated();
    let arg0 = args.first().cloned();
    match name {
        "add" => {
            let Some(Value::Instance(instance)) = arg0 else {
                // SQLAlchemy names the class with its module: `builtins.str`.
                let text = match &arg0 {
                    Some(v) => interp.type_name(v),
                    None => "NoneType".into(),
                };
                return interp.err("UnmappedInstanceError", format!("Class 'builtins.{text}' is not mapped"));
            };
            session::add(interp, &instance)?;
            Ok(Value::None)
        }
        "add_all" => {
            let items = match &arg0 {
                Some(v) => interp.iterate(v)?,
                None => Vec::new(),
            };
            for item in items {
                match item {
                    Value::Instance(instance) => session::add(interp, &instance)?,
                    other => return interp.err("UnmappedInstanceError", format!("Class 'builtins.{}' is not mapped", interp.type_name(&other))),
                }
            }
            Ok(Value::None)
        }
        "commit" => {
            session::commit(interp)?;
            Ok(Value::None)
        }
        "flush" => {
            session::flush(interp)?;
            Ok(Value::None)
        }
        "rollback" | "close" | "remove" => {
            session::rollback(interp);
            if name != "rollback" {
                let states: Vec<session::State> = std::mem::take(&mut interp.orm.session.states).into_values().collect();
                for state in &states {
                    session::detach(interp, state);
                }
            }
            Ok(Value::None)
        }
        "delete" => {
            let Some(Value::Instance(instance)) = arg0 else { return interp.err("UnmappedInstanceError", "Class is not mapped") };
            match interp.orm.session.states.get_mut(&instance.id) {
                Some(state) if state.status == Status::Persistent => state.to_delete = true,
                Some(_) => {
                    interp.orm.session.states.remove(&instance.id);
                }
                None => return interp.err("InvalidRequestError", format!("Instance '<{} at 0x7f0000000000>' is not persisted", instance.class.name)),
            }
            Ok(Value::None)
        }
        "get" => {
            let (Some(Value::Class(class)), Some(ident)) = (args.first(), args.get(1)) else {
                return interp.err("TypeError", "get() missing required positional arguments");
            };
            let Some(mapper) = interp.orm.mapper_index(&class.name) else { return interp.unsupported("get() of an unmapped class") };
            query::get(interp, mapper, ident)
        }
        "query" => {
            let mut entities = Vec::new();
            for arg in &args {
                entities.push(entity_of(interp, arg)?);
            }
            Ok(orm(OrmValue::Query(RefCell::new(QueryState::new(Style::Legacy, entities)))))
        }
        "execute" | "scalars" | "scalar" => {
            let Some(statement) = arg0 else { return interp.err("TypeError", "execute() missing statement") };
            if let Value::Orm(o) = &statement {
                if let OrmValue::Dml(dml) = &**o {
                    let rowcount = super::dml::execute(interp, dml, args.get(1), &mut |interp, value, column| bind(interp, value, Some(&column.ty)))?;
                    return Ok(orm(OrmValue::Cursor(rowcount)));
                }
            }
            // A 2.0 select with joined eager collections must be uniqued before rows are read.
            let (rows, needs_unique) = match &statement {
                Value::Orm(o) if matches!(&**o, OrmValue::Query(_)) => {
                    let OrmValue::Query(q) = &**o else { unreachable!() };
                    let state = q.borrow().clone();
                    query::run_loading(interp, &state)?
                }
                _ => (execute_statement(interp, &statement, args.get(1))?, false),
            };
            match name {
                "execute" | "scalars" if needs_unique => Ok(orm(OrmValue::NeedsUnique(RefCell::new(rows), name == "scalars"))),
                "execute" => Ok(orm(OrmValue::Result(RefCell::new(rows), false))),
                "scalars" => Ok(orm(OrmValue::Result(RefCell::new(rows), true))),
                _ => Ok(rows.into_iter().next().and_then(|r| r.values.into_iter().next()).unwrap_or(Value::None)),
            }
        }
        "refresh" => {
            let Some(Value::Instance(instance)) = arg0 else { return interp.err("UnmappedInstanceError", "Class is not mapped") };
            if let Some(mapper) = interp.orm.mapper_of(&instance) {
                session::expire(interp, &instance, mapper);
                session::refresh_with(interp, &instance, "refresh", false)?;
            }
            Ok(Value::None)
        }
        "expire" => {
            let Some(Value::Instance(instance)) = arg0 else { return interp.err("UnmappedInstanceError", "Class is not mapped") };
            if let Some(mapper) = interp.orm.mapper_of(&instance) {
                session::expire(interp, &instance, mapper);
            }
            Ok(Value::None)
        }
        "is_modified" => {
            let Some(Value::Instance(instance)) = arg0 else { return interp.err("UnmappedInstanceError", "Class is not mapped") };
            Ok(Value::Bool(interp.orm.state(&instance).is_some_and(|s| !s.committed.is_empty())))
        }
        "expire_all" => {
            session::expire_all(interp);
            Ok(Value::None)
        }
        "expunge" => {
            if let Some(Value::Instance(instance)) = arg0 {
                if let Some(state) = interp.orm.session.states.remove(&instance.id) {
                    session::detach(interp, &state);
                }
            }
            Ok(Value::None)
        }
        "expunge_all" => {
            let states: Vec<session::State> = std::mem::take(&mut interp.orm.session.states).into_values().collect();
            for state in &states {
                session::detach(interp, state);
            }
            Ok(Value::None)
        }
        "merge" => {
            let Some(Value::Instance(instance)) = arg0 else { return interp.err("UnmappedInstanceError", "Class is not mapped") };
            session::merge(interp, &instance).map(Value::Instance)
        }
        "begin" => {
            if interp.orm.session.transaction_begun {
                return interp.err("InvalidRequestError", "A transaction is already begun on this Session.");
            }
            interp.orm.session.transaction_begun = true;
            Ok(orm(OrmValue::Transaction(false)))
        }
        "begin_nested" => {
            session::begin_nested(interp)?;
            Ok(orm(OrmValue::Transaction(true)))
        }
        _ => {
            let _ = kwargs;
            interp.unsupported(&format!("db.session.{name}()"))
        }
    }
}

/// Runs a select, query or text() for `session.execute()`.
fn execute_statement(interp: &mut Interp<'_>, statement: &Value, params: Option<&Value>) -> R<Vec<Row>> {
    let Value::Orm(o) = statement else {
        let text = interp.repr(statement)?;
        return interp.err("ObjectNotExecutableError", format!("Not an executable object: {text}"));
    };
    match &**o {
        OrmValue::Query(q) => {
            let state = q.borrow().clone();
            query::run(interp, &state)
        }
        OrmValue::BoundText(text, preset) => {
            let merged = super::text::merged_params(interp, preset, params)?;
            let (sql, binds) = text_params(interp, text, Some(&merged))?;
            super::text::check_single_statement(interp, &sql)?;
            session::autoflush(interp)?;
            let result = session::execute_sql(interp, &sql, binds, None, false, "query")?;
            Ok(super::text::text_rows(&result.columns, &result.rows))
        }
        OrmValue::FromStatement(mapper, text, preset) => {
            let objects = super::text::run_from_statement(interp, *mapper, text, preset)?;
            Ok(objects.into_iter().map(|o| Row { values: vec![o], keys: vec![interp.orm.mappers[*mapper].name().to_string()] }).collect())
        }
        OrmValue::Text(text) => {
            let (sql, binds) = text_params(interp, text, params)?;
            super::text::check_single_statement(interp, &sql)?;
            session::autoflush(interp)?;
            let result = session::execute_sql(interp, &sql, binds, None, false, "query")?;
            let keys = result.columns.clone();
            Ok(result.rows.iter().map(|row| Row { values: row.iter().map(raw).collect(), keys: keys.clone() }).collect())
        }
        _ => {
            let text = interp.repr(statement)?;
            interp.err("ObjectNotExecutableError", format!("Not an executable object: {text}"))
        }
    }
}

/// `text()` SQL with `:name` binds → qmark SQL and positional parameters.
pub fn text_to_qmark(interp: &mut Interp<'_>, text: &str, params: Option<&Value>) -> R<(String, Vec<Db>)> {
    text_params(interp, text, params)
}

/// `text("... :name ...")` → qmark SQL and positional parameters.
fn text_params(interp: &mut Interp<'_>, text: &str, params: Option<&Value>) -> R<(String, Vec<Db>)> {
    let items = match params {
        Some(p) => interp.dict_items(p)?,
        None => Vec::new(),
    };
    let mut sql = String::new();
    let mut binds = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            sql.push(c);
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
            sql.push(c);
            i += 1;
            continue;
        }
        if c == ':' && chars.get(i + 1).is_some_and(|n| n.is_alphabetic() || *n == '_') && (i == 0 || chars[i - 1] != ':') {
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && (chars[end].is_alphanumeric() || chars[end] == '_') {
                end += 1;
            }
            let name: String = chars[start..end].iter().collect();
            let value = interp.dict_lookup(&items, &Value::str(&name))?;
            let Some(value) = value else {
                return interp.err("StatementError", format!("(sqlalchemy.exc.InvalidRequestError) A value is required for bind parameter '{name}'"));
            };
            binds.push(to_db(&value, None).unwrap_or(Db::Null));
            sql.push('?');
            i = end;
            continue;
        }
        sql.push(c);
        i += 1;
    }
    Ok((sql, binds))
}

fn query_method(interp: &mut Interp<'_>, cell: &RefCell<QueryState>, name: &str, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    let mut state = cell.borrow().clone();
    let new = |state: QueryState| Ok(orm(OrmValue::Query(RefCell::new(state))));
    match name {
        "filter" | "where" => {
            for arg in &args {
                let c = criterion(interp, arg)?;
                state.criteria.push(c);
            }
            new(state)
        }
        "filter_by" => {
            // filter_by() names attributes of the last joined entity, else of the primary one.
            let joined = state.joins.iter().rev().filter(|(t, _, _)| !t.contains(' ')).find_map(|(t, _, _)| interp.orm.mappers.iter().position(|m| m.table == *t));
            let primary = state.entities.iter().find_map(|e| if let Entity::Mapper(m) = e { Some(*m) } else { None });
            let Some(mapper_index) = joined.or(primary) else {
                return interp.unsupported("filter_by() without an entity");
            };
            let mapper = interp.orm.mappers[mapper_index].clone();
            for (key, value) in &kwargs {
                let Some(column) = mapper.column(key) else {
                    return interp.err("InvalidRequestError", format!("Entity namespace for \"{}\" has no property \"{key}\"", mapper.table));
                };
                let attr = orm(OrmValue::Attribute { mapper: mapper_index, key: column.key.clone() });
                let Some(expr) = compare(interp, CmpOp::Eq, &attr, value)? else { continue };
                let c = criterion(interp, &expr)?;
                state.criteria.push(c);
            }
            new(state)
        }
        "order_by" => {
            for arg in &args {
                if matches!(arg, Value::None) {
                    state.order_by.clear();
                    continue;
                }
                let o = ordering(interp, arg)?;
                state.order_by.push(o);
            }
            new(state)
        }
        "group_by" => {
            for arg in &args {
                let o = ordering(interp, arg)?;
                state.group_by.push(o);
            }
            new(state)
        }
        "having" => {
            for arg in &args {
                let c = criterion(interp, arg)?;
                state.having.push(c);
            }
            new(state)
        }
        "limit" => {
            state.limit = int_arg(interp, args.first())?;
            new(state)
        }
        "offset" => {
            state.offset = int_arg(interp, args.first())?;
            new(state)
        }
        "distinct" => {
            state.distinct = true;
            new(state)
        }
        "all" => {
            let rows = query::run(interp, &state)?;
            Ok(list(rows.into_iter().map(|r| query::row_value(&state, r)).collect()))
        }
        "first" => {
            state.limit = Some(1);
            let rows = query::run(interp, &state)?;
            Ok(rows.into_iter().next().map(|r| query::row_value(&state, r)).unwrap_or(Value::None))
        }
        "one" | "one_or_none" => {
            let rows = query::run(interp, &state)?;
            match rows.len() {
                0 if name == "one" => interp.err("NoResultFound", "No row was found when one was required"),
                0 => Ok(Value::None),
                1 => Ok(rows.into_iter().next().map(|r| query::row_value(&state, r)).unwrap_or(Value::None)),
                _ => interp.err("MultipleResultsFound", "Multiple rows were found when exactly one was required"),
            }
        }
        "scalar" => {
            let rows = query::run(interp, &state)?;
            match rows.len() {
                0 => Ok(Value::None),
                1 => Ok(rows.into_iter().next().and_then(|r| r.values.into_iter().next()).unwrap_or(Value::None)),
                _ => interp.err("MultipleResultsFound", "Multiple rows were found when exactly one was required"),
            }
        }
        "count" => query::count(interp, &state),
        "get" => {
            let Some(Entity::Mapper(mapper)) = state.entities.first().cloned() else { return interp.unsupported("get() on this query") };
            let ident = args.first().cloned().unwrap_or(Value::None);
            query::get(interp, mapper, &ident)
        }
        "update" => {
            let Some(values) = args.first() else { return interp.err("TypeError", "update() missing values") };
            let Some(Entity::Mapper(mapper_index)) = state.entities.first().cloned() else { return interp.unsupported("update() on this query") };
            let mapper = interp.orm.mappers[mapper_index].clone();
            let mut set = Vec::new();
            for (key, value) in interp.dict_items(values)? {
                let (column_name, ty) = match &key {
                    Value::Str(k) => match mapper.column(k) {
                        Some(c) => (c.name.clone(), c.ty.clone()),
                        None => return interp.err("InvalidRequestError", format!("Attribute name not found, can't be synchronized back to objects: '{k}'")),
                    },
                    other => match as_sql(interp, other) {
                        Some((Expr::Column { name, .. }, ty)) => (name, ty.unwrap_or(ColType::Other)),
                        _ => return interp.unsupported("this update() key"),
                    },
                };
                let v = bind(interp, &value, Some(&ty))?;
                set.push((column_name, v));
            }
            query::bulk(interp, &state, Some(set))
        }
        "delete" => query::bulk(interp, &state, None),
        "select_from" => {
            for arg in &args {
                match arg {
                    Value::Class(class) => match interp.orm.mapper_index(&class.name) {
                        Some(index) => {
                            let table = interp.orm.mappers[index].table.clone();
                            state.select_from.push(table);
                        }
                        None => return interp.unsupported("select_from() of an unmapped class"),
                    },
                    Value::Orm(o) if matches!(&**o, OrmValue::TableMeta(super::table::Meta::Table(_))) => {
                        if let OrmValue::TableMeta(super::table::Meta::Table(table)) = &**o {
                            state.select_from.push(table.clone());
                        }
                    }
                    _ => return interp.unsupported("select_from() of this value"),
                }
            }
            new(state)
        }
        "with_entities" => {
            let mut entities = Vec::new();
            for arg in &args {
                entities.push(entity_of(interp, arg)?);
            }
            state.entities = entities;
            new(state)
        }
        "append" | "remove" | "extend" if state.appender.is_some() => {
            let Some(appender) = state.appender.clone() else { return Ok(Value::None) };
            super::dynamic::change(interp, &appender, name, &args)
        }
        "options" => {
            for arg in &args {
                match arg {
                    Value::Orm(o) => match &**o {
                        OrmValue::Loader(options) => state.options.extend(options.iter().cloned()),
                        _ => return interp.err("ArgumentError", format!("expected a loader option, got {}", o.type_name())),
                    },
                    _ => return interp.err("ArgumentError", format!("expected a loader option, got {}", interp.type_name(arg))),
                }
            }
            new(state)
        }
        "join" | "outerjoin" => {
            let outer = name == "outerjoin" || kwargs.iter().any(|(k, v)| k == "isouter" && v.truthy());
            join_args(interp, &mut state, &args, outer)?;
            new(state)
        }
        "paginate" => super::paginate::paginate(interp, state, &args, &kwargs),
        "subquery" | "cte" | "alias" => interp.unsupported(&format!("{name}() (derived tables); scalar_subquery() and in_(select) work")),
        "scalar_subquery" | "as_scalar" => {
            let select = query::scalar_subquery(interp, &state);
            let ty = match state.entities.first() {
                Some(Entity::Column(_, ty, _)) => ty.clone(),
                _ => None,
            };
            Ok(expr_value(Expr::Scalar(Box::new(select)), ty))
        }
        "exists" => {
            // `query.exists()`: EXISTS over the query with its columns replaced by `1`.
            let mut select = query::to_select(interp, &state);
            select.columns = vec![super::sql::SelectColumn { expr: Expr::Literal("1".into()), label: None }];
            Ok(expr_value(Expr::Exists(Box::new(select)), Some(ColType::Boolean)))
        }
        "from_statement" => {
            let Some(Entity::Mapper(mapper)) = state.entities.first().cloned() else { return interp.unsupported("from_statement() on this query") };
            let Some(statement) = args.first() else { return interp.err("TypeError", "from_statement() missing statement") };
            super::text::from_statement(interp, mapper, statement)
        }
        "get_or_404" => {
            let Some(Entity::Mapper(mapper)) = state.entities.first().cloned() else { return interp.unsupported("get_or_404() on this query") };
            let ident = args.first().cloned().unwrap_or(Value::None);
            match query::get(interp, mapper, &ident)? {
                Value::None => super::paginate::not_found(interp),
                found => Ok(found),
            }
        }
        "first_or_404" => match query_method(interp, cell, "first", Vec::new(), Vec::new())? {
            Value::None => super::paginate::not_found(interp),
            found => Ok(found),
        },
        "one_or_404" => match query_method(interp, cell, "one", Vec::new(), Vec::new()) {
            Err(Exc::Raise(e)) if matches!(&*e.kind, "NoResultFound" | "MultipleResultsFound") => super::paginate::not_found(interp),
            other => other,
        },
        _ => interp.err("AttributeError", format!("'{}' object has no attribute '{name}'", cell.borrow().style_name())),
    }
}

impl QueryState {
    fn style_name(&self) -> &'static str {
        if self.style == Style::Legacy {
            "Query"
        } else {
            "Select"
        }
    }
}

fn result_method(interp: &mut Interp<'_>, rows: &RefCell<Vec<Row>>, scalars: bool, name: &str) -> R<Value> {
    let take = |rows: &RefCell<Vec<Row>>| std::mem::take(&mut *rows.borrow_mut());
    match name {
        "all" => Ok(list(take(rows).into_iter().map(|r| result_item(r, scalars)).collect())),
        "first" => Ok(take(rows).into_iter().next().map(|r| result_item(r, scalars)).unwrap_or(Value::None)),
        "scalars" => Ok(orm(OrmValue::Result(RefCell::new(take(rows)), true))),
        "scalar" => Ok(take(rows).into_iter().next().and_then(|r| r.values.into_iter().next()).unwrap_or(Value::None)),
        "unique" => {
            // Rows of objects are uniqued on identity, as SQLAlchemy's unique() does.
            let mut seen: Vec<Vec<u64>> = Vec::new();
            let mut kept = Vec::new();
            for row in take(rows) {
                let ids: Option<Vec<u64>> = row.values.iter().map(|v| if let Value::Instance(i) = v { Some(i.id) } else { None }).collect();
                match ids {
                    Some(ids) if seen.contains(&ids) => {}
                    Some(ids) => {
                        seen.push(ids);
                        kept.push(row);
                    }
                    None => {
                        // Plain values are uniqued on equality (SQLAlchemy hashes them).
                        let candidate = tuple(row.values.clone());
                        let mut duplicate = false;
                        for other in &kept {
                            let other: &Row = other;
                            if interp.eq(&tuple(other.values.clone()), &candidate)? {
                                duplicate = true;
                                break;
                            }
                        }
                        if !duplicate {
                            kept.push(row);
                        }
                    }
                }
            }
            Ok(orm(OrmValue::Result(RefCell::new(kept), scalars)))
        }
        "one" | "one_or_none" | "scalar_one" | "scalar_one_or_none" => {
            let rows = take(rows);
            let as_scalar = scalars || name.starts_with("scalar");
            match rows.len() {
                0 if name == "one" || name == "scalar_one" => interp.err("NoResultFound", "No row was found when one was required"),
                0 => Ok(Value::None),
                1 => Ok(rows.into_iter().next().map(|r| result_item(r, as_scalar)).unwrap_or(Value::None)),
                _ => interp.err("MultipleResultsFound", "Multiple rows were found when exactly one was required"),
            }
        }
        "mappings" => {
            // A MappingResult: each row becomes one dict-like value, consumed with the same methods.
            let rows = take(rows)
                .into_iter()
                .map(|r| Row { values: vec![crate::python::interp::dict(r.keys.iter().zip(r.values).map(|(k, v)| (Value::str(k), v)).collect())], keys: vec![String::new()] })
                .collect();
            Ok(orm(OrmValue::Result(RefCell::new(rows), true)))
        }
        "fetchall" => Ok(list(take(rows).into_iter().map(|r| result_item(r, scalars)).collect())),
        "keys" => Ok(orm(OrmValue::KeyView(rows.borrow().first().map(|r| r.keys.clone()).unwrap_or_default()))),
        "fetchmany" => {
            let mut all = take(rows);
            let n = 1usize.min(all.len());
            let rest = all.split_off(n);
            *rows.borrow_mut() = rest;
            Ok(list(all.into_iter().map(|r| result_item(r, scalars)).collect()))
        }
        "fetchone" => {
            let mut all = take(rows);
            let first = if all.is_empty() { None } else { Some(all.remove(0)) };
            *rows.borrow_mut() = all;
            Ok(first.map(|r| result_item(r, scalars)).unwrap_or(Value::None))
        }
        _ => interp.err("AttributeError", format!("'Result' object has no attribute '{name}'")),
    }
}

fn column_method(interp: &mut Interp<'_>, expr: Expr, ty: Option<ColType>, name: &str, args: Vec<Value>) -> R<Value> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::None);
    let boolean = Some(ColType::Boolean);
    Ok(match name {
        "like" | "not_like" | "notlike" => {
            let pattern = bind(interp, &arg(0), ty.as_ref())?;
            expr_value(Expr::binary(expr, if name == "like" { "LIKE" } else { "NOT LIKE" }, pattern), boolean)
        }
        "ilike" | "not_ilike" | "notilike" => {
            let pattern = bind(interp, &arg(0), ty.as_ref())?;
            expr_value(
                Expr::binary(Expr::Func("lower".into(), vec![expr]), if name == "ilike" { "LIKE" } else { "NOT LIKE" }, Expr::Func("lower".into(), vec![pattern])),
                boolean,
            )
        }
        "in_" | "not_in" | "notin_" if matches!(arg(0), Value::Orm(ref o) if matches!(&**o, OrmValue::Query(_))) => {
            let Value::Orm(o) = arg(0) else { return interp.unsupported("in_() of this value") };
            let OrmValue::Query(q) = &*o else { return interp.unsupported("in_() of this value") };
            let select = query::in_subquery(interp, &q.borrow());
            expr_value(Expr::InSelect(Box::new(expr), Box::new(select), name != "in_"), boolean)
        }
        "in_" | "not_in" | "notin_" => {
            let items = interp.iterate(&arg(0))?;
            let mut binds = Vec::new();
            for item in &items {
                binds.push(bind(interp, item, compared_type(item, ty.as_ref()))?);
            }
            expr_value(Expr::In(Box::new(expr), binds, name != "in_"), boolean)
        }
        "is_" | "is_not" | "isnot" => {
            let right = match arg(0) {
                Value::None => Expr::Literal("NULL".into()),
                Value::Bool(b) => Expr::Literal(if b { "1".into() } else { "0".into() }),
                other => bind(interp, &other, ty.as_ref())?,
            };
            expr_value(Expr::binary(expr, if name == "is_" { "IS" } else { "IS NOT" }, right), boolean)
        }
        "startswith" | "endswith" | "contains" => {
            let value = bind(interp, &arg(0), ty.as_ref())?;
            let percent = || Expr::Literal("'%'".into());
            let pattern = match name {
                "startswith" => Expr::binary(value, "||", percent()),
                "endswith" => Expr::binary(percent(), "||", value),
                _ => Expr::binary(Expr::binary(percent(), "||", value), "||", percent()),
            };
            // SQLAlchemy renders `(x LIKE ? || '%')`.
            expr_value(Expr::Grouping(Box::new(Expr::binary(expr, "LIKE", pattern))), boolean)
        }
        "between" => {
            let low = bind(interp, &arg(0), compared_type(&arg(0), ty.as_ref()))?;
            let high = bind(interp, &arg(1), compared_type(&arg(1), ty.as_ref()))?;
            expr_value(Expr::Between(Box::new(expr), Box::new(low), Box::new(high)), boolean)
        }
        "desc" => expr_value(Expr::Desc(Box::new(expr)), ty),
        "asc" => expr_value(Expr::Asc(Box::new(expr)), ty),
        "label" => {
            let label = match arg(0) {
                Value::Str(s) => s.to_string(),
                _ => return interp.err("TypeError", "label() expects a name"),
            };
            expr_value(Expr::Label(Box::new(expr), label), ty)
        }
        "distinct" => expr_value(Expr::Distinct(Box::new(expr)), ty),
        "is_not_null" | "isnot_null" => expr_value(Expr::binary(expr, "IS NOT", Expr::Literal("NULL".into())), boolean),
        _ => return interp.unsupported(&format!("the column method {name}()")),
    })
}

/// Calls method `name` on an ORM value or `db`.
pub fn call_method(interp: &mut Interp<'_>, receiver: &Value, name: &str, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    match receiver {
        Value::Db => match name {
            "create_all" | "drop_all" => interp.unsupported(&format!("db.{name}() in the script (create_all already ran)")),
            _ => interp.unsupported(&format!("db.{name}()")),
        },
        Value::Orm(o) => match &**o {
            OrmValue::Session => session_method(interp, name, args, kwargs),
            OrmValue::Query(cell) => query_method(interp, cell, name, args, kwargs),
            OrmValue::Result(rows, scalars) => result_method(interp, rows, *scalars, name),
            OrmValue::NeedsUnique(rows, scalars) => match name {
                "unique" => result_method(interp, rows, *scalars, name),
                _ => unique_required(interp),
            },
            OrmValue::Pagination(page) => super::paginate::method(interp, page, name, &kwargs),
            OrmValue::Transaction(nested) => transaction_method(interp, *nested, name),
            OrmValue::Dml(dml) => {
                let mut criteria = Vec::new();
                match name {
                    "where" | "filter" => {
                        for arg in &args {
                            criteria.push(criterion(interp, arg)?);
                        }
                    }
                    "filter_by" => {
                        for (key, value) in &kwargs {
                            let Some(column) = interp.orm.mappers[dml.mapper].column(key).map(|c| c.key.clone()) else {
                                return interp.err("InvalidRequestError", format!("Entity namespace for \"{}\" has no property \"{key}\"", interp.orm.mappers[dml.mapper].table));
                            };
                            let attr = orm(OrmValue::Attribute { mapper: dml.mapper, key: column });
                            if let Some(expr) = compare(interp, CmpOp::Eq, &attr, value)? {
                                criteria.push(criterion(interp, &expr)?);
                            }
                        }
                    }
                    _ => {}
                }
                super::dml::method(interp, dml, name, criteria, &args, &kwargs)
            }
            OrmValue::Cursor(_) => match name {
                "all" | "fetchall" | "first" | "one" | "scalar" | "scalars" | "fetchone" => {
                    interp.err("ResourceClosedError", "This result object does not return rows. It has been closed automatically.")
                }
                "close" => Ok(Value::None),
                _ => interp.err("AttributeError", format!("'CursorResult' object has no attribute '{name}'")),
            },
            OrmValue::TableMeta(meta) => super::table::method(interp, meta, name),
            OrmValue::Row(row) => match name {
                "_asdict" => Ok(crate::python::interp::dict(row.keys.iter().zip(&row.values).map(|(k, v)| (Value::str(k), v.clone())).collect())),
                "_tuple" => Ok(tuple(row.values.clone())),
                _ => interp.err("AttributeError", format!("'Row' object has no attribute '{name}'")),
            },
            OrmValue::Expr(Expr::Exists(select), _) if name == "where" || name == "filter" => {
                let mut select = (**select).clone();
                for arg in &args {
                    select.criteria.push(criterion(interp, arg)?);
                }
                let mut tables: Vec<String> = Vec::new();
                for criterion in &select.criteria {
                    for table in query::tables_in(criterion) {
                        if !tables.contains(&table) {
                            tables.push(table);
                        }
                    }
                }
                select.from = tables.into_iter().map(super::sql::From::Table).collect();
                Ok(expr_value(Expr::Exists(Box::new(select)), Some(ColType::Boolean)))
            }
            OrmValue::Attribute { .. } | OrmValue::Expr(..) => {
                let Some((expr, ty)) = as_sql(interp, receiver) else { return interp.unsupported("this expression") };
                column_method(interp, expr, ty, name, args)
            }
            OrmValue::Relationship { mapper, key } if name == "any" || name == "has" => relationship_exists(interp, *mapper, key, &args, &kwargs),
            OrmValue::Relationship { mapper, key } if name == "contains" => {
                let Some(Value::Instance(other)) = args.first() else { return interp.unsupported("contains() with something other than one mapped object") };
                match super::joins::contains(interp, *mapper, key, other)? {
                    (expr, Some(negated)) => Ok(orm(OrmValue::Negatable(expr, negated))),
                    (expr, None) => Ok(expr_value(expr, Some(ColType::Boolean))),
                }
            }
            OrmValue::Relationship { .. } => interp.unsupported(&format!("relationship method {name}()")),
            OrmValue::Text(t) if name == "bindparams" => Ok(super::text::bindparams(t, &[], &kwargs)),
            OrmValue::BoundText(t, preset) if name == "bindparams" => Ok(super::text::bindparams(t, preset, &kwargs)),
            OrmValue::FromStatement(mapper, t, preset) => super::text::from_statement_method(interp, *mapper, t, preset, name, &kwargs),
            OrmValue::Text(_) | OrmValue::BoundText(..) => interp.unsupported(&format!("text().{name}()")),
            OrmValue::Loader(chain) => super::loading::make_option(interp, &format!("sqlalchemy.orm.{name}"), &args, &kwargs, chain),
            _ => interp.err("AttributeError", format!("'{}' object has no attribute '{name}'", o.type_name())),
        },
        _ => interp.err("AttributeError", name.to_string()),
    }
}

/// Keeps the error helper reachable for future callers.
pub fn not_supported(interp: &Interp<'_>, what: &str) -> Exc {
    match interp.unsupported::<()>(what) {
        Err(e) => e,
        Ok(()) => Exc::Fatal(Rc::new(interp.exception("NotSupportedError", what))),
    }
}

/// `query.join(Target[, onclause])`, `join(Model.relationship)`, `join(Target, Model.relationship)`.
fn join_args(interp: &mut Interp<'_>, state: &mut QueryState, args: &[Value], outer: bool) -> R<()> {
    let relationship = |value: &Value| match value {
        Value::Orm(o) => match &**o {
            OrmValue::Relationship { mapper, key } => Some((*mapper, key.clone())),
            _ => None,
        },
        _ => None,
    };
    match (args.first(), args.get(1)) {
        (Some(first), None) if relationship(first).is_some() => {
            let (mapper, key) = relationship(first).unwrap_or_default();
            super::joins::join_relationship(interp, state, mapper, &key, outer)
        }
        (Some(Value::Class(class)), second) => {
            let Some(target) = interp.orm.mapper_index(&class.name) else { return interp.unsupported("joining an unmapped class") };
            match second {
                None => super::joins::join_table(interp, state, target, None, outer),
                Some(on) if relationship(on).is_some() => {
                    let (mapper, key) = relationship(on).unwrap_or_default();
                    if super::joins::target_of(interp, mapper, &key) != Some(target) {
                        return interp.unsupported("joining along a relationship to another class");
                    }
                    super::joins::join_relationship(interp, state, mapper, &key, outer)
                }
                Some(on) => {
                    let on = criterion(interp, on)?;
                    super::joins::join_table(interp, state, target, Some(on), outer)
                }
            }
        }
        _ => interp.unsupported("join() of this value"),
    }
}

/// `Model.rel.any(...)` / `Model.rel.has(...)`: criteria as positional expressions and
/// `filter_by`-style keywords on the target.
fn relationship_exists(interp: &mut Interp<'_>, mapper: usize, key: &str, args: &[Value], kwargs: &Kwargs) -> R<Value> {
    let Some(target) = super::joins::target_of(interp, mapper, key) else { return interp.unsupported("any()/has() on this attribute") };
    let mut criteria = Vec::new();
    for arg in args {
        criteria.push(criterion(interp, arg)?);
    }
    for (name, value) in kwargs {
        let Some(column) = interp.orm.mappers[target].column(name).map(|c| c.key.clone()) else {
            return interp.err("InvalidRequestError", format!("Entity namespace for \"{}\" has no property \"{name}\"", interp.orm.mappers[target].table));
        };
        let attr = orm(OrmValue::Attribute { mapper: target, key: column });
        if let Some(expr) = compare(interp, CmpOp::Eq, &attr, value)? {
            criteria.push(criterion(interp, &expr)?);
        }
    }
    let exists = super::joins::exists(interp, mapper, key, criteria)?;
    Ok(expr_value(exists, Some(ColType::Boolean)))
}

/// `nested.commit()` / `nested.rollback()` on the object `begin_nested()` / `begin()` returned.
fn transaction_method(interp: &mut Interp<'_>, nested: bool, name: &str) -> R<Value> {
    match (nested, name) {
        (true, "commit") => session::release_savepoint(interp)?,
        (true, "rollback") => session::rollback_savepoint(interp)?,
        (false, "commit") => session::commit(interp)?,
        (false, "rollback" | "close") => session::rollback(interp),
        _ => return interp.err("AttributeError", format!("'SessionTransaction' object has no attribute '{name}'")),
    }
    Ok(Value::None)
}
