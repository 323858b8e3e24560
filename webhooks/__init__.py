"""The HTTP edge: receive GitHub deliveries, verify, deduplicate, enqueue, answer fast."""
