//! Methods and attributes of the built-in types: str, list, dict, set, tuple, datetime,
//! Decimal; item assignment and slicing.

use super::call::Kwargs;
use super::expr::{as_index, normalize};
use super::{dict, list, tuple, Interp, R};
use crate::python::num::Decimal;
use crate::python::object::Method;
use crate::python::time::DateTime;
use crate::python::value::Value;
use std::cell::RefCell;
use std::rc::Rc;

const STR_METHODS: &[&str] = &[
    "upper", "lower", "strip", "lstrip", "rstrip", "split", "rsplit", "join", "replace", "startswith", "endswith",
    "find", "rfind", "index", "count", "format", "title", "capitalize", "isdigit", "isalpha", "isalnum", "isspace",
    "isupper", "islower", "splitlines", "zfill", "center", "ljust", "rjust", "encode", "partition", "swapcase",
    "casefold", "removeprefix", "removesuffix", "isnumeric", "isdecimal",
];
const LIST_METHODS: &[&str] = &["append", "extend", "pop", "insert", "remove", "index", "count", "sort", "reverse", "clear", "copy"];
const DICT_METHODS: &[&str] = &["get", "keys", "values", "items", "pop", "setdefault", "update", "copy", "clear"];
const SET_METHODS: &[&str] = &["add", "discard", "remove", "union", "intersection", "difference", "copy", "clear", "pop", "update", "issubset", "issuperset"];

/// `value.name` for built-in values.
pub(super) fn builtin_attr(interp: &mut Interp<'_>, value: &Value, name: &str) -> R<Value> {
    let method = |value: &Value| Ok(Value::Method(Rc::new(Method { receiver: value.clone(), name: Rc::from(name), function: None })));
    match value {
        Value::Str(_) if STR_METHODS.contains(&name) => method(value),
        Value::ListMut(_) | Value::List(_) if LIST_METHODS.contains(&name) => method(value),
        Value::Tuple(_) if matches!(name, "index" | "count") => method(value),
        Value::DictMut(_) | Value::Dict(_) if DICT_METHODS.contains(&name) => method(value),
        Value::Set(_) if SET_METHODS.contains(&name) => method(value),
        Value::Int(_) if matches!(name, "bit_length" | "to_bytes") => method(value),
        Value::Float(f) if name == "is_integer" => {
            let _ = f;
            method(value)
        }
        Value::Bytes(_) if name == "decode" || name == "hex" => method(value),
        Value::DateTime(dt) => {
            let [y, mo, d, h, mi, s, us] = dt.fields();
            match name {
                "year" => Ok(Value::Int(y)),
                "month" => Ok(Value::Int(mo)),
                "day" => Ok(Value::Int(d)),
                "hour" => Ok(Value::Int(h)),
                "minute" => Ok(Value::Int(mi)),
                "second" => Ok(Value::Int(s)),
                "microsecond" => Ok(Value::Int(us)),
                "tzinfo" => Ok(if dt.utc { Value::Library(Rc::from("datetime.timezone.utc")) } else { Value::None }),
                "isoformat" | "strftime" | "date" | "replace" | "timestamp" | "weekday" | "isoweekday" | "time" | "astimezone" => method(value),
                _ => interp.err("AttributeError", format!("'datetime.datetime' object has no attribute '{name}'")),
            }
        }
        Value::Date(date) => {
            let (y, mo, d) = crate::python::time::civil_from_days(date.days);
            match name {
                "year" => Ok(Value::Int(y)),
                "month" => Ok(Value::Int(mo)),
                "day" => Ok(Value::Int(d)),
                "isoformat" | "strftime" | "replace" | "weekday" | "isoweekday" => method(value),
                _ => interp.err("AttributeError", format!("'datetime.date' object has no attribute '{name}'")),
            }
        }
        Value::TimeDelta(delta) => {
            let (days, seconds, micros) = delta.parts();
            match name {
                "days" => Ok(Value::Int(days)),
                "seconds" => Ok(Value::Int(seconds)),
                "microseconds" => Ok(Value::Int(micros)),
                "total_seconds" => method(value),
                _ => interp.err("AttributeError", format!("'datetime.timedelta' object has no attribute '{name}'")),
            }
        }
        Value::Decimal(_) if matches!(name, "quantize" | "normalize" | "is_zero" | "as_tuple" | "to_integral_value") => method(value),
        Value::Closure(closure) if name == "__name__" => Ok(Value::str(&closure.name)),
        _ => interp.err("AttributeError", format!("'{}' object has no attribute '{name}'", interp.type_name(value))),
    }
}

fn arg(args: &[Value], index: usize) -> Option<&Value> {
    args.get(index)
}

fn text_arg(interp: &Interp<'_>, args: &[Value], index: usize, method: &str) -> R<Option<String>> {
    match args.get(index) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.to_string())),
        Some(other) => interp.err("TypeError", format!("{method}() argument must be str or None, not {}", interp.type_name(other))),
    }
}

/// Calls a method of a built-in value.
pub(super) fn call_builtin_method(interp: &mut Interp<'_>, receiver: &Value, name: &str, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    match receiver {
        Value::Str(s) => str_method(interp, s, name, &args, &kwargs),
        Value::ListMut(items) => {
            // A mapped collection fires attribute events for what the method changed.
            let mutating = matches!(name, "append" | "extend" | "insert" | "pop" | "remove" | "clear");
            let before = if mutating { crate::orm::backref::before_change(interp, items) } else { None };
            let out = list_method(interp, items, name, args, kwargs)?;
            if let Some(before) = before {
                crate::orm::backref::collection_changed(interp, items, &before)?;
            }
            Ok(out)
        }
        Value::List(items) => {
            let copy = Rc::new(RefCell::new(items.to_vec()));
            list_method(interp, &copy, name, args, kwargs)
        }
        Value::Tuple(items) => {
            let copy = Rc::new(RefCell::new(items.to_vec()));
            list_method(interp, &copy, name, args, kwargs)
        }
        Value::DictMut(items) => dict_method(interp, items, name, args),
        Value::Dict(items) => {
            let copy = Rc::new(RefCell::new(items.to_vec()));
            dict_method(interp, &copy, name, args)
        }
        Value::Set(items) => set_method(interp, items, name, args),
        Value::DateTime(dt) => datetime_method(interp, dt, name, &args, &kwargs),
        Value::Date(date) => {
            let as_dt = DateTime { days: date.days, micros: 0, utc: false };
            match name {
                "isoformat" => Ok(Value::str(&date.isoformat())),
                "strftime" => match arg(&args, 0) {
                    Some(Value::Str(p)) => Ok(Value::str(&as_dt.strftime(p))),
                    _ => interp.err("TypeError", "strftime() argument 1 must be str"),
                },
                "weekday" => Ok(Value::Int(crate::python::time::weekday(date.days))),
                "isoweekday" => Ok(Value::Int(crate::python::time::weekday(date.days) + 1)),
                _ => interp.unsupported(&format!("date.{name}()")),
            }
        }
        Value::TimeDelta(delta) if name == "total_seconds" => Ok(Value::Float(delta.total_seconds())),
        Value::Decimal(d) => match name {
            "quantize" => match arg(&args, 0) {
                Some(Value::Decimal(q)) => match d.quantize(q.exponent) {
                    Some(out) => Ok(Value::Decimal(Rc::new(out))),
                    None => interp.err("InvalidOperation", "[<class 'decimal.InvalidOperation'>]"),
                },
                _ => interp.err("TypeError", "conversion from this type to Decimal is not supported"),
            },
            "is_zero" => Ok(Value::Bool(d.is_zero())),
            "normalize" => {
                let mut out = **d;
                while out.coefficient != 0 && out.coefficient % 10 == 0 {
                    out.coefficient /= 10;
                    out.exponent += 1;
                }
                if out.coefficient == 0 {
                    out.exponent = 0;
                }
                Ok(Value::Decimal(Rc::new(out)))
            }
            _ => interp.unsupported(&format!("Decimal.{name}()")),
        },
        Value::Float(f) if name == "is_integer" => Ok(Value::Bool(f.fract() == 0.0)),
        Value::Int(i) if name == "bit_length" => Ok(Value::Int(i64::from(64 - i.unsigned_abs().leading_zeros()))),
        Value::Bytes(b) if name == "decode" => Ok(Value::str(&String::from_utf8_lossy(b))),
        Value::Bytes(b) if name == "hex" => Ok(Value::str(&b.iter().map(|x| format!("{x:02x}")).collect::<String>())),
        other => interp.err("AttributeError", format!("'{}' object has no attribute '{name}'", interp.type_name(other))),
    }
}

fn str_method(interp: &mut Interp<'_>, s: &str, name: &str, args: &[Value], kwargs: &Kwargs) -> R<Value> {
    let text = |t: String| Ok(Value::str(&t));
    match name {
        "upper" => text(s.to_uppercase()),
        "lower" | "casefold" => text(s.to_lowercase()),
        "swapcase" => text(s.chars().map(|c| if c.is_uppercase() { c.to_lowercase().collect::<String>() } else { c.to_uppercase().collect() }).collect()),
        "strip" | "lstrip" | "rstrip" => {
            let chars = text_arg(interp, args, 0, name)?;
            let matcher = |c: char| match &chars {
                Some(set) => set.contains(c),
                None => c.is_whitespace(),
            };
            text(match name {
                "strip" => s.trim_matches(matcher).to_string(),
                "lstrip" => s.trim_start_matches(matcher).to_string(),
                _ => s.trim_end_matches(matcher).to_string(),
            })
        }
        "split" | "rsplit" => {
            let sep = match kwargs.iter().find(|(k, _)| k == "sep") {
                Some((_, Value::Str(sep))) => Some(sep.to_string()),
                _ => text_arg(interp, args, 0, name)?,
            };
            let maxsplit = match args.get(1).or_else(|| kwargs.iter().find(|(k, _)| k == "maxsplit").map(|(_, v)| v)) {
                Some(Value::Int(n)) if *n >= 0 => Some(usize::try_from(*n).unwrap_or(usize::MAX)),
                _ => None,
            };
            let parts: Vec<String> = match (&sep, maxsplit) {
                (Some(sep), _) if sep.is_empty() => return interp.err("ValueError", "empty separator"),
                (Some(sep), Some(n)) if name == "split" => s.splitn(n + 1, sep.as_str()).map(str::to_string).collect(),
                (Some(sep), Some(n)) => {
                    let mut parts: Vec<String> = s.rsplitn(n + 1, sep.as_str()).map(str::to_string).collect();
                    parts.reverse();
                    parts
                }
                (Some(sep), None) => s.split(sep.as_str()).map(str::to_string).collect(),
                (None, Some(n)) => {
                    let mut parts = Vec::new();
                    let mut rest = s.trim_start();
                    while !rest.is_empty() {
                        if parts.len() == n {
                            parts.push(rest.to_string());
                            break;
                        }
                        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                        parts.push(rest[..end].to_string());
                        rest = rest[end..].trim_start();
                    }
                    parts
                }
                (None, None) => s.split_whitespace().map(str::to_string).collect(),
            };
            Ok(list(parts.iter().map(|p| Value::str(p)).collect()))
        }
        "splitlines" => Ok(list(s.lines().map(Value::str).collect())),
        "join" => {
            let items = match args.first() {
                Some(iterable) => interp.iterate(iterable)?,
                None => return interp.err("TypeError", "str.join() takes exactly one argument (0 given)"),
            };
            let mut parts = Vec::with_capacity(items.len());
            for (index, item) in items.iter().enumerate() {
                match item {
                    Value::Str(part) => parts.push(part.to_string()),
                    other => {
                        return interp.err("TypeError", format!("sequence item {index}: expected str instance, {} found", interp.type_name(other)))
                    }
                }
            }
            text(parts.join(s))
        }
        "replace" => match (args.first(), args.get(1)) {
            (Some(Value::Str(old)), Some(Value::Str(new))) => match args.get(2) {
                Some(Value::Int(n)) if *n >= 0 => text(s.replacen(&**old, new, usize::try_from(*n).unwrap_or(0))),
                _ => text(s.replace(&**old, new)),
            },
            _ => interp.err("TypeError", "replace expected 2 arguments"),
        },
        "startswith" | "endswith" => {
            let candidates = match args.first() {
                Some(Value::Str(p)) => vec![p.to_string()],
                Some(Value::Tuple(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
                _ => return interp.err("TypeError", format!("{name} first arg must be str or a tuple of str")),
            };
            Ok(Value::Bool(candidates.iter().any(|p| if name == "startswith" { s.starts_with(p.as_str()) } else { s.ends_with(p.as_str()) })))
        }
        "find" | "rfind" | "index" | "count" => {
            let Some(Value::Str(needle)) = args.first() else { return interp.err("TypeError", "must be str") };
            if name == "count" {
                return Ok(Value::Int(i64::try_from(if needle.is_empty() { s.chars().count() + 1 } else { s.matches(&**needle).count() }).unwrap_or(0)));
            }
            let found = if name == "rfind" { s.rfind(&**needle) } else { s.find(&**needle) };
            match found {
                Some(byte) => Ok(Value::Int(i64::try_from(s[..byte].chars().count()).unwrap_or(0))),
                None if name == "index" => interp.err("ValueError", "substring not found"),
                None => Ok(Value::Int(-1)),
            }
        }
        "format" => str_format(interp, s, args, kwargs),
        "title" => {
            let mut out = String::new();
            let mut previous_letter = false;
            for c in s.chars() {
                if c.is_alphabetic() {
                    if previous_letter {
                        out.extend(c.to_lowercase());
                    } else {
                        out.extend(c.to_uppercase());
                    }
                    previous_letter = true;
                } else {
                    out.push(c);
                    previous_letter = false;
                }
            }
            text(out)
        }
        "capitalize" => {
            let mut chars = s.chars();
            text(match chars.next() {
                Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            })
        }
        "isdigit" | "isnumeric" | "isdecimal" => Ok(Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))),
        "isalpha" => Ok(Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic))),
        "isalnum" => Ok(Value::Bool(!s.is_empty() && s.chars().all(char::is_alphanumeric))),
        "isspace" => Ok(Value::Bool(!s.is_empty() && s.chars().all(char::is_whitespace))),
        "isupper" => Ok(Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase))),
        "islower" => Ok(Value::Bool(s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_uppercase))),
        "zfill" | "center" | "ljust" | "rjust" => {
            let width = match args.first() {
                Some(Value::Int(w)) => usize::try_from(*w).unwrap_or(0).min(100_000),
                _ => return interp.err("TypeError", "an integer is required"),
            };
            let fill = match args.get(1) {
                Some(Value::Str(f)) => f.chars().next().unwrap_or(' '),
                _ => ' ',
            };
            let len = s.chars().count();
            if len >= width {
                return text(s.to_string());
            }
            let pad = width - len;
            let fills = |n: usize| fill.to_string().repeat(n);
            text(match name {
                "zfill" => {
                    let (sign, rest) = if s.starts_with(['-', '+']) { s.split_at(1) } else { ("", s) };
                    format!("{sign}{}{rest}", "0".repeat(pad))
                }
                "center" => {
                    let left = pad / 2 + (pad & width & 1);
                    format!("{}{s}{}", fills(left), fills(pad - left))
                }
                "ljust" => format!("{s}{}", fills(pad)),
                _ => format!("{}{s}", fills(pad)),
            })
        }
        "encode" => Ok(Value::Bytes(s.as_bytes().to_vec().into())),
        "partition" => {
            let Some(Value::Str(sep)) = args.first() else { return interp.err("TypeError", "must be str") };
            Ok(match s.split_once(&**sep) {
                Some((a, b)) => tuple(vec![Value::str(a), Value::Str(sep.clone()), Value::str(b)]),
                None => tuple(vec![Value::str(s), Value::str(""), Value::str("")]),
            })
        }
        "removeprefix" => match args.first() {
            Some(Value::Str(p)) => text(s.strip_prefix(&**p).unwrap_or(s).to_string()),
            _ => interp.err("TypeError", "must be str"),
        },
        "removesuffix" => match args.first() {
            Some(Value::Str(p)) => text(s.strip_suffix(&**p).unwrap_or(s).to_string()),
            _ => interp.err("TypeError", "must be str"),
        },
        _ => interp.err("AttributeError", format!("'str' object has no attribute '{name}'")),
    }
}

/// `"...".format(*args, **kwargs)`.
fn str_format(interp: &mut Interp<'_>, pattern: &str, args: &[Value], kwargs: &Kwargs) -> R<Value> {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    let mut auto = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                let mut closed = false;
                for d in chars.by_ref() {
                    if d == '}' {
                        closed = true;
                        break;
                    }
                    field.push(d);
                }
                if !closed {
                    return interp.err("ValueError", "expected '}' before end of string");
                }
                let (name, spec) = field.split_once(':').unwrap_or((&field, ""));
                let (name, conversion) = match name.split_once('!') {
                    Some((n, conv)) => (n, Some(conv)),
                    None => (name, None),
                };
                let (base, attr) = match name.split_once('.') {
                    Some((b, a)) => (b, Some(a)),
                    None => (name, None),
                };
                let mut value = if base.is_empty() {
                    let v = args.get(auto).cloned();
                    auto += 1;
                    match v {
                        Some(v) => v,
                        None => return interp.err("IndexError", format!("Replacement index {} out of range for positional args tuple", auto - 1)),
                    }
                } else if let Ok(index) = base.parse::<usize>() {
                    match args.get(index) {
                        Some(v) => v.clone(),
                        None => return interp.err("IndexError", format!("Replacement index {index} out of range for positional args tuple")),
                    }
                } else {
                    match kwargs.iter().find(|(k, _)| k == base) {
                        Some((_, v)) => v.clone(),
                        None => return interp.err("KeyError", format!("'{base}'")),
                    }
                };
                if let Some(attr) = attr {
                    value = interp.get_attr(&value, attr)?;
                }
                let value = match conversion {
                    Some("r") => Value::str(&interp.repr(&value)?),
                    Some("s") => Value::str(&interp.to_str(&value)?),
                    _ => value,
                };
                out.push_str(&interp.format_value(&value, spec)?);
            }
            other => out.push(other),
        }
    }
    Ok(Value::str(&out))
}

fn list_method(interp: &mut Interp<'_>, items: &Rc<RefCell<Vec<Value>>>, name: &str, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    match name {
        "append" => {
            let Some(value) = args.into_iter().next() else { return interp.err("TypeError", "list.append() takes exactly one argument (0 given)") };
            if items.borrow().len() > 10_000_000 {
                return interp.err("MemoryError", "");
            }
            items.borrow_mut().push(value);
            Ok(Value::None)
        }
        "extend" => {
            let extra = match args.first() {
                Some(iterable) => interp.iterate(iterable)?,
                None => Vec::new(),
            };
            items.borrow_mut().extend(extra);
            Ok(Value::None)
        }
        "insert" => {
            let index = args.first().and_then(as_index).unwrap_or(0);
            let value = args.get(1).cloned().unwrap_or(Value::None);
            let len = i64::try_from(items.borrow().len()).unwrap_or(0);
            let at = if index < 0 { (index + len).max(0) } else { index.min(len) };
            items.borrow_mut().insert(usize::try_from(at).unwrap_or(0), value);
            Ok(Value::None)
        }
        "pop" => {
            let len = items.borrow().len();
            if len == 0 {
                return interp.err("IndexError", "pop from empty list");
            }
            let index = args.first().and_then(as_index).unwrap_or(-1);
            match normalize(index, len) {
                Some(at) => Ok(items.borrow_mut().remove(at)),
                None => interp.err("IndexError", "pop index out of range"),
            }
        }
        "remove" | "index" | "count" => {
            let needle = args.first().cloned().unwrap_or(Value::None);
            let snapshot = items.borrow().clone();
            let mut positions = Vec::new();
            for (index, item) in snapshot.iter().enumerate() {
                if interp.eq(item, &needle)? {
                    positions.push(index);
                }
            }
            match name {
                "count" => Ok(Value::Int(i64::try_from(positions.len()).unwrap_or(0))),
                "index" => match positions.first() {
                    Some(&at) => Ok(Value::Int(i64::try_from(at).unwrap_or(0))),
                    None => {
                        let text = interp.repr(&needle)?;
                        interp.err("ValueError", format!("{text} is not in list"))
                    }
                },
                _ => match positions.first() {
                    Some(&at) => {
                        items.borrow_mut().remove(at);
                        Ok(Value::None)
                    }
                    None => interp.err("ValueError", "list.remove(x): x not in list"),
                },
            }
        }
        "sort" => {
            let key = kwargs.iter().find(|(k, _)| k == "key").map(|(_, v)| v.clone()).filter(|v| !matches!(v, Value::None));
            let reverse = kwargs.iter().find(|(k, _)| k == "reverse").is_some_and(|(_, v)| v.truthy());
            let snapshot = items.borrow().clone();
            let sorted = sort_values(interp, snapshot, key.as_ref(), reverse)?;
            *items.borrow_mut() = sorted;
            Ok(Value::None)
        }
        "reverse" => {
            items.borrow_mut().reverse();
            Ok(Value::None)
        }
        "clear" => {
            items.borrow_mut().clear();
            Ok(Value::None)
        }
        "copy" => Ok(list(items.borrow().clone())),
        _ => interp.err("AttributeError", format!("'list' object has no attribute '{name}'")),
    }
}

/// A stable sort with Python's comparison (and `key=`, `reverse=`).
pub(super) fn sort_values(interp: &mut Interp<'_>, values: Vec<Value>, key: Option<&Value>, reverse: bool) -> R<Vec<Value>> {
    let mut keyed = Vec::with_capacity(values.len());
    for value in values {
        let k = match key {
            Some(f) => interp.call_value(f, vec![value.clone()], Vec::new())?,
            None => value.clone(),
        };
        keyed.push((k, value));
    }
    // Insertion-merge sort through the interpreter's comparison (which can raise).
    let mut sorted: Vec<(Value, Value)> = Vec::with_capacity(keyed.len());
    for item in keyed {
        // Binary search for the insertion point keeping stability.
        let (mut lo, mut hi) = (0usize, sorted.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let ordering = interp.order(&item.0, &sorted[mid].0, "<")?;
            let before = if reverse { ordering == std::cmp::Ordering::Greater } else { ordering == std::cmp::Ordering::Less };
            if before {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        sorted.insert(lo, item);
    }
    Ok(sorted.into_iter().map(|(_, v)| v).collect())
}

fn dict_method(interp: &mut Interp<'_>, items: &Rc<RefCell<Vec<(Value, Value)>>>, name: &str, args: Vec<Value>) -> R<Value> {
    match name {
        "get" => {
            let key = args.first().cloned().unwrap_or(Value::None);
            let snapshot = items.borrow().clone();
            Ok(interp.dict_lookup(&snapshot, &key)?.unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::None)))
        }
        "keys" => Ok(list(items.borrow().iter().map(|(k, _)| k.clone()).collect())),
        "values" => Ok(list(items.borrow().iter().map(|(_, v)| v.clone()).collect())),
        "items" => Ok(list(items.borrow().iter().map(|(k, v)| tuple(vec![k.clone(), v.clone()])).collect())),
        "pop" => {
            let key = args.first().cloned().unwrap_or(Value::None);
            let snapshot = items.borrow().clone();
            for (index, (k, v)) in snapshot.iter().enumerate() {
                if interp.eq(k, &key)? {
                    items.borrow_mut().remove(index);
                    return Ok(v.clone());
                }
            }
            match args.get(1) {
                Some(default) => Ok(default.clone()),
                None => {
                    interp.key_error(&key)
                }
            }
        }
        "setdefault" => {
            let key = args.first().cloned().unwrap_or(Value::None);
            let default = args.get(1).cloned().unwrap_or(Value::None);
            let snapshot = items.borrow().clone();
            if let Some(found) = interp.dict_lookup(&snapshot, &key)? {
                return Ok(found);
            }
            items.borrow_mut().push((key, default.clone()));
            Ok(default)
        }
        "update" => {
            let mut snapshot = items.borrow().clone();
            if let Some(other) = args.first() {
                let pairs = match other {
                    Value::DictMut(_) | Value::Dict(_) => interp.dict_items(other)?,
                    iterable => {
                        let mut pairs = Vec::new();
                        for pair in interp.iterate(iterable)? {
                            let kv = interp.iterate(&pair)?;
                            if let [k, v] = kv.as_slice() {
                                pairs.push((k.clone(), v.clone()));
                            }
                        }
                        pairs
                    }
                };
                for (k, v) in pairs {
                    interp.dict_insert(&mut snapshot, k, v)?;
                }
            }
            *items.borrow_mut() = snapshot;
            Ok(Value::None)
        }
        "copy" => Ok(dict(items.borrow().clone())),
        "clear" => {
            items.borrow_mut().clear();
            Ok(Value::None)
        }
        _ => interp.err("AttributeError", format!("'dict' object has no attribute '{name}'")),
    }
}

fn set_method(interp: &mut Interp<'_>, items: &Rc<RefCell<Vec<Value>>>, name: &str, args: Vec<Value>) -> R<Value> {
    let snapshot = items.borrow().clone();
    match name {
        "add" => {
            let value = args.into_iter().next().unwrap_or(Value::None);
            if !interp.contains_value(&snapshot, &value)? {
                items.borrow_mut().push(value);
            }
            Ok(Value::None)
        }
        "update" => {
            for iterable in &args {
                for value in interp.iterate(iterable)? {
                    let current = items.borrow().clone();
                    if !interp.contains_value(&current, &value)? {
                        items.borrow_mut().push(value);
                    }
                }
            }
            Ok(Value::None)
        }
        "discard" | "remove" => {
            let value = args.into_iter().next().unwrap_or(Value::None);
            for (index, item) in snapshot.iter().enumerate() {
                if interp.eq(item, &value)? {
                    items.borrow_mut().remove(index);
                    return Ok(Value::None);
                }
            }
            if name == "remove" {
                return interp.key_error(&value);
            }
            Ok(Value::None)
        }
        "union" | "intersection" | "difference" | "issubset" | "issuperset" => {
            let other = match args.first() {
                Some(o) => interp.iterate(o)?,
                None => Vec::new(),
            };
            let mut out = Vec::new();
            match name {
                "union" => {
                    for item in snapshot.into_iter().chain(other) {
                        if !interp.contains_value(&out, &item)? {
                            out.push(item);
                        }
                    }
                }
                "intersection" => {
                    for item in snapshot {
                        if interp.contains_value(&other, &item)? {
                            out.push(item);
                        }
                    }
                }
                "difference" => {
                    for item in snapshot {
                        if !interp.contains_value(&other, &item)? {
                            out.push(item);
                        }
                    }
                }
                "issubset" => {
                    for item in &snapshot {
                        if !interp.contains_value(&other, item)? {
                            return Ok(Value::Bool(false));
                        }
                    }
                    return Ok(Value::Bool(true));
                }
                _ => {
                    for item in &other {
                        if !interp.contains_value(&snapshot, item)? {
                            return Ok(Value::Bool(false));
                        }
                    }
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Set(Rc::new(RefCell::new(out))))
        }
        "copy" => Ok(Value::Set(Rc::new(RefCell::new(snapshot)))),
        "clear" => {
            items.borrow_mut().clear();
            Ok(Value::None)
        }
        "pop" => {
            if snapshot.is_empty() {
                return interp.err("KeyError", "'pop from an empty set'");
            }
            Ok(items.borrow_mut().remove(0))
        }
        _ => interp.err("AttributeError", format!("'set' object has no attribute '{name}'")),
    }
}

fn datetime_method(interp: &mut Interp<'_>, dt: &DateTime, name: &str, args: &[Value], kwargs: &Kwargs) -> R<Value> {
    match name {
        "isoformat" => {
            let sep = match args.first().or_else(|| kwargs.iter().find(|(k, _)| k == "sep").map(|(_, v)| v)) {
                Some(Value::Str(s)) => s.chars().next().unwrap_or('T'),
                _ => 'T',
            };
            Ok(Value::str(&dt.isoformat(sep)))
        }
        "strftime" => match args.first() {
            Some(Value::Str(p)) => Ok(Value::str(&dt.strftime(p))),
            _ => interp.err("TypeError", "strftime() argument 1 must be str"),
        },
        "date" => Ok(Value::Date(Rc::new(dt.date()))),
        "weekday" => Ok(Value::Int(crate::python::time::weekday(dt.days))),
        "isoweekday" => Ok(Value::Int(crate::python::time::weekday(dt.days) + 1)),
        "timestamp" => Ok(Value::Float((dt.days * 86_400) as f64 + dt.micros as f64 / 1e6)),
        "replace" => {
            let mut fields = dt.fields();
            let names = ["year", "month", "day", "hour", "minute", "second", "microsecond"];
            for (key, value) in kwargs {
                if key == "tzinfo" {
                    continue;
                }
                match (names.iter().position(|n| n == key), value) {
                    (Some(at), Value::Int(v)) => fields[at] = *v,
                    _ => return interp.err("TypeError", format!("'{key}' is an invalid keyword argument for replace()")),
                }
            }
            match DateTime::new(fields) {
                Ok(mut out) => {
                    out.utc = match kwargs.iter().find(|(k, _)| k == "tzinfo") {
                        Some((_, Value::None)) => false,
                        Some(_) => true,
                        None => dt.utc,
                    };
                    Ok(Value::DateTime(Rc::new(out)))
                }
                Err(message) => interp.err("ValueError", message),
            }
        }
        "astimezone" => Ok(Value::DateTime(Rc::new(DateTime { utc: true, ..*dt }))),
        _ => interp.unsupported(&format!("datetime.{name}()")),
    }
}

/// `container[key] = value`.
pub(super) fn set_item(interp: &mut Interp<'_>, container: &Value, key: Value, value: Value) -> R<()> {
    match container {
        Value::ListMut(items) => {
            let len = items.borrow().len();
            let Some(index) = as_index(&key) else { return interp.err("TypeError", "list indices must be integers or slices") };
            match normalize(index, len) {
                Some(at) => {
                    let before = crate::orm::backref::before_change(interp, items);
                    items.borrow_mut()[at] = value;
                    match before {
                        Some(before) => crate::orm::backref::collection_changed(interp, items, &before),
                        None => Ok(()),
                    }
                }
                None => interp.err("IndexError", "list assignment index out of range"),
            }
        }
        Value::DictMut(items) => {
            let mut snapshot = items.borrow().clone();
            interp.dict_insert(&mut snapshot, key, value)?;
            *items.borrow_mut() = snapshot;
            Ok(())
        }
        Value::Orm(_) => crate::orm::set_item(interp, container, key, value),
        other => interp.err("TypeError", format!("'{}' object does not support item assignment", interp.type_name(other))),
    }
}

/// `del container[key]`.
pub(super) fn del_item(interp: &mut Interp<'_>, container: &Value, key: &Value) -> R<()> {
    match container {
        Value::ListMut(items) => {
            let len = items.borrow().len();
            match as_index(key).and_then(|i| normalize(i, len)) {
                Some(at) => {
                    let before = crate::orm::backref::before_change(interp, items);
                    items.borrow_mut().remove(at);
                    match before {
                        Some(before) => crate::orm::backref::collection_changed(interp, items, &before),
                        None => Ok(()),
                    }
                }
                None => interp.err("IndexError", "list assignment index out of range"),
            }
        }
        Value::DictMut(items) => {
            let snapshot = items.borrow().clone();
            for (index, (k, _)) in snapshot.iter().enumerate() {
                if interp.eq(k, key)? {
                    items.borrow_mut().remove(index);
                    return Ok(());
                }
            }
            interp.key_error(key)
        }
        other => interp.err("TypeError", format!("'{}' object does not support item deletion", interp.type_name(other))),
    }
}

/// `container[lower:upper:step]`.
pub(super) fn slice(interp: &mut Interp<'_>, container: &Value, lower: Option<i64>, upper: Option<i64>, step: Option<i64>) -> R<Value> {
    let step = step.unwrap_or(1);
    if step == 0 {
        return interp.err("ValueError", "slice step cannot be zero");
    }
    let pick = |len: usize| -> Vec<usize> {
        let len = i64::try_from(len).unwrap_or(0);
        let clamp = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
        let norm = |v: i64| if v < 0 { v + len } else { v };
        let mut out = Vec::new();
        if step > 0 {
            let start = clamp(lower.map_or(0, norm), 0, len);
            let stop = clamp(upper.map_or(len, norm), 0, len);
            let mut i = start;
            while i < stop {
                out.push(usize::try_from(i).unwrap_or(0));
                i += step;
            }
        } else {
            let start = clamp(lower.map_or(len - 1, norm), -1, len - 1);
            let stop = clamp(upper.map_or(-1, |v| if v < 0 { v + len } else { v }), -1, len - 1);
            let mut i = start;
            while i > stop {
                out.push(usize::try_from(i).unwrap_or(0));
                i += step;
            }
        }
        out
    };
    match container {
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            Ok(Value::str(&pick(chars.len()).into_iter().filter_map(|i| chars.get(i)).collect::<String>()))
        }
        Value::Tuple(items) => Ok(tuple(pick(items.len()).into_iter().filter_map(|i| items.get(i).cloned()).collect())),
        Value::ListMut(_) | Value::List(_) => {
            let items = interp.iterate(container)?;
            Ok(list(pick(items.len()).into_iter().filter_map(|i| items.get(i).cloned()).collect()))
        }
        Value::Orm(_) => crate::orm::slice(interp, container, lower, upper),
        other => interp.err("TypeError", format!("'{}' object is not subscriptable", interp.type_name(other))),
    }
}

/// Keeps the helper types referenced for future use by `round()` on Decimals.
pub(super) fn decimal_round(value: &Decimal, places: i64) -> Option<Decimal> {
    value.quantize(-i32::try_from(places).ok()?)
}
