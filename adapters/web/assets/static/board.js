// Klubba's live board: swaps in each frame the server pushes, and ticks
// the countdowns from the server's time, not the viewer's clock.
'use strict';
(function () {
  const root = document.getElementById('board');
  const status = document.getElementById('status');
  if (!root || !window.EventSource) return;
  let offset = 0;          // server time minus this clock, in ms
  let last = root.dataset.id || '';
  let source = null;
  let retry = 1000;

  function board() { return root.querySelector('.board'); }
  function say(state) {
    const b = board();
    status.dataset.state = state;
    status.textContent = b ? (b.dataset[state] || '') : '';
  }
  function sync() {
    const b = board();
    if (b) {
      offset = Number(b.dataset.now) - Date.now();
      document.title = b.dataset.title + ' · Klubba';
      document.documentElement.lang = b.lang;
    }
  }
  // Screen readers hear who has the floor and each poll's results, from
  // two live regions outside the board, which is swapped whole on each
  // frame: a region that is replaced is not reliably read out.
  const floorLive = document.getElementById('announce-floor');
  const resultsLive = document.getElementById('announce-results');
  function floorText() {
    const s = root.querySelector('#speaker');
    const h = root.querySelector('#h-floor');
    return s && !s.classList.contains('muted') ? (h ? h.textContent + ': ' : '') + s.textContent.trim() : '';
  }
  function closedPolls() {
    const out = {};
    root.querySelectorAll('.poll.closed').forEach(function (p) {
      const h = p.querySelector('h2'), q = p.querySelector('.question'), o = p.querySelector('.outcome');
      out[p.id] = [h, q, o].filter(Boolean).map(function (e) { return e.textContent.trim(); }).join(': ');
    });
    return out;
  }
  let lastFloor = floorText();
  let announced = closedPolls();
  function announce() {
    const f = floorText();
    if (f && f !== lastFloor && floorLive) floorLive.textContent = f;
    lastFloor = f;
    const polls = closedPolls();
    Object.keys(polls).forEach(function (id) {
      if (!(id in announced) && resultsLive) resultsLive.textContent = polls[id];
    });
    announced = polls;
  }
  function two(n) { return n < 10 ? '0' + n : String(n); }
  function clock(ms) {
    const s = Math.round(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
    return (h ? h + ':' + two(m) : String(m)) + ':' + two(r);
  }
  function tick() {
    const now = Date.now() + offset;
    root.querySelectorAll('[data-deadline]').forEach(function (el) {
      const left = Number(el.dataset.deadline) - now;
      const over = left < -500;
      el.querySelector('.clock').textContent = (over ? '+' : '') + clock(left);
      el.querySelector('.clock-word').textContent = over ? el.dataset.over : el.dataset.left;
      el.classList.toggle('over', over);
    });
    root.querySelectorAll('[data-since]').forEach(function (el) {
      el.querySelector('.clock').textContent = clock(now - Number(el.dataset.since));
    });
  }
  function connect() {
    const url = location.pathname.replace(/\/$/, '') + '/events' + (last ? '?last=' + encodeURIComponent(last) : '');
    source = new EventSource(url);
    source.onopen = function () { retry = 1000; say('live'); };
    source.addEventListener('board', function (e) {
      last = e.lastEventId;
      root.innerHTML = e.data;
      announce();
      sync();
      tick();
      say('live');
    });
    source.addEventListener('gone', function () {
      source.close();
      root.classList.add('revoked');
      say('revoked');
    });
    source.onerror = function () {
      say('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        // The server answered with an error, or went away for good:
        // try again, more slowly each time, with what we have.
        setTimeout(connect, retry);
        retry = Math.min(retry * 2, 30000);
      }
    };
  }
  sync();
  tick();
  setInterval(tick, 250);
  connect();
})();
