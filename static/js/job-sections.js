/* The measure form one section at a time, on a phone or a tablet (a technician in a
 * crawlspace): the section list, Previous and Next only change which part of the ONE form
 * shows, so nothing typed is lost and Save Progress or Complete sends every value. On a wide
 * screen, and without JavaScript, every section shows.
 *
 * Which section opens: the one holding the first field the server refused (data-open-section),
 * else the one named in the address (#section-airflow, kept while moving, so a reload comes
 * back to it), else the first. A link to a field or a section (the error summary, the status
 * bar's "Live check") opens its section first.
 */
(function () {
  "use strict";

  var STEPPED = "(max-width: 1023px)";

  function init(form) {
    var sections = Array.prototype.slice.call(form.querySelectorAll("[data-section]"));
    if (!sections.length) return;
    var links = Array.prototype.slice.call(form.querySelectorAll("[data-section-link]"));
    var media = window.matchMedia(STEPPED);
    var current = null;

    function sectionOf(element) {
      return element && element.closest ? element.closest("[data-section]") : null;
    }

    function byId(id) {
      try {
        return id ? document.getElementById(decodeURIComponent(id)) : null;
      } catch (e) {
        return null;
      }
    }

    function show(section, options) {
      options = options || {};
      current = section;
      sections.forEach(function (s) {
        s.classList.toggle("is-current", s === section);
      });
      links.forEach(function (link) {
        if (link.getAttribute("data-section-link") === section.getAttribute("data-section")) {
          link.setAttribute("aria-current", "step");
          // Bring the current section's name into the section list's row (it scrolls sideways).
          var row = link.closest("ol");
          if (row && row.scrollWidth > row.clientWidth) {
            row.scrollLeft = link.offsetLeft - row.offsetLeft - 16;
          }
        } else {
          link.removeAttribute("aria-current");
        }
      });
      if (options.remember !== false && window.history.replaceState) {
        window.history.replaceState(window.history.state, "", "#" + section.id);
      }
      if (options.scroll && form.classList.contains("is-stepped")) {
        var top = section.getBoundingClientRect().top + window.pageYOffset;
        window.scrollTo(0, Math.max(0, top - 8));
        var heading = section.querySelector("[tabindex='-1'], h2");
        if (heading && heading.focus) heading.focus({ preventScroll: true });
      }
    }

    function step(delta) {
      var index = sections.indexOf(current) + delta;
      if (index >= 0 && index < sections.length) show(sections[index], { scroll: true });
    }

    function layout() {
      form.classList.toggle("is-stepped", media.matches);
    }

    // The section to open first.
    var first = sections[0];
    var refused = form.getAttribute("data-open-section");
    var named = sectionOf(byId(window.location.hash.slice(1)));
    if (refused) {
      first = form.querySelector('[data-section="' + refused + '"]') || first;
    } else if (named) {
      first = named;
    }
    layout();
    show(first, { remember: !refused && !!named });
    if (media.addEventListener) {
      media.addEventListener("change", layout);
    } else if (media.addListener) {
      media.addListener(layout);
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-step]") : null;
      if (!button) return;
      event.preventDefault();
      step(button.getAttribute("data-step") === "next" ? 1 : -1);
    });

    // A link to a field or a section anywhere on the page (the error summary sits above the
    // form) opens that section; the browser then scrolls to it as usual.
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
      if (!link) return;
      var target = byId(link.getAttribute("href").slice(1));
      var section = sectionOf(target);
      if (!section || !form.contains(section)) return;
      show(section, { remember: false });
      if (target !== section && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
        event.preventDefault();
        window.history.replaceState(window.history.state, "", "#" + section.id);
        target.focus();
        if (target.scrollIntoView) target.scrollIntoView({ block: "center" });
      }
    });

    form.setAttribute("data-sections-ready", "");

    window.addEventListener("hashchange", function () {
      var section = sectionOf(byId(window.location.hash.slice(1)));
      if (section && form.contains(section) && section !== current) {
        show(section, { remember: false });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-sections]").forEach(init);
  });
})();
