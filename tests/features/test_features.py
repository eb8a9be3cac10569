"""Every .feature file under features/ becomes tests here (pytest-bdd); steps come from features.steps."""
from pathlib import Path

from pytest_bdd import scenarios

FEATURES = Path(__file__).resolve().parents[2] / "features"

scenarios(str(FEATURES))
