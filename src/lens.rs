//! The N+1 lens tab: the findings of `ormlab_core::lens` over the last script run.

use crate::AppState;
use leptos::prelude::*;
use ormlab_core::lens;

/// The lens tab's content: each N+1 the last run contains, with the fix in words.
#[component]
pub fn LensPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="lens">
            {move || match state.run.report.get() {
                None => view! { <p class="placeholder">"Run the script: the lens shows every loop that lazy-loads a relationship once per row."</p> }.into_any(),
                Some((report, _)) => {
                    let findings = lens::find_n_plus_one(&report, lens::DEFAULT_THRESHOLD);
                    if findings.is_empty() {
                        view! { <p class="muted">{format!("No N+1 in this run ({} statements).", report.query_count)}</p> }.into_any()
                    } else {
                        findings.into_iter().map(|f| {
                            let parents = f.parent_line.map(|l| format!(" (the parents were loaded on line {l})")).unwrap_or_default();
                            view! {
                                <article class="finding" data-testid="lens-finding" data-count=f.count.to_string() data-line=f.line.to_string()>
                                    <h3>{format!("N+1: {} ×{}", f.relationship, f.count)}</h3>
                                    <p>{format!("Line {} lazy-loads {} once per row: {} queries{parents}.", f.line, f.relationship, f.count)}</p>
                                    <p><strong>"Fix: "</strong>{f.fix}</p>
                                </article>
                            }
                        }).collect_view().into_any()
                    }
                }
            }}
        </div>
    }
}
