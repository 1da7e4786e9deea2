"""The command line: headless, no Qt. Each subcommand is a module with `register`."""
