//! Python values as the evaluator sees them.
//!
//! Library objects (`db.Column(...)`, `String(80)`, `ForeignKey(...)`) are not modelled one by
//! one here: calling a library name records a [`LibraryCall`] (callee, arguments, creation
//! order), and the stage that knows the library's meaning (`schema`) interprets it. That keeps
//! this module plain Python, which the ORM interpreter can grow from.

use super::num::Decimal;
use super::object::{Closure, ExceptionValue, Instance, Method};
use super::time::{Date, DateTime, TimeDelta};
use ruff_python_ast::{ExprLambda, StmtFunctionDef};
use std::cell::RefCell;
use std::rc::Rc;

/// A Python value.
#[derive(Debug, Clone)]
pub enum Value {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An int that fits 64 bits.
    Int(i64),
    /// A float.
    Float(f64),
    /// A str.
    Str(Rc<str>),
    /// A bytes literal.
    Bytes(Rc<[u8]>),
    /// A tuple.
    Tuple(Rc<[Value]>),
    /// A list (immutable here: model code only builds lists, it never mutates them).
    List(Rc<[Value]>),
    /// A dict, in insertion order.
    Dict(Rc<[(Value, Value)]>),
    /// A module of a known library, by dotted name (`sqlalchemy.orm`).
    Module(Rc<str>),
    /// A name exported by a known library, by canonical dotted name
    /// (`sqlalchemy.Integer`, `datetime.datetime.utcnow`, `builtins.int`).
    Library(Rc<str>),
    /// The result of calling a library name.
    Call(Rc<LibraryCall>),
    /// A subscripted type form: `Mapped[int]`, `Optional[str]`, `int | None` (a `typing.Union`).
    Generic(Rc<Generic>),
    /// The Flask-SQLAlchemy extension object `db`.
    Db,
    /// A class defined in the models.
    Class(Rc<ClassValue>),
    /// A member of an enum class defined in the models.
    EnumMember(Rc<ClassValue>, Rc<str>),
    /// A `def`, kept as syntax for the interpreter that will run it.
    Function(Rc<FunctionValue>),
    /// A `lambda`, kept as syntax.
    Lambda(Rc<ExprLambda>),
    // Values made by running code (the script interpreter, `interp`). Models only ever build
    // the immutable forms above; running code needs shared, mutable containers.
    /// A list made by running code: shared and mutable like CPython's.
    ListMut(Rc<RefCell<Vec<Value>>>),
    /// A dict made by running code, in insertion order.
    DictMut(Rc<RefCell<Vec<(Value, Value)>>>),
    /// A set made by running code, in insertion order (CPython's order for the small ints
    /// and strings scripts put in sets is not insertion order; printing a set is rare).
    Set(Rc<RefCell<Vec<Value>>>),
    /// A `decimal.Decimal`.
    Decimal(Rc<Decimal>),
    /// A `datetime.datetime`.
    DateTime(Rc<DateTime>),
    /// A `datetime.date`.
    Date(Rc<Date>),
    /// A `datetime.timedelta`.
    TimeDelta(Rc<TimeDelta>),
    /// An instance of a class defined in the models (a mapped object) or the script.
    Instance(Rc<Instance>),
    /// A method bound to its receiver (`user.to_dict`, `"a,b".split`).
    Method(Rc<Method>),
    /// A function or lambda made by running code, with its defaults and enclosing scope.
    Closure(Rc<Closure>),
    /// An exception object.
    Exception(Rc<ExceptionValue>),
    /// An object of the ORM runtime (session, query, column expression, result, row...).
    Orm(Rc<crate::orm::value::OrmValue>),
}

/// One call of a library name, as written.
#[derive(Debug, Clone)]
pub struct LibraryCall {
    /// The canonical name called, e.g. `sqlalchemy.Column`.
    pub callee: Rc<str>,
    /// Positional arguments.
    pub args: Vec<Value>,
    /// Keyword arguments in source order.
    pub kwargs: Vec<(String, Value)>,
    /// Global creation counter: SQLAlchemy orders constraints by when they were created.
    pub order: u64,
    /// Byte range of the call in the source.
    pub range: (usize, usize),
}

impl LibraryCall {
    /// The keyword argument `name`, if given.
    pub fn kwarg(&self, name: &str) -> Option<&Value> {
        self.kwargs.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// True when this calls `name` (canonical).
    pub fn is(&self, name: &str) -> bool {
        &*self.callee == name
    }
}

/// `origin[args]`.
#[derive(Debug, Clone)]
pub struct Generic {
    /// What is subscripted, e.g. `sqlalchemy.orm.Mapped` or `typing.Optional`.
    pub origin: Value,
    /// The subscript's items.
    pub args: Vec<Value>,
}

/// A class defined in the models.
#[derive(Debug, Clone)]
pub struct ClassValue {
    /// The class name.
    pub name: String,
    /// Evaluated base classes.
    pub bases: Vec<Value>,
    /// Keyword arguments of the class statement (e.g. `metaclass=`), evaluated.
    pub keywords: Vec<(String, Value)>,
    /// The class namespace in definition order: attributes, and annotation-only names (whose
    /// value is `None` here and whose annotation is in `annotations`).
    pub members: Vec<Member>,
    /// Byte range of the `class` statement.
    pub range: (usize, usize),
    /// Order in which classes were defined, for the mapper registry.
    pub order: u64,
}

/// One name in a class body.
#[derive(Debug, Clone)]
pub struct Member {
    /// The attribute name.
    pub name: String,
    /// The assigned value, `None` for an annotation without a value.
    pub value: Option<Value>,
    /// The annotation, if the name was annotated.
    pub annotation: Option<Value>,
    /// Byte range of the statement that defined it.
    pub range: (usize, usize),
}

impl ClassValue {
    /// The value this class itself assigns to `name` (not inherited).
    pub fn own(&self, name: &str) -> Option<&Value> {
        self.members.iter().rev().find(|member| member.name == name).and_then(|member| member.value.as_ref())
    }

    /// Looks `name` up along the bases (depth first, which is the MRO for the single and
    /// mixin inheritance models use).
    pub fn lookup(&self, name: &str) -> Option<Value> {
        self.lookup_depth(name, 0)
    }

    fn lookup_depth(&self, name: &str, depth: usize) -> Option<Value> {
        if depth > 64 {
            return None;
        }
        if let Some(value) = self.own(name) {
            return Some(value.clone());
        }
        self.bases.iter().find_map(|base| match base {
            Value::Class(class) => class.lookup_depth(name, depth + 1),
            _ => None,
        })
    }

    /// True when `library_name` (e.g. `enum.Enum`) is among the ancestors.
    pub fn derives_from_library(&self, library_name: &str) -> bool {
        self.ancestors().iter().any(|base| matches!(base, Value::Library(name) if &**name == library_name))
    }

    /// True when `db.Model` is among the ancestors.
    pub fn derives_from_db_model(&self) -> bool {
        self.ancestors().iter().any(|base| matches!(base, Value::Library(name) if &**name == DB_MODEL))
    }

    /// Every base, transitively, depth first (classes and library bases), bounded.
    pub fn ancestors(&self) -> Vec<Value> {
        let mut out = Vec::new();
        let mut stack: Vec<Value> = self.bases.iter().rev().cloned().collect();
        while let Some(base) = stack.pop() {
            if out.len() > 256 {
                break;
            }
            if let Value::Class(class) = &base {
                stack.extend(class.bases.iter().rev().cloned());
            }
            out.push(base);
        }
        out
    }
}

/// The canonical name standing for `db.Model` when used as a base class.
pub const DB_MODEL: &str = "flask_sqlalchemy.db.Model";

/// A `def` in the models.
#[derive(Debug, Clone)]
pub struct FunctionValue {
    /// The function's name.
    pub name: String,
    /// Its syntax, decorators included.
    pub def: StmtFunctionDef,
}

impl Value {
    /// A str value.
    pub fn str(text: &str) -> Value {
        Value::Str(Rc::from(text))
    }

    /// The text of a str value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The library call behind this value.
    pub fn as_call(&self) -> Option<&LibraryCall> {
        match self {
            Value::Call(call) => Some(call),
            _ => None,
        }
    }

    /// The canonical library name of this value, if it is one.
    pub fn library_name(&self) -> Option<&str> {
        match self {
            Value::Library(name) => Some(name),
            _ => None,
        }
    }

    /// Python's truthiness, for the values where it is known without running code.
    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) => !b.is_empty(),
            Value::Tuple(items) | Value::List(items) => !items.is_empty(),
            Value::Dict(items) => !items.is_empty(),
            Value::ListMut(items) | Value::Set(items) => !items.borrow().is_empty(),
            Value::DictMut(items) => !items.borrow().is_empty(),
            Value::Decimal(d) => !d.is_zero(),
            Value::TimeDelta(t) => !t.is_zero(),
            _ => true,
        }
    }

    /// The items of a tuple or list.
    pub fn as_sequence(&self) -> Option<&[Value]> {
        match self {
            Value::Tuple(items) | Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// Python's name for the value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Module(_) => "module",
            Value::Class(_) | Value::Library(_) | Value::Generic(_) => "type",
            Value::Function(_) | Value::Lambda(_) => "function",
            Value::Call(_) | Value::Db | Value::EnumMember(..) => "object",
            Value::ListMut(_) => "list",
            Value::DictMut(_) => "dict",
            Value::Set(_) => "set",
            Value::Decimal(_) => "decimal.Decimal",
            Value::DateTime(_) => "datetime.datetime",
            Value::Date(_) => "datetime.date",
            Value::TimeDelta(_) => "datetime.timedelta",
            Value::Instance(_) => "object",
            Value::Method(_) => "method",
            Value::Closure(_) => "function",
            Value::Exception(_) => "exception",
            Value::Orm(_) => "object",
        }
    }
}
