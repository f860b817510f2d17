"""A folium element that calls one function of the app's own map scripts.

``JsCall("ZoneMap", "legend", html)`` renders ``ZoneMap.legend(<map>, "<html>")``. Arguments are
serialised once, as compact JSON with non-ASCII text kept as UTF-8 (a Chinese character costs 3
bytes instead of the 6 of ``\\uXXXX``), and with ``<``, ``>``, ``&``, ``'`` and the JavaScript line
separators escaped as jinja's ``tojson`` does, so no argument can close the script element or
inject markup.
"""

from __future__ import annotations

import json

from branca.element import MacroElement
from jinja2 import Template

#: Characters that must not appear literally in a script element (the same set as jinja's tojson,
#: plus U+2028/U+2029).
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(value: object) -> str:
    """``value`` as JSON that is safe inside an HTML ``<script>`` element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


class JsCall(MacroElement):
    """Calls ``namespace.function(parent, *args)`` once the parent (map or layer group) exists."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.namespace }}.{{ this.function }}({{ this._parent.get_name() }}
{%- for a in this.args_json %}, {{ a }}{% endfor %});
{% endmacro %}
""")

    def __init__(self, namespace: str, function: str, *args: object) -> None:
        super().__init__()
        self._name = f"{namespace}_{function}"
        self.namespace = namespace
        self.function = function
        self.args_json = [script_json(a) for a in args]
