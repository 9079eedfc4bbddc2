"""The domain says what it means as message codes; its tests read the English sentence."""

from __future__ import annotations

from collections.abc import Iterator

from partnership.domain.messages import Message
from partnership.domain.vocabulary import LANGUAGES
from partnership.i18n.catalog import MESSAGES
from partnership.i18n.markers import Plural
from partnership.i18n.render import render


def en(message: Message) -> str:
    """``message`` written in English, as the API and the pages write it for an English reader."""
    return render(message, "en")


def messages_in(message: Message) -> Iterator[Message]:
    """The message and every message inside its values."""
    yield message
    for value in message.params.values():
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, Message):
                yield from messages_in(item)


def assert_renders_everywhere(message: Message) -> None:
    """Every message inside has a sentence, a plural its number, and each language renders."""
    for inner in messages_in(message):
        assert inner.id in MESSAGES, f"{inner.id} has no sentence in i18n/catalog.py"
        template = MESSAGES[inner.id]
        if isinstance(template, Plural):
            assert isinstance(inner.params.get(template.count), int | float), inner
    for language in LANGUAGES:
        text = render(message, language)
        assert text and "%(" not in text and message.id not in text
