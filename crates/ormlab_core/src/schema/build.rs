//! Evaluated models → [`Schema`], the way declarative mapping and `Table(...)` fill a
//! `MetaData`: tables in creation order, columns in attribute order, constraints in creation
//! order, and SQLAlchemy's exceptions (type and first message line) where it would raise.

use super::model::*;
use super::convention::{self, default_convention, Convention};
use super::naming::{camel_to_snake_case, quote, string_literal};
use super::relationships::{self, PendingRelationship};
use super::types::{self, SqlType};
use crate::diag::{Diagnostic, LineIndex, Severity, NOT_SUPPORTED};
use crate::python::eval::{Created, ModuleResult, Raised};
use crate::python::value::{ClassValue, LibraryCall, Value};
use std::rc::Rc;

/// An exception SQLAlchemy (or CPython) raises while the models are imported, configured or
/// created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// Exception class name.
    pub kind: String,
    /// First line of the message.
    pub message: String,
    /// 1-based models line, when the error is raised while models.py runs.
    pub line: Option<u32>,
    /// When the error is raised by `create_all`, how many DDL statements ran before it.
    pub ddl_stage: ErrorStage,
}

/// When an error is raised, which decides how much DDL was sent before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorStage {
    /// While models.py ran or mappers were configured: no DDL at all.
    BeforeDdl,
    /// While create_all sorted the tables: after the existence checks.
    SortingTables,
    /// While compiling the CREATE TABLE of this table (index into `Schema::tables`).
    CreatingTable(usize),
}

/// What building the schema produced.
#[derive(Debug, Default)]
pub struct Built {
    /// The schema (as far as it could be built).
    pub schema: Schema,
    /// Constructs ormlab does not support.
    pub diagnostics: Vec<Diagnostic>,
    /// The exception real SQLAlchemy would raise.
    pub error: Option<ModelError>,
}

/// Where a `Column` object ended up, so `ForeignKey(User.id)` can find it.
pub(crate) struct ColumnOrigin {
    pub(crate) call: Rc<LibraryCall>,
    pub(crate) table: String,
    pub(crate) column: String,
}

/// A column read from a `Column(...)` / `mapped_column(...)` call, before it joins its table.
pub(crate) struct BuiltColumn {
    pub(crate) column: Column,
    pub(crate) call: Rc<LibraryCall>,
    pub(crate) fks: Vec<Rc<LibraryCall>>,
    /// The type came from the `Mapped[]` annotation, so it was set on the Column after its
    /// `ForeignKey`s (its CHECK is created after theirs).
    pub(crate) type_after_fks: bool,
}

/// A mapped class.
pub(crate) struct Mapped {
    pub(crate) class: Rc<ClassValue>,
    pub(crate) table: String,
}

pub(crate) struct Builder<'a> {
    pub(crate) index: &'a LineIndex<'a>,
    pub(crate) schema: Schema,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) origins: Vec<ColumnOrigin>,
    pub(crate) mapped: Vec<Mapped>,
    pub(crate) pending: Vec<PendingRelationship>,
    /// Columns whose type comes from the column their foreign key references.
    untyped: Vec<(String, String)>,
    /// Names of the classes whose `class` statement has finished, in order (what a string
    /// annotation can be de-stringified to while a later class is mapped).
    defined: Vec<Rc<ClassValue>>,
    /// The `SQLAlchemy(...)` call `db` came from.
    db_call: Option<Rc<LibraryCall>>,
    /// The registry's `type_annotation_map` for the class being mapped.
    type_map: Vec<(Value, Value)>,
    /// The module's globals after it ran (what mapping-time calls see).
    globals: Vec<(String, Value)>,
    /// Module-level names bound to a `Table`, with the class SQLAlchemy reprs it as.
    pub(crate) table_globals: Vec<(String, &'static str)>,
}

/// Builds the schema from an evaluated module.
pub fn build(index: &LineIndex<'_>, module: &ModuleResult) -> Built {
    let mut builder = Builder {
        index,
        schema: Schema::default(),
        diagnostics: Vec::new(),
        origins: Vec::new(),
        mapped: Vec::new(),
        pending: Vec::new(),
        untyped: Vec::new(),
        defined: Vec::new(),
        db_call: module.db_call.clone(),
        globals: module.globals.clone(),
        type_map: Vec::new(),
        table_globals: module
            .globals
            .iter()
            .filter_map(|(name, value)| match value {
                Value::Call(call) if call.is("flask_sqlalchemy.db.Table") => Some((name.clone(), "flask_sqlalchemy.extension.SQLAlchemy._make_table_class.<locals>.Table")),
                Value::Call(call) if call.is("sqlalchemy.Table") => Some((name.clone(), "sqlalchemy.sql.schema.Table")),
                _ => None,
            })
            .collect(),
    };
    let error = builder.run(module);
    Built { schema: builder.schema, diagnostics: builder.diagnostics, error }
}

fn raised_error(index: &LineIndex<'_>, raised: &Raised) -> ModelError {
    ModelError {
        kind: raised.kind.clone(),
        message: raised.message.clone(),
        line: Some(index.position(raised.range.0).0),
        ddl_stage: ErrorStage::BeforeDdl,
    }
}

impl Builder<'_> {
    fn run(&mut self, module: &ModuleResult) -> Option<ModelError> {
        for created in &module.created {
            let result = match created {
                Created::Class(class) => {
                    let result = self.class(class);
                    self.defined.push(class.clone());
                    result
                }
                Created::Call(call) if call.is("sqlalchemy.Index") => self.standalone_index(call),
                Created::Call(call) => self.table_call(call),
            };
            if let Err(error) = result {
                return Some(error);
            }
        }
        if let Some(raised) = &module.raised {
            return Some(raised_error(self.index, raised));
        }
        self.resolve_untyped();
        if let Err(error) = relationships::configure(self) {
            return Some(error);
        }
        self.create_all_errors()
    }

    pub(crate) fn line(&self, range: (usize, usize)) -> u32 {
        self.index.position(range.0).0
    }

    /// A warning: the models run, but probably not as meant.
    fn warn(&mut self, what: &str, range: (usize, usize)) {
        let diagnostic = self.index.diagnostic(Severity::Warning, what, range);
        self.diagnostics.push(diagnostic);
    }

    /// Whether `class` is mapped into `db`'s metadata (a `db.Model`, or a class of the base
    /// given to `SQLAlchemy(model_class=...)`).
    fn in_db_metadata(&self, class: &ClassValue) -> bool {
        if class.derives_from_db_model() {
            return true;
        }
        let Some(db_base) = self.db_base() else { return false };
        class.ancestors().iter().any(|a| matches!(a, Value::Class(c) if Rc::ptr_eq(c, &db_base)))
    }

    pub(crate) fn unsupported(&mut self, what: &str, range: (usize, usize)) {
        let diagnostic = self.index.diagnostic(Severity::Error, format!("{NOT_SUPPORTED}{what}"), range);
        self.diagnostics.push(diagnostic);
    }

    fn class_error(&self, class: &ClassValue, kind: &str, message: String) -> ModelError {
        ModelError { kind: kind.into(), message, line: Some(self.line(class.range)), ddl_stage: ErrorStage::BeforeDdl }
    }

    /// The mapped class `class` inherits from, if any.
    fn mapped_parent(&self, class: &ClassValue) -> Option<usize> {
        class.bases.iter().find_map(|base| match base {
            Value::Class(parent) => self.mapped.iter().position(|m| Rc::ptr_eq(&m.class, parent)),
            _ => None,
        })
    }

    fn is_declarative_base(class: &ClassValue) -> bool {
        class.bases.iter().any(|b| matches!(b.library_name(), Some("sqlalchemy.orm.DeclarativeBase" | "sqlalchemy.orm.DeclarativeBaseNoMeta")))
    }

    fn is_mapped_style(class: &ClassValue) -> bool {
        class.derives_from_db_model()
            || class.ancestors().iter().any(|a| matches!(a, Value::Class(c) if Self::is_declarative_base(c)))
    }

    fn class(&mut self, class: &Rc<ClassValue>) -> Result<(), ModelError> {
        if !Self::is_mapped_style(class) || Self::is_declarative_base(class) {
            return Ok(());
        }
        if class.own("__abstract__").is_some_and(Value::truthy) {
            return Ok(());
        }
        self.type_map = self.type_map_of_class(class);
        let flask_model = class.derives_from_db_model();
        let parent = self.mapped_parent(class);
        let own_name = class.own("__tablename__").and_then(|v| v.as_str().map(str::to_string));
        let own_pk = class.members.iter().any(|m| {
            let annotated = m.annotation.as_ref().and_then(mapped_inner).and_then(|a| annotated_column(&a, m.value.as_ref().and_then(Value::as_call), m.range));
            annotated.as_deref().or(m.value.as_ref().and_then(Value::as_call)).is_some_and(|c| c.kwarg("primary_key").is_some_and(Value::truthy))
        });
        if let (Some(parent), None, false) = (parent, &own_name, own_pk) {
            // Single-table inheritance: the subclass's columns join the parent's table.
            let table = self.mapped.get(parent).map(|m| m.table.clone()).unwrap_or_default();
            let built = self.class_columns(class)?;
            if let Some(at) = self.schema.tables.iter().position(|t| t.name == table) {
                let mut parent_table = std::mem::take(&mut self.schema.tables[at]);
                self.fill_table(&mut parent_table, built, class.order << 16);
                let duplicate = duplicate_column(&parent_table);
                self.schema.tables[at] = parent_table;
                if let Some(message) = duplicate {
                    return Err(self.class_error(class, "DuplicateColumnError", message));
                }
            }
            self.mapped.push(Mapped { class: class.clone(), table });
            return Ok(());
        }
        let inherited_name = match class.lookup("__tablename__") {
            Some(Value::Str(name)) => Some(name.to_string()),
            Some(function @ Value::Function(_)) => {
                let mut member = crate::python::value::Member { name: "__tablename__".into(), value: Some(function), annotation: None, range: class.range };
                self.run_declared_attr(class, &mut member)?;
                member.value.as_ref().and_then(Value::as_str).map(str::to_string)
            }
            _ => None,
        };
        let name = match own_name.or(inherited_name) {
            Some(name) => name,
            None if flask_model => camel_to_snake_case(&class.name),
            None => {
                return Err(self.class_error(
                    class,
                    "InvalidRequestError",
                    format!(
                        "Class <class 'models.{}'> does not have a __table__ or __tablename__ specified and does not inherit from an existing table-mapped class.",
                        class.name
                    ),
                ))
            }
        };
        let line = self.line(class.range);
        let outside_db_metadata = !self.in_db_metadata(class);
        if outside_db_metadata {
            self.warn(
                &format!("{} is mapped by a declarative base that is not db's, so db.create_all() does not create its table (pass model_class= to SQLAlchemy())", class.name),
                class.range,
            );
        }
        let mut table = Table { name: name.clone(), model: Some(class.name.clone()), line, outside_db_metadata, ..Table::default() };
        let built_columns = self.class_columns(class)?;
        let base_order = class.order << 16;
        self.fill_table(&mut table, built_columns, base_order);
        let args = class.lookup("__table_args__");
        if let Some(args) = &args {
            self.table_args(&mut table, args, class.range)?;
        }
        let metadata = self.metadata_of_class(class);
        let tables = &self.schema.tables;
        if let Err(message) = convention::apply(&mut table, &convention_of(metadata.as_deref()), |name| tables.iter().any(|t| t.name == name)) {
            return Err(self.class_error(class, "NoReferencedTableError", message));
        }
        if let Some(message) = duplicate_column(&table) {
            return Err(self.class_error(class, "DuplicateColumnError", message));
        }
        if self.schema.table(&table.name).is_some() && !extends_existing(&args) {
            return Err(self.class_error(class, "InvalidRequestError", already_defined(&table.name)));
        }
        if table.primary_key.is_empty() {
            return Err(self.class_error(
                class,
                "ArgumentError",
                format!("Mapper Mapper[{}({})] could not assemble any primary key columns for mapped table '{}'", class.name, name, name),
            ));
        }
        self.mapped.push(Mapped { class: class.clone(), table: name });
        self.schema.tables.push(table);
        Ok(())
    }

    /// The columns a mapped class declares itself (and through its unmapped mixins), in
    /// declarative's scan order; its relationships are queued for configuration.
    fn class_columns(&mut self, class: &Rc<ClassValue>) -> Result<Vec<BuiltColumn>, ModelError> {
        let mut built_columns: Vec<BuiltColumn> = Vec::new();
        // The class's own attributes, then those of its mixins in base order (declarative
        // copies mixin columns after scanning the class itself); a name defined twice keeps
        // the first definition, as attribute lookup does.
        let mut members: Vec<_> = attribute_order(class);
        for base in class.ancestors() {
            if let Value::Class(mixin) = base {
                if !Self::is_mapped_style(&mixin) || mixin.own("__abstract__").is_some_and(Value::truthy) {
                    members.extend(attribute_order(&mixin));
                }
            }
        }
        let mut ordered: Vec<crate::python::value::Member> = Vec::new();
        for member in members {
            if !ordered.iter().any(|m| m.name == member.name) {
                ordered.push(member);
            }
        }
        for member in ordered.iter_mut() {
            self.run_declared_attr(class, member)?;
        }
        for member in &ordered {
            self.check_annotation_form(class, member)?;
            let annotation = member.annotation.as_ref().and_then(mapped_inner);
            let merged = annotation.as_ref().and_then(|a| annotated_column(a, member.value.as_ref().and_then(Value::as_call), member.range));
            let value = merged.map(Value::Call).or_else(|| member.value.clone());
            match &value {
                Some(Value::Call(call)) if is_column_call(call) => {
                    built_columns.push(self.column(call, Some(&member.name), annotation.as_ref(), class)?);
                }
                Some(Value::Call(call)) if is_relationship_call(call) => {
                    if let Some(message) = relationships::invalid_cascade(call) {
                        return Err(ModelError { kind: "ArgumentError".into(), message, line: Some(self.line(call.range)), ddl_stage: ErrorStage::BeforeDdl });
                    }
                    self.pending.push(PendingRelationship {
                        model: class.name.clone(),
                        name: member.name.clone(),
                        call: call.clone(),
                        annotation: annotation.clone(),
                        range: member.range,
                    });
                }
                None => {
                    if let Some(inner) = &annotation {
                        // Without relationship() an annotation is a column whose type the
                        // registry must find; a string in it is de-stringified first.
                        if let Some(missing) = self.undefined_string(inner) {
                            return Err(self.class_error(class, "NameError", format!("Could not de-stringify annotation '{missing}'")));
                        }
                        let synthetic = Rc::new(LibraryCall {
                            callee: Rc::from("sqlalchemy.orm.mapped_column"),
                            args: Vec::new(),
                            kwargs: Vec::new(),
                            order: 0,
                            range: member.range,
                        });
                        built_columns.push(self.column(&synthetic, Some(&member.name), Some(inner), class)?);
                    }
                }
                _ => {}
            }
        }
        Ok(built_columns)
    }

    /// `@declared_attr def owner_id(cls) -> Mapped[int]: return mapped_column(...)`: called
    /// with the mapped class, its result (and return annotation) become the attribute.
    fn run_declared_attr(&mut self, class: &Rc<ClassValue>, member: &mut crate::python::value::Member) -> Result<(), ModelError> {
        let Some(Value::Function(function)) = &member.value else { return Ok(()) };
        let declared = function.def.decorator_list.iter().any(|d| match &d.expression {
            ruff_python_ast::Expr::Name(name) => name.id.as_str() == "declared_attr",
            ruff_python_ast::Expr::Attribute(attribute) => attribute.attr.as_str() == "declared_attr" || matches!(attribute.value.as_ref(), ruff_python_ast::Expr::Name(n) if n.id.as_str() == "declared_attr"),
            _ => false,
        });
        if !declared {
            return Ok(());
        }
        let function = Value::Function(function.clone());
        let called = crate::python::eval::call_function(self.index.source(), &self.globals, &function, vec![Value::Class(class.clone())], class.order << 8);
        self.diagnostics.extend(called.diagnostics);
        match called.value {
            Ok(value) => {
                member.value = Some(value);
                if called.annotation.is_some() {
                    member.annotation = called.annotation;
                }
                Ok(())
            }
            Err(Some(raised)) => Err(raised_error(self.index, &raised)),
            Err(None) => {
                member.value = None;
                Ok(())
            }
        }
    }

    /// `x: int = mapped_column(...)`: an ORM construct under an annotation that is not
    /// `Mapped[]` is refused unless the class allows unmapped annotations.
    fn check_annotation_form(&self, class: &ClassValue, member: &crate::python::value::Member) -> Result<(), ModelError> {
        let Some(annotation) = &member.annotation else { return Ok(()) };
        let orm_construct = member.value.as_ref().and_then(Value::as_call).is_some_and(|c| c.is("sqlalchemy.orm.mapped_column") || is_relationship_call(c));
        let legacy_allowed = class.lookup("__allow_unmapped__").is_some_and(|v| v.truthy());
        let is_classvar = matches!(annotation, Value::Generic(g) if g.origin.library_name() == Some("typing.ClassVar"));
        if !orm_construct || legacy_allowed || is_classvar || matches!(annotation, Value::Str(_)) || mapped_inner(annotation).is_some() {
            return Ok(());
        }
        Err(self.class_error(
            class,
            "MappedAnnotationError",
            format!(
                "Type annotation for \"{}.{}\" can't be correctly interpreted for Annotated Declarative Table form.  ORM annotations should normally make use of the ``Mapped[]`` generic type, or other ORM-compatible generic type, as a container for the actual type, which indicates the intent that the attribute is mapped. Class variables that are not intended to be mapped by the ORM should use ClassVar[].  To allow Annotated Declarative to disregard legacy annotations which don't use Mapped[] to pass, set \"__allow_unmapped__ = True\" on the class or a superclass this class. (Background on this error at: https://sqlalche.me/e/20/zlpr)",
                class.name, member.name
            ),
        ))
    }

    /// An annotation with its strings replaced by the classes they name (SQLAlchemy
    /// de-stringifies `Mapped["Status"]` in the module's namespace).
    fn destringify(&self, annotation: &Value) -> Value {
        match annotation {
            Value::Str(name) => match self.defined.iter().rev().find(|d| d.name == **name) {
                Some(class) => Value::Class(class.clone()),
                None => annotation.clone(),
            },
            Value::Generic(generic) if generic.origin.library_name() != Some("typing.Literal") => Value::Generic(Rc::new(crate::python::value::Generic {
                origin: generic.origin.clone(),
                args: generic.args.iter().map(|arg| self.destringify(arg)).collect(),
            })),
            other => other.clone(),
        }
    }

    /// The first string inside an annotation that names no class defined so far.
    fn undefined_string(&self, annotation: &Value) -> Option<String> {
        match annotation {
            Value::Str(name) => (!self.defined.iter().any(|d| d.name == **name)).then(|| name.to_string()),
            Value::Generic(generic) if generic.origin.library_name() != Some("typing.Literal") => {
                generic.args.iter().find_map(|arg| self.undefined_string(arg))
            }
            _ => None,
        }
    }

    /// Adds built columns and their column-level constraints and indexes to `table`, in the
    /// order `Column._set_parent` and its table-attach events create them: UNIQUE, then the
    /// type's CHECK and the FOREIGN KEYs in the order they were attached to the column.
    fn fill_table(&mut self, table: &mut Table, mut columns: Vec<BuiltColumn>, base_order: u64) {
        columns.sort_by_key(|built| built.column.sort_order);
        let mut order = base_order;
        for BuiltColumn { mut column, call, fks, type_after_fks } in columns {
            if column.primary_key {
                table.primary_key.push(column.name.clone());
            }
            if column.index {
                table.indexes.push(Index {
                    name: format!("ix_{}_{}", table.name, column.name),
                    columns: vec![column.name.clone()],
                    unique: column.unique,
                    column_flag: true,
                    ..Index::default()
                });
            } else if column.unique {
                order += 1;
                table.constraints.push(Constraint { name: None, kind: ConstraintKind::Unique(vec![column.name.clone()]), order });
            }
            let type_check = column.type_check.take();
            let push_type_check = |table: &mut Table, order: &mut u64| {
                if let Some(check) = &type_check {
                    *order += 1;
                    table.constraints.push(Constraint { name: check.name.clone(), kind: ConstraintKind::Check(check.sql.clone()), order: *order });
                }
            };
            if !type_after_fks {
                push_type_check(table, &mut order);
            }
            for fk in fks {
                order += 1;
                if let Some(constraint) = self.foreign_key(&fk, vec![column.name.clone()], order) {
                    table.constraints.push(constraint);
                }
            }
            if type_after_fks {
                push_type_check(table, &mut order);
            }
            column.type_check = type_check;
            self.origins.push(ColumnOrigin { call, table: table.name.clone(), column: column.name.clone() });
            table.columns.push(column);
        }
    }

    fn foreign_key(&mut self, fk: &LibraryCall, columns: Vec<String>, order: u64) -> Option<Constraint> {
        let target = fk.args.first().or_else(|| fk.kwarg("column"))?;
        let (target_table, target_column) = self.column_reference(target, fk.range)?;
        let text = |name: &str| fk.kwarg(name).and_then(Value::as_str).map(str::to_string);
        let name = text("name");
        Some(Constraint {
            name: name.clone(),
            kind: ConstraintKind::ForeignKey(ForeignKeyConstraint {
                columns,
                target_table,
                target_columns: vec![target_column],
                ondelete: text("ondelete"),
                onupdate: text("onupdate"),
                name,
                deferrable: fk.kwarg("deferrable").map(Value::truthy),
                initially: text("initially"),
            }),
            order,
        })
    }

    /// `"table.column"` or a column object → (table, column).
    fn column_reference(&mut self, target: &Value, range: (usize, usize)) -> Option<(String, String)> {
        match target {
            Value::Str(spec) => match spec.rsplit_once('.') {
                Some((table, column)) => Some((table.to_string(), column.to_string())),
                None => {
                    self.unsupported("a ForeignKey target without a table name", range);
                    None
                }
            },
            Value::Call(call) => match self.origins.iter().find(|o| Rc::ptr_eq(&o.call, call)) {
                Some(origin) => Some((origin.table.clone(), origin.column.clone())),
                None => {
                    self.unsupported("this ForeignKey target (use a \"table.column\" string)", range);
                    None
                }
            },
            _ => {
                self.unsupported("this ForeignKey target (use a \"table.column\" string)", range);
                None
            }
        }
    }

    /// A `Column(...)` / `mapped_column(...)` call → the column and its `ForeignKey` objects.
    /// Positional arguments are read as `Column.__init__` reads them: a name string, then a
    /// type, then schema items only.
    fn column(
        &mut self,
        call: &Rc<LibraryCall>,
        attribute: Option<&str>,
        annotation: Option<&Value>,
        class: &ClassValue,
    ) -> Result<BuiltColumn, ModelError> {
        let mut name = call.kwarg("name").and_then(Value::as_str).map(str::to_string);
        let mut type_value: Option<&Value> = None;
        let mut fks = Vec::new();
        let mut checks = Vec::new();
        let mut args = call.args.iter().peekable();
        if let Some(Value::Str(text)) = args.peek() {
            name = Some(text.to_string());
            args.next();
        }
        if let Some(first) = args.peek() {
            if types::from_value(first).is_some() {
                type_value = args.next();
            }
        }
        for arg in args {
            match arg {
                Value::Call(inner) if inner.is("sqlalchemy.ForeignKey") => fks.push(inner.clone()),
                Value::Call(inner) if inner.is("sqlalchemy.CheckConstraint") => match check_text(inner) {
                    Some(sql) => checks.push(ColumnCheck { name: inner.kwarg("name").and_then(Value::as_str).map(str::to_string), sql }),
                    None => self.unsupported("a CheckConstraint that is not a SQL string", inner.range),
                },
                Value::Library(type_name) if types::from_value(arg).is_some() => {
                    let short = type_name.rsplit('.').next().unwrap_or(type_name);
                    return Err(ModelError {
                        kind: "ArgumentError".into(),
                        message: format!("'SchemaItem' object, such as a 'Column' or a 'Constraint' expected, got <class 'sqlalchemy.sql.sqltypes.{short}'>"),
                        line: Some(self.line(call.range)),
                        ddl_stage: ErrorStage::BeforeDdl,
                    });
                }
                _ => self.unsupported("this Column argument", call.range),
            }
        }
        if let Some(type_arg) = call.kwarg("type_") {
            if types::from_value(type_arg).is_some() {
                type_value = Some(type_arg);
            }
        }
        let mut sql_type: Option<SqlType> = match type_value.and_then(types::from_value) {
            Some(Ok(found)) => Some(found),
            Some(Err(what)) => {
                self.unsupported(&what, call.range);
                None
            }
            None => None,
        };
        if let (Some(Value::Call(enum_call)), Some(SqlType::Enum { values, .. })) = (type_value, sql_type.as_mut()) {
            if let Some(callable) = enum_call.kwarg("values_callable") {
                if let Some(stored) = self.enum_values_from_callable(callable, enum_call) {
                    *values = stored;
                }
            }
        }
        let (optional, python_type) = match annotation {
            Some(inner) => split_optional(inner),
            None => (false, None),
        };
        let mut type_after_fks = false;
        // A column with a ForeignKey and no type of its own takes the referenced column's
        // type, even under `Mapped[str]` (SQLAlchemy only asks the annotation when there is
        // no foreign key).
        if sql_type.is_none() && fks.is_empty() {
            if let Some(python_type) = &python_type.as_ref().map(|t| self.destringify(t)) {
                sql_type = self.python_type(python_type);
                type_after_fks = true;
                if sql_type.is_none() {
                    let attribute = attribute.unwrap_or("?");
                    return Err(self.class_error(
                        class,
                        "MappedAnnotationError",
                        format!(
                            "Could not locate SQLAlchemy Core type when resolving for Python type indicated by '{}' inside the Mapped[] annotation for the '{attribute}' attribute; the type object is not resolvable by the registry",
                            python_type_repr(python_type)
                        ),
                    ));
                }
            } else if call.is("sqlalchemy.orm.mapped_column") && annotation.is_none() {
                return Err(self.class_error(
                    class,
                    "ArgumentError",
                    format!(
                        "Python typing annotation is required for attribute \"{}.{}\" when primary argument(s) for \"MappedColumn\" construct are None or not present",
                        class.name,
                        attribute.unwrap_or("?")
                    ),
                ));
            }
        }
        let name = name.or_else(|| attribute.map(str::to_string)).unwrap_or_default();
        let type_check = match (type_value, &sql_type) {
            (Some(value), Some(sql_type)) => types::type_check(value, sql_type, &name),
            _ => None,
        };
        let untyped = sql_type.is_none();
        let flag = |key: &str| call.kwarg(key).map(Value::truthy);
        let primary_key = flag("primary_key").unwrap_or(false);
        let nullable = match call.kwarg("nullable") {
            Some(value) => value.truthy(),
            None if primary_key => false,
            None if annotation.is_some() => optional,
            None => true,
        };
        let column = Column {
            key: attribute.unwrap_or(&name).to_string(),
            name,
            sql_type: sql_type.unwrap_or(SqlType::Rendered { name: "NullType".into(), ddl: "NULL".into() }),
            nullable,
            primary_key,
            autoincrement: call.kwarg("autoincrement").and_then(|v| if let Value::Bool(b) = v { Some(*b) } else { None }),
            unique: flag("unique").unwrap_or(false),
            index: flag("index").unwrap_or(false),
            default: call.kwarg("default").or_else(|| call.kwarg("insert_default")).map(|v| self.source_of(v)),
            server_default: match call.kwarg("server_default") {
                Some(value) => self.server_default(value, call.range),
                None => None,
            },
            onupdate: call.kwarg("onupdate").map(|v| self.source_of(v)),
            comment: call.kwarg("comment").and_then(Value::as_str).map(str::to_string),
            checks,
            type_check,
            sort_order: match call.kwarg("sort_order") {
                Some(Value::Int(order)) => *order,
                _ => 0,
            },
        };
        if untyped && !fks.is_empty() {
            self.untyped.push((String::new(), column.name.clone()));
        }
        Ok(BuiltColumn { column, call: call.clone(), fks, type_after_fks })
    }

    /// `Enum(MyEnum, values_callable=lambda e: [m.value for m in e])`: the strings it stores.
    fn enum_values_from_callable(&mut self, callable: &Value, enum_call: &LibraryCall) -> Option<Vec<String>> {
        let class = enum_call.args.iter().find(|a| matches!(a, Value::Class(_)))?.clone();
        let called = crate::python::eval::call_function(self.index.source(), &self.globals, callable, vec![class], enum_call.order);
        self.diagnostics.extend(called.diagnostics);
        match called.value {
            Ok(result) => match result.as_sequence() {
                Some(items) => items.iter().map(|v| v.as_str().map(str::to_string)).collect(),
                None => {
                    self.unsupported("a values_callable that does not return a list of strings", enum_call.range);
                    None
                }
            },
            Err(_) => {
                self.unsupported("this values_callable", enum_call.range);
                None
            }
        }
    }

    /// The SQL type a Python type in `Mapped[...]` stands for.
    fn python_type(&self, python_type: &Value) -> Option<SqlType> {
        let mut candidates = vec![python_type.clone()];
        if let Value::Class(class) = python_type {
            candidates.extend(class.ancestors());
        }
        for candidate in &candidates {
            if let Some((_, sql_type)) = self.type_map.iter().find(|(key, _)| same_type_form(key, candidate)) {
                if let Some(Ok(found)) = types::from_value(sql_type) {
                    return Some(found);
                }
            }
        }
        types::from_python_type(python_type)
    }

    /// The `model_class=` given to `SQLAlchemy(...)`.
    fn db_base(&self) -> Option<Rc<ClassValue>> {
        match self.db_call.as_ref()?.kwarg("model_class")? {
            Value::Class(class) => Some(class.clone()),
            _ => None,
        }
    }

    /// The class whose attributes configure the registry and metadata `class` is mapped by.
    fn configuring_class(&self, class: &Rc<ClassValue>) -> Option<Rc<ClassValue>> {
        if class.derives_from_db_model() {
            self.db_base()
        } else {
            Some(class.clone())
        }
    }

    /// The `MetaData(...)` call of the metadata `class` is mapped into, if one was written.
    fn metadata_of_class(&self, class: &Rc<ClassValue>) -> Option<Rc<LibraryCall>> {
        if class.derives_from_db_model() {
            if let Some(Value::Call(metadata)) = self.db_call.as_ref().and_then(|c| c.kwarg("metadata")) {
                return Some(metadata.clone());
            }
        }
        match self.configuring_class(class)?.lookup("metadata")? {
            Value::Call(call) if call.is("sqlalchemy.MetaData") => Some(call),
            _ => None,
        }
    }

    /// `db`'s own `MetaData(...)`, for `db.Table(...)` and `db.metadata`.
    fn db_metadata(&self) -> Option<Rc<LibraryCall>> {
        if let Some(Value::Call(metadata)) = self.db_call.as_ref().and_then(|c| c.kwarg("metadata")) {
            return Some(metadata.clone());
        }
        match self.db_base()?.lookup("metadata")? {
            Value::Call(call) if call.is("sqlalchemy.MetaData") => Some(call),
            _ => None,
        }
    }

    /// The registry's `type_annotation_map` (`registry = registry(type_annotation_map=...)` or
    /// `type_annotation_map = {...}` on the declarative base).
    fn type_map_of_class(&self, class: &Rc<ClassValue>) -> Vec<(Value, Value)> {
        let Some(source) = self.configuring_class(class) else { return Vec::new() };
        let map = match source.lookup("registry") {
            Some(Value::Call(registry)) if registry.is("sqlalchemy.orm.registry") => registry.kwarg("type_annotation_map").cloned(),
            _ => source.lookup("type_annotation_map"),
        };
        match map {
            Some(Value::Dict(items)) => items.to_vec(),
            _ => Vec::new(),
        }
    }

    fn source_of(&self, value: &Value) -> String {
        match value {
            Value::Call(call) => self.index.text(call.range).to_string(),
            Value::Str(text) => string_literal(text),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format!("{f:?}"),
            Value::Bool(b) => if *b { "True".into() } else { "False".into() },
            Value::None => "None".into(),
            Value::Library(name) => name.to_string(),
            Value::Function(function) => function.name.clone(),
            Value::Lambda(lambda) => self.index.text((usize::from(lambda.range.start()), usize::from(lambda.range.end()))).to_string(),
            Value::EnumMember(class, member) => format!("{}.{member}", class.name),
            other => other.type_name().to_string(),
        }
    }

    /// The body of the DEFAULT clause SQLAlchemy renders for a `server_default`.
    fn server_default(&mut self, value: &Value, range: (usize, usize)) -> Option<String> {
        let rendered = match value {
            Value::Str(text) => string_literal(text),
            Value::Call(call) if call.is("sqlalchemy.text") => call.args.first().and_then(Value::as_str)?.to_string(),
            Value::Call(call) if call.callee.starts_with("sqlalchemy.func.") => {
                let function = call.callee.trim_start_matches("sqlalchemy.func.");
                match function.to_ascii_lowercase().as_str() {
                    "now" | "current_timestamp" => "CURRENT_TIMESTAMP".to_string(),
                    "current_date" => "CURRENT_DATE".to_string(),
                    "current_time" => "CURRENT_TIME".to_string(),
                    _ => {
                        self.unsupported(&format!("server_default=func.{function}()"), call.range);
                        return None;
                    }
                }
            }
            Value::Call(call) if call.is("sqlalchemy.true") => "1".to_string(),
            Value::Call(call) if call.is("sqlalchemy.false") => "0".to_string(),
            _ => {
                self.unsupported("this server_default (use a string, text() or func.now())", range);
                return None;
            }
        };
        // SQLite's compiler parenthesises an expression default that is not a literal.
        let starts_quoted = rendered.trim_start().starts_with(['\'', '"', '(']);
        let has_non_word = rendered.chars().any(|c| !(c.is_alphanumeric() || c == '_'));
        Some(if !starts_quoted && has_non_word { format!("({rendered})") } else { rendered })
    }

    fn resolve_untyped(&mut self) {
        // A column declared with only a ForeignKey takes the referenced column's type.
        for table_index in 0..self.schema.tables.len() {
            let Some(table) = self.schema.tables.get(table_index) else { continue };
            let mut updates = Vec::new();
            for (column_index, column) in table.columns.iter().enumerate() {
                if column.sql_type.ddl() != "NULL" {
                    continue;
                }
                let target = table.foreign_keys().find(|fk| fk.columns.contains(&column.name)).and_then(|fk| {
                    let target = self.schema.table(&fk.target_table)?;
                    target.column(fk.target_columns.first()?).map(|c| c.sql_type.clone())
                });
                if let Some(sql_type) = target {
                    updates.push((column_index, sql_type));
                }
            }
            if let Some(table) = self.schema.tables.get_mut(table_index) {
                for (column_index, sql_type) in updates {
                    if let Some(column) = table.columns.get_mut(column_index) {
                        column.sql_type = sql_type;
                    }
                }
            }
        }
    }

    fn table_args(&mut self, table: &mut Table, args: &Value, range: (usize, usize)) -> Result<(), ModelError> {
        let items: Vec<Value> = match args {
            Value::Dict(_) => vec![args.clone()],
            Value::Tuple(items) => items.to_vec(),
            _ => {
                self.unsupported("__table_args__ that is not a tuple or dict", range);
                return Ok(());
            }
        };
        for item in &items {
            match item {
                Value::Dict(options) => self.table_options(table, options),
                Value::Call(call) => self.table_item(table, call)?,
                _ => self.unsupported("this __table_args__ item", range),
            }
        }
        Ok(())
    }

    fn table_options(&mut self, table: &mut Table, options: &[(Value, Value)]) {
        for (key, value) in options {
            match key.as_str() {
                Some("sqlite_autoincrement") => table.sqlite_autoincrement = value.truthy(),
                Some("comment" | "info" | "extend_existing" | "keep_existing" | "schema") if !matches!(key.as_str(), Some("schema")) => {}
                Some(other) => {
                    let range = (0, 0);
                    self.unsupported(&format!("the table option {other}"), range);
                }
                None => {}
            }
        }
    }

    /// A constraint or index given to a table (in `__table_args__` or `Table(...)`).
    fn table_item(&mut self, table: &mut Table, call: &LibraryCall) -> Result<(), ModelError> {
        let order = call.order << 16;
        let name = call.kwarg("name").and_then(Value::as_str).map(str::to_string);
        let column_names = |builder: &mut Self, values: &[Value]| -> Vec<String> {
            values
                .iter()
                .filter_map(|v| match v {
                    Value::Str(name) => Some(name.to_string()),
                    Value::Call(column) => builder.origins.iter().find(|o| Rc::ptr_eq(&o.call, column)).map(|o| o.column.clone()),
                    _ => None,
                })
                .collect()
        };
        match &*call.callee {
            "sqlalchemy.UniqueConstraint" | "sqlalchemy.PrimaryKeyConstraint" => {
                let columns = column_names(self, &call.args);
                for column in &columns {
                    if table.column(column).is_none() {
                        let kind = call.callee.trim_start_matches("sqlalchemy.");
                        return Err(ModelError {
                            kind: "ConstraintColumnNotFoundError".into(),
                            message: format!("Can't create {kind} on table '{}': no column named '{column}' is present.", table.name),
                            line: Some(table.line),
                            ddl_stage: ErrorStage::BeforeDdl,
                        });
                    }
                }
                if call.is("sqlalchemy.PrimaryKeyConstraint") {
                    for column in table.columns.iter_mut() {
                        if columns.contains(&column.name) {
                            column.primary_key = true;
                            if call.kwarg("nullable").is_none() {
                                column.nullable = false;
                            }
                        }
                    }
                    table.primary_key = columns;
                    table.primary_key_name = name;
                } else {
                    table.constraints.push(Constraint { name, kind: ConstraintKind::Unique(columns), order });
                }
            }
            "sqlalchemy.CheckConstraint" => {
                let text = match check_text(call) {
                    Some(text) => text,
                    None => {
                        self.unsupported("a CheckConstraint that is not a SQL string", call.range);
                        return Ok(());
                    }
                };
                table.constraints.push(Constraint { name, kind: ConstraintKind::Check(text), order });
            }
            "sqlalchemy.ForeignKeyConstraint" => {
                let local = call.args.first().and_then(Value::as_sequence).map(|v| column_names(self, v)).unwrap_or_default();
                let remote: Vec<(String, String)> = call
                    .args
                    .get(1)
                    .and_then(Value::as_sequence)
                    .map(|values| values.iter().filter_map(|v| self.column_reference(v, call.range)).collect())
                    .unwrap_or_default();
                let Some((target_table, _)) = remote.first().cloned() else {
                    self.unsupported("this ForeignKeyConstraint", call.range);
                    return Ok(());
                };
                let text = |key: &str| call.kwarg(key).and_then(Value::as_str).map(str::to_string);
                table.constraints.push(Constraint {
                    name: name.clone(),
                    kind: ConstraintKind::ForeignKey(ForeignKeyConstraint {
                        columns: local,
                        target_table,
                        target_columns: remote.into_iter().map(|(_, c)| c).collect(),
                        ondelete: text("ondelete"),
                        onupdate: text("onupdate"),
                        name,
                        deferrable: call.kwarg("deferrable").map(Value::truthy),
                        initially: text("initially"),
                    }),
                    order,
                });
            }
            "sqlalchemy.Index" => {
                let index_name = call.args.first().and_then(Value::as_str).map(str::to_string);
                let mut index = Index {
                    column_flag: index_name.is_none(),
                    name: index_name.unwrap_or_default(),
                    unique: call.kwarg("unique").is_some_and(Value::truthy),
                    ..Index::default()
                };
                for arg in call.args.get(1..).unwrap_or(&[]) {
                    let (entry, expression) = match arg {
                        Value::Str(name) => (name.to_string(), false),
                        other => match self.ddl_expression(other) {
                            Some((_, _, Some(column))) => (column, false),
                            Some((sql, _, None)) => (sql, true),
                            None => {
                                self.unsupported("this Index argument", call.range);
                                return Ok(());
                            }
                        },
                    };
                    if !expression && table.column(&entry).is_none() {
                        return Err(ModelError {
                            kind: "ConstraintColumnNotFoundError".into(),
                            message: format!("Can't create Index on table '{}': no column named '{entry}' is present.", table.name),
                            line: Some(table.line),
                            ddl_stage: ErrorStage::BeforeDdl,
                        });
                    }
                    index.columns.push(entry);
                    index.expressions.push(expression);
                }
                if let Some(condition) = call.kwarg("sqlite_where") {
                    index.where_sql = self.ddl_expression(condition).map(|(sql, _, _)| sql);
                }
                table.indexes.push(index);
            }
            other => self.unsupported(&format!("{} in table arguments", other.trim_start_matches("sqlalchemy.")), call.range),
        }
        Ok(())
    }

    /// `Table("name", metadata, Column(...), ..., **options)` / `db.Table("name", ...)`.
    fn table_call(&mut self, call: &Rc<LibraryCall>) -> Result<(), ModelError> {
        let Some(name) = call.args.first().and_then(Value::as_str).map(str::to_string) else {
            self.unsupported("a Table without a name string first", call.range);
            return Ok(());
        };
        let line = self.line(call.range);
        let mut table = Table { name: name.clone(), model: None, line, ..Table::default() };
        let mut columns = Vec::new();
        let mut items = Vec::new();
        let dummy = ClassValue { name: name.clone(), bases: Vec::new(), keywords: Vec::new(), members: Vec::new(), range: call.range, order: call.order };
        let mut own_metadata = None;
        for arg in call.args.iter().skip(1) {
            match arg {
                Value::Library(metadata) if metadata.ends_with("metadata") || metadata.ends_with("MetaData") => {
                    // `Base.metadata` of a base that is not db's.
                    if let Some(base) = metadata.strip_prefix("models.").and_then(|m| m.strip_suffix(".metadata")) {
                        table.outside_db_metadata = self.db_base().is_none_or(|db_base| db_base.name != base);
                    }
                }
                Value::Call(metadata) if metadata.is("sqlalchemy.MetaData") => {
                    let db_metadata = self.db_metadata();
                    table.outside_db_metadata = db_metadata.is_none_or(|m| !Rc::ptr_eq(&m, metadata));
                    own_metadata = Some(metadata.clone());
                }
                Value::Call(column) if is_column_call(column) => {
                    columns.push(self.column(column, None, None, &dummy)?);
                }
                Value::Call(item) => items.push(item.clone()),
                _ => self.unsupported("this Table argument", call.range),
            }
        }
        self.fill_table(&mut table, columns, call.order << 16);
        for item in items {
            self.table_item(&mut table, &item)?;
        }
        let options: Vec<(Value, Value)> = call.kwargs.iter().map(|(k, v)| (Value::str(k), v.clone())).collect();
        self.table_options(&mut table, &options);
        let metadata = own_metadata.or_else(|| self.db_metadata());
        let error = |kind: &str, message: String| ModelError { kind: kind.into(), message, line: Some(line), ddl_stage: ErrorStage::BeforeDdl };
        let tables = &self.schema.tables;
        if let Err(message) = convention::apply(&mut table, &convention_of(metadata.as_deref()), |name| tables.iter().any(|t| t.name == name)) {
            return Err(error("NoReferencedTableError", message));
        }
        if let Some(message) = duplicate_column(&table) {
            return Err(error("DuplicateColumnError", message));
        }
        if self.schema.table(&table.name).is_some() && !call.kwarg("extend_existing").is_some_and(Value::truthy) {
            return Err(error("InvalidRequestError", already_defined(&table.name)));
        }
        self.schema.tables.push(table);
        Ok(())
    }

    /// `Index("name", Model.col, func.lower(Model.col), sqlite_where=...)` outside a class:
    /// it joins the table of the columns it names.
    fn standalone_index(&mut self, call: &Rc<LibraryCall>) -> Result<(), ModelError> {
        let name = call.args.first().and_then(Value::as_str).map(str::to_string).unwrap_or_default();
        let mut table_name = None;
        let mut index = Index { name, unique: call.kwarg("unique").is_some_and(Value::truthy), ..Index::default() };
        for arg in call.args.iter().skip(1) {
            let Some((sql, table, plain_column)) = self.ddl_expression(arg) else {
                self.unsupported("this Index argument (use Model.column or func.f(Model.column))", call.range);
                return Ok(());
            };
            table_name = table_name.or(table);
            index.expressions.push(plain_column.is_none());
            index.columns.push(plain_column.unwrap_or(sql));
        }
        if let Some(condition) = call.kwarg("sqlite_where") {
            match self.ddl_expression(condition) {
                Some((sql, table, _)) => {
                    table_name = table_name.or(table);
                    index.where_sql = Some(sql);
                }
                None => {
                    self.unsupported("this sqlite_where condition", call.range);
                    return Ok(());
                }
            }
        }
        if let Some(table) = table_name.and_then(|t| self.schema.tables.iter_mut().find(|x| x.name == t)) {
            table.indexes.push(index);
        }
        Ok(())
    }

    /// A SQL expression as DDL renders it (columns without their table, literals inline):
    /// (sql, the table of its columns, the column name when it is a bare column).
    fn ddl_expression(&self, value: &Value) -> Option<(String, Option<String>, Option<String>)> {
        let literal = |value: &Value| -> Option<String> {
            Some(match value {
                Value::Str(text) => string_literal(text),
                Value::Int(i) => i.to_string(),
                Value::Float(f) => format!("{f:?}"),
                Value::Bool(b) => if *b { "1".into() } else { "0".into() },
                _ => return None,
            })
        };
        let Value::Call(call) = value else { return literal(value).map(|sql| (sql, None, None)) };
        if let Some(origin) = self.origins.iter().find(|o| Rc::ptr_eq(&o.call, call)) {
            return Some((quote(&origin.column), Some(origin.table.clone()), Some(origin.column.clone())));
        }
        if call.is("sqlalchemy.text") {
            return call.args.first().and_then(Value::as_str).map(|sql| (sql.to_string(), None, None));
        }
        let operands = |builder: &Self| -> Option<(Vec<String>, Option<String>)> {
            let mut table = None;
            let mut parts = Vec::new();
            for arg in &call.args {
                let (sql, from, _) = builder.ddl_expression(arg)?;
                table = table.or(from);
                parts.push(sql);
            }
            Some((parts, table))
        };
        if let Some(function) = call.callee.strip_prefix("sqlalchemy.func.") {
            let (parts, table) = operands(self)?;
            return Some((format!("{function}({})", parts.join(", ")), table, None));
        }
        let method = call.callee.strip_prefix("method.").or_else(|| call.callee.strip_prefix("sqlalchemy.sql.operators."))?;
        let (first, rest) = call.args.split_first()?;
        let (left, table, _) = self.ddl_expression(first)?;
        let null_test = matches!(rest, [Value::None]);
        let sql = match (method, null_test) {
            ("isnot" | "is_not", true) | ("ne", true) => format!("{left} IS NOT NULL"),
            ("is_", true) | ("eq", true) => format!("{left} IS NULL"),
            ("desc" | "asc", _) if rest.is_empty() => format!("{left} {}", method.to_uppercase()),
            (op, false) => {
                let symbol = match op {
                    "eq" => "=",
                    "ne" => "!=",
                    "lt" => "<",
                    "le" => "<=",
                    "gt" => ">",
                    "ge" => ">=",
                    _ => return None,
                };
                let (right, _, _) = self.ddl_expression(rest.first()?)?;
                format!("{left} {symbol} {right}")
            }
            _ => return None,
        };
        Some((sql, table, None))
    }

    /// Errors `create_all` raises: foreign keys to tables or columns that do not exist.
    fn create_all_errors(&self) -> Option<ModelError> {
        for table in &self.schema.tables {
            for fk in table.foreign_keys() {
                if self.schema.table(&fk.target_table).is_none() {
                    let column = fk.columns.first().cloned().unwrap_or_default();
                    let target_column = fk.target_columns.first().cloned().unwrap_or_default();
                    return Some(ModelError {
                        kind: "NoReferencedTableError".into(),
                        message: format!(
                            "Foreign key associated with column '{}.{column}' could not find table '{}' with which to generate a foreign key to target column '{target_column}'",
                            table.name, fk.target_table
                        ),
                        line: None,
                        ddl_stage: ErrorStage::SortingTables,
                    });
                }
            }
        }
        for table in &self.schema.tables {
            for fk in table.foreign_keys() {
                let Some(target) = self.schema.table(&fk.target_table) else { continue };
                for target_column in &fk.target_columns {
                    if target.column(target_column).is_none() {
                        return Some(ModelError {
                            kind: "NoReferencedColumnError".into(),
                            message: format!(
                                "Could not initialize target column for ForeignKey '{}.{target_column}' on table '{}': table '{}' has no column named '{target_column}'",
                                fk.target_table, table.name, fk.target_table
                            ),
                            line: None,
                            // Raised while create_all sorts the tables by dependency.
                            ddl_stage: ErrorStage::SortingTables,
                        });
                    }
                }
            }
        }
        None
    }
}

/// A class body's attribute names in the order declarative scans them: SQLAlchemy's
/// `merge_lists_w_ordering(vars(cls), cls.__annotations__)`, so annotation-only names can
/// come before plain assignments that precede them in the source.
fn attribute_order(class: &ClassValue) -> Vec<crate::python::value::Member> {
    let assigned: Vec<&str> = class.members.iter().filter(|m| m.value.is_some()).map(|m| m.name.as_str()).collect();
    let annotated: Vec<&str> = class.members.iter().filter(|m| m.annotation.is_some()).map(|m| m.name.as_str()).collect();
    let mut overlap: Vec<&str> = assigned.iter().copied().filter(|n| annotated.contains(n)).collect();
    let mut names: Vec<&str> = Vec::new();
    let (mut current, mut other) = (assigned.into_iter(), annotated.into_iter());
    loop {
        match current.next() {
            Some(name) => match overlap.iter().position(|o| *o == name) {
                Some(at) => {
                    overlap.remove(at);
                    std::mem::swap(&mut current, &mut other);
                }
                None => names.push(name),
            },
            None => {
                names.extend(other);
                break;
            }
        }
    }
    let mut out: Vec<crate::python::value::Member> = Vec::new();
    for name in names {
        if out.iter().any(|m| m.name == name) {
            continue;
        }
        if let Some(member) = class.members.iter().find(|m| m.name == name) {
            out.push(member.clone());
        }
    }
    out
}

/// `DuplicateColumnError`'s message when two columns of `table` share a name.
fn duplicate_column(table: &Table) -> Option<String> {
    table.columns.iter().enumerate().find_map(|(at, column)| {
        table.columns[..at]
            .iter()
            .any(|earlier| earlier.name == column.name)
            .then(|| format!("A column with name '{}' is already present in table '{}'.", column.name, table.name))
    })
}

fn already_defined(table: &str) -> String {
    format!("Table '{table}' is already defined for this MetaData instance.  Specify 'extend_existing=True' to redefine options and columns on an existing Table object.")
}

/// `__table_args__` asking to extend a table defined earlier.
fn extends_existing(args: &Option<Value>) -> bool {
    let dict = match args {
        Some(Value::Dict(items)) => Some(items.clone()),
        Some(Value::Tuple(items)) => match items.last() {
            Some(Value::Dict(items)) => Some(items.clone()),
            _ => None,
        },
        _ => None,
    };
    dict.is_some_and(|items| items.iter().any(|(k, v)| matches!(k.as_str(), Some("extend_existing" | "keep_existing")) && v.truthy()))
}

/// The naming convention of a `MetaData(naming_convention={...})` call (the default one
/// when none was written).
fn convention_of(metadata: Option<&LibraryCall>) -> Convention {
    let mut convention = default_convention();
    if let Some(Value::Dict(items)) = metadata.and_then(|m| m.kwarg("naming_convention")) {
        for (key, value) in items.iter() {
            if let (Some(key), Some(value)) = (key.as_str(), value.as_str()) {
                convention.push((key.to_string(), value.to_string()));
            }
        }
    }
    convention
}

/// Whether two Python type forms are the same key of a `type_annotation_map`.
fn same_type_form(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Library(x), Value::Library(y)) => x == y,
        (Value::Class(x), Value::Class(y)) => Rc::ptr_eq(x, y),
        (Value::Generic(x), Value::Generic(y)) => {
            same_type_form(&x.origin, &y.origin) && x.args.len() == y.args.len() && x.args.iter().zip(&y.args).all(|(p, q)| same_type_form(p, q))
        }
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::None, Value::None) => true,
        _ => false,
    }
}

/// The SQL of `CheckConstraint("...")` / `CheckConstraint(text("..."))`.
fn check_text(call: &LibraryCall) -> Option<String> {
    match call.args.first().or_else(|| call.kwarg("sqltext")) {
        Some(Value::Str(text)) => Some(text.to_string()),
        Some(Value::Call(text)) if text.is("sqlalchemy.text") => text.args.first().and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

fn is_column_call(call: &LibraryCall) -> bool {
    matches!(&*call.callee, "sqlalchemy.Column" | "sqlalchemy.orm.mapped_column")
}

fn is_relationship_call(call: &LibraryCall) -> bool {
    matches!(&*call.callee, "sqlalchemy.orm.relationship" | "sqlalchemy.orm.dynamic_loader")
}

/// The `X` of `Mapped[X]` (also `WriteOnlyMapped`, `DynamicMapped`).
pub(crate) fn mapped_inner(annotation: &Value) -> Option<Value> {
    if let Value::Generic(generic) = annotation {
        if matches!(generic.origin.library_name(), Some("sqlalchemy.orm.Mapped" | "sqlalchemy.orm.WriteOnlyMapped" | "sqlalchemy.orm.DynamicMapped")) {
            return generic.args.first().cloned();
        }
    }
    None
}

/// `Mapped[Annotated[T, mapped_column(...)]]` (often through an alias such as `intpk`): the
/// annotation's `mapped_column` merged under the explicit one, as SQLAlchemy merges them.
fn annotated_column(inner: &Value, explicit: Option<&LibraryCall>, range: (usize, usize)) -> Option<Rc<LibraryCall>> {
    let (_, unwrapped) = split_optional_keep_annotated(inner);
    let Value::Generic(generic) = unwrapped? else { return None };
    if generic.origin.library_name() != Some("typing.Annotated") {
        return None;
    }
    let from_annotation = generic.args.iter().skip(1).find_map(|a| a.as_call().filter(|c| c.is("sqlalchemy.orm.mapped_column")))?;
    if let Some(explicit) = explicit {
        if !explicit.is("sqlalchemy.orm.mapped_column") {
            return None;
        }
    }
    let mut args = from_annotation.args.clone();
    let mut kwargs = from_annotation.kwargs.clone();
    if let Some(explicit) = explicit {
        if !explicit.args.is_empty() {
            args = explicit.args.clone();
        }
        for (key, value) in &explicit.kwargs {
            kwargs.retain(|(k, _)| k != key);
            kwargs.push((key.clone(), value.clone()));
        }
    }
    Some(Rc::new(LibraryCall {
        callee: Rc::from("sqlalchemy.orm.mapped_column"),
        args,
        kwargs,
        order: explicit.map_or(from_annotation.order, |e| e.order),
        range: explicit.map_or(range, |e| e.range),
    }))
}

/// Like [`split_optional`] but stops at `Annotated[...]` instead of unwrapping it.
fn split_optional_keep_annotated(value: &Value) -> (bool, Option<Value>) {
    if let Value::Generic(generic) = value {
        if generic.origin.library_name() == Some("typing.Optional") {
            return (true, generic.args.first().cloned());
        }
    }
    (false, Some(value.clone()))
}

/// `Optional[X]`, `X | None`, `Union[X, None]` → (true, X); anything else → (false, it).
pub(crate) fn split_optional(value: &Value) -> (bool, Option<Value>) {
    if let Value::Generic(generic) = value {
        match generic.origin.library_name() {
            Some("typing.Optional") => return (true, generic.args.first().and_then(|inner| split_optional(inner).1)),
            Some("typing.Union") => {
                let others: Vec<&Value> = generic.args.iter().filter(|a| !matches!(a, Value::None)).collect();
                let optional = others.len() < generic.args.len();
                if let [single] = others.as_slice() {
                    let (inner_optional, inner) = split_optional(single);
                    return (optional || inner_optional, inner);
                }
                return (optional, Some(value.clone()));
            }
            Some("typing.Annotated") => {
                return generic.args.first().map_or((false, None), split_optional);
            }
            _ => {}
        }
    }
    (false, Some(value.clone()))
}

fn python_type_repr(value: &Value) -> String {
    match value {
        Value::Library(name) => match name.strip_prefix("builtins.") {
            Some(builtin) => format!("<class '{builtin}'>"),
            None => format!("<class '{name}'>"),
        },
        Value::Generic(generic) => {
            let origin = match generic.origin.library_name() {
                Some(name) => name.strip_prefix("builtins.").unwrap_or(name).to_string(),
                None => "?".into(),
            };
            let args: Vec<String> = generic.args.iter().map(python_type_name).collect();
            format!("{origin}[{}]", args.join(", "))
        }
        Value::Class(class) => format!("<class 'models.{}'>", class.name),
        other => other.type_name().to_string(),
    }
}

fn python_type_name(value: &Value) -> String {
    match value {
        Value::Library(name) => name.strip_prefix("builtins.").unwrap_or(name).to_string(),
        Value::Generic(_) => python_type_repr(value),
        Value::Class(class) => format!("models.{}", class.name),
        _ => value.type_name().to_string(),
    }
}
