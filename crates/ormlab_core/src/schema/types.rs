//! SQLAlchemy column types: read from the models (`String(80)`, `db.Enum(Status)`, a
//! `Mapped[...]` annotation) and compiled the way SQLAlchemy's SQLite dialect renders them.

use super::model::ColumnCheck;
use super::naming::{quote, string_literal};
use crate::python::value::{ClassValue, Value};

/// A column type.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlType {
    /// A generic or upper-case type that renders as a fixed word with optional arguments,
    /// e.g. `INTEGER`, `VARCHAR(80)`, `NUMERIC(10, 2)`.
    Rendered {
        /// The SQLAlchemy type name as written (`String`, `VARCHAR`).
        name: String,
        /// The DDL text.
        ddl: String,
    },
    /// `Enum(...)`: a VARCHAR as long as the longest value (member *name* for Python enums).
    Enum {
        /// The values stored.
        values: Vec<String>,
        /// `length=` when given.
        length: Option<i64>,
        /// The enum class, for Python enums.
        class: Option<String>,
        /// `name=` when given (Alembic renders it; the DDL does not use it).
        name: Option<String>,
    },
}

impl SqlType {
    /// The type as CREATE TABLE writes it.
    pub fn ddl(&self) -> String {
        match self {
            SqlType::Rendered { ddl, .. } => ddl.clone(),
            SqlType::Enum { values, length, .. } => {
                let longest = values.iter().map(|v| v.chars().count()).max().unwrap_or(0);
                match length.unwrap_or(i64::try_from(longest).unwrap_or(0)) {
                    0 => "VARCHAR".to_string(),
                    length => format!("VARCHAR({length})"),
                }
            }
        }
    }

    /// True for the Integer family (which matters for SQLite autoincrement).
    pub fn is_integer(&self) -> bool {
        matches!(self, SqlType::Rendered { name, .. } if matches!(name.as_str(), "Integer" | "BigInteger" | "SmallInteger" | "INTEGER" | "BIGINT" | "SMALLINT" | "INT"))
    }

    fn rendered(name: &str, ddl: impl Into<String>) -> SqlType {
        SqlType::Rendered { name: name.to_string(), ddl: ddl.into() }
    }
}

/// Whether a library name is a SQLAlchemy type.
pub fn is_type_name(canonical: &str) -> bool {
    let Some(name) = canonical.strip_prefix("sqlalchemy.").or_else(|| canonical.strip_prefix("sqlalchemy.dialects.sqlite.")) else {
        return false;
    };
    base_ddl(name).is_some() || name == "Enum"
}

/// The DDL of a type without arguments.
fn base_ddl(name: &str) -> Option<&'static str> {
    Some(match name {
        "Integer" | "INTEGER" | "INT" => "INTEGER",
        "BigInteger" | "BIGINT" => "BIGINT",
        "SmallInteger" | "SMALLINT" => "SMALLINT",
        "String" | "Unicode" | "VARCHAR" => "VARCHAR",
        "NVARCHAR" => "NVARCHAR",
        "CHAR" => "CHAR",
        "NCHAR" => "NCHAR",
        "Text" | "UnicodeText" | "TEXT" => "TEXT",
        "CLOB" => "CLOB",
        "Float" | "FLOAT" => "FLOAT",
        "Double" | "DOUBLE" => "DOUBLE",
        "DOUBLE_PRECISION" => "DOUBLE PRECISION",
        "REAL" => "REAL",
        "Numeric" | "NUMERIC" => "NUMERIC",
        "DECIMAL" => "DECIMAL",
        "Boolean" | "BOOLEAN" => "BOOLEAN",
        "DateTime" | "DATETIME" | "Interval" => "DATETIME",
        "TIMESTAMP" => "TIMESTAMP",
        "Date" | "DATE" => "DATE",
        "Time" | "TIME" => "TIME",
        "JSON" => "JSON",
        "LargeBinary" | "PickleType" | "BLOB" => "BLOB",
        "BINARY" => "BINARY",
        "VARBINARY" => "VARBINARY",
        "Uuid" => "CHAR(32)",
        "UUID" => "UUID",
        _ => return None,
    })
}

/// Reads a type from a value: a type class (`Integer`) or instance (`String(80)`).
/// `Err` carries a message for an argument ormlab does not understand.
pub fn from_value(value: &Value) -> Option<Result<SqlType, String>> {
    match value {
        Value::Library(name) => {
            let short = short_type_name(name)?;
            if short == "Enum" {
                return Some(Ok(SqlType::Enum { values: Vec::new(), length: None, class: None, name: None }));
            }
            base_ddl(short).map(|ddl| Ok(SqlType::rendered(short, ddl)))
        }
        Value::Call(call) => {
            let short = short_type_name(&call.callee)?;
            if short == "Enum" {
                let name = call.kwarg("name").and_then(Value::as_str).map(str::to_string);
                return Some(enum_type(&call.args, call.kwarg("length"), name));
            }
            let base = base_ddl(short)?;
            let ints: Vec<i64> = call.args.iter().filter_map(|a| if let Value::Int(i) = a { Some(*i) } else { None }).collect();
            let length = call.kwarg("length").and_then(|v| if let Value::Int(i) = v { Some(*i) } else { None });
            let precision = call.kwarg("precision").and_then(|v| if let Value::Int(i) = v { Some(*i) } else { None });
            let scale = call.kwarg("scale").and_then(|v| if let Value::Int(i) = v { Some(*i) } else { None });
            let ddl = match short {
                "String" | "Unicode" | "VARCHAR" | "NVARCHAR" | "CHAR" | "NCHAR" | "BINARY" | "VARBINARY" | "Text" | "TEXT" | "UnicodeText" | "CLOB" => {
                    // `String("100")` renders the text as written; a zero length is no length.
                    let text_length = match call.args.first() {
                        Some(Value::Str(text)) if !text.is_empty() => Some(text.to_string()),
                        _ => None,
                    };
                    match length.or_else(|| ints.first().copied()) {
                        Some(0) => base.to_string(),
                        Some(n) => format!("{base}({n})"),
                        None => match text_length {
                            Some(text) => format!("{base}({text})"),
                            None => base.to_string(),
                        },
                    }
                }
                "Numeric" | "NUMERIC" | "DECIMAL" => {
                    let p = precision.or_else(|| ints.first().copied());
                    let s = scale.or_else(|| ints.get(1).copied());
                    match (p, s) {
                        (Some(p), Some(s)) => format!("{base}({p}, {s})"),
                        (Some(p), None) => format!("{base}({p})"),
                        _ => base.to_string(),
                    }
                }
                _ => base.to_string(),
            };
            Some(Ok(SqlType::rendered(short, ddl)))
        }
        _ => None,
    }
}

fn short_type_name(canonical: &str) -> Option<&str> {
    let name = canonical.strip_prefix("sqlalchemy.dialects.sqlite.").or_else(|| canonical.strip_prefix("sqlalchemy."))?;
    (base_ddl(name).is_some() || name == "Enum").then_some(name)
}

fn enum_type(args: &[Value], length: Option<&Value>, name: Option<String>) -> Result<SqlType, String> {
    let length = match length {
        Some(Value::Int(n)) => Some(*n),
        _ => None,
    };
    if let [Value::Class(class)] = args {
        return Ok(SqlType::Enum { values: enum_member_names(class), length, class: Some(class.name.clone()), name });
    }
    let mut values = Vec::new();
    for arg in args {
        match arg {
            Value::Str(text) => values.push(text.to_string()),
            _ => return Err("Enum() arguments other than strings or one enum class".to_string()),
        }
    }
    Ok(SqlType::Enum { values, length, class: None, name })
}

/// The CHECK constraint a `Boolean(create_constraint=True)` or `Enum(..., create_constraint=True)`
/// type adds to the table of column `column` (SQLAlchemy's `SchemaType` events); an Enum's
/// constraint is named after `name=` or the Python enum class, lower-cased.
pub fn type_check(value: &Value, sql_type: &SqlType, column: &str) -> Option<ColumnCheck> {
    let Value::Call(call) = value else { return None };
    if !call.kwarg("create_constraint").is_some_and(Value::truthy) {
        return None;
    }
    let given_name = call.kwarg("name").and_then(Value::as_str).map(str::to_string);
    let column = quote(column);
    match sql_type {
        SqlType::Rendered { name, .. } if matches!(name.as_str(), "Boolean" | "BOOLEAN") => {
            Some(ColumnCheck { name: given_name, sql: format!("{column} IN (0, 1)") })
        }
        SqlType::Enum { values, class, .. } => {
            let literals: Vec<String> = values.iter().map(|v| string_literal(v)).collect();
            let name = given_name.or_else(|| class.as_ref().map(|c| c.to_lowercase()));
            Some(ColumnCheck { name, sql: format!("{column} IN ({})", literals.join(", ")) })
        }
        _ => None,
    }
}

/// The member names of an enum class, in definition order (aliases excluded is not modelled:
/// models do not alias members).
pub fn enum_member_names(class: &ClassValue) -> Vec<String> {
    class
        .members
        .iter()
        .filter(|m| !m.name.starts_with('_') && matches!(m.value, Some(ref v) if !matches!(v, Value::Function(_))))
        .map(|m| m.name.clone())
        .collect()
}

/// The type SQLAlchemy's default `type_annotation_map` gives a Python type in `Mapped[...]`.
pub fn from_python_type(value: &Value) -> Option<SqlType> {
    match value {
        Value::Library(name) => {
            let short = match &**name {
                "builtins.int" => "Integer",
                "builtins.str" => "String",
                "builtins.float" => "Float",
                "builtins.bool" => "Boolean",
                "builtins.bytes" => "LargeBinary",
                "datetime.datetime" => "DateTime",
                "datetime.date" => "Date",
                "datetime.time" => "Time",
                "datetime.timedelta" => "Interval",
                "decimal.Decimal" => "Numeric",
                "uuid.UUID" => "Uuid",
                _ => return None,
            };
            base_ddl(short).map(|ddl| SqlType::rendered(short, ddl))
        }
        // `Literal["a", "b"]` maps to a non-native Enum of the strings.
        Value::Generic(generic) if generic.origin.library_name() == Some("typing.Literal") => {
            let values: Option<Vec<String>> = generic.args.iter().map(|a| a.as_str().map(str::to_string)).collect();
            values.map(|values| SqlType::Enum { values, length: None, class: None, name: None })
        }
        Value::Class(class) if class.derives_from_library("enum.Enum") || class.derives_from_library("enum.IntEnum") || class.derives_from_library("enum.StrEnum") => {
            Some(SqlType::Enum { values: enum_member_names(class), length: None, class: Some(class.name.clone()), name: None })
        }
        _ => None,
    }
}
