// Dateline console: keyboard shortcuts. A small progressive enhancement: every action is a
// plain form button that works without this script.
//   j / k  next / previous comment     a  approve     r  reject (with the chosen reason)
//   e      edit, history and ban page
(function () {
  "use strict";
  var current = -1;
  function items() {
    return Array.prototype.slice.call(document.querySelectorAll(".console-item"));
  }
  function focusItem(index) {
    var list = items();
    if (!list.length) return;
    current = Math.max(0, Math.min(list.length - 1, index));
    list.forEach(function (el) { el.classList.remove("is-current"); });
    var el = list[current];
    el.classList.add("is-current");
    el.focus();
    el.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    if (event.key === "j") { focusItem(current + 1); event.preventDefault(); return; }
    if (event.key === "k") { focusItem(current - 1); event.preventDefault(); return; }
    if ((event.key === "a" || event.key === "r" || event.key === "e") && current >= 0) {
      var control = items()[current].querySelector('[data-key="' + event.key + '"]');
      if (control) { control.click(); event.preventDefault(); }
    }
  });
})();
