//! `lazy='dynamic'` relationships: the attribute is an `AppenderQuery`, a legacy query already
//! filtered to the parent (`WHERE ? = comments.user_id`) that can also `append()` and `remove()`.

use super::mapper::RelProp;
use super::session;
use super::sql::Expr;
use super::value::{Entity, OrmValue, QueryState, Style};
use crate::engine::Value as Db;
use crate::python::interp::{Interp, R};
use crate::python::object::Instance;
use crate::python::value::Value;
use crate::schema::model::RelationshipKind;
use std::cell::RefCell;
use std::rc::Rc;

/// The owner of an AppenderQuery: the parent object, its mapper and the relationship key.
#[derive(Debug, Clone)]
pub struct Appender {
    /// The parent object.
    pub parent: Rc<Instance>,
    /// The parent's mapper.
    pub mapper: usize,
    /// The relationship.
    pub key: String,
}

/// The AppenderQuery of `rel` on `instance`.
pub fn appender(interp: &mut Interp<'_>, instance: &Rc<Instance>, mapper: usize, rel: &RelProp) -> R<Value> {
    let target = interp.orm.mappers[rel.target].clone();
    let owner = interp.orm.mappers[mapper].clone();
    // The criterion needs the parent's key: an expired parent is refreshed first.
    if owner.columns.iter().all(|c| !instance.has(&c.key)) {
        session::refresh(interp, instance, "refresh after commit")?;
    }
    let mut query = QueryState::new(Style::Legacy, vec![Entity::Mapper(rel.target)]);
    if rel.kind == RelationshipKind::OneToMany {
        for (remote_fk, local) in &rel.pairs {
            let value = owner
                .column_by_name(local)
                .and_then(|c| instance.get(&c.key).and_then(|v| super::convert::to_db(&v, Some(&c.ty)).ok()))
                .unwrap_or(Db::Null);
            query.criteria.push(Expr::binary(Expr::Bind(value), "=", Expr::column(&target.table, remote_fk)));
        }
    }
    if let Some(order) = &rel.order_by {
        query.order_by = session::order_by_text(&target, order);
    }
    query.appender = Some(Appender { parent: instance.clone(), mapper, key: rel.key.clone() });
    Ok(Value::Orm(Rc::new(OrmValue::Query(RefCell::new(query)))))
}

/// `append(obj)` / `remove(obj)` on an AppenderQuery: the child's reference to the parent is
/// set (or cleared), and the child joins the session, so the next flush writes its foreign key.
pub fn change(interp: &mut Interp<'_>, appender: &Appender, name: &str, args: &[Value]) -> R<Value> {
    let rel = interp.orm.mappers[appender.mapper].relationship(&appender.key).cloned();
    let Some(rel) = rel else { return interp.unsupported("this dynamic relationship") };
    if rel.kind != RelationshipKind::OneToMany {
        return interp.unsupported("append() on a dynamic many-to-many relationship");
    }
    let items: Vec<Value> = match (name, args.first()) {
        ("extend", Some(v)) => interp.iterate(v)?,
        (_, Some(v)) => vec![v.clone()],
        _ => return interp.err("TypeError", format!("{name}() takes exactly one argument (0 given)")),
    };
    let target = interp.orm.mappers[rel.target].clone();
    let owner = interp.orm.mappers[appender.mapper].clone();
    interp.orm.session.mutated();
    for item in items {
        let Value::Instance(child) = item else {
            let type_name = interp.type_name(&item).to_string();
            return interp.err("TypeError", format!("'{type_name}' object is not a mapped instance"));
        };
        let attaching = name != "remove";
        // The foreign key is written directly when the parent's key is known; SQLAlchemy's
        // dynamic collections record no relationship change that would order the flush.
        let mut known = true;
        for (remote_fk, local) in &rel.pairs {
            let (Some(fk), Some(key)) = (target.column_by_name(remote_fk), owner.column_by_name(local)) else { continue };
            let value = if attaching { appender.parent.get(&key.key).unwrap_or(Value::None) } else { Value::None };
            known &= !attaching || !matches!(value, Value::None);
            session::set_column(interp, &child, &fk.key.clone(), value);
        }
        if let (Some(back), false) = (&rel.back, known) {
            child.set(back, Value::Instance(appender.parent.clone()));
        }
        if let Some(state) = interp.orm.session.states.get_mut(&appender.parent.id) {
            state.touched = true;
        }
        if attaching && interp.orm.state(&child).is_none() {
            session::add(interp, &child)?;
        }
    }
    Ok(Value::None)
}
