"""The exported file opens in LibreOffice (converted headless to CSV).

CI does not install LibreOffice, so this is not tied to REQUIRE_SERVICES: it skips when
LibreOffice is missing, and fails instead only when REQUIRE_LIBREOFFICE=1.
"""

import os
import shutil
import subprocess

import pytest
from django.urls import reverse

from .conftest import download


def libreoffice() -> str:
    path = shutil.which("libreoffice") or shutil.which("soffice")
    if not path:
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("REQUIRE_LIBREOFFICE=1 but LibreOffice is not installed")
        pytest.skip("LibreOffice is not installed")
    return path


def test_member_ledger_converts_to_csv_in_libreoffice(client_for, county_user, register, tmp_path):
    binary = libreoffice()
    source = tmp_path / "members.xlsx"
    source.write_bytes(download(client_for(county_user).post(reverse("ledgers:export", args=["members"]))))
    subprocess.run(
        [binary, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76",  # 76: UTF-8 whatever the locale
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    text = (tmp_path / "members.csv").read_text(encoding="utf-8", errors="replace")
    assert "户编号" in text and "500230201201001" in text
