use super::markdown::{self, Block, Inline};
use super::*;

const SMALL: &str = "# a comment\n\n=== lesson intro: Intro\n--- step One\n--- instructions\nSay *hi*.\n--- script\nprint(1)\n\n--- checks\nno error\nprints 1\nqueries on line 1 <= 0\n";

fn error_of(text: &str) -> PackError {
    parse_pack(text).expect_err("the pack is malformed")
}

#[test]
fn a_small_pack_reads_back() {
    let pack = parse_pack(SMALL).expect("valid pack");
    let step = &pack.lesson("intro").expect("lesson").steps[0];
    assert_eq!(step.title, "One");
    assert_eq!(step.script, "print(1)\n");
    assert_eq!(step.solution_script, step.script, "an omitted solution is the starting code");
    assert_eq!(step.checks, vec![Check::NoError, Check::Prints("1".into()), Check::LineQueries(1, Cmp::AtMost, 0)]);
    assert_eq!(step.line, 4);
}

#[test]
fn the_builtin_pack_parses_and_covers_the_track() {
    let pack = parse_pack(BUILTIN_PACK).expect("the built-in pack is valid");
    let ids: Vec<&str> = pack.lessons.iter().map(|l| l.id.as_str()).collect();
    for topic in ["first-model", "column-types", "crud", "filters", "aggregates", "one-to-many", "many-to-many", "one-to-one", "self-referential", "n-plus-one", "transactions", "savepoints", "raw-sql", "migrations", "pagination", "indexes"] {
        assert!(ids.contains(&topic), "missing lesson {topic}");
    }
    let fixes: Vec<&str> = pack.lesson("n-plus-one").expect("n+1").steps.iter().map(|s| s.title.as_str()).collect();
    for fix in ["selectinload", "joinedload", "subqueryload", "raiseload"] {
        assert!(fixes.iter().any(|t| t.contains(fix)), "no step for {fix}");
    }
}

#[test]
fn malformed_packs_name_line_and_column() {
    let unknown_check = SMALL.replace("prints 1", "printz 1");
    assert_eq!(error_of(&unknown_check), PackError { line: 12, column: 1, message: "unknown check `printz 1` (see the pack format in the lessons module)".into() });
    let bad_cmp = SMALL.replace("<= 0", "< 0");
    let e = error_of(&bad_cmp);
    assert_eq!((e.line, e.column), (13, 19), "{e}");
    let bad_number = SMALL.replace("line 1 <=", "line x <=");
    assert_eq!((error_of(&bad_number).line, error_of(&bad_number).column), (13, 17));
    let indented = SMALL.replace("no error", "   no errr");
    assert_eq!((error_of(&indented).line, error_of(&indented).column), (11, 4));
    let e = error_of(&SMALL.replace("--- script", "--- scrip"));
    assert_eq!((e.line, e.column), (7, 5));
    assert!(e.message.starts_with("unknown section `scrip`"), "{e}");
    let e = error_of(&SMALL.replace("lesson intro:", "lesson Intro:"));
    assert_eq!((e.line, e.column), (3, 12));
    let e = error_of(&format!("{SMALL}=== lesson intro: Again\n--- step S\n--- instructions\nx\n--- checks\nno error\n"));
    assert_eq!(e.message, "lesson id `intro` is used twice");
    assert_eq!(error_of("stray text\n").line, 1);
    assert_eq!(error_of("").message, "the pack has no lessons");
    let e = error_of("=== lesson a: A\n--- step S\n--- instructions\nx\n");
    assert_eq!((e.line, e.message.as_str()), (2, "step `S` has no `--- checks`"));
    let e = error_of("=== lesson a: A\n--- step S\n--- instructions\nx\n--- checks\nprints\n");
    assert_eq!((e.line, e.column), (6, 8), "{e}");
    assert!(parse_pack("=== lesson a: A\n=== lesson b: B\n").is_err());
    assert!(parse_pack("=== nope\n").is_err());
    // Hostile text never panics: multibyte characters before and inside markers.
    let e = error_of("=== lesson é: A\n");
    assert_eq!((e.line, e.column), (1, 12));
    assert!(parse_pack("=== lesson a: A\n--- step S\n--- instructions\n--- checks\nqueries on line ü <= 1\n").is_err());
}

#[test]
fn checks_read_a_report() {
    use crate::api::{RunError, RunReport, RunStatement};
    let statement = |sql: &str, line: u32, cause: &str| RunStatement { sql: sql.into(), line, cause: cause.into(), ..RunStatement::default() };
    let report = RunReport {
        stdout: "hello\n".into(),
        statements: vec![
            statement("SELECT user.id FROM user", 1, "query"),
            statement("SELECT post.id FROM post", 3, "lazy load of User.posts for <User 1>"),
            statement("SELECT post.id FROM post", 3, "lazy load of User.posts for <User 2>"),
        ],
        query_count: 3,
        error: Some(RunError { kind: "IntegrityError".into(), message: "x".into(), line: Some(4) }),
        ..RunReport::default()
    };
    let models = "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    email = db.Column(db.String(9), index=True)\n";
    let checks = parse_pack(&format!("=== lesson a: A\n--- step S\n--- instructions\nx\n--- checks\n{}", "no error\nerror IntegrityError\nprints hello\ndoes not print hello\ntotal queries <= 2\ntotal queries == 3\nqueries on line 3 >= 2\nsent FROM post\nnot sent FROM post\nno n+1\ntable user has column email\ntable user has column name\ntable user has index on email\ntable post has column id\n"))
        .expect("pack")
        .lessons[0]
        .steps[0]
        .checks
        .clone();
    let results = run_checks(&checks, models, &report);
    let passes: Vec<bool> = results.iter().map(|r| r.pass).collect();
    assert_eq!(passes, vec![false, true, true, false, false, true, true, true, false, false, true, false, true, false]);
    assert_eq!(results[4].message, "the script sent 3 statements");
    assert_eq!(results[9].message, "N+1: line 3 lazy-loads User.posts 2 times");
    assert_eq!(results[13].message, "there is no table post");
}

#[test]
fn markdown_becomes_a_tree_without_markup() {
    let tree = markdown::parse("# Title\n\nSome **bold** and `code` <b>raw</b>.\n\n- one\n- two\n\n```python\nx = 1\n```\n\n[ok](https://x.org) [bad](javascript:alert(1))\n");
    assert_eq!(tree[0], Block::Heading(1, vec![Inline::Text("Title".into())]));
    let Block::Paragraph(inlines) = &tree[1] else { panic!("paragraph: {tree:?}") };
    assert!(inlines.contains(&Inline::Strong(vec![Inline::Text("bold".into())])));
    assert!(inlines.contains(&Inline::Code("code".into())));
    assert!(inlines.contains(&Inline::Text("<b>".into())), "raw HTML stays text: {inlines:?}");
    assert_eq!(tree[2], Block::List { ordered: false, items: vec![vec![Block::Paragraph(vec![Inline::Text("one".into())])], vec![Block::Paragraph(vec![Inline::Text("two".into())])]] });
    assert_eq!(tree[3], Block::Code("x = 1\n".into()));
    let Block::Paragraph(links) = &tree[4] else { panic!("links: {tree:?}") };
    assert_eq!(links[0], Inline::Link { href: "https://x.org".into(), children: vec![Inline::Text("ok".into())] });
    assert!(links.contains(&Inline::Text("bad".into())) && !links.iter().any(|l| matches!(l, Inline::Link { href, .. } if href.starts_with("javascript"))));
}

#[test]
fn every_builtin_instruction_renders() {
    let pack = parse_pack(BUILTIN_PACK).expect("pack");
    for lesson in &pack.lessons {
        for step in &lesson.steps {
            assert!(!markdown::parse(&step.instructions).is_empty(), "{}: {}", lesson.id, step.title);
        }
    }
}

#[test]
fn revision_sections_repeat_and_migration_checks_parse() {
    let text = "=== lesson m: M\n--- step S\n--- instructions\nx\n--- revision\nrevision = 'a'\n\n--- revision\nrevision = 'b'\n--- checks\nmigration upgrades to head\nafter upgrade table user has column email\nafter upgrade query SELECT count(*) FROM user returns 2\nrevision contains op.execute(\n";
    let pack = parse_pack(text).expect("valid pack");
    let step = &pack.lessons[0].steps[0];
    assert_eq!(step.revisions, vec!["revision = 'a'\n".to_string(), "revision = 'b'\n".to_string()]);
    assert_eq!(step.solution_revisions, step.revisions, "omitted reference revisions are the starting ones");
    assert_eq!(
        step.checks,
        vec![
            Check::UpgradesToHead,
            Check::UpgradedHasColumn("user".into(), "email".into()),
            Check::UpgradedQuery("SELECT count(*) FROM user".into(), "2".into()),
            Check::RevisionContains("op.execute(".into()),
        ]
    );
    assert!(step.checks.iter().all(Check::is_migration));
    for check in &step.checks {
        assert!(text.contains(&format!("\n{}\n", check.describe())), "{} reads back as written", check.describe());
    }
    let with_solution = text.replace("--- checks", "--- solution revision\nrevision = 'c'\n--- checks");
    let step = parse_pack(&with_solution).expect("valid").lessons[0].steps[0].clone();
    assert_eq!(step.solution_revisions, vec!["revision = 'c'\n".to_string()]);
    let bad = text.replace("returns 2", "gives 2");
    let e = error_of(&bad);
    assert_eq!((e.line, e.column, e.message.as_str()), (13, 20, "expected `after upgrade query SQL returns VALUE`"));
}

#[test]
fn the_builtin_migration_steps_run_their_revisions() {
    let pack = parse_pack(BUILTIN_PACK).expect("valid");
    for step in &pack.lesson("migrations").expect("migrations").steps {
        assert!(step.checks.contains(&Check::UpgradesToHead), "{}: no upgrade check", step.title);
        assert_eq!(step.revisions.len(), 1, "{}: the tab starts with `create users`", step.title);
        assert_eq!(step.solution_revisions.len(), 2, "{}: the learner adds one revision", step.title);
        assert_eq!(step.solution_revisions[0], step.revisions[0], "{}: the reference continues the start", step.title);
    }
}
