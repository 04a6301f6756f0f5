"""Demo logins: one per role, created by ``seed_demo`` and printed by ``make run``.
For a demonstration machine only; a real deployment creates its users in the admin."""

DEMO_PASSWORD = "Demo-Portal-2026"

DEMO_USERS = [
    # (username, role, description)
    ("staff_a", "park_staff", "park committee staff of the first park"),
    ("officer", "officer", "officer of 工信局"),
    ("leader", "leader", "leader (链长)"),
    ("analyst", "analyst", "analyst"),
    ("admin", "admin", "administrator"),
]
