// Progressive enhancement of the password fields: a show/hide toggle for each, and a
// checklist of the rules that ticks as the member types (all but the common-password
// rule, which only the server can check). Without JavaScript the checklist is plain
// help text, and the server enforces every rule either way.
(function () {
  "use strict";

  function addToggle(field) {
    var input = field.querySelector("input");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "password-toggle";
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    button.textContent = field.getAttribute("data-show-label");
    button.addEventListener("click", function () {
      var showing = input.type === "text";
      input.type = showing ? "password" : "text";
      button.setAttribute("aria-pressed", showing ? "false" : "true");
      button.textContent = field.getAttribute(showing ? "data-show-label" : "data-hide-label");
    });
    input.parentNode.appendChild(button);
  }

  var checks = {
    length: function (value, item) {
      return value.length >= parseInt(item.getAttribute("data-min"), 10);
    },
    upper: function (value) { return value !== value.toLowerCase(); },
    lower: function (value) { return value !== value.toUpperCase(); },
    digit: function (value) { return /[0-9]/.test(value); }
  };

  function watchRules(list) {
    var input = document.getElementById(list.getAttribute("data-rules-for"));
    var items = list.querySelectorAll("[data-rule]");
    list.classList.add("rules-live");
    function update() {
      items.forEach(function (item) {
        var check = checks[item.getAttribute("data-rule")];
        if (check) {  // the common-password rule only the server can check
          item.classList.toggle("rule-met", check(input.value, item));
        }
      });
    }
    // What the server marked as broken was about the password sent before.
    function forgetBroken() {
      items.forEach(function (item) { item.classList.remove("rule-broken"); });
      input.removeEventListener("input", forgetBroken);
    }
    input.addEventListener("input", update);
    input.addEventListener("input", forgetBroken);
    update();
  }

  document.querySelectorAll(".field-password").forEach(addToggle);
  document.querySelectorAll("[data-rules-for]").forEach(watchRules);
})();
