"""A post-test's rules for trying again, in plain words (the quiz page and the failed result).

``assessments.QuizStanding`` enforces the rules; this module only says them. Times are shown in
the site's time zone (``TIME_ZONE``, the program's own) in the format of the language being read:
"3:40 p.m." in English, "15:40" in Spanish.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from basics.wording import one_full_stop

MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR


def duration_in_words(minutes: int) -> str:
    """ "30 minutes", "1 hour", "2 days": the largest whole unit."""
    if minutes and minutes % MINUTES_PER_DAY == 0:
        days = minutes // MINUTES_PER_DAY
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if minutes and minutes % MINUTES_PER_HOUR == 0:
        hours = minutes // MINUTES_PER_HOUR
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def try_again_message(until: datetime.datetime, now: datetime.datetime) -> str:
    """ "You can try again at 3:40 p.m." (with the date when it is not today)."""
    local = timezone.localtime(until)
    time = date_format(local, "TIME_FORMAT")
    if local.date() == timezone.localtime(now).date():
        sentence = _("You can try again at %(time)s.") % {"time": time}
    else:
        sentence = _("You can try again on %(date)s at %(time)s.") % {
            "date": date_format(local, "DATE_FORMAT"),
            "time": time,
        }
    return one_full_stop(sentence)


def retry_rules(quiz, bank_size: int) -> list[str]:
    """What a post-test allows, one sentence each: attempts, the wait, the fresh draw."""
    if not quiz.is_post_test:
        return []
    rules = []
    limit = quiz.attempt_limit
    if limit:
        rules.append(
            ngettext(
                "You can take it %(count)d time.", "You can take it up to %(count)d times.", limit
            )
            % {"count": limit}
        )
    else:
        rules.append(_("You can take it as many times as you need."))
    if minutes := quiz.wait_between_attempts:
        wait = duration_in_words(minutes)
        failures = quiz.failures_before_wait
        if failures == 1:
            rules.append(
                _("After a try that does not pass, wait %(wait)s before the next one.")
                % {"wait": wait}
            )
        else:
            rules.append(
                ngettext(
                    "If a try does not pass, you can try again right away. After %(count)d "
                    "try that does not pass, wait %(wait)s before each next one.",
                    "If a try does not pass, you can try again right away. After %(count)d "
                    "tries that do not pass, wait %(wait)s before each next one.",
                    failures,
                )
                % {"count": failures, "wait": wait}
            )
    if quiz.draw_count and quiz.draw_count < bank_size:
        rules.append(_("Each try has a new set of questions."))
    elif quiz.shuffle_questions:
        rules.append(_("Each try shows the questions in a new order."))
    return rules
