"""The report's sections, one function each: ``<key>_section(ctx: ReportContext) -> Section``.

Every function computes by calling the package API (never re-implementing a formula), so its
tables equal what the API returns for the same inputs; missing data give ``needs_data`` with the
one command that brings them, and an error gives ``failed`` (see :mod:`revitalize.report.section`).
:func:`revitalize.report.build.build_report` calls them in :data:`ORDER`, looking each up here by
name (``<key>_section``), so a caller can replace one.
"""

from revitalize.report.sections.carbon import carbon_section
from revitalize.report.sections.decline import decline_section
from revitalize.report.sections.documents import documents_section
from revitalize.report.sections.efficiency import efficiency_section, ranking_section
from revitalize.report.sections.facts import facts_section, topic_facts
from revitalize.report.sections.industry import (
    competitiveness_section,
    linkages_section,
    regionalization_section,
    similarity_section,
)
from revitalize.report.sections.nation import (
    innovation_section,
    opening_section,
    productivity_section,
    weight_section,
)
from revitalize.report.sections.opportunities import opportunities_section
from revitalize.report.sections.outlook import evaluation_section, forecast_section
from revitalize.report.sections.policy import policy_section
from revitalize.report.sections.spillovers import spillovers_section
from revitalize.report.sections.stability import stability_section

__all__ = ["ORDER", "carbon_section", "competitiveness_section", "decline_section", "documents_section",
           "efficiency_section", "evaluation_section", "facts_section",
           "opportunities_section", "policy_section", "ranking_section", "spillovers_section",
           "forecast_section", "innovation_section", "linkages_section", "opening_section",
           "productivity_section", "regionalization_section", "similarity_section",
           "stability_section", "topic_facts", "weight_section"]

ORDER: tuple[str, ...] = ("facts", "weight", "linkages", "stability", "competitiveness", "similarity",
                          "opening", "innovation", "productivity", "efficiency", "evaluation",
                          "ranking", "forecast", "regionalization", "opportunities", "decline",
                          "policy", "spillovers", "carbon", "documents")
