"""The rule model: table schema, facts catalogue, condition language, renderer, packs and their loader."""
