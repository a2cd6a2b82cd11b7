"""One module per command: parse nothing, decide everything, return an exit code.

:mod:`crm_risk.cli` turns the command line into arguments and calls ``run`` here; each ``run``
calls the core, hands a view to a renderer, writes the result and returns an
:class:`~crm_risk.errors.ExitCode`. Expected errors are raised, and the CLI's one handler says them.
"""
