"""What is said: the extractive answer composed from the reader's sentences, the wording in each
language, and the opt-in LLM mode (``llm/``). Imports the spine's types, ``reading/``, ``question/``."""
