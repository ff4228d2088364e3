"""The dashboard at the HTTP level: its bilingual strings endpoint, every label of the page in the
catalogue in both languages, and the views of the families calling task endpoints that exist."""

from __future__ import annotations

import re

import pytest

from revitalize.report.catalogue import dashboard as catalogue
from revitalize.report.catalogue import dashboard_capital
from revitalize.web.dashboard import dashboard_html
from tests.report.zh_check import english_words

# proper names, method abbreviations and file formats the Chinese labels keep as they are
DASHBOARD_ALLOWED = frozenset("""AHP YAML CR Ghosh Andersen-Petersen Tone BCC CRS VRS NIRS NDRS
CODAS CoCoSo WASPAS Borda CRITIC""".split())
# the dashboard's catalogue modules: the page's own, and one per view added in its own file
DASHBOARD_MODULES = (catalogue, dashboard_capital)
DASHBOARD_STRINGS = {k: v for m in DASHBOARD_MODULES for k, v in m.STRINGS.items()}
VIEWS = {  # section id -> the task endpoints it calls
    "efficiency": ["/api/efficiency/dea"], "malmquist": ["/api/efficiency/malmquist"],
    "decision": ["/api/evaluate/compare", "/api/evaluate/vikor", "/api/evaluate/promethee",
                 "/api/evaluate/edas", "/api/evaluate/codas", "/api/evaluate/mabac",
                 "/api/evaluate/cocoso", "/api/evaluate/waspas", "/api/evaluate/moora"],
    "smaa": ["/api/uncertainty/mcda"], "relatedness": ["/api/relatedness/opportunities"],
    "synthetic": ["/api/policy/synthetic-control"], "spillovers": ["/api/io/spillovers"],
    "capital": ["/api/indicators/capital-stock"]}


def _keys_used(html: str) -> set[str]:
    return set(re.findall(r'data-i18n="(dash_\w+)"', html)) | set(
        re.findall(r'\bt\("(dash_\w+)"', html)) | set(re.findall(r'"(dash_\w+)"', html))


def test_every_label_of_the_page_is_in_the_catalogue_in_both_languages():
    used = _keys_used(dashboard_html())
    assert len(used) > 100
    missing = sorted(used - set(DASHBOARD_STRINGS))
    assert not missing, missing
    for key, (en, zh) in DASHBOARD_STRINGS.items():
        assert key.startswith("dash_"), key  # served to the page by its prefix
        assert en and zh, key
        assert re.findall(r"\{\w+\}", en) == re.findall(r"\{\w+\}", zh) or sorted(
            re.findall(r"\{\w+\}", en)) == sorted(re.findall(r"\{\w+\}", zh)), key
        if key not in ("dash_ix_malmquist", "dash_ahp_cr"):  # a name, a symbol: the same in both
            assert re.search(r"[\u4e00-\u9fff]", zh), (key, zh)
        words = {w for w in english_words(re.sub(r"\{\w+\}", " ", zh)) if w not in DASHBOARD_ALLOWED}
        assert not words, (key, zh, words)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_strings_endpoint(client, lang):
    r = client.get(f"/api/dashboard/strings?lang={lang}")
    assert r.status_code == 200
    body = r.json()
    assert body["lang"] == lang
    assert body["strings"]["dash_ef_title"] == catalogue.STRINGS["dash_ef_title"][lang == "zh"]
    # table headers: the package's column labels with their units, per view where they differ
    from revitalize.report.i18n import column_label

    assert body["columns"]["efficiency"] == column_label("efficiency", lang)
    assert body["table_columns"]["rl"]["industry"] == column_label("industry", lang, "dashboard.rl")
    assert body["columns"]["industry"] != body["table_columns"]["rl"]["industry"]
    assert body["regions"]["210000"] == ("辽宁" if lang == "zh" else "Liaoning")
    # numbers by the package's rule of their kind
    assert body["kinds"]["efficiency"] == "coefficient"
    assert body["table_kinds"]["*"]["year_to"] == "year"
    assert body["number_rules"]["decimals"] == {"coefficient": 3, "percent": 2, "probability": 2,
                                                 "count": 0, "rank": 0, "year": 0}
    assert body["units"]["100 million yuan"] == ("亿元" if lang == "zh" else "100 million yuan")
    # the capital-stock view (its own catalogue module): 1952-price headers in its own table
    zh = lang == "zh"
    assert body["strings"]["dash_ks_title"] == dashboard_capital.STRINGS["dash_ks_title"][zh]
    assert "1952" in body["table_columns"]["k52"]["capital_stock"]
    assert "2000" in body["columns"]["capital_stock"] and "2000" in body["table_columns"]["ks"]["real_gdp"]
    assert body["table_kinds"]["k52"]["capital_stock"] == "money"


def test_strings_endpoint_refuses_an_unknown_language(client):
    r = client.get("/api/dashboard/strings?lang=fr")
    assert r.status_code in (400, 422)
    text = r.text
    assert "lang" in text and "en or zh" in text


def test_the_page_holds_the_views_and_their_endpoints_exist(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    paths = client.get("/openapi.json").json()["paths"]
    for section, endpoints in VIEWS.items():
        assert f'<section id="{section}"' in html, section
        for path in endpoints:
            assert path in paths, path
            assert "post" in paths[path]
    # each view calls its endpoint through the page's code, never a computation of its own
    for path in ("api/efficiency/dea", "api/efficiency/malmquist", "api/uncertainty/mcda",
                 "api/relatedness/opportunities", "api/policy/synthetic-control",
                 "api/io/spillovers", "api/indicators/capital-stock", '"api/evaluate/"'):
        assert path in html, path
    # the inline script is allowed by its hash (the CSP of the edited page)
    assert "sha256-" in page.headers["content-security-policy"]


def test_dashboard_table_columns_only_add_what_the_core_lacks():
    from revitalize.report.i18n import COLUMNS, UNITS

    for (prefix, column), spec in [item for m in DASHBOARD_MODULES
                                   for item in getattr(m, "TABLE_COLUMNS", {}).items()]:
        assert prefix.startswith("dashboard."), prefix
        if prefix == "dashboard.":
            assert column not in COLUMNS, column
        assert spec[0] and re.search(r"[\u4e00-\u9fff]", spec[1]), column
        kind, unit = spec[2], spec[3]
        assert unit is None or unit in UNITS, column
        assert kind is None or unit is not None or kind == "year", column  # numbers carry a unit


def test_the_page_is_served_in_the_chosen_language(client):
    """``/?lang=zh``: every label rendered in Chinese by the server (first paint, no script), no
    English outside the allowed names; the inline script, hence its CSP hash, unchanged."""
    from tests.report.zh_check import visible_text

    zh = client.get("/?lang=zh")
    assert zh.status_code == 200
    assert '<html lang="zh-CN">' in zh.text and catalogue.STRINGS["dash_ef_title"][1] in zh.text
    words = {w: n for w, n in english_words(visible_text(zh.text)).items()
             if w not in DASHBOARD_ALLOWED}
    assert not words, words
    en = client.get("/")
    assert zh.headers["content-security-policy"] == en.headers["content-security-policy"]
    assert re.findall(r"<script>.*?</script>", zh.text, re.S) == re.findall(
        r"<script>.*?</script>", en.text, re.S)
    assert client.get("/?lang=fr").status_code in (400, 422)


def test_capital_view_catalogue_adds_only_what_the_core_lacks():
    """dashboard_capital: headers only where the core's differ (another unit) or are missing,
    no unit that repeats another's text, no string another catalogue module defines."""
    import importlib
    import pkgutil

    from revitalize.report import catalogue as package
    from revitalize.report.i18n import COLUMNS, UNITS

    for (prefix, column), spec in dashboard_capital.TABLE_COLUMNS.items():
        assert prefix in ("dashboard.ks", "dashboard.k52"), prefix
        core = COLUMNS.get(column)
        assert core is None or core[3] != spec[3], column
    own = {pair[0] for pair in dashboard_capital.UNITS.values()}
    assert not [k for k, pair in UNITS.items() if pair[0] in own and k not in dashboard_capital.UNITS]
    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "dashboard_capital":
            other = importlib.import_module(f"{package.__name__}.{info.name}")
            assert not set(getattr(other, "STRINGS", {})) & set(dashboard_capital.STRINGS), info.name
