// Filters for the review page.  The page is complete without this script:
// every error and highlight is in the HTML; these only hide some of them.
(function () {
  "use strict";
  var body = document.body;
  var boxes = document.querySelectorAll("input[data-hide]");
  function sync(box) {
    // A checked box shows its kind; unchecking adds the class that hides it.
    var cls = box.getAttribute("data-hide");
    var hide = box.hasAttribute("data-inverse") ? box.checked : !box.checked;
    body.classList.toggle(cls, hide);
    document.querySelectorAll('input[data-hide="' + cls + '"]').forEach(function (other) {
      other.checked = box.checked;
    });
  }
  boxes.forEach(function (box) {
    box.disabled = false;
    box.addEventListener("change", function () { sync(box); });
  });

  // Click a column head of a score table to sort by it (again to reverse).
  function key(cell) {
    var text = cell ? cell.textContent.trim() : "";
    var n = parseFloat(text);
    return isNaN(n) ? text : n;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      th.classList.add("sortable");
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var dir = th.getAttribute("data-dir") === "asc" ? -1 : 1;
        heads.forEach(function (h) { h.removeAttribute("data-dir"); });
        th.setAttribute("data-dir", dir === 1 ? "asc" : "desc");
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          return (x > y ? 1 : x < y ? -1 : 0) * dir;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
