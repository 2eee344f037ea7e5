//! What SQLite says to the `CREATE TABLE` / `CREATE INDEX` statements create_all sends, when
//! it refuses them: user text reaches the DDL verbatim (`String("max")`, a `CheckConstraint`'s
//! SQL, a table named `sqlite_...`), and real SQLAlchemy only learns of the mistake from
//! SQLite. The check is deliberately lenient: it reports only what is certainly a syntax
//! error in SQLite's grammar (an operator where an operand must be, a type argument that is
//! not a number, an unclosed parenthesis) and accepts everything else, so it never refuses a
//! statement SQLite would run.

/// SQLite's error message for `statement`, if SQLite would refuse it.
pub fn refusal(statement: &str) -> Option<String> {
    let tokens = match tokenize(statement) {
        Ok(tokens) => tokens,
        Err(message) => return Some(message),
    };
    let mut parser = Parser { tokens, at: 0 };
    parser.statement().err()
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Word,
    Quoted,
    Number,
    Str,
    Op,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    text: String,
}

impl Token {
    fn is_word(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(word)
    }
}

fn tokenize(sql: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = sql.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let text = |from: usize, to: usize| chars[from..to.min(chars.len())].iter().collect::<String>();
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
            continue;
        }
        let kind = if c == '\'' || c == '"' || c == '`' || c == '[' {
            let close = if c == '[' { ']' } else { c };
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(format!("unrecognized token: \"{}\"", text(start, chars.len()))),
                    Some(&ch) if ch == close => {
                        if close != ']' && chars.get(i + 1) == Some(&close) {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            if c == '\'' {
                Kind::Str
            } else {
                Kind::Quoted
            }
        } else if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_') {
                let exponent_sign = matches!(chars[i], 'e' | 'E') && matches!(chars.get(i + 1), Some('+' | '-'));
                i += if exponent_sign { 2 } else { 1 };
            }
            Kind::Number
        } else if c.is_alphabetic() || c == '_' || !c.is_ascii() {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$' || !chars[i].is_ascii()) {
                i += 1;
            }
            Kind::Word
        } else {
            let two = text(i, i + 2);
            if ["||", "<<", ">>", "<=", ">=", "==", "!=", "<>", "->"].contains(&two.as_str()) {
                i += 2;
                if two == "->" && chars.get(i) == Some(&'>') {
                    i += 1;
                }
            } else if "+-*/%&|<>=~(),.;?:@$".contains(c) {
                i += 1;
            } else {
                return Err(format!("unrecognized token: \"{c}\""));
            }
            Kind::Op
        };
        tokens.push(Token { kind, text: text(start, i) });
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

type Checked = Result<(), String>;

/// Binary operators, which cannot start an operand.
const BINARY: &[&str] = &["||", "+", "-", "*", "/", "%", "<<", ">>", "&", "|", "<", "<=", ">", ">=", "=", "==", "!=", "<>", "->", "->>"];
const BINARY_WORDS: &[&str] = &["and", "or", "is", "in", "like", "glob", "match", "regexp", "between", "escape", "collate", "isnull", "notnull"];
/// Words that end a column definition's type name.
const CONSTRAINT_WORDS: &[&str] = &["constraint", "primary", "not", "null", "unique", "check", "default", "collate", "references", "generated", "as"];

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn error_here(&self) -> String {
        match self.peek() {
            Some(token) => format!("near \"{}\": syntax error", token.text),
            None => "incomplete input".to_string(),
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.peek().is_some_and(|t| t.is_word(word)) {
            self.at += 1;
            return true;
        }
        false
    }

    fn eat_op(&mut self, op: &str) -> bool {
        if self.peek().is_some_and(|t| t.kind == Kind::Op && t.text == op) {
            self.at += 1;
            return true;
        }
        false
    }

    fn expect_op(&mut self, op: &str) -> Checked {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.error_here())
        }
    }

    fn name(&mut self) -> Result<String, String> {
        match self.peek() {
            Some(token) if matches!(token.kind, Kind::Word | Kind::Quoted | Kind::Str) => {
                let name = token.text.clone();
                self.at += 1;
                Ok(name)
            }
            _ => Err(self.error_here()),
        }
    }

    fn statement(&mut self) -> Checked {
        if !self.eat_word("create") {
            return Ok(());
        }
        let unique = self.eat_word("unique");
        if self.eat_word("index") {
            let name = self.name()?;
            reserved(&name)?;
            return self.skip_rest();
        }
        if unique || !self.eat_word("table") {
            return Ok(());
        }
        let name = self.name()?;
        reserved(&name)?;
        self.expect_op("(")?;
        loop {
            let table_constraint = self.peek().is_some_and(|t| ["constraint", "primary", "unique", "check", "foreign"].iter().any(|w| t.is_word(w)));
            if table_constraint {
                self.table_constraint()?;
            } else {
                self.column_definition()?;
            }
            if self.eat_op(",") {
                continue;
            }
            return self.expect_op(")");
        }
    }

    fn skip_rest(&mut self) -> Checked {
        let mut depth = 0i32;
        while let Some(token) = self.next() {
            if token.kind == Kind::Op && token.text == "(" {
                depth += 1;
            } else if token.kind == Kind::Op && token.text == ")" {
                depth -= 1;
            }
        }
        if depth > 0 {
            return Err("incomplete input".to_string());
        }
        Ok(())
    }

    fn column_definition(&mut self) -> Checked {
        self.name()?;
        // The type name: words up to a constraint keyword, then `(n)` or `(n, m)`.
        while self.peek().is_some_and(|t| matches!(t.kind, Kind::Word | Kind::Quoted) && !CONSTRAINT_WORDS.iter().any(|w| t.is_word(w))) {
            self.at += 1;
        }
        if self.eat_op("(") {
            self.signed_number()?;
            if self.eat_op(",") {
                self.signed_number()?;
            }
            self.expect_op(")")?;
        }
        while self.peek().is_some_and(|t| !(t.kind == Kind::Op && (t.text == "," || t.text == ")"))) {
            self.column_constraint()?;
        }
        Ok(())
    }

    fn signed_number(&mut self) -> Checked {
        let _ = self.eat_op("+") || self.eat_op("-");
        match self.peek() {
            Some(token) if token.kind == Kind::Number => {
                self.at += 1;
                Ok(())
            }
            _ => Err(self.error_here()),
        }
    }

    fn column_constraint(&mut self) -> Checked {
        if self.eat_word("constraint") {
            self.name()?;
        }
        if self.eat_word("check") {
            return self.parenthesised_expression();
        }
        if self.eat_word("default") {
            if self.peek().is_some_and(|t| t.kind == Kind::Op && t.text == "(") {
                return self.parenthesised_expression();
            }
            let _ = self.eat_op("+") || self.eat_op("-");
            return match self.next() {
                Some(token) if token.kind != Kind::Op => Ok(()),
                _ => {
                    self.at -= 1;
                    Err(self.error_here())
                }
            };
        }
        // PRIMARY KEY, NOT NULL, UNIQUE, REFERENCES ...: words and parenthesised name lists.
        match self.next() {
            Some(token) if token.kind != Kind::Op => Ok(()),
            Some(token) if token.text == "(" => {
                self.at -= 1;
                self.balanced()
            }
            _ => {
                self.at -= 1;
                Err(self.error_here())
            }
        }
    }

    fn table_constraint(&mut self) -> Checked {
        if self.eat_word("constraint") {
            self.name()?;
        }
        if self.eat_word("check") {
            return self.parenthesised_expression();
        }
        while self.peek().is_some_and(|t| !(t.kind == Kind::Op && (t.text == "," || t.text == ")"))) {
            if self.peek().is_some_and(|t| t.kind == Kind::Op && t.text == "(") {
                self.balanced()?;
            } else {
                self.at += 1;
            }
        }
        Ok(())
    }

    /// `( ... )` with anything balanced inside.
    fn balanced(&mut self) -> Checked {
        self.expect_op("(")?;
        let mut depth = 1;
        while depth > 0 {
            match self.next() {
                None => return Err("incomplete input".to_string()),
                Some(token) if token.kind == Kind::Op && token.text == "(" => depth += 1,
                Some(token) if token.kind == Kind::Op && token.text == ")" => depth -= 1,
                Some(_) => {}
            }
        }
        Ok(())
    }

    fn parenthesised_expression(&mut self) -> Checked {
        self.expect_op("(")?;
        self.expression()?;
        self.expect_op(")")
    }

    /// An expression: operands separated by binary operators. Inside operands anything
    /// parenthesised is only checked for balance and operands, never for meaning.
    fn expression(&mut self) -> Checked {
        loop {
            self.operand()?;
            if !self.binary_operator() {
                return Ok(());
            }
        }
    }

    fn binary_operator(&mut self) -> bool {
        let Some(token) = self.peek().cloned() else { return false };
        if token.kind == Kind::Op && BINARY.contains(&token.text.as_str()) {
            self.at += 1;
            return true;
        }
        if token.is_word("not") {
            // `NOT IN` / `NOT LIKE` / `NOT BETWEEN` / `NOT NULL` (postfix).
            self.at += 1;
            if self.eat_word("null") {
                return self.binary_operator();
            }
            for word in ["in", "like", "glob", "regexp", "match", "between"] {
                if self.eat_word(word) {
                    break;
                }
            }
            return true;
        }
        if token.is_word("isnull") || token.is_word("notnull") {
            self.at += 1;
            return self.binary_operator();
        }
        if token.is_word("collate") {
            self.at += 1;
            let _ = self.name();
            return self.binary_operator();
        }
        if token.is_word("is") {
            self.at += 1;
            let _ = self.eat_word("not");
            let _ = self.eat_word("distinct") && self.eat_word("from");
            return true;
        }
        if token.is_word("in") {
            self.at += 1;
            return true;
        }
        if BINARY_WORDS.iter().any(|w| token.is_word(w)) {
            self.at += 1;
            return true;
        }
        false
    }

    fn operand(&mut self) -> Checked {
        // Prefix operators.
        while self.peek().is_some_and(|t| (t.kind == Kind::Op && ["-", "+", "~"].contains(&t.text.as_str())) || t.is_word("not")) {
            self.at += 1;
        }
        let Some(token) = self.peek().cloned() else { return Err(self.error_here()) };
        match token.kind {
            Kind::Op if token.text == "(" => {
                self.at += 1;
                if self.peek().is_some_and(|t| t.is_word("select") || t.is_word("with")) {
                    self.at -= 1;
                    return self.balanced();
                }
                loop {
                    self.expression()?;
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op(")")
            }
            Kind::Op => Err(self.error_here()),
            Kind::Word if BINARY_WORDS.iter().any(|w| token.is_word(w)) && !token.is_word("match") => Err(self.error_here()),
            Kind::Word if token.is_word("case") => {
                self.at += 1;
                let mut depth = 1;
                while depth > 0 {
                    match self.next() {
                        None => return Err("incomplete input".to_string()),
                        Some(t) if t.is_word("case") => depth += 1,
                        Some(t) if t.is_word("end") => depth -= 1,
                        Some(_) => {}
                    }
                }
                Ok(())
            }
            Kind::Word | Kind::Quoted => {
                self.at += 1;
                // Qualified names and function calls.
                while self.eat_op(".") {
                    self.name()?;
                }
                if self.peek().is_some_and(|t| t.kind == Kind::Op && t.text == "(") {
                    return self.balanced();
                }
                Ok(())
            }
            Kind::Number | Kind::Str => {
                self.at += 1;
                Ok(())
            }
        }
    }
}

/// SQLite keeps names starting with `sqlite_` for itself.
fn reserved(name: &str) -> Checked {
    let bare = name.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']').replace("\"\"", "\"");
    if bare.len() >= 7 && bare[..7].eq_ignore_ascii_case("sqlite_") {
        return Err(format!("object name reserved for internal use: {bare}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::refusal;

    #[test]
    fn what_sqlite_refuses() {
        assert_eq!(refusal("\nCREATE TABLE p (\n\tid INTEGER NOT NULL, \n\tslug VARCHAR(max), \n\tPRIMARY KEY (id)\n)\n\n").as_deref(), Some("near \"max\": syntax error"));
        assert_eq!(refusal("CREATE TABLE p (price INTEGER, CONSTRAINT ck CHECK (price => 0))").as_deref(), Some("near \">\": syntax error"));
        assert_eq!(refusal("CREATE TABLE sqlite_stats (id INTEGER)").as_deref(), Some("object name reserved for internal use: sqlite_stats"));
        assert_eq!(refusal("CREATE TABLE p (a INTEGER CHECK (a >= 0 AND"), Some("incomplete input".to_string()));
    }

    #[test]
    fn what_sqlite_accepts() {
        for statement in [
            "\nCREATE TABLE account (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n\tkind VARCHAR(10) CHECK (kind IN ('basic', 'premium')), \n\tage INTEGER CONSTRAINT ck CHECK (age >= 18 AND age < 200)\n)\n\n",
            "CREATE TABLE t (a NUMERIC(10, 2) DEFAULT (1.5 * 2), b DATETIME DEFAULT CURRENT_TIMESTAMP, c VARCHAR(-5) DEFAULT 'x', CHECK (a IS NOT NULL), CHECK (lower(c) NOT LIKE 'y%'), CHECK (b BETWEEN 1 AND 2), CHECK (c NOT IN (SELECT 1)), CHECK (CASE WHEN a > 0 THEN 1 ELSE 0 END), FOREIGN KEY(a) REFERENCES u (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED)",
            "CREATE TABLE \"order\" (\"key\" VARCHAR NOT NULL, x TEXT COLLATE NOCASE, CHECK (x <> '' AND -x < +3 AND NOT x = 1 AND x ISNULL))",
            "CREATE UNIQUE INDEX ix_a ON a (lower(email)) WHERE email IS NOT NULL",
            "CREATE TABLE t (rank INTEGER DEFAULT (1 + 1), d REAL DEFAULT -1.5, CHECK (a - 1 > 0 OR a || 'x' = 'y'))",
        ] {
            assert_eq!(refusal(statement), None, "{statement}");
        }
    }
}
