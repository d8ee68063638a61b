"""The mock server: any status code, spec-correct, with delays, headers and faults."""
