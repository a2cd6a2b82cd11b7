"""What the commands say besides reports and errors (``validate``'s verdicts, written files)."""

MESSAGES: dict[str, dict[str, str]] = {
    "valid_bank": {
        "en": "{file}: valid bank {id} {version}",
        "zh": "{file}：题库 {id} {version} 有效",
    },
    "valid_answers": {
        "en": "{file}: valid answers for {bank}",
        "zh": "{file}：回答文件有效（题库 {bank}）",
    },
}
