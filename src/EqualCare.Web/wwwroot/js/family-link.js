// The family links of the case form (Features/Persons/_FamilyLink.cshtml): typing a name or a full ID number lists the
// matching persons of the worker's area (GET /api/persons, masked numbers); choosing one sets the link (the hidden id)
// and shows her by name and masked number. Without this script the box takes an ID number and the server resolves it.
(function () {
  "use strict";
  var idPattern = /^(\d{15}|\d{17}[\dXx])$/;

  function bind(root) {
    if (root.dataset.bound === "1") return;
    root.dataset.bound = "1";
    var input = root.querySelector(".family-link-input");
    var hidden = root.querySelector(".family-link-id");
    var current = root.querySelector(".family-link-current");
    var list = root.querySelector(".unit-picker-list");
    var pending = null;
    var timer = null;
    var active = -1;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
    }

    function choose(p) {
      hidden.value = p.id;
      current.querySelector(".family-link-name").textContent = p.name;
      current.querySelector(".family-link-masked").textContent = p.idNumberMasked;
      current.querySelector(".family-link-unlink").checked = false;
      current.hidden = false;
      input.value = "";
      close();
    }

    function render(items) {
      list.innerHTML = "";
      active = -1;
      if (items.length === 0) {
        var none = document.createElement("li");
        none.className = "unit-picker-none";
        none.setAttribute("role", "presentation");
        none.textContent = root.dataset.none;
        list.appendChild(none);
      }
      items.forEach(function (p, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "unit-picker-name";
        name.textContent = p.name;
        var small = document.createElement("small");
        small.className = "muted mono";
        small.textContent = p.idNumberMasked + " · " + p.birthDate;
        li.appendChild(name);
        li.appendChild(small);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(p); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.replace(/\s+/g, "");
      var query = idPattern.test(q) ? "idNumber=" + encodeURIComponent(q)
        : q.length > 0 && !/^\d+$/.test(q) ? "name=" + encodeURIComponent(q) : null;
      if (!query) { close(); return; }
      timer = setTimeout(function () {
        if (pending) pending.abort();
        pending = new AbortController();
        fetch(root.dataset.search + "?pageSize=10&" + query,
              { signal: pending.signal, credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (v) { if (v) render(v.items); })
          .catch(function () { /* a cancelled or failed search leaves the form as it is */ });
      }, 250);
    });

    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      var all = list.querySelectorAll("[role=option]");
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (all.length === 0) return;
        active = (active + (e.key === "ArrowDown" ? 1 : -1) + all.length) % all.length;
        all.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      } else if (e.key === "Escape") { e.preventDefault(); close(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        all[active].dispatchEvent(new MouseEvent("mousedown", { bubbles: true, cancelable: true }));
      }
    });

    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function start() { document.querySelectorAll("[data-family-link]").forEach(bind); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
