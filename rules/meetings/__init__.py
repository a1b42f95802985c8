"""Meeting documents: agenda packs, minutes, decision notices and the reports in them.

Each concern is a registered layout family in its own module, filled by its rule pack:
``agenda`` (front sheet → meetings, agenda_items; ``rules/packs/agenda.yaml``),
``minutes`` (minutes, decision notices and decision pages → meetings, decisions;
``minutes.yaml``), ``reports`` (reports, recommendations; ``reports.yaml``) and
``rules.people`` (people and roles with spaCy rule components; ``people.yaml``).
"""
