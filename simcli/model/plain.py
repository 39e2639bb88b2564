"""Records to plain data and back, without pydantic's schema.

A corpus is validated once, when its file is new or changed; the cache then
keeps it as plain data (dicts, lists, text, numbers). Read back, it is rebuilt
as records without being validated again: pydantic builds a model's validator
the first time one is validated (the schema's models are ``defer_build``), and
for a small corpus building them took longer than the whole question.

- :func:`plain` is what ``record.model_dump(mode="json")`` gives: every field, in
  order, dates as written.
- :func:`rebuilt` is what validating that data gives: the same records, with the
  same types (dates as :class:`~simcli.model.dates.PartialDate`, lists as lists),
  the same defaults and the same fields set, built as ``model_construct`` builds
  them.

Both work from the models' own field declarations, so a field added to the schema
needs nothing here. A model they cannot mirror exactly (a validator, an alias, a
field of a type not listed in :func:`_how`) is left to pydantic: dumped and
validated as before. Data is trusted as ``model_construct`` trusts it: only data
that :func:`plain` made of a validated record, and that was kept where no one
else could change it, may be rebuilt (:mod:`simcli.store.cache`).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Collection, Iterable
from functools import partial
from typing import Any, TypeVar

from pydantic import BaseModel

from simcli.model.dates import PartialDate

M = TypeVar("M", bound=BaseModel)

_PLAIN = (str, int, float, bool, type(None))  # kept as they are, by both
_set = object.__setattr__
_new = object.__new__


def plain(record: BaseModel, exclude: Collection[str] = (), unset: bool = True) -> dict[str, Any]:
    """``record.model_dump(mode="json", exclude=exclude, exclude_unset=not unset)``,
    without building the model's serializer. The cache keeps records without their
    unset fields, so that :func:`rebuilt` gives them the same fields set."""
    if _plan(type(record)) is None:
        return record.model_dump(mode="json", exclude=set(exclude) or None, exclude_unset=not unset)
    given: Iterable[tuple[str, Any]] = record.__dict__.items()
    if not unset:
        given = [(k, v) for k, v in given if k in record.__pydantic_fields_set__]
    return {name: _plain(value, unset) for name, value in given if name not in exclude}


def _plain(value: Any, unset: bool) -> Any:
    if type(value) in _PLAIN:
        return value
    if type(value) is list:
        return [_plain(item, unset) for item in value]
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, BaseModel):
        return plain(value, unset=unset)
    raise TypeError(f"not a value of a record: {type(value).__name__}")


def rebuilt(model: type[M], data: Any) -> M:
    """The record that validating ``data`` (what :func:`plain` gave) as ``model``
    gives, built without validating. Data of the wrong shape raises
    :class:`TypeError`, :class:`KeyError` or :class:`ValueError`."""
    plan = _plan(model)
    if plan is None:
        return model.model_validate(data, strict=True)
    return typing.cast(M, plan.build(data))


class _Plan:
    """How to rebuild one model: its fields in order, and how to convert the few
    that are not plain data (dates, records, lists of records)."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self.names = list(model.model_fields)
        self.known = frozenset(self.names)
        #: how to convert a field's value (set by :func:`_plan`), and whether what it
        #: gives is always a new object (a list of records: its default need no copy)
        self.convert: list[tuple[str, Callable[[Any], Any]]] = []
        self.converted_afresh: set[str] = set()
        fields = model.model_fields
        self.required = frozenset(name for name in self.names if fields[name].is_required())
        #: every field in order, with its default where that is a value kept as it is
        #: (a required field's place is held for the value given)
        self.template = {
            name: None if name in self.required or fields[name].default_factory
            else fields[name].get_default()
            for name in self.names
        }  # fmt: skip
        #: the defaults made afresh for each record, as validation makes them: by a
        #: factory, or a copy of a value that can change (an empty list)
        self.fresh: list[tuple[str, Callable[[], Any]]] = []

    def finish(self) -> None:
        """Once the conversions are known: which defaults are made for each record."""
        fields = self.model.model_fields
        for name in self.names:
            field = fields[name]
            if name in self.required or name in self.converted_afresh:
                continue
            if field.default_factory:
                self.fresh.append((name, partial(field.get_default, call_default_factory=True)))
            elif type(field.default) is list and not field.default:
                self.fresh.append((name, list))
            elif type(field.default) not in _PLAIN:
                self.fresh.append((name, partial(field.get_default, call_default_factory=True)))

    def build(self, data: Any) -> BaseModel:
        if type(data) is not dict:
            raise TypeError(f"{self.model.__name__}: expected an object")
        given = set(data)
        if len(data) != len(self.names) or list(data) != self.names:
            # not every field, or not in order: as validation would
            if not self.required <= given <= self.known:
                self._refuse(given)
            data = {**self.template, **data}  # in the template's order: the fields'
            for name, default in self.fresh:
                if name not in given:
                    data[name] = default()
        for name, convert in self.convert:
            value = data[name]
            if value is not None:
                data[name] = convert(value)
        record = _new(self.model)
        _set(record, "__dict__", data)
        _set(record, "__pydantic_fields_set__", given)
        _set(record, "__pydantic_extra__", None)
        _set(record, "__pydantic_private__", None)
        return record

    def _refuse(self, given: set[str]) -> None:
        """A required field missing, or a name that is no field: an error."""
        if not self.required <= given:
            missing = sorted(self.required - given)[0]
            raise KeyError(f"{self.model.__name__}: {missing!r} is missing")
        unknown = sorted(given - self.known)[0]
        raise KeyError(f"{self.model.__name__}: no field {unknown!r}")


_PLANS: dict[type[BaseModel], _Plan | None] = {}


def _plan(model: type[BaseModel]) -> _Plan | None:
    """How to rebuild ``model``; ``None`` when pydantic must do it."""
    if model in _PLANS:
        return _PLANS[model]
    _PLANS[model] = None  # (a model that holds itself is left to pydantic)
    plan = _Plan(model)
    decorators = model.__pydantic_decorators__
    exact = not (
        model.model_config.get("extra") == "allow"
        or model.__pydantic_root_model__
        or model.__pydantic_post_init__
        or model.__private_attributes__
        or model.model_computed_fields
        or decorators.validators
        or decorators.field_validators
        or decorators.root_validators
        or decorators.model_validators
        or decorators.field_serializers
        or decorators.model_serializers
    )
    for name, field in model.model_fields.items():
        if not exact:
            break
        how = _how(field.annotation)
        if any(_validates(item) for item in field.metadata):
            how = None
        if field.alias or field.validation_alias or field.serialization_alias or how is None:
            exact = False
        elif how is not _same:
            plan.convert.append((name, how))
            if typing.get_origin(field.annotation) is list:
                plan.converted_afresh.add(name)  # a new list, whatever it was given
    if exact:
        plan.finish()
    _PLANS[model] = plan if exact else None
    return _PLANS[model]


def _same(value: Any) -> Any:
    return value


def _validates(item: Any) -> bool:
    """Whether an annotation's or a field's metadata item runs code as it validates
    (``AfterValidator`` and its kin), which rebuilding would skip."""
    from pydantic import functional_validators as fv

    return isinstance(
        item, (fv.AfterValidator, fv.BeforeValidator, fv.PlainValidator, fv.WrapValidator)
    )


def _how(annotation: Any) -> Callable[[Any], Any] | None:
    """How a value of a field of this type is rebuilt from plain data: kept as it is
    (:func:`_same`), or converted; ``None`` for a type this module does not mirror."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        if any(_validates(item) for item in annotation.__metadata__):
            return None  # a validator in the annotation: pydantic's to run
        return _how(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _how(options[0]) if len(options) == 1 else None
    if origin is typing.Literal:
        plain = all(type(v) in (str, int, bool) for v in typing.get_args(annotation))
        return _same if plain else None
    if origin is list:
        (item,) = typing.get_args(annotation)
        each = _how(item)
        if each is _same:
            return _same
        if each is None:
            return None

        def each_of(values: Any) -> list[Any]:
            if type(values) is not list:
                raise TypeError("expected a list")
            return [each(value) for value in values]

        return each_of
    if annotation in _PLAIN:
        return _same
    if annotation is PartialDate:
        return PartialDate.parse
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        plan = _plan(annotation)
        return None if plan is None else plan.build
    return None
