"""Simplified Chinese for what the rules say about a file that parsed: answers that do not fit
their bank, a bank's own rules and self-check, banks not found, and files that do not belong
together (a group, a comparison).

Keyed by the English template, with the same ``{placeholders}`` (see ``errors_zh_input``).
"""

RULES: dict[str, str] = {
    # rules.py: an answer file against its bank
    "{path}: {message}": "{path}：{message}",
    "{shown}, ... ({n} in all)": "{shown}……（共 {n} 个）",
    "{first} and {then}": "{first} 和 {then}",
    "unknown context field {key!r}; known: {known}": "未知的背景项 {key!r}；已有的背景项：{known}",
    "unknown context field {key!r}; known: none": "未知的背景项 {key!r}；题库中没有背景项",
    "unknown {field} {value!r}; valid: {valid}": "{field} 没有 {value!r} 这个取值；可选：{valid}",
    "answers were written for {bank} version {version}, newer than the installed version "
    "{installed}; upgrade crmrisk (or the bank file) to read them": (
        "这些回答是按题库 {bank} 的 {version} 版填写的，比已安装的 {installed} 版更新；"
        "请升级 crmrisk（或题库文件）后再读取"
    ),
    "answers were written for {bank} version {version}, but the bank is version {installed} "
    "and has no migration from {version}": (
        "这些回答是按题库 {bank} 的 {version} 版填写的，但题库现在是 {installed} 版，"
        "且没有从 {version} 版迁移过来的规则"
    ),
    "unknown question {question!r} in bank {bank}; questions: {valid}": (
        "题库 {bank} 中没有问题 {question!r}；现有的问题：{valid}"
    ),
    "a reason goes with `choice: {na}` only": "只有 `choice: {na}` 才写 `reason`",
    "give one of choice, choices or value, not {given}": (
        "`choice`、`choices`、`value` 只能写其中一个，不能同时写 {given}"
    ),
    "question {question!r} does not allow {na} (not applicable); answer it, "
    "or `choice: {unknown}`": (
        "问题 {question!r} 不能回答 {na}（不适用）；请作答，或写 `choice: {unknown}`"
    ),
    "`choice: {na}` needs a `reason: ...` saying why": "`choice: {na}` 需要用 `reason: ...` 说明理由",
    "{type} question {question!r} takes `choice: <id>`; valid: {valid}": (
        "{type} 类型的问题 {question!r} 要写 `choice: <id>`；可选：{valid}"
    ),
    "unknown choice {choice!r} for {question}; valid: {valid}": (
        "问题 {question} 没有 {choice!r} 这个选项；可选：{valid}"
    ),
    "multi question {question!r} takes `choices: [ids]`; valid: {valid}": (
        "多选题 {question!r} 要写 `choices: [ids]`；可选：{valid}"
    ),
    "a choice is listed twice": "有一个选项列出了两次",
    "{type} question {question!r} takes `value: <number>` or `choice: unknown`": (
        "{type} 类型的问题 {question!r} 要写 `value: <数字>` 或 `choice: unknown`"
    ),
    "{written}: question {question!r} is in {unit}": "{written}：问题 {question!r} 的单位是 {unit}",
    "{written}: question {question!r} takes a plain number": (
        "{written}：问题 {question!r} 只接受不带单位的数字"
    ),
    "{value:g} is out of range {min:g}..{max:g}": "{value:g} 超出了范围 {min:g}..{max:g}",
    "a scale answer is a whole number, not {value:g}": "打分题的回答应为整数，而不是 {value:g}",
    # bank_rules.py, question_rules.py: a bank's own rules
    "duplicate phase id {id!r}": "阶段 id {id!r} 重复",
    "duplicate grade id {id!r}": "等级 id {id!r} 重复",
    "duplicate question id {id!r}": "问题 id {id!r} 重复",
    "duplicate choice id {id!r}": "选项 id {id!r} 重复",
    "duplicate context field {id!r}": "背景项 {id!r} 重复",
    "duplicate option {id!r}": "取值 {id!r} 重复",
    "the first (lowest-risk) grade must start at min 0": "第一个（风险最低的）等级必须从 `min: 0` 开始",
    "grade thresholds must increase: {grade!r} min {min:g} is not above {previous!r} min "
    "{previous_min:g}": (
        "等级的起点必须逐级升高：{grade!r} 的 `min` {min:g} 没有高于 {previous!r} 的 `min` "
        "{previous_min:g}"
    ),
    "unknown grade {grade!r}; grades: {grades}": "未知等级 {grade!r}；现有的等级：{grades}",
    "unknown phase {phase!r}; phases: {phases}": "未知阶段 {phase!r}；现有的阶段：{phases}",
    "phase {id!r} has no questions": "阶段 {id!r} 下没有问题",
    "missing language: {languages}": "缺少语言：{languages}",
    "an answer of risk {risk:g} lifts its phase to at least {floor!r}, but a riskier answer "
    "(risk {other:g}) does not: a worse answer must never give a lower grade": (
        "风险为 {risk:g} 的回答会把所在阶段至少提升到 {floor!r}，而风险更高的回答（风险 {other:g}）"
        "却不会：更差的回答绝不能得到更低的等级"
    ),
    "migrates from {old} to an older or equal version {new}": (
        "从 {old} 版迁移到了更旧或相同的版本 {new}"
    ),
    "migrations must follow each other: expected from {version!r}": (
        "各次迁移必须首尾相接：这里应从 {version!r} 开始"
    ),
    "the last migration must lead to this bank's version {version}": (
        "最后一次迁移的目标版本必须是本题库的版本 {version}"
    ),
    "unknown question {question!r}": "未知问题 {question!r}",
    "unknown choice {choice!r} for {question}": "问题 {question} 没有 {choice!r} 这个选项",
    "{type} questions take choices, not {name}": "{type} 类型的问题要写 `choices`，不能写 {name}",
    "a {type} question needs at least two choices": "{type} 类型的问题至少要有两个选项",
    '{unknown!r} is reserved for "we don\'t know"': "{unknown!r} 已保留用于“不清楚”",
    "field required: label": "缺少必填字段：`label`",
    "a yesno question has exactly the choices 'yes' and 'no'": (
        "`yesno` 类型的问题只能有 'yes' 和 'no' 两个选项"
    ),
    "{type} questions take min, max and bands, not choices": (
        "{type} 类型的问题要写 `min`、`max` 和 `bands`，不能写 `choices`"
    ),
    "a {type} question needs min and max": "{type} 类型的问题需要 `min` 和 `max`",
    "max ({max:g}) must be above min ({min:g})": "`max`（{max:g}）必须大于 `min`（{min:g}）",
    "a scale question runs between whole numbers": "打分题的范围两端必须是整数",
    "a {type} question needs bands that cover min..max": (
        "{type} 类型的问题需要覆盖 `min`..`max` 的 `bands`"
    ),
    "band max ({max:g}) must be above its min ({min:g})": (
        "区间的 `max`（{max:g}）必须大于它的 `min`（{min:g}）"
    ),
    "bands start at {start:g}, not at the question's min {min:g}": (
        "`bands` 从 {start:g} 开始，而不是从问题的 `min` {min:g} 开始"
    ),
    "gap in bands: nothing covers {start:g} to {end:g}": (
        "`bands` 有缺口：{start:g} 到 {end:g} 之间没有区间覆盖"
    ),
    "bands overlap: {start:g} is already covered up to {end:g}": (
        "`bands` 有重叠：从 {start:g} 到 {end:g} 已被前面的区间覆盖"
    ),
    "bands end at {end:g}, not at the question's max {max:g}": (
        "`bands` 止于 {end:g}，而不是问题的 `max` {max:g}"
    ),
    # selfcheck.py: whether a bank's rules make sense
    "self-check: phase {phase!r} has too many answer combinations to prove": (
        "自检：阶段 {phase!r} 的回答组合太多，无法逐一验证"
    ),
    "self-check: in phase {phase!r} no answers give grade {grades}": (
        "自检：在阶段 {phase!r} 中，任何回答都得不到等级 {grades}"
    ),
    "self-check: the lowest-risk answers give phase {phase!r} grade {grade!r}, not the lowest "
    "grade {lowest!r}": (
        "自检：风险最低的回答使阶段 {phase!r} 得到等级 {grade!r}，而不是最低等级 {lowest!r}"
    ),
    "self-check: the highest-risk answers give phase {phase!r} grade {grade!r}, not the highest "
    "grade {highest!r}": (
        "自检：风险最高的回答使阶段 {phase!r} 得到等级 {grade!r}，而不是最高等级 {highest!r}"
    ),
    "self-check: question {question!r} cannot move its phase's score: every answer has the "
    "same risk": ("自检：问题 {question!r} 影响不了所在阶段的风险分：它的每个回答风险都相同"),
    # loading.py, banks.py, batch.py: files and their banks
    "a question bank, not an answer file (check a bank with `crmrisk validate`)": (
        "这是题库，不是回答文件（检查题库请用 `crmrisk validate`）"
    ),
    "an answer file, not a question bank (a bank has `questions:`)": (
        "这是回答文件，不是题库（题库中有 `questions:`）"
    ),
    "neither a bank (no `questions:`) nor an answer file (no `answers:`)": (
        "既不是题库（没有 `questions:`），也不是回答文件（没有 `answers:`）"
    ),
    "two entries of banks are the same bank": "`banks` 中有两项是同一个题库",
    "{key!r} is not one of the banks: {banks}": "{key!r} 不在所列的题库之中：{banks}",
    "bank: the answers are for {reference!r}, but --bank gives {given!r}": (
        "bank：这些回答是针对 {reference!r} 的，但 --bank 给的是 {given!r}"
    ),
    "cannot use the bank file {reference!r} (problems below)": (
        "无法使用题库文件 {reference!r}（错误见下）"
    ),
    "cannot search this directory: {reason}": "无法搜索此目录：{reason}",
    "no answer files (*.yaml, *.yml, *.json) in this directory": (
        "此目录中没有回答文件（*.yaml、*.yml、*.json）"
    ),
    "unknown bank {name!r}; shipped banks: {banks} (or give a path to a bank file)": (
        "未知题库 {name!r}；自带的题库：{banks}（也可以给出题库文件的路径）"
    ),
    "--bank: bank {id!r} is given twice": "--bank：题库 {id!r} 给了两次",
    "--fail-on: unknown grade {grade!r} for bank {bank}; grades: {grades}": (
        "--fail-on：题库 {bank} 没有等级 {grade!r}；现有的等级：{grades}"
    ),
    # group.py, compare.py: files that must belong together
    "project {project!r} differs from {first!r} in {file}; a group is one project's answer files": (
        "项目 {project!r} 与 {file} 中的 {first!r} 不同；多人评估只能用同一个项目的回答文件"
    ),
    "bank {theirs} differs from {ours} in {file}; a group answers the same banks": (
        "题库 {theirs} 与 {file} 中的 {ours} 不同；多人评估必须回答相同的题库"
    ),
    "project {project!r} differs from {old!r} in {file}; compare two assessments of one project": (
        "项目 {project!r} 与 {file} 中的 {old!r} 不同；只能比较同一个项目的两次评估"
    ),
}
