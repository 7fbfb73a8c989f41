// After the first tap a form's submit button shows that the request is under way and
// ignores further taps, so a slow network does not tempt a second tap. The server
// treats a repeated request like the first anyway; this only spares the member the
// wait. Back (a page restored from the browser's cache) makes the button usable again.
(function () {
  "use strict";
  var BUSY_CLASS = "is-busy";

  function reset() {
    var buttons = document.querySelectorAll("button." + BUSY_CLASS);
    Array.prototype.forEach.call(buttons, function (button) {
      button.classList.remove(BUSY_CLASS);
      button.removeAttribute("aria-busy");
    });
  }

  document.addEventListener("submit", function (event) {
    var button = event.submitter || event.target.querySelector("button[type=submit]");
    if (!button) {
      return;
    }
    if (button.classList.contains(BUSY_CLASS)) {
      event.preventDefault();
      return;
    }
    // Not disabled: a disabled button would drop its name and value from the POST.
    button.classList.add(BUSY_CLASS);
    button.setAttribute("aria-busy", "true");
  });
  window.addEventListener("pageshow", reset);
})();
