//! Explicit joins (`join`/`outerjoin` with an ON clause, a target class or a relationship)
//! and the correlated EXISTS of `any()` / `has()`, with SQLAlchemy's join conditions:
//! the referenced column first (`users.id = posts.user_id`), an association table aliased
//! `post_tags_1` inside a join and plain inside EXISTS.

use super::mapper::{Mapper, RelProp};
use super::sql::{Expr, From, Select, SelectColumn};
use super::value::QueryState;
use crate::python::interp::{Interp, R};
use crate::python::object::Instance;
use crate::python::value::Value;
use std::rc::Rc;
use crate::schema::model::RelationshipKind;

/// One JOIN step: the table (possibly `t AS alias`) and its ON clause.
pub struct Step {
    /// Rendered FROM item name.
    pub table: String,
    /// ON clause.
    pub on: Expr,
}

fn and_all(mut items: Vec<Expr>) -> Expr {
    if items.len() == 1 {
        items.remove(0)
    } else {
        Expr::And(items)
    }
}

/// `(secondary column, owner column)` pairs of the association table's FK to `table`.
fn secondary_pairs(interp: &Interp<'_>, secondary: &str, table: &str) -> Vec<(String, String)> {
    interp
        .orm
        .schema
        .table(secondary)
        .and_then(|t| t.foreign_keys().find(|fk| fk.target_table == table))
        .map(|fk| fk.columns.iter().cloned().zip(fk.target_columns.iter().cloned()).collect())
        .unwrap_or_default()
}

/// The join condition of a one-to-many / many-to-one relationship between `owner` and
/// `target` tables (SQLAlchemy writes the referenced column first).
fn direct_condition(owner: &Mapper, target: &Mapper, rel: &RelProp) -> Expr {
    let items = rel
        .pairs
        .iter()
        .map(|(a, b)| match rel.kind {
            // (local fk, remote referenced)
            RelationshipKind::ManyToOne | RelationshipKind::OneToOne => Expr::binary(Expr::column(&target.table, b), "=", Expr::column(&owner.table, a)),
            // (remote fk, local referenced)
            _ => Expr::binary(Expr::column(&owner.table, b), "=", Expr::column(&target.table, a)),
        })
        .collect();
    and_all(items)
}

/// The JOIN steps that follow relationship `key` of mapper `owner`.
pub fn relationship_steps(interp: &Interp<'_>, owner: usize, key: &str) -> R<Vec<Step>> {
    let m = interp.orm.mappers[owner].clone();
    let Some(rel) = m.relationship(key).cloned() else { return interp.unsupported("joining along this attribute") };
    let target = interp.orm.mappers[rel.target].clone();
    if target.table == m.table {
        return interp.unsupported("self-referential joins (aliased())");
    }
    match (&rel.kind, &rel.secondary) {
        (RelationshipKind::ManyToMany, Some(secondary)) => {
            let alias = format!("{secondary}_1");
            let left = secondary_pairs(interp, secondary, &m.table);
            let right = secondary_pairs(interp, secondary, &target.table);
            if left.is_empty() || right.is_empty() {
                return interp.unsupported("joining along this many-to-many relationship");
            }
            let first = and_all(left.iter().map(|(s, o)| Expr::binary(Expr::column(&m.table, o), "=", Expr::column(&alias, s))).collect());
            let second = and_all(right.iter().map(|(s, t)| Expr::binary(Expr::column(&target.table, t), "=", Expr::column(&alias, s))).collect());
            Ok(vec![Step { table: format!("{secondary} AS {alias}"), on: first }, Step { table: target.table.clone(), on: second }])
        }
        (RelationshipKind::ManyToMany, None) => interp.unsupported("joining along this many-to-many relationship"),
        _ if rel.pairs.is_empty() => interp.unsupported("joining along this relationship"),
        _ => Ok(vec![Step { table: target.table.clone(), on: direct_condition(&m, &target, &rel) }]),
    }
}

/// The FK condition between `target` and any table already in the query (`join(Target)`
/// without an ON clause).
fn foreign_key_condition(interp: &Interp<'_>, state: &QueryState, target: &str) -> Option<Expr> {
    let schema = &interp.orm.schema;
    let mut tables: Vec<String> = state.select_from.clone();
    for from in &super::query::to_select(interp, state).from {
        from_names(from, &mut tables);
    }
    for left in &tables {
        if left == target {
            continue;
        }
        if let Some(fk) = schema.table(target).and_then(|t| t.foreign_keys().find(|fk| &fk.target_table == left)) {
            let items = fk.columns.iter().zip(&fk.target_columns).map(|(c, r)| Expr::binary(Expr::column(left, r), "=", Expr::column(target, c))).collect();
            return Some(and_all(items));
        }
        if let Some(fk) = schema.table(left).and_then(|t| t.foreign_keys().find(|fk| fk.target_table == target)) {
            let items = fk.columns.iter().zip(&fk.target_columns).map(|(c, r)| Expr::binary(Expr::column(target, r), "=", Expr::column(left, c))).collect();
            return Some(and_all(items));
        }
    }
    None
}

/// The table names a FROM item holds (aliases of association tables are skipped).
fn from_names(from: &From, out: &mut Vec<String>) {
    match from {
        From::Table(name) if !name.contains(' ') && !out.contains(name) => out.push(name.clone()),
        From::Join { left, right, .. } => {
            from_names(left, out);
            from_names(right, out);
        }
        _ => {}
    }
}

/// Adds a join to a target table with an optional explicit ON clause.
pub fn join_table(interp: &Interp<'_>, state: &mut QueryState, target: usize, on: Option<Expr>, outer: bool) -> R<()> {
    let table = interp.orm.mappers[target].table.clone();
    let on = match on {
        Some(on) => on,
        None => match foreign_key_condition(interp, state, &table) {
            Some(on) => on,
            None => {
                return interp.err(
                    "InvalidRequestError",
                    format!("Don't know how to join to <Mapper at 0x7f0000000000; {}>. Please use the .select_from() method to establish an explicit left side, as well as providing an explicit ON clause if not present already to help resolve the ambiguity.", interp.orm.mappers[target].name()),
                )
            }
        },
    };
    state.joins.push((table, on, outer));
    Ok(())
}

/// Adds the steps of a relationship join.
pub fn join_relationship(interp: &Interp<'_>, state: &mut QueryState, owner: usize, key: &str, outer: bool) -> R<()> {
    for step in relationship_steps(interp, owner, key)? {
        state.joins.push((step.table, step.on, outer));
    }
    Ok(())
}

/// `Model.rel.any(criteria)` / `Model.rel.has(criteria)`: `EXISTS (SELECT 1 FROM target
/// WHERE <join condition> AND criteria)`, correlated to the enclosing query.
pub fn exists(interp: &Interp<'_>, owner: usize, key: &str, criteria: Vec<Expr>) -> R<Expr> {
    let m = interp.orm.mappers[owner].clone();
    let Some(rel) = m.relationship(key).cloned() else { return interp.unsupported("any()/has() on this attribute") };
    let target = interp.orm.mappers[rel.target].clone();
    if target.table == m.table {
        return interp.unsupported("any()/has() on a self-referential relationship");
    }
    let (from, mut where_) = match (&rel.kind, &rel.secondary) {
        (RelationshipKind::ManyToMany, Some(secondary)) => {
            let left = secondary_pairs(interp, secondary, &m.table);
            let right = secondary_pairs(interp, secondary, &target.table);
            let mut items: Vec<Expr> = left.iter().map(|(s, o)| Expr::binary(Expr::column(&m.table, o), "=", Expr::column(secondary, s))).collect();
            items.extend(right.iter().map(|(s, t)| Expr::binary(Expr::column(&target.table, t), "=", Expr::column(secondary, s))));
            (vec![From::Table(target.table.clone()), From::Table(secondary.clone())], items)
        }
        _ if rel.pairs.is_empty() => return interp.unsupported("any()/has() on this relationship"),
        _ => (vec![From::Table(target.table.clone())], vec![direct_condition(&m, &target, &rel)]),
    };
    where_.extend(criteria);
    Ok(Expr::Exists(Box::new(Select { columns: vec![SelectColumn { expr: Expr::Literal("1".into()), label: None }], from, criteria: vec![and_all(where_)], ..Select::default() })))
}

/// The target mapper of relationship `key` of `owner`.
pub fn target_of(interp: &Interp<'_>, owner: usize, key: &str) -> Option<usize> {
    interp.orm.mappers[owner].relationship(key).map(|r| r.target)
}

/// `Model.rel.contains(obj)`, with its negation when SQLAlchemy writes one of its own: a
/// one-to-many compares the owner's key with the child's foreign key (`user.id = ?`); a
/// many-to-many goes through the association table aliased `post_tags_1`, and negated is a
/// NOT EXISTS over the plain table. The object's values are read as attributes (an expired
/// object refreshes).
pub fn contains(interp: &mut Interp<'_>, owner: usize, key: &str, other: &Rc<Instance>) -> R<(Expr, Option<Expr>)> {
    let m = interp.orm.mappers[owner].clone();
    let Some(rel) = m.relationship(key).cloned() else { return interp.unsupported("contains() on this attribute") };
    let target = interp.orm.mappers[rel.target].clone();
    let read = |interp: &mut Interp<'_>, mapper: &Mapper, column: &str| -> R<Expr> {
        let Some(c) = mapper.column_by_name(column) else { return interp.unsupported("contains() on this relationship") };
        let value = interp.get_attr(&Value::Instance(other.clone()), &c.key.clone())?;
        Ok(Expr::Bind(super::convert::to_db(&value, Some(&c.ty)).unwrap_or(crate::engine::Value::Null)))
    };
    match (&rel.kind, &rel.secondary) {
        (RelationshipKind::OneToMany, None) if target.table != m.table && !rel.pairs.is_empty() => {
            let mut items = Vec::new();
            for (fk, local) in &rel.pairs {
                items.push(Expr::binary(Expr::column(&m.table, local), "=", read(interp, &target, fk)?));
            }
            Ok((and_all(items), None))
        }
        (RelationshipKind::ManyToMany, Some(secondary)) if target.table != m.table => {
            let alias = format!("{secondary}_1");
            let left = secondary_pairs(interp, secondary, &m.table);
            let right = secondary_pairs(interp, secondary, &target.table);
            let mut items: Vec<Expr> = left.iter().map(|(s, o)| Expr::binary(Expr::column(&m.table, o), "=", Expr::column(&alias, s))).collect();
            let mut own = Vec::new();
            for (s, t) in &right {
                let bound = read(interp, &target, t)?;
                items.push(Expr::binary(bound.clone(), "=", Expr::column(&alias, s)));
                own.push(Expr::binary(Expr::column(&target.table, t), "=", bound));
            }
            let negated = Expr::Not(Box::new(exists(interp, owner, key, own)?));
            Ok((and_all(items), Some(negated)))
        }
        _ => interp.unsupported("contains() on this relationship"),
    }
}
