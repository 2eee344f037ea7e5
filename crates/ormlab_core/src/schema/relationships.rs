//! Relationships: their arguments read, validated the way `configure_mappers()` validates
//! them (target exists, secondary exists, a foreign key path exists, back_populates and backref
//! names fit), with SQLAlchemy's exception type and message, and their cardinality.

use super::build::{split_optional, Builder, ErrorStage, ModelError};
use super::model::{Relationship, RelationshipKind};
use crate::python::value::{LibraryCall, Value};
use std::rc::Rc;

/// A `relationship(...)` met in a class body, configured once every class exists.
pub(crate) struct PendingRelationship {
    pub(crate) model: String,
    pub(crate) name: String,
    pub(crate) call: Rc<LibraryCall>,
    /// The `X` of a `Mapped[X]` annotation.
    pub(crate) annotation: Option<Value>,
    pub(crate) range: (usize, usize),
}

fn error(kind: &str, message: String) -> ModelError {
    ModelError { kind: kind.into(), message, line: None, ddl_stage: ErrorStage::BeforeDdl }
}

impl Builder<'_> {
    /// The class of the `Table` a module-level name is bound to, as SQLAlchemy reprs it.
    fn global_table_kind(&self, name: &str) -> Option<&'static str> {
        self.table_globals.iter().find(|(global, _)| global == name).map(|(_, kind)| *kind)
    }

    fn table_of(&self, model: &str) -> Option<String> {
        self.mapped.iter().find(|m| m.class.name == model).map(|m| m.table.clone())
    }

    fn mapper_name(&self, model: &str) -> String {
        format!("Mapper[{model}({})]", self.table_of(model).unwrap_or_default())
    }

    /// Attribute names a mapped class has (columns and relationships, backrefs included).
    fn has_property(&self, model: &str, name: &str, relationships: &[Relationship]) -> bool {
        let declared = self.mapped.iter().find(|m| m.class.name == model).is_some_and(|m| {
            m.class.lookup(name).is_some_and(|v| matches!(&v, Value::Call(c) if matches!(&*c.callee, "sqlalchemy.Column" | "sqlalchemy.orm.mapped_column" | "sqlalchemy.orm.relationship")))
                || m.class.members.iter().any(|member| member.name == name && member.value.is_none() && member.annotation.is_some())
        });
        declared || relationships.iter().any(|r| r.model == model && r.name == name)
    }

    fn count_fks(&self, from: &str, to: &str) -> usize {
        let Some(table) = self.schema.table(from) else { return 0 };
        let mut pairs: Vec<(Vec<String>, Vec<String>)> =
            table.foreign_keys().filter(|fk| fk.target_table == to).map(|fk| (fk.columns.clone(), fk.target_columns.clone())).collect();
        pairs.dedup();
        pairs.len()
    }

    fn text_of(&self, value: Option<&Value>) -> Option<String> {
        value.map(|v| match v {
            Value::Str(text) => text.to_string(),
            Value::Call(call) => self.index.text(call.range).to_string(),
            Value::Lambda(lambda) => self.index.text((usize::from(lambda.range.start()), usize::from(lambda.range.end()))).to_string(),
            Value::List(items) | Value::Tuple(items) => {
                let parts: Vec<String> = items.iter().filter_map(|item| self.text_of(Some(item))).collect();
                format!("[{}]", parts.join(", "))
            }
            other => other.type_name().to_string(),
        })
    }

    /// The table holding the columns named by `foreign_keys=` / `remote_side=`, if it can tell.
    fn table_of_columns(&self, value: &Value) -> Option<String> {
        match value {
            Value::Call(call) => self.origins.iter().find(|o| Rc::ptr_eq(&o.call, call)).map(|o| o.table.clone()),
            Value::List(items) | Value::Tuple(items) => items.iter().find_map(|item| self.table_of_columns(item)),
            Value::Str(text) => {
                let text = text.trim().trim_start_matches('[').trim_end_matches(']');
                let first = text.split(',').next()?.trim();
                let (model, _) = first.split_once('.')?;
                self.table_of(model).or_else(|| self.schema.table(model).map(|t| t.name.clone()))
            }
            _ => None,
        }
    }
}

fn target_name(value: &Value) -> Option<String> {
    match value {
        Value::Str(name) => Some(name.rsplit('.').next().unwrap_or(name).to_string()),
        Value::Class(class) => Some(class.name.clone()),
        Value::Generic(generic) => generic.args.first().and_then(target_name),
        _ => None,
    }
}

/// Whether a `Mapped[...]` annotation says collection.
fn annotation_is_collection(annotation: &Value) -> bool {
    let (_, inner) = split_optional(annotation);
    matches!(inner, Some(Value::Generic(g)) if matches!(g.origin.library_name(), Some("builtins.list" | "typing.List" | "builtins.set" | "typing.Set")))
}

/// `relationship(cascade=...)` checks its options when it is created:
/// `ArgumentError`'s message for the unknown ones.
pub(crate) fn invalid_cascade(call: &LibraryCall) -> Option<String> {
    const ALLOWED: &[&str] = &["all", "none", "save-update", "merge", "expunge", "delete", "delete-orphan", "refresh-expire"];
    let Some(Value::Str(cascade)) = call.kwarg("cascade") else { return None };
    let mut unknown: Vec<&str> = cascade.split(',').map(str::trim).filter(|o| !o.is_empty() && !ALLOWED.contains(o)).collect();
    if unknown.is_empty() {
        return None;
    }
    unknown.sort_unstable();
    unknown.dedup();
    let quoted: Vec<String> = unknown.iter().map(|o| format!("'{o}'")).collect();
    Some(format!("Invalid cascade option(s): {}", quoted.join(", ")))
}

/// The `lazy=` loader strategies SQLAlchemy knows.
fn known_lazy(value: &Value) -> bool {
    match value {
        Value::Str(lazy) => matches!(&**lazy, "select" | "joined" | "subquery" | "selectin" | "raise" | "raise_on_sql" | "noload" | "immediate" | "dynamic" | "write_only"),
        Value::Bool(_) | Value::None => true,
        _ => true,
    }
}

/// Configures every pending relationship, as `configure_mappers()` does.
pub(crate) fn configure(builder: &mut Builder<'_>) -> Result<(), ModelError> {
    let pending = std::mem::take(&mut builder.pending);
    let mut done: Vec<Relationship> = Vec::new();
    for item in &pending {
        let call = &item.call;
        let parent_table = builder.table_of(&item.model).unwrap_or_default();
        let argument = call.args.first().or_else(|| call.kwarg("argument"));
        let target = match argument {
            Some(Value::Lambda(_)) => {
                builder.unsupported("a lambda as the relationship target", call.range);
                continue;
            }
            Some(value) => target_name(value),
            None => item.annotation.as_ref().and_then(|a| {
                let (_, inner) = split_optional(a);
                inner.as_ref().and_then(target_name)
            }),
        };
        let Some(target) = target else {
            builder.unsupported("this relationship target", call.range);
            continue;
        };
        if builder.mapped.iter().filter(|m| m.class.name == target).count() > 1 {
            return Err(error(
                "InvalidRequestError",
                format!("Multiple classes found for path \"{target}\" in the registry of this declarative base. Please use a fully module-qualified path."),
            ));
        }
        if let (None, Some(kind)) = (builder.table_of(&target), builder.global_table_kind(&target)) {
            return Err(error(
                "ArgumentError",
                format!("relationship '{}' expects a class or a mapper argument (received: <class '{kind}'>)", item.name),
            ));
        }
        let Some(target_table) = builder.table_of(&target) else {
            return Err(error(
                "InvalidRequestError",
                format!(
                    "When initializing mapper {}, expression '{target}' failed to locate a name ('{target}'). If this is a class name, consider adding this relationship() to the <class 'models.{}'> class after both dependent classes have been defined.",
                    builder.mapper_name(&item.model),
                    item.model
                ),
            ));
        };
        let secondary = match call.kwarg("secondary") {
            None | Some(Value::None) => None,
            Some(Value::Str(name)) => {
                if builder.schema.table(name).is_none() {
                    return Err(error(
                        "InvalidRequestError",
                        format!(
                            "When initializing mapper {}, expression '{name}' failed to locate a name (\"name '{name}' is not defined\"). If this is a class name, consider adding this relationship() to the <class 'models.{}'> class after both dependent classes have been defined.",
                            builder.mapper_name(&item.model),
                            item.model
                        ),
                    ));
                }
                Some(name.to_string())
            }
            Some(Value::Call(table)) if matches!(&*table.callee, "sqlalchemy.Table" | "flask_sqlalchemy.db.Table") => {
                table.args.first().and_then(Value::as_str).map(str::to_string)
            }
            Some(_) => {
                builder.unsupported("this secondary= (use the Table or its name)", call.range);
                None
            }
        };
        let explicit_join = call.kwarg("primaryjoin").is_some() || call.kwarg("foreign_keys").is_some();
        let uselist = call.kwarg("uselist").and_then(|v| if let Value::Bool(b) = v { Some(*b) } else { None });
        let scalar_annotation = item.annotation.as_ref().is_some_and(|a| !annotation_is_collection(a));
        let kind = if let Some(secondary) = &secondary {
            let to_parent = builder.count_fks(secondary, &parent_table);
            let to_target = builder.count_fks(secondary, &target_table);
            if (to_parent == 0 || to_target == 0) && call.kwarg("primaryjoin").is_none() {
                return Err(error(
                    "NoForeignKeysError",
                    format!(
                        "Could not determine join condition between parent/child tables on relationship {}.{} - there are no foreign keys linking these tables via secondary table '{secondary}'.  Ensure that referencing columns are associated with a ForeignKey or ForeignKeyConstraint, or specify 'primaryjoin' and 'secondaryjoin' expressions.",
                        item.model, item.name
                    ),
                ));
            }
            RelationshipKind::ManyToMany
        } else {
            let forward = builder.count_fks(&target_table, &parent_table);
            let backward = if target_table == parent_table { 0 } else { builder.count_fks(&parent_table, &target_table) };
            if !explicit_join {
                if forward + backward == 0 {
                    return Err(error(
                        "NoForeignKeysError",
                        format!(
                            "Could not determine join condition between parent/child tables on relationship {}.{} - there are no foreign keys linking these tables.  Ensure that referencing columns are associated with a ForeignKey or ForeignKeyConstraint, or specify a 'primaryjoin' expression.",
                            item.model, item.name
                        ),
                    ));
                }
                if forward + backward > 1 {
                    return Err(error(
                        "AmbiguousForeignKeysError",
                        format!(
                            "Could not determine join condition between parent/child tables on relationship {}.{} - there are multiple foreign key paths linking the tables.  Specify the 'foreign_keys' argument, providing a list of those columns which should be counted as containing a foreign key reference to the parent table.",
                            item.model, item.name
                        ),
                    ));
                }
            }
            let fk_table = call.kwarg("foreign_keys").and_then(|v| builder.table_of_columns(v));
            let many_to_one = if target_table == parent_table {
                call.kwarg("remote_side").is_some()
            } else if let Some(fk_table) = fk_table {
                fk_table == parent_table
            } else {
                forward == 0 && backward > 0
            };
            if many_to_one {
                RelationshipKind::ManyToOne
            } else if uselist == Some(false) || (uselist.is_none() && scalar_annotation) {
                RelationshipKind::OneToOne
            } else {
                RelationshipKind::OneToMany
            }
        };
        if let Some(lazy) = call.kwarg("lazy").filter(|v| !known_lazy(v)) {
            let shown = match lazy {
                Value::Str(text) => format!("'{text}'"),
                other => other.type_name().to_string(),
            };
            return Err(error("LoaderStrategyException", format!("Can't find strategy (('lazy', {shown}),) for {}.{}", item.model, item.name)));
        }
        let text = |key: &str| builder.text_of(call.kwarg(key));
        let backref = call.kwarg("backref").cloned();
        let (backref_name, backref_call) = match &backref {
            Some(Value::Str(name)) => (Some(name.to_string()), None),
            Some(Value::Call(inner)) if inner.is("sqlalchemy.orm.backref") => {
                (inner.args.first().and_then(Value::as_str).map(str::to_string), Some(inner.clone()))
            }
            _ => (None, None),
        };
        let relationship = Relationship {
            model: item.model.clone(),
            name: item.name.clone(),
            target: target.clone(),
            kind,
            secondary: secondary.clone(),
            back_populates: call.kwarg("back_populates").and_then(Value::as_str).map(str::to_string),
            backref: backref_name.clone(),
            from_backref: false,
            lazy: match call.kwarg("lazy") {
                Some(Value::Str(lazy)) => lazy.to_string(),
                Some(Value::Bool(true)) => "select".into(),
                Some(Value::Bool(false)) => "joined".into(),
                Some(Value::None) => "noload".into(),
                _ => "select".into(),
            },
            cascade: text("cascade"),
            passive_deletes: matches!(call.kwarg("passive_deletes"), Some(Value::Bool(true))),
            uselist,
            order_by: text("order_by"),
            foreign_keys: text("foreign_keys"),
            remote_side: text("remote_side"),
            line: builder.line(item.range),
        };
        if let Some(name) = &backref_name {
            if builder.has_property(&target, name, &done) {
                return Err(error(
                    "ArgumentError",
                    format!(
                        "Error creating backref '{name}' on relationship '{}.{}': property of that name exists on mapper '{}'",
                        item.model,
                        item.name,
                        builder.mapper_name(&target)
                    ),
                ));
            }
            let reverse_uselist = backref_call.as_ref().and_then(|c| c.kwarg("uselist")).and_then(|v| if let Value::Bool(b) = v { Some(*b) } else { None });
            let reverse_kind = match kind {
                RelationshipKind::ManyToMany => RelationshipKind::ManyToMany,
                RelationshipKind::OneToMany | RelationshipKind::OneToOne => RelationshipKind::ManyToOne,
                RelationshipKind::ManyToOne if reverse_uselist == Some(false) => RelationshipKind::OneToOne,
                RelationshipKind::ManyToOne => RelationshipKind::OneToMany,
            };
            let lazy = backref_call.as_ref().and_then(|c| c.kwarg("lazy")).and_then(Value::as_str).unwrap_or("select").to_string();
            done.push(relationship.clone());
            done.push(Relationship {
                model: target.clone(),
                name: name.clone(),
                target: item.model.clone(),
                kind: reverse_kind,
                secondary,
                back_populates: None,
                backref: None,
                from_backref: true,
                lazy,
                cascade: None,
                passive_deletes: matches!(backref_call.as_ref().and_then(|c| c.kwarg("passive_deletes")), Some(Value::Bool(true))),
                uselist: reverse_uselist,
                order_by: None,
                foreign_keys: None,
                remote_side: None,
                line: relationship.line,
            });
            continue;
        }
        done.push(relationship);
    }
    // back_populates partners must exist (checked once every backref exists).
    for relationship in &done {
        if let Some(partner) = &relationship.back_populates {
            let is_relationship = done.iter().any(|r| r.model == relationship.target && r.name == *partner)
                || builder.mapped.iter().any(|m| {
                    m.class.name == relationship.target && m.class.lookup(partner).is_some_and(|v| matches!(&v, Value::Call(c) if matches!(&*c.callee, "sqlalchemy.orm.relationship" | "sqlalchemy.orm.dynamic_loader")))
                });
            if !is_relationship && builder.has_property(&relationship.target, partner, &done) {
                return Err(error(
                    "InvalidRequestError",
                    format!(
                        "back_populates on relationship '{}.{}' refers to attribute '{}.{partner}' that is not a relationship.  The back_populates parameter should refer to the name of a relationship on the target class.",
                        relationship.model, relationship.name, relationship.target
                    ),
                ));
            }
            if !builder.has_property(&relationship.target, partner, &done) {
                return Err(error(
                    "InvalidRequestError",
                    format!(
                        "Mapper '{}' has no property '{partner}'.  If this property was indicated from other mappers or configure events, ensure registry.configure() has been called.",
                        builder.mapper_name(&relationship.target)
                    ),
                ));
            }
        }
    }
    // A many-to-one whose other side is scalar is one-to-one.
    let scalar_partners: Vec<(String, String)> = done
        .iter()
        .filter(|r| r.kind == RelationshipKind::OneToOne)
        .flat_map(|r| {
            let mut pairs = Vec::new();
            if let Some(partner) = &r.back_populates {
                pairs.push((r.target.clone(), partner.clone()));
            }
            if let Some(partner) = &r.backref {
                pairs.push((r.target.clone(), partner.clone()));
            }
            pairs
        })
        .collect();
    for relationship in done.iter_mut() {
        if relationship.kind == RelationshipKind::ManyToOne
            && scalar_partners.iter().any(|(model, name)| *model == relationship.model && *name == relationship.name)
        {
            relationship.kind = RelationshipKind::OneToOne;
        }
    }
    builder.schema.relationships = done;
    Ok(())
}
