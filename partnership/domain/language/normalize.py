"""Text normalisation shared by language detection and the rules engine.

Lexicon terms and client statements pass through the same folding, so a term written with accents,
Arabic hamza forms or diacritics matches text written with or without them. Every folded character
keeps the index of the original character it came from, so reasons can quote the client's own words.
"""

from __future__ import annotations

import unicodedata

# Longer statements are read up to this many characters: enough for any goal or directive, and it
# keeps the time per statement bounded whatever is pasted in.
MAX_CHARS = 10_000

# Characters folded before the generic Unicode treatment: Arabic letter variants that writers use
# interchangeably, tatweel (a stretching stroke), Arabic-Indic digits, and typographic punctuation.
_SPECIAL: dict[str, str] = {
    "\u0649": "\u064a",  # alef maqsura -> ya
    "\u0629": "\u0647",  # ta marbuta -> ha
    "\u0640": "",  # tatweel
    "\u060c": ",",  # Arabic comma
    "\u061b": ";",  # Arabic semicolon
    "\u061f": "?",  # Arabic question mark
    "\u066a": "%",  # Arabic percent sign
    "\u066b": ".",  # Arabic decimal separator
    "\u066c": ",",  # Arabic thousands separator
    "\u2019": "'",
    "\u2018": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\t": " ",
    "\r": "\n",
    "\n": "\n",
}
for _i in range(10):
    _SPECIAL[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _SPECIAL[chr(0x06F0 + _i)] = str(_i)  # Extended Arabic-Indic (Persian) digits

_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    """Fold one character: compatibility forms, accents and Arabic diacritics removed."""
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    category = unicodedata.category(ch)
    if category == "Cf":  # zero-width joiners, direction marks: invisible, dropped
        return ""
    if category[0] == "C":  # controls (NUL...), lone surrogates, private use: read as a space
        return " "
    out = []
    for part in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", ch)):
        if unicodedata.category(part) == "Mn":  # accents, harakat, hamza above/below
            continue
        out.append(_SPECIAL.get(part, part))
    return "".join(out)


def fold_char(ch: str) -> str:
    """Folded form of one character (cached)."""
    folded = _CACHE.get(ch)
    if folded is None:
        folded = _fold_char(ch)
        if len(_CACHE) < 20_000:
            _CACHE[ch] = folded
    return folded


_ASCII_CONTROLS = {i: " " for i in range(32) if chr(i) not in "\n"}
_ASCII_CONTROLS[127] = " "
_ASCII_CONTROLS[ord("`")] = "'"
_ASCII_CONTROLS[ord("\r")] = "\n"


def fold(text: str) -> tuple[str, list[int] | None]:
    """Return the folded text and, for each folded character, its index in `text`.

    The index list is None when folding kept every character in place (plain ASCII text).
    """
    text = text[:MAX_CHARS]
    if text.isascii():
        return text.translate(_ASCII_CONTROLS), None
    parts: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        folded = _CACHE.get(ch)
        if folded is None:
            folded = fold_char(ch)
        if folded:
            parts.append(folded)
            offsets.extend([index] * len(folded))
    return "".join(parts), offsets


def fold_term(term: str) -> str:
    """Fold a lexicon term the way statements are folded."""
    return "".join(fold_char(ch) for ch in term)
