// A long form is submitted by its submit button only: Enter in a one-line field (a habit when moving on, or a scanner's
// trailing Enter after an ID number) would otherwise send a half-filled form. Enter keeps its meaning in a textarea, on
// a button and on a link. Applies to every form marked data-no-enter-submit.
(function () {
    'use strict';
    document.addEventListener('keydown', function (e) {
        if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return; // 229: an IME (拼音) is composing
        var target = e.target;
        if (!target || !target.form || !target.form.hasAttribute('data-no-enter-submit')) return;
        var tag = target.tagName;
        if (tag === 'TEXTAREA' || tag === 'BUTTON' || tag === 'A') return;
        if (tag === 'INPUT' && /^(submit|button|reset|image)$/i.test(target.type)) return;
        e.preventDefault();
    });
})();
