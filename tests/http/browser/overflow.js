// The page's width against the window's and, when it is wider, the
// outermost elements that reach past the window's right edge (siblings
// together, as their parent). Elements inside a container that clips or
// scrolls them do not widen the page and are left out.
var limit = window.innerWidth;
var wide = document.documentElement.scrollWidth;
var outermost = [];
if (wide > limit) {
  var candidates = [document.body].concat(Array.prototype.slice.call(document.body.querySelectorAll("*")));
  for (var i = 0; i < candidates.length; i++) {
    var el = candidates[i];
    var box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit + 0.5) continue;
    var inside = false;
    for (var up = el.parentElement; up && up !== document.body && up !== document.documentElement; up = up.parentElement) {
      if (outermost.indexOf(up) >= 0 || getComputedStyle(up).overflowX !== "visible") {
        inside = true;
        break;
      }
    }
    if (!inside) outermost.push(el);
  }
}
var sticking = [];
var told = [];
for (var j = 0; j < outermost.length; j++) {
  var one = outermost[j];
  if (told.indexOf(one) >= 0) continue;
  var siblings = outermost.filter(function (other) { return other.parentElement === one.parentElement; });
  var right = Math.max.apply(null, siblings.map(function (s) { return Math.round(s.getBoundingClientRect().right); }));
  if (siblings.length > 1) {
    sticking.push(siblings.length + " children of " + describe(one.parentElement) + " (to " + right + " px)");
  } else {
    sticking.push(describe(one) + " (to " + right + " px)");
  }
  told = told.concat(siblings);
}
return { wide: wide, limit: limit, sticking: sticking };
