// Runs axe-core (injected before) on the page, restricted to WCAG 2.0 and
// 2.1 levels A and AA, and answers its violations.
var done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  resultTypes: ["violations"]
}).then(function (results) {
  done({
    rules: results.passes.length + results.violations.length + results.incomplete.length + results.inapplicable.length,
    violations: results.violations.map(function (v) {
      return {
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map(function (n) { return n.target.join(" "); })
      };
    })
  });
}, function (error) {
  done({ error: String(error) });
});
