// How the report names an element: its tag, id or classes, name, and the
// start of its text, so that a reader finds it on the screenshot.
function describe(el) {
  var name = el.tagName.toLowerCase();
  if (el.id) {
    name += "#" + el.id;
  } else if (el.classList.length) {
    name += "." + Array.prototype.slice.call(el.classList, 0, 2).join(".");
  }
  var field = el.getAttribute("name");
  if (field && !el.id) name += "[name=" + field + "]";
  var label = el.getAttribute("aria-label");
  var text = (label || el.innerText || el.value || "").replace(/\s+/g, " ").trim();
  if (text) name += " \"" + (text.length > 40 ? text.slice(0, 40) + "…" : text) + "\"";
  return name;
}
