"""Smoke test of the benchmark harness at tiny scale (the real runs are `invoke bench`)."""

from __future__ import annotations

import json

import pytest

from tests.bench.archive import generate, make_photos
from tests.bench.harness import bench, calibrate, markdown, write_results


def test_synthetic_archive_is_valid_content_and_reuses_photos(tmp_path):
    photos = make_photos(tmp_path / "photos", 2, (320, 240))
    stories = generate(tmp_path / "content", 12, photos)
    assert len(stories) == 12
    text = stories[0].read_text(encoding="utf-8")
    assert text.startswith("Title: ")
    assert "Kecamatan: " in text and "Kelurahan: " in text
    lead = stories[0].parent / photos[0].name
    assert lead.stat().st_ino == photos[0].stat().st_ino  # hard link, not a copy


@pytest.mark.slow
def test_harness_measures_every_scenario_and_writes_json_and_markdown(tmp_path):
    report = bench(stories=15, photos=2, photo_size=(1200, 800), repeat=1,
                   workdir=tmp_path / "work", log=lambda _msg: None)  # fmt: skip
    scenarios = ("cold", "no_change", "add_story", "edit_story", "cold_warm_media", "preview_story")
    for name in (*scenarios, "stock_cold", "stock_cached"):
        result = report["results"][name]
        assert result["median_s"] > 0
        assert result["peak_rss_mb"] > 10
        assert result["peak_rss_tree_mb"] >= result["peak_rss_mb"]
    assert set(report["ratios_vs_stock"]) == {
        "cold", "no_change", "add_story", "edit_story", "cold_warm_media"
    }  # fmt: skip
    json_path, md_path = write_results(report, tmp_path / "results")
    assert json.loads(json_path.read_text(encoding="utf-8"))["stories"] == 15
    table = md_path.read_text(encoding="utf-8")
    assert table == markdown(report)
    assert "| Pelican standar, dingin |" in table
    for moment in ("start", "end"):
        assert set(report["calibration"][moment]) == {"cpu_ms", "fs_ms"}
        assert min(report["calibration"][moment].values()) > 0
    assert "Kalibrasi mesin (awal/akhir jalan, ms): CPU " in table
    assert not list((tmp_path / "work").glob("kalibrasi-*"))  # the workload cleans up


def test_calibration_times_both_workloads_and_leaves_nothing(tmp_path):
    result = calibrate(tmp_path)
    assert result["cpu_ms"] > 1 and result["fs_ms"] > 1
    assert list(tmp_path.iterdir()) == []


def test_curve_table_reports_seconds_per_thousand_stories():
    from tests.bench.harness import CURVE_SCENARIOS, curve_markdown  # noqa: PLC0415

    rows = []
    for stories, seconds in ((1000, 10.0), (5000, 60.0)):
        row = {"stories": stories, "ratios_vs_stock": {"cold": 0.5, "add_story": 0.2}}
        for name in CURVE_SCENARIOS:
            row[name] = {"median_s": seconds, "peak_rss_tree_mb": 100.0, "peak_rss_mb": 90.0}
            row[f"{name}_s_per_1000"] = round(seconds * 1000 / stories, 3)
        rows.append(row)
    report = {"photos": 1, "photo_size": [1200, 800], "repeat": 1, "date": "d", "machine": "m",
              "rows": rows}  # fmt: skip
    table = curve_markdown(report)
    assert "| 1000 | 10.0 | 10.0 |" in table
    assert "| 5000 | 60.0 | 12.0 |" in table
