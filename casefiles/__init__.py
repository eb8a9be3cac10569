"""Case-file tables: schema, loaders, writers, working-day calendar, fact derivation, samples."""
