//! The Python subset: parsing model source with ruff and evaluating the part of Python that
//! models use (imports of the known libraries, assignments, classes, enum classes,
//! `db.Table(...)`), keeping method bodies as syntax for the ORM interpreter.
//!
//! Nothing here knows what SQLAlchemy does with a `Column`: library calls are recorded as
//! [`value::LibraryCall`]s and interpreted by `schema`.

pub mod brackets;
pub mod eval;
pub mod interp;
pub mod library;
pub mod library_names;
pub mod nesting;
pub mod num;
pub mod object;
pub mod time;
pub mod value;

use crate::diag::{Diagnostic, LineIndex, Severity};
use ruff_python_ast::ModModule;
use ruff_text_size::Ranged;

/// A parsed module: the syntax tree (possibly partial, ruff recovers) and every parse error.
#[derive(Debug)]
pub struct Parsed {
    /// The module; empty when the source was refused before parsing.
    pub module: Option<ModModule>,
    /// Syntax errors, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `source`, collecting all of ruff's errors rather than stopping at the first.
pub fn parse(source: &str) -> Parsed {
    let index = LineIndex::new(source);
    if let Some((offset, what)) = nesting::find_excessive_nesting(source) {
        let message = format!("{}{what}", crate::diag::NOT_SUPPORTED);
        return Parsed { module: None, diagnostics: vec![index.diagnostic(Severity::Error, message, (offset, offset))] };
    }
    let parsed = ruff_python_parser::parse_unchecked_source(source, ruff_python_ast::PySourceType::Python);
    let mut diagnostics: Vec<Diagnostic> = parsed
        .errors()
        .iter()
        .map(|error| {
            let range = (error.location.start().to_usize(), error.location.end().to_usize());
            index.diagnostic(Severity::Error, error.error.to_string(), range)
        })
        .collect();
    diagnostics.extend(parsed.unsupported_syntax_errors().iter().map(|error| {
        let range = error.range();
        index.diagnostic(Severity::Error, error.to_string(), (range.start().to_usize(), range.end().to_usize()))
    }));
    diagnostics.sort_by_key(|diagnostic| diagnostic.range);
    if let Some(first_line) = diagnostics.first().map(|d| d.line) {
        // CPython re-tokenizes the rest of the file after a syntax error and reports a bracket
        // problem instead (an unclosed one only when opened above its error); say what it
        // says, where it says it.
        if let Some(problem) = brackets::problem(source) {
            let bracket_line = index.position(problem.offset).0;
            if !problem.unclosed || first_line > bracket_line {
                diagnostics = vec![index.diagnostic(Severity::Error, problem.message, (problem.offset, problem.offset + 1))];
            }
        }
    }
    Parsed { module: Some(parsed.into_syntax()), diagnostics }
}
