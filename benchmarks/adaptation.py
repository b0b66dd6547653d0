"""Domain adaptation of all-MiniLM-L6-v2 to the review: synthetic (query, passage) pairs and a seeded MNRL run.

A research script, measured and not kept (benchmarks/ADAPTATION.md): the app indexes with the stock model.
Pair generation needs no model; `train` imports torch and sentence-transformers only when called.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from reviewqa.corpus.review import Review
from reviewqa.corpus.sentences import split_sentences
from reviewqa.index.embed import embedding_text, load_sentence_transformer
from reviewqa.model import offline
from reviewqa.quiz.items import BLANK, quiz_sources, table_fields
from reviewqa.quiz.terms import TermFinder
from reviewqa.records import Chunk, Kind

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Log = Callable[[str], None] | None  # where training progress lines go

SOURCES = ("ict", "glossary", "table", "cloze", "heading")
OPTIONAL_SOURCES = ("reference", "questions")  # reference-list entries as targets: measured, not used by default
POSITIVE_KINDS = (Kind.TEXT, Kind.TABLE_ROW, Kind.FIGURE)
WEIGHTS_FILE = "model.safetensors"
CONFIG_FILE = "adaptation.json"
MIN_BATCH = 4  # the last batches of a no-duplicates pass hold few passages: too few negatives to teach
# Options of the first build's grid since dropped, with the value that meant "off": a config naming them is still
# the same run when it has that value.
DROPPED_OPTIONS = {"bf16": False, "extra_kinds": []}
_CITATION = re.compile(r"\s*\((?:Refs?\.?\s*)?\d+(?:\s*[-–,]\s*\d+)*\)")


@dataclass(frozen=True)
class Pair:
    """One training example: a synthetic query and the passage text it should retrieve."""

    query: str
    passage: str
    chunk_id: str
    source: str


@dataclass(frozen=True)
class AdaptConfig:
    """Everything that decides the adapted weights; the same config gives the same bytes."""

    sources: tuple[str, ...] = SOURCES
    epochs: int = 1
    learning_rate: float = 2e-5
    batch_size: int = 32
    seed: int = 13
    ict_keep_sentence: bool = False  # inverse cloze: passage with the query sentence kept (True) or removed
    max_cloze_per_sentence: int = 1  # cloze items of one sentence used (each blanks another term)
    max_pairs: int | None = None  # a seeded sample of this many pairs, to bound training time
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    scale: float = 20.0
    threads: int = 2
    attention_dropout: float = 0.0  # 0 lets torch's fused attention run: half the time and memory of 0.1

    @classmethod
    def from_json(cls, data: dict) -> AdaptConfig:
        """A config from its JSON dict (a results line's "config"); ValueError for an option this script lacks."""
        known = {f.name for f in fields(cls)}
        unknown = {k: v for k, v in data.items() if k not in known and DROPPED_OPTIONS.get(k, object()) != v}
        if unknown:
            raise ValueError(f"options this script does not have: {unknown}")
        values = {k: v for k, v in data.items() if k in known}
        if "sources" in values:
            values["sources"] = tuple(values["sources"])
        return cls(**values)


@dataclass(frozen=True)
class TrainReport:
    """What one training run did."""

    pairs: int
    pairs_by_source: dict[str, int]
    steps: int
    seconds: float
    cpu_seconds: float  # process CPU time: less sensitive than wall time to other jobs on the same cores
    final_loss: float


def strip_citations(text: str) -> str:
    """A sentence without its '(66)' / '(9-14)' reference marks, which no user types."""
    return re.sub(r"\s+", " ", _CITATION.sub("", text)).strip()


def positive_chunks(review: Review) -> list[Chunk]:
    """Chunks a synthetic query may point at: text, table rows and figures (not references, front or back matter)."""
    return [c for c in review.chunks if c.kind in POSITIVE_KINDS]


def _sentences(chunk: Chunk) -> list[str]:
    """Sentences of a text or figure chunk long enough to stand as a query."""
    if chunk.kind not in (Kind.TEXT, Kind.FIGURE):
        return []
    return [s for s in split_sentences(chunk.text) if len(strip_citations(s).split()) >= 6]


def ict_pairs(review: Review, keep_sentence: bool) -> list[Pair]:
    """Inverse cloze: a sentence of a chunk -> the chunk, with that sentence kept or removed."""
    pairs = []
    for chunk in positive_chunks(review):
        for sentence in _sentences(chunk):
            passage = embedding_text(chunk)
            rest = chunk.text.replace(sentence, " ").strip()
            if not keep_sentence and len(split_sentences(chunk.text)) > 1 and rest:
                passage = embedding_text(Chunk(chunk.id, chunk.kind, chunk.section_path, rest, chunk.refs))
            pairs.append(Pair(strip_citations(sentence), passage, chunk.id, "ict"))
    return pairs


def _swap_terms(sentence: str, review: Review) -> list[str]:
    """The sentence with one glossary term swapped: abbreviation -> long form, or long form -> abbreviation."""
    swapped = []
    for entry in review.glossary.entries:
        if not entry.long_forms or f"({entry.abbr})" in sentence:
            continue  # a 'long form (ABBR)' definition already says both
        abbr = re.compile(rf"(?<![\w-]){re.escape(entry.abbr)}(?![\w-])")
        long_form = re.compile(rf"(?<![\w-]){re.escape(entry.long_forms[0])}(?![\w-])", re.IGNORECASE)
        if abbr.search(sentence):
            swapped.append(abbr.sub(entry.long_forms[0], sentence))
        elif long_form.search(sentence):
            swapped.append(long_form.sub(entry.abbr, sentence))
    return swapped


def glossary_pairs(review: Review) -> list[Pair]:
    """A sentence (or table finding) with an abbreviation spelled out or a long form abbreviated -> its chunk."""
    cells = ("Resistance mechanisms", "Clinical value", "Treatment measures", "Intervention/Target")
    pairs = []
    for chunk in positive_chunks(review):
        lines = _sentences(chunk) or [c.split(": ", 1)[-1] for c in chunk.table_cells if c.startswith(cells)]
        for line in lines:
            for query in _swap_terms(strip_citations(line), review):
                pairs.append(Pair(query, embedding_text(chunk), chunk.id, "glossary"))
    return pairs


def table_pairs(review: Review) -> list[Pair]:
    """Question templates over each table row: which study found X, X clinical value, the study of X in Y."""
    pairs = []
    for chunk in positive_chunks(review):
        if chunk.kind is not Kind.TABLE_ROW:
            continue
        _, row = table_fields(chunk)
        finding = next((v for k, v in row.items() if k.startswith(("Resistance", "Clinical value"))), "")
        topic = row.get("Intervention/Target") or row.get("Treatment measures", "")
        model, kind = row.get("Model", ""), row.get("Study type", "").lower()
        surname, _, year = row.get("First author, year", "").partition(", ")
        outcome = "resistance mechanism" if "Resistance mechanisms" in row else "clinical value"
        queries = [
            f"which study found that {finding}?",  # casing is moot: the model lower-cases its input
            f"{topic} {outcome}",
            f"what did the {kind} study of {topic} in {model} show?",
            f"what did {surname} et al {year} report about {topic}?",
        ]
        pairs += [Pair(q, embedding_text(chunk), chunk.id, "table") for q in queries]
    return pairs


def cloze_questions(review: Review) -> list[tuple[str, str, str]]:
    """(chunk id, sentence, question) for every key term the quiz can blank, as the first build's quiz made them:
    today's `cloze_items` also drops a blank a reader could not fill from the sentence alone, but the sentence
    still points at its passage, so training keeps those."""
    finder = TermFinder(review.glossary)
    questions = []
    for source in quiz_sources(review):
        for term in finder.blankable(source.sentence):
            blanked = source.sentence[: term.start] + BLANK + source.sentence[term.end :]
            questions.append((source.chunk.id, source.sentence, source.prefix + blanked))
    return questions


def cloze_pairs(review: Review, per_sentence: int) -> list[Pair]:
    """Cloze questions: the sentence with its key term blanked -> the chunk (at most `per_sentence` per sentence)."""
    by_id = {c.id: c for c in positive_chunks(review)}
    used: Counter[str] = Counter()
    pairs = []
    for chunk_id, sentence, question in cloze_questions(review):
        chunk, key = by_id.get(chunk_id), f"{chunk_id}|{sentence}"
        used[key] += 1
        if chunk is None or used[key] > per_sentence:
            continue
        query = strip_citations(question.replace(BLANK, "what"))
        pairs.append(Pair(query, embedding_text(chunk), chunk.id, "cloze"))
    return pairs


def heading_pairs(review: Review) -> list[Pair]:
    """A text chunk's two innermost headings, numbers dropped, -> the chunk."""
    pairs = []
    for chunk in positive_chunks(review):
        if chunk.kind is Kind.TEXT and chunk.section_path:
            query = " — ".join(re.sub(r"^[\d.]+\s*", "", h) for h in chunk.section_path[-2:])
            pairs.append(Pair(query, embedding_text(chunk), chunk.id, "heading"))
    return pairs


def reference_pairs(review: Review) -> list[Pair]:
    """'the paper by <first author> et al on <title>' -> the reference-list entry (an optional source)."""
    pairs = []
    for chunk in (c for c in review.chunks if c.kind is Kind.REFERENCE):
        ref = review.reference(chunk.refs[0])
        query = f"the paper by {ref.authors[0].split(' ')[0] if ref.authors else ''} et al on {ref.title}"
        pairs.append(Pair(query, chunk.text, chunk.id, "reference"))
    return pairs


# The question sets designated for training (never scored as held out): their answerable questions, each paired
# with the passage holding its answering phrase. heldout (the first), dev and every newer held-out set stay out.
TRAINING_SETS = ("tune", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "chats")
EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"


def _norm(text: str) -> str:
    from reviewqa.corpus.markup import clean_markup

    return re.sub(r"\s+", " ", clean_markup(text)).strip().casefold()


def question_pairs(review: Review, seed: int) -> list[Pair]:
    """Training-set questions -> every passage holding one of their must-contain phrases; a follow-up is read with
    the turn before it; and each question once more with review words swapped for a lay phrase of the thesaurus
    (seeded), so the model learns the everyday wording."""
    from reviewqa.search.lay_thesaurus import THESAURUS

    chunks = [(c, _norm(c.text)) for c in positive_chunks(review)]
    rng = random.Random(seed)
    pairs = []
    for name in TRAINING_SETS:
        for line in (EVAL_DIR / f"{name}_questions.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            if not item.get("answerable") or not item.get("must_contain"):
                continue
            phrases = [_norm(p) for p in item["must_contain"]]
            history = item.get("history") or []
            query = item["question"] if not history else f"{item['question']} {history[-1]}"
            targets = [c for c, text in chunks if any(p in text for p in phrases)][:3]
            for chunk in targets:
                pairs.append(Pair(query, embedding_text(chunk), chunk.id, "questions"))
                lay = _lay_reworded(query, THESAURUS, rng)
                if lay:
                    pairs.append(Pair(lay, embedding_text(chunk), chunk.id, "questions"))
    return pairs


def _lay_reworded(question: str, thesaurus, rng: random.Random) -> str:
    """The question with the first review phrase of the thesaurus it contains swapped for one of its lay phrases."""
    lowered = question.casefold()
    for review_words, lay in thesaurus:
        found = re.search(rf"(?<![\w-]){re.escape(review_words.casefold())}(?![\w-])", lowered)
        if found and lay:
            return question[: found.start()] + rng.choice(lay) + question[found.end() :]
    return ""


def build_pairs(review: Review, config: AdaptConfig) -> list[Pair]:
    """Every pair of the configured sources, de-duplicated, in a fixed order (then seeded-sampled if capped)."""
    makers: dict[str, Callable[[], list[Pair]]] = {
        "ict": lambda: ict_pairs(review, config.ict_keep_sentence),
        "glossary": lambda: glossary_pairs(review),
        "table": lambda: table_pairs(review),
        "cloze": lambda: cloze_pairs(review, config.max_cloze_per_sentence),
        "heading": lambda: heading_pairs(review),
        "reference": lambda: reference_pairs(review),
        "questions": lambda: question_pairs(review, config.seed),
    }
    unknown = [s for s in config.sources if s not in makers]
    if unknown:
        raise ValueError(f"unknown pair source(s) {unknown}; choose from {SOURCES + OPTIONAL_SOURCES}")
    seen: set[tuple[str, str]] = set()
    pairs = []
    for source in config.sources:
        for pair in makers[source]():
            if pair.query and (pair.query, pair.chunk_id) not in seen:
                seen.add((pair.query, pair.chunk_id))
                pairs.append(pair)
    if config.max_pairs is not None and len(pairs) > config.max_pairs:
        pairs = sorted(random.Random(config.seed).sample(pairs, config.max_pairs), key=pairs.index)
    return pairs


def no_duplicate_batches(pairs: list[Pair], batch_size: int, seed: int) -> list[list[Pair]]:
    """Shuffled batches in which no passage (chunk) and no query comes twice, so no in-batch negative is a positive."""
    remaining = list(pairs)
    random.Random(seed).shuffle(remaining)
    batches = []
    while remaining:
        batch: list[Pair] = []
        chunks: set[str] = set()
        queries: set[str] = set()
        left = []
        for pair in remaining:
            if len(batch) < batch_size and pair.chunk_id not in chunks and pair.query not in queries:
                batch.append(pair)
                chunks.add(pair.chunk_id)
                queries.add(pair.query)
            else:
                left.append(pair)
        batches.append(batch)
        remaining = left
    return [b for b in batches if len(b) >= MIN_BATCH]


def seed_everything(seed: int, threads: int) -> None:
    """Seed Python, numpy and torch, fix the thread count and ask torch for deterministic kernels."""
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def train(
    review: Review, config: AdaptConfig | None = None, model: SentenceTransformer | None = None, log: Log = None
) -> tuple[SentenceTransformer, TrainReport]:
    """Fine-tune the bundled model (or `model`) on the review's pairs; returns (model, TrainReport)."""
    import torch
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from transformers import get_linear_schedule_with_warmup

    started, cpu_started = time.perf_counter(), time.process_time()
    config = config or AdaptConfig()
    seed_everything(config.seed, config.threads)
    model = model or load_sentence_transformer(stock=True)
    pairs = build_pairs(review, config)
    batches = [b for e in range(config.epochs) for b in no_duplicate_batches(pairs, config.batch_size, config.seed + e)]
    loss_fn = MultipleNegativesRankingLoss(model, scale=config.scale)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay)
    schedule = get_linear_schedule_with_warmup(optimizer, int(config.warmup_ratio * len(batches)), len(batches))
    attention = [
        m.dropout
        for m in model.modules()
        if type(m).__name__.endswith("SelfAttention") and isinstance(m.dropout, torch.nn.Dropout)
    ]
    before = [d.p for d in attention]
    for d in attention:
        d.p = config.attention_dropout
    model.train()
    loss = torch.zeros(())
    for step, batch in enumerate(batches, start=1):
        features = [model.preprocess([p.query for p in batch]), model.preprocess([p.passage for p in batch])]
        loss = loss_fn(features, None)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad(set_to_none=True)
        if log and (step % 10 == 0 or step == len(batches)):
            log(f"step {step}/{len(batches)} loss {loss.item():.4f} ({time.perf_counter() - started:.0f} s)")
    for d, p in zip(attention, before, strict=True):
        d.p = p  # saved and served as the stock architecture
    model.eval()
    counts = {s: sum(p.source == s for p in pairs) for s in config.sources}
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return model, TrainReport(len(pairs), counts, len(batches), seconds, cpu, float(loss.item()))


def save_model(model: SentenceTransformer, folder: Path, config: AdaptConfig) -> str:
    """Save the adapted model (safetensors) with its config; returns the weights' sha256."""
    folder = Path(folder)
    model.save(str(folder))
    (folder / CONFIG_FILE).write_text(json.dumps(asdict(config), indent=2) + "\n", encoding="utf-8")
    return weights_sha256(folder)


def load_model(folder: Path) -> SentenceTransformer:
    """An adapted model saved by `save_model`, offline, on CPU."""
    from sentence_transformers import SentenceTransformer

    offline()
    return SentenceTransformer(str(folder), device="cpu", local_files_only=True)


def weights_sha256(folder: Path) -> str:
    """sha256 of the saved weights file: equal digests mean bit-identical weights."""
    return hashlib.sha256((Path(folder) / WEIGHTS_FILE).read_bytes()).hexdigest()
