"""Byte scans of validation, worked by hand: control characters in a text, officers listed twice in one list."""
import numpy as np
import pandas as pd

from casereview.casefiles.validate import _rows_repeating
from casereview.casefiles.values import _control_bytes

# control characters a cell must not hold: C0 but tab, LF and CR; and DEL
CONTROL = [*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f]


def test_control_bytes_are_c0_but_tab_lf_cr_and_del():
    every = np.arange(256, dtype=np.uint8)
    assert _control_bytes(every).tolist() == CONTROL
    text = np.frombuffer("张\t三\n\r李\x07四\x7f".encode(), dtype=np.uint8)
    assert _control_bytes(text).tolist() == [12, 16]     # \x07 after 张\t三\n\r李 (3+1+3+1+1+3 bytes); DEL after 四
    assert _control_bytes(np.zeros(0, dtype=np.uint8)).tolist() == []


def test_rows_listing_an_item_twice():
    lists = pd.Series([("P1", "P2"), ("P1", "P1"), (), ("P2", "P3", "P2"), ("P3",), ("P1", "P2", "P1", "P2"),
                       ("P2", "P1")], dtype=object)
    assert _rows_repeating(lists).tolist() == [1, 3, 5]
    assert _rows_repeating(pd.Series([("P1",), ("P1",)], dtype=object)).tolist() == []    # two rows, once each
    assert _rows_repeating(pd.Series([], dtype=object)).tolist() == []
