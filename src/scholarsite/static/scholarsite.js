// Turns obfuscated e-mail placeholders into working mailto: links.
// The page source holds the address only reversed and base64-encoded (see render.py), so
// address-harvesting scrapers that read HTML find nothing; visitors see and use it.
(function () {
  "use strict";
  // base64 of the reversed address's UTF-8 bytes: decode the bytes as UTF-8 (atob alone
  // gives one character per byte, garbling non-ASCII addresses), then reverse by characters
  function decode(encoded) {
    var binary = atob(encoded);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return Array.from(new TextDecoder("utf-8").decode(bytes)).reverse().join("");
  }
  function reveal() {
    document.querySelectorAll("[data-ss-email]").forEach(function (link) {
      var address = decode(link.getAttribute("data-ss-email"));
      link.setAttribute("href", "mailto:" + address);
      var text = link.querySelector(".ss-email__text");
      if (text) text.textContent = address;
      link.removeAttribute("data-ss-email");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", reveal);
  } else {
    reveal();
  }
})();

// A filter box over a long list of chips (tags, venues of the notes index): typing hides the
// chips that do not contain the text. Without JavaScript the box stays hidden and every chip
// shows.
(function () {
  "use strict";
  function setup() {
    document.querySelectorAll("[data-ss-filter-scope]").forEach(function (scope) {
      var box = scope.querySelector(".ss-filter");
      if (!box) return;
      var input = box.querySelector("input");
      box.hidden = false;
      input.addEventListener("input", function () {
        var wanted = input.value.trim().toLowerCase();
        scope.querySelectorAll(".ss-chip").forEach(function (chip) {
          chip.hidden = wanted !== "" && chip.textContent.toLowerCase().indexOf(wanted) < 0;
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
