//! Mappers: what the ORM runtime needs to know about each model class — its table, column
//! attributes (with types and Python-side defaults), relationships and validators — built
//! from the schema (`schema::model`) and the evaluated class bodies.

use crate::python::value::{ClassValue, FunctionValue, Value};
use crate::schema::model::{RelationshipKind, Schema};
use crate::schema::types::SqlType;
use std::rc::Rc;

/// How values of a column convert between Python and SQLite.
#[derive(Debug, Clone)]
pub enum ColType {
    /// Integer family.
    Integer,
    /// Float / REAL.
    Float,
    /// Numeric: Decimal in Python, float in SQLite; results get `scale` digits.
    Numeric(Option<u32>),
    /// Text.
    String,
    /// Boolean: 1/0 in SQLite.
    Boolean,
    /// DateTime as `YYYY-MM-DD HH:MM:SS.ffffff`.
    DateTime,
    /// Date as `YYYY-MM-DD`.
    Date,
    /// JSON text.
    Json,
    /// Bytes.
    Binary,
    /// Enum: Python enums store the member name.
    Enum(Option<Rc<ClassValue>>),
    /// Anything else: passed through.
    Other,
}

impl PartialEq for ColType {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (ColType::Numeric(a), ColType::Numeric(b)) => a == b,
            (ColType::Enum(a), ColType::Enum(b)) => match (a, b) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            },
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// A column attribute.
#[derive(Debug, Clone)]
pub struct ColumnProp {
    /// The attribute name.
    pub key: String,
    /// The column name.
    pub name: String,
    /// Value conversion.
    pub ty: ColType,
    /// The Python-side `default=` (scalar or callable).
    pub default: Option<Value>,
    /// `onupdate=`.
    pub onupdate: Option<Value>,
    /// Has a `server_default`.
    pub server_default: bool,
    /// Part of the primary key.
    pub primary_key: bool,
}

/// A relationship.
#[derive(Debug, Clone)]
pub struct RelProp {
    /// The attribute name.
    pub key: String,
    /// Target mapper index.
    pub target: usize,
    /// Cardinality.
    pub kind: RelationshipKind,
    /// True for collections.
    pub uselist: bool,
    /// For many-to-one: (local FK column name, remote column name) pairs; for one-to-many:
    /// (remote FK column in the target table, local referenced column).
    pub pairs: Vec<(String, String)>,
    /// The reverse relationship's attribute on the target, if any.
    pub back: Option<String>,
    /// `lazy=`.
    pub lazy: String,
    /// `order_by=` as written.
    pub order_by: Option<String>,
    /// Association table.
    pub secondary: Option<String>,
    /// `cascade=` includes delete.
    pub cascade_delete: bool,
    /// `cascade=` includes delete-orphan.
    pub delete_orphan: bool,
    /// `passive_deletes=True`.
    pub passive_deletes: bool,
}

/// A mapped class.
#[derive(Debug, Clone)]
pub struct Mapper {
    /// The class.
    pub class: Rc<ClassValue>,
    /// Table name.
    pub table: String,
    /// Column attributes in table order.
    pub columns: Vec<ColumnProp>,
    /// Relationships.
    pub relationships: Vec<RelProp>,
    /// `@validates` methods: (attribute, function).
    pub validators: Vec<(String, FunctionValue)>,
    /// Position of the table in create_all order (flush dependency order).
    pub order: usize,
}

impl Mapper {
    /// The class name.
    pub fn name(&self) -> &str {
        &self.class.name
    }

    /// The column attribute `key`.
    pub fn column(&self, key: &str) -> Option<&ColumnProp> {
        self.columns.iter().find(|c| c.key == key)
    }

    /// The column with database name `name`.
    pub fn column_by_name(&self, name: &str) -> Option<&ColumnProp> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The relationship `key`.
    pub fn relationship(&self, key: &str) -> Option<&RelProp> {
        self.relationships.iter().find(|r| r.key == key)
    }

    /// Primary key columns.
    pub fn pk(&self) -> Vec<&ColumnProp> {
        self.columns.iter().filter(|c| c.primary_key).collect()
    }

    /// True when the single primary key is an autoincrementing integer.
    pub fn autoincrement_pk(&self) -> bool {
        let pk = self.pk();
        pk.len() == 1 && pk.first().is_some_and(|c| c.ty == ColType::Integer)
    }
}

/// How values of a column of `sql_type` convert.
pub fn col_type(sql_type: &SqlType) -> ColType {
    match sql_type {
        SqlType::Enum { .. } => ColType::Enum(None),
        SqlType::Rendered { name, ddl } => match name.as_str() {
            "Integer" | "BigInteger" | "SmallInteger" | "INTEGER" | "BIGINT" | "SMALLINT" | "INT" => ColType::Integer,
            "Float" | "FLOAT" | "REAL" | "Double" | "DOUBLE" | "DOUBLE_PRECISION" => ColType::Float,
            "Numeric" | "NUMERIC" | "DECIMAL" => {
                let scale = ddl.split_once(", ").and_then(|(_, s)| s.trim_end_matches(')').parse().ok());
                ColType::Numeric(scale)
            }
            "Boolean" | "BOOLEAN" => ColType::Boolean,
            "DateTime" | "DATETIME" | "TIMESTAMP" => ColType::DateTime,
            "Date" | "DATE" => ColType::Date,
            "JSON" => ColType::Json,
            "LargeBinary" | "BLOB" | "BINARY" | "VARBINARY" => ColType::Binary,
            "String" | "Unicode" | "VARCHAR" | "NVARCHAR" | "CHAR" | "NCHAR" | "Text" | "UnicodeText" | "TEXT" | "CLOB" => ColType::String,
            _ => ColType::Other,
        },
    }
}

/// The `Column(...)`/`mapped_column(...)` call of attribute `key` in `class` (or its mixins).
fn column_call(class: &ClassValue, key: &str) -> Option<Rc<crate::python::value::LibraryCall>> {
    match class.lookup(key) {
        Some(Value::Call(call)) => Some(call),
        _ => None,
    }
}

/// Builds mappers for every mapped table of `schema`.
pub fn build(schema: &Schema, classes: &[Rc<ClassValue>]) -> Vec<Mapper> {
    let order = crate::schema::ddl::create_order(schema);
    let mut mappers = Vec::new();
    for (table_index, table) in schema.tables.iter().enumerate() {
        let Some(model) = &table.model else { continue };
        let Some(class) = classes.iter().rev().find(|c| &c.name == model) else { continue };
        let columns = table
            .columns
            .iter()
            .map(|column| {
                let call = column_call(class, &column.key);
                let kwarg = |name: &str| call.as_ref().and_then(|c| c.kwarg(name).cloned());
                let mut ty = col_type(&column.sql_type);
                if let SqlType::Enum { class: Some(enum_name), .. } = &column.sql_type {
                    let enum_class = classes.iter().find(|c| &c.name == enum_name).cloned();
                    ty = ColType::Enum(enum_class);
                }
                ColumnProp {
                    key: column.key.clone(),
                    name: column.name.clone(),
                    ty,
                    default: kwarg("default").or_else(|| kwarg("insert_default")),
                    onupdate: kwarg("onupdate"),
                    server_default: column.server_default.is_some(),
                    primary_key: column.primary_key,
                }
            })
            .collect();
        let mut validators = Vec::new();
        for member in &class.members {
            if let Some(Value::Function(function)) = &member.value {
                for decorator in &function.def.decorator_list {
                    if let ruff_python_ast::Expr::Call(call) = &decorator.expression {
                        let is_validates = match call.func.as_ref() {
                            ruff_python_ast::Expr::Name(name) => name.id.as_str() == "validates",
                            ruff_python_ast::Expr::Attribute(attribute) => attribute.attr.as_str() == "validates",
                            _ => false,
                        };
                        if is_validates {
                            for arg in call.arguments.args.iter() {
                                if let ruff_python_ast::Expr::StringLiteral(s) = arg {
                                    validators.push((s.value.to_str().to_string(), (**function).clone()));
                                }
                            }
                        }
                    }
                }
            }
        }
        mappers.push(Mapper {
            class: class.clone(),
            table: table.name.clone(),
            columns,
            relationships: Vec::new(),
            validators,
            order: order.iter().position(|&i| i == table_index).unwrap_or(table_index),
        });
    }
    // Relationships, once every mapper exists.
    for relationship in &schema.relationships {
        let Some(owner) = mappers.iter().position(|m| m.name() == relationship.model) else { continue };
        let Some(target) = mappers.iter().position(|m| m.name() == relationship.target) else { continue };
        let owner_table = mappers[owner].table.clone();
        let target_table = mappers[target].table.clone();
        let fk_pairs = |from: &str, to: &str| -> Vec<(String, String)> {
            schema
                .table(from)
                .and_then(|t| t.foreign_keys().find(|fk| fk.target_table == to))
                .map(|fk| fk.columns.iter().cloned().zip(fk.target_columns.iter().cloned()).collect())
                .unwrap_or_default()
        };
        let (pairs, uselist) = match relationship.kind {
            RelationshipKind::ManyToOne => (fk_pairs(&owner_table, &target_table), false),
            RelationshipKind::OneToMany => (fk_pairs(&target_table, &owner_table), relationship.uselist.unwrap_or(true)),
            RelationshipKind::OneToOne => {
                let local = fk_pairs(&owner_table, &target_table);
                if local.is_empty() {
                    (fk_pairs(&target_table, &owner_table), false)
                } else {
                    (local, false)
                }
            }
            RelationshipKind::ManyToMany => (Vec::new(), true),
        };
        // A one-to-one whose FK is local behaves as many-to-one.
        let kind = match relationship.kind {
            RelationshipKind::OneToOne if !fk_pairs(&owner_table, &target_table).is_empty() => RelationshipKind::ManyToOne,
            RelationshipKind::OneToOne => RelationshipKind::OneToMany,
            other => other,
        };
        let cascade = relationship.cascade.clone().unwrap_or_default();
        let back = relationship.back_populates.clone().or_else(|| relationship.backref.clone()).or_else(|| {
            schema
                .relationships
                .iter()
                .find(|other| other.model == relationship.target && other.target == relationship.model && other.backref.as_deref() == Some(relationship.name.as_str()))
                .map(|other| other.name.clone())
        });
        mappers[owner].relationships.push(RelProp {
            key: relationship.name.clone(),
            target,
            kind,
            uselist,
            pairs,
            back,
            lazy: relationship.lazy.clone(),
            order_by: relationship.order_by.clone(),
            secondary: relationship.secondary.clone(),
            cascade_delete: cascade.contains("delete") || cascade.contains("all"),
            delete_orphan: cascade.contains("delete-orphan"),
            passive_deletes: relationship.passive_deletes,
        });
    }
    mappers
}
