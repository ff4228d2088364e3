"""Find English left in a Chinese report: the words outside the allowed list of proper names,
codes and units, in the visible text of the HTML and in the figures' texts.

Shown as recorded, hence skipped: elements marked ``data-verbatim`` (the documents' quotations
and curators' notes, publishers' citations, package warning and error messages, the appendix
of recorded conventions), ``<code>`` (commands, table and method names), scripts and styles,
and the source line under each figure (a citation)."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

# proper names, abbreviations, codes and units a Chinese text keeps as they are
ALLOWED = frozenset("""
II GM DGM ARIMA ETS SLQ FLQ CILQ AFLQ MAPE RMSE MAE CV GDP IO CO SO Theil Spearman Krugman
Rasmussen Hirschman Leontief DEA SBM TFP TOPSIS VIKOR EDAS MABAC MOORA SMAA RCA PCI AUC SDA
RMSPE Malmquist Luenberger Malmquist-Luenberger Chenery-Moses Moses Chenery Watanabe Monte Carlo PDF Excel HTML CSV JSON
revitalize sha NBS CEADs km USD Plotly plotly
CCR PROMETHEE Dong
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]")
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "source"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # True: inside a skipped element
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        names = dict(attrs)
        skip = (tag in ("script", "style", "code", "title") or "data-verbatim" in names
                or (self.stack and self.stack[-1]))
        self.stack.append(bool(skip))

    def handle_endtag(self, tag):
        if tag not in _VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The HTML's text a reader sees, without the verbatim elements."""
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


def figure_texts(fig, lang: str = "zh") -> list[str]:
    """Titles, axis titles, legend names, tick labels and annotations of a plotly figure,
    without its source line (a citation)."""
    from revitalize.report.i18n import tr

    lay = fig.layout
    out = [lay.title.text or ""]
    for name in dir(lay):
        if name.startswith(("xaxis", "yaxis")):
            ax = getattr(lay, name, None)
            if ax is not None and getattr(ax, "title", None) is not None:
                out.append(ax.title.text or "")
                out.extend(str(t) for t in (ax.ticktext or ()))
    for a in lay.annotations or ():
        if not str(a.text or "").startswith(tr("source", lang)):
            out.append(str(a.text or ""))
    for tr_ in fig.data:
        out.append(str(tr_.name or ""))
        cb = getattr(getattr(tr_, "colorbar", None), "title", None)
        if cb is not None:
            out.append(str(cb.text or ""))
    return out


def english_words(text: str) -> Counter:
    """Words of two or more Latin letters not in :data:`ALLOWED`."""
    text = re.sub(r"</?[A-Za-z][^<>]*>", " ", text)  # tags only: "RCA < 1 ... 2002->2007" is text
    text = re.sub(r"\b\w+_\w+\b", " ", text)  # identifiers (indicator keys, dataset names)
    words = Counter(w for w in _WORD.findall(text) if w not in ALLOWED)
    return words
