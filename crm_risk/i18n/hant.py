"""Traditional Chinese from the simplified texts.

OpenCC's ``s2tw`` converts characters one for one to Taiwan's standard forms. Its phrase mode
(``s2twp``) also rewrites words, and on our texts it breaks some (类型 → 型別, 扩展 → 擴充套件,
权限 → 權, 用户最终 → 使用者最終 split mid-word). So the words that differ between mainland and
Taiwan usage in *our* texts are listed here, replaced in the simplified text first, longest first,
and only then converted character by character. A word missing here stays correct, only
mainland-sounding; a wrong rewrite is worse.
"""

from __future__ import annotations

import functools
import re
from typing import Any

#: Mainland word → the Taiwan word, both written in simplified characters (converted after).
WORDS: dict[str, str] = {
    "项目": "专案",
    "软件": "软体",
    "硬件": "硬体",
    "数据库": "资料库",
    "数据": "资料",
    "信息": "资讯",
    "模块": "模组",
    "字段": "栏位",
    "接口": "介面",
    "界面": "介面",
    "网络": "网路",
    "在线": "线上",
    "质量": "品质",
    "营销": "行销",
    "集成": "整合",
    "保存": "储存",
    "文件夹": "资料夹",
    "文件": "档案",
    "回车": "Enter",
    "链接": "连结",
    "默认": "预设",
    "设置": "设定",
    "导出": "汇出",
    "导入": "汇入",
    "视频": "影片",
    "打印": "列印",
    "屏幕": "萤幕",
    "服务器": "伺服器",
    "菜单": "选单",
    "运营": "营运",
}

#: Taiwan quotes with corner brackets.
_QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})

#: "Enter" between Chinese characters gets a space on each side, as Latin words do in Taiwan's texts.
_ENTER = re.compile(r"(?<=[\u4e00-\u9fff])Enter(?=[\u4e00-\u9fff])")

_PATTERN = re.compile("|".join(sorted(map(re.escape, WORDS), key=len, reverse=True)))


@functools.lru_cache(maxsize=8192)
def traditional(text: str) -> str:
    """Simplified Chinese ``text`` in traditional characters, worded and quoted as in Taiwan."""
    worded = _PATTERN.sub(lambda m: WORDS[m.group(0)], text).translate(_QUOTES)
    worded = _ENTER.sub(" Enter ", worded)
    return _converter().convert(worded)  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=1024)
def simplified(text: str) -> str:
    """Traditional characters in ``text`` as simplified ones (for comparing what a person typed
    with a label: 項目負責人 is 项目负责人). Words are not changed: 專案 stays 专案."""
    if all(ord(c) < 0x2E80 for c in text):  # no CJK: nothing to convert, nothing to load
        return text
    return _converter("t2s").convert(text)  # type: ignore[no-any-return]


@functools.cache
def _converter(config: str = "s2tw") -> Any:
    import opencc  # loaded only for traditional Chinese: its dictionaries take a moment

    return opencc.OpenCC(config)
