"""Regenerate ``src/entnorm/data/han_readings.txt``: Mandarin readings unidecode gets wrong.

unidecode gives every Han character one reading, and for some it is not the common Mandarin
one (万 → "Mo", not "Wan"; 什 → "Shi", not "Shen"). Machine translation writes the common
one: 万斯 (Vance) → "Wan Si". So an alias written in Han characters also gets a key built from
these readings. The list is the characters whose most frequent reading in pypinyin (a
build-time tool only) differs from unidecode's. Run:
``pip install pypinyin unidecode && python scripts/build_han_readings.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "entnorm" / "data" / "han_readings.txt"


def main() -> int:
    from pypinyin import Style, lazy_pinyin  # build-time only
    from unidecode import unidecode

    rows = []
    for cp in list(range(0x3400, 0x4DC0)) + list(range(0x4E00, 0xA000)):
        ch = chr(cp)
        reading = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
        if not reading:
            continue
        pinyin = reading[0].replace("ü", "v").lower()
        if pinyin.isascii() and pinyin.isalpha() and pinyin != unidecode(ch).strip().lower():
            rows.append(f"{ch} {pinyin}")
    header = "# Han character, its most frequent Mandarin reading where unidecode differs (pypinyin)\n"
    OUT.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(rows)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
