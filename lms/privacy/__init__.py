"""A learner's own data: the privacy page, downloading everything, and deleting the account."""
