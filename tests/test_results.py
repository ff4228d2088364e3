"""Result/provenance basics shared by every family."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from revitalize import __version__
from revitalize.errors import InputError, RevitalizeError
from revitalize.results import Provenance, Result, build_meta, jsonable, sha256_of


def test_result_is_frozen_and_json_shape():
    table = pd.DataFrame({"value": [1.0, np.nan]}, index=pd.Index(["a", "b"], name="code"))
    r = Result(table=table, meta=build_meta("demo", conventions={"basis": "x"}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.table = table  # type: ignore[misc]
    d = r.to_json_dict()
    assert set(d) == {"meta", "table"}
    assert d["table"] == [{"code": "a", "value": 1.0}, {"code": "b", "value": None}]
    assert d["meta"]["version"] == __version__ and d["meta"]["conventions"] == {"basis": "x"}
    json.dumps(d)  # plain JSON
    assert "demo [basis=x]" in r.summary()


def test_meta_is_read_only():
    meta = build_meta("demo")
    with pytest.raises(TypeError):
        meta["method"] = "other"  # type: ignore[index]


def test_jsonable_converts_numpy_and_nan():
    assert jsonable({"a": np.int64(3), "b": np.float32(0.5), "c": float("nan"), "d": (1, 2)}) == {
        "a": 3, "b": 0.5, "c": None, "d": [1, 2]}


def test_provenance_from_file(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a\n1\n", encoding="utf-8")
    p = Provenance.from_file(f, source="test", reader="r")
    assert p.file == "x.csv" and p.sha256 == sha256_of(f) and len(p.sha256) == 64
    assert p.to_dict()["notes"] == []


def test_error_one_line_has_location_and_expectation():
    e = InputError("bad value 'x'", file="a.csv", row=7, field="value", expected="a number")
    assert str(e) == "a.csv: row 7: field value: bad value 'x' (expected a number)"
    assert isinstance(e, RevitalizeError) and isinstance(e, ValueError)


def test_unique_provenance_ignores_only_the_read_time():
    from revitalize.results import Provenance, unique_provenance

    a = Provenance("s", file="f.csv", sha256="x", reader="r", retrieved="2026-01-01T00:00:00")
    b = Provenance("s", file="f.csv", sha256="x", reader="r", retrieved="2026-01-01T00:00:01")
    c = Provenance("s", file="f.csv", sha256="y", reader="r", retrieved="2026-01-01T00:00:01")
    assert unique_provenance([a, b, c]) == [a, c]
    assert unique_provenance([a.to_dict(), b.to_dict()]) == [a.to_dict()]
