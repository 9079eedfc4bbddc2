"""Language detection for client statements, without a library.

Arabic is recognised by its script. English, Spanish, Italian and Swedish are told apart by
function words, letters that only some of them use (å ä ö, ñ ¿ ¡, à è ì ò ù) and word endings,
which is enough for a one-line goal such as "Mejorar la intranet." or "Förbättra intranätet.".
"""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("en", "es", "it", "sv", "ar")
DEFAULT = "en"  # what we answer when nothing in the text points anywhere (empty, digits, emoji)

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words and very common words; a word listed for two languages counts for both.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the a an and or of to in on at for with by from is are be was were been it its this "
        "that these those we our us you your they their them i my me can could should would "
        "will must not no do does did have has had what when where which who how any all more "
        "than into out up so if as just please need want make new every each get keep still "
        "only without before after then first there here some january february march april may "
        "june july august september october november december monday friday via through about "
        "also because while"
    ),
    "es": _words(
        "el la los las un una unos unas y o de del al en con por para que es son ser está están "
        "estar se su sus nuestro nuestra nuestros nuestras vuestro vuestra os nos lo le les mi "
        "me yo muy más pero sin sobre desde hasta hay cada como cuando donde ya también puedan "
        "pueden puede debe tiene tienen hacer esto esta este eso ese esa sea ni nada antes "
        "después luego primero todo toda todos todas menos porque podéis queremos enero febrero "
        "marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre tras según "
        "entre durante mientras siempre nunca máximo"
    ),
    "it": _words(
        "il lo la i gli le un uno una e o di del della dei degli delle dello al alla ai agli "
        "alle allo in nel nella nei nelle con per che è sono essere si ci ne non più ma senza "
        "su sul sulla da dal dalla dai come quando dove anche già ogni tutto tutti tutte questo "
        "questa questi nostro nostra nostri nostre vostro vostra vostri voi noi mi ti deve "
        "devono possono può fare poi prima dopo entro meno perché cosa gennaio febbraio marzo "
        "aprile maggio giugno luglio agosto settembre ottobre novembre dicembre durante mentre "
        "sempre mai tra fra verso secondo ha hanno abbiamo massimo usate fate mettete"
    ),
    "sv": _words(
        "och att det som en ett är för på med inte vi ni de den dem jag du han hon man av till "
        "från om har hade ska skall kan kunna måste får vill vår vårt våra er ert era sin sina "
        "sitt så men eller utan under efter innan när där här alla allt varje också bara mer än "
        "sen sedan första mig oss dig dem hur vad vem någon något inga ingen januari februari "
        "mars april maj juni juli augusti oktober ligger finns blir bli vara detta dessa hela "
        "alltid aldrig redan också nu då även genom mot hos mellan enligt sätt gör lansering"
    ),
}

# Letters that only some of the four languages use, and how much each one is worth.
_LETTERS: dict[str, dict[str, float]] = {
    "sv": {"å": 3.0, "ä": 3.0, "ö": 3.0},
    "es": {"ñ": 3.0, "¿": 3.0, "¡": 3.0, "á": 2.0, "í": 1.0, "ó": 1.5, "ú": 1.5, "é": 0.5},
    "it": {"à": 2.0, "è": 2.0, "ì": 2.0, "ò": 2.0, "ù": 2.0},
}

# Word endings typical of one language; weight per word that ends so.
_ENDINGS: dict[str, tuple[tuple[str, float], ...]] = {
    "en": (("ing", 0.8), ("tion", 0.4), ("ly", 0.6), ("ed", 0.4), ("ness", 0.8), ("th", 0.6)),
    "es": (
        ("ción", 1.5),
        ("ciones", 1.5),
        ("os", 0.6),
        ("as", 0.4),
        ("ar", 0.5),
        ("dad", 1.0),
        ("mos", 0.5),
        ("ado", 0.6),
        ("ido", 0.4),
        ("ía", 0.8),
        ("aje", 0.6),
    ),
    "it": (
        ("zione", 1.5),
        ("zioni", 1.5),
        ("are", 0.6),
        ("ere", 0.5),
        ("ire", 0.5),
        ("ità", 1.5),
        ("gli", 1.0),
        ("etti", 0.6),
        ("mente", 0.6),
        ("ato", 0.4),
        ("i", 0.3),
        ("ino", 0.3),
    ),
    "sv": (
        ("arna", 1.5),
        ("erna", 1.5),
        ("orna", 1.5),
        ("ningen", 1.5),
        ("ning", 0.8),
        ("heten", 1.5),
        ("ering", 1.0),
        ("het", 0.6),
        ("en", 0.3),
        ("et", 0.3),
        ("ar", 0.2),
        ("er", 0.1),
    ),
}
# Letter pairs that give a language away inside words.
_CLUSTERS: dict[str, tuple[tuple[str, float], ...]] = {
    "en": (("th", 0.4), ("wh", 0.6), ("ght", 0.8), ("ck", 0.2), ("w", 0.2)),
    "es": (("ll", 0.2), ("ue", 0.2), ("ie", 0.1)),
    "it": (("zz", 0.8), ("cch", 0.8), ("gli", 0.6), ("sci", 0.3), ("tt", 0.3)),
    "sv": (("sj", 0.6), ("tj", 0.6), ("kv", 0.6), ("skt", 0.4), ("aa", 0.0)),
}


@lru_cache(maxsize=50_000)
def _word_scores(word: str) -> tuple[tuple[str, float], ...]:
    """What one lower-case word says of each language: function word, ending, letter clusters.

    Cached: words repeat, and this is most of the time detection takes."""
    out: list[tuple[str, float]] = []
    for lang, stopwords in _STOPWORDS.items():
        if word in stopwords:
            out.append((lang, 1.0 if len(word) > 1 else 0.5))
    if len(word) < 3:
        return tuple(out)
    for lang, endings in _ENDINGS.items():
        for ending, weight in endings:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                out.append((lang, weight))
                break
    for lang, clusters in _CLUSTERS.items():
        for cluster, weight in clusters:
            if cluster in word:
                out.append((lang, weight))
    return tuple(out)


def detect_language(text: str) -> str:
    """Return the language code of `text`: one of "en", "es", "it", "sv", "ar"."""
    if not isinstance(text, str):
        return DEFAULT
    sample = text[:2000]
    arabic = len(_ARABIC_LETTER.findall(sample))
    if arabic:
        latin = len(_LATIN_LETTER.findall(sample))
        # Arabic statements often quote Latin product names ("استخدموا Angular"); the script of
        # the sentence around them is what counts.
        if arabic >= latin * 0.35:
            return "ar"
    lowered = sample.lower()
    scores = dict.fromkeys(("en", "es", "it", "sv"), 0.0)
    for lang, letters in _LETTERS.items():
        for letter, weight in letters.items():
            count = lowered.count(letter)
            if count:
                scores[lang] += weight * min(count, 4)
    for word in _WORD.findall(lowered):
        for lang, weight in _word_scores(word):
            scores[lang] += weight
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] <= 0:
        return DEFAULT
    return best
