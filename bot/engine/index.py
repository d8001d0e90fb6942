"""The sentence index: every sentence of every article, its terms, and BM25 scores.

The index is a list of segments, the way Lucene and tantivy keep an index live. A
segment holds the articles analysed together (one build, or one batch of added
files) in flat arrays: which passage belongs to which article, where it starts and
ends, its terms, and a term → passages postings list. A segment never changes once
built: an added article goes into a new small segment, a removed one is marked dead
(a deletion mask beside the segment), a changed one is both. Small segments are
merged into larger ones now and then, dropping the dead.

`SentenceIndex` is one snapshot of the live segments, read as one index: passage and
article numbers run through the segments in order, and the statistics BM25 depends
on (how many live passages, their average length, how many contain a term) are
counted over the live passages of all segments, so an index grown by additions and
removals scores exactly as one built at once from the same articles.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import threading
import uuid
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import orjson
from numpy.typing import NDArray

from bot.engine.analysis import (
    LONGEST_PHRASE,
    MULTI_WORD_STARTS,
    TOKEN_RE,
    analysed_words,
    normalize_word,
    phrase_length,
)
from bot.engine.bm25 import bm25, lucene_idf
from bot.engine.corpus import body_fingerprint
from bot.engine.features import opens_with_name
from bot.engine.models import Article, Passage
from bot.engine.sentences import split_sentences
from bot.engine.vectors import sentence_key

FORMAT_VERSION = 23  # 5: segments; 6: every ISO country; 7: sentences of at most 1,000 characters;
# 8: no three-letter country acronyms made up from official names ("are" was Egypt);
# 9: Scotland (no ISO code) a country term of its own; 10: bodies in a file of their own;
# 11: link text left in a paragraph ('Watch …"') is no sentence; 12: nor a credit line
# 13: "WHO" in capitals is the World Health Organization, not the question word;
# 14: a "chief executive" is a CEO; 15: "æ", "ø", "ß" as "ae", "o", "ss";
# 16: "US-led" as "U.S.-led", ordinals in figures as in words ("4th" is "fourth");
# 17: a quote ending a paragraph ("… we will know more.\"") is body text, not a headline;
# 18: a straight quote mark opens or closes a quotation by the letters beside it;
# 19: whether each sentence opens with a name, worked out once (`features.opens_with_name`);
# 20: a credit line with the reporters' roles ("CNN producer Jo Lee …") is no sentence;
# 21: "sued" and "suing" are "sue", as the verb is (`analysis._short_base`);
# 22: a wire dateline's outlet may have up to four words ("(Nordic Press Wire) -");
# 23: "Britain" is the United Kingdom, as "Great Britain" is
MANIFEST = "manifest.json"
BODIES = "bodies.txt"  # a segment's article bodies, end to end
BODY_OFFSETS = "bodies.offsets"  # where each ends (int64), after a 0
FINGERPRINTS = "fingerprints.json"
SEGMENTS = "segments"
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
EMPTY = np.zeros(0, dtype=np.int64)
# Postings with their BM25 scores kept per snapshot, counted in entries (16 bytes
# each): questions share their common terms ("say", "announce"), whose postings run
# to hundreds of thousands of passages in a large corpus.
POSTINGS_CACHE_ENTRIES = 2_000_000
POSTINGS_CACHE_TERMS = 2_048  # and at most this many terms
BODIES_KEPT = 64  # saved articles' bodies kept decoded, the last read (`BodyReader`)
IDF_CACHE_TERMS = 200_000  # idfs remembered (a few MB), then forgotten all at once
ARTICLE_VECTORS_KEPT = 2_000  # article word vectors remembered (some 20 MB at most)


def new_segment_name() -> str:
    return f"seg-{uuid.uuid4().hex[:12]}"


class Segment:
    """Articles analysed and inverted together; never changed once built."""

    def __init__(
        self,
        name: str,
        articles: list[Article],
        arrays: dict[str, NDArray[Any]],
        vocabulary: list[str],
        surfaces: list[str],
        fingerprints: list[str] | None = None,
    ) -> None:
        self.name = name
        self.articles = articles
        # Each article's `body_fingerprint`, kept with the segment: working them out
        # again at each start costs a pass over every article's text.
        self._fingerprints = fingerprints
        # Plain ndarray views of memory-mapped arrays: indexing a np.memmap is slow.
        arrays = {name: np.asarray(array) for name, array in arrays.items()}
        self.arrays = arrays
        self.vocabulary = vocabulary
        self.term_ids = {term: number for number, term in enumerate(vocabulary)}
        self.surfaces = surfaces  # normalised spellings, numbered as in `surface_ids`
        self.article_of: IntArray = arrays["article_of"]
        self.starts: IntArray = arrays["starts"]
        self.ends: IntArray = arrays["ends"]
        self.paragraphs: IntArray = arrays["paragraphs"]
        self.heading: BoolArray = arrays["heading"]
        self.opens_name: BoolArray = arrays["opens_name"]
        self.lengths: IntArray = arrays["lengths"]
        self.keys: NDArray[np.uint64] = arrays["keys"]
        self.token_offsets: IntArray = arrays["token_offsets"]
        self.tokens: IntArray = arrays["tokens"]
        self.posting_offsets: IntArray = arrays["posting_offsets"]
        self.posting_passages: IntArray = arrays["posting_passages"]
        self.posting_counts: IntArray = arrays["posting_counts"]
        self.title_offsets: IntArray = arrays["title_offsets"]
        self.title_tokens: IntArray = arrays["title_tokens"]
        self.surface_offsets: IntArray = arrays["surface_offsets"]
        self.surface_ids: IntArray = arrays["surface_ids"]
        self.first_passage: IntArray = arrays["first_passage"]
        self.published_year: IntArray = arrays["published_year"]
        self.published_month: IntArray = arrays["published_month"]
        self.size = len(self.article_of)
        self.length_sum = int(self.lengths.sum())
        self.frequencies: IntArray = np.diff(self.posting_offsets)
        # Each title's distinct terms: which articles' headlines have a term.
        self.title_index = _postings(self.title_tokens, self.title_offsets, len(vocabulary))
        self.title_frequencies: IntArray = np.diff(self.title_index[0])
        self.surface_counts: IntArray = np.bincount(self.surface_ids, minlength=len(surfaces))

    @property
    def fingerprints(self) -> list[str]:
        """Each article's `body_fingerprint` (worked out once, if not saved)."""
        if self._fingerprints is None:
            self._fingerprints = [body_fingerprint(a.body) for a in self.articles]
        return self._fingerprints

    @classmethod
    def from_parts(cls, parts: Sequence[Part], name: str | None = None) -> Segment:
        """One segment from parts analysed separately (in order), with one numbering."""
        return merge(parts, name or new_segment_name())

    def part(self, keep: BoolArray | None = None) -> Part:
        """The segment's articles (those where `keep` is true) as a part to merge."""
        columns = {
            name: self.arrays[name]
            for name in COLUMNS
            if name not in ("title_lengths", "surface_lengths")
        }
        columns["title_lengths"] = np.diff(self.title_offsets)
        columns["surface_lengths"] = np.diff(self.surface_offsets)
        part = Part(self.articles, columns, self.vocabulary, self.surfaces, self._fingerprints)
        return part if keep is None or keep.all() else part.keep_articles(keep)

    # Saving and loading -----------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write the segment to a new `folder`; readers never see it half-written."""
        staging = folder.with_name(f".{folder.name}.{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for name, array in self.arrays.items():
            np.save(staging / f"{name}.npy", array)
        ends = []
        with (
            (staging / "articles.jsonl").open("w", encoding="utf-8") as out,
            (staging / BODIES).open("wb") as bodies,
        ):
            for article in self.articles:
                record = asdict(article)
                bodies.write(record.pop("body").encode())
                ends.append(bodies.tell())
                record["body_digest"] = article.body_digest
                record["path"] = str(article.path)
                record["published"] = article.published.isoformat() if article.published else None
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        np.array([0, *ends], dtype=np.int64).tofile(staging / BODY_OFFSETS)
        (staging / "vocabulary.json").write_text(
            json.dumps({"terms": self.vocabulary, "surfaces": self.surfaces}), encoding="utf-8"
        )
        (staging / FINGERPRINTS).write_text(json.dumps(self.fingerprints), encoding="utf-8")
        staging.rename(folder)

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> Segment:
        arrays = {
            path.stem: np.load(path, mmap_mode="r" if mmap else None)
            for path in folder.glob("*.npy")
        }
        articles = []
        bodies = SavedBodies(folder)
        # orjson, and no body nor Path made: a restart reads 30,000 records (the bodies
        # stay on disk, `SavedBodies`). Split as bytes, on the newlines that end records
        # only: a title may hold a raw U+2028, which `str.splitlines` would split on.
        for number, line in enumerate((folder / "articles.jsonl").read_bytes().splitlines()):
            record = orjson.loads(line)
            published = record["published"]
            record["published"] = date.fromisoformat(published) if published else None
            digest = record.pop("body_digest")
            articles.append(Article.with_body_from(bodies.reader(number), digest, **record))
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        fingerprints = None
        if (folder / FINGERPRINTS).is_file():  # not in segments saved before they were kept
            fingerprints = json.loads((folder / FINGERPRINTS).read_text(encoding="utf-8"))
            if len(fingerprints) != len(articles):
                fingerprints = None
        return cls(
            folder.name, articles, arrays, vocabulary["terms"], vocabulary["surfaces"], fingerprints
        )


class SavedBodies:
    """The article bodies of a saved segment: one file of UTF-8 texts end to end,
    memory-mapped, each decoded when its article's body is asked for (and only the last
    `BODIES_KEPT` kept)."""

    def __init__(self, folder: Path) -> None:
        self._ends = np.fromfile(folder / BODY_OFFSETS, dtype=np.int64)
        with (folder / BODIES).open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            self._data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""

    def reader(self, number: int) -> Callable[[], str]:
        return BodyReader(self._data, int(self._ends[number]), int(self._ends[number + 1]))


class BodyReader:
    """Reads one article's body from its segment's bodies: one small object, not a
    closure (a function and three cells), because a restart makes one per article and
    the garbage collector walks each of them at every full collection (at 30,000
    articles a closure each made a full collection take 157 ms in mid-answer)."""

    __slots__ = ("_data", "_end", "_start")

    def __init__(self, data: mmap.mmap | bytes, start: int, end: int) -> None:
        self._data, self._start, self._end = data, start, end

    def __call__(self) -> str:
        return _decoded(self)

    def decode(self) -> str:
        return self._data[self._start : self._end].decode()


@lru_cache(maxsize=BODIES_KEPT)
def _decoded(reader: BodyReader) -> str:
    """An article's body, decoded once for the few articles read last (keyed by the
    reader itself, which holds its bodies' file): one answer reads about 40 articles'
    bodies some 120 times over (a sentence's text is sliced from its body; the names,
    pronouns and words of a candidate's article are read from it too)."""
    return reader.decode()


@dataclass(frozen=True)
class _Removed:
    """What a set of articles contributes to a segment's statistics."""

    passages: IntArray
    frequencies: IntArray
    title_frequencies: IntArray
    surface_counts: IntArray
    length_sum: int

    @classmethod
    def of(cls, segment: Segment, articles: IntArray) -> _Removed:
        passages = _spans(segment.first_passage, articles)
        at = _spans(segment.token_offsets, passages)
        owner = np.repeat(passages, segment.lengths[passages])
        terms = len(segment.vocabulary)
        # A passage counts once for each distinct term in it, as in the postings.
        pairs = np.unique(segment.tokens[at].astype(np.int64) * (segment.size + 1) + owner)
        frequencies = np.bincount(pairs // (segment.size + 1), minlength=terms)
        owners = np.repeat(articles, np.diff(segment.title_offsets)[articles])
        titled = segment.title_tokens[_spans(segment.title_offsets, articles)]
        title_pairs = np.unique(titled.astype(np.int64) * (len(segment.articles) + 1) + owners)
        title_frequencies = np.bincount(title_pairs // (len(segment.articles) + 1), minlength=terms)
        surface_ids = segment.surface_ids[_spans(segment.surface_offsets, articles)]
        surface_counts = np.bincount(surface_ids, minlength=len(segment.surfaces))
        return cls(
            passages,
            frequencies,
            title_frequencies,
            surface_counts,
            int(segment.lengths[passages].sum()),
        )


class LiveSegment:
    """A segment with its dead articles marked, and the statistics of the rest."""

    def __init__(self, segment: Segment) -> None:
        self.segment = segment
        self.dead: BoolArray | None = None  # by article; None: all alive
        self.dead_passages: BoolArray | None = None
        self.frequencies = segment.frequencies
        self.title_frequencies = segment.title_frequencies
        self.surface_counts = segment.surface_counts
        self.passages = segment.size
        self.length_sum = segment.length_sum
        self._surface_words: frozenset[str] | None = None

    @property
    def live_articles(self) -> int:
        total = len(self.segment.articles)
        return total if self.dead is None else total - int(self.dead.sum())

    def deleting(self, articles: IntArray) -> LiveSegment:
        """This segment with `articles` (local numbers) dead too; self is unchanged."""
        articles = np.unique(np.asarray(articles, dtype=np.int64))
        if self.dead is not None:
            articles = articles[~self.dead[articles]]
        if not len(articles):
            return self
        segment = self.segment
        removed = _Removed.of(segment, articles)
        live = LiveSegment(segment)
        live.dead = (
            np.zeros(len(segment.articles), dtype=bool) if self.dead is None else self.dead.copy()
        )
        live.dead[articles] = True
        live.dead_passages = (
            np.zeros(segment.size, dtype=bool)
            if self.dead_passages is None
            else self.dead_passages.copy()
        )
        live.dead_passages[removed.passages] = True
        live.frequencies = self.frequencies - removed.frequencies
        live.title_frequencies = self.title_frequencies - removed.title_frequencies
        live.surface_counts = self.surface_counts - removed.surface_counts
        live.passages = self.passages - len(removed.passages)
        live.length_sum = self.length_sum - removed.length_sum
        return live

    def surface_words(self) -> frozenset[str]:
        """The spellings used by the live articles (worked out once)."""
        if self._surface_words is None:
            surfaces = self.segment.surfaces
            self._surface_words = frozenset(
                surfaces[i] for i in np.flatnonzero(self.surface_counts > 0)
            )
        return self._surface_words


class SentenceIndex:
    """Passages (sentences and headings) of a set of articles, with their terms: a
    snapshot of live segments read as one index. Never changed; a change of corpus
    makes a new snapshot that shares the unchanged segments."""

    def __init__(self, segments: Sequence[LiveSegment] = ()) -> None:
        self.segments = tuple(segments)
        self.passage_bases = _offsets(np.array([s.segment.size for s in segments], dtype=np.int64))
        self.article_bases = _offsets(
            np.array([len(s.segment.articles) for s in segments], dtype=np.int64)
        )
        self._starts = [int(b) for b in self.passage_bases[:-1]]
        self.articles: list[Article] = [a for s in segments for a in s.segment.articles]
        self.size = int(self.passage_bases[-1])  # passage numbers run below this
        self.live_size = sum(s.passages for s in segments)  # live passages (BM25's N)
        lengths = sum(s.length_sum for s in segments)
        self.average_length = lengths / self.live_size if self.live_size else 1.0
        self.article_of: IntArray = _joined(
            [
                s.segment.article_of + base
                for s, base in zip(segments, self.article_bases, strict=False)
            ],
            np.int32,
        )
        self.first_passage: IntArray = np.append(
            _joined(
                [
                    s.segment.first_passage[:-1] + base
                    for s, base in zip(segments, self.passage_bases, strict=False)
                ],
                np.int64,
            ),
            self.size,
        )
        self.heading: BoolArray = _joined([s.segment.heading for s in segments], np.bool_)
        # Whether each sentence opens with a name (`features.opens_with_name`): read for
        # every lead a question's articles have, so kept rather than worked out each time.
        self.opens_name: BoolArray = _joined([s.segment.opens_name for s in segments], np.bool_)
        self.keys: NDArray[np.uint64] = _joined([s.segment.keys for s in segments], np.uint64)
        self.published_year = _joined([s.segment.published_year for s in segments], np.int16)
        self.published_month = _joined([s.segment.published_month for s in segments], np.int8)
        self.dead_articles: BoolArray = _joined(
            [
                s.dead if s.dead is not None else np.zeros(len(s.segment.articles), dtype=bool)
                for s in segments
            ],
            np.bool_,
        )
        self.dead_passages: BoolArray = self.dead_articles[self.article_of]
        self.live_articles = [
            a for a, dead in zip(self.articles, self.dead_articles, strict=True) if not dead
        ]
        self.surface_words = frozenset().union(*(s.surface_words() for s in segments))
        self._numbers: dict[str, int] | None = None
        self._scored: OrderedDict[str, tuple[IntArray, NDArray[np.float64]]] = OrderedDict()
        self._scored_entries = 0
        self._scored_lock = threading.Lock()
        self._idf: dict[str, float] = {}
        self._article_vectors: dict[int, dict[str, float]] = {}

    def warm_up(self) -> None:
        """Read the articles' columns that only some questions need (a period, an
        outlet, the newest): 10 ms for 30,000 articles, which the first such question
        would otherwise wait for."""
        _ = self.article_credits, self.published_days

    @cached_property
    def article_credits(self) -> list[frozenset[str]]:
        """The names each article is credited to, by article number (for filtering by
        outlet: `Article.credits`)."""
        return [a.credits for a in self.articles]

    @cached_property
    def newest_published(self) -> date | None:
        """The publication date of the newest live article; None if none is dated."""
        days = self._live_dated_days
        return date.fromordinal(int(days.max())) if len(days) else None

    @cached_property
    def oldest_published(self) -> date | None:
        """The publication date of the oldest live article; None if none is dated."""
        days = self._live_dated_days
        return date.fromordinal(int(days.min())) if len(days) else None

    @property
    def _live_dated_days(self) -> IntArray:
        """The publication days (ordinals) of the live articles that have one."""
        days = self.published_days[~self.dead_articles]
        return days[days > 0]

    @cached_property
    def published_days(self) -> IntArray:
        """Each article's publication date as a proleptic ordinal (0: undated)."""
        return np.array(
            [a.published.toordinal() if a.published else 0 for a in self.articles],
            dtype=np.int64,
        )

    def live_fingerprints(self) -> list[tuple[Article, str]]:
        """Each live article with its `body_fingerprint`."""
        found = []
        for live in self.segments:
            segment = live.segment
            for local, (article, fingerprint) in enumerate(
                zip(segment.articles, segment.fingerprints, strict=True)
            ):
                if live.dead is None or not live.dead[local]:
                    found.append((article, fingerprint))
        return found

    # Building ------------------------------------------------------------------

    @classmethod
    def build(cls, articles: Sequence[Article]) -> SentenceIndex:
        """Split, analyse and index `articles` in memory."""
        builder = _Builder()
        for article in articles:
            builder.add(article)
        return cls([LiveSegment(Segment.from_parts([builder.part(list(articles))]))])

    # Terms and statistics --------------------------------------------------------

    def _found(self, term: str) -> list[tuple[int, LiveSegment, int]]:
        """(segment position, segment, term number there) for each segment with `term`."""
        found = []
        for position, live in enumerate(self.segments):
            number = live.segment.term_ids.get(term)
            if number is not None:
                found.append((position, live, number))
        return found

    def frequency(self, term: str) -> int:
        """How many live passages contain `term`."""
        return sum(int(live.frequencies[number]) for _, live, number in self._found(term))

    def knows(self, term: str) -> bool:
        """Whether a live passage or headline has `term`."""
        return any(
            live.frequencies[number] or live.title_frequencies[number]
            for _, live, number in self._found(term)
        )

    def idf(self, term: str) -> float:
        """The term's idf over the live passages, remembered (a snapshot never changes;
        comparing articles reads the idf of every word they hold)."""
        found = self._idf.get(term)
        if found is None:
            if len(self._idf) >= IDF_CACHE_TERMS:
                self._idf.clear()
            found = self._idf[term] = float(lucene_idf(self.live_size, self.frequency(term) or 0.5))
        return found

    def postings(self, term: str) -> tuple[IntArray, NDArray[np.float64]]:
        """Live passages that contain `term` (ascending) and its BM25 score in each
        (read-only arrays, kept for the next question that asks for the term)."""
        with self._scored_lock:
            found = self._scored.get(term)
            if found is not None:
                self._scored.move_to_end(term)
                return found
        passages, scores = self._score_postings(term)
        passages.flags.writeable = False
        scores.flags.writeable = False
        with self._scored_lock:
            # A term no live passage has costs nothing to look up again: not kept.
            if term not in self._scored and 0 < len(passages) <= POSTINGS_CACHE_ENTRIES:
                self._scored[term] = (passages, scores)
                self._scored_entries += len(passages)
                while (
                    self._scored_entries > POSTINGS_CACHE_ENTRIES
                    or len(self._scored) > POSTINGS_CACHE_TERMS
                ):
                    _, (dropped, _) = self._scored.popitem(last=False)
                    self._scored_entries -= len(dropped)
        return passages, scores

    def _score_postings(self, term: str) -> tuple[IntArray, NDArray[np.float64]]:
        found = self._found(term)
        passages, counts, lengths = [], [], []
        frequency = 0
        for position, live, number in found:
            if not live.frequencies[number]:
                continue
            segment = live.segment
            low, high = segment.posting_offsets[number], segment.posting_offsets[number + 1]
            here = segment.posting_passages[low:high]
            count = segment.posting_counts[low:high]
            if live.dead_passages is not None:
                alive = ~live.dead_passages[here]
                here, count = here[alive], count[alive]
            passages.append(here.astype(np.int64) + self.passage_bases[position])
            counts.append(count)
            lengths.append(segment.lengths[here])
            frequency += int(live.frequencies[number])
        if not passages:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idf = float(lucene_idf(self.live_size, frequency))
        scores = bm25(idf, np.concatenate(counts), np.concatenate(lengths), self.average_length)
        return np.concatenate(passages), scores

    def title_articles(self, term: str) -> IntArray:
        """Live articles whose headline has `term`, ascending."""
        found = []
        for position, live, number in self._found(term):
            if not live.title_frequencies[number]:
                continue
            offsets, articles, _ = live.segment.title_index
            here = articles[offsets[number] : offsets[number + 1]]
            if live.dead is not None:
                here = here[~live.dead[here]]
            found.append(here.astype(np.int64) + self.article_bases[position])
        return np.concatenate(found) if found else EMPTY

    @property
    def term_count(self) -> int:
        """Distinct terms over all segments (dead ones included until merged away)."""
        return len(set().union(*(s.segment.term_ids for s in self.segments)))

    # Passages ------------------------------------------------------------------

    def _position(self, passage_id: int) -> int:
        """The number of the segment that holds `passage_id`."""
        return bisect_right(self._starts, passage_id) - 1

    def _locate(self, passage_id: int) -> tuple[Segment, int]:
        position = self._position(passage_id)
        return self.segments[position].segment, passage_id - self._starts[position]

    def passage(self, passage_id: int) -> Passage:
        segment, local = self._locate(passage_id)
        return Passage(
            passage_id=passage_id,
            article=self.articles[int(self.article_of[passage_id])],
            start=int(segment.starts[local]),
            end=int(segment.ends[local]),
            paragraph=int(segment.paragraphs[local]),
            is_heading=bool(segment.heading[local]),
        )

    def passage_terms(self, passage_id: int) -> list[str]:
        segment, local = self._locate(passage_id)
        low, high = segment.token_offsets[local], segment.token_offsets[local + 1]
        vocabulary = segment.vocabulary
        # Python ints index the list faster than numpy's (a tenth of a millisecond an answer).
        return [vocabulary[t] for t in segment.tokens[low:high].tolist()]

    def article_vector(self, article_number: int) -> dict[str, float]:
        """An article's words as a unit vector: each weighed by its idf and by the log of
        how many of its sentences hold it (remembered: answers that compare the stories
        of their quotes read the same articles again)."""
        found = self._article_vectors.get(article_number)
        if found is None:
            terms, counts, frequencies = self.article_terms(article_number)
            weights = (1 + np.log(counts)) * lucene_idf(self.live_size, frequencies)
            norm = float(np.sqrt(weights @ weights)) or 1.0
            found = dict(zip(terms, (weights / norm).tolist(), strict=True))
            if len(self._article_vectors) >= ARTICLE_VECTORS_KEPT:
                self._article_vectors.clear()
            self._article_vectors[article_number] = found
        return found

    def article_terms(self, article_number: int) -> tuple[list[str], IntArray, NDArray[np.float64]]:
        """The terms of an article, how many of its sentences hold each, and how many
        live passages of the index hold each (0.5 for none, as `idf` counts), for
        comparing articles (`choosing.first_story`): one pass over its tokens, its own
        segment's counts read at once, the other segments' term by term."""
        passages = self.article_passages(article_number)
        if not len(passages):
            return [], np.zeros(0, dtype=np.int64), np.zeros(0)
        position = self._position(passages.start)
        own = self.segments[position]
        segment, first = own.segment, passages.start - self._starts[position]
        last = first + len(passages)
        offsets = segment.token_offsets[first : last + 1]
        tokens = np.asarray(segment.tokens[offsets[0] : offsets[-1]], dtype=np.int64)
        sentence = np.repeat(np.arange(len(passages)), np.diff(offsets))
        # Each term once a sentence: unique (sentence, term) pairs, then terms counted.
        width = int(tokens.max(initial=0)) + 1
        pairs = np.unique(sentence * width + tokens)
        ids, counts = np.unique(pairs % width, return_counts=True)
        terms = [segment.vocabulary[t] for t in ids.tolist()]
        frequencies = own.frequencies[ids].astype(np.float64)
        for other, live in enumerate(self.segments):
            if other == position:
                continue
            term_ids = live.segment.term_ids
            for n, term in enumerate(terms):
                number = term_ids.get(term)
                if number is not None:
                    frequencies[n] += live.frequencies[number]
        frequencies[frequencies == 0] = 0.5
        return terms, counts, frequencies

    def article_passages(self, article_number: int) -> range:
        return range(
            int(self.first_passage[article_number]), int(self.first_passage[article_number + 1])
        )

    def article_number(self, article: Article) -> int:
        """The number of a live article in this index."""
        if self._numbers is None:
            self._numbers = {
                a.source_file: n for n, a in enumerate(self.articles) if not self.dead_articles[n]
            }
        return self._numbers[article.source_file]

    def neighbours(self, passage_id: int, window: int) -> list[Passage]:
        """Passages within `window` sentences of `passage_id`, in the same article."""
        rows = self.article_passages(int(self.article_of[passage_id]))
        low, high = max(rows.start, passage_id - window), min(rows.stop, passage_id + window + 1)
        return [self.passage(i) for i in range(low, high)]

    # Changing --------------------------------------------------------------------

    def changed(self, removed: Sequence[int] = (), added: Segment | None = None) -> SentenceIndex:
        """A new snapshot: articles numbered `removed` marked dead, `added` appended."""
        by_segment = np.searchsorted(self.article_bases, np.asarray(removed), side="right") - 1
        segments = []
        for position, live in enumerate(self.segments):
            mine = np.asarray(removed, dtype=np.int64)[by_segment == position]
            segments.append(
                live.deleting(mine - self.article_bases[position]) if len(mine) else live
            )
        if added is not None and len(added.articles):
            segments.append(LiveSegment(added))
        return SentenceIndex([s for s in segments if s.live_articles])

    def merged(self, first: int, last: int) -> SentenceIndex:
        """A new snapshot with segments first..last (inclusive) merged into one, the
        dead articles dropped."""
        chosen = self.segments[first : last + 1]
        parts = [
            s.segment.part(None if s.dead is None else ~s.dead) for s in chosen if s.live_articles
        ]
        merged = LiveSegment(Segment.from_parts(parts))
        return SentenceIndex([*self.segments[:first], merged, *self.segments[last + 1 :]])

    # Saving and loading -----------------------------------------------------------

    def save(self, folder: Path, extra: dict[str, Any] | None = None) -> None:
        """Bring `folder` up to this index: write the segments and deletion masks it
        lacks, then its manifest (atomically), then drop what the manifest no longer
        names. Unchanged segments are not written again."""
        segments = folder / SEGMENTS
        segments.mkdir(parents=True, exist_ok=True)
        entries = []
        for live in self.segments:
            name = live.segment.name
            if not (segments / name).is_dir():
                live.segment.save(segments / name)
            deleted = None
            if live.dead is not None:
                # Masks only grow, so the count of dead articles names the version.
                deleted = f"{name}.deleted-{int(live.dead.sum())}.npy"
                if not (segments / deleted).exists():
                    staging = segments / f".{deleted}.{os.getpid()}.npy"
                    np.save(staging, live.dead)
                    staging.replace(segments / deleted)
            entries.append([name, deleted])
        manifest = {**(extra or {}), "version": FORMAT_VERSION, "segments": entries}
        staging = folder / f".{MANIFEST}.{os.getpid()}"
        staging.write_text(json.dumps(manifest), encoding="utf-8")
        staging.replace(folder / MANIFEST)
        named = {n for entry in entries for n in entry if n}
        for path in segments.iterdir():
            if path.name not in named and not path.name.startswith("."):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> SentenceIndex:
        """Read an index written by `save`.

        By default the arrays are read into memory: a memory-mapped array answers its
        first questions slowly while its pages come in from disk. `mmap=True` maps
        them instead, for an index larger than the memory to spare.
        """
        return cls.load_with_manifest(folder, mmap)[0]

    @classmethod
    def load_with_manifest(
        cls, folder: Path, mmap: bool = False
    ) -> tuple[SentenceIndex, dict[str, Any]]:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        version = manifest.get("version")
        if version != FORMAT_VERSION:
            raise ValueError(f"index format {version} is not {FORMAT_VERSION}; rebuild it")
        segments = []
        for name, deleted in manifest["segments"]:
            live = LiveSegment(Segment.load(folder / SEGMENTS / name, mmap))
            if deleted:
                dead = np.load(folder / SEGMENTS / deleted)
                live = live.deleting(np.flatnonzero(dead))
            segments.append(live)
        return cls(segments), manifest


def _joined(arrays: Sequence[NDArray[Any]], dtype: Any) -> NDArray[Any]:
    return np.concatenate(arrays).astype(dtype, copy=False) if arrays else np.zeros(0, dtype=dtype)


def _spans(offsets: NDArray[Any], rows: NDArray[Any]) -> IntArray:
    """The positions of the items of `rows` in a table whose row r holds items
    offsets[r] to offsets[r + 1], row after row."""
    starts = np.asarray(offsets[rows], dtype=np.int64)
    lengths = np.asarray(offsets[np.asarray(rows) + 1], dtype=np.int64) - starts
    total = int(lengths.sum())
    if not total:
        return EMPTY
    before = np.cumsum(lengths) - lengths
    return np.repeat(starts - before, lengths) + np.arange(total)


class _Builder:
    """Accumulates articles into index columns, one article at a time.

    Indexing a million sentences is mostly analysis; a written word's terms are worked
    out once and remembered, and only sentences with the start of a multi-word name
    ("North Korea", "Kim Jong Un") go through the full phrase matching.
    """

    def __init__(self) -> None:
        self.term_ids: dict[str, int] = {}
        self.vocabulary: list[str] = []
        self.word_ids: dict[str, tuple[int, ...] | None] = {}  # None: may start a phrase
        # Each article's spellings (for the speller), numbered by their normal form.
        self.surface_ids: dict[str, int] = {}
        self.surfaces: list[str] = []
        self.spelling_ids: dict[str, int] = {}  # as written → number of its normal form
        self.article_spellings: set[str] = set()
        self.columns: dict[str, list[int]] = {name: [] for name in COLUMNS}

    def _id(self, term: str) -> int:
        number = self.term_ids.get(term)
        if number is None:
            number = self.term_ids[term] = len(self.vocabulary)
            self.vocabulary.append(term)
        return number

    def _word(self, surface: str) -> tuple[int, ...] | None:
        normal = normalize_word(surface)
        if normal in MULTI_WORD_STARTS:
            found = None
        else:
            found = tuple(self._id(term) for term, _, _ in analysed_words([normal]))
        self.word_ids[surface] = found
        return found

    def _spelling(self, surface: str) -> int:
        number = self.spelling_ids.get(surface)
        if number is None:
            normal = normalize_word(surface)
            number = self.surface_ids.get(normal)
            if number is None:
                number = self.surface_ids[normal] = len(self.surfaces)
                self.surfaces.append(normal)
            self.spelling_ids[surface] = number
        return number

    def ids(self, text: str) -> list[int]:
        surfaces = TOKEN_RE.findall(text)
        self.article_spellings.update(surfaces)
        ids: list[int] = []
        word_ids = self.word_ids
        i = 0
        while i < len(surfaces):
            surface = surfaces[i]
            found = word_ids[surface] if surface in word_ids else self._word(surface)
            if found is None:
                # A word that may start a name of several words ("North Korea"; most
                # sentences have one): it is read with the words after it, as
                # `analysed_words` reads it, and the rest of the sentence word by word.
                normal = [normalize_word(s) for s in surfaces[i : i + LONGEST_PHRASE]]
                length = phrase_length(normal, 0) or 1
                ids.extend(self._id(term) for term, _, _ in analysed_words(normal[:length]))
                i += length
            else:
                ids.extend(found)
                i += 1
        return ids

    def add(self, article: Article) -> None:
        columns = self.columns
        article_number = len(columns["title_lengths"])
        columns["published_year"].append(article.published.year if article.published else 0)
        columns["published_month"].append(article.published.month if article.published else 0)
        self.article_spellings = set()
        title = self.ids(article.title)
        columns["title_tokens"].extend(title)
        columns["title_lengths"].append(len(title))
        for span in split_sentences(article.body):
            text = article.body[span.start : span.end]
            ids = self.ids(text)
            columns["article_of"].append(article_number)
            columns["starts"].append(span.start)
            columns["ends"].append(span.end)
            columns["paragraphs"].append(span.paragraph)
            columns["heading"].append(span.is_heading)
            columns["opens_name"].append(opens_with_name(text))
            columns["lengths"].append(len(ids))
            columns["keys"].append(sentence_key(text))
            columns["tokens"].extend(ids)
        spellings = sorted({self._spelling(s) for s in self.article_spellings})
        columns["surface_ids"].extend(spellings)
        columns["surface_lengths"].append(len(spellings))

    def part(self, articles: list[Article], fingerprints: list[str] | None = None) -> Part:
        """What was added, as arrays with this builder's own term numbers."""
        columns: dict[str, NDArray[Any]] = {
            name: np.array(values, dtype=COLUMNS[name]) for name, values in self.columns.items()
        }
        return Part(articles, columns, self.vocabulary, self.surfaces, fingerprints)


@dataclass
class Part:
    """A slice of the corpus analysed on its own: columns with local term numbers."""

    articles: list[Article]
    columns: dict[str, NDArray[Any]]
    vocabulary: list[str]
    surfaces: list[str]
    fingerprints: list[str] | None = None  # each article's `body_fingerprint`, if known

    def keep_articles(self, keep: BoolArray) -> Part:
        """This part with only the articles where `keep` is true."""
        columns = self.columns
        passages = keep[columns["article_of"]]
        renumber = np.cumsum(keep) - 1
        kept: dict[str, NDArray[Any]] = {
            name: columns[name][passages]
            for name in ("starts", "ends", "paragraphs", "heading", "opens_name", "lengths", "keys")
        }
        kept["article_of"] = renumber[columns["article_of"][passages]].astype(np.int32)
        kept["tokens"] = columns["tokens"][np.repeat(passages, columns["lengths"])]
        kept["title_tokens"] = columns["title_tokens"][np.repeat(keep, columns["title_lengths"])]
        kept["surface_ids"] = columns["surface_ids"][np.repeat(keep, columns["surface_lengths"])]
        for name in ("title_lengths", "surface_lengths", "published_year", "published_month"):
            kept[name] = columns[name][keep]
        articles = [a for a, k in zip(self.articles, keep, strict=True) if k]
        fingerprints = self.fingerprints and [
            f for f, k in zip(self.fingerprints, keep, strict=True) if k
        ]
        return Part(articles, kept, self.vocabulary, self.surfaces, fingerprints)


COLUMNS: dict[str, type] = {
    "article_of": np.int32,
    "starts": np.int32,
    "ends": np.int32,
    "paragraphs": np.int32,
    "heading": np.bool_,
    "opens_name": np.bool_,
    "lengths": np.int32,
    "keys": np.uint64,  # each sentence's text key, for finding its vector
    "tokens": np.int32,
    "title_tokens": np.int32,
    "title_lengths": np.int32,
    "surface_ids": np.int32,  # each article's distinct spellings
    "surface_lengths": np.int32,
    "published_year": np.int16,
    "published_month": np.int8,
}


def _renumbering(table: list[str], numbers: dict[str, int], names: list[str]) -> NDArray[Any]:
    """Numbers in the joint `table` for a part's `names`, adding those it lacks."""
    for name in names:
        if name not in numbers:
            numbers[name] = len(table)
            table.append(name)
    return np.array([numbers[n] for n in names], dtype=np.int32)


def merge(parts: Sequence[Part], name: str) -> Segment:
    """One segment from parts analysed separately (in order), with one term numbering."""
    term_ids: dict[str, int] = {}
    vocabulary: list[str] = []
    surface_ids: dict[str, int] = {}
    surfaces: list[str] = []
    articles: list[Article] = []
    fingerprints: list[str] | None = []
    pieces: dict[str, list[NDArray[Any]]] = {name: [] for name in COLUMNS}
    for part in parts:
        if fingerprints is not None and part.fingerprints is not None:
            fingerprints.extend(part.fingerprints)
        else:
            fingerprints = None
        terms = _renumbering(vocabulary, term_ids, part.vocabulary)
        spellings = _renumbering(surfaces, surface_ids, part.surfaces)
        for column_name, column in part.columns.items():
            if column_name in ("tokens", "title_tokens"):
                column = terms[column] if len(column) else column
            elif column_name == "surface_ids":
                column = spellings[column] if len(column) else column
            elif column_name == "article_of":
                column = column + len(articles)
            pieces[column_name].append(column)
        articles.extend(part.articles)
    columns: dict[str, NDArray[Any]] = {
        column_name: np.concatenate(chunks).astype(COLUMNS[column_name], copy=False)
        if chunks
        else np.zeros(0, dtype=COLUMNS[column_name])
        for column_name, chunks in pieces.items()
    }
    passages_per_article = np.bincount(columns["article_of"], minlength=len(articles))
    arrays: dict[str, NDArray[Any]] = {
        **{k: v for k, v in columns.items() if k not in ("title_lengths", "surface_lengths")},
        "token_offsets": _offsets(columns["lengths"]),
        "title_offsets": _offsets(columns["title_lengths"]),
        "surface_offsets": _offsets(columns["surface_lengths"]),
        "first_passage": _offsets(passages_per_article),
    }
    offsets, passages, counts = _postings(
        arrays["tokens"], arrays["token_offsets"], len(vocabulary)
    )
    arrays |= {"posting_offsets": offsets, "posting_passages": passages, "posting_counts": counts}
    return Segment(name, articles, arrays, vocabulary, surfaces, fingerprints)


def _offsets(counts: NDArray[Any]) -> IntArray:
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets


def _postings(
    tokens: NDArray[Any], offsets: IntArray, terms: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Invert rows → terms (sentences, headlines) into term → rows: the rows of term t
    are `rows[term_offsets[t]:term_offsets[t + 1]]`, ascending, with their counts."""
    rows = len(offsets) - 1
    row_of = np.repeat(np.arange(rows, dtype=np.int64), np.diff(offsets))
    keys, counts = np.unique(tokens.astype(np.int64) * (rows + 1) + row_of, return_counts=True)
    term_offsets = np.zeros(terms + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys // (rows + 1), minlength=terms), out=term_offsets[1:])
    found_rows: IntArray = (keys % (rows + 1)).astype(np.int32)
    found_counts: IntArray = counts.astype(np.int32)
    return term_offsets, found_rows, found_counts
