//! A small backtracking regular-expression engine for the `re` calls validators use
//! (`re.match(r"^[^@\s]+@[^@\s]+\.[a-z]+$", value)`): literals, `.`, classes with ranges
//! and `\d \w \s`, anchors, groups with `|`, and the greedy/lazy quantifiers `* + ? {m,n}`.
//! Bounded: patterns and subjects have size limits and matching has a step budget.

use super::call::Kwargs;
use super::{list, Interp, R};
use crate::python::value::Value;
use std::cell::Cell;

#[derive(Debug, Clone)]
enum Node {
    Char(char),
    Any,
    Class(Vec<ClassItem>, bool),
    Start,
    End,
    WordBoundary,
    Group(Vec<Vec<Node>>),
    Repeat(Box<Node>, usize, usize, bool),
}

#[derive(Debug, Clone)]
enum ClassItem {
    Range(char, char),
    Digit(bool),
    Word(bool),
    Space(bool),
}

fn class_matches(items: &[ClassItem], c: char, ignore_case: bool) -> bool {
    items.iter().any(|item| match item {
        ClassItem::Range(a, b) => {
            (*a..=*b).contains(&c)
                || (ignore_case && ((*a..=*b).contains(&c.to_ascii_lowercase()) || (*a..=*b).contains(&c.to_ascii_uppercase())))
        }
        ClassItem::Digit(neg) => c.is_ascii_digit() != *neg,
        ClassItem::Word(neg) => (c.is_alphanumeric() || c == '_') != *neg,
        ClassItem::Space(neg) => c.is_whitespace() != *neg,
    })
}

struct Parser<'a> {
    chars: Vec<char>,
    at: usize,
    _p: std::marker::PhantomData<&'a ()>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn alternatives(&mut self, depth: usize) -> Result<Vec<Vec<Node>>, String> {
        if depth > 50 {
            return Err("pattern nested too deeply".into());
        }
        let mut alts = vec![Vec::new()];
        while let Some(c) = self.peek() {
            match c {
                ')' => break,
                '|' => {
                    self.at += 1;
                    alts.push(Vec::new());
                }
                _ => {
                    let atom = self.atom(depth)?;
                    let atom = self.quantifier(atom)?;
                    if let Some(last) = alts.last_mut() {
                        last.push(atom);
                    }
                }
            }
        }
        Ok(alts)
    }

    fn quantifier(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('*') => (0, usize::MAX),
            Some('+') => (1, usize::MAX),
            Some('?') => (0, 1),
            Some('{') => {
                let rest: String = self.chars[self.at + 1..].iter().collect();
                let Some(end) = rest.find('}') else { return Ok(atom) };
                let body = &rest[..end];
                let (min, max) = match body.split_once(',') {
                    Some((a, b)) => (a.trim().parse().unwrap_or(0), if b.trim().is_empty() { usize::MAX } else { b.trim().parse().map_err(|_| "bad repeat")? }),
                    None => {
                        let n = body.trim().parse().map_err(|_| "bad repeat")?;
                        (n, n)
                    }
                };
                self.at += end + 1;
                (min, max)
            }
            _ => return Ok(atom),
        };
        self.at += 1;
        let lazy = self.peek() == Some('?');
        if lazy {
            self.at += 1;
        }
        Ok(Node::Repeat(Box::new(atom), min, max, !lazy))
    }

    fn escape(&mut self) -> Result<Node, String> {
        let Some(c) = self.peek() else { return Err("bad escape (end of pattern)".into()) };
        self.at += 1;
        Ok(match c {
            'd' => Node::Class(vec![ClassItem::Digit(false)], false),
            'D' => Node::Class(vec![ClassItem::Digit(true)], false),
            'w' => Node::Class(vec![ClassItem::Word(false)], false),
            'W' => Node::Class(vec![ClassItem::Word(true)], false),
            's' => Node::Class(vec![ClassItem::Space(false)], false),
            'S' => Node::Class(vec![ClassItem::Space(true)], false),
            'b' => Node::WordBoundary,
            'n' => Node::Char('\n'),
            't' => Node::Char('\t'),
            'A' => Node::Start,
            'Z' | 'z' => Node::End,
            other => Node::Char(other),
        })
    }

    fn atom(&mut self, depth: usize) -> Result<Node, String> {
        let Some(c) = self.peek() else { return Err("unexpected end of pattern".into()) };
        self.at += 1;
        match c {
            '.' => Ok(Node::Any),
            '^' => Ok(Node::Start),
            '$' => Ok(Node::End),
            '\\' => self.escape(),
            '(' => {
                if self.peek() == Some('?') {
                    // (?:...) and named groups are treated as plain groups.
                    self.at += 1;
                    match self.peek() {
                        Some(':') => self.at += 1,
                        Some('P') => {
                            while let Some(c) = self.peek() {
                                self.at += 1;
                                if c == '>' {
                                    break;
                                }
                            }
                        }
                        _ => return Err("unsupported group".into()),
                    }
                }
                let alts = self.alternatives(depth + 1)?;
                if self.peek() != Some(')') {
                    return Err("missing ), unterminated subpattern".into());
                }
                self.at += 1;
                Ok(Node::Group(alts))
            }
            '[' => {
                let negated = self.peek() == Some('^');
                if negated {
                    self.at += 1;
                }
                let mut items = Vec::new();
                let mut first = true;
                loop {
                    let Some(c) = self.peek() else { return Err("unterminated character set".into()) };
                    self.at += 1;
                    if c == ']' && !first {
                        break;
                    }
                    first = false;
                    let start = if c == '\\' {
                        match self.escape()? {
                            Node::Char(ch) => ch,
                            Node::Class(mut inner, _) => {
                                items.append(&mut inner);
                                continue;
                            }
                            _ => continue,
                        }
                    } else {
                        c
                    };
                    if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|&n| n != ']') {
                        self.at += 1;
                        let end = self.peek().unwrap_or(start);
                        self.at += 1;
                        items.push(ClassItem::Range(start, end));
                    } else {
                        items.push(ClassItem::Range(start, start));
                    }
                }
                Ok(Node::Class(items, negated))
            }
            other => Ok(Node::Char(other)),
        }
    }
}

struct Matcher<'s> {
    subject: &'s [char],
    ignore_case: bool,
    steps: Cell<u64>,
}

const MATCH_STEPS: u64 = 2_000_000;

impl Matcher<'_> {
    fn single(&self, node: &Node, pos: usize) -> Option<usize> {
        let c = self.subject.get(pos).copied();
        match node {
            Node::Char(expected) => {
                let c = c?;
                let same = c == *expected || (self.ignore_case && c.to_lowercase().eq(expected.to_lowercase()));
                same.then_some(pos + 1)
            }
            Node::Any => c.filter(|&c| c != '\n').map(|_| pos + 1),
            Node::Class(items, negated) => {
                let c = c?;
                (class_matches(items, c, self.ignore_case) != *negated).then_some(pos + 1)
            }
            Node::Start => (pos == 0).then_some(pos),
            Node::End => (pos == self.subject.len() || (pos + 1 == self.subject.len() && self.subject.get(pos) == Some(&'\n'))).then_some(pos),
            Node::WordBoundary => {
                let word = |i: Option<&char>| i.is_some_and(|c| c.is_alphanumeric() || *c == '_');
                let before = pos.checked_sub(1).and_then(|p| self.subject.get(p));
                (word(before) != word(self.subject.get(pos))).then_some(pos)
            }
            Node::Group(_) | Node::Repeat(..) => None,
        }
    }

    fn run(&self, nodes: &[Node], pos: usize, k: &mut dyn FnMut(usize) -> Option<usize>) -> Option<usize> {
        self.steps.set(self.steps.get() + 1);
        if self.steps.get() > MATCH_STEPS {
            return None;
        }
        let Some((first, rest)) = nodes.split_first() else { return k(pos) };
        match first {
            Node::Group(alts) => {
                for alt in alts {
                    if let Some(end) = self.run(alt, pos, &mut |p| self.run(rest, p, k)) {
                        return Some(end);
                    }
                }
                None
            }
            Node::Repeat(inner, min, max, greedy) => self.repeat(inner, *min, *max, *greedy, 0, pos, rest, k),
            single => {
                let next = self.single(single, pos)?;
                self.run(rest, next, k)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(&self, inner: &Node, min: usize, max: usize, greedy: bool, count: usize, pos: usize, rest: &[Node], k: &mut dyn FnMut(usize) -> Option<usize>) -> Option<usize> {
        self.steps.set(self.steps.get() + 1);
        if self.steps.get() > MATCH_STEPS || count > self.subject.len() + 1 {
            return None;
        }
        let try_more = |k: &mut dyn FnMut(usize) -> Option<usize>| {
            if count >= max {
                return None;
            }
            self.run(std::slice::from_ref(inner), pos, &mut |p| if p == pos && count >= min { None } else { self.repeat(inner, min, max, greedy, count + 1, p, rest, k) })
        };
        if greedy {
            if let Some(end) = try_more(k) {
                return Some(end);
            }
            if count >= min {
                return self.run(rest, pos, k);
            }
            None
        } else {
            if count >= min {
                if let Some(end) = self.run(rest, pos, k) {
                    return Some(end);
                }
            }
            try_more(k)
        }
    }
}

/// Finds the first match of `pattern` in `subject` starting at or after `from`
/// (`anchored`: only at `from`); returns (start, end) in chars.
fn find(pattern: &[Node], subject: &[char], from: usize, anchored: bool, full: bool, ignore_case: bool) -> Option<(usize, usize)> {
    let matcher = Matcher { subject, ignore_case, steps: Cell::new(0) };
    let last = if anchored { from } else { subject.len() };
    for start in from..=last {
        let end = matcher.run(pattern, start, &mut |p| if full && p != subject.len() { None } else { Some(p) });
        if let Some(end) = end {
            return Some((start, end));
        }
    }
    None
}

fn compile(interp: &Interp<'_>, pattern: &str) -> R<Vec<Node>> {
    if pattern.len() > 2000 {
        return interp.unsupported("regular expressions longer than 2000 characters");
    }
    let mut parser = Parser { chars: pattern.chars().collect(), at: 0, _p: std::marker::PhantomData };
    let alts = parser.alternatives(0).map_err(|e| e.to_string());
    match alts {
        Ok(alts) if parser.at == parser.chars.len() => Ok(vec![Node::Group(alts)]),
        Ok(_) => interp.err("error", "unbalanced parenthesis"),
        Err(message) => interp.err("error", message),
    }
}

/// `re.match`, `re.search`, `re.fullmatch`, `re.sub`, `re.findall`.
pub fn call(interp: &mut Interp<'_>, name: &str, args: Vec<Value>, kwargs: Kwargs) -> R<Value> {
    let text = |v: Option<&Value>| v.and_then(|v| v.as_str().map(str::to_string));
    let Some(pattern) = text(args.first()) else { return interp.err("TypeError", "first argument must be string or compiled pattern") };
    let flags = match args.get(if name == "re.sub" { 4 } else { 2 }).or_else(|| kwargs.iter().find(|(k, _)| k == "flags").map(|(_, v)| v)) {
        Some(Value::Int(f)) => *f,
        _ => 0,
    };
    let ignore_case = flags & 2 != 0;
    let nodes = compile(interp, &pattern)?;
    let subject_index = if name == "re.sub" { 2 } else { 1 };
    let Some(subject) = text(args.get(subject_index)) else {
        let given = args.get(subject_index).map(|v| interp.type_name(v)).unwrap_or_else(|| "nothing".into());
        return interp.err("TypeError", format!("expected string or bytes-like object, got '{given}'"));
    };
    if subject.len() > 100_000 {
        return interp.unsupported("regular expressions over more than 100000 characters");
    }
    let chars: Vec<char> = subject.chars().collect();
    let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    match name {
        "re.match" | "re.search" | "re.fullmatch" => {
            let found = find(&nodes, &chars, 0, name != "re.search", name == "re.fullmatch", ignore_case);
            // A match object is truthy; ormlab represents it by a 1-tuple of the matched text.
            Ok(match found {
                Some((a, b)) => Value::Tuple(vec![Value::str(&slice(a, b))].into()),
                None => Value::None,
            })
        }
        "re.findall" | "re.sub" => {
            let replacement = if name == "re.sub" { text(args.get(1)).unwrap_or_default() } else { String::new() };
            let mut out = String::new();
            let mut found_all = Vec::new();
            let mut pos = 0;
            while pos <= chars.len() {
                interp.step()?;
                match find(&nodes, &chars, pos, false, false, ignore_case) {
                    Some((a, b)) => {
                        out.push_str(&slice(pos, a));
                        out.push_str(&replacement);
                        found_all.push(Value::str(&slice(a, b)));
                        if b == a {
                            if let Some(c) = chars.get(a) {
                                out.push(*c);
                            }
                            pos = a + 1;
                        } else {
                            pos = b;
                        }
                    }
                    None => {
                        out.push_str(&slice(pos.min(chars.len()), chars.len()));
                        break;
                    }
                }
            }
            Ok(if name == "re.sub" { Value::str(&out) } else { list(found_all) })
        }
        _ => interp.unsupported(&format!("{name}()")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_match(pattern: &str, subject: &str) -> bool {
        let mut parser = Parser { chars: pattern.chars().collect(), at: 0, _p: std::marker::PhantomData };
        let nodes = vec![Node::Group(parser.alternatives(0).unwrap())];
        let chars: Vec<char> = subject.chars().collect();
        find(&nodes, &chars, 0, true, false, false).is_some()
    }

    #[test]
    fn the_email_validator_pattern_works() {
        let email = r"^[^@\s]+@[^@\s]+\.[a-z]+$";
        assert!(is_match(email, "mary@example.com"));
        assert!(!is_match(email, "not-an-email"));
        assert!(!is_match(email, "anonymous"));
        assert!(is_match(r"\d{3}-\d{4}", "555-1234"));
        assert!(is_match("(ab|cd)+e", "abcdabe"));
        assert!(!is_match("a+$", "aab"));
    }
}
