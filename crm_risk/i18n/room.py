"""What a room session of ``crmrisk assess`` says: whose turn, gaps, the folder, its options."""

ROOM: dict[str, dict[str, str]] = {
    "room_who": {"en": "{name} ({role})", "zh": "{name}（{role}）"},
    "room_list_sep": {"en": ", ", "zh": "、"},
    "room_people": {"en": "In the room: {people}", "zh": "在场：{people}"},
    "room_answers": {"en": "{n} of {total} answers", "zh": "已答 {n}/{total}"},
    "room_keys": {
        "en": "{range} answer · ? help · n note · b back · s skip · u don't know · q quit",
        "zh": "{range} 作答 · ? 说明 · n 备注 · b 上一位 · s 跳过 · u 不清楚 · q 保存并退出",
    },
    "room_turn_current": {"en": "{who} answered: {answer}", "zh": "{who}的回答：{answer}"},
    "room_gap": {
        "en": "⚠ Consensus gap: the answers' risks differ by {spread} (threshold {threshold})",
        "zh": "⚠ 共识差距：回答的风险相差 {spread}（阈值 {threshold}）",
    },
    "room_gap_side": {"en": "  {who}: {answer}", "zh": "  {who}：{answer}"},
    "room_saving_to": {
        "en": "Every answer is saved at once to {folder}, one file per person",
        "zh": "每个回答都会立即保存到 {folder}，每人一个文件",
    },
    "room_saved": {"en": "Saved to {folder}:", "zh": "已保存到 {folder}："},
    "room_saved_file": {"en": "  {file}: {counts}", "zh": "  {file}：{counts}"},
    "room_no_out": {
        "en": "a room writes one file per person: give its folder with --out-dir DIR, not --out",
        "zh": "多人同场为每人写一个文件：请用 --out-dir DIR 指定文件夹，而不是 --out",
    },
    "room_resume_options": {
        "en": "--resume DIR continues the room in its folder with the people in its files; "
        "leave out --out-dir, --respondent and --role",
        "zh": "--resume DIR 在原文件夹中按其中的文件继续整场作答；请去掉 --out-dir、--respondent 和 --role",
    },
    "room_resume_file_out_dir": {
        "en": "--out-dir is a room's folder; {file} is one person's file (continue it with --out FILE)",
        "zh": "--out-dir 用于多人同场的文件夹；{file} 是一个人的文件（用 --out FILE 另存）",
    },
    "room_no_role": {
        "en": "--role goes with one respondent; in a room give each person as --respondent NAME:ROLE",
        "zh": "--role 只用于一位受访者；多人同场请为每人写 --respondent 姓名:角色",
    },
    "room_no_parent": {
        "en": "{parent}: no such directory for the room's folder {folder}",
        "zh": "{parent}: 目录不存在，无法创建文件夹 {folder}",
    },
    "room_not_a_folder": {
        "en": "{folder} is a file, not a folder",
        "zh": "{folder} 是文件，不是文件夹",
    },
    "room_folder_exists": {
        "en": "{folder} already exists and is not empty; continue its room with --resume {folder}, "
        "or write into it with --force",
        "zh": "{folder} 已存在且不为空；用 --resume {folder} 继续其中的作答，或用 --force 写入",
    },
    "room_folder_others": {
        "en": "{file} would join this room's group; move it away or choose another --out-dir",
        "zh": "{file} 会被算作本场的受访者；请移走它，或换一个 --out-dir",
    },
    "room_bad_respondent": {
        "en": "--respondent {given!r}: in a room write each person as NAME:ROLE; roles: {roles}",
        "zh": "--respondent {given!r}：多人同场请写作 姓名:角色；角色：{roles}",
    },
    "room_respondent_twice": {
        "en": "--respondent {given!r} is given twice",
        "zh": "--respondent {given!r} 重复了",
    },
    "room_no_files": {
        "en": "{folder}: no answer files (*.yaml, *.yml, *.json) to continue",
        "zh": "{folder}: 没有可继续的回答文件（*.yaml、*.yml、*.json）",
    },
    "room_file_no_respondent": {
        "en": "{file} names no respondent; a room's files each name their person",
        "zh": "{file} 没有写明受访者；同场的每个文件都应写明其受访者",
    },
    "room_file_other_project": {
        "en": "{file} is for project {found!r}, not {project!r}; a room's files are one project's",
        "zh": "{file} 属于项目 {found!r}，而不是 {project!r}；同场的文件应属于同一个项目",
    },
    "room_file_other_banks": {
        "en": "{file} answers other banks (or versions) than {first}; a room answers the same banks",
        "zh": "{file} 与 {first} 的题库（或版本）不同；同场应回答相同的题库",
    },
}
