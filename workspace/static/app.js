// The workspace's only script: the CSRF header on fetch(), and confirmations before irreversible actions.
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  window.csrfFetch = function (url, options) {
    options = options || {};
    options.headers = Object.assign({'X-CSRF-Token': meta ? meta.content : ''}, options.headers || {});
    options.credentials = 'same-origin';
    return fetch(url, options);
  };
  document.addEventListener('submit', function (e) {
    var msg = e.target.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
})();
