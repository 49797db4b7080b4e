"""The committee's record: people and posts, memberships, meetings and their action notes,
and the work programme.

This app knows nothing of tracking (recommendations, requests); `tracker` builds on it.

- `council`: the council's name and wording (one row, set by administrators);
- `people`: the committee, people, posts and who holds them, members and support officers;
- `meetings`: meetings, agenda items, resolutions, attendance, declarations, action notes;
- `programme`: the work programme, its priority matters, the forward plan, call-ins, and
  where the source documents differ.
"""

from .council import CouncilSettings
from .meetings import (
    SCHEDULE_12A_PARAGRAPHS,
    ActionNotes,
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    MeetingQuerySet,
    Resolution,
    StandingItem,
)
from .people import (
    Committee,
    Membership,
    Person,
    Post,
    PostHolding,
    SupportOfficer,
    active_on,
    covers,
    posts_held,
)
from .programme import (
    CallIn,
    ForwardPlanDecision,
    ProgrammeMatter,
    ProgrammeMatterQuerySet,
    ProgrammePublication,
    SourceConflict,
    WorkProgrammeEntry,
    WorkProgrammeEntryQuerySet,
)

__all__ = [
    "SCHEDULE_12A_PARAGRAPHS",
    "ActionNotes",
    "AgendaItem",
    "Attendance",
    "CallIn",
    "Committee",
    "CouncilSettings",
    "Declaration",
    "ForwardPlanDecision",
    "Meeting",
    "MeetingQuerySet",
    "Membership",
    "Person",
    "Post",
    "PostHolding",
    "ProgrammeMatter",
    "ProgrammeMatterQuerySet",
    "ProgrammePublication",
    "Resolution",
    "SourceConflict",
    "StandingItem",
    "SupportOfficer",
    "WorkProgrammeEntry",
    "WorkProgrammeEntryQuerySet",
    "active_on",
    "covers",
    "posts_held",
]
