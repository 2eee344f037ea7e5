//! JSON encodings shared by every `--json` command, matching the value encoding of the
//! fidelity contract: JSON scalars as they are, bytes as `{"$bytes": hex}`, NaN and infinities
//! as `{"$float": "nan" | "inf" | "-inf"}`.

use ormlab_core::engine::Value;
use serde_json::{json, Value as Json};

/// Encodes one SQLite value.
pub fn value(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Integer(i) => json!(i),
        Value::Real(r) if r.is_nan() => json!({"$float": "nan"}),
        Value::Real(r) if r.is_infinite() => json!({"$float": if *r > 0.0 { "inf" } else { "-inf" }}),
        Value::Real(r) => json!(r),
        Value::Text(t) => json!(t),
        Value::Blob(b) => json!({"$bytes": b.iter().map(|byte| format!("{byte:02x}")).collect::<String>()}),
    }
}
