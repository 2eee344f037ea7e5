use super::*;

fn blog() -> Workspace {
    Workspace {
        models: "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    name = db.Column(db.String(80))\n".into(),
        script: "db.session.add(User(name='ann'))\ndb.session.commit()\nprint(User.query.count())\n".into(),
        console: vec!["SELECT 1;".into()],
        ..Workspace::default()
    }
}

/// A workspace with every field set, as the page makes one after a migration and in a lesson.
fn everything() -> Workspace {
    Workspace {
        revisions: vec!["\"\"\"create users\n\nRevision ID: 0a1b2c3d4e5f\n\"\"\"\nrevision = '0a1b2c3d4e5f'\n".into()],
        settings: crate::api::Settings { lens_threshold: 5 },
        lesson: Some(crate::api::LessonPosition { id: "n-plus-one".into(), step: 3 }),
        ..blog()
    }
}

#[test]
fn share_round_trips_a_workspace_and_its_run_flag() {
    for run in [false, true] {
        let fragment = encode(&blog(), run).unwrap();
        assert!(fragment.starts_with("v2."));
        assert_eq!(decode(&format!("#{fragment}")).unwrap(), SharedLink { workspace: blog(), run });
    }
}

#[test]
fn share_v2_carries_revisions_settings_and_the_lesson_position() {
    let fragment = encode(&everything(), false).unwrap();
    assert_eq!(decode(&fragment).unwrap().workspace, everything());
}

/// A link made by format v2; it must open, unchanged, in every later ormlab.
#[test]
fn share_v2_link_from_its_first_release_still_opens() {
    const V2: &str = "v2.XZBBawIxEIX_SpjLrqCitUJJ8WQ9CO2l2lO3SNxMNTQ72WayBRH_eydqQZrc3vvmvWSO0ASLnkFD7Q2zemOMpd0OX7Lc0xUpOc6qmRJxHnzXULaXlHCHsa_a6BoTD5svPMzWscPeZYJMg_9nVik62pUPo55A0Aeuo2uTNIvHyOwCDY215fkJOWBWGKIi0zdEHZrGpVJEqaZ0poffHcaDWJ0I1_Q6EAePoN9htXhezNdq_AgffYj443IQZ6c63zqiSag6SeKKKnq9Imr5pNXIjLd39cTe4_RTzMsI_aXIH4tbopBuKfFIvEn7iLwP3oKeZok5EOgjOBGABq3veBAI8yYStqAnp9Mv";
    let link = decode(V2).unwrap();
    assert!(!link.run);
    assert_eq!(link.workspace, everything());
}

#[test]
fn share_v2_refuses_fields_it_does_not_know() {
    let json = br#"{"models":"x = 1","evil":"<script>"}"#;
    let fragment = format!("v2.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json, 10)));
    assert!(matches!(decode(&fragment), Err(ShareError::BadWorkspace(m)) if m.contains("unknown field `evil`")), "{:?}", decode(&fragment));
    let json = br#"{"models":"x = 1","lens_threshold":0}"#;
    let fragment = format!("v2.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json, 10)));
    assert!(matches!(decode(&fragment), Err(ShareError::BadWorkspace(m)) if m.contains("lens threshold")));
}

/// The blog example a lesson starts from (tests/browser/run.mjs uses the same models).
#[test]
fn share_the_blog_example_link_stays_under_2000_characters() {
    let workspace = Workspace {
        models: include_str!("blog_models.py").into(),
        script: include_str!("blog_script.py").into(),
        ..Workspace::default()
    };
    let url = format!("https://example.org/ormlab/#{}", encode(&workspace, true).unwrap());
    assert!(url.len() < 2000, "{} characters", url.len());
}

#[test]
fn share_workspace_files_round_trip_and_old_files_still_open() {
    let text = to_file(&everything());
    assert!(text.starts_with("{\n  \"format\": \"ormlab-workspace\",\n  \"version\": 2,"), "{text}");
    assert_eq!(from_file(&text).unwrap(), everything());
    // A file saved by the first release's "Download workspace file": the bare v1 workspace.
    let old = "{\n  \"models\": \"m\",\n  \"script\": \"s\",\n  \"console\": [\"SELECT 1;\"]\n}";
    assert_eq!(from_file(old).unwrap(), Workspace { models: "m".into(), script: "s".into(), console: vec!["SELECT 1;".into()], ..Workspace::default() });
}

#[test]
fn share_hostile_workspace_files_say_why() {
    assert!(matches!(from_file("<html>"), Err(ShareError::BadWorkspace(m)) if m.contains("line 1, column 1")));
    assert!(matches!(from_file(r#"{"format": "zip", "version": 2, "workspace": {}}"#), Err(ShareError::BadWorkspace(m)) if m.contains("not \"ormlab-workspace\"")));
    assert_eq!(from_file(r#"{"format": "ormlab-workspace", "version": 9, "workspace": {}}"#), Err(ShareError::UnknownVersion("v9".into())));
    let big = format!("{{\"models\": \"{}\", \"script\": \"\"}}", "x".repeat(MAX_FILE_BYTES));
    assert!(matches!(from_file(&big), Err(ShareError::BadWorkspace(m)) if m.contains("limit is 16 MB")));
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
