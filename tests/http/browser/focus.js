// The focused element and the style that shows where focus is: an outline
// or a box shadow.
var el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return null;
var style = getComputedStyle(el);
var outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
var shadow = style.boxShadow !== "none";
return {
  what: describe(el),
  shown: outline || shadow,
  style: "outline: " + style.outlineStyle + " " + style.outlineWidth + "; box-shadow: " + style.boxShadow
};
