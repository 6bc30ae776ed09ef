"""On top of every app: each role's home page and the notifications, scoped by visibility."""
