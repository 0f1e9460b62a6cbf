"""Checks every input file against its declared shape before anything is built.

Small rule functions, each returning a list of ValidationError, so the same rules serve `spi validate`,
`spi build` and the engine's framework/values files.
"""

from spi.validation.errors import ValidationError

__all__ = ["ValidationError"]
