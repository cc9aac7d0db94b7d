/* Equipment directory pre-fill: typing an AHRI number that the directory lists fills
 * the make, models, SEER/HSPF and SEER2/HSPF2 (whichever the directory lists) and capacity
 * that are still empty. A value already typed is kept (nothing typed is lost) and a
 * difference from the directory is pointed out. A number the
 * directory does not list is accepted as typed: the job goes to BPA Pending for staff to check.
 * The server is the authority either way: the engine looks the number up again on save. */
(function () {
  "use strict";

  function labelOf(form, field) {
    var label = field.id && form.querySelector('label[for="' + field.id + '"]');
    return label ? label.textContent.replace("*", "").trim() : field.name;
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function init(form) {
    var input = form.querySelector('input[name="ahri_number"]');
    if (!input || !form.dataset.ahriUrl) return;
    var note = document.createElement("small");
    note.setAttribute("data-testid", "ahri-status");
    note.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", note);
    var asked = null;

    function show(values, number) {
      var filled = [];
      var differs = [];
      Object.keys(values).forEach(function (name) {
        var value = values[name];
        var field = form.querySelector('input[name="' + name + '"]');
        if (name === "ahri_number" || value === null || !field) return;
        if (field.value.trim() === "") {
          field.value = value;
          filled.push(labelOf(form, field));
        } else if (field.value.trim() !== value && Number(field.value) !== Number(value)) {
          differs.push(labelOf(form, field) + " (directory: " + value + ")");
        }
      });
      var text = "AHRI " + number + " is in the equipment directory.";
      if (filled.length) text += " Filled in: " + filled.join(", ") + ".";
      if (differs.length) text += " Check what you typed against the directory: " + differs.join(", ") + ".";
      note.textContent = text;
      // Let the live preview (htmx, on change) re-evaluate with the filled values.
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function lookup() {
      var number = input.value.trim();
      if (number === asked) return;
      asked = number;
      if (!number) {
        note.textContent = "";
        return;
      }
      var url = form.dataset.ahriUrl.replace("AHRI_NUMBER", encodeURIComponent(number));
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (input.value.trim() !== number) return null; // typed on meanwhile
          if (response.status === 404) {
            return response.json().then(function (body) {
              if (input.value.trim() !== number) return null;
              note.textContent = body && body.directory_has_rows
                ? "AHRI " + number + " is not in the equipment directory. Type the values from " +
                  "the AHRI certificate: the job will go to BPA Pending for the PTCS team to verify."
                : "The registry's equipment directory is not loaded yet, so AHRI " + number +
                  " cannot be looked up. Type the values from the AHRI certificate.";
              return null;
            }, function () { return null; });
          }
          return response.ok ? response.json() : null;
        })
        .then(function (values) {
          if (values) show(values, number);
        })
        .catch(function () {
          note.textContent = "";
        });
    }

    input.addEventListener("input", debounce(lookup, 400));
    input.addEventListener("change", lookup);
    if (input.value.trim()) lookup();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-ahri-url]").forEach(init);
  });
})();
