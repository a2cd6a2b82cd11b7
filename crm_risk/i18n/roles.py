"""Respondent roles in words."""

ROLE_LABELS: dict[str, dict[str, str]] = {
    "sponsor": {"en": "sponsor", "zh": "项目发起人"},
    "project-lead": {"en": "project lead", "zh": "项目负责人"},
    "frontline": {"en": "frontline", "zh": "一线员工"},
    "line-manager": {"en": "line manager", "zh": "直线主管"},
    "operations": {"en": "operations", "zh": "运营"},
    "consultant": {"en": "consultant", "zh": "顾问"},
    "other": {"en": "other", "zh": "其他"},
}
