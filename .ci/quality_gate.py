#!/usr/bin/env python3
"""Answer quality in CI: fails when a development set's figures drop below their floors.

usage: quality_gate.py SET_NAME GRADE_JSON_OUTPUT

Reads the output of `grade.py --json` (its table, then one JSON line of metrics) and prints both,
then two lists:
- floors: regression guards a few points below what main measures (README, "Answer quality").
  A figure below its floor fails CI.
- targets: the bars the issues set. Printed as met or not met; they do not fail CI, because
  main does not meet all of them yet (README says which and by how much) and CI must keep
  guarding everything else meanwhile. When a target is met, raise its floor to it.
"""
import json
import sys

# (name, path into the metrics, floor, target) per set; None: no floor or no target.
CHECKS = {
    "eval": [
        ("answerable accuracy", ("ask", "answerable", "accuracy"), 0.90, 0.95),
        ("off-topic abstention", ("ask", "offtopic", "abstention"), 0.85, 0.95),
        ("claim verdict accuracy", ("check", "accuracy"), 0.92, 0.95),
        ("claims supported", ("check", "by_verdict", "supported", "accuracy"), 0.85, 0.85),
        ("claims contradicted", ("check", "by_verdict", "contradicted", "accuracy"), 0.85, 0.85),
        ("claims unverified", ("check", "by_verdict", "unverified", "accuracy"), 0.85, 0.85),
        ("claim quotes in gold", ("check", "quote", "in_gold_rate"), 0.90, 0.90),
    ],
    "dev2": [
        ("answerable accuracy", ("ask", "answerable", "accuracy"), 0.75, 0.90),
        ("off-topic abstention", ("ask", "offtopic", "abstention"), 0.85, 0.90),
        ("claim verdict accuracy", ("check", "accuracy"), 0.82, 0.90),
        ("claim quotes in gold", ("check", "quote", "in_gold_rate"), 0.75, 0.90),
    ],
}


def get(d, path):
    for k in path:
        d = d[k]
    return d


def main(set_name, path):
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    print("\n".join(lines[:-1]))
    m = json.loads(lines[-1])  # grade.py --json ends with one line of metrics
    failed = False
    for name, key, floor, target in CHECKS[set_name]:
        value = get(m, key)
        value = 0.0 if value is None else value
        ok = floor is None or value >= floor
        failed |= not ok
        met = "met" if target is not None and value >= target else "not met"
        print(f"{'ok  ' if ok else 'FAIL'} {set_name} {name}: {value:.3f} (floor {floor}; target {target}: {met})")
    fabricated = m["fabricated_quotes"]
    failed |= fabricated != 0
    print(f"{'ok  ' if fabricated == 0 else 'FAIL'} {set_name} fabricated quotes: {fabricated} (floor 0)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
