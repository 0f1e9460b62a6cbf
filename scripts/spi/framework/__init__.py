"""The framework: its seed, framework files given to `spi score`, and weight derivation."""
