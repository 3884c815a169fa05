"""The Slack adapter: a slack-bolt app over the answer service (mentions, DMs, /newsbot, feedback).

``app.create_app`` wires it and ``server`` runs it (HTTP or Socket Mode). ``listeners`` acknowledge
and hand over to ``delivery`` (ask, render, post); Block Kit lives in ``blocks``; reading threads in
``threads``; streaming previews in ``streaming``; durable state (events taken on, answers given,
feedback) in ``dedupe``, ``answer_log`` and ``feedback``, all in one SQLite file (``storage``).
"""
