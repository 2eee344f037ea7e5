//! The format-spec mini-language (`f"{x:>8.2f}"`, `format(x, ",")`) and `%` formatting.

use super::{Interp, R};
use crate::python::num::{float_repr, Decimal};
use crate::python::value::Value;

/// A parsed format spec.
#[derive(Debug, Default)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alternate: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

fn parse(spec: &str) -> Result<Spec, String> {
    let chars: Vec<char> = spec.chars().collect();
    let mut out = Spec::default();
    let mut i = 0;
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        out.fill = Some(chars[0]);
        out.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        out.align = Some(chars[0]);
        i = 1;
    }
    if let Some(&c) = chars.get(i) {
        if matches!(c, '+' | '-' | ' ') {
            out.sign = Some(c);
            i += 1;
        }
    }
    if chars.get(i) == Some(&'#') {
        out.alternate = true;
        i += 1;
    }
    if chars.get(i) == Some(&'0') {
        out.zero = true;
        i += 1;
    }
    let start = i;
    while chars.get(i).is_some_and(char::is_ascii_digit) {
        i += 1;
    }
    if i > start {
        out.width = chars[start..i].iter().collect::<String>().parse().map_err(|_| "Too many decimal digits in format string".to_string())?;
        if out.width > 10_000 {
            return Err("Too many decimal digits in format string".into());
        }
    }
    if let Some(&c) = chars.get(i) {
        if c == ',' || c == '_' {
            out.grouping = Some(c);
            i += 1;
        }
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        let start = i;
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return Err("Format specifier missing precision".into());
        }
        let precision: usize = chars[start..i].iter().collect::<String>().parse().map_err(|_| "Too many decimal digits in format string".to_string())?;
        if precision > 1000 {
            return Err("precision too big".into());
        }
        out.precision = Some(precision);
    }
    if let Some(&c) = chars.get(i) {
        out.kind = Some(c);
        i += 1;
    }
    if i != chars.len() {
        return Err("Invalid format specifier".into());
    }
    Ok(out)
}

fn group(digits: &str, separator: char) -> String {
    let mut out = String::new();
    let len = digits.len();
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (len - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// Lays out a number's text (`negative`, body digits) with sign, grouping, width and fill.
fn layout_number(spec: &Spec, negative: bool, body: &str) -> String {
    let (int_part, rest) = match body.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => body.split_at(at),
        None => (body, ""),
    };
    let int_part = match spec.grouping {
        Some(sep) => group(int_part, sep),
        None => int_part.to_string(),
    };
    let sign = if negative {
        "-"
    } else {
        match spec.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    let number = format!("{int_part}{rest}");
    let len = sign.chars().count() + number.chars().count();
    if spec.width <= len {
        return format!("{sign}{number}");
    }
    let pad = spec.width - len;
    let fill = spec.fill.unwrap_or(if spec.zero && spec.align.is_none() { '0' } else { ' ' });
    let align = spec.align.unwrap_or(if spec.zero { '=' } else { '>' });
    pad_text(&format!("{sign}{number}"), sign, &number, fill, align, pad)
}

fn pad_text(whole: &str, sign: &str, number: &str, fill: char, align: char, pad: usize) -> String {
    let fills = |n: usize| fill.to_string().repeat(n);
    match align {
        '<' => format!("{whole}{}", fills(pad)),
        '^' => format!("{}{whole}{}", fills(pad / 2), fills(pad - pad / 2)),
        '=' => format!("{sign}{}{number}", fills(pad)),
        _ => format!("{}{whole}", fills(pad)),
    }
}

fn layout_text(spec: &Spec, text: &str) -> String {
    let len = text.chars().count();
    if spec.width <= len {
        return text.to_string();
    }
    let fill = spec.fill.unwrap_or(' ');
    pad_text(text, "", text, fill, spec.align.unwrap_or('<'), spec.width - len)
}

fn exponent_format(value: f64, precision: usize, upper: bool) -> String {
    let text = format!("{value:.precision$e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let e = if upper { 'E' } else { 'e' };
    format!("{mantissa}{e}{}{:02}", if exponent < 0 { '-' } else { '+' }, exponent.unsigned_abs())
}

fn general_format(value: f64, precision: usize, alternate: bool) -> String {
    let precision = precision.max(1);
    if value == 0.0 {
        return "0".into();
    }
    let exponent = value.abs().log10().floor() as i32;
    let rounded = format!("{:.*e}", precision - 1, value);
    let exponent = rounded.split_once('e').and_then(|(_, e)| e.parse::<i32>().ok()).unwrap_or(exponent);
    let text = if exponent < -4 || exponent >= precision as i32 {
        exponent_format(value, precision - 1, false)
    } else {
        format!("{:.*}", (precision as i32 - 1 - exponent).max(0) as usize, value)
    };
    if alternate {
        return text;
    }
    // Trailing zeros are removed.
    if let Some((mantissa, exp)) = text.split_once('e') {
        let mantissa = if mantissa.contains('.') { mantissa.trim_end_matches('0').trim_end_matches('.') } else { mantissa };
        format!("{mantissa}e{exp}")
    } else if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// `format(value, spec)` for the built-in types; `Ok(None)` when the type has no
/// format support of its own (the caller formats `str(value)`).
pub fn format(value: &Value, spec: &str) -> Result<Option<String>, String> {
    let parsed = parse(spec)?;
    let type_name = value.type_name();
    match value {
        Value::Int(_) | Value::Bool(_) => {
            let i = match value {
                Value::Int(i) => *i,
                Value::Bool(b) => i64::from(*b),
                _ => 0,
            };
            match parsed.kind {
                None | Some('d') | Some('n') => {
                    if parsed.precision.is_some() {
                        return Err("Precision not allowed in integer format specifier".into());
                    }
                    if matches!(value, Value::Bool(_)) && parsed.kind.is_none() && parsed.sign.is_none() && parsed.grouping.is_none() && !parsed.zero {
                        let text = if i != 0 { "True" } else { "False" };
                        return Ok(Some(layout_text(&parsed, text)));
                    }
                    Ok(Some(layout_number(&parsed, i < 0, &i.unsigned_abs().to_string())))
                }
                Some('x') => Ok(Some(layout_number(&parsed, i < 0, &format!("{}{:x}", if parsed.alternate { "0x" } else { "" }, i.unsigned_abs())))),
                Some('X') => Ok(Some(layout_number(&parsed, i < 0, &format!("{}{:X}", if parsed.alternate { "0X" } else { "" }, i.unsigned_abs())))),
                Some('b') => Ok(Some(layout_number(&parsed, i < 0, &format!("{}{:b}", if parsed.alternate { "0b" } else { "" }, i.unsigned_abs())))),
                Some('o') => Ok(Some(layout_number(&parsed, i < 0, &format!("{}{:o}", if parsed.alternate { "0o" } else { "" }, i.unsigned_abs())))),
                Some('c') => Ok(Some(layout_text(&parsed, &char::from_u32(u32::try_from(i).unwrap_or(0)).unwrap_or('\0').to_string()))),
                Some('f' | 'F' | 'e' | 'E' | 'g' | 'G' | '%') => format(&Value::Float(i as f64), spec),
                Some(c) => Err(format!("Unknown format code '{c}' for object of type 'int'")),
            }
        }
        Value::Float(f) => {
            let f = *f;
            let negative = f.is_sign_negative();
            let abs = f.abs();
            let body = match parsed.kind {
                Some('f' | 'F') => format!("{abs:.prec$}", prec = parsed.precision.unwrap_or(6)),
                Some('e' | 'E') => exponent_format(abs, parsed.precision.unwrap_or(6), parsed.kind == Some('E')),
                Some('%') => format!("{:.prec$}%", abs * 100.0, prec = parsed.precision.unwrap_or(6)),
                Some('g' | 'G') => general_format(abs, parsed.precision.unwrap_or(6), parsed.alternate),
                None => match parsed.precision {
                    Some(p) => general_format(abs, p, parsed.alternate),
                    None => float_repr(abs),
                },
                Some(c) => return Err(format!("Unknown format code '{c}' for object of type 'float'")),
            };
            let body = if abs.is_nan() { "nan".to_string() } else if abs.is_infinite() { "inf".to_string() } else { body };
            Ok(Some(layout_number(&parsed, negative && !f.is_nan(), &body)))
        }
        Value::Decimal(d) => {
            let negative = d.coefficient < 0;
            let abs = Decimal { coefficient: d.coefficient.abs(), exponent: d.exponent };
            let body = match parsed.kind {
                Some('f' | 'F') => match parsed.precision {
                    Some(p) => abs.fixed(u32::try_from(p).unwrap_or(0)),
                    None => abs.to_string(),
                },
                Some('%') => {
                    let hundred = abs.mul(&Decimal::from_int(100)).unwrap_or(abs);
                    format!("{}%", hundred.fixed(u32::try_from(parsed.precision.unwrap_or(6)).unwrap_or(6)))
                }
                None => abs.to_string(),
                Some('e' | 'E' | 'g' | 'G') => return format(&Value::Float(d.to_f64()), spec),
                Some(c) => return Err(format!("Unknown format code '{c}' for object of type 'decimal.Decimal'")),
            };
            Ok(Some(layout_number(&parsed, negative, &body)))
        }
        Value::Str(s) => match parsed.kind {
            None | Some('s') => {
                if parsed.sign.is_some() {
                    return Err("Sign not allowed in string format specifier".into());
                }
                let text: String = match parsed.precision {
                    Some(p) => s.chars().take(p).collect(),
                    None => s.to_string(),
                };
                Ok(Some(layout_text(&parsed, &text)))
            }
            Some(c) => Err(format!("Unknown format code '{c}' for object of type 'str'")),
        },
        Value::DateTime(dt) => Ok(Some(dt.strftime(spec))),
        Value::Date(d) => Ok(Some(crate::python::time::DateTime { days: d.days, micros: 0, utc: false }.strftime(spec))),
        Value::None | Value::Tuple(_) | Value::ListMut(_) | Value::DictMut(_) | Value::List(_) | Value::Dict(_) => {
            Err(format!("unsupported format string passed to {}.__format__", if type_name == "NoneType" { "NoneType" } else { type_name }))
        }
        _ => Ok(None),
    }
}

/// `pattern % args`.
pub fn percent(interp: &mut Interp<'_>, pattern: &str, args: &[Value]) -> R<Value> {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    let mut next = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || matches!(d, '.' | '-' | '+' | ' ' | '#') {
                spec.push(d);
                chars.next();
            } else {
                break;
            }
        }
        let Some(kind) = chars.next() else { return interp.err("ValueError", "incomplete format") };
        if kind == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else { return interp.err("TypeError", "not enough arguments for format string") };
        next += 1;
        let text = match kind {
            's' => interp.to_str(arg)?,
            'r' => interp.repr(arg)?,
            'd' | 'i' => {
                let value = match arg {
                    Value::Float(f) => Value::Int(f.trunc() as i64),
                    other => other.clone(),
                };
                match format(&value, &spec.replace('-', "<")) {
                    Ok(Some(text)) => text,
                    _ => return interp.err("TypeError", format!("%d format: a real number is required, not {}", interp.type_name(arg))),
                }
            }
            'f' | 'e' | 'g' | 'x' => {
                let spec = format!("{}{kind}", spec.replace('-', "<"));
                match format(arg, &spec) {
                    Ok(Some(text)) => text,
                    _ => return interp.err("TypeError", "must be real number, not str"),
                }
            }
            other => return interp.err("ValueError", format!("unsupported format character '{other}'")),
        };
        let text = if kind == 's' || kind == 'r' {
            match spec.strip_prefix('-') {
                Some(width) => format!("{text:<width$}", width = width.parse().unwrap_or(0)),
                None => format!("{text:>width$}", width = spec.parse().unwrap_or(0)),
            }
        } else {
            text
        };
        out.push_str(&text);
    }
    if next < args.len() {
        return interp.err("TypeError", "not all arguments converted during string formatting");
    }
    Ok(Value::str(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(value: Value, spec: &str) -> String {
        format(&value, spec).unwrap().unwrap()
    }

    #[test]
    fn format_specs_match_cpython() {
        assert_eq!(f(Value::Float(1.23456), ".2f"), "1.23");
        assert_eq!(f(Value::Int(1234567), ","), "1,234,567");
        assert_eq!(f(Value::Float(1234.5), ",.2f"), "1,234.50");
        assert_eq!(f(Value::Int(42), ">6"), "    42");
        assert_eq!(f(Value::Int(42), "06"), "000042");
        assert_eq!(f(Value::str("ab"), "<5"), "ab   ");
        assert_eq!(f(Value::str("ab"), "^6"), "  ab  ");
        assert_eq!(f(Value::str("ab"), "*>5"), "***ab");
        assert_eq!(f(Value::Float(0.256), ".1%"), "25.6%");
        assert_eq!(f(Value::Float(-2.5), "+.1f"), "-2.5");
        assert_eq!(f(Value::Float(2.5), "+.1f"), "+2.5");
        assert_eq!(f(Value::Decimal(std::rc::Rc::new(Decimal::parse("59.5").unwrap())), ".2f"), "59.50");
        assert_eq!(f(Value::Float(1234.5678), "g"), "1234.57");
        assert_eq!(f(Value::Float(0.5), "8.3f"), "   0.500");
    }
}
