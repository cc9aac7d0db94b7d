"""Print locust's stats CSV as the Markdown table of the README's "Load test" section.

Usage: python bench/load/summary.py var/loadtest/stats_stats.csv "run description"
"""

import csv
import sys


def main(path: str, title: str) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    print(f"\n{title}\n")
    print("| Endpoint | Requests | Failures | req/s | Median ms | p95 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        name = row["Name"] if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        name = name.replace("GET GET ", "GET ").replace("POST POST ", "POST ")
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "")
