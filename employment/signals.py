"""What employment announces to the apps above it (connected in their ``ready()``).

``job_lost``: a follow-up found a member who was working now 未就业 ("lost job"). Sent inside the
follow-up's transaction with ``follow_up`` (the recorded :class:`employment.models.FollowUp`) and
``by`` (the cadre); clues raises a clue for it (``clues.employment_receivers``).
"""

from django.dispatch import Signal

job_lost = Signal()
