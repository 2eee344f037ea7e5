//! Built-in functions and the standard-library names scripts use (`datetime`, `decimal`,
//! `json`, `re`, `math`). SQLAlchemy names are handed to [`crate::orm`].

use super::call::Kwargs;
use super::methods::sort_values;
use super::{dict, list, tuple, Interp, R};
use crate::python::num::Decimal;
use crate::python::object::{is_exception_name, ExceptionValue};
use crate::python::time::{check_date, Date, DateTime, TimeDelta, FROZEN};
use crate::python::value::Value;
use std::cell::RefCell;
use std::rc::Rc;

const BUILTINS: &[&str] = &[
    "print", "len", "range", "enumerate", "zip", "sorted", "reversed", "sum", "min", "max", "any", "all", "isinstance",
    "issubclass", "getattr", "setattr", "hasattr", "str", "int", "float", "bool", "repr", "round", "list", "dict", "set",
    "frozenset", "tuple", "abs", "type", "id", "hash", "iter", "next", "map", "filter", "divmod", "pow", "chr", "ord",
    "format", "callable", "property", "staticmethod", "classmethod", "object", "super", "vars", "bytes", "hex", "bin",
    "ascii", "NotImplemented",
];

/// The builtin named `name`, if any.
pub(super) fn builtin(name: &str) -> Option<Value> {
    if BUILTINS.contains(&name) || is_exception_name(name) {
        return Some(Value::Library(Rc::from(format!("builtins.{name}"))));
    }
    None
}

fn kwarg<'a>(kwargs: &'a Kwargs, name: &str) -> Option<&'a Value> {
    kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// `module.name`.
pub(super) fn module_attr(interp: &mut Interp<'_>, module: &str, name: &str) -> R<Value> {
    match (module, name) {
        ("math", "pi") => Ok(Value::Float(std::f64::consts::PI)),
        ("math", "e") => Ok(Value::Float(std::f64::consts::E)),
        ("math", "inf") => Ok(Value::Float(f64::INFINITY)),
        _ => {
            let _ = interp;
            Ok(crate::python::library::member(module, name))
        }
    }
}

/// `library_name.name` (e.g. `datetime.utcnow`, `func.count`, `timezone.utc`).
pub(super) fn library_attr(interp: &mut Interp<'_>, path: &str, name: &str) -> R<Value> {
    if path.starts_with("sqlalchemy") || path.starts_with("flask_sqlalchemy") {
        if let Some(value) = crate::orm::library_attr(interp, path, name)? {
            return Ok(value);
        }
    }
    match (path, name) {
        // `type(e).__name__`: the last dotted segment names the class.
        (_, "__name__" | "__qualname__") => Ok(Value::str(path.rsplit('.').next().unwrap_or(path))),
        ("datetime.datetime", "min") => Ok(Value::DateTime(Rc::new(DateTime { days: crate::python::time::days_from_civil(1, 1, 1), micros: 0, utc: false }))),
        ("datetime.datetime", "max") => Ok(Value::DateTime(Rc::new(DateTime { days: crate::python::time::days_from_civil(9999, 12, 31), micros: 86_399_999_999, utc: false }))),
        _ => Ok(Value::Library(Rc::from(format!("{path}.{name}")))),
    }
}

/// Calls a library name.
pub(super) fn call_library(interp: &mut Interp<'_>, name: &str, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    if let Some(builtin) = name.strip_prefix("builtins.") {
        return call_builtin(interp, builtin, args, kwargs);
    }
    if name.starts_with("sqlalchemy") || name.starts_with("flask_sqlalchemy") || name.starts_with("werkzeug") {
        return crate::orm::call_library(interp, name, args, kwargs);
    }
    match name {
        "datetime.datetime.utcnow" | "datetime.datetime.now" | "datetime.datetime.today" => {
            let utc = !args.is_empty() || kwarg(&kwargs, "tz").is_some_and(|v| !matches!(v, Value::None));
            Ok(Value::DateTime(Rc::new(DateTime { utc, ..FROZEN })))
        }
        "datetime.date.today" => Ok(Value::Date(Rc::new(FROZEN.date()))),
        "datetime.datetime" => {
            let mut fields = [0i64, 0, 0, 0, 0, 0, 0];
            let names = ["year", "month", "day", "hour", "minute", "second", "microsecond"];
            for (index, value) in args.iter().enumerate() {
                match (fields.get_mut(index), value) {
                    (Some(slot), Value::Int(v)) => *slot = *v,
                    _ => return interp.err("TypeError", "'float' object cannot be interpreted as an integer"),
                }
            }
            let mut utc = false;
            for (key, value) in &kwargs {
                if key == "tzinfo" {
                    utc = !matches!(value, Value::None);
                    continue;
                }
                match (names.iter().position(|n| n == key), value) {
                    (Some(at), Value::Int(v)) => fields[at] = *v,
                    _ => return interp.err("TypeError", format!("'{key}' is an invalid keyword argument for this function")),
                }
            }
            if args.len() + kwargs.iter().filter(|(k, _)| k != "tzinfo").count() < 3 {
                return interp.err("TypeError", "function missing required argument 'day' (pos 3)");
            }
            match DateTime::new(fields) {
                Ok(dt) => Ok(Value::DateTime(Rc::new(DateTime { utc, ..dt }))),
                Err(message) => interp.err("ValueError", message),
            }
        }
        "datetime.datetime.fromisoformat" => match args.first() {
            Some(Value::Str(text)) => match DateTime::parse(text) {
                Some(dt) => Ok(Value::DateTime(Rc::new(dt))),
                None => interp.err("ValueError", format!("Invalid isoformat string: '{text}'")),
            },
            _ => interp.err("TypeError", "fromisoformat: argument must be str"),
        },
        "datetime.date" => {
            let ints: Vec<i64> = args.iter().filter_map(|v| if let Value::Int(i) = v { Some(*i) } else { None }).collect();
            let [y, m, d] = ints.as_slice() else { return interp.err("TypeError", "function missing required argument") };
            match check_date(*y, *m, *d) {
                Ok(days) => Ok(Value::Date(Rc::new(Date { days }))),
                Err(message) => interp.err("ValueError", message),
            }
        }
        "datetime.timedelta" => {
            let number = |v: Option<&Value>| -> f64 {
                match v {
                    Some(Value::Int(i)) => *i as f64,
                    Some(Value::Float(f)) => *f,
                    _ => 0.0,
                }
            };
            let get = |index: usize, key: &str| number(args.get(index).or_else(|| kwarg(&kwargs, key)));
            match TimeDelta::from_parts(get(0, "days"), get(1, "seconds"), get(2, "microseconds"), get(3, "milliseconds"), get(4, "minutes"), get(5, "hours"), get(6, "weeks")) {
                Some(delta) => Ok(Value::TimeDelta(Rc::new(delta))),
                None => interp.err("OverflowError", "days=1000000000; must have magnitude <= 999999999"),
            }
        }
        "datetime.timezone.utc" => interp.err("TypeError", "'datetime.timezone' object is not callable"),
        "decimal.Decimal" => match args.first() {
            None => Ok(Value::Decimal(Rc::new(Decimal::from_int(0)))),
            Some(Value::Str(text)) => match Decimal::parse(text) {
                Some(d) => Ok(Value::Decimal(Rc::new(d))),
                None => interp.err("InvalidOperation", "[<class 'decimal.ConversionSyntax'>]"),
            },
            Some(Value::Int(i)) => Ok(Value::Decimal(Rc::new(Decimal::from_int(*i)))),
            Some(Value::Decimal(d)) => Ok(Value::Decimal(d.clone())),
            Some(Value::Float(f)) => match exact_float_decimal(*f) {
                Some(d) => Ok(Value::Decimal(Rc::new(d))),
                None => interp.unsupported("Decimal(float) of this value"),
            },
            Some(other) => interp.err("TypeError", format!("conversion from {} to Decimal is not supported", interp.type_name(other))),
        },
        "json.dumps" => {
            let value = args.first().cloned().unwrap_or(Value::None);
            let indent = match kwarg(&kwargs, "indent") {
                Some(Value::Int(n)) => Some(usize::try_from(*n).unwrap_or(0)),
                _ => None,
            };
            let default = kwarg(&kwargs, "default").cloned();
            let sort_keys = kwarg(&kwargs, "sort_keys").is_some_and(Value::truthy);
            let mut out = String::new();
            json_dump(interp, &value, indent, 0, default.as_ref(), sort_keys, &mut out)?;
            Ok(Value::str(&out))
        }
        "json.loads" => match args.first() {
            Some(Value::Str(text)) => match serde_json::from_str::<serde_json::Value>(text) {
                Ok(json) => Ok(from_json(&json)),
                Err(e) => interp.err("JSONDecodeError", e.to_string()),
            },
            _ => interp.err("TypeError", "the JSON object must be str"),
        },
        "re.match" | "re.search" | "re.fullmatch" | "re.sub" | "re.findall" | "re.compile" => super::regex::call(interp, name, args, kwargs),
        "math.sqrt" | "math.floor" | "math.ceil" | "math.isclose" | "math.log" | "math.fabs" => {
            let x = match args.first() {
                Some(Value::Int(i)) => *i as f64,
                Some(Value::Float(f)) => *f,
                Some(Value::Decimal(d)) => d.to_f64(),
                _ => return interp.err("TypeError", "must be real number"),
            };
            Ok(match name {
                "math.sqrt" => {
                    if x < 0.0 {
                        return interp.err("ValueError", "math domain error");
                    }
                    Value::Float(x.sqrt())
                }
                "math.floor" => Value::Int(x.floor() as i64),
                "math.ceil" => Value::Int(x.ceil() as i64),
                "math.fabs" => Value::Float(x.abs()),
                "math.log" => Value::Float(x.ln()),
                _ => {
                    let y = match args.get(1) {
                        Some(Value::Int(i)) => *i as f64,
                        Some(Value::Float(f)) => *f,
                        _ => 0.0,
                    };
                    Value::Bool((x - y).abs() <= 1e-9 * x.abs().max(y.abs()))
                }
            })
        }
        "uuid.uuid4" => interp.unsupported("uuid4() (ormlab runs deterministically)"),
        "random.random" | "random.randint" | "random.choice" => interp.unsupported("random numbers (ormlab runs deterministically)"),
        _ if name.starts_with("datetime.") || name.starts_with("decimal.") || name.starts_with("json.") => {
            interp.unsupported(&format!("{name}()"))
        }
        _ => match name.rsplit('.').next() {
            Some(short) if is_exception_name(short) => Ok(make_exception(interp, short, args)?),
            _ => interp.unsupported(&format!("calling {name}()")),
        },
    }
}

fn exact_float_decimal(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    // The exact binary value, as Decimal(float) gives it.
    let text = format!("{value:.60}");
    let trimmed = text.trim_end_matches('0');
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    Decimal::parse(trimmed)
}

/// An exception object of class `kind` made from call arguments.
pub(super) fn make_exception(interp: &mut Interp<'_>, kind: &str, args: Vec<Value>) -> R<Value> {
    let message = match args.as_slice() {
        [] => String::new(),
        [single] => {
            if kind == "KeyError" {
                interp.repr(single)?
            } else {
                interp.to_str(single)?
            }
        }
        many => interp.repr(&Value::Tuple(many.to_vec().into()))?,
    };
    Ok(Value::Exception(Rc::new(ExceptionValue { kind: Rc::from(kind), message, args, line: Some(interp.line), attrs: Vec::new() })))
}

fn from_json(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::None,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(items) => list(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => dict(map.iter().map(|(k, v)| (Value::str(k), from_json(v))).collect()),
    }
}

/// Converts a JSON value (from SQLite's JSON column text) to a Python value.
pub(super) fn json_to_value(json: &serde_json::Value) -> Value {
    from_json(json)
}

fn json_string(text: &str) -> String {
    // json.dumps escapes non-ASCII by default (ensure_ascii=True).
    let mut out = String::from("\"");
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
    out
}

/// `json.dumps` with CPython's separators and indentation.
pub(super) fn json_dump(interp: &mut Interp<'_>, value: &Value, indent: Option<usize>, level: usize, default: Option<&Value>, sort_keys: bool, out: &mut String) -> R<()> {
    interp.enter()?;
    let result = json_dump_inner(interp, value, indent, level, default, sort_keys, out);
    interp.leave();
    result
}

fn json_dump_inner(interp: &mut Interp<'_>, value: &Value, indent: Option<usize>, level: usize, default: Option<&Value>, sort_keys: bool, out: &mut String) -> R<()> {
    let newline = |out: &mut String, level: usize| {
        if let Some(n) = indent {
            out.push('\n');
            out.push_str(&" ".repeat(n * level));
        }
    };
    let item_separator = if indent.is_some() { "," } else { ", " };
    match value {
        Value::None => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&if f.is_nan() {
            "NaN".to_string()
        } else if f.is_infinite() {
            if *f > 0.0 { "Infinity".into() } else { "-Infinity".into() }
        } else {
            crate::python::num::float_repr(*f)
        }),
        Value::Str(s) => out.push_str(&json_string(s)),
        Value::ListMut(_) | Value::List(_) | Value::Tuple(_) => {
            let items = interp.iterate(value)?;
            if items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(item_separator);
                }
                newline(out, level + 1);
                json_dump(interp, item, indent, level + 1, default, sort_keys, out)?;
            }
            newline(out, level);
            out.push(']');
        }
        Value::DictMut(_) | Value::Dict(_) => {
            let mut items = interp.dict_items(value)?;
            if items.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            if sort_keys {
                let keys: Vec<Value> = items.iter().map(|(k, _)| k.clone()).collect();
                let sorted = sort_values(interp, keys, None, false)?;
                let mut reordered = Vec::new();
                for key in sorted {
                    if let Some(v) = interp.dict_lookup(&items, &key)? {
                        reordered.push((key, v));
                    }
                }
                items = reordered;
            }
            out.push('{');
            for (index, (key, item)) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(item_separator);
                }
                newline(out, level + 1);
                let key_text = match key {
                    Value::Str(s) => s.to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Bool(b) => if *b { "true".into() } else { "false".into() },
                    Value::None => "null".into(),
                    Value::Float(f) => crate::python::num::float_repr(*f),
                    other => return interp.err("TypeError", format!("keys must be str, int, float, bool or None, not {}", interp.type_name(other))),
                };
                out.push_str(&json_string(&key_text));
                out.push_str(": ");
                json_dump(interp, item, indent, level + 1, default, sort_keys, out)?;
            }
            newline(out, level);
            out.push('}');
        }
        other => match default {
            Some(function) => {
                let converted = interp.call_value(function, vec![other.clone()], Vec::new())?;
                json_dump(interp, &converted, indent, level, None, sort_keys, out)?;
            }
            None => {
                return interp.err("TypeError", format!("Object of type {} is not JSON serializable", short_type(&interp.type_name(other))));
            }
        },
    }
    Ok(())
}

fn short_type(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

fn number_arg(interp: &Interp<'_>, value: &Value, function: &str) -> R<f64> {
    match value {
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::Float(f) => Ok(*f),
        Value::Decimal(d) => Ok(d.to_f64()),
        other => interp.err("TypeError", format!("bad operand type for {function}(): '{}'", interp.type_name(other))),
    }
}

/// Calls the builtin `name`.
pub(super) fn call_builtin(interp: &mut Interp<'_>, name: &str, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    let first = args.first().cloned();
    match name {
        "print" => {
            let sep = match kwarg(&kwargs, "sep") {
                Some(Value::Str(s)) => s.to_string(),
                _ => " ".into(),
            };
            let end = match kwarg(&kwargs, "end") {
                Some(Value::Str(s)) => s.to_string(),
                _ => "\n".into(),
            };
            let mut parts = Vec::with_capacity(args.len());
            for arg in &args {
                parts.push(interp.to_str(arg)?);
            }
            let text = format!("{}{end}", parts.join(&sep));
            interp.write(&text);
            Ok(Value::None)
        }
        "len" => {
            let Some(value) = first else { return interp.err("TypeError", "len() takes exactly one argument (0 given)") };
            let n = match &value {
                Value::Str(s) => s.chars().count(),
                Value::Bytes(b) => b.len(),
                Value::ListMut(items) | Value::Set(items) => items.borrow().len(),
                Value::List(items) | Value::Tuple(items) => items.len(),
                Value::DictMut(items) => items.borrow().len(),
                Value::Dict(items) => items.len(),
                Value::Orm(_) => return crate::orm::len(interp, &value),
                other => return interp.err("TypeError", format!("object of type '{}' has no len()", interp.type_name(other))),
            };
            Ok(Value::Int(i64::try_from(n).unwrap_or(i64::MAX)))
        }
        "range" => {
            let ints: Vec<i64> = args.iter().map(super::expr::as_index).collect::<Option<Vec<_>>>().unwrap_or_default();
            if ints.len() != args.len() || args.is_empty() {
                return interp.err("TypeError", "'float' object cannot be interpreted as an integer");
            }
            let (start, stop, step) = match ints.as_slice() {
                [stop] => (0, *stop, 1),
                [start, stop] => (*start, *stop, 1),
                [start, stop, step, ..] => (*start, *stop, *step),
                [] => (0, 0, 1),
            };
            if step == 0 {
                return interp.err("ValueError", "range() arg 3 must not be zero");
            }
            let count = if step > 0 { (stop - start + step - 1).max(0) / step } else { (start - stop - step - 1).max(0) / -step };
            if count > 5_000_000 {
                return interp.unsupported("ranges of more than 5000000 items");
            }
            let mut out = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
            let mut i = start;
            while (step > 0 && i < stop) || (step < 0 && i > stop) {
                out.push(Value::Int(i));
                i += step;
            }
            Ok(list(out))
        }
        "enumerate" => {
            let items = match &first {
                Some(v) => interp.iterate(v)?,
                None => return interp.err("TypeError", "enumerate() missing required argument 'iterable' (pos 1)"),
            };
            let start = match args.get(1).or_else(|| kwarg(&kwargs, "start")) {
                Some(Value::Int(s)) => *s,
                _ => 0,
            };
            Ok(list(items.into_iter().enumerate().map(|(i, v)| tuple(vec![Value::Int(start + i64::try_from(i).unwrap_or(0)), v])).collect()))
        }
        "zip" => {
            let mut columns = Vec::new();
            for arg in &args {
                columns.push(interp.iterate(arg)?);
            }
            let len = columns.iter().map(Vec::len).min().unwrap_or(0);
            Ok(list((0..len).map(|i| tuple(columns.iter().map(|c| c[i].clone()).collect())).collect()))
        }
        "sorted" => {
            let items = match &first {
                Some(v) => interp.iterate(v)?,
                None => return interp.err("TypeError", "sorted expected 1 argument, got 0"),
            };
            let key = kwarg(&kwargs, "key").cloned().filter(|v| !matches!(v, Value::None));
            let reverse = kwarg(&kwargs, "reverse").is_some_and(Value::truthy);
            Ok(list(sort_values(interp, items, key.as_ref(), reverse)?))
        }
        "reversed" => {
            let mut items = match &first {
                Some(v) => interp.iterate(v)?,
                None => Vec::new(),
            };
            items.reverse();
            Ok(list(items))
        }
        "sum" => {
            let items = match &first {
                Some(v) => interp.iterate(v)?,
                None => return interp.err("TypeError", "sum() takes at least 1 positional argument (0 given)"),
            };
            let mut total = args.get(1).cloned().or_else(|| kwarg(&kwargs, "start").cloned()).unwrap_or(Value::Int(0));
            for item in items {
                total = interp.binary(ruff_python_ast::Operator::Add, total, item)?;
            }
            Ok(total)
        }
        "min" | "max" => {
            let items = if args.len() == 1 { interp.iterate(&args[0])? } else { args.clone() };
            let key = kwarg(&kwargs, "key").cloned();
            if items.is_empty() {
                return match kwarg(&kwargs, "default") {
                    Some(default) => Ok(default.clone()),
                    None => interp.err("ValueError", format!("{name}() iterable argument is empty")),
                };
            }
            let mut best = items[0].clone();
            let mut best_key = match &key {
                Some(f) => interp.call_value(f, vec![best.clone()], Vec::new())?,
                None => best.clone(),
            };
            for item in items.into_iter().skip(1) {
                let k = match &key {
                    Some(f) => interp.call_value(f, vec![item.clone()], Vec::new())?,
                    None => item.clone(),
                };
                let ordering = interp.order(&k, &best_key, if name == "min" { "<" } else { ">" })?;
                let better = if name == "min" { ordering == std::cmp::Ordering::Less } else { ordering == std::cmp::Ordering::Greater };
                if better {
                    best = item;
                    best_key = k;
                }
            }
            Ok(best)
        }
        "any" | "all" => {
            let items = match &first {
                Some(v) => interp.iterate(v)?,
                None => Vec::new(),
            };
            for item in items {
                let truth = interp.truthy(&item)?;
                if name == "any" && truth {
                    return Ok(Value::Bool(true));
                }
                if name == "all" && !truth {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(name == "all"))
        }
        "isinstance" => {
            let (Some(value), Some(classes)) = (args.first(), args.get(1)) else {
                return interp.err("TypeError", "isinstance expected 2 arguments");
            };
            Ok(Value::Bool(is_instance(interp, value, classes)))
        }
        "getattr" => {
            let (Some(object), Some(Value::Str(attr))) = (args.first(), args.get(1)) else {
                return interp.err("TypeError", "attribute name must be string");
            };
            match interp.get_attr(object, attr) {
                Ok(v) => Ok(v),
                Err(super::Exc::Raise(e)) if e.kind.as_ref() == "AttributeError" && args.len() > 2 => Ok(args[2].clone()),
                Err(e) => Err(e),
            }
        }
        "hasattr" => {
            let (Some(object), Some(Value::Str(attr))) = (args.first(), args.get(1)) else {
                return interp.err("TypeError", "attribute name must be string");
            };
            match interp.get_attr(object, attr) {
                Ok(_) => Ok(Value::Bool(true)),
                Err(super::Exc::Raise(e)) if e.kind.as_ref() == "AttributeError" => Ok(Value::Bool(false)),
                Err(e) => Err(e),
            }
        }
        "setattr" => {
            let (Some(object), Some(Value::Str(attr)), Some(value)) = (args.first(), args.get(1), args.get(2)) else {
                return interp.err("TypeError", "setattr expected 3 arguments");
            };
            interp.set_attr(object, attr, value.clone())?;
            Ok(Value::None)
        }
        "str" => match first {
            None => Ok(Value::str("")),
            Some(Value::Bytes(b)) if args.len() > 1 => Ok(Value::str(&String::from_utf8_lossy(&b))),
            Some(v) => Ok(Value::str(&interp.to_str(&v)?)),
        },
        "repr" | "ascii" => match first {
            Some(v) => Ok(Value::str(&interp.repr(&v)?)),
            None => interp.err("TypeError", "repr() takes exactly one argument (0 given)"),
        },
        "int" => match first {
            None => Ok(Value::Int(0)),
            Some(Value::Int(i)) => Ok(Value::Int(i)),
            Some(Value::Bool(b)) => Ok(Value::Int(i64::from(b))),
            Some(Value::Float(f)) => {
                if !f.is_finite() {
                    return interp.err(if f.is_nan() { "ValueError" } else { "OverflowError" }, "cannot convert float to integer");
                }
                Ok(Value::Int(f.trunc() as i64))
            }
            Some(Value::Decimal(d)) => Ok(Value::Int(d.quantize(0).map_or(0, |q| {
                // int() truncates toward zero.
                let t = d.to_f64().trunc();
                let _ = q;
                t as i64
            }))),
            Some(Value::Str(s)) => {
                let base = match args.get(1) {
                    Some(Value::Int(b)) => u32::try_from(*b).unwrap_or(10),
                    _ => 10,
                };
                match i64::from_str_radix(s.trim().replace('_', "").as_str(), base) {
                    Ok(i) => Ok(Value::Int(i)),
                    Err(_) => interp.err("ValueError", format!("invalid literal for int() with base {base}: {}", super::repr::str_repr(&s))),
                }
            }
            Some(other) => interp.err("TypeError", format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", interp.type_name(&other))),
        },
        "float" => match first {
            None => Ok(Value::Float(0.0)),
            Some(Value::Str(s)) => {
                let t = s.trim().to_lowercase();
                let parsed = match t.as_str() {
                    "inf" | "+inf" | "infinity" => Some(f64::INFINITY),
                    "-inf" | "-infinity" => Some(f64::NEG_INFINITY),
                    "nan" => Some(f64::NAN),
                    _ => t.replace('_', "").parse::<f64>().ok(),
                };
                match parsed {
                    Some(f) => Ok(Value::Float(f)),
                    None => interp.err("ValueError", format!("could not convert string to float: {}", super::repr::str_repr(&s))),
                }
            }
            Some(v) => Ok(Value::Float(number_arg(interp, &v, "float")?)),
        },
        "bool" => match first {
            None => Ok(Value::Bool(false)),
            Some(v) => Ok(Value::Bool(interp.truthy(&v)?)),
        },
        "abs" => match first {
            Some(Value::Int(i)) => Ok(Value::Int(i.checked_abs().unwrap_or(i64::MAX))),
            Some(Value::Bool(b)) => Ok(Value::Int(i64::from(b))),
            Some(Value::Float(f)) => Ok(Value::Float(f.abs())),
            Some(Value::Decimal(d)) => Ok(Value::Decimal(Rc::new(Decimal { coefficient: d.coefficient.abs(), exponent: d.exponent }))),
            Some(Value::TimeDelta(t)) => Ok(Value::TimeDelta(Rc::new(TimeDelta { micros: t.micros.abs() }))),
            Some(other) => interp.err("TypeError", format!("bad operand type for abs(): '{}'", interp.type_name(&other))),
            None => interp.err("TypeError", "abs() takes exactly one argument (0 given)"),
        },
        "round" => {
            let digits = match args.get(1).or_else(|| kwarg(&kwargs, "ndigits")) {
                Some(Value::Int(n)) => Some(*n),
                _ => None,
            };
            match (first, digits) {
                (Some(Value::Int(i)), _) => Ok(Value::Int(i)),
                (Some(Value::Float(f)), None) => {
                    let r = f.round();
                    // Banker's rounding, like CPython.
                    let r = if (f - f.trunc()).abs() == 0.5 { 2.0 * (f / 2.0).round() } else { r };
                    Ok(Value::Int(r as i64))
                }
                (Some(Value::Float(f)), Some(n)) => {
                    // Round through the exact decimal text, as CPython's correctly rounded repr does.
                    let n = n.clamp(-300, 300);
                    if n >= 0 {
                        let text = format!("{f:.prec$}", prec = usize::try_from(n).unwrap_or(0));
                        Ok(Value::Float(text.parse().unwrap_or(f)))
                    } else {
                        let scale = 10f64.powi(i32::try_from(-n).unwrap_or(0));
                        Ok(Value::Float((f / scale).round() * scale))
                    }
                }
                (Some(Value::Decimal(d)), n) => match super::methods::decimal_round(&d, n.unwrap_or(0)) {
                    Some(out) if n.is_some() => Ok(Value::Decimal(Rc::new(out))),
                    Some(out) => Ok(Value::Int(i64::try_from(out.coefficient).unwrap_or(0))),
                    None => interp.err("InvalidOperation", "[<class 'decimal.InvalidOperation'>]"),
                },
                (Some(other), _) => interp.err("TypeError", format!("type {} doesn't define __round__ method", interp.type_name(&other))),
                (None, _) => interp.err("TypeError", "round() missing required argument 'number' (pos 1)"),
            }
        }
        "list" | "tuple" | "set" | "frozenset" => {
            let items = match &first {
                Some(v) => interp.iterate(v)?,
                None => Vec::new(),
            };
            Ok(match name {
                "list" => list(items),
                "tuple" => tuple(items),
                _ => {
                    let mut unique: Vec<Value> = Vec::new();
                    for item in items {
                        if !interp.contains_value(&unique, &item)? {
                            unique.push(item);
                        }
                    }
                    Value::Set(Rc::new(RefCell::new(unique)))
                }
            })
        }
        "dict" => {
            let mut items = Vec::new();
            if let Some(source) = &first {
                match source {
                    Value::DictMut(_) | Value::Dict(_) | Value::Orm(_) => {
                        for (k, v) in interp.dict_items(source)? {
                            interp.dict_insert(&mut items, k, v)?;
                        }
                    }
                    other => {
                        for pair in interp.iterate(other)? {
                            let kv = interp.iterate(&pair)?;
                            match kv.as_slice() {
                                [k, v] => interp.dict_insert(&mut items, k.clone(), v.clone())?,
                                _ => return interp.err("ValueError", "dictionary update sequence element #0 has wrong length; 2 is required"),
                            }
                        }
                    }
                }
            }
            for (key, value) in kwargs {
                interp.dict_insert(&mut items, Value::str(&key), value)?;
            }
            Ok(dict(items))
        }
        "type" => match first {
            Some(Value::Instance(instance)) => Ok(Value::Class(instance.class.clone())),
            Some(v) => {
                let type_name = interp.type_name(&v);
                Ok(Value::Library(Rc::from(format!("builtins.{type_name}"))))
            }
            None => interp.err("TypeError", "type() takes 1 or 3 arguments"),
        },
        "id" => match first {
            Some(Value::Instance(instance)) => Ok(Value::Int(i64::try_from(instance.id).unwrap_or(0))),
            _ => Ok(Value::Int(140_000_000_000)),
        },
        "callable" => Ok(Value::Bool(matches!(first, Some(Value::Closure(_) | Value::Function(_) | Value::Lambda(_) | Value::Method(_) | Value::Class(_) | Value::Library(_))))),
        "iter" => match first {
            Some(v) => Ok(list(interp.iterate(&v)?)),
            None => interp.err("TypeError", "iter expected 1 argument"),
        },
        "next" => match first {
            Some(Value::ListMut(items)) => {
                if items.borrow().is_empty() {
                    return match args.get(1) {
                        Some(default) => Ok(default.clone()),
                        None => interp.err("StopIteration", ""),
                    };
                }
                Ok(items.borrow_mut().remove(0))
            }
            _ => interp.unsupported("next() on this value"),
        },
        "map" | "filter" => {
            let (Some(function), Some(iterable)) = (args.first(), args.get(1)) else {
                return interp.err("TypeError", format!("{name}() must have at least two arguments."));
            };
            let items = interp.iterate(iterable)?;
            let mut out = Vec::new();
            for item in items {
                if name == "map" {
                    out.push(interp.call_value(function, vec![item], Vec::new())?);
                } else {
                    let keep = match function {
                        Value::None => interp.truthy(&item)?,
                        f => {
                            let result = interp.call_value(f, vec![item.clone()], Vec::new())?;
                            interp.truthy(&result)?
                        }
                    };
                    if keep {
                        out.push(item);
                    }
                }
            }
            Ok(list(out))
        }
        "divmod" => {
            let (Some(a), Some(b)) = (args.first(), args.get(1)) else { return interp.err("TypeError", "divmod expected 2 arguments") };
            let q = interp.binary(ruff_python_ast::Operator::FloorDiv, a.clone(), b.clone())?;
            let r = interp.binary(ruff_python_ast::Operator::Mod, a.clone(), b.clone())?;
            Ok(tuple(vec![q, r]))
        }
        "pow" => {
            let (Some(a), Some(b)) = (args.first(), args.get(1)) else { return interp.err("TypeError", "pow expected 2 arguments") };
            interp.binary(ruff_python_ast::Operator::Pow, a.clone(), b.clone())
        }
        "chr" => match first {
            Some(Value::Int(i)) => match u32::try_from(i).ok().and_then(char::from_u32) {
                Some(c) => Ok(Value::str(&c.to_string())),
                None => interp.err("ValueError", "chr() arg not in range(0x110000)"),
            },
            _ => interp.err("TypeError", "an integer is required"),
        },
        "ord" => match first {
            Some(Value::Str(s)) if s.chars().count() == 1 => Ok(Value::Int(i64::from(s.chars().next().map_or(0, |c| c as u32)))),
            _ => interp.err("TypeError", "ord() expected a character"),
        },
        "hex" => match first {
            Some(Value::Int(i)) => Ok(Value::str(&if i < 0 { format!("-0x{:x}", i.unsigned_abs()) } else { format!("0x{i:x}") })),
            _ => interp.err("TypeError", "an integer is required"),
        },
        "bin" => match first {
            Some(Value::Int(i)) => Ok(Value::str(&if i < 0 { format!("-0b{:b}", i.unsigned_abs()) } else { format!("0b{i:b}") })),
            _ => interp.err("TypeError", "an integer is required"),
        },
        "hash" => match first {
            Some(Value::Int(i)) => Ok(Value::Int(i)),
            _ => Ok(Value::Int(0)),
        },
        "format" => {
            let value = first.unwrap_or(Value::None);
            let spec = match args.get(1) {
                Some(Value::Str(s)) => s.to_string(),
                _ => String::new(),
            };
            Ok(Value::str(&interp.format_value(&value, &spec)?))
        }
        "vars" => match first {
            Some(v @ Value::Instance(_)) => interp.get_attr(&v, "__dict__"),
            _ => interp.unsupported("vars() of this value"),
        },
        "bytes" => match first {
            Some(Value::Str(s)) => Ok(Value::Bytes(s.as_bytes().to_vec().into())),
            None => Ok(Value::Bytes(Rc::from(Vec::new()))),
            Some(other) => {
                let items = interp.iterate(&other)?;
                let bytes: Vec<u8> = items.iter().filter_map(|v| if let Value::Int(i) = v { u8::try_from(*i).ok() } else { None }).collect();
                Ok(Value::Bytes(bytes.into()))
            }
        },
        "issubclass" => match (args.first(), args.get(1)) {
            (Some(Value::Class(a)), Some(b)) => Ok(Value::Bool(class_is(&Value::Class(a.clone()), b))),
            _ => Ok(Value::Bool(false)),
        },
        "object" => Ok(Value::Instance(Rc::new(crate::python::object::Instance {
            class: Rc::new(crate::python::value::ClassValue { name: "object".into(), bases: Vec::new(), keywords: Vec::new(), members: Vec::new(), range: (0, 0), order: 0 }),
            id: interp.new_id(),
            dict: RefCell::new(Vec::new()),
        }))),
        "super" => interp.unsupported("super()"),
        "property" | "staticmethod" | "classmethod" => match first {
            Some(function) => Ok(function),
            None => interp.err("TypeError", format!("{name}() missing argument")),
        },
        _ if is_exception_name(name) => make_exception(interp, name, args),
        _ => interp.unsupported(&format!("the builtin {name}()")),
    }
}

fn class_is(class: &Value, target: &Value) -> bool {
    match (class, target) {
        (Value::Class(a), Value::Class(b)) => Rc::ptr_eq(a, b) || a.bases.iter().any(|base| class_is(base, target)),
        (Value::Library(a), Value::Library(b)) => a == b,
        _ => false,
    }
}

/// `isinstance(value, classes)`.
pub(super) fn is_instance(interp: &Interp<'_>, value: &Value, classes: &Value) -> bool {
    if let Value::Tuple(items) = classes {
        return items.iter().any(|c| is_instance(interp, value, c));
    }
    match classes {
        Value::Class(class) => match value {
            Value::Instance(instance) => class_is(&Value::Class(instance.class.clone()), classes),
            Value::EnumMember(member_class, _) => Rc::ptr_eq(member_class, class),
            Value::Exception(e) => e.kind.as_ref() == class.name,
            _ => false,
        },
        Value::Library(name) => {
            let short = name.rsplit('.').next().unwrap_or(name);
            match value {
                Value::Exception(e) => crate::python::object::exception_matches(&e.kind, short),
                _ => {
                    let type_name = interp.type_name(value);
                    match short {
                        "int" => matches!(value, Value::Int(_) | Value::Bool(_)),
                        "object" => true,
                        "datetime" if name.as_ref() == "datetime.datetime" => matches!(value, Value::DateTime(_)),
                        "date" => matches!(value, Value::Date(_) | Value::DateTime(_)),
                        "Decimal" => matches!(value, Value::Decimal(_)),
                        _ => type_name == short,
                    }
                }
            }
        }
        _ => false,
    }
}
