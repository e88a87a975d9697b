// Print buttons and links: any element marked data-print prints the page. A listener in a file, not an onclick
// attribute: the content policy allows scripts from the site's own files only (script-src 'self').
document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest('[data-print]') : null;
    if (!target) return;
    event.preventDefault();
    window.print();
});
