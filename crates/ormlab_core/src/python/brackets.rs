//! CPython's tokenizer errors about brackets (`'(' was never closed`, `unmatched ')'`,
//! `closing parenthesis ']' does not match opening parenthesis '('`), found by scanning the
//! source outside strings and comments the way its tokenizer does.

/// A bracket problem: CPython's message, the byte offset it points at, and whether it is an
/// unclosed bracket (which CPython reports only when its parse error comes on a later line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The message, e.g. `'(' was never closed`.
    pub message: String,
    /// Byte offset of the bracket.
    pub offset: usize,
    /// True for a bracket never closed.
    pub unclosed: bool,
}

/// The first bracket problem in `source`.
pub fn problem(source: &str) -> Option<Problem> {
    let bytes = source.as_bytes();
    let mut stack: Vec<(u8, usize, usize)> = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\n' => line += 1,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                let triple = bytes.get(i + 1) == Some(&c) && bytes.get(i + 2) == Some(&c);
                let width = if triple { 3 } else { 1 };
                i += width;
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == b'\n' {
                        if !triple {
                            // An unterminated string is another error; stop scanning.
                            return None;
                        }
                        line += 1;
                    }
                    if bytes[i] == c && (!triple || (bytes.get(i + 1) == Some(&c) && bytes.get(i + 2) == Some(&c))) {
                        i += width;
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            b'(' | b'[' | b'{' => stack.push((c, i, line)),
            b')' | b']' | b'}' => {
                let close = char::from(c);
                let Some((open, _, open_line)) = stack.pop() else {
                    return Some(Problem { message: format!("unmatched '{close}'"), offset: i, unclosed: false });
                };
                let expected = match open {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                if expected != c {
                    let open = char::from(open);
                    let message = if open_line == line {
                        format!("closing parenthesis '{close}' does not match opening parenthesis '{open}'")
                    } else {
                        format!("closing parenthesis '{close}' does not match opening parenthesis '{open}' on line {open_line}")
                    };
                    return Some(Problem { message, offset: i, unclosed: false });
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.pop().map(|(open, offset, _)| Problem { message: format!("'{}' was never closed", char::from(open)), offset, unclosed: true })
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn bracket_problems_are_worded_as_cpython_words_them() {
        let source = "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True\n    name = db.Column(db.String(50))\n";
        let found = problem(source).expect("a problem");
        assert_eq!((found.message.as_str(), found.offset, found.unclosed), ("'(' was never closed", source.find("(db.Integer").unwrap(), true));
        assert_eq!(problem("x = 1)\n").map(|p| p.message).as_deref(), Some("unmatched ')'"));
        assert_eq!(problem("x = [1,\n 2)\n").map(|p| p.message).as_deref(), Some("closing parenthesis ')' does not match opening parenthesis '[' on line 1"));
        assert_eq!(problem("x = '(' # (\ny = \"\"\"(\n\"\"\"\n"), None);
    }
}
