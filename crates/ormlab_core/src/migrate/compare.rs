//! Autogenerate: the reflected database against the models, producing Alembic's operations
//! in Alembic's order (`alembic/autogenerate/compare/*`): new tables in `sorted_tables`
//! order, removed tables, then each existing table by name with added columns, altered
//! columns, index and unique changes, foreign key changes and finally removed columns.

use super::mtype::{self, types_differ, MType};
use super::ops::{AlterColumn, CheckDef, ColumnDef, ForeignKeyDef, IndexDef, Name, Op, ServerDefault, TableDef, TableOp, UniqueDef};
use super::pyset::set_difference_order;
use super::reflect::{looks_like_bare_expression, DbColumn, DbTable};
use crate::schema::model::{Column, ConstraintKind, Schema, Table};

/// The type SQLAlchemy uses when it knows none.
fn null_type() -> MType {
    MType { render: "sa.NullType()".into(), ddl: "NULL".into(), affinity: mtype::Affinity::Other("NullType".into()) }
}

/// A model column's server default in the form the rendered migration carries it.
fn model_server_default(column: &Column) -> Option<ServerDefault> {
    let body = column.server_default.as_ref()?;
    // A plain string default compiles to a single quoted literal; anything else came from
    // text() or a SQL function. (text("'x'") cannot be told apart and is treated as a string.)
    if let Some(inner) = body.strip_prefix('\'').and_then(|b| b.strip_suffix('\'')) {
        if !inner.replace("''", "").contains('\'') {
            return Some(ServerDefault::Literal(inner.replace("''", "'")));
        }
    }
    // Alembic renders SQL defaults through the SQLite impl, which parenthesises expressions.
    Some(ServerDefault::Sql(if looks_like_bare_expression(body) { format!("({body})") } else { body.clone() }))
}

/// The column as `sa.Column(...)` in a migration built from the models.
pub fn model_column(column: &Column) -> ColumnDef {
    ColumnDef {
        name: column.name.clone(),
        ty: mtype::from_model(&column.sql_type),
        nullable: column.nullable,
        server_default: model_server_default(column),
        autoincrement: column.autoincrement,
        primary_key: column.primary_key,
    }
}

/// The column as reflection gives it.
pub fn db_column(table: &DbTable, column: &DbColumn) -> ColumnDef {
    ColumnDef {
        name: column.name.clone(),
        ty: column.ty.clone().unwrap_or_else(null_type),
        nullable: column.nullable,
        server_default: column.default.clone().map(ServerDefault::Sql),
        autoincrement: None,
        primary_key: table.primary_key.contains(&column.name),
    }
}

/// A model index's name: `index=True` names come from the naming convention (`conv`).
fn model_index_name(table: &Table, name: &str, columns: &[String]) -> Name {
    let from_convention = match columns {
        [only] => table.column(only).is_some_and(|c| c.index) && name == format!("ix_{}_{}", table.name, only),
        _ => false,
    };
    Name { text: name.to_string(), conv: from_convention }
}

/// The table as `op.create_table(...)` builds it from the models.
pub fn model_table(table: &Table) -> TableDef {
    let mut def = TableDef {
        name: table.name.clone(),
        columns: table.columns.iter().map(model_column).collect(),
        primary_key: table.primary_key.clone(),
        autoincrement: table.sqlite_autoincrement,
        ..TableDef::default()
    };
    let mut constraints: Vec<_> = table.constraints.iter().collect();
    constraints.sort_by_key(|c| c.order);
    for constraint in constraints {
        let name = constraint.name.as_deref().map(Name::plain);
        match &constraint.kind {
            ConstraintKind::Unique(columns) => def.uniques.push(UniqueDef { name, columns: columns.clone() }),
            ConstraintKind::Check(sql) => def.checks.push(CheckDef { name, sqltext: sql.clone() }),
            ConstraintKind::ForeignKey(fk) => def.foreign_keys.push(ForeignKeyDef {
                name: fk.name.as_deref().or(constraint.name.as_deref()).map(Name::plain),
                columns: fk.columns.clone(),
                target_table: fk.target_table.clone(),
                target_columns: fk.target_columns.clone(),
                ondelete: fk.ondelete.clone(),
                onupdate: fk.onupdate.clone(),
            }),
        }
    }
    def
}

/// The table as reflection gives it (names read back from the database are final: `conv`).
pub fn db_table(table: &DbTable) -> TableDef {
    TableDef {
        name: table.name.clone(),
        columns: table.columns.iter().map(|c| db_column(table, c)).collect(),
        primary_key: table.primary_key.clone(),
        foreign_keys: table
            .foreign_keys
            .iter()
            .map(|fk| ForeignKeyDef {
                name: fk.name.as_deref().map(Name::conv),
                columns: fk.columns.clone(),
                target_table: fk.target_table.clone(),
                target_columns: fk.target_columns.clone(),
                ondelete: fk.ondelete.clone(),
                onupdate: fk.onupdate.clone(),
            })
            .collect(),
        uniques: table.uniques.iter().map(|u| UniqueDef { name: u.name.as_deref().map(Name::conv), columns: u.columns.clone() }).collect(),
        checks: table.checks.iter().map(|c| CheckDef { name: c.name.as_deref().map(Name::conv), sqltext: c.sqltext.clone() }).collect(),
        autoincrement: table.autoincrement,
    }
}

/// `MetaData.sorted_tables`: tables sorted by name, then a layered topological sort on
/// foreign keys (dependencies first, name order within a layer).
fn sorted_tables(schema: &Schema) -> Vec<&Table> {
    let mut tables: Vec<&Table> = schema.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    let depends = |child: &Table, parent: &Table| child.name != parent.name && child.foreign_keys().any(|fk| fk.target_table == parent.name);
    let mut todo: Vec<&Table> = tables.clone();
    let mut out = Vec::new();
    while !todo.is_empty() {
        let layer: Vec<&Table> = todo.iter().copied().filter(|t| !todo.iter().any(|p| depends(t, p))).collect();
        // A cycle: SQLAlchemy breaks it; keep the remaining tables in name order.
        let layer = if layer.is_empty() { todo.clone() } else { layer };
        todo.retain(|t| !layer.iter().any(|l| l.name == t.name));
        out.extend(layer);
    }
    out
}

/// The operations autogenerate produces for `db` (reflected) → `models`.
pub fn autogenerate(db: &[DbTable], models: &Schema) -> Vec<Op> {
    let mut ops = Vec::new();
    let in_db = |name: &str| db.iter().any(|t| t.name == name);
    for table in sorted_tables(models) {
        if in_db(&table.name) {
            continue;
        }
        ops.push(Op::CreateTable(model_table(table)));
        let mut indexes: Vec<IndexDef> = table
            .indexes
            .iter()
            .map(|i| IndexDef { name: model_index_name(table, &i.name, &i.columns), columns: i.columns.clone(), unique: i.unique })
            .collect();
        indexes.sort_by(|a, b| a.name.text.cmp(&b.name.text));
        if !indexes.is_empty() {
            ops.push(Op::ModifyTable { table: table.name.clone(), ops: indexes.into_iter().map(TableOp::CreateIndex).collect() });
        }
    }
    // Alembic iterates a set here, whose order varies between runs; name order is used.
    for table in db.iter().filter(|t| models.table(&t.name).is_none()) {
        let drops: Vec<TableOp> = table
            .indexes
            .iter()
            .map(|i| TableOp::DropIndex(IndexDef { name: Name::conv(&i.name), columns: i.columns.clone(), unique: i.unique }))
            .collect();
        if !drops.is_empty() {
            ops.push(Op::ModifyTable { table: table.name.clone(), ops: drops });
        }
        ops.push(Op::DropTable(db_table(table)));
    }
    for table in db {
        let Some(model) = models.table(&table.name) else { continue };
        let table_ops = compare_table(table, model);
        if !table_ops.is_empty() {
            ops.push(Op::ModifyTable { table: table.name.clone(), ops: table_ops });
        }
    }
    ops
}

fn compare_table(db: &DbTable, model: &Table) -> Vec<TableOp> {
    let mut ops = Vec::new();
    for column in &model.columns {
        if db.column(&column.name).is_none() {
            ops.push(TableOp::AddColumn(model_column(column)));
        }
    }
    for column in &model.columns {
        let Some(existing) = db.column(&column.name) else { continue };
        if let Some(alter) = compare_column(model, existing, column) {
            ops.push(TableOp::AlterColumn(alter));
        }
    }
    compare_indexes_and_uniques(db, model, &mut ops);
    compare_foreign_keys(db, model, &mut ops);
    let db_names: Vec<String> = db.columns.iter().map(|c| c.name.clone()).collect();
    let model_names: Vec<String> = model.columns.iter().map(|c| c.name.clone()).collect();
    for name in set_difference_order(&db_names, &model_names) {
        if let Some(column) = db.column(&name) {
            ops.push(TableOp::DropColumn(db_column(db, column)));
        }
    }
    ops
}

/// True for the column SQLAlchemy picks as the table's autoincrement column.
fn is_autoincrement_column(table: &Table, column: &Column) -> bool {
    table.primary_key.len() == 1
        && column.primary_key
        && column.sql_type.is_integer()
        && column.autoincrement != Some(false)
        && !table.foreign_keys().any(|fk| fk.columns.contains(&column.name))
}

fn compare_column(table: &Table, existing: &DbColumn, column: &Column) -> Option<AlterColumn> {
    let model_type = mtype::from_model(&column.sql_type);
    let model_is_null = column.sql_type.ddl() == "NULL";
    let modify_type = match &existing.ty {
        Some(db_type) if !model_is_null && types_differ(db_type, &model_type) => Some(model_type),
        _ => None,
    };
    let modify_nullable = (existing.nullable != column.nullable).then_some(column.nullable);
    if modify_type.is_none() && modify_nullable.is_none() {
        return None;
    }
    let has_default = existing.default.is_some() || column.server_default.is_some();
    let autoincrement = if is_autoincrement_column(table, column) { Some(true) } else { column.autoincrement };
    Some(AlterColumn {
        column: column.name.clone(),
        existing_type: Some(existing.ty.clone().unwrap_or_else(null_type)),
        modify_type,
        existing_nullable: Some(existing.nullable),
        modify_nullable,
        existing_server_default: if has_default { existing.default.clone().map(ServerDefault::Sql) } else { None },
        autoincrement,
        new_name: None,
    })
}

/// One side of Alembic's index/unique comparison.
#[derive(Clone)]
enum Sig {
    Index(IndexDef),
    Unique(UniqueDef),
}

fn compare_indexes_and_uniques(db: &DbTable, model: &Table, ops: &mut Vec<TableOp>) {
    let mut metadata: Vec<(String, Sig)> = Vec::new();
    let mut unnamed_model_uniques: Vec<UniqueDef> = Vec::new();
    let mut model_uniques: Vec<UniqueDef> = Vec::new();
    for constraint in &model.constraints {
        if let ConstraintKind::Unique(columns) = &constraint.kind {
            let def = UniqueDef { name: constraint.name.as_deref().map(Name::plain), columns: columns.clone() };
            model_uniques.push(def.clone());
            match &constraint.name {
                Some(name) => metadata.push((name.clone(), Sig::Unique(def))),
                None => unnamed_model_uniques.push(def),
            }
        }
    }
    for index in &model.indexes {
        let def = IndexDef { name: model_index_name(model, &index.name, &index.columns), columns: index.columns.clone(), unique: index.unique };
        metadata.push((index.name.clone(), Sig::Index(def)));
    }
    let mut conn: Vec<(String, Sig)> = Vec::new();
    for unique in &db.uniques {
        if let Some(name) = &unique.name {
            conn.push((name.clone(), Sig::Unique(UniqueDef { name: Some(Name::conv(name)), columns: unique.columns.clone() })));
        }
    }
    for index in &db.indexes {
        conn.push((index.name.clone(), Sig::Index(IndexDef { name: Name::conv(&index.name), columns: index.columns.clone(), unique: index.unique })));
    }
    let find = |list: &[(String, Sig)], name: &str| list.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone());
    let removed = |sig: Sig, ops: &mut Vec<TableOp>| match sig {
        Sig::Index(i) => ops.push(TableOp::DropIndex(i)),
        Sig::Unique(u) => ops.push(TableOp::DropUnique(u)),
    };
    let added = |sig: Sig, ops: &mut Vec<TableOp>| match sig {
        Sig::Index(i) => ops.push(TableOp::CreateIndex(i)),
        Sig::Unique(u) => ops.push(TableOp::AddUnique(u)),
    };
    let mut conn_names: Vec<&String> = conn.iter().map(|(n, _)| n).collect();
    conn_names.sort();
    conn_names.dedup();
    let mut meta_names: Vec<&String> = metadata.iter().map(|(n, _)| n).collect();
    meta_names.sort();
    meta_names.dedup();
    for name in &conn_names {
        if meta_names.contains(name) {
            continue;
        }
        let Some(sig) = find(&conn, name) else { continue };
        // A named unique in the database matching an unnamed one in the models is kept.
        if let Sig::Unique(u) = &sig {
            if unnamed_model_uniques.iter().any(|m| m.columns == u.columns) {
                continue;
            }
        }
        removed(sig, ops);
    }
    for name in &meta_names {
        if !conn_names.contains(name) {
            continue;
        }
        let (Some(meta), Some(existing)) = (find(&metadata, name), find(&conn, name)) else { continue };
        let same = match (&meta, &existing) {
            (Sig::Index(m), Sig::Index(c)) => m.columns == c.columns && m.unique == c.unique,
            (Sig::Unique(m), Sig::Unique(c)) => m.columns == c.columns,
            _ => false,
        };
        if !same {
            removed(existing, ops);
            added(meta, ops);
        }
    }
    for name in &meta_names {
        if conn_names.contains(name) {
            continue;
        }
        if let Some(sig) = find(&metadata, name) {
            added(sig, ops);
        }
    }
    for unique in unnamed_model_uniques {
        if !db.uniques.iter().any(|u| u.columns == unique.columns) {
            ops.push(TableOp::AddUnique(unique));
        }
    }
}

/// The signature Alembic compares foreign keys by (names ignored: SQLite may lose them).
fn fk_sig(fk: &ForeignKeyDef) -> (Vec<String>, String, Vec<String>, String, String) {
    let norm = |a: &Option<String>| a.as_deref().unwrap_or("").to_uppercase();
    (fk.columns.clone(), fk.target_table.clone(), fk.target_columns.clone(), norm(&fk.ondelete), norm(&fk.onupdate))
}

fn compare_foreign_keys(db: &DbTable, model: &Table, ops: &mut Vec<TableOp>) {
    let conn = db_table(db).foreign_keys;
    let metadata = model_table(model).foreign_keys;
    for fk in &conn {
        if !metadata.iter().any(|m| fk_sig(m) == fk_sig(fk)) {
            ops.push(TableOp::DropForeignKey(fk.clone()));
        }
    }
    for fk in &metadata {
        if !conn.iter().any(|c| fk_sig(c) == fk_sig(fk)) {
            ops.push(TableOp::AddForeignKey(fk.clone()));
        }
    }
}
