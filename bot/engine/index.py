"""The sentence index: every sentence of every article, its terms, and BM25 scores.

The index keeps its data in flat arrays (which passage belongs to which article,
where it starts and ends, its terms, and a term → passages postings list), so that
it can be saved to disk and memory-mapped back in a moment, whatever the corpus size.

Two scorers read it, with one formula, so answers do not depend on which is used:
- `RankBM25Scorer`, rank-bm25 itself, for small corpora (the shipped one). It scores
  every passage in Python for every term, which stops being fast at tens of thousands
  of passages.
- `PostingsScorer`, the same BM25 computed with numpy over a term's postings only,
  for large corpora.

rank-bm25's `BM25Okapi` computes idf as log((N - n + 0.5) / (n + 0.5)), which is zero
or negative for a term in half the passages or more, and then floors it at a fraction
of the average idf. In a news corpus about one story the names of the story's actors
("North Korea", "Russia") are in most sentences, and that floor makes their weight
depend on the rest of the vocabulary. `LuceneBM25` keeps rank-bm25's term-frequency
part and uses Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)): always positive,
falling smoothly as a term gets more common.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from rank_bm25 import BM25Okapi

from bot.engine.analysis import MULTI_WORD_STARTS, TOKEN_RE, analysed_words, normalize_word
from bot.engine.models import Article, Passage
from bot.engine.sentences import split_sentences
from bot.engine.vectors import sentence_key

K1 = 1.2
B = 0.75
FORMAT_VERSION = 4  # 4: ordinals are one term
IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def lucene_idf(passages: int, frequency: Any) -> Any:
    """The idf of a term found in `frequency` passages (0.5 for one found in none);
    `frequency` may be a number or an array of them."""
    return np.log1p((passages - frequency + 0.5) / (frequency + 0.5))


class LuceneBM25(BM25Okapi):  # type: ignore[misc]
    """BM25Okapi scoring with Lucene's always-positive idf."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = float(lucene_idf(self.corpus_size, freq))
        self.average_idf = sum(self.idf.values()) / max(len(self.idf), 1)


class Scorer(Protocol):
    def postings(self, term: str) -> tuple[IntArray, FloatArray]:
        """Passages that contain `term` (ascending) and the term's BM25 score in each."""


class SentenceIndex:
    """Passages (sentences and headings) of a set of articles, with their terms."""

    def __init__(
        self,
        articles: list[Article],
        arrays: dict[str, NDArray[Any]],
        vocabulary: list[str],
        surface_words: frozenset[str],
    ) -> None:
        self.articles = articles
        # Plain ndarray views of memory-mapped arrays: indexing a np.memmap is slow.
        arrays = {name: np.asarray(array) for name, array in arrays.items()}
        self.arrays = arrays
        self.vocabulary = vocabulary
        self.term_ids = {term: number for number, term in enumerate(vocabulary)}
        self.surface_words = surface_words
        self.article_of: IntArray = arrays["article_of"]
        self.starts: IntArray = arrays["starts"]
        self.ends: IntArray = arrays["ends"]
        self.paragraphs: IntArray = arrays["paragraphs"]
        self.heading: NDArray[np.bool_] = arrays["heading"]
        self.lengths: IntArray = arrays["lengths"]
        self.keys: NDArray[np.uint64] = arrays["keys"]
        self.token_offsets: IntArray = arrays["token_offsets"]
        self.tokens: IntArray = arrays["tokens"]
        self.posting_offsets: IntArray = arrays["posting_offsets"]
        self.posting_passages: IntArray = arrays["posting_passages"]
        self.posting_counts: IntArray = arrays["posting_counts"]
        self.title_offsets: IntArray = arrays["title_offsets"]
        self.title_tokens: IntArray = arrays["title_tokens"]
        self.first_passage: IntArray = arrays["first_passage"]
        self.published_year: IntArray = arrays["published_year"]
        self.published_month: IntArray = arrays["published_month"]
        self.size = len(self.article_of)
        self._title_index = _postings(self.title_tokens, self.title_offsets, len(vocabulary))
        self.average_length = float(self.lengths.mean()) if self.size else 1.0
        self.scorer: Scorer = (
            RankBM25Scorer(self) if self.size <= RANK_BM25_LIMIT else PostingsScorer(self)
        )

    # Building ------------------------------------------------------------------

    @classmethod
    def build(cls, articles: Sequence[Article]) -> SentenceIndex:
        """Split, analyse and index `articles` in memory."""
        builder = _Builder()
        for article in articles:
            builder.add(article)
        return merge([builder.part(list(articles))])

    # Terms and statistics --------------------------------------------------------

    def frequency(self, term: str) -> int:
        """How many passages contain `term`."""
        number = self.term_ids.get(term)
        if number is None:
            return 0
        return int(self.posting_offsets[number + 1] - self.posting_offsets[number])

    def knows(self, term: str) -> bool:
        return term in self.term_ids

    def idf(self, term: str) -> float:
        return float(lucene_idf(self.size, self.frequency(term) or 0.5))

    def passage_terms(self, passage_id: int) -> list[str]:
        low, high = self.token_offsets[passage_id], self.token_offsets[passage_id + 1]
        return [self.vocabulary[t] for t in self.tokens[low:high]]

    def title_articles(self, term: str) -> IntArray:
        """Articles whose headline has `term`, ascending."""
        number = self.term_ids.get(term)
        if number is None:
            return np.zeros(0, dtype=np.int64)
        offsets, articles, _ = self._title_index
        return articles[offsets[number] : offsets[number + 1]]

    # Passages ------------------------------------------------------------------

    def passage(self, passage_id: int) -> Passage:
        return Passage(
            passage_id=passage_id,
            article=self.articles[int(self.article_of[passage_id])],
            start=int(self.starts[passage_id]),
            end=int(self.ends[passage_id]),
            paragraph=int(self.paragraphs[passage_id]),
            is_heading=bool(self.heading[passage_id]),
        )

    def article_passages(self, article_number: int) -> range:
        return range(
            int(self.first_passage[article_number]), int(self.first_passage[article_number + 1])
        )

    def neighbours(self, passage_id: int, window: int) -> list[Passage]:
        """Passages within `window` sentences of `passage_id`, in the same article."""
        rows = self.article_passages(int(self.article_of[passage_id]))
        low, high = max(rows.start, passage_id - window), min(rows.stop, passage_id + window + 1)
        return [self.passage(i) for i in range(low, high)]

    # Saving and loading -----------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write the index to `folder` (replacing what is there)."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, array in self.arrays.items():
            np.save(folder / f"{name}.npy", array)
        with (folder / "articles.jsonl").open("w", encoding="utf-8") as out:
            for article in self.articles:
                record = asdict(article)
                record["path"] = str(article.path)
                record["published"] = article.published.isoformat() if article.published else None
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        (folder / "vocabulary.json").write_text(
            json.dumps({"terms": self.vocabulary, "surface_words": sorted(self.surface_words)}),
            encoding="utf-8",
        )
        (folder / "format.json").write_text(
            json.dumps({"version": FORMAT_VERSION}), encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> SentenceIndex:
        """Read an index written by `save`.

        By default the arrays are read into memory: a memory-mapped array answers its
        first questions slowly while its pages come in from disk. `mmap=True` maps
        them instead, for an index larger than the memory to spare.
        """
        version = json.loads((folder / "format.json").read_text(encoding="utf-8"))["version"]
        if version != FORMAT_VERSION:
            raise ValueError(f"index format {version} is not {FORMAT_VERSION}; rebuild it")
        arrays = {
            path.stem: np.load(path, mmap_mode="r" if mmap else None)
            for path in folder.glob("*.npy")
        }
        articles = []
        with (folder / "articles.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                record["path"] = Path(record["path"])
                published = record["published"]
                record["published"] = date.fromisoformat(published) if published else None
                articles.append(Article(**record))
        vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        return cls(articles, arrays, vocabulary["terms"], frozenset(vocabulary["surface_words"]))


RANK_BM25_LIMIT = 5_000  # passages; above this rank-bm25 scoring every passage in Python is slow


class RankBM25Scorer:
    """BM25 from rank-bm25 itself, for small corpora."""

    def __init__(self, index: SentenceIndex) -> None:
        self.index = index
        documents = [index.passage_terms(i) for i in range(index.size)]
        self.bm25 = LuceneBM25(documents, k1=K1, b=B) if documents else None
        # The index never changes, so a term's postings are computed once.
        self._cache: dict[str, tuple[IntArray, FloatArray]] = {}

    def postings(self, term: str) -> tuple[IntArray, FloatArray]:
        found = self._cache.get(term)
        if found is None:
            if self.bm25 is None or not self.index.knows(term):
                found = np.zeros(0, dtype=np.int64), np.zeros(0)
            else:
                scores = np.asarray(self.bm25.get_scores([term]), dtype=np.float64)
                passages = np.flatnonzero(scores)
                found = passages, scores[passages]
            self._cache[term] = found
        return found


class PostingsScorer:
    """The same BM25, computed with numpy over the passages that contain the term."""

    def __init__(self, index: SentenceIndex) -> None:
        self.index = index
        self.scores = index.arrays["posting_scores"]

    def postings(self, term: str) -> tuple[IntArray, FloatArray]:
        index = self.index
        number = index.term_ids.get(term)
        if number is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        low, high = index.posting_offsets[number], index.posting_offsets[number + 1]
        passages = index.posting_passages[low:high].astype(np.int64)
        return passages, self.scores[low:high].astype(np.float64)


def bm25_scores(arrays: dict[str, NDArray[Any]]) -> NDArray[np.float32]:
    """BM25 of each posting, computed once when the index is built (as bm25s does): the
    term's idf times its saturated, length-normalised count in the passage."""
    lengths = arrays["lengths"]
    frequency = np.diff(arrays["posting_offsets"])
    idf = lucene_idf(len(lengths), frequency)
    counts = arrays["posting_counts"].astype(np.float64)
    passage_lengths = lengths[arrays["posting_passages"]]
    average = lengths.mean() if len(lengths) else 1.0
    norm = K1 * (1 - B + B * passage_lengths / average)
    impact = counts * (K1 + 1) / (counts + norm)
    scores: NDArray[np.float32] = (np.repeat(idf, frequency) * impact).astype(np.float32)
    return scores


class _Builder:
    """Accumulates articles into index columns, one article at a time.

    Indexing a million sentences is mostly analysis; a written word's terms are worked
    out once and remembered, and only sentences with the start of a multi-word name
    ("North Korea", "Kim Jong Un") go through the full phrase matching.
    """

    def __init__(self) -> None:
        self.term_ids: dict[str, int] = {}
        self.vocabulary: list[str] = []
        self.surfaces: set[str] = set()
        self.word_ids: dict[str, tuple[int, ...] | None] = {}  # None: may start a phrase
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

    def ids(self, text: str) -> list[int]:
        surfaces = TOKEN_RE.findall(text)
        self.surfaces.update(surfaces)
        ids: list[int] = []
        word_ids = self.word_ids
        for surface in surfaces:
            found = word_ids[surface] if surface in word_ids else self._word(surface)
            if found is None:
                normal = [normalize_word(s) for s in surfaces]
                return [self._id(term) for term, _, _ in analysed_words(normal)]
            ids.extend(found)
        return ids

    def add(self, article: Article) -> None:
        columns = self.columns
        article_number = len(columns["title_lengths"])
        columns["published_year"].append(article.published.year if article.published else 0)
        columns["published_month"].append(article.published.month if article.published else 0)
        title = self.ids(article.title)
        columns["title_tokens"].extend(title)
        columns["title_lengths"].append(len(title))
        for span in split_sentences(article.body):
            ids = self.ids(article.body[span.start : span.end])
            columns["article_of"].append(article_number)
            columns["starts"].append(span.start)
            columns["ends"].append(span.end)
            columns["paragraphs"].append(span.paragraph)
            columns["heading"].append(span.is_heading)
            columns["lengths"].append(len(ids))
            columns["keys"].append(sentence_key(article.body[span.start : span.end]))
            columns["tokens"].extend(ids)

    def part(self, articles: list[Article]) -> Part:
        """What was added, as arrays with this builder's own term numbers."""
        surface_words = {normalize_word(surface) for surface in self.surfaces}
        columns: dict[str, NDArray[Any]] = {
            name: np.array(values, dtype=COLUMNS[name]) for name, values in self.columns.items()
        }
        return Part(articles, columns, self.vocabulary, surface_words)


@dataclass
class Part:
    """A slice of the corpus analysed on its own: columns with local term numbers."""

    articles: list[Article]
    columns: dict[str, NDArray[Any]]
    vocabulary: list[str]
    surface_words: set[str]

    def keep_articles(self, keep: NDArray[np.bool_]) -> Part:
        """This part with only the articles where `keep` is true."""
        columns = self.columns
        passages = keep[columns["article_of"]]
        renumber = np.cumsum(keep) - 1
        kept: dict[str, NDArray[Any]] = {
            name: columns[name][passages]
            for name in ("starts", "ends", "paragraphs", "heading", "lengths", "keys")
        }
        kept["article_of"] = renumber[columns["article_of"][passages]].astype(np.int32)
        kept["tokens"] = columns["tokens"][np.repeat(passages, columns["lengths"])]
        kept["title_tokens"] = columns["title_tokens"][np.repeat(keep, columns["title_lengths"])]
        for name in ("title_lengths", "published_year", "published_month"):
            kept[name] = columns[name][keep]
        articles = [a for a, k in zip(self.articles, keep, strict=True) if k]
        return Part(articles, kept, self.vocabulary, self.surface_words)


COLUMNS: dict[str, type] = {
    "article_of": np.int32,
    "starts": np.int32,
    "ends": np.int32,
    "paragraphs": np.int32,
    "heading": np.bool_,
    "lengths": np.int32,
    "keys": np.uint64,  # each sentence's text key, for finding its vector
    "tokens": np.int32,
    "title_tokens": np.int32,
    "title_lengths": np.int32,
    "published_year": np.int16,
    "published_month": np.int8,
}


def merge(parts: Sequence[Part]) -> SentenceIndex:
    """One index from parts analysed separately (in order), with one term numbering."""
    term_ids: dict[str, int] = {}
    vocabulary: list[str] = []
    surface_words: set[str] = set()
    articles: list[Article] = []
    pieces: dict[str, list[NDArray[Any]]] = {name: [] for name in COLUMNS}
    for part in parts:
        for term in part.vocabulary:
            if term not in term_ids:
                term_ids[term] = len(vocabulary)
                vocabulary.append(term)
        numbering = np.array([term_ids[t] for t in part.vocabulary], dtype=np.int32)
        surface_words.update(part.surface_words)
        for name, column in part.columns.items():
            if name in ("tokens", "title_tokens"):
                column = numbering[column] if len(column) else column
            elif name == "article_of":
                column = column + len(articles)
            pieces[name].append(column)
        articles.extend(part.articles)
    columns = {
        name: np.concatenate(chunks) if chunks else np.zeros(0, dtype=COLUMNS[name])
        for name, chunks in pieces.items()
    }
    passages_per_article = np.bincount(columns["article_of"], minlength=len(articles))
    arrays: dict[str, NDArray[Any]] = {
        **{k: v for k, v in columns.items() if k not in ("title_lengths",)},
        "token_offsets": _offsets(columns["lengths"]),
        "title_offsets": _offsets(columns["title_lengths"]),
        "first_passage": _offsets(passages_per_article),
    }
    offsets, passages, counts = _postings(
        arrays["tokens"], arrays["token_offsets"], len(vocabulary)
    )
    arrays |= {"posting_offsets": offsets, "posting_passages": passages, "posting_counts": counts}
    arrays["posting_scores"] = bm25_scores(arrays)
    return SentenceIndex(articles, arrays, vocabulary, frozenset(surface_words))


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
