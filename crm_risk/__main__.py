"""Allow ``python -m crm_risk``."""

from crm_risk.cli import main

main()
