"""Self-quiz items from the review's own sentences and tables, and answers checked forgivingly.

`terms` finds the key terms a sentence can be quizzed on, `items` makes cloze, multiple-choice and which-study
`QuizItem`s, `checking` accepts any form of the right answer, and `session` runs a quiz (`QuizSession`) for the
CLI and the app. Imports `search` (section names) and below.
"""
