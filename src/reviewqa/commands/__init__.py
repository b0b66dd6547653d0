"""Subcommands of the `reviewqa` CLI, one module per group."""
