"""The shipped model file: read once per process, and exactly what training makes of the corpus."""

from __future__ import annotations

import re
import threading

import pytest

from partnership.domain.language import classify, preload
from partnership.domain.language import model as model_module
from partnership.domain.language.corpus import SEALED, fingerprint, load_requirements
from partnership.domain.language.features import _SNOWBALL
from partnership.domain.language.normalize import fold
from partnership.domain.language.train import training_items


@pytest.fixture
def fresh_model():
    """No model loaded: the next reading loads it."""
    model_module.forget()
    yield
    model_module.forget()


def test_the_model_file_is_read_once_however_many_statements_are_read(fresh_model):
    before = model_module.reads()
    preload()
    for text in ("Use Redis.", "Usad Vue.", "Lansering 1 april.", "تحسين الموقع."):
        classify(text)
    assert model_module.reads() == before + 1


def test_the_model_file_is_read_once_when_many_threads_start_together(fresh_model):
    before = model_module.reads()
    start = threading.Barrier(8)

    def read() -> None:
        start.wait()
        classify("Send me an update every two hours.")

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert model_module.reads() == before + 1


def test_the_model_file_was_trained_on_the_corpus_as_it_is():
    """If this fails the corpus changed: run `make train` and commit model.json."""
    assert model_module.shipped().corpus_sha256 == fingerprint(training_items())


def test_training_again_gives_the_shipped_model():
    pytest.importorskip("sklearn")
    from partnership.domain.language.train import fit

    items = training_items()
    again = fit(items, corpus_sha256=fingerprint(items))
    shipped = model_module.shipped()
    assert again.classes == shipped.classes and again.scale == shipped.scale
    # Exact on the same libraries; the tolerance only absorbs another BLAS's last digits.
    assert again.intercept == pytest.approx(shipped.intercept, abs=1e-3)
    differ = set(again.weights) ^ set(shipped.weights)
    assert len(differ) <= len(shipped.weights) // 1000
    common = set(again.weights) & set(shipped.weights)
    assert (
        max(
            abs(a - b)
            for name in common
            for a, b in zip(again.weights[name], shipped.weights[name], strict=True)
        )
        <= 1e-3
    )


def test_the_c_stemmer_when_installed_stems_like_the_pure_python_one():
    """snowballstemmer uses PyStemmer (the same Snowball, in C) when it is installed; the model's
    features must not depend on which one a machine has."""
    stemmer_c = pytest.importorskip("Stemmer")
    import snowballstemmer.arabic_stemmer
    import snowballstemmer.english_stemmer
    import snowballstemmer.italian_stemmer
    import snowballstemmer.spanish_stemmer
    import snowballstemmer.swedish_stemmer

    pure = {
        "en": snowballstemmer.english_stemmer.EnglishStemmer(),
        "es": snowballstemmer.spanish_stemmer.SpanishStemmer(),
        "it": snowballstemmer.italian_stemmer.ItalianStemmer(),
        "sv": snowballstemmer.swedish_stemmer.SwedishStemmer(),
        "ar": snowballstemmer.arabic_stemmer.ArabicStemmer(),
    }
    items = [i for i in training_items() if i["writer"] not in SEALED] + load_requirements()
    words: dict[str, set[str]] = {lang: set() for lang in pure}
    for item in items:
        words[item["lang"]].update(w.lower() for w in re.findall(r"\w+", fold(item["text"])[0]))
    for lang, stemmer in pure.items():
        c = stemmer_c.Stemmer(_SNOWBALL[lang])
        differ = [w for w in sorted(words[lang]) if c.stemWord(w) != stemmer.stemWord(w)]
        assert differ == [], lang
