"""A folium element that calls one function of the app's own map scripts.

``JsCall("ZoneMap", "legend", html)`` renders ``ZoneMap.legend(<map>, "<html>")``. Arguments go
through jinja's ``tojson`` filter, which escapes ``<``, ``>``, ``&`` and ``'``, so no argument can
close the script element or inject markup.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template


class JsCall(MacroElement):
    """Calls ``namespace.function(map, *args)`` once the map exists."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.namespace }}.{{ this.function }}({{ this._parent.get_name() }}
{%- for a in this.args %}, {{ a|tojson }}{% endfor %});
{% endmacro %}
""")

    def __init__(self, namespace: str, function: str, *args: object) -> None:
        super().__init__()
        self._name = f"{namespace}_{function}"
        self.namespace = namespace
        self.function = function
        self.args = list(args)
