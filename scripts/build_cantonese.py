"""Regenerate ``src/entnorm/data/cantonese.txt``: each Han character's Cantonese reading.

Names from Hong Kong and Macau are written in Cantonese romanization, not pinyin: 陈 is
"Chan", 张 "Cheung", 林郑月娥 "Lam Cheng Yuet-ngor". The table's Han aliases get Cantonese
keys built from these readings (see ``entnorm._keys``). The readings are the Jyutping that
ToJyutping (a maintained PyPI package, build time only) gives each character alone.
``pip install ToJyutping==3.2.0 && python scripts/build_cantonese.py`` (``--check``: stale?).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _generated import pinned, write_or_check  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "entnorm" / "data" / "cantonese.txt"


def build() -> str:
    import ToJyutping

    rows = []
    for cp in range(0x4E00, 0xA000):
        reading = ToJyutping.get_jyutping_list(chr(cp))[0][1]
        if reading:
            rows.append(f"{chr(cp)} {reading.split()[0].rstrip('123456')}")
    header = "# Han character, its Cantonese reading in Jyutping without tone (ToJyutping 3.2.0)\n"
    return header + "\n".join(rows) + "\n"


def main() -> int:
    if not pinned({"ToJyutping": "3.2.0"}):
        return 2
    return write_or_check(__doc__.splitlines()[0], {OUT: build()}, "build_cantonese.py", "characters")


if __name__ == "__main__":
    sys.exit(main())
