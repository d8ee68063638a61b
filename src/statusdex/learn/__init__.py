"""Learning mode: spaced-repetition flash cards made from the registry."""
