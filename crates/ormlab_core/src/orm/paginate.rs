//! Flask-SQLAlchemy's pagination (`db.paginate(select)` → SelectPagination,
//! `Query.paginate()` → QueryPagination): the items query with LIMIT/OFFSET, then the count
//! query, `abort(404)` for pages out of range, and the attributes and `iter_pages()` of
//! flask_sqlalchemy.pagination.Pagination; plus the `*_or_404` helpers.

use super::query;
use super::sql::{Expr, From, Select, SelectColumn, Statement};
use super::value::{OrmValue, QueryState, Style};
use crate::python::interp::{list, Interp, R};
use crate::python::object::ExceptionValue;
use crate::python::value::Value;
use std::rc::Rc;

/// One page of results.
#[derive(Debug, Clone)]
pub struct Page {
    /// The query or select the page was cut from.
    pub source: QueryState,
    /// 1-based page number.
    pub page: i64,
    /// Items per page (after max_per_page).
    pub per_page: i64,
    /// `max_per_page`.
    pub max_per_page: Option<i64>,
    /// The page's objects.
    pub items: Vec<Value>,
    /// Total rows (None with `count=False`).
    pub total: Option<i64>,
}

type Kwargs = Vec<(String, Value)>;

/// werkzeug's NotFound, as `abort(404)` raises it.
pub fn not_found<T>(interp: &Interp<'_>) -> R<T> {
    let message = "404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";
    let exception = ExceptionValue {
        kind: Rc::from("NotFound"),
        message: message.to_string(),
        args: Vec::new(),
        line: Some(interp.line),
        attrs: vec![
            ("code".into(), Value::Int(404)),
            ("description".into(), Value::str("The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.")),
            ("name".into(), Value::str("Not Found")),
        ],
    };
    Err(crate::python::interp::Exc::Raise(Rc::new(exception)))
}

fn int_kwarg(interp: &Interp<'_>, kwargs: &Kwargs, name: &str) -> R<Option<i64>> {
    match kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v) {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(i64::from(*b))),
        Some(other) => interp.err("TypeError", format!("'{}' object cannot be interpreted as an integer", interp.type_name(other))),
    }
}

fn bool_kwarg(kwargs: &Kwargs, name: &str, default: bool) -> bool {
    kwargs.iter().find(|(k, _)| k == name).map_or(default, |(_, v)| v.truthy())
}

/// `db.paginate(select, ...)` and `query.paginate(...)` (keyword-only arguments).
pub fn paginate(interp: &mut Interp<'_>, source: QueryState, args: &[Value], kwargs: &Kwargs) -> R<Value> {
    if !args.is_empty() {
        return interp.err("TypeError", format!("paginate() takes 1 positional argument but {} were given", args.len() + 1));
    }
    for (key, _) in kwargs {
        if !matches!(key.as_str(), "page" | "per_page" | "max_per_page" | "error_out" | "count") {
            return interp.err("TypeError", format!("paginate() got an unexpected keyword argument '{key}'"));
        }
    }
    let error_out = bool_kwarg(kwargs, "error_out", true);
    let count = bool_kwarg(kwargs, "count", true);
    let mut page = int_kwarg(interp, kwargs, "page")?.unwrap_or(1);
    let mut per_page = int_kwarg(interp, kwargs, "per_page")?.unwrap_or(20);
    let max_per_page = match kwargs.iter().find(|(k, _)| k == "max_per_page") {
        Some(_) => int_kwarg(interp, kwargs, "max_per_page")?,
        None => Some(100),
    };
    if let Some(max) = max_per_page {
        per_page = per_page.min(max);
    }
    if page < 1 {
        if error_out {
            return not_found(interp);
        }
        page = 1;
    }
    if per_page < 1 {
        if error_out {
            return not_found(interp);
        }
        per_page = 20;
    }
    let built = build(interp, source, page, per_page, max_per_page, error_out, count)?;
    Ok(Value::Orm(Rc::new(OrmValue::Pagination(Rc::new(built)))))
}

fn build(interp: &mut Interp<'_>, source: QueryState, page: i64, per_page: i64, max_per_page: Option<i64>, error_out: bool, count: bool) -> R<Page> {
    let mut cut = source.clone();
    cut.limit = Some(per_page);
    cut.offset = Some(page.saturating_sub(1).saturating_mul(per_page));
    let rows = query::run(interp, &cut)?;
    let mut items: Vec<Value> = Vec::new();
    let mut seen = Vec::new();
    for row in rows {
        let value = if source.style == Style::Modern { row.values.into_iter().next().unwrap_or(Value::None) } else { query::row_value(&cut, row) };
        if let Value::Instance(instance) = &value {
            if source.style == Style::Modern {
                if seen.contains(&instance.id) {
                    continue;
                }
                seen.push(instance.id);
            }
        }
        items.push(value);
    }
    if items.is_empty() && page != 1 && error_out {
        return not_found(interp);
    }
    let total = if count { Some(total(interp, &source)?) } else { None };
    Ok(Page { source, page, per_page, max_per_page, items, total })
}

/// The count query: `Query.order_by(None).count()`, or for a select
/// `select(func.count()).select_from(select.order_by(None).subquery())`.
fn total(interp: &mut Interp<'_>, source: &QueryState) -> R<i64> {
    let mut unordered = source.clone();
    unordered.order_by.clear();
    let value = if source.style == Style::Legacy {
        query::count(interp, &unordered)?
    } else {
        super::session::autoflush(interp)?;
        let mut inner = query::to_select(interp, &unordered);
        // A subquery names every column: `posts.id AS id`.
        for column in &mut inner.columns {
            if column.label.is_none() {
                if let Expr::Column { name, .. } = &column.expr {
                    column.label = Some(name.clone());
                }
            }
        }
        let select = Select {
            columns: vec![SelectColumn { expr: Expr::Func("count".into(), vec![Expr::Star]), label: Some("count_1".into()) }],
            from: vec![From::Subquery(Box::new(inner), "anon_1".into())],
            ..Select::default()
        };
        let result = super::session::execute(interp, &Statement::Select(select), "query")?;
        result.rows.first().and_then(|r| r.first()).map(|v| super::convert::from_db(v, None)).unwrap_or(Value::Int(0))
    };
    Ok(match value {
        Value::Int(i) => i,
        _ => 0,
    })
}

fn pages(page: &Page) -> i64 {
    match page.total {
        None | Some(0) => 0,
        Some(total) => total.saturating_add(page.per_page - 1) / page.per_page,
    }
}

fn optional(value: Option<i64>) -> Value {
    value.map_or(Value::None, Value::Int)
}

/// `page.<name>`.
pub fn attr(page: &Page, name: &str) -> Option<Value> {
    let count = i64::try_from(page.items.len()).unwrap_or(0);
    let first = if count == 0 { 0 } else { page.page.saturating_sub(1).saturating_mul(page.per_page).saturating_add(1) };
    let has_prev = page.page > 1;
    let has_next = page.page < pages(page);
    Some(match name {
        "items" => list(page.items.clone()),
        "page" => Value::Int(page.page),
        "per_page" => Value::Int(page.per_page),
        "max_per_page" => optional(page.max_per_page),
        "total" => optional(page.total),
        "pages" => Value::Int(pages(page)),
        "first" => Value::Int(first),
        "last" => Value::Int(first.max(first.saturating_add(count) - 1)),
        "has_prev" => Value::Bool(has_prev),
        "has_next" => Value::Bool(has_next),
        "prev_num" => optional(has_prev.then(|| page.page - 1)),
        "next_num" => optional(has_next.then(|| page.page.saturating_add(1))),
        _ => return None,
    })
}

/// `page.iter_pages()`, `page.prev()`, `page.next()`.
pub fn method(interp: &mut Interp<'_>, page: &Page, name: &str, kwargs: &Kwargs) -> R<Value> {
    match name {
        "iter_pages" => {
            let get = |key: &str, default: i64| -> R<i64> { Ok(int_kwarg(interp, kwargs, key)?.unwrap_or(default)) };
            let (left_edge, left_current, right_current, right_edge) = (get("left_edge", 2)?, get("left_current", 2)?, get("right_current", 4)?, get("right_edge", 2)?);
            Ok(list(iter_pages(page.page, pages(page), left_edge, left_current, right_current, right_edge).into_iter().map(optional).collect()))
        }
        "prev" | "next" => {
            let number = if name == "prev" { page.page.saturating_sub(1) } else { page.page.saturating_add(1) };
            let error_out = bool_kwarg(kwargs, "error_out", false);
            let mut built = build(interp, page.source.clone(), number, page.per_page, page.max_per_page, error_out, false)?;
            built.total = page.total;
            Ok(Value::Orm(Rc::new(OrmValue::Pagination(Rc::new(built)))))
        }
        _ => interp.err("AttributeError", format!("'{}' object has no attribute '{name}'", type_name(page))),
    }
}

/// The class name of a page.
pub fn type_name(page: &Page) -> &'static str {
    if page.source.style == Style::Legacy {
        "QueryPagination"
    } else {
        "SelectPagination"
    }
}

/// Flask-SQLAlchemy's `iter_pages` numbers, `None` for a gap.
fn iter_pages(page: i64, pages: i64, left_edge: i64, left_current: i64, right_current: i64, right_edge: i64) -> Vec<Option<i64>> {
    let mut out = Vec::new();
    let pages_end = pages.saturating_add(1);
    if pages_end == 1 {
        return out;
    }
    let left_end = left_edge.saturating_add(1).min(pages_end);
    out.extend((1..left_end).map(Some));
    if left_end == pages_end {
        return out;
    }
    let mid_start = left_end.max(page.saturating_sub(left_current));
    let mid_end = page.saturating_add(right_current).saturating_add(1).min(pages_end);
    if mid_start.saturating_sub(left_end) > 0 {
        out.push(None);
    }
    out.extend((mid_start..mid_end).map(Some));
    if mid_end == pages_end {
        return out;
    }
    let right_start = mid_end.max(pages_end.saturating_sub(right_edge));
    if right_start.saturating_sub(mid_end) > 0 {
        out.push(None);
    }
    out.extend((right_start..pages_end).map(Some));
    out
}

#[cfg(test)]
mod tests {
    use super::iter_pages;

    #[test]
    fn iter_pages_leaves_gaps_like_flask_sqlalchemy() {
        assert_eq!(iter_pages(1, 1, 2, 2, 4, 2), vec![Some(1)]);
        assert_eq!(iter_pages(10, 20, 2, 2, 4, 2), vec![Some(1), Some(2), None, Some(8), Some(9), Some(10), Some(11), Some(12), Some(13), Some(14), None, Some(19), Some(20)]);
        assert!(iter_pages(1, 0, 2, 2, 4, 2).is_empty());
    }
}
