"""Traditional → simplified for the characters of the schema's table and column names, so a
header written in traditional characters (案件編號) finds its simplified alias (案件编号)."""
from __future__ import annotations

_PAIRS = (
    "編编號号單单碼码執执類类別别細细當当聽听證证決决處处罰罚額额難难雜杂長长數数達达開开銷销變变"
    "結结檔档歸归辦办動动時时間间錄录設设備备審审見见論论書书稱称節节員员職职級级總总製制務务"
    "與与關关聯联繫系況况網网報报計计項项據据複复記记發发實实際际為为對对錯错無无異异議议強强"
    "檢检徵征確确認认許许簡简個个現现場场詢询問问驗验輔辅營营違违責责產产業业準准請请註注"
    "節节環环啟启調调協协傳传訊讯圖图體体機机構构區区縣县鄉乡鎮镇於于後后內内狀状態态標标準准"
    "閱阅覽览備备撥拨紀纪錄录頁页張张簽签蓋盖章章隊队組组屬属負负責责條条規规範范詳详")
TO_SIMPLIFIED = str.maketrans({t: s for t, s in zip(_PAIRS[::2], _PAIRS[1::2]) if t != s})


def simplified(text: str) -> str:
    """`text` with the known traditional characters replaced by their simplified forms."""
    return text.translate(TO_SIMPLIFIED)
