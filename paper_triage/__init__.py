"""The ``paper-triage`` command line: check and fix lists locally, review offline, serve the app."""
