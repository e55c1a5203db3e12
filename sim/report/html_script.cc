#include "report/html_assets.h"

namespace gilsim {

// The chart's script, first part: the data decoded, colours, the page's
// skeleton and the legend. The three parts (html_script_draw.cc and
// html_script_view.cc follow) share one function scope. Lanes are drawn from
// the data for the visible time range only, with bars thinner than a pixel
// folded together, and only for the lanes near the window, so a big run stays
// responsive.
const char* const kHtmlScriptSetup = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('gilsim-data').textContent);
  var chart = document.getElementById('chart');
  var tooltip = document.getElementById('tooltip');
  var NS = 'http://www.w3.org/2000/svg';
  var LABEL = 200, ROW = 20, BAR = 14, AXIS = 24, LEVEL = 64, RIGHT = 12;
  var tick = data.tick, makespan = data.makespan, extent = Math.max(data.extent, makespan);
  var stuck = !!data.deadlock && extent > makespan;
  var view = { t0: 0, t1: Math.max(extent, 1) };
  var minSpan = Math.min(Math.max(extent, 1), 20 / tick);  // 20 ns; a tick can be far longer
  var plotW = 600, scheduled = false;
  var GIL_WAIT = data.states.indexOf('gil_wait');

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
  // Threads on core, GIL and lock lanes: a colour per thread for a handful of
  // threads, else per group (a thread spec's copies, or a process), named on hover.
  function groupColour(g) {
    if (g < data.group_colours.length) return data.group_colours[g];
    return 'hsl(' + ((g * 137.508) % 360).toFixed(1) + ',55%,' + (g % 2 ? 32 : 45) + '%)';
  }
  function threadColour(t) { return groupColour(data.thread_group[t]); }
  // Dark text on light colours, white on dark ones.
  function textOn(colour) {
    var m = /^#(..)(..)(..)$/.exec(colour);
    if (!m) return '#fff';
    var y = 0.299 * parseInt(m[1], 16) + 0.587 * parseInt(m[2], 16) + 0.114 * parseInt(m[3], 16);
    return y > 150 ? '#1d2330' : '#fff';
  }
  function stateOf(key) { return key % 16; }
  function styleOf(state) { return data.styles[state] || ['#000', data.states[state]]; }
  function threadOf(lane, key) { return lane.kind === 'gil' ? Math.floor(key / 2) : key; }
  function colourOf(lane, key) {
    if (lane.kind === 'thread') return styleOf(stateOf(key))[0];
    if (lane.kind === 'core' && key >= data.threads.length) return '#adb5bd';  // a context switch
    return threadColour(threadOf(lane, key));
  }
  // The identity of a bar's colour: bars with the same one merge when they touch.
  function drawKey(lane, key) { return lane.kind === 'thread' ? stateOf(key) : data.thread_group[threadOf(lane, key)]; }

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

  function decodeCurve(flat) {
    var times = [], values = [];
    for (var i = 0; i < flat.length; i += 2) { times.push(flat[i]); values.push(flat[i + 1]); }
    return { times: times, values: values };
  }
  var threadRow = {};  // thread index -> its lane's row
  var lanes = data.lanes.map(function (lane, index) {
    var out = { kind: lane.kind, label: lane.label, process: lane.process, index: index, cycle: !!lane.cycle, drawn: '' };
    if (lane.kind === 'thread') threadRow[lane.thread] = index;
    if (lane.kind === 'counter') {
      out.curve = decodeCurve(lane.points); out.max = Math.max(lane.max, 1); out.counts = lane.counts;
      return out;
    }
    var s = lane.slices, n = s.length / 3, t = 0;
    var starts = new Float64Array(n), ends = new Float64Array(n), keys = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      starts[i] = t + s[3 * i]; ends[i] = starts[i] + s[3 * i + 1]; keys[i] = s[3 * i + 2]; t = ends[i];
    }
    var merged = new Map();
    lane.merged.forEach(function (m) { merged.set(m[0], m[1]); });
    out.n = n; out.starts = starts; out.ends = ends; out.keys = keys; out.merged = merged;
    return out;
  });
  var prints = data.prints.filter(function (p) { return threadRow[p[0]] !== undefined; })
      .map(function (p) { return { row: threadRow[p[0]], thread: p[0], t: p[1], text: p[2] }; });
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
  // GIL waits are hatched as well as coloured: a second cue for readers who
  // cannot tell the colour apart. The stuck stretch after a deadlock is hatched too.
  var defs = el('defs', {}, lanesSvg);
  var hatch = el('pattern', { id: 'gil-wait-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse',
                              patternTransform: 'rotate(45)' }, defs);
  el('rect', { width: 6, height: 6, fill: styleOf(GIL_WAIT)[0] }, hatch);
  el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#6b3d00', 'stroke-width': 2 }, hatch);
  var stuckHatch = el('pattern', { id: 'stuck-hatch', width: 8, height: 8, patternUnits: 'userSpaceOnUse',
                                   patternTransform: 'rotate(-45)' }, defs);
  el('line', { x1: 0, y1: 0, x2: 0, y2: 8, stroke: '#c92a2a', 'stroke-width': 1.5, 'stroke-opacity': 0.45 }, stuckHatch);
  var marker = el('marker', { id: 'handoff-head', viewBox: '0 0 6 6', refX: 5, refY: 3, markerWidth: 6, markerHeight: 6,
                              orient: 'auto-start-reverse' }, defs);
  el('path', { d: 'M0,0L6,3L0,6Z', fill: '#1d2330' }, marker);
  var grid = el('g', { 'class': 'grid' }, lanesSvg);
  lanes.forEach(function (lane, i) {
    var g = el('g', { 'class': 'lane ' + lane.kind + (lane.cycle ? ' cycle' : ''), 'data-kind': lane.kind,
                      transform: 'translate(0,' + i * ROW + ')' }, lanesSvg);
    if (i > 0 && lane.process !== lanes[i - 1].process) el('line', { 'class': 'group', x1: 0, x2: '100%', y1: 0, y2: 0 }, g);
    lane.bg = el('rect', { 'class': 'lane-bg', x: LABEL, y: (ROW - BAR) / 2, height: BAR, width: 1 }, g);
    if (lane.cycle) el('rect', { 'class': 'cycle-mark', x: 0, y: 1, width: 4, height: ROW - 2 }, g);
    var label = el('text', { 'class': 'lane-label', x: 8, y: ROW / 2 + 4 }, g);
    label.textContent = lane.label.length > 28 ? '\u2026' + lane.label.slice(-27) : lane.label;
    el('title', {}, label).textContent = lane.label + (lane.cycle ? ' (in the wait-for cycle)' : '');
    lane.bars = el('g', { 'class': 'bars' }, g);
  });
  var overlay = el('g', { 'class': 'overlay' }, lanesSvg);  // hand-offs, prints, the stuck stretch
  var levelsSvg = el('svg', { id: 'levels', height: levels.length * (LEVEL + 8) + 4 }, chart);
  levelsSvg.setAttribute('class', 'plot');

  // ---------------------------------------------------------------- legend
  // Only what this run's chart shows.
  var legend = document.getElementById('legend');
  function legendItem(swatch, text, cls) {
    var span = document.createElement('span');
    span.innerHTML = '<span class="swatch' + (cls ? ' ' + cls : '') + '" style="background:' + swatch + '"></span>' +
        esc(text);
    legend.appendChild(span);
  }
  function legendGroup(text) {
    var span = document.createElement('span');
    span.className = 'group';
    span.textContent = text;
    legend.appendChild(span);
  }
  // A hand-off is drawn between two exact slices (not merged for drawing) of
  // different holders whose thread lanes are both drawn.
  function drawnHandoff(lane, i) {
    var from = threadOf(lane, lane.keys[i - 1]), to = threadOf(lane, lane.keys[i]);
    return from !== to && !lane.merged.get(i) && !lane.merged.get(i - 1) &&
        threadRow[from] !== undefined && threadRow[to] !== undefined;
  }
  var used = {}, forcedDrop = false, handoffs = 0;
  lanes.forEach(function (lane) {
    if (lane.kind === 'counter') return;
    for (var i = 0; i < lane.n; i++) {
      if (lane.kind === 'thread') used[stateOf(lane.keys[i])] = true;
      if (lane.kind === 'gil' && lane.keys[i] % 2 === 1) forcedDrop = true;
      if (lane.kind === 'gil' && i > 0 && drawnHandoff(lane, i)) handoffs++;
    }
  });
  var hasKind = function (kind) { return lanes.some(function (l) { return l.kind === kind; }); };
  if (hasKind('thread')) {
    legendGroup('Threads:');
    data.style_order.forEach(function (s) {
      var style = data.styles[s];
      if (style && used[s]) legendItem(s === GIL_WAIT ? 'repeating-linear-gradient(45deg,' + style[0] + ' 0 3px,#6b3d00 3px 5px)'
                                                    : style[0], style[1]);
    });
  }
  if (hasKind('core') || hasKind('gil') || hasKind('lock')) {
    legendGroup(data.threads.length <= data.group_colours.length ? 'Cores, GILs and locks:' :
                'Cores, GILs and locks (hover a bar for its thread):');
    if (data.groups.length <= 48) data.groups.forEach(function (name, g) { legendItem(groupColour(g), name); });
    else legendGroup('one colour per group of threads.');
  }
  if (forcedDrop) legendItem('#1d2330', 'GIL taken after a forced drop');
  if (hasKind('counter')) legendItem('#4b6584', 'counters: permits in use, items, busy channels');
  if (handoffs > 0) {
    var box = document.createElement('label');
    box.className = 'toggle';
    box.innerHTML = '<input type="checkbox" id="show-handoffs" checked> GIL hand-offs (arrows)';
    legend.appendChild(box);
  }
  if (prints.length > 0) legendItem('#1d2330', 'a print (hover it for the text)', 'print');
  if (stuck) legendItem('repeating-linear-gradient(-45deg,#f3b7b7 0 2px,#fff 2px 6px)', 'deadlocked: stuck for ever');
)js";

}  // namespace gilsim
