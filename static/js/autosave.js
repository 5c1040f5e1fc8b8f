// Saves long texts in the background so a closed tab loses at most a few seconds of typing.
// Progressive enhancement: the page saves everything on submit without this file.
(function () {
  "use strict";
  var DELAY_MS = 2000;

  function baseInput(form, key) {
    return form.querySelector('input[name="base__' + key + '"]');
  }

  function setStatus(key, text) {
    var status = document.querySelector('[data-autosave-status="' + key + '"]');
    if (status) { status.textContent = text; }
  }

  function save(field, keepalive) {
    var form = field.form;
    var key = field.getAttribute("data-autosave");
    var base = baseInput(form, key);
    if (!base || field.value === field.getAttribute("data-saved-value")) { return; }
    var body = new FormData();
    body.append("csrf_token", form.querySelector('input[name="csrf_token"]').value);
    body.append("key", key);
    body.append("value", field.value);
    body.append("base", base.value);
    var sent = field.value;
    fetch(field.getAttribute("data-autosave-url"), {
      method: "POST", body: body, credentials: "same-origin", keepalive: keepalive,
      headers: { "X-CSRFToken": form.querySelector('input[name="csrf_token"]').value }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) {
          base.value = data.version;
          field.setAttribute("data-saved-value", sent);
        }
        setStatus(key, data.message || "");
      });
    }).catch(function () {
      setStatus(key, "Automatisch opslaan lukte niet. Uw tekst staat nog op deze pagina.");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var fields = document.querySelectorAll("[data-autosave]");
    var submitting = false;
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      form.addEventListener("submit", function () { submitting = true; });
    });
    Array.prototype.forEach.call(fields, function (field) {
      var timer = null;
      field.setAttribute("data-saved-value", field.value);
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { save(field, false); }, DELAY_MS);
      });
      field.addEventListener("blur", function (event) {
        clearTimeout(timer);
        // Leaving the field for a submit button: the page itself is about to save it.
        if (event.relatedTarget && event.relatedTarget.type === "submit") { return; }
        save(field, false);
      });
    });
    window.addEventListener("pagehide", function () {
      if (submitting) { return; }
      Array.prototype.forEach.call(fields, function (field) { save(field, true); });
    });
  });
})();
