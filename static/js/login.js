// "Lupa Kata Sandi" carries the email typed on the login page, so the member does
// not type it twice: the link's ?email= follows the field. Without JavaScript the
// link carries the email of the last refused login (the server sets it).
(function () {
  "use strict";
  var input = document.getElementById("id_email");
  var link = document.querySelector("a.link-danger");
  if (!input || !link) {
    return;
  }
  var base = link.getAttribute("href").split("?")[0];

  function update() {
    var email = input.value.trim();
    link.setAttribute("href", email ? base + "?email=" + encodeURIComponent(email) : base);
  }
  input.addEventListener("input", update);
  input.addEventListener("change", update);  // autofill fires change, not input
  update();
})();
