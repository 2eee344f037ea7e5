use super::*;

fn blog() -> Workspace {
    Workspace {
        models: "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    name = db.Column(db.String(80))\n".into(),
        script: "db.session.add(User(name='ann'))\ndb.session.commit()\nprint(User.query.count())\n".into(),
        console: vec!["SELECT 1;".into()],
    }
}

#[test]
fn share_round_trips_a_workspace_and_its_run_flag() {
    for run in [false, true] {
        let fragment = encode(&blog(), run).unwrap();
        assert!(fragment.starts_with("v1."));
        assert_eq!(decode(&format!("#{fragment}")).unwrap(), SharedLink { workspace: blog(), run });
    }
}

/// A link made by format v1; it must open, unchanged, in every later ormlab.
#[test]
fn share_v1_link_from_the_first_release_still_opens() {
    const V1: &str = "v1.XY4xD4IwEIX_StMFSAjRzWCYCIOJTuCkxlR6IY30ir0yEON_90AH443vfe-9e0rrNPQkc9n2ikgcCXysb9lhlpP8jILPaFEIFkvXjxZne4cBOvCpGLyxyk_XO0xF40dIPglUFv4zdfAGu3izShiSqaTWmyHwMnsERMZhprSOlxfmgiJSiNFM_xCts9aEmEWexrDQ2WMEP7E1svBtbx2S60HmJ1lX-6psxHorL683&run";
    let link = decode(V1).unwrap();
    assert!(link.run);
    assert_eq!(link.workspace, blog());
}

#[test]
fn share_rejects_what_is_not_a_link() {
    for fragment in ["", "#", "hello", "#section-2", "v1", "x1.abc"] {
        assert_eq!(decode(fragment), Err(ShareError::NotALink), "{fragment:?}");
    }
    assert_eq!(decode("v9.abc"), Err(ShareError::UnknownVersion("v9".into())));
}

#[test]
fn share_reports_damaged_and_truncated_links() {
    let fragment = encode(&blog(), false).unwrap();
    let truncated = &fragment[..fragment.len() / 2];
    assert!(matches!(decode(truncated), Err(ShareError::BadCompression(_) | ShareError::BadEncoding(_))), "{:?}", decode(truncated));
    assert!(matches!(decode("v1.abc<script>"), Err(ShareError::BadEncoding(m)) if m.contains("position 4")));
    let not_json = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"<img src=x onerror=alert(1)>", 6));
    assert!(matches!(decode(&format!("v1.{not_json}")), Err(ShareError::BadWorkspace(m)) if m.contains("line 1, column 1")));
}

#[test]
fn share_stops_a_decompression_bomb_and_oversized_links() {
    let bomb = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&vec![b' '; 8 * MAX_DECODED_BYTES], 10));
    assert!(bomb.len() < MAX_FRAGMENT_CHARS, "the bomb itself is small");
    assert!(matches!(decode(&format!("v1.{bomb}")), Err(ShareError::BadCompression(m)) if m.contains("expands beyond")));
    let huge = "A".repeat(MAX_FRAGMENT_CHARS + 1);
    assert!(matches!(decode(&format!("v1.{huge}")), Err(ShareError::TooLong { .. })));
}

#[test]
fn share_refuses_to_make_a_link_too_long_to_paste() {
    // Text that does not compress: every line different.
    let models: String = (0..4000u32).map(|i| format!("x{} = {}\n", i.wrapping_mul(2_654_435_761), i.wrapping_mul(40_503))).collect();
    let workspace = Workspace { models, ..Workspace::default() };
    assert!(matches!(encode(&workspace, false), Err(ShareError::TooLong { limit: MAX_LINK_CHARS, .. })));
}

#[test]
fn share_validates_field_sizes_after_decoding() {
    let workspace = Workspace { console: vec![String::new(); MAX_CONSOLE_SCRIPTS + 1], ..Workspace::default() };
    let json = serde_json::to_vec(&workspace).unwrap();
    let fragment = format!("v1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&json, 10)));
    assert!(matches!(decode(&fragment), Err(ShareError::BadWorkspace(m)) if m.contains("console scripts")));
}
