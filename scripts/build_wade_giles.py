"""Regenerate ``src/entnorm/data/wade_giles.txt``: each Mandarin syllable in Wade-Giles.

Names from Taiwan, Hong Kong and older texts are written in Wade-Giles ("Chiang Ching-kuo",
"Hsia", "Ho"), not pinyin. The table's Han aliases get a Wade-Giles key too, built from this
map (pypinyin's ``Style.WADEGILES``, apostrophes and umlauts dropped, as news writes them).
Build-time only: ``pip install pypinyin==0.55.0 && python scripts/build_wade_giles.py``
(``--check`` fails if the file is stale).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _generated import pinned, write_or_check  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "entnorm" / "data" / "wade_giles.txt"


def build() -> str:
    from pypinyin import Style, lazy_pinyin

    pairs: dict[str, str] = {}
    for cp in range(0x4E00, 0xA000):
        pinyin = lazy_pinyin(chr(cp), style=Style.NORMAL, errors="ignore")
        wade = lazy_pinyin(chr(cp), style=Style.WADEGILES, errors="ignore")
        if not pinyin or not wade:
            continue
        p = pinyin[0].replace("ü", "v").lower()
        w = "".join(c for c in wade[0].replace("ü", "u").replace("v", "u").lower() if c.isalpha())
        if p.isascii() and p.isalpha() and w.isascii() and w != p:
            pairs.setdefault(p, w)
    rows = [f"{p} {w}" for p, w in sorted(pairs.items())]
    header = "# Mandarin syllable (pinyin), its Wade-Giles spelling without diacritics (pypinyin)\n"
    return header + "\n".join(rows) + "\n"


def main() -> int:
    if not pinned({"pypinyin": "0.55.0"}):
        return 2
    return write_or_check(__doc__.splitlines()[0], {OUT: build()}, "build_wade_giles.py", "syllables")


if __name__ == "__main__":
    sys.exit(main())
