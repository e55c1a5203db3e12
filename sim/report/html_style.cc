#include "report/html_assets.h"

namespace gilsim {

const char* const kHtmlErrorTrap =
    "window.gilsimErrors=[];"
    "window.addEventListener('error',function(e){window.gilsimErrors.push(String(e.message||e));});"
    "window.addEventListener('unhandledrejection',function(e){window.gilsimErrors.push(String(e.reason));});";

const char* const kHtmlStyle = R"css(
:root { --ink: #1d2330; --muted: #5f6b7a; --rule: #d9dee5; --band: #f5f7fa; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 24px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
.description { margin: 2px 0; max-width: 60em; color: var(--muted); }
.nowrap { white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 12px 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.deadlock { color: #c92a2a; font-weight: 600; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 8px; }
.toolbar button { font: inherit; min-width: 2.2em; padding: 2px 8px; border: 1px solid var(--rule);
  background: #fff; border-radius: 4px; cursor: pointer; }
.toolbar button:hover { background: var(--band); }
#view-range { font-variant-numeric: tabular-nums; margin-left: 8px; }
.hint { color: var(--muted); font-size: 12px; margin-left: auto; }
#legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin-bottom: 8px; }
#legend .group { font-weight: 600; margin-right: -6px; }
#legend .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px;
  margin-right: 4px; }
#chart { position: relative; user-select: none; }
#chart .axis-wrap { position: sticky; top: 0; background: #fff; z-index: 1; border-bottom: 1px solid var(--rule); }
#chart svg { display: block; }
#chart text { font-size: 11px; fill: var(--ink); }
#chart .lane-label { font-size: 12px; }
#chart .lane-bg { fill: var(--band); }
#chart .lane.gil .lane-bg { fill: #eef1f6; }
#chart .bar-label { font-size: 10px; pointer-events: none; }
#chart .lane.lock .lane-bg { fill: #eef1f6; }
#chart .lane.cycle .lane-label { fill: #c92a2a; font-weight: 700; }
#chart .cycle-mark { fill: #c92a2a; }
#chart path.counter { fill: #4b6584; fill-opacity: 0.75; }
#chart rect.stuck { fill: url(#stuck-hatch); pointer-events: none; }
#chart line.deadlock-line { stroke: #c92a2a; stroke-width: 2; }
#chart .stuck-label { fill: #c92a2a; font-weight: 600; }
#chart line.handoff { stroke: #1d2330; stroke-width: 1; stroke-opacity: 0.7; pointer-events: none; }
#chart line.handoff.forced { stroke-dasharray: 3 2; }
#chart path.print { fill: #1d2330; }
#chart .cores-label { fill: var(--muted); paint-order: stroke; stroke: #fff; stroke-width: 3px; }
#legend .swatch.print { width: 0; height: 0; border-left: 5px solid transparent; border-right: 5px solid transparent;
  border-top: 7px solid #1d2330; background: none !important; border-radius: 0; }
#legend label.toggle { cursor: pointer; }
.cycle { background: #fff0f0; border-left: 4px solid #c92a2a; padding: 6px 10px; margin: 8px 0; max-width: 60em; }
.cycle .step { white-space: nowrap; font-family: ui-monospace, monospace; }
.printed { white-space: pre-wrap; font-family: ui-monospace, monospace; }
#chart .grid line { stroke: #e3e7ed; }
#chart .lane line.group { stroke: #aab3bf; }
#chart .tick line { stroke: var(--muted); }
#chart .level-area.concurrency { fill: #a5c8ff; }
#chart .level-line.concurrency { stroke: #3b6fd4; fill: none; stroke-width: 1.5; }
#chart .level-area.parallelism { fill: #b2e2bd; }
#chart .level-line.parallelism { stroke: #2f9e44; fill: none; stroke-width: 1.5; }
#chart .cores-line { stroke: #868e96; stroke-dasharray: 4 3; }
#chart .plot { cursor: grab; }
#chart .plot.dragging { cursor: grabbing; }
#tooltip { position: fixed; z-index: 2; pointer-events: none; background: #1d2330; color: #fff; padding: 6px 9px;
  border-radius: 4px; font-size: 12px; max-width: 420px; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
.reading { background: #fff8e1; border-left: 4px solid #f59f00; padding: 6px 10px; max-width: 60em; }
.note { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--rule); text-align: right; }
th { background: var(--band); font-weight: 600; }
td.name, th:first-child { text-align: left; }
table.output td.text, table.output th.text { text-align: left; white-space: pre-wrap; }
.unit { color: var(--muted); font-size: 12px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
)css";

}  // namespace gilsim
