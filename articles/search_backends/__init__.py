"""haystack's engines with our Chinese analysis: whoosh.py, and xapian.py where Xapian's wheel installs.

Two modules so that the Whoosh engine never imports Xapian, which is missing off Linux x86_64/aarch64
(cqportal/settings.py falls back to Whoosh there); SEARCH_URL names the engine (cqportal/search_url.py).
"""
