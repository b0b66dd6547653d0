"""The `reviewqa` command: `main` parses and maps errors to exit codes; one module per group of subcommands
(`corpus`, `search`, `writing`, `quiz`, `serve`) parses its arguments, calls the library and prints. The only
module that prints.
"""
