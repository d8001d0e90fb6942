"""Case restored to a question typed without it, as the corpus writes its words.

The engine reads names by their capitals: a capitalised word the corpus lacks is a
name it does not know ("What did Ina Berg tell Lars Vik?" is declined when no article
names Lars Vik), and a "who" question's own names are no answer to it. A question typed
in lower case ("what did ina berg tell lars vik"), in capitals or in title case has
lost that: every word, or none, looks like a name. So a word of such a question is
capitalised where the corpus nearly always writes it with a capital inside a sentence
("Ina Berg", "NATO"), and a word the corpus lacks, where it is no common English word
("Vik"); the question is then read as if typed with care. A word the corpus writes both
ways ("president", "agency", as in "the agency" and "News Agency") is left as typed.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection
from functools import cache

import numpy as np

from bot.engine.analysis import POSSESSIVE_RE, Term, analyze, words
from bot.engine.index import SentenceIndex
from bot.engine.lexicon import CASED_ACRONYMS, QUESTION_WORDS, STOP_WORDS, WEAK_WORDS

# The sentences of a term read for how the corpus writes it (spread over its postings).
SAMPLED_SENTENCES = 20
# A word is a name when at least this share of its uses inside sentences have a capital
# (0.75 and 0.97 alike, within a question on every set typed in lower case).
CAPITALISED_SHARE = 0.9
# A typo typed with a capital ("Muesum") is mended into a word the corpus writes with
# one at least this often ("the museum", "the British Museum"): into a name, not into a
# word it never capitalises ("Bamk" is no "bank").
TYPO_CAPITALISED_SHARE = 0.2
# A sentence with more than this share of its words capitalised is a headline written
# in title case ("Kim Pledges Support for Russia"), no evidence either way.
TITLE_CASE_SHARE = 0.6
TITLE_CASE_WORDS = 4
WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
FIRST_LETTER_RE = re.compile(r"[^\W\d_]")
FUNCTION_WORDS = STOP_WORDS | QUESTION_WORDS | WEAK_WORDS
TITLE_WORD_RE = re.compile(r"\b[^\W\d_]{4,}\b")
# A word with a capital and those with one right after it: "Fjord Cup", "Ina Berg".
CAPITALISED_RUN_RE = re.compile(r"[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,3}")


def capitals_say_nothing(text: str) -> bool:
    """Whether `text` is typed all in capitals, or in title case: every word of four
    letters or more capitalised, and a word after the first that no name is made of
    capitalised too ("What Was The Fate Of Ina Berg?"; not "What did Ina Berg tell Lars
    Vik?"). Its capitals mark no names."""
    letters = [c for c in text if c.isalpha()]
    if letters and not any(c.islower() for c in letters):
        return True
    first = FIRST_LETTER_RE.search(text)
    if first is None or any(not w[0].isupper() for w in TITLE_WORD_RE.findall(text)):
        return False
    return any(
        m.group()[0].isupper() and m.group().lower() in FUNCTION_WORDS
        for m in WORD_RE.finditer(text, first.end())
    )


def lacks_case(question: str) -> bool:
    """Whether no word after the question's first has a capital."""
    found = words(question)
    return bool(found) and not any(c.isupper() for c in question[found[0].end :])


def _title_case(text: str) -> bool:
    """Whether a corpus sentence is a headline set in title case. Not the test for a
    question (`capitals_say_nothing`): a question may be mostly names ("What did Kim
    Jong Un tell Xi Jinping?"), a sentence of an article seldom is."""
    written = [w for w in WORD_RE.findall(text) if w.lower() not in STOP_WORDS]
    capitalised = sum(w[0].isupper() for w in written)
    return len(written) >= TITLE_CASE_WORDS and capitalised > TITLE_CASE_SHARE * len(written)


def capitalised_forms(
    index: SentenceIndex, term: str, share: float = CAPITALISED_SHARE
) -> tuple[str, ...]:
    """How the corpus writes `term` when it nearly always writes it with a capital
    inside a sentence: the runs of capitalised words it begins ("Fjord Cup"), then the
    word itself ("NATO"), commonest first; none when it writes it in lower case often
    enough, or not at all. A sentence's first word and headlines in title case say
    nothing about a word's case."""
    passages, _ = index.postings(term)
    if not len(passages):
        return ()
    step = max(1, len(passages) // SAMPLED_SENTENCES)
    capitalised: Counter[str] = Counter()  # the word as written
    runs: Counter[str] = Counter()  # with the capitalised words after it
    # ... in sentences full of capitals: evidence only where there is no other (a name
    # the corpus writes only in lists of names, "Ina Berg, Ola Dahl and Lars Vik").
    in_titles: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    lower = 0
    for passage_id in passages[::step][:SAMPLED_SENTENCES].tolist():
        text = index.passage(passage_id).text
        first = FIRST_LETTER_RE.search(text)
        if first is None:
            continue
        here = [t for t in analyze(text) if t.term == term and t.start != first.start()]
        if not here:
            continue
        title = any(text[t.start].isupper() for t in here) and _title_case(text)
        forms, forms_run = in_titles if title else (capitalised, runs)
        for written in here:
            if text[written.start].isupper():
                forms[POSSESSIVE_RE.sub("", text[written.start : written.end])] += 1
                run = CAPITALISED_RUN_RE.match(text, written.start)
                words_run = run.group().rstrip(".") if run else ""  # not the full stop
                if written.start + len(words_run) > written.end:
                    forms_run[POSSESSIVE_RE.sub("", words_run)] += 1
            elif not title:
                lower += 1
    if not capitalised and not lower:
        capitalised, runs = in_titles
    count = sum(capitalised.values())
    if not count or count < share * (count + lower):
        return ()
    return tuple(form for found in (runs, capitalised) for form, _ in found.most_common())


def capitalise_words(typed: str) -> str:
    """Each word of `typed` with a capital ("north korea's" → "North Korea's")."""
    return "".join(
        c.upper() if i == 0 or (not typed[i - 1].isalnum() and typed[i - 1] not in "'’") else c
        for i, c in enumerate(typed)
    )


def restore_case(
    question: str,
    written: Callable[[str], tuple[str, ...]],
    unknown_name: Callable[[str, str], bool] | None = None,
    guessed: Collection[str] = (),
    lacks: Callable[[str, str], bool] | None = None,
) -> str:
    """`question` (typed without case: `lacks_case`) with its words after the first
    capitalised as the corpus writes them (`written`: `capitalised_forms` of a
    term), or those for which `unknown_name(term, typed)` holds. Question words, stop
    words and the spelling corrections in `guessed` are left as typed: a guess at a typo
    is no name for the question to require.
    A word the corpus lacks and that is no typo of a name (`lacks(term, typed)`), typed
    inside a name the corpus writes or in place of its next word, is a part of another
    name however short or common ("kim yo jong", "kim jong il" over articles that name
    only Kim Jong Un, not "kim jon un"): read as a name, the question asks about someone
    they do not (`_in_another_name`)."""
    found = words(question)
    if not found:
        return question
    after_first = found[0].end
    guesses = {g.lower() for g in guessed}
    restored = list(question)  # changed letter by letter: only case changes
    terms = analyze(question)
    forms_of = cache(written)  # a word's forms are read again for the word after it
    for number, term in enumerate(terms):
        typed = question[term.start : term.end]
        if term.start < after_first or not typed[0].isalpha() or typed.lower() in guesses:
            continue
        if all(w.surface.lower() in STOP_WORDS for w in words(typed)):
            continue
        forms = forms_of(term.term)
        if (
            not forms
            and not (unknown_name is not None and unknown_name(term.term, typed))
            and not (
                lacks is not None and _in_another_name(question, terms, forms_of, number, lacks)
            )
        ):
            continue
        # As the corpus writes it, with the capitalised words that follow it there
        # ("fjord cup" → "Fjord Cup"), else each word of it capitalised.
        new = capitalise_words(typed)
        for form in sorted(forms, key=len, reverse=True):
            written_here = question[term.start : term.start + len(form)]
            after = question[term.start + len(form) : term.start + len(form) + 1]
            if written_here.lower() == form.lower() and not after.isalnum():
                new = form
                break
        restored[term.start : term.start + len(new)] = new
    # "the us", "the who": after "the", the body, not the pronoun or the question word.
    for word in found[1:]:
        acronym = word.surface.upper()
        if acronym in CASED_ACRONYMS and question[: word.start].lower().endswith("the "):
            restored[word.start : word.end] = acronym
    return "".join(restored)


def _in_another_name(
    question: str,
    terms: tuple[Term, ...],
    forms: Callable[[str], tuple[str, ...]],
    number: int,
    lacks: Callable[[str, str], bool],
) -> bool:
    """Whether term `number` is one the corpus lacks (`lacks`), typed where a name the
    corpus writes has another word: right between two words of the name (a run of
    `forms` of the word before holds the word after: "Kim Jong Un" for "kim yo jong",
    not "Voss" and "North" for "voss pays north lund"), or right after the first
    two words of a longer one, in place of its next ("kim jong il" over articles that
    name only Kim Jong Un is another man)."""
    here = terms[number]
    inside = (
        0 < number < len(terms) - 1
        and _side_by_side(question, *terms[number - 1 : number + 2])
        and any(terms[number + 1].term in run[1:] for run in _name_runs(forms, terms[number - 1]))
    )
    in_place_of_next = (
        number >= 2
        and _side_by_side(question, *terms[number - 2 : number + 1])
        and any(
            len(run) > 2 and run[:2] == [terms[number - 2].term, terms[number - 1].term]
            for run in _name_runs(forms, terms[number - 2])
        )
    )
    return (inside or in_place_of_next) and lacks(here.term, question[here.start : here.end])


def _name_runs(forms: Callable[[str], tuple[str, ...]], first: Term) -> list[list[str]]:
    """The terms of each name of several words that the corpus writes from `first` on
    (`forms`: "Kim Jong Un" for "kim")."""
    return [[t.term for t in analyze(form)] for form in forms(first.term) if " " in form]


def _side_by_side(question: str, *terms: Term) -> bool:
    """Whether only spaces stand between each of `terms` and the next in `question`."""
    return all(
        question[left.end : right.start].isspace() for left, right in itertools.pairwise(terms)
    )


# The sentences holding both words read for whether the corpus writes them side by
# side (`written_beside`).
SAMPLED_PAIRS = 50


def written_beside(index: SentenceIndex, left: str, right: str, capitalised: bool) -> bool:
    """Whether the corpus writes the word `right` (or its plural) right after the word
    `left`, with a capital where `capitalised`: "Harbour Rights Campaign", "Lund Tigers".
    What a typo beside a word it is written with was typed for (`Speller.correct`)."""
    left_terms, right_terms = analyze(left), analyze(right)
    if len(left_terms) != 1 or len(right_terms) != 1:
        return False
    both = np.intersect1d(
        index.postings(left_terms[0].term)[0], index.postings(right_terms[0].term)[0]
    )
    if capitalised:
        written = re.escape(right[0].upper()) + f"(?i:{re.escape(right[1:])})"
    else:
        written = f"(?i:{re.escape(right)})"
    pattern = re.compile(rf"(?i:\b{re.escape(left)})\s+{written}(?:e?s)?\b")
    step = max(1, len(both) // SAMPLED_PAIRS)
    return any(
        pattern.search(index.passage(passage_id).text)
        for passage_id in both[::step][:SAMPLED_PAIRS].tolist()
    )
