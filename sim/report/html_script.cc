#include "report/html_assets.h"

namespace gilsim {

// The chart: lanes are drawn from the data for the visible time range only,
// with bars thinner than a pixel folded together, and only for the lanes near
// the window, so a big run stays responsive.
const char* const kHtmlScript = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('gilsim-data').textContent);
  var chart = document.getElementById('chart');
  var tooltip = document.getElementById('tooltip');
  var NS = 'http://www.w3.org/2000/svg';
  var LABEL = 200, ROW = 20, BAR = 14, AXIS = 24, LEVEL = 64, RIGHT = 12;
  // States are bright and light; threads (on core and GIL lanes) are deep, so
  // the two kinds of lane do not read alike.
  var STATES = {
    running: ['#40c057', 'running'],
    native: ['#91a7ff', 'running native code without the GIL'],
    ready: ['#74c0fc', 'ready, waiting for a core'],
    gil_wait: ['#ff6b6b', 'waiting for the GIL'],
    sleep: ['#ced4da', 'sleeping'],
    io: ['#ffc078', 'in I/O'],
    join: ['#b197fc', 'joining'],
    start: ['#e5dbff', 'waiting for a started thread'],
    process_wait: ['#d0bfff', 'waiting for a process to finish'],
    lock_wait: ['#e8590c', 'waiting for a lock or semaphore'],
    event_wait: ['#fcc419', 'waiting for an event'],
    queue_wait: ['#20c997', 'waiting on a queue'],
    device_wait: ['#845ef7', 'queued for a device']
  };
  var tick = data.tick, makespan = data.makespan;
  var view = { t0: 0, t1: Math.max(makespan, 1) };
  var minSpan = Math.min(Math.max(makespan, 1), 20 / tick);  // 20 ns; a tick can be far longer
  var plotW = 600, scheduled = false;

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  var THREAD_COLOURS = ['#1c3f8c', '#7a1f3d', '#0b6e6e', '#6b4226', '#4b2c8a', '#8a5a00', '#4a5568', '#8c2d19',
                        '#5c1a5c', '#20506b'];
  function threadColour(t) {
    if (t < THREAD_COLOURS.length) return THREAD_COLOURS[t];
    return 'hsl(' + ((t * 137.508) % 360).toFixed(1) + ',45%,' + (t % 2 ? 28 : 36) + '%)';
  }
  function stateOf(key) { return data.states[key % 16]; }
  function threadOf(lane, key) { return lane.kind === 'gil' ? Math.floor(key / 2) : key; }
  function colourOf(lane, key) {
    if (lane.kind === 'thread') { var s = STATES[stateOf(key)]; return s ? s[0] : '#000'; }
    if (lane.kind === 'core' && key >= data.threads.length) return '#adb5bd';  // a context switch
    return threadColour(threadOf(lane, key));
  }
  // The identity of a bar's colour: bars with the same one merge when they touch.
  function drawKey(lane, key) { return lane.kind === 'thread' ? key % 16 : threadOf(lane, key); }

  // Exact from integer nanoseconds: 0 ns, 250 ns, 1.5 ms, 12.000001 s.
  function fmt(ticks) {
    var ns = Math.round(ticks * tick);
    if (ns === 0) return '0';
    var units = [[1e9, 's'], [1e6, 'ms'], [1e3, '\u00b5s'], [1, 'ns']];
    for (var i = 0; i < units.length; i++) {
      var u = units[i][0];
      if (Math.abs(ns) >= u || u === 1) {
        var whole = Math.floor(ns / u), frac = String(ns - whole * u);
        var digits = String(u).length - 1;
        frac = (Array(digits + 1).join('0') + frac).slice(-digits || 1).replace(/0+$/, '');
        return whole + (digits && frac ? '.' + frac : '') + ' ' + units[i][1];
      }
    }
  }

  var lanes = data.lanes.map(function (lane, index) {
    var s = lane.slices, n = s.length / 3, t = 0;
    var starts = new Float64Array(n), ends = new Float64Array(n), keys = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      starts[i] = t + s[3 * i]; ends[i] = starts[i] + s[3 * i + 1]; keys[i] = s[3 * i + 2]; t = ends[i];
    }
    var merged = new Map();
    lane.merged.forEach(function (m) { merged.set(m[0], m[1]); });
    return { kind: lane.kind, label: lane.label, process: lane.process, index: index, n: n, starts: starts, ends: ends, keys: keys,
             merged: merged, drawn: '' };
  });
  function decodeCurve(flat) {
    var times = [], values = [];
    for (var i = 0; i < flat.length; i += 2) { times.push(flat[i]); values.push(flat[i + 1]); }
    return { times: times, values: values };
  }
  var levels = [
    { name: 'concurrency', label: 'concurrency', what: 'threads alive', curve: decodeCurve(data.concurrency) },
    { name: 'parallelism', label: 'parallelism', what: 'threads on a core', curve: decodeCurve(data.parallelism) }
  ];
  var levelMax = Math.max(1, data.cores, data.concurrency_max, data.parallelism_max);

  // First index whose value is greater than t (values sorted).
  function upperBound(values, t) {
    var lo = 0, hi = values.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (values[mid] > t) hi = mid; else lo = mid + 1; }
    return lo;
  }
  function xOf(t) { return LABEL + (t - view.t0) * plotW / (view.t1 - view.t0); }
  function tOf(x) { return view.t0 + (x - LABEL) * (view.t1 - view.t0) / plotW; }

  // ---------------------------------------------------------------- skeleton
  chart.textContent = '';
  var axisWrap = document.createElement('div');
  axisWrap.className = 'axis-wrap';
  chart.appendChild(axisWrap);
  var axisSvg = el('svg', { id: 'axis', height: AXIS }, axisWrap);
  var lanesSvg = el('svg', { id: 'lanes', height: lanes.length * ROW }, chart);
  lanesSvg.setAttribute('class', 'plot');
  var grid = el('g', { 'class': 'grid' }, lanesSvg);
  lanes.forEach(function (lane, i) {
    var g = el('g', { 'class': 'lane ' + lane.kind, 'data-kind': lane.kind, transform: 'translate(0,' + i * ROW + ')' },
               lanesSvg);
    if (i > 0 && lane.process !== lanes[i - 1].process) el('line', { 'class': 'group', x1: 0, x2: '100%', y1: 0, y2: 0 }, g);
    lane.bg = el('rect', { 'class': 'lane-bg', x: LABEL, y: (ROW - BAR) / 2, height: BAR, width: 1 }, g);
    var label = el('text', { 'class': 'lane-label', x: 6, y: ROW / 2 + 4 }, g);
    label.textContent = lane.label.length > 28 ? '\u2026' + lane.label.slice(-27) : lane.label;
    el('title', {}, label).textContent = lane.label;
    lane.bars = el('g', { 'class': 'bars' }, g);
  });
  var levelsSvg = el('svg', { id: 'levels', height: levels.length * (LEVEL + 8) + 4 }, chart);
  levelsSvg.setAttribute('class', 'plot');

  // ---------------------------------------------------------------- legend
  var legend = document.getElementById('legend');
  function legendItem(colour, text) {
    var span = document.createElement('span');
    span.innerHTML = '<span class="swatch" style="background:' + colour + '"></span>' + esc(text);
    legend.appendChild(span);
  }
  function legendGroup(text) {
    var span = document.createElement('span');
    span.className = 'group';
    span.textContent = text;
    legend.appendChild(span);
  }
  legendGroup('Thread lanes:');
  Object.keys(STATES).forEach(function (s) { legendItem(STATES[s][0], STATES[s][1]); });
  if (data.threads.length <= 48) {
    legendGroup('Core and GIL lanes:');
    data.threads.forEach(function (name, t) { legendItem(threadColour(t), name); });
  } else {
    legendGroup('Core and GIL lanes: one colour per thread (hover for its name).');
  }
  legendItem('#1d2330', 'GIL taken after a forced drop');

  // ---------------------------------------------------------------- drawing
  function drawAxis() {
    while (axisSvg.firstChild) axisSvg.removeChild(axisSvg.firstChild);
    while (grid.firstChild) grid.removeChild(grid.firstChild);
    var spanNs = (view.t1 - view.t0) * tick, target = spanNs / Math.max(2, plotW / 110), step = 1;
    while (step * 10 <= target) step *= 10;
    if (step < target) step = step * 2 >= target ? step * 2 : step * 5 >= target ? step * 5 : step * 10;
    // Labels in the unit of the visible span, with the decimals the step needs: 0.5 ms, not 500 us.
    var unit = spanNs >= 1e9 ? [1e9, 's'] : spanNs >= 1e6 ? [1e6, 'ms'] : spanNs >= 1e3 ? [1e3, '\u00b5s'] : [1, 'ns'];
    var decimals = Math.max(0, Math.ceil(Math.log10(unit[0] / step) - 1e-9));
    for (var t = Math.ceil(view.t0 * tick / step) * step; t <= view.t1 * tick; t += step) {
      var x = xOf(t / tick);
      var g = el('g', { 'class': 'tick' }, axisSvg);
      el('line', { x1: x, x2: x, y1: AXIS - 6, y2: AXIS }, g);
      var last = x > LABEL + plotW - 50;  // keep the last label inside the chart
      el('text', { x: last ? x - 3 : x + 3, y: AXIS - 9, 'text-anchor': last ? 'end' : 'start' }, g).textContent =
          (t / unit[0]).toFixed(decimals) + ' ' + unit[1];
      el('line', { x1: x, x2: x, y1: 0, y2: lanes.length * ROW }, grid);
    }
    el('text', { x: 6, y: AXIS - 9 }, axisSvg).textContent = 'time';
  }

  function drawLane(lane) {
    var bars = lane.bars, scale = plotW / (view.t1 - view.t0);
    while (bars.firstChild) bars.removeChild(bars.firstChild);
    var frag = document.createDocumentFragment(), bar = null;
    function flush() {
      if (!bar) return;
      var w = Math.max(bar.x1 - bar.x0, 1);
      el('rect', { x: bar.x0, y: (ROW - BAR) / 2, width: w, height: BAR, fill: colourOf(lane, bar.key) }, frag);
      if (bar.forced && w > 4) el('rect', { x: bar.x0, y: (ROW - BAR) / 2, width: 2, height: BAR, fill: '#1d2330' }, frag);
      if (lane.kind !== 'thread') {
        var name = data.threads[threadOf(lane, bar.key)];
        if (w > name.length * 6 + 8) el('text', { 'class': 'bar-label', x: bar.x0 + 4, y: ROW / 2 + 3.5 }, frag).textContent = name;
      }
      bar = null;
    }
    for (var i = upperBound(lane.ends, view.t0); i < lane.n && lane.starts[i] < view.t1; i++) {
      var x0 = LABEL + Math.max(0, (lane.starts[i] - view.t0) * scale);
      var x1 = LABEL + Math.min(plotW, (lane.ends[i] - view.t0) * scale);
      var key = lane.keys[i], id = drawKey(lane, key);
      if (bar && id === bar.id && x0 - bar.x1 < 0.5) { bar.x1 = x1; continue; }
      if (bar && x1 - bar.x0 < 1) {  // still within one pixel: the longest bar gives the colour
        if (x1 - x0 > bar.longest) { bar.id = id; bar.key = key; bar.longest = x1 - x0; }
        bar.x1 = x1;
        continue;
      }
      flush();
      bar = { x0: x0, x1: x1, id: id, key: key, longest: x1 - x0, forced: lane.kind === 'gil' && key % 2 === 1 };
    }
    flush();
    bars.appendChild(frag);
  }

  function drawLevels() {
    while (levelsSvg.firstChild) levelsSvg.removeChild(levelsSvg.firstChild);
    levels.forEach(function (level, k) {
      var top = 8 + k * (LEVEL + 8), bottom = top + LEVEL;
      var yOf = function (v) { return bottom - v * LEVEL / levelMax; };
      var g = el('g', { 'class': 'level', 'data-level': level.name }, levelsSvg);
      el('rect', { 'class': 'lane-bg', x: LABEL, y: top, width: plotW, height: LEVEL }, g);
      el('text', { 'class': 'lane-label', x: 6, y: top + 14 }, g).textContent = level.label;
      el('text', { x: 6, y: top + 28 }, g).textContent = '(' + level.what + ')';
      if (levelMax !== data.cores) el('text', { x: LABEL - 4, y: top + 10, 'text-anchor': 'end' }, g).textContent = String(levelMax);
      el('text', { x: LABEL - 4, y: bottom, 'text-anchor': 'end' }, g).textContent = '0';
      var times = level.curve.times, values = level.curve.values;
      var i = Math.max(0, upperBound(times, view.t0) - 1);
      var d = 'M' + LABEL + ',' + yOf(values[i] || 0);
      for (i = i + 1; i < times.length && times[i] < view.t1; i++) {
        d += 'H' + xOf(times[i]).toFixed(2) + 'V' + yOf(values[i]);
      }
      d += 'H' + (LABEL + plotW);
      el('path', { 'class': 'level-area ' + level.name, d: d + 'V' + bottom + 'H' + LABEL + 'Z' }, g);
      el('path', { 'class': 'level-line ' + level.name, d: d }, g);
      var y = yOf(data.cores);
      el('line', { 'class': 'cores-line', x1: LABEL, x2: LABEL + plotW, y1: y, y2: y }, g);
      el('text', { x: LABEL - 4, y: y + 4, 'text-anchor': 'end' }, g).textContent = data.cores + (data.cores === 1 ? ' core' : ' cores');
    });
  }

  function render() {
    scheduled = false;
    var width = Math.max(chart.clientWidth, LABEL + 200);
    plotW = width - LABEL - RIGHT;
    [axisSvg, lanesSvg, levelsSvg].forEach(function (svg) { svg.setAttribute('width', width); });
    drawAxis();
    drawLevels();
    var box = lanesSvg.getBoundingClientRect(), screen = window.innerHeight || 900;
    var key = view.t0 + ':' + view.t1 + ':' + plotW;
    lanes.forEach(function (lane, i) {
      lane.bg.setAttribute('width', plotW);
      var y = box.top + i * ROW, near = y + ROW >= -screen && y <= 2 * screen;
      if (near && lane.drawn !== key) { drawLane(lane); lane.drawn = key; }
      if (!near && lane.drawn) {
        while (lane.bars.firstChild) lane.bars.removeChild(lane.bars.firstChild);
        lane.drawn = '';
      }
    });
    document.getElementById('view-range').textContent = makespan === 0 ? 'The run took no simulated time.' :
        fmt(view.t0) + ' \u2013 ' + fmt(view.t1) + ' of ' + fmt(makespan);
    document.body.setAttribute('data-chart-ready', 'yes');
  }
  function schedule() {
    if (!scheduled) { scheduled = true; window.requestAnimationFrame(render); }
  }

  // ---------------------------------------------------------------- zoom and pan
  function setView(t0, span) {
    var whole = Math.max(makespan, 1);
    span = Math.min(Math.max(span, minSpan), whole);
    t0 = Math.min(Math.max(t0, 0), whole - span);
    view.t0 = t0; view.t1 = t0 + span;
    schedule();
  }
  function zoom(factor, centre) {
    var span = view.t1 - view.t0, f = (centre - view.t0) / span;
    var next = Math.min(Math.max(span * factor, minSpan), Math.max(makespan, 1));
    setView(centre - f * next, next);
  }
  function pan(fraction) { setView(view.t0 + fraction * (view.t1 - view.t0), view.t1 - view.t0); }
  document.getElementById('zoom-in').addEventListener('click', function () { zoom(1 / 2, (view.t0 + view.t1) / 2); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(2, (view.t0 + view.t1) / 2); });
  document.getElementById('pan-left').addEventListener('click', function () { pan(-0.25); });
  document.getElementById('pan-right').addEventListener('click', function () { pan(0.25); });
  document.getElementById('zoom-reset').addEventListener('click', function () { setView(0, Math.max(makespan, 1)); });
  if (makespan === 0) {
    document.querySelectorAll('.toolbar button').forEach(function (b) { b.disabled = true; });
  }

  var drag = null;
  [lanesSvg, levelsSvg].forEach(function (svg) {
    svg.addEventListener('wheel', function (e) {
      var x = e.clientX - svg.getBoundingClientRect().left;
      if (x < LABEL) return;  // over the labels the page scrolls
      e.preventDefault();
      var dx = e.shiftKey ? e.deltaY : e.deltaX;
      if (Math.abs(dx) > Math.abs(e.deltaY) || e.shiftKey) {
        pan(dx / plotW);
      } else {
        zoom(Math.pow(1.0015, Math.max(-300, Math.min(300, e.deltaY))), tOf(x));
      }
    }, { passive: false });
    svg.addEventListener('mousedown', function (e) {
      if (e.button !== 0) return;
      drag = { x: e.clientX, t0: view.t0, svg: svg };
      svg.classList.add('dragging');
    });
  });
  window.addEventListener('mousemove', function (e) {
    if (!drag) return;
    var span = view.t1 - view.t0;
    setView(drag.t0 - (e.clientX - drag.x) * span / plotW, span);
  });
  window.addEventListener('mouseup', function () {
    if (drag) drag.svg.classList.remove('dragging');
    drag = null;
  });
  window.addEventListener('scroll', schedule);
  window.addEventListener('resize', function () { for (var i = 0; i < lanes.length; i++) lanes[i].drawn = ''; schedule(); });

  // ---------------------------------------------------------------- hover
  function describe(lane, t) {
    var i = upperBound(lane.starts, t) - 1;
    var head = '<b>' + esc(lane.label) + '</b><br>';
    if (i < 0 || lane.ends[i] <= t) {
      var gap = lane.kind === 'core' ? 'idle' : lane.kind === 'gil' ? 'free' : 'not alive';
      return head + gap + ' at ' + fmt(t);
    }
    var key = lane.keys[i], what;
    if (lane.kind === 'thread') {
      var state = stateOf(key), detail = Math.floor(key / 16);
      what = STATES[state] ? STATES[state][1] : state;
      if (state === 'running') what += ' on core ' + detail;
      if (state === 'join' || state === 'start') what += ' ' + esc(data.threads[detail]);
      if (state === 'process_wait') what += ' ' + esc(data.processes[detail]);
      if (state === 'lock_wait' || state === 'event_wait' || state === 'queue_wait') what += ': ' + esc(data.syncs[detail]);
      if (state === 'device_wait') what += ': ' + esc(data.devices[detail]);
    } else if (lane.kind === 'core') {
      what = key >= data.threads.length ? 'switching threads (context switch)' : esc(data.threads[key]) + ' running';
    } else {
      what = 'held by ' + esc(data.threads[threadOf(lane, key)]) + (key % 2 ? ' (taken after a forced drop)' : '');
    }
    var text = head + what + '<br>' + fmt(lane.starts[i]) + ' \u2192 ' + fmt(lane.ends[i]) +
        ' (' + fmt(lane.ends[i] - lane.starts[i]) + ')';
    var merged = lane.merged.get(i);
    if (merged) text += '<br><i>' + merged + ' slices merged for drawing; this is the one that took most of the time. ' +
        'The tables and --format json have every slice.</i>';
    return text;
  }
  function show(e, html) {
    tooltip.innerHTML = html;
    tooltip.hidden = false;
    var x = e.clientX + 14, y = e.clientY + 14;
    if (x + tooltip.offsetWidth > window.innerWidth) x = e.clientX - tooltip.offsetWidth - 8;
    if (y + tooltip.offsetHeight > window.innerHeight) y = e.clientY - tooltip.offsetHeight - 8;
    tooltip.style.left = x + 'px';
    tooltip.style.top = y + 'px';
  }
  lanesSvg.addEventListener('mousemove', function (e) {
    var box = lanesSvg.getBoundingClientRect(), x = e.clientX - box.left, row = Math.floor((e.clientY - box.top) / ROW);
    if (drag || x < LABEL || x > LABEL + plotW || row < 0 || row >= lanes.length) { tooltip.hidden = true; return; }
    show(e, describe(lanes[row], tOf(x)));
  });
  levelsSvg.addEventListener('mousemove', function (e) {
    var box = levelsSvg.getBoundingClientRect(), x = e.clientX - box.left;
    var k = Math.floor((e.clientY - box.top - 8) / (LEVEL + 8));
    if (drag || x < LABEL || x > LABEL + plotW || k < 0 || k >= levels.length) { tooltip.hidden = true; return; }
    var level = levels[k], t = tOf(x), i = Math.max(0, upperBound(level.curve.times, t) - 1);
    show(e, '<b>' + level.label + '</b> ' + (level.curve.values[i] || 0) + ' (' + level.what + ') at ' + fmt(t));
  });
  [lanesSvg, levelsSvg].forEach(function (svg) {
    svg.addEventListener('mouseleave', function () { tooltip.hidden = true; });
  });

  render();
})();
)js";

}  // namespace gilsim
