"""The fitted statement model: a linear scorer over `features.extract`, in plain Python.

The weights are fitted offline by `train.py` (scikit-learn) and shipped as `model.json` beside
this module. Reading a statement needs only this file: the model is read once per process, on
first use or at `preload()`, and kept.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass
from pathlib import Path

from .features import Features

MODEL_FILE = Path(__file__).with_name("model.json")


@dataclass(frozen=True)
class Model:
    """Weights of a linear model: one score per category, summed over the features present."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    scale: dict[str, float]  # value of a feature present, by its prefix ("k", "w", ...)
    corpus_sha256: str = ""

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

    def scores(self, values: dict[str, float]) -> list[float]:
        """One score per category (higher is more likely)."""
        totals = list(self.intercept)
        weights = self.weights
        if len(totals) == 3:  # the usual case, unrolled: this loop is much of a reading's time
            a, b, c = totals
            for name, value in values.items():
                wa, wb, wc = weights[name]
                a += wa * value
                b += wb * value
                c += wc * value
            return [a, b, c]
        for name, value in values.items():
            for index, weight in enumerate(weights[name]):
                totals[index] += weight * value
        return totals

    def to_json(self) -> dict:
        return {
            "classes": list(self.classes),
            "intercept": list(self.intercept),
            "scale": self.scale,
            "corpus_sha256": self.corpus_sha256,
            "weights": {name: list(w) for name, w in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        return cls(
            classes=tuple(data["classes"]),
            intercept=tuple(data["intercept"]),
            weights={name: tuple(w) for name, w in data["weights"].items()},
            scale=dict(data["scale"]),
            corpus_sha256=data.get("corpus_sha256", ""),
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
