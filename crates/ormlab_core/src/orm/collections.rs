//! Collections the unit of work must reconcile at flush: what a loaded collection held when it
//! was loaded (a snapshot per object and relationship) against what it holds now. Removed
//! one-to-many children are orphaned (deleted under `delete-orphan`, else their foreign key is
//! set to NULL); many-to-many changes become INSERT / DELETE on the `secondary` table.

use super::mapper::{Mapper, RelProp};
use super::session::{execute_sql, related_instances, set_column, Status};
use super::sql::{Expr, From, Select, Statement};
use crate::engine::Value as Db;
use crate::python::interp::{Interp, R};
use crate::python::object::Instance;
use crate::python::value::Value;
use crate::schema::model::RelationshipKind;
use std::rc::Rc;

/// Records what the collections of `instance` hold now, as the baseline of the next flush.
pub fn snapshot(interp: &mut Interp<'_>, instance: &Instance) {
    let Some(mapper) = interp.orm.mapper_of(instance) else { return };
    let keys: Vec<String> = interp.orm.mappers[mapper].relationships.iter().filter(|r| r.uselist).map(|r| r.key.clone()).collect();
    let mut taken = Vec::new();
    for key in keys {
        if let Some(value) = instance.get(&key) {
            taken.push((key, related_instances(&value).iter().map(|i| i.id).collect::<Vec<u64>>()));
        }
    }
    if let Some(state) = interp.orm.session.states.get_mut(&instance.id) {
        state.collections = taken;
        state.touched = false;
    }
}

/// How a secondary table links a relationship: (column to the owner, owner column) and
/// (column to the target, target column), plus the table's column order.
pub struct Secondary {
    /// The association table.
    pub table: String,
    /// Secondary column → owner's referenced column.
    pub local: (String, String),
    /// Secondary column → target's referenced column.
    pub remote: (String, String),
    /// Column names of the secondary table, in order.
    pub columns: Vec<String>,
}

/// The secondary linkage of a many-to-many relationship of `owner`.
pub fn secondary(interp: &Interp<'_>, owner: &Mapper, rel: &RelProp) -> Option<Secondary> {
    let name = rel.secondary.as_deref()?;
    let table = interp.orm.schema.table(name)?;
    let target = &interp.orm.mappers[rel.target];
    if owner.table == target.table {
        // Self-referential association tables need primaryjoin/secondaryjoin to tell sides apart.
        return None;
    }
    let side = |to: &str| {
        table.foreign_keys().find(|fk| fk.target_table == to).and_then(|fk| Some((fk.columns.first()?.clone(), fk.target_columns.first()?.clone())))
    };
    Some(Secondary { table: name.to_string(), local: side(&owner.table)?, remote: side(&target.table)?, columns: table.columns.iter().map(|c| c.name.clone()).collect() })
}

/// A mapped object's value of its column `name`, as bound.
fn column_db(owner: &Mapper, instance: &Instance, name: &str) -> Db {
    owner.column_by_name(name).and_then(|c| super::convert::to_db(&instance.get(&c.key).unwrap_or(Value::None), Some(&c.ty)).ok()).unwrap_or(Db::Null)
}

/// The secondary row linking `owner_obj` and `target_obj`, values in table column order.
fn link_row(link: &Secondary, owner: &Mapper, owner_obj: &Instance, target: &Mapper, target_obj: &Instance) -> Vec<Db> {
    link.columns
        .iter()
        .map(|c| {
            if *c == link.local.0 {
                column_db(owner, owner_obj, &link.local.1)
            } else if *c == link.remote.0 {
                column_db(target, target_obj, &link.remote.1)
            } else {
                Db::Null
            }
        })
        .collect()
}

/// Removed one-to-many children become orphans before the flush writes rows: deleted under
/// `delete-orphan`, otherwise detached (foreign key set to NULL).
pub fn orphans(interp: &mut Interp<'_>) {
    // First find the removals without cloning states (this runs before every autoflush).
    let mut removals: Vec<(usize, String, Vec<u64>)> = Vec::new();
    for state in interp.orm.session.states.values().filter(|s| s.status == Status::Persistent && !s.collections.is_empty()) {
        let mapper = &interp.orm.mappers[state.mapper];
        for (key, before) in &state.collections {
            if mapper.relationship(key).is_none_or(|r| r.kind != RelationshipKind::OneToMany) {
                continue;
            }
            // An expired (unloaded) collection changed nothing.
            let Some(value) = state.instance.get(key) else { continue };
            let now: Vec<u64> = related_instances(&value).iter().map(|i| i.id).collect();
            let removed: Vec<u64> = before.iter().filter(|id| !now.contains(id)).copied().collect();
            if !removed.is_empty() {
                removals.push((state.mapper, key.clone(), removed));
            }
        }
    }
    for (mapper_index, key, removed) in removals {
        let mapper = interp.orm.mappers[mapper_index].clone();
        let Some(rel) = mapper.relationship(&key) else { continue };
        let target = interp.orm.mappers[rel.target].clone();
        for id in &removed {
            let Some(child) = interp.orm.session.states.get(id).map(|s| s.instance.clone()) else { continue };
            if rel.delete_orphan {
                if let Some(s) = interp.orm.session.states.get_mut(id) {
                    s.to_delete = true;
                }
            } else {
                for (fk, _) in &rel.pairs {
                    if let Some(column) = target.column_by_name(fk) {
                        set_column(interp, &child, &column.key.clone(), Value::None);
                    }
                }
            }
        }
    }
}

/// Rows for one secondary table: its name, its columns, the rows.
type LinkRows = (String, Vec<String>, Vec<Vec<Db>>);

/// INSERT and DELETE of secondary rows for every many-to-many collection that changed (both
/// directions of a pair of relationships count once), after the objects' own rows exist.
pub fn flush_links(interp: &mut Interp<'_>, cause: &str) -> R<()> {
    let mut inserts: Vec<LinkRows> = Vec::new();
    let mut deletes: Vec<LinkRows> = Vec::new();
    let has_links = |mapper: usize| interp.orm.mappers[mapper].relationships.iter().any(|r| r.kind == RelationshipKind::ManyToMany);
    let states: Vec<_> = interp.orm.session.states.values().filter(|s| !s.to_delete && s.status != Status::Deleted && has_links(s.mapper)).cloned().collect();
    // The link rows read both sides' keys: expired objects are refreshed first, as SQLAlchemy
    // loads them before it writes any link.
    for state in &states {
        let mapper = interp.orm.mappers[state.mapper].clone();
        for rel in mapper.relationships.iter().filter(|r| r.kind == RelationshipKind::ManyToMany) {
            let Some(value) = state.instance.get(&rel.key) else { continue };
            let before: Vec<u64> = state.collections.iter().find(|(k, _)| *k == rel.key).map(|(_, ids)| ids.clone()).unwrap_or_default();
            let target = interp.orm.mappers[rel.target].clone();
            for child in related_instances(&value).iter().filter(|c| !before.contains(&c.id)) {
                let expired = target.columns.iter().all(|c| !child.has(&c.key));
                if expired && interp.orm.state(child).is_some_and(|s| s.status == Status::Persistent) {
                    super::session::refresh(interp, child, "refresh after commit")?;
                }
            }
        }
    }
    for state in &states {
        let mapper = interp.orm.mappers[state.mapper].clone();
        for rel in mapper.relationships.iter().filter(|r| r.kind == RelationshipKind::ManyToMany) {
            let Some(value) = state.instance.get(&rel.key) else { continue };
            let Some(link) = secondary(interp, &mapper, rel) else { continue };
            let target = interp.orm.mappers[rel.target].clone();
            let now = related_instances(&value);
            let before: Vec<u64> = state.collections.iter().find(|(k, _)| *k == rel.key).map(|(_, ids)| ids.clone()).unwrap_or_default();
            let push = |into: &mut Vec<LinkRows>, row: Vec<Db>| {
                match into.iter_mut().find(|(t, _, _)| *t == link.table) {
                    Some((_, _, rows)) if rows.contains(&row) => {}
                    Some((_, _, rows)) => rows.push(row),
                    None => into.push((link.table.clone(), link.columns.clone(), vec![row])),
                }
            };
            for child in now.iter().filter(|c| !before.contains(&c.id)) {
                push(&mut inserts, link_row(&link, &mapper, &state.instance, &target, child));
            }
            for id in before.iter().filter(|id| !now.iter().any(|c| c.id == **id)) {
                let Some(child) = interp.orm.session.states.get(id).map(|s| s.instance.clone()) else { continue };
                push(&mut deletes, link_row(&link, &mapper, &state.instance, &target, &child));
            }
        }
    }
    for (table, columns, mut rows) in deletes {
        rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        let statement = Statement::Delete { table: table.clone(), criteria: columns.iter().map(|c| Expr::binary(Expr::column(&table, c), "=", Expr::Bind(Db::Null))).collect() };
        send_rows(interp, &statement.to_string(), rows, cause)?;
    }
    for (table, columns, mut rows) in inserts {
        rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        let statement = Statement::Insert { table, columns: columns.clone(), values: columns.iter().map(|_| Expr::Bind(Db::Null)).collect(), returning: Vec::new() };
        send_rows(interp, &statement.to_string(), rows, cause)?;
    }
    Ok(())
}

/// One row alone, several as a true executemany.
fn send_rows(interp: &mut Interp<'_>, sql: &str, mut rows: Vec<Vec<Db>>, cause: &str) -> R<()> {
    if rows.len() == 1 {
        execute_sql(interp, sql, rows.remove(0), None, false, cause)?;
    } else if !rows.is_empty() {
        execute_sql(interp, sql, Vec::new(), Some(rows), true, cause)?;
    }
    Ok(())
}

/// The secondary rows of an object being deleted go first: its many-to-many collections are
/// loaded (a lazy load when needed) and their links deleted.
pub fn unlink_deleted(interp: &mut Interp<'_>, instance: &Rc<Instance>, mapper_index: usize, cause: &str) -> R<()> {
    let mapper = interp.orm.mappers[mapper_index].clone();
    for rel in mapper.relationships.iter().filter(|r| r.kind == RelationshipKind::ManyToMany) {
        let Some(link) = secondary(interp, &mapper, rel) else { continue };
        let value = match instance.get(&rel.key) {
            Some(v) => v,
            None => super::session::lazy_load(interp, instance, mapper_index, rel, false)?,
        };
        let target = interp.orm.mappers[rel.target].clone();
        let mut rows: Vec<Vec<Db>> = related_instances(&value).iter().map(|child| link_row(&link, &mapper, instance, &target, child)).collect();
        rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        let statement = Statement::Delete { table: link.table.clone(), criteria: link.columns.iter().map(|c| Expr::binary(Expr::column(&link.table, c), "=", Expr::Bind(Db::Null))).collect() };
        send_rows(interp, &statement.to_string(), rows, cause)?;
        // The other side's loaded collections no longer hold it.
        if let Some(back) = &rel.back {
            for child in related_instances(&value) {
                if let Some(Value::ListMut(items)) = child.get(back) {
                    items.borrow_mut().retain(|v| !matches!(v, Value::Instance(i) if Rc::ptr_eq(i, instance)));
                }
                snapshot(interp, &child);
            }
        }
    }
    Ok(())
}

/// The lazy-load SELECT of a many-to-many collection:
/// `FROM tags, post_tags WHERE ? = post_tags.post_id AND tags.id = post_tags.tag_id`.
pub fn lazy_select(interp: &Interp<'_>, owner: &Mapper, instance: &Instance, rel: &RelProp, key: Option<&[Db]>) -> Option<Select> {
    let link = secondary(interp, owner, rel)?;
    let target = &interp.orm.mappers[rel.target];
    let owner_value = match key {
        Some(k) => owner.pk().iter().position(|c| c.name == link.local.1).and_then(|p| k.get(p).cloned()).unwrap_or_else(|| column_db(owner, instance, &link.local.1)),
        None => column_db(owner, instance, &link.local.1),
    };
    Some(Select {
        columns: super::session::entity_columns(target, &target.table, true),
        from: vec![From::Table(target.table.clone()), From::Table(link.table.clone())],
        criteria: vec![
            Expr::binary(Expr::Bind(owner_value), "=", Expr::column(&link.table, &link.local.0)),
            Expr::binary(Expr::column(&target.table, &link.remote.1), "=", Expr::column(&link.table, &link.remote.0)),
        ],
        order_by: rel.order_by.as_deref().map(|o| super::session::order_by_text(target, o)).unwrap_or_default(),
        ..Select::default()
    })
}
