"""The HTML view: escaping, exact spans, several articles, legend, no external assets."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import entnorm
from entnorm import Mention
from entnorm.render import Highlighted, render_fragment, render_html


@pytest.fixture(scope="module")
def nz() -> entnorm.Normalizer:
    return entnorm.load()


def _m(text: str, start: int, end: int, eid: str = "x", typ: str = "PERSON", method: str = "exact") -> Mention:
    return Mention(
        start=start, end=end, text=text[start:end], entity_id=eid, name=eid.title(), type=typ,  # type: ignore[arg-type]
        score=1.0, method=method, alias=text[start:end],  # type: ignore[arg-type]
    )


class _Marks(HTMLParser):
    """Collects the text of every ``<mark>`` inside articles, and the text of each article body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[tuple[str, dict[str, str | None]]] = []
        self.bodies: list[str] = []
        self._in_mark: dict[str, str | None] | None = None
        self._buf = ""
        self._body_depth = 0
        self._depth = 0
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "div":
            self._depth += 1
            if a.get("class") == "text":
                self._body_depth = self._depth
                self.bodies.append("")
        if tag == "mark" and self._body_depth:
            self._in_mark = a
            self._buf = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._in_mark is not None:
            self.marks.append((self._buf, self._in_mark))
            self._in_mark = None
        if tag == "div":
            if self._depth == self._body_depth:
                self._body_depth = 0
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_mark is not None:
            self._buf += data
        if self._body_depth:
            self.bodies[-1] += data


def _parse(page: str) -> _Marks:
    p = _Marks()
    p.feed(page)
    p.close()
    return p


def test_script_is_escaped() -> None:
    text = 'Trump said <script>alert("x")</script> & left.\n'
    page = render_html([("<b>evil.txt</b>", text, [_m(text, 0, 5, "donald-trump")])])
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "&lt;b&gt;evil.txt&lt;/b&gt;" in page
    parsed = _parse(page)
    assert parsed.bodies == [text]  # the visible text round-trips exactly, newline included


def test_attribute_values_are_escaped() -> None:
    text = "Ab Cd"
    m = Mention(start=0, end=2, text="Ab", entity_id='a"b', name='<x onload="y">', type="ORG", score=0.5,
                method="fuzzy", alias="'q'")
    page = render_html([("", text, [m])])
    assert 'onload="y"' not in page
    (_, attrs), = _parse(page).marks
    assert attrs["data-id"] == 'a"b'
    assert attrs["title"] is not None and attrs["title"].startswith('<x onload="y">\nid: a"b')


def test_spans_match_find(nz: entnorm.Normalizer) -> None:
    text = "Ponpeo met Kang Jinghe in Seoul.\nThen the US and Japan talked."
    mentions = nz.find(text)
    assert mentions
    parsed = _parse(nz.render(text))
    assert [t for t, _ in parsed.marks] == [m.text for m in mentions]
    assert [a["data-id"] for _, a in parsed.marks] == [m.entity_id for m in mentions]
    assert parsed.bodies == [text]
    for (_, attrs), m in zip(parsed.marks, mentions):
        title = attrs["title"] or ""
        assert m.name in title and m.entity_id in title and m.method in title and f"{m.score:.2f}" in title
        assert f"t-{m.type}" in (attrs["class"] or "")


def test_newlines_are_kept() -> None:
    text = "line one\n\nline  three\n"
    page = render_html([("a", text, [])])
    assert "white-space:pre-wrap" in page
    assert _parse(page).bodies == [text]


def test_several_articles_and_legend(nz: entnorm.Normalizer) -> None:
    texts = ["Ponpeo called Seoul.", "Nothing here.", "Xinhua said Beijing agreed."]
    page = render_html([(f"doc{k}", t, nz.find(t)) for k, t in enumerate(texts)])
    assert page.count("<article") == 3
    assert [b for b in _parse(page).bodies] == texts
    for k in range(3):
        assert f"doc{k}" in page
    assert 'class="legend"' in page
    legend = page[page.index('class="legend"') :].split("</div>", 1)[0]
    assert "PERSON" in legend and "GPE" in legend and "ORG" in legend
    assert "EVENT" not in legend  # only the types on the page
    assert "no mentions" in page


def test_self_contained(nz: entnorm.Normalizer) -> None:
    page = nz.render("Ponpeo met Kang Jinghe in Seoul.")
    assert page.startswith("<!DOCTYPE html>")
    assert "http" not in page.lower()
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert "@import" not in page and "url(" not in page
    assert '<meta charset="utf-8">' in page


def test_bad_span_raises() -> None:
    text = "Hello world"
    bad = Mention(start=0, end=5, text="World", entity_id="x", name="X", type="GPE", score=1.0, method="exact",
                  alias="x")
    with pytest.raises(ValueError, match="does not match"):
        render_html([("f", text, [bad])])
    with pytest.raises(ValueError, match="overlaps"):
        render_html([("f", text, [_m(text, 0, 5), _m(text, 3, 8)])])


def test_unsorted_mentions_are_sorted() -> None:
    text = "Aa Bb Cc"
    page = render_html([("", text, [_m(text, 6, 8, "c"), _m(text, 0, 2, "a")])])
    assert [t for t, _ in _parse(page).marks] == ["Aa", "Cc"]


def test_highlight_for_jupyter(nz: entnorm.Normalizer) -> None:
    text = "Ponpeo met Kang Jinghe in Seoul."
    h = nz.highlight(text)
    assert isinstance(h, Highlighted)
    assert list(h) == nz.find(text) and len(h) == len(nz.find(text))
    frag = h._repr_html_()
    assert frag.startswith('<div class="entnorm">') and "<html" not in frag
    assert [t for t, _ in _parse(frag).marks] == [m.text for m in h.mentions]
    assert "Highlighted" in repr(h) and "mike-pompeo" in repr(h)
    assert h.html().startswith("<!DOCTYPE html>")
    # CSS is scoped so it does not restyle the notebook
    css = frag.split("<style>", 1)[1].split("</style>", 1)[0]
    selectors = [rule.split("{", 1)[0] for rule in css.strip().splitlines() if "{" in rule]
    assert all(s.strip().startswith(".entnorm") for s in selectors)


def test_fragment_equals_page_body(nz: entnorm.Normalizer) -> None:
    docs = [("a", "Seoul.", nz.find("Seoul."))]
    assert render_fragment(docs) in render_html(docs)
