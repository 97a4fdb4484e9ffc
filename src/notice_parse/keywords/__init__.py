"""Keywords: jieba keywords, loaded only for `--keywords`."""
