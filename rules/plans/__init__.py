"""Plans: plan hierarchies (plan → priority → mission/theme → goal → action) read from plan
documents, and the linker that ties service-plan activities to the missions they serve.

One registered layout family per printed structure (``business_plan``: missions with aim and
action lists; ``theme_pages``: themes and goal tables; ``plan_lists``: priorities as a list
after an introducing sentence; ``plan_objectives``: numbered objective sections), each filled
by its rule pack under ``rules/packs/``.
"""
