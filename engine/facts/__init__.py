"""Facts derived from the case-file tables: per case, per unit, with guards for unreadable inputs."""
