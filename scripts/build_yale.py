"""Regenerate ``src/entnorm/data/yale.txt``: each Mandarin syllable in Yale romanization.

Yale (1943) is the third system in which older texts, and some Taiwanese and US sources,
write Mandarin names: 習近平 "Syi Jin-ping", 周 "Jou", 毛澤東 "Mau Dzedung". The table's Han
aliases get a Yale key, built from this map. pypinyin has no Yale style, so the spelling is
derived here from each pinyin syllable by Yale's published correspondences (initials j q x
zh z c → j ch sy j dz ts; the apical vowel -i → r after j ch sh r and → z after dz ts s; ü →
yu; medial i/u → y/w; ao → au, ong → ung, iu → you, ui → wei, un → wun), tones dropped.
The syllables are those pypinyin gives the CJK Unified Ideographs.
Build-time only: ``pip install pypinyin==0.55.0 && python scripts/build_yale.py``
(``--check`` fails if the file is stale).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _generated import pinned, write_or_check  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "entnorm" / "data" / "yale.txt"

_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s")
_YALE_INITIAL = {"zh": "j", "q": "ch", "x": "sy", "z": "dz", "c": "ts"}
# Pinyin final (as written after a consonant; ü as v) → Yale final.
_FINALS = {
    "a": "a", "o": "o", "e": "e", "ai": "ai", "ei": "ei", "ao": "au", "ou": "ou", "an": "an",
    "en": "en", "ang": "ang", "eng": "eng", "ong": "ung", "er": "er",
    "i": "i", "ia": "ya", "ie": "ye", "iao": "yau", "iu": "you", "ian": "yan", "in": "in",
    "iang": "yang", "ing": "ing", "iong": "yung",
    "u": "u", "ua": "wa", "uo": "wo", "uai": "wai", "ui": "wei", "uan": "wan", "un": "wun",
    "uang": "wang", "ueng": "weng",
    "v": "yu", "ve": "ywe", "van": "ywan", "vn": "yun",
}  # fmt: skip
# Syllables with no initial, as pinyin spells them (y-, w-, and the bare vowels).
_ZERO = {
    "yi": "yi", "ya": "ya", "ye": "ye", "yao": "yau", "you": "you", "yan": "yan", "yin": "yin",
    "yang": "yang", "ying": "ying", "yong": "yung", "wu": "wu", "wa": "wa", "wo": "wo",
    "wai": "wai", "wei": "wei", "wan": "wan", "wen": "wen", "wang": "wang", "weng": "weng",
    "yu": "yu", "yue": "ywe", "yuan": "ywan", "yun": "yun",
}  # fmt: skip


def yale(pinyin: str) -> str | None:
    """The Yale spelling of a toneless pinyin syllable (ü written v), or None if unknown."""
    if pinyin in _ZERO:
        return _ZERO[pinyin]
    initial = next((i for i in _INITIALS if pinyin.startswith(i) and len(pinyin) > len(i)), "")
    final = pinyin[len(initial) :]
    if final == "i" and initial in ("zh", "ch", "sh"):
        return _YALE_INITIAL.get(initial, initial) + "r"  # zhi jr, chi chr, shi shr
    if pinyin == "ri":
        return "r"
    if final == "i" and initial in ("z", "c", "s"):
        return {"z": "dz", "c": "tsz", "s": "sz"}[initial]
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "v" + final[1:]  # ju, que, xuan: the u is ü
    if initial in ("b", "p", "m", "f") and final == "o":
        final = "uo"  # bo is bwo
    if final not in _FINALS:
        return None
    yfinal = _FINALS[final]
    if initial == "x":
        return "sy" + yfinal.removeprefix("y")  # xi syi, xia sya, xu syu
    return _YALE_INITIAL.get(initial, initial) + yfinal


def build() -> str:
    from pypinyin import Style, lazy_pinyin

    pairs: dict[str, str] = {}
    for cp in range(0x4E00, 0xA000):
        reading = lazy_pinyin(chr(cp), style=Style.NORMAL, errors="ignore")
        if not reading:
            continue
        p = reading[0].replace("ü", "v").lower()
        if not (p.isascii() and p.isalpha()) or p in pairs:
            continue
        y = yale(p)
        if y and y != p:
            pairs[p] = y
    rows = [f"{p} {y}" for p, y in sorted(pairs.items())]
    header = "# Mandarin syllable (pinyin, ü as v), its Yale spelling without tones (scripts/build_yale.py)\n"
    return header + "\n".join(rows) + "\n"


def main() -> int:
    if not pinned({"pypinyin": "0.55.0"}):
        return 2
    return write_or_check(__doc__.splitlines()[0], {OUT: build()}, "build_yale.py", "syllables")


if __name__ == "__main__":
    sys.exit(main())
