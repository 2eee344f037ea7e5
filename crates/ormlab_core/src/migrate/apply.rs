//! Applying operations to SQLite the way Alembic's `Operations` do on a pysqlite
//! connection, recording every statement (reflection excluded).
//!
//! Two behaviours of the real stack are reproduced on purpose:
//! - batch mode (`operations/batch.py`): a block of only `add_column` (without a SQL
//!   server default) / `create_index` / `drop_index` runs as plain ALTER statements; any
//!   other block reflects the table and "moves and copies" it through `_alembic_tmp_<table>`;
//! - pysqlite's legacy transactions: DDL runs in autocommit until the first INSERT/UPDATE/
//!   DELETE opens an implicit BEGIN, so on a failure the rollback only undoes what followed
//!   that BEGIN, and a `_alembic_tmp_<table>` created before it stays behind.

use super::mtype::Affinity;
use super::ops::{ColumnDef, ForeignKeyDef, IndexDef, Op, ServerDefault, TableDef, TableOp};
use super::reflect::{self, DbTable};
use crate::engine::{Engine, EngineError};
use crate::python::interp::repr::str_repr;
use crate::schema::ddl;
use crate::schema::model::{Column, Constraint, ConstraintKind, ForeignKeyConstraint, Table};
use crate::schema::naming::quote;
use crate::schema::types::SqlType;

/// An exception raised while applying, as Python would name and print it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplyError {
    /// Exception class (`IntegrityError`, `OperationalError`, `ValueError`).
    pub kind: String,
    /// First line of `str(exc)`.
    pub message: String,
}

impl ApplyError {
    fn value_error(message: &str) -> Self {
        Self { kind: "ValueError".into(), message: message.into() }
    }

    /// SQLAlchemy wraps the driver's exception: `(sqlite3.IntegrityError) NOT NULL ...`.
    pub fn from_engine(error: &EngineError) -> Self {
        let constraint = ["constraint failed", "UNIQUE constraint", "NOT NULL constraint", "CHECK constraint", "FOREIGN KEY constraint"];
        let kind = if constraint.iter().any(|c| error.message.contains(c)) { "IntegrityError" } else { "OperationalError" };
        Self { kind: kind.into(), message: format!("(sqlite3.{kind}) {}", error.message) }
    }
}

/// What applying produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Every statement sent, reflection excluded.
    pub sql: Vec<String>,
    /// The exception that stopped the upgrade (after which it was rolled back).
    pub error: Option<ApplyError>,
}

/// A connection with pysqlite's implicit transactions, or Alembic's offline (`--sql`) mode,
/// where statements are written out instead of run.
pub struct Conn<'a> {
    engine: &'a mut dyn Engine,
    in_transaction: bool,
    offline: bool,
    sql: Vec<String>,
    output: String,
}

impl<'a> Conn<'a> {
    /// A live connection (`offline` false) or an offline script writer on `engine`.
    pub fn new(engine: &'a mut dyn Engine, offline: bool) -> Self {
        Self { engine, in_transaction: false, offline, sql: Vec::new(), output: String::new() }
    }

    /// Sends one statement (offline: writes it as `static_output` does, tabs as four spaces,
    /// stripped, `;` and a blank line).
    pub fn run(&mut self, sql: String) -> Result<(), ApplyError> {
        if self.offline {
            self.output.push_str(&format!("{};\n\n", sql.replace('\t', "    ").trim()));
            self.sql.push(sql);
            return Ok(());
        }
        let head = sql.trim_start().get(..7).unwrap_or("").to_ascii_uppercase();
        let is_dml = ["INSERT", "UPDATE", "DELETE", "REPLACE"].iter().any(|k| head.starts_with(k));
        if is_dml && !self.in_transaction {
            self.engine.execute("BEGIN", &[]).map_err(|e| ApplyError::from_engine(&e))?;
            self.in_transaction = true;
        }
        let result = self.engine.execute(&sql, &[]);
        self.sql.push(sql);
        result.map(|_| ()).map_err(|e| ApplyError::from_engine(&e))
    }

    /// Runs a query and returns its rows (never offline).
    pub fn query(&mut self, sql: &str) -> Result<Vec<Vec<crate::engine::Value>>, ApplyError> {
        let result = self.engine.execute(sql, &[]).map_err(|e| ApplyError::from_engine(&e))?;
        self.sql.push(sql.to_string());
        Ok(result.rows)
    }

    /// A comment line of the offline script (`-- Running upgrade ...`).
    pub fn comment(&mut self, text: &str) {
        if self.offline {
            self.output.push_str(&format!("-- {text}\n\n"));
        }
    }

    /// True in `--sql` mode.
    pub fn is_offline(&self) -> bool {
        self.offline
    }

    /// The engine, for reflection (which is not recorded).
    pub fn engine(&mut self) -> &mut dyn Engine {
        &mut *self.engine
    }

    /// Ends the implicit transaction: COMMIT, or ROLLBACK when `failed`.
    pub fn finish(&mut self, failed: bool) {
        if self.in_transaction {
            // A failed COMMIT/ROLLBACK cannot be reported better than the error already held.
            let _ = self.engine.execute(if failed { "ROLLBACK" } else { "COMMIT" }, &[]);
            self.in_transaction = false;
        }
    }

    /// Runs the operations of one `upgrade()` / `downgrade()` in order, stopping at the first error.
    pub fn apply_ops(&mut self, ops: &[Op]) -> Result<(), ApplyError> {
        ops.iter().try_for_each(|op| apply_op(self, op))
    }

    /// Every statement sent (or written) so far, and the offline script.
    pub fn into_parts(self) -> (Vec<String>, String) {
        (self.sql, self.output)
    }
}

/// Runs `ops` (an upgrade or downgrade) on `engine`, then commits, or rolls back on error.
pub fn apply(engine: &mut dyn Engine, ops: &[Op]) -> Applied {
    let mut conn = Conn::new(engine, false);
    let error = conn.apply_ops(ops).err();
    conn.finish(error.is_some());
    Applied { sql: conn.into_parts().0, error }
}

fn apply_op(conn: &mut Conn<'_>, op: &Op) -> Result<(), ApplyError> {
    match op {
        Op::CreateTable(table) => conn.run(create_table_sql(table, &table.name)?),
        Op::DropTable(table) => conn.run(format!("\nDROP TABLE {}", quote(&table.name))),
        Op::ModifyTable { table, ops } => batch(conn, table, ops),
        Op::Direct { table, op } => direct(conn, table, op),
        Op::Execute(sql) => conn.run(sql.clone()),
    }
}

/// A table operation outside batch mode: the one ALTER statement SQLite's impl sends.
fn direct(conn: &mut Conn<'_>, table: &str, op: &TableOp) -> Result<(), ApplyError> {
    let sql = match op {
        TableOp::AddColumn(c) => format!("ALTER TABLE {} ADD COLUMN {}", quote(table), column_spec(c)),
        TableOp::DropColumn(c) => format!("ALTER TABLE {} DROP COLUMN {}", quote(table), quote(&c.name)),
        TableOp::CreateIndex(i) => create_index_sql(i, table),
        TableOp::DropIndex(i) => format!("\nDROP INDEX {}", quote(&i.name.text)),
        TableOp::AlterColumn(a) if a.modify_type.is_none() && a.modify_nullable.is_none() && a.new_name.is_some() => {
            format!("ALTER TABLE {} RENAME COLUMN {} TO {}", quote(table), quote(&a.column), quote(a.new_name.as_deref().unwrap_or_default()))
        }
        _ => {
            return Err(ApplyError {
                kind: "NotSupported".into(),
                message: format!("{}this operation outside a batch_alter_table block on SQLite; put it inside `with op.batch_alter_table({}) as batch_op:`", crate::diag::NOT_SUPPORTED, str_repr(table)),
            })
        }
    };
    conn.run(sql)
}

/// `SQLiteImpl.requires_recreate_in_batch`.
fn requires_recreate(ops: &[TableOp]) -> bool {
    ops.iter().any(|op| match op {
        TableOp::AddColumn(c) => matches!(c.server_default, Some(ServerDefault::Sql(_))),
        TableOp::CreateIndex(_) | TableOp::DropIndex(_) => false,
        _ => true,
    })
}

fn column_spec(column: &ColumnDef) -> String {
    let mut spec = format!("{} {}", quote(&column.name), column.ty.ddl);
    if let Some(default) = &column.server_default {
        spec.push_str(" DEFAULT ");
        spec.push_str(&default.ddl());
    }
    if !column.nullable {
        spec.push_str(" NOT NULL");
    }
    spec
}

fn create_index_sql(index: &IndexDef, table: &str) -> String {
    let columns: Vec<String> = index.columns.iter().map(|c| quote(c)).collect();
    let unique = if index.unique { "UNIQUE " } else { "" };
    format!("CREATE {unique}INDEX {} ON {} ({})", quote(&index.name.text), quote(table), columns.join(", "))
}

fn batch(conn: &mut Conn<'_>, table: &str, ops: &[TableOp]) -> Result<(), ApplyError> {
    if !requires_recreate(ops) {
        for op in ops {
            let sql = match op {
                TableOp::AddColumn(c) => format!("ALTER TABLE {} ADD COLUMN {}", quote(table), column_spec(c)),
                TableOp::CreateIndex(i) => create_index_sql(i, table),
                TableOp::DropIndex(i) => format!("\nDROP INDEX {}", quote(&i.name.text)),
                _ => continue,
            };
            conn.run(sql)?;
        }
        return Ok(());
    }
    if conn.offline {
        return Err(ApplyError {
            kind: "CommandError".into(),
            message: format!("This operation cannot proceed in --sql mode; batch mode with dialect sqlite requires a live database connection with which to reflect the table \"{table}\". To generate a batch SQL migration script using table \"move and copy\", a complete Table object should be passed to the \"copy_from\" argument of the batch_alter_table() method so that table reflection can be skipped."),
        });
    }
    let reflected = reflect::reflect_table(conn.engine, table).map_err(|e| ApplyError::from_engine(&e))?;
    if reflected.columns.is_empty() {
        return Err(ApplyError { kind: "NoSuchTableError".into(), message: table.to_string() });
    }
    let mut state = BatchTable::from_reflected(&reflected);
    for op in ops {
        state.apply(op)?;
    }
    state.create(conn)
}

/// A column of the table being rebuilt.
#[derive(Debug, Clone)]
struct BatchColumn {
    def: ColumnDef,
    affinity: Affinity,
    /// The SELECT expression that fills it from the old table (`None` for new columns).
    transfer: Option<String>,
}

/// A constraint kept for the rebuilt table.
#[derive(Debug, Clone)]
enum BatchConstraint {
    Unique(Vec<String>),
    Check(String),
    ForeignKey(ForeignKeyDef),
}

impl BatchConstraint {
    fn rename(&mut self, old: &str, new: &str) {
        let columns = match self {
            BatchConstraint::Unique(c) => c,
            BatchConstraint::Check(_) => return,
            BatchConstraint::ForeignKey(fk) => &mut fk.columns,
        };
        columns.iter_mut().filter(|c| *c == old).for_each(|c| *c = new.to_string());
    }

    fn columns(&self) -> Vec<String> {
        match self {
            BatchConstraint::Unique(c) => c.clone(),
            BatchConstraint::Check(_) => Vec::new(),
            BatchConstraint::ForeignKey(fk) => fk.columns.clone(),
        }
    }
}

/// `ApplyBatchImpl`: the old table, edited in memory by the block's operations.
struct BatchTable {
    name: String,
    columns: Vec<BatchColumn>,
    existing_ordering: Vec<String>,
    add_col_ordering: Vec<(String, String)>,
    primary_key: Vec<String>,
    named: Vec<(String, BatchConstraint)>,
    unnamed: Vec<BatchConstraint>,
    indexes: Vec<IndexDef>,
    new_indexes: Vec<IndexDef>,
    autoincrement: bool,
}

impl BatchTable {
    fn from_reflected(table: &DbTable) -> Self {
        let def = super::compare::db_table(table);
        let columns: Vec<BatchColumn> = def
            .columns
            .iter()
            .map(|c| BatchColumn { def: c.clone(), affinity: c.ty.affinity.clone(), transfer: Some(format!("{}.{}", quote(&table.name), quote(&c.name))) })
            .collect();
        let mut named = Vec::new();
        let mut unnamed = Vec::new();
        // Reflection order: foreign keys, unique constraints, then CHECKs; an unnamed
        // reflected CHECK is dropped from the rebuild (Alembic warns and omits it).
        for fk in &def.foreign_keys {
            match &fk.name {
                Some(name) => named.push((name.text.clone(), BatchConstraint::ForeignKey(fk.clone()))),
                None => unnamed.push(BatchConstraint::ForeignKey(fk.clone())),
            }
        }
        for unique in &def.uniques {
            match &unique.name {
                Some(name) => named.push((name.text.clone(), BatchConstraint::Unique(unique.columns.clone()))),
                None => unnamed.push(BatchConstraint::Unique(unique.columns.clone())),
            }
        }
        for check in &def.checks {
            if let Some(name) = &check.name {
                named.push((name.text.clone(), BatchConstraint::Check(check.sqltext.clone())));
            }
        }
        let indexes = table
            .indexes
            .iter()
            .map(|i| IndexDef { name: super::ops::Name::conv(&i.name), columns: i.columns.clone(), unique: i.unique })
            .collect();
        Self {
            name: table.name.clone(),
            existing_ordering: columns.iter().map(|c| c.def.name.clone()).collect(),
            columns,
            add_col_ordering: Vec::new(),
            primary_key: table.primary_key.clone(),
            named,
            unnamed,
            indexes,
            new_indexes: Vec::new(),
            autoincrement: table.autoincrement,
        }
    }

    fn apply(&mut self, op: &TableOp) -> Result<(), ApplyError> {
        match op {
            TableOp::AddColumn(column) => {
                if let Some(last) = self.existing_ordering.last() {
                    self.add_col_ordering.push((last.clone(), column.name.clone()));
                }
                self.columns.retain(|c| c.def.name != column.name);
                self.columns.push(BatchColumn { def: column.clone(), affinity: column.ty.affinity.clone(), transfer: None });
            }
            TableOp::DropColumn(column) => {
                if !self.columns.iter().any(|c| c.def.name == column.name) {
                    return Err(ApplyError { kind: "KeyError".into(), message: format!("'{}'", column.name) });
                }
                self.columns.retain(|c| c.def.name != column.name);
                self.existing_ordering.retain(|c| *c != column.name);
                self.primary_key.retain(|c| *c != column.name);
            }
            TableOp::AlterColumn(alter) => {
                let Some(column) = self.columns.iter_mut().find(|c| c.def.name == alter.column) else {
                    return Err(ApplyError { kind: "KeyError".into(), message: format!("'{}'", alter.column) });
                };
                if let Some(new_type) = &alter.modify_type {
                    // SQLiteImpl.cast_for_batch_migrate: CAST when the type family changes.
                    if column.affinity != new_type.affinity && !new_type.is_json() {
                        if let Some(expr) = &column.transfer {
                            let base = expr.split(" AS ").next().unwrap_or(expr).trim_start_matches("CAST(").to_string();
                            column.transfer = Some(format!("CAST({base} AS {}) AS {}", new_type.ddl, quote(&column.def.name)));
                        }
                    }
                    column.affinity = new_type.affinity.clone();
                    column.def.ty = new_type.clone();
                }
                if let Some(nullable) = alter.modify_nullable {
                    column.def.nullable = nullable;
                }
                if let Some(new_name) = &alter.new_name {
                    // The copy still selects the old column (`transfer`); everything that
                    // names the column follows it, as the shared Column object does in Alembic.
                    column.def.name = new_name.clone();
                    self.rename(&alter.column, new_name);
                }
            }
            TableOp::CreateIndex(index) => self.new_indexes.push(index.clone()),
            TableOp::DropIndex(index) => {
                let before = self.indexes.len();
                self.indexes.retain(|i| i.name.text != index.name.text);
                if self.indexes.len() == before {
                    return Err(ApplyError::value_error(&format!("No such index: '{}'", index.name.text)));
                }
            }
            TableOp::AddUnique(unique) => {
                let name = unique.name.as_ref().ok_or_else(|| ApplyError::value_error("Constraint must have a name"))?;
                self.named.push((name.text.clone(), BatchConstraint::Unique(unique.columns.clone())));
            }
            TableOp::AddForeignKey(fk) => {
                let name = fk.name.as_ref().ok_or_else(|| ApplyError::value_error("Constraint must have a name"))?;
                self.named.push((name.text.clone(), BatchConstraint::ForeignKey(fk.clone())));
            }
            TableOp::DropUnique(u) => self.drop_constraint(u.name.as_ref().map(|n| n.text.as_str()))?,
            TableOp::DropForeignKey(fk) => self.drop_constraint(fk.name.as_ref().map(|n| n.text.as_str()))?,
        }
        Ok(())
    }

    fn rename(&mut self, old: &str, new: &str) {
        let fix = |names: &mut Vec<String>| names.iter_mut().filter(|n| *n == old).for_each(|n| *n = new.to_string());
        fix(&mut self.existing_ordering);
        fix(&mut self.primary_key);
        for (_, constraint) in &mut self.named {
            constraint.rename(old, new);
        }
        for constraint in &mut self.unnamed {
            constraint.rename(old, new);
        }
        for index in self.indexes.iter_mut().chain(self.new_indexes.iter_mut()) {
            fix(&mut index.columns);
        }
        for (after, added) in &mut self.add_col_ordering {
            for name in [after, added] {
                if name == old {
                    *name = new.to_string();
                }
            }
        }
    }

    fn drop_constraint(&mut self, name: Option<&str>) -> Result<(), ApplyError> {
        let name = name.ok_or_else(|| ApplyError::value_error("Constraint must have a name"))?;
        let before = self.named.len();
        self.named.retain(|(n, _)| n != name);
        if self.named.len() == before {
            return Err(ApplyError::value_error(&format!("No such constraint: '{name}'")));
        }
        Ok(())
    }

    /// `_adjust_self_columns_for_partial_reordering`: a layered topological sort of the
    /// columns on "follows" pairs; note that the pairs of the existing order are taken from
    /// the *current* column list by position, as Alembic does.
    fn reorder(&mut self) {
        if self.add_col_ordering.is_empty() {
            return;
        }
        let names: Vec<String> = self.columns.iter().map(|c| c.def.name.clone()).collect();
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (index, elem) in self.existing_ordering.iter().enumerate().skip(1) {
            if let Some(prev) = names.get(index - 1) {
                pairs.push((prev.clone(), elem.clone()));
            }
        }
        pairs.extend(self.add_col_ordering.iter().cloned());
        pairs.retain(|(a, b)| a != b);
        let mut todo = names.clone();
        let mut sorted = Vec::new();
        while !todo.is_empty() {
            let layer: Vec<String> = todo.iter().filter(|n| !pairs.iter().any(|(p, c)| c == *n && todo.contains(p))).cloned().collect();
            // A cycle cannot come from autogenerated operations; keep the rest as they are.
            let layer = if layer.is_empty() { todo.clone() } else { layer };
            todo.retain(|n| !layer.contains(n));
            sorted.extend(layer);
        }
        let mut columns = Vec::new();
        for name in sorted {
            if let Some(column) = self.columns.iter().find(|c| c.def.name == name) {
                columns.push(column.clone());
            }
        }
        self.columns = columns;
    }

    fn table_def(&self, name: &str) -> Table {
        let present = |cols: &[String]| cols.iter().all(|c| self.columns.iter().any(|b| b.def.name == *c));
        let mut constraints = Vec::new();
        let mut order = 0u64;
        for constraint in self.named.iter().map(|(n, c)| (Some(n.clone()), c)).chain(self.unnamed.iter().map(|c| (None, c))) {
            let (constraint_name, constraint) = constraint;
            if !present(&constraint.columns()) {
                continue;
            }
            order += 1;
            let kind = match constraint {
                BatchConstraint::Unique(cols) => ConstraintKind::Unique(cols.clone()),
                BatchConstraint::Check(sql) => ConstraintKind::Check(sql.clone()),
                BatchConstraint::ForeignKey(fk) => ConstraintKind::ForeignKey(ForeignKeyConstraint {
                    columns: fk.columns.clone(),
                    target_table: fk.target_table.clone(),
                    target_columns: fk.target_columns.clone(),
                    ondelete: fk.ondelete.clone(),
                    onupdate: fk.onupdate.clone(),
                    name: constraint_name.clone(),
                    deferrable: None,
                    initially: None,
                }),
            };
            constraints.push(Constraint { name: constraint_name, kind, order });
        }
        Table {
            name: name.to_string(),
            columns: self.columns.iter().map(|c| schema_column(&c.def, self.primary_key.contains(&c.def.name))).collect(),
            primary_key: self.columns.iter().map(|c| c.def.name.clone()).filter(|n| self.primary_key.contains(n)).collect(),
            constraints,
            sqlite_autoincrement: self.autoincrement,
            ..Table::default()
        }
    }

    /// `ApplyBatchImpl._create`.
    fn create(mut self, conn: &mut Conn<'_>) -> Result<(), ApplyError> {
        self.reorder();
        let temp: String = format!("_alembic_tmp_{}", self.name).chars().take(50).collect();
        let create = ddl::create_table(&self.table_def(&temp)).map_err(|e| ApplyError { kind: e.kind, message: e.message })?;
        conn.run(create)?;
        let moved: Vec<&BatchColumn> = self.columns.iter().filter(|c| c.transfer.is_some()).collect();
        let insert = format!(
            "INSERT INTO {} ({}) SELECT {} \nFROM {}",
            quote(&temp),
            moved.iter().map(|c| quote(&c.def.name)).collect::<Vec<_>>().join(", "),
            moved.iter().filter_map(|c| c.transfer.clone()).collect::<Vec<_>>().join(", "),
            quote(&self.name)
        );
        let copied = conn.run(insert).and_then(|()| conn.run(format!("\nDROP TABLE {}", quote(&self.name))));
        if let Err(error) = copied {
            // Alembic drops the new table before re-raising; inside the implicit transaction
            // that the INSERT opened, the rollback undoes this DROP again.
            let _ = conn.run(format!("\nDROP TABLE {}", quote(&temp)));
            return Err(error);
        }
        conn.run(format!("ALTER TABLE {} RENAME TO {}", quote(&temp), quote(&self.name)))?;
        let mut statements: Vec<String> = self
            .indexes
            .iter()
            .chain(self.new_indexes.iter())
            .filter(|i| i.columns.iter().all(|c| self.columns.iter().any(|b| b.def.name == *c)))
            .map(|i| create_index_sql(i, &self.name))
            .collect();
        // Alembic emits them in set order; the goldens keep them sorted.
        statements.sort();
        for statement in statements {
            conn.run(statement)?;
        }
        Ok(())
    }
}

/// A schema-model column carrying exactly the DDL an operation's column compiles to.
fn schema_column(def: &ColumnDef, primary_key: bool) -> Column {
    Column {
        name: def.name.clone(),
        key: def.name.clone(),
        // The class name only matters to create_table's autoincrement rule, which looks for
        // the integer family; the first word of the DDL (INTEGER, BIGINT, ...) serves.
        sql_type: SqlType::Rendered { name: def.ty.ddl.split('(').next().unwrap_or("").trim().to_string(), ddl: def.ty.ddl.clone() },
        nullable: def.nullable,
        primary_key,
        autoincrement: def.autoincrement,
        unique: false,
        index: false,
        default: None,
        server_default: def.server_default.as_ref().map(ServerDefault::ddl),
        onupdate: None,
        comment: None,
        checks: Vec::new(),
        type_check: None,
        sort_order: 0,
    }
}

/// `CREATE TABLE` for `op.create_table`: the primary key first, then the constraints in the
/// order of their rendered arguments (CHECK, FOREIGN KEY, UNIQUE).
fn create_table_sql(def: &TableDef, name: &str) -> Result<String, ApplyError> {
    let mut constraints = Vec::new();
    let mut order = 0u64;
    let mut next = || {
        order += 1;
        order
    };
    for check in &def.checks {
        constraints.push(Constraint { name: check.name.as_ref().map(|n| n.text.clone()), kind: ConstraintKind::Check(check.sqltext.clone()), order: next() });
    }
    for fk in &def.foreign_keys {
        let name = fk.name.as_ref().map(|n| n.text.clone());
        constraints.push(Constraint {
            name: name.clone(),
            kind: ConstraintKind::ForeignKey(ForeignKeyConstraint {
                columns: fk.columns.clone(),
                target_table: fk.target_table.clone(),
                target_columns: fk.target_columns.clone(),
                ondelete: fk.ondelete.clone(),
                onupdate: fk.onupdate.clone(),
                name,
                deferrable: None,
                initially: None,
            }),
            order: next(),
        });
    }
    for unique in &def.uniques {
        constraints.push(Constraint { name: unique.name.as_ref().map(|n| n.text.clone()), kind: ConstraintKind::Unique(unique.columns.clone()), order: next() });
    }
    let table = Table {
        name: name.to_string(),
        columns: def.columns.iter().map(|c| schema_column(c, def.primary_key.contains(&c.name))).collect(),
        primary_key: def.primary_key.clone(),
        constraints,
        sqlite_autoincrement: def.autoincrement,
        ..Table::default()
    };
    ddl::create_table(&table).map_err(|e| ApplyError { kind: e.kind, message: e.message })
}
