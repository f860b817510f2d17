"""统一社会信用代码 (unified social credit code, GB 32100-2015): the key of an enterprise.

18 characters from a 31-character alphabet (digits and capitals without I, O, S, V, Z): the
registration authority (1), the organisation category (1), the administrative division (6), the
organisation code (9) and a check character computed from the first 17 with the weights
3^i mod 31. A code whose check character does not match was mistyped or invented; it is reported
with its row and kept (the firm's figures are not dropped).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

#: The characters a code may use, in the order of their values 0–30.
ALPHABET: str = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weight of each of the first 17 characters: 3^i mod 31 (GB 32100-2015, 5.3).
WEIGHTS: tuple[int, ...] = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH: int = 18

_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_SHAPE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")
#: Value of each code point below 256 in :data:`ALPHABET` (-1: not in it; index 256: any code point above).
_LOOKUP = np.full(257, -1, dtype=np.int64)
_LOOKUP[[ord(c) for c in ALPHABET]] = np.arange(len(ALPHABET))


def check_character(first17: str) -> str:
    """The check character of a code's first 17 characters.

    .. math:: c_{18} = 31 - \\left(\\sum_{i=1}^{17} v(c_i)\\, w_i \\bmod 31\\right), \\quad 31 \\mapsto 0

    Raises ``ValueError`` naming the character that is not in :data:`ALPHABET`.
    """
    if len(first17) != LENGTH - 1:
        msg = f"{first17!r} has {len(first17)} characters; expected the first {LENGTH - 1} of a credit code"
        raise ValueError(msg)
    total = 0
    for position, (char, weight) in enumerate(zip(first17, WEIGHTS, strict=True), 1):
        if char not in _VALUE:
            msg = f"{first17!r}: character {position} is {char!r}; a credit code uses only {ALPHABET}"
            raise ValueError(msg)
        total += _VALUE[char] * weight
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: object) -> str | None:
    """A code as stored: stripped, upper case, full-width characters made ASCII; None when blank."""
    if code is None or (isinstance(code, float) and code != code):
        return None
    text = str(code).strip().upper()
    text = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text)
    return text or None


def problem(code: object) -> str | None:
    """Why ``code`` is not a valid credit code (English, for reports), or None when it is valid."""
    text = normalise(code)
    if text is None:
        return "is empty; every enterprise needs its 统一社会信用代码 (18 characters)"
    if len(text) != LENGTH:
        return f"{text!r} has {len(text)} characters; a 统一社会信用代码 has {LENGTH}"
    if not _SHAPE.fullmatch(text):
        bad = sorted({c for c in text if c not in _VALUE})
        return f"{text!r} contains {', '.join(map(repr, bad))}; a 统一社会信用代码 uses only {ALPHABET}"
    expected = check_character(text[:17])
    if text[17] != expected:
        return (f"{text!r}: the check character is {text[17]!r} but the first 17 characters give "
                f"{expected!r} (GB 32100); the code is mistyped")
    return None


def problems(codes: Sequence[object]) -> list[str | None]:
    """:func:`problem` of every code, in order; the same answers, the valid codes found at once.

    A code already stored as it should be (a string of exactly 18 characters of :data:`ALPHABET`) is
    checked as an array; only the rest (blank, lower case, full-width, wrong length, a bad check
    character) go through :func:`problem` one by one.
    """
    values = list(codes)
    out: list[str | None] = [None] * len(values)
    shaped = [i for i, v in enumerate(values) if isinstance(v, str) and len(v) == LENGTH]
    fine = np.zeros(len(values), dtype=bool)
    if shaped:
        points = np.array([values[i] for i in shaped], dtype=f"U{LENGTH}").view(np.uint32).reshape(-1, LENGTH)
        digits = _LOOKUP[np.minimum(points, 256)]
        check = (31 - (digits[:, :LENGTH - 1] @ np.array(WEIGHTS, dtype=np.int64)) % 31) % 31
        fine[shaped] = (digits >= 0).all(axis=1) & (check == digits[:, LENGTH - 1])
    for i in np.flatnonzero(~fine):
        out[i] = problem(values[i])
    return out


def make_code(serial: int, *, division: str = "000000", prefix: str = "91") -> str:
    """A valid code for generated keys (legacy files without codes, the illustrative sample).

    ``prefix`` ``91`` = an enterprise registered with the market regulator; ``division`` = the
    six-digit administrative division; ``serial`` fills the nine-character organisation code.
    """
    body = f"{prefix}{division}{serial:09d}"
    return body + check_character(body)
