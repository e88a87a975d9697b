// The unit picker (Features/Shared/_UnitPicker.cshtml): typing searches unit names within the user's scope
// (GET /api/org-units?q=), choosing one fills the box with its name and the hidden field with its code, and then offers
// the chosen unit's children (GET /api/org-units?under=). Without this script the box still takes a name or a code and the
// server resolves it, so nothing here is needed to submit the form.
(function () {
  "use strict";
  var shown = 20;

  function bind(root) {
    if (root.dataset.bound === "1") return;
    root.dataset.bound = "1";
    var input = root.querySelector(".unit-picker-input");
    var code = root.querySelector(".unit-picker-code");
    var detail = root.querySelector(".unit-picker-detail");
    var list = root.querySelector(".unit-picker-list");
    var search = root.dataset.search;
    var pending = null;
    var timer = null;
    var active = -1;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function options() { return list.querySelectorAll("[role=option]"); }

    function highlight(index) {
      var all = options();
      if (all.length === 0) return;
      active = (index + all.length) % all.length;
      all.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function describe(u) { return (u.parentName ? u.parentName + " · " : "") + u.code; }

    function render(items, heading, truncated) {
      list.innerHTML = "";
      active = -1;
      if (heading) {
        var h = document.createElement("li");
        h.className = "unit-picker-heading";
        h.setAttribute("role", "presentation");
        h.textContent = heading;
        list.appendChild(h);
      }
      if (items.length === 0 && !heading) {
        var none = document.createElement("li");
        none.className = "unit-picker-none";
        none.setAttribute("role", "presentation");
        none.textContent = root.dataset.empty;
        list.appendChild(none);
      }
      items.slice(0, shown).forEach(function (u, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "unit-picker-name";
        name.textContent = u.name;
        var small = document.createElement("small");
        small.className = "muted";
        small.textContent = describe(u);
        li.appendChild(name);
        li.appendChild(small);
        // mousedown, not click: the box must not lose the choice to its own blur.
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(u); });
        list.appendChild(li);
      });
      if (truncated || items.length > shown) {
        var more = document.createElement("li");
        more.className = "unit-picker-none";
        more.setAttribute("role", "presentation");
        more.textContent = root.dataset.more;
        list.appendChild(more);
      }
      if (list.children.length === 0) { close(); return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function fetchUnits(query, then) {
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(search + "?" + query, { signal: pending.signal, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (v) { if (v) then(v); })
        .catch(function () { /* a cancelled or failed search leaves the box as it is */ });
    }

    function children(unitCode) {
      fetchUnits("under=" + encodeURIComponent(unitCode), function (v) {
        if (v.items.length === 0) { close(); return; }
        render(v.items, root.dataset.children, v.truncated);
      });
    }

    function choose(u) {
      input.value = u.name;
      code.value = u.code;
      detail.textContent = describe(u);
      close();
      if (document.activeElement === input) children(u.code);
    }

    input.addEventListener("input", function () {
      // What she types now is resolved by the server unless she chooses a unit again.
      code.value = "";
      detail.textContent = "";
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length === 0) { close(); return; }
      timer = setTimeout(function () {
        fetchUnits("q=" + encodeURIComponent(q), function (v) { render(v.items, null, v.truncated); });
      }, 200);
    });

    input.addEventListener("focus", function () {
      if (code.value && list.hidden) children(code.value);
    });

    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Escape") { e.preventDefault(); close(); }
      else if (e.key === "Enter" && active >= 0) {
        // Enter chooses the highlighted unit instead of submitting the form.
        e.preventDefault();
        options()[active].dispatchEvent(new MouseEvent("mousedown", { bubbles: true, cancelable: true }));
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function start() { document.querySelectorAll("[data-unit-picker]").forEach(bind); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
