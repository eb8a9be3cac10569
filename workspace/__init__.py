"""The review workspace in the browser (`casereview serve`): accounts, background reviews, 人工复核, 整改."""
from casereview.workspace.app import create_app
from casereview.workspace.settings import Settings

__all__ = ["Settings", "create_app"]
