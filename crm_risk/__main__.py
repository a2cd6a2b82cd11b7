"""Allow ``python -m crm_risk``."""

from crm_risk.entry import main

main()
