"""What the statement model sees of a statement: cue kinds, stems, word pairs, letter groups.

The same function serves training (`train.py`) and reading (`model.py`), so the fitted weights
always meet the features they were fitted on. Every feature remembers where in the statement, as
written, it was found, so that a reading can quote the words that decided it.

Feature names, by prefix:
- `k:<kind>`  a kind of cue from the lexicons (`rules.find_cues`), e.g. `k:staffing`;
- `w:<stem>`  a word, stemmed for its language (snowball), e.g. `w:pair` for "pairing";
- `b:<a>_<b>` two stemmed words in a row, e.g. `b:your_dev`;
- `c:<grams>` three to five letters of a word, with `<` and `>` at its edges, e.g. `c:<stand`;
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
CHAR_SIZES = (3, 4, 5)
# Stems are remembered up to this many words per language: a bounded cache of the words seen.
_STEM_CACHE_MAX = 50_000

_WORD = re.compile(r"\w+")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b|\b\d{1,2}\s?-\s?\d{1,2}\b", re.I)
_CODE_NAME = re.compile(r"\*\w+|\w+\*|\b\w+_\w+\b|\b[a-z]+[A-Z]\w*\b|\b\w+\.\w{2,4}\b")
_MIXED_CASE = re.compile(r"\b[A-Z]?[a-z]+[A-Z][A-Za-z]*\b|\b[A-Z]{2,}[a-z]+\w*\b")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN_WORD = re.compile(r"\b[A-Za-z][A-Za-z0-9.+#-]*[A-Za-z0-9+#]\b")

Span = tuple[int, int]  # start and end in the statement as written
Features = dict[str, list[Span]]

_stemmers: dict[str, Callable[[str], str]] = {}


def _stemmer(lang: str) -> Callable[[str], str]:
    """A caching stemmer for `lang`: snowball is pure Python, so each word is stemmed once."""
    stem = _stemmers.get(lang)
    if stem is None:
        algorithm = snowballstemmer.stemmer(_SNOWBALL[lang])
        cache: dict[str, str] = {}

        def stem(word: str) -> str:
            found = cache.get(word)
            if found is None:
                found = algorithm.stemWord(word)
                if len(cache) < _STEM_CACHE_MAX:
                    cache[word] = found
            return found

        _stemmers[lang] = stem
    return stem


def _original(offsets: list[int] | None, start: int, end: int) -> Span:
    if offsets is None:
        return start, end
    return offsets[start], offsets[end - 1] + 1


def extract(text: str, lang: str, cues: list[Cue] | None = None) -> Features:
    """The features of `text` (in the supported language `lang`) and where each was found.

    `cues` are the lexicon cues of `text` when the caller has already found them.
    """
    found: Features = {}

    def add(name: str, span: Span) -> None:
        found.setdefault(name, []).append(span)

    for cue in find_cues(text, lang) if cues is None else cues:
        for span in cue.spans:
            add(f"k:{cue.kind}", span)

    folded, offsets = fold(text)
    stem = _stemmer(lang)
    previous: tuple[str, int] | None = None
    for match in _WORD.finditer(folded):
        low = match.group().lower()
        span = _original(offsets, match.start(), match.end())
        if low.isdigit():
            add("s:number", span)
            previous = None
            continue
        word = stem(low)
        add(f"w:{word}", span)
        if previous is not None:
            add(f"b:{previous[0]}_{word}", (previous[1], span[1]))
        previous = (word, span[0])
        marked = f"<{low}>"
        for size in CHAR_SIZES:
            for i in range(len(marked) - size + 1):
                add(f"c:{marked[i : i + size]}", span)
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
