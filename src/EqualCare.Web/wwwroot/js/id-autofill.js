// Typing an ID number fills birth date, sex and the 户籍地 county at once (GET /api/id-numbers/{number}).
// Fields the worker typed by hand are left alone; only values this script filled are replaced.
(function () {
  "use strict";
  var input = document.getElementById("IdNumber");
  if (!input) return;
  var feedback = document.getElementById("id-feedback");
  var hukouName = document.getElementById("hukou-name");
  var fields = {
    birth: document.getElementById("BirthDate"),
    sex: document.getElementById("Sex"),
    hukou: document.getElementById("HukouCountyCode")
  };
  var pending = null;

  function fill(field, value) {
    if (!field || !value) return;
    if (field.value && field.dataset.autofilled !== "1") return;
    field.value = value;
    field.dataset.autofilled = "1";
  }

  function check() {
    var number = input.value.replace(/\s+/g, "");
    if (number.length !== 15 && number.length !== 18) { feedback.textContent = ""; return; }
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(input.dataset.idCheck + encodeURIComponent(number),
          { signal: pending.signal, credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) {
        if (!v) return;
        if (v.valid || v.placeholder) {
          fill(fields.birth, v.birthDate);
          fill(fields.sex, v.sex === "Male" ? "1" : v.sex === "Female" ? "2" : "");
          fill(fields.hukou, v.areaCode);
          if (hukouName) hukouName.textContent = v.areaName || "";
        }
        feedback.textContent = v.valid
          ? [v.areaName, v.birthDate, v.sexName].filter(Boolean).join(" · ") + (v.messages.length ? " — " + v.messages.join("；") : "")
          : v.messages.join("；");
        feedback.className = v.valid ? "hint ok" : "hint bad";
      })
      .catch(function () { /* a cancelled or failed check leaves the form as it is */ });
  }

  input.addEventListener("input", check);
  Object.keys(fields).forEach(function (k) {
    if (fields[k]) fields[k].addEventListener("input", function () { fields[k].dataset.autofilled = "0"; });
  });
  if (input.value) check();
})();
