/* Story page: YouTube facade (iframe from youtube-nocookie.com only after a click), copy link, and
   the photo gallery in a <dialog> (without JavaScript each thumbnail links to the large photo). */
(function () {
  "use strict";
  document.querySelectorAll(".yt[data-yt]").forEach(function (box) {
    var link = box.querySelector(".yt-link");
    if (!link) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.src = "https://www.youtube-nocookie.com/embed/" + encodeURIComponent(box.dataset.yt) + "?autoplay=1";
      frame.title = box.dataset.title || "Video";
      frame.allow = "accelerometer; autoplay; encrypted-media; gyroscope; picture-in-picture";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      box.classList.add("yt-active");
      box.replaceChildren(frame);
      frame.focus();
    });
  });
  var dialog = document.querySelector(".gallery-dialog");
  if (dialog && dialog.showModal) {
    var links = Array.prototype.slice.call(document.querySelectorAll(".gallery-link"));
    var current = 0;
    var figure = document.createElement("figure");
    var caption = document.createElement("figcaption");
    var bar = document.createElement("div");
    var steps = document.createElement("div");
    bar.className = "gallery-bar";
    steps.className = "gallery-steps";
    var button = function (label, step) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = dialog.dataset[label];
      b.addEventListener("click", function () {
        if (step) show(current + step);
        else dialog.close();
      });
      (step ? steps : bar).appendChild(b);
    };
    var show = function (index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var large = (link.querySelector("picture") || link.querySelector("img")).cloneNode(true);
      large.querySelectorAll("source, img").forEach(function (node) {
        if (node.hasAttribute("sizes")) node.setAttribute("sizes", "100vw");
        node.removeAttribute("loading");
      });
      var text = link.parentNode.querySelector("figcaption");
      caption.textContent = current + 1 + "/" + links.length + (text ? " · " + text.textContent : "");
      figure.replaceChildren(large, caption);
    };
    button("close", 0);
    if (links.length > 1) {
      button("prev", -1);
      button("next", 1);
    }
    dialog.append(bar, figure, steps);
    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        show(index);
        dialog.showModal();
      });
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") show(current - 1);
      if (event.key === "ArrowRight") show(current + 1);
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("close", function () {
      links[current].focus();
    });
  }
  var copy = document.querySelector(".copy-link");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(location.href.split("#")[0]).then(function () {
        copy.textContent = copy.dataset.copied;
      });
    });
  }
})();
