//! `repr()` and `str()` exactly as CPython prints them.

use super::{Interp, R};
use crate::python::num::float_repr;
use crate::python::value::Value;

/// CPython's `repr(str)`: single quotes unless the text has a single quote and no double;
/// backslash escapes for the quote, backslash and the characters CPython finds unprintable.
/// Alembic renders every name and literal with it too.
pub fn str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !printable(c) => out.push_str(&escape(c)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `str.isprintable()` for the characters people paste: controls, no-break and zero-width
/// spaces, line and paragraph separators, the BOM. (Unassigned code points are left out: the
/// whole table would cost more than it teaches.)
fn printable(c: char) -> bool {
    !matches!(c as u32, 0..=0x1f | 0x7f..=0xa0 | 0xad | 0x2000..=0x200f | 0x2028..=0x202f | 0x205f..=0x206f | 0x3000 | 0xfeff)
}

fn escape(c: char) -> String {
    match c as u32 {
        n @ 0..=0xff => format!("\\x{n:02x}"),
        n @ 0x100..=0xffff => format!("\\u{n:04x}"),
        n => format!("\\U{n:08x}"),
    }
}

/// CPython's `repr(bytes)`.
pub fn bytes_repr(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') { b'"' } else { b'\'' };
    let mut out = String::from("b");
    out.push(quote as char);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b if b == quote => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            other => out.push_str(&format!("\\x{other:02x}")),
        }
    }
    out.push(quote as char);
    out
}

impl Interp<'_> {
    /// `repr(value)`.
    pub fn repr(&mut self, value: &Value) -> R<String> {
        self.enter()?;
        let result = self.repr_inner(value);
        self.leave();
        result
    }

    fn repr_inner(&mut self, value: &Value) -> R<String> {
        self.step()?;
        Ok(match value {
            Value::None => "None".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => str_repr(s),
            Value::Bytes(b) => bytes_repr(b),
            Value::Tuple(items) => {
                let parts = self.reprs(items)?;
                if parts.len() == 1 {
                    format!("({},)", parts.join(""))
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Value::List(items) => format!("[{}]", self.reprs(items)?.join(", ")),
            Value::ListMut(items) => {
                let items = items.borrow().clone();
                format!("[{}]", self.reprs(&items)?.join(", "))
            }
            Value::Set(items) => {
                let items = items.borrow().clone();
                if items.is_empty() {
                    "set()".into()
                } else {
                    format!("{{{}}}", self.reprs(&items)?.join(", "))
                }
            }
            Value::Dict(_) | Value::DictMut(_) => {
                let items = self.dict_items(value)?;
                let mut parts = Vec::with_capacity(items.len());
                for (k, v) in &items {
                    parts.push(format!("{}: {}", self.repr(k)?, self.repr(v)?));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Value::Decimal(d) => format!("Decimal('{d}')"),
            Value::DateTime(dt) => dt.repr(),
            Value::Date(d) => d.repr(),
            Value::TimeDelta(t) => t.repr(),
            Value::Exception(e) => {
                let args = self.reprs(&e.args)?;
                if args.len() == 1 {
                    format!("{}({})", e.kind, args.join(""))
                } else {
                    format!("{}({})", e.kind, args.join(", "))
                }
            }
            Value::Instance(instance) => {
                if let Some(method) = instance.class.lookup("__repr__") {
                    let bound = self.get_attr(value, "__repr__")?;
                    let _ = method;
                    let result = self.call_value(&bound, Vec::new(), Vec::new())?;
                    return match result {
                        Value::Str(s) => Ok(s.to_string()),
                        other => self.err("TypeError", format!("__repr__ returned non-string (type {})", self.type_name(&other))),
                    };
                }
                if instance.class.derives_from_db_model() {
                    return crate::orm::default_model_repr(self, instance);
                }
                format!("<__main__.{} object at 0x{:012x}>", instance.class.name, 0x7f00_0000_0000u64 + instance.id * 0x40)
            }
            Value::Class(class) => {
                let module = if class.order == 0 { "__main__" } else { "models" };
                format!("<class '{module}.{}'>", class.name)
            }
            Value::EnumMember(class, name) => {
                let value = class.own(name).cloned().unwrap_or(Value::None);
                format!("<{}.{name}: {}>", class.name, self.repr(&value)?)
            }
            Value::Closure(c) => format!("<function {} at 0x7f0000000000>", c.name),
            Value::Function(f) => format!("<function {}.{} at 0x7f0000000000>", "Model", f.name),
            Value::Lambda(_) => "<function <lambda> at 0x7f0000000000>".into(),
            Value::Method(m) => format!("<bound method {}>", m.name),
            Value::Module(m) => format!("<module '{m}'>"),
            Value::Library(name) => match name.strip_prefix("builtins.") {
                Some(builtin) if matches!(builtin, "int" | "str" | "float" | "bool" | "list" | "dict" | "set" | "tuple" | "bytes" | "object") => {
                    format!("<class '{builtin}'>")
                }
                Some(builtin) => format!("<built-in function {builtin}>"),
                None => format!("<class '{name}'>"),
            },
            Value::Orm(_) | Value::Db => return crate::orm::repr(self, value),
            Value::Call(call) => format!("<{}>", call.callee),
            Value::Generic(_) => "typing.Generic".into(),
        })
    }

    fn reprs(&mut self, items: &[Value]) -> R<Vec<String>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(self.repr(item)?);
        }
        Ok(out)
    }

    /// `str(value)`.
    pub fn to_str(&mut self, value: &Value) -> R<String> {
        match value {
            Value::Str(s) => Ok(s.to_string()),
            Value::Decimal(d) => Ok(d.to_string()),
            Value::DateTime(dt) => Ok(dt.isoformat(' ')),
            Value::Date(d) => Ok(d.isoformat()),
            Value::TimeDelta(t) => Ok(t.display()),
            Value::Exception(e) => Ok(e.message.clone()),
            Value::EnumMember(class, name) => Ok(format!("{}.{name}", class.name)),
            Value::Instance(instance) => {
                if instance.class.lookup("__str__").is_some() {
                    let bound = self.get_attr(value, "__str__")?;
                    let result = self.call_value(&bound, Vec::new(), Vec::new())?;
                    return match result {
                        Value::Str(s) => Ok(s.to_string()),
                        other => self.err("TypeError", format!("__str__ returned non-string (type {})", self.type_name(&other))),
                    };
                }
                self.repr(value)
            }
            Value::Orm(_) => crate::orm::to_str(self, value),
            other => self.repr(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_repr_like_cpython() {
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(str_repr("line\n"), "'line\\n'");
        assert_eq!(bytes_repr(b"\x00ab'"), "b\"\\x00ab'\"");
    }
}

#[cfg(test)]
mod str_repr_tests {
    use super::str_repr;

    #[test]
    fn quotes_and_escapes_like_cpython() {
        assert_eq!(str_repr("users"), "'users'");
        assert_eq!(str_repr("'0'"), "\"'0'\"");
        assert_eq!(str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(str_repr("a\\b\n"), "'a\\\\b\\n'");
        // repr('\x7f\xa0\xad\u200b\u2028\ufeff') in CPython 3.11:
        assert_eq!(str_repr("\u{7f}\u{a0}\u{ad}\u{200b}\u{2028}\u{feff}"), "'\\x7f\\xa0\\xad\\u200b\\u2028\\ufeff'");
        assert_eq!(str_repr("é✓"), "'é✓'");
    }
}
