"""Tokens keep exact offsets into the caller's string, whatever folding does to lengths."""

from __future__ import annotations

import pytest

from entnorm._folding import CAP, CJK, DIGIT, LATIN, NATIVE, UPPER, fold_text, fold_token, tokenize


@pytest.mark.parametrize(
    ("token", "folded"),
    [
        ("Erdoğan", "erdogan"),
        ("Außenministerium", "aussenministerium"),
        ("İstanbul", "istanbul"),
        ("ﬁnal", "final"),
        ("Łódź", "lodz"),
        ("Zelenskyy", "zelenskyy"),
        ("ポンペオ", "ponpeo"),
        ("蓬", "peng"),
        ("Трамп", "tramp"),
        ("e\u0301cole", "ecole"),
    ],
)
def test_fold_token(token: str, folded: str) -> None:
    assert fold_token(token) == folded


def test_offsets_survive_length_changing_characters() -> None:
    text = "ß İ ﬁ 文在寅 😀 e\u0301 Pompeo’s\r\nKang"
    toks = tokenize(text)
    surfaces = [text[s:e] for s, e in zip(toks.starts, toks.ends)]
    assert surfaces == ["ß", "İ", "ﬁ", "文", "在", "寅", "e\u0301", "Pompeo", "s", "Kang"]
    assert toks.folds == ["ss", "i", "fi", "wen", "zai", "yin", "e", "pompeo", "s", "kang"]


def test_han_and_hangul_are_one_token_per_syllable_katakana_runs_stay_whole() -> None:
    toks = tokenize("강경화와 ポンペオ氏")
    assert [toks.text[s:e] for s, e in zip(toks.starts, toks.ends)] == ["강", "경", "화", "와", "ポンペオ", "氏"]
    assert all(f & CJK and f & NATIVE for f in toks.flags)


def test_flags_describe_case_and_script() -> None:
    toks = tokenize("Pompeo POMPEO pompeo 2019 Путин")
    cap, upper, lower, digit, cyr = toks.flags
    assert cap & CAP and cap & LATIN and not cap & UPPER
    assert upper & UPPER and upper & CAP
    assert not lower & (CAP | UPPER)
    assert digit & DIGIT
    assert cyr & NATIVE and cyr & CAP and not cyr & LATIN


def test_combining_marks_and_zwj_stay_inside_tokens() -> None:
    text = "Ha\u0300 No\u0323i"
    toks = tokenize(text)
    assert [text[s:e] for s, e in zip(toks.starts, toks.ends)] == ["Ha\u0300", "No\u0323i"]


def test_fold_text_is_for_keys_only() -> None:
    assert fold_text("Kim Jong-un") == "kim jong un"
    assert fold_text("蓬佩奥") == "peng pei ao"


def test_empty_and_symbol_only_text() -> None:
    assert len(tokenize("")) == 0
    assert len(tokenize("🙂 -- !! ")) == 0


def test_generational_suffix_spelled_out_folds_like_the_abbreviation() -> None:
    assert fold_token("Junior") == fold_token("Jr") == "jr"
    assert fold_token("Senior") == "sr"
