"""Simplified Chinese for what reading a file can say: the bounded read, the YAML pre-pass and
parser, the YAML mistakes explained, the loading limits, and the shape of a file (pydantic's
errors in our words).

Keyed by the English template (the first argument of ``_()`` where the message is made); each
translation has the same ``{placeholders}``. ``tests/test_messages.py`` checks that every
template has one here (or in ``errors_zh_rules``/``errors_zh_shell``), and that none is left
unused.
"""

INPUT: dict[str, str] = {
    # readfile.py: reading a file's bytes
    "cannot read: {reason}": "无法读取：{reason}",
    "file too large: {size}, the limit is {cap:,} (set {variable} to raise it)": (
        "文件太大：{size}，上限为 {cap:,} 字节（可设置 {variable} 提高上限）"
    ),
    "{n:,} bytes": "{n:,} 字节",
    "more than {n:,} bytes": "超过 {n:,} 字节",
    "{n:,} characters": "{n:,} 个字符",
    "is a directory, not a file": "是一个目录，不是文件",
    "is a named pipe (FIFO), not a regular file": "是命名管道（FIFO），不是普通文件",
    "is a socket, not a regular file": "是套接字，不是普通文件",
    "is a device, not a regular file": "是设备，不是普通文件",
    "is UTF-16 text (byte-order mark at offset 0); save the file as UTF-8": (
        "是 UTF-16 编码的文本（偏移 0 处有字节顺序标记）；请将文件另存为 UTF-8 编码"
    ),
    "not a text file: NUL byte at offset {offset} (a binary file, or UTF-16?); "
    "save the file as UTF-8": (
        "不是文本文件：偏移 {offset} 处有 NUL 字节（是二进制文件，还是 UTF-16 编码？）；"
        "请将文件另存为 UTF-8 编码"
    ),
    "not valid UTF-8 (byte 0x{byte:02x} at offset {offset}); save the file as UTF-8": (
        "不是有效的 UTF-8 编码（偏移 {offset} 处的字节为 0x{byte:02x}）；请将文件另存为 UTF-8 编码"
    ),
    "no such file": "文件不存在",
    "no such file (part of the path is a file, not a directory)": (
        "文件不存在（路径中有一段是文件，而不是目录）"
    ),
    "permission denied: cannot look the file up": "没有权限：无法查找该文件",
    "permission denied: cannot read the file": "没有权限：无法读取该文件",
    "is a symbolic link to {target!r}, which does not exist": (
        "是指向 {target!r} 的符号链接，但链接目标不存在"
    ),
    "is a symbolic link that loops back on itself": "是循环指向自身的符号链接",
    # yamlguard.py: what a document would cost, checked before it is built
    "nested more than {n} levels deep (set {variable} to raise the limit)": (
        "嵌套超过 {n} 层（可设置 {variable} 提高上限）"
    ),
    "more than {n} YAML aliases (*name) in one file (set {variable} to raise the limit)": (
        "一个文件中的 YAML 别名（*名称）超过 {n} 个（可设置 {variable} 提高上限）"
    ),
    "alias *{anchor} refers to a list or mapping it is inside; recursive data is not allowed": (
        "别名 *{anchor} 指向包含它自己的列表或映射；不允许递归的数据"
    ),
    "alias *{anchor} refers to no anchor &{anchor} before it": (
        "别名 *{anchor} 之前没有对应的锚点 &{anchor}"
    ),
    "more than {n:,} values once aliases are expanded (set {variable} to raise the limit)": (
        "展开别名后超过 {n:,} 个值（可设置 {variable} 提高上限）"
    ),
    "more than {n:,} values (set {variable} to raise the limit)": (
        "超过 {n:,} 个值（可设置 {variable} 提高上限）"
    ),
    "tag {tag} is not allowed; only plain YAML data (text, numbers, lists, mappings)": (
        "不允许使用标签 {tag}；只接受普通的 YAML 数据（文本、数字、列表、映射）"
    ),
    "text holds an unpaired surrogate (not valid Unicode)": (
        "文本中有未配对的代理码位（不是有效的 Unicode 字符）"
    ),
    "expected one document, found another (a `---` line)": (
        "文件中只能有一个文档，这里却开始了另一个（`---` 行）"
    ),
    # yamlio.py: parsing
    "the file is empty": "文件是空的",
    "the file has no data, only comments": "文件中只有注释，没有数据",
    "not valid YAML": "不是有效的 YAML",
    "not valid YAML: {reason}": "不是有效的 YAML：{reason}",
    "not valid YAML: a character that is not allowed": "不是有效的 YAML：含有不允许的字符",
    "nested too deeply to load": "嵌套太深，无法读取",
    "expected a mapping at the top level, found {found}": "顶层应为映射，实际为{found}",
    "merge keys (<<) are not supported; write the keys out in full": (
        "不支持合并键（<<）；请把各个键完整写出来"
    ),
    "a mapping key must be plain text or a number": "映射的键只能是普通文本或数字",
    "duplicate key {key!r} (first at line {line})": "键 {key!r} 重复（第一次出现在第 {line} 行）",
    "control character U+{code:04X} is not allowed in YAML text; "
    "remove it (or write it as an escape in double quotes)": (
        "YAML 文本中不允许出现控制字符 U+{code:04X}；请删除它（或在双引号中写成转义序列）"
    ),
    # What a value is, in words (yamlio.describe, and what validation expected)
    "nothing (null)": "空值（null）",
    "a list": "列表",
    "a mapping": "映射",
    "a mapping (key: value)": "映射（键: 值）",
    "true/false": "布尔值（true/false）",
    "true or false": "true 或 false",
    "a number": "数字",
    "a whole number": "整数",
    "text": "文本",
    "a date": "日期",
    "a {kind}": "{kind} 类型的值",
    # yamlhelp.py: the common YAML mistakes, said plainly
    "a full-width colon (：) after {key!r}: YAML needs an ASCII colon and a space ({key}: ...)": (
        "{key!r} 后面用了全角冒号（：）：YAML 要用半角冒号加一个空格（{key}: ...）"
    ),
    "no space after the colon of {key!r}: write '{key}: ' with a space after the colon": (
        "{key!r} 的冒号后面缺少空格：请写成 '{key}: '，冒号后面加一个空格"
    ),
    "a tab in the indentation: YAML is indented with spaces, not tabs": (
        "缩进中有制表符（Tab）：YAML 只能用空格缩进，不能用制表符"
    ),
    "full-width quotes ({mark}) do not quote text in YAML: use ASCII quotes (\"...\" or '...')": (
        "全角引号（{mark}）在 YAML 中不起引号的作用：请用半角引号（\"...\" 或 '...'）"
    ),
    "a full-width comma (，) between items: YAML needs an ASCII comma (,)": (
        "各项之间用了全角逗号（，）：YAML 要用半角逗号（,）"
    ),
    "the quote opened at line {line}, column {column} is never closed": (
        "第 {line} 行第 {column} 列开始的引号一直没有闭合"
    ),
    "the '{bracket}' opened at line {line}, column {column} is not closed, "
    "or two of its items lack a comma between them": (
        "第 {line} 行第 {column} 列的 '{bracket}' 没有闭合，或其中有两项之间缺少逗号"
    ),
    "this is a markdown document (a report?), not an answer file: give the answer file "
    "(.yaml or .json) the report was made from": (
        "这是 markdown 文档（报告？），不是回答文件：请给出生成该报告的回答文件（.yaml 或 .json）"
    ),
    "this is an HTML page (a report?), not an answer file: give the answer file "
    "(.yaml or .json) the report was made from": (
        "这是 HTML 网页（报告？），不是回答文件：请给出生成该报告的回答文件（.yaml 或 .json）"
    ),
    "a key without ':', or a line that does not continue the one above it "
    "(check its indentation)": ("有个键后面缺少 ':'，或这一行接不上上一行（请检查缩进）"),
    "a ':' where YAML does not expect one: put text that contains ': ' in quotes": (
        "这里不应出现 ':'：含有 ': ' 的文本请加上引号"
    ),
    "this line's indentation does not match the lines around it": "这一行的缩进与上下行对不齐",
    "'*' starts an alias in YAML: put text that begins with '*' in quotes": (
        "在 YAML 中以 '*' 开头表示别名：以 '*' 开头的文本请加上引号"
    ),
    "'&' starts an anchor in YAML: put text that begins with '&' in quotes": (
        "在 YAML 中以 '&' 开头表示锚点：以 '&' 开头的文本请加上引号"
    ),
    "YAML cannot start a value with {at!r}: put the text in quotes": (
        "YAML 的值不能以 {at!r} 开头：请给这段文本加上引号"
    ),
    "a value is missing here": "这里缺少一个值",
    "an escape in double quotes names something that is not a Unicode character (a lone "
    "surrogate such as \\ud800)": (
        "双引号中的转义序列表示的不是 Unicode 字符（例如单独的代理码位 \\ud800）"
    ),
    "the file ends in the middle of a value": "文件在一个值的中间就结束了",
    "an unknown escape (\\) in double quotes: write \\\\ for a backslash, or use single quotes": (
        "双引号中有无法识别的转义（\\）：反斜杠请写成 \\\\，或改用单引号"
    ),
    "not valid YAML here": "这里不是有效的 YAML",
    # limits.py: the settings that raise the limits
    "{variable}: expected a positive whole number, not {raw!r}": (
        "{variable}：应为正整数，而不是 {raw!r}"
    ),
    "{variable}: at most {n}; deeper files cannot be loaded safely (got {given})": (
        "{variable}：最大为 {n}；嵌套更深的文件无法安全读取（当前设置为 {given}）"
    ),
    # validation.py: the shape of a file (pydantic's errors in our words)
    "field required": "缺少必填字段",
    "unknown field": "未知字段",
    "unknown field; an answer has {fields}": "未知字段；一个回答可以有的字段是 {fields}",
    "must be one of {expected}": "必须是 {expected} 之一",
    "{some} or {last}": "{some} 或 {last}",
    "expected a finite number of sensible size (not .nan, .inf or 10^400)": (
        "应为大小合理的有限数字（不能是 .nan、.inf 或 10^400）"
    ),
    "expected {what}, found {found}": "应为{what}，实际为{found}",
    "expected a date such as 2026-11-20, found {found}": "应为日期（例如 2026-11-20），实际为{found}",
    "{date!r} is not a valid date: {reason}": "{date!r} 不是有效的日期：{reason}",
    "day value is outside expected range": "日超出了该月的范围",
    "month value is outside expected range of 1-12": "月份超出了 1-12 的范围",
    "input is too short": "位数不够",
    "invalid character in year": "年份中有无效字符",
    "invalid character in month": "月份中有无效字符",
    "invalid character in day": "日中有无效字符",
    "invalid date separator, expected `-`": "日期分隔符无效，应为 `-`",
    "unexpected extra characters at the end of the input": "末尾有多余的字符",
    "should match the pattern {pattern!r}": "应符合格式 {pattern!r}",
    "should have at least {n} characters": "至少要有 {n} 个字符",
    "should have at most {n} characters": "最多 {n} 个字符",
    "should have at least {n} items, not {actual}": "至少要有 {n} 项，实际为 {actual} 项",
    "should have at most {n} items, not {actual}": "最多 {n} 项，实际为 {actual} 项",
    "should be greater than {n}": "应大于 {n}",
    "should be at least {n}": "应大于或等于 {n}",
    "should be less than {n}": "应小于 {n}",
    "should be at most {n}": "应小于或等于 {n}",
    "should be a whole number": "应为整数",
    "should be one of {expected}": "应为 {expected} 之一",
    "should be valid Unicode text": "应为有效的 Unicode 文本",
    "... and {n:,} more problems (fix the ones above first)": (
        "……还有 {n:,} 处错误（请先修正上面这些）"
    ),
    # answers.py: an answer's own checks
    "true/false is not a choice id; write the choice id (quote it if needed)": (
        "true/false 不是选项的 id；请写选项的 id（必要时加上引号）"
    ),
    "expected a number, not true/false": "应为数字，而不是 true/false",
    "expected a number such as 35, 35% or 35 with the question's unit, found {found!r}": (
        "应为数字，例如 35、35% 或带该问题单位的 35，实际为 {found!r}"
    ),
    "banks: a bank is listed twice": "banks：有一个题库列出了两次",
}
