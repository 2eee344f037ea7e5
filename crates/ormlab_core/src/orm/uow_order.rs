//! The order in which one flush saves mappers, as SQLAlchemy's unit of work computes it: its
//! actions (one save per mapper, and per relationship *that has changes in this flush* a
//! "process" step before and after) are sorted by name (`ProcessAll` before `SaveUpdateAll`,
//! then `module.Class`), then run layer by layer along the dependencies of each relationship
//! kind. So independent mappers save in class-name order, a one-to-many parent before its
//! children, and both sides of a changed many-to-many one layer later than plain roots.

use super::session::{related_instances, State, Status};
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

/// Whether this flush writes the object: new, modified, or with changed relationships.
fn in_flush(state: &State) -> bool {
    if state.to_delete || state.status == Status::Deleted {
        return false;
    }
    state.status == Status::Pending || !state.committed.is_empty() || state.touched || collections_changed(state)
}

fn collections_changed(state: &State) -> bool {
    state.collections.iter().any(|(k, before)| state.instance.get(k).is_some_and(|v| ids(&v) != *before))
}

fn ids(value: &Value) -> Vec<u64> {
    related_instances(value).iter().map(|i| i.id).collect()
}

/// Mapper indexes in this flush's save order; `None` when the graph has a cycle (the caller
/// keeps its static order then).
pub fn save_order(interp: &Interp<'_>) -> Option<Vec<usize>> {
    let rt = &interp.orm;
    let flushed: Vec<&State> = rt.session.states.values().filter(|s| in_flush(s)).collect();
    let mut present: Vec<usize> = flushed.iter().map(|s| s.mapper).collect();
    present.sort_unstable();
    present.dedup();
    let save = |m: usize| Action::Save(format!("models.{}", rt.mappers[m].name()), m);
    let mut actions: Vec<Action> = present.iter().map(|&m| save(m)).collect();
    let mut edges: Vec<(Action, Action)> = Vec::new();
    for &owner in &present {
        let mapper = &rt.mappers[owner];
        for rel in &mapper.relationships {
            // SQLAlchemy's prop_has_changes: history on an object of this flush, or (not
            // self-referential) the target mapper also has objects in it.
            let history = flushed.iter().filter(|s| s.mapper == owner).any(|s| has_history(s, &rel.key));
            if !history && (rel.target == owner || !present.contains(&rel.target)) {
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

/// Whether relationship `key` changed on this object: set on a new object, or a loaded
/// collection that differs from its baseline.
fn has_history(state: &State, key: &str) -> bool {
    let Some(value) = state.instance.get(key) else { return false };
    match state.status {
        Status::Pending => !matches!(value, Value::None) && !ids(&value).is_empty(),
        _ => state.collections.iter().find(|(k, _)| k == key).is_some_and(|(_, before)| *before != ids(&value)),
    }
}
