#include "report/html_assets.h"

namespace gilsim {

// The chart's script, second part: drawing the axis, the lanes (bars and
// counters), the prints, the GIL hand-offs, the stuck stretch after a
// deadlock and the concurrency and parallelism curves.
const char* const kHtmlScriptDraw = R"js(
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
    var last = Math.min(view.t1, makespan) * tick;  // past the makespan time stands still
    for (var t = Math.ceil(view.t0 * tick / step) * step; t <= last; t += step) {
      var x = xOf(t / tick);
      var g = el('g', { 'class': 'tick' }, axisSvg);
      el('line', { x1: x, x2: x, y1: AXIS - 6, y2: AXIS }, g);
      var end = x > LABEL + plotW - 50;  // keep the last label inside the chart
      el('text', { x: end ? x - 3 : x + 3, y: AXIS - 9, 'text-anchor': end ? 'end' : 'start' }, g).textContent =
          (t / unit[0]).toFixed(decimals) + ' ' + unit[1];
      el('line', { x1: x, x2: x, y1: 0, y2: lanes.length * ROW }, grid);
    }
    el('text', { x: 6, y: AXIS - 9 }, axisSvg).textContent = 'time';
    if (stuck && view.t1 > makespan) {
      var x0 = Math.max(LABEL, xOf(makespan));
      el('text', { 'class': 'stuck-label', x: x0 + 4, y: AXIS - 9 }, axisSvg).textContent =
          'stuck for ever';
    }
  }

  function drawBars(lane) {
    var bars = lane.bars, scale = plotW / (view.t1 - view.t0);
    var frag = document.createDocumentFragment(), bar = null;
    function flush() {
      if (!bar) return;
      var w = Math.max(bar.x1 - bar.x0, 1), colour = colourOf(lane, bar.key);
      var hatched = lane.kind === 'thread' && stateOf(bar.key) === GIL_WAIT;
      el('rect', { x: bar.x0, y: (ROW - BAR) / 2, width: w, height: BAR, fill: hatched ? 'url(#gil-wait-hatch)' : colour }, frag);
      if (bar.forced && w > 4) el('rect', { x: bar.x0, y: (ROW - BAR) / 2, width: 2, height: BAR, fill: '#1d2330' }, frag);
      if (lane.kind !== 'thread') {
        var name = data.threads[threadOf(lane, bar.key)];
        if (name !== undefined && w > name.length * 6 + 8)
          el('text', { 'class': 'bar-label', x: bar.x0 + 4, y: ROW / 2 + 3.5, fill: textOn(colour) }, frag).textContent = name;
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

  // A counter: its level as a step area within the lane, scaled to the most it can show.
  function drawCounter(lane) {
    var c = lane.curve, top = (ROW - BAR) / 2, bottom = top + BAR;
    var yOf = function (v) { return bottom - v * BAR / lane.max; };
    var i = Math.max(0, upperBound(c.times, view.t0) - 1);
    var d = 'M' + LABEL + ',' + bottom + 'V' + yOf(c.values[i] || 0);
    for (i = i + 1; i < c.times.length && c.times[i] < view.t1; i++) d += 'H' + xOf(c.times[i]).toFixed(2) + 'V' + yOf(c.values[i]);
    d += 'H' + (LABEL + plotW) + 'V' + bottom + 'Z';
    el('path', { 'class': 'counter', d: d }, lane.bars);
  }

  function drawLane(lane) {
    while (lane.bars.firstChild) lane.bars.removeChild(lane.bars.firstChild);
    if (lane.kind === 'counter') drawCounter(lane); else drawBars(lane);
  }

  // Over the lanes: the stuck stretch, the GIL hand-offs (an arrow from the
  // thread that let the GIL go to the one that took it, where they are at
  // least a few pixels apart) and the prints (a tick on the printing thread's lane).
  function drawOverlay() {
    while (overlay.firstChild) overlay.removeChild(overlay.firstChild);
    if (stuck && view.t1 > makespan) {
      var x0 = Math.max(LABEL, xOf(makespan));
      el('rect', { 'class': 'stuck', x: x0, y: 0, width: Math.max(0, LABEL + plotW - x0), height: lanes.length * ROW }, overlay);
      el('line', { 'class': 'deadlock-line', x1: x0, x2: x0, y1: 0, y2: lanes.length * ROW }, overlay);
    }
    var box = document.getElementById('show-handoffs');
    if (box && box.checked) {
      lanes.forEach(function (lane) {
        if (lane.kind !== 'gil') return;
        var lastX = -Infinity;
        for (var i = Math.max(1, upperBound(lane.ends, view.t0)); i < lane.n && lane.starts[i] < view.t1; i++) {
          if (!drawnHandoff(lane, i)) continue;
          var from = threadOf(lane, lane.keys[i - 1]), to = threadOf(lane, lane.keys[i]);
          var x = xOf(lane.starts[i]);
          if (x - lastX < 6) continue;
          lastX = x;
          var y0 = threadRow[from] * ROW + ROW / 2, y1 = threadRow[to] * ROW + ROW / 2;
          el('line', { 'class': 'handoff' + (lane.keys[i] % 2 ? ' forced' : ''), x1: xOf(lane.ends[i - 1]), x2: x,
                       y1: y0, y2: y1 + (y1 > y0 ? -4 : 4), 'marker-end': 'url(#handoff-head)' }, overlay);
        }
      });
    }
    var lastPrint = {};
    for (var k = 0; k < prints.length; k++) {
      var p = prints[k];
      if (p.t < view.t0 || p.t > view.t1) continue;
      var px = xOf(p.t);
      if (lastPrint[p.row] !== undefined && px - lastPrint[p.row] < 3) continue;
      lastPrint[p.row] = px;
      el('path', { 'class': 'print', d: 'M' + (px - 3.5) + ',' + (p.row * ROW) + 'h7l-3.5,5z' }, overlay);
    }
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
      // The scale on the left (0 and the top); the number of cores at the right
      // end of its dashed line, inside the plot, so the two never collide.
      el('text', { 'class': 'scale', x: LABEL - 4, y: top + 10, 'text-anchor': 'end' }, g).textContent = String(levelMax);
      el('text', { 'class': 'scale', x: LABEL - 4, y: bottom, 'text-anchor': 'end' }, g).textContent = '0';
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
      el('text', { 'class': 'cores-label', x: LABEL + plotW - 4, y: y < top + 14 ? y + 12 : y - 3, 'text-anchor': 'end' }, g)
          .textContent = data.cores + (data.cores === 1 ? ' core' : ' cores');
    });
  }
)js";

}  // namespace gilsim
