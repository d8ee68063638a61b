"""The registry's build side: the schema of the TOML files in ``registry/`` and the compiler
that turns them into ``statusdex/_compiled``. Nothing here is imported at run time."""
