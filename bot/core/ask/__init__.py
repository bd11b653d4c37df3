"""/ask: a question in plain words, answered from the content or declined honestly.

question.py takes the question apart, lexicon.py indexes what the content states, cover.py finds the
passages that account for every word, answer.py answers or declines (the decision rule is documented there).
"""
