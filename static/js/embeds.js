// Embedded posts: the page shows a link and a «عرض المحتوى» button; only a click loads the
// provider's player (no third-party request before the reader asks). Without JavaScript the
// link stays, which is the whole placeholder.
(function () {
  "use strict";
  var figures = document.querySelectorAll(".embed[data-player]");
  Array.prototype.forEach.call(figures, function (figure) {
    var button = figure.querySelector(".embed__show");
    var link = figure.querySelector(".embed__link a");
    if (!button || !link) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = figure.getAttribute("data-player");
      frame.title = link.textContent;
      frame.className = "embed__player";
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("loading", "lazy");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
      button.replaceWith(frame);
      frame.focus();
    });
  });
})();
