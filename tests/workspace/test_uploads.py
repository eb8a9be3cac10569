"""Uploads: type by content, size limit, the CLI's own messages for bad workbooks, zips unpacked safely (no
paths out, no links, no bombs), a CSV folder in a .zip read, the client's name only shown (escaped)."""
from __future__ import annotations

import asyncio
from dataclasses import replace
import io
import stat
import zipfile

import pytest
from starlette.datastructures import UploadFile

from casereview.cli.main import main
from casereview.errors import InputError
from casereview.workspace import create_app
from casereview.workspace.uploads import receive, shown_name
from tests.workspace.conftest import make_settings, signed_in
from tests.workspace.review_steps import page, text_of, upload
from tests.workspace.web import ROOT, SAMPLE, add_test_users

ENCRYPTED = ROOT / "tests" / "corpus" / "files" / "密码保护.xlsx"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def _zip(members: dict[str, bytes], *, links: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, "/etc/passwd")
    return buf.getvalue()


def _refused(b, name: str, data: bytes) -> str:
    r = upload(b, name, data)
    assert r.status_code == 400, r.text
    return text_of(page(r.text), "upload-error")


def _cli_message(capsys, path) -> str:
    assert main(["inspect", str(path)]) == 2
    return capsys.readouterr().err.strip()


@pytest.mark.parametrize("given, shown", [
    ("../../etc/passwd", "passwd"), (r"C:\Users\张三\案卷.xlsx", "案卷.xlsx"), ("a\x00b\n.xlsx", "ab.xlsx"),
    ("", "未命名文件"), ("/", "未命名文件")])
def test_shown_name_keeps_only_the_last_part(given, shown):
    assert shown_name(given) == shown


def test_size_limit_is_checked_while_streaming(tmp_path):
    file = UploadFile(io.BytesIO(b"x" * (1024 * 1024 + 1)), filename="大.xlsx")
    with pytest.raises(InputError, match="文件超过 1 MB 上限"):
        asyncio.run(receive(file, tmp_path, 1))
    assert list(tmp_path.iterdir()) == []


def test_too_big_upload_is_refused(tmp_path):
    app = create_app(replace(make_settings(str(tmp_path / "w.db"), tmp_path / "data"), max_upload_mb=1))
    add_test_users(app.state.sessions)
    with signed_in(app, "pc1") as b:
        r = upload(b, "大.xlsx", b"PK\x03\x04" + b"\x00" * (2 * 1024 * 1024))
    assert r.status_code == 413 and "超过 1 MB 上限" in r.text
    assert list((tmp_path / "data" / "uploads").iterdir()) == []
    app.state.engine.dispose()


def test_body_of_unknown_length_is_not_read(ws_app):
    with signed_in(ws_app, "pc1") as b:
        r = b.client.post("/runs/new", content=iter([b"x" * 1024] * 4),
                          headers={"content-type": "multipart/form-data; boundary=x", "X-CSRF-Token": b.token})
    assert r.status_code == 411 and "Content-Length" in r.text


def test_encrypted_workbook_gets_the_clis_message(ws_app, tmp_path, capsys):
    (tmp_path / "加密.xlsx").write_bytes(ENCRYPTED.read_bytes())
    expected = _cli_message(capsys, tmp_path / "加密.xlsx")
    assert "有密码保护" in expected
    with signed_in(ws_app, "pc1") as b:
        assert _refused(b, "加密.xlsx", ENCRYPTED.read_bytes()) == expected


def test_png_renamed_xlsx_gets_the_clis_message(ws_app, tmp_path, capsys):
    (tmp_path / "照片.xlsx").write_bytes(PNG)
    expected = _cli_message(capsys, tmp_path / "照片.xlsx")
    assert expected == "输入错误（文件 照片.xlsx）：无法读取 Excel 工作簿：文件格式无法识别（文件可能已损坏）"
    with signed_in(ws_app, "pc1") as b:
        assert _refused(b, "照片.xlsx", PNG) == expected
        assert "不支持的文件类型" in _refused(b, "照片.png", PNG)
    assert list(ws_app.state.settings.uploads.iterdir()) == []


@pytest.mark.parametrize("member, why", [
    ("../evil.csv", "含有“..”（指向压缩包以外）"), ("data/../../evil.csv", "含有“..”（指向压缩包以外）"), ("/etc/cron.d/evil.csv", "是绝对路径"),
    ("C:/Windows/evil.csv", "是绝对路径")])
def test_zip_members_outside_the_folder_are_refused(ws_app, member, why):
    with signed_in(ws_app, "pc1") as b:
        message = _refused(b, "案卷.zip", _zip({"cases.csv": b"case_id\nC1\n", member: b"x"}))
    assert message == f"输入错误（文件 案卷.zip）：拒绝解压：压缩包中的“{member}”{why}"
    assert list(ws_app.state.settings.uploads.iterdir()) == []
    assert not (ws_app.state.settings.data_dir / "evil.csv").exists()


def test_zip_symlink_is_refused(ws_app):
    with signed_in(ws_app, "pc1") as b:
        message = _refused(b, "案卷.zip", _zip({"cases.csv": b"case_id\nC1\n"}, links=("officers.csv",)))
    assert message == "输入错误（文件 案卷.zip）：拒绝解压：压缩包中的“officers.csv”是符号链接"


def test_zip_bomb_is_refused(ws_app):
    bomb = _zip({"cases.csv": b"0" * (64 << 20)})          # 64 MiB of one byte: compresses about 1:1000
    assert len(bomb) < 1 << 20
    with signed_in(ws_app, "pc1") as b:
        message = _refused(b, "炸弹.zip", bomb)
    assert message.startswith("输入错误（文件 炸弹.zip）：拒绝解压：压缩包中的“cases.csv”压缩比 1:")
    assert message.endswith("疑似解压炸弹")
    assert list(ws_app.state.settings.uploads.iterdir()) == []


def test_zip_with_too_many_members_is_refused(ws_app):
    with signed_in(ws_app, "pc1") as b:
        message = _refused(b, "多.zip", _zip({f"f{i}.csv": b"a" for i in range(201)}))
    assert message == "输入错误（文件 多.zip）：压缩包中文件过多（201 个，上限 200 个）"


def test_zipped_csv_folder_is_read(ws_app):
    csv = "案件编号,办案单位编码,执法类别\nC1,U1,行政处罚\nC2,U1,行政检查\n".encode("utf-8")
    with signed_in(ws_app, "pc1") as b:
        r = upload(b, "台账.zip", _zip({"台账/案件.csv": csv}))
        assert r.status_code == 303
        tree = page(b.get(r.headers["location"]).text)
    assert "记录 2 条" in text_of(tree, "table-cases")
    stored = [p.name for p in ws_app.state.settings.uploads.iterdir()]
    assert len(stored) == 1 and "台账" not in stored[0]            # a server-made name, the client's only shown


def test_formula_and_markup_in_the_file_name_are_shown_escaped(ws_app):
    name = '=HYPERLINK("http:evil.example","点我")<img src=x onerror=alert(1)>.xlsx'
    with signed_in(ws_app, "pc1") as b:
        r = upload(b, name, SAMPLE.read_bytes())
        assert r.status_code == 303
        html = b.get(r.headers["location"]).text
        listing = b.get("/runs").text
    assert "<img src=x" not in html and "<img src=x" not in listing
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in listing
    assert text_of(page(html), "input-name") == name
    assert all(p.suffix == ".xlsx" and "HYPERLINK" not in p.name for p in ws_app.state.settings.uploads.iterdir())


def test_empty_form_and_unknown_source_are_refused(ws_app):
    with signed_in(ws_app, "pc1") as b:
        assert b.post("/runs/new", {}, follow_redirects=False).status_code == 400
        r = b.post("/runs/new", {"source": "没有这个"}, follow_redirects=False)
    assert r.status_code == 400 and "未知数据源" in r.text
