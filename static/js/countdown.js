// Counts down the seconds until "Kirim ulang kode" may be pressed, then enables it.
// Without JavaScript the button stays disabled until the page is reloaded; the
// server refuses an early resend either way.
(function () {
  "use strict";
  var button = document.querySelector("[data-wait-seconds]");
  var countdown = document.querySelector("[data-countdown]");
  if (!button || !countdown) {
    return;
  }
  var seconds = parseInt(button.getAttribute("data-wait-seconds"), 10) || 0;
  var shown = countdown.querySelector("[data-seconds]");

  function tick() {
    if (seconds <= 0) {
      button.disabled = false;
      countdown.hidden = true;
      return;
    }
    shown.textContent = String(seconds);
    seconds -= 1;
    window.setTimeout(tick, 1000);
  }
  tick();
})();
