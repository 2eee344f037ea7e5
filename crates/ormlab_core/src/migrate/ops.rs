//! Alembic's migration operations (`alembic.operations.ops`) as data: what autogenerate
//! produces, what the renderer prints, what batch mode applies, and how each one reverses
//! into its downgrade.

use super::mtype::MType;

/// A constraint or index name; `conv` names (from a naming convention, or read back from
/// the database) render through `op.f()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// The name.
    pub text: String,
    /// Render as `op.f('...')` / `batch_op.f('...')`.
    pub conv: bool,
}

impl Name {
    /// A plain name, rendered as a string literal.
    pub fn plain(text: &str) -> Self {
        Self { text: text.to_string(), conv: false }
    }

    /// A final name, rendered through `f()`.
    pub fn conv(text: &str) -> Self {
        Self { text: text.to_string(), conv: true }
    }
}

/// A column's server default as the rendered migration holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerDefault {
    /// `server_default='text'`: a plain string, sent as a quoted literal.
    Literal(String),
    /// `server_default=sa.text('...')`: SQL sent as written.
    Sql(String),
}

impl ServerDefault {
    /// The body of the column's `DEFAULT` clause, as SQLAlchemy's SQLite compiler writes it.
    pub fn ddl(&self) -> String {
        match self {
            ServerDefault::Literal(text) => format!("'{}'", text.replace('\'', "''")),
            ServerDefault::Sql(sql) => {
                let starts_quoted = sql.trim_start().starts_with(['\'', '"', '(']);
                let has_non_word = sql.chars().any(|c| !(c.is_alphanumeric() || c == '_'));
                if !starts_quoted && has_non_word { format!("({sql})") } else { sql.clone() }
            }
        }
    }
}

/// A column as an operation carries it (`sa.Column(...)`).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// Column name.
    pub name: String,
    /// Its type.
    pub ty: MType,
    /// NULL allowed.
    pub nullable: bool,
    /// Server default, if any.
    pub server_default: Option<ServerDefault>,
    /// `autoincrement=` when given explicitly.
    pub autoincrement: Option<bool>,
    /// Part of the primary key (only meaningful inside a table definition).
    pub primary_key: bool,
}

/// An index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDef {
    /// Its name.
    pub name: Name,
    /// Columns in order.
    pub columns: Vec<String>,
    /// UNIQUE index.
    pub unique: bool,
}

/// A UNIQUE constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct UniqueDef {
    /// Its name; `None` renders `None`, which batch mode refuses.
    pub name: Option<Name>,
    /// Columns.
    pub columns: Vec<String>,
}

/// A FOREIGN KEY constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKeyDef {
    /// Its name; `None` renders `None`.
    pub name: Option<Name>,
    /// Local columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub target_table: String,
    /// Referenced columns.
    pub target_columns: Vec<String>,
    /// ON DELETE action.
    pub ondelete: Option<String>,
    /// ON UPDATE action.
    pub onupdate: Option<String>,
}

/// A CHECK constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckDef {
    /// Its name.
    pub name: Option<Name>,
    /// The condition.
    pub sqltext: String,
}

/// A whole table (`op.create_table` / the table `op.drop_table` removes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableDef {
    /// Table name.
    pub name: String,
    /// Columns in order.
    pub columns: Vec<ColumnDef>,
    /// Primary key columns.
    pub primary_key: Vec<String>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKeyDef>,
    /// UNIQUE constraints.
    pub uniques: Vec<UniqueDef>,
    /// CHECK constraints.
    pub checks: Vec<CheckDef>,
    /// `sqlite_autoincrement=True`.
    pub autoincrement: bool,
}

/// `alter_column` with Alembic's `existing_*` hints.
#[derive(Debug, Clone, PartialEq)]
pub struct AlterColumn {
    /// Column name.
    pub column: String,
    /// The type before (reflected form in an upgrade).
    pub existing_type: Option<MType>,
    /// The new type, when it changes.
    pub modify_type: Option<MType>,
    /// Nullability before.
    pub existing_nullable: Option<bool>,
    /// New nullability, when it changes.
    pub modify_nullable: Option<bool>,
    /// The server default the column keeps.
    pub existing_server_default: Option<ServerDefault>,
    /// `autoincrement=` hint.
    pub autoincrement: Option<bool>,
    /// `new_column_name=`: a rename (hand-written; autogenerate never produces one).
    pub new_name: Option<String>,
}

impl AlterColumn {
    /// Alembic's `AlterColumnOp.reverse`: every modified attribute swaps with its existing one.
    pub fn reverse(&self) -> AlterColumn {
        let mut out = self.clone();
        if self.modify_type.is_some() {
            out.modify_type = self.existing_type.clone();
            out.existing_type = self.modify_type.clone();
        }
        if self.modify_nullable.is_some() {
            out.modify_nullable = self.existing_nullable;
            out.existing_nullable = self.modify_nullable;
        }
        if let Some(new_name) = &self.new_name {
            out.column = new_name.clone();
            out.new_name = Some(self.column.clone());
        }
        out
    }
}

/// An operation inside `batch_alter_table`.
#[derive(Debug, Clone, PartialEq)]
pub enum TableOp {
    /// `add_column`.
    AddColumn(ColumnDef),
    /// `drop_column` (keeps the column so the downgrade can add it back).
    DropColumn(ColumnDef),
    /// `alter_column`.
    AlterColumn(AlterColumn),
    /// `create_index`.
    CreateIndex(IndexDef),
    /// `drop_index`.
    DropIndex(IndexDef),
    /// `create_unique_constraint`.
    AddUnique(UniqueDef),
    /// `drop_constraint(..., type_='unique')`.
    DropUnique(UniqueDef),
    /// `create_foreign_key`.
    AddForeignKey(ForeignKeyDef),
    /// `drop_constraint(..., type_='foreignkey')`.
    DropForeignKey(ForeignKeyDef),
}

impl TableOp {
    /// The inverse operation.
    pub fn reverse(&self) -> TableOp {
        match self {
            TableOp::AddColumn(c) => TableOp::DropColumn(c.clone()),
            TableOp::DropColumn(c) => TableOp::AddColumn(c.clone()),
            TableOp::AlterColumn(a) => TableOp::AlterColumn(a.reverse()),
            TableOp::CreateIndex(i) => TableOp::DropIndex(i.clone()),
            TableOp::DropIndex(i) => TableOp::CreateIndex(i.clone()),
            TableOp::AddUnique(u) => TableOp::DropUnique(u.clone()),
            TableOp::DropUnique(u) => TableOp::AddUnique(u.clone()),
            TableOp::AddForeignKey(f) => TableOp::DropForeignKey(f.clone()),
            TableOp::DropForeignKey(f) => TableOp::AddForeignKey(f.clone()),
        }
    }
}

/// A top-level operation of `upgrade()` / `downgrade()`.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// `op.create_table`.
    CreateTable(TableDef),
    /// `op.drop_table` (keeps the table for the downgrade).
    DropTable(TableDef),
    /// A `with op.batch_alter_table(...)` block.
    ModifyTable {
        /// The table.
        table: String,
        /// Its operations in order.
        ops: Vec<TableOp>,
    },
    /// A table operation called on `op` directly (`op.add_column('t', ...)`), outside batch
    /// mode: one ALTER statement, never a move-and-copy.
    Direct {
        /// The table.
        table: String,
        /// The operation.
        op: TableOp,
    },
    /// `op.execute("...")`: SQL of a data migration, sent as written.
    Execute(String),
}

impl Op {
    /// The inverse operation.
    pub fn reverse(&self) -> Op {
        match self {
            Op::CreateTable(t) => Op::DropTable(t.clone()),
            Op::DropTable(t) => Op::CreateTable(t.clone()),
            Op::ModifyTable { table, ops } => Op::ModifyTable { table: table.clone(), ops: ops.iter().rev().map(TableOp::reverse).collect() },
            Op::Direct { table, op } => Op::Direct { table: table.clone(), op: op.reverse() },
            // SQL has no inverse; a hand-written downgrade says what undoes it.
            Op::Execute(sql) => Op::Execute(sql.clone()),
        }
    }
}

/// Alembic's `UpgradeOps.reverse_into`: the downgrade is the upgrade backwards, each
/// operation inverted.
pub fn reverse_all(ops: &[Op]) -> Vec<Op> {
    ops.iter().rev().map(Op::reverse).collect()
}
