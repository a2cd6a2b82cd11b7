"""Simplified Chinese for what the commands say: their refusals, the files they write, the
``--fail-on`` line, output formats, ``assess`` set-up, and click's usage errors (recognised by
:mod:`crm_risk.i18n.usage`).

Keyed by the English template, with the same ``{placeholders}`` (see ``errors_zh_input``).
"""

SHELL: dict[str, str] = {
    # commands/: what each command refuses, and says besides
    "wrote {file}": "已写入 {file}",
    "interrupted": "已中断",
    "in the parser's words: {detail}": "解析器的原话：{detail}",
    "--fail-on {grade} reached by {n} of the files: {files}": (
        "--fail-on {grade}：有 {n} 个文件达到该等级：{files}"
    ),
    "--fail-on {grade} reached by {n} of the files: {files} and {more} more": (
        "--fail-on {grade}：有 {n} 个文件达到该等级：{files}，另有 {more} 个"
    ),
    "--fail-on {grade} reached by the group ({overall})": (
        "--fail-on {grade}：多人评估达到了该等级（{overall}）"
    ),
    "{file}: is the answer file itself; write the report to another file": (
        "{file}: 这就是回答文件本身；请把报告写到另一个文件"
    ),
    "{file}: is one of the answer files; write the report to another file": (
        "{file}: 这是其中一个回答文件；请把报告写到另一个文件"
    ),
    "report takes one answer file; for several respondents use --group": (
        "`report` 只接受一个回答文件；多位受访者请用 --group"
    ),
    "compare takes two answer files (then, now), or a folder of one project's files": (
        "`compare` 需要两个回答文件（先、后），或一个文件夹，里面是同一个项目的回答文件"
    ),
    "compare needs at least two answer files of one project": (
        "`compare` 至少需要同一个项目的两个回答文件"
    ),
    "project {project!r}: a comparison is one project's files": (
        "项目 {project!r}：只能比较同一个项目的文件"
    ),
    "schema: unknown kind {kind!r}; choose {kinds}": "`schema`：没有 {kind!r} 这种格式；可选：{kinds}",
    "schema: which format? choose {kinds} (or --all DIR)": (
        "`schema`：要哪种格式？请选择 {kinds}（或用 --all DIR）"
    ),
    "schema: --all DIR writes every schema; give no KIND and no --output": (
        "`schema`：--all DIR 会写出全部格式的 schema；请不要再指定格式或 --output"
    ),
    "{folder}: not a folder": "{folder}: 不是文件夹",
    # fileio.py, room_save.py: writing files
    "{file}: is a symbolic link; refusing to write through it (give the real path)": (
        "{file}: 是符号链接，不会通过它写入（请给出实际路径）"
    ),
    "{file}: is a directory": "{file}: 是一个目录",
    "{file}: already exists; use --force to overwrite it": "{file}: 已存在；如要覆盖，请加 --force",
    "{file}: is not a regular file; refusing to replace it": "{file}: 不是普通文件，不会替换它",
    "{file}: the directory {folder} does not exist": "{file}: 目录 {folder} 不存在",
    "{file}: cannot write here: {reason}": "{file}: 无法在此写入：{reason}",
    "{file}: could not write: {reason}; the old file is intact": (
        "{file}: 写入失败：{reason}；原文件完好无损"
    ),
    "{file}: could not write: {reason}; nothing was written": (
        "{file}: 写入失败：{reason}；没有写入任何内容"
    ),
    "{folder}: cannot create it: {reason}": "{folder}: 无法创建：{reason}",
    "{folder}: could not write: {reason}": "{folder}: 写入失败：{reason}",
    # render/: output formats
    "unknown format {name!r}; formats: {formats}": "未知格式 {name!r}；可用的格式：{formats}",
    "--format {name} cannot show {view}; formats that can: {formats}": (
        "--format {name} 无法显示{view}；可以显示的格式：{formats}"
    ),
    "a single report": "单份报告",
    "a summary of several files": "多个文件的摘要",
    "a batch of files": "一批文件",
    "a group report": "多人评估报告",
    "the questionnaire": "问卷",
    "the list of banks": "题库列表",
    "a comparison": "对比",
    "a trend": "趋势",
    "--template is for the markdown report; the HTML report has its own": (
        "--template 只用于 markdown 报告；HTML 报告有自己的模板"
    ),
    "{file}:{line}: template error: {reason}": "{file}:{line}: 模板错误：{reason}",
    "{file}: template error: {reason}": "{file}: 模板错误：{reason}",
    "could not be scored": "无法评分",
    "{problem} (and {n} more)": "{problem}（另有 {n} 处）",
    # assess_setup.py: before the first question
    "{folder}: no such directory for the answer file {file}": (
        "{folder}: 目录不存在，无法在其中保存回答文件 {file}"
    ),
    "write FIELD=OPTION, e.g. crm_kind=after-sales-service": (
        "请写成 背景项=取值，例如 `crm_kind=after-sales-service`"
    ),
    "unknown field {name!r} in bank {bank}; fields: {fields}": (
        "题库 {bank} 中没有背景项 {name!r}；现有的背景项：{fields}"
    ),
    "unknown field {name!r} in bank {bank}; fields: none": (
        "题库 {bank} 中没有背景项 {name!r}；这个题库没有背景项"
    ),
    # i18n/usage.py: click's usage errors
    "{message} (see '{command} --help')": "{message}（用法见 '{command} --help'）",
    "No such option: {option}": "没有这个选项：{option}",
    "No such option: {option} (Possible options: {options})": (
        "没有这个选项：{option}（可能的选项：{options}）"
    ),
    "No such option: {option} Did you mean {suggestion}?": (
        "没有这个选项：{option}。您要用的是不是 {suggestion}？"
    ),
    "No such command {name}.": "没有 {name} 这个命令",
    "No such command {name}. Did you mean {suggestions}?": (
        "没有 {name} 这个命令。您要用的是不是 {suggestions}？"
    ),
    "Missing argument {name}.": "缺少参数 {name}",
    "Missing option {name}.": "缺少选项 {name}",
    "Missing parameter: {name}": "缺少参数：{name}",
    "Missing command.": "缺少命令",
    "Invalid value for {param}: {value} is not one of {choices}.": (
        "{param} 的值无效：{value} 不是可选的值（{choices}）之一"
    ),
    "Invalid value for {param}: invalid choice: {value}. (choose from {choices})": (
        "{param} 的值无效：{value} 不是可选的值（可选：{choices}）"
    ),
    "Invalid value for {param}: Input should be a valid integer, unable to parse string as an "
    "integer": "{param} 的值无效：应为整数",
    "Invalid value for {param}: {value} is not a valid integer.": (
        "{param} 的值无效：{value} 不是有效的整数"
    ),
    "Invalid value for {param}: Value {value} is not a valid {kind}.": (
        "{param} 的值无效：{value} 不是有效的 {kind}"
    ),
    "Invalid value for {param}: Input should be greater than or equal to {n}": (
        "{param} 的值无效：应大于或等于 {n}"
    ),
    "Invalid value for {param}: Input should be less than or equal to {n}": (
        "{param} 的值无效：应小于或等于 {n}"
    ),
    "Invalid value for {param}: {value} is not in the range {range}.": (
        "{param} 的值无效：{value} 不在范围 {range} 之内"
    ),
    "Option {option} requires an argument.": "选项 {option} 后面需要一个值",
    "Option {option} requires {n} arguments.": "选项 {option} 后面需要 {n} 个值",
    "Option {option} does not take a value.": "选项 {option} 不接受值",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Got unexpected extra argument(s) ({args})": "多出了参数（{args}）",
    # assess and room: options and files that do not fit
    "a room writes one file per person: give its folder with --out-dir DIR, not --out": "多人同场为每人写一个文件：请用 --out-dir DIR 指定文件夹，而不是 --out",
    "--resume DIR continues the room in its folder with the people in its files; leave out --out-dir, --respondent and --role": "--resume DIR 在原文件夹中按其中的文件继续整场作答；请去掉 --out-dir、--respondent 和 --role",
    "--out-dir is a room's folder; {file} is one person's file (continue it with --out FILE)": "--out-dir 用于多人同场的文件夹；{file} 是一个人的文件（要另存，请用 --out 加文件名）",
    "--role goes with one respondent; in a room give each person as --respondent NAME:ROLE": "--role 只用于一位受访者；多人同场请为每人写 --respondent 姓名:角色",
    "{folder} is a file, not a folder": "{folder} 是文件，不是文件夹",
    "{folder} already exists and is not empty; continue its room with --resume {folder}, or write into it with --force": "{folder} 已存在且不为空；用 --resume {folder} 继续其中的作答，或用 --force 写入",
    "A room holds at most {max} people.": "一个会场最多 {max} 人。",
    "{folder}: no answer files (*.yaml, *.yml, *.json) to continue": "{folder}: 没有可继续的回答文件（*.yaml、*.yml、*.json）",
    "{parent}: no such directory for the room's folder {folder}": "{parent}: 目录不存在，无法创建文件夹 {folder}",
    "--respondent {given!r}: in a room write each person as NAME:ROLE; roles: {roles}": "--respondent {given!r}：多人同场请写作 姓名:角色；角色：{roles}",
    "--{option}: at most {max:,} characters, not {n:,}": "--{option}：最多 {max:,} 个字符，而不是 {n:,} 个",
    "--respondent {given!r} is given twice": "--respondent {given!r} 重复了",
    "{file} would join this room's group; move it away or choose another --out-dir": "{file} 会被算作本场的受访者；请移走它，或换一个 --out-dir",
    "standard input is not UTF-8 text": "标准输入不是 UTF-8 文本",
    "--report {file} is the answer file itself; write the report to another file": "--report {file} 就是回答文件本身；请把报告写到另一个文件",
    "--role: unknown role {given!r}; roles: {roles}": "--role：未知角色 {given!r}；可选：{roles}",
    "--{option} {given!r} does not match {file}, which has {found!r}": "--{option} {given!r} 与 {file} 中的 {found!r} 不一致",
    "--context {given!r}: {problem}": "--context {given!r}：{problem}",
    "{file} answers other banks (or versions) than {first}; a room answers the same banks": "{file} 与 {first} 的题库（或版本）不同；同场应回答相同的题库",
    "{file} names no respondent; a room's files each name their person": "{file} 没有写明受访者；同场的每个文件都应写明其受访者",
    "{file} is for project {found!r}, not {project!r}; a room's files are one project's": "{file} 属于项目 {found!r}，而不是 {project!r}；同场的文件应属于同一个项目",
}
