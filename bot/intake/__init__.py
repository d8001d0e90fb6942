"""Articles that arrive by link or feed: fetched safely (`fetch`), extracted and written
into the corpus folder once (`links`), and feeds polled for new items (`feeds`).

Everything lands in the corpus folder as an article file in the corpus format, so the
folder stays the single source of truth: the watcher or a reload puts it in service,
and a restart, a backup or a second instance sees the same corpus. No Telegram here.
"""
