/* Search page: Pagefind UI in Indonesian; reads ?q= from the header search form. */
(function () {
  "use strict";
  var box = document.getElementById("pencarian");
  if (!box || !window.PagefindUI) return;
  var ui = new window.PagefindUI({
    element: "#pencarian",
    bundlePath: box.dataset.bundle,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    autofocus: false,
  });
  var input = box.querySelector("input");
  if (input) input.setAttribute("aria-label", box.dataset.label);
  var q = new URLSearchParams(location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
