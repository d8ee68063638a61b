"""The core: immutable records over the compiled registry, and lookup, search and export.

Every face (library, terminal, web, mock server, learning) reads through here.
"""
