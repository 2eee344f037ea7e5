//! The ER diagram's layout: where each table box goes and how each foreign key and
//! relationship edge runs, as plain numbers the page turns into SVG. Kept in the core so it is
//! tested natively and the page only draws.
//!
//! Tables are placed in columns by dependency depth (a table sits right of every table it
//! references), in metadata order within a column, so parents read left to right into children
//! and association tables sit between the tables they join.

use crate::api::{Cardinality, SchemaReport, TableInfo};

/// Height of one column row, in SVG user units.
pub const ROW_HEIGHT: f64 = 20.0;
/// Height of a box's title bar.
pub const HEADER_HEIGHT: f64 = 28.0;
const CHAR_WIDTH: f64 = 7.4;
const GAP_X: f64 = 90.0;
const GAP_Y: f64 = 28.0;
const MARGIN: f64 = 16.0;
const MIN_WIDTH: f64 = 150.0;

/// A table's box.
#[derive(Debug, Clone, PartialEq)]
pub struct TableBox {
    /// Index into `SchemaReport::tables`.
    pub table: usize,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height: header plus one row per column.
    pub height: f64,
}

/// An edge from a foreign-key column to the column it references.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Index of the table holding the foreign key.
    pub from_table: usize,
    /// Index of the referenced table.
    pub to_table: usize,
    /// SVG path data of the edge.
    pub path: String,
    /// Relationship names and cardinalities carried by this edge, e.g. `User.posts 1→many`.
    pub labels: Vec<String>,
    /// Where the label is anchored.
    pub label_x: f64,
    /// Where the label is anchored.
    pub label_y: f64,
}

/// The whole diagram.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DiagramLayout {
    /// Width of the drawing.
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
    /// One box per table, in `SchemaReport::tables` order.
    pub boxes: Vec<TableBox>,
    /// One edge per foreign key.
    pub edges: Vec<Edge>,
}

/// The text of a column's row: name, type and the marks PK / FK / UQ and `?` for nullable,
/// so that no information is carried by colour alone.
pub fn column_label(column: &crate::api::ColumnInfo) -> String {
    let mut marks = Vec::new();
    if column.primary_key {
        marks.push("PK");
    }
    if column.foreign_key.is_some() {
        marks.push("FK");
    }
    if column.unique {
        marks.push("UQ");
    }
    let nullable = if column.nullable && !column.primary_key { "?" } else { "" };
    let marks = if marks.is_empty() { String::new() } else { format!("  {}", marks.join(" ")) };
    format!("{}  {}{nullable}{marks}", column.name, column.sql_type)
}

/// The title of a table's box: the table name, and the model class when it differs.
pub fn table_title(table: &TableInfo) -> String {
    match &table.model {
        Some(model) if *model != table.name => format!("{}  ({model})", table.name),
        _ => table.name.clone(),
    }
}

/// Lays out every table and foreign key of `report`.
pub fn layout(report: &SchemaReport) -> DiagramLayout {
    let tables = &report.tables;
    let levels = dependency_levels(tables);
    let mut boxes: Vec<TableBox> = tables
        .iter()
        .enumerate()
        .map(|(index, table)| {
            let widest = table.columns.iter().map(|c| column_label(c).chars().count()).chain([table_title(table).chars().count()]).max().unwrap_or(0);
            TableBox {
                table: index,
                x: 0.0,
                y: 0.0,
                width: (widest as f64 * CHAR_WIDTH + 24.0).max(MIN_WIDTH),
                height: HEADER_HEIGHT + table.columns.len() as f64 * ROW_HEIGHT + 6.0,
            }
        })
        .collect();

    let max_level = levels.iter().copied().max().unwrap_or(0);
    let mut x = MARGIN;
    let mut height: f64 = 0.0;
    for level in 0..=max_level {
        let members: Vec<usize> = (0..tables.len()).filter(|&i| levels[i] == level).collect();
        let column_width = members.iter().map(|&i| boxes[i].width).fold(0.0, f64::max);
        let mut y = MARGIN;
        for &i in &members {
            boxes[i].x = x;
            boxes[i].y = y;
            y += boxes[i].height + GAP_Y;
        }
        height = height.max(y);
        x += column_width + GAP_X;
    }

    let edges = foreign_key_edges(report, &boxes);
    let width = boxes.iter().map(|b| b.x + b.width).fold(0.0, f64::max) + MARGIN + 60.0;
    DiagramLayout { width, height: height.max(MARGIN * 2.0), boxes, edges }
}

/// 0 for a table that references no other table, else one more than the deepest table it
/// references. Self-references and cycles do not raise the level.
fn dependency_levels(tables: &[TableInfo]) -> Vec<usize> {
    let index_of = |name: &str| tables.iter().position(|t| t.name == name);
    let targets: Vec<Vec<usize>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut out: Vec<usize> = t.columns.iter().filter_map(|c| c.foreign_key.as_deref()).filter_map(|fk| index_of(referenced_table(fk))).filter(|&j| j != i).collect();
            out.dedup();
            out
        })
        .collect();
    let mut levels = vec![0; tables.len()];
    // Relaxation bounded by the table count: a cycle cannot push levels forever.
    for _ in 0..tables.len() {
        let mut changed = false;
        for i in 0..tables.len() {
            let level = targets[i].iter().map(|&j| levels[j] + 1).max().unwrap_or(0).min(tables.len());
            if level != levels[i] {
                levels[i] = level;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    levels
}

fn referenced_table(foreign_key: &str) -> &str {
    foreign_key.rsplit_once('.').map_or(foreign_key, |(table, _)| table)
}

fn row_center(b: &TableBox, row: usize) -> f64 {
    b.y + HEADER_HEIGHT + row as f64 * ROW_HEIGHT + ROW_HEIGHT / 2.0
}

fn foreign_key_edges(report: &SchemaReport, boxes: &[TableBox]) -> Vec<Edge> {
    let tables = &report.tables;
    let mut edges = Vec::new();
    for (from, table) in tables.iter().enumerate() {
        for (row, column) in table.columns.iter().enumerate() {
            let Some(fk) = column.foreign_key.as_deref() else { continue };
            let (target_name, target_column) = fk.rsplit_once('.').unwrap_or((fk, ""));
            let Some(to) = tables.iter().position(|t| t.name == target_name) else { continue };
            let to_row = tables[to].columns.iter().position(|c| c.name == target_column).unwrap_or(0);
            let (a, b) = (&boxes[from], &boxes[to]);
            let (y1, y2) = (row_center(a, row), row_center(b, to_row));
            let (path, label_x, label_y) = if a.x > b.x {
                let (x1, x2) = (a.x, b.x + b.width);
                let mid = (x1 + x2) / 2.0;
                (format!("M{x1:.1},{y1:.1} C{mid:.1},{y1:.1} {mid:.1},{y2:.1} {x2:.1},{y2:.1}"), mid, (y1 + y2) / 2.0)
            } else {
                // Same column (a self-reference or a cycle): loop out to the right.
                let (x1, x2) = (a.x + a.width, b.x + b.width);
                let bulge = x1.max(x2) + 40.0;
                (format!("M{x1:.1},{y1:.1} C{bulge:.1},{y1:.1} {bulge:.1},{y2:.1} {x2:.1},{y2:.1}"), bulge, (y1 + y2) / 2.0)
            };
            edges.push(Edge { from_table: from, to_table: to, path, labels: Vec::new(), label_x, label_y });
        }
    }
    attach_relationship_labels(report, &mut edges);
    edges
}

fn arrow(cardinality: Cardinality) -> &'static str {
    match cardinality {
        Cardinality::OneToMany => "1→many",
        Cardinality::ManyToOne => "many→1",
        Cardinality::OneToOne => "1→1",
        Cardinality::ManyToMany => "many↔many",
    }
}

/// Puts each relationship's name on the foreign-key edge it travels along: the edge between
/// the two models' tables, or for many-to-many the edges of the association table.
fn attach_relationship_labels(report: &SchemaReport, edges: &mut [Edge]) {
    let table_of = |model: &str| report.tables.iter().position(|t| t.model.as_deref() == Some(model));
    for relationship in &report.relationships {
        let label = format!("{}.{} {}", relationship.model, relationship.name, arrow(relationship.cardinality));
        let (Some(own), Some(target)) = (table_of(&relationship.model), table_of(&relationship.target)) else { continue };
        let secondary = relationship.secondary.as_deref().and_then(|s| report.tables.iter().position(|t| t.name == s));
        let edge = match secondary {
            Some(s) => edges.iter_mut().find(|e| e.from_table == s && e.to_table == own),
            None => edges.iter_mut().find(|e| (e.from_table, e.to_table) == (own, target) || (e.from_table, e.to_table) == (target, own)),
        };
        if let Some(edge) = edge {
            edge.labels.push(label);
        }
    }
}

#[cfg(test)]
mod tests;
