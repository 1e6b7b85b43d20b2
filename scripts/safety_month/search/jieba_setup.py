"""jieba's set-up in a process, apart from the segmentation itself (search.segment): its
dictionaries loaded at the first cut instead of when a user dictionary is named, loaded on
purpose before workers are forked, and its loading chatter kept out of an editor's build log."""

from __future__ import annotations

import logging


def defer_dictionaries() -> None:
    """Load jieba's dictionaries at the first cut, not when a user dictionary is named.

    Material's search plugin names the user dictionary in its on_config, and jieba then loads
    its own dictionary (a 24 MB marshal file: about a second of CPU) at once; a build whose
    search index comes from the page cache never cuts a word in this process. Until jieba is
    first used (a cut, initialize, add_word … all go through check_initialized), a user
    dictionary is only noted; it is loaded right after jieba's own, in the order named, as an
    immediate load_userdict would have. Worker processes are forked after a forced load
    (`load_dictionaries`), so that they share the loaded tables as before."""
    import jieba

    tokenizer = jieba.dt
    if getattr(jieba.load_userdict, "deferred", False):
        return
    pending: list = []
    busy: list = []
    load, check, init = tokenizer.load_userdict, tokenizer.check_initialized, jieba.initialize

    def check_initialized() -> None:
        check()
        if pending and not busy:   # load_userdict itself checks first: not again from there
            busy.append(True)
            try:
                while pending:
                    load(pending.pop(0))
            finally:
                busy.clear()

    def initialize(dictionary=None) -> None:
        init(dictionary)
        check_initialized()

    def load_userdict(f) -> None:
        if not tokenizer.initialized:
            pending.append(f)
            return
        check_initialized()
        load(f)

    load_userdict.deferred = True
    tokenizer.check_initialized = check_initialized
    jieba.initialize, jieba.load_userdict = initialize, load_userdict


def load_dictionaries() -> None:
    """jieba's dictionaries loaded now (before worker processes are forked to share them)."""
    import jieba

    jieba.dt.check_initialized()


def quiet_jieba() -> None:
    """jieba logs its dictionary loading ("Building prefix dict …", "Loading model cost …")
    at DEBUG to its own stderr handler, in every process that loads it: English noise in the
    middle of an editor's build output. Its warnings and errors still show."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
