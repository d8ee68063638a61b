"""Attacks on the learning face, replayed against real servers on SQLite and PostgreSQL."""
