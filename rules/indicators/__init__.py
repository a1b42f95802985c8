"""Indicators: every measured value in a document, with unit, period and kind, reconciled
into one time series per indicator. One module per source of values:

* ``records``: the record types (:class:`IndicatorValue`, :class:`Indicator`), rule ids, a
  value found on the page and where it was printed;
* ``sentences``: values stated in prose (``rules.quantities.analyse``);
* ``tables``: ruled data tables and KPI tables by column role (``rules.scorecards``);
* ``grids``: scorecards printed without rulings, read as lines of text;
* ``cards``: KPI cards (a name, its labelled facts and a series);
* ``values``: the family ``indicators.values.v1`` that walks a document through them all;
* ``linking``: ``@linker("indicators.canonical")`` gives each value its canonical
  :class:`Indicator` (the same measure written in two documents or two rows is one indicator)
  and links it to the activity of the same document whose updates quote it, and through that
  to the activity's mission.
"""

from rules.indicators.linking import canonical_indicators, indicator_key
from rules.indicators.records import Found, Indicator, IndicatorValue
from rules.indicators.values import document_values, indicator_values

__all__ = ["Found", "Indicator", "IndicatorValue", "canonical_indicators", "document_values", "indicator_key",
           "indicator_values"]
