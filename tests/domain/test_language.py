"""Tests of the statement classifier: each kind of reason in every language, the API contract,
language detection, and the figures on the labelled development set."""

from __future__ import annotations

import pytest

from partnership.domain.language import Reading, classify, detect_language
from partnership.domain.language.evaluate import default_path, evaluate, load_items

OUT, CON, PRE = "outcome", "constraint", "prescriptive"

# (lang, what the case shows, statement, expected category, words a reason must contain)
# Statements written for these tests, not taken from the development set.
CASES = [
    # -- English ---------------------------------------------------------------------------------
    ("en", "tech preference", "Use Svelte for the booking pages, it feels nicer.", PRE, "'Svelte'"),
    (
        "en",
        "tech from context",
        "Our infrastructure team only supports MySQL, so the claims database must be MySQL.",
        CON,
        "reason from your own world",
    ),
    (
        "en",
        "staffing",
        "Have Tomas lead the mobile work, not the junior developers.",
        PRE,
        "who on the vendor's team",
    ),
    (
        "en",
        "working hours",
        "Your developers must be reachable from 9am to 7pm, Monday to Friday.",
        PRE,
        "working hours",
    ),
    (
        "en",
        "reporting",
        "Send us a progress update every three hours during the cut-over.",
        PRE,
        "reporting frequency",
    ),
    ("en", "tools", "Stop using Asana and log all the tasks in our Jira instead.", PRE, "tools"),
    (
        "en",
        "task order",
        "Build the invoicing first, then the refunds, in that order.",
        PRE,
        "order of the vendor's tasks",
    ),
    ("en", "polite", "Would you maybe consider using Flutter for the driver app?", PRE, "politely"),
    (
        "en",
        "rude deadline",
        "Launch date is 14 February. Miss it and we are done talking.",
        CON,
        "date or deadline",
    ),
    (
        "en",
        "compliance",
        "Patient records must follow HIPAA at every step.",
        CON,
        "compliance rule",
    ),
    (
        "en",
        "mixed",
        "Pharmacists can see stock levels live, and do it with GraphQL subscriptions.",
        PRE,
        "'GraphQL'",
    ),
    ("en", "vague", "Make the app nicer.", OUT, "vague is not prescriptive"),
    # -- Spanish ---------------------------------------------------------------------------------
    ("es", "tech preference", "Usad Vue para el portal de clientes, me gusta más.", PRE, "'Vue'"),
    (
        "es",
        "tech from context",
        "Nuestro departamento de sistemas solo soporta Oracle, así que la base de datos ha de ser "
        "Oracle.",
        CON,
        "reason from your own world",
    ),
    (
        "es",
        "staffing",
        "Que se encargue Pablo del backend, no el becario.",
        PRE,
        "who on the vendor's team",
    ),
    (
        "es",
        "working hours",
        "Los desarrolladores tienen que estar disponibles de 8 a 20.",
        PRE,
        "working hours",
    ),
    (
        "es",
        "reporting",
        "Quiero un informe de avance cada hora hasta que se cierre la incidencia.",
        PRE,
        "reporting frequency",
    ),
    ("es", "tools", "Dejad Trello y llevad las tareas en nuestro Asana.", PRE, "tools"),
    (
        "es",
        "task order",
        "Primero el módulo de compras, luego el de ventas. En ese orden.",
        PRE,
        "order of the vendor's tasks",
    ),
    ("es", "polite", "¿Podríais usar Kotlin en vez de Java? Por favor.", PRE, "politely"),
    ("es", "rude deadline", "Salida a producción el 3 de marzo. Y punto.", CON, "date or deadline"),
    (
        "es",
        "compliance",
        "Todo el tratamiento de datos debe cumplir el RGPD.",
        CON,
        "compliance rule",
    ),
    (
        "es",
        "mixed",
        "Que los repartidores vean su ruta en el móvil, hecho con microservicios en Kubernetes.",
        PRE,
        "architecture",
    ),
    ("es", "vague", "Mejorar la web.", OUT, "vague is not prescriptive"),
    # -- Italian ---------------------------------------------------------------------------------
    ("it", "tech preference", "Usate Django, è il migliore.", PRE, "'Django'"),
    (
        "it",
        "tech from context",
        "Il nostro reparto IT supporta solo PostgreSQL, quindi il database deve essere PostgreSQL.",
        CON,
        "reason from your own world",
    ),
    (
        "it",
        "staffing",
        "Il backend lo deve fare Luca, non lo stagista.",
        PRE,
        "who on the vendor's team",
    ),
    (
        "it",
        "working hours",
        "I vostri sviluppatori devono essere reperibili dalle 8 alle 19.",
        PRE,
        "working hours",
    ),
    (
        "it",
        "reporting",
        "Voglio un resoconto ogni due ore finché il magazzino non è migrato.",
        PRE,
        "reporting frequency",
    ),
    ("it", "tools", "Basta con Trello, tracciate tutte le attività nel nostro Jira.", PRE, "tools"),
    (
        "it",
        "task order",
        "Prima la contabilità, poi il magazzino, in quest'ordine.",
        PRE,
        "order of the vendor's tasks",
    ),
    ("it", "polite", "Potreste per favore usare Angular invece di React?", PRE, "politely"),
    (
        "it",
        "rude deadline",
        "Il go-live è il 2 novembre. Fine della discussione.",
        CON,
        "date or deadline",
    ),
    (
        "it",
        "compliance",
        "I dati dei pazienti vanno trattati secondo il GDPR.",
        CON,
        "compliance rule",
    ),
    (
        "it",
        "mixed",
        "Il cliente vede le fatture, fatto con una stored procedure.",
        PRE,
        "architecture",
    ),
    ("it", "vague", "Migliorare il sito.", OUT, "vague is not prescriptive"),
    # -- Swedish ---------------------------------------------------------------------------------
    (
        "sv",
        "tech preference",
        "Använd Django för kundportalen, det känns modernare.",
        PRE,
        "'Django'",
    ),
    (
        "sv",
        "tech from context",
        "Vår IT-avdelning stödjer bara Oracle, så databasen måste vara Oracle.",
        CON,
        "reason from your own world",
    ),
    (
        "sv",
        "staffing",
        "Låt Karin sköta backend, inte praktikanten.",
        PRE,
        "who on the vendor's team",
    ),
    (
        "sv",
        "working hours",
        "Utvecklarna ska vara nåbara mellan 8 och 18 varje vardag.",
        PRE,
        "working hours",
    ),
    (
        "sv",
        "reporting",
        "Jag vill ha en statusrapport varje timme tills flytten är klar.",
        PRE,
        "reporting frequency",
    ),
    ("sv", "tools", "Sluta använda Trello, lägg allt i vårt Jira.", PRE, "tools"),
    (
        "sv",
        "task order",
        "Börja med lönedelen, sen fakturorna, sist rapporterna.",
        PRE,
        "order of the vendor's tasks",
    ),
    ("sv", "polite", "Skulle ni kunna använda Vue istället för React, tack?", PRE, "politely"),
    ("sv", "rude deadline", "Lansering 12 mars. Inte en dag senare.", CON, "date or deadline"),
    (
        "sv",
        "compliance",
        "Hanteringen av personuppgifter måste följa GDPR.",
        CON,
        "compliance rule",
    ),
    (
        "sv",
        "mixed",
        "Kunderna ska kunna se sina ordrar, och det ska byggas med mikrotjänster.",
        PRE,
        "architecture",
    ),
    ("sv", "vague", "Förbättra webben.", OUT, "vague is not prescriptive"),
    # -- Arabic ----------------------------------------------------------------------------------
    ("ar", "tech preference", "استخدموا Django لأنه أحدث.", PRE, "'Django'"),
    (
        "ar",
        "tech from context",
        "فريق التشغيل عندنا لا يدعم إلا MySQL، لذا يجب أن تكون قاعدة البيانات MySQL.",
        CON,
        "reason from your own world",
    ),
    (
        "ar",
        "staffing",
        "أريد أن يتولى أحمد الواجهة الأمامية وليس المتدرب.",
        PRE,
        "who on the vendor's team",
    ),
    (
        "ar",
        "working hours",
        "يجب أن يكون المطورين متاحين من التاسعة حتى الخامسة بتوقيتنا.",
        PRE,
        "working hours",
    ),
    (
        "ar",
        "reporting",
        "أريد تقريراً عن التقدم كل ساعة حتى ينتهي النقل.",
        PRE,
        "reporting frequency",
    ),
    ("ar", "tools", "توقفوا عن استخدام Trello وسجلوا المهام في Jira الخاص بنا.", PRE, "tools"),
    (
        "ar",
        "task order",
        "ابدؤوا بوحدة المشتريات ثم المبيعات، بهذا الترتيب.",
        PRE,
        "order of the vendor's tasks",
    ),
    ("ar", "polite", "هل يمكنكم من فضلكم استخدام Vue بدلاً من React؟", PRE, "politely"),
    ("ar", "rude deadline", "الإطلاق يوم 10 مارس. لا تأجيل ولا نقاش.", CON, "date or deadline"),
    (
        "ar",
        "compliance",
        "يجب أن تلتزم معالجة البيانات بنظام حماية البيانات الشخصية.",
        CON,
        "compliance rule",
    ),
    ("ar", "mixed", "أن يرى العميل فواتيره، على أن يُبنى ذلك بخدمات مصغرة.", PRE, "architecture"),
    ("ar", "vague", "تحسين الموقع.", OUT, "vague is not prescriptive"),
]


@pytest.mark.parametrize(
    ("lang", "shows", "text", "category", "reason"),
    CASES,
    ids=[f"{case[0]}-{case[1]}" for case in CASES],
)
def test_each_kind_of_reason_in_every_language(lang, shows, text, category, reason):
    reading = classify(text)
    assert reading.lang == lang
    assert reading.category == category, reading.reasons
    assert any(reason in r for r in reading.reasons), reading.reasons


@pytest.mark.parametrize(("lang", "shows", "text", "category", "reason"), CASES)
def test_passing_the_language_gives_the_same_reading(lang, shows, text, category, reason):
    assert classify(text, lang) == classify(text)


def test_every_lexicon_covers_every_kind_of_case():
    shown = {(case[0], case[1]) for case in CASES}
    kinds = {case[1] for case in CASES}
    assert shown == {(lang, kind) for lang in ("en", "es", "it", "sv", "ar") for kind in kinds}


# -- The API contract ------------------------------------------------------------------------------


def test_a_reading_quotes_the_words_that_decided():
    reading = classify("Send me an update every two hours.")
    assert reading == Reading(
        category="prescriptive",
        lang="en",
        reasons=reading.reasons,
        suggestion=reading.suggestion,
    )
    assert "sets a reporting frequency" in reading.reasons[0]
    assert "every two hours" in reading.reasons[0]


def test_a_prescriptive_reading_suggests_an_outcome_and_others_do_not():
    assert classify("Use Redis for the cache.").suggestion
    assert classify("Budget for this phase is capped at 50,000 EUR.").suggestion is None
    assert classify("Drivers can see tomorrow's route the evening before.").suggestion is None


def test_an_outcome_always_has_a_reason():
    reading = classify("Drivers can see tomorrow's route the evening before.")
    assert reading.category == OUT
    assert "leaves the means to the vendor" in reading.reasons[0]


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00", "\x00\x00 \x00"])
def test_empty_text_is_an_empty_outcome(text):
    reading = classify(text)
    assert reading.category == OUT
    assert "nothing was written" in reading.reasons[0]


@pytest.mark.parametrize(
    "text",
    [
        "🚀🚀🚀",
        "Use React 🙂 please",
        "Use\x00 React\x00",
        "Mix of scripts: استخدموا Angular and usad Vue",
        "\ud800 lone surrogate",
        "ﷺ ﻻ ﷽",
        "A" * 50_000,
        "Use Redux. " * 5_000,
        "😀" * 20_000,
    ],
)
def test_odd_text_never_raises(text):
    reading = classify(text)
    assert reading.category in (OUT, CON, PRE)
    assert reading.lang in ("en", "es", "it", "sv", "ar")
    assert reading.reasons


def test_very_long_text_says_only_the_start_was_read():
    reading = classify("Use Redux. " * 5_000)
    assert reading.category == PRE
    assert any("only the first" in reason for reason in reading.reasons)


def test_nul_characters_do_not_hide_words():
    assert classify("Use\x00Redux").category == PRE


@pytest.mark.parametrize("lang", ["fr", "xx", "", "english", "e"])
def test_an_unsupported_language_is_a_value_error(lang):
    with pytest.raises(ValueError, match="unsupported language"):
        classify("Use React.", lang)


def test_a_language_that_is_not_a_string_is_a_value_error():
    with pytest.raises(ValueError):
        classify("Use React.", 3)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["EN", "en-GB", "en_US", " en "])
def test_language_codes_are_read_generously(lang):
    assert classify("Use React.", lang).lang == "en"


# -- Language detection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Make the intranet better.", "en"),
        ("Reduce returns.", "en"),
        ("Use Laravel.", "en"),
        ("Mejorar la intranet.", "es"),
        ("Reducir las devoluciones.", "es"),
        ("Usad Angular.", "es"),
        ("¿Podéis?", "es"),
        ("Rendere il gestionale più semplice.", "it"),
        ("Ridurre i resi.", "it"),
        ("Usate Laravel.", "it"),
        ("Dimezzare le code.", "it"),
        ("Förbättra intranätet.", "sv"),
        ("Minska returerna.", "sv"),
        ("Använd Laravel.", "sv"),
        ("Lansering 1 april.", "sv"),
        ("تحسين البوابة الداخلية.", "ar"),
        ("استخدموا Angular", "ar"),
        ("خفض التكاليف", "ar"),
    ],
)
def test_detects_the_language_of_short_statements(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "1234", "🚀", "!!!", "\x00"])
def test_detection_falls_back_to_english_when_nothing_points_anywhere(text):
    assert detect_language(text) == "en"


def test_arabic_with_diacritics_and_tatweel_reads_like_plain_arabic():
    plain = classify("أرسلوا لي تقريراً عن التقدم كل ساعة.")
    decorated = classify("أَرْسِلُوا لِي تَقْرِيـــرًا عَنِ التَّقَدُّمِ كُلَّ سَاعَةٍ.")
    assert plain.category == decorated.category == PRE


# -- The development set ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dev_figures():
    path = default_path()
    if not path.exists():
        pytest.skip(f"development set not found at {path} (set SHARED_DATA_DIR to run this)")
    return evaluate(load_items(path))


@pytest.mark.parametrize("lang", ["en", "es", "it", "sv", "ar"])
def test_dev_set_meets_the_targets_in_every_language(dev_figures, lang):
    figures = dev_figures["by_language"][lang]
    assert figures["macro_f1"] >= 0.90
    assert figures["per_class"][PRE]["precision"] >= 0.92
    assert figures["lang_accuracy"] >= 0.95


def test_dev_set_is_classified_well_under_a_millisecond(dev_figures):
    assert dev_figures["median_us"] < 1000


def test_a_technology_justified_by_the_clients_world_gets_one_reason():
    reading = classify("Use Kotlin, as required by our architecture board.")
    assert reading.category == CON
    justified = [r for r in reading.reasons if "reason from your own world" in r]
    assert len(justified) == 1
    assert "'Kotlin'" in justified[0]


def test_preloading_compiles_every_lexicon():
    from partnership.domain.language import preload

    preload()
    assert classify("Usate Laravel.").category == PRE
