"""``revitalize data facts``: list figures of the embedded fact base with their sources."""

from __future__ import annotations

from pathlib import Path

import typer

from revitalize.cli.groups import data as app
from revitalize.cli.output import FormatOption, OutputFormat, OutputOption, emit

# Columns shown in the terminal table; json and csv carry every column (quote, note, labels).
_TABLE_COLUMNS = ["fact_id", "indicator", "region_name_en", "sector", "period", "value", "unit"]


@app.command("facts")
def facts_command(
    indicator: str | None = typer.Option(
        None, "--indicator",
        help="Indicator code, e.g. gdp_share_of_national, foreign_trade_dependence, rd_intensity, "
             "influence_coefficient. An unknown code lists the known ones."),
    region: str | None = typer.Option(
        None, "--region", "-r",
        help="Region in any spelling: 210000, 辽宁, Liaoning, Northeast, 全国/China, USA. "
             "Exact match: NE does not include its provinces."),
    source: str | None = typer.Option(
        None, "--source", help="Founding document id, 000 to 004 (2 = 002)."),
    sector: str | None = typer.Option(
        None, "--sector", help="Industry, case-insensitive, e.g. Agriculture."),
    period: str | None = typer.Option(
        None, "--period", help="Period as recorded, e.g. 2022 or 2003-2022."),
    fmt: OutputFormat = FormatOption,
    output: Path | None = OutputOption,
) -> None:
    """List figures of the fact base, each with its source document.

    Every figure of the five founding documents is recorded as the text states it, with the
    sentence it comes from (quote) and a note on ambiguities. The terminal table shows the key
    columns; use --format json or csv for every field (labels, quote, note). JSON is
    {"meta": {...}, "table": [...]}, meta listing the filters and each cited document.

    Examples: revitalize data facts --indicator gdp_share_of_national;
    revitalize data facts --region Liaoning --format json.
    """
    from revitalize.data.facts import FactsResult
    from revitalize.data.facts import facts as select_facts

    result = select_facts(indicator=indicator, region=region, source=source, sector=sector,
                          period=period)
    if fmt is OutputFormat.table:
        result = FactsResult(table=result.table[_TABLE_COLUMNS], meta=result.meta)
    emit(result, fmt, output, title="Fact base")
