//! JSON columns as SQLAlchemy's JSON type stores them: `json.dumps` text (", " / ": "
//! separators, ASCII escapes, keys in insertion order) and `json.loads` back, objects keeping
//! the document's key order (serde_json's own map would sort them).

use crate::python::interp::{dict, list};
use crate::python::value::Value;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// `json.dumps(value)`; `Err` names a value JSON cannot hold.
pub fn dumps(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    write(value, &mut out, 0)?;
    Ok(out)
}

fn string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write(value: &Value, out: &mut String, depth: usize) -> Result<(), String> {
    if depth > 200 {
        return Err("RecursionError".into());
    }
    match value {
        Value::None => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) if f.is_nan() => out.push_str("NaN"),
        Value::Float(f) if f.is_infinite() => out.push_str(if *f > 0.0 { "Infinity" } else { "-Infinity" }),
        Value::Float(f) => out.push_str(&crate::python::num::float_repr(*f)),
        Value::Str(s) => string(s, out),
        Value::ListMut(_) | Value::List(_) | Value::Tuple(_) => {
            let items: Vec<Value> = match value {
                Value::ListMut(items) => items.borrow().clone(),
                Value::List(items) | Value::Tuple(items) => items.to_vec(),
                _ => Vec::new(),
            };
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write(item, out, depth + 1)?;
            }
            out.push(']');
        }
        Value::DictMut(_) | Value::Dict(_) => {
            let items: Vec<(Value, Value)> = match value {
                Value::DictMut(items) => items.borrow().clone(),
                Value::Dict(items) => items.to_vec(),
                _ => Vec::new(),
            };
            out.push('{');
            for (index, (key, item)) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                // json.dumps turns int, float, bool and None keys into strings.
                let key = match key {
                    Value::Str(s) => s.to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => crate::python::num::float_repr(*f),
                    Value::Bool(b) => (if *b { "true" } else { "false" }).to_string(),
                    Value::None => "null".to_string(),
                    other => return Err(format!("keys must be str, int, float, bool or None, not {}", other.type_name())),
                };
                string(&key, out);
                out.push_str(": ");
                write(item, out, depth + 1)?;
            }
            out.push('}');
        }
        other => return Err(other.type_name().to_string()),
    }
    Ok(())
}

/// `json.loads(text)` with objects in document order; `None` when the text is not JSON.
pub fn loads(text: &str) -> Option<Value> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = deserializer.deserialize_any(PyVisitor).ok()?;
    deserializer.end().ok()?;
    Some(value)
}

struct PyVisitor;

impl<'de> Visitor<'de> for PyVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::str(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Seed)? {
            items.push(item);
        }
        Ok(list(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut items: Vec<(Value, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Seed)?;
            // A repeated key keeps its first position and takes the last value, as a dict does.
            match items.iter_mut().find(|(k, _)| matches!(k, Value::Str(s) if **s == *key)) {
                Some(slot) => slot.1 = value,
                None => items.push((Value::str(&key), value)),
            }
        }
        Ok(dict(items))
    }
}

struct Seed;

impl<'de> serde::de::DeserializeSeed<'de> for Seed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(PyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_keep_their_key_order_both_ways() {
        let text = r#"{"layout": "US", "backlight": true, "ports": ["usb-c"], "n": 1.5}"#;
        let value = loads(text).unwrap_or(Value::None);
        assert_eq!(dumps(&value).as_deref(), Ok(text));
        assert!(loads("{").is_none());
    }
}
