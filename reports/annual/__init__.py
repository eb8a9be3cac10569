"""行政执法统计年报: figures counted from the case files, a short narrative, .docx, HTML and CSV."""
from casereview.reports.annual.figures import annual_figures
from casereview.reports.annual.narrative import MAX_CHARS, narrative
from casereview.reports.annual.output import report_stem, write_annual
from casereview.reports.annual.select import default_as_of, resolve_scope, review_year

__all__ = ["annual_figures", "narrative", "MAX_CHARS", "report_stem", "write_annual", "default_as_of",
           "resolve_scope", "review_year"]
