//! `ormlab lesson check PACK`: every step's reference solution run and checked, for lesson
//! authors; each step's starting code is checked too, since a start that already passes
//! means the checks test nothing.

use crate::native_engine::NativeEngine;
use ormlab_core::api::CheckResult;
use ormlab_core::lessons::{check_step, parse_pack, Pack, Step};
use serde_json::json;
use std::fmt::Write;

/// Names the built-in pack instead of a file.
pub const BUILTIN: &str = "@builtin";

/// The pack text of `PACK`: a file, `-` for standard input, or [`BUILTIN`].
pub fn pack_text(path: &str, read: impl Fn(&str) -> Result<String, String>) -> Result<String, String> {
    if path == BUILTIN {
        Ok(ormlab_core::lessons::BUILTIN_PACK.to_string())
    } else {
        read(path)
    }
}

fn run(step: &Step, models: &str, script: &str, revisions: &[String]) -> Result<Vec<CheckResult>, String> {
    let mut engine = NativeEngine::open_in_memory().map_err(|e| e.to_string())?;
    Ok(check_step(step, models, script, revisions, &mut engine))
}

/// Checks every step of the pack (or of one lesson); the flag is whether all solutions passed.
pub fn check(text: &str, lesson: Option<&str>, as_json: bool) -> Result<(String, bool), String> {
    let pack: Pack = parse_pack(text).map_err(|e| format!("pack: {e}"))?;
    let lessons: Vec<_> = match lesson {
        Some(id) => vec![pack.lesson(id).ok_or_else(|| format!("no lesson `{id}` in the pack (lessons: {})", pack.lessons.iter().map(|l| l.id.as_str()).collect::<Vec<_>>().join(", ")))?],
        None => pack.lessons.iter().collect(),
    };
    let mut all_ok = true;
    let mut out = String::new();
    let mut entries = Vec::new();
    for l in lessons {
        for (index, step) in l.steps.iter().enumerate() {
            let solution = run(step, &step.solution_models, &step.solution_script, &step.solution_revisions)?;
            let starting = run(step, &step.models, &step.script, &step.revisions)?;
            let ok = solution.iter().all(|c| c.pass);
            let start_passes = starting.iter().all(|c| c.pass);
            all_ok &= ok;
            let _ = writeln!(out, "{} {}/{} {}", if ok { "ok  " } else { "FAIL" }, l.id, index + 1, step.title);
            for c in &solution {
                let _ = writeln!(out, "  {} {} ({})", if c.pass { "pass" } else { "fail" }, c.check, c.message);
            }
            if start_passes {
                let _ = writeln!(out, "  warning: the starting code already passes every check");
            }
            entries.push(json!({
                "lesson": l.id, "step": index + 1, "title": step.title, "ok": ok,
                "checks": solution.iter().map(|c| json!({"check": c.check, "pass": c.pass, "message": c.message})).collect::<Vec<_>>(),
                "starting_passes": start_passes,
            }));
        }
    }
    if as_json {
        Ok((format!("{}\n", json!({"ok": all_ok, "steps": entries})), all_ok))
    } else {
        Ok((out, all_ok))
    }
}
