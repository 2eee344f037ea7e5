//! Queries: compiling a [`QueryState`] to SQLAlchemy's SELECT text (legacy labels or 2.0
//! plain columns, anonymous labels), running it, and turning rows into objects and rows.

use super::convert::{from_db, to_db};
use super::loading;
use super::session::{autoflush, entity_columns, execute, load_instance};
use super::sql::{Expr, From, Select, SelectColumn, Statement};
use super::value::{Entity, OrmValue, QueryState, Row, Style};
use crate::engine::Value as Db;
use crate::python::interp::{Interp, R};
use crate::python::value::Value;
use std::rc::Rc;

/// Counts anonymous labels per statement (`count_1`, `count_2`...).
#[derive(Default)]
struct Labels {
    used: Vec<(String, usize)>,
}

impl Labels {
    fn next(&mut self, base: &str) -> String {
        match self.used.iter_mut().find(|(b, _)| b == base) {
            Some((_, n)) => {
                *n += 1;
                format!("{base}_{n}")
            }
            None => {
                self.used.push((base.to_string(), 1));
                format!("{base}_1")
            }
        }
    }
}

/// The tables an expression mentions, in order of appearance.
fn tables_of(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Column { table, .. } if !out.contains(table) => out.push(table.clone()),
        Expr::Binary(a, _, b) => {
            tables_of(a, out);
            tables_of(b, out);
        }
        Expr::And(items) | Expr::Or(items) | Expr::Func(_, items) => items.iter().for_each(|e| tables_of(e, out)),
        Expr::Not(e) | Expr::Grouping(e) | Expr::Desc(e) | Expr::Asc(e) | Expr::Distinct(e) | Expr::Label(e, _) => tables_of(e, out),
        Expr::In(e, items, _) => {
            tables_of(e, out);
            items.iter().for_each(|i| tables_of(i, out));
        }
        Expr::Between(a, b, c) => {
            tables_of(a, out);
            tables_of(b, out);
            tables_of(c, out);
        }
        Expr::Case(whens, otherwise) => {
            for (condition, value) in whens {
                tables_of(condition, out);
                tables_of(value, out);
            }
            if let Some(otherwise) = otherwise {
                tables_of(otherwise, out);
            }
        }
        Expr::Cast(inner, _) => tables_of(inner, out),
        Expr::InSelect(left, _, _) => tables_of(left, out),
        _ => {}
    }
}

/// `query.scalar_subquery()`: the SELECT with a FROM list of only the tables its columns
/// name, so tables its WHERE shares with the enclosing query correlate to it.
pub fn scalar_subquery(interp: &Interp<'_>, query: &QueryState) -> Select {
    let mut modern = query.clone();
    modern.style = Style::Modern;
    let mut select = to_select(interp, &modern);
    let mut own: Vec<String> = query.select_from.clone();
    for column in &select.columns {
        tables_of(&column.expr, &mut own);
    }
    for entity in &query.entities {
        if let Entity::Mapper(index) = entity {
            own.push(interp.orm.mappers[*index].table.clone());
        }
    }
    select.from.retain(|from| match from {
        From::Table(name) => own.contains(name),
        _ => true,
    });
    select
}

/// A query as the subquery of `x IN (SELECT ...)`: plain 2.0 columns, whatever its style.
pub fn in_subquery(interp: &Interp<'_>, query: &QueryState) -> Select {
    let mut modern = query.clone();
    modern.style = Style::Modern;
    to_select(interp, &modern)
}

/// The tables an expression mentions (outside subqueries), in order of appearance.
pub fn tables_in(expr: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    tables_of(expr, &mut out);
    out
}

/// 2.0 `select()` keeps plain column names but labels a repeated name `id_1`, `id_2`...
fn disambiguate(columns: &mut [SelectColumn], labels: &mut Labels) {
    let mut seen: Vec<String> = Vec::new();
    for column in columns.iter_mut() {
        let name = match (&column.expr, &column.label) {
            (_, Some(label)) => label.clone(),
            (Expr::Column { name, .. }, None) => name.clone(),
            (Expr::Label(_, name), None) => name.clone(),
            _ => continue,
        };
        if seen.contains(&name) && column.label.is_none() {
            let fresh = labels.next(&name);
            seen.push(fresh.clone());
            column.label = Some(fresh);
        } else {
            seen.push(name);
        }
    }
}

/// A labelled expression outside the column list: its label name when the SELECT has that
/// label (ORDER BY / GROUP BY refer to it), else the expression itself.
fn unlabel(expr: &Expr, labelled: &[String]) -> Expr {
    match expr {
        Expr::Label(inner, name) => {
            if labelled.contains(name) {
                Expr::Literal(crate::schema::naming::quote(name))
            } else {
                unlabel(inner, labelled)
            }
        }
        Expr::Desc(inner) => Expr::Desc(Box::new(unlabel(inner, labelled))),
        Expr::Asc(inner) => Expr::Asc(Box::new(unlabel(inner, labelled))),
        Expr::Binary(a, op, b) => Expr::Binary(Box::new(unlabel(a, &[])), op.clone(), Box::new(unlabel(b, &[]))),
        Expr::Func(name, args) => Expr::Func(name.clone(), args.iter().map(|a| unlabel(a, &[])).collect()),
        other => other.clone(),
    }
}

/// Compiles a query to a SELECT.
pub fn to_select(interp: &Interp<'_>, query: &QueryState) -> Select {
    let legacy = query.style == Style::Legacy;
    let mut labels = Labels::default();
    let mut columns = Vec::new();
    let mut from_tables: Vec<String> = Vec::new();
    for entity in &query.entities {
        match entity {
            Entity::Mapper(index) => {
                let mapper = &interp.orm.mappers[*index];
                columns.extend(entity_columns(mapper, &mapper.table, legacy));
                if !from_tables.contains(&mapper.table) {
                    from_tables.push(mapper.table.clone());
                }
            }
            Entity::Column(expr, _, _) => {
                tables_of(expr, &mut from_tables);
                let label = match expr {
                    Expr::Column { table, name } if legacy => Some(format!("{table}_{name}")),
                    Expr::Column { .. } => None,
                    Expr::Label(..) => None,
                    Expr::Func(name, _) => Some(labels.next(name)),
                    // CAST of a column keeps the column's name.
                    Expr::Cast(inner, _) if matches!(**inner, Expr::Column { .. }) && !legacy => match &**inner {
                        Expr::Column { name, .. } => Some(name.clone()),
                        _ => None,
                    },
                    _ => Some(labels.next("anon")),
                };
                columns.push(SelectColumn { expr: expr.clone(), label });
            }
        }
    }
    if query.style == Style::Modern {
        disambiguate(&mut columns, &mut labels);
    }
    let mut leading = query.select_from.clone();
    for table in from_tables {
        if !leading.contains(&table) {
            leading.push(table);
        }
    }
    let mut from_tables = leading;
    // Tables only the WHERE clause names join the FROM list too (SQLAlchemy's implicit FROM).
    for criterion in &query.criteria {
        tables_of(criterion, &mut from_tables);
    }
    let mut from: Vec<From> = Vec::new();
    let mut root: Option<usize> = None;
    for table in &from_tables {
        if query.joins.iter().any(|(t, _, _)| t == table) {
            continue;
        }
        if root.is_none() {
            root = Some(from.len());
        }
        // `post_tags_1` named only by a criterion (contains() on a many-to-many) is the
        // association table's anonymous alias.
        let alias_of = table.strip_suffix("_1").filter(|base| interp.orm.schema.table(table).is_none() && interp.orm.schema.table(base).is_some());
        from.push(match alias_of {
            Some(base) => From::Alias(base.to_string(), table.clone()),
            None => From::Table(table.clone()),
        });
    }
    if let Some(at) = root {
        for (table, on, outer) in &query.joins {
            let left = std::mem::replace(&mut from[at], From::Table(String::new()));
            from[at] = From::Join { left: Box::new(left), right: Box::new(From::Table(table.clone())), on: on.clone(), outer: *outer };
        }
    }
    let labelled: Vec<String> = columns
        .iter()
        .filter_map(|c| match &c.expr {
            Expr::Label(_, name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    Select {
        distinct: query.distinct,
        columns,
        from,
        criteria: query.criteria.iter().map(|e| unlabel(e, &[])).collect(),
        group_by: query.group_by.iter().map(|e| unlabel(e, &labelled)).collect(),
        having: query.having.iter().map(|e| unlabel(e, &[])).collect(),
        order_by: query.order_by.iter().map(|e| unlabel(e, &labelled)).collect(),
        limit: query.limit.map(|l| Expr::Bind(Db::Integer(l))),
        offset: query.offset.map(|o| Expr::Bind(Db::Integer(o))),
    }
}

/// Result rows of a query: objects for entity queries, rows for column queries.
pub fn run(interp: &mut Interp<'_>, query: &QueryState) -> R<Vec<Row>> {
    Ok(run_loading(interp, query)?.0)
}

/// [`run`], also saying whether the rows hold joined eager loads of collections (a 2.0
/// result of such a query must be `.unique()`d).
pub fn run_loading(interp: &mut Interp<'_>, query: &QueryState) -> R<(Vec<Row>, bool)> {
    autoflush(interp)?;
    let legacy = query.style == Style::Legacy;
    let mut select = to_select(interp, query);
    // Eager loading applies to the first entity that is a whole class.
    let root = query.entities.iter().enumerate().find_map(|(i, e)| if let Entity::Mapper(m) = e { Some((i, *m)) } else { None });
    let plan = match root {
        Some((_, mapper)) => loading::plan(interp, mapper, &query.options),
        None => loading::LoadPlan::default(),
    };
    loading::record_loads(interp, &plan.nodes);
    let mut widths: Vec<usize> = query
        .entities
        .iter()
        .map(|e| match e {
            Entity::Mapper(index) => interp.orm.mappers[*index].columns.len(),
            Entity::Column(..) => 1,
        })
        .collect();
    let mut lead = 0usize;
    let mut contains_slots = Vec::new();
    if let Some((entity_position, mapper_index)) = root {
        let mapper = interp.orm.mappers[mapper_index].clone();
        let start: usize = widths.iter().take(entity_position).sum();
        let width = widths.get(entity_position).copied().unwrap_or(0);
        // contains_eager targets are read from the query's own JOIN; their columns come first.
        let mut lead_columns = Vec::new();
        let mut names = loading::ColumnNames::default();
        for node in plan.nodes.iter().filter(|n| n.strategy == loading::Strategy::ContainsEager) {
            let target = interp.orm.mappers[node.rel.target].clone();
            let present = select.from.iter().any(|f| mentions_table(f, &target.table));
            if !present {
                return interp.unsupported(&format!("contains_eager({}.{}) without a join to {}", mapper.name(), node.rel.key, target.table));
            }
            let columns = loading::mapper_columns(&target, &target.table, legacy, &mut names, &node.deferred);
            let slot_start = lead_columns.len();
            let slot_width = columns.len();
            lead_columns.extend(columns);
            contains_slots.push(loading::JoinedSlot { node: node.clone(), start: slot_start, width: slot_width, children: Vec::new() });
        }
        lead = lead_columns.len();
        let own = loading::mapper_columns(&mapper, &mapper.table, legacy, &mut names, &plan.deferred);
        let own_width = own.len();
        let base = std::mem::take(&mut select.columns);
        let mut columns = lead_columns;
        columns.extend(base.iter().take(start).cloned());
        columns.extend(own);
        columns.extend(base.iter().skip(start + width).cloned());
        select.columns = columns;
        if let Some(w) = widths.get_mut(entity_position) {
            *w = own_width;
        }
    }
    // A LIMIT/OFFSET with joined collections limits parents, not rows: SQLAlchemy wraps the
    // parent query as `anon_1` and joins the collections onto it.
    let wrap = root.is_some()
        && (query.limit.is_some() || query.offset.is_some())
        && plan.nodes.iter().any(|n| n.strategy == loading::Strategy::Joined && n.rel.uselist)
        && contains_slots.is_empty();
    let root_table = root.map(|(_, m)| interp.orm.mappers[m].table.clone()).unwrap_or_default();
    if wrap {
        select = wrap_for_joined(select, &root_table, legacy);
    }
    let mut names = loading::ColumnNames::from_columns(&select.columns);
    let slots = match root {
        Some(_) => {
            let parent = if wrap { loading::Parent { from: "anon_1", prefix: legacy.then_some(root_table.as_str()) } } else { loading::Parent::table(&root_table) };
            loading::add_joined(interp, &mut select, &plan.nodes, parent, legacy, &mut loading::Aliases::default(), &mut names)
        }
        None => Vec::new(),
    };
    let joined_collections = slots.iter().any(|s| s.node.rel.uselist) || contains_slots.iter().any(|s| s.node.rel.uselist);
    if joined_collections && !wrap && (query.limit.is_some() || query.offset.is_some()) {
        return interp.unsupported("contains_eager of a collection together with LIMIT/OFFSET");
    }
    let result = execute(interp, &Statement::Select(select.clone()), "query")?;
    let mut rows = Vec::with_capacity(result.rows.len());
    let mut roots: Vec<Rc<crate::python::object::Instance>> = Vec::new();
    let mut filled = loading::Filled::default();
    for raw in &result.rows {
        let mut values = Vec::new();
        let mut keys = Vec::new();
        let mut at = lead;
        for (position, entity) in query.entities.iter().enumerate() {
            match entity {
                Entity::Mapper(index) => {
                    let width = widths.get(position).copied().unwrap_or(0);
                    let slice = raw.get(at..at + width).unwrap_or(&[]).to_vec();
                    at += width;
                    let is_root = root.is_some_and(|(p, _)| p == position);
                    let instance = if is_root {
                        loading::load_partial(interp, *index, &slice, &plan.deferred)
                    } else {
                        load_instance(interp, *index, &slice)
                    };
                    if is_root {
                        loading::set_overrides(interp, &instance, &plan.overrides);
                        loading::populate_joined(interp, &instance, raw, &slots, &mut filled);
                        loading::populate_joined(interp, &instance, raw, &contains_slots, &mut filled);
                        if !roots.iter().any(|r| Rc::ptr_eq(r, &instance)) {
                            roots.push(instance.clone());
                        }
                    }
                    values.push(Value::Instance(instance));
                    keys.push(interp.orm.mappers[*index].name().to_string());
                }
                Entity::Column(_, ty, key) => {
                    let value = raw.get(at).map(|v| from_db(v, ty.as_ref())).unwrap_or(Value::None);
                    at += 1;
                    values.push(value);
                    keys.push(key.clone());
                }
            }
        }
        rows.push(Row { values, keys });
    }
    if !slots.is_empty() || !contains_slots.is_empty() {
        for root in &roots {
            super::collections::snapshot(interp, root);
        }
    }
    loading::post_load(interp, &roots, &plan.nodes, Some(&to_select(interp, query)))?;
    // The legacy Query de-duplicates whole-entity rows (it uniques on identity).
    if query.style == Style::Legacy && query.entities.len() == 1 && matches!(query.entities.first(), Some(Entity::Mapper(_))) {
        let mut seen = Vec::new();
        rows.retain(|row| match row.values.first() {
            Some(Value::Instance(i)) => {
                if seen.contains(&i.id) {
                    false
                } else {
                    seen.push(i.id);
                    true
                }
            }
            _ => true,
        });
    }
    Ok((rows, joined_collections && query.style == Style::Modern))
}

/// The parent query as `(SELECT ...) AS anon_1`, its columns labelled (`user_id` legacy, `id`
/// 2.0) and read back from `anon_1`; the ORDER BY follows onto the outer query.
fn wrap_for_joined(select: Select, table: &str, legacy: bool) -> Select {
    let mut inner = select;
    let mut outer_columns = Vec::new();
    for column in &mut inner.columns {
        let Expr::Column { name, .. } = &column.expr else { continue };
        let label = column.label.clone().unwrap_or_else(|| name.clone());
        column.label = Some(label.clone());
        outer_columns.push(SelectColumn { expr: Expr::column("anon_1", &label), label: legacy.then(|| format!("anon_1_{label}")) });
    }
    let outer_order = inner.order_by.iter().map(|e| onto_anon(e, table, legacy)).collect();
    Select { columns: outer_columns, from: vec![From::Subquery(Box::new(inner), "anon_1".into())], order_by: outer_order, ..Select::default() }
}

/// An ORDER BY term of the wrapped table, read from `anon_1`.
fn onto_anon(expr: &Expr, table: &str, legacy: bool) -> Expr {
    match expr {
        Expr::Column { table: t, name } if t == table => Expr::column("anon_1", &if legacy { format!("{table}_{name}") } else { name.clone() }),
        Expr::Desc(e) => Expr::Desc(Box::new(onto_anon(e, table, legacy))),
        Expr::Asc(e) => Expr::Asc(Box::new(onto_anon(e, table, legacy))),
        other => other.clone(),
    }
}

/// Whether a FROM item reads `table` (directly or in a join).
fn mentions_table(from: &From, table: &str) -> bool {
    match from {
        From::Table(t) => t == table,
        From::Join { left, right, .. } => mentions_table(left, table) || mentions_table(right, table),
        _ => false,
    }
}

/// What a legacy query yields per row: the object, the single column value, or a row.
pub fn row_value(query: &QueryState, row: Row) -> Value {
    if query.entities.len() == 1 && query.style == Style::Legacy {
        if let Some(Entity::Mapper(_)) = query.entities.first() {
            return row.values.into_iter().next().unwrap_or(Value::None);
        }
    }
    Value::Orm(Rc::new(OrmValue::Row(row)))
}

/// `Query.count()`: `SELECT count(*) AS count_1 FROM (<query>) AS anon_1`.
pub fn count(interp: &mut Interp<'_>, query: &QueryState) -> R<Value> {
    autoflush(interp)?;
    let inner = to_select(interp, query);
    let select = Select {
        columns: vec![SelectColumn { expr: Expr::Func("count".into(), vec![Expr::Star]), label: Some("count_1".into()) }],
        from: vec![From::Subquery(Box::new(inner), "anon_1".into())],
        ..Select::default()
    };
    let result = execute(interp, &Statement::Select(select), "query")?;
    Ok(result.rows.first().and_then(|r| r.first()).map(|v| from_db(v, None)).unwrap_or(Value::Int(0)))
}

/// `session.get(Model, pk)`: the identity map first, else a SELECT by primary key.
pub fn get(interp: &mut Interp<'_>, mapper_index: usize, ident: &Value) -> R<Value> {
    let mapper = interp.orm.mappers[mapper_index].clone();
    let idents: Vec<Value> = match ident {
        Value::Tuple(items) => items.to_vec(),
        other => vec![other.clone()],
    };
    let pk = mapper.pk();
    if idents.len() != pk.len() {
        return interp.err("InvalidRequestError", format!("Incorrect number of values in identifier formed from argument(s) {}", ident.type_name()));
    }
    let key: Vec<Db> = idents.iter().zip(&pk).map(|(v, c)| to_db(v, Some(&c.ty)).unwrap_or(Db::Null)).collect();
    // The identity map answers first; a miss or an expired object runs a query (with
    // autoflush), which also refreshes the expired object.
    match super::session::live_identity(interp, mapper_index, &key) {
        Some(found) if mapper.columns.iter().all(|c| found.has(&c.key)) => return Ok(Value::Instance(found)),
        _ => autoflush(interp)?,
    }
    let select = Select {
        columns: entity_columns(&mapper, &mapper.table, true),
        from: vec![From::Table(mapper.table.clone())],
        criteria: pk.iter().zip(&key).map(|(c, k)| Expr::binary(Expr::column(&mapper.table, &c.name), "=", Expr::Bind(k.clone()))).collect(),
        ..Select::default()
    };
    let result = execute(interp, &Statement::Select(select), "query")?;
    match result.rows.first() {
        Some(row) => Ok(Value::Instance(load_instance(interp, mapper_index, row))),
        None => Ok(Value::None),
    }
}

/// Bulk `Query.update({...})` / `Query.delete()`.
pub fn bulk(interp: &mut Interp<'_>, query: &QueryState, values: Option<Vec<(String, Expr)>>) -> R<Value> {
    let Some(Entity::Mapper(mapper_index)) = query.entities.first() else {
        return interp.unsupported("bulk update/delete of this query");
    };
    autoflush(interp)?;
    let mapper = interp.orm.mappers[*mapper_index].clone();
    // SET follows the table's column order, whatever the dict's order.
    let values = values.map(|mut set| {
        set.sort_by_key(|(name, _)| mapper.columns.iter().position(|c| c.name == *name).unwrap_or(usize::MAX));
        set
    });
    let statement = match &values {
        Some(set) => Statement::Update { table: mapper.table.clone(), set: set.clone(), criteria: query.criteria.clone() },
        None => Statement::Delete { table: mapper.table.clone(), criteria: query.criteria.clone() },
    };
    let result = execute(interp, &statement, "query")?;
    super::dml::synchronize(interp, *mapper_index, &query.criteria, values.as_deref());
    Ok(Value::Int(i64::try_from(result.rows_changed).unwrap_or(0)))
}
