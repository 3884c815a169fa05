"""newsbot's indexing library: articles → cleaned text → chunks with offsets → vectors.

It never reads settings or the environment; callers pass paths, models and stores in.
"""
