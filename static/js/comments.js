// Fills the comment form from the "remember me" cookies (set only when the reader ticked the
// box), so cached article pages stay identical for every reader. Optional: the form works
// without it.
(function () {
  "use strict";
  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    if (!match) return "";
    try { return decodeURIComponent(match[1].replace(/^"|"$/g, "")); } catch (e) { return ""; }
  }
  var form = document.querySelector(".comment-form");
  if (!form) return;
  var name = cookie("comment_author"), email = cookie("comment_author_email");
  if (name && !form.elements.name.value) form.elements.name.value = name;
  if (email && !form.elements.email.value) form.elements.email.value = email;
  if (name || email) form.elements.remember.checked = true;
})();
