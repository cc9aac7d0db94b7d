// The site menu on a phone (templates/base.html): a Menu button shows and hides the list of
// links, and says whether it is open (aria-expanded). Loaded right after the menu, not
// deferred, so the page is never drawn with the list unfolded first. Without this script
// the <details> around the list opens and closes it instead.
(function () {
  var details = document.querySelector("details[data-menu]");
  if (!details) return;
  var list = details.querySelector("ul");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-button secondary outline";
  button.textContent = "Menu";
  button.setAttribute("aria-controls", list.id);
  button.setAttribute("aria-expanded", "false");
  details.replaceWith(button, list);

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
