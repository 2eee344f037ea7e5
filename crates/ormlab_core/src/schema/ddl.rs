//! The statements `db.create_all()` sends to SQLite: for each table in metadata order the
//! `PRAGMA main/temp.table_info` existence checks, then, in dependency order, each
//! `CREATE TABLE` followed by its `CREATE INDEX` statements, in SQLAlchemy's exact text.

use super::build::{ErrorStage, ModelError};
use super::model::{ConstraintKind, Schema, Table};
use super::naming::{always_quote, quote};
use super::sqlite_check;

/// The existence checks create_all runs for `table` (both come back empty on a fresh database).
fn existence_checks(table: &Table) -> [String; 2] {
    let name = always_quote(&table.name);
    [format!("PRAGMA main.table_info({name})"), format!("PRAGMA temp.table_info({name})")]
}

/// Indices of `tables` in SQLAlchemy's create order: `sort_tables_and_constraints`, a layered
/// topological sort that keeps metadata order within each layer; foreign keys inside a cycle
/// are left out of the sort, as SQLAlchemy does.
pub fn create_order(schema: &Schema) -> Vec<usize> {
    let tables = &schema.tables;
    let position = |name: &str| tables.iter().position(|t| t.name == name);
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (child, table) in tables.iter().enumerate() {
        for fk in table.foreign_keys() {
            if let Some(parent) = position(&fk.target_table) {
                if parent != child && !edges.contains(&(parent, child)) {
                    edges.push((parent, child));
                }
            }
        }
    }
    match layered_sort(tables.len(), &edges) {
        Ok(order) => order,
        Err(stuck) => {
            // Drop the dependencies of tables caught in a cycle and sort again.
            edges.retain(|(_, child)| !stuck.contains(child));
            layered_sort(tables.len(), &edges).unwrap_or_else(|_| (0..tables.len()).collect())
        }
    }
}

fn layered_sort(count: usize, edges: &[(usize, usize)]) -> Result<Vec<usize>, Vec<usize>> {
    let mut todo: Vec<usize> = (0..count).collect();
    let mut out = Vec::with_capacity(count);
    while !todo.is_empty() {
        let layer: Vec<usize> =
            todo.iter().copied().filter(|node| !edges.iter().any(|(parent, child)| child == node && todo.contains(parent))).collect();
        if layer.is_empty() {
            return Err(todo);
        }
        todo.retain(|node| !layer.contains(node));
        out.extend(layer);
    }
    Ok(out)
}

/// `CONSTRAINT name ` for a named constraint, nothing for an unnamed one.
fn constraint_prefix(name: Option<&str>) -> String {
    match name {
        Some(name) => format!("CONSTRAINT {} ", quote(name)),
        None => String::new(),
    }
}

/// `CREATE TABLE` text for `table`.
pub fn create_table(table: &Table) -> Result<String, ModelError> {
    if let Some(message) = &table.compile_error {
        return Err(ModelError { kind: "InvalidRequestError".into(), message: message.clone(), line: None, ddl_stage: ErrorStage::BeforeDdl });
    }
    let single_integer_pk = table.primary_key.len() == 1
        && table.column(table.primary_key.first().map(String::as_str).unwrap_or("")).is_some_and(|c| c.sql_type.is_integer())
        && !table.foreign_keys().any(|fk| fk.columns == table.primary_key);
    let inline_autoincrement = table.sqlite_autoincrement && single_integer_pk;
    let mut parts = Vec::new();
    for column in &table.columns {
        let mut spec = format!("{} {}", quote(&column.name), column.sql_type.ddl());
        if let Some(default) = &column.server_default {
            spec.push_str(" DEFAULT ");
            spec.push_str(default);
        }
        if !column.nullable {
            spec.push_str(" NOT NULL");
        }
        if column.primary_key {
            if column.autoincrement == Some(true) && table.primary_key.len() != 1 {
                return Err(ModelError {
                    kind: "CompileError".into(),
                    message: format!(
                        "(in table '{}', column '{}'): SQLite does not support autoincrement for composite primary keys",
                        table.name, column.name
                    ),
                    line: None,
                    ddl_stage: ErrorStage::BeforeDdl,
                });
            }
            if inline_autoincrement {
                spec.push_str(" PRIMARY KEY AUTOINCREMENT");
            }
        }
        for check in &column.checks {
            spec.push(' ');
            spec.push_str(&constraint_prefix(check.name.as_deref()));
            spec.push_str(&format!("CHECK ({})", check.sql));
        }
        parts.push(spec);
    }
    if !table.primary_key.is_empty() && !inline_autoincrement {
        let columns: Vec<String> = table.primary_key.iter().map(|c| quote(c)).collect();
        parts.push(format!("{}PRIMARY KEY ({})", constraint_prefix(table.primary_key_name.as_deref()), columns.join(", ")));
    }
    let mut constraints: Vec<_> = table.constraints.iter().collect();
    constraints.sort_by_key(|c| c.order);
    for constraint in constraints {
        let mut text = constraint_prefix(constraint.name.as_deref());
        match &constraint.kind {
            ConstraintKind::Unique(columns) => {
                let columns: Vec<String> = columns.iter().map(|c| quote(c)).collect();
                text.push_str(&format!("UNIQUE ({})", columns.join(", ")));
            }
            ConstraintKind::Check(sql) => text.push_str(&format!("CHECK ({sql})")),
            ConstraintKind::ForeignKey(fk) => {
                let local: Vec<String> = fk.columns.iter().map(|c| quote(c)).collect();
                let remote: Vec<String> = fk.target_columns.iter().map(|c| quote(c)).collect();
                text.push_str(&format!("FOREIGN KEY({}) REFERENCES {} ({})", local.join(", "), quote(&fk.target_table), remote.join(", ")));
                if let Some(action) = &fk.ondelete {
                    text.push_str(&format!(" ON DELETE {action}"));
                }
                if let Some(action) = &fk.onupdate {
                    text.push_str(&format!(" ON UPDATE {action}"));
                }
                match fk.deferrable {
                    Some(true) => text.push_str(" DEFERRABLE"),
                    Some(false) => text.push_str(" NOT DEFERRABLE"),
                    None => {}
                }
                if let Some(initially) = &fk.initially {
                    text.push_str(&format!(" INITIALLY {initially}"));
                }
            }
        }
        parts.push(text);
    }
    Ok(format!("\nCREATE TABLE {} (\n\t{}\n)\n\n", quote(&table.name), parts.join(", \n\t")))
}

/// The `CREATE INDEX` statements of `table`, sorted by text (SQLAlchemy emits them in set
/// order, which varies from run to run; the goldens store them sorted).
pub fn create_indexes(table: &Table) -> Vec<String> {
    let mut statements: Vec<String> = table
        .indexes
        .iter()
        .map(|index| {
            let columns: Vec<String> = index
                .columns
                .iter()
                .enumerate()
                .map(|(at, c)| if index.expressions.get(at).copied().unwrap_or(false) { c.clone() } else { quote(c) })
                .collect();
            let unique = if index.unique { "UNIQUE " } else { "" };
            let condition = index.where_sql.as_ref().map(|sql| format!(" WHERE {sql}")).unwrap_or_default();
            format!("CREATE {unique}INDEX {} ON {} ({}){condition}", quote(&index.name), quote(&table.name), columns.join(", "))
        })
        .collect();
    statements.sort();
    statements
}

/// Every statement create_all sends for `schema`, stopping where `error` (if any) is raised.
pub fn create_all(schema: &Schema, error: Option<&ModelError>) -> (Vec<String>, Option<ModelError>) {
    let mut ddl = Vec::new();
    if matches!(error, Some(ModelError { ddl_stage: ErrorStage::BeforeDdl, .. })) {
        return (ddl, error.cloned());
    }
    for table in schema.tables.iter().filter(|t| !t.outside_db_metadata) {
        ddl.extend(existence_checks(table));
    }
    if matches!(error, Some(ModelError { ddl_stage: ErrorStage::SortingTables, .. })) {
        return (ddl, error.cloned());
    }
    for index in create_order(schema) {
        if let Some(failing @ ModelError { ddl_stage: ErrorStage::CreatingTable(at), .. }) = error {
            if *at == index {
                return (ddl, Some(failing.clone()));
            }
        }
        let Some(table) = schema.tables.get(index).filter(|t| !t.outside_db_metadata) else { continue };
        let statements = match create_table(table) {
            Ok(statement) => std::iter::once(statement).chain(create_indexes(table)),
            Err(compile_error) => return (ddl, Some(compile_error)),
        };
        for statement in statements {
            // The statement is sent either way; SQLite's refusal stops create_all.
            let refusal = sqlite_check::refusal(&statement);
            ddl.push(statement);
            if let Some(message) = refusal {
                let error = ModelError { kind: "OperationalError".into(), message: format!("(sqlite3.OperationalError) {message}"), line: None, ddl_stage: ErrorStage::BeforeDdl };
                return (ddl, Some(error));
            }
        }
    }
    (ddl, error.cloned())
}
