/* The query page: examples, run, results table, downloads, network view.
   Data from results is only ever put into the page with textContent. */
(function () {
  "use strict";
  var ENTITY_BASE = "https://w3id.org/wildkg/id/";
  var JSON_TYPE = "application/sparql-results+json";
  var $ = function (id) { return document.getElementById(id); };
  var examples = JSON.parse($("examples-data").textContent);
  var last = null;

  function setStatus(text) { $("status").textContent = text; }

  function entityHref(iri) {
    if (iri.indexOf(ENTITY_BASE) === 0 && iri.length > ENTITY_BASE.length) {
      return "/entity/" + iri.slice(ENTITY_BASE.length).split("/").map(encodeURIComponent).join("/");
    }
    if (/^https?:\/\//.test(iri)) { return iri; }
    return null;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var href = entityHref(term.value);
      if (href) {
        var a = document.createElement("a");
        a.href = href;
        if (href.charAt(0) !== "/") { a.rel = "noopener noreferrer"; }
        a.textContent = term.value.indexOf(ENTITY_BASE) === 0 ? "wk:" + term.value.slice(ENTITY_BASE.length) : term.value;
        td.appendChild(a);
      } else { td.textContent = term.value; }
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) {
        var span = document.createElement("span");
        span.className = "lang";
        span.textContent = " @" + term["xml:lang"];
        td.appendChild(span);
      }
    }
    return td;
  }

  function clear() {
    ["error", "graph-text", "results", "network"].forEach(function (id) { $(id).hidden = true; });
    var table = $("results");
    table.tHead.textContent = "";
    table.tBodies[0].textContent = "";
    ["download-csv", "download-json", "show-network"].forEach(function (id) { $(id).disabled = true; });
  }

  function showTable(data) {
    var table = $("results");
    var head = document.createElement("tr");
    if ("boolean" in data) {
      var th0 = document.createElement("th");
      th0.textContent = "answer";
      head.appendChild(th0);
      var tr0 = document.createElement("tr");
      var td0 = document.createElement("td");
      td0.textContent = String(data.boolean);
      tr0.appendChild(td0);
      table.tBodies[0].appendChild(tr0);
    } else {
      data.head.vars.forEach(function (v) {
        var th = document.createElement("th");
        th.textContent = "?" + v;
        head.appendChild(th);
      });
      var body = document.createDocumentFragment();
      data.results.bindings.forEach(function (row) {
        var tr = document.createElement("tr");
        data.head.vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
        body.appendChild(tr);
      });
      table.tBodies[0].appendChild(body);
    }
    table.tHead.appendChild(head);
    table.hidden = false;
  }

  function run() {
    var query = $("query").value;
    clear();
    setStatus("running…");
    var started = performance.now();
    fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": JSON_TYPE + ", text/turtle;q=0.9" },
      body: new URLSearchParams({ query: query })
    }).then(function (response) {
      return response.text().then(function (text) { return { response: response, text: text }; });
    }).then(function (r) {
      var ms = Math.round(performance.now() - started);
      if (!r.response.ok) {
        $("error").textContent = r.response.status + ": " + r.text;
        $("error").hidden = false;
        setStatus("error");
        return;
      }
      var type = r.response.headers.get("content-type") || "";
      if (type.indexOf(JSON_TYPE) === 0) {
        var data = JSON.parse(r.text);
        last = { query: query, text: r.text, data: data };
        showTable(data);
        var n = "boolean" in data ? 1 : data.results.bindings.length;
        setStatus(n + (n === 1 ? " row" : " rows") + " in " + ms + " ms");
        $("download-csv").disabled = "boolean" in data;
        $("download-json").disabled = false;
        $("show-network").disabled = "boolean" in data;
      } else {
        last = null;
        $("graph-text").textContent = r.text;
        $("graph-text").hidden = false;
        setStatus("graph in " + ms + " ms");
      }
    }).catch(function (err) {
      $("error").textContent = String(err);
      $("error").hidden = false;
      setStatus("error");
    });
  }

  function save(text, type, name) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function downloadCsv() {
    if (!last) { return; }
    fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv" },
      body: new URLSearchParams({ query: last.query })
    }).then(function (response) { return response.text(); })
      .then(function (text) { save(text, "text/csv", "results.csv"); });
  }

  function label(term) {
    if (term.type === "uri" && term.value.indexOf(ENTITY_BASE) === 0) { return "wk:" + term.value.slice(ENTITY_BASE.length); }
    return term.type === "bnode" ? "_:" + term.value : term.value;
  }

  function showNetwork() {
    if (!last || !last.data.results) { return; }
    var vars = last.data.head.vars, nodes = {}, edges = [], count = 0, LIMIT = 300;
    function node(term) {
      var id = term.type + " " + term.value;
      if (!(id in nodes)) {
        if (count >= LIMIT) { return null; }
        nodes[id] = { id: id, label: label(term), href: term.type === "uri" ? entityHref(term.value) : null };
        count++;
      }
      return id;
    }
    var triple = ["s", "p", "o"].every(function (v) { return vars.indexOf(v) >= 0; });
    last.data.results.bindings.forEach(function (row) {
      if (triple && row.s && row.o) {
        var a = node(row.s), b = node(row.o);
        if (a && b) { edges.push({ from: a, to: b, label: row.p ? label(row.p) : "" }); }
        return;
      }
      var terms = vars.map(function (v) { return row[v]; }).filter(function (t) { return t; });
      var hub = terms.filter(function (t) { return t.type !== "literal"; })[0];
      if (!hub) { return; }
      var h = node(hub);
      terms.forEach(function (t, k) {
        if (t === hub) { return; }
        var other = node(t);
        if (h && other) { edges.push({ from: h, to: other, label: "?" + vars[k] }); }
      });
    });
    var box = $("network");
    box.hidden = false;
    window.wildkgGraph.draw(box, Object.keys(nodes).map(function (k) { return nodes[k]; }), edges);
    if (count >= LIMIT) { setStatus("network cut to the first " + LIMIT + " nodes"); }
  }

  $("examples").addEventListener("change", function (event) {
    var ex = examples[Number(event.target.value)];
    if (ex) { $("query").value = ex.query; }
  });
  $("run").addEventListener("click", run);
  $("query").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { run(); }
  });
  $("download-csv").addEventListener("click", downloadCsv);
  $("download-json").addEventListener("click", function () {
    if (last) { save(last.text, JSON_TYPE, "results.json"); }
  });
  $("show-network").addEventListener("click", showNetwork);
})();
