//! `MetaData(naming_convention=...)`: the names SQLAlchemy gives constraints and indexes
//! (`conv(convention % ConventionDict(...))`), applied once a table is assembled.

use super::model::{ConstraintKind, Table};

/// A naming convention: key (`ix`, `uq`, `ck`, `fk`, `pk`) → template.
pub type Convention = Vec<(String, String)>;

/// The convention every `MetaData` starts with.
pub fn default_convention() -> Convention {
    vec![("ix".to_string(), "ix_%(column_0_label)s".to_string())]
}

fn template<'c>(convention: &'c Convention, key: &str) -> Option<&'c str> {
    convention.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// What the `%(...)s` tokens of one constraint stand for.
struct Tokens<'a> {
    table: &'a str,
    columns: &'a [String],
    referred_table: Option<&'a str>,
    referred_columns: &'a [String],
    name: Option<&'a str>,
}

impl Tokens<'_> {
    fn value(&self, token: &str) -> Option<String> {
        Some(match token {
            "table_name" => self.table.to_string(),
            "constraint_name" => self.name?.to_string(),
            "referred_table_name" => self.referred_table?.to_string(),
            "column_0N_name" => self.columns.concat(),
            "column_0_N_name" => self.columns.join("_"),
            "column_0N_label" => self.columns.iter().map(|c| format!("{}_{c}", self.table)).collect::<Vec<_>>().concat(),
            "column_0_N_label" => self.columns.iter().map(|c| format!("{}_{c}", self.table)).collect::<Vec<_>>().join("_"),
            "referred_column_0N_name" => self.referred_columns.concat(),
            "referred_column_0_N_name" => self.referred_columns.join("_"),
            other => {
                let (referred, rest) = match other.strip_prefix("referred_") {
                    Some(rest) => (true, rest),
                    None => (false, other),
                };
                let rest = rest.strip_prefix("column_")?;
                let (position, what) = rest.split_once('_')?;
                let position: usize = position.parse().ok()?;
                let columns = if referred { self.referred_columns } else { self.columns };
                let column = columns.get(position)?;
                match what {
                    "name" | "key" => column.clone(),
                    "label" if !referred => format!("{}_{column}", self.table),
                    _ => return None,
                }
            }
        })
    }

    /// `template % tokens`; `None` when a token is unknown or has no value.
    fn format(&self, template: &str) -> Option<String> {
        let mut out = String::new();
        let mut rest = template;
        while let Some(start) = rest.find("%(") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find(")s")?;
            out.push_str(&self.value(&after[..end])?);
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        Some(out)
    }
}

/// The name a constraint gets: an unnamed one takes the convention, a named one only when the
/// template uses `%(constraint_name)s` (SQLAlchemy's `_constraint_name_for_table`).
fn conventional(template: Option<&str>, tokens: &Tokens<'_>) -> Option<String> {
    let template = template?;
    if tokens.name.is_some() && !template.contains("%(constraint_name)s") {
        return None;
    }
    tokens.format(template)
}

/// The template asks for the name of a constraint that has none.
fn needs_missing_name(template: Option<&str>, name: Option<&str>) -> bool {
    name.is_none() && template.is_some_and(|t| t.contains("%(constraint_name)s"))
}

const MISSING_NAME: &str = "Naming convention including %(constraint_name)s token requires that constraint is explicitly named.";

/// Names `table`'s primary key, constraints and `index=True` indexes by `convention`.
/// `table_exists` tells which tables the metadata holds already: a foreign key template with
/// `%(referred_column_0_name)s` resolves its target when the constraint is attached, so a
/// target defined later raises `NoReferencedTableError` (its message is the `Err`).
pub fn apply(table: &mut Table, convention: &Convention, table_exists: impl Fn(&str) -> bool) -> Result<(), String> {
    let table_name = table.name.clone();
    if !table.primary_key.is_empty() {
        let tokens = Tokens { table: &table_name, columns: &table.primary_key, referred_table: None, referred_columns: &[], name: table.primary_key_name.as_deref() };
        if let Some(name) = conventional(template(convention, "pk"), &tokens) {
            table.primary_key_name = Some(name);
        }
    }
    let mut missing_name = false;
    for constraint in table.constraints.iter_mut() {
        let (key, columns, referred_table, referred_columns): (&str, Vec<String>, Option<String>, Vec<String>) = match &constraint.kind {
            ConstraintKind::Unique(columns) => ("uq", columns.clone(), None, Vec::new()),
            // A CHECK's columns are not known from its text; only table and name tokens work.
            ConstraintKind::Check(_) => ("ck", Vec::new(), None, Vec::new()),
            ConstraintKind::ForeignKey(fk) => ("fk", fk.columns.clone(), Some(fk.target_table.clone()), fk.target_columns.clone()),
        };
        let tokens = Tokens {
            table: &table_name,
            columns: &columns,
            referred_table: referred_table.as_deref(),
            referred_columns: &referred_columns,
            name: constraint.name.as_deref(),
        };
        let template_text = template(convention, key);
        if let (ConstraintKind::ForeignKey(fk), Some(text)) = (&constraint.kind, template_text) {
            let resolves = constraint.name.is_none() || text.contains("%(constraint_name)s");
            if resolves && text.contains("%(referred_column_") && fk.target_table != table_name && !table_exists(&fk.target_table) {
                return Err(format!(
                    "Foreign key associated with column '{table_name}.{}' could not find table '{}' with which to generate a foreign key to target column '{}'",
                    fk.columns.first().map(String::as_str).unwrap_or(""),
                    fk.target_table,
                    fk.target_columns.first().map(String::as_str).unwrap_or("")
                ));
            }
        }
        if needs_missing_name(template_text, constraint.name.as_deref()) {
            missing_name = true;
        }
        if let Some(name) = conventional(template_text, &tokens) {
            if let ConstraintKind::ForeignKey(fk) = &mut constraint.kind {
                fk.name = Some(name.clone());
            }
            constraint.name = Some(name);
        }
    }
    if missing_name {
        table.compile_error.get_or_insert_with(|| MISSING_NAME.to_string());
    }
    for index in table.indexes.iter_mut() {
        let tokens = Tokens {
            table: &table_name,
            columns: &index.columns,
            referred_table: None,
            referred_columns: &[],
            name: if index.column_flag { None } else { Some(index.name.as_str()) },
        };
        if let Some(name) = conventional(template(convention, "ix"), &tokens) {
            index.name = name;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::model::{Constraint, Index};

    #[test]
    fn unnamed_constraints_take_the_convention_and_named_ones_only_through_constraint_name() {
        let convention: Convention = vec![
            ("uq".into(), "uq_%(table_name)s_%(column_0_name)s".into()),
            ("ck".into(), "ck_%(table_name)s_%(constraint_name)s".into()),
            ("pk".into(), "pk_%(table_name)s".into()),
            ("ix".into(), "ix_%(column_0_label)s".into()),
        ];
        let mut table = Table { name: "user".into(), primary_key: vec!["id".into()], ..Table::default() };
        table.constraints.push(Constraint { name: None, kind: ConstraintKind::Unique(vec!["email".into()]), order: 1 });
        table.constraints.push(Constraint { name: Some("adult".into()), kind: ConstraintKind::Check("age >= 18".into()), order: 2 });
        table.indexes.push(Index { name: "ix_user_email".into(), columns: vec!["email".into()], column_flag: true, ..Index::default() });
        table.indexes.push(Index { name: "by_name".into(), columns: vec!["name".into()], ..Index::default() });
        assert_eq!(apply(&mut table, &convention, |_| false), Ok(()));
        assert_eq!(table.primary_key_name.as_deref(), Some("pk_user"));
        assert_eq!(table.constraints[0].name.as_deref(), Some("uq_user_email"));
        assert_eq!(table.constraints[1].name.as_deref(), Some("ck_user_adult"));
        assert_eq!(table.indexes[0].name, "ix_user_email");
        assert_eq!(table.indexes[1].name, "by_name");
    }
}
