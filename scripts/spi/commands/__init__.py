"""One module per `spi` sub-command; each has register(subparsers) and run(args) -> exit code."""
