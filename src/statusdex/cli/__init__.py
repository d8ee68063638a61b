"""The terminal face: ``statusdex``."""
