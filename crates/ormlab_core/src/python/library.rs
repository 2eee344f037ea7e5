//! The known libraries: which modules models may import, and the canonical name each imported
//! name stands for, so `db.Column`, `sa.Column` and `from sqlalchemy import Column` all become
//! `sqlalchemy.Column` for the stages that interpret them.

use super::value::{Value, DB_MODEL};
use std::rc::Rc;

/// Names of `sqlalchemy.orm` (everything else reachable through `db.` is core `sqlalchemy`).
const ORM_NAMES: &[&str] = &[
    "Mapped", "mapped_column", "relationship", "backref", "DeclarativeBase", "DeclarativeBaseNoMeta",
    "declarative_base", "declared_attr", "validates", "column_property", "synonym", "deferred",
    "Session", "sessionmaker", "scoped_session", "joinedload", "selectinload", "subqueryload",
    "lazyload", "raiseload", "noload", "contains_eager", "defer", "undefer", "load_only", "aliased",
    "foreign", "remote", "registry", "MappedAsDataclass", "WriteOnlyMapped", "DynamicMapped",
    "with_polymorphic", "object_session", "composite", "dynamic_loader", "query_expression",
    "with_expression", "Query", "configure_mappers", "clear_mappers", "reconstructor", "Load",
    "selectin_polymorphic", "immediateload", "defaultload", "undefer_group", "with_parent",
];

/// Modules a models file may import; anything else is outside the subset.
const KNOWN_MODULES: &[&str] = &[
    "flask_sqlalchemy", "sqlalchemy", "sqlalchemy.orm", "sqlalchemy.types", "sqlalchemy.sql",
    "sqlalchemy.sql.sqltypes", "sqlalchemy.sql.expression", "sqlalchemy.sql.functions",
    "sqlalchemy.sql.schema", "sqlalchemy.schema", "sqlalchemy.exc", "sqlalchemy.ext",
    "sqlalchemy.ext.hybrid", "sqlalchemy.ext.associationproxy", "sqlalchemy.dialects",
    "sqlalchemy.dialects.sqlite", "sqlalchemy.orm.collections", "datetime", "decimal", "enum",
    "typing", "typing_extensions", "uuid", "json", "__future__",
    // Standard modules that only method bodies use; importing them is harmless now and the
    // ORM interpreter decides what of them it supports.
    "re", "math", "string", "hashlib", "secrets", "random", "functools", "itertools",
    "collections", "dataclasses", "time", "zoneinfo", "os", "logging",
];

/// Whether `module` can be imported.
pub fn is_known_module(module: &str) -> bool {
    KNOWN_MODULES.contains(&module)
}

/// The canonical name of `name` imported from (or accessed on) `module`.
pub fn canonical(module: &str, name: &str) -> String {
    let core_modules = [
        "sqlalchemy.types", "sqlalchemy.sql", "sqlalchemy.sql.sqltypes", "sqlalchemy.sql.expression",
        "sqlalchemy.sql.schema", "sqlalchemy.schema", "sqlalchemy.sql.functions",
    ];
    if module == "sqlalchemy" || core_modules.contains(&module) {
        if ORM_NAMES.contains(&name) && module == "sqlalchemy" {
            // `sqlalchemy.orm` is a submodule; the name itself is not in `sqlalchemy`.
            return format!("sqlalchemy.{name}");
        }
        return format!("sqlalchemy.{name}");
    }
    if module.starts_with("sqlalchemy.orm") {
        return format!("sqlalchemy.orm.{name}");
    }
    if module == "typing_extensions" {
        return format!("typing.{name}");
    }
    format!("{module}.{name}")
}

/// The value `from module import name` (or `module.name`) binds.
pub fn member(module: &str, name: &str) -> Value {
    let dotted = format!("{module}.{name}");
    if is_known_module(&dotted) {
        return Value::Module(Rc::from(dotted));
    }
    Value::Library(Rc::from(canonical(module, name)))
}

/// What `db.<name>` is on a Flask-SQLAlchemy extension object.
pub fn db_attribute(name: &str) -> Value {
    match name {
        "Model" => Value::Library(Rc::from(DB_MODEL)),
        "Table" | "metadata" | "session" | "engine" | "create_all" | "drop_all" | "paginate"
        | "get_or_404" | "first_or_404" | "one_or_404" | "init_app" | "Query" => {
            Value::Library(Rc::from(format!("flask_sqlalchemy.db.{name}")))
        }
        _ if ORM_NAMES.contains(&name) => Value::Library(Rc::from(format!("sqlalchemy.orm.{name}"))),
        _ => Value::Library(Rc::from(format!("sqlalchemy.{name}"))),
    }
}

/// Python builtins usable in models (as type annotations mostly).
pub fn builtin(name: &str) -> Option<Value> {
    const BUILTINS: &[&str] = &[
        "int", "str", "float", "bool", "bytes", "dict", "list", "set", "tuple", "object", "frozenset",
        "len", "print", "repr", "isinstance", "range", "super", "property", "staticmethod",
        "classmethod", "Exception", "ValueError", "TypeError", "KeyError", "sorted", "min", "max",
        "sum", "any", "all", "round", "abs", "enumerate", "zip", "getattr", "setattr", "hasattr",
    ];
    BUILTINS.contains(&name).then(|| Value::Library(Rc::from(format!("builtins.{name}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_name_is_canonical_whatever_the_path() {
        assert_eq!(canonical("sqlalchemy.types", "Integer"), "sqlalchemy.Integer");
        assert_eq!(canonical("sqlalchemy", "Integer"), "sqlalchemy.Integer");
        assert!(matches!(db_attribute("Integer"), Value::Library(n) if &*n == "sqlalchemy.Integer"));
        assert!(matches!(db_attribute("relationship"), Value::Library(n) if &*n == "sqlalchemy.orm.relationship"));
        assert!(matches!(member("sqlalchemy", "orm"), Value::Module(n) if &*n == "sqlalchemy.orm"));
    }
}
