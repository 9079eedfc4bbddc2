"""Loading the lexicons (one TOML file per language, plus `common.toml`) into fast matchers.

A lexicon names *kinds* of cue (`[staffing]`, `[budget]`...). Each kind lists `terms` (any one is
enough), `cased` terms (matched with their capitals, for names such as "Rust" or "Spark" that are
also ordinary words), and `[[kind.together]]` rules whose `need` groups must all match in one
sentence. The small term language, written for people who are not programmers:

- words match whole words, ignoring case, accents and Arabic diacritics: "brand book";
- `*` at the end or start of a word stands for any ending or beginning: "deploy*", "*rapport*";
- `*` alone is any one word, `~` is up to three words: "every * hours", "send ~ update";
- `#` is a number: "every # hours", "#th {month}"; `NAME` is a capitalised name: "have NAME do";
- `=` before a word matches it only with these capitals: "=May" (the month, not the verb);
- `^` is the start of a sentence: "^ first";
- `{month}` is any entry of the `[vocab]` list called month;
- a term starting with `re:` is a Python regular expression, for the rare case the rest can't say.

In Arabic, words also match with the clitics و ف ب ل ك س ال attached in front and the usual
pronoun and plural endings after (so write "ميزانية" once, and it matches "والميزانية" too).

Terms are matched word by word through a dictionary, so the time per statement does not grow
with the size of the lexicon; only `re:` terms are regular expressions.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import product
from pathlib import Path
from typing import Any

from .normalize import fold_term

LEXICON_DIR = Path(__file__).with_name("lexicons")

TOKEN = re.compile(r"\w+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_GLUE = re.compile(r"(\w+)")
_SOFT_GLUE = {"", "-", "'"}
_MAX_EXPANSION = 400  # vocabulary lists are expanded into plain terms up to this many per term

# Arabic clitics written before a word (conjunction, preposition, article) and pronoun/plural
# endings written after it.
_AR_PREFIXES = (
    "وبال",
    "فبال",
    "وكال",
    "ولل",
    "فلل",
    "وال",
    "فال",
    "بال",
    "كال",
    "لل",
    "ال",
    "وب",
    "ول",
    "وك",
    "وس",
    "فب",
    "فل",
    "فس",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
    "س",
)
_AR_SUFFIXES = (
    "اتهم",
    "اتها",
    "اتكم",
    "اتنا",
    "تهم",
    "تها",
    "تكم",
    "تنا",
    "هما",
    "كما",
    "ات",
    "ون",
    "ين",
    "ان",
    "وا",
    "ها",
    "هم",
    "هن",
    "كم",
    "كن",
    "نا",
    "ني",
    "يه",
    "يا",
    "ه",
    "ي",
    "ا",
    "ت",
)
_AR_MIN_STEM = 2

# Token tests of a term, one per word.
LIT, STEM, INFIX, SUFFIX, NUM, NUMSUF, ANY, NAME, CASED, GAP, TAIL = range(11)


class LexiconError(ValueError):
    """A lexicon file that cannot be read; the message names the file, kind and term."""


@lru_cache(maxsize=8192)
def arabic_forms(token: str) -> frozenset[str]:
    """The token and its stems once Arabic clitics and endings are taken off."""
    forms = {token}
    for prefix in ("", *_AR_PREFIXES):
        if prefix and not token.startswith(prefix):
            continue
        rest = token[len(prefix) :]
        for suffix in ("", *_AR_SUFFIXES):
            if suffix and not rest.endswith(suffix):
                continue
            stem = rest[: len(rest) - len(suffix)] if suffix else rest
            if len(stem) >= _AR_MIN_STEM:
                forms.add(stem)
    return frozenset(forms)


def _canon_arabic(word: str) -> str:
    """The form an Arabic lexicon word is stored under: without a leading article."""
    for prefix in ("ال",):
        if word.startswith(prefix) and len(word) - len(prefix) >= _AR_MIN_STEM:
            return word[len(prefix) :]
    return word


@dataclass(slots=True)
class Token:
    """A word of a sentence: folded text, lower case, position, Arabic stems if Arabic."""

    text: str
    low: str
    start: int
    end: int
    forms: frozenset[str]


def tokenize(sentence: str, offset: int = 0) -> list[Token]:
    """Words of a folded sentence, with positions in the folded statement."""
    out = []
    plain = sentence.isascii()  # most sentences: no Arabic to look for in each word
    for match in TOKEN.finditer(sentence):
        text = match.group()
        low = text.lower()
        arabic = not plain and _ARABIC.search(low)
        forms = arabic_forms(low) if arabic else frozenset((low,))
        start, end = match.span()
        out.append(Token(text, low, offset + start, offset + end, forms))
    return out


# (test, value, glue): glue is the exact text required just before the word ("." in "node.js"),
# or None when any spacing or punctuation may separate it from the previous word.
Spec = tuple[int, str, str | None]


@dataclass(slots=True)
class Entry:
    """One word term: the token tests and where it belongs."""

    set_id: int
    specs: tuple[Spec, ...]
    at_start: bool
    anchor: int  # index of the word the entry is filed under (the first plain word)


@dataclass
class Compiled:
    """Every term set of one language, indexed for matching a sentence in one pass."""

    names: list[str] = field(default_factory=list)  # set id -> "kind" or "kind/together#i/j"
    exact: dict[str, list[Entry]] = field(default_factory=dict)
    stems: dict[str, list[Entry]] = field(default_factory=dict)  # by first three letters
    always: list[Entry] = field(default_factory=list)
    # One-word terms with a `*` at the start ("*rapport*", "*fasen"): tried on every word, so
    # tested here directly, (test, letters, set id), not through the general matcher.
    partial: list[tuple[int, str, int]] = field(default_factory=list)
    regexes: list[tuple[int, re.Pattern[str]]] = field(default_factory=list)
    kinds: dict[str, tuple[int | None, tuple[tuple[int, ...], ...]]] = field(default_factory=dict)

    def matches(self, text: str, start: int, end: int) -> dict[int, list[tuple[int, int]]]:
        """For each term set found in `text[start:end]` (a sentence), the spans it matched."""
        found: dict[int, list[tuple[int, int]]] = {}
        sentence = text[start:end]
        tokens = tokenize(sentence, start)
        exact, stems = self.exact, self.stems
        for index, token in enumerate(tokens):
            if len(token.forms) == 1:  # not Arabic: one form, and no entry can come twice
                words, prefixes = exact.get(token.low), stems.get(token.low[:3])
                if words is None and prefixes is None and not self.always:
                    candidates = []  # most words start no term: nothing to try
                else:
                    candidates = [*(words or ()), *(prefixes or ()), *self.always]
            else:
                candidates = list(self._candidates(token))
            low = token.low
            for test, letters, set_id in self.partial:
                if (letters in low) if test == INFIX else low.endswith(letters):
                    found.setdefault(set_id, []).append((token.start, token.end))
            for entry in candidates:
                first = index - entry.anchor
                if first < 0 or (entry.at_start and first):
                    continue
                last = _match(entry.specs, tokens, first, 0, text)
                if last is not None:
                    glue = entry.specs[0][2] or ""
                    span = (tokens[first].start - len(glue), last)
                    found.setdefault(entry.set_id, []).append(span)
        for set_id, pattern in self.regexes:
            for match in pattern.finditer(sentence):
                if match.end() > match.start():
                    span = (start + match.start(), start + match.end())
                    found.setdefault(set_id, []).append(span)
        return found

    def _candidates(self, token: Token) -> Iterator[Entry]:
        seen: set[int] = set()
        for form in token.forms:
            for bucket in (self.exact.get(form), self.stems.get(form[:3])):
                if bucket:
                    for entry in bucket:
                        if id(entry) not in seen:
                            seen.add(id(entry))
                            yield entry
        yield from self.always


def _test(spec: Spec, token: Token, text: str) -> bool:
    kind, value, glue = spec
    if glue is not None and text[token.start - len(glue) : token.start] != glue:
        return False
    if kind == LIT:
        return value in token.forms
    if kind == STEM:
        return any(form.startswith(value) for form in token.forms)
    if kind == INFIX:
        return value in token.low
    if kind == SUFFIX:
        return token.low.endswith(value)
    if kind == NUM:
        return token.low.isdigit()
    if kind == NUMSUF:
        low = token.low
        return low.endswith(value) and low[: len(low) - len(value)].isdigit()
    if kind == ANY:
        return not token.low.isdigit()
    if kind == NAME:
        text = token.text
        return len(text) >= 3 and text[0].isupper() and text[1:].islower()
    if kind == CASED:
        return token.text == value
    return False


def _match(specs: tuple[Spec, ...], tokens: list[Token], i: int, k: int, text: str) -> int | None:
    """End offset of the match when `specs[k:]` match from token `i`, else None."""
    while k < len(specs):
        kind, value, _ = specs[k]
        if kind == GAP:
            for skip in range(4):
                if i + skip < len(tokens):
                    end = _match(specs, tokens, i + skip, k + 1, text)
                    if end is not None:
                        return end
            return None
        if kind == TAIL:  # symbols right after the last word: "c#", "c++"
            end = tokens[i - 1].end
            after = text[end + len(value) : end + len(value) + 1]
            if text[end : end + len(value)] != value or (
                after and (after.isalnum() or after == "_")
            ):
                return None
            return end + len(value)
        if i >= len(tokens) or not _test(specs[k], tokens[i], text):
            return None
        i, k = i + 1, k + 1
    return tokens[i - 1].end


def _word_specs(word: str, cased: bool) -> list[Spec]:
    """Token tests for one word of a term ("node.js" gives two, glued by ".")."""
    if word == "#":
        return [(NUM, "", None)]
    if word == "*":
        return [(ANY, "", None)]
    if word == "~":
        return [(GAP, "", None)]
    if word == "NAME":
        return [(NAME, "", None)]
    if word.startswith("#") and word[1:].isalpha():
        return [(NUMSUF, word[1:].lower(), None)]
    if word.startswith("=") and len(word) > 1:
        word, cased = word[1:], True
    lead, trail = word.startswith("*"), word.endswith("*")
    if "*" in word.strip("*"):
        raise LexiconError(f"'*' only goes at the start or end of a word: {word!r}")
    pieces = _GLUE.split(word.strip("*"))  # ["", "node", ".", "js", ""]
    parts, glues, tail = pieces[1::2], pieces[0::2], pieces[-1]
    if any(ch in "?*()[]|\\" for ch in "".join(glues[:-1])):
        raise LexiconError(f"unexpected symbol in {word!r}; use a 're:' term for patterns")
    if not parts:
        raise LexiconError(f"no letters in {word!r}")
    specs: list[Spec] = []
    for n, part in enumerate(parts):
        first, last = n == 0, n == len(parts) - 1
        glue = None if glues[n] in _SOFT_GLUE else glues[n]
        arabic = bool(_ARABIC.search(part))
        low = _canon_arabic(part) if arabic else part.lower()
        if cased:
            specs.append((CASED, part, glue))
        elif lead and first and trail and last:
            specs.append((INFIX, low, glue))
        elif lead and first:
            specs.append((SUFFIX, low, glue))
        elif trail and last:
            specs.append((STEM, low, glue))
        else:
            specs.append((LIT, low, glue))
    if tail not in _SOFT_GLUE:
        specs.append((TAIL, tail, None))
    return specs


def _expand(term: str, vocab: dict[str, list[str]]) -> list[str]:
    """The term with each {list} replaced by every entry of that vocabulary list."""
    words = term.split()
    choices = []
    for word in words:
        if word.startswith("{") and word.endswith("}"):
            entries = vocab.get(word[1:-1])
            if not entries:
                raise LexiconError(f"unknown vocabulary list {word}")
            choices.append(entries)
        else:
            choices.append([word])
    count = 1
    for options in choices:
        count *= len(options)
    if count > _MAX_EXPANSION:
        raise LexiconError(f"{term!r} expands to {count} terms (at most {_MAX_EXPANSION})")
    return [" ".join(parts) for parts in product(*choices)]


_NAME_RE = r"(?-i:[A-Z][a-z]{2,})"


def _regex_word(word: str, cased: bool) -> str:
    """Regular expression for one word of a term that has symbols in it ("c#", "node.js")."""
    if word == "#":
        return r"\d+(?:[.,:]\d+)*"
    if word == "*":
        return r"[^\W\d][\w'-]*"
    if word == "NAME":
        return _NAME_RE
    lead, trail = word.startswith("*"), word.endswith("*") and len(word) > 1
    core = word.strip("*")
    body = re.escape(core)
    if cased:
        body = f"(?-i:{body})"
    before = r"\w*" if lead else (r"(?<!\w)" if core[:1].isalnum() else "")
    after = r"\w*" if trail else (r"(?!\w)" if core[-1:].isalnum() else "")
    return before + body + after


def _regex_term(term: str, cased: bool) -> str:
    if term.startswith("re:"):
        return "(?:" + term[3:] + ")"
    out, gap = "", False
    for word in fold_term(term).split():
        if word == "~":
            gap = True
            continue
        if word == "^":
            out += r"^[\s\W]*"
            continue
        if out and not out.endswith(r"[\s\W]*"):
            out += (r"(?:\s+\S+){0,3}?" if gap else "") + r"[\s,:/-]+"
        out += _regex_word(word, cased)
        gap = False
    return out


class _Builder:
    def __init__(self, vocab: dict[str, list[str]]) -> None:
        self.vocab = vocab
        self.out = Compiled()

    def term_set(self, name: str, terms: list[str], cased: list[str]) -> int:
        set_id = len(self.out.names)
        self.out.names.append(name)
        regex_parts: list[str] = []
        for term, is_cased in [(t, False) for t in terms] + [(t, True) for t in cased]:
            try:
                if term.startswith("re:"):
                    regex_parts.append(_regex_term(term, is_cased))
                    continue
                for plain in _expand(term, self.vocab):
                    if plain.startswith("re:"):
                        regex_parts.append(_regex_term(plain, is_cased))
                    elif _GLUE.search(plain):
                        self._add_entry(set_id, fold_term(plain), is_cased)
                    else:  # symbols only, such as ":)"
                        regex_parts.append(_regex_term(plain, is_cased))
            except (LexiconError, re.error) as error:
                raise LexiconError(f"{name}: term {term!r}: {error}") from error
        if regex_parts:
            try:
                pattern = re.compile("|".join(f"(?:{p})" for p in regex_parts), re.IGNORECASE)
            except re.error as error:
                raise LexiconError(f"{name}: {error}") from error
            self.out.regexes.append((set_id, pattern))
        return set_id

    def _add_entry(self, set_id: int, term: str, cased: bool) -> None:
        words = term.split()
        at_start = bool(words) and words[0] == "^"
        specs: list[Spec] = []
        for word in words[1:] if at_start else words:
            specs.extend(_word_specs(word, cased))
        if not specs or specs[0][0] == GAP:
            raise LexiconError("a term cannot be empty or start with ~")
        # File the entry under its longest plain word among the fixed-width tests before any
        # gap: a long word is a rare one, so the entry is tried on few tokens ("every # hours"
        # under "hours", not "every"). A whole word beats a stem of any length.
        best: tuple[int, int] | None = None  # (rank, anchor)
        for anchor, (kind, value, _) in enumerate(specs):
            if kind == GAP:
                break
            if kind in (LIT, CASED):
                rank = 1000 + len(value)
            elif kind == STEM and len(value) >= 3:
                rank = len(value)
            else:
                continue
            if best is None or rank > best[0]:
                best = (rank, anchor)
        if best is None:
            test, letters, glue = specs[0]
            if len(specs) == 1 and test in (INFIX, SUFFIX) and glue is None and not at_start:
                self.out.partial.append((test, letters, set_id))
            else:
                self.out.always.append(Entry(set_id, tuple(specs), at_start, 0))
            return
        kind, value, _ = specs[best[1]]
        # The anchor counts tokens, and a symbol glued to a word ("100%") is not a token.
        anchor = sum(1 for spec in specs[: best[1]] if spec[0] != TAIL)
        entry = Entry(set_id, tuple(specs), at_start, anchor)
        if kind == STEM:
            self.out.stems.setdefault(value[:3], []).append(entry)
        else:
            self.out.exact.setdefault(value.lower(), []).append(entry)


def _read(name: str) -> dict[str, Any]:
    path = LEXICON_DIR / f"{name}.toml"
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LexiconError(f"cannot read lexicon {path}: {error}") from error


@cache
def load(lang: str) -> Compiled:
    """The compiled cues of `lang`: its own lexicon merged with `common.toml`. Cached."""
    common, own = _read("common"), _read(lang)
    vocab: dict[str, list[str]] = {}
    for source in (common, own):
        for key, words in source.get("vocab", {}).items():
            vocab.setdefault(key, []).extend(words)
    merged: dict[str, dict[str, list[Any]]] = {}
    for source in (common, own):
        for kind, spec in source.items():
            if kind in ("vocab", "meta"):
                continue
            into = merged.setdefault(kind, {"terms": [], "cased": [], "together": []})
            into["terms"].extend(spec.get("terms", []))
            into["cased"].extend(spec.get("cased", []))
            into["together"].extend(spec.get("together", []))
    builder = _Builder(vocab)
    for kind, spec in merged.items():
        any_set = None
        if spec["terms"] or spec["cased"]:
            any_set = builder.term_set(f"{lang}/{kind}", spec["terms"], spec["cased"])
        rules = []
        for r, rule in enumerate(spec["together"]):
            groups = rule.get("need", [])
            if len(groups) < 2:
                raise LexiconError(f"{lang}/{kind}: a together rule needs two groups or more")
            rules.append(
                tuple(
                    builder.term_set(f"{lang}/{kind}/together{r}/{g}", group, [])
                    for g, group in enumerate(groups)
                )
            )
        builder.out.kinds[kind] = (any_set, tuple(rules))
    return builder.out
