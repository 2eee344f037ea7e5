//! The evaluator for module-level code and class bodies.
//!
//! It runs statements in order like CPython would, in an environment of globals (with `db`
//! predefined), and records what a mapper registry needs: the classes and `Table(...)` calls in
//! creation order. Statements that only matter when code runs later (method bodies, lambdas)
//! are kept as syntax. Python outside the subset becomes a "not supported in ormlab yet"
//! diagnostic naming the construct; an exception CPython would raise (`NameError`, ...) stops
//! evaluation, as it would stop the import of models.py.

use super::library;
use super::library_names;
use super::value::{ClassValue, FunctionValue, Generic, LibraryCall, Member, Value};
use crate::diag::{Diagnostic, LineIndex, Severity, NOT_SUPPORTED};
use ruff_python_ast::{self as ast, Expr, Number, Stmt};
use ruff_text_size::Ranged;
use std::collections::HashMap;
use std::rc::Rc;

/// Deepest expression nesting evaluated; the parse guard keeps real input far below it.
const MAX_DEPTH: usize = 200;

/// An exception the models raised, as CPython or SQLAlchemy would word it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    /// The exception class name, e.g. `NameError`.
    pub kind: String,
    /// The first line of its message.
    pub message: String,
    /// Byte range of the statement that raised.
    pub range: (usize, usize),
}

/// Something created at module level that a registry cares about, in creation order.
#[derive(Debug, Clone)]
pub enum Created {
    /// A class statement finished.
    Class(Rc<ClassValue>),
    /// A `Table(...)` / `db.Table(...)` call, or a standalone `Index(...)`.
    Call(Rc<LibraryCall>),
}

/// What evaluating a module produced.
#[derive(Debug, Default)]
pub struct ModuleResult {
    /// Module globals in definition order (re-assignment keeps the first position).
    pub globals: Vec<(String, Value)>,
    /// Classes and tables in creation order.
    pub created: Vec<Created>,
    /// Constructs outside the subset.
    pub diagnostics: Vec<Diagnostic>,
    /// The exception that stopped evaluation, if any.
    pub raised: Option<Raised>,
    /// The last `SQLAlchemy(...)` call `db` was bound from (its `metadata=` / `model_class=`).
    pub db_call: Option<Rc<LibraryCall>>,
}

impl ModuleResult {
    /// The global `name`.
    pub fn global(&self, name: &str) -> Option<&Value> {
        self.globals.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }
}

/// Why evaluating a statement stopped.
enum Stop {
    /// A Python exception: evaluation of the module ends.
    Raise(Raised),
    /// A construct outside the subset: diagnosed, the statement is skipped.
    Unsupported,
}

type Eval<T> = Result<T, Stop>;

/// Evaluates module-level statements.
pub struct Evaluator<'a> {
    index: LineIndex<'a>,
    globals: Vec<(String, Value)>,
    global_slots: HashMap<String, usize>,
    created: Vec<Created>,
    diagnostics: Vec<Diagnostic>,
    counter: u64,
    future_annotations: bool,
    /// Evaluating a postponed annotation: an unknown name is a forward reference (a str).
    forward_names: bool,
    db_call: Option<Rc<LibraryCall>>,
}

/// Evaluates `module` (parsed from `source`) with `db` predefined.
pub fn evaluate(source: &str, module: &ast::ModModule) -> ModuleResult {
    let mut evaluator = Evaluator::new(source);
    let raised = evaluator.run_module(&module.body);
    ModuleResult { globals: evaluator.globals, created: evaluator.created, diagnostics: evaluator.diagnostics, raised, db_call: evaluator.db_call }
}

/// What calling a models function at mapping time gave.
pub struct Called {
    /// The returned value, or the exception it raised (`None` when it left the subset).
    pub value: Result<Value, Option<Raised>>,
    /// The function's evaluated return annotation (`-> Mapped[int]`).
    pub annotation: Option<Value>,
    /// Constructs outside the subset met while running it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Calls a `def` or `lambda` of the models with positional `args`, the way SQLAlchemy calls a
/// `@declared_attr` or a `values_callable` while mapping: the body may be a docstring and one
/// `return` (a lambda: its expression), evaluated with the module's final globals. Library
/// calls it makes are ordered after `order_base`.
pub fn call_function(source: &str, globals: &[(String, Value)], function: &Value, args: Vec<Value>, order_base: u64) -> Called {
    let mut evaluator = Evaluator::new(source);
    for (name, value) in globals {
        evaluator.set_global(name, value.clone());
    }
    evaluator.counter = order_base;
    let (parameters, body, returns): (Option<&ast::Parameters>, Option<&Expr>, Option<&Expr>) = match function {
        Value::Function(function) => {
            let statements: Vec<&Stmt> = function
                .def
                .body
                .iter()
                .filter(|stmt| !matches!(stmt, Stmt::Expr(e) if matches!(e.value.as_ref(), Expr::StringLiteral(_))))
                .collect();
            let body = match statements.as_slice() {
                [Stmt::Return(ret)] => ret.value.as_deref(),
                _ => {
                    let _ = evaluator.unsupported("a function body other than one `return` here", span(&function.def));
                    return Called { value: Err(None), annotation: None, diagnostics: evaluator.diagnostics };
                }
            };
            (Some(function.def.parameters.as_ref()), body, function.def.returns.as_deref())
        }
        Value::Lambda(lambda) => (lambda.parameters.as_deref(), Some(lambda.body.as_ref()), None),
        _ => return Called { value: Err(None), annotation: None, diagnostics: Vec::new() },
    };
    let mut scope = ClassScope { members: Vec::new() };
    if let Some(parameters) = parameters {
        for (parameter, value) in parameters.posonlyargs.iter().chain(parameters.args.iter()).zip(args) {
            scope.set(parameter.parameter.name.as_str(), Some(value), None, (0, 0));
        }
    }
    let annotation = returns.and_then(|expr| evaluator.expr(expr, Some(&scope), 0).ok());
    let value = match body {
        Some(expr) => evaluator.expr(expr, Some(&scope), 0).map_err(|stop| match stop {
            Stop::Raise(raised) => Some(raised),
            Stop::Unsupported => None,
        }),
        None => Ok(Value::None),
    };
    Called { value, annotation, diagnostics: evaluator.diagnostics }
}

/// A class body's namespace while it is being evaluated.
struct ClassScope {
    members: Vec<Member>,
}

impl ClassScope {
    fn get(&self, name: &str) -> Option<&Value> {
        self.members.iter().rev().find(|m| m.name == name).and_then(|m| m.value.as_ref())
    }

    fn set(&mut self, name: &str, value: Option<Value>, annotation: Option<Value>, range: (usize, usize)) {
        if let Some(member) = self.members.iter_mut().find(|m| m.name == name) {
            if value.is_some() {
                member.value = value;
            }
            if annotation.is_some() {
                member.annotation = annotation;
            }
            return;
        }
        self.members.push(Member { name: name.to_string(), value, annotation, range });
    }
}

fn span(node: &impl Ranged) -> (usize, usize) {
    let range = node.range();
    (range.start().to_usize(), range.end().to_usize())
}

impl<'a> Evaluator<'a> {
    fn new(source: &'a str) -> Self {
        let mut evaluator = Self {
            index: LineIndex::new(source),
            globals: Vec::new(),
            global_slots: HashMap::new(),
            created: Vec::new(),
            diagnostics: Vec::new(),
            counter: 0,
            future_annotations: false,
            forward_names: false,
            db_call: None,
        };
        evaluator.set_global("db", Value::Db);
        evaluator
    }

    fn set_global(&mut self, name: &str, value: Value) {
        match self.global_slots.get(name) {
            Some(&slot) => {
                if let Some(entry) = self.globals.get_mut(slot) {
                    entry.1 = value;
                }
            }
            None => {
                self.global_slots.insert(name.to_string(), self.globals.len());
                self.globals.push((name.to_string(), value));
            }
        }
    }

    fn global(&self, name: &str) -> Option<&Value> {
        self.global_slots.get(name).and_then(|&slot| self.globals.get(slot)).map(|(_, value)| value)
    }

    fn next_order(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    fn unsupported(&mut self, what: &str, range: (usize, usize)) -> Stop {
        let diagnostic = self.index.diagnostic(Severity::Error, format!("{NOT_SUPPORTED}{what}"), range);
        self.diagnostics.push(diagnostic);
        Stop::Unsupported
    }

    fn raise(kind: &str, message: impl Into<String>, range: (usize, usize)) -> Stop {
        Stop::Raise(Raised { kind: kind.to_string(), message: message.into(), range })
    }

    fn run_module(&mut self, body: &[Stmt]) -> Option<Raised> {
        for stmt in body {
            match self.module_statement(stmt) {
                Ok(()) | Err(Stop::Unsupported) => {}
                Err(Stop::Raise(raised)) => return Some(raised),
            }
        }
        None
    }

    fn module_statement(&mut self, stmt: &Stmt) -> Eval<()> {
        match stmt {
            Stmt::Import(import) => self.import(import),
            Stmt::ImportFrom(import) => self.import_from(import),
            Stmt::Assign(assign) => {
                let value = self.expr(&assign.value, None, 0)?;
                self.note_created(&value, true);
                for target in &assign.targets {
                    match target {
                        Expr::Name(name) => self.set_global(name.id.as_str(), value.clone()),
                        other => return Err(self.unsupported(target_kind(other), span(other))),
                    }
                }
                Ok(())
            }
            Stmt::AnnAssign(assign) => {
                let Expr::Name(name) = assign.target.as_ref() else {
                    return Err(self.unsupported(target_kind(&assign.target), span(assign.target.as_ref())));
                };
                // Module-level annotations are evaluated by CPython too (no `from __future__`
                // handling needed: models only annotate with names that exist).
                if let Some(value) = &assign.value {
                    let value = self.expr(value, None, 0)?;
                    self.note_created(&value, true);
                    self.set_global(name.id.as_str(), value);
                }
                Ok(())
            }
            Stmt::ClassDef(class) => {
                let value = self.class_def(class)?;
                self.set_global(class.name.as_str(), value);
                Ok(())
            }
            Stmt::FunctionDef(def) => {
                let function = FunctionValue { name: def.name.to_string(), def: def.clone() };
                self.set_global(def.name.as_str(), Value::Function(Rc::new(function)));
                Ok(())
            }
            Stmt::Expr(expr) => {
                let value = self.expr(&expr.value, None, 0)?;
                self.note_created(&value, false);
                Ok(())
            }
            Stmt::Pass(_) => Ok(()),
            other => Err(self.unsupported(statement_kind(other), span(other))),
        }
    }

    /// Remembers tables and standalone indexes; `assigned` distinguishes `t = Table(...)`
    /// from a bare `Index(...)` statement (both register with the metadata either way).
    fn note_created(&mut self, value: &Value, _assigned: bool) {
        if let Value::Call(call) = value {
            if matches!(&*call.callee, "sqlalchemy.Table" | "flask_sqlalchemy.db.Table" | "sqlalchemy.Index") {
                self.created.push(Created::Call(call.clone()));
            }
        }
    }

    fn import(&mut self, import: &ast::StmtImport) -> Eval<()> {
        for alias in &import.names {
            let module = alias.name.as_str();
            if !library::is_known_module(module) {
                return Err(self.unsupported(&format!("importing {module}"), span(alias)));
            }
            match &alias.asname {
                Some(asname) => self.set_global(asname.as_str(), Value::Module(Rc::from(module))),
                None => {
                    // `import sqlalchemy.orm` binds `sqlalchemy`.
                    let top = module.split('.').next().unwrap_or(module);
                    self.set_global(top, Value::Module(Rc::from(top)));
                }
            }
        }
        Ok(())
    }

    fn import_from(&mut self, import: &ast::StmtImportFrom) -> Eval<()> {
        let module = import.module.as_ref().map(|m| m.as_str()).unwrap_or("");
        let known = import.level == 0 && library::is_known_module(module);
        if module == "__future__" && import.names.iter().any(|alias| alias.name.as_str() == "annotations") {
            self.future_annotations = true;
        }
        for alias in &import.names {
            let name = alias.name.as_str();
            let bound = alias.asname.as_ref().map(|a| a.as_str()).unwrap_or(name);
            if name == "*" {
                return Err(self.unsupported("`import *`", span(alias)));
            }
            if !known {
                // `from app import db` / `from .extensions import db`: the playground's own db.
                if name == "db" {
                    self.set_global(bound, Value::Db);
                    continue;
                }
                let dots = ".".repeat(usize::try_from(import.level).unwrap_or(0));
                return Err(self.unsupported(&format!("importing {dots}{module}"), span(import)));
            }
            if library_names::has_name(module, name) == Some(false) && !library::is_known_module(&format!("{module}.{name}")) {
                // CPython adds the module's file path, which depends on the installation.
                return Err(Self::raise("ImportError", format!("cannot import name '{name}' from '{module}'"), span(alias)));
            }
            self.set_global(bound, library::member(module, name));
        }
        Ok(())
    }

    fn class_def(&mut self, class: &ast::StmtClassDef) -> Eval<Value> {
        let mut bases = Vec::new();
        let mut keywords = Vec::new();
        if let Some(arguments) = &class.arguments {
            for base in arguments.args.iter() {
                bases.push(self.expr(base, None, 0)?);
            }
            for keyword in arguments.keywords.iter() {
                let Some(arg) = &keyword.arg else {
                    return Err(self.unsupported("`**` in a class statement", span(keyword)));
                };
                keywords.push((arg.to_string(), self.expr(&keyword.value, None, 0)?));
            }
        }
        if let Some(decorator) = class.decorator_list.first() {
            return Err(self.unsupported("class decorators", span(decorator)));
        }
        let mut scope = ClassScope { members: Vec::new() };
        for stmt in &class.body {
            match self.class_statement(stmt, &mut scope) {
                Ok(()) | Err(Stop::Unsupported) => {}
                Err(raise) => return Err(raise),
            }
        }
        let order = self.next_order();
        let value = Rc::new(ClassValue {
            name: class.name.to_string(),
            bases,
            keywords,
            members: scope.members,
            range: span(class),
            order,
        });
        self.created.push(Created::Class(value.clone()));
        Ok(Value::Class(value))
    }

    fn class_statement(&mut self, stmt: &Stmt, scope: &mut ClassScope) -> Eval<()> {
        let range = span(stmt);
        match stmt {
            Stmt::Assign(assign) => {
                let value = self.expr(&assign.value, Some(scope), 0)?;
                for target in &assign.targets {
                    match target {
                        Expr::Name(name) => scope.set(name.id.as_str(), Some(value.clone()), None, range),
                        other => return Err(self.unsupported(target_kind(other), span(other))),
                    }
                }
                Ok(())
            }
            Stmt::AnnAssign(assign) => {
                let Expr::Name(name) = assign.target.as_ref() else {
                    return Err(self.unsupported(target_kind(&assign.target), span(assign.target.as_ref())));
                };
                let annotation = self.annotation(&assign.annotation, scope)?;
                let value = match &assign.value {
                    Some(value) => Some(self.expr(value, Some(scope), 0)?),
                    None => None,
                };
                scope.set(name.id.as_str(), value, Some(annotation), range);
                Ok(())
            }
            Stmt::FunctionDef(def) => {
                let function = FunctionValue { name: def.name.to_string(), def: def.clone() };
                scope.set(def.name.as_str(), Some(Value::Function(Rc::new(function))), None, range);
                Ok(())
            }
            Stmt::Expr(expr) => match expr.value.as_ref() {
                Expr::StringLiteral(_) => Ok(()),
                other => self.expr(other, Some(scope), 0).map(|_| ()),
            },
            Stmt::Pass(_) => Ok(()),
            Stmt::ClassDef(_) => Err(self.unsupported("a class inside a class", range)),
            other => Err(self.unsupported(&format!("{} in a class body", statement_kind(other)), range)),
        }
    }

    /// Annotations: string annotations (`Mapped["User"]`, `"Post"`) stay strings, the way
    /// SQLAlchemy resolves them later by name.
    /// With `from __future__ import annotations` CPython does not evaluate them at all, so a
    /// forward reference (`Mapped[User]` above `class User`) is fine and stays a name.
    fn annotation(&mut self, expr: &Expr, scope: &ClassScope) -> Eval<Value> {
        self.forward_names = self.future_annotations;
        let value = self.expr(expr, Some(scope), 0);
        self.forward_names = false;
        match value {
            Err(Stop::Raise(raised)) if self.future_annotations && raised.kind == "NameError" => {
                Ok(Value::str(self.index.text(span(expr))))
            }
            other => other,
        }
    }

    fn lookup(&self, name: &str, scope: Option<&ClassScope>, range: (usize, usize)) -> Eval<Value> {
        if let Some(value) = scope.and_then(|s| s.get(name)) {
            return Ok(value.clone());
        }
        if let Some(value) = self.global(name) {
            return Ok(value.clone());
        }
        if let Some(value) = library::builtin(name) {
            return Ok(value);
        }
        if self.forward_names {
            return Ok(Value::str(name));
        }
        Err(Self::raise("NameError", format!("name '{name}' is not defined"), range))
    }

    fn expr(&mut self, expr: &Expr, scope: Option<&ClassScope>, depth: usize) -> Eval<Value> {
        let range = span(expr);
        if depth > MAX_DEPTH {
            return Err(self.unsupported("expressions nested this deeply", range));
        }
        let depth = depth + 1;
        match expr {
            Expr::NoneLiteral(_) => Ok(Value::None),
            Expr::BooleanLiteral(b) => Ok(Value::Bool(b.value)),
            Expr::EllipsisLiteral(_) => Ok(Value::Library(Rc::from("builtins.Ellipsis"))),
            Expr::StringLiteral(s) => Ok(Value::str(s.value.to_str())),
            Expr::BytesLiteral(b) => Ok(Value::Bytes(b.value.bytes().collect::<Vec<u8>>().into())),
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(int) => match int.as_i64() {
                    Some(value) => Ok(Value::Int(value)),
                    None => Err(self.unsupported("integers beyond 64 bits", range)),
                },
                Number::Float(f) => Ok(Value::Float(*f)),
                Number::Complex { .. } => Err(self.unsupported("complex numbers", range)),
            },
            Expr::Name(name) => self.lookup(name.id.as_str(), scope, range),
            Expr::Attribute(attribute) => {
                let value = self.expr(&attribute.value, scope, depth)?;
                self.attribute(value, attribute.attr.as_str(), range)
            }
            Expr::Call(call) => self.call(call, scope, depth),
            Expr::Subscript(subscript) => {
                let origin = self.expr(&subscript.value, scope, depth)?;
                let args = match subscript.slice.as_ref() {
                    Expr::Tuple(tuple) => self.exprs(&tuple.elts, scope, depth)?,
                    other => vec![self.expr(other, scope, depth)?],
                };
                match origin {
                    Value::Library(_) | Value::Generic(_) | Value::Class(_) => {
                        Ok(Value::Generic(Rc::new(Generic { origin, args })))
                    }
                    Value::Tuple(_) | Value::List(_) | Value::Dict(_) | Value::Str(_) => self.item(&origin, &args, range),
                    other => Err(self.unsupported(&format!("indexing a {} value", other.type_name()), range)),
                }
            }
            Expr::BinOp(binop) => {
                let left = self.expr(&binop.left, scope, depth)?;
                let right = self.expr(&binop.right, scope, depth)?;
                self.binary(binop.op, left, right, range)
            }
            Expr::UnaryOp(unary) => {
                let operand = self.expr(&unary.operand, scope, depth)?;
                match (unary.op, operand) {
                    (ast::UnaryOp::USub, Value::Int(i)) => Ok(Value::Int(i.wrapping_neg())),
                    (ast::UnaryOp::USub, Value::Float(f)) => Ok(Value::Float(-f)),
                    (ast::UnaryOp::UAdd, value @ (Value::Int(_) | Value::Float(_))) => Ok(value),
                    (ast::UnaryOp::Not, value) if !matches!(value, Value::Call(_)) => Ok(Value::Bool(!value.truthy())),
                    _ => Err(self.unsupported("this unary operator", range)),
                }
            }
            Expr::Tuple(tuple) => Ok(Value::Tuple(self.exprs(&tuple.elts, scope, depth)?.into())),
            Expr::List(list) => Ok(Value::List(self.exprs(&list.elts, scope, depth)?.into())),
            Expr::Dict(dict) => {
                let mut items = Vec::new();
                for item in &dict.items {
                    let Some(key) = &item.key else {
                        return Err(self.unsupported("`**` in a dict display", span(&item.value)));
                    };
                    let key = self.expr(key, scope, depth)?;
                    let value = self.expr(&item.value, scope, depth)?;
                    items.push((key, value));
                }
                Ok(Value::Dict(items.into()))
            }
            Expr::Lambda(lambda) => Ok(Value::Lambda(Rc::new(lambda.clone()))),
            Expr::Compare(compare) => self.compare(compare, scope, depth),
            Expr::ListComp(comp) => {
                let mut out = Vec::new();
                let base = ClassScope { members: scope.map(|s| s.members.clone()).unwrap_or_default() };
                self.comprehension(&comp.elt, &comp.generators, base, &mut out, depth)?;
                Ok(Value::List(out.into()))
            }
            Expr::BoolOp(boolop) => {
                let values = self.exprs(&boolop.values, scope, depth)?;
                if values.iter().any(|v| matches!(v, Value::Call(_))) {
                    // `a == 1 and b == 2` on columns builds `and_(...)` for SQLAlchemy.
                    let callee = if boolop.op == ast::BoolOp::And { "sqlalchemy.and_" } else { "sqlalchemy.or_" };
                    let order = self.next_order();
                    return Ok(Value::Call(Rc::new(LibraryCall { callee: Rc::from(callee), args: values, kwargs: Vec::new(), order, range })));
                }
                let want = boolop.op == ast::BoolOp::Or;
                let last = values.last().cloned().unwrap_or(Value::None);
                Ok(values.into_iter().find(|v| v.truthy() == want).unwrap_or(last))
            }
            other => Err(self.unsupported(&format!("{} here (only inside methods)", expression_kind(other)), range)),
        }
    }

    /// The values a module-level value iterates over: sequences, str characters, dict keys
    /// and the members of an enum class.
    fn iterate(&mut self, value: &Value, range: (usize, usize)) -> Eval<Vec<Value>> {
        Ok(match value {
            Value::Tuple(items) | Value::List(items) => items.to_vec(),
            Value::Str(text) => text.chars().map(|c| Value::str(&c.to_string())).collect(),
            Value::Dict(items) => items.iter().map(|(k, _)| k.clone()).collect(),
            Value::Class(class) if class.derives_from_library("enum.Enum") || class.derives_from_library("enum.IntEnum") || class.derives_from_library("enum.StrEnum") => class
                .members
                .iter()
                .filter(|m| !m.name.starts_with('_') && m.value.as_ref().is_some_and(|v| !matches!(v, Value::Function(_))))
                .map(|m| Value::EnumMember(class.clone(), Rc::from(m.name.as_str())))
                .collect(),
            other => return Err(self.unsupported(&format!("iterating over a {} value here", other.type_name()), range)),
        })
    }

    fn comprehension(&mut self, elt: &Expr, generators: &[ast::Comprehension], scope: ClassScope, out: &mut Vec<Value>, depth: usize) -> Eval<()> {
        let Some((generator, rest)) = generators.split_first() else {
            out.push(self.expr(elt, Some(&scope), depth)?);
            return Ok(());
        };
        let Expr::Name(target) = &generator.target else {
            return Err(self.unsupported("unpacking in a comprehension here", span(&generator.target)));
        };
        let iterable = self.expr(&generator.iter, Some(&scope), depth)?;
        for item in self.iterate(&iterable, span(&generator.iter))? {
            let mut inner = ClassScope { members: scope.members.clone() };
            inner.set(target.id.as_str(), Some(item), None, (0, 0));
            let mut keep = true;
            for condition in &generator.ifs {
                if !self.expr(condition, Some(&inner), depth)?.truthy() {
                    keep = false;
                    break;
                }
            }
            if keep {
                self.comprehension(elt, rest, inner, out, depth)?;
            }
        }
        Ok(())
    }

    /// `value[key]` on a tuple, list, str or dict built at module level (`ROLES[0]`).
    fn item(&mut self, value: &Value, args: &[Value], range: (usize, usize)) -> Eval<Value> {
        let [key] = args else {
            return Err(self.unsupported("indexing with a tuple", range));
        };
        if let Value::Dict(items) = value {
            let found = items.iter().find(|(k, _)| plain_equal(k, key) == Some(true));
            return match found {
                Some((_, v)) => Ok(v.clone()),
                None => Err(self.unsupported("a dict key that is not present", range)),
            };
        }
        let Value::Int(position) = key else {
            return Err(self.unsupported(&format!("indexing with a {} value", key.type_name()), range));
        };
        let items: Vec<Value> = match value {
            Value::Str(text) => text.chars().map(|c| Value::str(&c.to_string())).collect(),
            other => other.as_sequence().map(<[Value]>::to_vec).unwrap_or_default(),
        };
        let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let at = if *position < 0 { position + len } else { *position };
        match usize::try_from(at).ok().and_then(|at| items.get(at)) {
            Some(found) => Ok(found.clone()),
            None => Err(Self::raise("IndexError", format!("{} index out of range", value.type_name()), range)),
        }
    }

    /// A comparison: on plain values it is computed; on SQL objects (`table.c.x == id`) it
    /// records an operator call for the stage that reads relationship join conditions.
    fn compare(&mut self, compare: &ast::ExprCompare, scope: Option<&ClassScope>, depth: usize) -> Eval<Value> {
        let range = span(compare);
        let mut left = self.expr(&compare.left, scope, depth)?;
        let mut result = Value::Bool(true);
        for (op, right) in compare.ops.iter().zip(compare.comparators.iter()) {
            let right = self.expr(right, scope, depth)?;
            let sql = matches!(left, Value::Call(_)) || matches!(right, Value::Call(_));
            let step = if sql {
                let name = match op {
                    ast::CmpOp::Eq => "eq",
                    ast::CmpOp::NotEq => "ne",
                    ast::CmpOp::Lt => "lt",
                    ast::CmpOp::LtE => "le",
                    ast::CmpOp::Gt => "gt",
                    ast::CmpOp::GtE => "ge",
                    _ => return Err(self.unsupported("this comparison on a SQL expression outside a method", range)),
                };
                let order = self.next_order();
                let callee = Rc::from(format!("sqlalchemy.sql.operators.{name}"));
                Value::Call(Rc::new(LibraryCall { callee, args: vec![left.clone(), right.clone()], kwargs: Vec::new(), order, range }))
            } else {
                let equal = plain_equal(&left, &right);
                match (op, equal) {
                    (ast::CmpOp::Eq, Some(equal)) => Value::Bool(equal),
                    (ast::CmpOp::NotEq, Some(equal)) => Value::Bool(!equal),
                    (ast::CmpOp::Is, _) => Value::Bool(matches!((&left, &right), (Value::None, Value::None)) || equal == Some(true) && matches!(left, Value::Bool(_) | Value::None)),
                    (ast::CmpOp::IsNot, _) => Value::Bool(!(matches!((&left, &right), (Value::None, Value::None)) || equal == Some(true) && matches!(left, Value::Bool(_) | Value::None))),
                    _ => return Err(self.unsupported("this comparison outside a method", range)),
                }
            };
            if compare.ops.len() == 1 {
                return Ok(step);
            }
            if !step.truthy() {
                return Ok(step);
            }
            result = step;
            left = right;
        }
        Ok(result)
    }

    fn exprs(&mut self, exprs: &[Expr], scope: Option<&ClassScope>, depth: usize) -> Eval<Vec<Value>> {
        let mut values = Vec::with_capacity(exprs.len());
        for expr in exprs {
            if let Expr::Starred(starred) = expr {
                return Err(self.unsupported("`*` unpacking", span(starred)));
            }
            values.push(self.expr(expr, scope, depth)?);
        }
        Ok(values)
    }

    fn binary(&mut self, op: ast::Operator, left: Value, right: Value, range: (usize, usize)) -> Eval<Value> {
        use ast::Operator::*;
        let typeish = |v: &Value| matches!(v, Value::Library(_) | Value::Generic(_) | Value::Class(_) | Value::None);
        Ok(match (op, left, right) {
            (BitOr, l, r) if typeish(&l) && typeish(&r) => {
                let union = Value::Library(Rc::from("typing.Union"));
                Value::Generic(Rc::new(Generic { origin: union, args: vec![l, r] }))
            }
            (Add, Value::Str(a), Value::Str(b)) => Value::Str(Rc::from(format!("{a}{b}"))),
            (op, Value::Int(a), Value::Int(b)) => match op {
                Add => Value::Int(a.wrapping_add(b)),
                Sub => Value::Int(a.wrapping_sub(b)),
                Mult => Value::Int(a.wrapping_mul(b)),
                _ => return Err(self.unsupported("this arithmetic at module level", range)),
            },
            _ => return Err(self.unsupported("this operator outside a method", range)),
        })
    }

    fn attribute(&mut self, value: Value, name: &str, range: (usize, usize)) -> Eval<Value> {
        match value {
            Value::Db if !library_names::db_has(name) => Err(Self::raise("AttributeError", name, range)),
            Value::Db => Ok(library::db_attribute(name)),
            Value::Module(module) if library_names::has_name(&module, name) == Some(false) && !library::is_known_module(&format!("{module}.{name}")) => {
                Err(Self::raise("AttributeError", format!("module '{module}' has no attribute '{name}'"), range))
            }
            Value::Module(module) => Ok(library::member(&module, name)),
            Value::Library(path) => Ok(Value::Library(Rc::from(format!("{path}.{name}")))),
            Value::Class(class) => {
                let is_enum = ["enum.Enum", "enum.IntEnum", "enum.StrEnum"].iter().any(|base| class.derives_from_library(base));
                if is_enum && class.own(name).is_some_and(|v| !matches!(v, Value::Function(_))) && !name.starts_with('_') {
                    return Ok(Value::EnumMember(class, Rc::from(name)));
                }
                if name == "__name__" {
                    return Ok(Value::str(&class.name));
                }
                match class.lookup(name) {
                    Some(value) => Ok(value),
                    None if name == "__table__" || name == "metadata" || name == "query" => {
                        Ok(Value::Library(Rc::from(format!("models.{}.{name}", class.name))))
                    }
                    None => Err(Self::raise(
                        "AttributeError",
                        format!("type object '{}' has no attribute '{name}'", class.name),
                        range,
                    )),
                }
            }
            Value::EnumMember(class, member) => match name {
                "name" => Ok(Value::Str(member)),
                "value" => Ok(class.own(&member).cloned().unwrap_or(Value::None)),
                _ => Err(self.unsupported(&format!("the attribute `{name}` of an enum member"), range)),
            },
            Value::Str(_) if matches!(name, "lower" | "upper" | "title" | "capitalize" | "strip") => {
                Ok(Value::Method(Rc::new(super::object::Method { receiver: value, name: Rc::from(name), function: None })))
            }
            Value::Call(call) => {
                // A method of a library object (`Post.created_at.desc`): calling it records
                // a call with the receiver first.
                let method = LibraryCall {
                    callee: Rc::from(format!("method.{name}")),
                    args: vec![Value::Call(call)],
                    kwargs: Vec::new(),
                    order: 0,
                    range,
                };
                Ok(Value::Call(Rc::new(method)))
            }
            other => Err(self.unsupported(&format!("attributes of a {} value", other.type_name()), range)),
        }
    }

    fn call(&mut self, call: &ast::ExprCall, scope: Option<&ClassScope>, depth: usize) -> Eval<Value> {
        let range = span(call);
        let callee = self.expr(&call.func, scope, depth)?;
        let args = self.exprs(&call.arguments.args, scope, depth)?;
        let mut kwargs = Vec::new();
        for keyword in call.arguments.keywords.iter() {
            let Some(arg) = &keyword.arg else {
                return Err(self.unsupported("`**` arguments", span(keyword)));
            };
            kwargs.push((arg.to_string(), self.expr(&keyword.value, scope, depth)?));
        }
        let name: Rc<str> = match callee {
            Value::Library(name) => name,
            // `Post.created_at.desc()`: the method record made by `attribute`.
            Value::Call(method) if method.callee.starts_with("method.") && method.order == 0 => {
                let mut all = method.args.clone();
                all.extend(args);
                let order = self.next_order();
                return Ok(Value::Call(Rc::new(LibraryCall { callee: method.callee.clone(), args: all, kwargs, order, range })));
            }
            Value::Method(method) if method.function.is_none() && args.is_empty() && kwargs.is_empty() => {
                if let Value::Str(text) = &method.receiver {
                    return Ok(Value::str(&str_method(text, &method.name)));
                }
                return Err(self.unsupported(&format!("calling .{}() here", method.name), range));
            }
            Value::Class(class) => return Err(self.unsupported(&format!("creating a {} object in the models", class.name), range)),
            Value::Function(function) => {
                return Err(self.unsupported(&format!("calling {}() at import time", function.name), range))
            }
            other => return Err(self.unsupported(&format!("calling a {} value", other.type_name()), range)),
        };
        if &*name == "flask_sqlalchemy.SQLAlchemy" {
            if let Some(Value::Class(base)) = kwargs.iter().find(|(k, _)| k == "model_class").map(|(_, v)| v) {
                // Flask-SQLAlchemy subclasses the base, whose registry then meets the base's own
                // type_annotation_map (DeclarativeBase.__init_subclass__ refuses that).
                if base.own("type_annotation_map").is_some() {
                    return Err(Self::raise(
                        "InvalidRequestError",
                        "Declarative base class has both a 'registry' attribute and a type_annotation_map entry.  Per-base type_annotation_maps are not supported.  Please apply the type_annotation_map to this registry directly.",
                        range,
                    ));
                }
            }
            let order = self.next_order();
            self.db_call = Some(Rc::new(LibraryCall { callee: name, args, kwargs, order, range }));
            return Ok(Value::Db);
        }
        if let Some(builtin) = name.strip_prefix("builtins.") {
            return Err(self.unsupported(&format!("calling {builtin}() outside a method"), range));
        }
        let order = self.next_order();
        Ok(Value::Call(Rc::new(LibraryCall { callee: name, args, kwargs, order, range })))
    }
}

/// The argument-less str methods model code uses at import time (`cls.__name__.lower()`).
fn str_method(text: &str, name: &str) -> String {
    match name {
        "lower" => text.to_lowercase(),
        "upper" => text.to_uppercase(),
        "strip" => text.trim().to_string(),
        "capitalize" => {
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        }
        // title(): upper-case the first letter of every run of letters.
        _ => {
            let mut out = String::with_capacity(text.len());
            let mut previous_letter = false;
            for c in text.chars() {
                if previous_letter {
                    out.extend(c.to_lowercase());
                } else {
                    out.extend(c.to_uppercase());
                }
                previous_letter = c.is_alphabetic();
            }
            out
        }
    }
}

/// `==` between plain values known at module level; `None` when it cannot tell.
fn plain_equal(left: &Value, right: &Value) -> Option<bool> {
    Some(match (left, right) {
        (Value::None, Value::None) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::Int(a), Value::Int(b)) => a == b,
        (Value::Float(a), Value::Float(b)) => a == b,
        (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => (*a as f64) == *b,
        (Value::Str(a), Value::Str(b)) => a == b,
        (Value::None, _) | (_, Value::None) => false,
        (Value::Str(_), Value::Int(_) | Value::Float(_)) | (Value::Int(_) | Value::Float(_), Value::Str(_)) => false,
        _ => return None,
    })
}

fn target_kind(expr: &Expr) -> &'static str {
    match expr {
        Expr::Tuple(_) | Expr::List(_) => "unpacking assignment outside a method",
        Expr::Attribute(_) => "assigning to an attribute outside a method",
        Expr::Subscript(_) => "assigning to an item outside a method",
        _ => "this assignment target",
    }
}

/// A statement's name, as the "not supported" diagnostic says it.
pub fn statement_kind(stmt: &Stmt) -> &'static str {
    match stmt {
        Stmt::FunctionDef(_) => "def",
        Stmt::ClassDef(_) => "class",
        Stmt::Return(_) => "return outside a function",
        Stmt::Delete(_) => "del statement",
        Stmt::TypeAlias(_) => "type alias statement",
        Stmt::Assign(_) => "assignment",
        Stmt::AugAssign(_) => "augmented assignment (+= ...)",
        Stmt::AnnAssign(_) => "annotated assignment",
        Stmt::For(_) => "for loop",
        Stmt::While(_) => "while loop",
        Stmt::If(_) => "if statement",
        Stmt::With(_) => "with statement",
        Stmt::Match(_) => "match statement",
        Stmt::Raise(_) => "raise statement",
        Stmt::Try(_) => "try statement",
        Stmt::Assert(_) => "assert statement",
        Stmt::Import(_) | Stmt::ImportFrom(_) => "import",
        Stmt::Global(_) => "global statement",
        Stmt::Nonlocal(_) => "nonlocal statement",
        Stmt::Expr(_) => "expression statement",
        Stmt::Pass(_) => "pass",
        Stmt::Break(_) => "break",
        Stmt::Continue(_) => "continue",
        Stmt::IpyEscapeCommand(_) => "IPython escape command",
    }
}

/// An expression's name, as the "not supported" diagnostic says it.
pub fn expression_kind(expr: &Expr) -> &'static str {
    match expr {
        Expr::BoolOp(_) => "`and` / `or`",
        Expr::Named(_) => "the walrus operator `:=`",
        Expr::BinOp(_) => "binary operator",
        Expr::UnaryOp(_) => "unary operator",
        Expr::Lambda(_) => "lambda",
        Expr::If(_) => "conditional expression",
        Expr::Dict(_) => "dict display",
        Expr::Set(_) => "set display",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Generator(_) => "generator expression",
        Expr::Await(_) => "await",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield",
        Expr::Compare(_) => "comparison",
        Expr::Call(_) => "call",
        Expr::FString(_) => "f-string",
        Expr::TString(_) => "t-string",
        Expr::StringLiteral(_) => "string",
        Expr::BytesLiteral(_) => "bytes",
        Expr::NumberLiteral(_) => "number",
        Expr::BooleanLiteral(_) => "bool",
        Expr::NoneLiteral(_) => "None",
        Expr::EllipsisLiteral(_) => "...",
        Expr::Attribute(_) => "attribute access",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "`*` unpacking",
        Expr::Name(_) => "name",
        Expr::List(_) => "list display",
        Expr::Tuple(_) => "tuple display",
        Expr::Slice(_) => "slice",
        Expr::IpyEscapeCommand(_) => "IPython escape command",
    }
}
