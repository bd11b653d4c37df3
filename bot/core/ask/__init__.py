"""/ask: a question in plain words, answered from the content or declined honestly.

words.py makes chat plain and splits words (the leaf); lexicon.py indexes what the content states (records,
and every sentence of the sources' texts); mentions.py and question.py take the question apart, and slot.py
(with phrases.py, the question's grammar) reads what it asks for; weigh.py weighs how much of it an answer
accounts for; cover.py finds the passages that account for enough and search.py ranks them; fit.py (with
counts.py for counts and amounts) checks a passage holds the slot's value, and roles.py finds the names in
a role asked; facts.py, ranking.py, places.py, yesno.py and define.py answer from the records; route.py hands
news to /news; reply.py quotes or declines; answer.py decides (the rule is documented there).
"""
