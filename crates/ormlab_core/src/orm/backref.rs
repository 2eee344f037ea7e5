//! Attribute events as SQLAlchemy fires them: a change on one side of a relationship with
//! `back_populates`/`backref` updates the other side in memory, without SQL (PASSIVE_NO_FETCH);
//! a direct append to the collection of an object in the session cascades save-update to the
//! child (a change made through a backref never does, as in 2.0). An unloaded collection of a
//! persistent object is not loaded: the change is queued on its state and merged into the
//! collection when it loads, as part of its baseline.

use super::mapper::RelProp;
use super::session::{self, Status};
use crate::python::interp::{list, Interp, R};
use crate::python::object::Instance;
use crate::python::value::Value;
use crate::schema::model::RelationshipKind;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// A list that is the loaded collection of one object's relationship (weak both ways: it must
/// not keep either alive, since the identity map's collectability counts references).
pub struct CollectionOwner {
    list: Weak<RefCell<Vec<Value>>>,
    owner: Weak<Instance>,
    key: String,
}

/// Notes that `value` is the collection `key` of `owner`, so list methods on it fire events.
pub fn register(interp: &mut Interp<'_>, owner: &Rc<Instance>, key: &str, value: &Value) {
    let Value::ListMut(items) = value else { return };
    let owners = &mut interp.orm.collection_owners;
    if owners.get(&list_address(items)).is_some_and(|o| o.list.strong_count() > 0) {
        return;
    }
    if owners.len() >= 64 && owners.len().is_power_of_two() {
        owners.retain(|_, o| o.list.strong_count() > 0 && o.owner.strong_count() > 0);
    }
    owners.insert(list_address(items), CollectionOwner { list: Rc::downgrade(items), owner: Rc::downgrade(owner), key: key.to_string() });
}

/// The key of a list in [`crate::orm::Runtime::collection_owners`]: its allocation, which the
/// entry's weak reference keeps from being reused.
fn list_address(items: &Rc<RefCell<Vec<Value>>>) -> usize {
    Rc::as_ptr(items) as usize
}

fn owner_of(interp: &Interp<'_>, items: &Rc<RefCell<Vec<Value>>>) -> Option<(Rc<Instance>, String)> {
    let found = interp.orm.collection_owners.get(&list_address(items)).filter(|o| o.list.strong_count() > 0)?;
    // Replaced since (a new list was assigned): the old list is a plain list now.
    let owner = found.owner.upgrade()?;
    match owner.get(&found.key) {
        Some(Value::ListMut(current)) if Rc::ptr_eq(&current, items) => Some((owner, found.key.clone())),
        _ => None,
    }
}

/// The members of `items` before a list method changes it, when it is a mapped collection.
pub fn before_change(interp: &mut Interp<'_>, items: &Rc<RefCell<Vec<Value>>>) -> Option<Vec<Value>> {
    owner_of(interp, items)?;
    // The next flush compares this collection with its baseline.
    interp.orm.session.mutated();
    Some(items.borrow().clone())
}

/// After a list method changed a mapped collection: fires remove/append events for the
/// members that left and arrived.
pub fn collection_changed(interp: &mut Interp<'_>, items: &Rc<RefCell<Vec<Value>>>, before: &[Value]) -> R<()> {
    let Some((owner, key)) = owner_of(interp, items) else { return Ok(()) };
    let now = items.borrow().clone();
    let before = session::related_instances(&list(before.to_vec()));
    let now = session::related_instances(&list(now));
    collection_events(interp, &owner, &key, &before, &now)
}

fn contains(items: &[Rc<Instance>], item: &Rc<Instance>) -> bool {
    items.iter().any(|i| Rc::ptr_eq(i, item))
}

/// Events of a direct change of `owner.key` from `before` to `now`.
fn collection_events(interp: &mut Interp<'_>, owner: &Rc<Instance>, key: &str, before: &[Rc<Instance>], now: &[Rc<Instance>]) -> R<()> {
    let Some(mapper) = interp.orm.mapper_of(owner) else { return Ok(()) };
    let Some(rel) = interp.orm.mappers[mapper].relationship(key).cloned() else { return Ok(()) };
    for gone in before.iter().filter(|i| !contains(now, i)) {
        if let Some(back) = &rel.back {
            back_remove(interp, gone, rel.target, back, owner)?;
        }
    }
    let in_session = interp.orm.state(owner).is_some();
    for came in now.iter().filter(|i| !contains(before, i)) {
        if in_session && interp.orm.state(came).is_none() {
            session::add(interp, came)?;
        }
        if let Some(back) = &rel.back {
            back_add(interp, came, rel.target, back, owner)?;
        }
    }
    Ok(())
}

/// `owner.key = [...]`: the new members replace the old (loaded, or loaded now as SQLAlchemy
/// loads the old collection of a persistent object), with events for the difference.
pub fn assign_collection(interp: &mut Interp<'_>, owner: &Rc<Instance>, mapper: usize, rel: &RelProp, value: &Value) -> R<()> {
    // `user.posts += [...]` sets the collection to itself: nothing to do.
    if let (Value::ListMut(new), Some(Value::ListMut(current))) = (value, owner.get(&rel.key)) {
        if Rc::ptr_eq(new, &current) {
            return Ok(());
        }
    }
    let old = match owner.get(&rel.key) {
        Some(v) => v,
        None if interp.orm.state(owner).is_some_and(|s| s.status == Status::Persistent) => session::lazy_load(interp, owner, mapper, rel, true)?,
        None => list(Vec::new()),
    };
    let before = session::related_instances(&old);
    let items: Vec<Value> = match value {
        Value::List(items) => items.to_vec(),
        Value::ListMut(items) => items.borrow().clone(),
        other => vec![other.clone()],
    };
    let fresh = list(items);
    owner.set(&rel.key, fresh.clone());
    let now = session::related_instances(&fresh);
    collection_events(interp, owner, &rel.key, &before, &now)
}

/// `instance.key = value` for a scalar relationship; `initiator` is the object whose change
/// caused it through a backref (its side is already done).
pub fn set_scalar(interp: &mut Interp<'_>, instance: &Rc<Instance>, mapper: usize, rel: &RelProp, value: Value, initiator: Option<&Rc<Instance>>) -> R<()> {
    let old = old_scalar(interp, instance, mapper, rel)?;
    let same = |a: &Rc<Instance>, b: Option<&Rc<Instance>>| b.is_some_and(|b| Rc::ptr_eq(a, b));
    let new = match &value {
        Value::Instance(i) => Some(i.clone()),
        _ => None,
    };
    if let (Some(old), Some(back)) = (&old, &rel.back) {
        if !same(old, new.as_ref()) && !same(old, initiator) {
            back_remove(interp, old, rel.target, back, instance)?;
        }
    }
    set_reference(interp, instance, &rel.key, value);
    if let (Some(new), Some(back)) = (&new, &rel.back) {
        if !same(new, initiator) && !same(new, old.as_ref()) {
            back_add(interp, new, rel.target, back, instance)?;
        }
    }
    Ok(())
}

/// The value a scalar holds before a set: the loaded one; for a many-to-one of a persistent
/// object, the identity map's target (no SQL); a one-to-many scalar keeps active history, so
/// it is loaded (without autoflush).
fn old_scalar(interp: &mut Interp<'_>, instance: &Rc<Instance>, mapper: usize, rel: &RelProp) -> R<Option<Rc<Instance>>> {
    let value = match instance.get(&rel.key) {
        Some(v) => Some(v),
        None if interp.orm.state(instance).is_some_and(|s| s.status == Status::Persistent) => {
            if rel.kind == RelationshipKind::OneToMany {
                interp.orm.session.no_autoflush += 1;
                let loaded = session::lazy_load(interp, instance, mapper, rel, false);
                interp.orm.session.no_autoflush -= 1;
                Some(loaded?)
            } else {
                session::identity_hit(interp, instance, mapper, rel)
            }
        }
        None => None,
    };
    Ok(match value {
        Some(Value::Instance(i)) => Some(i),
        _ => None,
    })
}

/// The backref side of an append: `item.back` gains `owner`.
fn back_add(interp: &mut Interp<'_>, item: &Rc<Instance>, item_mapper: usize, back: &str, owner: &Rc<Instance>) -> R<()> {
    let Some(back_rel) = interp.orm.mappers[item_mapper].relationship(back).cloned() else { return Ok(()) };
    if !back_rel.uselist {
        return set_scalar(interp, item, item_mapper, &back_rel, Value::Instance(owner.clone()), Some(owner));
    }
    match item.get(back) {
        Some(Value::ListMut(items)) => {
            if !items.borrow().iter().any(|v| matches!(v, Value::Instance(i) if Rc::ptr_eq(i, owner))) {
                items.borrow_mut().push(Value::Instance(owner.clone()));
            }
        }
        Some(_) => {}
        None if interp.orm.state(item).is_some_and(|s| s.status == Status::Persistent) => queue(interp, item, back, owner, true),
        None => item.set(back, list(vec![Value::Instance(owner.clone())])),
    }
    Ok(())
}

/// Queues a backref change to the unloaded collection `item.back`.
fn queue(interp: &mut Interp<'_>, item: &Rc<Instance>, back: &str, owner: &Rc<Instance>, added: bool) {
    if let Some(state) = interp.orm.session.states.get_mut(&item.id) {
        state.queued.push((back.to_string(), owner.clone(), added));
    }
}

/// Before collection `key` of an expired object loads with changes queued for it: SQLAlchemy
/// loads the object's row twice (the lazy clause's read of the expired key, then its
/// refresh), and the first row load drops the queued changes (`_commit_all`), as recorded.
pub fn before_load(interp: &mut Interp<'_>, instance: &Rc<Instance>, mapper: usize, key: &str) -> R<()> {
    let queued = interp.orm.state(instance).is_some_and(|s| s.queued.iter().any(|(k, _, _)| k == key));
    if queued && interp.orm.mappers[mapper].columns.iter().all(|c| !instance.has(&c.key)) {
        session::refresh(interp, instance, "refresh after commit")?;
        session::expire(interp, instance, mapper);
    }
    Ok(())
}

/// The backref side of a remove: `item.back` loses `owner`.
fn back_remove(interp: &mut Interp<'_>, item: &Rc<Instance>, item_mapper: usize, back: &str, owner: &Rc<Instance>) -> R<()> {
    let Some(back_rel) = interp.orm.mappers[item_mapper].relationship(back).cloned() else { return Ok(()) };
    match item.get(back) {
        Some(Value::ListMut(items)) => items.borrow_mut().retain(|v| !matches!(v, Value::Instance(i) if Rc::ptr_eq(i, owner))),
        Some(Value::Instance(current)) if Rc::ptr_eq(&current, owner) => set_reference(interp, item, back, Value::None),
        Some(_) => {}
        None if back_rel.uselist => {
            if interp.orm.state(item).is_some_and(|s| s.status == Status::Persistent) {
                queue(interp, item, back, owner, false);
            }
        }
        None => set_reference(interp, item, back, Value::None),
    }
    Ok(())
}

/// Sets a scalar relationship; a persistent object with a changed reference takes part in
/// the next flush (its foreign key is derived from the reference there).
fn set_reference(interp: &mut Interp<'_>, instance: &Rc<Instance>, key: &str, value: Value) {
    instance.set(key, value);
    if let Some(state) = interp.orm.session.states.get_mut(&instance.id).filter(|s| s.status == Status::Persistent) {
        state.touched = true;
    }
}

/// A collection just loaded takes the changes queued while it was not loaded.
pub fn merge_queued(interp: &mut Interp<'_>, instance: &Instance, key: &str, value: &Value) {
    let Value::ListMut(items) = value else { return };
    let Some(state) = interp.orm.session.states.get_mut(&instance.id) else { return };
    let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut state.queued).into_iter().partition(|(k, _, _)| k == key);
    state.queued = rest;
    let mut items = items.borrow_mut();
    for (_, member, added) in mine {
        let present = items.iter().position(|v| matches!(v, Value::Instance(i) if Rc::ptr_eq(i, &member)));
        match (added, present) {
            (true, None) => items.push(Value::Instance(member)),
            (false, Some(at)) => {
                items.remove(at);
            }
            _ => {}
        }
    }
}
