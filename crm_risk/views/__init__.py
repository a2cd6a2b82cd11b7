"""Report views: what each report shows, built once, localised, and free of any output format.

A view holds plain text (never escaped for any medium: each renderer escapes everything it
writes), ids and numbers. Every renderer lays out the same view, so question numbers, "the answer
in words" and every count agree across the terminal, markdown, HTML, JSON and JUnit.
"""
