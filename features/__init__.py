"""Rule specs in Chinese Gherkin: step library, pytest plugin, coverage runner and generated step docs."""
