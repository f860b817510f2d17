"""Rendered map parts kept as plain text, never read again as a Jinja template.

branca renders each element's ``header``/``html``/``script`` macro and wraps the result in
``branca.element.Element(text)``, whose constructor compiles ``text`` as a Jinja template; the figure
then renders that template. So any ``{{ … }}`` or ``{% … %}`` that reaches a map from the data (a zone
or section name, a parcel ID, a label from a user's uploaded file) is evaluated on the server: a
name ``{{ 7*7 }}`` shows as ``49``, and a crafted one can run code (server-side template injection).
Compiling every rendered script is also slow for large ones (the city map's colour lookup, a zone's
parcels: ≈ 0.3 s on a zone of 20 000 parcels).

:func:`install` (run when :mod:`dashboard.map` is imported) replaces the two places of folium 0.20 /
branca 0.8 that do this for the elements the app draws: ``MacroElement.render`` (every layer, tooltip
and control, and :class:`~dashboard.map.jscall.JsCall`) and ``folium.Popup.render``. The text they add
to the figure is the same, as :class:`Text`, which renders as itself.
"""

from __future__ import annotations

import folium
from branca.element import Element, Figure, MacroElement


class Text(Element):
    """A rendered part of a figure: renders as ``text`` itself, with no template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Text"
        self.text = text

    def render(self, **kwargs: object) -> str:
        """The text, as it is."""
        return self.text


def _macro_render(self: MacroElement, **kwargs: object) -> None:
    """``MacroElement.render`` of branca 0.8.2, the rendered parts added as :class:`Text`."""
    figure = self.get_root()
    if not isinstance(figure, Figure):
        raise TypeError("You cannot render this Element if it is not in a Figure.")
    macros = self._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = macros.get(part)
        if macro is not None:
            getattr(figure, part).add_child(Text(macro(self, kwargs)), name=self.get_name())
    for element in self._children.values():
        element.render(**kwargs)


def _popup_render(self: folium.Popup, **kwargs: object) -> None:
    """``folium.Popup.render`` of folium 0.20, the rendered script added as :class:`Text`."""
    for child in self._children.values():
        child.render(**kwargs)
    figure = self.get_root()
    if not isinstance(figure, Figure):
        raise TypeError("You cannot render this Element if it is not in a Figure.")
    figure.script.add_child(Text(self._template.render(this=self, kwargs=kwargs)), name=self.get_name())


def install() -> None:
    """Make branca and folium add rendered parts as plain text (idempotent)."""
    MacroElement.render = _macro_render  # type: ignore[method-assign]
    folium.Popup.render = _popup_render  # type: ignore[method-assign]
