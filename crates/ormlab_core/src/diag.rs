//! Diagnostics: problems in the user's code, as data with positions. Every stage returns its
//! value together with the diagnostics it found instead of failing, so the editor can mark all
//! of them at once and later stages still run on what could be understood.

use crate::api;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The code cannot be run as written (syntax error, construct outside the subset).
    Error,
    /// The code runs, but probably not as meant.
    Warning,
}

impl Severity {
    /// The lower-case name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One located problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// Byte offsets `start..end` into the source.
    pub range: (usize, usize),
    /// 1-based line of `range.0`.
    pub line: u32,
    /// 1-based column of `range.0`, counted in characters.
    pub column: u32,
}

/// The prefix of every message about Python outside the supported subset, so users (and
/// tests) can tell "ormlab cannot do this yet" from "this is wrong".
pub const NOT_SUPPORTED: &str = "not supported in ormlab yet: ";

/// Maps byte offsets to 1-based line and character columns.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// The indexed source.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// Indexes `source`.
    pub fn new(source: &'a str) -> Self {
        let mut line_starts = vec![0];
        for (offset, byte) in source.bytes().enumerate() {
            if byte == b'\n' {
                line_starts.push(offset + 1);
            }
        }
        Self { source, line_starts }
    }

    /// The 1-based line and character column of byte `offset` (clamped to the source, and to
    /// the start of a character when it falls inside one).
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.source.len());
        while offset > 0 && !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self.source.get(start..offset).map_or(0, |text| text.chars().count());
        (to_u32(line), to_u32(column + 1))
    }

    /// The source text of `range` (empty when the range is not valid for the source).
    pub fn text(&self, range: (usize, usize)) -> &'a str {
        self.source.get(range.0..range.1).unwrap_or("")
    }

    /// A diagnostic located at `range`.
    pub fn diagnostic(&self, severity: Severity, message: impl Into<String>, range: (usize, usize)) -> Diagnostic {
        let (line, column) = self.position(range.0);
        Diagnostic { severity, message: message.into(), range, line, column }
    }

    /// The wire form of `diagnostic`, with its end position resolved.
    pub fn to_api(&self, diagnostic: &Diagnostic) -> api::Diagnostic {
        let (end_line, end_column) = self.position(diagnostic.range.1);
        api::Diagnostic {
            message: diagnostic.message.clone(),
            line: diagnostic.line,
            column: diagnostic.column,
            end_line,
            end_column,
        }
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let index = LineIndex::new("ab\né x\n");
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(3), (2, 1));
        assert_eq!(index.position(6), (2, 3));
        assert_eq!(index.position(4), (2, 1), "inside a character snaps to its start");
        assert_eq!(index.position(999), (3, 1));
    }
}
