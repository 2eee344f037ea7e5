//! Embed mode (`?embed`): a compact view for an iframe in slides or docs. It shows the link's
//! workspace without touching this browser's saved work: nothing is read from or written to
//! storage, so a visitor's own workspace is never replaced. Edits stay in the frame; "Open in
//! ormlab" carries the link to the full page.

use leptos::prelude::*;

/// Whether the page was opened with `?embed`.
pub(crate) fn is_embed() -> bool {
    thread_local! {
        static EMBED: bool = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .is_some_and(|search| search.trim_start_matches('?').split('&').any(|p| p == "embed" || p.starts_with("embed=")));
    }
    EMBED.with(|e| *e)
}

/// The full page's address for this embed: the same link without `embed`.
fn full_page_url() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    let search: Vec<String> = location
        .search()
        .unwrap_or_default()
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && *p != "embed" && !p.starts_with("embed="))
        .map(str::to_string)
        .collect();
    let query = if search.is_empty() { String::new() } else { format!("?{}", search.join("&")) };
    format!("{}{query}{}", location.pathname().unwrap_or_default(), location.hash().unwrap_or_default())
}

/// The embed bar: what this frame is, and the way out to the full page.
#[component]
pub fn EmbedBar() -> impl IntoView {
    is_embed().then(|| {
        view! {
            <p class="embed-bar" data-testid="embed">
                "A shared ormlab workspace; edits here are not saved. "
                <a data-testid="embed-open" href=full_page_url() target="_blank" rel="noopener">"Open in ormlab"</a>
            </p>
        }
    })
}
