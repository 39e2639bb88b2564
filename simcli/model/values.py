"""A record of values that compares, hashes and prints as a dataclass does, made
without the dataclass machinery.

``@dataclass`` writes and compiles each class's ``__init__``, ``__eq__``,
``__repr__`` (and, frozen, ``__setattr__``, ``__delattr__`` and ``__hash__``) as the
class is made: half a millisecond to a millisecond a class, paid on every run by
each one a question's modules define. The classes a question needs at start-up
write their ``__init__`` themselves and take the rest from :class:`Value` (never
changed once made, as a frozen dataclass's) or :class:`Fields` (changed: never
hashed, as a plain dataclass's): their fields are what ``__init__`` sets, in that
order.
"""

from __future__ import annotations

from typing import Any, TypeVar

V = TypeVar("V", bound="Value")


class Value:
    """Fields compared, hashed and shown in order, as a frozen dataclass's are.

    Nothing sets a field after ``__init__`` (these were frozen dataclasses): a value
    that is hashed must not change."""

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return tuple(self.__dict__.values()) == tuple(other.__dict__.values())

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__qualname__}({fields})"

    def replace(self: V, **changes: Any) -> V:
        """A copy with these fields changed, as ``dataclasses.replace`` makes one."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        for name, value in changes.items():
            if name not in self.__dict__:
                raise TypeError(f"{type(self).__name__} has no field {name!r}")
            copy.__dict__[name] = value
        return copy


class Fields(Value):
    """Fields compared and shown in order, as a (not frozen) dataclass's are: set
    after ``__init__`` too (a table's rows are added as a view lays it out), so never
    hashed: a value whose hash could change would be lost in a set or a dict."""

    __hash__ = None  # type: ignore[assignment]
