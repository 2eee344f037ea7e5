//! `ormlab share encode|decode`: make links from files (lesson authors, scripts) and read
//! what a link holds, with the same codec the page uses.

use ormlab_core::api::Workspace;
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
    let out = json!({
        "models": link.workspace.models,
        "script": link.workspace.script,
        "console": link.workspace.console,
        "run": link.run,
    });
    Ok((format!("{}\n", serde_json::to_string_pretty(&out).unwrap_or_default()), true))
}
