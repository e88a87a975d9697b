// The check-up day sheet: "全部到检" ticks every woman not yet marked as came (result 正常 where none is chosen), then
// the worker marks the exceptions. A line is either came or absent: choosing a reason unticks 到检, ticking 到检 clears
// the reason, so the save never meets a line that says both.
(function () {
    'use strict';
    var sheet = document.getElementById('sheet');
    if (!sheet) return;
    var rows = Array.prototype.slice.call(sheet.querySelectorAll('tbody tr'));

    function field(row, cls) { return row.querySelector('.' + cls); }

    rows.forEach(function (row) {
        var came = field(row, 'came'), reason = field(row, 'reason'), result = field(row, 'result');
        if (!came || !reason) return;
        came.addEventListener('change', function () {
            if (came.checked) reason.value = '';
        });
        reason.addEventListener('change', function () {
            if (reason.value !== '') {
                came.checked = false;
                if (result) result.value = '';
            }
        });
    });

    var all = document.getElementById('all-came');
    if (!all) return;
    all.hidden = false;
    var hint = document.getElementById('all-came-hint');
    if (hint) hint.hidden = false;
    all.addEventListener('click', function () {
        rows.forEach(function (row) {
            if (row.getAttribute('data-state') !== 'NotRecorded') return; // a recorded mark changes only by her own hand
            var came = field(row, 'came'), reason = field(row, 'reason'), result = field(row, 'result');
            if (!came) return;
            came.checked = true;
            if (reason) reason.value = '';
            if (result && result.value === '') result.value = 'Normal';
        });
    });
})();
