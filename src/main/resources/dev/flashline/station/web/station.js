// The station page: draws /api/state, then follows /api/events (server-sent events). Read-only.
(function () {
  'use strict';
  var portLabels = ['Port', 'Adapter', 'State', 'MAC', 'Device', 'Time', 'ETA', 'Note'];
  var recentLabels = ['Status', 'Port', 'MAC', 'Device', 'IP', 'Firmware', 'Seconds', 'Cause', 'Files'];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      if (c == null) return;
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function link(href, text, download) {
    var a = el('a', { href: href }, [text]);
    if (download) a.setAttribute('download', '');
    return a;
  }
  function duration(seconds) {
    if (seconds < 0) return '';
    var m = Math.floor(seconds / 60), s = Math.floor(seconds % 60);
    return m + ':' + (s < 10 ? '0' : '') + s;
  }
  function row(labels, cells, attrs) {
    return el('tr', attrs, cells.map(function (c, i) {
      var td = c instanceof Element && c.tagName === 'TD' ? c : el('td', {}, [c]);
      td.setAttribute('data-label', labels[i]);
      return td;
    }));
  }
  function portRow(p) {
    var state = el('td', { 'class': 'state ' + p.state }, [p.state === 'failed' && p.step ? 'failed at ' + p.step : p.label]);
    if (p.progress !== null && p.progress !== undefined) {
      state.appendChild(el('div', { 'class': 'bar' }, [el('i', { style: 'width:' + p.progress + '%' })]));
    }
    var note;
    if (p.cause) {
      note = el('td', { 'class': 'note cause' }, [p.cause, p.hint ? el('span', { 'class': 'hint' }, [p.hint]) : null]);
    } else {
      note = el('td', { 'class': 'note' }, [p.instruction || '']);
    }
    var device = p.ip ? el('td', {}, [p.name || '', ' ', link('http://' + p.ip + '/', p.ip)]) : el('td', {}, [p.name || '']);
    return row(portLabels, [el('td', { 'class': 'mono' }, [p.port]), p.adapter || '', state, el('td', { 'class': 'mono' }, [p.mac || '']),
      device, p.elapsedMs > 0 ? duration(p.elapsedMs / 1000) : '', p.etaSeconds >= 0 ? duration(p.etaSeconds) : '', note],
      { 'data-port': p.port, 'data-state': p.state, 'data-progress': p.progress == null ? '' : String(p.progress) });
  }
  function recentRow(d) {
    var files = el('td', {}, []);
    if (d.backupPath && d.backupPath.indexOf('backups/') === 0) {
      files.appendChild(link('/files/' + d.backupPath.split('/').map(encodeURIComponent).join('/'), 'backup', true));
      files.appendChild(document.createTextNode(' · '));
    }
    if (d.recordId) files.appendChild(link('/files/audit/' + encodeURIComponent(d.recordId) + '.json', 'audit record'));
    var cause = d.status === 'provisioned' ? el('td', {}, []) : el('td', { 'class': 'note cause' },
      [(d.failedStep || '?') + ': ' + (d.message || ''), d.hint ? el('span', { 'class': 'hint' }, [d.hint]) : null]);
    return row(recentLabels, [el('td', { 'class': 'state ' + (d.status === 'provisioned' ? 'done' : 'failed') }, [d.status]),
      el('td', { 'class': 'mono' }, [d.port || '']), el('td', { 'class': 'mono' }, [d.mac || '']), d.name || '',
      d.ip ? link('http://' + d.ip + '/', d.ip) : '', [d.firmwareName, d.firmwareVersion].filter(Boolean).join(' '),
      d.seconds.toFixed(1), cause, files], { 'class': d.status, 'data-mac': d.mac || '' });
  }
  function replace(tbody, rows) {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    rows.forEach(function (r) { tbody.appendChild(r); });
  }
  function draw(s) {
    var b = s.batch;
    document.getElementById('station').textContent = b.station ? '· ' + b.station : '';
    document.getElementById('c-done').textContent = (b.provisioned + b.failed) + (b.expected > 0 ? ' / ' + b.expected : '');
    document.getElementById('c-ok').textContent = b.provisioned;
    document.getElementById('c-failed').textContent = b.failed;
    document.getElementById('c-active').textContent = b.active;
    document.getElementById('c-time').textContent = duration(b.elapsedMs / 1000);
    document.getElementById('c-batch').textContent = 'batch ' + b.id + (b.ended ? (b.interrupted ? ' · interrupted' : ' · ended') : '');
    var reports = document.getElementById('reports');
    reports.hidden = !b.ended;
    document.getElementById('report-html').href = '/reports/' + encodeURIComponent(b.id) + '.html';
    document.getElementById('report-csv').href = '/reports/' + encodeURIComponent(b.id) + '.csv';
    replace(document.querySelector('#ports tbody'), s.ports.map(portRow));
    replace(document.querySelector('#recent tbody'), s.recent.map(recentRow));
  }
  function live(on) {
    var l = document.getElementById('live');
    l.textContent = on ? 'live' : 'reconnecting…';
    l.className = on ? 'live' : 'live off';
  }
  fetch('/api/state').then(function (r) { return r.json(); }).then(draw).catch(function () { live(false); });
  if (window.EventSource) {
    var source = new EventSource('/api/events');
    source.onopen = function () { live(true); };
    source.onerror = function () { live(false); };
    source.addEventListener('state', function (e) { draw(JSON.parse(e.data)); });
    // Between state snapshots, move the bar of a byte-moving step at once.
    source.addEventListener('progress', function (e) {
      var p = JSON.parse(e.data);
      var tr = Array.prototype.find.call(document.querySelectorAll('#ports tbody tr'), function (r) { return r.dataset.port === p.port; });
      if (!tr) return;
      var pct = Math.floor(p.total > 0 ? Math.min(1, p.done / p.total) * 100 : 100);
      var bar = tr.querySelector('.bar i');
      var label = tr.querySelector('td.state').firstChild;
      if (!bar || !label) return;
      tr.dataset.progress = String(pct);
      bar.style.width = pct + '%';
      label.textContent = label.textContent.replace(/\d+ %$/, pct + ' %');
    });
  } else {
    setInterval(function () { fetch('/api/state').then(function (r) { return r.json(); }).then(draw); }, 1000);
  }
})();
