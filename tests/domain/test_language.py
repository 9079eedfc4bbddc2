"""Tests of the statement reader: each kind of reason in every language, the reading contract
(codes with quotes, suggestion codes, English wording), odd input, and language detection."""

from __future__ import annotations

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from partnership.domain.language import (
    CATEGORIES,
    SUPPORTED_LANGUAGES,
    Reading,
    Reason,
    classify,
    detect_language,
    preload,
)
from partnership.domain.language.corpus import SEALED, load_requirements, load_statements
from partnership.domain.language.reader import REASON_CODES, SUGGESTION_CODES
from partnership.domain.language.wording import reason_message, stored, suggestion_message
from partnership.i18n.catalog import MESSAGES
from partnership.i18n.render import render

OUT, CON, PRE = "outcome", "constraint", "prescriptive"

# Written for the first rules engine, before the corpus; none of them is in the training data.
# The model misses two of the sixty: they stay here, marked, so a fix shows.
CASES = [
    # -- English ---------------------------------------------------------------------------------
    (
        "en",
        "tech preference",
        "Use Svelte for the booking pages, it feels nicer.",
        PRE,
        "tech_choice",
    ),
    (
        "en",
        "tech from context",
        "Our infrastructure team only supports MySQL, so the claims database must be MySQL.",
        CON,
        "tech_justified",
    ),
    (
        "en",
        "staffing",
        "Have Tomas lead the mobile work, not the junior developers.",
        PRE,
        "staffing",
    ),
    (
        "en",
        "working_hours",
        "Your developers must be reachable from 9am to 7pm, Monday to Friday.",
        PRE,
        "working_hours",
    ),
    (
        "en",
        "reporting",
        "Send us a progress update every three hours during the cut-over.",
        PRE,
        "reporting",
    ),
    ("en", "tools", "Stop using Asana and log all the tasks in our Jira instead.", PRE, "tools"),
    (
        "en",
        "task order",
        "Build the invoicing first, then the refunds, in that order.",
        PRE,
        "task_order",
    ),
    (
        "en",
        "polite",
        "Would you maybe consider using Flutter for the driver app?",
        PRE,
        "tech_choice",
    ),
    (
        "en",
        "rude deadline",
        "Launch date is 14 February. Miss it and we are done talking.",
        CON,
        "deadline",
    ),
    (
        "en",
        "compliance",
        "Patient records must follow HIPAA at every step.",
        CON,
        "law",
    ),
    (
        "en",
        "mixed",
        "Pharmacists can see stock levels live, and do it with GraphQL subscriptions.",
        PRE,
        "tech_choice",
    ),
    ("en", "vague", "Make the app nicer.", OUT, "vague"),
    # -- Spanish ---------------------------------------------------------------------------------
    (
        "es",
        "tech preference",
        "Usad Vue para el portal de clientes, me gusta más.",
        PRE,
        "tech_choice",
    ),
    (
        "es",
        "tech from context",
        "Nuestro departamento de sistemas solo soporta Oracle, así que la base de datos ha de ser "
        "Oracle.",
        CON,
        "tech_justified",
    ),
    (
        "es",
        "staffing",
        "Que se encargue Pablo del backend, no el becario.",
        PRE,
        "staffing",
    ),
    (
        "es",
        "working_hours",
        "Los desarrolladores tienen que estar disponibles de 8 a 20.",
        PRE,
        "working_hours",
    ),
    (
        "es",
        "reporting",
        "Quiero un informe de avance cada hora hasta que se cierre la incidencia.",
        PRE,
        "reporting",
    ),
    ("es", "tools", "Dejad Trello y llevad las tareas en nuestro Asana.", PRE, "tools"),
    (
        "es",
        "task order",
        "Primero el módulo de compras, luego el de ventas. En ese orden.",
        PRE,
        "task_order",
    ),
    ("es", "polite", "¿Podríais usar Kotlin en vez de Java? Por favor.", PRE, "tech_choice"),
    ("es", "rude deadline", "Salida a producción el 3 de marzo. Y punto.", CON, "deadline"),
    (
        "es",
        "compliance",
        "Todo el tratamiento de datos debe cumplir el RGPD.",
        CON,
        "law",
    ),
    (
        "es",
        "mixed",
        "Que los repartidores vean su ruta en el móvil, hecho con microservicios en Kubernetes.",
        PRE,
        "architecture",
    ),
    ("es", "vague", "Mejorar la web.", OUT, "vague"),
    # -- Italian ---------------------------------------------------------------------------------
    ("it", "tech preference", "Usate Django, è il migliore.", PRE, "tech_choice"),
    (
        "it",
        "tech from context",
        "Il nostro reparto IT supporta solo PostgreSQL, quindi il database deve essere PostgreSQL.",
        CON,
        "tech_justified",
    ),
    (
        "it",
        "staffing",
        "Il backend lo deve fare Luca, non lo stagista.",
        PRE,
        "staffing",
    ),
    (
        "it",
        "working_hours",
        "I vostri sviluppatori devono essere reperibili dalle 8 alle 19.",
        PRE,
        "working_hours",
    ),
    (
        "it",
        "reporting",
        "Voglio un resoconto ogni due ore finché il magazzino non è migrato.",
        PRE,
        "reporting",
    ),
    ("it", "tools", "Basta con Trello, tracciate tutte le attività nel nostro Jira.", PRE, "tools"),
    (
        "it",
        "task order",
        "Prima la contabilità, poi il magazzino, in quest'ordine.",
        PRE,
        "task_order",
    ),
    ("it", "polite", "Potreste per favore usare Angular invece di React?", PRE, "tech_choice"),
    (
        "it",
        "rude deadline",
        "Il go-live è il 2 novembre. Fine della discussione.",
        CON,
        "deadline",
    ),
    (
        "it",
        "compliance",
        "I dati dei pazienti vanno trattati secondo il GDPR.",
        CON,
        "law",
    ),
    (
        "it",
        "mixed",
        "Il cliente vede le fatture, fatto con una stored procedure.",
        PRE,
        "architecture",
    ),
    ("it", "vague", "Migliorare il sito.", OUT, "vague"),
    # -- Swedish ---------------------------------------------------------------------------------
    (
        "sv",
        "tech preference",
        "Använd Django för kundportalen, det känns modernare.",
        PRE,
        "tech_choice",
    ),
    (
        "sv",
        "tech from context",
        "Vår IT-avdelning stödjer bara Oracle, så databasen måste vara Oracle.",
        CON,
        "tech_justified",
    ),
    (
        "sv",
        "staffing",
        "Låt Karin sköta backend, inte praktikanten.",
        PRE,
        "staffing",
    ),
    (
        "sv",
        "working_hours",
        "Utvecklarna ska vara nåbara mellan 8 och 18 varje vardag.",
        PRE,
        "working_hours",
    ),
    (
        "sv",
        "reporting",
        "Jag vill ha en statusrapport varje timme tills flytten är klar.",
        PRE,
        "reporting",
    ),
    ("sv", "tools", "Sluta använda Trello, lägg allt i vårt Jira.", PRE, "tools"),
    (
        "sv",
        "task order",
        "Börja med lönedelen, sen fakturorna, sist rapporterna.",
        PRE,
        "task_order",
    ),
    ("sv", "polite", "Skulle ni kunna använda Vue istället för React, tack?", PRE, "tech_choice"),
    ("sv", "rude deadline", "Lansering 12 mars. Inte en dag senare.", CON, "deadline"),
    (
        "sv",
        "compliance",
        "Hanteringen av personuppgifter måste följa GDPR.",
        CON,
        "law",
    ),
    pytest.param(
        "sv",
        "mixed",
        "Kunderna ska kunna se sina ordrar, och det ska byggas med mikrotjänster.",
        PRE,
        "architecture",
        marks=pytest.mark.xfail(strict=True, reason="known miss: read as an outcome"),
    ),
    ("sv", "vague", "Förbättra webben.", OUT, "vague"),
    # -- Arabic ----------------------------------------------------------------------------------
    ("ar", "tech preference", "استخدموا Django لأنه أحدث.", PRE, "tech_choice"),
    (
        "ar",
        "tech from context",
        "فريق التشغيل عندنا لا يدعم إلا MySQL، لذا يجب أن تكون قاعدة البيانات MySQL.",
        CON,
        "tech_justified",
    ),
    (
        "ar",
        "staffing",
        "أريد أن يتولى أحمد الواجهة الأمامية وليس المتدرب.",
        PRE,
        "staffing",
    ),
    pytest.param(
        "ar",
        "working_hours",
        "يجب أن يكون المطورين متاحين من التاسعة حتى الخامسة بتوقيتنا.",
        PRE,
        "working_hours",
        marks=pytest.mark.xfail(strict=True, reason="known miss: read as an outcome"),
    ),
    (
        "ar",
        "reporting",
        "أريد تقريراً عن التقدم كل ساعة حتى ينتهي النقل.",
        PRE,
        "reporting",
    ),
    ("ar", "tools", "توقفوا عن استخدام Trello وسجلوا المهام في Jira الخاص بنا.", PRE, "tools"),
    (
        "ar",
        "task order",
        "ابدؤوا بوحدة المشتريات ثم المبيعات، بهذا الترتيب.",
        PRE,
        "task_order",
    ),
    ("ar", "polite", "هل يمكنكم من فضلكم استخدام Vue بدلاً من React؟", PRE, "tech_choice"),
    ("ar", "rude deadline", "الإطلاق يوم 10 مارس. لا تأجيل ولا نقاش.", CON, "deadline"),
    (
        "ar",
        "compliance",
        "يجب أن تلتزم معالجة البيانات بنظام حماية البيانات الشخصية.",
        CON,
        "law",
    ),
    ("ar", "mixed", "أن يرى العميل فواتيره، على أن يُبنى ذلك بخدمات مصغرة.", PRE, "architecture"),
    ("ar", "vague", "تحسين الموقع.", OUT, "vague"),
]


def _rows() -> list[tuple]:
    return [case.values if hasattr(case, "values") else case for case in CASES]


@pytest.mark.parametrize(("lang", "shows", "text", "category", "code"), CASES)
def test_each_kind_of_reason_in_every_language(lang, shows, text, category, code):
    reading = classify(text)
    assert reading.lang == lang
    assert reading.category == category, reading.reasons
    assert code in [reason.code for reason in reading.reasons], reading.reasons


@pytest.mark.parametrize(("lang", "text"), [(row[0], row[2]) for row in _rows()])
def test_passing_the_language_gives_the_same_reading(lang, text):
    assert classify(text, lang) == classify(text)


def test_every_language_has_every_kind_of_case():
    shown = {(row[0], row[1]) for row in _rows()}
    kinds = {row[1] for row in _rows()}
    assert shown == {(lang, kind) for lang in SUPPORTED_LANGUAGES for kind in kinds}


# -- The reading contract --------------------------------------------------------------------------


def test_a_reading_gives_codes_with_the_words_that_decided():
    reading = classify("Send me an update every two hours.")
    assert isinstance(reading, Reading)
    assert (reading.category, reading.lang) == (PRE, "en")
    assert reading.reasons[0].code == "reporting"
    assert any("every two hours" in quote for quote in reading.reasons[0].quotes)
    assert reading.suggestion == "reporting"


def test_a_prescription_no_lexicon_lists_is_named_by_its_kind_and_quoted():
    reading = classify("Have Priya pair with your lead dev every afternoon.")
    assert reading.category == PRE
    assert reading.reasons[0].code in ("pairing", "staffing")
    assert "Priya" in reading.reasons[0].quotes
    assert reading.suggestion == "staffing"


def test_a_reading_without_cues_or_kinds_quotes_the_words_that_decided():
    reading = classify("Make the app nicer.")
    assert [r.code for r in reading.reasons] == ["result", "words", "vague"]
    assert "nicer" in reading.reasons[1].quotes


def test_a_prescriptive_reading_suggests_and_others_do_not():
    assert classify("Use Redis for the cache.").suggestion == "tech_choice"
    assert classify("Budget for this phase is capped at 50,000 EUR.").suggestion is None
    assert classify("Drivers can see tomorrow's route the evening before.").suggestion is None


def test_an_outcome_says_first_that_it_leaves_the_means_to_the_vendor():
    reading = classify("Drivers can see tomorrow's route the evening before.")
    assert reading.category == OUT
    assert reading.reasons[0] == Reason("result", ())


def test_a_reason_is_written_with_the_clients_words_quoted():
    reason = Reason("staffing", ("Have Tomas lead", "not the junior"))
    assert render(reason_message(reason), "en") == (
        "decides who on the vendor's team does what: \u201cHave Tomas lead\u201d and "
        "\u201cnot the junior\u201d"
    )
    assert render(reason_message(reason), "es").count("«") == 2  # Spanish quotation marks


def test_a_reading_is_stored_as_codes_and_read_back_the_same():
    reading = Reading(PRE, "en", (Reason("staffing", ("Have Tomas lead",)),), "staffing")
    reasons, suggestion = stored(reading)
    assert reasons == [{"code": "staffing", "quotes": ["Have Tomas lead"]}]
    assert reason_message(reasons[0]) == reason_message(reading.reasons[0])
    assert suggestion_message(suggestion) is not None


def test_a_reading_stored_as_english_sentences_is_shown_as_it_was_written():
    assert render(reason_message("names a technology: “Kafka”"), "sv") == (
        "names a technology: “Kafka”"
    )


def test_every_code_the_reader_can_give_has_a_sentence():
    assert {f"reason.{code}" for code in REASON_CODES} <= set(MESSAGES)
    assert {f"suggestion.{code}" for code in SUGGESTION_CODES} <= set(MESSAGES)
    quoting = {code for code in REASON_CODES if "%(quotes)s" in MESSAGES[f"reason.{code}"]}
    assert quoting >= {"staffing", "tech_choice", "law", "deadline", "words"}


@pytest.fixture(scope="module")
def unsealed_readings():
    """Every unsealed statement and real requirement with its reading. The sealed writers'
    texts stay unread here too: a failing assertion would print them."""
    items = [i for i in load_statements() if i["writer"] not in SEALED] + load_requirements()
    return [(item["text"], classify(item["text"])) for item in items]


def test_every_reading_of_the_corpus_quotes_the_statement_as_written(unsealed_readings):
    for text, reading in unsealed_readings:
        quotes = [quote for reason in reading.reasons for quote in reason.quotes]
        assert quotes, reading
        assert all(quote and quote in text for quote in quotes), reading


def test_every_code_given_on_the_corpus_is_a_known_code(unsealed_readings):
    reasons = {reason.code for _, reading in unsealed_readings for reason in reading.reasons}
    suggestions = {reading.suggestion for _, reading in unsealed_readings} - {None}
    assert reasons <= REASON_CODES
    assert suggestions <= SUGGESTION_CODES


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.sampled_from([None, *SUPPORTED_LANGUAGES]))
def test_any_text_gets_a_reading_whose_quotes_are_its_own_words(text, lang):
    reading = classify(text, lang)
    assert reading.category in CATEGORIES
    assert reading.reasons
    assert (reading.suggestion is not None) == (reading.category == PRE)
    quotes = [quote for reason in reading.reasons for quote in reason.quotes]
    assert all(quote in text for quote in quotes)
    if [reason.code for reason in reading.reasons] != ["empty"]:
        assert quotes, reading


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "\x00", "\x00\x00 \x00"])
def test_empty_text_is_an_empty_outcome_with_nothing_to_quote(text):
    reading = classify(text)
    assert (reading.category, reading.reasons, reading.suggestion) == (
        OUT,
        (Reason("empty", ()),),
        None,
    )


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
def test_odd_text_never_raises_and_is_still_quoted(text):
    reading = classify(text)
    assert reading.category in CATEGORIES
    assert reading.lang in SUPPORTED_LANGUAGES
    assert any(reason.quotes for reason in reading.reasons)


def test_very_long_text_says_only_the_start_was_read():
    reading = classify("Use Redux. " * 5_000)
    assert reading.category == PRE
    assert "truncated" in [reason.code for reason in reading.reasons]


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


def test_technologies_justified_by_the_clients_world_share_one_reason():
    reading = classify(
        "Our IT department only supports Oracle and Redis, so the database must be Oracle and "
        "the cache Redis."
    )
    assert reading.category == CON
    justified = [r for r in reading.reasons if r.code == "tech_justified"]
    assert justified == [Reason("tech_justified", ("Oracle", "Redis"))]


@pytest.mark.xfail(strict=True, reason="known miss: the model reads 'Use Kotlin' as a choice")
def test_a_technology_required_by_an_architecture_board_is_a_constraint():
    assert classify("Use Kotlin, as required by our architecture board.").category == CON


def test_preloading_readies_every_language():
    preload()
    assert classify("Usate Laravel.").category == PRE


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
