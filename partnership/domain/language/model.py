"""The fitted statement model: a linear scorer over `features.extract`, in plain Python.

The weights are fitted offline by `train.py` (scikit-learn) and shipped as `model.json` beside
this module. Reading a statement needs only this file: the model is read once per process, on
first use or at `preload()`, and kept.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .features import Features

MODEL_FILE = Path(__file__).with_name("model.json")

Present = tuple[str, float, Sequence[float]]  # a feature found, its value, its weights
# A class index and its weight: a tuple when fitted, a two-item list when read from the file.
KindWeight = tuple[int, float]


@dataclass(frozen=True)
class Kinds:
    """Weights of a second linear model, one per category: which kind of prescription (or of
    constraint) a statement is, as the corpus names them (`sub`: "staffing", "budget"...). It
    names the reason and the suggestion when no lexicon cue does. Sparse: most features say
    nothing of most kinds."""

    classes: tuple[str, ...]  # the kinds, e.g. "staffing"
    intercept: tuple[float, ...]
    weights: Mapping[str, Sequence[KindWeight]]  # feature -> [class index, weight]...

    def best(self, present: list[Present]) -> str:
        """The likeliest kind of a statement whose weighted features are `present`."""
        totals = list(self.intercept)
        weights = self.weights
        for name, value, _ in present:
            pairs = weights.get(name)
            if pairs is not None:
                for index, weight in pairs:
                    totals[index] += weight * value
        return self.classes[max(range(len(totals)), key=totals.__getitem__)]

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "intercept": list(self.intercept),
            "weights": {name: [list(p) for p in w] for name, w in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Kinds:
        return cls(
            classes=tuple(data["classes"]),
            intercept=tuple(data["intercept"]),
            weights=data["weights"],  # as read: lists of [class index, weight], not copied
        )


@dataclass(frozen=True)
class Model:
    """Weights of a linear model: one score per category, summed over the features present."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: Mapping[str, Sequence[float]]  # feature -> one weight per category
    scale: dict[str, float]  # value of a feature present, by its prefix ("k", "w", ...)
    corpus_sha256: str = ""
    kinds: dict[str, Kinds] | None = None  # category -> which kind of it, when fitted

    def values(self, features: Features) -> dict[str, float]:
        """The value of each weighted feature present, as in training: scaled, then the whole
        made unit length (over every feature found, weighted or not, so that leaving small
        weights out of the file changes no other feature's value)."""
        scale = self.scale
        weights = self.weights
        squares = 0.0
        raw = {}
        for name in features:
            value = scale.get(name[0], 1.0)
            squares += value * value
            if name in weights:
                raw[name] = value
        norm = math.sqrt(squares) or 1.0
        return {name: value / norm for name, value in raw.items()}

    def score(self, features: Features) -> tuple[list[float], list[Present]]:
        """One score per category (higher is more likely), and each weighted feature present
        with its value and weights: `values` and the sum in one pass, which is most of the time
        a reading takes."""
        scale = self.scale
        weights = self.weights
        squares = 0.0
        found = []
        for name in features:
            value = scale.get(name[0], 1.0)
            squares += value * value
            row = weights.get(name)
            if row is not None:
                found.append((name, value, row))
        norm = math.sqrt(squares) or 1.0
        totals = list(self.intercept)
        present = [(name, value / norm, row) for name, value, row in found]
        if len(totals) == 3:  # the usual case, unrolled
            a, b, c = totals
            for _, value, (wa, wb, wc) in present:
                a += wa * value
                b += wb * value
                c += wc * value
            return [a, b, c], present
        for _, value, row in present:
            for index, weight in enumerate(row):
                totals[index] += weight * value
        return totals, present

    def to_json(self) -> dict[str, Any]:
        return {
            "classes": list(self.classes),
            "intercept": list(self.intercept),
            "scale": self.scale,
            "corpus_sha256": self.corpus_sha256,
            "weights": {name: list(w) for name, w in sorted(self.weights.items())},
            "kinds": {c: k.to_json() for c, k in self.kinds.items()} if self.kinds else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        return cls(
            classes=tuple(data["classes"]),
            intercept=tuple(data["intercept"]),
            weights=data["weights"],  # as read: a list of weights per feature, not copied
            scale=dict(data["scale"]),
            corpus_sha256=data.get("corpus_sha256", ""),
            kinds={c: Kinds.from_json(k) for c, k in (data.get("kinds") or {}).items()} or None,
        )


_lock = threading.Lock()
_shipped: Model | None = None
_reads = 0  # how many times the model file was read in this process (a test checks it is once)


def shipped() -> Model:
    """The model shipped with the package, read from `model.json` the first time it is needed."""
    global _shipped, _reads
    if _shipped is None:
        with _lock:
            if _shipped is None:
                data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
                _reads += 1
                _shipped = Model.from_json(data)
    return _shipped


def reads() -> int:
    """How many times this process has read the model file."""
    return _reads


def forget() -> None:
    """Drop the loaded model, so the next reading loads it again (for tests and start-up timing)."""
    global _shipped
    with _lock:
        _shipped = None
