//! The Diagram tab: the ER diagram of the models as SVG, laid out by `ormlab_core::diagram`.
//! Every user string (table, column, relationship names) is a text node, never markup.

use crate::AppState;
use leptos::prelude::*;
use ormlab_core::api::SchemaReport;
use ormlab_core::diagram::{self, HEADER_HEIGHT, ROW_HEIGHT};

/// The ER diagram of the last successfully read models.
#[component]
pub fn Diagram() -> impl IntoView {
    let schema = expect_context::<AppState>().models.schema;
    view! {
        <div data-testid="diagram" class="diagram">
            {move || match schema.get() {
                Some(report) if !report.tables.is_empty() => view! { <DiagramSvg report/> }.into_any(),
                _ => view! { <p class="placeholder">"The ER diagram of your models appears here as you type them."</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn DiagramSvg(report: SchemaReport) -> impl IntoView {
    let layout = diagram::layout(&report);
    let view_box = format!("0 0 {:.0} {:.0}", layout.width, layout.height);
    let summary = format!("ER diagram: {} tables, {} references", report.tables.len(), layout.edges.len());
    let edges = layout.edges.iter().map(|edge| {
        let labels = edge.labels.iter().enumerate().map(|(i, label)| {
            let y = edge.label_y - 4.0 + i as f64 * 14.0 - (edge.labels.len().saturating_sub(1)) as f64 * 7.0;
            view! { <text class="edge-label" x=format!("{:.1}", edge.label_x) y=format!("{y:.1}") text-anchor="middle">{label.clone()}</text> }
        }).collect_view();
        view! {
            <g class="edge" data-testid="diagram-edge">
                <path d=edge.path.clone() marker-end="url(#er-arrow)"></path>
                {labels}
            </g>
        }
    }).collect_view();
    let boxes = layout.boxes.iter().map(|b| {
        let table = &report.tables[b.table];
        let rows = table.columns.iter().enumerate().map(|(i, column)| {
            let y = b.y + HEADER_HEIGHT + i as f64 * ROW_HEIGHT + ROW_HEIGHT * 0.7;
            let class = if column.primary_key { "row pk" } else if column.foreign_key.is_some() { "row fk" } else { "row" };
            view! { <text class=class x=format!("{:.1}", b.x + 10.0) y=format!("{y:.1}")>{diagram::column_label(column)}</text> }
        }).collect_view();
        view! {
            <g class="table" data-testid="diagram-table" data-table=table.name.clone()>
                <rect class="box" x=format!("{:.1}", b.x) y=format!("{:.1}", b.y) width=format!("{:.1}", b.width) height=format!("{:.1}", b.height) rx="6"></rect>
                <rect class="title-bar" x=format!("{:.1}", b.x) y=format!("{:.1}", b.y) width=format!("{:.1}", b.width) height=format!("{HEADER_HEIGHT:.1}") rx="6"></rect>
                <text class="title" x=format!("{:.1}", b.x + 10.0) y=format!("{:.1}", b.y + 19.0)>{diagram::table_title(table)}</text>
                {rows}
            </g>
        }
    }).collect_view();
    view! {
        <svg class="er" viewBox=view_box width=format!("{:.0}", layout.width) role="img" aria-label=summary xmlns="http://www.w3.org/2000/svg">
            <defs>
                <marker id="er-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0,0 L10,5 L0,10 z"></path>
                </marker>
            </defs>
            {edges}
            {boxes}
        </svg>
    }
}
