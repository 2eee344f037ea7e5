//! Objects made by running code: instances, bound methods, closures and exceptions.

use super::value::{ClassValue, Value};
use ruff_python_ast::{ExprLambda, StmtFunctionDef};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Which module's globals a function sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleId {
    /// models.py.
    Models,
    /// The script.
    Script,
}

/// An instance of a class: its `__dict__`, in assignment order.
#[derive(Debug)]
pub struct Instance {
    /// The class.
    pub class: Rc<ClassValue>,
    /// A process-unique id (the ORM keys its per-object state by it; `id()` returns it).
    pub id: u64,
    /// The instance's attributes.
    pub dict: RefCell<Vec<(Rc<str>, Value)>>,
}

impl Instance {
    /// The attribute `name` set on the instance itself.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.dict.borrow().iter().find(|(key, _)| &**key == name).map(|(_, value)| value.clone())
    }

    /// Sets `name` on the instance itself.
    pub fn set(&self, name: &str, value: Value) {
        let mut dict = self.dict.borrow_mut();
        match dict.iter_mut().find(|(key, _)| &**key == name) {
            Some(slot) => slot.1 = value,
            None => dict.push((Rc::from(name), value)),
        }
    }

    /// Removes `name` from the instance (expiry); true when it was there.
    pub fn remove(&self, name: &str) -> bool {
        let mut dict = self.dict.borrow_mut();
        let before = dict.len();
        dict.retain(|(key, _)| &**key != name);
        dict.len() != before
    }

    /// True when `name` is set on the instance.
    pub fn has(&self, name: &str) -> bool {
        self.dict.borrow().iter().any(|(key, _)| &**key == name)
    }
}

/// A callable bound to a receiver.
#[derive(Debug)]
pub struct Method {
    /// `self`.
    pub receiver: Value,
    /// The method name.
    pub name: Rc<str>,
    /// The function for user-defined methods; `None` for built-in methods (dispatched by name
    /// on the receiver's type).
    pub function: Option<Value>,
}

/// The code of a closure.
#[derive(Debug)]
pub enum Code {
    /// A `def`.
    Def(Rc<StmtFunctionDef>),
    /// A `lambda`.
    Lambda(Rc<ExprLambda>),
}

/// Variables of a running function, shared with the closures it makes.
pub type Scope = Rc<RefCell<HashMap<String, Value>>>;

/// A function value made by running code.
#[derive(Debug)]
pub struct Closure {
    /// The function's name (`<lambda>` for lambdas).
    pub name: String,
    /// Its syntax.
    pub code: Code,
    /// Default values of the parameters that have them, by parameter name.
    pub defaults: Vec<(String, Value)>,
    /// The enclosing function's variables, for nested functions.
    pub enclosing: Option<Scope>,
    /// The module whose globals it sees.
    pub module: ModuleId,
    /// Decorated with `@property`.
    pub is_property: bool,
    /// Decorated with `@staticmethod`.
    pub is_static: bool,
    /// Decorated with `@classmethod`.
    pub is_classmethod: bool,
}

/// An exception object.
#[derive(Debug, Clone)]
pub struct ExceptionValue {
    /// The class name (`ValueError`, `IntegrityError`).
    pub kind: Rc<str>,
    /// `str(exc)`.
    pub message: String,
    /// `exc.args`.
    pub args: Vec<Value>,
    /// 1-based script line where it was raised, when known.
    pub line: Option<u32>,
    /// Extra attributes (`code` of a NotFound, `orig` of a DBAPIError...).
    pub attrs: Vec<(String, Value)>,
}

/// The base classes of the exceptions ormlab knows, for `except` matching and `isinstance`.
pub fn exception_base(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "BaseException" => return None,
        "Exception" | "KeyboardInterrupt" | "SystemExit" | "GeneratorExit" => "BaseException",
        "ArithmeticError" | "LookupError" | "ValueError" | "TypeError" | "NameError" | "AttributeError"
        | "RuntimeError" | "AssertionError" | "StopIteration" | "ImportError" | "OSError" | "SyntaxError"
        | "SQLAlchemyError" | "HTTPException" | "Warning" => "Exception",
        "ZeroDivisionError" | "OverflowError" => "ArithmeticError",
        "KeyError" | "IndexError" => "LookupError",
        "UnboundLocalError" => "NameError",
        "RecursionError" | "NotImplementedError" => "RuntimeError",
        "ModuleNotFoundError" => "ImportError",
        "UnicodeError" | "JSONDecodeError" | "InvalidOperation" => "ValueError",
        // SQLAlchemy's hierarchy (sqlalchemy.exc).
        "ArgumentError" | "InvalidRequestError" | "CompileError" | "StatementError" | "NoSuchTableError" => "SQLAlchemyError",
        "DBAPIError" => "StatementError",
        "DatabaseError" | "InterfaceError" => "DBAPIError",
        "IntegrityError" | "OperationalError" | "ProgrammingError" | "DataError" | "InternalError"
        | "NotSupportedError" => "DatabaseError",
        "NoResultFound" | "MultipleResultsFound" | "PendingRollbackError" | "ResourceClosedError"
        | "ObjectDeletedError" | "DetachedInstanceError" | "UnmappedInstanceError" | "NoForeignKeysError"
        | "StaleDataError" | "ObjectNotExecutableError" | "UnmappedClassError" => "InvalidRequestError",
        // werkzeug.exceptions.
        "NotFound" | "BadRequest" | "Forbidden" | "Unauthorized" => "HTTPException",
        _ => "Exception",
    })
}

/// True when exception class `kind` is `base` or derives from it.
pub fn exception_matches(kind: &str, base: &str) -> bool {
    let mut current = kind;
    for _ in 0..16 {
        if current == base {
            return true;
        }
        match exception_base(current) {
            Some(parent) => current = parent,
            None => return false,
        }
    }
    false
}

/// Whether `name` is an exception class ormlab knows (for builtins lookup).
pub fn is_exception_name(name: &str) -> bool {
    name.ends_with("Error") || name.ends_with("Exception") || matches!(name, "StopIteration" | "KeyboardInterrupt" | "NotFound" | "Warning" | "SystemExit")
}
