/* Story page: YouTube facade (iframe from youtube-nocookie.com only after a click) and copy link. */
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
