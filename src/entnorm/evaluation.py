"""Scoring predicted mentions against gold annotations (``entnorm eval``).

Gold format: JSON Lines, one article per line::

    {"id": "dev-000", "text": "...", "mentions": [{"start": 0, "end": 9, "text": "Kang Jing",
     "id": "kang-kyung-wha", "kind": "partial"}, ...]}

Offsets are Python ``str`` (code point) offsets into ``text``, ``end`` exclusive, and
``text[start:end] == mention["text"]``. ``kind`` is free-form (the dev corpus uses ``exact``,
``variant``, ``partial`` and ``native``); recall is reported per kind. Other keys are ignored.

Two matchings are scored:

* **strict**: a prediction counts only if its span and entity id equal a gold mention's;
* **lenient**: a prediction counts if its span overlaps a gold mention's and the ids agree
  (each gold mention and each prediction is used at most once).

Every function here is pure: the Normalizer is only needed to produce predictions
(:func:`evaluate` is the one-line convenience that calls ``find``).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from ._normalizer import Normalizer

__all__ = [
    "EntityErrors",
    "Error",
    "GoldDoc",
    "GoldFormatError",
    "GoldMention",
    "KindRecall",
    "Report",
    "Scores",
    "evaluate",
    "format_report",
    "load_gold",
    "parse_gold",
    "score",
]

ErrorKind = Literal["missed", "spurious", "boundary", "wrong_entity"]


class GoldFormatError(ValueError):
    """A gold file line that is not a valid article; the message names the file and line."""


class Predicted(Protocol):
    """Anything with a span and an entity id: :class:`entnorm.Mention` qualifies."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def entity_id(self) -> str: ...


@dataclass(frozen=True)
class GoldMention:
    """One annotated mention: ``text == doc.text[start:end]``, linked to ``entity_id``."""

    start: int
    end: int
    text: str
    entity_id: str
    kind: str = "unknown"


@dataclass(frozen=True)
class GoldDoc:
    """One gold article: its id, its text and its mentions, sorted by position."""

    id: str
    text: str
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True)
class Scores:
    """Counts and the precision / recall / F1 they give (0.0 when undefined)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class KindRecall:
    """How many gold mentions of one kind were found, strictly and leniently."""

    kind: str
    total: int
    strict: int
    lenient: int

    @property
    def strict_recall(self) -> float:
        return self.strict / self.total if self.total else 0.0

    @property
    def lenient_recall(self) -> float:
        return self.lenient / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "strict_recall": round(self.strict_recall, 4),
                "lenient_recall": round(self.lenient_recall, 4)}


@dataclass(frozen=True)
class Error:
    """One disagreement, as a curator reads it.

    ``missed``: a gold mention nothing overlaps; ``spurious``: a prediction no gold mention
    overlaps; ``boundary``: same entity, overlapping but different span (a strict error only);
    ``wrong_entity``: overlapping spans linked to different entities.
    """

    doc: str
    kind: ErrorKind
    start: int
    end: int
    text: str
    gold_id: str | None = None
    predicted_id: str | None = None
    gold_kind: str | None = None
    predicted_start: int | None = None
    predicted_end: int | None = None
    predicted_text: str | None = None


@dataclass(frozen=True)
class EntityErrors:
    """Strict counts for one entity id: false positives are predictions of it, misses gold mentions of it."""

    entity_id: str
    tp: int
    fp: int
    fn: int


@dataclass(frozen=True)
class Report:
    """The result of :func:`score`: scores, recall by kind, per-entity counts, the errors."""

    documents: int
    strict: Scores
    lenient: Scores
    by_kind: tuple[KindRecall, ...]
    entities: tuple[EntityErrors, ...]
    errors: tuple[Error, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "strict": self.strict.to_dict(),
            "lenient": self.lenient.to_dict(),
            "recall_by_kind": {k.kind: k.to_dict() for k in self.by_kind},
            "entities": [asdict(e) for e in self.entities],
            "errors": [{k: v for k, v in asdict(e).items() if v is not None} for e in self.errors],
        }


# -- reading -------------------------------------------------------------------------------


def parse_gold(obj: object, where: str = "<gold>") -> GoldDoc:
    """One article from its decoded JSON object; raises :class:`GoldFormatError`."""
    if not isinstance(obj, dict):
        raise GoldFormatError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    doc_id, text, mentions = obj.get("id", where), obj.get("text"), obj.get("mentions", [])
    if not isinstance(text, str):
        raise GoldFormatError(f"{where}: 'text' must be a string")
    if not isinstance(mentions, list):
        raise GoldFormatError(f"{where}: 'mentions' must be a list")
    out: list[GoldMention] = []
    for k, m in enumerate(mentions):
        if not isinstance(m, dict):
            raise GoldFormatError(f"{where}: mention {k} must be an object")
        start, end, eid = m.get("start"), m.get("end"), m.get("id", m.get("entity_id"))
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            raise GoldFormatError(f"{where}: mention {k}: bad offsets {start!r}-{end!r}")
        if not isinstance(eid, str) or not eid:
            raise GoldFormatError(f"{where}: mention {k}: 'id' must be a non-empty string")
        surface = m.get("text", text[start:end])
        if surface != text[start:end]:
            raise GoldFormatError(
                f"{where}: mention {k}: text {surface!r} != text[{start}:{end}] = {text[start:end]!r}"
            )
        out.append(GoldMention(start, end, surface, eid, str(m.get("kind", "unknown"))))
    out.sort(key=lambda g: (g.start, g.end))
    return GoldDoc(str(doc_id), text, tuple(out))


def load_gold(path: str | os.PathLike[str]) -> list[GoldDoc]:
    """Every article of a gold JSONL file (blank lines are skipped)."""
    docs: list[GoldDoc] = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{os.fspath(path)}:{n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{where}: not JSON: {exc.msg}") from None
            docs.append(parse_gold(obj, where))
    return docs


# -- scoring -------------------------------------------------------------------------------


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score(gold: Sequence[GoldDoc], predicted: Sequence[Sequence[Predicted]]) -> Report:
    """Score ``predicted[k]`` (the mentions found in ``gold[k].text``) against ``gold[k]``."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold documents but {len(predicted)} prediction lists")
    s_tp = s_fp = s_fn = l_tp = l_fp = l_fn = 0
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_entity: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    errors: list[Error] = []
    for doc, preds in zip(gold, predicted):
        ps = sorted(preds, key=lambda p: (p.start, p.end))
        gs = doc.mentions
        strict_keys = {(g.start, g.end, g.entity_id) for g in gs}
        p_strict = [(p.start, p.end, p.entity_id) in strict_keys for p in ps]
        pred_keys = {(p.start, p.end, p.entity_id) for p in ps}
        g_strict = [(g.start, g.end, g.entity_id) in pred_keys for g in gs]
        # Lenient: one-to-one, same id, overlapping spans; strict pairs first, then leftmost.
        g_len: list[int | None] = [None] * len(gs)
        p_used = [False] * len(ps)
        for gi, g in enumerate(gs):
            if g_strict[gi]:
                pi = next(k for k, p in enumerate(ps) if (p.start, p.end, p.entity_id) == (g.start, g.end, g.entity_id))
                g_len[gi], p_used[pi] = pi, True
        for gi, g in enumerate(gs):
            if g_len[gi] is None:
                for pi, p in enumerate(ps):
                    if not p_used[pi] and p.entity_id == g.entity_id and _overlaps(g.start, g.end, p.start, p.end):
                        g_len[gi], p_used[pi] = pi, True
                        break

        s_tp += sum(p_strict)
        s_fp += len(ps) - sum(p_strict)
        s_fn += len(gs) - sum(g_strict)
        matched = sum(1 for x in g_len if x is not None)
        l_tp += matched
        l_fp += len(ps) - matched
        l_fn += len(gs) - matched
        for gi, g in enumerate(gs):
            k = kinds[g.kind]
            k[0] += 1
            k[1] += g_strict[gi]
            k[2] += g_len[gi] is not None
            per_entity[g.entity_id][2] += not g_strict[gi]
            per_entity[g.entity_id][0] += g_strict[gi]
        for pi, p in enumerate(ps):
            per_entity[p.entity_id][1] += not p_strict[pi]

        # Errors, each disagreement once, in text order.
        doc_errors: list[Error] = []
        reported_p: set[int] = set()
        for gi, g in enumerate(gs):
            if g_strict[gi]:
                continue
            matched_p = g_len[gi]
            if matched_p is not None:
                doc_errors.append(_error(doc, "boundary", g, ps[matched_p]))
                reported_p.add(matched_p)
                continue
            clash = [
                k for k, p in enumerate(ps)
                if not p_used[k] and k not in reported_p and _overlaps(g.start, g.end, p.start, p.end)
            ]
            if clash:
                doc_errors.append(_error(doc, "wrong_entity", g, ps[clash[0]]))
                reported_p.update(clash[:1])
            else:
                doc_errors.append(_error(doc, "missed", g, None))
        for pi, p in enumerate(ps):
            if p_strict[pi] or pi in reported_p:
                continue
            if p_used[pi]:
                continue  # lenient match already reported as a boundary error
            clash_g = [g for gi, g in enumerate(gs) if g_len[gi] is None and _overlaps(g.start, g.end, p.start, p.end)]
            if clash_g:
                doc_errors.append(_error(doc, "wrong_entity", clash_g[0], p))
            else:
                doc_errors.append(_error(doc, "spurious", None, p))
        errors.extend(sorted(doc_errors, key=lambda e: (e.start, e.end)))

    by_kind = tuple(KindRecall(k, *v) for k, v in sorted(kinds.items(), key=lambda kv: (-kv[1][0], kv[0])))
    entities = tuple(
        EntityErrors(e, *v)
        for e, v in sorted(per_entity.items(), key=lambda kv: (-(kv[1][1] + kv[1][2]), kv[0]))
    )
    return Report(
        documents=len(gold),
        strict=Scores(s_tp, s_fp, s_fn),
        lenient=Scores(l_tp, l_fp, l_fn),
        by_kind=by_kind,
        entities=entities,
        errors=tuple(errors),
    )


def _error(doc: GoldDoc, kind: ErrorKind, g: GoldMention | None, p: Predicted | None) -> Error:
    if g is not None:
        base = Error(doc.id, kind, g.start, g.end, g.text, gold_id=g.entity_id, gold_kind=g.kind)
    else:
        assert p is not None
        base = Error(doc.id, kind, p.start, p.end, doc.text[p.start : p.end])
    if p is None:
        return base
    return Error(
        base.doc, kind, base.start, base.end, base.text, base.gold_id, p.entity_id, base.gold_kind,
        p.start, p.end, doc.text[p.start : p.end],
    )


def evaluate(nz: Normalizer, gold: Iterable[GoldDoc]) -> Report:
    """Run ``nz.find`` over every gold article and :func:`score` the result."""
    docs = list(gold)
    return score(docs, [nz.find(d.text) for d in docs])


# -- presentation --------------------------------------------------------------------------


def format_report(report: Report, max_errors: int | None = 50) -> str:
    """A plain-text report: scores, recall by kind, per-entity errors, then the errors."""
    lines = [f"{report.documents} document(s)", "", f"{'':10}{'P':>8}{'R':>8}{'F1':>8}{'TP':>7}{'FP':>6}{'FN':>6}"]
    for name, s in (("strict", report.strict), ("lenient", report.lenient)):
        lines.append(f"{name:10}{s.precision:8.3f}{s.recall:8.3f}{s.f1:8.3f}{s.tp:7}{s.fp:6}{s.fn:6}")
    lines += ["", "recall by kind", f"{'':12}{'gold':>6}{'strict':>9}{'lenient':>9}"]
    for k in report.by_kind:
        lines.append(f"{k.kind:12}{k.total:6}{k.strict_recall:9.3f}{k.lenient_recall:9.3f}")
    bad = [e for e in report.entities if e.fp or e.fn]
    lines += ["", f"per-entity errors (strict; {len(bad)} of {len(report.entities)} entities)"]
    if bad:
        width = max(len(e.entity_id) for e in bad)
        lines.append(f"{'entity':{width}}{'TP':>5}{'FP':>5}{'miss':>6}")
        for e in bad:
            lines.append(f"{e.entity_id:{width}}{e.tp:5}{e.fp:5}{e.fn:6}")
    else:
        lines.append("(none)")
    errs = list(report.errors)
    shown = errs if max_errors is None else errs[:max_errors]
    lines += ["", f"errors ({len(errs)})"]
    lines.extend(_format_error(err) for err in shown)
    if len(shown) < len(errs):
        lines.append(f"... {len(errs) - len(shown)} more (use --format json, or --max-errors 0 for all)")
    return "\n".join(lines) + "\n"


def _format_error(e: Error) -> str:
    where = f"{e.doc}:{e.start}-{e.end}"
    if e.kind == "missed":
        return f"  missed       {where:22} {e.text!r} gold={e.gold_id} ({e.gold_kind})"
    if e.kind == "spurious":
        return f"  spurious     {where:22} {e.text!r} predicted={e.predicted_id}"
    if e.kind == "boundary":
        return (f"  boundary     {where:22} {e.text!r} gold={e.gold_id} ({e.gold_kind}); "
                f"predicted {e.predicted_text!r} {e.predicted_start}-{e.predicted_end}")
    return (f"  wrong entity {where:22} {e.text!r} gold={e.gold_id} ({e.gold_kind}); "
            f"predicted {e.predicted_id} on {e.predicted_text!r}")
