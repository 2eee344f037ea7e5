//! The order in which one flush saves mappers, as SQLAlchemy's unit of work computes it: its
//! actions (one save per mapper, and per relationship *that has changes in this flush* a
//! "process" step before and after) are sorted by name (`ProcessAll` before `SaveUpdateAll`,
//! then `module.Class`), then run layer by layer along the dependencies of each relationship
//! kind. So independent mappers save in class-name order, a one-to-many parent before its
//! children, and both sides of a changed many-to-many one layer later than plain roots.

use super::session::{related_instances, Status};
use crate::python::interp::Interp;
use crate::python::value::Value;
use crate::schema::model::RelationshipKind;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    /// `ProcessAll(dependency processor, isdelete)`, sorted by `models.Owner_key`.
    Process(String, bool),
    /// `SaveUpdateAll(mapper)`, sorted by `models.Class`; the mapper index rides along.
    Save(String, usize),
}

/// Mapper indexes in this flush's save order; `None` when the graph has a cycle (the caller
/// keeps its static order then).
pub fn save_order(interp: &Interp<'_>) -> Option<Vec<usize>> {
    let rt = &interp.orm;
    let mut actions: Vec<Action> = Vec::new();
    let mut edges: Vec<(Action, Action)> = Vec::new();
    let save = |m: usize| Action::Save(format!("models.{}", rt.mappers[m].name()), m);
    for state in rt.session.states.values() {
        if state.to_delete || state.status == Status::Deleted {
            continue;
        }
        let a = save(state.mapper);
        if !actions.contains(&a) {
            actions.push(a);
        }
    }
    for (owner, mapper) in rt.mappers.iter().enumerate() {
        for rel in &mapper.relationships {
            if !has_changes(interp, owner, &rel.key) {
                continue;
            }
            let key = format!("models.{}_{}", mapper.name(), rel.key);
            let (after, before) = (Action::Process(key.clone(), false), Action::Process(key, true));
            let (parent, child) = (save(owner), save(rel.target));
            let new_edges = match rel.kind {
                RelationshipKind::ManyToOne => vec![(child.clone(), after.clone()), (after.clone(), parent.clone())],
                RelationshipKind::ManyToMany => vec![(parent.clone(), after.clone()), (child.clone(), after.clone()), (before.clone(), parent.clone()), (before.clone(), child.clone())],
                _ => vec![(parent.clone(), after.clone()), (after.clone(), child.clone()), (before.clone(), child.clone())],
            };
            for a in [after, before, parent, child] {
                if !actions.contains(&a) {
                    actions.push(a);
                }
            }
            edges.extend(new_edges);
        }
    }
    actions.sort();
    let mut todo = actions;
    let mut order = Vec::new();
    while !todo.is_empty() {
        let layer: Vec<Action> = todo.iter().filter(|node| !edges.iter().any(|(p, c)| c == *node && p != c && todo.contains(p))).cloned().collect();
        if layer.is_empty() {
            return None;
        }
        todo.retain(|a| !layer.contains(a));
        order.extend(layer.into_iter().filter_map(|a| if let Action::Save(_, m) = a { Some(m) } else { None }));
    }
    Some(order)
}

/// Whether relationship `key` of `mapper` changed on some object of this flush: set on a
/// pending object, or a loaded collection that differs from its baseline.
fn has_changes(interp: &Interp<'_>, mapper: usize, key: &str) -> bool {
    interp.orm.session.states.values().filter(|s| s.mapper == mapper && !s.to_delete).any(|state| {
        let Some(value) = state.instance.get(key) else { return false };
        let now: Vec<u64> = related_instances(&value).iter().map(|i| i.id).collect();
        match state.status {
            Status::Pending => !matches!(value, Value::None) && !now.is_empty(),
            _ => match state.collections.iter().find(|(k, _)| k == key) {
                Some((_, before)) => *before != now,
                None => false,
            },
        }
    })
}
