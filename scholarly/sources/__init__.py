"""One small client per source, each of its documented API: a request, and its answer read into ``Record``s
(through a pydantic model of the answer's shape, so that a changed API fails loudly here, not in a rule)."""
