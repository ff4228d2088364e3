"""``revitalize evaluate entropy|critic|topsis|gra|coupling``: objective weights, TOPSIS, grey
relational analysis and coupling coordination on a CSV file.

Decision matrix (``entropy``, ``critic``, ``topsis``, ``gra``): a UTF-8 CSV, one row per
alternative; the alternative labels are in the column ``alternative`` if there is one (or the
column named by ``--id-column``), else in the first column; the criteria are the columns named
in ``--criteria``.

Criteria specification ``--criteria SPEC``:

* inline: ``"name:direction[:weight],..."``, e.g. ``"gdp:+:0.3,co2:-:0.2,rd:benefit:0.5"``;
  direction ``+``/``benefit`` (larger is better) or ``-``/``cost`` (smaller is better);
* or the path of a JSON/YAML file: a list of ``{name, direction, weight}`` records, or a
  mapping ``name: {direction: ..., weight: ...}`` (``name: direction`` when there is no weight).

Weights, when given, must be given for every criterion; they are renormalised (with a warning)
when they do not sum to 1. Matrix columns not named in the spec are ignored (with a warning).

Subsystem indices (``coupling``): a UTF-8 CSV with a ``region`` column, optionally ``year``, and
one column per subsystem index in [0, 1].

Warnings (constant criteria, renormalised weights, ignored columns) are printed to standard
error as ``warning: ...`` lines and kept in ``meta["warnings"]``.
"""

from __future__ import annotations

import contextlib
import enum
import json
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import typer

from revitalize.cli.evaluate_cmd import app
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit
from revitalize.errors import DataQualityWarning, InputError, UnknownLabelError
from revitalize.errors import warn as _warn
from revitalize.evaluate.validate import parse_direction
from revitalize.results import Provenance, Result

__all__ = ["CriterionSpec", "parse_criteria", "read_matrix"]

SPEC_HELP = ("Criteria: 'name:direction[:weight],...' with direction + (benefit) or - (cost), "
             "e.g. 'gdp:+:0.3,co2:-:0.2'; or a JSON/YAML file listing {name, direction, weight}.")
IdOption = typer.Option(None, "--id-column",
                        help="Column holding the alternative labels (default: 'alternative' if "
                             "present, else the first column).")


class Weighting(enum.StrEnum):
    spec = "spec"
    entropy = "entropy"
    critic = "critic"
    equal = "equal"


class TopsisNormalisation(enum.StrEnum):
    vector = "vector"
    minmax = "minmax"


class GraNormalisation(enum.StrEnum):
    minmax = "minmax"
    mean = "mean"
    none = "none"


class ZeroHandling(enum.StrEnum):
    shift = "shift"
    zero_log = "zero_log"


class Standardisation(enum.StrEnum):
    minmax = "minmax"
    none = "none"


class Formula(enum.StrEnum):
    standard = "standard"
    wang2021 = "wang2021"


class Scheme(enum.StrEnum):
    ten_class = "ten_class"
    four_class = "four_class"


# ---------------------------------------------------------------------------- inputs
class CriterionSpec(tuple):
    """``(name, direction, weight or None)``."""

    __slots__ = ()

    def __new__(cls, name: str, direction: str, weight: float | None):
        return super().__new__(cls, (name, direction, weight))


def _weight(value, where: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InputError(f"weight {value!r} is not a number", field=where,
                         expected="name:direction:weight with a numeric weight") from None


def _spec_from_file(path: Path) -> list[CriterionSpec]:
    import yaml

    text = path.read_text(encoding="utf-8-sig")
    try:
        doc = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot parse the criteria file ({exc})", file=path,
                         expected="JSON or YAML") from None
    if isinstance(doc, dict):
        doc = [{"name": k, **(v if isinstance(v, dict) else {"direction": v})}
               for k, v in doc.items()]
    if not isinstance(doc, list) or not all(isinstance(d, dict) for d in doc):
        raise InputError("criteria file is neither a list of records nor a mapping", file=path,
                         expected="[{name, direction, weight}, ...] or {name: {direction, weight}}")
    out = []
    for i, d in enumerate(doc, start=1):
        if "name" not in d or "direction" not in d:
            raise InputError(f"criterion record {i} lacks name or direction", file=path, row=i,
                             expected="name and direction (weight optional)")
        out.append(CriterionSpec(str(d["name"]), str(d["direction"]),
                                 _weight(d.get("weight"), f"criterion {d['name']}")))
    return out


def parse_criteria(spec: str) -> list[CriterionSpec]:
    """Parse ``--criteria`` (inline or file; see the module docstring)."""
    path = Path(spec)
    if path.suffix.lower() in (".json", ".yaml", ".yml"):
        if not path.is_file():
            raise InputError("criteria file not found", file=spec, expected="an existing file")
        out = _spec_from_file(path)
    else:
        out = []
        for token in (t.strip() for t in spec.split(",")):
            parts = [p.strip() for p in token.split(":")]
            if not token or len(parts) not in (2, 3) or not parts[0]:
                raise InputError(f"criterion {token!r} is not name:direction[:weight]",
                                 field="--criteria", expected="e.g. 'gdp:+:0.3,co2:-:0.2'")
            out.append(CriterionSpec(parts[0], parts[1],
                                     _weight(parts[2] if len(parts) == 3 else None, token)))
    for name, direction, _ in out:
        parse_direction(direction, name)
    names = [c[0] for c in out]
    dup = sorted({n for n in names if names.count(n) > 1})
    if not out or dup:
        raise InputError(f"criteria spec is empty or repeats {dup}", field="--criteria",
                         expected="each criterion once")
    return out


def read_matrix(path: Path, criteria: list[CriterionSpec], id_column: str | None
                ) -> pd.DataFrame:
    """The decision matrix of ``path``: index = alternatives, columns = the spec's criteria."""
    frame = pd.read_csv(path, encoding="utf-8-sig")
    ident = id_column or ("alternative" if "alternative" in frame.columns else frame.columns[0])
    if ident not in frame.columns:
        raise UnknownLabelError(f"no column {ident!r}", file=path, field="--id-column",
                                expected=f"one of {list(frame.columns)[:10]}")
    names = [c[0] for c in criteria]
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise UnknownLabelError(f"criteria {missing} are not columns of the file", file=path,
                                field="--criteria", expected=f"columns among "
                                                             f"{list(frame.columns)[:12]}")
    ignored = [c for c in frame.columns if c != ident and c not in names]
    if ignored:
        _warn(f"{path.name}: columns {ignored[:8]} are not in --criteria and are ignored",
                      DataQualityWarning, stacklevel=2)
    matrix = frame.set_index(frame[ident].astype(str).rename("alternative"))[names]
    matrix.columns.name = "criterion"
    return matrix


def _weights_from_spec(criteria: list[CriterionSpec]) -> dict | None:
    given = {n: w for n, _, w in criteria if w is not None}
    if not given:
        return None
    missing = [n for n, _, w in criteria if w is None]
    if missing:
        raise InputError(f"weights given for some criteria but not for {missing}",
                         field="--criteria", expected="a weight for every criterion or for none")
    return given


@contextlib.contextmanager
def _collect_warnings(messages: list[str]) -> Iterator[None]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for w in caught:
                text = " ".join(str(w.message).split())
                messages.append(text)
                sys.stderr.write(f"warning: {text}\n")


def _finish(result: Result, path: Path, messages: list[str], **more) -> Result:
    """Add the input file's provenance, the warnings and ``more`` to ``meta``."""
    meta = dict(result.meta)
    prov = Provenance.from_file(path, source="user-supplied CSV", reader="pandas.read_csv")
    meta.update(provenance=[prov.to_dict()], warnings=list(messages), **more)
    return type(result)(table=result.table, meta=MappingProxyType(meta), extra=result.extra)


def _run(matrix_path: Path, spec: str, id_column, compute) -> tuple[Result, list[str]]:
    messages: list[str] = []
    with _collect_warnings(messages):
        criteria = parse_criteria(spec)
        matrix = read_matrix(matrix_path, criteria, id_column)
        directions = {n: d for n, d, _ in criteria}
        result = compute(matrix, directions, criteria)
    return result, messages


def _unused_weights(criteria: list[CriterionSpec], command: str) -> None:
    if any(w is not None for _, _, w in criteria):
        _warn(f"{command} computes the weights: the weights given in --criteria are "
                      "ignored", DataQualityWarning, stacklevel=2)


def _objective_weights(matrix, directions, weighting: Weighting, criteria):
    from revitalize.evaluate.weights import critic_weights, entropy_weights

    if weighting is Weighting.entropy:
        return entropy_weights(matrix, directions, name="matrix").weights.to_dict()
    if weighting is Weighting.critic:
        return critic_weights(matrix, directions, name="matrix").weights.to_dict()
    if weighting is Weighting.equal:
        return dict.fromkeys(matrix.columns, 1.0 / matrix.shape[1])
    return _weights_from_spec(criteria)


# ---------------------------------------------------------------------------- commands
MatrixArgument = typer.Argument(..., help="Decision matrix CSV (rows alternatives).",
                                exists=True, dir_okay=False, readable=True)
CriteriaOption = typer.Option(..., "--criteria", "-c", help=SPEC_HELP)


@app.command("entropy")
def entropy_command(
    matrix: Path = MatrixArgument,
    criteria: str = CriteriaOption,
    zero_handling: ZeroHandling = typer.Option(
        ZeroHandling.shift, "--zero-handling",
        help="'shift': add --epsilon to the standardised values (default); 'zero_log': "
             "no shift, 0*ln(0) = 0."),
    epsilon: float = typer.Option(1e-4, "--epsilon", help="Shift of --zero-handling shift."),
    standardisation: Standardisation = typer.Option(
        Standardisation.minmax, "--standardisation",
        help="'minmax' (direction-aware, default) or 'none' (raw values >= 0)."),
    id_column: str | None = IdOption,
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Entropy weights of the criteria: {criterion, weight, entropy, divergence}.

    e_j = -(1/ln m) sum_i p_ij ln p_ij with p_ij the shares of the (standardised, shifted)
    values; d_j = 1 - e_j; w_j = d_j / sum d. Example:
    revitalize evaluate entropy provinces.csv --criteria "gdp:+,co2:-" --format json
    """
    from revitalize.evaluate.weights import entropy_weights

    def compute(m, directions, spec):
        _unused_weights(spec, "entropy")
        return entropy_weights(m, directions, zero_handling=zero_handling.value,
                               epsilon=epsilon, standardisation=standardisation.value,
                               name=str(matrix))

    result, messages = _run(matrix, criteria, id_column, compute)
    emit(_finish(result, matrix, messages), fmt, output, title="Entropy weights")


@app.command("critic")
def critic_command(
    matrix: Path = MatrixArgument,
    criteria: str = CriteriaOption,
    id_column: str | None = IdOption,
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """CRITIC weights: {criterion, weight, std, conflict, information}.

    Diakoulaki, Mavrotas & Papayannakis (1995): C_j = sigma_j * sum_k (1 - r_jk) on direction-aware min-max values; w_j = C_j / sum C.
    """
    from revitalize.evaluate.weights import critic_weights

    def compute(m, directions, spec):
        _unused_weights(spec, "critic")
        return critic_weights(m, directions, name=str(matrix))

    result, messages = _run(matrix, criteria, id_column, compute)
    emit(_finish(result, matrix, messages), fmt, output, title="CRITIC weights")


WeightingOption = typer.Option(
    Weighting.spec, "--weighting",
    help="Criterion weights: 'spec' (the weights of --criteria; default), 'entropy' or 'critic' "
         "(computed from the matrix), 'equal'.")


@app.command("topsis")
def topsis_command(
    matrix: Path = MatrixArgument,
    criteria: str = CriteriaOption,
    normalisation: TopsisNormalisation = typer.Option(
        TopsisNormalisation.vector, "--normalisation",
        help="'vector' (x / sqrt(sum x^2), Hwang & Yoon; default) or 'minmax'."),
    weighting: Weighting = WeightingOption,
    id_column: str | None = IdOption,
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """TOPSIS ranking: {alternative, closeness, rank}; C = D- / (D+ + D-), rank 1 = best.

    Example: revitalize evaluate topsis provinces.csv --criteria "gdp:+:0.5,co2:-:0.5";
    revitalize evaluate topsis provinces.csv --criteria "gdp:+,co2:-" --weighting entropy
    """
    from revitalize.evaluate.topsis import topsis

    def compute(m, directions, spec):
        weights = _objective_weights(m, directions, weighting, spec)
        if weights is None:
            raise InputError("no criterion weights", field="--criteria",
                             expected="name:direction:weight for every criterion, or "
                                      "--weighting entropy|critic|equal")
        return topsis(m, weights, directions, normalisation=normalisation.value,
                      name=str(matrix))

    result, messages = _run(matrix, criteria, id_column, compute)
    emit(_finish(result, matrix, messages, weighting=weighting.value), fmt, output,
         title="TOPSIS")


def _reference(value: str):
    if value == "ideal":
        return "ideal"
    pairs = [p.split(":") for p in value.split(",")]
    if not all(len(p) == 2 for p in pairs):
        raise InputError(f"reference {value!r} is not 'ideal' or name:value,...",
                         field="--reference", expected="e.g. 'gdp:120,co2:0.5'")
    return {k.strip(): _weight(v.strip(), f"reference {k}") for k, v in pairs}


@app.command("gra")
def gra_command(
    matrix: Path = MatrixArgument,
    criteria: str = CriteriaOption,
    rho: float = typer.Option(0.5, "--rho", help="Distinguishing coefficient, 0 < rho <= 1."),
    normalisation: GraNormalisation = typer.Option(
        GraNormalisation.minmax, "--normalisation",
        help="'minmax' (default), 'mean' (x / mean) or 'none'."),
    reference: str = typer.Option(
        "ideal", "--reference",
        help="'ideal' (best value per criterion; default) or raw values 'name:value,...'."),
    weighting: Weighting = typer.Option(
        Weighting.spec, "--weighting",
        help="'spec' (the weights of --criteria, or equal weights when none are given; "
             "default), 'entropy', 'critic' or 'equal'."),
    id_column: str | None = IdOption,
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Grey relational analysis: {alternative, grade, rank}; rank 1 = largest grade.

    xi_ij = (D_min + rho D_max) / (D_ij + rho D_max) with D_ij = |x*_0j - x*_ij|;
    grade = sum_j w_j xi_ij.
    """
    from revitalize.evaluate.gra import grey_relational

    def compute(m, directions, spec):
        weights = _objective_weights(m, directions, weighting, spec)
        return grey_relational(m, weights, directions, rho=rho,
                               normalisation=normalisation.value,
                               reference=_reference(reference), name=str(matrix))

    result, messages = _run(matrix, criteria, id_column, compute)
    emit(_finish(result, matrix, messages, weighting=weighting.value), fmt, output,
         title="Grey relational analysis")


def read_indices(path: Path, subsystems: list[str] | None) -> pd.DataFrame:
    """Subsystem indices indexed by region (and year) from a CSV."""
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype={"region": str})
    if "region" not in frame.columns:
        raise InputError("no 'region' column", file=path, field="region",
                         expected="columns region, [year,] U1..Un")
    keys = ["region"] + (["year"] if "year" in frame.columns else [])
    frame = frame.set_index(keys)
    if subsystems is None:
        return frame
    missing = [s for s in subsystems if s not in frame.columns]
    if missing:
        raise UnknownLabelError(f"subsystems {missing} are not columns of the file", file=path,
                                field="--subsystems", expected=f"among {list(frame.columns)}")
    return frame[subsystems]


def _subsystem_weights(value: str | None):
    if value is None:
        return None
    items = [p.strip() for p in value.split(",")]
    if all(":" in p for p in items):
        return {k.strip(): _weight(v.strip(), "--weights") for k, v in
                (p.split(":", 1) for p in items)}
    return [_weight(p, "--weights") for p in items]


@app.command("coupling")
def coupling_command(
    indices: Path = typer.Argument(..., help="CSV: region, [year,] one column per subsystem "
                                             "index in [0, 1].",
                                   exists=True, dir_okay=False, readable=True),
    formula: Formula = typer.Option(
        Formula.standard, "--formula",
        help="Coupling C: 'standard' n*[prod U / (sum U)^n]^(1/n) (default) or 'wang2021' "
             "(王淑佳 et al. 2021, 自然资源学报 36(3): 793-810)."),
    weights: str | None = typer.Option(
        None, "--weights", help="Subsystem weights beta of T = sum beta_i U_i: "
                                "'U1:0.5,U2:0.5' or '0.5,0.5' (default equal)."),
    scheme: Scheme = typer.Option(
        Scheme.ten_class, "--scheme",
        help="Grading of D: 'ten_class' (extreme disorder ... quality coordination; default) or "
             "'four_class' (low/moderate/high/extreme coordination at 0.3/0.5/0.8)."),
    subsystems: str | None = typer.Option(
        None, "--subsystems", help="Comma-separated subsystem columns (default: all but "
                                   "region/year)."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """Coupling coordination degree: {region, year, C, T, D, class}; D = sqrt(C * T)."""
    from revitalize.evaluate.coupling import coupling_coordination

    messages: list[str] = []
    with _collect_warnings(messages):
        names = None if subsystems is None else [s.strip() for s in subsystems.split(",")]
        frame = read_indices(indices, names)
        result = coupling_coordination(frame, formula=formula.value,
                                       weights=_subsystem_weights(weights),
                                       scheme=scheme.value, name=str(indices))
    emit(_finish(result, indices, messages), fmt, output, title="Coupling coordination")
