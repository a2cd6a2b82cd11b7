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
}
