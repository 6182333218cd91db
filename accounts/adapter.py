from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.models import Group

from .roles import LEARNERS


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # Everyone who signs up is a learner; other roles are granted by a site admin.
            learners, _ = Group.objects.get_or_create(name=LEARNERS)
            user.groups.add(learners)
        return user
