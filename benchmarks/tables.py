"""Prefix tables: the first N entities of a generated ``entities.yaml``, as YAML and as JSON.

Both generators (``make_data.py`` and the shared ``make_bench.py``) write one entity per
block, starting with a ``  - id:`` line, and only these keys, one per line::

      - id: mike-pompeo
        name: Mike Pompeo
        type: PERSON
        aliases: [Michael Pompeo, "O'Neil, Jr."]

Scalars are plain (no ``,`` ``[`` ``]`` ``"`` ``#``) or JSON-style double-quoted. That lets
this module cut a prefix and read the table line by line in seconds at 1M entities, where
PyYAML's C loader needs ~90 s. The JSON copy feeds the peer tools (their parse time is not
what the benchmark compares); entnorm always reads the YAML prefix with its own loader.

    python benchmarks/tables.py DATA_DIR 1000 10000 [--verify]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time

_ITEM = "  - id:"
_FLOW_ITEM = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[^,\[\]"]+?)\s*(?:,|$)')


def parse_size(s: str) -> int:
    """'1k' -> 1000, '1M' -> 1000000, '2500' -> 2500."""
    s = s.strip()
    mult = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(s[-1:], 1)
    return int(float(s[:-1] if mult > 1 else s) * mult)


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def _scalar(v: str) -> str:
    v = v.strip()
    if v.startswith('"'):
        return json.loads(v)
    if v.startswith("'"):
        return v[1:-1].replace("''", "'")
    return v


def _flow(v: str) -> list[str]:
    v = v.strip()
    if not (v.startswith("[") and v.endswith("]")):
        raise ValueError(f"not a flow list: {v!r}")
    inner = v[1:-1].strip()
    out, pos = [], 0
    while pos < len(inner):
        m = _FLOW_ITEM.match(inner, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read flow list {v!r}")
        out.append(_scalar(m.group(1)))
        pos = m.end()
    return out


def iter_entities(yaml_path: str, limit: int | None = None):
    """Yield entity dicts from a generated table (fast line reader, see module doc)."""
    cur = None
    n = 0
    with open(yaml_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(_ITEM):
                if cur is not None:
                    yield cur
                    n += 1
                    if limit is not None and n >= limit:
                        return
                cur = {"id": _scalar(line[len(_ITEM) :]), "aliases": []}
            elif cur is not None and line.startswith("    "):
                key, _, val = line.strip().partition(":")
                if key == "aliases":
                    cur["aliases"] = _flow(val)
                elif key in ("name", "type"):
                    cur[key] = _scalar(val)
                elif key == "weak_aliases":
                    cur["weak_aliases"] = _flow(val)
        if cur is not None and (limit is None or n < limit):
            yield cur


def write_prefix(data_dir: str, n: int, log=print) -> tuple[str, str]:
    """Write tables/e{N}.yaml (text prefix) and tables/e{N}.json; reuse them when present."""
    src = os.path.join(data_dir, "entities.yaml")
    out_dir = os.path.join(data_dir, "tables")
    os.makedirs(out_dir, exist_ok=True)
    ypath = os.path.join(out_dir, f"e{size_label(n)}.yaml")
    jpath = os.path.join(out_dir, f"e{size_label(n)}.json")
    if os.path.exists(ypath) and os.path.exists(jpath) and os.path.getmtime(ypath) >= os.path.getmtime(src):
        return ypath, jpath
    t0 = time.perf_counter()
    count = 0
    with open(src, encoding="utf-8") as f, open(ypath + ".tmp", "w", encoding="utf-8") as out:
        for line in f:
            if line.startswith(_ITEM):
                count += 1
                if count > n:
                    break
            out.write(line)
    if count < n:
        os.remove(ypath + ".tmp")
        raise SystemExit(f"{src} has only {count:,} entities, fewer than {n:,}")
    os.replace(ypath + ".tmp", ypath)
    ents = list(iter_entities(ypath))
    assert len(ents) == n, (len(ents), n)
    with open(jpath + ".tmp", "w", encoding="utf-8") as out:
        json.dump(ents, out, ensure_ascii=False)
    os.replace(jpath + ".tmp", jpath)
    log(f"table {size_label(n)}: {ypath} ({os.path.getsize(ypath) / 1e6:.1f} MB, {time.perf_counter() - t0:.1f}s)")
    return ypath, jpath


def verify(yaml_path: str) -> None:
    """Check the fast reader against PyYAML on one table."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(yaml_path, encoding="utf-8") as f:
        ref = yaml.load(f, Loader=loader)["entities"]
    fast = list(iter_entities(yaml_path))
    assert len(ref) == len(fast), (len(ref), len(fast))
    for a, b in zip(ref, fast):
        assert (a["id"], a["name"], a["type"], list(a.get("aliases", []))) == (
            b["id"],
            b["name"],
            b["type"],
            b["aliases"],
        ), (a, b)
    print(f"verify: {len(fast):,} entities identical to PyYAML's reading")


def main(argv=None):
    ap = argparse.ArgumentParser(description="write prefix tables of a data folder")
    ap.add_argument("data")
    ap.add_argument("sizes", nargs="+")
    ap.add_argument("--verify", action="store_true", help="compare with PyYAML (slow at 1M)")
    a = ap.parse_args(argv)
    for s in a.sizes:
        ypath, _ = write_prefix(a.data, parse_size(s))
        if a.verify:
            verify(ypath)


if __name__ == "__main__":
    sys.exit(main())
