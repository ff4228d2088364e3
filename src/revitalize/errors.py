"""The one exception and warning hierarchy of ``revitalize``.

Rule (STYLE.md section 6): *raise* on what makes a result wrong (unbalanced tables beyond
tolerance, negative flows, a file in the wrong layout, unknown regions); *warn* on what is
computable but questionable (a quality flag on a value, a tolerated imbalance, a zero-output
sector). Nothing is ever fixed silently.

Every error carries where it happened (``file``, ``row``, ``field``) and what was expected, and
renders as one line, which is what the CLI prints before exiting with status 1.
"""

from __future__ import annotations

import contextlib
import warnings as _warnings
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = [
    "BalanceWarning",
    "DataQualityWarning",
    "FetchError",
    "InputError",
    "LayoutError",
    "RevitalizeDeprecationWarning",
    "RevitalizeError",
    "RevitalizeWarning",
    "StoreError",
    "UnknownLabelError",
    "ValidationError",
    "WarningRecord",
    "collect_warnings",
    "replay",
    "warn",
]


class RevitalizeError(Exception):
    """Base class of every error the package raises on purpose.

    Parameters
    ----------
    message
        What is wrong, in one sentence.
    file, row, field
        Where it is wrong, as far as known (file path or dataset name, row label or number,
        column/field name).
    expected
        What was expected instead.
    """

    def __init__(
        self,
        message: str,
        *,
        file: object | None = None,
        row: object | None = None,
        field: object | None = None,
        expected: str | None = None,
    ) -> None:
        self.message = message
        self.file = None if file is None else str(file)
        self.row = row
        self.field = field
        self.expected = expected
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The error as a single line: ``file: row R: field F: message (expected ...)``."""
        parts = []
        if self.file is not None:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field {self.field!s}")
        text = ": ".join(parts + [self.message]) if parts else self.message
        if self.expected:
            text += f" (expected {self.expected})"
        return " ".join(text.split())


class InputError(RevitalizeError, ValueError):
    """An argument or a value in an input is invalid (wrong type, out of range, missing)."""


class LayoutError(InputError):
    """A file's layout is not one a reader recognises (missing header, label or block)."""


class ValidationError(InputError):
    """Data read correctly but fails a check that would make results wrong
    (imbalance beyond tolerance, negative flows, inconsistent units)."""


class UnknownLabelError(InputError, KeyError):
    """A region, sector, indicator or dataset name is not known."""

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return self.one_line()


class StoreError(RevitalizeError):
    """The dataset store cannot be read or written (locked, corrupt, wrong schema version)."""


class FetchError(RevitalizeError):
    """A download failed or its checksum did not match."""


class RevitalizeWarning(UserWarning):
    """Base class of every warning the package emits on purpose."""


class DataQualityWarning(RevitalizeWarning):
    """A value is usable but carries a quality flag, a caveat or a questionable pattern."""


class BalanceWarning(DataQualityWarning):
    """An accounting identity holds only within the tolerated band, or a sector has zero output."""


class RevitalizeDeprecationWarning(RevitalizeWarning, DeprecationWarning):
    """A public name was renamed; the old one works for one release."""


@dataclass(frozen=True)
class WarningRecord:
    """A warning as results carry it in ``meta["warnings"]``: its category (class name), the
    message, and where it arose as far as known."""

    category: str
    message: str
    file: str | None = None
    row: object | None = None
    field: object | None = None

    def to_dict(self) -> dict[str, object]:
        return {"category": self.category, "message": self.message, "file": self.file,
                "row": None if self.row is None else str(self.row),
                "field": None if self.field is None else str(self.field)}


_COLLECTOR: ContextVar[list[WarningRecord] | None] = ContextVar("revitalize_warnings",
                                                                default=None)


def warn(message: str, category: type[Warning] = DataQualityWarning, *, file: object = None,
         row: object = None, field: object = None, stacklevel: int = 1) -> None:
    """Emit a package warning.

    Inside :func:`collect_warnings` the warning is recorded in that context only (a
    :class:`~contextvars.ContextVar`: safe across threads and async tasks, so concurrent web
    requests never see each other's warnings); outside it goes through :mod:`warnings` as
    usual, so library users and pytest see it.
    """
    text = " ".join(str(message).split())
    bucket = _COLLECTOR.get()
    if bucket is not None:
        rec = WarningRecord(category.__name__, text, None if file is None else str(file), row,
                            field)
        if rec not in bucket:
            bucket.append(rec)
        return
    _warnings.warn(text, category, stacklevel=stacklevel + 1)


def replay(records) -> None:
    """Emit recorded warnings again, each with its category, file, row and field (a cached
    result reports the caveats of the computation that made it)."""
    for r in records:
        cat = globals().get(r.category)
        if not (isinstance(cat, type) and issubclass(cat, Warning)):
            cat = DataQualityWarning
        warn(r.message, cat, file=r.file, row=r.row, field=r.field)


@contextlib.contextmanager
def collect_warnings(*, others: bool = False) -> Iterator[list[WarningRecord]]:
    """Record every :func:`warn` of this context (thread / task) into the yielded list.

    Warnings other libraries emit through :mod:`warnings` are not seen here, unless
    ``others=True``: then they are recorded too, through :func:`warnings.catch_warnings`, which
    is process-wide -- for single-threaded callers only (the report build, the CLI).
    """
    bucket: list[WarningRecord] = []
    token = _COLLECTOR.set(bucket)
    try:
        if not others:
            yield bucket
            return
        with _warnings.catch_warnings(record=True) as caught:
            _warnings.simplefilter("always")
            try:
                yield bucket
            finally:
                for w in caught:
                    rec = WarningRecord(w.category.__name__, " ".join(str(w.message).split()))
                    if rec not in bucket:
                        bucket.append(rec)
    finally:
        _COLLECTOR.reset(token)
