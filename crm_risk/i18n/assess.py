"""What the live questionnaire (``crmrisk assess``) says: prompts, keys, confirmations."""

ASSESS: dict[str, dict[str, str]] = {
    "assess_project_prompt": {"en": "Project name (q quits)", "zh": "项目名称（输入 q 退出）"},
    "assess_name_prompt": {
        "en": "Respondent's name (several people in the room: NAME:ROLE, one per line)",
        "zh": "受访者姓名（多人同场作答：每行一人，写作 姓名:角色）",
    },
    "assess_name_only_prompt": {"en": "Respondent's name", "zh": "受访者姓名"},
    "assess_room_prompt": {
        "en": "Who is in the room? One person per line as NAME:ROLE, e.g. Li Wei:sponsor",
        "zh": "谁在场？每行一人，写作 姓名:角色，如 李伟:项目发起人",
    },
    "assess_people_prompt": {
        "en": "Next person as NAME:ROLE (Enter alone ends the list)",
        "zh": "下一位，写作 姓名:角色（直接回车结束名单）",
    },
    "assess_roles_hint": {
        "en": "Roles: {roles} (or their numbers 1-{n})",
        "zh": "角色：{roles}（或编号 1-{n}）",
    },
    "assess_need_role": {
        "en": "Write the person as NAME:ROLE, e.g. Wang Lei:project lead; not: {input}",
        "zh": "请写作 姓名:角色，如 王磊:项目负责人；而不是：{input}",
    },
    "assess_person_twice": {
        "en": "Already in the room: {input}",
        "zh": "已在名单中：{input}",
    },
    "assess_too_many": {
        "en": "A room holds at most {max} people.",
        "zh": "一个会场最多 {max} 人。",
    },
    "assess_role_prompt": {
        "en": "Respondent's role (its number or name)",
        "zh": "受访者角色（输入编号或名称）",
    },
    "assess_context_prompt": {
        "en": "{label} (its number or name; Enter alone leaves it out)",
        "zh": "{label}（输入编号或名称；直接回车跳过）",
    },
    "assess_recorded": {"en": "✓ {answer}", "zh": "✓ {answer}"},
    "assess_recorded_skip": {
        "en": "– skipped: no answer recorded",
        "zh": "– 已跳过：未记录回答",
    },
    "assess_required": {"en": "This cannot be empty.", "zh": "不能为空。"},
    "assess_too_long": {
        "en": "Too long: at most {max} characters.",
        "zh": "太长了：最多 {max} 个字符。",
    },
    "assess_pick": {
        "en": "Not in the list: {input}. Type a number from 1 to {n}, or a name from the list.",
        "zh": "“{input}”不在列表中。请输入 1 到 {n} 之间的编号，或列表中的名称。",
    },
    "assess_progress": {"en": "question {n} of {total}", "zh": "第 {n} 题，共 {total} 题"},
    "assess_answered": {"en": "{n} of {total} answered", "zh": "已答 {n}/{total}"},
    "assess_current": {"en": "Current answer: {answer}", "zh": "当前回答：{answer}"},
    "assess_keep": {"en": "Enter alone keeps it.", "zh": "直接回车保留。"},
    "assess_current_note": {"en": "Note: {note}", "zh": "备注：{note}"},
    "assess_keys": {
        "en": "{range} answer · ? help · n note · b back · s skip · u don't know · q quit",
        "zh": "{range} 作答 · ? 说明 · n 备注 · b 上一题 · s 跳过 · u 不清楚 · q 保存并退出",
    },
    "assess_multi_hint": {
        "en": "Several answers may apply: type all their numbers, e.g. 1 3.",
        "zh": "可多选：输入所有适用的编号，如 1 3。",
    },
    "assess_number_hint": {
        "en": "Type a number from {min} to {max}{unit}.",
        "zh": "请输入 {min} 到 {max}{unit} 之间的数。",
    },
    "assess_scale_hint": {
        "en": "Type a whole number from {min} to {max}.",
        "zh": "请输入 {min} 到 {max} 之间的整数。",
    },
    "assess_choice_invalid": {
        "en": "Not a choice: {input}. Type a number from 1 to {n}, or one of the keys.",
        "zh": "“{input}”不是有效选项。请输入 1 到 {n} 的编号，或提示中的按键。",
    },
    "assess_multi_invalid": {
        "en": "Not valid: {input}. Type the numbers of the choices that apply (1 to {n}), e.g. 1 3.",
        "zh": "“{input}”无效。请输入适用选项的编号（1 到 {n}），如 1 3。",
    },
    "assess_number_invalid": {
        "en": "Not a number: {input}. Type a number from {min} to {max}{unit}, or u if nobody knows.",
        "zh": "“{input}”不是数字。请输入 {min} 到 {max}{unit} 之间的数；没人知道就输入 u。",
    },
    "assess_number_range": {
        "en": "{input} is outside {min} to {max}{unit}. Type a number in that range.",
        "zh": "{input} 超出了 {min} 到 {max}{unit} 的范围，请重新输入。",
    },
    "assess_scale_whole": {
        "en": "{input} is not a whole number. Type a whole number from {min} to {max}.",
        "zh": "{input} 不是整数。请输入 {min} 到 {max} 之间的整数。",
    },
    "assess_need_answer": {
        "en": "Type an answer, or s to skip the question.",
        "zh": "请作答，或输入 s 跳过本题。",
    },
    "assess_first": {"en": "This is the first question.", "zh": "已经是第一题。"},
    "assess_note_prompt": {
        "en": "Note for this question (Enter alone cancels):",
        "zh": "本题备注（直接回车取消）：",
    },
    "assess_note_saved": {"en": "Note saved.", "zh": "备注已保存。"},
    "assess_note_cancelled": {"en": "No note added.", "zh": "未添加备注。"},
    "assess_no_help": {"en": "This question has no help text.", "zh": "本题没有说明。"},
    "assess_saving_to": {
        "en": "Every answer is saved at once to {file}",
        "zh": "每个回答都会立即保存到 {file}",
    },
    "assess_saved": {
        "en": "Saved to {file}: {counts}",
        "zh": "已保存到 {file}：{counts}",
    },
    "assess_resume": {"en": "To continue: {command}", "zh": "继续作答：{command}"},
    "assess_unanswered_left": {
        "en": "{n} of {total} questions are still unanswered.",
        "zh": "还有 {n}/{total} 个问题未回答。",
    },
    "assess_report_written": {"en": "Wrote the report to {file}", "zh": "报告已写入 {file}"},
    "assess_out_exists": {
        "en": "{file} already exists; continue it with --resume {file}, or replace it with --force",
        "zh": "{file} 已存在；用 --resume {file} 继续作答，或用 --force 覆盖",
    },
    "assess_report_exists": {
        "en": "{file} already exists; use --force to replace it",
        "zh": "{file} 已存在；用 --force 覆盖",
    },
    "assess_keys_na": {"en": " · x n/a", "zh": " · x 不适用"},
    "assess_bank_progress": {"en": "bank {n} of {total}", "zh": "第 {n} 个题库，共 {total} 个"},
    "assess_reason_prompt": {
        "en": "Why does this question not apply? (Enter alone cancels)",
        "zh": "为什么本题不适用？（直接回车取消）",
    },
    "assess_na_cancelled": {
        "en": "Not marked as not applicable: it needs a reason.",
        "zh": "未标记为不适用：需要说明理由。",
    },
    "assess_na_not_allowed": {
        "en": "This question applies to every project: answer it, or u if nobody knows.",
        "zh": "本题适用于所有项目：请作答，没人知道就输入 u。",
    },
}
