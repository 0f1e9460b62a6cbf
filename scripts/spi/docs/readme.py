"""The README's figure blocks: `<!-- spi:figure NAME -->185<!-- /spi:figure -->`, found and rewritten."""

from __future__ import annotations

import re
from dataclasses import dataclass

BLOCK = re.compile(r"<!-- spi:figure (?P<name>[a-z0-9_]+) -->(?P<value>.*?)<!-- /spi:figure -->", re.S)


@dataclass(frozen=True)
class FigureBlock:
    name: str
    value: str
    line: int


def figure_blocks(text: str) -> list[FigureBlock]:
    return [
        FigureBlock(match["name"], match["value"], text.count("\n", 0, match.start()) + 1)
        for match in BLOCK.finditer(text)
    ]


def fill_figures(text: str, figures: dict[str, str]) -> str:
    """The text with every block whose figure is known set to that figure; other blocks are left alone."""

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        value = figures.get(name, match["value"])
        return f"<!-- spi:figure {name} -->{value}<!-- /spi:figure -->"

    return BLOCK.sub(replace, text)
