"""How common a folded word is in English, and the small closed word lists a reader uses.

A careful reader does not read "Pompeii" as a typo of "Pompeo", nor "Korean" as "Korea":
they are words in their own right. Word frequency (Zipf scale, from wordfreq, compiled by
``scripts/build_lexicon.py``) is that cue. The closed lists below are the words that sit
next to names without being part of them (titles, function words) and the month names that
look like surnames ("May").
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = [
    "COLLECTIVE_NOUNS",
    "CONNECTORS",
    "GRAMMATICAL_WORDS",
    "MONTHS",
    "NON_REFERRING_CUES",
    "TITLES",
    "generational_suffix",
    "is_function_word",
    "is_grammatical_word",
    "is_non_name_word",
    "zipf",
]


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    text = resources.files("entnorm").joinpath("data/english_words.txt").read_text(encoding="utf-8")
    table: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, z = line.split(" ")
            table[word] = int(z) / 10
    return table


def zipf(word: str) -> float:
    """Zipf frequency of a folded (lowercase ASCII) word; 0.0 when it is rare or unknown."""
    return _table().get(word, 0.0)


# Words that stand before or after a name without being part of it (folded forms).
TITLES = frozenset(
    """
    president presidents vice prime minister ministers foreign defense defence secretary
    secretaries state chancellor premier senator sen speaker mr mrs ms miss dr sir dame lord
    lady general gen chairman chairwoman chair leader king queen prince princess emperor
    empress pope ambassador governor mayor commander marshal admiral colonel captain comrade
    rep representative director chief spokesperson spokesman spokeswoman envoy counsellor
    councillor cabinet supreme first deputy former acting incumbent outgoing finance trade
    interior justice home affairs national security adviser advisor general-secretary
    opposition party presidential ministry office government administration then late
    treasury commerce labor labour energy agriculture education health transport
    transportation economy economic industry unification intelligence attorney counsel staff
    army navy air force forces military police congressman congresswoman lawmaker legislator
    mp prosecutor judge crown sheikh emir sultan elect designate nominee
    """.split()
)

# Lowercase joining words inside multi-word names ("Bank of Korea", "bin Salman").
CONNECTORS = frozenset("of the and de del della der des di du da la le van von bin al el y".split())

MONTHS = frozenset("january february march april may june july august september october november december".split())

# A name right after these words is being introduced, not referred to ("a man surnamed Wang").
NON_REFERRING_CUES = frozenset("surnamed nicknamed dubbed".split())
# A surname right before these words names a family or an era, not the person ("the Kishi family").
COLLECTIVE_NOUNS = frozenset("family families clan dynasty household brothers sisters era".split())

_FUNCTION_WORDS = frozenset(
    """
    the a an and or but nor so yet for of in on at by to from with without within into onto
    as that this these those there here then than when while after before since until during
    if although though because whether who whom whose which what where why how he she it they
    we you i his her its their our your my me him them us not no yes also only even still
    both either neither all any each every some many most more much such said says say told
    according meanwhile however moreover earlier later today yesterday tomorrow tonight
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)

GRAMMATICAL_WORDS = _FUNCTION_WORDS  # the words is_grammatical_word is true of (as a set)

_SUFFIXES = frozenset("jr sr ii iii iv junior senior".split())


def generational_suffix(folded: str) -> bool:
    """True for Jr./Sr./III: a name without it names the father or the son, not a typo."""
    return folded in _SUFFIXES


def is_grammatical_word(folded: str) -> bool:
    """True for articles, pronouns, prepositions and the like."""
    return folded in _FUNCTION_WORDS


def is_function_word(folded: str) -> bool:
    """True for titles and grammatical words: never a name part on their own."""
    return folded in TITLES or folded in _FUNCTION_WORDS


def is_non_name_word(folded: str, *, sentence_initial: bool = False) -> bool:
    """True when a capitalised word next to a name is a title, function word or month.

    Used to tell "President Duterte" (a title) from "Sara Duterte" (another person). Inside a
    sentence any other capitalised word counts as a name ("Park Sang-hak"); at the start of
    a sentence a common word is capitalised only by position ("Asked, Pompeo said").
    """
    if folded in TITLES or folded in _FUNCTION_WORDS or folded in MONTHS:
        return True
    return sentence_initial and zipf(folded) >= 4.5
