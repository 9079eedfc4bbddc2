"""What the product says, as codes and values: the words are chosen where the reader is known.

SPEC §10: the engines produce a message identifier and its parameters; the web pages, the API
and the emails render it in the reader's language (``partnership/i18n``). The parameters keep
what the words are made of apart, so that each is formatted for the reader:

- ``int`` and ``float`` are numbers, ``Percent`` a share shown as a percentage;
- ``date`` and ``datetime`` are formatted for the reader's locale;
- ``Quote`` is a person's own words, quoted as written and kept in their own direction;
- ``Term`` is a product word (a code such as ``fixed_price``, ``review`` or ``autonomy``)
  shown in the reader's language, ``Field`` the name of a field people fill in (``due_date``);
- a plain ``str`` is a name or a value shown as written (isolated, not quoted);
- a ``Message`` is a sentence inside a sentence; a list or tuple is a list of any of these
  ("a, b and c"), an ``Either`` a list of alternatives ("a, b or c").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


class Quote(str):
    """Someone's own words, shown as written inside a translated sentence."""

    __slots__ = ()

    @classmethod
    def short(cls, text: str, limit: int = 60) -> Quote:
        """An item's title or text on one line, shortened to ``limit`` characters with "…"."""
        text = " ".join(text.split())
        return cls(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


class Term(str):
    """A code of the product (``fixed_price``, ``due_date``) shown as a word of the reader's."""

    __slots__ = ()


class Field(str):
    """The name of a field people fill in (``due_date``), shown by its label."""

    __slots__ = ()


class Percent(float):
    """A share from 0 to 1, shown as a percentage."""

    __slots__ = ()


class Either(tuple[Any, ...]):
    """Alternatives, shown as "a, b or c"."""

    __slots__ = ()


@dataclass(frozen=True, init=False, eq=True)
class Message:
    """A sentence to be written in the reader's language: an identifier and its values."""

    id: str
    params: Mapping[str, Any]

    def __init__(self, id: str, /, **params: Any) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "params", params)

    def __hash__(self) -> int:
        return hash((self.id, repr(sorted(self.params.items()))))

    def __repr__(self) -> str:
        values = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"Message({self.id!r}{', ' if values else ''}{values})"

    def to_json(self) -> dict[str, Any]:
        """A JSON form that ``from_json`` reads back, types and all (for storing a message)."""
        return {"id": self.id, "params": {k: _encode(v) for k, v in self.params.items()}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Message:
        return cls(data["id"], **{k: _decode(v) for k, v in (data.get("params") or {}).items()})


# Writes a message in the reader's language: what the domain's ``to_dict`` methods are given
# by the layer that knows the reader (``partnership.i18n.render.render`` with a language).
Say = Callable[[Message], str]


def _encode(value: Any) -> Any:
    if isinstance(value, Message):
        return {"message": value.to_json()}
    if isinstance(value, Quote):
        return {"quote": str(value)}
    if isinstance(value, Term):
        return {"term": str(value)}
    if isinstance(value, Field):
        return {"field": str(value)}
    if isinstance(value, Percent):
        return {"percent": float(value)}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Either):
        return {"either": [_encode(v) for v in value]}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict) or len(value) != 1:
        return value
    ((kind, raw),) = value.items()
    if kind == "message":
        return Message.from_json(raw)
    if kind == "quote":
        return Quote(raw)
    if kind == "term":
        return Term(raw)
    if kind == "field":
        return Field(raw)
    if kind == "percent":
        return Percent(raw)
    if kind == "datetime":
        return datetime.fromisoformat(raw)
    if kind == "date":
        return date.fromisoformat(raw)
    if kind == "either":
        return Either(_decode(v) for v in raw)
    return value
