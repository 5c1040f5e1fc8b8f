"""Review and sign-off: the workflow state machine, comment threads and plan versions."""
