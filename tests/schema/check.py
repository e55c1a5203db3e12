#!/usr/bin/env python3
"""The JSON Schema that `gilsim schema` prints, against the loader.

    check.py GILSIM

Every shipped scenario (scenarios/, tests/) that `gilsim validate` accepts
must be valid against the schema: an editor must never flag a file gilsim
runs. Files the loader refuses for a key or a type the schema describes must
be refused by the schema too, and comment keys ("//") and "$schema" pass both.
"""
import glob
import json
import subprocess
import sys

import jsonschema


def main():
    gilsim = sys.argv[1]
    schema = json.loads(subprocess.run([gilsim, "schema"], check=True, capture_output=True, text=True).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures, checked = [], 0

    # Every scenario the loader accepts, the schema accepts.
    files = sorted(glob.glob("scenarios/**/*.json", recursive=True) + glob.glob("tests/**/*.json", recursive=True))
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except ValueError:
            continue
        if not isinstance(data, dict) or "processes" not in data:
            continue  # a machine profile, a trace, an expected report
        if subprocess.run([gilsim, "validate", path], capture_output=True).returncode != 0:
            continue  # tests/bad: the loader refuses it
        checked += 1
        errors = sorted(validator.iter_errors(data), key=str)
        if errors:
            failures.append(f"{path}: the loader accepts it, the schema does not: {errors[0].message}")
    if checked < 50:
        failures.append(f"only {checked} scenarios checked: the glob found too few")

    # Hand-made cases: (scenario, the loader and the schema accept it).
    def app(steps, **top):
        return dict({"name": "t", "processes": [{"name": "app", "threads": [{"name": "main", "steps": steps}]}]},
                    **top)
    def pools(steps, tasks=None, executors=None, costs=None, queues=None):
        process = {"name": "app",
                   "tasks": tasks or {"fetch": {"steps": [{"compute": "1ms"}, {"io": "2ms"}], "args": "100KB"}},
                   "executors": executors or {"pool": {"kind": "thread", "max_workers": 4}},
                   "threads": [{"name": "main", "steps": steps}]}
        if queues is not None:
            process["queues"] = queues
        scenario = {"name": "t", "processes": [process]}
        if costs is not None:
            scenario["costs"] = costs
        return scenario
    cases = [
        (app([{"compute": "1ms", "//": "why 1 ms"}], **{"//": "a comment", "$schema": "./s.json"}), True),
        (dict(app([{"compute": "1ms"}]), scheduler={"policy": "cfs", "//": "x"}), True),
        (app([{"compute": "1ms"}], cores=0), False),
        (app([{"compute": "1ms"}], core=2), False),
        (app([{"compute": "1ms", "sleep": "1ms"}]), False),
        (app([{"compute": "10 parsecs"}]), False),
        (app([{"compute": "1ms", "device": "disk"}]), False),
        (app([{"print": 3}]), False),
        (app([{"repeat": 2}]), False),
        (app([{"compute": "1ms"}], gil={"model": "cpython4"}), False),
        # Executors (docs/pools.md).
        (pools([{"submit": "pool", "task": "fetch", "count": 3}, {"results": "pool"},
                {"map": "pool", "task": "fetch", "count": 0, "chunksize": 2}, {"shutdown": "pool", "wait": False}],
               executors={"pool": {"kind": "process", "max_workers": 2, "//": "x"}, "//": "a comment"},
               costs={"submit": "25us", "pickle": "10us", "pickle_mb": "150us", "unpickle_mb": "1ms", "queue_write": "10us"}),
         True),
        (pools([{"submit": "pool", "task": "fetch"}],
               tasks={"fetch": {"steps": [{"repeat": 2, "steps": [{"compute": "1ms", "gil": False}, {"print": "x"}]}],
                                "args": 0, "result": "1.5MiB"}, "//": "a comment"}), True),
        (pools([{"submit": "pool"}]), False),
        (pools([{"submit": "pool", "task": "fetch", "count": 0}]), False),
        (pools([{"map": "pool", "task": "fetch", "chunksize": 0}]), False),
        (pools([{"results": "pool", "wait": True}]), False),
        (pools([{"shutdown": "pool", "wait": "yes"}]), False),
        (pools([], executors={"pool": {"kind": "threads"}}), False),
        (pools([], executors={"pool": {"kind": "thread", "max_workers": 0}}), False),
        (pools([], executors={"pool": {"max_workers": 2}}), False),
        (pools([], tasks={"fetch": {"steps": [], "args": "10 KB"}}), False),
        (pools([], tasks={"fetch": {"steps": [], "args": "1XB"}}), False),
        (pools([], tasks={"fetch": {"steps": [], "result": 1024}}), False),
        (pools([], tasks={"fetch": {"args": "1KB"}}), False),
        (pools([], tasks={"fetch": {"steps": [{"start": "main"}]}}), False),
        (pools([], tasks={"fetch": {"steps": [{"repeat": 1, "steps": [{"get": "q"}]}]}}, queues=["q"]), False),
        (pools([], tasks={"fetch": {"steps": [{"compute": "$work"}]}}, queues=["q"]), False),
        (pools([], costs={"pickle_mb": 150}), False),
    ]
    for k, (scenario, ok) in enumerate(cases):
        path = f"/tmp/gilsim-schema-case-{k}.json"
        with open(path, "w", encoding="utf-8") as f:
            json.dump(scenario, f)
        loader = subprocess.run([gilsim, "validate", path], capture_output=True).returncode == 0
        schema_ok = validator.is_valid(scenario)
        if loader != ok or schema_ok != ok:
            failures.append(f"case {k} {json.dumps(scenario)}: expected {ok}, loader {loader}, schema {schema_ok}")

    for failure in failures:
        print("FAIL", failure)
    print(f"schema: {checked} scenarios and {len(cases)} cases checked, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
