//! `ormlab lens` through the binary, on the differential cases `tests/fidelity/runs/lens_nplus1_*`:
//! one script, models that differ only in `lazy=`, each recorded by real SQLAlchemy. The lens's
//! comparison (run from the lazy variant) must send exactly what real SQLAlchemy sent under
//! each strategy, and its detection must find the N+1 only where there is one.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn case(strategy: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fidelity/runs").join(format!("lens_nplus1_{strategy}"))
}

fn lens(dir: &Path, script: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_ormlab"))
        .args(["lens", "--models", "models.py", "--script"])
        .arg(script)
        .arg("--json")
        .current_dir(dir)
        .output()
        .expect("the ormlab binary runs");
    serde_json::from_slice(&output.stdout).expect("lens prints JSON")
}

fn golden(strategy: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(case(strategy).join("expected.json")).expect("golden")).expect("golden is JSON")
}

fn n_plus_one(out: &Value) -> Vec<&Value> {
    out["findings"].as_array().map(|f| f.iter().filter(|f| f["kind"] == "n_plus_one").collect()).unwrap_or_default()
}

#[test]
fn lens_comparison_sends_what_real_sqlalchemy_sends_under_each_strategy() {
    let dir = case("select");
    let out = lens(&dir, &dir.join("script.py"));
    let compare = out["compare"].as_array().expect("compare");
    let names: Vec<&str> = compare.iter().filter_map(|c| c["strategy"].as_str()).collect();
    assert_eq!(names, ["lazy", "joined", "selectin", "subquery", "raise"]);
    for (figure, recorded) in compare.iter().zip(["select", "joined", "selectin", "subquery", "raise"]) {
        let expected = golden(recorded);
        assert_eq!(figure["query_count"], expected["query_count"], "{recorded}: statements");
        assert_eq!(figure["error"].is_null(), expected["error"].is_null(), "{recorded}: error");
    }
    // Fewest statements: the joined load (one SELECT instead of 1 + 10).
    let best: Vec<&str> = compare.iter().filter(|c| c["best"] == true).filter_map(|c| c["strategy"].as_str()).collect();
    assert_eq!(best, ["joined"]);
    let fastest = compare.iter().filter(|c| c["fastest"] == true).count();
    assert_eq!(fastest, 1, "exactly one strategy is marked fastest");
    assert!(compare.iter().filter(|c| c["fastest"] == true).all(|c| c["error"].is_null()), "a strategy that raised is never the fastest");
    assert_eq!(compare[0]["select_count"], 11);
    assert_eq!(compare[2]["select_count"], 2);
}

#[test]
fn lens_finds_exactly_one_n_plus_one_on_the_lazy_case_and_none_on_eager_ones() {
    let dir = case("select");
    let out = lens(&dir, &dir.join("script.py"));
    let found = n_plus_one(&out);
    assert_eq!(found.len(), 1, "{out}");
    assert_eq!((found[0]["relationship"].as_str(), found[0]["line"].as_u64(), found[0]["parent_line"].as_u64(), found[0]["count"].as_u64()), (Some("User.posts"), Some(8), Some(6), Some(10)));
    assert!(out["findings"].as_array().is_some_and(|f| f.iter().any(|f| f["kind"] == "raise_would_stop")));
    for eager in ["joined", "selectin", "subquery"] {
        let dir = case(eager);
        assert!(n_plus_one(&lens(&dir, &dir.join("script.py"))).is_empty(), "{eager} has no N+1");
    }
}

#[test]
fn applying_the_lens_fix_removes_the_n_plus_one() {
    let dir = case("select");
    let out = lens(&dir, &dir.join("script.py"));
    let edit = &n_plus_one(&out)[0]["edit"];
    assert_eq!(edit["after"], "users = User.query.options(selectinload(User.posts)).order_by(User.id).all()");
    let script = std::fs::read_to_string(dir.join("script.py")).expect("script");
    let fixed = script.replace(edit["before"].as_str().expect("before"), edit["after"].as_str().expect("after"));
    let temp = std::env::temp_dir().join(format!("ormlab-lens-fix-{}.py", std::process::id()));
    std::fs::write(&temp, fixed).expect("write the fixed script");
    let after = lens(&dir, &temp);
    let _ = std::fs::remove_file(&temp);
    assert!(n_plus_one(&after).is_empty(), "{after}");
    assert_eq!(after["query_count"], golden("selectin")["query_count"], "the fixed script sends what real SQLAlchemy sends with selectin loading");
}

#[test]
fn an_unused_eager_load_is_reported() {
    let dir = case("select");
    let temp = std::env::temp_dir().join(format!("ormlab-lens-unused-{}.py", std::process::id()));
    std::fs::write(&temp, "users = User.query.options(joinedload(User.posts)).all()\nprint(len(users))\n").expect("write");
    let out = lens(&dir, &temp);
    let _ = std::fs::remove_file(&temp);
    let unused: Vec<&Value> = out["findings"].as_array().map(|f| f.iter().filter(|f| f["kind"] == "unused_eager_load").collect()).unwrap_or_default();
    assert_eq!(unused.len(), 1, "{out}");
    assert_eq!(unused[0]["relationship"], "User.posts");
}
