//! The script interpreter: runs the statements of a script (and the methods of the models)
//! the way CPython would, over the values of [`super::value`].
//!
//! Library objects of SQLAlchemy (sessions, queries, column expressions, results) are
//! [`Value::Orm`] values; the interpreter hands every operation on them to [`crate::orm`],
//! which calls back into the interpreter to run model code (`__repr__`, validators, defaults).
//!
//! Bounded everywhere: a step budget stops runaway loops, a depth limit stops runaway
//! recursion (CPython's `RecursionError`), so no input can hang or overflow the stack.

mod builtins;
mod call;
mod expr;
pub mod format;
mod methods;
pub mod regex;
pub mod repr;

use super::object::{exception_matches, Closure, Code, ExceptionValue, ModuleId, Scope};
use super::value::{ClassValue, Member, Value};
use crate::diag::NOT_SUPPORTED;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Statements, loop iterations and calls a script may take before it is stopped.
pub const STEP_BUDGET: u64 = 3_000_000;
/// Deepest nesting of calls and expressions (CPython's default recursion limit is 1000; the
/// browser worker's stack is much smaller than CPython's, so ormlab stops earlier).
pub const MAX_DEPTH: usize = 400;

/// The exception type reported when the step budget runs out.
pub const STEP_LIMIT_ERROR: &str = "StepLimitExceeded";
/// The exception type reported for Python outside the subset.
pub const UNSUPPORTED_ERROR: &str = "NotSupportedError";

/// Why evaluation stopped abnormally.
#[derive(Debug, Clone)]
pub enum Exc {
    /// A Python exception: `try` can catch it.
    Raise(Rc<ExceptionValue>),
    /// The run must end (step budget, unsupported construct): nothing catches it.
    Fatal(Rc<ExceptionValue>),
}

impl Exc {
    /// The exception object.
    pub fn exception(&self) -> &ExceptionValue {
        match self {
            Exc::Raise(e) | Exc::Fatal(e) => e,
        }
    }
}

/// Result of evaluation.
pub type R<T> = Result<T, Exc>;

/// How a block ended.
enum Flow {
    Next,
    Return(Value),
    Break,
    Continue,
}

/// One running function (or the module body when `scopes` is empty).
struct Frame {
    /// Local scopes, innermost last: the function's locals, and comprehension scopes.
    scopes: Vec<Scope>,
    /// Which globals it sees.
    module: ModuleId,
    /// Names declared `global`.
    globals_declared: Vec<String>,
}

/// The interpreter's state for one run.
pub struct Interp<'e> {
    /// Everything the script printed.
    pub stdout: String,
    steps: u64,
    depth: usize,
    /// The models module's globals.
    pub models_globals: HashMap<String, Value>,
    /// The script's globals.
    pub script_globals: HashMap<String, Value>,
    frames: Vec<Frame>,
    /// 1-based script line of the statement running now (the statement log's `line`).
    pub line: u32,
    script_line_starts: Vec<usize>,
    next_id: u64,
    /// The exception being handled (for a bare `raise`).
    handling: Vec<Rc<ExceptionValue>>,
    /// The ORM runtime.
    pub orm: crate::orm::Runtime<'e>,
    /// Every instance made in this run (see [`Interp::new_instance`]).
    instances: Vec<std::rc::Weak<super::object::Instance>>,
}

/// CPython's cycle collector frees objects that refer to each other; `Rc` cannot, so at the
/// end of a run every instance still alive drops its attributes. Without this each run in
/// the page's long-lived worker would leak its object graph.
impl Drop for Interp<'_> {
    fn drop(&mut self) {
        for instance in self.instances.drain(..).filter_map(|w| w.upgrade()) {
            let attributes = std::mem::take(&mut *instance.dict.borrow_mut());
            drop(attributes);
        }
    }
}

impl<'e> Interp<'e> {
    /// An interpreter whose script is `script` (for line numbers) over `orm`.
    pub fn new(script: &str, orm: crate::orm::Runtime<'e>) -> Self {
        let mut starts = vec![0];
        starts.extend(script.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Self {
            stdout: String::new(),
            steps: 0,
            depth: 0,
            models_globals: HashMap::new(),
            script_globals: HashMap::new(),
            frames: vec![Frame { scopes: Vec::new(), module: ModuleId::Script, globals_declared: Vec::new() }],
            line: 0,
            script_line_starts: starts,
            next_id: 1,
            handling: Vec::new(),
            orm,
            instances: Vec::new(),
        }
    }

    /// A fresh object id.
    pub fn new_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// A new instance of `class` with an empty `__dict__`, remembered so the run's end can
    /// break the reference cycles objects form (a parent and its backref).
    pub fn new_instance(&mut self, class: Rc<super::value::ClassValue>) -> Rc<super::object::Instance> {
        let instance = Rc::new(super::object::Instance { class, id: self.new_id(), dict: std::cell::RefCell::new(Vec::new()) });
        self.instances.push(Rc::downgrade(&instance));
        instance
    }

    fn script_line(&self, offset: usize) -> u32 {
        u32::try_from(self.script_line_starts.partition_point(|&s| s <= offset).max(1)).unwrap_or(u32::MAX)
    }

    /// Makes an exception of class `kind`.
    pub fn exception(&self, kind: &str, message: impl Into<String>) -> ExceptionValue {
        let message = message.into();
        let args = if message.is_empty() { Vec::new() } else { vec![Value::str(&message)] };
        ExceptionValue { kind: Rc::from(kind), message, args, line: Some(self.line), attrs: Vec::new() }
    }

    /// `Err` of a catchable exception.
    pub fn err<T>(&self, kind: &str, message: impl Into<String>) -> R<T> {
        Err(Exc::Raise(Rc::new(self.exception(kind, message))))
    }

    /// `Err(KeyError(key))`: the message is the key's repr, `args` the key itself.
    pub fn key_error<T>(&mut self, key: &Value) -> R<T> {
        let message = self.repr(key)?;
        let mut exception = self.exception("KeyError", message);
        exception.args = vec![key.clone()];
        Err(Exc::Raise(Rc::new(exception)))
    }

    /// `Err` for Python outside the subset (not catchable: ormlab cannot go on faithfully).
    pub fn unsupported<T>(&self, what: &str) -> R<T> {
        Err(Exc::Fatal(Rc::new(self.exception(UNSUPPORTED_ERROR, format!("{NOT_SUPPORTED}{what} (line {})", self.line)))))
    }

    /// Steps taken so far: unchanged means no Python code (and no statement) ran meanwhile.
    pub fn steps_taken(&self) -> u64 {
        self.steps
    }

    /// Counts one step; stops the run when the budget is spent.
    pub fn step(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            let message = format!("the script ran more than {STEP_BUDGET} steps and was stopped (an endless loop?) at line {}", self.line);
            return Err(Exc::Fatal(Rc::new(self.exception(STEP_LIMIT_ERROR, message))));
        }
        Ok(())
    }

    /// Enters one level of nesting (calls, expressions).
    pub fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return self.err("RecursionError", "maximum recursion depth exceeded");
        }
        Ok(())
    }

    /// Leaves a level entered with [`Self::enter`].
    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn frame(&self) -> Option<&Frame> {
        self.frames.last()
    }

    fn module(&self) -> ModuleId {
        self.frame().map_or(ModuleId::Script, |f| f.module)
    }

    /// The globals of module `module`.
    pub fn globals(&mut self, module: ModuleId) -> &mut HashMap<String, Value> {
        match module {
            ModuleId::Models => &mut self.models_globals,
            ModuleId::Script => &mut self.script_globals,
        }
    }

    /// Looks a name up: local scopes, globals, builtins.
    fn lookup(&mut self, name: &str) -> R<Value> {
        if let Some(frame) = self.frame() {
            if !frame.globals_declared.iter().any(|g| g == name) {
                for scope in frame.scopes.iter().rev() {
                    if let Some(value) = scope.borrow().get(name) {
                        return Ok(value.clone());
                    }
                }
            }
        }
        let module = self.module();
        if let Some(value) = self.globals(module).get(name) {
            return Ok(value.clone());
        }
        if let Some(value) = builtins::builtin(name) {
            return Ok(value);
        }
        self.err("NameError", format!("name '{name}' is not defined"))
    }

    /// Binds a name in the innermost scope (or the globals at module level).
    fn bind(&mut self, name: &str, value: Value) {
        let module = self.module();
        if let Some(frame) = self.frames.last() {
            if !frame.globals_declared.iter().any(|g| g == name) {
                if let Some(scope) = frame.scopes.last() {
                    scope.borrow_mut().insert(name.to_string(), value);
                    return;
                }
            }
        }
        self.globals(module).insert(name.to_string(), value);
    }

    fn unbind(&mut self, name: &str) -> R<()> {
        let module = self.module();
        if let Some(scope) = self.frames.last().and_then(|f| f.scopes.last()) {
            if scope.borrow_mut().remove(name).is_some() {
                return Ok(());
            }
        }
        if self.globals(module).remove(name).is_none() {
            return self.err("NameError", format!("name '{name}' is not defined"));
        }
        Ok(())
    }

    /// Runs the script's statements; an exception escaping it is returned.
    pub fn run_module(&mut self, body: &[Stmt]) -> Result<(), Exc> {
        match self.block(body)? {
            Flow::Next | Flow::Return(_) | Flow::Break | Flow::Continue => Ok(()),
        }
    }

    fn block(&mut self, body: &[Stmt]) -> R<Flow> {
        for stmt in body {
            match self.statement(stmt)? {
                Flow::Next => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Next)
    }

    fn statement(&mut self, stmt: &Stmt) -> R<Flow> {
        self.step()?;
        if self.module() == ModuleId::Script && self.frames.len() == 1 {
            self.line = self.script_line(stmt.range().start().to_usize());
        } else if self.module() == ModuleId::Script {
            // Inside a script function the line still moves with the statements.
            self.line = self.script_line(stmt.range().start().to_usize());
        }
        match stmt {
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                Ok(Flow::Next)
            }
            Stmt::Assign(assign) => {
                let value = self.expr(&assign.value)?;
                for target in &assign.targets {
                    self.assign(target, value.clone())?;
                }
                Ok(Flow::Next)
            }
            Stmt::AnnAssign(assign) => {
                if let Some(value) = &assign.value {
                    let value = self.expr(value)?;
                    self.assign(&assign.target, value)?;
                }
                Ok(Flow::Next)
            }
            Stmt::AugAssign(aug) => {
                self.aug_assign(aug)?;
                Ok(Flow::Next)
            }
            Stmt::If(stmt_if) => {
                let test = self.expr(&stmt_if.test)?;
                if self.truthy(&test)? {
                    return self.block(&stmt_if.body);
                }
                for clause in &stmt_if.elif_else_clauses {
                    let taken = match &clause.test {
                        Some(test) => {
                            let value = self.expr(test)?;
                            self.truthy(&value)?
                        }
                        None => true,
                    };
                    if taken {
                        return self.block(&clause.body);
                    }
                }
                Ok(Flow::Next)
            }
            Stmt::For(stmt_for) => {
                let iterable = self.expr(&stmt_for.iter)?;
                let items = self.iterate(&iterable)?;
                for item in items {
                    self.step()?;
                    self.assign(&stmt_for.target, item)?;
                    match self.block(&stmt_for.body)? {
                        Flow::Break => return Ok(Flow::Next),
                        Flow::Return(value) => return Ok(Flow::Return(value)),
                        Flow::Next | Flow::Continue => {}
                    }
                }
                self.block(&stmt_for.orelse)
            }
            Stmt::While(stmt_while) => {
                loop {
                    self.step()?;
                    let test = self.expr(&stmt_while.test)?;
                    if !self.truthy(&test)? {
                        break;
                    }
                    match self.block(&stmt_while.body)? {
                        Flow::Break => return Ok(Flow::Next),
                        Flow::Return(value) => return Ok(Flow::Return(value)),
                        Flow::Next | Flow::Continue => {}
                    }
                }
                self.block(&stmt_while.orelse)
            }
            Stmt::Break(_) => Ok(Flow::Break),
            Stmt::Continue(_) => Ok(Flow::Continue),
            Stmt::Pass(_) => Ok(Flow::Next),
            Stmt::Return(ret) => {
                let value = match &ret.value {
                    Some(value) => self.expr(value)?,
                    None => Value::None,
                };
                Ok(Flow::Return(value))
            }
            Stmt::FunctionDef(def) => {
                let function = self.make_function(def)?;
                self.bind(def.name.as_str(), function);
                Ok(Flow::Next)
            }
            Stmt::ClassDef(class) => {
                let value = self.class_def(class)?;
                self.bind(class.name.as_str(), value);
                Ok(Flow::Next)
            }
            Stmt::Raise(raise) => self.raise(raise),
            Stmt::Try(stmt_try) => self.try_statement(stmt_try),
            Stmt::With(with) => self.with_statement(with),
            Stmt::Assert(assert) => {
                let test = self.expr(&assert.test)?;
                if !self.truthy(&test)? {
                    let message = match &assert.msg {
                        Some(msg) => {
                            let value = self.expr(msg)?;
                            self.to_str(&value)?
                        }
                        None => String::new(),
                    };
                    return self.err("AssertionError", message);
                }
                Ok(Flow::Next)
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let module = alias.name.as_str();
                    if !super::library::is_known_module(module) {
                        return self.err("ModuleNotFoundError", format!("No module named '{module}'"));
                    }
                    match &alias.asname {
                        Some(asname) => self.bind(asname.as_str(), Value::Module(Rc::from(module))),
                        None => {
                            let top = module.split('.').next().unwrap_or(module);
                            self.bind(top, Value::Module(Rc::from(top)));
                        }
                    }
                }
                Ok(Flow::Next)
            }
            Stmt::ImportFrom(import) => {
                let module = import.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                for alias in &import.names {
                    let name = alias.name.as_str();
                    let bound = alias.asname.as_ref().map(|a| a.as_str()).unwrap_or(name);
                    if name == "*" {
                        return self.unsupported("`import *`");
                    }
                    let value = if module == "models" || module == "app" || module.ends_with(".models") || import.level > 0 {
                        match self.models_globals.get(name) {
                            Some(value) => value.clone(),
                            None if name == "db" => Value::Db,
                            None => return self.err("ImportError", format!("cannot import name '{name}' from '{module}'")),
                        }
                    } else if super::library::is_known_module(module) {
                        super::library::member(module, name)
                    } else {
                        return self.err("ModuleNotFoundError", format!("No module named '{module}'"));
                    };
                    self.bind(bound, value);
                }
                Ok(Flow::Next)
            }
            Stmt::Global(global) => {
                if let Some(frame) = self.frames.last_mut() {
                    frame.globals_declared.extend(global.names.iter().map(|n| n.to_string()));
                }
                Ok(Flow::Next)
            }
            Stmt::Nonlocal(_) => self.unsupported("nonlocal"),
            Stmt::Delete(delete) => {
                for target in &delete.targets {
                    self.delete(target)?;
                }
                Ok(Flow::Next)
            }
            other => self.unsupported(super::eval::statement_kind(other)),
        }
    }

    fn delete(&mut self, target: &Expr) -> R<()> {
        match target {
            Expr::Name(name) => self.unbind(name.id.as_str()),
            Expr::Subscript(sub) => {
                let container = self.expr(&sub.value)?;
                let key = self.expr(&sub.slice)?;
                methods::del_item(self, &container, &key)
            }
            Expr::Attribute(attribute) => {
                let object = self.expr(&attribute.value)?;
                match &object {
                    Value::Instance(instance) => {
                        if instance.class.derives_from_db_model() {
                            self.orm.session.mutated();
                        }
                        if !instance.remove(attribute.attr.as_str()) {
                            return self.err("AttributeError", attribute.attr.to_string());
                        }
                        Ok(())
                    }
                    _ => self.unsupported("deleting this attribute"),
                }
            }
            Expr::Tuple(tuple) => {
                for elt in &tuple.elts {
                    self.delete(elt)?;
                }
                Ok(())
            }
            _ => self.unsupported("this del target"),
        }
    }

    /// Assigns `value` to an assignment target.
    fn assign(&mut self, target: &Expr, value: Value) -> R<()> {
        match target {
            Expr::Name(name) => {
                self.bind(name.id.as_str(), value);
                Ok(())
            }
            Expr::Attribute(attribute) => {
                let object = self.expr(&attribute.value)?;
                self.set_attr(&object, attribute.attr.as_str(), value)
            }
            Expr::Subscript(sub) => {
                let container = self.expr(&sub.value)?;
                let key = self.expr(&sub.slice)?;
                methods::set_item(self, &container, key, value)
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = self.iterate(&value)?;
                let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match star {
                    None => {
                        if items.len() != elts.len() {
                            return if items.len() > elts.len() {
                                self.err("ValueError", format!("too many values to unpack (expected {})", elts.len()))
                            } else {
                                self.err("ValueError", format!("not enough values to unpack (expected {}, got {})", elts.len(), items.len()))
                            };
                        }
                        for (elt, item) in elts.iter().zip(items) {
                            self.assign(elt, item)?;
                        }
                    }
                    Some(at) => {
                        let after = elts.len() - at - 1;
                        if items.len() < elts.len() - 1 {
                            return self.err(
                                "ValueError",
                                format!("not enough values to unpack (expected at least {}, got {})", elts.len() - 1, items.len()),
                            );
                        }
                        for (elt, item) in elts.iter().take(at).zip(items.iter()) {
                            self.assign(elt, item.clone())?;
                        }
                        let middle: Vec<Value> = items[at..items.len() - after].to_vec();
                        if let Some(Expr::Starred(starred)) = elts.get(at) {
                            self.assign(&starred.value, Value::ListMut(Rc::new(RefCell::new(middle))))?;
                        }
                        for (elt, item) in elts.iter().skip(at + 1).zip(items[items.len() - after..].iter()) {
                            self.assign(elt, item.clone())?;
                        }
                    }
                }
                Ok(())
            }
            _ => self.unsupported("this assignment target"),
        }
    }

    fn aug_assign(&mut self, aug: &ast::StmtAugAssign) -> R<()> {
        match aug.target.as_ref() {
            Expr::Name(name) => {
                let current = self.lookup(name.id.as_str())?;
                let operand = self.expr(&aug.value)?;
                let value = self.inplace(aug.op, current, operand)?;
                self.bind(name.id.as_str(), value);
                Ok(())
            }
            Expr::Attribute(attribute) => {
                let object = self.expr(&attribute.value)?;
                let current = self.get_attr(&object, attribute.attr.as_str())?;
                let operand = self.expr(&aug.value)?;
                let value = self.inplace(aug.op, current, operand)?;
                self.set_attr(&object, attribute.attr.as_str(), value)
            }
            Expr::Subscript(sub) => {
                let container = self.expr(&sub.value)?;
                let key = self.expr(&sub.slice)?;
                let current = self.subscript(&container, &key)?;
                let operand = self.expr(&aug.value)?;
                let value = self.inplace(aug.op, current, operand)?;
                methods::set_item(self, &container, key, value)
            }
            _ => self.unsupported("this augmented assignment target"),
        }
    }

    /// `a op= b`: lists extend in place, everything else is `a op b`.
    fn inplace(&mut self, op: ast::Operator, current: Value, operand: Value) -> R<Value> {
        if let (ast::Operator::Add, Value::ListMut(list)) = (op, &current) {
            let items = self.iterate(&operand)?;
            let before = crate::orm::backref::before_change(self, list);
            list.borrow_mut().extend(items);
            if let Some(before) = before {
                crate::orm::backref::collection_changed(self, list, &before)?;
            }
            return Ok(current);
        }
        self.binary(op, current, operand)
    }

    fn raise(&mut self, raise: &ast::StmtRaise) -> R<Flow> {
        let Some(exc) = &raise.exc else {
            return match self.handling.last() {
                Some(current) => Err(Exc::Raise(current.clone())),
                None => self.err("RuntimeError", "No active exception to reraise"),
            };
        };
        let value = self.expr(exc)?;
        let exception = match value {
            Value::Exception(e) => e,
            Value::Library(name) if name.starts_with("builtins.") || name.starts_with("sqlalchemy.exc.") || name.starts_with("werkzeug.") => {
                let kind = name.rsplit('.').next().unwrap_or(&name);
                Rc::new(self.exception(kind, ""))
            }
            Value::Class(class) => Rc::new(self.exception(&class.name, "")),
            other => return self.err("TypeError", format!("exceptions must derive from BaseException, not {}", other.type_name())),
        };
        let mut exception = (*exception).clone();
        exception.line = Some(self.line);
        Err(Exc::Raise(Rc::new(exception)))
    }

    fn try_statement(&mut self, stmt: &ast::StmtTry) -> R<Flow> {
        let outcome = self.block(&stmt.body);
        let outcome = match outcome {
            Err(Exc::Raise(exception)) => {
                let mut handled = None;
                for handler in &stmt.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    let matches = match &handler.type_ {
                        None => true,
                        Some(kind) => {
                            let kinds = self.expr(kind)?;
                            self.exception_matches(&exception, &kinds)
                        }
                    };
                    if matches {
                        if let Some(name) = &handler.name {
                            self.bind(name.as_str(), Value::Exception(exception.clone()));
                        }
                        self.handling.push(exception.clone());
                        let result = self.block(&handler.body);
                        self.handling.pop();
                        handled = Some(result);
                        break;
                    }
                }
                match handled {
                    Some(result) => result,
                    None => Err(Exc::Raise(exception)),
                }
            }
            Ok(Flow::Next) => self.block(&stmt.orelse),
            other => other,
        };
        if stmt.finalbody.is_empty() {
            return outcome;
        }
        match self.block(&stmt.finalbody)? {
            Flow::Next => outcome,
            other => Ok(other),
        }
    }

    /// Whether `exception` is matched by an `except` clause's class (or tuple of classes).
    fn exception_matches(&mut self, exception: &ExceptionValue, kinds: &Value) -> bool {
        match kinds {
            Value::Tuple(items) => items.iter().any(|k| self.exception_matches(exception, k)),
            Value::Library(name) => exception_matches(&exception.kind, name.rsplit('.').next().unwrap_or(name)),
            Value::Class(class) => exception.kind.as_ref() == class.name,
            _ => false,
        }
    }

    fn with_statement(&mut self, with: &ast::StmtWith) -> R<Flow> {
        let mut managers = Vec::new();
        for item in &with.items {
            let manager = self.expr(&item.context_expr)?;
            let entered = crate::orm::enter_context(self, &manager)?;
            managers.push(manager);
            if let Some(target) = &item.optional_vars {
                self.assign(target, entered)?;
            }
        }
        let outcome = self.block(&with.body);
        let mut outcome = outcome;
        for manager in managers.iter().rev() {
            let error = match &outcome {
                Err(Exc::Raise(e)) => Some(e.clone()),
                _ => None,
            };
            if matches!(outcome, Err(Exc::Fatal(_))) {
                break;
            }
            match crate::orm::exit_context(self, manager, error.as_ref()) {
                Ok(suppress) => {
                    if suppress && error.is_some() {
                        outcome = Ok(Flow::Next);
                    }
                }
                Err(e) => outcome = Err(e),
            }
        }
        outcome
    }

    /// `def`: a closure with its defaults evaluated now, as CPython does.
    fn make_function(&mut self, def: &ast::StmtFunctionDef) -> R<Value> {
        let defaults = self.defaults(&def.parameters)?;
        let mut closure = Closure {
            name: def.name.to_string(),
            code: Code::Def(Rc::new(def.clone())),
            defaults,
            enclosing: None,
            module: self.module(),
            is_property: false,
            is_static: false,
            is_classmethod: false,
        };
        closure.enclosing = self.enclosing_scope();
        let mut value = Value::Closure(Rc::new(closure));
        for decorator in def.decorator_list.iter().rev() {
            let decorator = self.expr(&decorator.expression)?;
            value = self.apply_decorator(decorator, value)?;
        }
        Ok(value)
    }

    /// The scope a closure made here captures: the current locals (nested scopes are merged
    /// into one snapshot-free shared map by chaining through the innermost scope).
    fn enclosing_scope(&self) -> Option<Scope> {
        let frame = self.frame()?;
        if frame.scopes.is_empty() {
            return None;
        }
        if frame.scopes.len() == 1 {
            return frame.scopes.first().cloned();
        }
        // Several scopes (a comprehension inside a function): flatten into one new map.
        let mut merged = HashMap::new();
        for scope in &frame.scopes {
            // Later (inner) scopes win; the merge order does not show anywhere.
            #[allow(clippy::iter_over_hash_type)]
            for (k, v) in scope.borrow().iter() {
                merged.insert(k.clone(), v.clone());
            }
        }
        Some(Rc::new(RefCell::new(merged)))
    }

    fn apply_decorator(&mut self, decorator: Value, function: Value) -> R<Value> {
        let Value::Closure(closure) = &function else { return Ok(function) };
        match decorator.library_name() {
            Some("builtins.property") => Ok(Value::Closure(Rc::new(Closure { is_property: true, ..clone_closure(closure) }))),
            Some("builtins.staticmethod") => Ok(Value::Closure(Rc::new(Closure { is_static: true, ..clone_closure(closure) }))),
            Some("builtins.classmethod") => Ok(Value::Closure(Rc::new(Closure { is_classmethod: true, ..clone_closure(closure) }))),
            _ => {
                let result = self.call_value(&decorator, vec![function.clone()], Vec::new())?;
                Ok(result)
            }
        }
    }

    fn defaults(&mut self, parameters: &ast::Parameters) -> R<Vec<(String, Value)>> {
        let mut defaults = Vec::new();
        for parameter in parameters.posonlyargs.iter().chain(parameters.args.iter()).chain(parameters.kwonlyargs.iter()) {
            if let Some(default) = &parameter.default {
                let value = self.expr(default)?;
                defaults.push((parameter.parameter.name.to_string(), value));
            }
        }
        Ok(defaults)
    }

    /// A class statement in the script: a plain class (no ORM mapping).
    fn class_def(&mut self, class: &ast::StmtClassDef) -> R<Value> {
        let mut bases = Vec::new();
        if let Some(arguments) = &class.arguments {
            for base in arguments.args.iter() {
                bases.push(self.expr(base)?);
            }
        }
        if bases.iter().any(|b| matches!(b, Value::Library(n) if &**n == super::value::DB_MODEL)) {
            return self.unsupported("defining a model in the script (put it in the models)");
        }
        let scope: Scope = Rc::new(RefCell::new(HashMap::new()));
        let module = self.module();
        self.frames.push(Frame { scopes: vec![scope.clone()], module, globals_declared: Vec::new() });
        let mut members = Vec::new();
        let result = (|| -> R<()> {
            for stmt in &class.body {
                let before: Vec<String> = scope.borrow().keys().cloned().collect();
                match self.statement(stmt)? {
                    Flow::Next => {}
                    _ => return self.unsupported("this statement in a class body"),
                }
                let range = (stmt.range().start().to_usize(), stmt.range().end().to_usize());
                let mut names: Vec<String> = scope.borrow().keys().filter(|k| !before.contains(k)).cloned().collect();
                names.sort();
                for name in names {
                    members.push(Member { name, value: None, annotation: None, range });
                }
            }
            Ok(())
        })();
        self.frames.pop();
        result?;
        let scope = scope.borrow();
        for member in &mut members {
            member.value = scope.get(&member.name).cloned();
        }
        Ok(Value::Class(Rc::new(ClassValue {
            name: class.name.to_string(),
            bases,
            keywords: Vec::new(),
            members,
            range: (class.range().start().to_usize(), class.range().end().to_usize()),
            order: 0,
        })))
    }

    /// Runs a closure's body with its arguments bound.
    pub fn run_closure(&mut self, closure: &Rc<Closure>, bound: HashMap<String, Value>) -> R<Value> {
        self.enter()?;
        let mut scopes = Vec::new();
        if let Some(enclosing) = &closure.enclosing {
            scopes.push(enclosing.clone());
        }
        scopes.push(Rc::new(RefCell::new(bound)));
        let saved_line = self.line;
        self.frames.push(Frame { scopes, module: closure.module, globals_declared: Vec::new() });
        let result = match &closure.code {
            Code::Def(def) => match self.block(&def.body) {
                Ok(Flow::Return(value)) => Ok(value),
                Ok(_) => Ok(Value::None),
                Err(e) => Err(e),
            },
            Code::Lambda(lambda) => self.expr(&lambda.body),
        };
        self.frames.pop();
        if closure.module == ModuleId::Script {
            self.line = saved_line;
        }
        self.leave();
        result
    }

    /// Runs `f` with a fresh innermost scope (comprehensions).
    fn with_scope<T>(&mut self, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        let scope: Scope = Rc::new(RefCell::new(HashMap::new()));
        if let Some(frame) = self.frames.last_mut() {
            frame.scopes.push(scope);
        }
        let result = f(self);
        if let Some(frame) = self.frames.last_mut() {
            frame.scopes.pop();
        }
        result
    }

    /// Writes `text` to stdout.
    pub fn write(&mut self, text: &str) {
        // Bound the output so a print loop cannot exhaust memory before the step budget.
        if self.stdout.len() < 8 * 1024 * 1024 {
            self.stdout.push_str(text);
        }
    }
}

fn clone_closure(closure: &Closure) -> Closure {
    Closure {
        name: closure.name.clone(),
        code: match &closure.code {
            Code::Def(def) => Code::Def(def.clone()),
            Code::Lambda(lambda) => Code::Lambda(lambda.clone()),
        },
        defaults: closure.defaults.clone(),
        enclosing: closure.enclosing.clone(),
        module: closure.module,
        is_property: closure.is_property,
        is_static: closure.is_static,
        is_classmethod: closure.is_classmethod,
    }
}

/// A list value.
pub fn list(items: Vec<Value>) -> Value {
    Value::ListMut(Rc::new(RefCell::new(items)))
}

/// A dict value.
pub fn dict(items: Vec<(Value, Value)>) -> Value {
    Value::DictMut(Rc::new(RefCell::new(items)))
}

/// A tuple value.
pub fn tuple(items: Vec<Value>) -> Value {
    Value::Tuple(items.into())
}

/// A Python index into a sequence of `len` items (negative counts from the end).
pub fn normalize_index(index: i64, len: usize) -> Option<usize> {
    expr::normalize(index, len)
}

/// An exception object of class `kind` made from call arguments.
pub fn make_exception_value(interp: &mut Interp<'_>, kind: &str, args: Vec<Value>) -> R<Value> {
    builtins::make_exception(interp, kind, args)
}

/// A JSON document as Python values (what `json.loads` returns).
pub fn json_value(json: &serde_json::Value) -> Value {
    builtins::json_to_value(json)
}
