"""Which CRS coordinates are in: honour the file's CRS, else infer it from the numbers.

Coordinate patterns of Chinese land data (docs/definitions.md, "Areas and coordinate systems"):

========================  ===========================  ==============================================
pattern                   x (easting) / y (northing)   CRS
========================  ===========================  ==============================================
lon/lat                   73…136 / 3…54                EPSG:4490 (CGCS2000)
zone-prefixed GK 3°       zone·10⁶ + 100 000…900 000   EPSG:4513 + zone − 25 (zone 38 → 4526)
                          / 1.9…6 million
GK 3° without the zone    100 000…900 000 / 1.9…6 M    central meridian unknown: ``declared``, else the
                                                       ``central_meridian`` of the data in use (reported),
                                                       else an error asking for the CRS
Web-Mercator metres       8.1…15.2 million / 0.3…7.2 M EPSG:3857 (web maps' display CRS: converted,
                                                       with a warning; often in files claiming lon/lat)
========================  ===========================  ==============================================

Each pattern is also tried with x and y swapped (northing written as x): a match there means the
axes are swapped back, and the report says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from pyproj import CRS
from pyproj.exceptions import CRSError as ProjCRSError

from geodata import settings
from geodata.crs import gk3_epsg

#: China's rough extent in lon/lat (with a margin), for pattern matching and range checks.
LON_RANGE: tuple[float, float] = (73.0, 136.0)
LAT_RANGE: tuple[float, float] = (3.0, 54.0)
#: Northings (m) of Gauss-Kruger data in China (the brief says 2–6 million; 1.9 M admits Hainan).
NORTHING_RANGE: tuple[float, float] = (1.9e6, 6.0e6)
#: Eastings (m) within one 3-degree zone, false easting 500 000 (≈ 500 000 ± 300 000 and more).
EASTING_RANGE: tuple[float, float] = (1.0e5, 9.0e5)
ZONES: tuple[int, int] = (25, 45)
#: Web-Mercator (EPSG:3857) metres of China: x = R·λ, y = R·ln tan(π/4 + φ/2) over LON_RANGE / LAT_RANGE.
WEB_MERCATOR_X: tuple[float, float] = (8.1e6, 1.52e7)
WEB_MERCATOR_Y: tuple[float, float] = (3.3e5, 7.2e6)
WEB_MERCATOR = 3857

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Pattern:
    """A coordinate pattern: does (x, y) fit, and which EPSG code does it mean."""

    name: str
    fits: Callable[[float, float], bool]
    epsg: Callable[[float, int | None], int]
    assumed_cm: bool = False


def _between(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _zone_fits(x: float, y: float) -> bool:
    zone = int(x // 1e6)
    return ZONES[0] <= zone <= ZONES[1] and _between(x - zone * 1e6, EASTING_RANGE) and _between(y, NORTHING_RANGE)


PATTERNS: tuple[Pattern, ...] = (
    Pattern("lon/lat", lambda x, y: _between(x, LON_RANGE) and _between(y, LAT_RANGE),
            lambda x, declared: settings.STORAGE_EPSG),
    Pattern("zone-prefixed Gauss-Kruger", _zone_fits,
            lambda x, declared: settings.GK3_ZONE_EPSG_FIRST + int(x // 1e6) - ZONES[0]),
    Pattern("Gauss-Kruger without zone",
            lambda x, y: _between(x, EASTING_RANGE) and _between(y, NORTHING_RANGE),
            lambda x, stated: stated or 0, assumed_cm=True),
    Pattern("Web-Mercator metres", lambda x, y: _between(x, WEB_MERCATOR_X) and _between(y, WEB_MERCATOR_Y),
            lambda x, declared: WEB_MERCATOR),
)


@dataclass
class CRSDecision:
    """What the loader decided about the CRS, and the sentences that explain it."""

    crs: CRS | None
    epsg: int | None
    inferred: bool = False
    swapped: bool = False
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    #: note or warning text -> (code, params), for a presentation layer to word it in its language
    coded: dict[str, tuple[str, dict[str, object]]] = field(default_factory=dict)
    #: the code and params of ``error``
    error_code: str | None = None
    error_params: dict[str, object] = field(default_factory=dict)

    def say(self, kind: str, code: str, text: str, **params: object) -> None:
        """Append ``text`` to ``notes`` or ``warnings`` (``kind``), remembering its code and params."""
        (self.notes if kind == "note" else self.warnings).append(text)
        self.coded[text] = (code, params)


def parse_crs(value: object) -> CRS:
    """``4547``, ``"EPSG:4547"``, a WKT string or a :class:`pyproj.CRS`; raises ``ValueError`` naming the input."""
    try:
        return CRS.from_user_input(value)
    except (ProjCRSError, TypeError, ValueError) as exc:
        msg = f"CRS {value!r} is not understood ({exc}); give an EPSG code such as 4547 or 'EPSG:4490'"
        raise ValueError(msg) from exc


def _share(fits: Callable[[float, float], bool], x: FloatArray, y: FloatArray) -> float:
    """Fraction of the points (x, y) for which ``fits`` holds."""
    return float(np.mean([fits(float(a), float(b)) for a, b in zip(x, y, strict=True)])) if len(x) else 0.0


def _crs_test(crs: CRS) -> Callable[[float, float], bool] | None:
    """The pattern test for coordinates of ``crs``; ``None`` when that cannot be judged."""
    if crs.is_geographic:
        return PATTERNS[0].fits
    epsg = crs.to_epsg()
    if epsg is None:
        return None
    if settings.GK3_ZONE_EPSG_FIRST <= epsg < settings.GK3_CM_EPSG_FIRST:
        return _zone_fits
    if settings.GK3_CM_EPSG_FIRST <= epsg <= gk3_epsg(settings.GK3_CM_MAX):
        return PATTERNS[2].fits
    return None


def decide_crs(x: FloatArray, y: FloatArray, *, file_crs: CRS | None, declared: CRS | None,
               central_meridian: int | None = None) -> CRSDecision:
    """Decide the source CRS from one representative point per feature (``x``, ``y``).

    ``declared`` (what the user says) wins over the file's CRS; with neither, or when the file's CRS
    contradicts the numbers (GeoJSON always claims WGS84), the CRS is inferred with :data:`PATTERNS`
    from what most features look like. Swapped axes are detected against the chosen CRS. Single odd
    features are left to the per-row range check.

    6-digit Gauss-Kruger eastings do not say their 3-degree zone. ``central_meridian`` (°E, a multiple
    of 3) is the zone of the data already in use (e.g. the zones the app shows: see
    :func:`geodata.crs.central_meridian_of`); it is assumed and reported. Without it, and without
    ``declared``, such coordinates are an error that asks for the CRS: no place is built in.
    """
    finite = np.isfinite(x) & np.isfinite(y)
    if not finite.any():
        return CRSDecision(None, None, error="no finite coordinates, so the CRS cannot be determined",
                           error_code="crs_no_finite")
    x, y = x[finite], y[finite]
    mx, my = float(np.median(x)), float(np.median(y))
    where = f"median x={mx:.6g}, y={my:.6g}"
    decision = CRSDecision(None, None)
    chosen = declared or file_crs
    if declared is not None and file_crs is not None and not declared.equals(file_crs):
        decision.say("warning", "crs_declared_over_file",
                     f"the file says {_name(file_crs)}; the declared {_name(declared)} was used instead",
                     file_crs=_name(file_crs), declared=_name(declared))
    if chosen is not None:
        test = _crs_test(chosen)
        if test is None or _share(test, x, y) >= 0.5:
            return _with(decision, chosen)
        if _share(test, y, x) >= 0.5:
            decision.swapped = True
            held = "latitude" if chosen.is_geographic else "northing"
            decision.say("warning", "crs_swapped", f"x and y are swapped (x holds the {held}, {where}); swapped "
                         "back. Fix the export so x is the easting/longitude", where=where)
            return _with(decision, chosen)
        plausible_lonlat = chosen.is_geographic and bool((np.abs(x) <= 180).all() and (np.abs(y) <= 90).all())
        if declared is not None or plausible_lonlat:
            return _with(decision, chosen)
        assert file_crs is not None  # chosen is the file's CRS here
        decision.say("warning", "crs_file_contradicted", f"the file says {_name(file_crs)} but the coordinates "
                     f"({where}) do not fit it; the CRS was inferred from the coordinates",
                     file_crs=_name(file_crs), where=where)
    return _infer(decision, x, y, declared, where, central_meridian)


def _infer(decision: CRSDecision, x: FloatArray, y: FloatArray, declared: CRS | None, where: str,
           central_meridian: int | None) -> CRSDecision:
    declared_epsg = declared.to_epsg() if declared is not None else None
    scored = [(_share(p.fits, a, b), i, p, a, b, swapped) for i, p in enumerate(PATTERNS)
              for a, b, swapped in ((x, y, False), (y, x, True))]
    share, _, pattern, a, _, swapped = max(scored, key=lambda s: (s[0], -s[1], not s[5]))
    if share == 0:
        decision.error = (f"the CRS cannot be determined: the file states none (or one the coordinates contradict) "
                          f"and the coordinates ({where}) are neither lon/lat in China nor CGCS2000 Gauss-Kruger "
                          "metres. Pass declared_crs (--crs EPSG) or add a .prj file")
        decision.error_code, decision.error_params = "crs_undetermined", {"where": where}
        return decision
    stated = declared_epsg if declared_epsg is not None or central_meridian is None else gk3_epsg(central_meridian)
    if pattern.assumed_cm and stated is None:
        decision.error = (f"the coordinates ({where}) are Gauss-Kruger metres with a 6-digit easting, which does not "
                          "say its 3-degree zone, and the file states no CRS. State it (declared_crs, --crs in the "
                          "check command, «坐标系» on the import page), e.g. 4547 for central meridian 114°E, 4546 "
                          "for 111°E, 4548 for 117°E, or add the .prj file of the export")
        decision.error_code, decision.error_params = "crs_gk_no_zone", {"where": where}
        return decision
    fitting = a[[pattern.fits(float(p), float(q)) for p, q in zip(a, (y if not swapped else x), strict=True)]]
    epsg = pattern.epsg(float(np.median(fitting)), stated)
    decision.inferred, decision.swapped = True, swapped
    decision.say("note", "crs_inferred", f"no usable CRS in the file: inferred EPSG:{epsg} from the coordinates "
                 f"({pattern.name}, {where}). Add a .prj file or pass declared_crs (--crs) to state it",
                 epsg=epsg, where=where)
    if swapped:
        decision.say("warning", "crs_swapped", "x and y are swapped (x holds the northing/latitude); swapped back. "
                     "Fix the export so x is the easting/longitude", where=where)
    if epsg == WEB_MERCATOR:
        decision.say("warning", "crs_web_mercator", f"the coordinates ({where}) are Web-Mercator metres (EPSG:3857), "
                     "the display CRS of web maps, not lon/lat or CGCS2000: converted from EPSG:3857. Export the "
                     "data in CGCS2000 (EPSG:4490 or its Gauss-Kruger zone) instead", where=where)
    if pattern.assumed_cm and declared_epsg is None:
        decision.say("warning", "crs_assumed_zone",
                     f"6-digit Gauss-Kruger eastings do not say their zone: central meridian {central_meridian}°E "
                     f"(EPSG:{epsg}), the zone of the data in use, was assumed. If the file lies elsewhere, pass "
                     "declared_crs (--crs), e.g. 4546 for 111°E or 4548 for 117°E", cm=central_meridian, epsg=epsg)
    return _with(decision, CRS.from_epsg(epsg))


def _with(decision: CRSDecision, crs: CRS) -> CRSDecision:
    decision.crs, decision.epsg = crs, crs.to_epsg()
    return decision


def _name(crs: CRS) -> str:
    epsg = crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else crs.name
