//! The session: object states, the identity map, the unit of work (flush in dependency order
//! with SQLAlchemy's INSERT/UPDATE/DELETE shapes on SQLite), commit/rollback with
//! expire-on-commit, and the refresh and lazy-load SELECTs that expiry and relationships cause.

use super::convert::{from_db, to_db};
use super::mapper::{ColType, Mapper, RelProp};
use super::sql::{compile, Expr, From, Select, SelectColumn, Statement};
use super::{Logged, Runtime};
use crate::engine::{ExecResult, Value as Db};
use crate::python::interp::{list, Exc, Interp, R};
use crate::python::object::{ExceptionValue, Instance};
use crate::python::value::Value;
use crate::schema::model::RelationshipKind;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// Where an object is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Added, not yet flushed.
    Pending,
    /// Has a row.
    Persistent,
    /// Deleted in a flush, not yet committed.
    Deleted,
}

/// The session's record of one object.
#[derive(Debug, Clone)]
pub struct State {
    /// The object.
    pub instance: Rc<Instance>,
    /// Its mapper.
    pub mapper: usize,
    /// Its status.
    pub status: Status,
    /// The identity (primary key values) once persistent.
    pub key: Option<Vec<Db>>,
    /// Attributes changed since load, with their loaded value (`None`: it was not loaded).
    pub committed: Vec<(String, Option<Value>)>,
    /// Order in which it entered the session (flush order within a mapper).
    pub insert_order: u64,
    /// Marked for deletion at the next flush.
    pub to_delete: bool,
    /// Loader options of the query that loaded it (`lazyload`, `raiseload`, `noload`), by
    /// relationship: later accesses use them instead of `lazy=`.
    pub overrides: Vec<(String, super::loading::Strategy)>,
    /// Members of each loaded collection when it was loaded or last flushed (instance ids):
    /// the baseline against which a flush finds removed children and many-to-many changes.
    pub collections: Vec<(String, Vec<u64>)>,
    /// A dynamic collection changed (append/remove) with no column change of its own: the
    /// object still takes part in the next flush.
    pub touched: bool,
    /// Columns left out by `defer()`/`load_only()`: each loads alone when read.
    pub deferred: Vec<String>,
    /// Backref changes to collections that were not loaded: (relationship, member, added);
    /// merged when the collection loads (SQLAlchemy's pending mutations).
    pub queued: Vec<(String, Rc<Instance>, bool)>,
}

/// Flask-SQLAlchemy's scoped session.
#[derive(Debug, Default)]
pub struct Session {
    /// Every object in the session, by instance id.
    pub states: BTreeMap<u64, State>,
    counter: u64,
    /// `no_autoflush` nesting.
    pub no_autoflush: usize,
    /// `session.autoflush = False`.
    pub autoflush_disabled: bool,
    /// After a failed flush: the message of the PendingRollbackError.
    pub needs_rollback: Option<String>,
    /// A transaction autobegan (any statement ran since the last commit/rollback).
    pub transaction_begun: bool,
    /// Savepoints issued so far (names count up through the session).
    pub savepoints: usize,
    /// Open savepoint names, innermost last.
    pub savepoint_stack: Vec<String>,
    /// A flush is running (loads inside it must not autoflush again).
    pub flushing: bool,
    /// Objects INSERTed since the transaction began, in order (a rollback expunges them).
    pub inserted: Vec<u64>,
    /// Per open savepoint: the objects in the session, `inserted.len()` and `updated.len()`
    /// when it began.
    pub savepoint_snapshots: Vec<(Vec<u64>, usize, usize)>,
    /// Objects UPDATEd by flushes since the transaction began (a savepoint rollback expires them).
    pub updated: Vec<u64>,
    /// Objects that left the session with an identity: instance id → (mapper, key). Reading
    /// an expired attribute of one raises DetachedInstanceError; `merge()` finds its row by key.
    pub detached: HashMap<u64, (usize, Vec<Db>)>,
    /// The interpreter's step count at the last [`Runtime::collect_unreferenced`] from a row
    /// load: rows of one result load without a step between them, and no reference can be
    /// dropped without one, so collecting again before the next step finds nothing.
    collected_at_step: Option<u64>,
    /// How many objects stayed after the last collection: the next one runs when the session
    /// has doubled, so memory stays bounded without a pass over every object per row.
    kept_at_collect: usize,
    /// (mapper, identity) → the object that took that identity last. Every identity a state
    /// gets is entered here, so an identity that is absent belongs to no object: lookups need
    /// no scan. An entry can be stale (its object left, or was deleted), so a hit is checked.
    identities: HashMap<(usize, IdentityKey), u64>,
    /// Counts what the user's code did that can give a flush work: attribute sets on objects,
    /// list changes, session calls. An autoflush with nothing new since a flush that found
    /// nothing to do is skipped (it would visit every object to send nothing).
    pub mutations: u64,
    /// [`Session::mutations`] when a flush last found nothing to write.
    clean_at: Option<u64>,
}

/// An identity key as a hash key: SQLite values hashed by storage class and bits, compared as
/// the session always compared them.
#[derive(Debug, Clone, PartialEq)]
struct IdentityKey(Vec<Db>);

impl Eq for IdentityKey {}

impl Hash for IdentityKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for value in &self.0 {
            match value {
                Db::Null => 0u8.hash(state),
                Db::Integer(i) => (1u8, i).hash(state),
                Db::Real(r) => (2u8, r.to_bits()).hash(state),
                Db::Text(t) => (3u8, t).hash(state),
                Db::Blob(b) => (4u8, b).hash(state),
            }
        }
    }
}

impl Session {
    /// Notes a change the next autoflush must look at.
    pub fn mutated(&mut self) {
        self.mutations += 1;
    }

    /// Records that the object `id` of `mapper` now has identity `key`.
    fn enter_identity(&mut self, mapper: usize, key: &[Db], id: u64) {
        self.identities.insert((mapper, IdentityKey(key.to_vec())), id);
    }

    /// A rollback's undeletion: the objects it marks persistent again take back their
    /// identities, from any object loaded with the same one meanwhile (SQLAlchemy's
    /// `identity_map.replace`).
    fn undelete(&mut self) {
        let mut restored = Vec::new();
        for (id, state) in self.states.iter_mut().filter(|(_, s)| s.status == Status::Deleted) {
            state.status = Status::Persistent;
            if let Some(key) = &state.key {
                restored.push((state.mapper, key.clone(), *id));
            }
        }
        for (mapper, key, id) in restored {
            self.enter_identity(mapper, &key, id);
        }
    }
}

/// The identity key of a row's primary key values.
pub fn key_of(values: &[Db]) -> Vec<Db> {
    values.to_vec()
}

impl Runtime<'_> {
    /// The mapper of instance `instance`, if its class is mapped.
    pub fn mapper_of(&self, instance: &Instance) -> Option<usize> {
        self.mappers.iter().position(|m| Rc::ptr_eq(&m.class, &instance.class)).or_else(|| self.mapper_index(&instance.class.name))
    }

    /// The state of an instance in the session.
    pub fn state(&self, instance: &Instance) -> Option<&State> {
        self.session.states.get(&instance.id)
    }

    /// The persistent object with identity (`mapper`, `key`).
    pub fn identity(&self, mapper: usize, key: &[Db]) -> Option<Rc<Instance>> {
        let holds = |s: &State| s.mapper == mapper && s.key.as_deref() == Some(key) && s.status != Status::Deleted;
        let hint = self.session.identities.get(&(mapper, IdentityKey(key.to_vec())))?;
        match self.session.states.get(hint) {
            // It left the session (expunged, freed); a rollback that brings an object back
            // enters its identity again.
            None => None,
            // The newest object with this identity: any older one was gone when it loaded.
            Some(state) if holds(state) => (!state.collectable()).then(|| state.instance.clone()),
            // Deleted, or its key changed: look for another holder.
            Some(_) => self.session.states.values().find(|s| holds(s) && !s.collectable()).map(|s| s.instance.clone()),
        }
    }

    /// Drops the objects CPython would already have freed: SQLAlchemy's identity map holds
    /// clean persistent objects through weak references, so one that no variable, object or
    /// result holds any more is gone and the next `get()` of it sends a SELECT again. Freeing
    /// one frees what only it held (a user's loaded posts), so this runs to a fixed point.
    pub fn collect_unreferenced(&mut self) {
        let session = &mut self.session;
        loop {
            let before = session.states.len();
            session.states.retain(|_, s| !s.collectable());
            if session.states.len() == before {
                break;
            }
        }
        let states = &session.states;
        session.identities.retain(|_, id| states.contains_key(id));
        session.kept_at_collect = session.states.len();
    }
}

impl State {
    /// Clean, persistent and held by nothing but the session (the identity map's weak
    /// reference); pending, deleted and modified objects are held strongly by the session.
    pub fn collectable(&self) -> bool {
        self.status == Status::Persistent && self.committed.is_empty() && !self.to_delete && Rc::strong_count(&self.instance) == 1
    }
}

/// Sends one statement, logs it, and maps SQLite errors to SQLAlchemy's exceptions.
pub fn execute(interp: &mut Interp<'_>, statement: &Statement, cause: &str) -> R<ExecResult> {
    let (sql, params) = compile(statement);
    execute_sql(interp, &sql, params, None, false, cause)
}

/// Sends SQL text (with its parameters) and logs it; `many` runs every row (a true
/// executemany); `flag` is the executemany flag SQLAlchemy reports.
pub fn execute_sql(interp: &mut Interp<'_>, sql: &str, params: Vec<Db>, many: Option<Vec<Vec<Db>>>, flag: bool, cause: &str) -> R<ExecResult> {
    interp.step()?;
    let is_dml = matches!(crate::engine::first_keyword(sql).as_str(), "INSERT" | "UPDATE" | "DELETE");
    let rt = &mut interp.orm;
    rt.session.transaction_begun = true;
    if is_dml && !rt.in_db_transaction {
        // pysqlite's implicit BEGIN before DML; not a cursor execute, so not logged.
        let _ = rt.engine.execute("BEGIN", &[]);
        rt.in_db_transaction = true;
    }
    let rows_to_run: Vec<Vec<Db>> = match &many {
        Some(rows) => rows.clone(),
        None => vec![params.clone()],
    };
    let line = interp.line;
    interp.orm.log.push(Logged {
        sql: sql.to_string(),
        params: if many.is_some() { Vec::new() } else { params },
        many,
        executemany: flag,
        line,
        cause: cause.to_string(),
        rows: 0,
        ms: 0.0,
    });
    let mut last = ExecResult::default();
    for row in rows_to_run {
        let started = interp.orm.clock.map(|clock| clock());
        let outcome = interp.orm.engine.execute(sql, &row);
        if let (Some(started), Some(clock), Some(logged)) = (started, interp.orm.clock, interp.orm.log.last_mut()) {
            logged.ms += clock() - started;
        }
        match outcome {
            Ok(result) => {
                if let Some(logged) = interp.orm.log.last_mut() {
                    logged.rows += result.rows.len();
                }
                last = result;
            }
            Err(error) => return Err(db_error(interp, sql, &row, &error.message)),
        }
    }
    Ok(last)
}

/// SQLAlchemy's wrapping of a DBAPI error: `(sqlite3.IntegrityError) UNIQUE constraint failed: ...`.
fn db_error(interp: &Interp<'_>, sql: &str, params: &[Db], message: &str) -> Exc {
    let kind = if message.contains("constraint failed") {
        "IntegrityError"
    } else if message.contains("syntax error") || message.contains("no such") || message.contains("incomplete input") {
        "OperationalError"
    } else if message.contains("You can only execute one statement") {
        "ProgrammingError"
    } else {
        "OperationalError"
    };
    let rendered: Vec<String> = params
        .iter()
        .map(|p| match p {
            Db::Null => "None".into(),
            Db::Integer(i) => i.to_string(),
            Db::Real(r) => crate::python::num::float_repr(*r),
            Db::Text(t) => crate::python::interp::repr::str_repr(t),
            Db::Blob(_) => "<bytes>".into(),
        })
        .collect();
    let params_text = if rendered.len() == 1 { format!("({},)", rendered.join("")) } else { format!("({})", rendered.join(", ")) };
    // SQLAlchemy leaves the parameters line out when there are none.
    let params_line = if params.is_empty() { String::new() } else { format!("\n[parameters: {params_text}]") };
    let code = match kind {
        "IntegrityError" => "gkpj",
        "ProgrammingError" => "f405",
        _ => "e3q8",
    };
    let full = format!("(sqlite3.{kind}) {message}\n[SQL: {sql}]{params_line}\n(Background on this error at: https://sqlalche.me/e/20/{code})");
    let orig = ExceptionValue { kind: Rc::from(kind), message: message.to_string(), args: vec![Value::str(message)], line: Some(interp.line), attrs: Vec::new() };
    let exception = ExceptionValue {
        kind: Rc::from(kind),
        message: full.clone(),
        args: vec![Value::str(&full)],
        line: Some(interp.line),
        attrs: vec![
            ("orig".into(), Value::Exception(Rc::new(orig))),
            ("statement".into(), Value::str(sql)),
            ("params".into(), Value::Tuple(params.iter().map(super::convert::raw).collect::<Vec<_>>().into())),
        ],
    };
    Exc::Raise(Rc::new(exception))
}

/// Adds an object (and what save-update cascades from it) to the session.
pub fn add(interp: &mut Interp<'_>, instance: &Rc<Instance>) -> R<()> {
    add_depth(interp, instance, 0)
}

fn add_depth(interp: &mut Interp<'_>, instance: &Rc<Instance>, depth: usize) -> R<()> {
    if depth > 200 {
        return Ok(());
    }
    let Some(mapper) = interp.orm.mapper_of(instance) else {
        return interp.err("UnmappedInstanceError", format!("Class '{}' is not mapped", instance.class.name));
    };
    let rt = &mut interp.orm;
    rt.session.mutated();
    match rt.session.states.get_mut(&instance.id) {
        Some(state) => {
            if state.to_delete {
                state.to_delete = false;
            }
        }
        None => {
            rt.session.counter += 1;
            let order = rt.session.counter;
            rt.session.states.insert(
                instance.id,
                State { instance: instance.clone(), mapper, status: Status::Pending, key: None, committed: Vec::new(), insert_order: order, to_delete: false, overrides: Vec::new(), collections: Vec::new(), touched: false, deferred: Vec::new(), queued: Vec::new() },
            );
        }
    }
    cascade(interp, instance, mapper, depth)
}

/// Save-update cascade along the relationships of `instance` that hold loaded values.
fn cascade(interp: &mut Interp<'_>, instance: &Rc<Instance>, mapper: usize, depth: usize) -> R<()> {
    for index in 0..interp.orm.mappers[mapper].relationships.len() {
        let Some(value) = instance.get(&interp.orm.mappers[mapper].relationships[index].key) else { continue };
        for related in related_instances(&value) {
            if !interp.orm.session.states.contains_key(&related.id) {
                add_depth(interp, &related, depth + 1)?;
            }
        }
    }
    Ok(())
}

/// The instances a relationship value holds.
pub fn related_instances(value: &Value) -> Vec<Rc<Instance>> {
    match value {
        Value::Instance(i) => vec![i.clone()],
        Value::ListMut(items) => items.borrow().iter().filter_map(|v| if let Value::Instance(i) = v { Some(i.clone()) } else { None }).collect(),
        _ => Vec::new(),
    }
}

/// Autoflush before a query, unless disabled.
pub fn autoflush(interp: &mut Interp<'_>) -> R<()> {
    if let Some(message) = interp.orm.session.needs_rollback.clone() {
        return interp.err("PendingRollbackError", message);
    }
    let session = &interp.orm.session;
    if session.no_autoflush > 0 || session.autoflush_disabled || session.flushing || session.clean_at == Some(session.mutations) {
        return Ok(());
    }
    flush_with(interp, "autoflush")
}

/// `session.flush()`.
pub fn flush(interp: &mut Interp<'_>) -> R<()> {
    flush_with(interp, "flush")
}

fn flush_with(interp: &mut Interp<'_>, cause: &str) -> R<()> {
    if let Some(message) = interp.orm.session.needs_rollback.clone() {
        return interp.err("PendingRollbackError", message);
    }
    if interp.orm.session.flushing {
        return Ok(());
    }
    interp.orm.session.flushing = true;
    let outcome = flush_inner(interp, cause);
    interp.orm.session.flushing = false;
    match outcome {
        Ok(()) => Ok(()),
        Err(Exc::Raise(e)) => {
            interp.orm.session.needs_rollback = Some(format!(
                "This Session's transaction has been rolled back due to a previous exception during flush. To begin a new transaction with this Session, first issue Session.rollback(). Original exception was: {}",
                e.message
            ));
            Err(Exc::Raise(e))
        }
        Err(other) => Err(other),
    }
}

fn pk_values(mapper: &Mapper, instance: &Instance) -> Vec<Db> {
    mapper.pk().iter().map(|c| to_db(&instance.get(&c.key).unwrap_or(Value::None), Some(&c.ty)).unwrap_or(Db::Null)).collect()
}

/// Copies foreign keys from relationships into the column attributes before a flush.
fn sync_foreign_keys(interp: &mut Interp<'_>) {
    let ids: Vec<u64> = interp.orm.session.states.keys().copied().collect();
    for id in ids {
        let Some((instance, mapper_index)) = interp.orm.session.states.get(&id).filter(|s| !s.to_delete).map(|s| (s.instance.clone(), s.mapper)) else { continue };
        let mapper = interp.orm.mappers[mapper_index].clone();
        for rel in &mapper.relationships {
            let Some(value) = instance.get(&rel.key) else { continue };
            match rel.kind {
                RelationshipKind::ManyToOne => {
                    let parent = match &value {
                        Value::Instance(parent) => Some(parent.clone()),
                        _ => None,
                    };
                    for (local, remote) in &rel.pairs {
                        let Some(local_col) = mapper.column_by_name(local) else { continue };
                        let new_value = match &parent {
                            Some(parent) => {
                                let target = &interp.orm.mappers[rel.target];
                                let Some(remote_col) = target.column_by_name(remote) else { continue };
                                match parent.get(&remote_col.key) {
                                    Some(v) => v,
                                    None => continue,
                                }
                            }
                            None => Value::None,
                        };
                        set_column(interp, &instance, &local_col.key.clone(), new_value);
                    }
                }
                RelationshipKind::OneToMany => {
                    let target = interp.orm.mappers[rel.target].clone();
                    for child in related_instances(&value) {
                        for (remote_fk, local_col_name) in &rel.pairs {
                            let Some(fk_col) = target.column_by_name(remote_fk) else { continue };
                            let Some(local_col) = mapper.column_by_name(local_col_name) else { continue };
                            let Some(parent_value) = instance.get(&local_col.key) else { continue };
                            set_column(interp, &child, &fk_col.key.clone(), parent_value);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Sets a column attribute, recording the change when the value differs.
pub fn set_column(interp: &mut Interp<'_>, instance: &Rc<Instance>, key: &str, value: Value) {
    let old = instance.get(key);
    let same = match (&old, &value) {
        (Some(a), b) => values_equal(a, b),
        (None, _) => false,
    };
    if same {
        return;
    }
    if let Some(state) = interp.orm.session.states.get_mut(&instance.id) {
        if state.status == Status::Persistent && !state.committed.iter().any(|(k, _)| k == key) {
            state.committed.push((key.to_string(), old));
        }
    }
    instance.set(key, value);
}

fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::None, Value::None) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Decimal(x), Value::Decimal(y)) => x == y,
        (Value::DateTime(x), Value::DateTime(y)) => x == y,
        _ => false,
    }
}

fn flush_inner(interp: &mut Interp<'_>, cause: &str) -> R<()> {
    // Objects appended after add() joined the session then (backref::collection_changed);
    // flush itself cascades nothing, so a child linked only through a backref stays out.
    let mutations = interp.orm.session.mutations;
    super::collections::orphans(interp);
    let sent_before = interp.orm.log.len();
    let mut order: Vec<usize> = (0..interp.orm.mappers.len()).collect();
    order.sort_by_key(|&m| interp.orm.mappers[m].order);
    let saves = super::uow_order::save_order(interp).unwrap_or_else(|| order.clone());
    for &mapper_index in &saves {
        sync_foreign_keys(interp);
        emit_updates(interp, mapper_index, cause)?;
        emit_inserts(interp, mapper_index, cause)?;
    }
    super::collections::flush_links(interp, cause)?;
    for &mapper_index in order.iter().rev() {
        emit_deletes(interp, mapper_index, cause)?;
    }
    // A flush that wrote nothing changed no baseline (autoflush before every lazy load).
    if interp.orm.log.len() == sent_before {
        // Nothing to write, and nothing changes that until the user's code does something.
        if interp.orm.session.mutations == mutations {
            interp.orm.session.clean_at = Some(mutations);
        }
        return Ok(());
    }
    let flushed: Vec<Rc<Instance>> = interp.orm.session.states.values().filter(|s| s.status == Status::Persistent).map(|s| s.instance.clone()).collect();
    for instance in flushed {
        super::collections::snapshot(interp, &instance);
    }
    Ok(())
}

fn emit_updates(interp: &mut Interp<'_>, mapper_index: usize, cause: &str) -> R<()> {
    let mapper = interp.orm.mappers[mapper_index].clone();
    let mut states: Vec<State> = interp
        .orm
        .session
        .states
        .values()
        .filter(|s| s.mapper == mapper_index && s.status == Status::Persistent && !s.to_delete && !s.committed.is_empty())
        .cloned()
        .collect();
    states.sort_by_key(|s| s.insert_order);
    let mut records: Vec<(Vec<String>, Vec<Db>, Rc<Instance>)> = Vec::new();
    for state in &states {
        let mut set_columns = Vec::new();
        let mut params = Vec::new();
        for column in &mapper.columns {
            let Some((_, old)) = state.committed.iter().find(|(k, _)| *k == column.key) else { continue };
            let new = state.instance.get(&column.key).unwrap_or(Value::None);
            if let Some(old) = old {
                if values_equal(old, &new) {
                    continue;
                }
            }
            set_columns.push(column.name.clone());
            params.push(to_db(&new, Some(&column.ty)).unwrap_or(Db::Null));
        }
        // onupdate defaults join any UPDATE.
        if !set_columns.is_empty() {
            for column in &mapper.columns {
                if let Some(onupdate) = &column.onupdate {
                    if !set_columns.contains(&column.name) {
                        let value = default_value(interp, onupdate)?;
                        state.instance.set(&column.key, value.clone());
                        set_columns.push(column.name.clone());
                        params.push(to_db(&value, Some(&column.ty)).unwrap_or(Db::Null));
                    }
                }
            }
        }
        if let Some(s) = interp.orm.session.states.get_mut(&state.instance.id) {
            s.committed.clear();
        }
        if set_columns.is_empty() {
            continue;
        }
        interp.orm.session.updated.push(state.instance.id);
        params.extend(state.key.clone().unwrap_or_default());
        records.push((set_columns, params, state.instance.clone()));
    }
    let mut index = 0;
    while index < records.len() {
        let columns = records[index].0.clone();
        let mut end = index + 1;
        while end < records.len() && records[end].0 == columns {
            end += 1;
        }
        let statement = Statement::Update {
            table: mapper.table.clone(),
            set: columns.iter().map(|c| (c.clone(), Expr::Bind(Db::Null))).collect(),
            criteria: mapper.pk().iter().map(|c| Expr::binary(Expr::column(&mapper.table, &c.name), "=", Expr::Bind(Db::Null))).collect(),
        };
        let sql = statement.to_string();
        if end - index == 1 {
            execute_sql(interp, &sql, records[index].1.clone(), None, false, cause)?;
        } else {
            let rows: Vec<Vec<Db>> = records[index..end].iter().map(|r| r.1.clone()).collect();
            execute_sql(interp, &sql, Vec::new(), Some(rows), true, cause)?;
        }
        index = end;
    }
    Ok(())
}

/// Evaluates a Python-side column default (scalar or callable).
fn default_value(interp: &mut Interp<'_>, default: &Value) -> R<Value> {
    match default {
        Value::Library(_) | Value::Closure(_) | Value::Lambda(_) | Value::Function(_) => interp.call_value(default, Vec::new(), Vec::new()),
        Value::Call(call) if call.is("sqlalchemy.func.now") || call.callee.starts_with("sqlalchemy.func.") => {
            interp.unsupported("SQL function defaults")
        }
        other => Ok(other.clone()),
    }
}

struct InsertRecord {
    instance: Rc<Instance>,
    columns: Vec<String>,
    params: Vec<Db>,
    has_pk: bool,
    returning: Vec<String>,
    /// Columns the object itself set: SQLAlchemy batches rows by these keys, before
    /// column defaults fill in the rest.
    explicit: Vec<String>,
}

fn emit_inserts(interp: &mut Interp<'_>, mapper_index: usize, cause: &str) -> R<()> {
    let mapper = interp.orm.mappers[mapper_index].clone();
    let mut states: Vec<State> =
        interp.orm.session.states.values().filter(|s| s.mapper == mapper_index && s.status == Status::Pending && !s.to_delete).cloned().collect();
    states.sort_by_key(|s| s.insert_order);
    let self_refs: Vec<RelProp> = mapper.relationships.iter().filter(|r| r.target == mapper_index).cloned().collect();
    if self_refs.is_empty() {
        return emit_insert_states(interp, &mapper, &states, cause);
    }
    // A self-referential mapper inserts row by dependency: parents first, each layer batched.
    while !states.is_empty() {
        let waiting = |state: &State| {
            self_refs.iter().any(|rel| match rel.kind {
                RelationshipKind::ManyToOne => match state.instance.get(&rel.key) {
                    Some(Value::Instance(parent)) => states.iter().any(|s| Rc::ptr_eq(&s.instance, &parent)),
                    _ => false,
                },
                _ => states.iter().any(|s| related_instances(&s.instance.get(&rel.key).unwrap_or(Value::None)).iter().any(|c| Rc::ptr_eq(c, &state.instance))),
            })
        };
        let (layer, rest): (Vec<State>, Vec<State>) = states.iter().cloned().partition(|s| !waiting(s));
        if layer.is_empty() {
            return emit_insert_states(interp, &mapper, &rest, cause);
        }
        sync_foreign_keys(interp);
        emit_insert_states(interp, &mapper, &layer, cause)?;
        states = rest;
    }
    Ok(())
}

fn emit_insert_states(interp: &mut Interp<'_>, mapper: &Mapper, states: &[State], cause: &str) -> R<()> {
    let mut records = Vec::new();
    for state in states {
        let instance = &state.instance;
        let mut columns = Vec::new();
        let mut params = Vec::new();
        let mut returning = Vec::new();
        let mut has_pk = true;
        let mut explicit = Vec::new();
        for column in &mapper.columns {
            let value = instance.get(&column.key);
            let present = matches!(&value, Some(v) if !matches!(v, Value::None)) || (matches!(value, Some(Value::None)) && column.ty == ColType::Json);
            if present {
                explicit.push(column.name.clone());
                columns.push(column.name.clone());
                let value = value.unwrap_or(Value::None);
                match to_db(&value, Some(&column.ty)) {
                    Ok(db) => params.push(db),
                    Err(type_name) => {
                        return interp.err(
                            "ProgrammingError",
                            format!("(sqlite3.ProgrammingError) Error binding parameter {} - type '{type_name}' is not supported", params.len() + 1),
                        );
                    }
                }
                continue;
            }
            if let Some(default) = &column.default {
                let value = default_value(interp, default)?;
                instance.set(&column.key, value.clone());
                columns.push(column.name.clone());
                params.push(to_db(&value, Some(&column.ty)).unwrap_or(Db::Null));
                continue;
            }
            if column.primary_key {
                if mapper.autoincrement_pk() {
                    has_pk = false;
                    returning.insert(0, column.name.clone());
                } else {
                    columns.push(column.name.clone());
                    params.push(Db::Null);
                }
                continue;
            }
            if column.server_default {
                returning.push(column.name.clone());
                continue;
            }
            if column.ty == ColType::Json {
                continue;
            }
            // A column with no default is bound as None whether set or not (SQLAlchemy's
            // insert_cols_as_none), so it does not split the batch.
            explicit.push(column.name.clone());
            columns.push(column.name.clone());
            params.push(Db::Null);
        }
        records.push(InsertRecord { instance: instance.clone(), columns, params, has_pk, returning, explicit });
    }
    let mut index = 0;
    while index < records.len() {
        let group_key = |r: &InsertRecord| (r.explicit.clone(), r.columns.clone(), r.has_pk, r.returning.clone());
        let key = group_key(&records[index]);
        let mut end = index + 1;
        while end < records.len() && group_key(&records[end]) == key {
            end += 1;
        }
        let group = &records[index..end];
        let (_, columns, has_pk, returning) = key;
        let statement = |returning: Vec<String>| Statement::Insert {
            table: mapper.table.clone(),
            columns: columns.clone(),
            values: columns.iter().map(|_| Expr::Bind(Db::Null)).collect(),
            returning,
        };
        if has_pk && returning.is_empty() {
            let sql = statement(Vec::new()).to_string();
            if group.len() == 1 {
                execute_sql(interp, &sql, group[0].params.clone(), None, false, cause)?;
            } else {
                let rows = group.iter().map(|r| r.params.clone()).collect();
                execute_sql(interp, &sql, Vec::new(), Some(rows), true, cause)?;
            }
            for record in group {
                mark_persistent(interp, mapper, &record.instance);
            }
        } else if group.len() == 1 && returning.iter().all(|c| mapper.column_by_name(c).is_some_and(|col| col.primary_key)) {
            let sql = statement(Vec::new()).to_string();
            let result = execute_sql(interp, &sql, group[0].params.clone(), None, false, cause)?;
            if let Some(pk) = mapper.pk().first() {
                group[0].instance.set(&pk.key, Value::Int(result.last_insert_rowid));
            }
            mark_persistent(interp, mapper, &group[0].instance);
        } else {
            let sql = statement(returning.clone()).to_string();
            let flag = group.len() > 1;
            for record in group {
                let result = execute_sql(interp, &sql, record.params.clone(), None, flag, cause)?;
                if let Some(row) = result.rows.first() {
                    for (name, value) in returning.iter().zip(row) {
                        if let Some(column) = mapper.column_by_name(name) {
                            record.instance.set(&column.key, from_db(value, Some(&column.ty)));
                        }
                    }
                }
                mark_persistent(interp, mapper, &record.instance);
            }
        }
        index = end;
    }
    Ok(())
}

fn mark_persistent(interp: &mut Interp<'_>, mapper: &Mapper, instance: &Rc<Instance>) {
    let key = pk_values(mapper, instance);
    let session = &mut interp.orm.session;
    if let Some(state) = session.states.get_mut(&instance.id) {
        state.status = Status::Persistent;
        state.committed.clear();
        let mapper_index = state.mapper;
        state.key = Some(key.clone());
        session.enter_identity(mapper_index, &key, instance.id);
    }
    interp.orm.session.inserted.push(instance.id);
}

/// `session.begin_nested()`: flush, then `SAVEPOINT sa_savepoint_N` (N counts through the
/// session), remembering what the session held so a rollback to it can restore that.
pub fn begin_nested(interp: &mut Interp<'_>) -> R<()> {
    flush(interp)?;
    interp.orm.session.savepoints += 1;
    let name = format!("sa_savepoint_{}", interp.orm.session.savepoints);
    execute_sql(interp, &format!("SAVEPOINT {name}"), Vec::new(), None, false, "savepoint")?;
    let session = &mut interp.orm.session;
    session.savepoint_stack.push(name);
    let ids = session.states.keys().copied().collect();
    session.savepoint_snapshots.push((ids, session.inserted.len(), session.updated.len()));
    Ok(())
}

/// Records that a persistent object left the session (expunge, close).
pub fn detach(interp: &mut Interp<'_>, state: &State) {
    if let (Status::Persistent, Some(key)) = (state.status, &state.key) {
        interp.orm.session.detached.insert(state.instance.id, (state.mapper, key.clone()));
    }
}

/// `session.merge(obj)`: the session's object with the same identity (loaded by primary key
/// when needed) receives `obj`'s loaded attributes; an object without identity is copied in
/// as pending.
pub fn merge(interp: &mut Interp<'_>, instance: &Rc<Instance>) -> R<Rc<Instance>> {
    if interp.orm.state(instance).is_some() {
        return Ok(instance.clone());
    }
    let Some(mapper_index) = interp.orm.mapper_of(instance) else {
        return interp.err("UnmappedInstanceError", format!("Class '{}' is not mapped", instance.class.name));
    };
    let mapper = interp.orm.mappers[mapper_index].clone();
    let key: Option<Vec<Db>> = match interp.orm.session.detached.get(&instance.id) {
        Some((_, key)) => Some(key.clone()),
        None => {
            let values = pk_values(&mapper, instance);
            (!values.contains(&Db::Null)).then_some(values)
        }
    };
    let target = match key {
        Some(key) => {
            let ident = if key.len() == 1 { super::convert::raw(&key[0]) } else { Value::Tuple(key.iter().map(super::convert::raw).collect::<Vec<_>>().into()) };
            match super::query::get(interp, mapper_index, &ident)? {
                Value::Instance(found) => Some(found),
                _ => None,
            }
        }
        None => None,
    };
    let target = match target {
        Some(found) => found,
        None => {
            let fresh = interp.new_instance(instance.class.clone());
            add(interp, &fresh)?;
            fresh
        }
    };
    for column in &mapper.columns {
        if let Some(value) = instance.get(&column.key) {
            set_column(interp, &target, &column.key, value);
        }
    }
    Ok(target)
}

/// Commits the innermost savepoint: flush, then RELEASE; a failed flush rolls back to the
/// savepoint (the outer transaction stays usable) and re-raises.
pub fn release_savepoint(interp: &mut Interp<'_>) -> R<()> {
    if let Err(error) = flush(interp) {
        rollback_savepoint(interp)?;
        return Err(error);
    }
    let Some(name) = interp.orm.session.savepoint_stack.pop() else { return Ok(()) };
    interp.orm.session.savepoint_snapshots.pop();
    execute_sql(interp, &format!("RELEASE SAVEPOINT {name}"), Vec::new(), None, false, "savepoint")?;
    Ok(())
}

/// `ROLLBACK TO SAVEPOINT`: objects added or inserted since the savepoint leave the session,
/// and a failed flush inside it no longer blocks the session.
pub fn rollback_savepoint(interp: &mut Interp<'_>) -> R<()> {
    let Some(name) = interp.orm.session.savepoint_stack.pop() else { return Ok(()) };
    let (ids, inserted, updated) = interp.orm.session.savepoint_snapshots.pop().unwrap_or_default();
    execute_sql(interp, &format!("ROLLBACK TO SAVEPOINT {name}"), Vec::new(), None, false, "savepoint")?;
    // Objects flushed as UPDATEs inside the savepoint, or modified now, are expired.
    let touched: Vec<u64> = interp.orm.session.updated.split_off(updated.min(interp.orm.session.updated.len()));
    let expired: Vec<State> = interp.orm.session.states.values().filter(|s| s.status == Status::Persistent && (touched.contains(&s.instance.id) || !s.committed.is_empty())).cloned().collect();
    for state in expired {
        expire(interp, &state.instance, state.mapper);
    }
    let session = &mut interp.orm.session;
    let new_ids: HashSet<u64> = session.inserted.split_off(inserted.min(session.inserted.len())).into_iter().collect();
    let ids: HashSet<u64> = ids.into_iter().collect();
    session.states.retain(|id, s| !new_ids.contains(id) && (ids.contains(id) || s.status == Status::Persistent));
    session.undelete();
    session.needs_rollback = None;
    Ok(())
}

fn emit_deletes(interp: &mut Interp<'_>, mapper_index: usize, cause: &str) -> R<()> {
    let mapper = interp.orm.mappers[mapper_index].clone();
    let mut states: Vec<State> =
        interp.orm.session.states.values().filter(|s| s.mapper == mapper_index && s.to_delete && s.status == Status::Persistent).cloned().collect();
    if states.is_empty() {
        return Ok(());
    }
    states.sort_by_key(|s| s.insert_order);
    // The DELETE reads the committed primary key, so an expired object is loaded first.
    for state in &states {
        if mapper.columns.iter().any(|c| !state.instance.has(&c.key)) {
            refresh(interp, &state.instance, "refresh")?;
        }
        super::collections::unlink_deleted(interp, &state.instance, mapper_index, cause)?;
    }
    // Children of one-to-many relationships: load them, then delete (cascade) or detach.
    for state in &states {
        for rel in mapper.relationships.iter().filter(|r| r.kind == RelationshipKind::OneToMany) {
            let children = match state.instance.get(&rel.key) {
                Some(value) => related_instances(&value),
                // passive_deletes: children not loaded are left to ON DELETE in the database.
                None if rel.passive_deletes => Vec::new(),
                None => {
                    let loaded = lazy_load(interp, &state.instance, mapper_index, rel, false)?;
                    related_instances(&loaded)
                }
            };
            let target = interp.orm.mappers[rel.target].clone();
            for child in children {
                if rel.cascade_delete {
                    if let Some(child_state) = interp.orm.session.states.get_mut(&child.id) {
                        child_state.to_delete = true;
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
    // As SQLAlchemy's unit of work: every collection is loaded first, then detached children
    // are updated, then cascaded children deleted (their own children when their mapper runs).
    let mut detached: Vec<usize> = Vec::new();
    let mut cascaded: Vec<usize> = Vec::new();
    for rel in mapper.relationships.iter().filter(|r| r.kind == RelationshipKind::OneToMany) {
        let into = if rel.cascade_delete { &mut cascaded } else { &mut detached };
        if !into.contains(&rel.target) {
            into.push(rel.target);
        }
    }
    for target in detached {
        emit_updates(interp, target, cause)?;
    }
    for target in cascaded {
        emit_deletes(interp, target, cause)?;
    }
    let statement = Statement::Delete {
        table: mapper.table.clone(),
        criteria: mapper.pk().iter().map(|c| Expr::binary(Expr::column(&mapper.table, &c.name), "=", Expr::Bind(Db::Null))).collect(),
    };
    let sql = statement.to_string();
    let rows: Vec<Vec<Db>> = states.iter().map(|s| s.key.clone().unwrap_or_default()).collect();
    if rows.len() == 1 {
        execute_sql(interp, &sql, rows[0].clone(), None, false, cause)?;
    } else {
        execute_sql(interp, &sql, Vec::new(), Some(rows), true, cause)?;
    }
    for state in &states {
        if let Some(s) = interp.orm.session.states.get_mut(&state.instance.id) {
            s.status = Status::Deleted;
            s.to_delete = false;
        }
    }
    Ok(())
}

/// `session.commit()`.
pub fn commit(interp: &mut Interp<'_>) -> R<()> {
    flush(interp)?;
    if interp.orm.in_db_transaction {
        let _ = interp.orm.engine.execute("COMMIT", &[]);
        interp.orm.in_db_transaction = false;
    }
    interp.orm.session.states.retain(|_, s| s.status != Status::Deleted);
    expire_all(interp);
    interp.orm.session.transaction_begun = false;
    interp.orm.session.savepoint_stack.clear();
    interp.orm.session.savepoint_snapshots.clear();
    interp.orm.session.inserted.clear();
    interp.orm.session.updated.clear();
    // Each transaction gets a new connection, whose savepoint names count from 1 again.
    interp.orm.session.savepoints = 0;
    Ok(())
}

/// `session.rollback()`.
pub fn rollback(interp: &mut Interp<'_>) {
    if interp.orm.in_db_transaction {
        let _ = interp.orm.engine.execute("ROLLBACK", &[]);
        interp.orm.in_db_transaction = false;
    }
    let session = &mut interp.orm.session;
    session.needs_rollback = None;
    // Pending objects and those INSERTed in this transaction leave the session; deleted ones come back.
    let inserted: HashSet<u64> = std::mem::take(&mut session.inserted).into_iter().collect();
    session.savepoint_snapshots.clear();
    session.updated.clear();
    session.savepoints = 0;
    session.states.retain(|id, s| s.status != Status::Pending && !inserted.contains(id));
    session.undelete();
    for state in session.states.values_mut() {
        state.to_delete = false;
        state.committed.clear();
    }
    session.transaction_begun = false;
    session.savepoint_stack.clear();
    expire_all(interp);
}

/// Expires every persistent object: its loaded attributes are dropped and reloaded on access.
pub fn expire_all(interp: &mut Interp<'_>) {
    let states: Vec<(Rc<Instance>, usize)> = interp.orm.session.states.values().filter(|s| s.status == Status::Persistent).map(|s| (s.instance.clone(), s.mapper)).collect();
    for (instance, mapper) in states {
        expire(interp, &instance, mapper);
    }
}

/// Expires one object.
pub fn expire(interp: &mut Interp<'_>, instance: &Instance, mapper: usize) {
    let mapper = interp.orm.mappers[mapper].clone();
    for column in &mapper.columns {
        instance.remove(&column.key);
    }
    for rel in &mapper.relationships {
        instance.remove(&rel.key);
    }
    if let Some(state) = interp.orm.session.states.get_mut(&instance.id) {
        state.committed.clear();
        state.collections.clear();
        state.queued.clear();
        state.touched = false;
    }
}

/// The column list of a mapper's SELECT, legacy-labelled or plain.
pub fn entity_columns(mapper: &Mapper, table: &str, legacy: bool) -> Vec<SelectColumn> {
    mapper
        .columns
        .iter()
        .map(|c| SelectColumn { expr: Expr::column(table, &c.name), label: legacy.then(|| format!("{}_{}", table, c.name)) })
        .collect()
}

/// Reloads an expired object's columns (`refresh after commit`); raises ObjectDeletedError
/// when its row is gone.
pub fn refresh(interp: &mut Interp<'_>, instance: &Rc<Instance>, cause: &str) -> R<()> {
    refresh_with(interp, instance, cause, true)
}

/// Reloads an object's row; `labelled` is false for `session.refresh()`, which SQLAlchemy
/// 2.0 runs as a plain `select()` (`note.id`, not `note.id AS note_id`).
pub fn refresh_with(interp: &mut Interp<'_>, instance: &Rc<Instance>, cause: &str, labelled: bool) -> R<()> {
    let Some(state) = interp.orm.state(instance).cloned() else { return Ok(()) };
    let mapper = interp.orm.mappers[state.mapper].clone();
    let key = state.key.clone().unwrap_or_default();
    // Only the unloaded columns are read: everything expired, without the deferred columns,
    // which load one at a time when read (`load_deferred`).
    let missing: Vec<usize> = (0..mapper.columns.len()).filter(|&i| !instance.has(&mapper.columns[i].key) && !state.deferred.contains(&mapper.columns[i].key)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let partial = !missing.is_empty() && missing.len() < mapper.columns.len();
    let columns: Vec<SelectColumn> = if partial {
        missing.iter().map(|&i| entity_columns(&mapper, &mapper.table, labelled).swap_remove(i)).collect()
    } else {
        entity_columns(&mapper, &mapper.table, labelled)
    };
    let select = Select {
        columns,
        from: vec![From::Table(mapper.table.clone())],
        criteria: mapper.pk().iter().zip(&key).map(|(c, k)| Expr::binary(Expr::column(&mapper.table, &c.name), "=", Expr::Bind(k.clone()))).collect(),
        ..Select::default()
    };
    let result = execute(interp, &Statement::Select(select), cause)?;
    let Some(row) = result.rows.first() else {
        return interp.err(
            "ObjectDeletedError",
            format!("Instance '<{} at 0x7f0000000000>' has been deleted, or its row is otherwise not present.", mapper.name()),
        );
    };
    if partial {
        for (&i, value) in missing.iter().zip(row) {
            let column = &mapper.columns[i];
            instance.set(&column.key, from_db(value, Some(&column.ty)));
        }
    } else {
        populate(interp, instance, &mapper, row, false);
    }
    Ok(())
}

/// Fills the attributes of `instance` from a row of its mapper's columns; existing loaded
/// or modified attributes are kept unless `overwrite`.
pub fn populate(interp: &mut Interp<'_>, instance: &Rc<Instance>, mapper: &Mapper, row: &[Db], overwrite: bool) {
    let modified: Vec<String> = interp.orm.state(instance).map(|s| s.committed.iter().map(|(k, _)| k.clone()).collect()).unwrap_or_default();
    for (column, value) in mapper.columns.iter().zip(row) {
        if modified.contains(&column.key) {
            continue;
        }
        if overwrite || !instance.has(&column.key) {
            instance.set(&column.key, from_db(value, Some(&column.ty)));
        }
    }
}

/// The identity map's object for (`mapper`, `key`), as CPython would still have it. A hit may
/// be held only by objects CPython has already freed (the posts of a dropped user), so the
/// session is collected first: once per step (no reference can be dropped between two rows of
/// one result), and in a large session only as often as keeps that linear in the steps.
pub fn live_identity(interp: &mut Interp<'_>, mapper: usize, key: &[Db]) -> Option<Rc<Instance>> {
    let found = interp.orm.identity(mapper, key)?;
    let step = interp.steps_taken();
    let session = &interp.orm.session;
    let since = session.collected_at_step.map_or(u64::MAX, |at| step.saturating_sub(at));
    let due = since > 0 && (session.states.len() <= 4096 || since.saturating_mul(16) >= session.states.len() as u64);
    if !due {
        return Some(found);
    }
    // Our own reference would keep the object alive through the collection.
    drop(found);
    interp.orm.collect_unreferenced();
    interp.orm.session.collected_at_step = Some(step);
    interp.orm.identity(mapper, key)
}

/// The object for a loaded row: the identity map's, or a new persistent one.
pub fn load_instance(interp: &mut Interp<'_>, mapper_index: usize, row: &[Db]) -> Rc<Instance> {
    let mapper = interp.orm.mappers[mapper_index].clone();
    let key: Vec<Db> = mapper.columns.iter().zip(row).filter(|(c, _)| c.primary_key).map(|(_, v)| v.clone()).collect();
    if let Some(existing) = live_identity(interp, mapper_index, &key) {
        populate(interp, &existing, &mapper, row, false);
        return existing;
    }
    let session = &interp.orm.session;
    if session.states.len() > 2 * session.kept_at_collect + 1024 {
        interp.orm.collect_unreferenced();
    }
    let instance = interp.new_instance(mapper.class.clone());
    let id = instance.id;
    populate(interp, &instance, &mapper, row, true);
    let session = &mut interp.orm.session;
    session.counter += 1;
    let order = session.counter;
    session.enter_identity(mapper_index, &key, id);
    session.states.insert(
        id,
        State { instance: instance.clone(), mapper: mapper_index, status: Status::Persistent, key: Some(key), committed: Vec::new(), insert_order: order, to_delete: false, overrides: Vec::new(), collections: Vec::new(), touched: false, deferred: Vec::new(), queued: Vec::new() },
    );
    instance
}

/// `<User 3>`: the object by class and identity, as Flask-SQLAlchemy's default repr shows
/// it (never the user's `__repr__`, which could itself run queries).
pub fn identity_label(interp: &Interp<'_>, instance: &Instance, mapper: &Mapper) -> String {
    let key = interp.orm.state(instance).and_then(|s| s.key.clone()).unwrap_or_default();
    let shown: Vec<String> = key
        .iter()
        .map(|v| match v {
            Db::Integer(i) => i.to_string(),
            Db::Text(t) => format!("'{t}'"),
            other => format!("{other:?}"),
        })
        .collect();
    match shown.as_slice() {
        [] => format!("<{} (pending)>", mapper.name()),
        [one] => format!("<{} {one}>", mapper.name()),
        many => format!("<{} ({})>", mapper.name(), many.join(", ")),
    }
}

/// Reads one deferred column of `instance` (`SELECT author.email AS author_email ... WHERE
/// author.id = ?`); false when `key` is not deferred on it.
pub fn load_deferred(interp: &mut Interp<'_>, instance: &Rc<Instance>, key: &str) -> R<bool> {
    let Some(state) = interp.orm.state(instance).cloned() else { return Ok(false) };
    if !state.deferred.iter().any(|k| k == key) {
        return Ok(false);
    }
    let mapper = interp.orm.mappers[state.mapper].clone();
    let Some(column) = mapper.column(key).cloned() else { return Ok(false) };
    let pk = state.key.clone().unwrap_or_default();
    let select = Select {
        columns: vec![SelectColumn { expr: Expr::column(&mapper.table, &column.name), label: Some(format!("{}_{}", mapper.table, column.name)) }],
        from: vec![From::Table(mapper.table.clone())],
        criteria: mapper.pk().iter().zip(&pk).map(|(c, k)| Expr::binary(Expr::column(&mapper.table, &c.name), "=", Expr::Bind(k.clone()))).collect(),
        ..Select::default()
    };
    let result = execute(interp, &Statement::Select(select), &format!("deferred load of {}.{key}", mapper.name()))?;
    let value = result.rows.first().and_then(|r| r.first()).map(|v| from_db(v, Some(&column.ty))).unwrap_or(Value::None);
    instance.set(key, value);
    if let Some(s) = interp.orm.session.states.get_mut(&instance.id) {
        s.deferred.retain(|k| k != key);
    }
    Ok(true)
}

/// A many-to-one's value when it needs no SQL: a NULL foreign key, or a target already in the
/// identity map (`lazy='raise_on_sql'` allows exactly these).
pub fn identity_hit(interp: &Interp<'_>, instance: &Instance, mapper_index: usize, rel: &RelProp) -> Option<Value> {
    if !matches!(rel.kind, RelationshipKind::ManyToOne) {
        return None;
    }
    let mapper = &interp.orm.mappers[mapper_index];
    let mut key = Vec::new();
    for (local, _) in &rel.pairs {
        let column = mapper.column_by_name(local)?;
        key.push(to_db(&instance.get(&column.key)?, Some(&column.ty)).ok()?);
    }
    if key.contains(&Db::Null) {
        return Some(Value::None);
    }
    interp.orm.identity(rel.target, &key).map(Value::Instance)
}

/// Loads a relationship of a persistent object (`lazy load of User.posts`).
pub fn lazy_load(interp: &mut Interp<'_>, instance: &Rc<Instance>, mapper_index: usize, rel: &RelProp, store: bool) -> R<Value> {
    let mapper = interp.orm.mappers[mapper_index].clone();
    if store {
        super::backref::before_load(interp, instance, mapper_index, &rel.key)?;
    }
    // The loader reads the parent's columns: an expired parent is refreshed first.
    let expired = mapper.columns.iter().all(|c| !instance.has(&c.key));
    if expired && rel.kind != RelationshipKind::ManyToOne && interp.orm.state(instance).is_some_and(|s| s.status == Status::Persistent) {
        refresh(interp, instance, "refresh after commit")?;
    }
    let target = interp.orm.mappers[rel.target].clone();
    let cause = format!("lazy load of {}.{} for {}", mapper.name(), rel.key, identity_label(interp, instance, &mapper));
    let value = match rel.kind {
        RelationshipKind::ManyToOne | RelationshipKind::OneToOne => {
            let mut key = Vec::new();
            for (local, _) in &rel.pairs {
                let Some(column) = mapper.column_by_name(local) else { continue };
                let value = match instance.get(&column.key) {
                    Some(v) => v,
                    None => {
                        refresh(interp, instance, "refresh after commit")?;
                        instance.get(&column.key).unwrap_or(Value::None)
                    }
                };
                key.push(to_db(&value, Some(&column.ty)).unwrap_or(Db::Null));
            }
            if key.contains(&Db::Null) || key.is_empty() {
                Value::None
            } else if let Some(found) = live_identity(interp, rel.target, &key) {
                Value::Instance(found)
            } else {
                autoflush(interp)?;
                let select = Select {
                    columns: entity_columns(&target, &target.table, true),
                    from: vec![From::Table(target.table.clone())],
                    criteria: rel
                        .pairs
                        .iter()
                        .zip(&key)
                        .map(|((_, remote), k)| Expr::binary(Expr::column(&target.table, remote), "=", Expr::Bind(k.clone())))
                        .collect(),
                    ..Select::default()
                };
                let loaded = super::loading::select_with_defaults(interp, rel.target, select, &cause)?;
                loaded.into_iter().next().map(Value::Instance).unwrap_or(Value::None)
            }
        }
        RelationshipKind::OneToMany => {
            autoflush(interp)?;
            let mut criteria = Vec::new();
            for (remote_fk, local) in &rel.pairs {
                let Some(column) = mapper.column_by_name(local) else { continue };
                let value = if column.primary_key {
                    let position = mapper.pk().iter().position(|c| c.name == column.name).unwrap_or(0);
                    interp.orm.state(instance).and_then(|s| s.key.as_ref().and_then(|k| k.get(position).cloned())).unwrap_or(Db::Null)
                } else {
                    to_db(&instance.get(&column.key).unwrap_or(Value::None), Some(&column.ty)).unwrap_or(Db::Null)
                };
                criteria.push(Expr::binary(Expr::Bind(value), "=", Expr::column(&target.table, remote_fk)));
            }
            let order_by = rel.order_by.as_deref().map(|text| order_by_text(&target, text)).unwrap_or_default();
            let select = Select {
                columns: entity_columns(&target, &target.table, true),
                from: vec![From::Table(target.table.clone())],
                criteria,
                order_by,
                ..Select::default()
            };
            let items: Vec<Value> = super::loading::select_with_defaults(interp, rel.target, select, &cause)?.into_iter().map(Value::Instance).collect();
            if rel.uselist {
                list(items)
            } else {
                items.into_iter().next().unwrap_or(Value::None)
            }
        }
        RelationshipKind::ManyToMany => {
            autoflush(interp)?;
            let key = interp.orm.state(instance).and_then(|s| s.key.clone());
            let Some(select) = super::collections::lazy_select(interp, &mapper, instance, rel, key.as_deref()) else {
                return interp.unsupported("this many-to-many relationship (self-referential association table)");
            };
            let items = super::loading::select_with_defaults(interp, rel.target, select, &cause)?.into_iter().map(Value::Instance).collect();
            list(items)
        }
    };
    if store {
        super::backref::merge_queued(interp, instance, &rel.key, &value);
        instance.set(&rel.key, value.clone());
        super::collections::snapshot(interp, instance);
    }
    Ok(value)
}

/// A relationship's `order_by="Model.column"` / `"Model.column.desc()"` text as SQL.
pub fn order_by_text(target: &Mapper, text: &str) -> Vec<Expr> {
    text.trim_matches(|c| c == '[' || c == ']')
        .split(',')
        .filter_map(|part| {
            let part = part.trim().trim_matches('"').trim_matches('\'');
            let (path, desc) = match part.strip_suffix(".desc()") {
                Some(p) => (p, true),
                None => (part.strip_suffix(".asc()").unwrap_or(part), false),
            };
            let attribute = path.rsplit('.').next()?;
            let column = target.column(attribute)?;
            let expr = Expr::column(&target.table, &column.name);
            Some(if desc { Expr::Desc(Box::new(expr)) } else { expr })
        })
        .collect()
}
