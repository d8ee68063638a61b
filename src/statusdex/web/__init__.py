"""The web face: reference pages, the JSON API and the composition of the whole server
(``statusdex serve``), which also carries the mock server and the learning pages."""
