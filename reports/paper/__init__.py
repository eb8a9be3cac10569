"""Paper documents of a run, one per audience: 评查表 (one page per case), 整改通知书 (per unit), 评查情况通报."""
from casereview.reports.paper.case_header import CaseHeads, case_heads
from casereview.reports.paper.output import (BULLETIN_NAME, CASE_SHEETS_DIR, NOTICES_DIR, select_units,
                                             write_case_sheet_files, write_notice_files)
from casereview.reports.paper.settings import NoticeSettings, notice_settings

__all__ = ["BULLETIN_NAME", "CASE_SHEETS_DIR", "NOTICES_DIR", "CaseHeads", "NoticeSettings", "case_heads",
           "notice_settings", "select_units", "write_case_sheet_files", "write_notice_files"]
