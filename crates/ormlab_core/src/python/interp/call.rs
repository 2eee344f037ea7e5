//! Calls (argument binding like CPython's, with its TypeError messages) and attribute access.

use super::{Interp, R};
use crate::python::object::{Closure, Code, ExceptionValue, Method, ModuleId};
use crate::python::value::{ClassValue, FunctionValue, Value};
use ruff_python_ast::{self as ast, Expr};
use std::collections::HashMap;
use std::rc::Rc;

/// Keyword arguments of a call, in order.
pub(super) type Kwargs = Vec<(String, Value)>;

impl Interp<'_> {
    pub(super) fn call_expr(&mut self, call: &ast::ExprCall) -> R<Value> {
        // `obj.method(...)`: evaluate the receiver once and dispatch by name, which avoids
        // building a bound method for every built-in call.
        let callee = self.expr(&call.func)?;
        let mut args = Vec::new();
        for arg in call.arguments.args.iter() {
            if let Expr::Starred(starred) = arg {
                let value = self.expr(&starred.value)?;
                args.extend(self.iterate(&value)?);
            } else {
                args.push(self.expr(arg)?);
            }
        }
        let mut kwargs = Vec::new();
        for keyword in call.arguments.keywords.iter() {
            let value = self.expr(&keyword.value)?;
            match &keyword.arg {
                Some(name) => kwargs.push((name.to_string(), value)),
                None => {
                    for (key, value) in self.dict_items(&value)? {
                        match key {
                            Value::Str(key) => kwargs.push((key.to_string(), value)),
                            _ => return self.err("TypeError", "keywords must be strings"),
                        }
                    }
                }
            }
        }
        self.step()?;
        self.call_value(&callee, args, kwargs)
    }

    /// Calls any callable value.
    pub fn call_value(&mut self, callee: &Value, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
        self.enter()?;
        let result = self.call_inner(callee, args, kwargs);
        self.leave();
        result
    }

    fn call_inner(&mut self, callee: &Value, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
        match callee {
            Value::Closure(closure) => {
                let bound = self.bind_arguments(closure, args, kwargs)?;
                self.run_closure(closure, bound)
            }
            Value::Function(function) => {
                let closure = self.models_function(function)?;
                let bound = self.bind_arguments(&closure, args, kwargs)?;
                self.run_closure(&closure, bound)
            }
            Value::Lambda(lambda) => {
                let closure = Rc::new(Closure {
                    name: "<lambda>".into(),
                    code: Code::Lambda(lambda.clone()),
                    defaults: Vec::new(),
                    enclosing: None,
                    module: ModuleId::Models,
                    is_property: false,
                    is_static: false,
                    is_classmethod: false,
                });
                let bound = self.bind_arguments(&closure, args, kwargs)?;
                self.run_closure(&closure, bound)
            }
            Value::Method(method) => match &method.function {
                Some(function) => {
                    let mut all = Vec::with_capacity(args.len() + 1);
                    all.push(method.receiver.clone());
                    all.extend(args);
                    self.call_inner(function, all, kwargs)
                }
                None => self.call_method(&method.receiver.clone(), &method.name.clone(), args, kwargs),
            },
            Value::Library(name) => super::builtins::call_library(self, name, args, kwargs),
            Value::Class(class) => self.instantiate(class, args, kwargs),
            Value::Orm(_) => crate::orm::call(self, callee, args, kwargs),
            Value::Db => self.unsupported("calling db"),
            other => self.err("TypeError", format!("'{}' object is not callable", self.type_name(other))),
        }
    }

    /// A models-file `def` as a closure (its defaults evaluated in the models' globals).
    fn models_function(&mut self, function: &FunctionValue) -> R<Rc<Closure>> {
        let saved = std::mem::take(&mut self.frames);
        self.frames.push(super::Frame { scopes: Vec::new(), module: ModuleId::Models, globals_declared: Vec::new() });
        let defaults = self.defaults(&function.def.parameters);
        self.frames = saved;
        let mut is_property = false;
        let mut is_static = false;
        let mut is_classmethod = false;
        for decorator in &function.def.decorator_list {
            match &decorator.expression {
                Expr::Name(name) if name.id.as_str() == "property" => is_property = true,
                Expr::Name(name) if name.id.as_str() == "staticmethod" => is_static = true,
                Expr::Name(name) if name.id.as_str() == "classmethod" => is_classmethod = true,
                _ => {}
            }
        }
        Ok(Rc::new(Closure {
            name: function.name.clone(),
            code: Code::Def(Rc::new(function.def.clone())),
            defaults: defaults?,
            enclosing: None,
            module: ModuleId::Models,
            is_property,
            is_static,
            is_classmethod,
        }))
    }

    /// Binds call arguments to a function's parameters, with CPython's error messages.
    fn bind_arguments(&mut self, closure: &Closure, args: Vec<Value>, kwargs: Kwargs) -> R<HashMap<String, Value>> {
        let empty = ast::Parameters {
            range: Default::default(),
            node_index: Default::default(),
            posonlyargs: Default::default(),
            args: Default::default(),
            vararg: None,
            kwonlyargs: Default::default(),
            kwarg: None,
        };
        let parameters: &ast::Parameters = match &closure.code {
            Code::Def(def) => &def.parameters,
            Code::Lambda(lambda) => lambda.parameters.as_deref().unwrap_or(&empty),
        };
        let name = &closure.name;
        let positional: Vec<&str> =
            parameters.posonlyargs.iter().chain(parameters.args.iter()).map(|p| p.parameter.name.as_str()).collect();
        let mut bound: HashMap<String, Value> = HashMap::new();
        let mut extra = Vec::new();
        for (index, value) in args.into_iter().enumerate() {
            match positional.get(index) {
                Some(param) => {
                    bound.insert((*param).to_string(), value);
                }
                None => extra.push(value),
            }
        }
        if !extra.is_empty() {
            match &parameters.vararg {
                Some(vararg) => {
                    bound.insert(vararg.name.to_string(), Value::Tuple(extra.into()));
                }
                None => {
                    let given = positional.len() + extra.len();
                    let takes = positional.len();
                    return self.err(
                        "TypeError",
                        format!("{name}() takes {takes} positional argument{} but {given} {} given", if takes == 1 { "" } else { "s" }, if given == 1 { "was" } else { "were" }),
                    );
                }
            }
        } else if let Some(vararg) = &parameters.vararg {
            bound.insert(vararg.name.to_string(), Value::Tuple(Rc::from(Vec::new())));
        }
        let keyword_names: Vec<&str> = parameters.args.iter().chain(parameters.kwonlyargs.iter()).map(|p| p.parameter.name.as_str()).collect();
        let mut extra_kwargs = Vec::new();
        for (key, value) in kwargs {
            if keyword_names.contains(&key.as_str()) {
                if bound.contains_key(&key) {
                    return self.err("TypeError", format!("{name}() got multiple values for argument '{key}'"));
                }
                bound.insert(key, value);
            } else if parameters.kwarg.is_some() {
                extra_kwargs.push((Value::str(&key), value));
            } else {
                return self.err("TypeError", format!("{name}() got an unexpected keyword argument '{key}'"));
            }
        }
        if let Some(kwarg) = &parameters.kwarg {
            bound.insert(kwarg.name.to_string(), super::dict(extra_kwargs));
        }
        let mut missing = Vec::new();
        for param in parameters.posonlyargs.iter().chain(parameters.args.iter()).chain(parameters.kwonlyargs.iter()) {
            let pname = param.parameter.name.as_str();
            if bound.contains_key(pname) {
                continue;
            }
            match closure.defaults.iter().find(|(n, _)| n == pname) {
                Some((_, default)) => {
                    bound.insert(pname.to_string(), default.clone());
                }
                None => missing.push(format!("'{pname}'")),
            }
        }
        if !missing.is_empty() {
            let list = match missing.len() {
                1 => missing.join(""),
                2 => missing.join(" and "),
                _ => {
                    let last = missing.pop().unwrap_or_default();
                    format!("{}, and {last}", missing.join(", "))
                }
            };
            let count = list.matches('\'').count() / 2;
            return self.err(
                "TypeError",
                format!("{name}() missing {count} required positional argument{}: {list}", if count == 1 { "" } else { "s" }),
            );
        }
        Ok(bound)
    }

    /// `Class(...)`: a mapped model through the ORM, an exception class, or a plain class.
    fn instantiate(&mut self, class: &Rc<ClassValue>, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
        if class.derives_from_db_model() {
            return crate::orm::construct(self, class, args, kwargs);
        }
        let is_exception = class.ancestors().iter().any(|b| matches!(b, Value::Library(n) if n.starts_with("builtins.") && crate::python::object::is_exception_name(n.rsplit('.').next().unwrap_or(""))));
        if is_exception {
            let message = match args.as_slice() {
                [] => String::new(),
                [single] => self.to_str(single)?,
                many => self.repr(&Value::Tuple(many.to_vec().into()))?,
            };
            return Ok(Value::Exception(Rc::new(ExceptionValue {
                kind: Rc::from(class.name.as_str()),
                message,
                args,
                line: Some(self.line),
                attrs: Vec::new(),
            })));
        }
        if ["enum.Enum", "enum.IntEnum", "enum.StrEnum"].iter().any(|b| class.derives_from_library(b)) {
            let value = args.first().cloned().unwrap_or(Value::None);
            for name in crate::schema::types::enum_member_names(class) {
                let member_value = class.own(&name).cloned().unwrap_or(Value::None);
                if self.eq(&member_value, &value)? {
                    return Ok(Value::EnumMember(class.clone(), Rc::from(name)));
                }
            }
            let text = self.repr(&value)?;
            return self.err("ValueError", format!("{text} is not a valid {}", class.name));
        }
        let instance = self.new_instance(class.clone());
        let object = Value::Instance(instance);
        match class.lookup("__init__") {
            Some(init) => {
                let mut all = vec![object.clone()];
                all.extend(args);
                self.call_value(&init, all, kwargs)?;
            }
            None if !args.is_empty() || !kwargs.is_empty() => {
                return self.err("TypeError", format!("{}() takes no arguments", class.name));
            }
            None => {}
        }
        Ok(object)
    }

    /// `object.name`.
    pub fn get_attr(&mut self, object: &Value, name: &str) -> R<Value> {
        match object {
            Value::Instance(instance) => {
                if instance.class.derives_from_db_model() {
                    if let Some(value) = crate::orm::instance_attr(self, instance, name)? {
                        return Ok(value);
                    }
                }
                if let Some(value) = instance.get(name) {
                    return Ok(value);
                }
                match instance.class.lookup(name) {
                    Some(member) => self.bind_member(object, member),
                    None if name == "__class__" => Ok(Value::Class(instance.class.clone())),
                    None if name == "__dict__" => {
                        let items = instance.dict.borrow().iter().map(|(k, v)| (Value::str(k), v.clone())).collect();
                        Ok(super::dict(items))
                    }
                    None => self.err("AttributeError", format!("'{}' object has no attribute '{name}'", instance.class.name)),
                }
            }
            Value::Class(class) => {
                if class.derives_from_db_model() {
                    if let Some(value) = crate::orm::class_attr(self, class, name)? {
                        return Ok(value);
                    }
                }
                let is_enum = ["enum.Enum", "enum.IntEnum", "enum.StrEnum"].iter().any(|b| class.derives_from_library(b));
                if is_enum && !name.starts_with('_') && class.own(name).is_some_and(|v| !matches!(v, Value::Function(_) | Value::Closure(_))) {
                    return Ok(Value::EnumMember(class.clone(), Rc::from(name)));
                }
                match class.lookup(name) {
                    Some(Value::Closure(c)) if c.is_classmethod => Ok(Value::Method(Rc::new(Method {
                        receiver: Value::Class(class.clone()),
                        name: Rc::from(name),
                        function: Some(Value::Closure(c)),
                    }))),
                    Some(value) => Ok(value),
                    None if name == "__name__" => Ok(Value::str(&class.name)),
                    None => self.err("AttributeError", format!("type object '{}' has no attribute '{name}'", class.name)),
                }
            }
            Value::EnumMember(class, member) => match name {
                "name" => Ok(Value::Str(member.clone())),
                "value" => Ok(class.own(member).cloned().unwrap_or(Value::None)),
                _ => match class.lookup(name) {
                    Some(member_value) => self.bind_member(object, member_value),
                    None => self.err("AttributeError", format!("'{}' object has no attribute '{name}'", class.name)),
                },
            },
            Value::Exception(exception) => match name {
                "args" => Ok(Value::Tuple(exception.args.clone().into())),
                _ => match exception.attrs.iter().find(|(k, _)| k == name) {
                    Some((_, value)) => Ok(value.clone()),
                    None => self.err("AttributeError", format!("'{}' object has no attribute '{name}'", exception.kind)),
                },
            },
            Value::Orm(_) | Value::Db => crate::orm::get_attr(self, object, name),
            Value::Module(module) => super::builtins::module_attr(self, module, name),
            Value::Library(path) => super::builtins::library_attr(self, path, name),
            other => super::methods::builtin_attr(self, other, name),
        }
    }

    /// A class member looked up through an instance: methods bind, properties run.
    fn bind_member(&mut self, object: &Value, member: Value) -> R<Value> {
        match &member {
            Value::Function(function) => {
                let closure = self.models_function(function)?;
                self.bind_closure(object, closure)
            }
            Value::Closure(closure) => self.bind_closure(object, closure.clone()),
            Value::Lambda(_) => Ok(Value::Method(Rc::new(Method { receiver: object.clone(), name: Rc::from("<lambda>"), function: Some(member) }))),
            _ => Ok(member),
        }
    }

    fn bind_closure(&mut self, object: &Value, closure: Rc<Closure>) -> R<Value> {
        if closure.is_property {
            return self.call_value(&Value::Closure(closure), vec![object.clone()], Vec::new());
        }
        if closure.is_static {
            return Ok(Value::Closure(closure));
        }
        Ok(Value::Method(Rc::new(Method { receiver: object.clone(), name: Rc::from(closure.name.as_str()), function: Some(Value::Closure(closure)) })))
    }

    /// `object.name = value`.
    pub fn set_attr(&mut self, object: &Value, name: &str, value: Value) -> R<()> {
        match object {
            Value::Instance(instance) => {
                if instance.class.derives_from_db_model() {
                    self.orm.session.mutated();
                    if crate::orm::set_instance_attr(self, instance, name, value.clone())? {
                        return Ok(());
                    }
                }
                if let Some(Value::Closure(closure)) = instance.class.lookup(name) {
                    if closure.is_property {
                        return self.err("AttributeError", format!("property '{name}' of '{}' object has no setter", instance.class.name));
                    }
                }
                instance.set(name, value);
                Ok(())
            }
            Value::Orm(_) | Value::Db => crate::orm::set_attr(self, object, name, value),
            other => self.err("AttributeError", format!("'{}' object has no attribute '{name}'", self.type_name(other))),
        }
    }

    /// Calls method `name` of a built-in value.
    pub fn call_method(&mut self, receiver: &Value, name: &str, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
        match receiver {
            Value::Orm(_) | Value::Db => crate::orm::call_method(self, receiver, name, args, kwargs),
            _ => super::methods::call_builtin_method(self, receiver, name, args, kwargs),
        }
    }
}
