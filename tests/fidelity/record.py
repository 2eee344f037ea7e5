#!/usr/bin/env python3
"""Record ormlab's fidelity goldens with the REAL Flask-SQLAlchemy / SQLAlchemy.

Usage:
    python3 tests/fidelity/record.py [--check] [PATHS...]

Every case folder below PATHS (default: tests/fidelity/models and tests/fidelity/runs)
is run with the pinned libraries, one child process per case (PYTHONHASHSEED=0,
TZ=UTC), and `expected.json` is written next to it. A case folder is a folder holding
`models.py` (a models-only case) or `models.py` + `script.py` (a run case).

    --check   re-run every case, compare with the stored expected.json, write nothing;
              print the differences and exit 1 on any (or on a missing expected.json).

The script needs Flask 3.1.3 / Flask-SQLAlchemy 3.1.1 / SQLAlchemy 2.0.58 / freezegun
1.5.5 (tests/fidelity/requirements.txt). Run from any Python 3.11: it creates
tests/fidelity/.venv from requirements.txt when missing and re-executes itself inside
it. `ORMLAB_FIDELITY_PYTHON=/path/to/python` uses another interpreter instead;
`ORMLAB_FIDELITY_DEBUG=1` shows the child's traceback of a recorded error.

A HARNESS-ERROR (the child crashed, timed out or produced no result) makes the exit
code 1. Exceptions raised by the case itself (models.py, mapper configuration,
create_all, script.py) are NOT harness errors: they are recorded in `error`.

See tests/fidelity/README.md for the expected.json format.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venv")
REQUIREMENTS = os.path.join(HERE, "requirements.txt")
DEFAULT_ROOTS = [os.path.join(HERE, "models"), os.path.join(HERE, "runs")]
CHILD_TIMEOUT = 120
FROZEN_AT = "2026-01-01T00:00:00Z"
MODELS_FILENAME = "models.py"
SCRIPT_FILENAME = "script.py"


# ---------------------------------------------------------------------------
# Environment: run inside the pinned venv
# ---------------------------------------------------------------------------

def read_pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    with open(REQUIREMENTS, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            name, _, version = line.partition("==")
            pins[name.strip()] = version.strip()
    return pins


def normalise_dist(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pin_mismatches() -> list[str]:
    """Pinned distributions that are missing or at another version in this interpreter."""
    from importlib import metadata

    wrong = []
    for name, version in read_pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            wrong.append(f"{name} (missing, want {version})")
            continue
        if installed != version:
            wrong.append(f"{name} {installed} (want {version})")
    return wrong


def in_target_interpreter() -> bool:
    explicit = os.environ.get("ORMLAB_FIDELITY_PYTHON")
    if explicit:
        return os.path.realpath(sys.executable) == os.path.realpath(explicit)
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def ensure_venv() -> str:
    """Creates tests/fidelity/.venv from requirements.txt when missing; returns its python."""
    explicit = os.environ.get("ORMLAB_FIDELITY_PYTHON")
    if explicit:
        return explicit
    python = os.path.join(VENV, "bin", "python")
    lock_path = os.path.join(tempfile.gettempdir(), "ormlab-fidelity-venv.lock")
    with open(lock_path, "w") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - not POSIX
            pass
        if not os.path.exists(python):
            print(f"record.py: creating {VENV} from {REQUIREMENTS}", file=sys.stderr)
            subprocess.check_call([sys.executable, "-m", "venv", VENV])
            subprocess.check_call(
                [python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", REQUIREMENTS]
            )
    return python


def reexec_in_venv() -> None:
    if in_target_interpreter():
        wrong = pin_mismatches()
        if wrong:
            print("record.py: fixing pins: " + ", ".join(wrong), file=sys.stderr)
            subprocess.check_call(
                [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", REQUIREMENTS]
            )
        return
    python = ensure_venv()
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["TZ"] = "UTC"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


# ---------------------------------------------------------------------------
# Value encoding (JSON contract)
# ---------------------------------------------------------------------------

def encode_value(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        if value != value:
            return {"$float": "nan"}
        if value == float("inf"):
            return {"$float": "inf"}
        if value == float("-inf"):
            return {"$float": "-inf"}
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$bytes": bytes(value).hex()}
    return {"$repr": repr(value)}


def encode_params(params):
    """DB-API parameters: a sequence -> list (recursively for executemany), a dict -> dict."""
    if isinstance(params, dict):
        return {str(key): encode_value(val) for key, val in params.items()}
    if isinstance(params, (list, tuple)):
        return [encode_params(p) if isinstance(p, (list, tuple, dict)) else encode_value(p) for p in params]
    return encode_value(params)


def sort_index_runs(statements: list[str]) -> list[str]:
    """Each contiguous run of CREATE [UNIQUE] INDEX statements, sorted by text."""
    out: list[str] = []
    run: list[str] = []
    for sql in statements:
        if re.match(r"\s*CREATE\s+(UNIQUE\s+)?INDEX\b", sql):
            run.append(sql)
            continue
        out.extend(sorted(run))
        run = []
        out.append(sql)
    out.extend(sorted(run))
    return out


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


# ---------------------------------------------------------------------------
# One case (runs in the child process)
# ---------------------------------------------------------------------------

def models_line(exc: BaseException, models_path: str) -> int | None:
    """Line in models.py of the innermost traceback frame that is models.py."""
    import traceback

    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == models_path:
            line = lineno
    if line is None and isinstance(exc, SyntaxError) and exc.filename == models_path:
        line = exc.lineno
    return line


def run_case(case_dir: str) -> dict:
    import builtins
    import contextlib
    import io
    import traceback
    import types

    debug = bool(os.environ.get("ORMLAB_FIDELITY_DEBUG"))

    import freezegun
    import freezegun.api as fz
    import sqlalchemy
    import sqlalchemy.orm
    from flask import Flask
    from flask_sqlalchemy import SQLAlchemy
    from sqlalchemy import event
    from sqlalchemy.pool import StaticPool

    # freezegun's fake classes repr like the real ones: datetime.datetime(2026, 1, 1, 0, 0)
    def fake_datetime_repr(self):
        real = fz.real_datetime(
            self.year, self.month, self.day, self.hour, self.minute, self.second,
            self.microsecond, self.tzinfo, fold=self.fold,
        )
        return repr(real)

    def fake_date_repr(self):
        return repr(fz.real_date(self.year, self.month, self.day))

    fz.FakeDatetime.__repr__ = fake_datetime_repr
    fz.FakeDate.__repr__ = fake_date_repr

    # Under freezegun, `from datetime import datetime` in models.py yields FakeDatetime, a
    # subclass SQLAlchemy's type lookup (Mapped[datetime], literal values) does not match
    # by MRO: map the fake classes exactly like the real ones.
    from sqlalchemy.sql import sqltypes

    sqltypes._type_map[fz.FakeDatetime] = sqltypes._type_map[fz.real_datetime]
    sqltypes._type_map[fz.FakeDate] = sqltypes._type_map[fz.real_date]

    freezer = freezegun.freeze_time(FROZEN_AT)
    freezer.start()

    models_path = os.path.join(case_dir, MODELS_FILENAME)
    script_path = os.path.join(case_dir, SCRIPT_FILENAME)
    is_run = os.path.exists(script_path)

    ddl: list[str] = []
    statements: list[dict] = []
    stdout = io.StringIO()
    result: dict = {"ddl": ddl, "error": None}
    if is_run:
        result.update({"stdout": "", "statements": statements, "query_count": 0})

    def model_error(exc: BaseException) -> dict:
        if debug:
            traceback.print_exception(exc, file=sys.stderr)
        return {
            "type": type(exc).__name__,
            "message": first_line(str(exc)),
            "line": models_line(exc, models_path),
        }

    def finish() -> dict:
        result["ddl"] = sort_index_runs(ddl)
        if is_run:
            result["stdout"] = stdout.getvalue()
            result["query_count"] = len(statements)
        return result

    # 1. models.py as the real module `models`, db already in its namespace
    db = SQLAlchemy()
    module = types.ModuleType("models")
    module.__file__ = models_path
    module.db = db
    sys.modules["models"] = module
    with open(models_path, encoding="utf-8") as handle:
        source = handle.read()
    try:
        code = compile(source, models_path, "exec")
        exec(code, module.__dict__)
        # 2. mapper configuration (relationship targets, join conditions, back_populates)
        sqlalchemy.orm.configure_mappers()
    except Exception as exc:  # noqa: BLE001 - recorded
        result["error"] = model_error(exc)
        return finish()

    # models.py may rebind db, e.g. db = SQLAlchemy(model_class=Base)
    db = module.__dict__.get("db", db)
    if not isinstance(db, SQLAlchemy):
        raise RuntimeError("models.py rebinds `db` to something that is not flask_sqlalchemy.SQLAlchemy")

    # 3. the app
    app = Flask("oracle_case")
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "poolclass": StaticPool,
        "connect_args": {"check_same_thread": False},
    }
    db.init_app(app)

    secondary_tables: set = set()
    for mapper in db.Model.registry.mappers if hasattr(db.Model, "registry") else []:
        for rel in mapper.relationships:
            if rel.secondary is not None:
                secondary_tables.add(rel.secondary)

    phase = {"name": "create_all"}

    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "connect")
        def _fk_on(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "before_cursor_execute")
        def _record(_conn, _cursor, statement, parameters, context, executemany):
            if phase["name"] == "create_all":
                ddl.append(statement)
                return
            if phase["name"] != "script":
                return
            entry = {"sql": statement, "params": encode_params(parameters), "executemany": bool(executemany)}
            compiled = getattr(context, "compiled", None)
            table = getattr(getattr(compiled, "statement", None), "table", None)
            if (
                executemany
                and table is not None
                and table in secondary_tables
                and isinstance(entry["params"], list)
                and all(isinstance(row, list) for row in entry["params"])
            ):
                entry["unordered"] = True
                entry["params"] = sorted(
                    entry["params"], key=lambda row: json.dumps(row, sort_keys=True, ensure_ascii=False)
                )
            statements.append(entry)

        # 4. create_all
        try:
            db.create_all()
        except Exception as exc:  # noqa: BLE001 - recorded
            result["error"] = model_error(exc)
            phase["name"] = "done"
            return finish()

        if not is_run:
            phase["name"] = "done"
            return finish()

        # 5. script.py as __main__
        from datetime import datetime, timedelta, timezone

        from sqlalchemy import and_, asc, desc, func, not_, or_, select, text
        from sqlalchemy.exc import IntegrityError
        from sqlalchemy.orm import (
            contains_eager, defer, joinedload, lazyload, raiseload, selectinload, subqueryload,
        )

        namespace = {
            "__name__": "__main__",
            "__builtins__": builtins,
            "__file__": script_path,
            "select": select, "func": func, "text": text, "or_": or_, "and_": and_,
            "not_": not_, "desc": desc, "asc": asc,
            "joinedload": joinedload, "selectinload": selectinload, "subqueryload": subqueryload,
            "raiseload": raiseload, "lazyload": lazyload, "contains_eager": contains_eager,
            "defer": defer,
            "IntegrityError": IntegrityError,
            "datetime": datetime, "timezone": timezone, "timedelta": timedelta,
        }
        for name, value in module.__dict__.items():
            if not name.startswith("_"):
                namespace[name] = value
        namespace["db"] = db

        with open(script_path, encoding="utf-8") as handle:
            script_source = handle.read()
        phase["name"] = "script"
        try:
            with contextlib.redirect_stdout(stdout):
                exec(compile(script_source, script_path, "exec"), namespace)
        except BaseException as exc:  # noqa: BLE001 - recorded, SystemExit included
            if debug:
                traceback.print_exception(exc, file=sys.stderr)
            result["error"] = {"type": type(exc).__name__, "message": first_line(str(exc))}
        finally:
            phase["name"] = "done"
    return finish()


def child_main(case_dir: str, out_path: str) -> int:
    result = run_case(case_dir)
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)
    return 0


# ---------------------------------------------------------------------------
# Parent: find cases, run children, write / check
# ---------------------------------------------------------------------------

def find_cases(paths: list[str]) -> list[str]:
    cases: list[str] = []
    for path in paths:
        path = os.path.abspath(path)
        if os.path.isfile(path):
            path = os.path.dirname(path)
        if not os.path.isdir(path):
            print(f"record.py: no such folder: {path}", file=sys.stderr)
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            if MODELS_FILENAME in files:
                cases.append(root)
    seen: set[str] = set()
    unique = []
    for case in sorted(cases):
        if case not in seen:
            seen.add(case)
            unique.append(case)
    return unique


def render(result: dict) -> str:
    return json.dumps(result, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def record_one(case_dir: str) -> tuple[str | None, str]:
    """Returns (rendered expected.json or None on a harness error, diagnostics)."""
    fd, out_path = tempfile.mkstemp(prefix="ormlab-fidelity-", suffix=".json")
    os.close(fd)
    try:
        try:
            proc = subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--child", case_dir, out_path],
                cwd=case_dir,
                env=child_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                timeout=CHILD_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return None, f"timed out after {CHILD_TIMEOUT}s"
        stderr = proc.stderr.decode("utf-8", "replace")
        if proc.returncode != 0:
            return None, f"child exited with {proc.returncode}\n{stderr}"
        with open(out_path, encoding="utf-8") as handle:
            text = handle.read()
        if not text:
            return None, f"child wrote no result\n{stderr}"
        return render(json.loads(text)), stderr
    finally:
        os.unlink(out_path)


def rel(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def parent_main(argv: list[str]) -> int:
    check = False
    paths: list[str] = []
    for arg in argv:
        if arg == "--check":
            check = True
        elif arg in ("-h", "--help"):
            print(__doc__)
            return 0
        elif arg.startswith("-"):
            print(f"record.py: unknown option {arg}", file=sys.stderr)
            return 2
        else:
            paths.append(arg)
    if not paths:
        paths = [p for p in DEFAULT_ROOTS if os.path.isdir(p)]
    cases = find_cases(paths)
    if not cases:
        print("record.py: no case folders found", file=sys.stderr)
        return 1

    failures = 0
    harness = 0
    changed = 0
    for case in cases:
        name = rel(case)
        rendered, diagnostics = record_one(case)
        if rendered is None:
            harness += 1
            print(f"HARNESS-ERROR {name}: {diagnostics.strip()}")
            continue
        if os.environ.get("ORMLAB_FIDELITY_DEBUG") and diagnostics.strip():
            print(diagnostics.rstrip(), file=sys.stderr)
        error = json.loads(rendered).get("error")
        tag = f"  [error {error['type']}]" if error else ""
        target = os.path.join(case, "expected.json")
        old = None
        if os.path.exists(target):
            with open(target, encoding="utf-8") as handle:
                old = handle.read()
        if check:
            if old is None:
                failures += 1
                print(f"MISSING {name}/expected.json")
            elif old != rendered:
                failures += 1
                print(f"DIFF {name}")
                diff = difflib.unified_diff(
                    old.splitlines(keepends=True), rendered.splitlines(keepends=True),
                    fromfile=f"{name}/expected.json (stored)", tofile=f"{name} (recorded now)",
                )
                sys.stdout.writelines(diff)
            else:
                print(f"ok {name}{tag}")
        else:
            if old != rendered:
                changed += 1
                with open(target, "w", encoding="utf-8") as handle:
                    handle.write(rendered)
                print(f"wrote {name}/expected.json{tag}")
            else:
                print(f"unchanged {name}{tag}")

    summary = f"{len(cases)} cases"
    if check:
        summary += f", {failures} differing/missing"
    else:
        summary += f", {changed} written"
    if harness:
        summary += f", {harness} HARNESS-ERROR"
    print(summary)
    return 1 if (failures or harness) else 0


def main() -> int:
    argv = sys.argv[1:]
    if argv[:1] == ["--child"]:
        return child_main(argv[1], argv[2])
    reexec_in_venv()
    return parent_main(argv)


if __name__ == "__main__":
    sys.exit(main())
