"""Sentences that do not stand alone, over every answer of every eval set: the share of answer sentences that open
by pointing back ('This…', 'These…', 'Such…', 'They…', 'It…', 'Here…') without the sentence they point to, or that
talk about the review itself ('the present review', '…were explored', 'this section') when the question is not
about the review. The patterns here are the benchmark's own, broader than the composer's (chat.standalone).

    python benchmarks/standalone_share.py [--index DIR]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from reviewqa.chat.answer_eval import answer_for
from reviewqa.search.assistant import Assistant
from reviewqa.search.evaluate import Question, load_questions
from reviewqa.search.priors import about_the_document

POINTING = re.compile(
    r"^(?:\w+,\s+)?(?:(?:in|by|of|for|with|from|through|under|despite|given|like|among)\s+)?"
    r"(?:this|these|those|such|they|their|them|it(?!\s+(?:is|was|has\s+been)\b)|its|here|the\s+(?:latter|former|same|"
    r"above))\b",
    re.I,
)
SELF = re.compile(
    r"\b(?:this|the\s+present|the\s+current|our)\s+(?:review|article|paper|section|figure|work)\b|\bwe\s+\w+|"
    r"\bthe\s+(?:review|article)\s+(?:\w+ly\s+)?\w+s\b|"
    r"\b(?:were|are|is|was|will\s+be|have\s+been|be)\s+(?:further\s+)?(?:explored|discussed|summari[sz]ed|"
    r"reviewed|outlined|described\s+(?:here|below|above))\b|\b(?:critically|comprehensively|systematically)\s+"
    r"(?:evaluated|analy[sz]ed|examined|reviewed)\b",
    re.I,
)
EVAL = Path("eval")


def _questions() -> list[Question]:
    sets = sorted(EVAL.glob("*questions.jsonl"))
    broad = [path for path in sets if path.name.startswith("broad")]  # concepts, not must_contain phrases
    found = [q for path in sets if path not in broad for q in load_questions(path)]
    for line in (line for path in broad for line in path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            item = json.loads(line)
            found.append(Question(item["id"], item["question"], True, ()))
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default=None)
    args = parser.parse_args()
    assistant = Assistant.load(Path(args.index)) if args.index else Assistant.load()
    total = bad_pointing = bad_self = 0
    examples = []
    for question in _questions():
        for sentence in answer_for(assistant, question).sentences:
            total += 1
            antecedent = getattr(sentence, "antecedent", "")  # (the code before the issue has no pairs)
            own = sentence.text[len(antecedent) :].strip() if antecedent else sentence.text
            alone = POINTING.match(own) is not None and not antecedent
            unasked = SELF.search(sentence.text) is not None and not about_the_document(question.question)
            bad_pointing += alone
            bad_self += unasked
            if (alone or unasked) and len(examples) < 8:
                examples.append(f"  {question.id}: {sentence.text[:100]}")
    bad = bad_pointing + bad_self
    print("\n".join(examples))
    print(f"{total} answer sentences: {bad} ({bad / max(1, total):.1%}) do not stand alone "
          f"({bad_pointing} point back without their antecedent, {bad_self} talk about the review unasked)")


if __name__ == "__main__":
    main()
