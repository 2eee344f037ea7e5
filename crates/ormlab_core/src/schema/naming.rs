//! Names as SQLAlchemy and Flask-SQLAlchemy make them: default table names and identifier
//! quoting in SQLite DDL.

/// SQLAlchemy's SQLite reserved words (`SQLiteIdentifierPreparer.reserved_words`).
const RESERVED: &[&str] = &[
    "add", "after", "all", "alter", "analyze", "and", "as", "asc", "attach", "autoincrement", "before",
    "begin", "between", "by", "cascade", "case", "cast", "check", "collate", "column", "commit",
    "conflict", "constraint", "create", "cross", "current_date", "current_time", "current_timestamp",
    "database", "default", "deferrable", "deferred", "delete", "desc", "detach", "distinct", "drop",
    "each", "else", "end", "escape", "except", "exclusive", "exists", "explain", "fail", "false", "for",
    "foreign", "from", "full", "glob", "group", "having", "if", "ignore", "immediate", "in", "index",
    "indexed", "initially", "inner", "insert", "instead", "intersect", "into", "is", "isnull", "join",
    "key", "left", "like", "limit", "match", "natural", "not", "notnull", "null", "of", "offset", "on",
    "or", "order", "outer", "plan", "pragma", "primary", "query", "raise", "references", "reindex",
    "rename", "replace", "restrict", "right", "rollback", "row", "select", "set", "table", "temp",
    "temporary", "then", "to", "transaction", "trigger", "true", "union", "unique", "update", "using",
    "vacuum", "values", "view", "virtual", "when", "where",
];

/// Flask-SQLAlchemy 3.1's `camel_to_snake_case`: `_` before an upper-case letter that follows
/// a lower-case letter or digit, or that starts a lower-case run after the first character
/// (so acronyms stay together: `HTTPRequestLog` → `http_request_log`); then lower-cased,
/// leading underscores stripped.
pub fn camel_to_snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let after_lower_or_digit = chars.get(i - 1).is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
            let before_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if after_lower_or_digit || before_lower {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out.trim_start_matches('_').to_string()
}

/// Whether SQLAlchemy quotes `name` in SQLite DDL.
pub fn requires_quotes(name: &str) -> bool {
    let lower = name.to_lowercase();
    RESERVED.contains(&lower.as_str())
        || name.chars().next().is_none_or(|c| c.is_ascii_digit() || c == '$')
        || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        || lower != name
}

/// `name` as SQLAlchemy writes it in DDL: bare when it can be, else double-quoted.
pub fn quote(name: &str) -> String {
    if requires_quotes(name) {
        always_quote(name)
    } else {
        name.to_string()
    }
}

/// `name` in double quotes with embedded quotes doubled (the PRAGMA existence checks always
/// quote).
pub fn always_quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A SQL string literal.
pub fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_table_names_follow_flask_sqlalchemy() {
        assert_eq!(camel_to_snake_case("HTTPRequestLog"), "http_request_log");
        assert_eq!(camel_to_snake_case("ProductReview"), "product_review");
        assert_eq!(camel_to_snake_case("User"), "user");
        assert_eq!(camel_to_snake_case("OAuth2Token"), "o_auth2_token");
        assert_eq!(camel_to_snake_case("_Private"), "private");
        assert_eq!(camel_to_snake_case("ABC"), "abc");
    }

    #[test]
    fn quoting_matches_sqlalchemy() {
        assert_eq!(quote("users"), "users");
        assert_eq!(quote("order"), "\"order\"");
        assert_eq!(quote("User"), "\"User\"");
        assert_eq!(quote("1x"), "\"1x\"");
        assert_eq!(quote("a b"), "\"a b\"");
        assert_eq!(always_quote("a\"b"), "\"a\"\"b\"");
    }
}
