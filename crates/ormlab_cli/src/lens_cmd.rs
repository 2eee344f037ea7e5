//! `ormlab lens --models M --script S [--json]`: the N+1 lens natively — the run's findings
//! and the comparison of every loading strategy on fresh in-memory databases.

use crate::native_engine::NativeEngine;
use ormlab_core::engine::Engine;
use serde_json::json;
use std::time::Instant;

/// Runs the script, finds what the lens finds, compares the strategies; text or JSON.
pub fn lens(models: &str, script: &str, threshold: usize, as_json: bool) -> (String, bool) {
    let (models, script) = (models.to_string(), script.to_string());
    // The same large stack as `ormlab run`: the interpreter recurses per Python call level.
    let worker = std::thread::Builder::new().stack_size(256 * 1024 * 1024).spawn(move || lens_here(&models, &script, threshold, as_json));
    match worker.map(|handle| handle.join()) {
        Ok(Ok(out)) => out,
        _ => ("ormlab stopped unexpectedly\n".into(), false),
    }
}

fn lens_here(models: &str, script: &str, threshold: usize, as_json: bool) -> (String, bool) {
    let started = Instant::now();
    let clock = move || started.elapsed().as_secs_f64() * 1000.0;
    let mut open = || NativeEngine::open_in_memory().map(|e| Box::new(e) as Box<dyn Engine>).map_err(|e| e.message);
    let mut engine = match open() {
        Ok(engine) => engine,
        Err(message) => return (format!("ormlab: {message}\n"), false),
    };
    let report = ormlab_core::orm::run_script_with(models, script, engine.as_mut(), ormlab_core::orm::RunOptions { clock: Some(&clock), strategy_override: None });
    let findings = ormlab_core::lens::findings(&report, script, threshold);
    let touched = ormlab_core::lens::touched_relationships(&report);
    let compare = if touched.is_empty() { Vec::new() } else { ormlab_core::lens::compare(models, script, &touched, &mut open, &clock) };
    if as_json {
        let findings: Vec<_> = findings
            .iter()
            .map(|f| json!({"kind": f.kind, "relationship": f.relationship, "line": f.line, "parent_line": f.parent_line, "count": f.count, "fix": f.fix, "edit": f.edit}))
            .collect();
        let compare: Vec<_> = compare
            .iter()
            .map(|c| json!({"strategy": c.strategy, "query_count": c.query_count, "select_count": c.select_count, "rows": c.rows, "time_ms": c.time_ms, "error": c.error, "best": c.best, "fastest": c.fastest}))
            .collect();
        let out = json!({"findings": findings, "compare": compare, "relationships": touched, "query_count": report.query_count, "error": report.error.as_ref().map(|e| json!({"type": e.kind, "message": e.message}))});
        return (format!("{out}\n"), true);
    }
    let mut text = String::new();
    if findings.is_empty() {
        text.push_str(&format!("no findings ({} statements)\n", report.query_count));
    }
    for f in &findings {
        text.push_str(&format!("line {}: {} {} x{}: {}\n", f.line, f.kind, f.relationship, f.count, f.fix));
    }
    for c in &compare {
        let mark = match (c.best, c.fastest) {
            (true, true) => "  <- fewest, fastest",
            (true, false) => "  <- fewest",
            (false, true) => "  <- fastest",
            _ => "",
        };
        let error = c.error.as_deref().map(|e| format!("  ({e})")).unwrap_or_default();
        text.push_str(&format!("{:>9}: {:>5} statements {:>7} rows {:>9.3} ms{mark}{error}\n", c.strategy, c.query_count, c.rows, c.time_ms));
    }
    (text, true)
}
