#pragma once
// The style sheet and the script of the HTML report, inlined into every page
// so that it needs no network: the error trap and the style sheet in
// html_style.cc, the script in three parts that go into one <script> in this
// order (html_script.cc, html_script_draw.cc, html_script_view.cc). The script
// reads the JSON that write_chart_data() puts in <script id="gilsim-data">
// and draws the chart.

namespace gilsim {

// Runs first: collects script errors in window.gilsimErrors, so a test (or a
// curious user) can see them.
extern const char* const kHtmlErrorTrap;
extern const char* const kHtmlStyle;
extern const char* const kHtmlScriptSetup;
extern const char* const kHtmlScriptDraw;
extern const char* const kHtmlScriptView;

}  // namespace gilsim
