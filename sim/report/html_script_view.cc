#include "report/html_assets.h"

namespace gilsim {

// The chart's script, last part: rendering the visible window, zoom and pan,
// and what hovering says.
const char* const kHtmlScriptView = R"js(
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
    drawOverlay();
    document.getElementById('view-range').textContent = makespan === 0 ? 'The run took no simulated time.' :
        fmt(Math.min(view.t0, makespan)) + ' \u2013 ' + fmt(Math.min(view.t1, makespan)) + ' of ' + fmt(makespan) +
        (stuck && view.t1 > makespan ? ', then stuck' : '');
    document.body.setAttribute('data-chart-ready', 'yes');
  }
  function schedule() {
    if (!scheduled) { scheduled = true; window.requestAnimationFrame(render); }
  }

  // ---------------------------------------------------------------- zoom and pan
  function setView(t0, span) {
    var whole = Math.max(extent, 1);
    span = Math.min(Math.max(span, minSpan), whole);
    t0 = Math.min(Math.max(t0, 0), whole - span);
    view.t0 = t0; view.t1 = t0 + span;
    schedule();
  }
  function zoom(factor, centre) {
    var span = view.t1 - view.t0, f = (centre - view.t0) / span;
    var next = Math.min(Math.max(span * factor, minSpan), Math.max(extent, 1));
    setView(centre - f * next, next);
  }
  function pan(fraction) { setView(view.t0 + fraction * (view.t1 - view.t0), view.t1 - view.t0); }
  document.getElementById('zoom-in').addEventListener('click', function () { zoom(1 / 2, (view.t0 + view.t1) / 2); });
  document.getElementById('zoom-out').addEventListener('click', function () { zoom(2, (view.t0 + view.t1) / 2); });
  document.getElementById('pan-left').addEventListener('click', function () { pan(-0.25); });
  document.getElementById('pan-right').addEventListener('click', function () { pan(0.25); });
  document.getElementById('zoom-reset').addEventListener('click', function () { setView(0, Math.max(extent, 1)); });
  if (makespan === 0) {
    document.querySelectorAll('.toolbar button').forEach(function (b) { b.disabled = true; });
  }
  var handoffBox = document.getElementById('show-handoffs');
  if (handoffBox) handoffBox.addEventListener('change', schedule);

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
  function describeState(key) {
    var state = stateOf(key), detail = Math.floor(key / 16), name = data.states[state];
    var what = esc(styleOf(state)[1]);
    if (name === 'running' || name === 'native') what += ' on core ' + detail;
    if (name === 'join' || name === 'start') what += ' ' + esc(data.threads[detail]);
    if (name === 'process_wait') what += ' ' + esc(data.processes[detail]);
    if (name === 'lock_wait' || name === 'event_wait' || name === 'queue_wait') what += ': ' + esc(data.syncs[detail]);
    if (name === 'device_wait') what += ': ' + esc(data.devices[detail]);
    return what;
  }
  function describeCounter(lane, t) {
    var c = lane.curve, i = Math.max(0, upperBound(c.times, t) - 1);
    return (c.values[i] || 0) + ' ' + esc(lane.counts) + ' (of ' + lane.max + ') at ' + fmt(t);
  }
  function describe(lane, t) {
    var head = '<b>' + esc(lane.label) + '</b>' + (lane.cycle ? ' <i>(in the wait-for cycle)</i>' : '') + '<br>';
    var after = stuck && t >= makespan ? '<br><i>deadlocked at ' + fmt(makespan) + ': stuck like this for ever</i>' : '';
    if (lane.kind === 'counter') return head + describeCounter(lane, Math.min(t, makespan)) + after;
    var i = upperBound(lane.starts, t) - 1;
    if (i < 0 || lane.ends[i] <= t) {
      var gap = lane.kind === 'core' ? 'idle' : lane.kind === 'gil' || lane.kind === 'lock' ? 'free' : 'not alive';
      return head + gap + ' at ' + fmt(Math.min(t, makespan)) + after;
    }
    var key = lane.keys[i], what;
    if (lane.kind === 'thread') {
      what = describeState(key);
    } else if (lane.kind === 'core') {
      what = key >= data.threads.length ? 'switching threads (context switch)' : esc(data.threads[key]) + ' running';
    } else {
      what = 'held by ' + esc(data.threads[threadOf(lane, key)]);
      if (lane.kind === 'gil' && i > 0 && threadOf(lane, lane.keys[i - 1]) !== threadOf(lane, key))
        what += ', handed over by ' + esc(data.threads[threadOf(lane, lane.keys[i - 1])]);
      if (lane.kind === 'gil' && key % 2) what += ' (taken after a forced drop)';
    }
    var end = Math.min(lane.ends[i], makespan);
    var text = head + what + '<br>' + fmt(lane.starts[i]) + ' \u2192 ' +
        (stuck && lane.ends[i] > makespan ? 'never (deadlock)' : fmt(end) + ' (' + fmt(end - lane.starts[i]) + ')');
    var merged = lane.merged.get(i);
    if (merged) text += '<br><i>' + merged + ' slices merged for drawing; this is the one that took most of the time. ' +
        'The tables and --format json have every slice.</i>';
    return text + after;
  }
  // The prints within a few pixels of x on row `row`.
  function printsNear(row, x) {
    var near = [];
    for (var k = 0; k < prints.length && near.length < 5; k++)
      if (prints[k].row === row && Math.abs(xOf(prints[k].t) - x) <= 4) near.push(prints[k]);
    return near;
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
    var near = lanes[row].kind === 'thread' && e.clientY - box.top - row * ROW < 8 ? printsNear(row, x) : [];
    if (near.length > 0) {
      show(e, '<b>' + esc(data.threads[near[0].thread]) + '</b> printed<br>' + near.map(function (p) {
        return fmt(p.t) + ': <span class="printed">' + esc(p.text) + '</span>';
      }).join('<br>'));
      return;
    }
    show(e, describe(lanes[row], tOf(x)));
  });
  levelsSvg.addEventListener('mousemove', function (e) {
    var box = levelsSvg.getBoundingClientRect(), x = e.clientX - box.left;
    var k = Math.floor((e.clientY - box.top - 8) / (LEVEL + 8));
    if (drag || x < LABEL || x > LABEL + plotW || k < 0 || k >= levels.length) { tooltip.hidden = true; return; }
    var level = levels[k], t = Math.min(tOf(x), makespan), i = Math.max(0, upperBound(level.curve.times, t) - 1);
    show(e, '<b>' + level.label + '</b> ' + (level.curve.values[i] || 0) + ' (' + level.what + ') at ' + fmt(t));
  });
  [lanesSvg, levelsSvg].forEach(function (svg) {
    svg.addEventListener('mouseleave', function () { tooltip.hidden = true; });
  });

  render();
})();
)js";

}  // namespace gilsim
