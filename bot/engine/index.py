"""The sentence index: every sentence of every article, its terms, and BM25 scores.

The index keeps its data in flat arrays (which passage belongs to which article,
where it starts and ends, its terms, and a term → passages postings list), so that
it can be saved to disk and memory-mapped back in a moment, whatever the corpus size.

The BM25 scorers that read it are in `bm25.py`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bot.engine.analysis import MULTI_WORD_STARTS, TOKEN_RE, analysed_words, normalize_word
from bot.engine.bm25 import (
    RANK_BM25_LIMIT,
    PostingsScorer,
    RankBM25Scorer,
    Scorer,
    bm25_scores,
    lucene_idf,
)
from bot.engine.models import Article, Passage
from bot.engine.sentences import split_sentences
from bot.engine.vectors import sentence_key

FORMAT_VERSION = 5  # 4: ordinals are one term; 5: sentences of at most 1,000 characters
IntArray = NDArray[np.int64]


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
