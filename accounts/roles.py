"""Site-wide roles. Each is a Django group created by a migration; names are stable."""

LEARNERS = "Learners"
TRAINERS = "Trainers"
REVIEWERS = "Reviewers"
SITE_ADMINS = "Site admins"

# People in these groups edit content or see other people's data: they must use MFA.
STAFF_GROUPS = (TRAINERS, REVIEWERS, SITE_ADMINS)
