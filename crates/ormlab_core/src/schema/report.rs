//! The schema as the page and the CLI see it ([`api::SchemaReport`]).

use super::model::RelationshipKind;
use super::ModelsOutcome;
use crate::api::{self, Cardinality, ColumnInfo, ErrorInfo, RelationshipInfo, SchemaReport, TableInfo};
use crate::diag::LineIndex;

/// Converts an outcome of [`super::read_models`] for `source` to its wire form.
pub fn to_report(source: &str, outcome: &ModelsOutcome) -> SchemaReport {
    let index = LineIndex::new(source);
    let tables = outcome
        .schema
        .tables
        .iter()
        .map(|table| TableInfo {
            name: table.name.clone(),
            model: table.model.clone(),
            columns: table
                .columns
                .iter()
                .map(|column| ColumnInfo {
                    name: column.name.clone(),
                    sql_type: column.sql_type.ddl(),
                    primary_key: column.primary_key,
                    nullable: column.nullable,
                    unique: column.unique
                        || table.constraints.iter().any(|c| matches!(&c.kind, super::model::ConstraintKind::Unique(cols) if cols.len() == 1 && cols.first() == Some(&column.name)))
                        || table.indexes.iter().any(|i| i.unique && i.columns.len() == 1 && i.columns.first() == Some(&column.name)),
                    foreign_key: table
                        .foreign_keys()
                        .find_map(|fk| {
                            let at = fk.columns.iter().position(|c| *c == column.name)?;
                            Some(format!("{}.{}", fk.target_table, fk.target_columns.get(at)?))
                        }),
                })
                .collect(),
        })
        .collect();
    let relationships = outcome
        .schema
        .relationships
        .iter()
        .map(|r| RelationshipInfo {
            model: r.model.clone(),
            name: r.name.clone(),
            target: r.target.clone(),
            cardinality: match r.kind {
                RelationshipKind::OneToMany => Cardinality::OneToMany,
                RelationshipKind::ManyToOne => Cardinality::ManyToOne,
                RelationshipKind::OneToOne => Cardinality::OneToOne,
                RelationshipKind::ManyToMany => Cardinality::ManyToMany,
            },
            secondary: r.secondary.clone(),
        })
        .collect();
    SchemaReport {
        ddl: outcome.ddl.clone(),
        tables,
        relationships,
        diagnostics: outcome.diagnostics.iter().map(|d| index.to_api(d)).collect(),
        error: outcome.error.as_ref().map(|e| ErrorInfo { kind: e.kind.clone(), message: e.message.clone(), line: e.line }),
    }
}

/// Reads `source` and reports it in one step (what the worker answers `ReadModels` with).
pub fn read_models_report(source: &str) -> api::SchemaReport {
    to_report(source, &super::read_models(source))
}
