// The error summary of a refused form: focused on load (so that it is seen and read first), and each link moves the
// focus into its field, found by id or, failing that, by the field's name.
(function () {
    'use strict';
    var summary = document.querySelector('[data-focus-on-load]');
    if (!summary) return;
    summary.focus();
    summary.addEventListener('click', function (e) {
        var link = e.target.closest ? e.target.closest('a[href^="#"]') : null;
        if (!link) return;
        var id = link.getAttribute('href').slice(1);
        var field = document.getElementById(id);
        var name = link.getAttribute('data-field');
        if (!field && name) field = document.querySelector('[name="' + name.replace(/"/g, '') + '"]');
        if (!field) return;
        e.preventDefault();
        var label = field.closest('label') || field;
        label.scrollIntoView({ block: 'center' });
        field.focus({ preventScroll: true });
    });
})();
