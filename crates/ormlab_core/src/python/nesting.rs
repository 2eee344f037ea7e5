//! A guard run before parsing: deeply nested code would make the parser, the evaluator and
//! even dropping the syntax tree recurse deeply enough to overflow the stack (the browser
//! worker's is small). Models never nest deeply, so such input is refused up front with a
//! located diagnostic instead.

/// Deepest bracket nesting accepted.
pub const MAX_BRACKET_DEPTH: usize = 100;
/// Most operator-like tokens accepted in one logical line (each can add a level to the tree).
pub const MAX_OPERATORS_PER_LINE: usize = 1000;
/// Deepest indentation accepted, in columns.
pub const MAX_INDENT: usize = 400;

/// The byte offset and description of the first place nested too deeply, if any.
pub fn find_excessive_nesting(source: &str) -> Option<(usize, String)> {
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut line_start = true;
    let mut indent = 0usize;
    let mut index = 0usize;
    while let Some(&byte) = bytes.get(index) {
        if line_start {
            if byte == b' ' || byte == b'\t' {
                indent += 1;
                if indent > MAX_INDENT {
                    return Some((index, format!("code indented deeper than {MAX_INDENT} columns")));
                }
                index += 1;
                continue;
            }
            line_start = false;
            indent = 0;
        }
        match byte {
            b'#' => {
                while bytes.get(index).is_some_and(|&b| b != b'\n') {
                    index += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                index = skip_string(bytes, index);
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_BRACKET_DEPTH {
                    return Some((index, format!("brackets nested deeper than {MAX_BRACKET_DEPTH} levels")));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            // A newline outside brackets and not escaped ends the logical line.
            b'\n' if depth == 0 && bytes.get(index.wrapping_sub(1)).is_none_or(|&b| b != b'\\') => {
                operators = 0;
                line_start = true;
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'~' | b'<' | b'>' | b'.' => {
                operators += 1;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let start = index;
                while bytes.get(index).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
                    index += 1;
                }
                if let Some(word) = source.get(start..index) {
                    if matches!(word, "not" | "lambda" | "if" | "else" | "and" | "or" | "await" | "in" | "is" | "yield") {
                        operators += 1;
                    }
                }
                if operators > MAX_OPERATORS_PER_LINE {
                    return Some((start, format!("more than {MAX_OPERATORS_PER_LINE} operators in one statement")));
                }
                continue;
            }
            _ => {}
        }
        if operators > MAX_OPERATORS_PER_LINE {
            return Some((index, format!("more than {MAX_OPERATORS_PER_LINE} operators in one statement")));
        }
        index += 1;
    }
    None
}

/// The index just past the string literal starting at `start` (or the end of the source).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let Some(&quote) = bytes.get(start) else { return start + 1 };
    let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut index = if triple { start + 3 } else { start + 1 };
    while let Some(&byte) = bytes.get(index) {
        if byte == b'\\' {
            index += 2;
            continue;
        }
        if byte == b'\n' && !triple {
            return index;
        }
        if byte == quote && (!triple || (bytes.get(index + 1) == Some(&quote) && bytes.get(index + 2) == Some(&quote))) {
            return index + if triple { 3 } else { 1 };
        }
        index += 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_models_pass_and_deep_nesting_is_found() {
        assert_eq!(find_excessive_nesting("x = db.Column(db.String(80), doc='((((')\n"), None);
        let deep = format!("x = {}1{}\n", "(".repeat(500), ")".repeat(500));
        assert!(find_excessive_nesting(&deep).is_some());
        let chain = format!("x = {}1\n", "-".repeat(5000));
        assert!(find_excessive_nesting(&chain).is_some());
        let sum = format!("x = 1{}\n", " + 1".repeat(5000));
        assert!(find_excessive_nesting(&sum).is_some());
    }
}
