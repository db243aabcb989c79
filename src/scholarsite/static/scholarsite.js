// Turns obfuscated e-mail placeholders into working mailto: links.
// The page source holds the address only reversed and base64-encoded (see render.py), so
// address-harvesting scrapers that read HTML find nothing; visitors see and use it.
(function () {
  "use strict";
  function reveal() {
    document.querySelectorAll("[data-ss-email]").forEach(function (link) {
      var address = atob(link.getAttribute("data-ss-email")).split("").reverse().join("");
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
