"""How well the statement reader reads people it has never seen (`make evaluate`).

Run `python -m partnership.domain.language.evaluate` (needs scikit-learn, as training does). It
prints, per language and overall, macro-F1 and prescriptive precision and recall:
- by leave-one-writer-out (LOWO): for each writer, a model fitted on every other writer (and the
  real requirements) reads that writer's statements; the figures pool every writer's fold;
- for the two sealed writers alone (`corpus.SEALED`), the most honest figures: nothing in the
  lexicons, rules or features was tuned by reading them;
- in-sample: the shipped model reading the statements it was fitted on (optimistic, for contrast);
then the recall of each kind of statement (`sub`), the share of real requirements read as
prescriptive (each read by a model fitted without it), and the start-up and time per statement.

`python -m partnership.domain.language.evaluate path.jsonl` reads one labelled file with the
shipped model instead, and lists its errors.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from . import classify, detect_language
from .corpus import SEALED, Item, load_requirements, load_statements
from .model import Model
from .reader import read
from .rules import CATEGORIES, PRESCRIPTIVE
from .train import features_of, fit, training_items

LANGS = ("en", "es", "it", "sv", "ar")
# Real requirements are read by models fitted without them, in this many folds; a requirement and
# its translations stay in one fold, so no model has seen the same requirement in another language.
REAL_FOLDS = 5

Pair = tuple[str, str]  # (gold, predicted)


def load_items(path: Path | str) -> list[dict[str, Any]]:
    """The labelled items of a JSON Lines file (blank lines skipped)."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def scores(pairs: list[Pair]) -> dict[str, Any]:
    """Accuracy, per-class precision/recall/F1 and macro-F1 of (gold, predicted) pairs."""
    per_class: dict[str, dict[str, float]] = {}
    for label in CATEGORIES:
        tp = sum(1 for gold, pred in pairs if gold == label and pred == label)
        predicted = sum(1 for _, pred in pairs if pred == label)
        actual = sum(1 for gold, _ in pairs if gold == label)
        precision = tp / predicted if predicted else (1.0 if not actual else 0.0)
        recall = tp / actual if actual else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": precision, "recall": recall, "f1": f1, "support": actual}
    correct = sum(1 for gold, pred in pairs if gold == pred)
    return {
        "n": len(pairs),
        "accuracy": correct / len(pairs) if pairs else 0.0,
        "per_class": per_class,
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(CATEGORIES),
    }


def by_language(items: list[Item], predicted: list[str]) -> dict[str, dict[str, Any]]:
    """Scores overall ("all") and per language of `predicted` against the items' labels."""
    out = {"all": scores([(item["label"], p) for item, p in zip(items, predicted, strict=True)])}
    for lang in LANGS:
        pairs = [
            (item["label"], p)
            for item, p in zip(items, predicted, strict=True)
            if item["lang"] == lang
        ]
        if pairs:
            out[lang] = scores(pairs)
    return out


def _read_all(items: Iterable[Item], model: Model) -> list[str]:
    """What `model` reads each item as, detecting its language as the product does."""
    return [read(item["text"], detect_language(item["text"]), model).category for item in items]


@dataclass
class Folds:
    """What leave-one-writer-out read: per writer held out, in the order of its items."""

    categories: dict[str, list[str]] = field(default_factory=dict)
    # (kind named in the corpus, kind the model gave) for the writer's prescriptions and
    # constraints that name their kind, reading each with its labelled category.
    kinds: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def lowo(
    statements: list[Item] | None = None,
    requirements: list[Item] | None = None,
    holdout: Iterable[str] | None = None,
    kinds: bool = True,
) -> Folds:
    """Leave-one-writer-out: for each writer held out, what a model fitted without it reads.

    Training uses every other writer and the real requirements; `holdout` limits which writers
    are held out; `kinds` also fits and measures the kinds of prescription and constraint.
    """
    statements = load_statements() if statements is None else statements
    requirements = _requirement_items() if requirements is None else requirements
    features = features_of(statements)
    extra = features_of(requirements)
    names = list(dict.fromkeys(item["writer"] for item in statements))
    out = Folds()
    for writer in names if holdout is None else list(holdout):
        keep = [i for i, item in enumerate(statements) if item["writer"] != writer]
        held = [i for i, item in enumerate(statements) if item["writer"] == writer]
        named = kinds and any(statements[i]["sub"] for i in held)
        model = fit(
            [statements[i] for i in keep] + requirements,
            [features[i] for i in keep] + extra,
            kinds=named,
        )
        out.categories[writer] = _read_all((statements[i] for i in held), model)
        if named and model.kinds:
            out.kinds[writer] = [
                (item["sub"], model.kinds[item["label"]].best(model.score(features[i])[1]))
                for i in held
                if (item := statements[i])["sub"] and item["label"] in model.kinds
            ]
    return out


def _requirement_items() -> list[Item]:
    return [item for item in training_items() if item["writer"] == "real"]


def real_fold(requirement: Item) -> int:
    """The cross-validation fold of a real requirement: the same for all its translations."""
    origin = requirement.get("translated_from") or requirement["text"]
    return int(hashlib.sha256(origin.encode("utf-8")).hexdigest(), 16) % REAL_FOLDS


def real_requirements_read(statements: list[Item] | None = None) -> tuple[list[Item], list[str]]:
    """Each real requirement, as read by a model fitted on the corpus and the other folds."""
    statements = load_statements() if statements is None else statements
    raw = load_requirements()
    items = _requirement_items()
    features = features_of(statements)
    extra = features_of(items)
    folds = [real_fold(r) for r in raw]
    predicted = [""] * len(items)
    for fold in range(REAL_FOLDS):
        keep = [i for i, f in enumerate(folds) if f != fold]
        model = fit(
            statements + [items[i] for i in keep],
            features + [extra[i] for i in keep],
            kinds=False,
        )
        for i, f in enumerate(folds):
            if f == fold:
                reading = read(items[i]["text"], detect_language(items[i]["text"]), model)
                predicted[i] = reading.category
    return raw, predicted


def prescriptive_share(
    requirements: list[Item], predicted: list[str]
) -> dict[str, dict[str, float]]:
    """Per language: the share of real requirements read as prescriptive, of all of them and of
    those not labelled prescriptive."""
    out: dict[str, dict[str, float]] = {}
    for lang in LANGS:
        rows = [(r, p) for r, p in zip(requirements, predicted, strict=True) if r["lang"] == lang]
        rest = [(r, p) for r, p in rows if r["label"] != PRESCRIPTIVE]
        out[lang] = {
            "n": len(rows),
            "called": sum(p == PRESCRIPTIVE for _, p in rows),
            "share": sum(p == PRESCRIPTIVE for _, p in rows) / len(rows),
            "share_unlabelled": sum(p == PRESCRIPTIVE for _, p in rest) / len(rest),
        }
    return out


def sub_recall(items: list[Item], predicted: list[str]) -> dict[tuple[str, str], tuple[int, int]]:
    """(label, sub) -> (read right, total), for the items that name their kind of statement."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for item, p in zip(items, predicted, strict=True):
        if item["sub"]:
            right, total = out.get((item["label"], item["sub"]), (0, 0))
            out[(item["label"], item["sub"])] = (right + (p == item["label"]), total + 1)
    return out


_TIMING = """
import json, statistics, sys, time
import partnership  # the app's own package (Flask...): not the reader's start-up
started = time.perf_counter()
from partnership.domain.language import classify, preload
preload()
startup = time.perf_counter() - started
texts = json.load(sys.stdin)
runs = []
for _ in range(3):  # the first pass meets every word for the first time; the others do not
    wall, cpu = [], []
    for text in texts:
        w, c = time.perf_counter(), time.process_time()
        classify(text)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    runs.append((statistics.median(wall) * 1e6, statistics.median(cpu) * 1e6,
                 sorted(wall)[int(len(wall) * 0.95)] * 1e6))
print(json.dumps({"startup_ms": startup * 1000, "first": runs[0],
                  "best": min(runs[1:]), "cores_busy": __import__("os").getloadavg()[0]}))
"""


class Timing(TypedDict):
    """What `timing` measured: `first` and `best` are each (median wall-clock, median CPU,
    95th percentile of wall-clock), in µs."""

    startup_ms: float
    first: list[float]
    best: list[float]
    cores_busy: float


def timing(texts: list[str]) -> Timing:
    """Start-up (import of the reader, model and lexicons) and time per statement in a fresh
    process: the first pass over `texts` (every word new to the process, so stemmed when first
    met) and the better of two more (steady state). Each: median wall-clock and CPU time and the
    95th percentile of wall-clock, in µs; and the load average, since other work on the machine
    lengthens wall-clock times."""
    result = subprocess.run(
        [sys.executable, "-c", _TIMING],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    measured: Timing = json.loads(result.stdout)
    return measured


def _cells(figures: dict[str, Any]) -> str:
    pre = figures["per_class"][PRESCRIPTIVE]
    return f"{figures['macro_f1']:.3f} {pre['precision']:.2f}/{pre['recall']:.2f}"


def _table(rows: list[tuple[str, dict[str, dict[str, Any]]]]) -> list[str]:
    head = f"{'':<26}" + "".join(f"{lang:>16}" for lang in ("all", *LANGS))
    out = [head]
    for name, figures in rows:
        out.append(
            f"{name:<26}"
            + "".join(f"{_cells(figures[lang]):>16}" for lang in ("all", *LANGS) if lang in figures)
        )
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = sys.argv[1:] if argv is None else argv
    if args:
        return _one_file(Path(args[0]))
    started = time.perf_counter()
    statements = load_statements()
    folds = lowo(statements)
    order = list(folds.categories)
    items = [item for writer in order for item in statements if item["writer"] == writer]
    predicted = [p for writer in order for p in folds.categories[writer]]
    unsealed = [i for i, item in enumerate(items) if item["writer"] not in SEALED]
    sealed = [i for i, item in enumerate(items) if item["writer"] in SEALED]
    in_sample = [classify(item["text"]).category for item in items]

    def pick(index: list[int], values: list[str]) -> tuple[list[Item], list[str]]:
        return [items[i] for i in index], [values[i] for i in index]

    print("Statement reader: figures (each cell: macro-F1  prescriptive precision/recall)")
    print(f"\n{len(items)} statements by {len(order)} writers; sealed writers: {', '.join(SEALED)}")
    rows = [
        ("LOWO, every writer", by_language(items, predicted)),
        ("LOWO, unsealed writers", by_language(*pick(unsealed, predicted))),
        ("LOWO, sealed writers", by_language(*pick(sealed, predicted))),
        ("in-sample (shipped model)", by_language(items, in_sample)),
    ]
    for writer in order:
        index = [i for i, item in enumerate(items) if item["writer"] == writer]
        rows.append((f"  LOWO {writer}", by_language(*pick(index, predicted))))
    print("\n".join(_table(rows)))

    print("\nRecall of each kind of statement, LOWO (every writer that names kinds):")
    for (label, sub), (right, total) in sorted(sub_recall(items, predicted).items()):
        print(f"  {label:<13} {sub:<18} {right:>3}/{total:<3} {right / total:.2f}")

    print("\nKind of prescription or constraint named right, LOWO (reading its labelled category):")
    for group, writers in (
        ("unsealed", [w for w in folds.kinds if w not in SEALED]),
        ("sealed", [w for w in folds.kinds if w in SEALED]),
    ):
        pairs = [pair for w in writers for pair in folds.kinds[w]]
        if pairs:
            right = sum(gold == given for gold, given in pairs)
            print(f"  {group:<9} {right:>4}/{len(pairs):<4} {right / len(pairs):.2f}")

    requirements, read_as = real_requirements_read(statements)
    print("\nReal requirements read as prescriptive (each by a model fitted without it):")
    for lang, share in prescriptive_share(requirements, read_as).items():
        print(
            f"  {lang}: {share['called']:>2}/{share['n']} = {share['share']:.1%} of all; "
            f"{share['share_unlabelled']:.1%} of those not labelled prescriptive"
        )
    times = timing([item["text"] for item in items])
    print(f"\nstart-up (import of the reader, model file, lexicons): {times['startup_ms']:.0f} ms")
    for name, run in (
        ("first pass, every word new", times["first"]),
        ("steady state", times["best"]),
    ):
        wall, cpu, p95 = run
        print(
            f"per statement, {name}: median {wall:.0f} µs wall-clock ({cpu:.0f} µs CPU), "
            f"95th percentile {p95:.0f} µs"
        )
    print(f"(load average while timing: {times['cores_busy']:.1f} on this machine)")
    print(f"evaluation took {time.perf_counter() - started:.0f} s")
    return 0


def _one_file(path: Path) -> int:
    """Read one labelled file with the shipped model and list its errors."""
    if not path.exists():
        print(f"no labelled file at {path}", file=sys.stderr)
        return 2
    items = load_items(path)
    readings = [classify(item["text"]) for item in items]
    figures = by_language(
        [{"label": i["label"], "lang": i["lang"]} for i in items], [r.category for r in readings]
    )
    print("\n".join(_table([(path.name, figures)])))
    for item, reading in zip(items, readings, strict=True):
        if reading.category != item["label"]:
            reasons = "; ".join(f"{r.code}: {', '.join(r.quotes)}" for r in reading.reasons)
            print(f"  {item.get('id', '?')} {item['label']} -> {reading.category}: {item['text']}")
            print(f"      {reasons}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
