"""Fit the statement model on the corpus and write `model.json` (offline; needs scikit-learn).

Run `python -m partnership.domain.language.train` (or `make train`). The result depends only on
the corpus: the same files give the same model file, which records the hash of what it read.
Reading statements at run time needs none of this: see `model.py`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .corpus import Item, fingerprint, load_requirements, load_statements
from .features import Features, extract
from .model import MODEL_FILE, Kinds, Model
from .rules import CATEGORIES

# Regularisation of the logistic regression (larger is weaker), chosen by leave-one-writer-out
# on the unsealed writers: 1 underfits the cue words, 30 and more gave nothing more.
C = 10.0
# A feature must occur in this many training statements to get a weight: one-off words are
# noise, and dropping them keeps the model file small.
MIN_DF = 2
# Cue kinds from the lexicons count three times, shapes (clock times, code names) twice: they are
# few, and each stands for many words. Chosen by leave-one-writer-out on the unsealed writers
# (1 to 3 for cues moved macro-F1 by about 0.01).
SCALE = {"k": 3.0, "s": 2.0}
# Weights are stored rounded: the fourth decimal changes no reading, and the file stays small.
DIGITS = 3
# Weights smaller than this are left out of the file (they change no reading measurably).
PRUNE = 0.01
# The kinds of prescription and constraint are told apart for the reasons; their small weights
# are left out more boldly, since a kind only chooses the wording of a reason. Leave-one-writer-
# out on the unsealed writers: kind right 0.90 of the time at 0.05 (124k weights), 0.89 at 0.15
# (43k), 0.87 at 0.3 (13k).
KIND_PRUNE = 0.15
KIND_CATEGORIES = ("prescriptive", "constraint")


def features_of(items: Iterable[Item]) -> list[Features]:
    """The features of each item, read in its labelled language."""
    return [extract(item["text"], item["lang"]) for item in items]


def fit(
    items: list[Item],
    features: list[Features] | None = None,
    corpus_sha256: str = "",
    kinds: bool = True,
) -> Model:
    """A model fitted on `items` (their features may be given, to save extracting them again).

    With `kinds`, it also learns which kind of prescription or constraint each is, from the items
    that name their kind (`sub`); leave-one-writer-out of the categories does without.
    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    features = features_of(items) if features is None else features
    df = Counter(name for found in features for name in found)
    names = sorted(name for name, count in df.items() if count >= MIN_DF)

    def matrix(model: Model, rows_of: list[int]) -> csr_matrix:
        column = {name: j for j, name in enumerate(sorted(model.weights))}
        rows, cols, vals = [], [], []
        for row, index in enumerate(rows_of):
            for name, value in model.values(features[index]).items():
                rows.append(row)
                cols.append(column[name])
                vals.append(value)
        return csr_matrix((vals, (rows, cols)), shape=(len(rows_of), len(column)))

    every = list(range(len(items)))
    blank = Model(CATEGORIES, (0.0,) * len(CATEGORIES), dict.fromkeys(names, (0.0,)), SCALE)
    labels = np.array([CATEGORIES.index(item["label"]) for item in items])
    fitted = LogisticRegression(C=C, max_iter=5000).fit(matrix(blank, every), labels)
    weights = {}
    for j, name in enumerate(names):
        w = tuple(round(float(fitted.coef_[k, j]), DIGITS) for k in range(len(CATEGORIES)))
        if max(abs(v) for v in w) >= PRUNE:
            weights[name] = w
    intercept = tuple(round(float(b), DIGITS) for b in fitted.intercept_)
    model = Model(CATEGORIES, intercept, weights, dict(SCALE), corpus_sha256)
    if not kinds:
        return model

    # The kinds see exactly the features the category model kept, valued the same way.
    by_category = {}
    for category in KIND_CATEGORIES:
        named = [i for i in every if items[i]["sub"] and items[i]["label"] == category]
        classes = sorted({items[i]["sub"] for i in named})
        targets = np.array([classes.index(items[i]["sub"]) for i in named])
        fitted_kinds = LogisticRegression(C=C, max_iter=5000).fit(matrix(model, named), targets)
        sparse: dict[str, tuple[tuple[int, float], ...]] = {}
        for j, name in enumerate(sorted(model.weights)):
            pairs = tuple(
                (k, round(float(fitted_kinds.coef_[k, j]), DIGITS))
                for k in range(len(classes))
                if abs(fitted_kinds.coef_[k, j]) >= KIND_PRUNE
            )
            if pairs:
                sparse[name] = pairs
        kind_intercept = tuple(round(float(b), DIGITS) for b in fitted_kinds.intercept_)
        by_category[category] = Kinds(tuple(classes), kind_intercept, sparse)
    return Model(CATEGORIES, intercept, weights, dict(SCALE), corpus_sha256, by_category)


def training_items() -> list[Item]:
    """Everything the shipped model learns from: every writer's statements, then the real
    requirements (so that ordinary "the system shall..." text is known not to be prescriptive)."""
    statements = load_statements()
    requirements = [
        {"writer": "real", "lang": r["lang"], "text": r["text"], "label": r["label"], "sub": None}
        for r in load_requirements()
    ]
    return statements + requirements


def write(model: Model, path: Path = MODEL_FILE) -> None:
    text = json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: fit on the whole corpus and write the model file."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else MODEL_FILE
    items = training_items()
    model = fit(items, corpus_sha256=fingerprint(items))
    write(model, path)
    size = path.stat().st_size
    print(f"{len(items)} items, {len(model.weights)} weighted features, {size / 1024:.0f} KiB")
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
