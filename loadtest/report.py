"""Print the figures of a `make loadtest` run (Locust's summary.json); exit 1 on any error.

python loadtest/report.py loadtest/results --locust-status 0 ...   (loadtest/run.sh)
"""

import argparse
import json
import os
import sys
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("results", type=Path)
    parser.add_argument("--locust-status", type=int, required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--server-cpu", type=float, required=True, help="gunicorn workers, s")
    parser.add_argument("--db-cpu", type=float, required=True, help="PostgreSQL, s")
    parser.add_argument("--machine-cpu", type=float, required=True, help="all processes, s")
    parser.add_argument("--sampled", type=float, required=True, help="wall time sampled, s")
    parser.add_argument("--calibration-ms", type=int, required=True, help="a fixed Python loop")
    args = parser.parse_args()

    summary_file = args.results / "summary.json"
    if not summary_file.exists():
        sys.exit(
            f"Locust wrote no figures (exit status {args.locust_status}); see {args.results}/."
        )
    summary = json.loads(summary_file.read_text())
    total = summary["total"]
    print()
    print(f"{args.users} users, no wait, against gunicorn with {args.workers} workers.")
    print()
    print("| page | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in [*summary["pages"], {**total, "name": "all pages"}]:
        print(
            f"| {row['name']} | {row['requests']} | {row['failures']} | {row['rps']:.1f} "
            f"| {row['p50']} | {row['p95']} | {row['p99']} | {row['max'] or 0:.0f} |"
        )
    errors = total["failures"] + summary["exceptions"]
    print()
    print(
        f"Throughput {total['rps']:.1f} requests/s; latency p50 {total['p50']} ms, "
        f"p95 {total['p95']} ms, p99 {total['p99']} ms; errors {errors}."
    )
    if summary["wall"] and args.sampled > 0:
        share = {
            "gunicorn workers": args.server_cpu / args.sampled,
            "PostgreSQL": args.db_cpu / args.sampled,
            "Locust itself": summary["cpu"] / summary["wall"],
        }
        share["everything else"] = max(0, args.machine_cpu / args.sampled - sum(share.values()))
        print(
            f"CPU use ({os.cpu_count()} cores = {100 * os.cpu_count()}%; Locust runs on the same "
            f"machine): {', '.join(f'{name} {100 * s:.0f}%' for name, s in share.items())}."
        )
    print(
        f"Machine speed: a fixed Python loop took {args.calibration_ms} ms before the run "
        "(it drifts on this machine; compare runs whose loops took about as long)."
    )
    for error in summary["errors"]:
        print(f"  {error['count']} x {error['name']}: {error['error']}")
    if errors or args.locust_status:
        print(f"Load test FAILED: {errors} errors, Locust exit status {args.locust_status}.")
        sys.exit(1)


if __name__ == "__main__":
    main()
