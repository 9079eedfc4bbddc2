"""What the statement model sees of a statement: cue kinds, stems, word pairs, letter groups.

The same function serves training (`train.py`) and reading (`model.py`), so the fitted weights
always meet the features they were fitted on. Every feature remembers where in the statement, as
written, it was found, so that a reading can quote the words that decided it.

Feature names, by prefix:
- `k:<kind>`  a kind of cue from the lexicons (`rules.find_cues`), e.g. `k:staffing`;
- `w:<stem>`  a word, stemmed for its language (snowball), e.g. `w:pair` for "pairing";
- `b:<a>_<b>` two stemmed words in a row, e.g. `b:your_dev`;
- `c:<grams>` four or five letters of a word, with `<` and `>` at its edges, e.g. `c:<stand`;
- `f:<stem>`  the first word of a sentence: an imperative ("use", "move") or a subject ("users");
- `s:<shape>` the shape of something written: a clock time, a personal name, a code name...
"""

from __future__ import annotations

import re
from collections.abc import Callable

import snowballstemmer

from .normalize import fold
from .rules import Cue, find_cues

# Snowball algorithm of each supported language.
_SNOWBALL = {"en": "english", "es": "spanish", "it": "italian", "sv": "swedish", "ar": "arabic"}
# Letter groups of these lengths: long enough to carry meaning, short enough to meet inflections.
# (Leave-one-writer-out on the unsealed writers: 4-5 read as well as 3-5, with a third fewer.)
CHAR_SIZES = (4, 5)
# Words are remembered up to this many per language: a bounded cache of the words seen.
_STEM_CACHE_MAX = 50_000

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"\s*[.!?;:\n]")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b|\b\d{1,2}\s?-\s?\d{1,2}\b", re.I)
_CODE_NAME = re.compile(r"\*\w+|\w+\*|\b\w+_\w+\b|\b[a-z]+[A-Z]\w*\b|\b\w+\.\w{2,4}\b")
_MIXED_CASE = re.compile(r"\b[A-Z]?[a-z]+[A-Z][A-Za-z]*\b|\b[A-Z]{2,}[a-z]+\w*\b")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN_WORD = re.compile(r"\b[A-Za-z][A-Za-z0-9.+#-]*[A-Za-z0-9+#]\b")

Span = tuple[int, int]  # start and end in the statement as written
Features = dict[str, list[Span]]

# What one word gives, by language and lower-case word: its stem and its letter-group features.
# Snowball is pure Python (about 15 µs a word), so each word is worked out once per process.
_WORD_CACHE: dict[str, dict[str, tuple[str, str, str, tuple[str, ...]]]] = {}
_stemmers: dict[str, Callable[[str], str]] = {}


def _word(lang: str, low: str) -> tuple[str, str, str, tuple[str, ...]]:
    """What `low` (a lower-case word of `lang`) gives: its stem, the names of its word and
    sentence-start features, and the names of its letter groups."""
    cache = _WORD_CACHE.setdefault(lang, {})
    found = cache.get(low)
    if found is None:
        stem = _stemmers.get(lang)
        if stem is None:
            stem = _stemmers[lang] = snowballstemmer.stemmer(_SNOWBALL[lang]).stemWord
        marked = f"<{low}>"
        grams = tuple(
            f"c:{marked[i : i + size]}"
            for size in CHAR_SIZES
            for i in range(len(marked) - size + 1)
        )
        word = stem(low)
        found = (word, f"w:{word}", f"f:{word}", grams)
        if len(cache) < _STEM_CACHE_MAX:
            cache[low] = found
    return found


def _original(offsets: list[int] | None, start: int, end: int) -> Span:
    if offsets is None:
        return start, end
    return offsets[start], offsets[end - 1] + 1


def extract(
    text: str,
    lang: str,
    cues: list[Cue] | None = None,
    folded: tuple[str, list[int] | None] | None = None,
) -> Features:
    """The features of `text` (in the supported language `lang`) and where each was found.

    `cues` (the lexicon cues of `text`) and `folded` (`fold(text)`) may be given by a caller
    that has them already.
    """
    found: Features = {}

    def add(name: str, span: Span) -> None:
        found.setdefault(name, []).append(span)

    for cue in find_cues(text, lang) if cues is None else cues:
        for span in cue.spans:
            add(f"k:{cue.kind}", span)

    folded_text, offsets = fold(text) if folded is None else folded
    previous: tuple[str, int] | None = None
    sentence_start = True
    for match in _WORD.finditer(folded_text):
        low = match.group().lower()
        span = _original(offsets, match.start(), match.end())
        if low.isdigit():
            add("s:number", span)
            previous = None
            continue
        word, word_name, start_name, grams = _word(lang, low)
        add(word_name, span)
        if sentence_start:  # an imperative or a subject: who the sentence is addressed to
            add(start_name, span)
        gap = folded_text[match.end() : match.end() + 2]
        sentence_start = bool(_SENTENCE_END.match(gap))
        if previous is not None:
            add(f"b:{previous[0]}_{word}", (previous[1], span[1]))
        previous = (word, span[0])
        for gram in grams:
            spans = found.get(gram)
            if spans is None:
                found[gram] = [span]
            else:
                spans.append(span)
    _shapes(text, add)
    return found


def _shapes(text: str, add: Callable[[str, Span], None]) -> None:
    """Shapes of what is written, whatever the language: clock times, code names, names."""
    sample = text[:10_000]
    for match in _CLOCK.finditer(sample):
        add("s:clock", match.span())
    for match in _CODE_NAME.finditer(sample):
        add("s:code_name", match.span())
    for match in _MIXED_CASE.finditer(sample):
        add("s:mixed_case", match.span())
    if _ARABIC.search(sample):
        for match in _LATIN_WORD.finditer(sample):
            add("s:latin_in_arabic", match.span())
        return
    # A capitalised word inside a sentence: a person's name ("have Priya pair") or a product.
    for match in re.finditer(r"(?<=[\w,] )[A-ZÅÄÖÉÑ][a-zåäöéèàìòùáíóúñ]+\b", sample):
        add("s:capitalised", match.span())
