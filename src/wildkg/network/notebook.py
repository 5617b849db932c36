"""The network as a ``pyvis.network.Network``, for notebooks, with nothing fetched from anywhere.

pyvis' own pages reference CDNs in every ``cdn_resources`` mode (MEASUREMENTS.md), so
:class:`OfflineNetwork` keeps pyvis' data model (``nodes``, ``edges``, ``options``, ``add_node``…)
but writes its HTML itself: vis-network inlined from our vendored copy, the data as escaped
JSON. In Jupyter it shows inline (``_repr_html_``, an ``<iframe srcdoc>``); ``write_html`` and
``show`` write the same self-contained page. Nodes and edges are appended directly: pyvis'
``add_node``/``add_edge`` check duplicates with a linear scan (quadratic overall).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from pyvis.network import Network

from wildkg.build.publish import write_bytes
from wildkg.network.netdata import NetworkData
from wildkg.network.page import _asset, script_json


class OfflineNetwork(Network):  # type: ignore[misc]
    """A pyvis Network whose HTML loads nothing remote (it works offline and inline)."""

    def page_html(self) -> str:
        options = self.options if isinstance(self.options, dict) else json.loads(self.options.to_json())
        data = {"nodes": self.nodes, "edges": self.edges, "options": options}
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
            "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">"
            f"<style>{_asset('static/vis-network.min.css')}</style>"
            "<style>html,body{margin:0;height:100%}#net{height:100%;border:1px solid #ddd}</style>"
            "</head><body><div id='net'></div>"
            f"<script id='data' type='application/json'>{script_json(data)}</script>"
            f"<script>{_asset('static/vis-network.min.js')}</script>"
            "<script>var D=JSON.parse(document.getElementById('data').textContent);"
            "var network=new vis.Network(document.getElementById('net'),"
            "{nodes:new vis.DataSet(D.nodes),edges:new vis.DataSet(D.edges)},D.options);"
            "network.once('afterDrawing',function(){document.body.setAttribute('data-drawn','1')});"
            "</script></body></html>"
        )

    def generate_html(self, name: str = "index.html", local: bool = True, notebook: bool = False) -> str:
        return self.page_html()

    def write_html(self, name: str, local: bool = False, notebook: bool = False,
                   open_browser: bool = False) -> None:
        write_bytes(Path(name), self.page_html().encode("utf-8"))

    def show(self, name: str, local: bool = True, notebook: bool = True) -> None:
        self.write_html(name)

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page_html(), quote=True)}" '
                f'style="width:100%;height:{self.height};border:none"></iframe>')


def to_pyvis(net: NetworkData, *, height: str = "600px") -> OfflineNetwork:
    """``net`` as a pyvis Network: our kinds (colour, shape), labels, qualifiers, arrows."""
    view = OfflineNetwork(height=height, width="100%", directed=True, cdn_resources="in_line")
    for iri, n in net.nodes.items():
        kind = net.kinds[n.kind]
        label = f"{n.label} ({n.code})" if n.code and n.code != n.label else n.label
        view.nodes.append({"id": iri, "label": label, "shape": kind.shape, "color": kind.colour,
                           "title": f"{label} ({kind.label})", "kind": n.kind, "size": 14})
        view.node_ids.append(iri)
        view.node_map[iri] = view.nodes[-1]
    for e in net.edges:
        text = f"{e.label} ({', '.join(e.qualifiers)})" if e.qualifiers else e.label
        edge: dict[str, Any] = {"from": e.source, "to": e.target, "title": text, "label": text,
                                "arrows": "to", "dashes": bool(e.qualifiers)}
        view.edges.append(edge)
    view.set_options(json.dumps({
        "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300}},
        "edges": {"font": {"size": 10, "color": "#444444"}, "smooth": False,
                  "color": {"color": "#9e9e9e"}},
        "nodes": {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "interaction": {"hover": True}}))
    return view
