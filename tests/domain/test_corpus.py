"""The labelled corpus is well formed: what the reader is trained and measured on (issue 13).

Failures name item ids, never texts: two writers are sealed (corpus.SEALED), and nobody
developing the reader should read their statements, not even in a failing test.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from partnership.domain.language.corpus import (
    FIELDS,
    KINDS,
    SEALED,
    load_requirements,
    load_statements,
    load_writer,
    writers,
)
from partnership.domain.language.rules import CATEGORIES

LANGS = ("en", "es", "it", "sv", "ar")
NEW_WRITERS = ("w1chat", "w2formal", "w3minutes", "w4tickets", "w5exec", "w6field", "w7product")
OLDER_SETS = ("b", "dev", "heldout")


@pytest.fixture(scope="module")
def statements():
    return load_statements()


def test_the_corpus_has_every_writer_and_the_sealed_ones():
    assert set(writers()) == set(NEW_WRITERS) | set(OLDER_SETS)
    assert set(SEALED) <= set(NEW_WRITERS)


def test_every_item_has_the_same_fields_with_valid_values(statements):
    bad = [
        item["id"]
        for item in statements
        if set(item) != set(FIELDS)
        or item["lang"] not in LANGS
        or item["kind"] not in KINDS
        or item["label"] not in CATEGORIES
        or not isinstance(item["text"], str)
        or not item["text"].strip()
        or not isinstance(item["why"], str)
    ]
    assert bad == []


@pytest.mark.parametrize("writer", NEW_WRITERS)
def test_each_new_writer_wrote_62_statements_per_language_with_their_kind(writer):
    items = load_writer(writer)
    assert Counter(item["lang"] for item in items) == dict.fromkeys(LANGS, 62)
    assert {item["writer"] for item in items} == {writer}
    assert all(item["sub"] and re.fullmatch(r"[a-z0-9-]+", item["sub"]) for item in items)


@pytest.mark.parametrize("writer", OLDER_SETS)
def test_the_older_sets_take_their_writer_from_the_file_name(writer):
    items = load_writer(writer)
    assert {item["writer"] for item in items} == {writer}
    assert {item["sub"] for item in items} == {None}


def test_ids_are_unique(statements):
    counts = Counter(item["id"] for item in statements)
    assert [id_ for id_, n in counts.items() if n > 1] == []


def test_no_text_appears_twice_anywhere_in_the_corpus(statements):
    seen: dict[str, str] = {}
    repeated = []
    for item in statements:
        key = " ".join(item["text"].casefold().split())
        if key in seen:
            repeated.append((seen[key], item["id"]))
        seen.setdefault(key, item["id"])
    assert repeated == []


def test_every_label_has_every_language_in_every_new_writer(statements):
    cells = Counter((i["writer"], i["lang"], i["label"]) for i in statements if i["sub"])
    missing = [
        (w, lang, label)
        for w in NEW_WRITERS
        for lang in LANGS
        for label in CATEGORIES
        if not cells[(w, lang, label)]
    ]
    assert missing == []


def test_real_requirements_have_sixty_or_more_per_language_with_valid_labels():
    requirements = load_requirements()
    assert all(r["lang"] in LANGS and r["label"] in CATEGORIES for r in requirements)
    assert all(r["text"].strip() and r["source"] for r in requirements)
    counts = Counter(r["lang"] for r in requirements)
    assert min(counts[lang] for lang in LANGS) >= 60
    assert len({r["id"] for r in requirements}) == len(requirements)
