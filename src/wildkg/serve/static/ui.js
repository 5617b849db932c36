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
    ["error", "graph-text", "results"].forEach(function (id) { $(id).hidden = true; });
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
        $("show-network").disabled = "boolean" in data ||
          ["s", "p", "o"].some(function (v) { return data.head.vars.indexOf(v) < 0; });
        $("show-network").title = $("show-network").disabled ? "a SELECT needs ?s ?p ?o to be drawn" : "";
      } else {
        last = { query: query, text: r.text, data: null };
        $("show-network").disabled = false;
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

  /* The answer's network, drawn by the explorer (the renderer of `wildkg viz`): names, kinds,
   * arrows, qualifiers and sources; nodes expand by asking the store. */
  function showNetwork() {
    if (!last) { return; }
    window.location.href = "/explore?query=" + encodeURIComponent(last.query);
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
    if (last && last.data) { save(last.text, JSON_TYPE, "results.json"); }
  });
  $("show-network").addEventListener("click", showNetwork);
})();
