"""Times a models + script pair on real SQLAlchemy 2.0 / Flask-SQLAlchemy (the differential
suite's venv), as ormlab runs it: models executed, mappers configured, create_all on a fresh
in-memory SQLite, the script inside the app context. Prints one JSON line of times in ms.

Usage: python bench/sqlalchemy_run.py MODELS SCRIPT [REPEATS]
"""

import contextlib
import gc
import io
import json
import sys
import time
import types

import sqlalchemy
import sqlalchemy.orm
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event, select
from sqlalchemy.orm import joinedload, selectinload, subqueryload
from sqlalchemy.pool import StaticPool


def run_once(models: str, script: str) -> tuple[float, str]:
    app = Flask("bench")
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"poolclass": StaticPool}
    db = SQLAlchemy()
    db.init_app(app)
    out = io.StringIO()
    with app.app_context():
        @event.listens_for(db.engine, "connect")
        def _fk_on(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

        started = time.perf_counter()
        module = types.ModuleType("models")
        module.db = db
        exec(compile(models, "models.py", "exec"), module.__dict__)
        sqlalchemy.orm.configure_mappers()
        db.create_all()
        namespace = {k: v for k, v in module.__dict__.items() if not k.startswith("_")}
        namespace.update(__name__="__main__", db=db, select=select, joinedload=joinedload,
                         selectinload=selectinload, subqueryload=subqueryload)
        with contextlib.redirect_stdout(out):
            exec(compile(script, "script.py", "exec"), namespace)
        elapsed = (time.perf_counter() - started) * 1000
        db.session.remove()
        db.engine.dispose()
    # configure_mappers() walks every registry alive: drop this run's so runs stay alike.
    sqlalchemy.orm.clear_mappers()
    gc.collect()
    return elapsed, out.getvalue()


def main() -> None:
    models = open(sys.argv[1], encoding="utf-8").read()
    script = open(sys.argv[2], encoding="utf-8").read()
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    times, stdout = [], ""
    for _ in range(repeats):
        elapsed, stdout = run_once(models, script)
        times.append(round(elapsed, 3))
    print(json.dumps({"sqlalchemy_ms": times, "stdout": stdout}))


if __name__ == "__main__":
    main()
