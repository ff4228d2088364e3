"""The bad-input corpus (issue 14) through the CLI and the HTTP API.

The corpus is generated once per session from the real tables (``generate.py``, about 900
cases: truncations, encodings, line endings, shuffled headers, non-numeric and non-finite cells,
non-productive tables, corrupt and bomb workbooks, hostile YAML/JSON, out-of-range years and
regions, damaged stores, dataset names with control characters...). Every case states its
expected outcome; the tests fail on

* a **traceback** (CLI) or an **HTTP 500**;
* a **silent answer**: an ``error``, ``warning`` or ``said`` (either) case answered with a
  result and no warning;
* an error that is not one line (CLI exit 1 or 2, ``error: ...``; HTTP 4xx in the documented
  shape ``{error: {message, file, row, field, expected}}``) naming the file, a row or a field;
* an ``ok`` case (CR-only line endings, reordered columns, formula-like labels) refused.

Formula-like labels are also checked in the CSV output of both doors (escaped by
:func:`revitalize.export.safe_text`).
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import warnings
from pathlib import Path

import pytest

from revitalize.cli import main
from tests.badinput import generate

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.shared_data

_DETAIL_KEYS = {"message", "file", "row", "field", "expected"}


@pytest.fixture(scope="session")
def corpus(shared_data, tmp_path_factory):
    root = tmp_path_factory.mktemp("badinput")
    examples = Path(__file__).resolve().parents[2] / "examples"
    cases = generate.build(root / "corpus", shared_data, examples, generate.task_fields())
    damaged = root / "damaged"
    with contextlib.redirect_stderr(io.StringIO()):
        assert main(["--data-dir", str(damaged), "data", "import",
                     str(root / "corpus/io/cn_io_2015_42/cn_io_2015_42.csv"), "--name", "one"]) == 0
    db = damaged / "store.duckdb"
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    return root, cases


def _cli_argv(case: dict, root: Path) -> list[str]:
    if "argv" in case:
        subst = {"{root}": str(root / "corpus"), "{store}": str(root / "store"),
                 "{damaged}": str(root / "damaged")}
        out = []
        for arg in case["argv"]:
            for key, value in subst.items():
                arg = arg.replace(key, value)
            out.append(arg)
        return out
    group, name = case["task"].split(".")
    argv = ["--data-dir", str(root / "store"), group, name.replace("_", "-"),
            str(root / "corpus" / case["file"])]
    for key, value in case["options"].items():
        argv += [f"--{key.replace('_', '-')}", value]
    return argv + ["--format", "json"]


def _run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            warnings.catch_warnings():
        warnings.simplefilter("always")
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _names_where(text: str, file: str | None, argv: list[str] = ()) -> bool:
    lowered = text.lower()
    return (any("/" in a and a in text for a in argv) or "field " in lowered or "row " in lowered or "--" in text or "option" in lowered
            or (file is not None and Path(file).stem in text) or ".csv" in text
            or ".xls" in text or ".yaml" in text or ".json" in text or "store" in lowered
            or "dataset" in lowered)


def _judge_cli(case: dict, code: int, out: str, err: str, argv: list[str]) -> str | None:
    """``None`` if the CLI answered as the case expects, else what went wrong."""
    if case["expect"] == "said":  # an error or a warning, depending on the table
        case = {**case, "expect": "error" if code else "warning"}
    if "Traceback" in err or "Traceback" in out:
        return "traceback"
    errors = [ln for ln in err.splitlines() if ln.startswith(("error:", "Error:", "Usage:"))]
    if case["expect"] == "error":
        if code == 0:
            return "silent answer (exit 0)"
        if code not in (1, 2):
            return f"exit {code}"
        if code == 1 and len(errors) != 1:
            return f"not one error line: {err[-300:]!r}"
        text = errors[-1] if code == 1 else err
        if "internal error" in text:
            return f"internal error: {text[:300]}"
        if not _names_where(text, case.get("file"), argv):
            return f"names no file/row/field: {text[:300]}"
        if case["words"] and case["words"].lower() not in err.lower():
            return f"{case['words']!r} not in {text[:300]!r}"
        return None
    if code != 0:
        return f"exit {code}: {err[-300:]}"
    if case["expect"] == "warning":
        said = "warning:" in err
        with contextlib.suppress(ValueError, TypeError, KeyError):
            said = said or _says_so(json.loads(out))
        if not said:
            return "silent answer (no warning)"
    return None


def _says_so(result: dict) -> bool:
    """Whether a result tells what was questionable: ``meta["warnings"]``, the provenance's
    notes (cells skipped by the reader) or a table's ``note`` column."""
    meta = result["meta"]
    provenance = meta.get("provenance") or []
    provenance = provenance if isinstance(provenance, list) else [provenance]
    return (bool(meta.get("warnings"))
            or any(p.get("notes") for p in provenance if isinstance(p, dict))
            or any(r.get("note") for r in result.get("table") or []))


def test_corpus_through_the_cli(corpus):
    root, cases = corpus
    chosen = [c for c in cases if "cli" in c["doors"]]
    failures, started = [], time.monotonic()
    for case in chosen:
        argv = _cli_argv(case, root)
        code, out, err = _run_cli(argv)
        problem = _judge_cli(case, code, out, err, argv)
        if problem:
            failures.append(f"{case['id']}: {problem}")
        if case["id"].endswith("/formula_labels") and "'=" not in _formula_csv(case, root):
            failures.append(f"{case['id']}: formula-like label not escaped in --format csv")
    print(f"CLI: {len(chosen)} cases in {time.monotonic() - started:.1f} s")
    assert len(chosen) >= 300
    assert not failures, f"{len(failures)} of {len(chosen)}:\n" + "\n".join(failures)


def _formula_csv(case: dict, root: Path) -> str:
    argv = _cli_argv(case, root)
    argv[-1] = "csv"
    return _run_cli(argv)[1]


# ---------------------------------------------------------------------------- HTTP
@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from revitalize.web import create_app

    store = tmp_path_factory.mktemp("badinput-web")
    return TestClient(create_app(store / "store"), raise_server_exceptions=False)


def _http(client: TestClient, case: dict, root: Path, fmt: str = "json"):
    headers = dict(case.get("headers") or {})
    if "url" in case:
        headers.setdefault("Content-Type", "application/json")
        return client.post(case["url"], content=case["body"].encode("utf-8"), headers=headers)
    group, name = case["task"].split(".")
    data = (root / "corpus" / case["file"]).read_bytes()
    return client.post(f"/api/{group}/{name.replace('_', '-')}", params={"format": fmt},
                       files={"file": (Path(case["file"]).name, data)},
                       data=case["options"], headers=headers)


def _judge_http(case: dict, r) -> str | None:
    if case["expect"] == "said":  # an error or a warning, depending on the table
        case = {**case, "expect": "error" if r.status_code >= 400 else "warning"}
    if r.status_code >= 500:
        return f"HTTP {r.status_code}: {r.text[:300]}"
    if case["expect"] == "error":
        if r.status_code < 400:
            return f"silent answer (HTTP {r.status_code})"
        try:
            body = r.json()
        except ValueError:
            return f"not JSON: {r.text[:200]}"
        detail = body.get("error") if isinstance(body, dict) else None
        if not isinstance(detail, dict) or set(detail) != _DETAIL_KEYS:
            return f"error shape {str(body)[:200]}"
        if not detail["message"] or "\n" in detail["message"]:
            return "empty or multi-line message"
        if not (detail["field"] or detail["file"] or detail["row"]) and r.status_code not in (
                404, 405, 415):
            return f"names no file/row/field: {detail['message'][:200]}"
        if case["words"] and case["words"].lower() not in detail["message"].lower():
            return f"{case['words']!r} not in {detail['message'][:300]!r}"
        return None
    if r.status_code != 200:
        return f"HTTP {r.status_code}: {r.text[:300]}"
    if case["expect"] == "warning" and not _says_so(r.json()):
        return "silent answer (no warning)"
    return None


def test_corpus_through_the_http_api(corpus, client):
    root, cases = corpus
    chosen = [c for c in cases if "http" in c["doors"]]
    failures, started = [], time.monotonic()
    for case in chosen:
        r = _http(client, case, root)
        problem = _judge_http(case, r)
        if problem:
            failures.append(f"{case['id']}: {problem}")
        if case["id"].endswith("/formula_labels"):
            csv_text = _http(client, case, root, fmt="csv").text
            if "'=" not in csv_text:
                failures.append(f"{case['id']}: formula-like label not escaped in format=csv")
    print(f"HTTP: {len(chosen)} cases in {time.monotonic() - started:.1f} s")
    assert len(chosen) >= 300
    assert not failures, f"{len(failures)} of {len(chosen)}:\n" + "\n".join(failures)


def test_the_corpus_states_every_outcome(corpus):
    """``cases.json`` beside the files: at least 300 cases, each with its expected outcome,
    and its file present."""
    root, cases = corpus
    saved = json.loads((root / "corpus" / "cases.json").read_text(encoding="utf-8"))
    assert saved == cases and len(cases) >= 300
    assert all(c["expect"] in ("error", "warning", "said", "ok") for c in cases)
    assert all((root / "corpus" / c["file"]).is_file() for c in cases if c["file"])
    assert len({c["id"] for c in cases}) == len(cases)
