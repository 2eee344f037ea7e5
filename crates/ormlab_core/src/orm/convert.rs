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
        (Value::Int(i), Some(ColType::Numeric(_))) => Db::Real(*i as f64),
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
        (other, Some(ColType::Json)) => return json_text(other).map(Db::Text),
        (other, _) => return Err(other.type_name().to_string()),
    })
}

fn json_text(value: &Value) -> Result<String, String> {
    fn convert(value: &Value) -> Result<serde_json::Value, String> {
        Ok(match value {
            Value::None => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Value::from(*f),
            Value::Str(s) => serde_json::Value::from(s.to_string()),
            Value::ListMut(items) => serde_json::Value::Array(items.borrow().iter().map(convert).collect::<Result<_, _>>()?),
            Value::List(items) | Value::Tuple(items) => serde_json::Value::Array(items.iter().map(convert).collect::<Result<_, _>>()?),
            Value::DictMut(items) => {
                let mut map = serde_json::Map::new();
                for (k, v) in items.borrow().iter() {
                    let key = match k {
                        Value::Str(s) => s.to_string(),
                        other => return Err(other.type_name().to_string()),
                    };
                    map.insert(key, convert(v)?);
                }
                serde_json::Value::Object(map)
            }
            other => return Err(other.type_name().to_string()),
        })
    }
    let json = convert(value)?;
    // json.dumps separators: ", " and ": ".
    let mut out = String::new();
    write_json(&json, &mut out);
    Ok(out)
}

fn write_json(json: &serde_json::Value, out: &mut String) {
    match json {
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(item, out);
            }
            out.push(']');
        }
        serde_json::Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&serde_json::Value::from(k.clone()).to_string());
                out.push_str(": ");
                write_json(v, out);
            }
            out.push('}');
        }
        serde_json::Value::Number(n) if n.is_f64() => out.push_str(&crate::python::num::float_repr(n.as_f64().unwrap_or(0.0))),
        other => out.push_str(&other.to_string()),
    }
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
        (Db::Text(t), Some(ColType::Json)) => match serde_json::from_str::<serde_json::Value>(t) {
            Ok(json) => crate::python::interp::json_value(&json),
            Err(_) => Value::str(t),
        },
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
