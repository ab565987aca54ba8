#!/usr/bin/env python3
"""Fails CI when answer quality on the development set drops below the issues' bars.

Reads the output of `grade.py --json` (its table, then one JSON line of metrics) and prints both."""
import json
import sys

BARS = [
    ("answerable accuracy", ("ask", "answerable", "accuracy"), 0.95),
    ("off-topic abstention", ("ask", "offtopic", "abstention"), 0.95),
    ("claim verdict accuracy", ("check", "accuracy"), 0.85),
    ("claim quotes in gold", ("check", "quote", "in_gold_rate"), 0.90),
]


def get(d, path):
    for k in path:
        d = d[k]
    return d


def main(path):
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    print("\n".join(lines[:-1]))
    m = json.loads(lines[-1])  # grade.py --json ends with one line of metrics
    failed = False
    for name, key, bar in BARS:
        value = get(m, key)
        ok = value is not None and value >= bar
        failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {value:.3f} (bar {bar})")
    for v in ("supported", "contradicted", "unverified"):
        acc = m["check"]["by_verdict"][v]["accuracy"]
        ok = acc is not None and acc >= 0.75
        failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} claims {v}: {acc:.3f} (bar 0.75)")
    fabricated = m["ask"]["answerable"]["fabricated"] + m["ask"]["offtopic"]["fabricated"] + m["check"]["fabricated"]
    failed |= fabricated != 0
    print(f"{'ok  ' if fabricated == 0 else 'FAIL'} fabricated quotes: {fabricated} (bar 0)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1])
