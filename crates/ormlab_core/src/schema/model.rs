//! The schema model: tables, columns, constraints, indexes and relationships as SQLAlchemy's
//! `MetaData` and mappers hold them after the models were imported.

use super::types::SqlType;

/// Everything the models declare.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    /// Tables in metadata order (the order they were created).
    pub tables: Vec<Table>,
    /// Relationships in declaration order.
    pub relationships: Vec<Relationship>,
}

impl Schema {
    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|table| table.name == name)
    }
}

/// A table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// The table name.
    pub name: String,
    /// The model class mapped to it, if any.
    pub model: Option<String>,
    /// Columns in table order.
    pub columns: Vec<Column>,
    /// Names of the primary key columns, in table order (or a `PrimaryKeyConstraint`'s order).
    pub primary_key: Vec<String>,
    /// The primary key constraint's name (`PrimaryKeyConstraint(name=...)` or a naming convention).
    pub primary_key_name: Option<String>,
    /// Constraints other than the primary key, ordered by creation like SQLAlchemy's
    /// `Table._sorted_constraints`.
    pub constraints: Vec<Constraint>,
    /// Indexes, in creation order (SQLAlchemy emits them in set order; DDL is compared sorted).
    pub indexes: Vec<Index>,
    /// Why compiling the table's CREATE TABLE fails (a naming convention asking for the name of
    /// an unnamed constraint); SQLAlchemy raises it as `InvalidRequestError` in create_all.
    pub compile_error: Option<String>,
    /// In a `MetaData` other than `db`'s (a `DeclarativeBase` not given to `SQLAlchemy()`,
    /// a fresh `MetaData()`): mapped, but `db.create_all()` does not create it.
    pub outside_db_metadata: bool,
    /// `sqlite_autoincrement=True` in the table options.
    pub sqlite_autoincrement: bool,
    /// 1-based line of the class or `Table(...)` call that made it.
    pub line: u32,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|column| column.name == name)
    }

    /// Every foreign key constraint of the table.
    pub fn foreign_keys(&self) -> impl Iterator<Item = &ForeignKeyConstraint> {
        self.constraints.iter().filter_map(|constraint| match &constraint.kind {
            ConstraintKind::ForeignKey(fk) => Some(fk),
            _ => None,
        })
    }
}

/// A column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column name in the database.
    pub name: String,
    /// The mapped attribute name, when it differs or is known.
    pub key: String,
    /// The SQLAlchemy type.
    pub sql_type: SqlType,
    /// NULL allowed.
    pub nullable: bool,
    /// Part of the primary key.
    pub primary_key: bool,
    /// `autoincrement=` as given (`None` is SQLAlchemy's `"auto"`).
    pub autoincrement: Option<bool>,
    /// `unique=True`.
    pub unique: bool,
    /// `index=True`.
    pub index: bool,
    /// A Python-side default, as written (`default=...`).
    pub default: Option<String>,
    /// The rendered `DEFAULT` clause body, e.g. `'US'` or `CURRENT_TIMESTAMP`.
    pub server_default: Option<String>,
    /// A Python-side onupdate, as written.
    pub onupdate: Option<String>,
    /// `comment=` (SQLite DDL does not render it).
    pub comment: Option<String>,
    /// `CheckConstraint`s given to the column, rendered inline after its type.
    pub checks: Vec<ColumnCheck>,
    /// The CHECK a `Boolean` / `Enum` type with `create_constraint=True` adds to the table.
    pub type_check: Option<ColumnCheck>,
    /// `sort_order=` of a `mapped_column` (columns are sorted by it, stable, default 0).
    pub sort_order: i64,
}

/// A CHECK constraint attached to a column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnCheck {
    /// The constraint name, if given.
    pub name: Option<String>,
    /// The SQL text inside `CHECK (...)`.
    pub sql: String,
}

/// A table-level constraint with SQLAlchemy's creation order.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraint {
    /// The constraint name, if given.
    pub name: Option<String>,
    /// What it constrains.
    pub kind: ConstraintKind,
    /// Creation order, which decides the order in CREATE TABLE.
    pub order: u64,
}

/// The kinds of constraint.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintKind {
    /// UNIQUE over columns.
    Unique(Vec<String>),
    /// CHECK with its SQL text.
    Check(String),
    /// FOREIGN KEY.
    ForeignKey(ForeignKeyConstraint),
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKeyConstraint {
    /// Local columns.
    pub columns: Vec<String>,
    /// The referenced table.
    pub target_table: String,
    /// The referenced columns.
    pub target_columns: Vec<String>,
    /// `ON DELETE` action.
    pub ondelete: Option<String>,
    /// `ON UPDATE` action.
    pub onupdate: Option<String>,
    /// The constraint name.
    pub name: Option<String>,
    /// `deferrable=` (`DEFERRABLE` / `NOT DEFERRABLE`).
    pub deferrable: Option<bool>,
    /// `initially=` (`INITIALLY DEFERRED`).
    pub initially: Option<String>,
}

/// An index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    /// The index name.
    pub name: String,
    /// Columns (or SQL expressions) indexed, in order.
    pub columns: Vec<String>,
    /// UNIQUE index.
    pub unique: bool,
    /// Which entries of `columns` are SQL expressions (`lower(email)`), rendered as they are.
    pub expressions: Vec<bool>,
    /// `sqlite_where=`: the partial index's condition.
    pub where_sql: Option<String>,
    /// Made by `index=True` on a column or given no name (named by the `ix` naming convention).
    pub column_flag: bool,
}

/// How many rows on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationshipKind {
    /// A collection of children holding a foreign key to this table.
    OneToMany,
    /// A reference to the parent whose key this table holds.
    ManyToOne,
    /// A scalar on either side (`uselist=False`).
    OneToOne,
    /// Through an association table.
    ManyToMany,
}

/// A relationship between two models.
#[derive(Debug, Clone, PartialEq)]
pub struct Relationship {
    /// The declaring model.
    pub model: String,
    /// The attribute name.
    pub name: String,
    /// The target model.
    pub target: String,
    /// Cardinality.
    pub kind: RelationshipKind,
    /// Association table name.
    pub secondary: Option<String>,
    /// `back_populates=`.
    pub back_populates: Option<String>,
    /// `backref=` name, when the reverse side was created by a backref.
    pub backref: Option<String>,
    /// True when this side was created by another relationship's `backref`.
    pub from_backref: bool,
    /// `lazy=` as written (`select` by default).
    pub lazy: String,
    /// `cascade=` as written.
    pub cascade: Option<String>,
    /// `passive_deletes=True`: a deleted parent leaves its unloaded children to the
    /// database's ON DELETE.
    pub passive_deletes: bool,
    /// `uselist=` as written.
    pub uselist: Option<bool>,
    /// `order_by=` as written in the source.
    pub order_by: Option<String>,
    /// `foreign_keys=` as written in the source.
    pub foreign_keys: Option<String>,
    /// `remote_side=` as written in the source.
    pub remote_side: Option<String>,
    /// 1-based line of the declaration.
    pub line: u32,
}
