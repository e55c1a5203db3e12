"""Results display themselves in Jupyter: the CLI's own HTML pages, each in an iframe."""

import html

import gilsim
from conftest import cli


def page_in(frame):
    assert frame.startswith("<iframe srcdoc=\"") and frame.endswith("</iframe>")
    return html.unescape(frame[len("<iframe srcdoc=\""):frame.index("\" style=")])


def test_a_run_shows_the_html_report():
    scenario = "scenarios/two_cpu_bound_threads.json"
    result = gilsim.run(scenario)
    assert page_in(result._repr_html_()).encode() == cli("run", scenario, "--format", "html")[1]


def test_a_deadlocked_run_shows_its_report_too():
    scenario = "scenarios/sync/lock_order_deadlock.json"
    page = page_in(gilsim.run(scenario)._repr_html_())
    assert page.encode() == cli("run", scenario, "--format", "html")[1]
    assert "deadlock" in page


def test_a_comparison_shows_its_chart_and_table():
    args = ["scenarios/compare/cpu_pool_threads.json", "--gil", "on,off", "--cores", "1,2,4"]
    comparison = gilsim.compare(args[0], gil="on,off", cores=[1, 2, 4])
    page = page_in(comparison._repr_html_())
    assert page.encode() == cli("compare", *args, "--format", "html")[1]
    assert "<svg" in page and "<table" in page


def test_a_run_with_other_cores_shows_that_run():
    scenario = "scenarios/cpu_bound/threads-1-core.json"
    page = page_in(gilsim.run(scenario, cores=2)._repr_html_())
    assert page.encode() == cli("run", scenario, "--format", "html", "--cores", "2")[1]
