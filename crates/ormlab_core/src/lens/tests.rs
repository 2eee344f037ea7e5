use super::*;
use crate::api::{RunReport, RunStatement};

fn statement(line: u32, cause: &str) -> RunStatement {
    RunStatement { sql: "SELECT ...".into(), line, cause: cause.into(), ..RunStatement::default() }
}

fn report(statements: Vec<RunStatement>) -> RunReport {
    RunReport { query_count: statements.len(), statements, ..RunReport::default() }
}

#[test]
fn lens_finds_one_n_plus_one_per_line_and_relationship() {
    let mut statements = vec![statement(1, "flush"), statement(3, "query")];
    statements.extend((0..50).map(|_| statement(5, "lazy load of User.posts")));
    statements.extend((0..3).map(|_| statement(6, "lazy load of Post.tags")));
    let findings = find_n_plus_one(&report(statements), DEFAULT_THRESHOLD);
    assert_eq!(findings.len(), 2);
    assert_eq!(findings[0].relationship, "User.posts");
    assert_eq!((findings[0].line, findings[0].parent_line, findings[0].count), (5, Some(3), 50));
    assert_eq!(findings[0].fix, "add .options(selectinload(User.posts)) to the query on line 3");
    assert_eq!(findings[1].count, 3);
}

#[test]
fn lens_has_no_finding_for_a_single_lazy_load_or_eager_loading() {
    let single = report(vec![statement(2, "query"), statement(3, "lazy load of User.profile")]);
    assert!(find_n_plus_one(&single, DEFAULT_THRESHOLD).is_empty());
    let eager = report(vec![statement(2, "query"), statement(2, "selectin load of User.posts")]);
    assert!(find_n_plus_one(&eager, DEFAULT_THRESHOLD).is_empty());
}

#[test]
fn lens_threshold_is_adjustable_but_never_below_two() {
    let statements: Vec<_> = std::iter::once(statement(1, "query")).chain((0..4).map(|_| statement(2, "lazy load of A.b"))).collect();
    assert_eq!(find_n_plus_one(&report(statements.clone()), 5).len(), 0);
    assert_eq!(find_n_plus_one(&report(statements.clone()), 4).len(), 1);
    assert_eq!(find_n_plus_one(&report(statements[..2].to_vec()), 0).len(), 0);
}
