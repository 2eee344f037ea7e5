//! Column types as Alembic sees them: how it renders them (`sa.String(length=80)` for a model
//! type, `sa.VARCHAR(length=80)` for a reflected one), how `compare_type` decides they differ,
//! and the type affinity that decides whether batch mode copies a column through a CAST.

use crate::python::interp::repr::str_repr;
use crate::schema::types::SqlType;

/// SQLAlchemy's `_type_affinity`: the generic family a type belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Affinity {
    /// Integer, SmallInteger, BigInteger and the upper-case integer types.
    Integer,
    /// Numeric, Float, Double, REAL, DECIMAL.
    Numeric,
    /// String, Text, Unicode, Enum, VARCHAR, CHAR, TEXT, CLOB.
    String,
    /// Boolean.
    Boolean,
    /// DateTime and TIMESTAMP.
    DateTime,
    /// Date.
    Date,
    /// Time.
    Time,
    /// JSON (batch mode never casts to it).
    Json,
    /// LargeBinary, BLOB, PickleType.
    Binary,
    /// Anything else, by class name.
    Other(String),
}

/// A type with everything migrations need from it.
#[derive(Debug, Clone, PartialEq)]
pub struct MType {
    /// Python source Alembic renders for it, e.g. `sa.Numeric(precision=10, scale=2)`.
    pub render: String,
    /// The DDL SQLite's compiler emits, e.g. `NUMERIC(10, 2)`.
    pub ddl: String,
    /// The type family.
    pub affinity: Affinity,
}

impl MType {
    /// True for JSON types, which batch mode copies without a CAST.
    pub fn is_json(&self) -> bool {
        self.affinity == Affinity::Json
    }
}

fn affinity_of(class: &str) -> Affinity {
    match class {
        "Integer" | "SmallInteger" | "BigInteger" | "INTEGER" | "INT" | "SMALLINT" | "BIGINT" => Affinity::Integer,
        "Numeric" | "Float" | "Double" | "NUMERIC" | "DECIMAL" | "FLOAT" | "REAL" | "DOUBLE" | "DOUBLE_PRECISION" => Affinity::Numeric,
        "String" | "Text" | "Unicode" | "UnicodeText" | "Enum" | "VARCHAR" | "NVARCHAR" | "CHAR" | "NCHAR" | "TEXT" | "CLOB" => Affinity::String,
        "Boolean" | "BOOLEAN" => Affinity::Boolean,
        "DateTime" | "DATETIME" | "TIMESTAMP" => Affinity::DateTime,
        "Date" | "DATE" => Affinity::Date,
        "Time" | "TIME" => Affinity::Time,
        "JSON" => Affinity::Json,
        "LargeBinary" | "PickleType" | "BLOB" | "BINARY" | "VARBINARY" => Affinity::Binary,
        other => Affinity::Other(other.to_string()),
    }
}

/// The integer arguments in a DDL type, `NUMERIC(10, 2)` → `[10, 2]`.
fn ddl_args(ddl: &str) -> Vec<String> {
    match (ddl.find('('), ddl.rfind(')')) {
        (Some(open), Some(close)) if open < close => {
            ddl.get(open + 1..close).unwrap_or("").split(',').map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect()
        }
        _ => Vec::new(),
    }
}

/// `generic_repr` keyword arguments for the arguments SQLAlchemy's constructors take.
fn repr_args(class: &str, args: &[String]) -> String {
    let keys: &[&str] = match class {
        "String" | "Text" | "Unicode" | "UnicodeText" | "VARCHAR" | "NVARCHAR" | "CHAR" | "NCHAR" | "TEXT" | "CLOB" | "BINARY" | "VARBINARY" | "LargeBinary" | "BLOB" => &["length"],
        "Numeric" | "NUMERIC" | "DECIMAL" => &["precision", "scale"],
        "Float" | "FLOAT" | "REAL" | "Double" | "DOUBLE" => &["precision"],
        _ => &[],
    };
    keys.iter().zip(args).map(|(key, value)| format!("{key}={value}")).collect::<Vec<_>>().join(", ")
}

/// The type of a model column.
pub fn from_model(sql_type: &SqlType) -> MType {
    match sql_type {
        SqlType::Rendered { name, ddl } => {
            let args = ddl_args(ddl);
            // Uuid compiles to CHAR(32) but takes no length argument.
            let shown = if name == "Uuid" || name == "UUID" { String::new() } else { repr_args(name, &args) };
            MType { render: format!("sa.{name}({shown})"), ddl: ddl.clone(), affinity: affinity_of(name) }
        }
        SqlType::Enum { values, length, class, name } => {
            let mut parts: Vec<String> = values.iter().map(|v| str_repr(v)).collect();
            // SQLAlchemy names an enum after its Python class when no name= is given.
            let name = name.clone().or_else(|| class.as_ref().map(|c| c.to_lowercase()));
            if let Some(length) = length {
                parts.push(format!("length={length}"));
            }
            if let Some(name) = name {
                parts.push(format!("name={}", str_repr(&name)));
            }
            MType { render: format!("sa.Enum({})", parts.join(", ")), ddl: sql_type.ddl(), affinity: Affinity::String }
        }
    }
}

/// The type SQLAlchemy's SQLite dialect reflects from a declared column type (`ischema_names`,
/// then SQLite's affinity rules for names it does not know).
pub fn from_reflected(declared: &str) -> Option<MType> {
    let declared = declared.trim();
    let word_end = declared.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(declared.len());
    let word = declared.get(..word_end).unwrap_or("").to_uppercase();
    let args: Vec<String> = ddl_args(declared).into_iter().filter(|a| a.parse::<i64>().is_ok()).collect();
    let class = match word.as_str() {
        "BIGINT" | "BLOB" | "BOOLEAN" | "CHAR" | "DATE" | "DATETIME" | "DOUBLE" | "DECIMAL" | "FLOAT" | "INTEGER" | "JSON" | "NUMERIC" | "REAL" | "SMALLINT" | "TEXT" | "TIME" | "TIMESTAMP" | "VARCHAR" | "NVARCHAR" | "NCHAR" => word.clone(),
        "BOOL" => "BOOLEAN".into(),
        "INT" => "INTEGER".into(),
        "DATE_CHAR" => "DATE".into(),
        "DATETIME_CHAR" => "DATETIME".into(),
        "TIME_CHAR" => "TIME".into(),
        "" => return None,
        other if other.contains("INT") => "INTEGER".into(),
        other if other.contains("CHAR") || other.contains("CLOB") || other.contains("TEXT") => "TEXT".into(),
        other if other.contains("BLOB") => return None,
        other if other.contains("REAL") || other.contains("FLOA") || other.contains("DOUB") => "REAL".into(),
        _ => "NUMERIC".into(),
    };
    let ddl = if args.is_empty() { class.clone() } else { format!("{class}({})", args.join(", ")) };
    // The dialect's own JSON type lives in sqlalchemy.dialects.sqlite, which Alembic renders
    // with that module's prefix.
    let prefix = if class == "JSON" { "sqlite" } else { "sa" };
    Some(MType { render: format!("{prefix}.{class}({})", repr_args(&class, &args)), ddl, affinity: affinity_of(&class) })
}

/// Alembic's `DefaultImpl.compare_type`: true when the types differ. The compiled DDL of
/// both is tokenised; names must match (NUMERIC and DECIMAL are synonyms) and arguments are
/// compared only when both sides have the same number of them.
pub fn types_differ(reflected: &MType, model: &MType) -> bool {
    let (r_words, r_args) = tokenize(&reflected.ddl);
    let (m_words, m_args) = tokenize(&model.ddl);
    let (Some(r0), Some(m0)) = (r_words.first(), m_words.first()) else { return false };
    let synonyms = ["numeric", "decimal"];
    let same_name = r0 == m0
        || (synonyms.contains(&r_words.join(" ").as_str()) && synonyms.contains(&m_words.join(" ").as_str()))
        || (synonyms.contains(&r0.as_str()) && synonyms.contains(&m0.as_str()));
    if !same_name {
        return true;
    }
    let (r_rest, m_rest) = (r_words.get(1..).unwrap_or(&[]), m_words.get(1..).unwrap_or(&[]));
    if r_rest.len() == m_rest.len() && r_rest != m_rest {
        return true;
    }
    r_args.len() == m_args.len() && r_args != m_args
}

fn tokenize(ddl: &str) -> (Vec<String>, Vec<String>) {
    let lower = ddl.to_lowercase();
    let mut words = Vec::new();
    let mut args = Vec::new();
    let mut rest = lower.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '(' {
            let close = rest.find(')').unwrap_or(rest.len());
            args = rest.get(1..close).unwrap_or("").split(',').map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
            rest = rest.get(close + 1..).unwrap_or("");
        } else if c.is_alphanumeric() || c == '_' || c == '-' {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
            words.push(rest.get(..end).unwrap_or("").to_string());
            rest = rest.get(end..).unwrap_or("");
        } else {
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
    }
    (words, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(name: &str, ddl: &str) -> MType {
        from_model(&SqlType::Rendered { name: name.into(), ddl: ddl.into() })
    }

    #[test]
    fn renders_model_and_reflected_forms() {
        assert_eq!(model("String", "VARCHAR(120)").render, "sa.String(length=120)");
        assert_eq!(model("Numeric", "NUMERIC(10, 2)").render, "sa.Numeric(precision=10, scale=2)");
        assert_eq!(model("Integer", "INTEGER").render, "sa.Integer()");
        assert_eq!(from_reflected("VARCHAR(50)").map(|t| t.render), Some("sa.VARCHAR(length=50)".into()));
        assert_eq!(from_reflected("NUMERIC(10, 2)").map(|t| t.render), Some("sa.NUMERIC(precision=10, scale=2)".into()));
        assert_eq!(from_reflected("JSON").map(|t| t.render), Some("sqlite.JSON()".into()));
    }

    #[test]
    fn compares_like_alembic() {
        let varchar = |ddl: &str| from_reflected(ddl).unwrap_or_else(|| model("NullType", "NULL"));
        assert!(!types_differ(&varchar("VARCHAR(80)"), &model("String", "VARCHAR")));
        assert!(types_differ(&varchar("VARCHAR(50)"), &model("String", "VARCHAR(120)")));
        assert!(types_differ(&varchar("VARCHAR(100)"), &model("Text", "TEXT")));
        assert!(!types_differ(&varchar("NUMERIC(10, 2)"), &model("DECIMAL", "DECIMAL(10, 2)")));
        assert!(!types_differ(&varchar("BOOLEAN"), &model("Boolean", "BOOLEAN")));
    }
}
