// Shows (and submits) only the fields of the chosen service kind; without script every field stays visible and the server checks them.
(function () {
  var kind = document.getElementById('service-kind');
  if (!kind) return;
  function show() {
    document.querySelectorAll('#service-form fieldset[data-kinds]').forEach(function (f) {
      f.hidden = f.disabled = f.getAttribute('data-kinds').split(' ').indexOf(kind.value) < 0;
    });
  }
  kind.addEventListener('change', show);
  show();
})();
