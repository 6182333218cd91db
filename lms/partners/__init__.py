"""Partner pages: what an organization's managers and a coalition's leads see and export.

Composed in the lms layer because it reads every app: members (accounts), progress and quiz
scores (courses) and certificates (certificates). Who may see what is always decided by
``accounts.permissions`` (``get_organization_for_manager``, ``visible_members``); nothing here
filters people by hand except through those querysets.
"""
