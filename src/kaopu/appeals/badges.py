"""The colour (tone) of every appeal badge, defined once for every side: staff, department, enterprise,
leader, public board and the other apps that show an appeal's state (dialogues, legal).

A tone is a CSS modifier of ``.badge`` (kaopu/core/static/kaopu/kaopu.css). Red (``danger``) means a
problem and nothing else: a declined appeal, an overdue deadline, a discontented rating (不满意,
非常不满意). Pages never pick a colour themselves; they call the tags of
``appeals/templatetags/appeal_badges.py`` (``{% state_badge appeal %}``, ``{% overdue_badge %}``,
``{% rating_badge appeal.rating %}``), which read the tables below.
"""

from __future__ import annotations

from enum import StrEnum

from kaopu.appeals.models import Appeal
from kaopu.appeals.workflow import REOPENING_RATINGS


class Tone(StrEnum):
    """The badge colours; the value is the CSS class next to ``badge``."""

    NEUTRAL = "neutral"  # grey: nothing more will happen (withdrawn, merged)
    WAITING = "info"  # blue: with FIC staff (to accept, to dispatch)
    ACTIVE = "warn"  # amber: with a department (to sign for, being handled)
    DONE = "ok"  # green: answered, closed, a satisfied rating
    MARK = "mark"  # outlined: a fact worth seeing that is no problem (confidential, our part, provisional)
    PROBLEM = "danger"  # red: only declined, overdue and discontent


S = Appeal.State
STATE_TONES: dict[str, Tone] = {
    S.SUBMITTED: Tone.WAITING,
    S.ACCEPTED: Tone.WAITING,
    S.DISPATCHED: Tone.ACTIVE,
    S.IN_PROGRESS: Tone.ACTIVE,
    S.REVIEWING: Tone.WAITING,  # the reply waits for FIC staff's review
    S.REPLIED: Tone.DONE,
    S.CLOSED: Tone.DONE,
    S.DECLINED: Tone.PROBLEM,
    S.WITHDRAWN: Tone.NEUTRAL,
    S.MERGED: Tone.NEUTRAL,
}

# Past its deadline: a problem on every side that shows it.
OVERDUE_TONE = Tone.PROBLEM


def state_tone(state: str) -> Tone:
    return STATE_TONES.get(state, Tone.NEUTRAL)


def rating_tone(rating: str) -> Tone:
    """Discontent (the two lowest ratings, which reopen the appeal) is a problem; any other rating is done."""
    return Tone.PROBLEM if rating in REOPENING_RATINGS else Tone.DONE
