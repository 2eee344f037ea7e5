//! `ormlab share encode|decode`: make links from files (lesson authors, scripts) and read
//! what a link holds, with the same codec the page uses.

use ormlab_core::api::{LessonPosition, Workspace};
use ormlab_core::share;
use serde_json::json;

/// Prints the fragment for `workspace`; fails when it is too long for a link.
pub fn encode(workspace: &Workspace, run: bool) -> Result<(String, bool), String> {
    share::encode(workspace, run).map(|fragment| (format!("{fragment}\n"), true)).map_err(|e| e.to_string())
}

/// Prints the workspace a fragment (or a whole URL) holds as JSON.
pub fn decode(input: &str) -> Result<(String, bool), String> {
    let input = input.trim();
    let fragment = input.split_once('#').map_or(input, |(_, fragment)| fragment);
    let link = share::decode(fragment).map_err(|e| e.to_string())?;
    let mut out = serde_json::to_value(&link.workspace).map_err(|e| e.to_string())?;
    out["run"] = json!(link.run);
    Ok((format!("{}\n", serde_json::to_string_pretty(&out).unwrap_or_default()), true))
}

/// Reads `--lesson ID:STEP`.
pub fn lesson_position(text: &str) -> Result<LessonPosition, String> {
    let (id, step) = text.rsplit_once(':').ok_or_else(|| format!("--lesson {text:?}: expected LESSON_ID:STEP"))?;
    let step = step.parse().map_err(|_| format!("--lesson {text:?}: the step must be a number"))?;
    Ok(LessonPosition { id: id.to_string(), step })
}
