//! The live schema read back from SQLite the way SQLAlchemy's SQLite dialect reflects it:
//! `PRAGMA table_info` for columns, `PRAGMA index_list`/`index_info` for indexes, and the
//! `CREATE TABLE` text in `sqlite_master` for constraint names, foreign keys, unique and
//! CHECK constraints (SQLite keeps no catalogue of those, so SQLAlchemy parses the text).

use super::mtype::{self, MType};
use crate::engine::{Engine, EngineError, Value};

/// A reflected column.
#[derive(Debug, Clone, PartialEq)]
pub struct DbColumn {
    /// Column name.
    pub name: String,
    /// The reflected type; `None` when SQLite declared none (SQLAlchemy's NullType).
    pub ty: Option<MType>,
    /// NULL allowed.
    pub nullable: bool,
    /// The DEFAULT text as Alembic's reflection listener leaves it: SQL expressions that are
    /// not literals get parentheses.
    pub default: Option<String>,
}

/// A reflected foreign key.
#[derive(Debug, Clone, PartialEq)]
pub struct DbForeignKey {
    /// `CONSTRAINT name`, when the DDL gave one.
    pub name: Option<String>,
    /// Local columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub target_table: String,
    /// Referenced columns.
    pub target_columns: Vec<String>,
    /// ON DELETE action other than NO ACTION.
    pub ondelete: Option<String>,
    /// ON UPDATE action other than NO ACTION.
    pub onupdate: Option<String>,
}

/// A reflected UNIQUE constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct DbUnique {
    /// `CONSTRAINT name`, when given.
    pub name: Option<String>,
    /// Columns.
    pub columns: Vec<String>,
}

/// A reflected CHECK constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct DbCheck {
    /// `CONSTRAINT name`, when given.
    pub name: Option<String>,
    /// The condition text.
    pub sqltext: String,
}

/// A reflected index (SQLite's automatic indexes excluded).
#[derive(Debug, Clone, PartialEq)]
pub struct DbIndex {
    /// Index name.
    pub name: String,
    /// Indexed columns in order.
    pub columns: Vec<String>,
    /// UNIQUE index.
    pub unique: bool,
}

/// A reflected table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DbTable {
    /// Table name.
    pub name: String,
    /// Columns in table order.
    pub columns: Vec<DbColumn>,
    /// Primary key columns in key order.
    pub primary_key: Vec<String>,
    /// Foreign keys in DDL order.
    pub foreign_keys: Vec<DbForeignKey>,
    /// UNIQUE constraints in DDL order.
    pub uniques: Vec<DbUnique>,
    /// CHECK constraints in DDL order.
    pub checks: Vec<DbCheck>,
    /// Indexes sorted by name.
    pub indexes: Vec<DbIndex>,
    /// `AUTOINCREMENT` in the DDL (`sqlite_autoincrement=True`).
    pub autoincrement: bool,
}

impl DbTable {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&DbColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Names of the user tables, sorted (SQLite's own and Alembic's version table left out).
pub fn table_names(engine: &mut dyn Engine) -> Result<Vec<String>, EngineError> {
    let result = engine.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name", &[])?;
    Ok(result
        .rows
        .iter()
        .filter_map(|row| match row.first() {
            Some(Value::Text(name)) if name != "alembic_version" => Some(name.clone()),
            _ => None,
        })
        .collect())
}

/// Reflects every user table, sorted by name.
pub fn reflect_all(engine: &mut dyn Engine) -> Result<Vec<DbTable>, EngineError> {
    table_names(engine)?.iter().map(|name| reflect_table(engine, name)).collect()
}

fn text(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::Text(t)) => Some(t.clone()),
        Some(Value::Integer(i)) => Some(i.to_string()),
        Some(Value::Real(r)) => Some(r.to_string()),
        _ => None,
    }
}

fn int(value: Option<&Value>) -> i64 {
    match value {
        Some(Value::Integer(i)) => *i,
        _ => 0,
    }
}

fn pragma_quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Reflects one table.
pub fn reflect_table(engine: &mut dyn Engine, name: &str) -> Result<DbTable, EngineError> {
    let quoted = pragma_quote(name);
    let info = engine.execute(&format!("PRAGMA main.table_info({quoted})"), &[])?;
    let mut columns = Vec::new();
    let mut keyed: Vec<(i64, String)> = Vec::new();
    for row in &info.rows {
        let column_name = text(row.get(1)).unwrap_or_default();
        let declared = text(row.get(2)).unwrap_or_default();
        let pk = int(row.get(5));
        if pk > 0 {
            keyed.push((pk, column_name.clone()));
        }
        columns.push(DbColumn {
            name: column_name,
            ty: mtype::from_reflected(&declared),
            nullable: int(row.get(3)) == 0,
            default: text(row.get(4)).map(|d| parenthesize_default(&d)),
        });
    }
    keyed.sort();
    let sql = engine
        .execute("SELECT sql FROM sqlite_master WHERE name = ? AND type = 'table'", &[Value::Text(name.to_string())])?
        .rows
        .first()
        .and_then(|row| text(row.first()))
        .unwrap_or_default();
    let mut indexes = Vec::new();
    let list = engine.execute(&format!("PRAGMA main.index_list({quoted})"), &[])?;
    for row in &list.rows {
        let Some(index_name) = text(row.get(1)) else { continue };
        if index_name.starts_with("sqlite_autoindex") {
            continue;
        }
        let cols = engine.execute(&format!("PRAGMA main.index_info({})", pragma_quote(&index_name)), &[])?;
        let columns = cols.rows.iter().filter_map(|r| text(r.get(2))).collect();
        indexes.push(DbIndex { name: index_name, columns, unique: int(row.get(2)) == 1 });
    }
    indexes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(DbTable {
        name: name.to_string(),
        columns,
        primary_key: keyed.into_iter().map(|(_, c)| c).collect(),
        foreign_keys: parse_foreign_keys(&sql),
        uniques: parse_uniques(&sql),
        checks: parse_checks(&sql),
        indexes,
        autoincrement: sql.to_uppercase().contains("AUTOINCREMENT"),
    })
}

/// Alembic's `autogen_column_reflect`: a default that looks like an unparenthesised SQL
/// expression gets parentheses, because SQLite needs them when the DDL is sent again.
pub fn parenthesize_default(text: &str) -> String {
    if looks_like_bare_expression(text) {
        format!("({text})")
    } else {
        text.to_string()
    }
}

/// `SQLiteImpl._guess_if_default_is_unparenthesized_sql_expr`.
pub fn looks_like_bare_expression(text: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    let single_digit = text.chars().count() == 1 && text.chars().all(|c| c.is_ascii_digit() || c == '.');
    let quoted = text.len() >= 3 && text.starts_with('\'') && text.ends_with('\'');
    let parenthesized = text.len() >= 3 && text.starts_with('(') && text.ends_with(')');
    !(single_digit || quoted || parenthesized)
}

/// Column names in a constraint's column list: `"quoted"` or bare words.
fn names_in(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = list;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let body = rest.get(1..).unwrap_or("");
            let end = body.find('"').unwrap_or(body.len());
            out.push(body.get(..end).unwrap_or("").to_string());
            rest = body.get(end + 1..).unwrap_or("");
        } else if c.is_alphanumeric() || c == '_' {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
            out.push(rest.get(..end).unwrap_or("").to_string());
            rest = rest.get(end..).unwrap_or("");
        } else {
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
    }
    out
}

/// The name given by a `CONSTRAINT name ` immediately before byte `at` of `sql`.
fn constraint_name_before(sql: &str, at: usize) -> Option<String> {
    let before = sql.get(..at)?.trim_end();
    let (head, word) = match before.strip_suffix('"') {
        Some(inner) => {
            let open = inner.rfind('"')?;
            (inner.get(..open)?, inner.get(open + 1..)?.to_string())
        }
        None => {
            let start = before.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
            (before.get(..start)?, before.get(start..)?.to_string())
        }
    };
    let head = head.trim_end();
    (head.len() >= 10 && head.get(head.len() - 10..)?.eq_ignore_ascii_case("CONSTRAINT") && !word.is_empty()).then_some(word)
}

/// Byte offsets of `keyword` (case-insensitive, as a whole word) in `sql`.
fn keyword_positions(sql: &str, keyword: &str) -> Vec<usize> {
    let upper = sql.to_ascii_uppercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = upper.get(from..).and_then(|s| s.find(keyword)) {
        let at = from + found;
        let before_ok = at == 0 || !upper.as_bytes().get(at - 1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        if before_ok {
            out.push(at);
        }
        from = at + keyword.len();
    }
    out
}

/// The text inside the parentheses opening at or after `from`, and the offset after them.
fn parenthesized(sql: &str, from: usize) -> Option<(String, usize)> {
    let open = from + sql.get(from..)?.find('(')?;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (offset, c) in sql.get(open..)?.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '(' => depth += 1,
            None if c == ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some((sql.get(open + 1..open + offset)?.to_string(), open + offset + 1));
                }
            }
            None => {}
        }
    }
    None
}

fn parse_foreign_keys(sql: &str) -> Vec<DbForeignKey> {
    let mut out = Vec::new();
    for at in keyword_positions(sql, "FOREIGN KEY") {
        let Some((local, after)) = parenthesized(sql, at) else { continue };
        let rest = sql.get(after..).unwrap_or("").trim_start();
        let Some(rest) = rest.get(..10).filter(|w| w.eq_ignore_ascii_case("REFERENCES")).and_then(|_| rest.get(10..)) else { continue };
        let rest = rest.trim_start();
        let (target, rest) = match rest.strip_prefix('"') {
            Some(body) => {
                let end = body.find('"').unwrap_or(body.len());
                (body.get(..end).unwrap_or("").to_string(), body.get(end + 1..).unwrap_or(""))
            }
            None => {
                let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
                (rest.get(..end).unwrap_or("").to_string(), rest.get(end..).unwrap_or(""))
            }
        };
        let Some((remote, after_remote)) = parenthesized(rest, 0) else { continue };
        let tail = rest.get(after_remote..).unwrap_or("").to_uppercase();
        let mut ondelete = None;
        let mut onupdate = None;
        let mut words = tail.trim_start();
        while let Some(after_on) = words.strip_prefix("ON ") {
            let after_on = after_on.trim_start();
            let (is_delete, body) = if let Some(b) = after_on.strip_prefix("DELETE") {
                (true, b.trim_start())
            } else if let Some(b) = after_on.strip_prefix("UPDATE") {
                (false, b.trim_start())
            } else {
                break;
            };
            let action = ["SET NULL", "SET DEFAULT", "CASCADE", "RESTRICT", "NO ACTION"].into_iter().find(|a| body.starts_with(a));
            let Some(action) = action else { break };
            if action != "NO ACTION" {
                if is_delete {
                    ondelete = Some(action.to_string());
                } else {
                    onupdate = Some(action.to_string());
                }
            }
            words = body.get(action.len()..).unwrap_or("").trim_start();
        }
        let columns = names_in(&local);
        let target_columns = names_in(&remote);
        out.push(DbForeignKey { name: constraint_name_before(sql, at), columns, target_table: target, target_columns, ondelete, onupdate });
    }
    out
}

fn parse_uniques(sql: &str) -> Vec<DbUnique> {
    keyword_positions(sql, "UNIQUE")
        .into_iter()
        .filter_map(|at| {
            let after = sql.get(at + 6..)?;
            // Only the table-level form `UNIQUE (cols)`; SQLAlchemy never writes inline UNIQUE.
            if !after.trim_start().starts_with('(') {
                return None;
            }
            let (cols, _) = parenthesized(sql, at)?;
            Some(DbUnique { name: constraint_name_before(sql, at), columns: names_in(&cols) })
        })
        .collect()
}

fn parse_checks(sql: &str) -> Vec<DbCheck> {
    keyword_positions(sql, "CHECK")
        .into_iter()
        .filter_map(|at| {
            let after = sql.get(at + 5..)?;
            if !after.trim_start().starts_with('(') {
                return None;
            }
            let (body, _) = parenthesized(sql, at)?;
            Some(DbCheck { name: constraint_name_before(sql, at), sqltext: body })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_constraints_from_ddl() {
        let sql = "CREATE TABLE offers (\n\tid INTEGER NOT NULL, \n\tshop_id INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_offers_price CHECK (price >= (0)), \n\tFOREIGN KEY(shop_id) REFERENCES shops (id) ON DELETE CASCADE, \n\tCONSTRAINT uq_x UNIQUE (shop_id, code), \n\tUNIQUE (code)\n)";
        let fks = parse_foreign_keys(sql);
        assert_eq!(fks.len(), 1);
        assert_eq!(fks[0].ondelete.as_deref(), Some("CASCADE"));
        assert_eq!(fks[0].name, None);
        let uqs = parse_uniques(sql);
        assert_eq!(uqs[0].name.as_deref(), Some("uq_x"));
        assert_eq!(uqs[1], DbUnique { name: None, columns: vec!["code".into()] });
        let checks = parse_checks(sql);
        assert_eq!(checks[0], DbCheck { name: Some("ck_offers_price".into()), sqltext: "price >= (0)".into() });
    }

    #[test]
    fn guesses_bare_expressions_like_alembic() {
        assert_eq!(parenthesize_default("CURRENT_TIMESTAMP"), "(CURRENT_TIMESTAMP)");
        assert_eq!(parenthesize_default("'0'"), "'0'");
        assert_eq!(parenthesize_default("1"), "1");
        assert_eq!(parenthesize_default("10"), "(10)");
    }
}
