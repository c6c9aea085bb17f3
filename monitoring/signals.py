"""What the monitoring app announces to the apps above it (they connect in their ``ready()``).

monitoring sits below clues and never imports it; clues listens here to close its clues when a
household gets a case, and to raise clues from the data-quality checks that are risk signals.
"""

from django.dispatch import Signal

# Sent by ``case_nominate`` inside its transaction, with ``case`` (the new open case) and ``by``.
case_opened = Signal()

# Sent by the nightly quality run once per check, inside its transaction, with ``check`` (a
# ``common.quality.Check``), ``rows`` (the offending rows over the whole register, a QuerySet of
# the check's model) and ``day``. A receiver decides which checks it cares about.
quality_findings = Signal()
