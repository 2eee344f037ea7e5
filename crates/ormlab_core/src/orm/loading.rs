//! Relationship loading: the strategies of `lazy=` and the loader options
//! (`joinedload`, `selectinload`, `subqueryload`, `lazyload`, `raiseload`, `noload`,
//! `contains_eager`, `defer`), and the exact statements SQLAlchemy 2.0 sends for each:
//! joined eager loads as `LEFT OUTER JOIN posts AS posts_1` inside the parent query,
//! selectin loads as one `IN (?, ...)` query per 500 parents, subquery loads as the parent
//! query wrapped in `anon_1` and joined to the target.
//!
//! A query's options and the mappers' `lazy=` defaults become a [`LoadPlan`]: a tree of the
//! relationships to load eagerly and how, plus the per-object lazy overrides
//! (`lazyload`, `raiseload`, `noload`) that later attribute access consults.

use super::convert::to_db;
use super::mapper::{Mapper, RelProp};
use super::session::{execute, load_instance, order_by_text};
use super::sql::{Expr, From, Select, SelectColumn, Statement};
use crate::engine::Value as Db;
use crate::python::interp::{list, Interp, R};
use crate::python::object::Instance;
use crate::python::value::Value;
use crate::schema::model::RelationshipKind;
use std::rc::Rc;

/// How a relationship is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// `lazy='select'` / `lazyload()`: a SELECT on first access.
    Select,
    /// `lazy='joined'` / `joinedload()`: LEFT OUTER JOIN in the parent query.
    Joined,
    /// `lazy='selectin'` / `selectinload()`: one IN query after the parents.
    Selectin,
    /// `lazy='subquery'` / `subqueryload()`: the parent query as a subquery, joined.
    Subquery,
    /// `lazy='raise'` / `raiseload()`.
    Raise,
    /// `lazy='raise_on_sql'` / `raiseload(sql_only=True)`.
    RaiseOnSql,
    /// `lazy='noload'` / `noload()`: never loads.
    Noload,
    /// `lazy='dynamic'`: an AppenderQuery.
    Dynamic,
    /// `contains_eager()`: filled from the query's own explicit JOIN.
    ContainsEager,
}

impl Strategy {
    /// The strategy a `lazy=` value names (`True` and unknown values load on access).
    pub fn from_lazy(lazy: &str) -> Strategy {
        match lazy {
            "joined" => Strategy::Joined,
            "selectin" => Strategy::Selectin,
            "subquery" => Strategy::Subquery,
            "raise" => Strategy::Raise,
            "raise_on_sql" => Strategy::RaiseOnSql,
            "noload" => Strategy::Noload,
            "dynamic" => Strategy::Dynamic,
            _ => Strategy::Select,
        }
    }

    /// The strategy of a loader option function (`sqlalchemy.orm.joinedload` → Joined).
    pub fn from_option(name: &str) -> Option<Strategy> {
        Some(match name.rsplit('.').next().unwrap_or(name) {
            "joinedload" => Strategy::Joined,
            "selectinload" => Strategy::Selectin,
            "subqueryload" => Strategy::Subquery,
            "lazyload" => Strategy::Select,
            "raiseload" => Strategy::Raise,
            "noload" => Strategy::Noload,
            "contains_eager" => Strategy::ContainsEager,
            _ => return None,
        })
    }

    /// Loaded together with the parents (no access needed).
    pub fn is_eager(self) -> bool {
        matches!(self, Strategy::Joined | Strategy::Selectin | Strategy::Subquery | Strategy::ContainsEager)
    }

    /// The name the statement log and the lens use.
    pub fn label(self) -> &'static str {
        match self {
            Strategy::Select => "lazy",
            Strategy::Joined => "joined",
            Strategy::Selectin => "selectin",
            Strategy::Subquery => "subquery",
            Strategy::Raise => "raise",
            Strategy::RaiseOnSql => "raise_on_sql",
            Strategy::Noload => "noload",
            Strategy::Dynamic => "dynamic",
            Strategy::ContainsEager => "contains_eager",
        }
    }
}

/// What one loader option says.
#[derive(Debug, Clone, PartialEq)]
pub enum OptionKind {
    /// Load the relationship at the end of the path this way.
    Relationship(Strategy),
    /// `raiseload("*")` and friends: every relationship of the entity at this depth.
    Wildcard(Strategy),
    /// `defer(Model.column)`: leave the column out of the SELECT.
    Defer,
    /// `undefer(Model.column)`.
    Undefer,
    /// `load_only(Model.a, Model.b)`: every other column except the primary key is deferred.
    LoadOnly(Vec<String>),
}

/// One loader option: a path of (mapper, attribute) steps from the query's entity.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadOption {
    /// The attributes from the entity down (`selectinload(A.b).joinedload(B.c)` → [A.b, B.c]).
    pub path: Vec<(usize, String)>,
    /// What to do at the end of the path.
    pub kind: OptionKind,
}

/// One eagerly loaded relationship in a plan, with what is loaded below it.
#[derive(Debug, Clone)]
pub struct LoadNode {
    /// The parent mapper.
    pub mapper: usize,
    /// The relationship.
    pub rel: RelProp,
    /// How.
    pub strategy: Strategy,
    /// Eager loads of the target's relationships.
    pub children: Vec<LoadNode>,
    /// Lazy overrides for the loaded targets (attribute, strategy).
    pub overrides: Vec<(String, Strategy)>,
    /// Deferred column keys of the target.
    pub deferred: Vec<String>,
}

/// Everything a query loads beyond the entity's own columns.
#[derive(Debug, Clone, Default)]
pub struct LoadPlan {
    /// Eager loads below the entity.
    pub nodes: Vec<LoadNode>,
    /// Lazy overrides for the loaded entities.
    pub overrides: Vec<(String, Strategy)>,
    /// Deferred column keys of the entity.
    pub deferred: Vec<String>,
}

/// How deep default eager strategies chain (SQLAlchemy stops at cycles; ormlab also at a
/// depth no tutorial model reaches).
const MAX_DEPTH: usize = 4;

/// The plan for loading `mapper` with `options` (paths relative to it).
pub fn plan(interp: &Interp<'_>, mapper: usize, options: &[LoadOption]) -> LoadPlan {
    let mut visiting = vec![mapper];
    let (nodes, overrides) = plan_level(interp, mapper, options, &[], &mut visiting);
    let deferred = column_options(interp, options, &[], mapper);
    LoadPlan { nodes, overrides, deferred }
}

/// Notes the eager loads of a plan that a query of the script's `line` set up (the lens
/// reports those the script never reads).
pub fn record_loads(interp: &mut Interp<'_>, nodes: &[LoadNode]) {
    let line = interp.line;
    for node in nodes {
        let relationship = format!("{}.{}", interp.orm.mappers[node.mapper].name(), node.rel.key);
        let strategy = node.strategy.label().to_string();
        if !interp.orm.loads.iter().any(|l| l.line == line && l.relationship == relationship) {
            interp.orm.loads.push(crate::api::LoadRecord { line, relationship, strategy, accessed: false });
        }
        record_loads(interp, &node.children);
    }
}

fn column_options(interp: &Interp<'_>, options: &[LoadOption], prefix: &[(usize, String)], mapper: usize) -> Vec<String> {
    let mut deferred: Vec<String> = Vec::new();
    for option in options {
        let Some(((m, key), head)) = option.path.split_last() else { continue };
        if head != prefix || *m != mapper {
            continue;
        }
        match &option.kind {
            OptionKind::Defer => deferred.push(key.clone()),
            OptionKind::Undefer => deferred.retain(|k| k != key),
            OptionKind::LoadOnly(keep) => {
                for column in &interp.orm.mappers[mapper].columns {
                    if !column.primary_key && !keep.contains(&column.key) && !deferred.contains(&column.key) {
                        deferred.push(column.key.clone());
                    }
                }
            }
            _ => {}
        }
    }
    deferred
}

fn plan_level(interp: &Interp<'_>, mapper: usize, options: &[LoadOption], prefix: &[(usize, String)], visiting: &mut Vec<usize>) -> (Vec<LoadNode>, Vec<(String, Strategy)>) {
    let mut nodes = Vec::new();
    let mut overrides = Vec::new();
    let Some(m) = interp.orm.mappers.get(mapper) else { return (nodes, overrides) };
    let wildcard = options.iter().rev().find_map(|o| match &o.kind {
        OptionKind::Wildcard(s) if o.path.len() == prefix.len() && o.path.iter().zip(prefix).all(|(a, b)| a == b) => Some(*s),
        _ => None,
    });
    for rel in &m.relationships {
        let explicit = options.iter().rev().find_map(|o| match &o.kind {
            OptionKind::Relationship(s) if o.path.len() == prefix.len() + 1 && o.path.starts_with(prefix) && o.path.last() == Some(&(mapper, rel.key.clone())) => Some(*s),
            _ => None,
        });
        // Options on deeper paths imply the default loading of this step (defaultload).
        let deeper = options.iter().any(|o| o.path.len() > prefix.len() + 1 && o.path.starts_with(prefix) && o.path.get(prefix.len()) == Some(&(mapper, rel.key.clone())));
        let default = Strategy::from_lazy(&rel.lazy);
        let forced = interp.orm.strategy_override.as_ref().and_then(|(names, s)| names.contains(&format!("{}.{}", m.name(), rel.key)).then_some(*s));
        let strategy = match (forced, explicit, wildcard) {
            (Some(s), _, _) => s,
            (None, explicit, wildcard) => match (explicit, wildcard) {
            (Some(s), _) => s,
            (None, Some(w)) => w,
            // Default eager strategies stop at a cycle (join_depth is not modelled).
            (None, None) if default.is_eager() && (visiting.contains(&rel.target) || visiting.len() > MAX_DEPTH) => Strategy::Select,
            (None, None) => default,
            },
        };
        if strategy.is_eager() {
            let mut path = prefix.to_vec();
            path.push((mapper, rel.key.clone()));
            visiting.push(rel.target);
            let (children, child_overrides) = plan_level(interp, rel.target, options, &path, visiting);
            visiting.pop();
            let deferred = column_options(interp, options, &path, rel.target);
            nodes.push(LoadNode { mapper, rel: rel.clone(), strategy, children, overrides: child_overrides, deferred });
        } else if strategy != default || deeper {
            overrides.push((rel.key.clone(), strategy));
        }
    }
    (nodes, overrides)
}

/// Anonymous alias names of one statement (`posts_1`, `posts_2`, per table name).
#[derive(Debug, Default)]
pub struct Aliases {
    used: Vec<(String, usize)>,
}

impl Aliases {
    /// The next alias of `table`.
    pub fn next(&mut self, table: &str) -> String {
        match self.used.iter_mut().find(|(t, _)| t == table) {
            Some((_, n)) => {
                *n += 1;
                format!("{table}_{n}")
            }
            None => {
                self.used.push((table.to_string(), 1));
                format!("{table}_1")
            }
        }
    }
}

/// Labels of a 2.0-style column list: plain names, `name_1`, `name_2`... when a name repeats.
#[derive(Debug, Default)]
pub struct ColumnNames {
    seen: Vec<String>,
    counters: Vec<(String, usize)>,
}

impl ColumnNames {
    /// Records the names already in the list.
    pub fn from_columns(columns: &[SelectColumn]) -> Self {
        let mut names = ColumnNames::default();
        for column in columns {
            let name = match (&column.label, &column.expr) {
                (Some(label), _) => label.clone(),
                (None, Expr::Column { name, .. }) => name.clone(),
                _ => continue,
            };
            names.seen.push(name);
        }
        names
    }

    /// The label for a column named `name`: none when the name is new.
    pub fn label(&mut self, name: &str) -> Option<String> {
        if !self.seen.iter().any(|n| n == name) {
            self.seen.push(name.to_string());
            return None;
        }
        let n = match self.counters.iter_mut().find(|(b, _)| b == name) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                self.counters.push((name.to_string(), 1));
                1
            }
        };
        let label = format!("{name}_{n}");
        self.seen.push(label.clone());
        Some(label)
    }
}

/// The column list of a mapper read from `table` (a name or an alias), minus deferred columns.
pub fn mapper_columns(mapper: &Mapper, table: &str, legacy: bool, names: &mut ColumnNames, deferred: &[String]) -> Vec<SelectColumn> {
    mapper
        .columns
        .iter()
        .filter(|c| !deferred.contains(&c.key))
        .map(|c| {
            let label = if legacy { Some(format!("{table}_{}", c.name)) } else { names.label(&c.name) };
            SelectColumn { expr: Expr::column(table, &c.name), label }
        })
        .collect()
}

/// The ON clause between a parent (read from `parent_table`) and its relationship's target
/// (read from `target_table`): the referenced column first, as SQLAlchemy prints it.
fn join_condition(rel: &RelProp, parent: &Parent<'_>, target_table: &str) -> Expr {
    let pairs: Vec<Expr> = rel
        .pairs
        .iter()
        .map(|(a, b)| match rel.kind {
            // pairs = (local FK, remote referenced column)
            RelationshipKind::ManyToOne | RelationshipKind::OneToOne => Expr::binary(Expr::column(target_table, b), "=", parent.column(a)),
            // pairs = (remote FK, local referenced column)
            _ => Expr::binary(parent.column(b), "=", Expr::column(target_table, a)),
        })
        .collect();
    if pairs.len() == 1 {
        pairs.into_iter().next().unwrap_or(Expr::Literal("1 = 1".into()))
    } else {
        Expr::And(pairs)
    }
}

/// Where joined loads find their parent's columns: a table (or alias) by column name, or the
/// `anon_1` subquery SQLAlchemy wraps a LIMITed parent query in, whose columns carry labels.
#[derive(Debug, Clone, Copy)]
pub struct Parent<'a> {
    /// The FROM item's name.
    pub from: &'a str,
    /// `Some(table)` when columns are named `table_column` (a wrapped legacy query).
    pub prefix: Option<&'a str>,
}

impl<'a> Parent<'a> {
    /// A plain table or alias.
    pub fn table(from: &'a str) -> Self {
        Parent { from, prefix: None }
    }

    /// The parent's column `name` as this FROM item exposes it.
    pub fn column(&self, name: &str) -> Expr {
        match self.prefix {
            Some(table) => Expr::column(self.from, &format!("{table}_{name}")),
            None => Expr::column(self.from, name),
        }
    }
}

/// Where a joined eager load's columns sit in the result row.
#[derive(Debug, Clone)]
pub struct JoinedSlot {
    /// The node.
    pub node: LoadNode,
    /// First column of the target in the row.
    pub start: usize,
    /// Number of columns.
    pub width: usize,
    /// Slots of the node's joined children.
    pub children: Vec<JoinedSlot>,
}

/// Adds the joined eager loads of `nodes` (parents read from `parent_table`) to `select`:
/// LEFT OUTER JOINs onto the last FROM item, the columns (deepest first, as SQLAlchemy lists
/// them), and the relationships' ORDER BY. Returns where each node's columns are.
pub fn add_joined(interp: &Interp<'_>, select: &mut Select, nodes: &[LoadNode], parent: Parent<'_>, legacy: bool, aliases: &mut Aliases, names: &mut ColumnNames) -> Vec<JoinedSlot> {
    let mut slots = Vec::new();
    for node in nodes.iter().filter(|n| n.strategy == Strategy::Joined) {
        let target = interp.orm.mappers[node.rel.target].clone();
        let (right, on, alias) = if node.rel.kind == RelationshipKind::ManyToMany {
            // `LEFT OUTER JOIN (post_tags AS post_tags_1 JOIN tag AS tag_1 ON ...) ON ...`
            let Some(link) = super::collections::secondary(interp, &interp.orm.mappers[node.mapper], &node.rel) else { continue };
            let link_alias = aliases.next(&link.table);
            let alias = aliases.next(&target.table);
            let inner = From::Join {
                left: Box::new(From::Alias(link.table.clone(), link_alias.clone())),
                right: Box::new(From::Alias(target.table.clone(), alias.clone())),
                on: Expr::binary(Expr::column(&alias, &link.remote.1), "=", Expr::column(&link_alias, &link.remote.0)),
                outer: false,
            };
            (inner, Expr::binary(parent.column(&link.local.1), "=", Expr::column(&link_alias, &link.local.0)), alias)
        } else {
            let alias = aliases.next(&target.table);
            (From::Alias(target.table.clone(), alias.clone()), join_condition(&node.rel, &parent, &alias), alias)
        };
        if let Some(left) = select.from.pop() {
            select.from.push(From::Join { left: Box::new(left), right: Box::new(right), on, outer: true });
        }
        let children = add_joined(interp, select, &node.children, Parent::table(&alias), legacy, aliases, names);
        let start = select.columns.len();
        let columns = mapper_columns(&target, &alias, legacy, names, &node.deferred);
        let width = columns.len();
        select.columns.extend(columns);
        if node.rel.uselist {
            if let Some(order) = &node.rel.order_by {
                select.order_by.extend(order_by_text(&target, order).into_iter().map(|e| realias(e, &target.table, &alias)));
            }
        }
        slots.push(JoinedSlot { node: node.clone(), start, width, children });
    }
    slots
}

/// An expression on `table` read from `alias` instead.
fn realias(expr: Expr, table: &str, alias: &str) -> Expr {
    match expr {
        Expr::Column { table: t, name } if t == table => Expr::Column { table: alias.to_string(), name },
        Expr::Desc(e) => Expr::Desc(Box::new(realias(*e, table, alias))),
        Expr::Asc(e) => Expr::Asc(Box::new(realias(*e, table, alias))),
        other => other,
    }
}

/// Collections and references filled during one load, so rows of the same parent append
/// instead of starting over.
#[derive(Debug, Default)]
pub struct Filled {
    items: Vec<(u64, String)>,
}

impl Filled {
    fn first_time(&mut self, instance: &Instance, key: &str) -> bool {
        if self.items.iter().any(|(id, k)| *id == instance.id && k == key) {
            return false;
        }
        self.items.push((instance.id, key.to_string()));
        true
    }
}

/// Whether the attribute may be filled by this load: not loaded yet, or filled by it already.
fn may_fill(instance: &Instance, key: &str, filled: &Filled) -> bool {
    !instance.has(key) || filled.items.iter().any(|(id, k)| *id == instance.id && k == key)
}

/// Fills the joined eager loads of one result row into `parent` and below.
pub fn populate_joined(interp: &mut Interp<'_>, parent: &Rc<Instance>, row: &[Db], slots: &[JoinedSlot], filled: &mut Filled) {
    for slot in slots {
        let rel = &slot.node.rel;
        let fill = may_fill(parent, &rel.key, filled);
        let first = fill && filled.first_time(parent, &rel.key);
        let values = row.get(slot.start..slot.start + slot.width).unwrap_or(&[]);
        let target = interp.orm.mappers[rel.target].clone();
        let pk_null = target.columns.iter().zip(values).filter(|(c, _)| c.primary_key).all(|(_, v)| *v == Db::Null);
        let child = if pk_null || values.len() < target.columns.iter().filter(|c| !slot.node.deferred.contains(&c.key)).count() {
            None
        } else {
            Some(load_target(interp, rel.target, values, &slot.node.deferred, &slot.node.overrides))
        };
        if fill {
            if rel.uselist {
                if first {
                    parent.set(&rel.key, list(Vec::new()));
                }
                if let (Some(child), Some(Value::ListMut(items))) = (&child, parent.get(&rel.key)) {
                    let present = items.borrow().iter().any(|v| matches!(v, Value::Instance(i) if Rc::ptr_eq(i, child)));
                    if !present {
                        items.borrow_mut().push(Value::Instance(child.clone()));
                    }
                }
            } else if first {
                parent.set(&rel.key, child.clone().map(Value::Instance).unwrap_or(Value::None));
            }
        }
        if let Some(child) = child {
            populate_joined(interp, &child, row, &slot.children, filled);
        }
    }
}

/// Loads a target row whose deferred columns are absent from `values`.
fn load_target(interp: &mut Interp<'_>, mapper: usize, values: &[Db], deferred: &[String], overrides: &[(String, Strategy)]) -> Rc<Instance> {
    let instance = load_partial(interp, mapper, values, deferred);
    set_overrides(interp, &instance, overrides);
    instance
}

/// Loads a row read without its `deferred` columns: a new object leaves them unloaded (each
/// loads alone on access, as SQLAlchemy's deferred columns do); an object already in the
/// identity map keeps what it has.
pub fn load_partial(interp: &mut Interp<'_>, mapper: usize, values: &[Db], deferred: &[String]) -> Rc<Instance> {
    if deferred.is_empty() {
        return load_instance(interp, mapper, values);
    }
    let (full, unset) = expand_deferred(&interp.orm.mappers[mapper], values, deferred);
    let loaded_before: Vec<String> = {
        let m = &interp.orm.mappers[mapper];
        let key: Vec<Db> = m.columns.iter().zip(&full).filter(|(c, _)| c.primary_key).map(|(_, v)| v.clone()).collect();
        interp.orm.identity(mapper, &key).map(|i| unset.iter().filter(|k| i.has(k)).cloned().collect()).unwrap_or_default()
    };
    let instance = load_instance(interp, mapper, &full);
    let fresh: Vec<String> = unset.into_iter().filter(|k| !loaded_before.contains(k)).collect();
    for key in &fresh {
        instance.remove(key);
    }
    if let Some(state) = interp.orm.session.states.get_mut(&instance.id) {
        for key in fresh {
            if !state.deferred.contains(&key) {
                state.deferred.push(key);
            }
        }
    }
    instance
}

/// A full-width row from one without the deferred columns (NULL in their place), and the
/// keys to unset again after loading.
pub fn expand_deferred(mapper: &Mapper, values: &[Db], deferred: &[String]) -> (Vec<Db>, Vec<String>) {
    if deferred.is_empty() {
        return (values.to_vec(), Vec::new());
    }
    let mut out = Vec::with_capacity(mapper.columns.len());
    let mut it = values.iter();
    let mut unset = Vec::new();
    for column in &mapper.columns {
        if deferred.contains(&column.key) {
            out.push(Db::Null);
            unset.push(column.key.clone());
        } else {
            out.push(it.next().cloned().unwrap_or(Db::Null));
        }
    }
    (out, unset)
}

/// Records the lazy overrides of a loaded object (a later access consults them).
pub fn set_overrides(interp: &mut Interp<'_>, instance: &Instance, overrides: &[(String, Strategy)]) {
    if overrides.is_empty() {
        return;
    }
    if let Some(state) = interp.orm.session.states.get_mut(&instance.id) {
        for (key, strategy) in overrides {
            state.overrides.retain(|(k, _)| k != key);
            state.overrides.push((key.clone(), *strategy));
        }
    }
}

/// The strategy an access of `rel` on `instance` uses: its load's override, else `lazy=`.
pub fn access_strategy(interp: &Interp<'_>, instance: &Instance, rel: &RelProp) -> Strategy {
    if let (Some((names, forced)), Some(mapper)) = (&interp.orm.strategy_override, interp.orm.mapper_of(instance)) {
        if names.contains(&format!("{}.{}", interp.orm.mappers[mapper].name(), rel.key)) {
            // Eager strategies that did not apply to this object fall back to a lazy load.
            return if forced.is_eager() { Strategy::Select } else { *forced };
        }
    }
    interp
        .orm
        .state(instance)
        .and_then(|s| s.overrides.iter().find(|(k, _)| *k == rel.key).map(|(_, s)| *s))
        .unwrap_or_else(|| Strategy::from_lazy(&rel.lazy))
}

/// SQLAlchemy's IN batches hold at most 500 keys.
const IN_BATCH: usize = 500;

/// Runs the post-load eager loads (selectin, subquery) of `nodes` for `parents`, then theirs
/// below. `parent_select` is the parents' own query (subquery loads re-run it).
pub fn post_load(interp: &mut Interp<'_>, parents: &[Rc<Instance>], nodes: &[LoadNode], parent_select: Option<&Select>) -> R<()> {
    for node in nodes {
        let children = match node.strategy {
            Strategy::Selectin => selectin(interp, parents, node)?,
            Strategy::Subquery => match parent_select {
                Some(select) => subquery(interp, parents, node, select)?,
                None => selectin(interp, parents, node)?,
            },
            Strategy::Joined => {
                // Already in the row; load what hangs below the joined children.
                let children = loaded_children(parents, &node.rel.key);
                post_load(interp, &children, &node.children, None)?;
                continue;
            }
            _ => continue,
        };
        for parent in parents {
            super::collections::snapshot(interp, parent);
        }
        post_load(interp, &children, &node.children, None)?;
    }
    Ok(())
}

/// The distinct objects `key` holds across `parents`.
fn loaded_children(parents: &[Rc<Instance>], key: &str) -> Vec<Rc<Instance>> {
    let mut out: Vec<Rc<Instance>> = Vec::new();
    for parent in parents {
        for child in super::session::related_instances(&parent.get(key).unwrap_or(Value::None)) {
            if !out.iter().any(|c| Rc::ptr_eq(c, &child)) {
                out.push(child);
            }
        }
    }
    out
}

fn cause(interp: &Interp<'_>, node: &LoadNode, parents: usize) -> String {
    let owner = interp.orm.mappers[node.mapper].name().to_string();
    let noun = if parents == 1 { "parent" } else { "parents" };
    format!("{} load of {owner}.{} for {parents} {noun}", node.strategy.label(), node.rel.key)
}

/// A parent's value of one of its own columns (by column name), as bound.
fn column_value(interp: &Interp<'_>, instance: &Instance, mapper: usize, column: &str) -> Db {
    let m = &interp.orm.mappers[mapper];
    let Some(c) = m.column_by_name(column) else { return Db::Null };
    to_db(&instance.get(&c.key).unwrap_or(Value::None), Some(&c.ty)).unwrap_or(Db::Null)
}

fn selectin(interp: &mut Interp<'_>, parents: &[Rc<Instance>], node: &LoadNode) -> R<Vec<Rc<Instance>>> {
    let rel = node.rel.clone();
    let target = interp.orm.mappers[rel.target].clone();
    let parents: Vec<Rc<Instance>> = parents.iter().filter(|p| !p.has(&rel.key)).cloned().collect();
    if parents.is_empty() {
        return Ok(Vec::new());
    }
    match rel.kind {
        RelationshipKind::ManyToOne | RelationshipKind::OneToOne => {
            let [(local, remote)] = rel.pairs.as_slice() else { return interp.unsupported("selectin loading over a composite foreign key") };
            // Every distinct key is queried (the identity map is not consulted), sorted.
            let mut keys: Vec<Db> = Vec::new();
            for parent in &parents {
                let key = column_value(interp, parent, node.mapper, local);
                if key != Db::Null && !keys.contains(&key) {
                    keys.push(key);
                }
            }
            keys.sort_by(|a, b| match (a, b) {
                (Db::Integer(x), Db::Integer(y)) => x.cmp(y),
                _ => format!("{a:?}").cmp(&format!("{b:?}")),
            });
            let mut loaded = Vec::new();
            for batch in keys.chunks(IN_BATCH) {
                let mut names = ColumnNames::default();
                let mut select = Select {
                    columns: mapper_columns(&target, &target.table, true, &mut names, &node.deferred),
                    from: vec![From::Table(target.table.clone())],
                    criteria: vec![Expr::In(Box::new(Expr::column(&target.table, remote)), batch.iter().cloned().map(Expr::Bind).collect(), false)],
                    ..Select::default()
                };
                let slots = add_joined(interp, &mut select, &node.children, Parent::table(&target.table), true, &mut Aliases::default(), &mut names);
                let text = cause(interp, node, parents.len());
                let result = execute(interp, &Statement::Select(select), &text)?;
                let width = target.columns.len() - node.deferred.len();
                let mut filled = Filled::default();
                for row in &result.rows {
                    let child = load_target(interp, rel.target, row.get(..width).unwrap_or(&[]), &node.deferred, &node.overrides);
                    populate_joined(interp, &child, row, &slots, &mut filled);
                    loaded.push(child);
                }
            }
            for parent in &parents {
                let key = column_value(interp, parent, node.mapper, local);
                let value = if key == Db::Null { None } else { interp.orm.identity(rel.target, std::slice::from_ref(&key)) };
                parent.set(&rel.key, value.map(Value::Instance).unwrap_or(Value::None));
            }
            Ok(loaded)
        }
        RelationshipKind::OneToMany => {
            let [(remote_fk, local)] = rel.pairs.as_slice() else { return interp.unsupported("selectin loading over a composite foreign key") };
            let mut keys: Vec<Db> = Vec::new();
            for parent in &parents {
                let key = column_value(interp, parent, node.mapper, local);
                if key != Db::Null && !keys.contains(&key) {
                    keys.push(key);
                }
            }
            let fk_position = target.columns.iter().position(|c| &c.name == remote_fk).unwrap_or(0);
            let mut groups: Vec<(Db, Vec<Value>)> = keys.iter().map(|k| (k.clone(), Vec::new())).collect();
            let mut loaded = Vec::new();
            for batch in keys.chunks(IN_BATCH) {
                let mut names = ColumnNames::default();
                // The foreign key comes first, then the target's other columns.
                let mut columns = vec![SelectColumn { expr: Expr::column(&target.table, remote_fk), label: Some(format!("{}_{}", target.table, remote_fk)) }];
                let deferred: Vec<String> = node.deferred.iter().filter(|k| target.column(k).is_some_and(|c| &c.name != remote_fk)).cloned().collect();
                columns.extend(mapper_columns(&target, &target.table, true, &mut names, &deferred).into_iter().filter(|c| !matches!(&c.expr, Expr::Column { name, .. } if name == remote_fk)));
                let mut select = Select {
                    columns,
                    from: vec![From::Table(target.table.clone())],
                    criteria: vec![Expr::In(Box::new(Expr::column(&target.table, remote_fk)), batch.iter().cloned().map(Expr::Bind).collect(), false)],
                    order_by: rel.order_by.as_deref().map(|o| order_by_text(&target, o)).unwrap_or_default(),
                    ..Select::default()
                };
                let slots = add_joined(interp, &mut select, &node.children, Parent::table(&target.table), true, &mut Aliases::default(), &mut names);
                let text = cause(interp, node, parents.len());
                let result = execute(interp, &Statement::Select(select), &text)?;
                let width = target.columns.len() - deferred.len();
                let mut filled = Filled::default();
                for row in &result.rows {
                    // Back into table order: the FK was moved to the front.
                    let mut values: Vec<Db> = row.get(1..width).unwrap_or(&[]).to_vec();
                    let fk = row.first().cloned().unwrap_or(Db::Null);
                    let insert_at = target.columns.iter().filter(|c| !deferred.contains(&c.key)).position(|c| &c.name == remote_fk).unwrap_or(fk_position).min(values.len());
                    values.insert(insert_at, fk.clone());
                    let child = load_target(interp, rel.target, &values, &deferred, &node.overrides);
                    // Joined children's columns sit after the target's in the row.
                    populate_joined(interp, &child, row, &slots, &mut filled);
                    // Rows repeat per joined child below; each target object counts once.
                    if let Some((_, items)) = groups.iter_mut().find(|(k, _)| *k == fk) {
                        if !items.iter().any(|v| matches!(v, Value::Instance(i) if Rc::ptr_eq(i, &child))) {
                            items.push(Value::Instance(child.clone()));
                            loaded.push(child);
                        }
                    }
                }
            }
            assign_groups(interp, &parents, node, local, &groups);
            Ok(loaded)
        }
        RelationshipKind::ManyToMany => selectin_many_to_many(interp, &parents, node),
    }
}

/// `SELECT post_1.id AS post_1_id, tag.* FROM post AS post_1 JOIN post_tags AS post_tags_1 ON
/// ... JOIN tag ON ... WHERE post_1.id IN (...)`: the parent's key leads each row.
fn selectin_many_to_many(interp: &mut Interp<'_>, parents: &[Rc<Instance>], node: &LoadNode) -> R<Vec<Rc<Instance>>> {
    let rel = node.rel.clone();
    let owner = interp.orm.mappers[node.mapper].clone();
    let target = interp.orm.mappers[rel.target].clone();
    let Some(link) = super::collections::secondary(interp, &owner, &rel) else { return interp.unsupported("selectin loading of a self-referential many-to-many relationship") };
    let local = link.local.1.clone();
    let mut keys: Vec<Db> = Vec::new();
    for parent in parents {
        let key = column_value(interp, parent, node.mapper, &local);
        if key != Db::Null && !keys.contains(&key) {
            keys.push(key);
        }
    }
    let mut aliases = Aliases::default();
    let owner_alias = aliases.next(&owner.table);
    let link_alias = aliases.next(&link.table);
    let mut groups: Vec<(Db, Vec<Value>)> = keys.iter().map(|k| (k.clone(), Vec::new())).collect();
    let mut loaded = Vec::new();
    for batch in keys.chunks(IN_BATCH) {
        let mut names = ColumnNames::default();
        let mut columns = vec![SelectColumn { expr: Expr::column(&owner_alias, &local), label: Some(format!("{owner_alias}_{local}")) }];
        columns.extend(mapper_columns(&target, &target.table, true, &mut names, &node.deferred));
        let from = From::Join {
            left: Box::new(From::Join {
                left: Box::new(From::Alias(owner.table.clone(), owner_alias.clone())),
                right: Box::new(From::Alias(link.table.clone(), link_alias.clone())),
                on: Expr::binary(Expr::column(&owner_alias, &local), "=", Expr::column(&link_alias, &link.local.0)),
                outer: false,
            }),
            right: Box::new(From::Table(target.table.clone())),
            on: Expr::binary(Expr::column(&target.table, &link.remote.1), "=", Expr::column(&link_alias, &link.remote.0)),
            outer: false,
        };
        let mut select = Select {
            columns,
            from: vec![from],
            criteria: vec![Expr::In(Box::new(Expr::column(&owner_alias, &local)), batch.iter().cloned().map(Expr::Bind).collect(), false)],
            order_by: rel.order_by.as_deref().map(|o| order_by_text(&target, o)).unwrap_or_default(),
            ..Select::default()
        };
        let slots = add_joined(interp, &mut select, &node.children, Parent::table(&target.table), true, &mut aliases, &mut names);
        let text = cause(interp, node, parents.len());
        let result = execute(interp, &Statement::Select(select), &text)?;
        let width = target.columns.len() - node.deferred.len();
        let mut filled = Filled::default();
        for row in &result.rows {
            let key = row.first().cloned().unwrap_or(Db::Null);
            let child = load_target(interp, rel.target, row.get(1..1 + width).unwrap_or(&[]), &node.deferred, &node.overrides);
            populate_joined(interp, &child, row, &slots, &mut filled);
            if let Some((_, items)) = groups.iter_mut().find(|(k, _)| *k == key) {
                if !items.iter().any(|v| matches!(v, Value::Instance(i) if Rc::ptr_eq(i, &child))) {
                    items.push(Value::Instance(child.clone()));
                }
            }
            if !loaded.iter().any(|i: &Rc<Instance>| Rc::ptr_eq(i, &child)) {
                loaded.push(child);
            }
        }
    }
    assign_groups(interp, parents, node, &local, &groups);
    Ok(loaded)
}

/// Gives each parent the loaded children whose foreign key is its `local` column's value
/// (an empty collection, or None, when it has none).
fn assign_groups(interp: &Interp<'_>, parents: &[Rc<Instance>], node: &LoadNode, local: &str, groups: &[(Db, Vec<Value>)]) {
    for parent in parents {
        let key = column_value(interp, parent, node.mapper, local);
        let items = groups.iter().find(|(k, _)| *k == key).map(|(_, items)| items.clone()).unwrap_or_default();
        let value = if node.rel.uselist { list(items) } else { items.into_iter().next().unwrap_or(Value::None) };
        parent.set(&node.rel.key, value);
    }
}

fn subquery(interp: &mut Interp<'_>, parents: &[Rc<Instance>], node: &LoadNode, parent_select: &Select) -> R<Vec<Rc<Instance>>> {
    let rel = node.rel.clone();
    if rel.kind != RelationshipKind::OneToMany {
        return subquery_via(interp, parents, node, parent_select);
    }
    let target = interp.orm.mappers[rel.target].clone();
    let parent_mapper = interp.orm.mappers[node.mapper].clone();
    let [(remote_fk, local)] = rel.pairs.as_slice() else { return interp.unsupported("subquery loading over a composite foreign key") };
    // The query runs for any parent rows; only unloaded collections take its result.
    if parents.is_empty() {
        return Ok(Vec::new());
    }
    let parents: Vec<Rc<Instance>> = parents.iter().filter(|p| !p.has(&rel.key)).cloned().collect();
    // The parents' query reduced to their key; its ORDER BY only matters with LIMIT/OFFSET.
    let local_label = format!("{}_{}", parent_mapper.table, local);
    let mut inner = parent_select.clone();
    inner.columns = vec![SelectColumn { expr: Expr::column(&parent_mapper.table, local), label: Some(local_label.clone()) }];
    if inner.limit.is_none() && inner.offset.is_none() {
        inner.order_by.clear();
    }
    let mut names = ColumnNames::default();
    let mut columns = mapper_columns(&target, &target.table, true, &mut names, &node.deferred);
    columns.push(SelectColumn { expr: Expr::column("anon_1", &local_label), label: Some(format!("anon_1_{local_label}")) });
    let select = Select {
        columns,
        from: vec![From::Join {
            left: Box::new(From::Subquery(Box::new(inner), "anon_1".into())),
            right: Box::new(From::Table(target.table.clone())),
            on: Expr::binary(Expr::column("anon_1", &local_label), "=", Expr::column(&target.table, remote_fk)),
            outer: false,
        }],
        order_by: rel.order_by.as_deref().map(|o| order_by_text(&target, o)).unwrap_or_default(),
        ..Select::default()
    };
    let text = cause(interp, node, parents.len());
    let result = execute(interp, &Statement::Select(select), &text)?;
    let width = target.columns.len() - node.deferred.len();
    let mut groups: Vec<(Db, Vec<Value>)> = Vec::new();
    let mut loaded = Vec::new();
    for row in &result.rows {
        let child = load_target(interp, rel.target, row.get(..width).unwrap_or(&[]), &node.deferred, &node.overrides);
        let key = row.get(width).cloned().unwrap_or(Db::Null);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, items)) => items.push(Value::Instance(child.clone())),
            None => groups.push((key, vec![Value::Instance(child.clone())])),
        }
        loaded.push(child);
    }
    assign_groups(interp, &parents, node, local, &groups);
    Ok(loaded)
}

/// Subquery loads of many-to-one and many-to-many relationships: the parents' query reduced to
/// the joining column (`SELECT DISTINCT post.user_id ...` / `SELECT post.id ...`) as `anon_1`,
/// joined to the target (through the association table); each row carries the parent's value.
fn subquery_via(interp: &mut Interp<'_>, parents: &[Rc<Instance>], node: &LoadNode, parent_select: &Select) -> R<Vec<Rc<Instance>>> {
    let rel = node.rel.clone();
    let owner = interp.orm.mappers[node.mapper].clone();
    let target = interp.orm.mappers[rel.target].clone();
    if parents.is_empty() {
        return Ok(Vec::new());
    }
    let (local, link) = match rel.kind {
        RelationshipKind::ManyToMany => {
            let Some(link) = super::collections::secondary(interp, &owner, &rel) else { return interp.unsupported("subquery loading of a self-referential many-to-many relationship") };
            (link.local.1.clone(), Some(link))
        }
        _ => match rel.pairs.as_slice() {
            [(local, _)] => (local.clone(), None),
            _ => return interp.unsupported("subquery loading over a composite foreign key"),
        },
    };
    let local_label = format!("{}_{local}", owner.table);
    let mut inner = parent_select.clone();
    inner.columns = vec![SelectColumn { expr: Expr::column(&owner.table, &local), label: Some(local_label.clone()) }];
    // A many-to-one reads each distinct foreign key once.
    inner.distinct = link.is_none();
    if inner.limit.is_none() && inner.offset.is_none() {
        inner.order_by.clear();
    }
    let mut names = ColumnNames::default();
    let mut columns = mapper_columns(&target, &target.table, true, &mut names, &node.deferred);
    columns.push(SelectColumn { expr: Expr::column("anon_1", &local_label), label: Some(format!("anon_1_{local_label}")) });
    let anon = From::Subquery(Box::new(inner), "anon_1".into());
    let from = match &link {
        Some(link) => {
            let link_alias = Aliases::default().next(&link.table);
            From::Join {
                left: Box::new(From::Join {
                    left: Box::new(anon),
                    right: Box::new(From::Alias(link.table.clone(), link_alias.clone())),
                    on: Expr::binary(Expr::column("anon_1", &local_label), "=", Expr::column(&link_alias, &link.local.0)),
                    outer: false,
                }),
                right: Box::new(From::Table(target.table.clone())),
                on: Expr::binary(Expr::column(&target.table, &link.remote.1), "=", Expr::column(&link_alias, &link.remote.0)),
                outer: false,
            }
        }
        None => {
            let remote = rel.pairs.first().map(|(_, r)| r.clone()).unwrap_or_default();
            From::Join {
                left: Box::new(anon),
                right: Box::new(From::Table(target.table.clone())),
                on: Expr::binary(Expr::column(&target.table, &remote), "=", Expr::column("anon_1", &local_label)),
                outer: false,
            }
        }
    };
    let select = Select { columns, from: vec![from], order_by: rel.order_by.as_deref().map(|o| order_by_text(&target, o)).unwrap_or_default(), ..Select::default() };
    let text = cause(interp, node, parents.len());
    let result = execute(interp, &Statement::Select(select), &text)?;
    let width = target.columns.len() - node.deferred.len();
    let mut groups: Vec<(Db, Vec<Value>)> = Vec::new();
    let mut loaded: Vec<Rc<Instance>> = Vec::new();
    for row in &result.rows {
        let child = load_target(interp, rel.target, row.get(..width).unwrap_or(&[]), &node.deferred, &node.overrides);
        let key = row.get(width).cloned().unwrap_or(Db::Null);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, items)) => items.push(Value::Instance(child.clone())),
            None => groups.push((key, vec![Value::Instance(child.clone())])),
        }
        if !loaded.iter().any(|i| Rc::ptr_eq(i, &child)) {
            loaded.push(child);
        }
    }
    let parents: Vec<Rc<Instance>> = parents.iter().filter(|p| !p.has(&rel.key)).cloned().collect();
    assign_groups(interp, &parents, node, &local, &groups);
    Ok(loaded)
}

/// The attribute step a loader option argument names (`User.posts`, `Product.description`).
fn step_of(value: &Value) -> Option<(usize, String)> {
    match value {
        Value::Orm(o) => match &**o {
            super::value::OrmValue::Relationship { mapper, key } | super::value::OrmValue::Attribute { mapper, key } => Some((*mapper, key.clone())),
            _ => None,
        },
        _ => None,
    }
}

/// `joinedload(User.posts)`, `raiseload("*")`, `defer(Product.description)`... as options;
/// `base` is the chain so far (a method call on another option), whose last path continues.
pub fn make_option(interp: &mut Interp<'_>, function: &str, args: &[Value], kwargs: &[(String, Value)], base: &[LoadOption]) -> R<Value> {
    let short = function.rsplit('.').next().unwrap_or(function);
    let prefix: Vec<(usize, String)> = base.last().map(|o| o.path.clone()).unwrap_or_default();
    let sql_only = kwargs.iter().any(|(k, v)| k == "sql_only" && matches!(v, Value::Bool(true)));
    let kind = match short {
        "defer" => OptionKind::Defer,
        "undefer" => OptionKind::Undefer,
        "load_only" => {
            let mut keep = Vec::new();
            let mut owner = None;
            for arg in args {
                let Some((mapper, key)) = step_of(arg) else {
                    return interp.err("ArgumentError", format!("expected ORM mapped attribute for loader strategy argument, got {}", interp.type_name(arg)));
                };
                if owner.is_some_and(|o| o != mapper) {
                    return interp.unsupported("load_only() of columns of different classes");
                }
                owner = Some(mapper);
                keep.push(key);
            }
            let Some(mapper) = owner else { return interp.err("TypeError", "load_only() needs at least one attribute") };
            let mut options = base.to_vec();
            let mut path = prefix;
            path.push((mapper, "*".into()));
            options.push(LoadOption { path, kind: OptionKind::LoadOnly(keep) });
            return Ok(Value::Orm(Rc::new(super::value::OrmValue::Loader(options))));
        }
        _ => match Strategy::from_option(short) {
            Some(Strategy::Raise) if sql_only => OptionKind::Relationship(Strategy::RaiseOnSql),
            Some(s) => OptionKind::Relationship(s),
            None => return interp.unsupported(&format!("{short}()")),
        },
    };
    let mut options = base.to_vec();
    match args {
        [Value::Str(s)] if s.as_ref() == "*" => {
            let OptionKind::Relationship(strategy) = kind else { return interp.unsupported(&format!("{short}(\"*\")")) };
            options.push(LoadOption { path: prefix, kind: OptionKind::Wildcard(strategy) });
        }
        [arg] => {
            let Some(step) = step_of(arg) else {
                return interp.err("ArgumentError", format!("expected ORM mapped attribute for loader strategy argument, got {}", interp.type_name(arg)));
            };
            // The step must continue the chain: its class is the previous step's target.
            if let Some((mapper, key)) = prefix.last() {
                let target = interp.orm.mappers[*mapper].relationship(key).map(|r| r.target);
                if target != Some(step.0) {
                    let owner = interp.orm.mappers[step.0].name().to_string();
                    return interp.err("ArgumentError", format!("Mapped attribute \"{owner}.{}\" does not apply to any of the root entities in this query", step.1));
                }
            }
            let mut path = prefix;
            path.push(step);
            options.push(LoadOption { path, kind });
        }
        _ => return interp.unsupported(&format!("{short}() with {} arguments", args.len())),
    }
    Ok(Value::Orm(Rc::new(super::value::OrmValue::Loader(options))))
}

/// Runs a SELECT of `target`'s columns (a lazy load, a `get()`) with the target's own `lazy=`
/// defaults applied, as SQLAlchemy does: joined defaults join into it, selectin/subquery
/// defaults follow it. Returns the loaded objects in row order, each once.
pub fn select_with_defaults(interp: &mut Interp<'_>, target: usize, mut select: Select, cause: &str) -> R<Vec<Rc<Instance>>> {
    let plan = plan(interp, target, &[]);
    let table = interp.orm.mappers[target].table.clone();
    let width = select.columns.len();
    let mut names = ColumnNames::from_columns(&select.columns);
    let slots = add_joined(interp, &mut select, &plan.nodes, Parent::table(&table), true, &mut Aliases::default(), &mut names);
    let result = execute(interp, &Statement::Select(select.clone()), cause)?;
    let mut loaded: Vec<Rc<Instance>> = Vec::new();
    let mut filled = Filled::default();
    for row in &result.rows {
        let instance = load_instance(interp, target, row.get(..width).unwrap_or(&[]));
        populate_joined(interp, &instance, row, &slots, &mut filled);
        if !loaded.iter().any(|i| Rc::ptr_eq(i, &instance)) {
            loaded.push(instance);
        }
    }
    if !slots.is_empty() {
        for instance in &loaded {
            super::collections::snapshot(interp, instance);
        }
    }
    post_load(interp, &loaded, &plan.nodes, Some(&select))?;
    Ok(loaded)
}
