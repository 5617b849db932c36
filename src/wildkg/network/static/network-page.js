/* wildkg network page, part 1: the data, the drawing, the legend and the panel.
 * Part 2 (network-explore.js) adds search, explore mode and the overview.
 * Every text that comes from the data is inserted with textContent (never innerHTML), and
 * only http(s) addresses become links. The vis Network instance is the global `network`. */
"use strict";
var network = null;
var wildkg = {};
(function (W) {
  performance.mark("wildkg:script");
  var DATA = JSON.parse(document.getElementById("wildkg-data").textContent);
  performance.mark("wildkg:parsed");
  var WEB = /^https?:\/\/[^\s<>"']+$/i;
  W.DATA = DATA;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function link(text, url) {
    if (!WEB.test(url)) return el("span", text);
    var a = el("a", text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  W.el = el;
  function edgeText(e) { return e.q ? e.rel + " (" + e.q + ")" : e.rel; }
  W.edgeText = edgeText;

  /* ---- everything known so far (all of it offline; what the server sent when served) ---- */
  W.info = new Map();      // id -> node item
  W.details = {};
  W.kindOf = {};
  W.sources = [];
  var sourceIndex = {};
  W.allEdges = new Map();
  W.edgesOf = new Map();
  W.merge = function (part) {
    var remap = (part.sources || []).map(function (s) {
      var key = s[0] + "\u0000" + s[1];
      if (!(key in sourceIndex)) { sourceIndex[key] = W.sources.length; W.sources.push(s); }
      return sourceIndex[key];
    });
    function map(list) { return (list || []).map(function (i) { return remap[i]; }); }
    var fresh = new Set(part.focus || []);  // their own expansion: the full details
    (part.kinds || []).forEach(function (k) {
      if (!W.kindOf[k.key]) W.kindOf[k.key] = Object.assign({}, k);
    });
    (part.nodes || []).forEach(function (n) { if (!W.info.has(n.id) || fresh.has(n.id)) W.info.set(n.id, n); });
    Object.keys(part.details || {}).forEach(function (id) {
      if (W.details[id] && !fresh.has(id)) return;
      var d = part.details[id];
      function rows(list) { return list.map(function (r) { return [r[0], r[1], map(r[2]), r[3]]; }); }
      W.details[id] = { names: rows(d.names), rows: rows(d.rows), links: d.links };
    });
    (part.edges || []).forEach(function (e) {
      if (W.allEdges.has(e.id)) return;
      var item = Object.assign({}, e, { src: map(e.src) });
      W.allEdges.set(e.id, item);
      [e.from, e.to].forEach(function (end) {
        if (!W.edgesOf.has(end)) W.edgesOf.set(end, []);
        W.edgesOf.get(end).push(item);
      });
    });
  };
  W.merge(DATA);

  /* ---- the drawing ------------------------------------------------------------------- */
  var labelsBox = document.getElementById("toggle-edge-labels");
  var hubBox = document.getElementById("toggle-hub-edges");
  labelsBox.checked = DATA.edgeLabels;
  hubBox.checked = !DATA.hideHubEdges;
  W.kindHidden = {};
  W.nodes = new vis.DataSet();
  W.edges = new vis.DataSet();
  function hiddenNode(n) {
    var kind = W.kindOf[n.kind];
    return !!W.kindHidden[n.kind] || (!hubBox.checked && !!kind && !!kind.category);
  }
  W.visEdge = function (e) {
    return { id: e.id, from: e.from, to: e.to, dashes: e.dashes, title: edgeText(e) };
  };
  /* Items for vis: with the page's own positions only when every node is drawn at once. */
  W.visNode = function (n, keepPosition) {
    var item = Object.assign({}, n);
    delete item.t;
    if (!keepPosition) { delete item.x; delete item.y; }
    item.hidden = hiddenNode(n);
    return item;
  };
  /* Show exactly `ids` (plus any extra items such as group nodes), with the edges among them. */
  W.setView = function (ids, extra, keepPositions) {
    if (ids.length > 2000) { replaceAll(ids, extra, keepPositions); return; }
    var want = new Set(ids);
    W.nodes.remove(W.nodes.getIds().filter(function (id) { return !want.has(id); }));
    W.addNodes(ids, null, keepPositions);
    if (extra && extra.length) W.nodes.update(extra);
    W.syncEdges();
  };
  /* A large view is built as new DataSets handed to vis at once: adding 20,000 nodes and
   * 45,000 edges to the live network took 8 s in Chromium, building them anew under 1 s. */
  function replaceAll(ids, extra, keepPositions) {
    var want = new Set(ids);
    var items = ids.filter(function (id) { return W.info.has(id); })
      .map(function (id) { return W.visNode(W.info.get(id), keepPositions); }).concat(extra || []);
    var edges = [];
    W.allEdges.forEach(function (e) { if (want.has(e.from) && want.has(e.to)) edges.push(W.visEdge(e)); });
    W.nodes = new vis.DataSet(items);
    W.edges = new vis.DataSet(edges);
    network.setData({ nodes: W.nodes, edges: W.edges });
    W.applyFilters();
  }
  W.addNodes = function (ids, near, keepPositions) {
    var pos = near ? network.getPositions([near])[near] : null;
    var items = [];
    var added = new Set();
    ids.forEach(function (id, i) {
      if (added.has(id) || W.nodes.get(id) || !W.info.has(id)) return;
      added.add(id);
      var item = W.visNode(W.info.get(id), keepPositions);
      if (pos) {
        var angle = 2 * Math.PI * i / Math.max(ids.length, 1);
        item.x = pos.x + 120 * Math.cos(angle);
        item.y = pos.y + 120 * Math.sin(angle);
      }
      items.push(item);
    });
    W.nodes.add(items);
  };
  /* The drawn edges are those known between drawn nodes (group edges are kept as they are). */
  W.syncEdges = function () {
    var shown = new Set(W.nodes.getIds());
    var want = [];
    var seen = new Set();
    shown.forEach(function (id) {
      (W.edgesOf.get(id) || []).forEach(function (e) {
        if (!seen.has(e.id) && shown.has(e.from) && shown.has(e.to)) { seen.add(e.id); want.push(e); }
      });
    });
    W.edges.remove(W.edges.getIds().filter(function (id) {
      return !seen.has(id) && !(W.edges.get(id).group && shown.has(W.edges.get(id).to));
    }));
    W.edges.update(want.filter(function (e) { return !W.edges.get(e.id); }).map(W.visEdge));
    W.applyFilters();
  };
  W.applyFilters = function () {
    var changes = [];
    W.nodes.forEach(function (n) {
      var info = W.info.get(n.id);
      var hide = info ? hiddenNode(info) : false;
      if (!!n.hidden !== hide) changes.push({ id: n.id, hidden: hide });
    });
    W.nodes.update(changes);
    W.refreshEdgeLabels();
    W.updateCounts();
  };
  W.updateCounts = function () {
    var visible = new Set();
    W.nodes.forEach(function (n) { if (!n.hidden) visible.add(n.id); });
    var edges = 0;
    W.edges.forEach(function (e) { if (visible.has(e.from) && visible.has(e.to)) edges++; });
    var total = W.info.size;
    var text = visible.size + " nodes · " + edges + " edges shown";
    if (!DATA.api) text += " (of " + total + " nodes, " + W.allEdges.size + " edges)";
    document.getElementById("counts").textContent = text;
  };

  var container = document.getElementById("network");
  performance.mark("wildkg:datasets");
  network = new vis.Network(container, { nodes: W.nodes, edges: W.edges }, DATA.options);
  performance.mark("wildkg:network");
  network.once("afterDrawing", function () {
    performance.mark("wildkg:drawn");
    document.body.setAttribute("data-drawn", "1");
  });

  /* ---- readable labels: node labels at least LEGIBLE px on screen; edge labels on hover,
   * for the selected node's edges, or all of them once zoomed in ---------------------- */
  var LEGIBLE = 13;
  var hovered = null;
  W.legibleLabels = function () {
    if (W.nodes.length > 1500) return;
    var size = Math.min(Math.max(LEGIBLE / network.getScale(), 14), 48);
    network.setOptions({ nodes: { font: { size: size, strokeWidth: 3, strokeColor: "#ffffff" } } });
  };
  W.refreshEdgeLabels = function () {
    var all = labelsBox.checked || (network.getScale() >= 1.2 && W.edges.length <= 400);
    var selected = new Set(network.getSelectedNodes());
    var changes = [];
    W.edges.forEach(function (item) {
      var e = W.allEdges.get(item.id);
      var text = item.group ? item.title : (e ? edgeText(e) : "");
      var on = all || item.id === hovered || selected.has(item.from) || selected.has(item.to);
      var label = on ? text : "";
      if ((item.label || "") !== label) changes.push({ id: item.id, label: label });
    });
    if (changes.length) W.edges.update(changes);
  };
  network.on("zoom", function () { W.legibleLabels(); W.refreshEdgeLabels(); });
  network.on("stabilized", function () { W.legibleLabels(); W.refreshEdgeLabels(); });
  network.on("hoverEdge", function (p) { hovered = p.edge; W.refreshEdgeLabels(); });
  network.on("blurEdge", function () { hovered = null; W.refreshEdgeLabels(); });
  network.on("selectNode", function () { W.refreshEdgeLabels(); });
  network.on("deselectNode", function () { W.refreshEdgeLabels(); });

  /* ---- panel ------------------------------------------------------------------------ */
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  function sourceRefs(list, cited) {
    var span = el("span", null, "refs");
    (list || []).forEach(function (i) {
      if (cited.indexOf(i) < 0) cited.push(i);
      span.appendChild(el("sup", "[" + (cited.indexOf(i) + 1) + "]"));
    });
    return span;
  }
  function rowList(title, rows, cited) {
    if (!rows.length) return null;
    var section = el("section");
    section.appendChild(el("h3", title));
    var dl = el("dl");
    var last = null;
    rows.forEach(function (r) {
      if (r[0] !== last) dl.appendChild(el("dt", r[0]));
      last = r[0];
      var dd = el("dd", r[1]);
      if (r[3]) dd.appendChild(el("span", " — " + r[3], "note"));
      dd.appendChild(sourceRefs(r[2], cited));
      dl.appendChild(dd);
    });
    section.appendChild(dl);
    return section;
  }
  /* Relations worded from this node's side, grouped: "preys on (2)", "preyed on by (1)". */
  W.relationGroups = function (id) {
    var groups = new Map();
    (W.edgesOf.get(id) || []).forEach(function (e) {
      var out = e.from === id;
      var words = out ? edgeText(e) : (e.inv ? (e.q ? e.inv + " (" + e.q + ")" : e.inv) : "… " + edgeText(e) + " this");
      var key = (out ? "> " : "< ") + words;
      if (!groups.has(key)) groups.set(key, { key: key, words: words, out: out, edges: [] });
      groups.get(key).edges.push(e);
    });
    return Array.from(groups.values()).sort(function (a, b) {
      return a.words < b.words ? -1 : a.words > b.words ? 1 : 0;
    });
  };
  function labelOf(id) { var n = W.info.get(id); return n ? n.label : id; }
  W.showPanel = function (id) {
    var node = W.info.get(id);
    var info = W.details[id];
    if (!node || !info) return;
    var cited = [];
    body.replaceChildren();
    body.appendChild(el("h2", node.label));
    var kind = W.kindOf[node.kind];
    body.appendChild(el("p", kind ? kind.label : node.kind, "kind"));
    var iri = el("p", null, "iri");
    iri.appendChild(el("code", id));
    body.appendChild(iri);
    [rowList("Names", info.names, cited), rowList("Facts and numbers", info.rows, cited)]
      .forEach(function (s) { if (s) body.appendChild(s); });
    var groups = W.relationGroups(id);
    if (groups.length) {
      var section = el("section");
      section.appendChild(el("h3", "Relations"));
      groups.forEach(function (g) {
        section.appendChild(el("h4", g.words + " (" + g.edges.length + ")", "rel"));
        var ul = el("ul", null, "relations");
        g.edges.forEach(function (e) {
          var other = g.out ? e.to : e.from;
          var li = el("li");
          var a = el("a", labelOf(other), "node-link");
          a.href = "#";
          a.addEventListener("click", function (ev) { ev.preventDefault(); W.open(other); });
          li.appendChild(a);
          if (e.note) li.appendChild(el("span", " — " + e.note, "note"));
          li.appendChild(sourceRefs(e.src, cited));
          ul.appendChild(li);
        });
        section.appendChild(ul);
      });
      body.appendChild(section);
    }
    if (info.links.length) {
      var ext = el("section");
      ext.appendChild(el("h3", "External identifiers and pages"));
      var lu = el("ul");
      info.links.forEach(function (l) {
        var li = el("li", l[0] + ": ");
        li.appendChild(link(l[1], l[1]));
        lu.appendChild(li);
      });
      ext.appendChild(lu);
      body.appendChild(ext);
    }
    if (cited.length) {
      var src = el("section", null, "sources");
      src.appendChild(el("h3", "Sources"));
      var ol = el("ol");
      cited.forEach(function (i) {
        var s = W.sources[i];
        var li = el("li");
        li.appendChild(s[1] ? link(s[0], s[1]) : el("span", s[0]));
        ol.appendChild(li);
      });
      src.appendChild(ol);
      body.appendChild(src);
    }
    panel.dataset.node = id;
    panel.hidden = false;
    document.body.classList.add("panel-open");
  };
  W.closePanel = function () {
    panel.hidden = true;
    document.body.classList.remove("panel-open");
  };
  document.getElementById("panel-close").addEventListener("click", W.closePanel);
  /* Select, centre and open a node that is drawn (explore mode replaces this to expand too). */
  W.open = function (id) {
    var item = W.nodes.get(id);
    if (!item) return;
    if (item.hidden) W.nodes.update({ id: id, hidden: false });
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), DATA.large ? 1.0 : 1.2), animation: false });
    W.refreshEdgeLabels();
    W.showPanel(id);
  };

  /* ---- legend, filters and toggles --------------------------------------------------- */
  var legend = document.getElementById("legend-list");
  W.drawLegend = function () {
    legend.replaceChildren();
    Object.keys(W.kindOf).map(function (k) { return W.kindOf[k]; }).forEach(function (k) {
      var li = el("li");
      var label = el("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = !W.kindHidden[k.key];
      box.dataset.kind = k.key;
      box.addEventListener("change", function () {
        W.kindHidden[k.key] = !box.checked;
        W.applyFilters();
      });
      var swatch = el("span", null, "swatch shape-" + k.shape);
      swatch.style.backgroundColor = k.color;
      label.appendChild(box);
      label.appendChild(swatch);
      label.appendChild(el("span", k.label + (DATA.api ? "" : " (" + k.count + ")")));
      li.appendChild(label);
      legend.appendChild(li);
    });
  };
  W.drawLegend();
  labelsBox.addEventListener("change", function () {
    if (DATA.large) network.setOptions({ edges: { arrows: { to: { enabled: labelsBox.checked } } } });
    W.refreshEdgeLabels();
  });
  hubBox.addEventListener("change", function () { W.applyFilters(); });
  var physicsBox = document.getElementById("toggle-physics");
  physicsBox.checked = DATA.options.physics.enabled;
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });
  W.setPhysics = function (on) {
    physicsBox.checked = on;
    network.setOptions({ physics: { enabled: on } });
  };
})(wildkg);
