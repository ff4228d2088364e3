"""Indicator systems as data: declarative YAML hierarchies of indicators.

A system file (see ``five_securities.yaml`` and ``economy_society_environment.yaml`` beside
this module) holds::

    name, title, source, notes
    datasets:   {dataset: {exclude_flags: "E", note: ...}}      # quality flags dropped on read
    weights:    how the subsystem indices are combined (see below)
    subsystems: - key, name, weights, note,
                  indicators: - key, name, unit, direction (benefit | cost),
                                source: "dataset:indicator" or "dataset:a / dataset:b",
                                scale (factor applied to the source value, default 1),
                                missing: exclude (default) | zero, note
    omitted:    - key, name, reason                              # subsystems without data

``weights`` is ``equal | entropy | critic`` or a mapping: ``{method: ahp, judgment: [[1, 3],
["1/3", 1]], ahp_method: eigenvector}`` (judgments in indicator order; fractions as strings),
``{method: fixed, values: {key: weight}}``, or ``{method: combined, subjective: <ahp or fixed
mapping>, objective: entropy | critic, rule: linear | multiplicative, alpha: 0.5}``.

``missing: zero`` declares that a blank *numerator* means 0 (e.g. provinces that produce no
coal are blank in some source years); it is applied only where the denominator exists and every
filled cell is counted in the result's ``meta``. Without it a region-year lacking a value is
excluded from the evaluation, with a note -- never imputed.

:func:`load_system` reads a shipped system by name or any YAML file, validating every field
(errors name the file, the path of the field and what was expected).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from revitalize.errors import InputError, UnknownLabelError
from revitalize.safety import load_yaml

__all__ = [
    "DIRECTIONS",
    "WEIGHT_METHODS",
    "DatasetOptions",
    "IndicatorRef",
    "IndicatorSpec",
    "IndicatorSystem",
    "OmittedSubsystem",
    "Subsystem",
    "WeightSpec",
    "available_systems",
    "load_system",
    "system_from_mapping",
]

DIRECTIONS = ("benefit", "cost")
WEIGHT_METHODS = ("equal", "entropy", "critic", "ahp", "fixed", "combined")
_MISSING_RULES = ("exclude", "zero")
_TOP_KEYS = {"name", "title", "source", "notes", "datasets", "weights", "subsystems", "omitted"}
_SUB_KEYS = {"key", "name", "weights", "note", "indicators"}
_IND_KEYS = {"key", "name", "unit", "direction", "source", "scale", "missing", "note"}
_WEIGHT_KEYS = {"method", "judgment", "ahp_method", "values", "subjective", "objective", "rule",
                "alpha"}


@dataclass(frozen=True)
class IndicatorRef:
    """One panel series: ``dataset:indicator``."""

    dataset: str
    indicator: str

    def __str__(self) -> str:
        return f"{self.dataset}:{self.indicator}"


@dataclass(frozen=True)
class IndicatorSpec:
    """A leaf indicator: ``scale * numerator / denominator`` (or ``scale * numerator``)."""

    key: str
    name: str
    unit: str
    direction: str
    numerator: IndicatorRef
    denominator: IndicatorRef | None = None
    scale: float = 1.0
    missing: str = "exclude"
    note: str = ""

    @property
    def source(self) -> str:
        text = str(self.numerator) + (f" / {self.denominator}" if self.denominator else "")
        return text if self.scale == 1.0 else f"{self.scale:g} * {text}"


@dataclass(frozen=True)
class WeightSpec:
    """How weights are obtained (see the module docstring)."""

    method: str = "equal"
    judgment: tuple[tuple[float, ...], ...] | None = None
    ahp_method: str = "eigenvector"
    values: Mapping[str, float] | None = None
    subjective: WeightSpec | None = None
    objective: str | None = None
    rule: str = "linear"
    alpha: float = 0.5

    def describe(self) -> str:
        if self.method == "combined":
            return (f"combined({self.subjective.describe()}, {self.objective}, rule={self.rule}"
                    + (f", alpha={self.alpha:g})" if self.rule == "linear" else ")"))
        if self.method == "ahp":
            return f"ahp({self.ahp_method}, judgment given)"
        return self.method


@dataclass(frozen=True)
class Subsystem:
    key: str
    name: str
    indicators: tuple[IndicatorSpec, ...]
    weights: WeightSpec = field(default_factory=WeightSpec)
    note: str = ""


@dataclass(frozen=True)
class OmittedSubsystem:
    """A subsystem the system names but cannot measure (no data): kept with the reason."""

    key: str
    name: str
    reason: str


@dataclass(frozen=True)
class DatasetOptions:
    exclude_flags: str = ""
    note: str = ""


@dataclass(frozen=True)
class IndicatorSystem:
    """A declared hierarchy: subsystems of indicators, weights, datasets and omissions."""

    name: str
    title: str
    subsystems: tuple[Subsystem, ...]
    weights: WeightSpec = field(default_factory=WeightSpec)
    datasets: Mapping[str, DatasetOptions] = field(default_factory=dict)
    omitted: tuple[OmittedSubsystem, ...] = ()
    source: str = ""
    notes: tuple[str, ...] = ()
    file: str | None = None
    sha256: str | None = None

    @property
    def indicators(self) -> tuple[IndicatorSpec, ...]:
        return tuple(i for s in self.subsystems for i in s.indicators)

    def datasets_needed(self) -> list[str]:
        refs = [r for i in self.indicators for r in (i.numerator, i.denominator) if r]
        return sorted({r.dataset for r in refs})

    def describe(self) -> list[dict[str, Any]]:
        """One record per indicator (subsystem, key, name, unit, direction, source, weights)."""
        return [{"subsystem": s.key, "indicator": i.key, "name": i.name, "unit": i.unit,
                 "direction": i.direction, "source": i.source, "missing": i.missing,
                 "weights": s.weights.describe()} for s in self.subsystems for i in s.indicators]


# ---------------------------------------------------------------------------- parsing
class _Where:
    """The file and field path used in error messages."""

    def __init__(self, file: str) -> None:
        self.file = file

    def error(self, path: str, message: str, expected: str) -> InputError:
        return InputError(message, file=self.file, field=path, expected=expected)


def _text(value, where: _Where, path: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or str(value) == "":
        raise where.error(path, f"{value!r} is not a text value", "a non-empty string")
    return " ".join(str(value).split())


def _keys(spec, allowed: set[str], where: _Where, path: str) -> Mapping:
    if not isinstance(spec, Mapping):
        raise where.error(path, f"{type(spec).__name__} where a mapping was expected",
                          f"a mapping with keys among {sorted(allowed)}")
    unknown = sorted(set(map(str, spec)) - allowed)
    if unknown:
        raise where.error(path, f"unknown keys {unknown}", f"keys among {sorted(allowed)}")
    return spec


def _number(value, where: _Where, path: str) -> float:
    try:
        if isinstance(value, bool):
            raise ValueError
        out = float(Fraction(value)) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise where.error(path, f"{value!r} is not a number", "a number or a fraction "
                                                              "such as '1/3'") from None
    return out


def _ref(text: str, where: _Where, path: str) -> IndicatorRef:
    parts = [p.strip() for p in text.split(":")]
    if len(parts) != 2 or not all(parts):
        raise where.error(path, f"source term {text!r}", "'dataset:indicator'")
    return IndicatorRef(*parts)


def _indicator(spec, where: _Where, path: str) -> IndicatorSpec:
    spec = _keys(spec, _IND_KEYS, where, path)
    for key in ("key", "name", "direction", "source"):
        if key not in spec:
            raise where.error(f"{path}.{key}", f"missing {key!r}", f"{key} for every indicator")
    direction = str(spec["direction"]).strip().lower()
    if direction not in DIRECTIONS:
        raise where.error(f"{path}.direction", f"direction {spec['direction']!r}",
                          "benefit or cost")
    missing = str(spec.get("missing", "exclude"))
    if missing not in _MISSING_RULES:
        raise where.error(f"{path}.missing", f"missing rule {missing!r}", "exclude or zero")
    terms = [t.strip() for t in _text(spec["source"], where, f"{path}.source").split("/")]
    if len(terms) > 2:
        raise where.error(f"{path}.source", f"{spec['source']!r} has more than one '/'",
                          "'dataset:indicator' or 'dataset:a / dataset:b'")
    refs = [_ref(t, where, f"{path}.source") for t in terms]
    scale = _number(spec.get("scale", 1), where, f"{path}.scale")
    if not scale > 0:
        raise where.error(f"{path}.scale", f"scale {scale!r}", "a positive factor")
    return IndicatorSpec(
        key=_text(spec["key"], where, f"{path}.key"), name=_text(spec["name"], where, path),
        unit=_text(spec.get("unit"), where, f"{path}.unit", required=False),
        direction=direction, numerator=refs[0], denominator=refs[1] if len(refs) > 1 else None,
        scale=scale, missing=missing,
        note=_text(spec.get("note"), where, f"{path}.note", required=False))


def _judgment(matrix, n: int, where: _Where, path: str) -> tuple[tuple[float, ...], ...]:
    if not isinstance(matrix, Sequence) or len(matrix) != n or any(
            not isinstance(r, Sequence) or isinstance(r, str) or len(r) != n for r in matrix):
        raise where.error(path, f"judgment matrix is not {n} x {n}",
                          f"an {n} x {n} matrix in the order of the items it weights")
    return tuple(tuple(_number(v, where, f"{path}[{i}][{j}]") for j, v in enumerate(row))
                 for i, row in enumerate(matrix))


def _weights(spec, keys: list[str], where: _Where, path: str, *,
             allow_objective: bool = True) -> WeightSpec:
    if spec is None:
        return WeightSpec()
    if isinstance(spec, str):
        spec = {"method": spec}
    spec = _keys(spec, _WEIGHT_KEYS, where, path)
    method = str(spec.get("method", ""))
    allowed = WEIGHT_METHODS if allow_objective else ("equal", "ahp", "fixed")
    if method not in allowed:
        raise where.error(f"{path}.method", f"weight method {method!r}", f"one of {allowed}")
    if method == "ahp":
        return WeightSpec("ahp", judgment=_judgment(spec.get("judgment"), len(keys), where,
                                                    f"{path}.judgment"),
                          ahp_method=str(spec.get("ahp_method", "eigenvector")))
    if method == "fixed":
        values = _keys(spec.get("values"), set(keys), where, f"{path}.values")
        if set(values) != set(keys):
            raise where.error(f"{path}.values", f"weights for {sorted(values)}",
                              f"one weight per item: {keys}")
        return WeightSpec("fixed", values={k: _number(values[k], where, f"{path}.values.{k}")
                                           for k in keys})
    if method == "combined":
        subjective = _weights(spec.get("subjective"), keys, where, f"{path}.subjective",
                              allow_objective=False)
        objective = str(spec.get("objective", ""))
        if objective not in ("entropy", "critic"):
            raise where.error(f"{path}.objective", f"objective method {objective!r}",
                              "entropy or critic")
        return WeightSpec("combined", subjective=subjective, objective=objective,
                          rule=str(spec.get("rule", "linear")),
                          alpha=_number(spec.get("alpha", 0.5), where, f"{path}.alpha"))
    return WeightSpec(method)


def _subsystem(spec, where: _Where, path: str) -> Subsystem:
    spec = _keys(spec, _SUB_KEYS, where, path)
    inds = spec.get("indicators")
    if not isinstance(inds, Sequence) or isinstance(inds, str) or not inds:
        raise where.error(f"{path}.indicators", "no indicators", "a list of indicators")
    indicators = tuple(_indicator(s, where, f"{path}.indicators[{k}]")
                       for k, s in enumerate(inds))
    keys = [i.key for i in indicators]
    key = _text(spec.get("key"), where, f"{path}.key")
    return Subsystem(key=key, name=_text(spec.get("name", key), where, f"{path}.name"),
                     indicators=indicators,
                     weights=_weights(spec.get("weights"), keys, where, f"{path}.weights"),
                     note=_text(spec.get("note"), where, f"{path}.note", required=False))


def _omitted(items, where: _Where) -> tuple[OmittedSubsystem, ...]:
    out = []
    for k, spec in enumerate(items or []):
        spec = _keys(spec, {"key", "name", "reason"}, where, f"omitted[{k}]")
        out.append(OmittedSubsystem(_text(spec.get("key"), where, f"omitted[{k}].key"),
                                    _text(spec.get("name"), where, f"omitted[{k}].name"),
                                    _text(spec.get("reason"), where, f"omitted[{k}].reason")))
    return tuple(out)


def _datasets(spec, where: _Where) -> dict[str, DatasetOptions]:
    out = {}
    for name, opts in (_keys(spec or {}, set(map(str, spec or {})), where, "datasets")).items():
        opts = _keys(opts or {}, {"exclude_flags", "note"}, where, f"datasets.{name}")
        out[str(name)] = DatasetOptions(
            exclude_flags=str(opts.get("exclude_flags", "")),
            note=_text(opts.get("note"), where, f"datasets.{name}.note", required=False))
    return out


def _check_unique(system: IndicatorSystem, where: _Where) -> None:
    keys = [s.key for s in system.subsystems] + [o.key for o in system.omitted]
    inds = [i.key for i in system.indicators]
    for what, items in (("subsystem", keys), ("indicator", inds)):
        dup = sorted({k for k in items if items.count(k) > 1})
        if dup:
            raise where.error(f"{what}s", f"duplicate {what} keys {dup}", "distinct keys")
    clash = sorted(set(keys) & set(inds))
    if clash:
        raise where.error("subsystems", f"keys {clash} name both a subsystem and an indicator",
                          "distinct keys")


def system_from_mapping(config: Mapping, *, file: str = "indicator system",
                        sha256: str | None = None) -> IndicatorSystem:
    """Validate a parsed system definition and build the :class:`IndicatorSystem`."""
    where = _Where(file)
    config = _keys(config, _TOP_KEYS, where, "(top level)")
    subs = config.get("subsystems")
    if not isinstance(subs, Sequence) or isinstance(subs, str) or not subs:
        raise where.error("subsystems", "no subsystems", "a list of subsystems")
    subsystems = tuple(_subsystem(s, where, f"subsystems[{k}]") for k, s in enumerate(subs))
    notes = config.get("notes") or []
    system = IndicatorSystem(
        name=_text(config.get("name", Path(file).stem), where, "name"),
        title=_text(config.get("title", config.get("name", Path(file).stem)), where, "title"),
        subsystems=subsystems,
        weights=_weights(config.get("weights"), [s.key for s in subsystems], where, "weights"),
        datasets=_datasets(config.get("datasets"), where), omitted=_omitted(config.get("omitted"),
                                                                           where),
        source=_text(config.get("source"), where, "source", required=False),
        notes=tuple(_text(n, where, "notes") for n in ([notes] if isinstance(notes, str)
                                                       else notes)),
        file=Path(file).name, sha256=sha256)
    _check_unique(system, where)
    return system


def available_systems() -> list[str]:
    """Names of the systems shipped with the package."""
    folder = resources.files(__name__)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_system(name_or_path: str | Path) -> IndicatorSystem:
    """A shipped system by name (:func:`available_systems`) or a YAML file by path."""
    import yaml

    from revitalize.results import sha256_of

    path = Path(name_or_path)
    if not path.is_file():
        shipped = resources.files(__name__) / f"{name_or_path}.yaml"
        if not shipped.is_file():
            raise UnknownLabelError(f"no indicator system {str(name_or_path)!r}",
                                    field="system", expected=f"a YAML file or one of "
                                                             f"{available_systems()}")
        path = Path(str(shipped))
    try:
        config = load_yaml(path.read_text(encoding="utf-8"), file=path)  # no aliases, bounded
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"not valid YAML ({getattr(exc, 'problem', exc)})", file=path,
                         row=None if mark is None else mark.line + 1,
                         expected="a YAML mapping") from None
    return system_from_mapping(config, file=str(path), sha256=sha256_of(path))
