"""Property: lint never crashes on a damaged pack, and when it says clean the pack loads."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.properties.profile import PROFILE

from casereview.errors import PackError
from casereview.engine.model.pack import Problem, lint_pack, load_pack
from casereview.rules import STANDARD_PACK

LINES = STANDARD_PACK.read_text(encoding="utf-8").splitlines()
DAMAGE = st.sampled_from(["delete", "duplicate", "truncate", "char"])


@settings(settings.get_profile(PROFILE), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, len(LINES) - 1), damage=DAMAGE, pos=st.integers(0, 80),
       char=st.sampled_from(list(":[]{}'\"-# x0\t!&*")))
def test_damaged_pack_lints_without_crashing(tmp_path_factory, index, damage, pos, char):
    lines = list(LINES)
    line = lines[index]
    if damage == "delete":
        del lines[index]
    elif damage == "duplicate":
        lines.insert(index, line)
    elif damage == "truncate":
        lines[index] = line[:pos]
    else:
        lines[index] = line[:pos] + char + line[pos + 1:]
    path = tmp_path_factory.mktemp("damaged") / "pack.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = lint_pack(path)
    assert all(isinstance(p, Problem) and p.file == str(path) and str(p) for p in problems)
    try:
        load_pack(path)
    except PackError as e:          # whatever stops the loader, lint has reported something
        assert problems, str(e)
