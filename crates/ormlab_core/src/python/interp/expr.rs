//! Expressions: literals, names, operators, comparisons, subscripts, attributes,
//! comprehensions, f-strings.

use super::{dict, list, tuple, Exc, Interp, R};
use crate::python::num::Decimal;
use crate::python::object::{Closure, Code};
use crate::python::value::Value;
use ruff_python_ast::{self as ast, CmpOp, Expr, Number, Operator};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::Rc;

impl Interp<'_> {
    /// Evaluates an expression.
    pub fn expr(&mut self, expr: &Expr) -> R<Value> {
        self.enter()?;
        let result = self.expr_inner(expr);
        self.leave();
        result
    }

    fn expr_inner(&mut self, expr: &Expr) -> R<Value> {
        match expr {
            Expr::NoneLiteral(_) => Ok(Value::None),
            Expr::BooleanLiteral(b) => Ok(Value::Bool(b.value)),
            Expr::EllipsisLiteral(_) => Ok(Value::Library(Rc::from("builtins.Ellipsis"))),
            Expr::StringLiteral(s) => Ok(Value::str(s.value.to_str())),
            Expr::BytesLiteral(b) => Ok(Value::Bytes(b.value.bytes().collect::<Vec<u8>>().into())),
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(int) => match int.as_i64() {
                    Some(value) => Ok(Value::Int(value)),
                    None => self.unsupported("integers beyond 64 bits"),
                },
                Number::Float(f) => Ok(Value::Float(*f)),
                Number::Complex { .. } => self.unsupported("complex numbers"),
            },
            Expr::FString(fstring) => self.fstring(fstring),
            Expr::Name(name) => self.lookup(name.id.as_str()),
            Expr::Attribute(attribute) => {
                let object = self.expr(&attribute.value)?;
                self.get_attr(&object, attribute.attr.as_str())
            }
            Expr::Call(call) => self.call_expr(call),
            Expr::Subscript(sub) => {
                let container = self.expr(&sub.value)?;
                if let Expr::Slice(slice) = sub.slice.as_ref() {
                    let lower = self.opt_int(slice.lower.as_deref())?;
                    let upper = self.opt_int(slice.upper.as_deref())?;
                    let step = self.opt_int(slice.step.as_deref())?;
                    return super::methods::slice(self, &container, lower, upper, step);
                }
                let key = self.expr(&sub.slice)?;
                self.subscript(&container, &key)
            }
            Expr::BinOp(binop) => {
                let left = self.expr(&binop.left)?;
                let right = self.expr(&binop.right)?;
                self.binary(binop.op, left, right)
            }
            Expr::UnaryOp(unary) => {
                let operand = self.expr(&unary.operand)?;
                self.unary(unary.op, operand)
            }
            Expr::BoolOp(boolop) => {
                let mut last = Value::None;
                for (index, value) in boolop.values.iter().enumerate() {
                    last = self.expr(value)?;
                    if index + 1 == boolop.values.len() {
                        break;
                    }
                    let truth = self.truthy(&last)?;
                    match boolop.op {
                        ast::BoolOp::And if !truth => return Ok(last),
                        ast::BoolOp::Or if truth => return Ok(last),
                        _ => {}
                    }
                }
                Ok(last)
            }
            Expr::Compare(compare) => self.compare_chain(compare),
            Expr::If(if_expr) => {
                let test = self.expr(&if_expr.test)?;
                if self.truthy(&test)? {
                    self.expr(&if_expr.body)
                } else {
                    self.expr(&if_expr.orelse)
                }
            }
            Expr::Named(named) => {
                let value = self.expr(&named.value)?;
                self.assign(&named.target, value.clone())?;
                Ok(value)
            }
            Expr::Tuple(tuple_expr) => Ok(tuple(self.elements(&tuple_expr.elts)?)),
            Expr::List(list_expr) => Ok(list(self.elements(&list_expr.elts)?)),
            Expr::Set(set) => {
                let items = self.elements(&set.elts)?;
                let mut unique: Vec<Value> = Vec::new();
                for item in items {
                    if !self.contains_value(&unique, &item)? {
                        unique.push(item);
                    }
                }
                Ok(Value::Set(Rc::new(RefCell::new(unique))))
            }
            Expr::Dict(dict_expr) => {
                let mut items: Vec<(Value, Value)> = Vec::new();
                for item in &dict_expr.items {
                    match &item.key {
                        Some(key) => {
                            let key = self.expr(key)?;
                            let value = self.expr(&item.value)?;
                            self.dict_insert(&mut items, key, value)?;
                        }
                        None => {
                            let other = self.expr(&item.value)?;
                            for (key, value) in self.dict_items(&other)? {
                                self.dict_insert(&mut items, key, value)?;
                            }
                        }
                    }
                }
                Ok(dict(items))
            }
            Expr::Lambda(lambda) => {
                let defaults = match &lambda.parameters {
                    Some(parameters) => self.defaults(parameters)?,
                    None => Vec::new(),
                };
                let closure = Closure {
                    name: "<lambda>".into(),
                    code: Code::Lambda(Rc::new(lambda.clone())),
                    defaults,
                    enclosing: self.enclosing_scope(),
                    module: self.module(),
                    is_property: false,
                    is_static: false,
                    is_classmethod: false,
                };
                Ok(Value::Closure(Rc::new(closure)))
            }
            Expr::ListComp(comp) => {
                let items = self.comprehension(&comp.generators, &mut |this| this.expr(&comp.elt).map(|v| vec![v]))?;
                Ok(list(items))
            }
            Expr::Generator(comp) => {
                // Generators are evaluated eagerly: scripts consume them at once (sum, any, join).
                let items = self.comprehension(&comp.generators, &mut |this| this.expr(&comp.elt).map(|v| vec![v]))?;
                Ok(list(items))
            }
            Expr::SetComp(comp) => {
                let items = self.comprehension(&comp.generators, &mut |this| this.expr(&comp.elt).map(|v| vec![v]))?;
                let mut unique: Vec<Value> = Vec::new();
                for item in items {
                    if !self.contains_value(&unique, &item)? {
                        unique.push(item);
                    }
                }
                Ok(Value::Set(Rc::new(RefCell::new(unique))))
            }
            Expr::DictComp(comp) => {
                let Some(key_expr) = &comp.key else { return self.unsupported("this dict comprehension") };
                let pairs = self.comprehension(&comp.generators, &mut |this| {
                    let key = this.expr(key_expr)?;
                    let value = this.expr(&comp.value)?;
                    Ok(vec![tuple(vec![key, value])])
                })?;
                let mut items = Vec::new();
                for pair in pairs {
                    if let Value::Tuple(kv) = pair {
                        if let [key, value] = &kv[..] {
                            self.dict_insert(&mut items, key.clone(), value.clone())?;
                        }
                    }
                }
                Ok(dict(items))
            }
            Expr::Starred(_) => self.unsupported("`*` here"),
            Expr::Slice(_) => self.unsupported("a slice outside a subscript"),
            other => self.unsupported(crate::python::eval::expression_kind(other)),
        }
    }

    fn opt_int(&mut self, expr: Option<&Expr>) -> R<Option<i64>> {
        match expr {
            None => Ok(None),
            Some(expr) => match self.expr(expr)? {
                Value::None => Ok(None),
                Value::Int(i) => Ok(Some(i)),
                Value::Bool(b) => Ok(Some(i64::from(b))),
                _ => self.err("TypeError", "slice indices must be integers or None or have an __index__ method"),
            },
        }
    }

    /// Elements of a display, with `*iterable` expanded.
    fn elements(&mut self, elts: &[Expr]) -> R<Vec<Value>> {
        let mut out = Vec::with_capacity(elts.len());
        for elt in elts {
            if let Expr::Starred(starred) = elt {
                let value = self.expr(&starred.value)?;
                out.extend(self.iterate(&value)?);
            } else {
                out.push(self.expr(elt)?);
            }
        }
        Ok(out)
    }

    fn comprehension(
        &mut self,
        generators: &[ast::Comprehension],
        produce: &mut dyn FnMut(&mut Self) -> R<Vec<Value>>,
    ) -> R<Vec<Value>> {
        // The first iterable is evaluated in the enclosing scope, like CPython.
        let Some(first) = generators.first() else { return Ok(Vec::new()) };
        let iterable = self.expr(&first.iter)?;
        let items = self.iterate(&iterable)?;
        self.with_scope(|this| {
            let mut out = Vec::new();
            this.comprehension_level(generators, 0, Some(items), produce, &mut out)?;
            Ok(out)
        })
    }

    fn comprehension_level(
        &mut self,
        generators: &[ast::Comprehension],
        level: usize,
        items: Option<Vec<Value>>,
        produce: &mut dyn FnMut(&mut Self) -> R<Vec<Value>>,
        out: &mut Vec<Value>,
    ) -> R<()> {
        let Some(generator) = generators.get(level) else {
            out.extend(produce(self)?);
            return Ok(());
        };
        let items = match items {
            Some(items) => items,
            None => {
                let iterable = self.expr(&generator.iter)?;
                self.iterate(&iterable)?
            }
        };
        'items: for item in items {
            self.step()?;
            self.assign(&generator.target, item)?;
            for condition in &generator.ifs {
                let value = self.expr(condition)?;
                if !self.truthy(&value)? {
                    continue 'items;
                }
            }
            self.comprehension_level(generators, level + 1, None, produce, out)?;
        }
        Ok(())
    }

    fn fstring(&mut self, fstring: &ast::ExprFString) -> R<Value> {
        let mut out = String::new();
        for part in fstring.value.iter() {
            match part {
                ast::FStringPart::Literal(literal) => out.push_str(&literal.value),
                ast::FStringPart::FString(f) => self.fstring_elements(&f.elements, &mut out)?,
            }
        }
        Ok(Value::str(&out))
    }

    fn fstring_elements(&mut self, elements: &ast::InterpolatedStringElements, out: &mut String) -> R<()> {
        for element in elements.iter() {
            match element {
                ast::InterpolatedStringElement::Literal(literal) => out.push_str(&literal.value),
                ast::InterpolatedStringElement::Interpolation(interpolation) => {
                    let value = self.expr(&interpolation.expression)?;
                    let mut conversion = interpolation.conversion;
                    if let Some(debug) = &interpolation.debug_text {
                        out.push_str(debug.leading());
                        let range = ruff_text_size::Ranged::range(interpolation.expression.as_ref());
                        let _ = range;
                        out.push_str(&self.debug_expression_text(interpolation));
                        out.push_str(debug.trailing());
                        if conversion == ast::ConversionFlag::None && interpolation.format_spec.is_none() {
                            conversion = ast::ConversionFlag::Repr;
                        }
                    }
                    let value = match conversion {
                        ast::ConversionFlag::Repr => Value::str(&self.repr(&value)?),
                        ast::ConversionFlag::Str => Value::str(&self.to_str(&value)?),
                        ast::ConversionFlag::Ascii => Value::str(&self.repr(&value)?),
                        ast::ConversionFlag::None => value,
                    };
                    let spec = match &interpolation.format_spec {
                        Some(spec) => {
                            let mut text = String::new();
                            self.fstring_elements(&spec.elements, &mut text)?;
                            text
                        }
                        None => String::new(),
                    };
                    let formatted = self.format_value(&value, &spec)?;
                    out.push_str(&formatted);
                }
            }
        }
        Ok(())
    }

    fn debug_expression_text(&self, interpolation: &ast::InterpolatedElement) -> String {
        // `f"{x=}"`: the expression's source text is not kept by the evaluator; the debug
        // text's middle part is not exposed by this ruff version either, so rebuild it from
        // the expression when it is a plain name or attribute chain.
        fn text(expr: &Expr) -> Option<String> {
            match expr {
                Expr::Name(name) => Some(name.id.to_string()),
                Expr::Attribute(attribute) => Some(format!("{}.{}", text(&attribute.value)?, attribute.attr)),
                _ => None,
            }
        }
        text(&interpolation.expression).unwrap_or_default()
    }

    /// Calls `format(value, spec)`.
    pub fn format_value(&mut self, value: &Value, spec: &str) -> R<String> {
        if spec.is_empty() {
            return self.to_str(value);
        }
        match super::format::format(value, spec) {
            Ok(Some(text)) => Ok(text),
            Ok(None) => {
                let text = self.to_str(value)?;
                match super::format::format(&Value::str(&text), spec) {
                    Ok(Some(out)) if matches!(value, Value::Instance(_) | Value::Orm(_)) => {
                        let _ = out;
                        self.err("TypeError", format!("unsupported format string passed to {}.__format__", self.type_name(value)))
                    }
                    Ok(Some(out)) => Ok(out),
                    _ => self.err("ValueError", format!("Invalid format specifier '{spec}' for object of type '{}'", self.type_name(value))),
                }
            }
            Err(message) => self.err("ValueError", message),
        }
    }

    /// `a op b`.
    pub fn binary(&mut self, op: Operator, left: Value, right: Value) -> R<Value> {
        if matches!(left, Value::Orm(_) | Value::Class(_)) || matches!(right, Value::Orm(_)) {
            if let Some(value) = crate::orm::binary(self, op, &left, &right)? {
                return Ok(value);
            }
        }
        use Operator::*;
        let numeric = |v: &Value| -> Option<f64> {
            match v {
                Value::Int(i) => Some(*i as f64),
                Value::Bool(b) => Some(f64::from(u8::from(*b))),
                Value::Float(f) => Some(*f),
                _ => None,
            }
        };
        let as_int = |v: &Value| -> Option<i64> {
            match v {
                Value::Int(i) => Some(*i),
                Value::Bool(b) => Some(i64::from(*b)),
                _ => None,
            }
        };
        // Integers (and bools) stay integers.
        if let (Some(a), Some(b)) = (as_int(&left), as_int(&right)) {
            let overflow = || self.unsupported::<Value>("integers beyond 64 bits");
            return match op {
                Add => a.checked_add(b).map(Value::Int).map_or_else(overflow, Ok),
                Sub => a.checked_sub(b).map(Value::Int).map_or_else(overflow, Ok),
                Mult => a.checked_mul(b).map(Value::Int).map_or_else(overflow, Ok),
                Div => {
                    if b == 0 {
                        return self.err("ZeroDivisionError", "division by zero");
                    }
                    Ok(Value::Float(a as f64 / b as f64))
                }
                FloorDiv => {
                    if b == 0 {
                        return self.err("ZeroDivisionError", "integer division or modulo by zero");
                    }
                    Ok(Value::Int(a.div_euclid(b) - i64::from(b < 0 && a.rem_euclid(b) != 0)))
                }
                Mod => {
                    if b == 0 {
                        return self.err("ZeroDivisionError", "integer modulo by zero");
                    }
                    let r = a.rem_euclid(b);
                    Ok(Value::Int(if b < 0 && r != 0 { r + b } else { r }))
                }
                Pow => {
                    if b < 0 {
                        return Ok(Value::Float((a as f64).powf(b as f64)));
                    }
                    let exponent = u32::try_from(b).unwrap_or(u32::MAX);
                    a.checked_pow(exponent).map(Value::Int).map_or_else(overflow, Ok)
                }
                BitAnd => Ok(if matches!((&left, &right), (Value::Bool(_), Value::Bool(_))) { Value::Bool(a & b != 0) } else { Value::Int(a & b) }),
                BitOr => Ok(if matches!((&left, &right), (Value::Bool(_), Value::Bool(_))) { Value::Bool(a | b != 0) } else { Value::Int(a | b) }),
                BitXor => Ok(Value::Int(a ^ b)),
                LShift => Ok(Value::Int(a.checked_shl(u32::try_from(b).unwrap_or(64)).unwrap_or(0))),
                RShift => Ok(Value::Int(a.checked_shr(u32::try_from(b).unwrap_or(63)).unwrap_or(0))),
                MatMult => self.unsupported("the @ operator"),
            };
        }
        // Decimal arithmetic (with ints); Decimal and float do not mix in Python.
        let as_decimal = |v: &Value| -> Option<Decimal> {
            match v {
                Value::Decimal(d) => Some(**d),
                Value::Int(i) => Some(Decimal::from_int(*i)),
                Value::Bool(b) => Some(Decimal::from_int(i64::from(*b))),
                _ => None,
            }
        };
        if matches!(left, Value::Decimal(_)) || matches!(right, Value::Decimal(_)) {
            if let (Some(a), Some(b)) = (as_decimal(&left), as_decimal(&right)) {
                let result = match op {
                    Add => a.add(&b),
                    Sub => a.sub(&b),
                    Mult => a.mul(&b),
                    Div => {
                        if b.is_zero() {
                            return self.err("ZeroDivisionError", "[<class 'decimal.DivisionByZero'>]");
                        }
                        a.div(&b)
                    }
                    _ => return self.unsupported("this operator on Decimal"),
                };
                return match result {
                    Some(d) => Ok(Value::Decimal(Rc::new(d))),
                    None => self.unsupported("Decimal values this large"),
                };
            }
        }
        if let (Some(a), Some(b)) = (numeric(&left), numeric(&right)) {
            return match op {
                Add => Ok(Value::Float(a + b)),
                Sub => Ok(Value::Float(a - b)),
                Mult => Ok(Value::Float(a * b)),
                Div => {
                    if b == 0.0 {
                        return self.err("ZeroDivisionError", "float division by zero");
                    }
                    Ok(Value::Float(a / b))
                }
                FloorDiv => {
                    if b == 0.0 {
                        return self.err("ZeroDivisionError", "float floor division by zero");
                    }
                    Ok(Value::Float((a / b).floor()))
                }
                Mod => {
                    if b == 0.0 {
                        return self.err("ZeroDivisionError", "float modulo");
                    }
                    Ok(Value::Float(a - b * (a / b).floor()))
                }
                Pow => Ok(Value::Float(a.powf(b))),
                _ => self.type_error_binary(op, &left, &right),
            };
        }
        match (op, &left, &right) {
            (Add, Value::Str(a), Value::Str(b)) => Ok(Value::str(&format!("{a}{b}"))),
            (Mult, Value::Str(s), Value::Int(n)) | (Mult, Value::Int(n), Value::Str(s)) => {
                let n = usize::try_from(*n).unwrap_or(0);
                if s.len().saturating_mul(n) > 10_000_000 {
                    return self.err("MemoryError", "");
                }
                Ok(Value::str(&s.repeat(n)))
            }
            (Mod, Value::Str(pattern), args) => {
                let args = match args {
                    Value::Tuple(items) => items.to_vec(),
                    other => vec![other.clone()],
                };
                super::format::percent(self, pattern, &args)
            }
            (Add, a, b) if is_list(a) && is_list(b) => {
                let mut items = self.iterate(a)?;
                items.extend(self.iterate(b)?);
                Ok(list(items))
            }
            (Add, Value::Tuple(a), Value::Tuple(b)) => {
                let mut items = a.to_vec();
                items.extend(b.iter().cloned());
                Ok(tuple(items))
            }
            (Mult, l, Value::Int(n)) if is_list(l) => {
                let items = self.iterate(l)?;
                let n = usize::try_from(*n).unwrap_or(0);
                if items.len().saturating_mul(n) > 1_000_000 {
                    return self.err("MemoryError", "");
                }
                let mut out = Vec::new();
                for _ in 0..n {
                    out.extend(items.iter().cloned());
                }
                Ok(list(out))
            }
            (Add, Value::DateTime(dt), Value::TimeDelta(delta)) | (Add, Value::TimeDelta(delta), Value::DateTime(dt)) => match dt.add(delta) {
                Some(out) => Ok(Value::DateTime(Rc::new(out))),
                None => self.err("OverflowError", "date value out of range"),
            },
            (Sub, Value::DateTime(dt), Value::TimeDelta(delta)) => {
                let negated = crate::python::time::TimeDelta { micros: -delta.micros };
                match dt.add(&negated) {
                    Some(out) => Ok(Value::DateTime(Rc::new(out))),
                    None => self.err("OverflowError", "date value out of range"),
                }
            }
            (Sub, Value::DateTime(a), Value::DateTime(b)) => Ok(Value::TimeDelta(Rc::new(a.sub(b)))),
            (Add, Value::Date(d), Value::TimeDelta(delta)) => {
                Ok(Value::Date(Rc::new(crate::python::time::Date { days: d.days + delta.micros.div_euclid(86_400_000_000) })))
            }
            (Sub, Value::Date(d), Value::TimeDelta(delta)) => {
                Ok(Value::Date(Rc::new(crate::python::time::Date { days: d.days - delta.micros.div_euclid(86_400_000_000) })))
            }
            (Sub, Value::Date(a), Value::Date(b)) => Ok(Value::TimeDelta(Rc::new(crate::python::time::TimeDelta { micros: (a.days - b.days) * 86_400_000_000 }))),
            (Add | Sub, Value::TimeDelta(a), Value::TimeDelta(b)) => {
                let micros = if op == Add { a.micros + b.micros } else { a.micros - b.micros };
                Ok(Value::TimeDelta(Rc::new(crate::python::time::TimeDelta { micros })))
            }
            (BitOr, Value::DictMut(_) | Value::Dict(_), Value::DictMut(_) | Value::Dict(_)) => {
                let mut items = self.dict_items(&left)?;
                for (k, v) in self.dict_items(&right)? {
                    self.dict_insert(&mut items, k, v)?;
                }
                Ok(dict(items))
            }
            (BitOr | BitAnd | Sub, Value::Set(a), Value::Set(b)) => {
                let a = a.borrow().clone();
                let b = b.borrow().clone();
                let mut out = Vec::new();
                match op {
                    BitOr => {
                        for item in a.into_iter().chain(b) {
                            if !self.contains_value(&out, &item)? {
                                out.push(item);
                            }
                        }
                    }
                    BitAnd => {
                        for item in a {
                            if self.contains_value(&b, &item)? {
                                out.push(item);
                            }
                        }
                    }
                    _ => {
                        for item in a {
                            if !self.contains_value(&b, &item)? {
                                out.push(item);
                            }
                        }
                    }
                }
                Ok(Value::Set(Rc::new(RefCell::new(out))))
            }
            _ => self.type_error_binary(op, &left, &right),
        }
    }

    fn type_error_binary(&self, op: Operator, left: &Value, right: &Value) -> R<Value> {
        let symbol = match op {
            Operator::Add => "+",
            Operator::Sub => "-",
            Operator::Mult => "*",
            Operator::Div => "/",
            Operator::FloorDiv => "//",
            Operator::Mod => "%",
            Operator::Pow => "** or pow()",
            Operator::BitAnd => "&",
            Operator::BitOr => "|",
            Operator::BitXor => "^",
            Operator::LShift => "<<",
            Operator::RShift => ">>",
            Operator::MatMult => "@",
        };
        if op == Operator::Add && matches!(left, Value::Str(_)) {
            return self.err("TypeError", format!("can only concatenate str (not \"{}\") to str", self.type_name(right)));
        }
        self.err("TypeError", format!("unsupported operand type(s) for {symbol}: '{}' and '{}'", self.type_name(left), self.type_name(right)))
    }

    fn unary(&mut self, op: ast::UnaryOp, operand: Value) -> R<Value> {
        if let Value::Orm(_) = operand {
            if let Some(value) = crate::orm::unary(self, op, &operand)? {
                return Ok(value);
            }
        }
        match (op, &operand) {
            (ast::UnaryOp::Not, _) => Ok(Value::Bool(!self.truthy(&operand)?)),
            (ast::UnaryOp::USub, Value::Int(i)) => Ok(Value::Int(i.checked_neg().unwrap_or(i64::MAX))),
            (ast::UnaryOp::USub, Value::Bool(b)) => Ok(Value::Int(-i64::from(*b))),
            (ast::UnaryOp::USub, Value::Float(f)) => Ok(Value::Float(-f)),
            (ast::UnaryOp::USub, Value::Decimal(d)) => Ok(Value::Decimal(Rc::new(Decimal { coefficient: -d.coefficient, exponent: d.exponent }))),
            (ast::UnaryOp::USub, Value::TimeDelta(t)) => Ok(Value::TimeDelta(Rc::new(crate::python::time::TimeDelta { micros: -t.micros }))),
            (ast::UnaryOp::UAdd, Value::Int(_) | Value::Float(_) | Value::Decimal(_)) => Ok(operand),
            (ast::UnaryOp::Invert, Value::Int(i)) => Ok(Value::Int(!i)),
            _ => {
                let symbol = match op {
                    ast::UnaryOp::USub => "-",
                    ast::UnaryOp::UAdd => "+",
                    ast::UnaryOp::Invert => "~",
                    ast::UnaryOp::Not => "not",
                };
                self.err("TypeError", format!("bad operand type for unary {symbol}: '{}'", self.type_name(&operand)))
            }
        }
    }

    fn compare_chain(&mut self, compare: &ast::ExprCompare) -> R<Value> {
        let mut left = self.expr(&compare.left)?;
        let mut result = Value::Bool(true);
        for (op, right_expr) in compare.ops.iter().zip(compare.comparators.iter()) {
            let right = self.expr(right_expr)?;
            result = self.compare(*op, &left, &right)?;
            if matches!(result, Value::Orm(_)) {
                // SQL expressions do not chain; `a < b < c` on columns is not meaningful.
                return Ok(result);
            }
            if !self.truthy(&result)? {
                return Ok(result);
            }
            left = right;
        }
        Ok(result)
    }

    /// `a op b` for a comparison operator.
    pub fn compare(&mut self, op: CmpOp, left: &Value, right: &Value) -> R<Value> {
        if matches!(left, Value::Orm(_)) || matches!(right, Value::Orm(_)) {
            if let Some(value) = crate::orm::compare(self, op, left, right)? {
                return Ok(value);
            }
        }
        let result = match op {
            CmpOp::Eq => self.eq(left, right)?,
            CmpOp::NotEq => !self.eq(left, right)?,
            CmpOp::Is => is_same(left, right),
            CmpOp::IsNot => !is_same(left, right),
            CmpOp::In => self.contains(right, left)?,
            CmpOp::NotIn => !self.contains(right, left)?,
            CmpOp::Lt => self.order(left, right, "<")? == Ordering::Less,
            CmpOp::LtE => self.order(left, right, "<=")? != Ordering::Greater,
            CmpOp::Gt => self.order(left, right, ">")? == Ordering::Greater,
            CmpOp::GtE => self.order(left, right, ">=")? != Ordering::Less,
        };
        Ok(Value::Bool(result))
    }

    /// Python `==` on plain values.
    pub fn eq(&mut self, left: &Value, right: &Value) -> R<bool> {
        self.step()?;
        Ok(match (left, right) {
            (Value::None, Value::None) => true,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Int(_) | Value::Bool(_) | Value::Float(_), Value::Int(_) | Value::Bool(_) | Value::Float(_)) => {
                match (left, right) {
                    (Value::Float(_), _) | (_, Value::Float(_)) => to_f64(left) == to_f64(right),
                    _ => to_i64(left) == to_i64(right),
                }
            }
            (Value::Decimal(a), Value::Decimal(b)) => a.compare(b) == Ordering::Equal,
            (Value::Decimal(a), Value::Int(i)) | (Value::Int(i), Value::Decimal(a)) => a.compare(&Decimal::from_int(*i)) == Ordering::Equal,
            (Value::Decimal(a), Value::Float(f)) | (Value::Float(f), Value::Decimal(a)) => a.to_f64() == *f,
            (Value::Bytes(a), Value::Bytes(b)) => a == b,
            (Value::DateTime(a), Value::DateTime(b)) => a == b,
            (Value::Date(a), Value::Date(b)) => a == b,
            (Value::TimeDelta(a), Value::TimeDelta(b)) => a == b,
            (Value::Tuple(a), Value::Tuple(b)) => self.seq_eq(a, b)?,
            (a, b) if is_list(a) && is_list(b) => {
                let (a, b) = (self.iterate(a)?, self.iterate(b)?);
                self.seq_eq(&a, &b)?
            }
            (Value::DictMut(_) | Value::Dict(_), Value::DictMut(_) | Value::Dict(_)) => {
                let a = self.dict_items(left)?;
                let b = self.dict_items(right)?;
                if a.len() != b.len() {
                    return Ok(false);
                }
                for (key, value) in &a {
                    match self.dict_lookup(&b, key)? {
                        Some(other) => {
                            if !self.eq(value, &other)? {
                                return Ok(false);
                            }
                        }
                        None => return Ok(false),
                    }
                }
                true
            }
            (Value::Set(a), Value::Set(b)) => {
                let (a, b) = (a.borrow().clone(), b.borrow().clone());
                if a.len() != b.len() {
                    return Ok(false);
                }
                for item in &a {
                    if !self.contains_value(&b, item)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::EnumMember(ca, a), Value::EnumMember(cb, b)) => Rc::ptr_eq(ca, cb) && a == b,
            (Value::Orm(_), _) | (_, Value::Orm(_)) => crate::orm::python_eq(self, left, right)?,
            _ => is_same(left, right),
        })
    }

    fn seq_eq(&mut self, a: &[Value], b: &[Value]) -> R<bool> {
        if a.len() != b.len() {
            return Ok(false);
        }
        for (x, y) in a.iter().zip(b) {
            if !self.eq(x, y)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Python ordering (`<`), with CPython's TypeError for unorderable types.
    pub fn order(&mut self, left: &Value, right: &Value, symbol: &str) -> R<Ordering> {
        self.step()?;
        let number = |v: &Value| matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_));
        match (left, right) {
            (a, b) if number(a) && number(b) => match (a, b) {
                (Value::Float(_), _) | (_, Value::Float(_)) => Ok(to_f64(a).partial_cmp(&to_f64(b)).unwrap_or(Ordering::Equal)),
                _ => Ok(to_i64(a).cmp(&to_i64(b))),
            },
            (Value::Decimal(a), Value::Decimal(b)) => Ok(a.compare(b)),
            (Value::Decimal(a), b) if number(b) => Ok(a.to_f64().partial_cmp(&to_f64(b)).unwrap_or(Ordering::Equal)),
            (a, Value::Decimal(b)) if number(a) => Ok(to_f64(a).partial_cmp(&b.to_f64()).unwrap_or(Ordering::Equal)),
            (Value::Str(a), Value::Str(b)) => Ok(a.cmp(b)),
            (Value::Bytes(a), Value::Bytes(b)) => Ok(a.cmp(b)),
            (Value::DateTime(a), Value::DateTime(b)) => Ok(a.cmp(b)),
            (Value::Date(a), Value::Date(b)) => Ok(a.cmp(b)),
            (Value::TimeDelta(a), Value::TimeDelta(b)) => Ok(a.cmp(b)),
            (a, b) if (matches!(a, Value::Tuple(_)) && matches!(b, Value::Tuple(_))) || (is_list(a) && is_list(b)) => {
                let (a, b) = (self.iterate(a)?, self.iterate(b)?);
                for (x, y) in a.iter().zip(&b) {
                    if !self.eq(x, y)? {
                        return self.order(x, y, symbol);
                    }
                }
                Ok(a.len().cmp(&b.len()))
            }
            _ => self.err(
                "TypeError",
                format!("'{symbol}' not supported between instances of '{}' and '{}'", self.type_name(left), self.type_name(right)),
            ),
        }
    }

    /// `needle in haystack`.
    pub fn contains(&mut self, haystack: &Value, needle: &Value) -> R<bool> {
        match haystack {
            Value::Str(text) => match needle {
                Value::Str(part) => Ok(text.contains(&**part)),
                other => self.err("TypeError", format!("'in <string>' requires string as left operand, not {}", self.type_name(other))),
            },
            Value::DictMut(_) | Value::Dict(_) => {
                let items = self.dict_items(haystack)?;
                Ok(self.dict_lookup(&items, needle)?.is_some())
            }
            other => {
                let items = self.iterate(other)?;
                self.contains_value(&items, needle)
            }
        }
    }

    /// Whether `items` holds a value equal to `needle`.
    pub fn contains_value(&mut self, items: &[Value], needle: &Value) -> R<bool> {
        for item in items {
            if is_same(item, needle) || self.eq(item, needle)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `container[key]`.
    pub fn subscript(&mut self, container: &Value, key: &Value) -> R<Value> {
        match container {
            Value::ListMut(_) | Value::List(_) | Value::Tuple(_) => {
                let items = self.iterate(container)?;
                let Some(index) = as_index(key) else {
                    return self.err("TypeError", format!("{} indices must be integers or slices, not {}", self.type_name(container), self.type_name(key)));
                };
                match normalize(index, items.len()) {
                    Some(i) => Ok(items[i].clone()),
                    None => self.err("IndexError", format!("{} index out of range", self.type_name(container))),
                }
            }
            Value::Str(text) => {
                let Some(index) = as_index(key) else {
                    return self.err("TypeError", format!("string indices must be integers, not '{}'", self.type_name(key)));
                };
                let chars: Vec<char> = text.chars().collect();
                match normalize(index, chars.len()) {
                    Some(i) => Ok(Value::str(&chars[i].to_string())),
                    None => self.err("IndexError", "string index out of range"),
                }
            }
            Value::DictMut(_) | Value::Dict(_) => {
                let items = self.dict_items(container)?;
                match self.dict_lookup(&items, key)? {
                    Some(value) => Ok(value),
                    None => self.key_error(key),
                }
            }
            Value::Orm(_) => crate::orm::subscript(self, container, key),
            Value::Class(class) if ["enum.Enum", "enum.IntEnum", "enum.StrEnum"].iter().any(|b| class.derives_from_library(b)) => {
                let Value::Str(name) = key else {
                    return self.key_error(key);
                };
                if class.own(name).is_some() {
                    Ok(Value::EnumMember(class.clone(), name.clone()))
                } else {
                    self.key_error(key)
                }
            }
            Value::Library(_) | Value::Generic(_) => Ok(container.clone()),
            other => self.err("TypeError", format!("'{}' object is not subscriptable", self.type_name(other))),
        }
    }

    /// A dict's items (either dict form).
    pub fn dict_items(&mut self, value: &Value) -> R<Vec<(Value, Value)>> {
        match value {
            Value::DictMut(items) => Ok(items.borrow().clone()),
            Value::Dict(items) => Ok(items.to_vec()),
            Value::Orm(_) => crate::orm::mapping_items(self, value),
            other => self.err("TypeError", format!("'{}' object is not a mapping", self.type_name(other))),
        }
    }

    /// The value stored under `key`.
    pub fn dict_lookup(&mut self, items: &[(Value, Value)], key: &Value) -> R<Option<Value>> {
        for (k, v) in items {
            if self.eq(k, key)? {
                return Ok(Some(v.clone()));
            }
        }
        Ok(None)
    }

    /// Inserts or replaces `key`, keeping the first position.
    pub fn dict_insert(&mut self, items: &mut Vec<(Value, Value)>, key: Value, value: Value) -> R<()> {
        if !is_hashable(&key) {
            return self.err("TypeError", format!("unhashable type: '{}'", self.type_name(&key)));
        }
        for slot in items.iter_mut() {
            if self.eq(&slot.0, &key)? {
                slot.1 = value;
                return Ok(());
            }
        }
        items.push((key, value));
        Ok(())
    }

    /// The items `for` iterates over.
    pub fn iterate(&mut self, value: &Value) -> R<Vec<Value>> {
        match value {
            Value::ListMut(items) | Value::Set(items) => Ok(items.borrow().clone()),
            Value::List(items) | Value::Tuple(items) => Ok(items.to_vec()),
            Value::DictMut(items) => Ok(items.borrow().iter().map(|(k, _)| k.clone()).collect()),
            Value::Dict(items) => Ok(items.iter().map(|(k, _)| k.clone()).collect()),
            Value::Str(text) => Ok(text.chars().map(|c| Value::str(&c.to_string())).collect()),
            Value::Bytes(bytes) => Ok(bytes.iter().map(|b| Value::Int(i64::from(*b))).collect()),
            Value::Orm(_) => crate::orm::iterate(self, value),
            Value::Class(class) if ["enum.Enum", "enum.IntEnum", "enum.StrEnum"].iter().any(|b| class.derives_from_library(b)) => {
                Ok(crate::schema::types::enum_member_names(class).into_iter().map(|n| Value::EnumMember(class.clone(), Rc::from(n))).collect())
            }
            other => self.err("TypeError", format!("'{}' object is not iterable", self.type_name(other))),
        }
    }

    /// Python truthiness, running `__bool__`/`__len__` where objects define them.
    pub fn truthy(&mut self, value: &Value) -> R<bool> {
        match value {
            Value::Orm(_) => crate::orm::truthy(self, value),
            other => Ok(other.truthy()),
        }
    }

    /// The type name CPython's messages use.
    pub fn type_name(&self, value: &Value) -> String {
        match value {
            Value::Instance(instance) => instance.class.name.clone(),
            Value::Orm(orm) => orm.type_name().to_string(),
            Value::Decimal(_) => "decimal.Decimal".into(),
            Value::DateTime(_) => "datetime.datetime".into(),
            Value::Date(_) => "datetime.date".into(),
            Value::TimeDelta(_) => "datetime.timedelta".into(),
            Value::Exception(e) => e.kind.to_string(),
            Value::Method(_) => "method".into(),
            Value::Library(name) if name.starts_with("builtins.") => "builtin_function_or_method".into(),
            Value::EnumMember(class, _) => class.name.clone(),
            other => other.type_name().to_string(),
        }
    }
}

fn is_list(value: &Value) -> bool {
    matches!(value, Value::ListMut(_) | Value::List(_))
}

fn is_hashable(value: &Value) -> bool {
    match value {
        Value::ListMut(_) | Value::List(_) | Value::DictMut(_) | Value::Dict(_) | Value::Set(_) => false,
        Value::Tuple(items) => items.iter().all(is_hashable),
        _ => true,
    }
}

fn to_f64(value: &Value) -> f64 {
    match value {
        Value::Int(i) => *i as f64,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

fn to_i64(value: &Value) -> i64 {
    match value {
        Value::Int(i) => *i,
        Value::Bool(b) => i64::from(*b),
        _ => 0,
    }
}

/// An integer index (bools count, as in CPython).
pub(super) fn as_index(value: &Value) -> Option<i64> {
    match value {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// A Python index into a sequence of `len` items.
pub(super) fn normalize(index: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let index = if index < 0 { index + len } else { index };
    (0..len).contains(&index).then(|| usize::try_from(index).ok()).flatten()
}

/// `a is b`: identity for shared objects, value identity for the immutable singletons.
pub(super) fn is_same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y && (-5..=256).contains(x),
        (Value::Str(x), Value::Str(y)) => Rc::ptr_eq(x, y) || (x.len() <= 1 && x == y),
        (Value::ListMut(x), Value::ListMut(y)) | (Value::Set(x), Value::Set(y)) => Rc::ptr_eq(x, y),
        (Value::DictMut(x), Value::DictMut(y)) => Rc::ptr_eq(x, y),
        (Value::Instance(x), Value::Instance(y)) => Rc::ptr_eq(x, y),
        (Value::Class(x), Value::Class(y)) => Rc::ptr_eq(x, y),
        (Value::Library(x), Value::Library(y)) => x == y,
        (Value::Closure(x), Value::Closure(y)) => Rc::ptr_eq(x, y),
        (Value::Exception(x), Value::Exception(y)) => Rc::ptr_eq(x, y),
        (Value::EnumMember(ca, x), Value::EnumMember(cb, y)) => Rc::ptr_eq(ca, cb) && x == y,
        (Value::Orm(x), Value::Orm(y)) => Rc::ptr_eq(x, y),
        (Value::Db, Value::Db) => true,
        (Value::Module(x), Value::Module(y)) => x == y,
        _ => false,
    }
}

/// Keeps `Exc` in scope for the module's signatures.
#[allow(dead_code)]
fn _uses(_: Exc) {}
