/* wildkg network page, part 2: search, explore mode (expand, collapse, pin, back) and the
 * overview. Offline every node is in the page; served (DATA.api), neighbours and search
 * answers come from the server, which asks the store. Text goes in with textContent only. */
"use strict";
(function (W) {
  var DATA = W.DATA;
  var el = W.el;
  var GROUP_MAX = 8;       // a relation with more neighbours than this becomes one group node
  var GROUP_FROM = 14;     // ... when the node has more neighbours than this in all
  var pinned = new Set();
  var history = [];
  var loaded = new Set();  // nodes whose neighbours the server has sent (served mode)
  var mode = "explore";
  var backButton = document.getElementById("go-back");
  var hint = document.getElementById("hint");

  /* ---- where neighbours and search answers come from ------------------------------------ */
  function getJSON(path) {
    return fetch(DATA.api + path, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(r.status + ": " + t); });
      return r.json();
    });
  }
  function neighbours(id) {
    if (!DATA.api || loaded.has(id)) return Promise.resolve(W.edgesOf.get(id) || []);
    return getJSON("/expand?iri=" + encodeURIComponent(id)).then(function (part) {
      W.merge(part);
      loaded.add(id);
      W.drawLegend();
      return W.edgesOf.get(id) || [];
    });
  }

  /* ---- views and history --------------------------------------------------------------- */
  function snapshot() {
    return { ids: W.nodes.getIds().filter(function (id) { return W.info.has(id); }),
             extra: W.nodes.get({ filter: function (n) { return !W.info.has(n.id); } }),
             groupEdges: W.edges.get({ filter: function (e) { return !!e.group; } }),
             mode: mode };
  }
  function remember() {
    history.push(snapshot());
    if (history.length > 50) history.shift();
    backButton.disabled = false;
  }
  function restore(s) {
    setMode(s.mode);
    W.edges.remove(W.edges.getIds().filter(function (id) { return W.edges.get(id).group; }));
    W.setView(s.ids, s.extra, s.mode === "all" && DATA.large);
    W.edges.update(s.groupEdges);
    W.applyFilters();
  }
  W.back = function () {
    var s = history.pop();
    backButton.disabled = history.length === 0;
    if (s) restore(s);
  };
  function setMode(m) {
    mode = m;
    document.body.dataset.mode = m;
    W.setPhysics(!(m === "all" && DATA.large));
    hint.textContent = m === "all"
      ? "Click a node to open it. Type in the search box ( / ) to find one; Overview shows the whole graph in aggregate."
      : "Click a node to open it and show its neighbours; click a group such as “occurs in (13)” to open it. " +
        "Keys: / search, e expand, c collapse, p pin, Backspace back.";
  }

  /* Fit the view once the layout has settled (physics is on in explore mode). */
  var fitPending = false;
  W.fitSoon = function () {
    network.fit({ animation: false });
    W.legibleLabels();
    if (mode === "all" && DATA.large) return;
    fitPending = true;
    network.stabilize(150);
  };
  network.on("stabilized", function () {
    if (!fitPending) return;
    fitPending = false;
    network.fit({ animation: false });
    W.legibleLabels();
    W.refreshEdgeLabels();
  });

  /* ---- expand, collapse, pin -------------------------------------------------------------- */
  function groupNodeId(id, key) { return "group:" + id + "|" + key; }
  function expand(id, record) {
    return neighbours(id).then(function (edges) {
      if (record) remember();
      if (mode !== "explore") { setMode("explore"); W.setView([id]); }
      var groups = W.relationGroups(id);
      var total = edges.length;
      var add = [];
      groups.forEach(function (g) {
        var others = g.edges.map(function (e) { return g.out ? e.to : e.from; });
        if (total > GROUP_FROM && others.length > GROUP_MAX) {
          var gid = groupNodeId(id, g.key);
          if (!W.nodes.get(gid)) {
            var pos = network.getPositions([id])[id] || { x: 0, y: 0 };
            W.nodes.add({ id: gid, label: g.words + " (" + others.length + ")", shape: "box",
              color: { background: "#fff8e1", border: "#8d6e63" }, members: others,
              x: pos.x + 80, y: pos.y + 80, title: "Click to show these " + others.length });
            W.edges.add({ id: "e" + gid, from: g.out ? id : gid, to: g.out ? gid : id,
              group: true, dashes: [2, 4], title: g.words, label: "" });
          }
        } else {
          add = add.concat(others);
        }
      });
      W.addNodes(add, id);
      W.syncEdges();
      return id;
    });
  }
  function openGroup(gid) {
    var g = W.nodes.get(gid);
    remember();
    var owner = W.edges.get("e" + gid);
    var near = owner ? (owner.from === gid ? owner.to : owner.from) : null;
    W.nodes.remove(gid);
    W.edges.remove("e" + gid);
    W.addNodes(g.members, near);
    W.syncEdges();
  }
  W.collapse = function (id) {
    remember();
    /* Its neighbours go, unless pinned or linked to a shown node outside this neighbourhood. */
    var shown = new Set(W.nodes.getIds());
    var near = new Set();
    (W.edgesOf.get(id) || []).forEach(function (e) {
      var other = e.from === id ? e.to : e.from;
      if (shown.has(other) && !pinned.has(other) && other !== id) near.add(other);
    });
    var drop = Array.from(near).filter(function (other) {
      return !(W.edgesOf.get(other) || []).some(function (f) {
        var third = f.from === other ? f.to : f.from;
        return third !== id && shown.has(third) && !near.has(third);
      });
    });
    W.nodes.get({ filter: function (n) { return n.id.indexOf("group:" + id + "|") === 0; } })
      .forEach(function (n) { drop.push(n.id); W.edges.remove("e" + n.id); });
    W.nodes.remove(drop);
    W.syncEdges();
  };
  W.togglePin = function (id) {
    var on = !pinned.has(id);
    if (on) pinned.add(id); else pinned.delete(id);
    W.nodes.update({ id: id, fixed: on, borderWidth: on ? 4 : 1 });
    document.getElementById("panel-pin").setAttribute("aria-pressed", String(on));
  };
  W.isPinned = function (id) { return pinned.has(id); };

  /* Open a node from a search, a panel link or a click: in explore mode it is shown with its
   * neighbours; in "show all" mode it is selected and centred. */
  var showPanelAndCentre = W.open;
  W.open = function (id) {
    if (mode === "all" && W.nodes.get(id)) { showPanelAndCentre(id); return Promise.resolve(id); }
    return neighbours(id).then(function () {
      if (!W.nodes.get(id)) {
        remember();
        if (mode !== "explore") setMode("explore");
        var keep = W.nodes.getIds().filter(function (n) { return pinned.has(n); });
        W.setView(keep.concat([id]));
        return expand(id, false);
      }
      return expand(id, true);
    }).then(function () {
      showPanelAndCentre(id);
      W.fitSoon();
      return id;
    });
  };
  network.on("click", function (params) {
    if (!params.nodes.length) return;
    var id = params.nodes[0];
    if (mode === "overview") return;
    if (String(id).indexOf("group:") === 0) { openGroup(id); return; }
    if (mode === "all") { showPanelAndCentre(id); return; }
    expand(id, true).then(function () { W.showPanel(id); W.refreshEdgeLabels(); });
  });
  function current() { return document.getElementById("panel").dataset.node; }
  document.getElementById("panel-expand").addEventListener("click", function () {
    if (current()) W.open(current());
  });
  document.getElementById("panel-collapse").addEventListener("click", function () {
    if (current()) W.collapse(current());
  });
  document.getElementById("panel-pin").addEventListener("click", function () {
    if (current()) W.togglePin(current());
  });
  backButton.addEventListener("click", W.back);

  /* ---- overview: the whole graph as aggregates ------------------------------------------ */
  var bySelect = document.getElementById("overview-by");
  W.overview = function (by) {
    if (DATA.api) return;
    remember();
    setMode("overview");
    W.nodes.clear();
    W.edges.clear();
    var counts = {};
    W.info.forEach(function (n) { counts[n.kind] = (counts[n.kind] || 0) + 1; });
    if (!by) {
      var pairs = {};
      W.allEdges.forEach(function (e) {
        var a = W.info.get(e.from), b = W.info.get(e.to);
        if (!a || !b) return;
        var key = a.kind + "\u0000" + b.kind + "\u0000" + e.rel;
        pairs[key] = (pairs[key] || 0) + 1;
      });
      W.nodes.add(Object.keys(counts).map(function (k) {
        var kind = W.kindOf[k] || { label: k, color: "#999", shape: "dot" };
        return { id: "kind:" + k, label: kind.label + " (" + counts[k] + ")", shape: kind.shape,
          color: kind.color, size: 10 + 6 * Math.log(1 + counts[k]), kind: k };
      }));
      W.edges.add(Object.keys(pairs).filter(function (key) { return key.split("\u0000")[0] !== key.split("\u0000")[1]; })
        .map(function (key) {
          var p = key.split("\u0000");
          return { id: "agg:" + key, from: "kind:" + p[0], to: "kind:" + p[1], group: true,
            title: p[2] + " (" + pairs[key] + ")", label: "", width: 1 + Math.log(pairs[key]) };
        }));
    } else {
      /* Members of one kind ranked by what they link: species for a country, a threat or a
       * status ("India (23 species)"), else links of any kind. */
      var TAXA = { focal: 1, species: 1, taxon: 1 };
      var members = [];
      W.info.forEach(function (n) {
        if (n.kind !== by) return;
        var species = new Set();
        (W.edgesOf.get(n.id) || []).forEach(function (e) {
          var other = W.info.get(e.from === n.id ? e.to : e.from);
          if (other && TAXA[other.kind]) species.add(other.id);
        });
        members.push({ n: n, count: TAXA[by] ? n.deg : species.size });
      });
      var unit = TAXA[by] ? " links" : " species";
      members.sort(function (a, b) { return b.count - a.count || (a.n.label < b.n.label ? -1 : 1); });
      W.nodes.add(members.slice(0, 60).map(function (m) {
        return { id: "top:" + m.n.id, target: m.n.id, label: m.n.label + " (" + m.count + unit + ")",
          shape: m.n.shape, color: m.n.color, size: 8 + 5 * Math.log(1 + m.count) };
      }));
    }
    network.fit({ animation: false });
    W.legibleLabels();
    W.updateCounts();
  };
  network.on("click", function (params) {
    if (mode !== "overview" || !params.nodes.length) return;
    var id = String(params.nodes[0]);
    if (id.indexOf("top:") === 0) { W.open(id.slice(4)); return; }
    if (id.indexOf("kind:") === 0) { bySelect.value = id.slice(5); W.overview(id.slice(5)); }
  });
  function fillOverviewChoices() {
    bySelect.replaceChildren();
    var all = el("option", "kinds of node");
    all.value = "";
    bySelect.appendChild(all);
    Object.keys(W.kindOf).forEach(function (k) {
      var o = el("option", W.kindOf[k].label);
      o.value = k;
      bySelect.appendChild(o);
    });
    document.getElementById("overview-by-label").hidden = !!DATA.api;
  }
  bySelect.addEventListener("change", function () { W.overview(bySelect.value); });
  document.getElementById("show-overview").addEventListener("click", function () {
    W.overview(bySelect.value);
  });
  document.getElementById("show-all").addEventListener("click", function () {
    remember();
    setMode("all");
    W.setView(Array.from(W.info.keys()), [], DATA.large);
    network.fit({ animation: false });
  });

  /* ---- search: names, scientific names, synonyms, codes; fuzzy; keyboard-first ------------ */
  var box = document.getElementById("search");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var active = -1;
  function distance(a, b, limit) {  // Levenshtein, giving up beyond `limit`
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (cur[j] < best) best = cur[j];
      }
      if (best > limit) return limit + 1;
      prev = cur;
    }
    return prev[b.length];
  }
  function localSearch(q) {
    var hits = [];
    var limit = q.length >= 8 ? 2 : 1;
    W.info.forEach(function (n) {
      var best = null;
      (n.t || [n.label.toLowerCase()]).forEach(function (term) {
        var score = term === q ? 0 : term.indexOf(q) === 0 ? 1
          : (" " + term).indexOf(" " + q) >= 0 ? 2 : term.indexOf(q) >= 0 ? 3 : null;
        if (score === null && q.length >= 4) {
          var words = term.split(/\s+/).concat([term]);
          for (var w = 0; w < words.length && score === null; w++) {
            if (distance(q, words[w].slice(0, q.length + limit), limit) <= limit) score = 4;
          }
        }
        if (score !== null && (best === null || score < best.score)) best = { score: score, term: term };
      });
      if (best) hits.push({ id: n.id, label: n.label, kind: n.kind, match: best.term, score: best.score, deg: n.deg || 0 });
    });
    hits.sort(function (a, b) { return a.score - b.score || b.deg - a.deg || (a.label < b.label ? -1 : 1); });
    return Promise.resolve(hits.slice(0, 12));
  }
  function search(q) {
    if (!DATA.api) return localSearch(q);
    return getJSON("/search?q=" + encodeURIComponent(q)).then(function (answer) {
      W.merge(answer.part || {});
      W.drawLegend();
      return answer.hits;
    });
  }
  var lastQuery = "";
  function showResults(hits) {
    results.replaceChildren();
    active = hits.length ? 0 : -1;
    hits.forEach(function (h, i) {
      var li = el("li", null, i === 0 ? "active" : "");
      li.setAttribute("role", "option");
      li.dataset.id = h.id;
      li.appendChild(el("span", h.label, "label"));
      var kind = W.kindOf[h.kind];
      li.appendChild(el("span", " " + (kind ? kind.label : ""), "kind"));
      if (h.match && h.match !== h.label.toLowerCase()) li.appendChild(el("span", " — " + h.match, "match"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(h.id); });
      results.appendChild(li);
    });
    results.hidden = hits.length === 0;
    status.textContent = hits.length ? "" : "no match";
  }
  function choose(id) {
    results.hidden = true;
    status.textContent = "";
    W.open(id);
  }
  function run(text) {
    var q = text.trim().toLowerCase();
    lastQuery = q;
    if (!q) { results.hidden = true; status.textContent = ""; return Promise.resolve([]); }
    return search(q).then(function (hits) { if (q === lastQuery) showResults(hits); return hits; });
  }
  W.search = run;
  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(box.value); }, DATA.api ? 200 : 60);
  });
  function move(step) {
    var items = results.querySelectorAll("li");
    if (!items.length) return;
    if (active >= 0) items[active].className = "";
    active = (active + step + items.length) % items.length;
    items[active].className = "active";
    box.setAttribute("aria-activedescendant", "");
  }
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { ev.preventDefault(); move(1); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); move(-1); }
    else if (ev.key === "Escape") { results.hidden = true; box.blur(); }
  });
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    var picked = results.hidden ? null : results.querySelectorAll("li")[active];
    if (picked && box.value.trim().toLowerCase() === lastQuery) { choose(picked.dataset.id); return; }
    if (W.info.has(box.value.trim())) { choose(box.value.trim()); return; }
    run(box.value).then(function (hits) { if (hits.length) choose(hits[0].id); });
  });
  document.addEventListener("keydown", function (ev) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (typing || ev.ctrlKey || ev.metaKey) return;
    var id = current();
    if (ev.key === "/") { ev.preventDefault(); box.focus(); box.select(); }
    else if (ev.key === "Backspace" || (ev.altKey && ev.key === "ArrowLeft")) { ev.preventDefault(); W.back(); }
    else if (ev.key === "Escape") W.closePanel();
    else if (id && ev.key === "e") W.open(id);
    else if (id && ev.key === "c") W.collapse(id);
    else if (id && ev.key === "p") W.togglePin(id);
  });

  /* ---- start ---------------------------------------------------------------------------- */
  fillOverviewChoices();
  document.getElementById("show-overview").hidden = !!DATA.api;  // served: the store is too big
  if (DATA.focus && DATA.focus.length) {
    setMode("explore");
    W.open(DATA.focus[0]);
  } else if (DATA.explore && !DATA.api) {
    setMode("overview");
    W.overview("");
    history = [];
    backButton.disabled = true;
  } else {
    setMode(DATA.explore ? "explore" : "all");
    W.setView(DATA.nodes.map(function (n) { return n.id; }), [], DATA.large);
    if (DATA.explore && !DATA.nodes.length) hint.textContent = "Search for a species, a place or a code to start.";
  }
  W.updateCounts();
})(wildkg);
