"""Forms, one module per kind of user: ``learner`` (the public site) and ``admin`` (Wagtail)."""
