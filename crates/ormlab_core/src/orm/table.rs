//! `Model.__table__` introspection: the Table's name, `columns` / `c` (keys, per-column
//! `unique`, `index`, `nullable`, `primary_key`, `type`), `indexes` and `constraints` with
//! their names — read from the schema create_all used.

use super::value::OrmValue;
use crate::python::interp::{list, Interp, R};
use crate::python::value::Value;
use crate::schema::model::Table;
use std::rc::Rc;

/// A piece of table metadata.
#[derive(Debug, Clone)]
pub enum Meta {
    /// `Model.__table__`.
    Table(String),
    /// `Table.columns` / `Table.c`.
    Columns(String),
    /// One `Column` (table, column name).
    Column(String, String),
    /// An index or constraint: class name and `.name`.
    Named(&'static str, Option<String>),
    /// A column type: its DDL (`str(col.type)`).
    Type(String),
}

fn meta(value: Meta) -> Value {
    Value::Orm(Rc::new(OrmValue::TableMeta(value)))
}

/// `Model.__table__` for the table `name`.
pub fn table(name: &str) -> Value {
    meta(Meta::Table(name.to_string()))
}

fn find<'a>(interp: &'a Interp<'_>, name: &str) -> Option<&'a Table> {
    interp.orm.schema.table(name)
}

fn type_ddl(ty: &crate::schema::types::SqlType) -> String {
    match ty {
        crate::schema::types::SqlType::Rendered { ddl, .. } => ddl.clone(),
        crate::schema::types::SqlType::Enum { values, length, .. } => {
            let n = length.unwrap_or_else(|| values.iter().map(|v| i64::try_from(v.chars().count()).unwrap_or(0)).max().unwrap_or(0));
            format!("VARCHAR({n})")
        }
    }
}

/// The Python class name of a metadata value.
pub fn type_name(value: &Meta) -> &'static str {
    match value {
        Meta::Table(_) => "Table",
        Meta::Columns(_) => "ReadOnlyColumnCollection",
        Meta::Column(..) => "Column",
        Meta::Named(kind, _) => kind,
        Meta::Type(_) => "TypeEngine",
    }
}

/// `str()` of a metadata value (`str(table)` is its name, `str(column)` is `table.column`).
pub fn to_str(value: &Meta) -> Option<String> {
    match value {
        Meta::Table(name) => Some(name.clone()),
        Meta::Column(table, column) => Some(format!("{table}.{column}")),
        Meta::Type(ddl) => Some(ddl.clone()),
        _ => None,
    }
}

/// `value.name`.
pub fn attr(interp: &mut Interp<'_>, value: &Meta, name: &str) -> R<Value> {
    match value {
        Meta::Table(table) => {
            let Some(t) = find(interp, table) else { return interp.unsupported("this table") };
            match name {
                "name" | "fullname" => Ok(Value::str(table)),
                "columns" | "c" => Ok(meta(Meta::Columns(table.clone()))),
                "indexes" => Ok(list(t.indexes.iter().map(|i| meta(Meta::Named("Index", Some(i.name.clone())))).collect())),
                "constraints" => {
                    let mut items = vec![meta(Meta::Named("PrimaryKeyConstraint", None))];
                    for c in &t.constraints {
                        let kind = match c.kind {
                            crate::schema::model::ConstraintKind::Unique(_) => "UniqueConstraint",
                            crate::schema::model::ConstraintKind::Check(_) => "CheckConstraint",
                            crate::schema::model::ConstraintKind::ForeignKey(_) => "ForeignKeyConstraint",
                        };
                        items.push(meta(Meta::Named(kind, c.name.clone())));
                    }
                    Ok(list(items))
                }
                "primary_key" => Ok(meta(Meta::Named("PrimaryKeyConstraint", None))),
                _ => interp.err("AttributeError", format!("'Table' object has no attribute '{name}'")),
            }
        }
        Meta::Columns(table) => {
            let Some(t) = find(interp, table) else { return interp.unsupported("this table") };
            match t.columns.iter().find(|c| c.key == name) {
                Some(c) => Ok(meta(Meta::Column(table.clone(), c.name.clone()))),
                None => interp.err("AttributeError", name.to_string()),
            }
        }
        Meta::Column(table, column) => {
            let Some(c) = find(interp, table).and_then(|t| t.column(column)).cloned() else { return interp.unsupported("this column") };
            let flag = |b: bool| if b { Value::Bool(true) } else { Value::None };
            match name {
                "name" => Ok(Value::str(&c.name)),
                "key" => Ok(Value::str(&c.key)),
                "unique" => Ok(flag(c.unique)),
                "index" => Ok(flag(c.index)),
                "nullable" => Ok(Value::Bool(c.nullable)),
                "primary_key" => Ok(Value::Bool(c.primary_key)),
                "type" => Ok(meta(Meta::Type(type_ddl(&c.sql_type)))),
                "table" => Ok(meta(Meta::Table(table.clone()))),
                _ => interp.err("AttributeError", format!("'Column' object has no attribute '{name}'")),
            }
        }
        Meta::Named(kind, item) => match name {
            "name" => Ok(item.as_deref().map_or(Value::None, Value::str)),
            _ => interp.err("AttributeError", format!("'{kind}' object has no attribute '{name}'")),
        },
        Meta::Type(_) => interp.err("AttributeError", format!("'TypeEngine' object has no attribute '{name}'")),
    }
}

/// `table.c.keys()` and friends.
pub fn method(interp: &mut Interp<'_>, value: &Meta, name: &str) -> R<Value> {
    match (value, name) {
        (Meta::Columns(table), "keys") => {
            let Some(t) = find(interp, table) else { return interp.unsupported("this table") };
            Ok(list(t.columns.iter().map(|c| Value::str(&c.key)).collect()))
        }
        (Meta::Columns(table), "values") => iterate(interp, &Meta::Columns(table.clone())).map(list),
        _ => interp.err("AttributeError", format!("'{}' object has no attribute '{name}'", type_name(value))),
    }
}

/// Iterating `table.c` yields its columns.
pub fn iterate(interp: &mut Interp<'_>, value: &Meta) -> R<Vec<Value>> {
    match value {
        Meta::Columns(table) => {
            let Some(t) = find(interp, table) else { return interp.unsupported("this table") };
            Ok(t.columns.iter().map(|c| meta(Meta::Column(table.clone(), c.name.clone()))).collect())
        }
        other => interp.err("TypeError", format!("'{}' object is not iterable", type_name(other))),
    }
}
