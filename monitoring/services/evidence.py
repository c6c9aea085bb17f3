"""Evidence at every step (SPEC 4: every step stores its attachments): photos or PDF scans,
checked by content (``common.files``), required or optional per step by policy
(``evidence_<procedure>_step<n>``; by default only the enrolment's 承诺授权书 at step 2)."""

from django.core.files import File
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import ServiceError
from common.files import DOCUMENTS, validate_upload
from common.policies import policy_int
from regions.models import Region

from ..models import CaseStep, StepAttachment

AUTHORISATION = "承诺授权书"
# What the file of each step is called in the case file (案卷).
STEP_EVIDENCE = {
    1: gettext_lazy("提名材料"),
    2: gettext_lazy("入户核实材料"),
    3: gettext_lazy("评议会议记录"),
    4: gettext_lazy("审核意见材料"),
    5: gettext_lazy("审定文件"),
}


def evidence_required(village: Region, procedure: str, step: int) -> bool:
    return policy_int(f"evidence_{procedure}_step{step}", village) >= 1


def take_evidence(
    *,
    village: Region,
    procedure: str,
    step: int,
    files: dict[str, "File[bytes] | None"],
    required_field: str = "attachment",
    missing: str = "",
    optional: bool = False,
) -> list[tuple[str, "File[bytes]"]]:
    """Check the files of one step before anything is written: refuse when the policy requires
    evidence and ``required_field`` is empty, and refuse any file that is not a photo or PDF.
    Returns (field, file) pairs for :func:`attach`. ``optional``: a file is welcome, never required."""
    if not optional and evidence_required(village, procedure, step) and not files.get(required_field):
        raise ServiceError(
            missing or _("本步骤须上传材料（照片或PDF扫描件）。"), code=required_field, field=required_field
        )
    taken = []
    for field, fileobj in files.items():
        if fileobj:
            validate_upload(fileobj, allowed=DOCUMENTS, field=field, region=village)
            taken.append((field, fileobj))
    return taken


def attach(step: CaseStep, taken: list[tuple[str, "File[bytes]"]]) -> list[StepAttachment]:
    """Store the checked files on the step's log row; the 承诺授权书 keeps its own name."""
    kinds = {"authorisation": AUTHORISATION}
    return [
        StepAttachment.objects.create(
            step=step, kind=kinds.get(field, str(STEP_EVIDENCE[step.step])), file=fileobj
        )
        for field, fileobj in taken
    ]
