"""`reviewqa train-reader`: make the reader's training pairs from the review and the training question sets, train
the cross-encoder, export it to ONNX beside its manifest (the committed model is what this command wrote)."""

from __future__ import annotations

import argparse

# The sets the reader learns from (all studied by earlier sessions). heldout and the shared dev set are kept for
# choosing weights and thresholds (never trained on); a new held-out set is scored by the coordinator alone.
TRAINING_SETS = (
    "eval/tune_questions.jsonl",
    *(f"eval/heldout{n}_questions.jsonl" for n in range(2, 9)),
    "eval/chats_questions.jsonl",
)
NEVER_TRAIN_ON = ("heldout_questions", "dev_questions")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    train = sub.add_parser("train-reader", help="train the reader (a cross-encoder) on the review; tens of minutes")
    train.add_argument(
        "--questions", action="append", metavar="FILE", help="a training question set (repeatable; default: tune, "
        "heldout2..heldout8, chats)"
    )
    train.add_argument("--out", help="folder for reader.onnx and reader.json (default: the package's bundled/)")
    train.add_argument("--index", help="index folder (the retrieval that finds the hard negatives)")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--epochs", type=int, default=1)
    train.add_argument("--learning-rate", type=float, default=2e-4)
    train.add_argument("--limit", type=int, default=0, help="train on only the first N pairs (quick checks)")
    train.add_argument("--pairs-only", action="store_true", help="count and hash the pairs, do not train")
    train.add_argument(
        "--fold", metavar="K/N", help="cross-validation: leave out the questions of fold K of N (the flag's threshold)"
    )
    train.set_defaults(handler=run_train_reader)


def run_train_reader(args: argparse.Namespace) -> int:
    from pathlib import Path

    from reviewqa.chat.reader_data import pairs_sha256, training_pairs
    from reviewqa.errors import UsageError
    from reviewqa.index.reader import reader_dir
    from reviewqa.search.assistant import Assistant
    from reviewqa.search.evaluate import Question, load_questions
    from reviewqa.search.techniques import Techniques

    files = args.questions or list(TRAINING_SETS)
    refused = [f for f in files if any(name in f for name in NEVER_TRAIN_ON)]
    if refused:
        raise UsageError(f"{refused[0]} is kept for evaluation; the reader is never trained on it")
    try:
        questions = [q for f in files for q in load_questions(Path(f))]
    except OSError as exc:
        raise UsageError(f"cannot read {exc.filename}: {exc.strerror}") from exc
    if args.fold:
        questions = [q for q in questions if not in_fold(q.id, args.fold)]
    loaded = Assistant.load(args.index, quiet=True)
    assistant = Assistant(loaded.review, loaded.index, techniques=Techniques.without(["reader_rerank", "reader_flag"]))

    def retrieve(question: Question):
        result = assistant.search(question.question, k=5, history=list(question.history))
        return result.read_as, [hit.chunk for hit in result.hits]

    pairs = training_pairs(assistant.review, questions, retrieve, seed=args.seed)
    if args.limit:
        pairs = pairs[: args.limit]
    counts: dict[str, int] = {}
    for pair in pairs:
        counts[pair.source] = counts.get(pair.source, 0) + 1
    digest = pairs_sha256(pairs)
    positives = sum(p.label > 0 for p in pairs)
    print(f"{len(pairs)} pairs ({positives} positive) from {len(questions)} questions; sha256 {digest}")
    print("by source: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if args.pairs_only:
        return 0

    from reviewqa.index.reader_train import ReaderSettings, train_and_write

    settings = ReaderSettings(seed=args.seed, epochs=args.epochs, learning_rate=args.learning_rate)
    facts = {"training_sets": files, "pairs": len(pairs), "positives": positives, "pairs_sha256": digest}
    facts["pairs_by_source"] = counts
    if args.fold:
        facts["left_out_fold"] = args.fold
    folder = Path(args.out) if args.out else reader_dir()
    triples = [(p.query, p.candidate, p.label) for p in pairs]
    manifest = train_and_write(triples, settings, folder, facts, review_texts(assistant.review))
    print(
        f"reader written to {folder}: {manifest['onnx_bytes'] / 1e6:.1f} MB, trained in {manifest['train_seconds']} s, "
        f"ONNX vs PyTorch max logit difference {manifest['onnx_vs_torch_max_logit_difference']:.2e}"
    )
    return 0


def review_texts(review) -> list[str]:
    """The review's own words, whose word pieces the reader keeps: every passage, heading, table cell and glossary
    form."""
    texts = [text for chunk in review.chunks for text in (chunk.text, chunk.heading or "", *chunk.table_cells)]
    texts += [form for entry in review.glossary.entries for form in (entry.abbr, *entry.long_forms)]
    return [t for t in texts if t]


def in_fold(question_id: str, fold: str) -> bool:
    """Whether a question (by id; a chat's turns together) falls in fold 'K/N' (a stable hash, not Python's)."""
    import hashlib

    from reviewqa.errors import UsageError

    try:
        k, n = (int(x) for x in fold.split("/"))
    except ValueError:
        raise UsageError(f"--fold takes K/N, e.g. 0/2, not '{fold}'") from None
    if not 0 <= k < n:
        raise UsageError(f"--fold K/N needs 0 <= K < N, not '{fold}'")
    conversation = question_id.rsplit("-", 1)[0] if question_id[:1] == "c" else question_id
    return int(hashlib.sha256(conversation.encode()).hexdigest(), 16) % n == k
