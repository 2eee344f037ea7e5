use super::*;
use crate::api::{ColumnInfo, RelationshipInfo};

fn column(name: &str, fk: Option<&str>) -> ColumnInfo {
    ColumnInfo {
        name: name.into(),
        sql_type: "INTEGER".into(),
        primary_key: name == "id",
        nullable: fk.is_some(),
        unique: false,
        foreign_key: fk.map(String::from),
    }
}

fn table(name: &str, model: Option<&str>, columns: Vec<ColumnInfo>) -> TableInfo {
    TableInfo { name: name.into(), model: model.map(String::from), columns }
}

fn relationship(model: &str, name: &str, target: &str, cardinality: Cardinality, secondary: Option<&str>) -> RelationshipInfo {
    RelationshipInfo { model: model.into(), name: name.into(), target: target.into(), cardinality, secondary: secondary.map(String::from) }
}

fn blog() -> SchemaReport {
    SchemaReport {
        tables: vec![
            table("user", Some("User"), vec![column("id", None)]),
            table("post", Some("Post"), vec![column("id", None), column("user_id", Some("user.id"))]),
            table("tag", Some("Tag"), vec![column("id", None)]),
            table("post_tags", None, vec![column("post_id", Some("post.id")), column("tag_id", Some("tag.id"))]),
            table("comment", Some("Comment"), vec![column("id", None), column("parent_id", Some("comment.id"))]),
        ],
        relationships: vec![
            relationship("User", "posts", "Post", Cardinality::OneToMany, None),
            relationship("Post", "author", "User", Cardinality::ManyToOne, None),
            relationship("Post", "tags", "Tag", Cardinality::ManyToMany, Some("post_tags")),
            relationship("Comment", "replies", "Comment", Cardinality::OneToMany, None),
        ],
        ..SchemaReport::default()
    }
}

#[test]
fn diagram_places_children_right_of_their_parents() {
    let layout = layout(&blog());
    let x = |i: usize| layout.boxes[i].x;
    assert!(x(1) > x(0), "post right of user");
    assert!(x(3) > x(1) && x(3) > x(2), "association table right of both ends");
    assert_eq!(x(4), x(0), "a self-reference does not move comment");
    assert!(layout.width >= layout.boxes.iter().map(|b| b.x + b.width).fold(0.0, f64::max));
}

#[test]
fn diagram_draws_one_edge_per_foreign_key_with_relationship_labels() {
    let layout = layout(&blog());
    assert_eq!(layout.edges.len(), 4);
    let labels = |from: usize, to: usize| layout.edges.iter().find(|e| (e.from_table, e.to_table) == (from, to)).map(|e| e.labels.clone()).unwrap_or_default();
    assert_eq!(labels(1, 0), ["User.posts 1→many", "Post.author many→1"]);
    assert_eq!(labels(3, 1), ["Post.tags many↔many"]);
    assert_eq!(labels(4, 4), ["Comment.replies 1→many"]);
    assert!(layout.edges.iter().all(|e| e.path.starts_with('M')));
}

#[test]
fn diagram_survives_dangling_foreign_keys_and_cycles() {
    let report = SchemaReport {
        tables: vec![
            table("a", Some("A"), vec![column("id", None), column("b_id", Some("b.id"))]),
            table("b", Some("B"), vec![column("id", None), column("a_id", Some("a.id"))]),
            table("c", None, vec![column("x", Some("missing.id")), column("y", Some("nodot"))]),
        ],
        ..SchemaReport::default()
    };
    let layout = layout(&report);
    assert_eq!(layout.boxes.len(), 3);
    assert_eq!(layout.edges.len(), 2, "dangling references draw nothing");
}

#[test]
fn diagram_column_labels_mark_keys_and_nullability_in_text() {
    let mut c = column("user_id", Some("user.id"));
    c.unique = true;
    assert_eq!(column_label(&c), "user_id  INTEGER?  FK UQ");
    assert_eq!(column_label(&column("id", None)), "id  INTEGER  PK");
}
