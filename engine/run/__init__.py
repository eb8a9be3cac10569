"""The review pipeline: facts, decided branches, findings, scores, unit rates, due list, invariants."""
