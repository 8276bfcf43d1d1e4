// Dateline console: keyboard shortcuts in the queue, and drafts that save themselves. A
// small progressive enhancement: every action is a plain form button that works without
// this script.
//   j / k  next / previous comment     a  approve     r  reject (asks for a reason if none)
//   e      edit, history and ban page     x  select for a bulk action
// After a decision the server sends the moderator to the next comment (#cID): the keyboard
// position starts there.
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
    if ((event.key === "a" || event.key === "r" || event.key === "e" || event.key === "x") && current >= 0) {
      var control = items()[current].querySelector('[data-key="' + event.key + '"]');
      if (control) { control.click(); event.preventDefault(); }
    }
  });
  var landed = location.hash && /^#c\d+$/.test(location.hash) ? document.getElementById(location.hash.slice(1)) : null;
  if (landed) focusItem(items().indexOf(landed));
  var selectAll = document.querySelector("[data-select-all]");
  if (selectAll) {
    selectAll.addEventListener("click", function (event) {
      var boxes = document.querySelectorAll('.console-queue input[name="ids"]');
      var all = Array.prototype.every.call(boxes, function (box) { return box.checked; });
      Array.prototype.forEach.call(boxes, function (box) { box.checked = !all; });
      event.preventDefault();
    });
  }
})();

// A draft saves itself 15 seconds after its writer stops typing (and at least every minute
// while they type), as a new revision; every revision field on the page follows, so that
// the writer's own next save, photo or action is not taken for someone else's.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var status = form.querySelector(".story-autosave");
  // The words come from the page, in the console's language.
  var words = {
    saved: form.getAttribute("data-autosaved") || "Saved automatically, TIME.",
    refused: form.getAttribute("data-autosave-refused") || "Not saved automatically:",
    offline: form.getAttribute("data-autosave-offline") || "Not saved automatically: no connection."
  };
  var dirty = false, inFlight = false, stopped = false, timer = null, firstChange = 0;
  function say(text) { if (status) status.textContent = text; }
  function save() {
    timer = null;
    if (!dirty || inFlight || stopped) return;
    inFlight = true;
    dirty = false;
    firstChange = 0;
    var body = new URLSearchParams(new FormData(form));
    body.set("action", "autosave");
    fetch(form.getAttribute("data-autosave"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (answer) { return { status: response.status, answer: answer }; });
    }).then(function (result) {
      if (result.status === 200) {
        document.querySelectorAll('input[name="revision"]').forEach(function (field) {
          field.value = String(result.answer.revision);
        });
        say(words.saved.replace("TIME", result.answer.saved_at));
      } else if (result.status === 422) {
        var problems = (result.answer.errors || []).map(function (e) { return e.message; });
        say(words.refused + " " + problems.join("; ") + ".");
      } else {
        stopped = true;
        say(words.refused + " " + (result.answer.error || "") + ".");
      }
    }).catch(function () {
      dirty = true;
      say(words.offline);
    }).then(function () { inFlight = false; });
  }
  function changed() {
    dirty = true;
    var now = Date.now();
    if (!firstChange) firstChange = now;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, now - firstChange > 45000 ? 0 : 15000);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  var pending = null;
  form.addEventListener("submit", function (event) {
    if (timer) clearTimeout(timer);
    if (inFlight) {
      // Wait for the automatic save, so that this one starts from its revision.
      event.preventDefault();
      pending = event.submitter || null;
      return;
    }
    stopped = true;
  });
  setInterval(function () {
    if (pending && !inFlight) {
      var button = pending;
      pending = null;
      stopped = true;
      if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
    }
  }, 200);
})();
