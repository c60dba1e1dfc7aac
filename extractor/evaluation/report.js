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
})();
