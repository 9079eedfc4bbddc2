"""The labelled corpus the statement model is trained and measured on (`corpus/` at the repo root).

One file per independent writer, so that evaluation can hold a writer out. The three older sets
(`dev`, `b`, `heldout`) have no `writer` or `sub` field: the writer is the file's name and `sub`
is None, so every item has the same fields.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPUS_DIR = REPO_ROOT / "corpus"
STATEMENTS_DIR = CORPUS_DIR / "statements"
REAL_REQUIREMENTS = CORPUS_DIR / "requirements" / "real.jsonl"

FIELDS = ("id", "writer", "lang", "kind", "text", "label", "sub", "why")
KINDS = ("goal", "directive")
# Two writers kept out of all hand-tuning (lexicon words, rules, feature design): nobody read
# their items or the errors on them while the reader was built, so their leave-one-writer-out
# figures are the most honest estimate of how it reads people it has never seen.
SEALED = ("w3minutes", "w6field")

Item = dict[str, Any]


def writers(directory: Path = STATEMENTS_DIR) -> list[str]:
    """Every writer with a file in the corpus, in name order."""
    return sorted(path.stem for path in directory.glob("*.jsonl"))


def _read_jsonl(path: Path) -> list[Item]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_writer(writer: str, directory: Path = STATEMENTS_DIR) -> list[Item]:
    """One writer's items, each with exactly the fields in FIELDS."""
    items = []
    for raw in _read_jsonl(directory / f"{writer}.jsonl"):
        item = {name: raw.get(name) for name in FIELDS}
        item["writer"] = raw.get("writer") or writer
        items.append(item)
    return items


def load_statements(
    include: list[str] | tuple[str, ...] | None = None, directory: Path = STATEMENTS_DIR
) -> list[Item]:
    """The items of the writers named (all writers when None), writer by writer."""
    names = writers(directory) if include is None else list(include)
    return [item for name in names for item in load_writer(name, directory)]


def load_requirements(path: Path = REAL_REQUIREMENTS) -> list[Item]:
    """Real product requirements, not written for this project (see corpus/README.md)."""
    return _read_jsonl(path)


def fingerprint(items: list[Item]) -> str:
    """A hash of what training reads of the corpus: writer, language, text and label."""
    digest = hashlib.sha256()
    for item in items:
        line = json.dumps(
            [item["writer"], item["lang"], item["text"], item["label"], item["sub"]],
            ensure_ascii=False,
        )
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()
