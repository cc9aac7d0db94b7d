"""Print locust's final stats (``--json-file``) as the Markdown table of the README's "Load
test" section: per endpoint the requests, failures, requests per second, median, p95, p99.

Usage: python bench/load/summary.py var/loadtest/stats.json var/loadtest/signin.json "title"
(the sign-in figures are those the locustfile wrote before it reset the statistics).
"""

import json
import os
import sys
from collections import Counter


def percentile(times: Counter, fraction: float) -> int:
    """The response time (ms, as locust rounds it) below which ``fraction`` of requests fell."""
    total = sum(times.values())
    seen = 0
    for ms in sorted(times):
        seen += times[ms]
        if seen >= fraction * total:
            return ms
    return 0


def row(name: str, requests: int, failures: int, seconds: float, times: Counter) -> str:
    return (
        f"| {name} | {requests} | {failures} | {requests / seconds:.1f} "
        f"| {percentile(times, 0.5)} | {percentile(times, 0.95)} | {percentile(times, 0.99)} |"
    )


def main(path: str, signin_path: str, title: str) -> None:
    with open(path, encoding="utf-8") as f:
        entries = sorted(json.load(f), key=lambda e: e["name"])
    seconds = max(e["last_request_timestamp"] for e in entries) - min(
        e["start_time"] for e in entries
    )
    total = Counter()
    print(f"\n{title}, {seconds:.0f} s measured\n")
    print("| Endpoint | Requests | Failures | req/s | Median ms | p95 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for e in entries:
        times = Counter({int(ms): n for ms, n in e["response_times"].items()})
        total.update(times)
        print(row(e["name"], e["num_requests"], e["num_failures"], seconds, times))
    requests = sum(e["num_requests"] for e in entries)
    failures = sum(e["num_failures"] for e in entries)
    print(row("**All requests**", requests, failures, seconds, total))
    if os.path.exists(signin_path):
        with open(signin_path, encoding="utf-8") as f:
            s = json.load(f)
        print(
            f"\nBefore that, {s['sign_ins']} sign-ins ({s['failures']} failed) in {s['seconds']} s: "
            f"median {s['median_ms']} ms, p95 {s['p95_ms']} ms, max {s['max_ms']} ms."
        )
    if failures:
        print(f"\n{failures} requests failed: see {os.path.dirname(path)}/stats_failures.csv.")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
