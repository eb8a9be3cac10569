"""Section scoring as published 评查标准 define it: 卷面 20 and 内容 80 each lose only their own rules'
deductions and stop at 0; a veto zeroes the case; unit score = mean of the unit's case scores, ranked by
score, then fewer vetoed cases, then more cases, then unit id. Without sections nothing changes
(test_scoring.py; the run folders are compared byte for byte with the baseline).

The overlay below puts GS02 (5) GS03 (10) JL01 (10) CX03 (5) in 卷面 (form, 20 points) and every other
case rule in 内容 (content, 80 points): GS04 5, GS05 5, JL02 15, JL03 0, FS03 10, CX01 10; vetoes GS01
FS01 FS02 CX02. Case defects are made by test_scoring.casefile (each breaks exactly one rule).
"""
import math

import pandas as pd
import pytest

from casereview.casefiles.generate import generate_tables
from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.writers import write_tables
from casereview.cli.rules_lint import effective_pack, render_effective
from casereview.engine.model.pack import check_pack, load_pack
from casereview.engine.run.review import review
from casereview.reports.from_run import load_run
from casereview.reports.html import render_html
from casereview.reports.run_folder import write_run
from casereview.reports.stream_writer import stream_review
from casereview.reports.workbook import workbook_writer
from tests.engine.test_scoring import AS_OF, casefile, review_all

FORM = ("GS02", "GS03", "JL01", "CX03")
CONTENT = ("GS01", "GS04", "GS05", "JL02", "JL03", "FS01", "FS02", "FS03", "CX01", "CX02")
GRADING = """grading:
  start: 100
  floor: 0
  sections:
    - {id: form, title: 卷面, points: 20}
    - {id: content, title: 内容, points: 80}
  grades:
    - {name: 优秀, min: 90}
    - {name: 良好, min: 80}
    - {name: 合格, min: 60}
    - {name: 不合格, min: 0}
"""


def overlay(tmp_path, grading=GRADING, sections=None, name="sections.yaml"):
    sections = sections or {**{r: "form" for r in FORM}, **{r: "content" for r in CONTENT}}
    rules = "".join(f"  - id: {r}\n    section: {s}\n" for r, s in sections.items())
    path = tmp_path / name
    path.write_text(f"pack: {{id: sections, title: 分项计分测试, extends: 三项制度}}\n{grading}rules:\n{rules}", encoding="utf-8")
    return str(path)


def unit(cid, unit_id, *defects):
    c, acts, docs, reviews = casefile(cid, *defects)
    return dict(c, unit_id=unit_id), acts, docs, reviews


# (case, unit, defects, form kept, content kept, score, grade, vetoed) — the arithmetic in the comment
CASES = [
    ("C01", "U1", (), 20, 80, 100, "优秀", False),                                   # nothing deducted
    ("C02", "U1", ("GS03", "JL01", "CX03", "JL02"), 0, 65, 65, "合格", False),     # form 20-25 → 0; content 80-15
    ("C03", "U2", ("GS02", "FS03", "CX01"), 15, 60, 75, "合格", False),            # form 20-5; content 80-20
    ("C04", "U2", ("GS03",), 10, 80, 90, "优秀", False),                          # form 20-10
    ("C05", "U3", ("CX02", "GS03"), 0, 0, 0, "不合格", True),                      # veto: 0, sections 0 too
    ("C06", "U3", (), 20, 80, 100, "优秀", False),
    ("C07", "U3", (), 20, 80, 100, "优秀", False),
    ("C08", "U3", (), 20, 80, 100, "优秀", False),
    ("C09", "U4", ("GS02", "FS03", "CX01"), 15, 60, 75, "合格", False),            # as C03
    ("C10", "U5", (), 20, 80, 100, "优秀", False),
    ("C11", "U5", ("GS03", "JL01", "JL02", "FS03", "GS05"), 0, 50, 50, "不合格", False),  # form 20-20; content 80-30
]
# units listed against id order, so the id tie-break is not the input order
UNITS = [dict(unit_id=u, name=f"{u}队", enforcement_staff=20, legal_reviewers=1)
         for u in ("U6", "U5", "U4", "U3", "U2", "U1")]
# (rank, unit, cases, vetoed, score):
#   U1 (100+65)/2 = 82.5 and U2 (75+90)/2 = 82.5 tie on score, vetoed 0 and cases 2 → unit id: U1, U2
#   U5 (100+50)/2 = 75, U4 75/1 = 75, U3 (0+100+100+100)/4 = 75: U3 has a vetoed case → last of the three;
#   U5 has more cases than U4 → first. U6 has no cases: no score, no rank, last.
RANKING = [(1, "U1", 2, 0, 82.5), (2, "U2", 2, 0, 82.5), (3, "U5", 2, 0, 75.0), (4, "U4", 1, 0, 75.0),
           (5, "U3", 4, 1, 75.0), (None, "U6", 0, 0, None)]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    files = [unit(cid, u, *d) for cid, u, d, *_ in CASES]
    return review_all(files, units=UNITS, overlays=(overlay(tmp_path_factory.mktemp("pack")),))


@pytest.mark.parametrize("cid, unit_id, defects, form, content, score, grade, vetoed", CASES, ids=[c[0] for c in CASES])
def test_case_section_scores(result, cid, unit_id, defects, form, content, score, grade, vetoed):
    row = result.cases.set_index("case_id").loc[cid]
    assert {r for r in row["failed_rules"].split(";") if r} == set(defects)
    assert (row["score_form"], row["score_content"]) == (form, content)
    assert (row["score"], row["grade"], bool(row["vetoed"])) == (score, grade, vetoed)


def test_section_columns_follow_deductions(result):
    cols = list(result.cases.columns)
    assert cols[cols.index("deductions") + 1:cols.index("deductions") + 3] == ["score_form", "score_content"]


def test_unit_scores_ranked_with_ties(result):
    got = result.unit_scores
    assert list(got.columns) == ["rank", "unit_id", "unit_name", "cases", "vetoed", "score"]
    rows = [(None if pd.isna(r) else int(r), u, c, v, None if math.isnan(s) else s)
            for r, u, c, v, s in zip(got["rank"], got["unit_id"], got["cases"], got["vetoed"], got["score"])]
    assert rows == RANKING
    assert list(got["unit_name"]) == ["U1队", "U2队", "U5队", "U4队", "U3队", "U6队"]


def test_run_folder_workbook_and_html_show_unit_scores(result, tmp_path):
    out = write_run(result, tmp_path / "run", extra_writers=(workbook_writer,))
    text = (out / "unit_scores.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "rank,unit_id,unit_name,cases,vetoed,score"
    assert text[1:3] == ["1,U1,U1队,2,0,82.5", "2,U2,U2队,2,0,82.5"]
    assert text[-1] == ",U6,U6队,0,0,"            # no rank, no score
    back = load_run(out)
    assert list(back.unit_scores["unit_id"]) == ["U1", "U2", "U5", "U4", "U3", "U6"]
    assert back.cases.set_index("case_id").loc["C02", "score_form"] == 0
    sheets = pd.read_excel(out / "评查结果.xlsx", sheet_name=None, engine="openpyxl")
    ranking = sheets["单位得分排名"]
    assert list(ranking.columns) == ["排名", "单位编码", "单位名称", "已评查案卷数", "否决案卷数", "单位得分"]
    assert ranking.iloc[5, :6].tolist()[1:] == ["U6", "U6队", 0, 0, "—"]
    assert ranking.iloc[5, 0] == "—"
    assert any(str(v).startswith("排名规则：") for v in ranking.iloc[:, 0])
    case_cols = list(sheets["案卷"].columns)
    assert case_cols[case_cols.index("扣分") + 1:case_cols.index("扣分") + 3] == ["卷面得分", "内容得分"]
    html = render_html(result)
    assert "<h2>单位得分排名</h2>" in html and "否决案卷少者在前" in html


def test_no_sections_no_unit_scores():
    res = review_all([casefile("C1", "GS03")])
    assert res.unit_scores is None
    assert not [c for c in res.cases.columns if c.startswith("score_")]


# --- lint ----------------------------------------------------------------------------------------

def messages(path):
    return [(p.message, p.suggestion) for p in check_pack("三项制度", [path]).problems]


def test_lint_points_must_add_up_to_start(tmp_path):
    got = messages(overlay(tmp_path, GRADING.replace("points: 80", "points: 70")))
    assert ("各分项分值之和 90 不等于起始分 start 100", None) in got


def test_lint_unknown_section_with_did_you_mean(tmp_path):
    sections = {**{r: "form" for r in FORM}, **{r: "content" for r in CONTENT}, "GS02": "from"}
    got = messages(overlay(tmp_path, sections=sections))
    assert ("未知的分项“from”（可用：form、content）", "form") in got


def test_lint_rule_without_section(tmp_path):
    sections = {r: "content" for r in CONTENT}
    got = [m for m, _ in messages(overlay(tmp_path, sections=sections))]
    assert sorted(m.split(" ")[1] for m in got if "未注明所属分项" in m) == sorted(FORM)


def test_lint_section_without_sections(tmp_path):
    path = tmp_path / "stray.yaml"
    path.write_text("pack: {id: stray, title: 测试, extends: 三项制度}\nrules:\n  - id: GS02\n    section: form\n", encoding="utf-8")
    assert ("分项“form”无从归属：规则包的 grading 未设 sections", None) in messages(str(path))


# --- streamed runs ---------------------------------------------------------------------------------

def test_streamed_run_has_the_same_section_scores_and_ranking(tmp_path):
    """A sections pack streamed in chunks writes cases.csv and unit_scores.csv byte for byte as in memory."""
    tables, _ = generate_tables(600, 5)
    src = tmp_path / "tables"
    write_tables(tables, src, "parquet")
    loaded = load_pack(overlays=[overlay(tmp_path)])
    mem = write_run(review(load_casefiles(src), loaded, AS_OF), tmp_path / "mem")
    stream_review(src, loaded, AS_OF, tmp_path / "stream", chunk_size=200)
    for name in ("cases.csv", "unit_scores.csv", "units.csv"):
        assert (mem / name).read_bytes() == (tmp_path / "stream" / name).read_bytes(), name
    scores = pd.read_csv(mem / "unit_scores.csv", encoding="utf-8-sig")
    assert len(scores) > 1 and list(scores["rank"].dropna()) == list(range(1, scores["rank"].notna().sum() + 1))


def test_rules_show_names_sections(tmp_path):
    text = render_effective(effective_pack(load_pack(overlays=[overlay(tmp_path)])))
    assert "分项：卷面（form）20 分，内容（content）80 分" in text
    assert "  JL01  启用  记录·分项 form  一般·扣10分" in text
    assert "  FS04  启用  审核·单位  一般·扣0分" in text            # a unit rule takes no section
