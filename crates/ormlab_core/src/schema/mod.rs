//! Models → schema → DDL: SQLAlchemy's meaning of the evaluated models (tables, columns,
//! constraints, indexes, relationships, and the exceptions it raises), and the statements
//! `db.create_all()` sends for them.

pub mod build;
pub mod convention;
pub mod ddl;
pub mod model;
pub mod naming;
pub mod relationships;
pub mod report;
pub mod sqlite_check;
pub mod types;

use crate::diag::{Diagnostic, LineIndex};
use build::ModelError;
use model::Schema;

/// Everything reading a models file produces.
#[derive(Debug, Default)]
pub struct ModelsOutcome {
    /// The schema, as far as it could be built.
    pub schema: Schema,
    /// The statements create_all sends (up to the error, if one is raised).
    pub ddl: Vec<String>,
    /// Parse errors and constructs outside the subset.
    pub diagnostics: Vec<Diagnostic>,
    /// The exception real SQLAlchemy would raise.
    pub error: Option<ModelError>,
}

/// Parses, evaluates and maps `source`, then renders the DDL of `db.create_all()`.
pub fn read_models(source: &str) -> ModelsOutcome {
    let parsed = crate::python::parse(source);
    let syntax_error = parsed.diagnostics.first().map(|first| ModelError {
        kind: "SyntaxError".into(),
        // str(SyntaxError) names the file and line, as CPython prints it.
        message: format!("{} (models.py, line {})", first.message, first.line),
        line: Some(first.line),
        ddl_stage: build::ErrorStage::BeforeDdl,
    });
    let mut diagnostics = parsed.diagnostics;
    let Some(module) = parsed.module else {
        return ModelsOutcome { diagnostics, error: syntax_error, ..ModelsOutcome::default() };
    };
    let index = LineIndex::new(source);
    let evaluated = crate::python::eval::evaluate(source, &module);
    diagnostics.extend(evaluated.diagnostics.iter().cloned());
    let built = build::build(&index, &evaluated);
    diagnostics.extend(built.diagnostics);
    // CPython refuses to run a file with a syntax error at all; the recovered tree is still
    // mapped so the diagram stays useful while the user types.
    let (ddl, error) = match syntax_error {
        Some(error) => (Vec::new(), Some(error)),
        None => ddl::create_all(&built.schema, built.error.as_ref()),
    };
    diagnostics.sort_by_key(|d| d.range);
    ModelsOutcome { schema: built.schema, ddl, diagnostics, error }
}
