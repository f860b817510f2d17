"""dashboard/export/brief*.py and ``python -m dashboard brief``: static print-quality map briefs."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import shutil
import subprocess

import matplotlib
import numpy as np
import pytest
import shapely
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from dashboard.cli.main import main
from dashboard.export import brief, brief_fonts
from dashboard.export.brief import render_brief, save_brief
from dashboard.export.brief_layout import nice_length, place_labels
from geodata import settings
from geodata.dataset import ZoneDataset, dataset_from_gpkg
from zone_layers import grading, styles

WATERMARK = "示意数据"


@pytest.fixture(scope="module")
def sample() -> ZoneDataset:
    return dataset_from_gpkg(settings.SAMPLE_PATH)


@pytest.fixture(scope="module")
def real(sample) -> ZoneDataset:
    """The sample with every zone marked as not illustrative (as a bureau's own data would be)."""
    zones = sample.zones.copy()
    zones["illustrative"] = False
    return dataclasses.replace(sample, zones=zones)


@pytest.fixture(scope="module")
def land_fig(sample) -> brief.BriefFigure:
    return render_brief(sample, layer="land_class", review_line="审图号：豫S（2025）000号")


@pytest.fixture(scope="module")
def real_fig(real) -> brief.BriefFigure:
    return render_brief(real, layer="land_class")


def _rgb(hex_color: str) -> tuple[int, int, int]:
    h = hex_color.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text)]


# --- the command ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".pdf", b"%PDF"), (".svg", b"<?xml")])
def test_command_writes_each_format(tmp_path, capsys, suffix, magic):
    out = tmp_path / f"brief{suffix}"
    assert main(["brief", "--layer", "tax_per_mu", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(magic)
    assert capsys.readouterr().out.strip() == str(out)


def test_png_has_the_requested_pixel_size_and_is_not_blank(tmp_path):
    out = tmp_path / "small.png"
    assert main(["brief", "--size", "1280x720", "--dpi", "100", "--layer", "grade", "--out", str(out)]) == 0
    with Image.open(out) as im:
        assert im.size == (1280, 720)
        pixels = np.asarray(im.convert("RGB")).reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 200          # a map, not an empty canvas


@pytest.mark.parametrize(("args", "message"), [
    (["--size", "1920by1080"], "is not WIDTHxHEIGHT in whole pixels; write e.g. 1920x1080"),
    (["--size", "100x50"], "too small"),
    (["--basemap", "tianditu"], "unknown basemap 'tianditu'; valid: none, osm"),
    (["--layer", "nope"], "invalid choice"),
])
def test_bad_arguments_exit_2(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as exc:
        main(["brief", *args, "--out", str(tmp_path / "x.png")])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_bad_suffix_exits_2_naming_the_valid_ones(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["brief", "--out", str(tmp_path / "x.tif")])
    assert exc.value.code == 2
    assert "'.tif'; use one of .png, .pdf, .svg" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "message"), [
    (["--zone", "nope"], "zone 'nope' is not in the dataset"),
    (["--zone", "suiping"], "zone 'suiping' has no parcels"),
])
def test_data_errors_exit_1(tmp_path, capsys, args, message):
    assert main(["brief", *args, "--out", str(tmp_path / "x.png")]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert not (tmp_path / "x.png").exists()


def test_missing_file_exits_1(tmp_path, capsys):
    assert main(["brief", str(tmp_path / "none.gpkg"), "--out", str(tmp_path / "x.png")]) == 1
    assert "none.gpkg: no such file" in capsys.readouterr().err


# --- the figure -----------------------------------------------------------------------------------

def test_figure_size_is_size_over_dpi(sample):
    fig = render_brief(sample, size=(1000, 600), dpi=125, layer="low_efficiency")
    assert tuple(fig.get_size_inches()) == pytest.approx((8.0, 4.8))
    assert fig.canvas.get_width_height() == (1000, 600)


def test_title_subtitle_footer(land_fig, sample):
    texts = _texts(land_fig)
    assert "驻马店经济技术开发区 · 用地类别" in texts
    # no year asked for: the latest year in the data
    assert any(t.startswith(f"图层：用地类别；{sample.years[-1]}年") for t in texts)
    assert any(re.fullmatch(r"数据来源：.+；制图日期：\d{4}-\d{2}-\d{2}", t) for t in texts)
    assert "审图号：豫S（2025）000号" in texts
    assert any("EPSG:4547" in t for t in texts)           # the Gauss-Kruger zone of CM 114°E


def test_map_is_drawn_in_gauss_kruger(land_fig):
    assert land_fig.brief_crs.to_epsg() == 4547
    x0, x1 = land_fig.brief_axes.get_xlim()
    assert 400_000 < x0 < x1 < 600_000                    # metres east of the false origin, not degrees


def test_legend_rows_are_the_layer_rows_and_counts(land_fig, sample):
    rows = land_fig.brief_style.legend
    counts = sample.parcels["land_class"].value_counts()
    assert [(c, n) for c, _, n in rows] == [(s.color, int(counts[s.value])) for s in styles.LAND_CLASS_STYLES
                                          if counts.get(s.value, 0)]
    texts = _texts(land_fig)
    for _, label, count in rows:
        assert label in texts and f"{count:,}" in texts


def test_choropleth_legend_title_carries_units(sample):
    fig = render_brief(sample, layer="tax_per_mu")
    assert "亩均税收(万元/亩)" in _texts(fig)
    assert any(t.startswith(f"指标：亩均税收(万元/亩)；{sample.years[-1]}年") for t in _texts(fig))
    earlier = render_brief(sample, layer="tax_per_mu", year=sample.years[0])
    assert any(t.startswith(f"指标：亩均税收(万元/亩)；{sample.years[0]}年") for t in _texts(earlier))
    assert any("分级：分位数5级" in t for t in _texts(fig))


def test_grade_layer_uses_the_grade_colours(sample):
    fig = render_brief(sample, layer="grade")
    used = {c for c, _, _ in fig.brief_style.legend}
    assert used <= {*grading.GRADE_COLORS.values(), "#f4f4f1"}
    assert any("评价方法：" in t for t in _texts(fig))
    # the rule version that made the grades (issue 16)
    assert any(re.search(r"评价方法：河南省三类评价 \(henan@[0-9a-f]{8}\)", t) for t in _texts(fig))


def test_pixel_inside_a_parcel_is_exactly_its_legend_colour(real_fig, real, tmp_path):
    """The largest A2 parcel's most interior point, mapped through the axes transform, has the A2
    legend colour #b4875a = (180, 135, 90) exactly in the saved PNG."""
    png = save_brief(real_fig, tmp_path / "real.png")
    with Image.open(png) as im:
        pixels = np.asarray(im.convert("RGB"))
    legend = {label.split()[0]: color for color, label, _ in real_fig.brief_style.legend}
    assert legend["A2"] == "#b4875a"
    parcels = real.parcels.to_crs(real_fig.brief_crs)
    a2 = parcels.loc[parcels["land_class"] == "A2"]
    biggest = a2.geometry.area.idxmax()
    point = shapely.ops.polylabel(a2.geometry[biggest], tolerance=1.0)
    x, y = real_fig.brief_axes.transData.transform((point.x, point.y))
    row, col = int(pixels.shape[0] - y), int(x)
    assert tuple(int(v) for v in pixels[row, col]) == (180, 135, 90)


def test_parcel_pixels_match_legend_colours_under_the_watermark_too(land_fig, sample, tmp_path):
    """With the watermark only its glyph strokes change pixels: nearly every parcel interior
    (≥ 4 px from its edges, outside labels) still shows its legend colour exactly."""
    png = save_brief(land_fig, tmp_path / "sample.png")
    with Image.open(png) as im:
        pixels = np.asarray(im.convert("RGB"))
    ax = land_fig.brief_axes
    px_per_m = ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]
    renderer = land_fig.canvas.get_renderer()
    label_boxes = [t.get_window_extent(renderer) for t in land_fig.brief_labels]
    parcels = sample.parcels.to_crs(land_fig.brief_crs)
    checked = matched = 0
    for cls, geom in zip(parcels["land_class"], parcels.geometry, strict=True):
        point = shapely.ops.polylabel(geom, tolerance=1.0)
        if geom.exterior.distance(point) * px_per_m < 4:
            continue
        x, y = ax.transData.transform((point.x, point.y))
        if any(b.contains(x, y) for b in label_boxes):
            continue
        checked += 1
        matched += tuple(int(v) for v in pixels[int(pixels.shape[0] - y), int(x)]) == _rgb(
            styles.land_class_color(cls))
    assert checked > 300
    assert matched / checked > 0.9


def test_watermark_present_for_illustrative_data(land_fig, sample, tmp_path):
    assert sample.illustrative
    wm = land_fig.brief_watermark
    assert wm is not None and wm.get_text() == WATERMARK
    assert wm in land_fig.brief_axes.texts and 0 < wm.get_alpha() < 1 and wm.get_rotation() != 0
    svg = save_brief(land_fig, tmp_path / "sample.svg").read_text(encoding="utf-8")
    assert 'id="watermark"' in svg and "<text" not in svg   # text drawn as paths


def test_watermark_absent_for_real_data(real_fig, real):
    assert not real.illustrative
    assert real_fig.brief_watermark is None
    assert not any(WATERMARK in t for t in _texts(real_fig))


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_section_labels_do_not_overlap(land_fig, sample):
    renderer = land_fig.canvas.get_renderer()
    labels = land_fig.brief_labels
    assert [t.get_text() for t in labels] == sample.sections["name"].tolist()
    assert len(labels) == 5
    boxes = [t.get_window_extent(renderer) for t in labels]
    frame = land_fig.brief_axes.get_window_extent(renderer)
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b)
    for box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def test_colliding_labels_are_moved_apart():
    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    labels = [ax.text(50, 50, name, ha="center", va="center", fontsize=12) for name in ("AAAA", "BBBB", "CCCC")]
    renderer = fig.canvas.get_renderer()
    place_labels(ax, labels, renderer, gap_px=2)
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert tuple(labels[0].get_position()) == pytest.approx((50, 50))   # the first keeps its anchor
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b)


def test_scale_bar_is_true_to_the_map(land_fig):
    """Its pixel length divided by the map's pixels per metre is the length it is labelled with."""
    bar = land_fig.brief_scalebar
    ax = land_fig.brief_axes
    px_per_m = ax.transData.transform((1000, 0))[0] - ax.transData.transform((0, 0))[0]
    px_per_m /= 1000
    assert (bar.x1_px - bar.x0_px) / px_per_m == pytest.approx(bar.length_m, rel=1e-9)
    number, unit = bar.label.split()
    assert unit == "km" and float(number) * 1000 == bar.length_m
    mantissa = bar.length_m / 10 ** math.floor(math.log10(bar.length_m))
    assert mantissa in (1, 2, 5)
    assert number in _texts(land_fig) and "km" in _texts(land_fig)


@pytest.mark.parametrize(("max_m", "expected"), [
    (3_700, 2_000), (1_999, 1_000), (2_000, 2_000), (999, 500), (5_001, 5_000), (12, 10), (0.3, 0.2),
])
def test_nice_length(max_m, expected):
    assert nice_length(max_m) == pytest.approx(expected)


def test_nice_length_rejects_non_positive():
    with pytest.raises(ValueError, match="must be positive metres, got 0"):
        nice_length(0)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"size": (100, 50)}, "too small"),
    ({"dpi": 0}, "dpi must be a positive number"),
    ({"lang": "fr"}, "language 'fr' is not available"),
])
def test_render_rejects_bad_parameters(sample, kwargs, message):
    with pytest.raises(ValueError, match=message):
        render_brief(sample, **kwargs)


def test_unknown_layer_lists_the_valid_ones(sample):
    with pytest.raises(KeyError, match="valid: land_class, tax_per_mu"):
        render_brief(sample, layer="nope")


def test_save_rejects_unknown_suffix(land_fig, tmp_path):
    with pytest.raises(ValueError, match=r"suffix '\.jpg'; use one of \.png, \.pdf, \.svg"):
        save_brief(land_fig, tmp_path / "x.jpg")


def test_english_brief(sample):
    fig = render_brief(sample, layer="tax_per_mu", lang="en")
    texts = _texts(fig)
    assert "Zhumadian ETDZ · Tax per mu" in texts and "Parcels" in texts  # the zone's name_en
    assert "Equipment manufacturing park" in [t.get_text() for t in fig.brief_labels]  # the sections' too


def test_tiny_zone_renders(tiny_dataset):
    fig = render_brief(tiny_dataset, layer="tax_per_mu", size=(960, 540), dpi=100)
    assert [t.get_text() for t in fig.brief_labels] == ["一区", "二区"]
    assert fig.brief_scalebar.length_m in (100, 200, 500)   # the zone is ≈ 1.3 km wide


def test_render_leaves_global_settings_alone(sample):
    keys = [*brief_fonts.brief_rc()]
    before = {k: matplotlib.rcParams[k] for k in keys}
    render_brief(sample, size=(640, 360), dpi=80)
    assert {k: matplotlib.rcParams[k] for k in keys} == before


def test_missing_font_names_the_debian_package(monkeypatch):
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    with pytest.raises(brief_fonts.FontMissingError, match="apt-get install fonts-noto-cjk"):
        brief_fonts.cjk_font_path()


def test_pdf_embeds_the_cjk_font(land_fig, tmp_path):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed; apt-get install poppler-utils")
    pdf = save_brief(land_fig, tmp_path / "brief.pdf")
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    noto = [r for r in rows if "NotoSansCJK" in r[0]]
    assert noto, listing
    # columns: name, type..., encoding, emb, sub, uni, object, ID; emb is 5th from the end
    assert all(r[-5] == "yes" for r in noto), listing
    assert not [r for r in rows if "DejaVu" in r[0]], listing   # every text in the CJK font
