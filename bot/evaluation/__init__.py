"""The evaluations behind ``newsbot eval``: retrieval and answers on SQuAD-format files (XQuAD), and
answer quality on dated news. Each builds a fresh service over a temporary store; imports the spine."""
