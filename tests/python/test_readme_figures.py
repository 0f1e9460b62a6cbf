"""Every figure the README quotes comes from the build: each marked block equals what the build says."""

from __future__ import annotations

from pathlib import Path

import pytest

from spi.cli import main
from spi.docs.figures import FIGURES_BY_NAME, compute_figures
from spi.docs.readme import figure_blocks, fill_figures
from spi.project import PROJECT_DIR

README = PROJECT_DIR / "README.md"
# figures the README must keep quoting from the build (others may be added freely)
REQUIRED = {"wards", "indicators", "indicators_real", "indicators_project_modelled", "indicators_synthetic",
            "indicators_like_for_like", "rank_interval_median", "rank_interval_widest", "spi_imd_pearson",
            "largest_family_share", "report_size_mb"}


@pytest.mark.unit
def test_readme_marks_its_figures_and_names_only_known_ones() -> None:
    names = {block.name for block in figure_blocks(README.read_text(encoding="utf-8"))}
    assert REQUIRED <= names, f"README lost its marked figures: {sorted(REQUIRED - names)}"
    assert names <= set(FIGURES_BY_NAME), f"unknown figures: {sorted(names - set(FIGURES_BY_NAME))}"


@pytest.mark.unit
def test_fill_rewrites_only_the_values_of_known_blocks() -> None:
    text = "a <!-- spi:figure wards -->1<!-- /spi:figure --> b <!-- spi:figure other -->x<!-- /spi:figure -->"
    assert fill_figures(text, {"wards": "185"}) == text.replace("-->1<", "-->185<")


@pytest.mark.build
def test_every_readme_figure_matches_the_build(built_database: Path) -> None:
    blocks = figure_blocks(README.read_text(encoding="utf-8"))
    figures = compute_figures(built_database, {block.name for block in blocks})
    stale = [f"README.md:{block.line}: {block.name} says {block.value!r}, the build says {figures[block.name]!r}"
             for block in blocks if block.value != figures[block.name]]
    assert stale == [], "run `spi build && spi docs --update-readme`:\n" + "\n".join(stale)


@pytest.mark.build
def test_spi_docs_reports_and_rewrites_a_stale_figure(built_database: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("We score <!-- spi:figure wards -->999<!-- /spi:figure --> wards.\n", encoding="utf-8")
    assert main(["docs", "--database", str(built_database), "--readme", str(readme)]) == 1
    assert main(["docs", "--database", str(built_database), "--readme", str(readme), "--update-readme"]) == 0
    assert readme.read_text(encoding="utf-8") == "We score <!-- spi:figure wards -->185<!-- /spi:figure --> wards.\n"
    assert main(["docs", "--database", str(built_database), "--readme", str(readme)]) == 0
