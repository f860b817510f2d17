"""Checking a configuration file against one typed model: every problem, each with its key path.

The project's configuration files (``grading.toml``, ``datasets.toml``, the ``[access]`` section of
``.streamlit/secrets.toml``) are each described by a pydantic model built on :class:`ConfigModel`
(unknown keys are errors, no silent type coercion, no NaN). :func:`validate_config` validates a
parsed TOML mapping against such a model and turns pydantic's ``ValidationError`` into the project's
own error (a :class:`geodata.errors.ZoneDataError`), one line per problem::

    grading.toml: presets.henan.criteria[1].weight = -5; expected a number > 0, e.g. 50

What is expected is read from the model itself: the field's type and bounds (``Field(gt=0)``), its
``description`` (which then replaces the generic words) and its first ``examples`` value. Rules that
relate several values are model validators (``mode="after"``, or list/dict ``AfterValidator``\\ s)
raising :func:`problems` with the key path of each value they blame; rules relating top-level keys
to each other (``default_preset`` naming an existing preset) override :meth:`ConfigModel.input_rules`
and are checked on the input as given, so they are reported together with every other problem.
"""

from __future__ import annotations

import difflib
import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, ValidationInfo, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from geodata.errors import ConfigError

#: Stands for a key that is not in the file (a rule's ``value`` when something is missing).
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "<missing>"})()

#: The error type of problems found by the project's own rules; ``ctx["expected"]`` says what is expected.
RULE_ERROR: str = "config_rule"

#: A non-empty text (surrounding blanks removed).
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: A problem found by a rule: key path relative to the validated object, value found, what is expected.
Problem = tuple[tuple[str | int, ...], object, str]

M = TypeVar("M", bound=BaseModel)
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def invalid(expected: str) -> PydanticCustomError:
    """The error a field validator raises for a value it refuses: ``expected`` in plain words."""
    return PydanticCustomError(RULE_ERROR, "expected {expected}", {"expected": expected})


def problems(found: Iterable[Problem]) -> None:
    """Raise every problem a rule found at once (nothing when ``found`` is empty).

    Each ``(path, value, expected)`` names its key path relative to the object being validated, e.g.
    ``(("classes", 1, "min_score"), 1.5, "less than the previous class's 1")``; ``"*"`` stands for
    every item of a list (``classes[*].share``); ``value`` :data:`MISSING` reads "is missing".
    """
    items = _rule_details(found)
    if items:
        raise ValidationError.from_exception_data("configuration", items)


def _rule_details(found: Iterable[Problem]) -> list[InitErrorDetails]:
    return [InitErrorDetails(type=PydanticCustomError(RULE_ERROR, "expected {expected}",
                                                      {"expected": expected, "missing": value is MISSING}),
                             loc=tuple(path), input=None if value is MISSING else value)
            for path, value, expected in found]


@dataclass(frozen=True)
class Choice:
    """``Annotated[str, Choice(values, "a parcel indicator key")]``: one of ``values``, with "did you mean"."""

    values: tuple[str, ...]
    what: str = ""

    def expected(self, value: object = MISSING) -> str:
        """What a value must be, in words, with a "did you mean" for a near miss of ``value``."""
        close = difflib.get_close_matches(str(value), self.values, n=1) if isinstance(value, str) else []
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{self.what + ': ' if self.what else 'one of: '}{', '.join(self.values)}{hint}"

    def _check(self, value: str) -> str:
        if value not in self.values:
            raise invalid(self.expected(value))
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        return core_schema.no_info_after_validator_function(self._check, handler(source))


class ConfigModel(BaseModel):
    """A table of a configuration file: unknown keys are errors, no type coercion, no NaN/inf."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)

    @classmethod
    def input_rules(cls, data: Mapping[str, Any], context: Any) -> list[Problem]:
        """Rules on the input as given, checked even when some field is invalid (none by default)."""
        return []

    @model_validator(mode="wrap")
    @classmethod
    def _with_input_rules(cls, data: Any, handler: Callable[[Any], Any], info: ValidationInfo) -> Any:
        found = cls.input_rules(data, info.context) if isinstance(data, Mapping) else []
        try:
            model = handler(data)
        except ValidationError as exc:
            if not found:
                raise
            details = [InitErrorDetails(type=PydanticCustomError(e["type"], "{message}",
                                                                 {**e.get("ctx", {}), "message": e["msg"]}),
                                        loc=e["loc"], input=e["input"]) for e in exc.errors()]
            raise ValidationError.from_exception_data(cls.__name__, details + _rule_details(found)) from None
        problems(found)
        return model


# --- turning a ValidationError into lines -------------------------------------------------------

def key_path(loc: Sequence[str | int]) -> str:
    """``presets.henan.criteria[1].weight``: dotted TOML keys, list positions from 0, ``[*]`` = every item."""
    out = ""
    for part in loc:
        if isinstance(part, int) or part == "*":
            out += f"[{part}]"
        elif part != "[key]":
            key = part if _BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
            out += f".{key}" if out else key
    return out


def _strip(tp: Any) -> tuple[Any, list[Any]]:
    """``tp`` without ``Annotated`` and ``| None``, and the metadata found on the way."""
    metadata: list[Any] = []
    while True:
        if typing.get_origin(tp) is Annotated:
            metadata += list(tp.__metadata__)
            tp = tp.__origin__
        elif typing.get_origin(tp) in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp, metadata
            tp = args[0]
        else:
            return tp, metadata


def _keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _target(model: type[BaseModel], loc: Sequence[str | int]) -> tuple[Any, list[Any], FieldInfo | None]:
    """The type, metadata and field at ``loc`` in ``model`` (``(None, [], None)`` when it leads nowhere)."""
    tp: Any = model
    metadata: list[Any] = []
    field: FieldInfo | None = None
    for part in loc:
        tp, _ = _strip(tp)
        origin = typing.get_origin(tp)
        if _is_model(tp) and isinstance(part, str):
            by_key = {f.alias or name: f for name, f in tp.model_fields.items()}
            if part not in by_key:
                return None, [], None
            field = by_key[part]
            tp, metadata = field.annotation, list(field.metadata)
        elif (origin is list and isinstance(part, int)) or (origin is dict and part == "[key]"):
            tp, metadata, field = typing.get_args(tp)[0], [], None
        elif origin is dict:
            tp, metadata, field = typing.get_args(tp)[1], [], None
        else:
            return None, [], None
    tp, more = _strip(tp)
    return tp, metadata + more, field


def _bounds(metadata: list[Any]) -> str:
    found: dict[str, float] = {}
    for item in metadata:
        for name in ("gt", "ge", "lt", "le"):
            if isinstance(getattr(item, name, None), int | float):
                found[name] = getattr(item, name)
    low = found.get("gt", found.get("ge"))
    high = found.get("lt", found.get("le"))
    if low is not None and high is not None:
        inclusive = "exclusive" if "gt" in found and "lt" in found else "inclusive"
        return f" between {low:g} and {high:g} ({inclusive})"
    if low is not None:
        return f" > {low:g}" if "gt" in found else f" ≥ {low:g}"
    if high is not None:
        return f" < {high:g}" if "lt" in found else f" ≤ {high:g}"
    return ""


def _toml(value: object) -> str:
    """``value`` as it would be written in TOML (texts in double quotes, true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def _describe(tp: Any, metadata: list[Any], path: str, value: object) -> str:
    """What a value of type ``tp`` looks like, in plain words."""
    for item in metadata:
        if isinstance(item, Choice):
            return item.expected(value)
        if isinstance(item, FieldInfo) and item.description:
            return item.description
    origin = typing.get_origin(tp)
    if tp is bool:
        return "true or false (lower case, no quotes)"
    if tp is int:
        return "a whole number" + _bounds(metadata)
    if tp is float:
        return "a number" + _bounds(metadata)
    if tp is str:
        non_empty = any(getattr(m, "min_length", None) for m in metadata)
        return f"a {'non-empty ' if non_empty else ''}text in double quotes"
    if origin is typing.Literal:
        return "one of: " + ", ".join(_toml(v) for v in typing.get_args(tp))
    if _is_model(tp):
        if not path:
            return f"a TOML document with the keys {', '.join(_keys(tp))}"
        return f"a table [{path}] with the keys {', '.join(_keys(tp))}"
    if origin is list:
        item, item_meta = _strip(typing.get_args(tp)[0])
        if _is_model(item):
            return f"one or more [[{path}]] tables ({', '.join(_keys(item))})"
        return f"a list [ ] whose items are each {_describe(item, item_meta, path, MISSING)}"
    if origin is dict:
        item, item_meta = _strip(typing.get_args(tp)[1])
        if _is_model(item):
            return f"one or more [{path}.<name>] tables ({', '.join(_keys(item))})"
        return f"a table [{path}] of key = value lines, each value {_describe(item, item_meta, path, MISSING)}"
    return "a valid value"


def expected_text(model: type[BaseModel], error: Mapping[str, Any], *, prefix: tuple[str | int, ...] = ()) -> str:
    """What was expected where ``error`` (one item of ``ValidationError.errors()``) occurred."""
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    if error["type"] == RULE_ERROR:
        return str(ctx["expected"])
    if error["type"] == "extra_forbidden":
        container, _, _ = _target(model, loc[:-1])
        keys = _keys(container) if _is_model(container) else []
        close = difflib.get_close_matches(str(loc[-1]), keys, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"one of the keys {', '.join(keys)}{hint}; remove or rename it"
    tp, metadata, field = _target(model, loc)
    if tp is None:
        return str(error["msg"]).lower()
    if field is not None and field.description:
        text = field.description
    else:
        text = _describe(tp, metadata, key_path((*prefix, *loc)), error.get("input"))
    if field is not None and field.examples:
        text += f", e.g. {_toml(field.examples[0])}"
    return text


def problem_line(model: type[BaseModel], error: Mapping[str, Any], *, source: str,
                 prefix: tuple[str | int, ...] = (), shown: Callable[[object], str] = repr) -> str:
    """``source: key.path = value; expected …`` (or ``… is missing; expected …``) for one error.

    The value of a field declared ``Field(repr=False)`` (a password hash) is not quoted.
    """
    path = key_path((*prefix, *error["loc"]))
    ctx = error.get("ctx") or {}
    expected = expected_text(model, error, prefix=prefix)
    _, _, field = _target(model, tuple(error["loc"]))
    if field is not None and not field.repr:
        shown = _hidden
    if not path:
        return f"{source}: the document is {type(error['input']).__name__}; expected {expected}"
    if error["type"] == "missing" or ctx.get("missing"):
        return f"{source}: {path} is missing; expected {expected}"
    return f"{source}: {path} = {shown(error['input'])}; expected {expected}"


def _hidden(value: object) -> str:
    return f"<{type(value).__name__}, hidden>"


def validate_config(model: type[M], data: object, *, source: str, prefix: tuple[str | int, ...] = (),
                    error: Callable[[list[str]], Exception] | None = None,
                    shown: Callable[[object], str] = repr, context: Mapping[str, Any] | None = None) -> M:
    """Validate a parsed TOML mapping against ``model``; every problem raised in one error.

    Parameters
    ----------
    model
        A :class:`ConfigModel` describing the file.
    data
        The parsed TOML document (or the table ``prefix`` of it).
    source
        The file, named at the start of every problem.
    prefix
        Key path of ``data`` inside the file, e.g. ``("access",)`` for a section.
    error
        Builds the exception from the problem lines (default :class:`geodata.errors.ConfigError`).
    shown
        How a value is quoted (e.g. a URL without its password); default ``repr``.
    context
        Passed to the model's validators (e.g. the folder relative paths start from).

    Returns
    -------
    The validated model.

    Raises
    ------
    ZoneDataError
        From ``error``: one line per problem, each naming ``source``, the key path (positions count
        from 0), the value found and what is expected, with an example where the model gives one.
    """
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        lines = [problem_line(model, e, source=source, prefix=prefix, shown=shown) for e in exc.errors()]
    make = error or (lambda found: ConfigError(source, found))
    raise make(list(dict.fromkeys(lines)))
