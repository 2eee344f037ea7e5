//! The interpreter prints values exactly as CPython 3.11 does (expected lines checked against
//! CPython), and locates uncaught exceptions at their script line.

use ormlab_core::engine::{Engine, EngineError, ExecResult, Value};
use ormlab_core::orm::run_script;

/// An engine for scripts that never reach SQL.
struct NoDatabase;

impl Engine for NoDatabase {
    fn execute(&mut self, _sql: &str, _params: &[Value]) -> Result<ExecResult, EngineError> {
        Ok(ExecResult::default())
    }
}

/// Runs on an 8 MiB stack, the size of a native main thread (the test harness's threads are
/// smaller than what the interpreter's depth limit is sized for).
fn run(script: &str) -> ormlab_core::api::RunReport {
    let script = script.to_string();
    std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || run_script("", &script, &mut NoDatabase))
        .expect("thread")
        .join()
        .expect("no panic")
}

#[test]
fn values_print_like_cpython() {
    let report = run(concat!(
        "from decimal import Decimal\n",
        "print(1/3, 2.0, 1e16, 1e-5, -0.0, 10**3, 7 // 2, -7 // 2, 7 % -3)\n",
        "print(Decimal(\"7.50\") * 3, repr(Decimal(\"1.10\")), [Decimal(\"2.5\")])\n",
        "print({\"a\": 1, \"b\": [1, 2.5, None, True]}, (1,), (), \"it's\", repr(\"it's\"))\n",
        "print(f\"{3.14159:.2f}|{42:>5}|{'x':*^7}|{1234567:,}|{0.25:.1%}|{'ab'!r}\")\n",
        "d = datetime(2024, 5, 17, 13, 45)\n",
        "print(d, repr(d), d.isoformat(), datetime.utcnow(), d - datetime(2024, 5, 1))\n",
        "try:\n    {}[\"missing\"]\nexcept KeyError as e:\n    print(\"KeyError\", e, repr(e))\n",
        "print(round(2.675, 2), round(0.5), round(1.5), \"a,b,,c\".split(\",\"), \"%s=%d\" % (\"n\", 5))\n",
    ));
    assert_eq!(report.error, None);
    assert_eq!(
        report.stdout,
        concat!(
            "0.3333333333333333 2.0 1e+16 1e-05 -0.0 1000 3 -4 -2\n",
            "22.50 Decimal('1.10') [Decimal('2.5')]\n",
            "{'a': 1, 'b': [1, 2.5, None, True]} (1,) () it's \"it's\"\n",
            "3.14|   42|***x***|1,234,567|25.0%|'ab'\n",
            "2024-05-17 13:45:00 datetime.datetime(2024, 5, 17, 13, 45) 2024-05-17T13:45:00 2026-01-01 00:00:00 16 days, 13:45:00\n",
            "KeyError 'missing' KeyError('missing')\n",
            "2.67 0 2 ['a', 'b', '', 'c'] n=5\n",
        )
    );
}

#[test]
fn control_flow_and_functions_run() {
    let report = run(concat!(
        "def f(a, b=2, *args, c=3, **kw):\n    return a, b, args, c, kw\n",
        "print(f(1), f(1, 2, 3, c=4, d=5))\n",
        "total = 0\nfor i in range(10):\n    if i % 2:\n        continue\n    total += i\nelse:\n    print(\"done\", total)\n",
        "print([x * x for x in range(5) if x > 1], sum(x for x in range(4)), sorted([3, 1, 2], reverse=True))\n",
    ));
    assert_eq!(report.error, None);
    assert_eq!(report.stdout, "(1, 2, (), 3, {}) (1, 2, (3,), 4, {'d': 5})\ndone 20\n[4, 9, 16] 6 [3, 2, 1]\n");
}

#[test]
fn uncaught_exceptions_report_type_message_and_line() {
    let report = run("x = None\nprint('before')\nprint(x.name)\nprint('never')\n");
    assert_eq!(report.stdout, "before\n");
    let error = report.error.expect("an error");
    assert_eq!(error.kind, "AttributeError");
    assert_eq!(error.message, "'NoneType' object has no attribute 'name'");
    assert_eq!(error.line, Some(3));
    let error = run("def f(n):\n    return f(n + 1)\nf(0)\n").error.expect("an error");
    assert_eq!(error.kind, "RecursionError");
    let error = run("while True:\n    pass\n").error.expect("an error");
    assert_eq!(error.kind, "StepLimitExceeded");
}
