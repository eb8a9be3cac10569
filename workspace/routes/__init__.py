"""The workspace's routes, one module an area; every router is listed here (the security tests walk them)."""
from casereview.workspace.routes import admin, auth, downloads, rectify, review, runs

ROUTERS = [auth.router, runs.router, review.router, rectify.router, downloads.router, admin.router]
