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
    let revision = dir.join("0001_create.py");
    std::fs::write(&revision, "\"\"\"create\"\"\"\nrevision = 'abc'\n").unwrap();
    let (fragment, _, code) = ormlab(&[
        "share", "encode", "--models", models.to_str().unwrap(), "--script", script.to_str().unwrap(), "--sql", sql.to_str().unwrap(),
        "--revision", revision.to_str().unwrap(), "--lesson", "first-model:2", "--run",
    ]);
    assert_eq!(code, 0);
    let fragment = fragment.trim();
    assert!(fragment.starts_with("v2.") && fragment.ends_with("&run"), "{fragment}");
    let (decoded, _, code) = ormlab(&["share", "decode", &format!("http://127.0.0.1:8080/#{fragment}")]);
    assert_eq!(code, 0);
    let workspace: serde_json::Value = serde_json::from_str(&decoded).unwrap();
    assert_eq!(workspace["models"], std::fs::read_to_string(&models).unwrap());
    assert_eq!(workspace["script"], "print(User.query.count())\n");
    assert_eq!(workspace["console"], serde_json::json!(["SELECT 1;"]));
    assert_eq!(workspace["revisions"], serde_json::json!(["\"\"\"create\"\"\"\nrevision = 'abc'\n"]));
    assert_eq!(workspace["lesson"], serde_json::json!({"id": "first-model", "step": 2}));
    assert_eq!(workspace["settings"], serde_json::json!({"lens_threshold": 2}));
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

#[test]
fn cli_share_decode_still_opens_a_v1_link() {
    let v1 = "v1.XY4xD4IwEIX_StMFSAjRzWCYCIOJTuCkxlR6IY30ir0yEON_90AH443vfe-9e0rrNPQkc9n2ikgcCXysb9lhlpP8jILPaFEIFkvXjxZne4cBOvCpGLyxyk_XO0xF40dIPglUFv4zdfAGu3izShiSqaTWmyHwMnsERMZhprSOlxfmgiJSiNFM_xCts9aEmEWexrDQ2WMEP7E1svBtbx2S60HmJ1lX-6psxHorL683&run";
    let (decoded, err, code) = ormlab(&["share", "decode", v1]);
    assert_eq!(code, 0, "{err}");
    let workspace: serde_json::Value = serde_json::from_str(&decoded).unwrap();
    assert_eq!(workspace["console"], serde_json::json!(["SELECT 1;"]));
    assert_eq!(workspace["revisions"], serde_json::json!([]));
}
