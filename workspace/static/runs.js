// The progress page: polls /jobs/{id}/progress and goes to the run page when the review is complete.
(function () {
  var box = document.getElementById('job-progress');
  if (!box) { return; }
  var url = box.getAttribute('data-url');
  function text(id, value) { document.getElementById(id).textContent = value; }
  function show(p) {
    text('job-status', p.status_label);
    text('job-stage', p.stage_label);
    text('job-count', p.total ? (p.done || 0) + ' / ' + p.total : '');
    var bar = document.getElementById('job-bar');
    bar.max = p.total || 1;
    bar.value = p.done || 0;
    box.setAttribute('data-status', p.status);
    if (p.message) {
      var err = document.getElementById('job-error');
      err.textContent = p.message;
      err.hidden = false;
    }
  }
  function poll() {
    fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (r) { return r.json(); })
      .then(function (p) {
        show(p);
        if (p.run_url) { window.location.assign(p.run_url); return; }
        if (p.status !== 'failed') { window.setTimeout(poll, 700); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (box.getAttribute('data-status') !== 'failed') { poll(); }
})();
