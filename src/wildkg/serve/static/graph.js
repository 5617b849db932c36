/* A small dependency-free network view: force-directed layout drawn as SVG.
   Every label goes through textContent, never innerHTML. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function layout(nodes, edges, width, height) {
    var n = nodes.length, index = {}, i, j, it;
    nodes.forEach(function (node, k) {
      index[node.id] = k;
      var angle = (2 * Math.PI * k) / Math.max(n, 1);
      node.x = node.main ? 0 : Math.cos(angle) * width * 0.35;
      node.y = node.main ? 0 : Math.sin(angle) * height * 0.35;
    });
    var links = edges.filter(function (e) { return e.from in index && e.to in index; })
      .map(function (e) { return [index[e.from], index[e.to], e.label || ""]; });
    var k = Math.sqrt((width * height) / Math.max(n, 1)) * 0.6;
    var steps = n > 150 ? 80 : 200;
    for (it = 0; it < steps; it++) {
      var temp = (width / 10) * (1 - it / steps) + 1;
      var dx = new Float64Array(n), dy = new Float64Array(n);
      for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
          var x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
          var d2 = x * x + y * y + 0.01, f = (k * k) / d2;
          dx[i] += x * f; dy[i] += y * f; dx[j] -= x * f; dy[j] -= y * f;
        }
      }
      links.forEach(function (l) {
        var a = nodes[l[0]], b = nodes[l[1]];
        var x = a.x - b.x, y = a.y - b.y, d = Math.sqrt(x * x + y * y) + 0.01, f = d / k;
        dx[l[0]] -= x * f; dy[l[0]] -= y * f; dx[l[1]] += x * f; dy[l[1]] += y * f;
      });
      for (i = 0; i < n; i++) {
        if (nodes[i].main) { continue; }
        var len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) + 0.01, step = Math.min(len, temp);
        nodes[i].x += (dx[i] / len) * step; nodes[i].y += (dy[i] / len) * step;
      }
    }
    return links;
  }

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    return node;
  }

  function draw(container, nodes, edges) {
    var width = 900, height = nodes.length > 40 ? 700 : 420;
    while (container.firstChild) { container.removeChild(container.firstChild); }
    if (!nodes.length) {
      var p = document.createElement("p");
      p.textContent = "Nothing to draw: no linked resources.";
      container.appendChild(p);
      return;
    }
    var links = layout(nodes, edges, width, height);
    var xs = nodes.map(function (d) { return d.x; }), ys = nodes.map(function (d) { return d.y; });
    var minX = Math.min.apply(null, xs) - 120, maxX = Math.max.apply(null, xs) + 120;
    var minY = Math.min.apply(null, ys) - 40, maxY = Math.max.apply(null, ys) + 40;
    var svg = el("svg", { viewBox: [minX, minY, maxX - minX, maxY - minY].join(" "),
      width: "100%", height: height, role: "img", "class": "graph" });
    var title = document.createElementNS(SVG, "title");
    title.textContent = "Network of " + nodes.length + " nodes and " + links.length + " links";
    svg.appendChild(title);
    links.forEach(function (l) {
      var a = nodes[l[0]], b = nodes[l[1]];
      var line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, "class": "edge" });
      var tip = document.createElementNS(SVG, "title");
      tip.textContent = l[2];
      line.appendChild(tip);
      svg.appendChild(line);
    });
    nodes.forEach(function (d) {
      var g = el("g", { "class": d.main ? "node main" : "node", transform: "translate(" + d.x + "," + d.y + ")" });
      g.appendChild(el("circle", { r: d.main ? 9 : 6 }));
      var text = el("text", { x: 10, y: 4 });
      text.textContent = d.label;
      g.appendChild(text);
      if (d.href) {
        g.setAttribute("tabindex", "0");
        g.addEventListener("click", function () { window.location.href = d.href; });
      }
      svg.appendChild(g);
    });
    container.appendChild(svg);
  }

  window.wildkgGraph = { draw: draw };
})();
