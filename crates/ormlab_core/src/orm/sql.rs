//! SQL as typed nodes, and the one printer that renders them the way SQLAlchemy 2.0's SQLite
//! compiler does (clause layout `\nFROM`, `\nWHERE`, `\n LIMIT ? OFFSET ?`; qmark parameters in
//! render order; anonymous labels `count_1`).

use crate::engine::Value as Db;
use crate::schema::naming::quote;
use std::fmt;

/// A SQL expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `table.column`.
    Column {
        /// Table name (or alias).
        table: String,
        /// Column name.
        name: String,
    },
    /// A bound parameter `?`.
    Bind(Db),
    /// SQL text rendered as is (`1`, `0`, `NULL`, `'%'`).
    Literal(String),
    /// `left op right`.
    Binary(Box<Expr>, String, Box<Expr>),
    /// `a AND b AND ...`.
    And(Vec<Expr>),
    /// `a OR b OR ...`.
    Or(Vec<Expr>),
    /// `NOT x`.
    Not(Box<Expr>),
    /// `x IN (...)` / `x NOT IN (...)`.
    In(Box<Expr>, Vec<Expr>, bool),
    /// `x BETWEEN a AND b`.
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `name(args)`.
    Func(String, Vec<Expr>),
    /// `*`.
    Star,
    /// `(x)`.
    Grouping(Box<Expr>),
    /// `EXISTS (SELECT ...)`.
    Exists(Box<Select>),
    /// `x DESC`.
    Desc(Box<Expr>),
    /// `x ASC`.
    Asc(Box<Expr>),
    /// `DISTINCT x`.
    Distinct(Box<Expr>),
    /// `x AS name` (only meaningful in a column list).
    Label(Box<Expr>, String),
    /// Raw SQL of `text()` with its parameters already in `?` form.
    Text(String, Vec<Db>),
    /// `CASE WHEN (cond) THEN value ... ELSE value END`.
    Case(Vec<(Expr, Expr)>, Option<Box<Expr>>),
    /// `CAST(x AS TYPE)`.
    Cast(Box<Expr>, String),
    /// A scalar subquery `(SELECT ...)`.
    Scalar(Box<Select>),
    /// `x IN (SELECT ...)` / `(x NOT IN (SELECT ...))`.
    InSelect(Box<Expr>, Box<Select>, bool),
}

impl Expr {
    /// `table.column`.
    pub fn column(table: &str, name: &str) -> Expr {
        Expr::Column { table: table.to_string(), name: name.to_string() }
    }

    /// `left op right`.
    pub fn binary(left: Expr, op: &str, right: Expr) -> Expr {
        Expr::Binary(Box::new(left), op.to_string(), Box::new(right))
    }
}

/// A FROM item.
#[derive(Debug, Clone, PartialEq)]
pub enum From {
    /// A table.
    Table(String),
    /// `table AS alias` (SQLAlchemy's anonymous aliases such as `posts_1`).
    Alias(String, String),
    /// A subquery `(SELECT ...) AS name`.
    Subquery(Box<Select>, String),
    /// `left JOIN right ON on` (`outer` for LEFT OUTER JOIN).
    Join {
        /// Left side.
        left: Box<From>,
        /// Right side.
        right: Box<From>,
        /// ON clause.
        on: Expr,
        /// LEFT OUTER JOIN.
        outer: bool,
    },
}

/// A column of a SELECT list: the expression and its label, if rendered with `AS`.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectColumn {
    /// The expression.
    pub expr: Expr,
    /// `AS label`.
    pub label: Option<String>,
}

/// A SELECT statement.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Select {
    /// `SELECT DISTINCT`.
    pub distinct: bool,
    /// The column list.
    pub columns: Vec<SelectColumn>,
    /// FROM items.
    pub from: Vec<From>,
    /// WHERE criteria, joined with AND.
    pub criteria: Vec<Expr>,
    /// GROUP BY.
    pub group_by: Vec<Expr>,
    /// HAVING criteria.
    pub having: Vec<Expr>,
    /// ORDER BY.
    pub order_by: Vec<Expr>,
    /// LIMIT.
    pub limit: Option<Expr>,
    /// OFFSET.
    pub offset: Option<Expr>,
}

/// A statement the ORM sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// SELECT.
    Select(Select),
    /// `INSERT INTO t (cols) VALUES (?, ...)[ RETURNING ...]`.
    Insert {
        /// Table.
        table: String,
        /// Column names.
        columns: Vec<String>,
        /// Values, one per column (binds, or literals for SQL defaults).
        values: Vec<Expr>,
        /// RETURNING columns.
        returning: Vec<String>,
    },
    /// `UPDATE t SET a=?, ... WHERE ...`.
    Update {
        /// Table.
        table: String,
        /// `column=value` pairs.
        set: Vec<(String, Expr)>,
        /// WHERE criteria.
        criteria: Vec<Expr>,
    },
    /// `DELETE FROM t WHERE ...`.
    Delete {
        /// Table.
        table: String,
        /// WHERE criteria.
        criteria: Vec<Expr>,
    },
    /// Raw SQL from `text()`.
    Text(String, Vec<Db>),
}

/// Renders statements and collects their parameters in order.
pub struct Printer {
    /// The SQL text so far.
    pub sql: String,
    /// Parameters in render order.
    pub params: Vec<Db>,
    /// Whether parameters are collected (false when printing for display only).
    collect: bool,
    /// `str(select)` without a dialect: named binds (`:name_1`) counted per name, and the
    /// default compiler's LIMIT/OFFSET; `None` renders SQLite's `?`.
    named: Option<Vec<(String, usize)>>,
    /// Bind names are counted whenever printing for display (IN lists show
    /// `__[POSTCOMPILE_id_1]` in any dialect); this says whether binds show them too.
    show_names: bool,
    /// The name the next bind takes (the column or function it is compared with).
    bind_base: Option<String>,
}

impl Printer {
    fn new(collect: bool) -> Self {
        Self { sql: String::new(), params: Vec::new(), collect, named: None, bind_base: None, show_names: false }
    }

    fn push(&mut self, text: &str) {
        self.sql.push_str(text);
    }

    fn bind(&mut self, value: &Db) {
        if !self.collect {
            let name = self.next_name();
            if self.show_names {
                self.sql.push(':');
                self.sql.push_str(&name);
                return;
            }
        }
        self.sql.push('?');
        if self.collect {
            self.params.push(value.clone());
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Column { table, name } => {
                self.push(&quote(table));
                self.push(".");
                self.push(&quote(name));
            }
            Expr::Bind(value) => self.bind(value),
            Expr::Literal(text) => self.push(text),
            Expr::Binary(left, op, right) => {
                let saved = self.bind_base.clone();
                if let Some(base) = bind_base_of(left).or_else(|| bind_base_of(right)) {
                    self.bind_base = Some(base);
                }
                self.operand_of(left, op);
                self.push(" ");
                self.push(op);
                self.push(" ");
                self.operand_of(right, op);
                self.bind_base = saved;
            }
            Expr::And(items) => self.joined(items, " AND ", |e| matches!(e, Expr::Or(_))),
            Expr::Or(items) => self.joined(items, " OR ", |_| false),
            Expr::Not(inner) => {
                self.push("NOT (");
                self.expr(inner);
                self.push(")");
            }
            Expr::In(left, items, negated) => {
                // SQLAlchemy's visit_not_in_op_binary always brackets NOT IN.
                if *negated {
                    self.push("(");
                }
                self.operand(left);
                self.push(if *negated { " NOT IN (" } else { " IN (" });
                // An empty list: SQLAlchemy's "empty set" subquery.
                if items.is_empty() {
                    self.push("SELECT 1 FROM (SELECT 1) WHERE 1!=1)");
                    if *negated {
                        self.push(")");
                    }
                    return;
                }
                if !self.collect && !items.is_empty() && items.iter().all(|i| matches!(i, Expr::Bind(_))) {
                    let saved = std::mem::replace(&mut self.bind_base, bind_base_of(left));
                    let name = self.next_name();
                    self.bind_base = saved;
                    self.push(&format!("__[POSTCOMPILE_{name}]"));
                    self.push(")");
                    if *negated {
                        self.push(")");
                    }
                    return;
                }
                let saved = self.bind_base.clone();
                if let Some(base) = bind_base_of(left) {
                    self.bind_base = Some(base);
                }
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        self.push(", ");
                    }
                    self.expr(item);
                }
                self.bind_base = saved;
                self.push(")");
                if *negated {
                    self.push(")");
                }
            }
            Expr::Between(value, low, high) => {
                let saved = self.bind_base.clone();
                if let Some(base) = bind_base_of(value) {
                    self.bind_base = Some(base);
                }
                self.operand(value);
                self.push(" BETWEEN ");
                self.expr(low);
                self.push(" AND ");
                self.expr(high);
                self.bind_base = saved;
            }
            Expr::Func(name, args) => {
                let saved = self.bind_base.replace(name.clone());
                self.push(name);
                self.push("(");
                for (index, arg) in args.iter().enumerate() {
                    if index > 0 {
                        self.push(", ");
                    }
                    self.expr(arg);
                }
                self.push(")");
                self.bind_base = saved;
            }
            Expr::Star => self.push("*"),
            Expr::Grouping(inner) => {
                self.push("(");
                self.expr(inner);
                self.push(")");
            }
            Expr::Exists(select) => {
                self.push("EXISTS (");
                self.select(select);
                self.push(")");
            }
            Expr::Desc(inner) => {
                self.expr(inner);
                self.push(" DESC");
            }
            Expr::Asc(inner) => {
                self.expr(inner);
                self.push(" ASC");
            }
            Expr::Distinct(inner) => {
                self.push("DISTINCT ");
                self.expr(inner);
            }
            Expr::Label(inner, name) => {
                self.expr(inner);
                self.push(" AS ");
                self.push(&quote(name));
            }
            Expr::Text(text, params) => {
                self.push(text);
                if self.collect {
                    self.params.extend(params.iter().cloned());
                }
            }
            Expr::Case(whens, otherwise) => {
                self.push("CASE");
                for (condition, value) in whens {
                    self.push(" WHEN (");
                    self.expr(condition);
                    self.push(") THEN ");
                    self.expr(value);
                }
                if let Some(otherwise) = otherwise {
                    self.push(" ELSE ");
                    self.expr(otherwise);
                }
                self.push(" END");
            }
            Expr::Scalar(select) => {
                self.push("(");
                self.select(select);
                self.push(")");
            }
            Expr::InSelect(left, select, negated) => {
                if *negated {
                    self.push("(");
                }
                self.operand(left);
                self.push(if *negated { " NOT IN (" } else { " IN (" });
                self.select(select);
                self.push(")");
                if *negated {
                    self.push(")");
                }
            }
            Expr::Cast(inner, ty) => {
                self.push("CAST(");
                self.expr(inner);
                self.push(" AS ");
                self.push(ty);
                self.push(")");
            }
        }
    }

    /// An operand of a binary operator: boolean lists are parenthesised.
    fn operand(&mut self, expr: &Expr) {
        let concatenation = matches!(expr, Expr::Binary(_, op, _) if op == "||");
        if matches!(expr, Expr::And(_) | Expr::Or(_) | Expr::Binary(..)) && !concatenation {
            self.push("(");
            self.expr(expr);
            self.push(")");
        } else {
            self.expr(expr);
        }
    }

    /// The next named bind: `<base>_<n>`, counted per base name.
    fn next_name(&mut self) -> String {
        let base = self.bind_base.clone().unwrap_or_else(|| "param".to_string());
        let counters = self.named.get_or_insert_with(Vec::new);
        let n = match counters.iter_mut().find(|(b, _)| *b == base) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                counters.push((base.clone(), 1));
                1
            }
        };
        format!("{base}_{n}")
    }

    /// An operand of binary operator `outer`, grouped the way SQLAlchemy's `self_group`
    /// does: when its own operator binds no tighter (`(a + b) * c`, `a % ? = ?`).
    fn operand_of(&mut self, expr: &Expr, outer: &str) {
        let concatenation = matches!(expr, Expr::Binary(_, op, _) if op == "||");
        let grouped = match expr {
            Expr::And(_) | Expr::Or(_) => true,
            Expr::Binary(_, inner, _) if concatenation => precedence(inner) < precedence(outer),
            Expr::Binary(_, inner, _) => !(inner == outer && matches!(inner.as_str(), "+" | "*")) && precedence(inner) <= precedence(outer),
            _ => false,
        };
        if grouped {
            self.push("(");
            self.expr(expr);
            self.push(")");
        } else {
            self.expr(expr);
        }
    }

    fn joined(&mut self, items: &[Expr], separator: &str, needs_parens: impl Fn(&Expr) -> bool) {
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                self.push(separator);
            }
            if needs_parens(item) {
                self.push("(");
                self.expr(item);
                self.push(")");
            } else {
                self.expr(item);
            }
        }
    }

    fn from(&mut self, from: &From) {
        match from {
            From::Table(name) => match name.split_once(" AS ") {
                Some((table, alias)) => {
                    self.push(&quote(table));
                    self.push(" AS ");
                    self.push(&quote(alias));
                }
                None => self.push(&quote(name)),
            },
            From::Alias(table, alias) => {
                self.push(&quote(table));
                self.push(" AS ");
                self.push(&quote(alias));
            }
            From::Subquery(select, name) => {
                self.push("(");
                self.select(select);
                self.push(") AS ");
                self.push(name);
            }
            From::Join { left, right, on, outer } => {
                self.from(left);
                self.push(if *outer { " LEFT OUTER JOIN " } else { " JOIN " });
                // A join on the right (a many-to-many's association table and target) is bracketed.
                let nested = matches!(**right, From::Join { .. });
                if nested {
                    self.push("(");
                }
                self.from(right);
                if nested {
                    self.push(")");
                }
                self.push(" ON ");
                self.expr(on);
            }
        }
    }

    fn criteria(&mut self, criteria: &[Expr]) {
        if criteria.len() == 1 {
            if let Some(only) = criteria.first() {
                self.expr(only);
            }
        } else {
            self.joined(criteria, " AND ", |e| matches!(e, Expr::Or(_)));
        }
    }

    fn select(&mut self, select: &Select) {
        self.push("SELECT ");
        if select.distinct {
            self.push("DISTINCT ");
        }
        for (index, column) in select.columns.iter().enumerate() {
            if index > 0 {
                self.push(", ");
            }
            self.expr(&column.expr);
            if let Some(label) = &column.label {
                self.push(" AS ");
                self.push(&quote(label));
            }
        }
        if !select.from.is_empty() {
            self.push(" \nFROM ");
            for (index, from) in select.from.iter().enumerate() {
                if index > 0 {
                    self.push(", ");
                }
                self.from(from);
            }
        }
        if !select.criteria.is_empty() {
            self.push(" \nWHERE ");
            self.criteria(&select.criteria);
        }
        if !select.group_by.is_empty() {
            self.push(" GROUP BY ");
            self.list(&select.group_by);
        }
        if !select.having.is_empty() {
            self.push(" \nHAVING ");
            self.criteria(&select.having);
        }
        if !select.order_by.is_empty() {
            self.push(" ORDER BY ");
            self.list(&select.order_by);
        }
        if self.show_names {
            // The default (string) compiler: only what was given, `LIMIT -1` before a bare OFFSET.
            let saved = self.bind_base.take();
            match (&select.limit, &select.offset) {
                (Some(limit), offset) => {
                    self.push("\n LIMIT ");
                    self.expr(limit);
                    if let Some(offset) = offset {
                        self.push(" OFFSET ");
                        self.expr(offset);
                    }
                }
                (None, Some(offset)) => {
                    self.push("\n LIMIT -1 OFFSET ");
                    self.expr(offset);
                }
                (None, None) => {}
            }
            self.bind_base = saved;
            return;
        }
        match (&select.limit, &select.offset) {
            (None, None) => {}
            (limit, offset) => {
                self.push("\n LIMIT ");
                match limit {
                    Some(limit) => self.expr(limit),
                    None => self.bind(&Db::Integer(-1)),
                }
                self.push(" OFFSET ");
                match offset {
                    Some(offset) => self.expr(offset),
                    None => self.bind(&Db::Integer(0)),
                }
            }
        }
    }

    fn list(&mut self, items: &[Expr]) {
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                self.push(", ");
            }
            self.expr(item);
        }
    }

    fn statement(&mut self, statement: &Statement) {
        match statement {
            Statement::Select(select) => self.select(select),
            Statement::Insert { table, columns, values, returning } => {
                self.push("INSERT INTO ");
                self.push(&quote(table));
                if columns.is_empty() {
                    self.push(" DEFAULT VALUES");
                } else {
                    self.push(" (");
                    self.push(&columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", "));
                    self.push(") VALUES (");
                    self.list(values);
                    self.push(")");
                }
                if !returning.is_empty() {
                    self.push(" RETURNING ");
                    self.push(&returning.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", "));
                }
            }
            Statement::Update { table, set, criteria } => {
                self.push("UPDATE ");
                self.push(&quote(table));
                self.push(" SET ");
                for (index, (column, value)) in set.iter().enumerate() {
                    if index > 0 {
                        self.push(", ");
                    }
                    self.push(&quote(column));
                    self.push("=");
                    // A SET value is self-grouped against nothing: `priority=(task.priority + ?)`.
                    self.operand(value);
                }
                if !criteria.is_empty() {
                    self.push(" WHERE ");
                    self.criteria(criteria);
                }
            }
            Statement::Delete { table, criteria } => {
                self.push("DELETE FROM ");
                self.push(&quote(table));
                if !criteria.is_empty() {
                    self.push(" WHERE ");
                    self.criteria(criteria);
                }
            }
            Statement::Text(text, params) => {
                self.push(text);
                if self.collect {
                    self.params.extend(params.iter().cloned());
                }
            }
        }
    }
}

/// The name a bind compared with `expr` takes in `str()` output (`users.name = :name_1`).
fn bind_base_of(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Column { name, .. } => Some(name.clone()),
        Expr::Func(name, _) => Some(name.clone()),
        Expr::Label(inner, _) => bind_base_of(inner),
        _ => None,
    }
}

/// `str()` of a 2.0 statement or expression outside any dialect: named binds.
pub fn display_named(statement: &Statement) -> String {
    let mut printer = Printer::new(false);
    printer.show_names = true;
    printer.statement(statement);
    printer.sql
}

/// `str()` of an expression outside any dialect (`users.name = :name_1`).
pub fn display_expr_named(expr: &Expr) -> String {
    let mut printer = Printer::new(false);
    printer.show_names = true;
    printer.expr(expr);
    printer.sql
}

/// SQLAlchemy's operator precedence (`sqlalchemy.sql.operators._PRECEDENCE`).
fn precedence(op: &str) -> u8 {
    match op {
        "*" | "/" | "%" => 8,
        "+" | "-" => 7,
        "AND" => 3,
        "OR" => 2,
        _ => 5,
    }
}

/// Renders `statement` to its SQL text and parameters.
pub fn compile(statement: &Statement) -> (String, Vec<Db>) {
    let mut printer = Printer::new(true);
    printer.statement(statement);
    (printer.sql, printer.params)
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut printer = Printer::new(false);
        printer.statement(self);
        f.write_str(&printer.sql)
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut printer = Printer::new(false);
        printer.expr(self);
        f.write_str(&printer.sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_render_with_sqlalchemy_layout() {
        let select = Select {
            columns: vec![SelectColumn { expr: Expr::column("users", "id"), label: Some("users_id".into()) }],
            from: vec![From::Table("users".into())],
            criteria: vec![Expr::binary(Expr::column("users", "name"), "=", Expr::Bind(Db::Text("ann".into())))],
            limit: Some(Expr::Bind(Db::Integer(1))),
            ..Select::default()
        };
        let (sql, params) = compile(&Statement::Select(select));
        assert_eq!(sql, "SELECT users.id AS users_id \nFROM users \nWHERE users.name = ?\n LIMIT ? OFFSET ?");
        assert_eq!(params, vec![Db::Text("ann".into()), Db::Integer(1), Db::Integer(0)]);
    }
}
