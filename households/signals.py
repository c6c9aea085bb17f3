"""What the households app announces to the apps above it (they connect in their ``ready()``).

households sits below monitoring and clues and never imports them; a higher app that must act on
a household event (e.g. clues raising a 预警线索 from a visit) listens here instead.
"""

from django.dispatch import Signal

# Sent by ``visit_record`` inside its transaction, with ``visit`` and ``by``. A receiver returns
# the list of objects it raised from the visit (e.g. clues); they end up in ``visit.raised``.
visit_recorded = Signal()
