"""The options of ``crmrisk assess`` (typer reads them from these annotations)."""

# No `from __future__ import annotations`: typer reads annotations at run time.

from pathlib import Path
from typing import Annotated, Optional

import typer

from crm_risk.i18n import ROLES

OutOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--out",
        "-o",
        metavar="FILE",
        help="Answer file to write. Default: <project>-<date>-<respondent>.yaml here.",
    ),
]
ResumeOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--resume",
        metavar="FILE|DIR",
        help="Continue FILE, or a room's folder DIR, at its first unanswered question.",
    ),
]
ProjectOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--project", metavar="NAME", help="The project (asked if not given)."),
]
RespondentOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--respondent",
        metavar="NAME[:ROLE]",
        help="Who answers (asked if not given). Several times, each NAME:ROLE: a room, "
        "where everyone answers each question in turn, one file each.",
    ),
]
RoleOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--role",
        metavar="ROLE",
        help=f"The respondent's role (asked if not given), by number, id or label: "
        f"{', '.join(ROLES)}.",
    ),
]
ContextOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--context",
        metavar="FIELD=OPTION",
        help="A context fact, e.g. crm_kind=after-sales-service (asked if not given).",
    ),
]
ReportOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--report",
        metavar="FILE.md",
        help="Also write the report here (a room's: the group report); FILE.html: HTML.",
    ),
]
OutDirOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--out-dir",
        metavar="DIR",
        help="A room's folder, one answer file per person. Default: <project>-<date> here.",
    ),
]
AssessForceOption = Annotated[
    bool,
    typer.Option(
        "--force", help="Replace an existing --out or --report file; write into a used --out-dir."
    ),
]
