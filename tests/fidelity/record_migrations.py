#!/usr/bin/env python3
"""Record the goldens of ormlab's migration cases with the real libraries.

Each case folder under tests/fidelity/migrations/ holds models_v1.py, models_v2.py and
optionally seed.json; this script writes expected.json next to them, in the migration-case
contract of the fidelity yardstick: {upgrade_ops, downgrade_ops, upgrade_sql, rows_after,
error}.

Procedure (the same one `ormlab migrate --json` emulates):
  1. create_all of v1 on a fresh in-memory SQLite (foreign keys off, the default), insert
     the seed rows with plain INSERTs, commit;
  2. Alembic autogenerate: produce_migrations(compare_type=True, render_as_batch=True)
     against v2's metadata, rendered with render_python_code(render_as_batch=True);
  3. the rendered upgrade body is executed as `def upgrade(): ...` with `op` and `sa` in
     scope, on the same connection, then committed (rolled back on an exception);
  4. every table's rows are dumped.

Chain cases (a folder holding steps.json) run real Alembic commands instead: an Alembic
script directory in a temporary folder with the case's versions/*.py revision files, the
env.py of Flask-Migrate's template reduced to its effect (online: engine.connect(),
configure(connection, render_as_batch=True, compare_type=True), begin_transaction,
run_migrations; offline: configure(url, literal_binds=True)), on an in-memory database made
from models_v1.py (if present) and seed.json. steps.json lists commands, each a list:
["upgrade", TARGET], ["downgrade", TARGET], ["upgrade", "--sql", RANGE], ["current"],
["history"], ["stamp", TARGET], ["revision", MESSAGE, MODELS_FILE] (flask db migrate: autogenerate
against MODELS_FILE with Flask-Migrate's script.py.mako under a frozen clock, the revision id
given as auto0001, auto0002, ...; the file written is recorded as "file"). Each step records the statements sent (reflection
excluded), what the command printed, its error and every table's rows afterwards.

Usage:
  python record_migrations.py [--check] [CASE_DIR_OR_ROOT ...]

With no folder, every case under tests/fidelity/migrations/ is recorded. --check re-runs
and compares with the stored expected.json, writing nothing (exit 1 on a difference).
The script re-executes itself with tests/fidelity/.venv/bin/python (or $ORMLAB_FIDELITY_PYTHON)
when the pinned libraries are not importable, creating that venv from
tests/fidelity/requirements.txt when it is missing. Each case runs in a child process
(PYTHONHASHSEED=0, TZ=UTC) so model registries never leak between cases.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.join(HERE, "migrations")
CHAIN_ROOT = os.path.join(HERE, "migration_chains")
VENV = os.path.join(HERE, ".venv")


# --------------------------------------------------------------------------
# Environment
# --------------------------------------------------------------------------

def libraries_present() -> bool:
    try:
        import alembic  # noqa: F401
        import flask_sqlalchemy  # noqa: F401
    except ImportError:
        return False
    return True


def venv_python() -> str:
    explicit = os.environ.get("ORMLAB_FIDELITY_PYTHON")
    if explicit:
        return explicit
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        requirements = os.path.join(HERE, "requirements.txt")
        if not os.path.exists(requirements):
            sys.exit(f"record_migrations: no venv at {VENV} and no {requirements} to build it from")
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([python, "-m", "pip", "install", "-q", "-r", requirements])
    return python


def child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"  # set iteration order inside Alembic becomes repeatable
    env["TZ"] = "UTC"
    return env


# --------------------------------------------------------------------------
# One case (runs in the child)
# --------------------------------------------------------------------------

def encode(value):
    """A DB-API value as JSON, in the contract's value encoding."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value:
            return {"$float": "nan"}
        if value in (float("inf"), float("-inf")):
            return {"$float": "inf" if value > 0 else "-inf"}
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": bytes(value).hex()}
    return {"$repr": repr(value)}


def is_reflection(sql: str) -> bool:
    """Statements batch mode runs to inspect tables are not part of upgrade_sql."""
    text = sql.strip()
    if text.upper().startswith("PRAGMA"):
        return True
    return any(word in text for word in ("sqlite_master", "sqlite_temp_master", "sqlite_schema"))


def sort_index_runs(statements: list[str]) -> list[str]:
    """CREATE INDEX statements of one table come in set order; store each run sorted."""
    out: list[str] = []
    run: list[str] = []
    for sql in statements:
        if re.match(r"\s*CREATE (UNIQUE )?INDEX", sql):
            run.append(sql)
            continue
        out.extend(sorted(run))
        run = []
        out.append(sql)
    out.extend(sorted(run))
    return out


def exec_models(path: str, module_name: str, db) -> None:
    """Runs a models file as a real module so Mapped[...] annotations resolve."""
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    module = types.ModuleType(module_name)
    module.__file__ = os.path.basename(path)
    module.db = db
    sys.modules[module_name] = module
    exec(compile(source, os.path.basename(path), "exec"), module.__dict__)


def table_rows(conn) -> dict:
    names = [row[0] for row in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    out = {}
    for name in names:
        if name.startswith("sqlite_"):
            continue
        result = conn.exec_driver_sql(f'SELECT * FROM "{name}" ORDER BY rowid')
        out[name] = {"columns": list(result.keys()), "rows": [[encode(v) for v in row] for row in result]}
    return out


def record_case(case_dir: str) -> dict:
    import sqlalchemy as sa
    from alembic.autogenerate import produce_migrations, render_python_code
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from flask import Flask
    from flask_sqlalchemy import SQLAlchemy
    from sqlalchemy import event
    from sqlalchemy.pool import StaticPool

    app = Flask("ormlab_migration_case")
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    # One connection for the whole case, so the in-memory database lives on.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    old_db = SQLAlchemy()
    exec_models(os.path.join(case_dir, "models_v1.py"), "models_v1", old_db)
    new_db = SQLAlchemy()  # only its metadata is used
    exec_models(os.path.join(case_dir, "models_v2.py"), "models_v2", new_db)
    old_db.init_app(app)

    seed_path = os.path.join(case_dir, "seed.json")
    seed = []
    if os.path.exists(seed_path):
        with open(seed_path, encoding="utf-8") as handle:
            seed = json.load(handle)

    sent: list[str] = []
    listening = [False]
    result = {"upgrade_ops": "", "downgrade_ops": "", "upgrade_sql": [], "rows_after": {}, "error": None}
    with app.app_context():
        engine = old_db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def _sent(conn, cursor, statement, parameters, context, executemany):
            if listening[0]:
                sent.append(statement)

        old_db.create_all()
        with engine.connect() as conn:
            for block in seed:
                for row in block["rows"]:
                    columns = list(row)
                    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
                        block["table"], ", ".join(f'"{c}"' for c in columns), ", ".join("?" for _ in columns)
                    )
                    conn.exec_driver_sql(sql, tuple(row[c] for c in columns))
            conn.commit()

            opts = {"compare_type": True, "render_as_batch": True, "target_metadata": new_db.metadata}
            context = MigrationContext.configure(connection=conn, opts=opts)
            script = produce_migrations(context, new_db.metadata)
            result["upgrade_ops"] = render_python_code(script.upgrade_ops, render_as_batch=True, migration_context=context)
            result["downgrade_ops"] = render_python_code(script.downgrade_ops, render_as_batch=True, migration_context=context)
            conn.commit()

            # The body runs like a migration file's upgrade(), with only `op` and `sa` in scope.
            namespace = {"op": Operations(MigrationContext.configure(connection=conn, opts=opts)), "sa": sa}
            listening[0] = True
            try:
                exec(compile("def upgrade():\n" + result["upgrade_ops"] + "\n", "migration.py", "exec"), namespace)
                namespace["upgrade"]()
                conn.commit()
            except Exception as exc:  # the failure is part of the recording
                text = str(exc)
                result["error"] = {"type": type(exc).__name__, "message": text.splitlines()[0] if text else ""}
                conn.rollback()
            finally:
                listening[0] = False
            result["rows_after"] = table_rows(conn)
    result["upgrade_sql"] = sort_index_runs([s for s in sent if not is_reflection(s)])
    return result



ENV_PY = """
from alembic import context
config = context.config
if context.is_offline_mode():
    context.configure(url="sqlite://", literal_binds=True, output_buffer=config.attributes["buffer"])
    with context.begin_transaction():
        context.run_migrations()
else:
    def process_revision_directives(context, revision, directives):
        if directives[0].upgrade_ops.is_empty():
            directives[:] = []

    with config.attributes["engine"].connect() as connection:
        context.configure(connection=connection, target_metadata=config.attributes.get("metadata"), render_as_batch=True,
                          compare_type=True, process_revision_directives=process_revision_directives)
        with context.begin_transaction():
            context.run_migrations()
"""


def record_chain(case_dir: str) -> dict:
    import io
    import shutil
    import tempfile

    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config
    from flask import Flask
    from flask_sqlalchemy import SQLAlchemy
    from sqlalchemy import event
    from sqlalchemy.pool import StaticPool

    engine = sa.create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    models = os.path.join(case_dir, "models_v1.py")
    if os.path.exists(models):
        app = Flask("ormlab_migration_chain")
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
        db = SQLAlchemy()
        exec_models(models, "models_v1", db)
        with engine.begin() as conn:
            db.metadata.create_all(conn)
    seed_path = os.path.join(case_dir, "seed.json")
    if os.path.exists(seed_path):
        with open(seed_path, encoding="utf-8") as handle:
            seed = json.load(handle)
        with engine.begin() as conn:
            for block in seed:
                for row in block["rows"]:
                    columns = list(row)
                    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
                        block["table"], ", ".join(f'"{c}"' for c in columns), ", ".join("?" for _ in columns)
                    )
                    conn.exec_driver_sql(sql, tuple(row[c] for c in columns))

    sent: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _sent(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)

    work = tempfile.mkdtemp(prefix="ormlab_chain_")
    try:
        versions = os.path.join(case_dir, "versions")
        if os.path.isdir(versions):
            shutil.copytree(versions, os.path.join(work, "versions"))
        else:
            os.makedirs(os.path.join(work, "versions"))
        import flask_migrate
        shutil.copy(os.path.join(os.path.dirname(flask_migrate.__file__), "templates", "flask", "script.py.mako"), work)
        generated = 0
        with open(os.path.join(work, "env.py"), "w", encoding="utf-8") as handle:
            handle.write(ENV_PY)
        with open(os.path.join(case_dir, "steps.json"), encoding="utf-8") as handle:
            steps = json.load(handle)
        out_steps = []
        for step in steps:
            stdout = io.StringIO()
            buffer = io.StringIO()
            cfg = Config(stdout=stdout)
            cfg.set_main_option("script_location", work)
            cfg.attributes["engine"] = engine
            cfg.attributes["buffer"] = buffer
            sent.clear()
            error = None
            written = None
            name, args = step[0], step[1:]
            try:
                if name == "revision":
                    from freezegun import freeze_time

                    generated += 1
                    models_db = SQLAlchemy()
                    exec_models(os.path.join(case_dir, args[1]), f"models_rev{generated}", models_db)
                    cfg.attributes["metadata"] = models_db.metadata
                    rev_id = f"auto{generated:04d}"
                    import contextlib

                    # "Generating <temp path> ... done" goes to sys.stdout; not recorded.
                    with freeze_time("2026-01-01 00:00:00"), contextlib.redirect_stdout(io.StringIO()):
                        command.revision(cfg, message=args[0], autogenerate=True, rev_id=rev_id)
                    for file_name in os.listdir(os.path.join(work, "versions")):
                        if file_name.startswith(rev_id):
                            with open(os.path.join(work, "versions", file_name), encoding="utf-8") as handle:
                                written = handle.read()
                elif name in ("upgrade", "downgrade"):
                    sql = "--sql" in args
                    target = [a for a in args if a != "--sql"][0]
                    getattr(command, name)(cfg, target, sql=sql)
                elif name == "current":
                    command.current(cfg)
                elif name == "history":
                    command.history(cfg, indicate_current=True)
                elif name == "stamp":
                    command.stamp(cfg, args[0])
                else:
                    raise SystemExit(f"unknown step {name}")
            except Exception as exc:  # the failure is part of the recording
                text = str(exc)
                error = {"type": type(exc).__name__, "message": text.splitlines()[0] if text else ""}
            statements = [s for s in sent if not is_reflection(s)]
            with engine.connect() as conn:
                rows = table_rows(conn)
            out_steps.append({
                "command": step,
                "sql": sort_index_runs(statements),
                "stdout": stdout.getvalue() + buffer.getvalue(),
                "file": written,
                "error": error,
                "rows_after": rows,
            })
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"steps": out_steps}


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def find_cases(roots: list[str]) -> list[str]:
    cases = []
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            if ("models_v1.py" in files and "models_v2.py" in files) or "steps.json" in files:
                cases.append(folder)
    return sorted(set(cases))


def dumps(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        chain = os.path.exists(os.path.join(argv[1], "steps.json"))
        sys.stdout.write(dumps(record_chain(argv[1]) if chain else record_case(argv[1])))
        return 0
    check = "--check" in argv
    roots = [a for a in argv if a != "--check"] or [DEFAULT_ROOT, CHAIN_ROOT]
    python = sys.executable if libraries_present() else venv_python()
    failed = 0
    for case in find_cases(roots):
        child = subprocess.run(
            [python, os.path.abspath(__file__), "--one", case], capture_output=True, text=True, env=child_env()
        )
        name = os.path.relpath(case)
        if child.returncode != 0:
            failed += 1
            print(f"HARNESS-ERROR {name}\n{child.stderr}")
            continue
        target = os.path.join(case, "expected.json")
        if check:
            old = open(target, encoding="utf-8").read() if os.path.exists(target) else ""
            same = old == child.stdout
            failed += not same
            print(f"{'same' if same else 'DIFFERENT'} {name}")
        else:
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(child.stdout)
            error = json.loads(child.stdout).get("error")
            print(f"recorded {name}" + (f" error={error['type']}" if error else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
