"""The opt-in LLM answer mode: any LangChain chat model answers from numbered passages, and code
checks every ``[n]`` it cites before the answer is shown (falling back to the extractive answer).

model.py builds the chat model from settings; prompt.py words the request; generate.py calls the
model (streaming, deadline, one bounded retry); parse.py splits the reply into cited claims;
facts.py, injection.py and verify.py check each claim against its passage; compose.py builds
the Answer; rewrite.py turns follow-ups into standalone questions; chain.py wires it all as one
runnable.
"""
