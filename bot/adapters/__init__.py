"""Where answers are shown: the ``newsbot`` CLI, the REPL, the terminal renderer and Slack — thin
layers over the answer service. May import anything below them; nothing imports them."""
