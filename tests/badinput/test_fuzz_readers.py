"""Hypothesis fuzzing of the readers (issue 14): real tables cut, spliced, re-encoded and
sprinkled with hostile bytes; every outcome is a table/panel or a package error
(:class:`~revitalize.errors.RevitalizeError`, one line naming where) -- never another exception.
"""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revitalize.data.readers import read_any
from revitalize.errors import RevitalizeError
from tests.badinput.generate import panel_text

pytestmark = pytest.mark.shared_data

_NASTY = st.sampled_from([b"\r", b"\n", b"\r\n", b",", b'"', b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
                          b"NaN", b"inf", b"-1e308", b"1e309", b"=cmd|'/c calc'!A1", b"9" * 400,
                          b"\xe5\x86\x9c", b"\t", b"#", b"   ", b"TII", b"GO", b"Code"])


@st.composite
def _mutated(draw, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "replace", "truncate", "delete", "endings"]))
        at = draw(st.integers(0, max(len(out) - 1, 0)))
        if kind == "insert":
            out[at:at] = draw(_NASTY | st.binary(max_size=8))
        elif kind == "replace":
            piece = draw(_NASTY)
            out[at:at + len(piece)] = piece
        elif kind == "truncate":
            del out[at:]
        elif kind == "delete":
            del out[at:at + draw(st.integers(1, 200))]
        else:
            out = bytearray(bytes(out).replace(b"\n", draw(st.sampled_from([b"\r", b"\r\n"]))))
    return bytes(out)


def _read(path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            read_any(path)
        except RevitalizeError as exc:
            assert "\n" not in exc.one_line()


@pytest.fixture(scope="module")
def io_table(shared_data) -> bytes:
    return (shared_data / "cn_io_nbs" / "cn_io_2015_42.csv").read_bytes()


@pytest.fixture(scope="module")
def panel(shared_data) -> bytes:
    return panel_text(shared_data).encode("utf-8")


def test_io_reader_fuzzed(io_table, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-io")

    @settings(max_examples=120, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(_mutated(io_table))
    def check(data):
        path = folder / "cn_io_2015_42.csv"
        path.write_bytes(data)
        _read(path)

    check()


def test_panel_reader_fuzzed(panel, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz-panel")

    @settings(max_examples=120, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(_mutated(panel))
    def check(data):
        path = folder / "panel.csv"
        path.write_bytes(data)
        _read(path)

    check()


def test_workbook_reader_fuzzed(shared_data, tmp_path_factory):
    real = (shared_data / "cn_io_provincial/original_xls_northeast/2007_liaoning.xlsx"
            ).read_bytes()
    folder = tmp_path_factory.mktemp("fuzz-xlsx")

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(_mutated(real))
    def check(data):
        path = folder / "2007_liaoning.xlsx"
        path.write_bytes(data)
        _read(path)

    check()
