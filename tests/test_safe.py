"""Formula neutralisation: exactly the text cells that start with = + - @ (or tab/CR) get an apostrophe."""
import pandas as pd

from casereview.reports.safe import neutralise, neutralise_frame


def test_neutralise_frame_matches_the_cell_rule():
    df = pd.DataFrame({
        "text": ["=1+2", "+A1", "-3", "@SUM(A1)", "\tx", "正常", None, "a=b"],
        "number": [-1.0, 2.0, -3.5, 4.0, 5.0, 6.0, 7.0, 8.0],
        "mixed": ["=x", 5, None, -2, "ok", "-y", 1.5, "@"],
    })
    got = neutralise_frame(df)
    texts = got["text"].tolist()
    assert texts[:6] + texts[7:] == ["'=1+2", "'+A1", "'-3", "'@SUM(A1)", "'\tx", "正常", "a=b"]
    assert pd.isna(texts[6])
    assert got["number"].tolist() == df["number"].tolist()
    assert got["mixed"].tolist() == ["'=x", 5, None, -2, "ok", "'-y", 1.5, "'@"]
    assert [neutralise(v) for v in df["mixed"]] == got["mixed"].tolist()
