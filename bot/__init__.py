"""newsbot's application: settings, the answer service, and its CLI, REPL and Slack adapters."""
