//! Revision files read back: the module Alembic writes (or the user edited) parsed with the
//! project's Python parser, and the bodies of `upgrade()` / `downgrade()` turned into [`Op`]s.
//!
//! Only the calls Alembic's renderer and the common hand edits use are understood; anything
//! else is refused with its line and column ("not supported in ormlab yet: ..."), never run
//! differently.

use super::mtype::{self, Affinity, MType};
use super::ops::{AlterColumn, CheckDef, ColumnDef, ForeignKeyDef, IndexDef, Name, Op, ServerDefault, TableDef, TableOp, UniqueDef};
use crate::diag::{Diagnostic, LineIndex, Severity, NOT_SUPPORTED};
use crate::python::value::{LibraryCall, Value};
use crate::schema::types;
use ruff_python_ast::{self as ast, Expr, Number, Stmt};
use ruff_text_size::Ranged;
use std::rc::Rc;

/// One revision: its identifiers, its message and both directions as operations.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// `revision = '...'`.
    pub id: String,
    /// `down_revision = ...` (`None` for the first revision).
    pub down_revision: Option<String>,
    /// The first paragraph of the module docstring (Alembic's `Script.doc`).
    pub message: String,
    /// The operations of `upgrade()`.
    pub upgrade: Vec<Op>,
    /// The operations of `downgrade()`.
    pub downgrade: Vec<Op>,
}

/// Reads a revision file. The error carries the line and column of the first problem.
pub fn parse_revision(source: &str) -> Result<Revision, Diagnostic> {
    let index = LineIndex::new(source);
    let parsed = crate::python::parse(source);
    if let Some(first) = parsed.diagnostics.into_iter().next() {
        return Err(first);
    }
    let reader = Reader { index: &index };
    let module = parsed.module.ok_or_else(|| reader.error("the revision file could not be read", (0, 0)))?;
    let mut id = None;
    let mut down_revision = None;
    let mut message = String::new();
    let mut upgrade = None;
    let mut downgrade = None;
    for (position, stmt) in module.body.iter().enumerate() {
        match stmt {
            Stmt::Expr(expr) if position == 0 => {
                if let Expr::StringLiteral(text) = expr.value.as_ref() {
                    message = text.value.to_str().split("\n\n").next().unwrap_or("").trim().to_string();
                }
            }
            Stmt::Import(_) | Stmt::ImportFrom(_) | Stmt::Pass(_) => {}
            Stmt::Assign(assign) => {
                let [Expr::Name(target)] = assign.targets.as_slice() else { return Err(reader.unsupported("this assignment in a revision file", span(stmt))) };
                let value = reader.value(&assign.value)?;
                match (target.id.as_str(), value) {
                    ("revision", Value::Str(text)) => id = Some(text.to_string()),
                    ("down_revision", Value::Str(text)) => down_revision = Some(text.to_string()),
                    ("down_revision", Value::None) => down_revision = None,
                    ("branch_labels" | "depends_on", Value::None) => {}
                    ("revision" | "down_revision", _) => return Err(reader.error(&format!("{} must be a string", target.id), span(&*assign.value))),
                    _ => return Err(reader.unsupported(&format!("`{} = ...` in a revision file (branches and dependencies)", target.id), span(stmt))),
                }
            }
            Stmt::FunctionDef(def) if def.name.as_str() == "upgrade" => upgrade = Some(reader.body(&def.body)?),
            Stmt::FunctionDef(def) if def.name.as_str() == "downgrade" => downgrade = Some(reader.body(&def.body)?),
            other => return Err(reader.unsupported(&format!("{} at the top of a revision file", crate::python::eval::statement_kind(other)), span(other))),
        }
    }
    let id = id.ok_or_else(|| reader.error("the revision file has no `revision = '...'` line", (0, 0)))?;
    Ok(Revision {
        id,
        down_revision,
        message,
        upgrade: upgrade.ok_or_else(|| reader.error("the revision file has no `def upgrade():`", (0, 0)))?,
        downgrade: downgrade.ok_or_else(|| reader.error("the revision file has no `def downgrade():`", (0, 0)))?,
    })
}

fn span(node: &impl Ranged) -> (usize, usize) {
    let range = node.range();
    (range.start().to_usize(), range.end().to_usize())
}

/// A call as data: the dotted callee as written, its evaluated arguments, its position.
struct Call {
    callee: String,
    value: Rc<LibraryCall>,
    range: (usize, usize),
}

impl Call {
    /// Positional argument `position`, or keyword `name`.
    fn arg(&self, position: usize, name: &str) -> Option<&Value> {
        self.value.args.get(position).or_else(|| self.value.kwarg(name))
    }
}

struct Reader<'a> {
    index: &'a LineIndex<'a>,
}

impl Reader<'_> {
    fn error(&self, message: &str, range: (usize, usize)) -> Diagnostic {
        self.index.diagnostic(Severity::Error, message, range)
    }

    fn unsupported(&self, what: &str, range: (usize, usize)) -> Diagnostic {
        self.error(&format!("{NOT_SUPPORTED}{what}"), range)
    }

    /// The dotted name of `sa.String`, `op.f`, `batch_op.add_column`.
    fn dotted(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Name(name) => Some(name.id.to_string()),
            Expr::Attribute(attribute) => Some(format!("{}.{}", self.dotted(&attribute.value)?, attribute.attr.as_str())),
            _ => None,
        }
    }

    /// Literals, lists and calls of dotted names; `sa.` and `sqlite.` map to the canonical
    /// SQLAlchemy names the schema reader knows.
    fn value(&self, expr: &Expr) -> Result<Value, Diagnostic> {
        let range = span(expr);
        Ok(match expr {
            Expr::NoneLiteral(_) => Value::None,
            Expr::BooleanLiteral(b) => Value::Bool(b.value),
            Expr::StringLiteral(s) => Value::str(s.value.to_str()),
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(int) => Value::Int(int.as_i64().ok_or_else(|| self.unsupported("integers beyond 64 bits", range))?),
                Number::Float(f) => Value::Float(*f),
                Number::Complex { .. } => return Err(self.unsupported("complex numbers", range)),
            },
            Expr::UnaryOp(unary) if unary.op == ast::UnaryOp::USub => match self.value(&unary.operand)? {
                Value::Int(i) => Value::Int(i.wrapping_neg()),
                Value::Float(f) => Value::Float(-f),
                _ => return Err(self.unsupported("this expression in a migration", range)),
            },
            Expr::List(list) => Value::List(list.elts.iter().map(|e| self.value(e)).collect::<Result<Vec<_>, _>>()?.into()),
            Expr::Tuple(tuple) => Value::Tuple(tuple.elts.iter().map(|e| self.value(e)).collect::<Result<Vec<_>, _>>()?.into()),
            Expr::Call(call) => Value::Call(self.call(call)?.value),
            Expr::Attribute(_) | Expr::Name(_) => Value::Library(Rc::from(canonical(&self.dotted(expr).unwrap_or_default()))),
            other => return Err(self.unsupported(&format!("{} in a migration", crate::python::eval::expression_kind(other)), range)),
        })
    }

    fn call(&self, call: &ast::ExprCall) -> Result<Call, Diagnostic> {
        let range = span(call);
        let callee = self.dotted(&call.func).ok_or_else(|| self.unsupported("calling this expression in a migration", span(&*call.func)))?;
        let args = call.arguments.args.iter().map(|a| self.value(a)).collect::<Result<Vec<_>, _>>()?;
        let mut kwargs = Vec::new();
        for keyword in call.arguments.keywords.iter() {
            let Some(arg) = &keyword.arg else { return Err(self.unsupported("`**` arguments", span(keyword))) };
            kwargs.push((arg.to_string(), self.value(&keyword.value)?));
        }
        let value = Rc::new(LibraryCall { callee: Rc::from(canonical(&callee)), args, kwargs, order: 0, range });
        Ok(Call { callee, value, range })
    }

    /// The statements of `upgrade()` / `downgrade()`.
    fn body(&self, body: &[Stmt]) -> Result<Vec<Op>, Diagnostic> {
        let mut ops = Vec::new();
        for stmt in body {
            match stmt {
                Stmt::Pass(_) => {}
                Stmt::Expr(expr) if matches!(expr.value.as_ref(), Expr::StringLiteral(_)) => {}
                Stmt::Expr(expr) => {
                    let Expr::Call(call) = expr.value.as_ref() else { return Err(self.unsupported("this statement in a migration", span(stmt))) };
                    ops.push(self.op(&self.call(call)?)?);
                }
                Stmt::With(with) => ops.push(self.batch(with)?),
                other => return Err(self.unsupported(&format!("{} in a migration", crate::python::eval::statement_kind(other)), span(other))),
            }
        }
        Ok(ops)
    }

    /// `with op.batch_alter_table('t', schema=None) as batch_op:` and its body.
    fn batch(&self, with: &ast::StmtWith) -> Result<Op, Diagnostic> {
        let range = span(with);
        let [item] = with.items.as_slice() else { return Err(self.unsupported("a with statement of several items", range)) };
        let Expr::Call(call) = &item.context_expr else { return Err(self.unsupported("this with statement in a migration", range)) };
        let call = self.call(call)?;
        if call.callee != "op.batch_alter_table" {
            return Err(self.unsupported(&format!("`with {}(...)` in a migration", call.callee), call.range));
        }
        self.check_kwargs(&call, &["table_name", "schema", "recreate"])?;
        let table = self.string(&call, 0, "table_name")?;
        if let Some(recreate) = call.value.kwarg("recreate") {
            if recreate.as_str() != Some("auto") {
                return Err(self.unsupported("batch_alter_table(recreate=...) other than 'auto'", call.range));
            }
        }
        let var = match item.optional_vars.as_deref() {
            Some(Expr::Name(name)) => name.id.to_string(),
            _ => return Err(self.unsupported("batch_alter_table without `as batch_op`", range)),
        };
        let mut ops = Vec::new();
        for stmt in &with.body {
            match stmt {
                Stmt::Pass(_) => {}
                Stmt::Expr(expr) if matches!(expr.value.as_ref(), Expr::StringLiteral(_)) => {}
                Stmt::Expr(expr) => {
                    let Expr::Call(inner) = expr.value.as_ref() else { return Err(self.unsupported("this statement in a batch block", span(stmt))) };
                    let inner = self.call(inner)?;
                    let Some(name) = inner.callee.strip_prefix(&format!("{var}.")) else {
                        return Err(self.unsupported(&format!("calling {} inside a batch block", inner.callee), inner.range));
                    };
                    ops.push(self.table_op(name, &inner, 0)?);
                }
                other => return Err(self.unsupported(&format!("{} in a batch block", crate::python::eval::statement_kind(other)), span(other))),
            }
        }
        Ok(Op::ModifyTable { table, ops })
    }

    /// A top-level `op.<name>(...)` call.
    fn op(&self, call: &Call) -> Result<Op, Diagnostic> {
        let Some(name) = call.callee.strip_prefix("op.") else {
            return Err(self.unsupported(&format!("calling {} in a migration", call.callee), call.range));
        };
        match name {
            "create_table" => self.create_table(call),
            "drop_table" => {
                self.check_kwargs(call, &["table_name", "schema"])?;
                Ok(Op::DropTable(TableDef { name: self.string(call, 0, "table_name")?, ..TableDef::default() }))
            }
            "execute" => {
                self.check_kwargs(call, &["sqltext"])?;
                match call.arg(0, "sqltext") {
                    Some(Value::Str(sql)) => Ok(Op::Execute(sql.to_string())),
                    Some(Value::Call(text)) if text.is("sqlalchemy.text") => match text.args.first() {
                        Some(Value::Str(sql)) => Ok(Op::Execute(sql.to_string())),
                        _ => Err(self.error("sa.text() takes the SQL as a string", call.range)),
                    },
                    _ => Err(self.unsupported("op.execute() of anything but a SQL string or sa.text('...')", call.range)),
                }
            }
            "drop_index" => {
                self.check_kwargs(call, &["index_name", "table_name", "schema", "if_exists"])?;
                let index = IndexDef { name: self.name(call, 0, "index_name")?.ok_or_else(|| self.error("drop_index needs the index name", call.range))?, columns: Vec::new(), unique: false };
                let table = match call.value.kwarg("table_name") {
                    Some(Value::Str(t)) => t.to_string(),
                    _ => String::new(),
                };
                Ok(Op::Direct { table, op: TableOp::DropIndex(index) })
            }
            "create_index" => {
                // op.create_index(name, table, columns): the table sits between name and columns.
                let table = self.string(call, 1, "table_name")?;
                let name = self.name(call, 0, "index_name")?.ok_or_else(|| self.error("create_index needs the index name", call.range))?;
                let columns = self.strings(call, 2, "columns")?;
                self.check_kwargs(call, &["index_name", "table_name", "columns", "unique", "schema"])?;
                Ok(Op::Direct { table, op: TableOp::CreateIndex(IndexDef { name, columns, unique: self.flag(call, "unique", false)? }) })
            }
            "add_column" | "drop_column" | "alter_column" => {
                let table = self.string(call, 0, "table_name")?;
                Ok(Op::Direct { table, op: self.table_op(name, call, 1)? })
            }
            other => Err(self.unsupported(&format!("op.{other}()"), call.range)),
        }
    }

    /// An operation on one table; `skip` positional arguments (the table name of a direct
    /// `op.` call) come first.
    fn table_op(&self, name: &str, call: &Call, skip: usize) -> Result<TableOp, Diagnostic> {
        match name {
            "add_column" => {
                self.check_kwargs(call, &["table_name", "column", "schema"])?;
                match call.arg(skip, "column") {
                    Some(Value::Call(column)) if column.is("sqlalchemy.Column") => Ok(TableOp::AddColumn(self.column(column)?)),
                    _ => Err(self.error("add_column takes an sa.Column(...)", call.range)),
                }
            }
            "drop_column" => {
                self.check_kwargs(call, &["table_name", "column_name", "schema"])?;
                let column = self.string(call, skip, "column_name")?;
                Ok(TableOp::DropColumn(ColumnDef { name: column, ty: unknown_type(), nullable: true, server_default: None, autoincrement: None, primary_key: false }))
            }
            "alter_column" => self.alter_column(call, skip),
            "create_index" => {
                self.check_kwargs(call, &["index_name", "columns", "unique"])?;
                let name = self.name(call, 0, "index_name")?.ok_or_else(|| self.error("create_index needs the index name", call.range))?;
                Ok(TableOp::CreateIndex(IndexDef { name, columns: self.strings(call, 1, "columns")?, unique: self.flag(call, "unique", false)? }))
            }
            "drop_index" => {
                self.check_kwargs(call, &["index_name"])?;
                let name = self.name(call, 0, "index_name")?.ok_or_else(|| self.error("drop_index needs the index name", call.range))?;
                Ok(TableOp::DropIndex(IndexDef { name, columns: Vec::new(), unique: false }))
            }
            "create_unique_constraint" => {
                self.check_kwargs(call, &["constraint_name", "columns"])?;
                Ok(TableOp::AddUnique(UniqueDef { name: self.name(call, 0, "constraint_name")?, columns: self.strings(call, 1, "columns")? }))
            }
            "create_foreign_key" => {
                self.check_kwargs(call, &["constraint_name", "referent_table", "local_cols", "remote_cols", "ondelete", "onupdate"])?;
                Ok(TableOp::AddForeignKey(ForeignKeyDef {
                    name: self.name(call, 0, "constraint_name")?,
                    target_table: self.string(call, 1, "referent_table")?,
                    columns: self.strings(call, 2, "local_cols")?,
                    target_columns: self.strings(call, 3, "remote_cols")?,
                    ondelete: self.optional_string(call, "ondelete")?,
                    onupdate: self.optional_string(call, "onupdate")?,
                }))
            }
            "drop_constraint" => {
                self.check_kwargs(call, &["constraint_name", "type_"])?;
                let name = self.name(call, 0, "constraint_name")?;
                match self.optional_string(call, "type_")?.as_deref() {
                    Some("foreignkey") => Ok(TableOp::DropForeignKey(ForeignKeyDef { name, columns: Vec::new(), target_table: String::new(), target_columns: Vec::new(), ondelete: None, onupdate: None })),
                    Some("unique") | None => Ok(TableOp::DropUnique(UniqueDef { name, columns: Vec::new() })),
                    Some(other) => Err(self.unsupported(&format!("drop_constraint(type_={other:?})"), call.range)),
                }
            }
            other => Err(self.unsupported(&format!("{other}() in a migration"), call.range)),
        }
    }

    fn alter_column(&self, call: &Call, skip: usize) -> Result<TableOp, Diagnostic> {
        self.check_kwargs(call, &["table_name", "column_name", "existing_type", "type_", "nullable", "existing_nullable", "new_column_name", "existing_server_default", "autoincrement", "schema"])?;
        let column = self.string(call, skip, "column_name")?;
        let optional_type = |key: &str| -> Result<Option<MType>, Diagnostic> { call.value.kwarg(key).map(|v| self.sql_type(v, call.range)).transpose() };
        let optional_bool = |key: &str| -> Result<Option<bool>, Diagnostic> {
            match call.value.kwarg(key) {
                None => Ok(None),
                Some(Value::Bool(b)) => Ok(Some(*b)),
                Some(_) => Err(self.error(&format!("{key}= must be True or False"), call.range)),
            }
        };
        let existing_server_default = match call.value.kwarg("existing_server_default") {
            None | Some(Value::None) => None,
            Some(value) => Some(self.server_default(value, call.range)?),
        };
        Ok(TableOp::AlterColumn(AlterColumn {
            column,
            existing_type: optional_type("existing_type")?,
            modify_type: optional_type("type_")?,
            existing_nullable: optional_bool("existing_nullable")?,
            modify_nullable: optional_bool("nullable")?,
            existing_server_default,
            autoincrement: optional_bool("autoincrement")?,
            new_name: self.optional_string(call, "new_column_name")?,
        }))
    }

    /// `op.create_table(name, sa.Column(...), ..., sa.PrimaryKeyConstraint(...), ...)`.
    fn create_table(&self, call: &Call) -> Result<Op, Diagnostic> {
        self.check_kwargs(call, &["table_name", "sqlite_autoincrement", "schema"])?;
        let mut table = TableDef { name: self.string(call, 0, "table_name")?, autoincrement: self.flag(call, "sqlite_autoincrement", false)?, ..TableDef::default() };
        for item in call.value.args.iter().skip(1) {
            let Value::Call(item) = item else { return Err(self.error("create_table takes columns and constraints", call.range)) };
            let strings = |values: &[Value]| -> Vec<String> { values.iter().filter_map(Value::as_str).map(str::to_string).collect() };
            let item_name = |item: &LibraryCall| -> Result<Option<Name>, Diagnostic> { item.kwarg("name").map(|v| self.to_name(v, call.range)).transpose().map(Option::flatten) };
            match &*item.callee {
                "sqlalchemy.Column" => {
                    let column = self.column(item)?;
                    if column.primary_key {
                        table.primary_key.push(column.name.clone());
                    }
                    table.columns.push(column);
                }
                "sqlalchemy.PrimaryKeyConstraint" => table.primary_key = strings(&item.args),
                "sqlalchemy.UniqueConstraint" => table.uniques.push(UniqueDef { name: item_name(item)?, columns: strings(&item.args) }),
                "sqlalchemy.CheckConstraint" => {
                    let sqltext = item.args.first().and_then(Value::as_str).ok_or_else(|| self.error("CheckConstraint takes the condition as a string", call.range))?;
                    table.checks.push(CheckDef { name: item_name(item)?, sqltext: sqltext.to_string() });
                }
                "sqlalchemy.ForeignKeyConstraint" => {
                    let list = |position: usize| item.args.get(position).and_then(Value::as_sequence).map(strings).unwrap_or_default();
                    let targets = list(1);
                    let target_table = targets.first().and_then(|t| t.rsplit_once('.')).map(|(t, _)| t.to_string()).unwrap_or_default();
                    let kw = |key: &str| item.kwarg(key).and_then(Value::as_str).map(str::to_string);
                    table.foreign_keys.push(ForeignKeyDef {
                        name: item_name(item)?,
                        columns: list(0),
                        target_table,
                        target_columns: targets.iter().map(|t| t.rsplit_once('.').map_or(t.clone(), |(_, c)| c.to_string())).collect(),
                        ondelete: kw("ondelete"),
                        onupdate: kw("onupdate"),
                    });
                }
                other => return Err(self.unsupported(&format!("{other} in create_table"), item.range)),
            }
        }
        Ok(Op::CreateTable(table))
    }

    /// `sa.Column('name', sa.Type(), nullable=..., server_default=..., ...)`.
    fn column(&self, call: &LibraryCall) -> Result<ColumnDef, Diagnostic> {
        for (key, _) in &call.kwargs {
            if !["nullable", "server_default", "autoincrement", "primary_key"].contains(&key.as_str()) {
                return Err(self.unsupported(&format!("sa.Column({key}=...) in a migration"), call.range));
            }
        }
        let name = call.args.first().and_then(Value::as_str).ok_or_else(|| self.error("sa.Column needs its name first", call.range))?;
        let ty = call.args.get(1).ok_or_else(|| self.error("sa.Column needs a type", call.range))?;
        if call.args.len() > 2 {
            return Err(self.unsupported("sa.Column arguments after the type (ForeignKey, constraints)", call.range));
        }
        let primary_key = matches!(call.kwarg("primary_key"), Some(Value::Bool(true)));
        let nullable = match call.kwarg("nullable") {
            Some(Value::Bool(b)) => *b,
            _ => !primary_key,
        };
        let server_default = match call.kwarg("server_default") {
            None | Some(Value::None) => None,
            Some(value) => Some(self.server_default(value, call.range)?),
        };
        let autoincrement = match call.kwarg("autoincrement") {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        };
        Ok(ColumnDef { name: name.to_string(), ty: self.sql_type(ty, call.range)?, nullable, server_default, autoincrement, primary_key })
    }

    fn server_default(&self, value: &Value, range: (usize, usize)) -> Result<ServerDefault, Diagnostic> {
        match value {
            Value::Str(text) => Ok(ServerDefault::Literal(text.to_string())),
            Value::Call(call) if call.is("sqlalchemy.text") => match call.args.first() {
                Some(Value::Str(sql)) => Ok(ServerDefault::Sql(sql.to_string())),
                _ => Err(self.error("sa.text() takes the SQL as a string", range)),
            },
            _ => Err(self.unsupported("this server_default in a migration", range)),
        }
    }

    fn sql_type(&self, value: &Value, range: (usize, usize)) -> Result<MType, Diagnostic> {
        match types::from_value(value) {
            Some(Ok(sql_type)) => Ok(mtype::from_model(&sql_type)),
            Some(Err(message)) => Err(self.unsupported(&message, range)),
            None => Err(self.unsupported("this column type in a migration", range)),
        }
    }

    fn check_kwargs(&self, call: &Call, allowed: &[&str]) -> Result<(), Diagnostic> {
        for (key, _) in &call.value.kwargs {
            if !allowed.contains(&key.as_str()) {
                let short = call.callee.rsplit('.').next().unwrap_or(&call.callee);
                return Err(self.unsupported(&format!("{short}({key}=...)"), call.range));
            }
        }
        Ok(())
    }

    fn string(&self, call: &Call, position: usize, name: &str) -> Result<String, Diagnostic> {
        match call.arg(position, name) {
            Some(Value::Str(text)) => Ok(text.to_string()),
            _ => Err(self.error(&format!("{} needs {name} as a string", call.callee), call.range)),
        }
    }

    fn optional_string(&self, call: &Call, name: &str) -> Result<Option<String>, Diagnostic> {
        match call.value.kwarg(name) {
            None | Some(Value::None) => Ok(None),
            Some(Value::Str(text)) => Ok(Some(text.to_string())),
            Some(_) => Err(self.error(&format!("{name}= must be a string"), call.range)),
        }
    }

    fn strings(&self, call: &Call, position: usize, name: &str) -> Result<Vec<String>, Diagnostic> {
        let items = call.arg(position, name).and_then(Value::as_sequence).ok_or_else(|| self.error(&format!("{} needs {name} as a list of strings", call.callee), call.range))?;
        items.iter().map(|v| v.as_str().map(str::to_string).ok_or_else(|| self.error(&format!("{name} must hold strings"), call.range))).collect()
    }

    fn flag(&self, call: &Call, name: &str, default: bool) -> Result<bool, Diagnostic> {
        match call.value.kwarg(name) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.error(&format!("{name}= must be True or False"), call.range)),
        }
    }

    fn name(&self, call: &Call, position: usize, key: &str) -> Result<Option<Name>, Diagnostic> {
        match call.arg(position, key) {
            None => Ok(None),
            Some(value) => self.to_name(value, call.range),
        }
    }

    /// `'name'`, `op.f('name')` / `batch_op.f('name')` or `None`.
    fn to_name(&self, value: &Value, range: (usize, usize)) -> Result<Option<Name>, Diagnostic> {
        match value {
            Value::None => Ok(None),
            Value::Str(text) => Ok(Some(Name::plain(text))),
            Value::Call(call) if call.callee.ends_with(".f") => match call.args.first() {
                Some(Value::Str(text)) => Ok(Some(Name::conv(text))),
                _ => Err(self.error("f() takes the name as a string", range)),
            },
            _ => Err(self.error("a name must be a string, f('...') or None", range)),
        }
    }
}

/// `sa.String` → `sqlalchemy.String`, `sqlite.JSON` → `sqlalchemy.dialects.sqlite.JSON`.
fn canonical(dotted: &str) -> String {
    if let Some(rest) = dotted.strip_prefix("sa.") {
        format!("sqlalchemy.{rest}")
    } else if let Some(rest) = dotted.strip_prefix("sqlite.") {
        format!("sqlalchemy.dialects.sqlite.{rest}")
    } else {
        dotted.to_string()
    }
}

/// The type of a column known only by name (`drop_column` carries none).
fn unknown_type() -> MType {
    MType { render: "sa.NullType()".into(), ddl: "NULL".into(), affinity: Affinity::Other("NullType".into()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(upgrade: &str) -> String {
        format!("\"\"\"add bio\n\nRevision ID: r1\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = 'r1'\ndown_revision = 'r0'\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n{upgrade}\n\n\ndef downgrade():\n    pass\n")
    }

    #[test]
    fn reads_identifiers_message_and_batch_ops() {
        let source = file("    with op.batch_alter_table('users', schema=None) as batch_op:\n        batch_op.add_column(sa.Column('bio', sa.String(length=80), nullable=True))\n        batch_op.alter_column('name', new_column_name='full_name', existing_type=sa.VARCHAR(length=80))");
        let revision = parse_revision(&source).expect("parses");
        assert_eq!((revision.id.as_str(), revision.down_revision.as_deref(), revision.message.as_str()), ("r1", Some("r0"), "add bio"));
        let Op::ModifyTable { table, ops } = &revision.upgrade[0] else { panic!("{:?}", revision.upgrade) };
        assert_eq!(table, "users");
        let TableOp::AddColumn(column) = &ops[0] else { panic!("{ops:?}") };
        assert_eq!((column.ty.ddl.as_str(), column.nullable), ("VARCHAR(80)", true));
        let TableOp::AlterColumn(alter) = &ops[1] else { panic!("{ops:?}") };
        assert_eq!(alter.new_name.as_deref(), Some("full_name"));
        assert!(revision.downgrade.is_empty());
    }

    #[test]
    fn reads_execute_and_direct_ops() {
        let revision = parse_revision(&file("    op.execute(sa.text(\"UPDATE users SET bio = ''\"))\n    op.drop_index(op.f('ix_users_name'), table_name='users')")).expect("parses");
        assert_eq!(revision.upgrade[0], Op::Execute("UPDATE users SET bio = ''".into()));
        let Op::Direct { table, op: TableOp::DropIndex(index) } = &revision.upgrade[1] else { panic!("{:?}", revision.upgrade) };
        assert_eq!((table.as_str(), index.name.text.as_str(), index.name.conv), ("users", "ix_users_name", true));
    }

    #[test]
    fn refuses_what_it_does_not_know_with_a_position() {
        let error = parse_revision(&file("    op.rename_table('a', 'b')")).expect_err("refused");
        assert!(error.message.starts_with(NOT_SUPPORTED), "{}", error.message);
        assert_eq!((error.line, error.column), (15, 5));
        let error = parse_revision(&file("    op.execute(\"x\"")).expect_err("syntax");
        assert!(error.line >= 15, "{error:?}");
    }
}
