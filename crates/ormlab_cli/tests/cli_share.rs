//! `ormlab share` driven through its binary: a link made from files opens to the same files.

use std::process::Command;

fn ormlab(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_ormlab")).args(args).output().expect("run ormlab");
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap(), out.status.code().unwrap())
}

#[test]
fn cli_share_encode_then_decode_gives_back_the_files() {
    let dir = std::env::temp_dir().join(format!("ormlab-share-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let models = dir.join("models.py");
    let script = dir.join("script.py");
    let sql = dir.join("seed.sql");
    std::fs::write(&models, "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n").unwrap();
    std::fs::write(&script, "print(User.query.count())\n").unwrap();
    std::fs::write(&sql, "SELECT 1;").unwrap();
    let (fragment, _, code) = ormlab(&["share", "encode", "--models", models.to_str().unwrap(), "--script", script.to_str().unwrap(), "--sql", sql.to_str().unwrap(), "--run"]);
    assert_eq!(code, 0);
    let fragment = fragment.trim();
    assert!(fragment.starts_with("v1.") && fragment.ends_with("&run"), "{fragment}");
    let (decoded, _, code) = ormlab(&["share", "decode", &format!("http://127.0.0.1:8080/#{fragment}")]);
    assert_eq!(code, 0);
    let workspace: serde_json::Value = serde_json::from_str(&decoded).unwrap();
    assert_eq!(workspace["models"], std::fs::read_to_string(&models).unwrap());
    assert_eq!(workspace["script"], "print(User.query.count())\n");
    assert_eq!(workspace["console"], serde_json::json!(["SELECT 1;"]));
    assert_eq!(workspace["run"], true);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_share_decode_of_a_damaged_link_says_why() {
    let (out, err, code) = ormlab(&["share", "decode", "#v1.abc$def"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("damaged") && err.contains("position 4"), "{err}");
}
