"""Datasette plugin: what every connection to the served database gets.

- SQLite's length limits (``council_plans.served_database.limit_connection``): no value over
  1 MB, short LIKE patterns; with ``plans serve --allow-sql`` also at most 64 columns and 20 MB
  in one result.
- ``escape_fts`` replaced by the site's own (``council_plans.search.fts_query``): a dozen words
  at most, each quoted, and never an FTS5 syntax error — for the canned queries' topics and
  the tables' ``?_search=`` alike. Registered after Datasette's function of the same name
  (``trylast``), so this one is used.
"""

from __future__ import annotations

from datasette import hookimpl

from council_plans.search import fts_query
from council_plans.served_database import limit_connection
from council_plans.site import DATABASE, site_options


@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    if database != DATABASE:
        return
    limit_connection(conn, count_result_bytes=site_options(datasette).allow_sql)
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
