"""Word frequency and the closed word lists a reader uses next to names."""

from __future__ import annotations

from entnorm._lexicon import generational_suffix, is_function_word, is_non_name_word, zipf


def test_zipf_knows_common_words_and_not_garbles() -> None:
    assert zipf("the") > 7
    assert zipf("pompeii") >= 3.0  # a word of its own: never a typo of Pompeo
    assert zipf("ponpeo") == 0.0


def test_words_beside_names() -> None:
    assert is_non_name_word("president") and is_non_name_word("the") and is_non_name_word("may")
    assert not is_non_name_word("sara")  # a given name: "Sara Duterte" is another person
    assert is_non_name_word("asked", sentence_initial=True)  # capitalised only by position
    assert is_function_word("minister") and not is_function_word("kim")
    assert generational_suffix("jr") and not generational_suffix("kim")
