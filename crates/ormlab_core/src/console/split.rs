//! Splits a SQL script into statements the way the sqlite3 shell does: at `;` outside string
//! literals, quoted identifiers, comments and the `BEGIN … END` body of a trigger.

use crate::api::Position;

/// One statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlStatement {
    /// The statement text, trimmed, without its terminating `;`.
    pub text: String,
    /// Where the statement starts in the script.
    pub position: Position,
}

/// Splits `script` into statements; empty statements (a lone `;`, only comments) are dropped.
pub fn split_statements(script: &str) -> Vec<SqlStatement> {
    let mut statements = Vec::new();
    let mut scanner = Scanner::new(script);
    // Byte offset of the current statement's first token: comments before it are not part
    // of the statement, so the text and its position start at real code.
    let mut start: Option<usize> = None;
    let mut trigger = TriggerState::default();
    while let Some((offset, token)) = scanner.next_token() {
        match token {
            Token::Semicolon if trigger.depth == 0 => {
                if let Some(start) = start.take() {
                    push_statement(script, start, offset, &mut statements);
                }
                trigger = TriggerState::default();
            }
            Token::Word(word) => {
                start.get_or_insert(offset);
                trigger.see_word(&word);
            }
            Token::Semicolon | Token::Other => {
                start.get_or_insert(offset);
            }
        }
    }
    if let Some(start) = start {
        push_statement(script, start, script.len(), &mut statements);
    }
    statements
}

fn push_statement(script: &str, start: usize, end: usize, out: &mut Vec<SqlStatement>) {
    out.push(SqlStatement { text: script[start..end].trim_end().to_string(), position: position_of(script, start) });
}

fn position_of(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    Position { line: u32::try_from(line).unwrap_or(u32::MAX), column: u32::try_from(column).unwrap_or(u32::MAX) }
}

/// Tracks whether we are inside `CREATE TRIGGER … BEGIN … END`, where `;` ends the inner
/// statements but not the trigger. `CASE … END` nests inside the body.
#[derive(Default)]
struct TriggerState {
    words_seen: usize,
    is_create: bool,
    is_trigger: bool,
    depth: usize,
}

impl TriggerState {
    fn see_word(&mut self, word: &str) {
        let word = word.to_ascii_uppercase();
        self.words_seen += 1;
        match self.words_seen {
            1 => self.is_create = word == "CREATE",
            2..=3 if self.is_create && word == "TRIGGER" => self.is_trigger = true,
            _ => {}
        }
        if !self.is_trigger {
            return;
        }
        match word.as_str() {
            "BEGIN" if self.depth == 0 => self.depth = 1,
            "CASE" if self.depth > 0 => self.depth += 1,
            "END" if self.depth > 0 => self.depth -= 1,
            _ => {}
        }
    }
}

enum Token {
    Semicolon,
    Word(String),
    Other,
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// The next token and its byte offset; whitespace and comments are skipped, and an
    /// unterminated string or comment runs to the end of the text (SQLite reports the error).
    fn next_token(&mut self) -> Option<(usize, Token)> {
        loop {
            let rest = self.rest();
            let c = rest.chars().next()?;
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else if rest.starts_with("--") {
                self.pos += rest.find('\n').unwrap_or(rest.len());
            } else if let Some(body) = rest.strip_prefix("/*") {
                self.pos += body.find("*/").map_or(rest.len(), |i| i + 4);
            } else {
                break;
            }
        }
        let start = self.pos;
        let rest = self.rest();
        let c = rest.chars().next()?;
        let token = match c {
            ';' => {
                self.pos += 1;
                Token::Semicolon
            }
            '\'' | '"' | '`' => {
                self.pos += quoted_len(rest, c, c);
                Token::Other
            }
            '[' => {
                self.pos += quoted_len(rest, '[', ']');
                Token::Other
            }
            c if c.is_alphanumeric() || c == '_' => {
                let len = rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == '$')).unwrap_or(rest.len());
                self.pos += len;
                Token::Word(rest[..len].to_string())
            }
            c => {
                self.pos += c.len_utf8();
                Token::Other
            }
        };
        Some((start, token))
    }
}

/// Length of a quoted token starting at `text[0] == open`; a doubled closing quote escapes it.
fn quoted_len(text: &str, open: char, close: char) -> usize {
    let mut chars = text.char_indices().skip(1).peekable();
    debug_assert!(text.starts_with(open));
    while let Some((i, c)) = chars.next() {
        if c == close {
            if open == close && chars.peek().map(|&(_, next)| next) == Some(close) {
                chars.next();
                continue;
            }
            return i + c.len_utf8();
        }
    }
    text.len()
}
