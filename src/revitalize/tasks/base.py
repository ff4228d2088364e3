"""The application layer's machinery: requests, the task registry and :func:`run`.

An *analysis* is a request -- a frozen dataclass whose field names are at once the Python
keyword, the CLI option (``technology`` -> ``--technology``, ``import_share`` ->
``--import-share``) and the JSON field of the HTTP API -- and a task function
``fn(request, catalog) -> Result`` registered under a dotted name (``io.linkages``). The family's
defaults are the fields' defaults, defined once, here; every door builds the request and calls
:func:`run`, so the same question gets the same answer through every door.

:func:`run` validates the request (choices, ranges, control characters), captures the package
warnings of this call only (:func:`revitalize.errors.collect_warnings`, context-local: the web
app needs no global lock) and fills ``meta`` in one format:

* ``meta["analysis"]`` -- the task name;
* ``meta["method"]`` -- what the family says it computed;
* ``meta["conventions"]`` -- every variant and default used (the request's convention fields
  and the family's own);
* ``meta["input"]`` -- where the data came from (file, store, mirror or bundle);
* ``meta["request"]`` -- the request as given;
* ``meta["warnings"]`` -- a list of ``{category, message, file, row, field}``.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any, ClassVar

from revitalize.errors import (
    InputError,
    RevitalizeDeprecationWarning,
    RevitalizeError,
    collect_warnings,
    warn,
)
from revitalize.results import Result, jsonable

# Errors a family raises from a computation it cannot do on the given input (empty selections,
# singular systems, shape mismatches); anything else is a bug and propagates.
_COMPUTE_ERRORS = (ValueError, TypeError, KeyError, IndexError, ZeroDivisionError,
                   ArithmeticError)

__all__ = ["NOT_NONE", "TASKS", "Request", "Task", "option", "request_fields", "run", "task"]

YEAR_RANGE = (1900, 2100)
MAX_ITEMS = 200  # items of a list field (also the JSON schema's maxItems)
# Deprecated spellings accepted for one release (JSON keys and CLI options): old -> new.
DEPRECATED_NAMES = {"province": "region", "dataset": "source", "data": "source"}


class _NotNone:
    """The values of an ``only_with`` condition met by any value but None."""

    def __contains__(self, value: object) -> bool:
        return value is not None

    def __repr__(self) -> str:
        return "NOT_NONE"


#: ``only_with={"employment": NOT_NONE}``: the convention applies when that field is given.
NOT_NONE = _NotNone()

# field name -> a tuple of the values it may take, or NOT_NONE
OnlyWith = Mapping[str, Any]


def _only_with(spec: OnlyWith | list[OnlyWith] | tuple[OnlyWith, ...] | None
               ) -> tuple[dict[str, Any], ...]:
    """``only_with`` as a tuple of alternatives (empty: always applies); TypeError for a
    condition whose values are not a tuple of values or NOT_NONE (a bare string would match
    its substrings)."""
    if not spec:
        return ()
    alternatives = [spec] if isinstance(spec, Mapping) else list(spec)
    out = []
    for alt in alternatives:
        if not isinstance(alt, Mapping) or not alt:
            raise TypeError(f"only_with: {alt!r} is not a non-empty dict of conditions")
        for name, values in alt.items():
            if values is not NOT_NONE and not isinstance(values, (tuple, list, frozenset, set)):
                raise TypeError(f"only_with: {name}={values!r} is neither a tuple of values "
                                "nor NOT_NONE")
        out.append(dict(alt))
    return tuple(out)


def option(default: Any = dataclasses.MISSING, *, help: str, choices: tuple[str, ...] | None = None,
           short: str | None = None, argument: bool = False, minimum: float | None = None,
           maximum: float | None = None, convention: bool = True, max_length: int = 500,
           only_with: OnlyWith | list[OnlyWith] | None = None) -> Any:
    """A request field with its help text and checks.

    Parameters
    ----------
    default
        The family's default (defined once, here).
    help
        One or two sentences for ``--help``, the OpenAPI document and the docs.
    choices
        Allowed values of a text field.
    short
        A one-letter CLI alias; each letter means one thing in every command (see
        :data:`revitalize.cli.tasks.SHORT_FLAGS`).
    argument
        A positional CLI argument (the data source).
    minimum, maximum
        Range of a number.
    convention
        Whether the value is a method convention (recorded in ``meta["conventions"]``) rather
        than a choice of input (source, region, year).
    max_length
        Longest text accepted.
    only_with
        The convention applies only when other fields take these values; otherwise it is left
        out of ``meta["conventions"]`` so that no result names a convention it did not use.
        A dict is an AND of conditions, each a tuple of values the field may take (e.g. a
        bad-output option ``{"index": ("malmquist_luenberger",)}``) or :data:`NOT_NONE` (the
        field is given: ``{"employment": NOT_NONE}``); a list of such dicts is an OR
        (``[{"model": ("auto",)}, {"backtest": (True,)}]``: with model auto, or with a
        backtest of any model).
    """
    meta = {"help": help, "choices": choices, "short": short, "argument": argument,
            "minimum": minimum, "maximum": maximum, "convention": convention,
            "max_length": max_length, "only_with": _only_with(only_with)}
    if isinstance(default, (list, dict, set)):
        raise TypeError("mutable defaults are not allowed in requests; use a tuple")
    return dataclasses.field(default=default, metadata=meta)


def _base_type(tp: Any) -> tuple[Any, bool]:
    """(the non-None type, whether None is allowed) of an annotation."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return (args[0] if len(args) == 1 else str), True
    return tp, False


def request_fields(cls: type) -> list[tuple[dataclasses.Field, Any, bool]]:
    """``(field, base type, optional)`` of every field of a request class."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in fields(cls):
        base, optional = _base_type(hints[f.name])
        out.append((f, base, optional))
    return out


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple or tp is tuple


def _coerce(value: Any, tp: Any, optional: bool, name: str) -> Any:
    """``value`` converted to the field type (JSON and CLI text alike), or InputError."""
    if value is None or (isinstance(value, str) and value == "" and optional):
        if optional:
            return None
        raise InputError("is required", field=name, expected="a value")
    if _is_tuple(tp):
        items = value.split(",") if isinstance(value, str) else value
        if isinstance(items, (list, tuple)) and len(items) > MAX_ITEMS:
            raise InputError(f"has {len(items)} items", field=name,
                             expected=f"at most {MAX_ITEMS}")
        if not isinstance(items, (list, tuple)):
            raise InputError(f"{str(value)[:40]!r} is not a list", field=name,
                             expected="a list, or comma-separated text")
        parts = [p for v in items for p in str(v).split(",")]
        return tuple(p.strip() for p in parts if p.strip())
    if tp is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise InputError(f"{str(value)[:40]!r} is not true or false", field=name,
                         expected="true or false")
    if tp is int:
        if isinstance(value, bool):
            raise InputError(f"{value!r} is not an integer", field=name, expected="an integer")
        text = str(value).strip()
        if len(text) > 12:
            raise InputError(f"{text[:20]}... is too long for an integer", field=name,
                             expected="an integer of at most 12 digits")
        try:
            number = float(text) if isinstance(value, float) else int(text)
        except ValueError:
            raise InputError(f"{text[:40]!r} is not an integer", field=name,
                             expected="an integer") from None
        if isinstance(number, float):
            if not number.is_integer():
                raise InputError(f"{value!r} is not an integer", field=name,
                                 expected="an integer")
            number = int(number)
        return number
    if tp is float:
        text = str(value).strip()
        if len(text) > 40:
            raise InputError(f"{text[:20]}... is too long for a number", field=name,
                             expected="a number")
        try:
            number = float(text)
        except ValueError:
            raise InputError(f"{text[:40]!r} is not a number", field=name,
                             expected="a number") from None
        if not math.isfinite(number):
            raise InputError(f"{value!r} is not finite", field=name, expected="a finite number")
        return number
    if isinstance(value, (dict, list, tuple)):
        raise InputError("is not text", field=name, expected="a text value")
    return str(value)


@dataclass(frozen=True)
class Request:
    """Base of every request. Subclasses are frozen dataclasses of :func:`option` fields and
    set ``analysis`` (the task name)."""

    analysis: ClassVar[str] = ""

    def __post_init__(self) -> None:
        for f, tp, optional in request_fields(type(self)):
            value = _coerce(getattr(self, f.name), tp, optional, f.name)
            object.__setattr__(self, f.name, value)
            self._check(f, value)

    @staticmethod
    def _check(f: dataclasses.Field, value: Any) -> None:
        meta = f.metadata
        if value is None:
            return
        if isinstance(value, tuple) and len(value) > MAX_ITEMS:
            raise InputError(f"has {len(value)} items", field=f.name,
                             expected=f"at most {MAX_ITEMS}")
        texts = value if isinstance(value, tuple) else (value,)
        if isinstance(value, tuple):
            # a list naming one thing twice (a column, a region, a method) has no honest
            # reading: refused rather than de-duplicated (and a DEA with 200 copies of one
            # output is a degenerate LP that runs for minutes)
            seen: set = set()
            for item in value:
                if isinstance(item, str) and item in seen:
                    raise InputError(f"lists {item[:40]!r} twice", field=f.name,
                                     expected="each value once")
                seen.add(item)
        for text in texts:
            if isinstance(text, str):
                if len(text) > meta.get("max_length", 500):
                    raise InputError(f"is longer than {meta.get('max_length', 500)} characters",
                                     field=f.name, expected="a shorter value")
                if any(ord(c) < 32 for c in text):
                    raise InputError(f"{text[:40]!r} contains control characters", field=f.name,
                                     expected="printable text")
        if value == () and isinstance(f.default, tuple) and f.default:  # issue 14
            raise InputError("is empty (or only blanks)", field=f.name,
                             expected=f"at least one value (default {list(f.default)})")
        choices = meta.get("choices")
        if choices and value not in choices:
            raise InputError(f"unknown value {value!r}", field=f.name,
                             expected=f"one of {list(choices)}")
        lo, hi = meta.get("minimum"), meta.get("maximum")
        if f.name == "year" and lo is None:
            lo, hi = YEAR_RANGE
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                raise InputError(f"{value} is out of range", field=f.name,
                                 expected=f"a value in [{lo}, {hi}]")

    @classmethod
    def from_json(cls, data: Any, *, text_fields: Mapping[str, str] | None = None) -> Request:
        """The request from a JSON body, each value of the type its field declares (a year is
        a number, a region a string...), merged with ``text_fields`` (query parameters, text
        by nature)."""
        if not isinstance(data, Mapping):
            raise InputError("is not an object", field="body", expected="a JSON object")
        kinds = {f.name: (tp, optional) for f, tp, optional in request_fields(cls)}
        for key, value in data.items():
            name = DEPRECATED_NAMES.get(str(key), str(key))
            if name not in kinds or value is None:
                continue
            tp, _ = kinds[name]
            ok = (isinstance(value, str) if tp is str else
                  isinstance(value, bool) if tp is bool else
                  isinstance(value, int) and not isinstance(value, bool) if tp is int else
                  isinstance(value, (int, float)) and not isinstance(value, bool) if tp is float
                  else isinstance(value, list) and all(isinstance(v, str) for v in value))
            if not ok:
                want = {str: "a string", bool: "true or false", int: "an integer",
                        float: "a number"}.get(tp, "a list of strings")
                raise InputError(f"has the wrong type ({type(value).__name__})", field=key,
                                 expected=want)
        both = sorted(set(text_fields or {}) & set(data))
        if both:
            raise InputError(f"{both[0]!r} given both as a query parameter and in the body",
                             field=both[0], expected="each field in one place")
        return cls.from_mapping({**(text_fields or {}), **data}, where="body")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, where: str = "request") -> Request:
        """The request from a JSON object or form fields; unknown keys are an error naming
        them, deprecated spellings (``province``, ``dataset``) are accepted with a warning."""
        if not isinstance(data, Mapping):
            raise InputError("is not an object", field=where, expected="a JSON object")
        names = {f.name for f in fields(cls)}
        given: dict[str, Any] = {}
        for key, value in data.items():
            key = str(key)
            new = DEPRECATED_NAMES.get(key)
            if key not in names and new in names:
                warn(f"{key!r} is deprecated; use {new!r}", RevitalizeDeprecationWarning,
                     field=key)
                if new in data:
                    raise InputError(f"both {key!r} and {new!r} given", field=key,
                                     expected=f"only {new!r}")
                key = new
            if key not in names:
                raise InputError(f"unknown field {key!r}", field=key,
                                 expected=f"fields of {cls.analysis}: {sorted(names)}")
            given[key] = value
        missing = [f.name for f in fields(cls)
                   if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                   and f.name not in given]
        if missing:
            raise InputError("is required", field=missing[0], expected="a value")
        return cls(**given)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in fields(self)}

    def conventions(self) -> dict[str, Any]:
        """The request's convention fields (meta["conventions"])."""
        def applies(f: dataclasses.Field) -> bool:
            alternatives = f.metadata.get("only_with", ())
            return f.metadata.get("convention", True) and (not alternatives or any(
                all(getattr(self, other) in values for other, values in alt.items())
                for alt in alternatives))

        return {f.name: jsonable(getattr(self, f.name)) for f in fields(self) if applies(f)}


@dataclass(frozen=True)
class Task:
    """A registered analysis: its name, request class, function and one-line summary."""

    name: str
    request: type[Request]
    fn: Callable[[Any, Any], Result]
    summary: str

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def command(self) -> str:
        return self.name.split(".", 1)[1].replace("_", "-")


TASKS: dict[str, Task] = {}


def task(name: str, request: type[Request], summary: str):
    """Register ``fn(request, catalog) -> Result`` as the task ``name``."""

    def wrap(fn: Callable[[Any, Any], Result]) -> Callable[[Any, Any], Result]:
        if name in TASKS and TASKS[name].fn is not fn:
            raise RuntimeError(f"task {name!r} registered twice")
        request.analysis = name
        TASKS[name] = Task(name, request, fn, summary)
        return fn

    return wrap


def run(request: Request, catalog: Any = None) -> Result:
    """Run ``request`` on ``catalog`` (default :func:`revitalize.data.catalog.default_catalog`)
    and return its result with ``meta`` in the application layer's format."""
    from revitalize.data.catalog import default_catalog

    # a request class is registered when its task module is imported, which the caller did
    if request.analysis not in TASKS:
        raise InputError(f"unknown analysis {request.analysis!r}", field="analysis",
                         expected=f"one of {sorted(TASKS)}")
    spec = TASKS[request.analysis]
    catalog = default_catalog() if catalog is None else catalog
    with collect_warnings() as caught:
        try:
            result = spec.fn(request, catalog)
        except RevitalizeError:
            raise
        except _COMPUTE_ERRORS as exc:
            # A numerical or shape error deep in a family on a request that passed validation:
            # one line naming the analysis (exit 1 / HTTP 422), never a traceback or a 500.
            text = " ".join(str(exc).split())[:300]
            raise InputError(f"{spec.name} cannot be computed for this request "
                             f"({type(exc).__name__}: {text})", field="request",
                             expected="inputs the method accepts (if they were, please report "
                                      "it with the request)") from exc
        source = getattr(request, "source", None)
        info = catalog.source_info(source) if isinstance(source, str) else None
    family = dict(result.meta)
    conventions = {**request.conventions(), **dict(family.get("conventions", {}))}
    meta = {**family,
            "analysis": spec.name,
            "method": family.get("method", spec.name),
            "conventions": conventions,
            "request": request.to_dict(),
            "warnings": [w.to_dict() for w in caught]}
    if info is not None:
        meta["input"] = info
    return dataclasses.replace(result, meta=MappingProxyType(meta))
