"""newsbot's application. An answer flows question → reading → answering → adapters, one room each:

- ``question/``  what is asked: cleaning, language, follow-ups, intent, names, aliases, the word tables
- ``reading/``   what answers it: hybrid retrieval, relevance, sentences and their spans, the reader
- ``answering/`` what is said: the extractive composer, the wording in each language, ``llm/``
- ``adapters/``  where it is shown: the CLI, the REPL, the terminal renderer, ``slack/``
- ``ops/``       operations that know no answer: logs, metrics, health, tracing, timings, progress, paths
- ``evaluation/`` the SQuAD and news evaluations behind ``newsbot eval``

The spine stays here: ``service.py`` (the one ``answer()``), ``settings.py``, ``state.py`` (the typed
turn) and ``answer.py`` (what every adapter renders). Imports run one way, down this list:
adapters → evaluation → service → answering → state, answer, settings → reading → question → ops →
``index/`` (tests/test_layout.py walks them).
"""
