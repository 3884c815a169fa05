"""What answers it: hybrid retrieval over the live articles, relevance, sentences and the typed
spans in them, and the reader that scores them. Imports ``question/`` and ``index/``."""
