// The door screen shows a new check-in code every minute (each one is accepted for two), so a
// photo of it sent to someone elsewhere soon stops working. Without JavaScript the
// "Show a new code" link does the same by hand.
(function () {
  "use strict";
  var link = document.querySelector("[data-renew-after]");
  if (!link) {
    return;
  }
  var seconds = parseInt(link.getAttribute("data-renew-after"), 10) || 60;
  window.setTimeout(function () {
    window.location.replace(link.href);
  }, seconds * 1000);
})();
