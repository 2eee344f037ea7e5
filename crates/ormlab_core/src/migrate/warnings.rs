//! Warnings Alembic does not give: how much data a drop destroys, and drop + add pairs of
//! the same type in one table that are probably renames (with the edit that keeps the data).

use super::compare::db_column;
use super::mtype::types_differ;
use super::ops::{Op, TableOp};
use crate::python::interp::repr::str_repr;
use super::reflect::DbTable;
use crate::api::MigrateWarning;
use crate::engine::{Engine, Value};
use crate::schema::naming::quote;

fn count(engine: &mut dyn Engine, sql: &str) -> u64 {
    match engine.execute(sql, &[]).ok().and_then(|r| r.rows.into_iter().next()).and_then(|row| row.into_iter().next()) {
        Some(Value::Integer(n)) => u64::try_from(n).unwrap_or(0),
        _ => 0,
    }
}

/// The warnings for an upgrade, counted on the database before it runs.
pub fn warnings(engine: &mut dyn Engine, db: &[DbTable], upgrade: &[Op]) -> Vec<MigrateWarning> {
    let mut out = Vec::new();
    for op in upgrade {
        match op {
            Op::DropTable(table) => {
                let rows = count(engine, &format!("SELECT count(*) FROM {}", quote(&table.name)));
                out.push(MigrateWarning {
                    kind: "drop_table".into(),
                    table: table.name.clone(),
                    column: None,
                    new_column: None,
                    destroys: rows,
                    message: format!("op.drop_table({}) deletes the table and its {rows} row(s)", str_repr(&table.name)),
                    suggestion: None,
                });
            }
            Op::ModifyTable { table, ops } => {
                out.extend(ops.iter().filter_map(|table_op| drop_column(engine, table, table_op)));
                out.extend(renames(db, table, ops));
            }
            Op::Direct { table, op } => out.extend(drop_column(engine, table, op)),
            Op::CreateTable(_) | Op::Execute(_) => {}
        }
    }
    out
}

fn drop_column(engine: &mut dyn Engine, table: &str, op: &TableOp) -> Option<MigrateWarning> {
    let TableOp::DropColumn(column) = op else { return None };
    let values = count(engine, &format!("SELECT count({}) FROM {}", quote(&column.name), quote(table)));
    Some(MigrateWarning {
        kind: "drop_column".into(),
        table: table.to_string(),
        column: Some(column.name.clone()),
        new_column: None,
        destroys: values,
        message: format!("drop_column({}) on {} destroys {values} non-NULL value(s)", str_repr(&column.name), str_repr(table)),
        suggestion: None,
    })
}

/// An added and a dropped column of the same type in one batch: probably a rename.
fn renames(db: &[DbTable], table: &str, ops: &[TableOp]) -> Vec<MigrateWarning> {
    let mut out = Vec::new();
    let reflected = db.iter().find(|t| t.name == table);
    for added in ops.iter().filter_map(|op| if let TableOp::AddColumn(c) = op { Some(c) } else { None }) {
        for dropped in ops.iter().filter_map(|op| if let TableOp::DropColumn(c) = op { Some(c) } else { None }) {
            let dropped_type = reflected.and_then(|t| t.column(&dropped.name)).map(|c| db_column(reflected.unwrap_or(&DbTable::default()), c).ty);
            let same_type = dropped_type.as_ref().is_some_and(|t| !types_differ(t, &added.ty));
            if !same_type {
                continue;
            }
            let mut edit = format!(
                "batch_op.alter_column({}, new_column_name={}, existing_type={}",
                str_repr(&dropped.name),
                str_repr(&added.name),
                dropped.ty.render
            );
            if dropped.nullable != added.nullable {
                edit.push_str(&format!(", nullable={}", if added.nullable { "True" } else { "False" }));
            } else {
                edit.push_str(&format!(", existing_nullable={}", if added.nullable { "True" } else { "False" }));
            }
            edit.push(')');
            out.push(MigrateWarning {
                kind: "possible_rename".into(),
                table: table.to_string(),
                column: Some(dropped.name.clone()),
                new_column: Some(added.name.clone()),
                destroys: 0,
                message: format!(
                    "{} is dropped and {} added with the same type in {}: if this is a rename, replace the add_column/drop_column pair with the alter_column below to keep the data",
                    str_repr(&dropped.name),
                    str_repr(&added.name),
                    str_repr(table)
                ),
                suggestion: Some(edit),
            });
        }
    }
    out
}

/// The hand edit of a `possible_rename` warning applied to a revision file: in `upgrade()`
/// the add_column/drop_column pair becomes the warning's `alter_column`, in `downgrade()` the
/// reverse pair becomes the reverse rename. `None` when the file no longer has the pair.
pub fn apply_rename(file: &str, warning: &MigrateWarning) -> Option<String> {
    let (old, new, edit) = (warning.column.as_deref()?, warning.new_column.as_deref()?, warning.suggestion.as_deref()?);
    let split = file.find("\ndef downgrade(")?;
    let (upgrade, downgrade) = file.split_at(split);
    let upgrade = replace_pair(upgrade, new, old, edit)?;
    // The downgrade adds the old column back with its reflected type and nullability.
    let added = downgrade.lines().find(|l| l.trim_start().starts_with(&format!("batch_op.add_column(sa.Column({}, ", str_repr(old))))?;
    let old_nullable = if added.contains("nullable=False") { "False" } else { "True" };
    let existing = edit.split("existing_type=").nth(1)?.split(", nullable=").next()?.split(", existing_nullable=").next()?;
    let reverse = format!("batch_op.alter_column({}, new_column_name={}, existing_type={existing}, nullable={old_nullable})", str_repr(new), str_repr(old));
    let downgrade = replace_pair(downgrade, old, new, &reverse)?;
    Some(format!("{upgrade}{downgrade}"))
}

/// Drops the `add_column(added)` line and puts `edit` in place of `drop_column(dropped)`.
fn replace_pair(text: &str, added: &str, dropped: &str, edit: &str) -> Option<String> {
    let add = format!("batch_op.add_column(sa.Column({}, ", str_repr(added));
    let drop = format!("batch_op.drop_column({})", str_repr(dropped));
    let mut found = (false, false);
    let mut out = Vec::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !found.0 && trimmed.starts_with(&add) {
            found.0 = true;
            continue;
        }
        if !found.1 && trimmed.trim_end() == drop {
            found.1 = true;
            let indent = &line[..line.len() - trimmed.len()];
            out.push(format!("{indent}{edit}\n"));
            continue;
        }
        out.push(line.to_string());
    }
    (found.0 && found.1).then(|| out.concat())
}
