(function () {
  "use strict";
  var data = document.getElementById("network-data");
  var box = document.getElementById("network");
  if (!data || !box) { return; }
  var net = JSON.parse(data.textContent);
  window.wildkgGraph.draw(box, net.nodes || [], net.edges || []);
})();
