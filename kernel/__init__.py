"""The bottom of the pipeline: what every stage may import and nothing it depends on.

``kernel.errors`` is the one catalogue of error codes the extractor, the rules, the graph and
the build report with; ``kernel.text`` holds the text helpers (cleaning, dates, similarity,
label matching) the rule sets and the graph share. Nothing here imports another stage.
"""
