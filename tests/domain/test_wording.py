"""The engines' sentences: every message they produce has a sentence in the catalog, and it
can be written in every language with the values the engine gave (a missing value would be an
error at the moment someone reads the page)."""

from __future__ import annotations

from hypothesis import given, settings

from partnership.domain.flags import ThresholdError, compute_flags, merge_thresholds
from partnership.domain.trust import compute_trust
from partnership.i18n.render import FSI, PDI, render

from .builders import commitment, day, delivered, directive, goal, history, phase, slip
from .strategies import Story, stories
from .wording import assert_renders_everywhere, en


def sentences(story: Story):
    report = compute_trust(story.history, story.now)
    for score in (report.vendor_reliability, report.client_trust_giving, report.partnership):
        for evidence in score.evidence:
            yield evidence.why
    for flag in compute_flags(story.history, story.now):
        yield flag.message
        yield flag.suggestion


@settings(max_examples=60, deadline=None)
@given(stories(min_phases=1))
def test_every_sentence_of_trust_and_flags_renders_in_every_language(story: Story):
    for message in sentences(story):
        assert_renders_everywhere(message)


def test_every_threshold_refusal_renders_in_every_language():
    for overrides in (
        {"silence_days": 3},
        {"silent_days": "14"},
        {"silent_days": -1},
        {"out_of_channel_share": 1.5},
        {"low_autonomy_rating": 6},
    ):
        try:
            merge_thresholds(overrides)
        except ThresholdError as error:
            assert error.name == next(iter(overrides))
            assert_renders_everywhere(error.message)
        else:
            raise AssertionError(f"{overrides} was accepted")


def test_a_threshold_refusal_names_the_threshold_by_its_label():
    try:
        merge_thresholds({"silent_days": -1})
    except ThresholdError as error:
        assert en(error.message) == (
            "The threshold days without a commitment event must be a number of 0 or more."
        )


def test_the_clients_words_are_quoted_and_isolated_for_a_right_to_left_reader():
    h = history(phase(commitments=[commitment("Export to CSV", due=4, events=[delivered(2)])]))
    (evidence,) = compute_trust(h, day(20)).vendor_reliability.evidence
    arabic = render(evidence.why, "ar")
    assert f"«{FSI}Export to CSV{PDI}»" in arabic
    assert "Export to CSV" in en(evidence.why) and FSI not in en(evidence.why)


def test_dates_and_counts_are_written_for_the_readers_locale():
    h = history(phase(commitments=[commitment("Export", due=10, events=[slip(12, to=20)])]))
    (flag,) = [f for f in compute_flags(h, day(20)) if f.code == "UNDISCLOSED_SLIP"]
    assert "March 14, 2026, 2 days after its due date" in en(flag.message)
    spanish = render(flag.message, "es")
    assert "14 de marzo de 2026" in spanish


def test_a_long_title_is_shortened_in_the_sentence_but_not_in_the_record():
    title = "Export every report to PDF, CSV and XLSX with the company's letterhead on each page"
    h = history(phase(goals=[goal(title, category="prescriptive")], directives=[directive()]))
    (flag,) = [f for f in compute_flags(h, day(20)) if f.code == "PRESCRIPTIVE_GOAL"]
    assert "…" in en(flag.message) and title not in en(flag.message)
