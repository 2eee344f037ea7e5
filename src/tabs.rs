//! The results panel's tabs: real ARIA tabs, arrow keys move between them.

use leptos::prelude::*;

/// The tabs of the results panel, in display order.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Tab {
    /// Script stdout and errors.
    Output,
    /// Every statement of the last run.
    Sql,
    /// The N+1 lens.
    Lens,
    /// The ER diagram.
    Diagram,
    /// Migrations.
    Migrations,
    /// Tables, rows and the SQL console.
    Database,
}

impl Tab {
    const ALL: [Tab; 6] = [Tab::Output, Tab::Sql, Tab::Lens, Tab::Diagram, Tab::Migrations, Tab::Database];

    fn label(self) -> &'static str {
        match self {
            Tab::Output => "Output",
            Tab::Sql => "SQL",
            Tab::Lens => "N+1 lens",
            Tab::Diagram => "Diagram",
            Tab::Migrations => "Migrations",
            Tab::Database => "Database",
        }
    }

    /// The stable automation hook of the tab button, where DESIGN.md names one.
    fn testid(self) -> Option<&'static str> {
        match self {
            Tab::Lens => Some("lens-tab"),
            Tab::Migrations => Some("migrations-tab"),
            Tab::Database => Some("db-tab"),
            Tab::Output | Tab::Sql | Tab::Diagram => None,
        }
    }

    /// The id of the tab button.
    pub(crate) fn tab_id(self) -> String {
        format!("tab-{}", self.label().to_ascii_lowercase().replace([' ', '+'], ""))
    }

    /// The id of the tab's panel.
    pub(crate) fn panel_id(self) -> String {
        format!("panel-{}", self.label().to_ascii_lowercase().replace([' ', '+'], ""))
    }

    fn neighbour(self, step: isize) -> Tab {
        let index = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let count = Tab::ALL.len() as isize;
        Tab::ALL[((index as isize + step).rem_euclid(count)) as usize]
    }
}

/// The tab list; `selected` is the open tab.
#[component]
pub(crate) fn Tabs(
    /// The open tab.
    selected: RwSignal<Tab>,
) -> impl IntoView {
    let on_key = move |event: web_sys::KeyboardEvent| {
        let step = match event.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        let next = selected.get_untracked().neighbour(step);
        selected.set(next);
        if let Some(button) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&next.tab_id())) {
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(button).focus();
        }
    };
    view! {
        <div role="tablist" aria-label="Results" class="tabs" on:keydown=on_key>
            {Tab::ALL
                .into_iter()
                .map(|tab| {
                    view! {
                        <button
                            role="tab"
                            id=tab.tab_id()
                            aria-controls=tab.panel_id()
                            aria-selected=move || (selected.get() == tab).to_string()
                            tabindex=move || if selected.get() == tab { "0" } else { "-1" }
                            data-testid=tab.testid()
                            on:click=move |_| selected.set(tab)
                        >
                            {tab.label()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
