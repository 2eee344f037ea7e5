//! Value conversion between Python and SQLite, as SQLAlchemy's SQLite type processors do it:
//! bool → 1/0, Decimal → float (and back with the column's scale), datetime → text.

use super::mapper::ColType;
use crate::engine::Value as Db;
use crate::python::num::Decimal;
use crate::python::time::{Date, DateTime};
use crate::python::value::Value;
use std::rc::Rc;

/// The parameter SQLAlchemy binds for `value` in a column of type `ty` (`Err` names a value
/// SQLite cannot take, for the InterfaceError/StatementError message).
pub fn to_db(value: &Value, ty: Option<&ColType>) -> Result<Db, String> {
    Ok(match (value, ty) {
        (Value::None, _) => Db::Null,
        (Value::Bool(b), _) => Db::Integer(i64::from(*b)),
        (Value::Int(i), Some(ColType::Numeric(_) | ColType::Float)) => Db::Real(*i as f64),
        (Value::Int(i), _) => Db::Integer(*i),
        (Value::Float(f), _) => Db::Real(*f),
        (Value::Decimal(d), _) => Db::Real(d.to_f64()),
        (Value::Str(s), _) => Db::Text(s.to_string()),
        (Value::Bytes(b), _) => Db::Blob(b.to_vec()),
        (Value::DateTime(dt), Some(ColType::Date)) => Db::Text(dt.date().isoformat()),
        (Value::DateTime(dt), _) => Db::Text(dt.sqlite_text()),
        (Value::Date(d), Some(ColType::DateTime)) => Db::Text(DateTime { days: d.days, micros: 0, utc: false }.sqlite_text()),
        (Value::Date(d), _) => Db::Text(d.isoformat()),
        (Value::EnumMember(_, name), _) => Db::Text(name.to_string()),
        (other, Some(ColType::Json)) => return super::json::dumps(other).map(Db::Text),
        (other, _) => return Err(other.type_name().to_string()),
    })
}

/// The Python value SQLAlchemy returns for a SQLite value in a column of type `ty`.
pub fn from_db(value: &Db, ty: Option<&ColType>) -> Value {
    match (value, ty) {
        (Db::Null, _) => Value::None,
        (Db::Integer(i), Some(ColType::Boolean)) => Value::Bool(*i != 0),
        (Db::Integer(i), Some(ColType::Numeric(scale))) => Value::Decimal(Rc::new(
            Decimal::from_float_scaled(*i as f64, scale.unwrap_or(10)).unwrap_or(Decimal::from_int(*i)),
        )),
        (Db::Real(f), Some(ColType::Numeric(scale))) => match Decimal::from_float_scaled(*f, scale.unwrap_or(10)) {
            Some(d) => Value::Decimal(Rc::new(d)),
            None => Value::Float(*f),
        },
        (Db::Integer(i), Some(ColType::Float)) => Value::Float(*i as f64),
        (Db::Integer(i), _) => Value::Int(*i),
        (Db::Real(f), _) => Value::Float(*f),
        (Db::Text(t), Some(ColType::DateTime)) => DateTime::parse(t).map_or_else(|| Value::str(t), |dt| Value::DateTime(Rc::new(dt))),
        (Db::Text(t), Some(ColType::Date)) => Date::parse(t).map_or_else(|| Value::str(t), |d| Value::Date(Rc::new(d))),
        (Db::Text(t), Some(ColType::Json)) => super::json::loads(t).unwrap_or_else(|| Value::str(t)),
        (Db::Text(t), Some(ColType::Enum(Some(class)))) => {
            if crate::schema::types::enum_member_names(class).iter().any(|n| n == t) {
                Value::EnumMember(class.clone(), Rc::from(t.as_str()))
            } else {
                Value::str(t)
            }
        }
        (Db::Text(t), _) => Value::str(t),
        (Db::Blob(b), _) => Value::Bytes(b.clone().into()),
    }
}

/// A SQLite value as SQLAlchemy's text() result rows give it back (no type information).
pub fn raw(value: &Db) -> Value {
    from_db(value, None)
}
