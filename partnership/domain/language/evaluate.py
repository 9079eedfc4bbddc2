"""Measure the statement classifier against a labelled JSON Lines file.

Run `python -m partnership.domain.language.evaluate [path.jsonl]`. Without a path it reads
`directives-dev.jsonl` from $SHARED_DATA_DIR, or from `<repo root>/../shared/data`. Tests call
`evaluate()` for the same figures as a dict.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import classify, detect_language
from .rules import CATEGORIES

REPO_ROOT = Path(__file__).resolve().parents[3]
DEV_FILE = "directives-dev.jsonl"


def default_path() -> Path:
    """Where the development set lives unless told otherwise."""
    base = os.environ.get("SHARED_DATA_DIR")
    directory = Path(base) if base else REPO_ROOT.parent / "shared" / "data"
    return directory / DEV_FILE


def load_items(path: Path | str) -> list[dict[str, Any]]:
    """The labelled items of a JSON Lines file (blank lines skipped)."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Accuracy, per-class precision/recall/F1 and macro-F1 of (gold, predicted) pairs."""
    per_class: dict[str, dict[str, float]] = {}
    for label in CATEGORIES:
        tp = sum(1 for gold, pred in pairs if gold == label and pred == label)
        predicted = sum(1 for _, pred in pairs if pred == label)
        actual = sum(1 for gold, _ in pairs if gold == label)
        precision = tp / predicted if predicted else (1.0 if not actual else 0.0)
        recall = tp / actual if actual else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": actual,
        }
    correct = sum(1 for gold, pred in pairs if gold == pred)
    return {
        "n": len(pairs),
        "accuracy": correct / len(pairs) if pairs else 0.0,
        "per_class": per_class,
        "macro_f1": sum(c["f1"] for c in per_class.values()) / len(CATEGORIES),
    }


def evaluate(items: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Classify every item and return the figures as a dict.

    Keys: overall scores (n, accuracy, per_class, macro_f1), by_language (the same per
    language, plus lang_accuracy), lang_accuracy, confusion (gold -> predicted -> count),
    errors (id, lang, gold, predicted, text, reasons) and median_us (time per statement).
    """
    items = list(items)
    pairs, errors, times = [], [], []
    by_lang: dict[str, list[tuple[str, str]]] = {}
    lang_hits: dict[str, list[bool]] = {}
    confusion = {gold: dict.fromkeys(CATEGORIES, 0) for gold in CATEGORIES}
    for item in items:
        started = time.perf_counter()
        reading = classify(item["text"])
        times.append(time.perf_counter() - started)
        gold, pred = item["label"], reading.category
        pairs.append((gold, pred))
        by_lang.setdefault(item["lang"], []).append((gold, pred))
        lang_hits.setdefault(item["lang"], []).append(reading.lang == item["lang"])
        confusion.setdefault(gold, dict.fromkeys(CATEGORIES, 0))[pred] += 1
        if gold != pred:
            errors.append(
                {
                    "id": item.get("id", "?"),
                    "lang": item["lang"],
                    "gold": gold,
                    "predicted": pred,
                    "text": item["text"],
                    "reasons": list(reading.reasons),
                }
            )
    by_language = {}
    for lang, lang_pairs in sorted(by_lang.items()):
        by_language[lang] = _scores(lang_pairs)
        hits = lang_hits[lang]
        by_language[lang]["lang_accuracy"] = sum(hits) / len(hits)
    all_hits = [hit for hits in lang_hits.values() for hit in hits]
    result = _scores(pairs)
    result.update(
        by_language=by_language,
        lang_accuracy=sum(all_hits) / len(all_hits) if all_hits else 0.0,
        confusion=confusion,
        errors=errors,
        median_us=statistics.median(times) * 1e6 if times else 0.0,
    )
    return result


def startup_ms() -> float:
    """Time to load every lexicon from scratch (what the first classification pays), in ms."""
    from . import lexicon

    lexicon.load.cache_clear()
    started = time.perf_counter()
    for lang in ("en", "es", "it", "sv", "ar"):
        lexicon.load(lang)
    detect_language("warm up")
    return (time.perf_counter() - started) * 1000


def _line(name: str, scores: dict[str, Any]) -> str:
    per = scores["per_class"]
    cells = "  ".join(
        f"{label[:5]} P={per[label]['precision']:.2f} R={per[label]['recall']:.2f} "
        f"F1={per[label]['f1']:.2f}"
        for label in CATEGORIES
    )
    return (
        f"{name:<4} n={scores['n']:<4} acc={scores['accuracy']:.3f} "
        f"macroF1={scores['macro_f1']:.3f}  {cells}"
    )


def report(result: dict[str, Any]) -> str:
    """The figures as text for a person."""
    out = [_line("all", result)]
    for lang, scores in result["by_language"].items():
        out.append(_line(lang, scores) + f"  lang-detect={scores['lang_accuracy']:.3f}")
    out.append(f"language detection accuracy: {result['lang_accuracy']:.3f}")
    out.append("confusion (rows gold, columns predicted):")
    out.append(" " * 14 + "".join(f"{label:>14}" for label in CATEGORIES))
    for gold, row in result["confusion"].items():
        out.append(f"{gold:>14}" + "".join(f"{row[label]:>14}" for label in CATEGORIES))
    out.append(f"errors: {len(result['errors'])}")
    for error in result["errors"]:
        out.append(
            f"  {error['id']} gold={error['gold']} predicted={error['predicted']}: "
            f"{error['text']}\n      reasons: {'; '.join(error['reasons'])}"
        )
    out.append(f"median time per statement: {result['median_us']:.0f} µs")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else default_path()
    if not path.exists():
        print(f"no labelled file at {path}; pass a path or set SHARED_DATA_DIR", file=sys.stderr)
        return 2
    load_ms = startup_ms()
    print(report(evaluate(load_items(path))))
    print(f"lexicon load (start-up): {load_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
