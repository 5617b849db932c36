/* wildkg network page: builds the vis Network from the page's JSON and wires the controls.
 * Every text that comes from the data is inserted with textContent (never innerHTML), and
 * only http(s) addresses become links. The vis Network instance is the global `network`. */
"use strict";
var network = null;
(function () {
  performance.mark("wildkg:script");
  var DATA = JSON.parse(document.getElementById("wildkg-data").textContent);
  performance.mark("wildkg:parsed");
  var WEB = /^https?:\/\/[^\s<>"']+$/i;

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
  function edgeText(e) { return e.q ? e.rel + " (" + e.q + ")" : e.rel; }

  var kindOf = {};
  DATA.kinds.forEach(function (k) { kindOf[k.key] = k; });
  var nodes = new vis.DataSet(DATA.nodes);
  function visEdge(e) {
    var item = Object.assign({}, e);
    if (document.getElementById("toggle-edge-labels").checked) item.label = edgeText(e);
    return item;
  }
  document.getElementById("toggle-edge-labels").checked = DATA.edgeLabels;
  var hubBox = document.getElementById("toggle-hub-edges");
  hubBox.checked = !DATA.hideHubEdges;
  /* Large graphs start without the edges into category nodes (Red List status, threats,
   * habitats…): they are most of the edges and make the picture a hairball. The panel still
   * lists them, from DATA.edges. */
  var edges = new vis.DataSet(DATA.edges.filter(function (e) {
    return hubBox.checked || !e.hub;
  }).map(visEdge));
  var edgesOf = null;
  function relationsOf(id) {
    if (edgesOf === null) {
      edgesOf = new Map();
      DATA.edges.forEach(function (e) {
        [e.from, e.to].forEach(function (end) {
          if (!edgesOf.has(end)) edgesOf.set(end, []);
          edgesOf.get(end).push(e);
        });
      });
    }
    return edgesOf.get(id) || [];
  }
  var container = document.getElementById("network");
  performance.mark("wildkg:datasets");
  network = new vis.Network(container, { nodes: nodes, edges: edges }, DATA.options);
  performance.mark("wildkg:network");
  network.once("afterDrawing", function () {
    performance.mark("wildkg:drawn");
    document.body.setAttribute("data-drawn", "1");
  });

  document.getElementById("counts").textContent =
    DATA.nodes.length + " nodes · " + DATA.edges.length + " edges" +
    (DATA.large ? " · large graph: precomputed layout, physics off" : "");

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
  function showPanel(id) {
    var node = nodes.get(id);
    var info = DATA.details[id];
    if (!node || !info) return;
    var cited = [];
    body.replaceChildren();
    body.appendChild(el("h2", node.label));
    var kind = kindOf[node.kind];
    body.appendChild(el("p", kind ? kind.label : node.kind, "kind"));
    var iri = el("p", null, "iri");
    iri.appendChild(el("code", id));
    body.appendChild(iri);
    [rowList("Names", info.names, cited), rowList("Facts and numbers", info.rows, cited)]
      .forEach(function (s) { if (s) body.appendChild(s); });
    var rels = relationsOf(id);
    if (rels.length) {
      var section = el("section");
      section.appendChild(el("h3", "Relations"));
      var ul = el("ul", null, "relations");
      rels.forEach(function (e) {
        var out = e.from === id;
        var other = nodes.get(out ? e.to : e.from);
        var li = el("li");
        li.appendChild(el("span", out ? "→ " + edgeText(e) + " " : "← " + edgeText(e) + " ", "rel"));
        var a = el("a", other ? other.label : (out ? e.to : e.from), "node-link");
        a.href = "#";
        a.addEventListener("click", function (ev) {
          ev.preventDefault();
          if (other) focusNode(other.id);
        });
        li.appendChild(a);
        if (e.note) li.appendChild(el("span", " — " + e.note, "note"));
        li.appendChild(sourceRefs(e.src, cited));
        ul.appendChild(li);
      });
      section.appendChild(ul);
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
        var s = DATA.sources[i];
        var li = el("li");
        li.appendChild(s[1] ? link(s[0], s[1]) : el("span", s[0]));
        ol.appendChild(li);
      });
      src.appendChild(ol);
      body.appendChild(src);
    }
    panel.hidden = false;
    document.body.classList.add("panel-open");
  }
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    document.body.classList.remove("panel-open");
  });
  network.on("click", function (params) {
    if (params.nodes.length) showPanel(params.nodes[0]);
  });

  /* ---- search ------------------------------------------------------------------------ */
  function focusNode(id) {
    var node = nodes.get(id);
    if (node && node.hidden) nodes.update({ id: id, hidden: false });
    network.selectNodes([id]);
    network.focus(id, { scale: DATA.large ? 1.0 : 1.3, animation: false });
    showPanel(id);
  }
  var labels = DATA.nodes.map(function (n) { return [n.label.toLowerCase(), n.id]; });
  var list = document.getElementById("node-names");
  var seen = {};
  DATA.nodes.slice(0, 5000).forEach(function (n) {
    if (seen[n.label]) return;
    seen[n.label] = true;
    var opt = document.createElement("option");
    opt.value = n.label;
    list.appendChild(opt);
  });
  function find(text) {
    var q = text.trim().toLowerCase();
    if (!q) return null;
    if (nodes.get(text.trim())) return text.trim();
    var tests = [
      function (l) { return l === q; },
      function (l) { return l.indexOf(q) === 0; },
      function (l) { return l.indexOf(q) >= 0; },
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < labels.length; i++) if (tests[t](labels[i][0])) return labels[i][1];
    }
    return null;
  }
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = document.getElementById("search").value;
    var id = find(text);
    var status = document.getElementById("search-status");
    if (id === null) { status.textContent = "no match"; return; }
    status.textContent = "";
    focusNode(id);
  });

  /* ---- legend, filters and toggles --------------------------------------------------- */
  var legend = document.getElementById("legend-list");
  DATA.kinds.forEach(function (k) {
    var li = el("li");
    var label = el("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = k.key;
    box.addEventListener("change", function () {
      var hidden = !box.checked;
      nodes.update(DATA.nodes.filter(function (n) { return n.kind === k.key; })
        .map(function (n) { return { id: n.id, hidden: hidden }; }));
    });
    var swatch = el("span", null, "swatch shape-" + k.shape);
    swatch.style.backgroundColor = k.color;
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(el("span", k.label + " (" + k.count + ")"));
    li.appendChild(label);
    legend.appendChild(li);
  });
  var edgeBox = document.getElementById("toggle-edge-labels");
  edgeBox.addEventListener("change", function () {
    var on = edgeBox.checked;
    if (DATA.large) network.setOptions({ edges: { arrows: { to: { enabled: on } } } });
    edges.update(edges.getIds().map(function (id) {
      return { id: id, label: on ? edgeText(edges.get(id)) : "" };
    }));
  });
  hubBox.addEventListener("change", function () {
    var hub = DATA.edges.filter(function (e) { return e.hub; });
    if (hubBox.checked) edges.update(hub.map(visEdge));
    else edges.remove(hub.map(function (e) { return e.id; }));
  });
  var physicsBox = document.getElementById("toggle-physics");
  physicsBox.checked = DATA.options.physics.enabled;
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });
})();
