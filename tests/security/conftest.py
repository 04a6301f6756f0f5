"""The security tests' world: tests/security/world.py."""

from .world import world  # noqa: F401
