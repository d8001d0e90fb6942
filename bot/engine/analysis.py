"""Text analysis shared by the index and the questions: one function turns text into terms.

Articles and questions go through the same steps, so that a question's terms meet
the articles' terms: case and accent folding, possessives ("Russia's" → russia),
numbers ("10,000" = "10000"), dotted acronyms ("U.S." = "US" = "United States"),
country names, demonyms and capitals ("North Korean", "DPRK", "Pyongyang"), multi-word
names, British spellings, irregular verbs ("sent" → send), stop words, then the
Snowball English stemmer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

import Stemmer

from bot.engine.lexicon import (
    CASED_ACRONYMS,
    COUNTRIES,
    IRREGULAR_VERBS,
    NAME_ALIASES,
    ORDINALS,
    SPELLING_VARIANTS,
    STOP_WORDS,
)

# Dotted acronyms, an acronym in capitals before a hyphen ("US-led" as "U.S.-led": "US"
# and "UN" would be read as "us" and "un" inside one word), ordinals ("23rd" is not
# "23"), numbers with separators, then words (hyphenated ones whole).
TOKEN_RE = re.compile(
    rf"(?:[A-Za-z]\.){{2,}}|(?:{'|'.join(CASED_ACRONYMS)})(?=-[^\W\d_])"
    r"|\d+(?:st|nd|rd|th)\b|\d+(?:[.,]\d+)*"
    r"|[^\W\d_](?:[\w]|['’](?=\w)|-(?=\w))*",
    re.UNICODE,
)
POSSESSIVE_RE = re.compile(r"['’]s?$")


class Word(NamedTuple):
    """A word of the text as written, with where it stands (a tuple: sentences are
    analysed word by word while a question is answered, and tuples are made fast)."""

    surface: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The words and numbers of `text`, with their offsets."""
    return [Word(m.group(), *m.span()) for m in TOKEN_RE.finditer(text)]


NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]+")


def fold_accents(text: str) -> str:
    """`text` without accents ("Wiśniewski" → "Wisniewski", "Sæther" → "Saether"),
    compatibility forms decomposed. Only the runs of non-ASCII characters are read one by
    one for combining marks: whole articles are folded when they are cleaned and
    fingerprinted, and reading every character took half of an index build."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    return NON_ASCII_RUN_RE.sub(_without_marks, decomposed)


# Letters that are no letter and a mark, written in English as their nearest letters:
# "Sæther" is typed "Saether", "Bjørn" "Bjorn", "Straße" "Strasse".
LETTERS_IN_ENGLISH = str.maketrans(
    {"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe", "ß": "ss", "đ": "d"}
    | {"Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"}
)


def _without_marks(run: re.Match[str]) -> str:
    kept = "".join(ch for ch in run.group() if not unicodedata.combining(ch))
    return kept.translate(LETTERS_IN_ENGLISH)


WORD_CACHE = 50_000
"""Words remembered by `normalize_word` and `stem`: the common words of any corpus.
Bounded, and kept small, because every made-up word in a question lands there too."""


@lru_cache(maxsize=WORD_CACHE)
def normalize_word(surface: str) -> str:
    """The comparable form of one written word: lower case, no accents, no possessive."""
    if surface[0].isdigit():
        return ORDINALS.get(surface.lower(), surface.replace(",", ""))
    undotted = surface.replace(".", "")
    if undotted in CASED_ACRONYMS:  # "UN" and "U.N." alike
        return CASED_ACRONYMS[undotted]
    if "." in surface:  # "u.s." too: dotted, it is no pronoun
        return CASED_ACRONYMS.get(undotted.upper(), undotted.lower())
    word = POSSESSIVE_RE.sub("", fold_accents(surface).lower().replace("’", "'"))
    word = word or surface.lower()
    return SPELLING_VARIANTS.get(word) or ORDINALS.get(word, word)


def _phrase_table() -> dict[tuple[str, ...], tuple[str, bool]]:
    """Multi-word and single-word aliases: words → (term, whether to keep the words too)."""
    table: dict[tuple[str, ...], tuple[str, bool]] = {}

    def key(phrase: str) -> tuple[str, ...]:
        return tuple(normalize_word(w.surface) for w in words(phrase))

    for term, (names, seats) in COUNTRIES.items():
        for name in names:
            table[key(name)] = (term, False)
        for seat in seats:
            table[key(seat)] = (term, True)
    for phrase, term in NAME_ALIASES.items():
        # "Korean Central News Agency" is kcna, and still an agency.
        table[key(phrase)] = (term, len(key(phrase)) > 1)
    return table


PHRASES = _phrase_table()
LONGEST_PHRASE = max(len(k) for k in PHRASES)
PHRASE_STARTS = frozenset(k[0] for k in PHRASES)
MULTI_WORD_STARTS = frozenset(k[0] for k in PHRASES if len(k) > 1)
_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=WORD_CACHE)
def stem(word: str) -> str | None:
    """The index term of one normalized word, or None for a stop word."""
    word = IRREGULAR_VERBS.get(word, word)
    if word in STOP_WORDS or (len(word) == 1 and not word.isdigit()):
        return None
    if word[0].isdigit():
        return word
    if "-" in word:
        return "-".join(_STEMMER.stemWord(part) for part in word.split("-"))
    stemmed = str(_STEMMER.stemWord(word))
    return _short_base(word, stemmed) or stemmed


# Snowball keeps a short verb's final "e" but cuts its forms to less ("sue" stays, "sued"
# and "suing" are "su"; "glue", "glu"): so "Why did Tekniva sue?" missed "Tekniva sued".
# A form whose cut is its verb without the "e" is read as the verb, where English uses
# it (Zipf). Over the real-news and seed corpora only "sued", "suing", "dyed", "toed",
# "glued", "hued" and "queued" are so read; "planned" is no "plane".
SHORT_BASE_ZIPF = 3.0


def _short_base(word: str, stemmed: str) -> str | None:
    """The verb of `word` ("sue" of "sued" and "suing"), where Snowball cuts the form
    to the verb without its final "e" (`stemmed`) but keeps the verb whole; None
    otherwise."""
    if word.endswith("ed"):
        base = word[:-1]
    elif word.endswith("ing"):
        base = word[:-3] + "e"
    else:
        return None
    if (
        stemmed + "e" == base
        and _STEMMER.stemWord(base) == base
        and english_zipf(base) >= SHORT_BASE_ZIPF
    ):
        return base
    return None


class Term(NamedTuple):
    """An index term and the span of text it came from."""

    term: str
    start: int
    end: int


def spans_of_terms(text: str) -> tuple[Term, ...]:
    """Index terms of `text`, in order, each with the span it came from."""
    found = [m.span() for m in TOKEN_RE.finditer(text)]
    normal = [normalize_word(text[start:end]) for start, end in found]
    return tuple(
        Term(term, found[first][0], found[last][1]) for term, first, last in analysed_words(normal)
    )


# Cached: the same sentences are read again for every question they are candidates for.
analyze = lru_cache(maxsize=8_192)(spans_of_terms)


def terms_of(text: str) -> list[str]:
    """Just the index terms of `text`."""
    normal = [normalize_word(surface) for surface in TOKEN_RE.findall(text)]
    return [term for term, _, _ in analysed_words(normal)]


def analysed_words(normal: list[str]) -> list[tuple[str, int, int]]:
    """(term, first word, last word) for the normalized words of a text."""
    found: list[tuple[str, int, int]] = []
    i = 0
    while i < len(normal):
        length = phrase_length(normal, i)
        if length:
            term, keep_words = PHRASES[tuple(normal[i : i + length])]
            found.append((term, i, i + length - 1))
            if keep_words:
                for j in range(i, i + length):
                    found.extend((t, j, j) for t in word_terms(normal[j]) if t != term)
            i += length
        else:
            terms = word_terms(normal[i])
            if len(terms) == 1:
                found.append((terms[0], i, i))  # most words: no generator to run
            else:
                found.extend((t, i, i) for t in terms)
            i += 1
    return found


def phrase_length(normal: list[str], i: int) -> int:
    """The length of the longest alias phrase starting at word `i` (0 for none)."""
    if normal[i] not in PHRASE_STARTS:
        return 0
    for length in range(min(LONGEST_PHRASE, len(normal) - i), 0, -1):
        if tuple(normal[i : i + length]) in PHRASES:
            return length
    return 0


@lru_cache(maxsize=WORD_CACHE)
def word_terms(word: str) -> tuple[str, ...]:
    """The index terms of one normalized word: none for a stop word, one for most."""
    term = stem(word)
    if term is None:
        return ()
    if "-" in term:
        # "Won-sik" is also "won sik" and "wonsik"; "full-scale" is also "full scale".
        parts = tuple(part for part in term.split("-") if part and stem(part) is not None)
        return (*parts, term.replace("-", ""))
    return (term,)


def english_zipf(word: str) -> float:
    """How common `word` is in English, on wordfreq's Zipf scale. wordfreq is imported,
    and reads its word list, at the first word looked up (half a second), not at every
    start: most questions use only the corpus's words."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


# An adjective's forms of degree ("strong", "stronger", "strongest") are one word to a
# reader: "How strong was the quake?" is answered by "the strongest quake since 1904".
# The stemmer keeps them apart. A form is taken only when English has all three words
# (wordfreq), so "interest" is not read as a degree of "inter", nor "offer" of "off".
ENGLISH_WORD_ZIPF = 2.0  # a word English writes (wordfreq's Zipf scale), not a made-up one
VOWELS = frozenset("aeiou")


def _degrees_of(base: str) -> tuple[str, str]:
    """The comparative and superlative a regular adjective `base` would have."""
    if base.endswith("e"):
        return base + "r", base + "st"
    if len(base) > 2 and base.endswith("y") and base[-2] not in VOWELS:
        return base[:-1] + "ier", base[:-1] + "iest"
    if (
        len(base) >= 3
        and base[-1] not in VOWELS | {"w", "x", "y"}
        and base[-2] in VOWELS
        and base[-3] not in VOWELS
        and len([c for c in base if c in VOWELS]) == 1
    ):
        return base + base[-1] + "er", base + base[-1] + "est"  # "big": "bigger", "biggest"
    return base + "er", base + "est"


def _always(word: str) -> bool:
    return True


def degree_forms(word: str, wanted: Callable[[str], bool] = _always) -> frozenset[str]:
    """The other forms of degree of an adjective ("strongest": "strong", "stronger");
    none for a word that is not one. Only an English word's forms, and only those of
    which one is `wanted` (a corpus's word), are looked up: a question of random letters
    fills no cache."""
    word = word.lower()
    if not word.isalpha() or len(word) < 3 or english_zipf(word) < ENGLISH_WORD_ZIPF:
        return frozenset()
    bases = [word]
    for ending in ("est", "er"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem_ = word[: -len(ending)]
            bases += [stem_, stem_ + "e"]
            if len(stem_) > 2 and stem_[-1] == stem_[-2]:
                bases.append(stem_[:-1])  # "bigg(est)"
            if stem_.endswith("i"):
                bases.append(stem_[:-1] + "y")  # "easi(est)"
    found: list[tuple[str, str, str]] = [
        forms
        for forms in ((base, *_degrees_of(base)) for base in bases)
        if word in forms
        and any(wanted(form) for form in forms if form != word)
        and all(english_zipf(form) >= ENGLISH_WORD_ZIPF for form in forms)
    ]
    if not found:
        return frozenset()
    # "biggest": "big", not the surname "Bigg", whose forms English also has.
    found.sort(key=lambda forms: -english_zipf(forms[0]))
    return frozenset(found[0]) - {word}


# Whoever does something is often named by the agent noun of its verb: "Who leads the
# union?" is answered by "union leader Kari Strand", "Who killed him?" by "his killer".
# Both words must be common English (wordfreq), and the noun no more than a little
# commoner than the verb: "better" is not someone who bets, nor "matter" who mats. Read
# only for "who" questions, where the verb's doer is what is asked for.
AGENT_ZIPF = 3.5
AGENT_COMMONER = 0.5
VERB_ENDINGS = ("ing", "ed", "es", "s", "d")


def agent_nouns(word: str, wanted: Callable[[str], bool] = _always) -> frozenset[str]:
    """The agent nouns of a verb in any of its regular forms ("leads": "leader";
    "directed": "director") that are `wanted` (a corpus's words); none for a word that
    has none."""
    word = word.lower()
    if not word.isalpha() or len(word) < 3 or english_zipf(word) < ENGLISH_WORD_ZIPF:
        return frozenset()
    bases = {word}
    for ending in VERB_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)]
            bases |= {base, base + "e"}
            if base[-1] == base[-2]:
                bases.add(base[:-1])  # "planned": "plan"
    found: set[str] = set()
    for base in bases:
        doer = base + "r" if base.endswith("e") else base + "er"
        # Read in English only where the corpus has the noun: most verbs have none.
        agents = [a for a in (doer, base + "or", base + base[-1] + "er") if a != word and wanted(a)]
        if not agents or (common := english_zipf(base)) < AGENT_ZIPF:
            continue
        found.update(
            agent
            for agent in agents
            if AGENT_ZIPF <= english_zipf(agent) <= common + AGENT_COMMONER
            and agent not in degree_forms(base)  # "older" is no one who olds
        )
    return frozenset(found)
