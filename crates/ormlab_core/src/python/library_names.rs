//! The public names of the libraries models import, as `dir()` lists them in SQLAlchemy
//! 2.0.58 and Flask-SQLAlchemy 3.1.1 (generated from the pinned libraries in tests/fidelity/.venv:
//! `sorted(n for n in dir(module) if not n.startswith('_'))`), so a misspelt name raises
//! the AttributeError / ImportError Python raises. Sorted, for binary search.

/// `dir(sqlalchemy)`.
pub const SQLALCHEMY: &[&str] = &[
    "ARRAY", "AdaptedConnection", "Alias", "AliasedReturnsRows", "Any", "AssertionPool",
    "AsyncAdaptedQueuePool", "BIGINT", "BINARY", "BLANK_SCHEMA", "BLOB", "BOOLEAN",
    "BaseDDLElement", "BaseRow", "BigInteger", "BinaryExpression", "BindParameter", "BindTyping",
    "Boolean", "BooleanClauseList", "CHAR", "CLOB", "CTE", "CacheKey", "Case", "Cast",
    "CheckConstraint", "ChunkedIteratorResult", "ClauseElement", "ClauseList",
    "CollectionAggregate", "Column", "ColumnClause", "ColumnCollection", "ColumnDefault",
    "ColumnElement", "ColumnExpressionArgument", "ColumnOperators", "Compiled", "CompoundSelect",
    "Computed", "Connection", "Constraint", "CreateEnginePlugin", "CursorResult", "DATE",
    "DATETIME", "DDL", "DDLElement", "DECIMAL", "DOUBLE", "DOUBLE_PRECISION", "Date", "DateTime",
    "DefaultClause", "Delete", "Dialect", "Double", "Engine", "Enum", "ExceptionContext",
    "Executable", "ExecutableDDLElement", "ExecutionContext", "Exists", "Extract", "FLOAT",
    "FallbackAsyncAdaptedQueuePool", "False_", "FetchedValue", "Float", "ForeignKey",
    "ForeignKeyConstraint", "FromClause", "FromGrouping", "FrozenResult", "Function",
    "FunctionElement", "FunctionFilter", "GenerativeSelect", "Grouping", "HasCTE", "HasPrefixes",
    "HasSuffixes", "INT", "INTEGER", "Identity", "Index", "Insert", "Inspector", "Integer",
    "Interval", "IteratorResult", "JSON", "Join", "LABEL_STYLE_DEFAULT",
    "LABEL_STYLE_DISAMBIGUATE_ONLY", "LABEL_STYLE_NONE", "LABEL_STYLE_TABLENAME_PLUS_COL", "Label",
    "LambdaElement", "LargeBinary", "Lateral", "MappingResult", "MergedResult", "MetaData", "NCHAR",
    "NUMERIC", "NVARCHAR", "NestedTransaction", "NotNullable", "Null", "NullPool", "Nullable",
    "Numeric", "Operators", "Over", "PickleType", "Pool", "PoolProxiedConnection", "PoolResetState",
    "PrimaryKeyConstraint", "QueuePool", "REAL", "ReleaseSavepointClause", "Result", "ResultProxy",
    "ReturnsRows", "RollbackToSavepointClause", "RootTransaction", "Row", "RowMapping", "SMALLINT",
    "SQLColumnExpression", "SavepointClause", "ScalarResult", "ScalarSelect", "Select",
    "SelectBase", "SelectLabelStyle", "Selectable", "Sequence", "SingletonThreadPool",
    "SmallInteger", "StatementLambdaElement", "StaticPool", "String", "Subquery", "TEXT", "TIME",
    "TIMESTAMP", "Table", "TableClause", "TableSample", "TableValuedAlias", "Text", "TextAsFrom",
    "TextClause", "TextualSelect", "Time", "Transaction", "True_", "TryCast", "Tuple", "TupleType",
    "TwoPhaseTransaction", "TypeClause", "TypeCoerce", "TypeCompiler", "TypeDecorator", "URL",
    "UUID", "UnaryExpression", "Unicode", "UnicodeText", "UniqueConstraint", "Update", "UpdateBase",
    "Uuid", "VARBINARY", "VARCHAR", "Values", "ValuesBase", "Visitable", "WithinGroup", "alias",
    "all_", "and_", "annotations", "any_", "asc", "between", "bindparam", "bitwise_not", "case",
    "cast", "collate", "column", "create_engine", "create_mock_engine", "create_pool_from_url",
    "cte", "custom_op", "cyextension", "delete", "desc", "dialects", "distinct", "engine",
    "engine_from_config", "event", "exc", "except_", "except_all", "exists", "extract", "false",
    "func", "funcfilter", "future", "insert", "insert_sentinel", "inspect", "inspection",
    "intersect", "intersect_all", "join", "label", "lambda_stmt", "lateral", "literal",
    "literal_column", "log", "make_url", "modifier", "not_", "null", "nulls_first", "nulls_last",
    "nullsfirst", "nullslast", "or_", "orm", "outerjoin", "outparam", "over", "pool", "quoted_name",
    "result_tuple", "schema", "select", "sql", "table", "tablesample", "text", "true", "try_cast",
    "tuple_", "type_coerce", "types", "union", "union_all", "update", "util", "values",
    "within_group",
];

/// `dir(sqlalchemy.orm)`.
pub const SQLALCHEMY_ORM: &[&str] = &[
    "AliasOption", "Any", "AppenderQuery", "AttributeEventToken", "AttributeEvents",
    "AttributeState", "Bundle", "CascadeOptions", "ClassManager", "ColumnProperty", "Composite",
    "CompositeProperty", "DeclarativeBase", "DeclarativeBaseNoMeta", "DeclarativeMeta",
    "DynamicMapped", "EXT_CONTINUE", "EXT_SKIP", "EXT_STOP", "FromStatement", "IdentityMap",
    "InspectionAttr", "InspectionAttrExtensionType", "InspectionAttrInfo", "InstanceEvents",
    "InstanceState", "InstrumentationEvents", "InstrumentedAttribute", "KeyFuncDict", "Load",
    "LoaderCallableStatus", "LoaderCriteriaOption", "MANYTOMANY", "MANYTOONE", "Mapped",
    "MappedAsDataclass", "MappedClassProtocol", "MappedCollection", "MappedColumn",
    "MappedSQLExpression", "Mapper", "MapperEvents", "MapperProperty", "NO_KEY", "NO_VALUE",
    "NotExtension", "ONETOMANY", "ORMDescriptor", "ORMExecuteState", "PassiveFlag",
    "PropComparator", "Query", "QueryContext", "QueryEvents", "QueryPropertyDescriptor",
    "QueryableAttribute", "Relationship", "RelationshipDirection", "RelationshipProperty",
    "SQLORMExpression", "Session", "SessionEvents", "SessionTransaction",
    "SessionTransactionOrigin", "Synonym", "SynonymProperty", "UOWTransaction", "UserDefinedOption",
    "WriteOnlyCollection", "WriteOnlyMapped", "add_mapped_attribute", "aliased", "annotations",
    "as_declarative", "attribute_keyed_dict", "attribute_mapped_collection", "attributes",
    "backref", "base", "bulk_persistence", "class_mapper", "clear_mappers", "close_all_sessions",
    "clsregistry", "collections", "column_keyed_dict", "column_mapped_collection",
    "column_property", "composite", "configure_mappers", "contains_alias", "contains_eager",
    "context", "create_session", "decl_api", "decl_base", "declarative_base", "declarative_mixin",
    "declared_attr", "defaultload", "defer", "deferred", "dependency", "descriptor_props",
    "dynamic", "dynamic_loader", "evaluator", "events", "exc", "foreign", "has_inherited_table",
    "identity", "immediateload", "instrumentation", "interfaces", "join", "joinedload",
    "keyfunc_mapping", "lazyload", "load_only", "loading", "make_transient",
    "make_transient_to_detached", "mapped_as_dataclass", "mapped_collection", "mapped_column",
    "mapper", "mapperlib", "merge_frozen_result", "merge_result", "noload", "object_mapper",
    "object_session", "orm_insert_sentinel", "outerjoin", "path_registry", "persistence",
    "polymorphic_union", "properties", "query", "query_expression", "raiseload", "reconstructor",
    "registry", "relationship", "relationships", "remote", "scoped_session", "scoping",
    "selectin_polymorphic", "selectinload", "session", "sessionmaker", "state", "state_changes",
    "strategies", "strategy_options", "subqueryload", "sync", "synonym", "synonym_for", "undefer",
    "undefer_group", "unitofwork", "util", "validates", "was_deleted", "with_expression",
    "with_loader_criteria", "with_parent", "with_polymorphic", "writeonly",
];

/// `dir(SQLAlchemy())`: the extension's own attributes (other names are looked up in sqlalchemy, then sqlalchemy.orm).
pub const DB_OWN: &[&str] = &[
    "Model", "Query", "Table", "create_all", "drop_all", "dynamic_loader", "engine", "engines",
    "first_or_404", "get_engine", "get_or_404", "init_app", "metadata", "metadatas", "one_or_404",
    "paginate", "reflect", "relationship", "session",
];

/// Whether `module` (a module whose names are listed here) has the attribute `name`;
/// `None` for modules not listed.
pub fn has_name(module: &str, name: &str) -> Option<bool> {
    let names = match module {
        "sqlalchemy" => SQLALCHEMY,
        "sqlalchemy.orm" => SQLALCHEMY_ORM,
        _ => return None,
    };
    Some(names.binary_search(&name).is_ok())
}

/// Whether `db.<name>` exists on a Flask-SQLAlchemy extension object.
pub fn db_has(name: &str) -> bool {
    matches!(name, "relation" | "event") || DB_OWN.binary_search(&name).is_ok() || SQLALCHEMY.binary_search(&name).is_ok() || SQLALCHEMY_ORM.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_hold_what_models_use() {
        for names in [SQLALCHEMY, SQLALCHEMY_ORM, DB_OWN] {
            assert!(names.windows(2).all(|w| w[0] < w[1]));
        }
        assert_eq!(has_name("sqlalchemy", "String"), Some(true));
        assert_eq!(has_name("sqlalchemy", "Strng"), Some(false));
        assert_eq!(has_name("sqlalchemy.orm", "mapped_column"), Some(true));
        assert_eq!(has_name("datetime", "anything"), None);
        assert!(db_has("Column") && db_has("Model") && db_has("relationship") && !db_has("Colum"));
    }
}
