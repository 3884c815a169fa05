"""What is asked: a question cleaned, its language, whether it follows up, the kind of answer it
wants, its names and aliases, and the word tables every room reads. Imports only ``index/``."""
