//! The ORM's Python-visible objects.

use super::mapper::ColType;
use super::sql::Expr;
use crate::python::value::Value;
use std::cell::RefCell;

/// Whether a query renders legacy labels (`users.id AS users_id`, legacy `Query`) or plain
/// column lists (2.0 `select()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `Model.query`, `db.session.query(...)`.
    Legacy,
    /// `select(...)`.
    Modern,
}

/// One thing a query selects.
#[derive(Debug, Clone)]
pub enum Entity {
    /// A whole mapped class.
    Mapper(usize),
    /// A column expression, with its type and the name its result key has.
    Column(Expr, Option<ColType>, String),
}

/// A query under construction (legacy `Query` or 2.0 `Select`).
#[derive(Debug, Clone)]
pub struct QueryState {
    /// Label style and API.
    pub style: Style,
    /// What is selected.
    pub entities: Vec<Entity>,
    /// WHERE criteria.
    pub criteria: Vec<Expr>,
    /// ORDER BY.
    pub order_by: Vec<Expr>,
    /// GROUP BY.
    pub group_by: Vec<Expr>,
    /// HAVING.
    pub having: Vec<Expr>,
    /// LIMIT.
    pub limit: Option<i64>,
    /// OFFSET.
    pub offset: Option<i64>,
    /// DISTINCT.
    pub distinct: bool,
    /// Explicit FROM (select_from / join base) table names.
    pub joins: Vec<(String, Expr, bool)>,
    /// Loader options (`.options(...)`), in the order given.
    pub options: Vec<super::loading::LoadOption>,
    /// Set on the AppenderQuery of a `lazy='dynamic'` relationship.
    pub appender: Option<super::dynamic::Appender>,
    /// `select_from(...)` tables: they lead the FROM list and joins attach to the first.
    pub select_from: Vec<String>,
}

impl QueryState {
    /// A query selecting `entities`.
    pub fn new(style: Style, entities: Vec<Entity>) -> Self {
        Self {
            style,
            entities,
            criteria: Vec::new(),
            order_by: Vec::new(),
            group_by: Vec::new(),
            having: Vec::new(),
            limit: None,
            offset: None,
            distinct: false,
            joins: Vec::new(),
            options: Vec::new(),
            appender: None,
            select_from: Vec::new(),
        }
    }
}

/// A result row.
#[derive(Debug, Clone)]
pub struct Row {
    /// Values.
    pub values: Vec<Value>,
    /// Keys (attribute access `row.username`).
    pub keys: Vec<String>,
}

/// The ORM's values.
#[derive(Debug)]
// Always behind `Rc` in `Value::Orm`: the size is paid once per value, not per copy.
#[allow(clippy::large_enum_variant)]
pub enum OrmValue {
    /// `db.session`.
    Session,
    /// A mapped column attribute (`User.name`): a SQL column with its mapper.
    Attribute {
        /// Mapper index.
        mapper: usize,
        /// Attribute key.
        key: String,
    },
    /// A relationship attribute (`User.posts`).
    Relationship {
        /// Mapper index.
        mapper: usize,
        /// Attribute key.
        key: String,
    },
    /// A SQL expression (criterion, function call, ordering).
    Expr(Expr, Option<ColType>),
    /// A criterion whose negation SQLAlchemy writes differently: `~Post.tags.contains(t)` is
    /// a NOT EXISTS, not the negated join condition.
    Negatable(Expr, Expr),
    /// A legacy query or 2.0 select.
    Query(RefCell<QueryState>),
    /// A `text()` clause.
    Text(String),
    /// A result (`session.execute(...)`): rows, consumed once.
    Result(RefCell<Vec<Row>>, bool),
    /// A result of joined eager collections: only `.unique()` may read it.
    NeedsUnique(RefCell<Vec<Row>>, bool),
    /// A row.
    Row(Row),
    /// `session.no_autoflush`.
    NoAutoflush,
    /// `session.begin()` / `begin_nested()` as a context manager.
    Transaction(bool),
    /// A SQLAlchemy function namespace member not yet called (`func.count`).
    Function(String),
    /// Loader options (`joinedload(User.posts)`, chains like `.selectinload(...)` on it).
    Loader(Vec<super::loading::LoadOption>),
    /// `text(...).bindparams(...)`: the SQL and its preset parameters.
    BoundText(String, Vec<(Value, Value)>),
    /// `Model.query.from_statement(text)`: mapper, SQL, parameters.
    FromStatement(usize, String, Vec<(Value, Value)>),
    /// `Model.__table__` and the metadata reached from it.
    TableMeta(super::table::Meta),
    /// `insert(Model)` / `update(Model)` / `delete(Model)`.
    Dml(std::rc::Rc<super::dml::Dml>),
    /// The result of a DML execute: its `rowcount`.
    Cursor(i64),
    /// `session.new` / `dirty` / `deleted`: objects, printed `IdentitySet([...])`.
    IdentitySet(Vec<Value>),
    /// `result.keys()`: the column names.
    KeyView(Vec<String>),
    /// A page of `db.paginate()` / `Query.paginate()`.
    Pagination(std::rc::Rc<super::paginate::Page>),
}

impl OrmValue {
    /// The Python type name for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            OrmValue::Session => "scoped_session",
            OrmValue::Attribute { .. } | OrmValue::Relationship { .. } => "InstrumentedAttribute",
            OrmValue::Expr(..) | OrmValue::Negatable(..) => "BinaryExpression",
            OrmValue::Query(q) if q.borrow().appender.is_some() => "AppenderQuery",
            OrmValue::Query(q) => {
                if q.borrow().style == Style::Legacy {
                    "Query"
                } else {
                    "Select"
                }
            }
            OrmValue::Text(_) => "TextClause",
            OrmValue::Result(_, true) => "ScalarResult",
            OrmValue::Result(_, false) | OrmValue::NeedsUnique(_, false) => "Result",
            OrmValue::NeedsUnique(_, true) => "ScalarResult",
            OrmValue::Row(_) => "Row",
            OrmValue::NoAutoflush => "_GeneratorContextManager",
            OrmValue::Transaction(_) => "SessionTransaction",
            OrmValue::Function(_) => "_FunctionGenerator",
            OrmValue::Loader(_) => "_AbstractLoad",
            OrmValue::BoundText(..) => "TextClause",
            OrmValue::FromStatement(..) => "FromStatement",
            OrmValue::TableMeta(meta) => super::table::type_name(meta),
            OrmValue::Dml(dml) => super::dml::type_name(dml),
            OrmValue::Cursor(_) => "CursorResult",
            OrmValue::KeyView(_) => "RMKeyView",
            OrmValue::IdentitySet(_) => "IdentitySet",
            OrmValue::Pagination(page) => super::paginate::type_name(page),
        }
    }
}
