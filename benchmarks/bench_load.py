"""Loopback load test of the HTTP API (issue 14): compute requests at a fixed concurrency,
without and then with a hostile client uploading bombs at the same time.

The server (``revitalize.web.create_app`` under uvicorn, one process, its own private store)
runs in a subprocess on 127.0.0.1. Phase 1 sends ``--requests`` compute requests (linkages,
multipliers and extraction on a bundled IO table, a TOPSIS upload, a regional share) from
``--concurrency`` client threads; phase 2 does the same while one more thread keeps uploading
hostile input (a 44 kB workbook with a 16,384-cell row, a workbook with a 300 MiB member, JSON
nested 200,000 deep, a 5,000-digit integer, a cross-origin multipart POST) and checks each is
refused (4xx, never 5xx). Printed: errors, p50/p95/p99 latency of each phase, the ratio of
phase 2 to phase 1 (the cost of the hostile traffic) and to the floor (``GET /api/health``
latency, the server's round trip with no computation).

Usage: python benchmarks/bench_load.py [--requests 2000] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
TABLE = "nbs_io_2017_42_noncomp"
MATRIX = (b"alternative,gdp,co2\nLiaoning,25315,520\nJilin,11726,210\nHeilongjiang,13613,270\n"
          b"Jiangsu,99632,800\nGuangdong,107671,600\n")
SERVER = """
import sys, uvicorn
from revitalize.web import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="error", lifespan="off")
"""


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server():
    port = _free_port()
    store = tempfile.mkdtemp(prefix="revitalize-bench-load-")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-c", SERVER, store, str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(10)


def compute_requests(n: int) -> list[dict]:
    kinds = [
        {"path": "/api/io/linkages", "json": {"source": TABLE}},
        {"path": "/api/io/multipliers", "json": {"source": TABLE}},
        {"path": "/api/io/linkages", "json": {"source": TABLE, "forward": "ghosh"}},
        {"path": "/api/evaluate/topsis", "files": {"file": ("m.csv", MATRIX)},
         "data": {"criteria": "gdp:+:0.6,co2:-:0.4"}},
        {"path": "/api/indicators/share", "json": {}},
    ]
    return [kinds[i % len(kinds)] for i in range(n)]


def hostile_requests() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from tests.badinput.generate import wide_row_bomb, zip_bomb

    return [
        {"path": "/api/io/linkages", "files": {"file": ("wide.xlsx", wide_row_bomb())}},
        {"path": "/api/io/linkages", "files": {"file": ("zip.xlsx", zip_bomb(mib=300))}},
        {"path": "/api/io/linkages", "content": ('{"source": ' + "[" * 200000 + "]" * 200000
                                                 + "}").encode(),
         "headers": {"Content-Type": "application/json"}},
        {"path": "/api/io/linkages", "content": ('{"year": ' + "9" * 5000 + "}").encode(),
         "headers": {"Content-Type": "application/json"}},
        {"path": "/api/io/linkages", "files": {"file": ("t.csv", io.BytesIO(MATRIX))},
         "headers": {"Origin": "http://evil.example"}},
    ]


def _send(client: httpx.Client, base: str, req: dict) -> tuple[float, int]:
    kw = {k: v for k, v in req.items() if k != "path"}
    started = time.perf_counter()
    r = client.post(base + req["path"], timeout=120, **kw)
    return time.perf_counter() - started, r.status_code


def run_phase(base: str, requests: list[dict], concurrency: int, hostile: list[dict] | None
              ) -> dict:
    stop = threading.Event()
    refused: list[int] = []

    def attack() -> None:
        with httpx.Client() as client:
            while not stop.is_set():
                for req in hostile:
                    refused.append(_send(client, base, req)[1])

    attacker = threading.Thread(target=attack, daemon=True) if hostile else None
    if attacker:
        attacker.start()
    local = threading.local()

    def one(req: dict) -> tuple[float, int]:
        if not hasattr(local, "client"):
            local.client = httpx.Client()
        return _send(local.client, base, req)

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(one, requests))
    wall = time.perf_counter() - started
    stop.set()
    if attacker:
        attacker.join(300)
    times = sorted(t for t, _ in results)
    q = statistics.quantiles(times, n=100)
    return {"n": len(results), "errors": sum(s != 200 for _, s in results), "wall": wall,
            "p50": q[49], "p95": q[94], "p99": q[98], "refused": refused}


def floor(base: str, n: int = 200) -> float:
    with httpx.Client() as client:
        times = []
        for _ in range(n):
            started = time.perf_counter()
            client.get(f"{base}/api/health")
            times.append(time.perf_counter() - started)
    return statistics.quantiles(times, n=100)[94]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args(argv)
    reqs = compute_requests(args.requests)
    with server() as base:
        run_phase(base, reqs[:20], 4, None)  # warm-up: imports, bundled table cache
        health = floor(base)
        calm = run_phase(base, reqs, args.concurrency, None)
        storm = run_phase(base, reqs, args.concurrency, hostile_requests())
    print(f"{args.requests} compute requests at concurrency {args.concurrency} (loopback, one "
          f"uvicorn process); floor = p95 of GET /api/health = {health * 1e3:.1f} ms")
    for name, r in (("calm", calm), ("hostile", storm)):
        print(f"  {name:8s} errors {r['errors']:4d}  wall {r['wall']:6.1f} s  p50 "
              f"{r['p50'] * 1e3:7.1f} ms  p95 {r['p95'] * 1e3:7.1f} ms  p99 "
              f"{r['p99'] * 1e3:7.1f} ms  p95/floor {r['p95'] / health:6.1f}")
    codes = sorted(set(storm["refused"]))
    print(f"  hostile uploads sent while loaded: {len(storm['refused'])}, statuses {codes}, "
          f"5xx {sum(c >= 500 for c in storm['refused'])}, accepted "
          f"{sum(c < 400 for c in storm['refused'])}")
    print(f"  p95 hostile / calm = {storm['p95'] / calm['p95']:.2f}")
    bad = calm["errors"] + storm["errors"] + sum(c >= 500 or c < 400 for c in storm["refused"])
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
