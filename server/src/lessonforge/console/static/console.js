// The console works without this script; with it: copy buttons, the browser's time zone at sign-in, and live
// job status (a region that re-fetches itself while the job is still running).
(function () {
  "use strict";
  function announce(text) {
    var region = document.getElementById("announce");
    if (region) { region.textContent = ""; window.setTimeout(function () { region.textContent = text; }, 50); }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var text = source.value !== undefined && source.tagName === "TEXTAREA" ? source.value : source.textContent;
    var done = function () { button.textContent = "Copied"; announce("Copied to the clipboard"); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { select(source); });
    } else { select(source); done(); }
  });
  function select(node) {
    var range = document.createRange(); range.selectNodeContents(node);
    var selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
    try { document.execCommand("copy"); } catch (e) { /* the text stays selected for Ctrl+C */ }
  }
  document.querySelectorAll("[data-timezone]").forEach(function (input) {
    try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* optional */ }
  });
  function poll(region) {
    var url = region.getAttribute("data-poll");
    window.setTimeout(function () {
      fetch(url, { headers: { "X-Console-Fragment": "1" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var holder = document.createElement("div"); holder.innerHTML = html;
          var fresh = holder.firstElementChild;
          if (!fresh) { return; }
          region.replaceWith(fresh);
          if (fresh.getAttribute("data-poll")) { poll(fresh); } else { announce(fresh.getAttribute("data-done") || "Updated"); }
        })
        .catch(function () { poll(region); });
    }, 1500);
  }
  document.querySelectorAll("[data-poll]").forEach(poll);
})();
