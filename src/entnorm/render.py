"""HTML views of mentions: one self-contained page, or a Jupyter cell.

>>> import entnorm
>>> from entnorm.render import render_html
>>> nz = entnorm.load()
>>> text = "Ponpeo met Kang Jinghe in Seoul."
>>> page = render_html([("note.txt", text, nz.find(text))])  # a whole HTML document
>>> nz.highlight(text)  # doctest: +SKIP
... # in Jupyter: the text with its mentions highlighted

The page has no external assets (inline CSS, no scripts, no fonts or images to fetch), so it
can be mailed, attached to an issue or opened offline. Each mention is a ``<mark>`` coloured
by entity type; hovering it shows the canonical name, id, type, score, method and the table
alias that matched (the ``title`` attribute, so it works wherever HTML does). Text is
HTML-escaped and its line breaks are kept (``white-space: pre-wrap``). Fuzzy, partial and
transliterated matches get a dashed underline so that the less certain links stand out.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from ._models import ENTITY_TYPES, Mention

__all__ = ["TYPE_COLOURS", "Highlighted", "render_fragment", "render_html"]

TYPE_COLOURS: dict[str, str] = {
    "PERSON": "#f9c9a7",
    "ORG": "#b7d7f4",
    "GPE": "#bfe8b9",
    "LOC": "#e2d3f5",
    "NORP": "#f6e3a1",
    "FAC": "#d9d9d9",
    "EVENT": "#f5b8cc",
}
"""Background colour of a mention, by entity type."""

_UNCERTAIN = frozenset({"fuzzy", "partial", "transliteration", "coreference"})

_CSS = """
.entnorm{font:15px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2328;
 max-width:62rem}
.entnorm h1{font-size:1.25rem;margin:.2rem 0 .6rem}
.entnorm h2{font-size:1rem;margin:0 0 .4rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
 color:#57606a}
.entnorm .legend{display:flex;flex-wrap:wrap;gap:.35rem .8rem;align-items:center;margin:0 0 .8rem;font-size:.85rem}
.entnorm .legend .key{display:inline-flex;gap:.3rem;align-items:center}
.entnorm .swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:3px;border:1px solid rgba(0,0,0,.15)}
.entnorm .note{color:#57606a}
.entnorm article{border:1px solid #d0d7de;border-radius:6px;padding:.7rem 1rem;margin:0 0 1rem;background:#fff}
.entnorm .text{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
.entnorm mark{border-radius:3px;padding:0 .15em;color:inherit;box-decoration-break:clone;
 -webkit-box-decoration-break:clone}
.entnorm mark.uncertain{text-decoration:underline dashed rgba(0,0,0,.55);text-underline-offset:3px}
.entnorm mark::after{content:attr(data-type);font-size:.62em;font-weight:600;letter-spacing:.02em;margin-left:.3em;
 vertical-align:.12em;color:rgba(0,0,0,.55)}
.entnorm mark:hover{outline:2px solid rgba(0,0,0,.45)}
.entnorm .entities{margin:.6rem 0 0;padding:.5rem 0 0;border-top:1px dashed #d0d7de;font-size:.82rem;color:#57606a}
.entnorm .entities span.chip{display:inline-block;border-radius:10px;padding:0 .5em;margin:.1rem .2rem .1rem 0;
 color:#1f2328}
.entnorm .empty{color:#57606a;font-style:italic}
"""


def _css() -> str:
    rules = [_CSS.strip()]
    for t in ENTITY_TYPES:
        colour = TYPE_COLOURS.get(t, "#dddddd")
        rules.append(f".entnorm .t-{t}{{background:{colour}}}")
    return "\n".join(rules)


def _tip(m: Mention) -> str:
    lines = [
        m.name,
        f"id: {m.entity_id}",
        f"type: {m.type}",
        f"score: {m.score:.2f}",
        f"method: {m.method}",
        f"alias: {m.alias}",
    ]
    return "&#10;".join(html.escape(s, quote=True) for s in lines)


def _checked(text: str, mentions: Iterable[Mention], source: str) -> list[Mention]:
    """Mentions sorted by position; raises ``ValueError`` for spans that do not fit ``text``."""
    out = sorted(mentions, key=lambda m: (m.start, m.end))
    prev_end = 0
    for m in out:
        if not 0 <= m.start <= m.end <= len(text) or text[m.start : m.end] != m.text:
            raise ValueError(f"{source or '<text>'}: mention {m.text!r} at {m.start}-{m.end} does not match the text")
        if m.start < prev_end:
            raise ValueError(f"{source or '<text>'}: mention {m.text!r} at {m.start}-{m.end} overlaps the one before")
        prev_end = m.end
    return out


def _article(source: str, text: str, mentions: Sequence[Mention], index: int) -> str:
    ms = _checked(text, mentions, source)
    parts: list[str] = []
    pos = 0
    for m in ms:
        parts.append(html.escape(text[pos : m.start], quote=False))
        cls = f"t-{m.type}" + (" uncertain" if m.method in _UNCERTAIN else "")
        parts.append(
            f'<mark class="{cls}" data-type="{html.escape(m.type)}" data-id="{html.escape(m.entity_id, quote=True)}" '
            f'title="{_tip(m)}">{html.escape(m.text, quote=False)}</mark>'
        )
        pos = m.end
    parts.append(html.escape(text[pos:], quote=False))
    head = f"<h2>{html.escape(source)}</h2>" if source else ""
    counts = Counter((m.entity_id, m.name, m.type) for m in ms)
    if counts:
        chips = " ".join(
            f'<span class="chip t-{t}" title="{html.escape(eid, quote=True)}">{html.escape(name)} ×{n}</span>'
            for (eid, name, t), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1]))
        )
        summary = f'<div class="entities">{len(ms)} mention(s) of {len(counts)} entities: {chips}</div>'
    else:
        summary = '<div class="entities empty">no mentions</div>'
    return f'<article id="doc-{index}">{head}<div class="text">{"".join(parts)}</div>{summary}</article>'


def _legend(types: Iterable[str]) -> str:
    present = set(types)
    keys = (
        "".join(f'<span class="key"><span class="swatch t-{t}"></span>{t}</span>' for t in ENTITY_TYPES if t in present)
        or '<span class="note">no mentions</span>'
    )
    return (
        f'<div class="legend" role="note"><strong>Legend</strong>{keys}'
        '<span class="key"><mark class="uncertain" style="background:#eee">dashed</mark>'
        " = fuzzy / partial / transliteration</span>"
        '<span class="note">hover a mention for its canonical name, id, score, method and alias</span></div>'
    )


def render_fragment(docs: Sequence[tuple[str, str, Sequence[Mention]]]) -> str:
    """The body of :func:`render_html` as one ``<div class="entnorm">`` with its own ``<style>``.

    Meant for embedding (Jupyter, a report): all CSS rules are scoped under ``.entnorm``.
    """
    docs = list(docs)
    types = [m.type for _, _, ms in docs for m in ms]
    articles = "\n".join(_article(src, text, ms, k) for k, (src, text, ms) in enumerate(docs))
    return f'<div class="entnorm"><style>\n{_css()}\n</style>\n{_legend(types)}\n{articles}\n</div>'


def render_html(docs: Sequence[tuple[str, str, Sequence[Mention]]], title: str = "entnorm mentions") -> str:
    """One self-contained HTML page showing every ``(source, text, mentions)`` in ``docs``.

    ``source`` is the heading of the article (a file name, an id; ``""`` for none), ``text``
    the article, ``mentions`` what :meth:`entnorm.Normalizer.find` returned for it. Raises
    ``ValueError`` if a mention's span does not match ``text`` or overlaps another one.
    """
    docs = list(docs)
    n = sum(len(ms) for _, _, ms in docs)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{margin:1.2rem;background:#f6f8fa}</style>\n"
        "</head>\n<body>\n"
        f'<div class="entnorm"><h1>{html.escape(title)}</h1>'
        f'<p class="note">{len(docs)} article(s), {n} mention(s)</p></div>\n'
        f"{render_fragment(docs)}\n"
        "</body>\n</html>\n"
    )


class Highlighted:
    """A text with its mentions, shown highlighted in Jupyter (``_repr_html_``).

    Returned by :meth:`entnorm.Normalizer.highlight`. ``mentions`` is the same list
    :meth:`~entnorm.Normalizer.find` returns; iterating a ``Highlighted`` yields them.
    """

    __slots__ = ("mentions", "source", "text")

    def __init__(self, text: str, mentions: Sequence[Mention], source: str = "") -> None:
        self.text = text
        self.mentions: list[Mention] = _checked(text, mentions, source)
        self.source = source

    def __iter__(self) -> Iterator[Mention]:
        return iter(self.mentions)

    def __len__(self) -> int:
        return len(self.mentions)

    def __repr__(self) -> str:
        shown = ", ".join(f"{m.text!r}→{m.entity_id}" for m in self.mentions[:5])
        more = f", … {len(self.mentions) - 5} more" if len(self.mentions) > 5 else ""
        return f"<Highlighted {len(self.mentions)} mention(s): {shown}{more}>"

    def html(self) -> str:
        """A whole page, as :func:`render_html`."""
        return render_html([(self.source, self.text, self.mentions)])

    def _repr_html_(self) -> str:
        return render_fragment([(self.source, self.text, self.mentions)])
