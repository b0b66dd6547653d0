"""How good the composed answers are on a question file: the share of answerable questions whose answer contains
an answering phrase (`must_contain`), the answers' length in words, and that every sentence is the review's own."""

from __future__ import annotations

from dataclasses import dataclass

from reviewqa.chat.compose import ComposedAnswer
from reviewqa.chat.turn import answer_of, grounded
from reviewqa.search.assistant import Assistant
from reviewqa.search.evaluate import Question, first_hit_rank


@dataclass(frozen=True)
class AnswerScore:
    answerable: int
    answered: int  # answerable questions that got an answer at all
    containing: int  # … whose answer contains an answering phrase
    first_containing: int  # … whose answer's first sentence does
    words: float  # mean words of the answers given
    not_verbatim: tuple[str, ...]  # ids of questions with an answer sentence that is not in its passage verbatim

    @property
    def contains_share(self) -> float:
        return self.containing / self.answerable if self.answerable else 0.0

    @property
    def first_share(self) -> float:
        return self.first_containing / self.answerable if self.answerable else 0.0


def answer_for(assistant: Assistant, question: Question, k: int = 5) -> ComposedAnswer:
    earlier = grounded(assistant, list(question.history))
    return answer_of(assistant, assistant.search(question.question, k=k, history=earlier), earlier=earlier)


def verbatim(answer: ComposedAnswer, assistant: Assistant) -> bool:
    """Every sentence is a verbatim part of the passage it is said to come from, and none comes twice; a sentence
    quoted with the one it points back to holds that one verbatim at its start."""
    texts = [s.text for s in answer.sentences]
    return len(set(texts)) == len(texts) and all(
        s.text in assistant.review.chunk(s.chunk_id).text and s.text.startswith(s.antecedent) for s in answer.sentences
    )


def score_answers(assistant: Assistant, questions: list[Question]) -> AnswerScore:
    answerable = [q for q in questions if q.answerable]
    answered = containing = first = 0
    words: list[int] = []
    not_verbatim = []
    for question in questions:
        answer = answer_for(assistant, question)
        if not verbatim(answer, assistant):
            not_verbatim.append(question.id)
        if not question.answerable or not answer.sentences:
            continue
        answered += 1
        words.append(answer.words)
        containing += first_hit_rank(["\n".join(s.text for s in answer.sentences)], question.must_contain) is not None
        first += first_hit_rank([answer.sentences[0].text], question.must_contain) is not None
    mean = sum(words) / len(words) if words else 0.0
    return AnswerScore(len(answerable), answered, containing, first, mean, tuple(not_verbatim))
