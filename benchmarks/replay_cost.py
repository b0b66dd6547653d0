"""What a crafted browser state costs on a page load: a 25 KB conversation of 30 long questions, loaded twice.

    PYTHONPATH=src python benchmarks/replay_cost.py [--index DIR]

Replays the state the way the page-load event does (`ui.conversation.replay`) and prints the turns answered and
the CPU seconds of each load, then the CPU of typing the same questions one by one. Issue 22, finding 5: a
replay may cost no more than typing its questions did, and a second load of the same state nothing.
"""

from __future__ import annotations

import argparse
import json
import resource

from reviewqa.chat.turn import Settings, respond
from reviewqa.search.assistant import Assistant
from reviewqa.ui.conversation import replay, turn_record


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", help="index folder (default: the checkout's index/)")
    args = parser.parse_args()
    assistant = Assistant.load(args.index, rebuild=False, quiet=True)
    assistant.search("warm up")  # the query encoder loads on the first question
    questions = [f"question {n:02d} " + "CAFs hypoxia " * 60 for n in range(30)]
    crafted = {"user": "", "turns": [turn_record(q, Settings()) for q in questions]}
    for load in (1, 2):
        started = cpu()
        _, turns, _ = replay(assistant, crafted, None)
        print(
            f"state of {len(json.dumps(crafted))} bytes, load {load}: {len(turns)} turns answered, "
            f"{cpu() - started:.2f} s CPU"
        )
    started, asked = cpu(), []
    for record in turns:
        asked = respond(assistant, record["q"], asked, Settings()).after(asked)
    print(f"typing those {len(turns)} questions: {cpu() - started:.2f} s CPU")


if __name__ == "__main__":
    main()
