"""The benchmark harness: its bare comparison view and the parsing of wrk's output (bench/)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from kaopu.core import bench_views
from kaopu.directory import seeding

BENCH_SCRIPT = Path(__file__).resolve().parents[4] / "bench" / "bench.py"

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8089/directory/enterprises/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.10ms    3.20ms  48.00ms   80.00%
  Latency Distribution
     50%   11.50ms
     75%   13.00ms
     90%   15.00ms
     99%  1.02s
  1650 requests in 10.01s, 60.00MB read
Requests/sec:    164.84
Transfer/sec:      6.00MB
"""


@pytest.fixture
def bench_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("kaopu_bench_script", BENCH_SCRIPT)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["kaopu_bench_script"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    yield module
    sys.modules.pop("kaopu_bench_script", None)


def test_bare_view_is_not_a_production_url():
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare_list")


def test_bare_view_renders_the_list_template_without_querying_after_the_first_request(
        db, rf, staff, django_assert_num_queries, monkeypatch):
    seeding.seed(count=60, district_name="普陀区")
    monkeypatch.setattr(bench_views, "_rows", None)
    request = rf.get("/bench/bare-list/")
    request.user = staff
    bench_views.bare_enterprise_list(request)
    with django_assert_num_queries(0):
        response = bench_views.bare_enterprise_list(request)
    assert response.status_code == 200
    assert response.content.decode().count("/directory/enterprises/") >= 50


def test_wrk_output_is_read_with_its_units(bench_module):
    result = bench_module.parse_wrk(WRK_OUTPUT)
    assert result == {"rps": 164.84, "p50": 11.5, "p99": 1020.0, "errors": 0.0}


def test_report_compares_sizes_and_the_bare_view(bench_module, tmp_path):
    for size, list_rps, bare_rps in ((10000, "200.0", "250.0"), (1000000, "160.0", "250.0")):
        for page, rps in (("list", list_rps), ("bare", bare_rps)):
            (tmp_path / f"wrk-{size}-{page}-1.txt").write_text(WRK_OUTPUT.replace("164.84", rps))
    report = bench_module.report(tmp_path)
    assert "| list | 1.25 ✓ |" in report
    assert "0.80 ✓ | 0.64 ✗ |" in report
