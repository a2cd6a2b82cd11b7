"""Write N realistic seven-questions answer files into a directory, deterministic from a seed.

Run:  python benchmarks/generate.py [N] [--out DIR] [--seed 7] [--check]

Each file is what a consultant's kickoff meeting leaves behind: ``bank: seven-questions``,
``bank_version: "1.1"``, a project and a respondent (English or Chinese names), a date, a
``crm_kind`` context, and every question answered (a valid choice id, or a number for the budget
question), each with a note of a few hundred characters (about a third of the files in Chinese).
The choice ids are read once from the installed package (``crmrisk questions --format json``), so
the files always fit the bank that is measured.

File ``i`` depends only on the seed and ``i``: the first 1,000 files of a 10,000-file set are the
1,000-file set. Without ``--out`` the files go to a new temporary directory (never into the
repository), whose path is printed. ``--check`` then runs ``crmrisk validate`` on a sample.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BANK = "seven-questions"
BANK_VERSION = "1.1"
ROLES = [
    "sponsor",
    "project-lead",
    "frontline",
    "line-manager",
    "operations",
    "consultant",
    "other",
]
CRM_KINDS = ["after-sales-service", "key-account-sales", "other"]

COMPANIES_EN = [
    "Harbin Appliance",
    "Northwind",
    "Contoso Logistics",
    "Bluebay Medical",
    "Redwood Insurance",
    "Kestrel Motors",
    "Silverline Telecom",
    "Greenfield Agritech",
    "Atlas Elevators",
    "Pioneer Pumps",
    "Summit Pharma",
    "Lakeside Water",
    "Orion Semiconductors",
    "Meridian Bank",
    "Crescent Foods",
]
COMPANIES_ZH = [
    "哈尔滨家电",
    "华东医疗器械",
    "南方电梯",
    "远航物流",
    "长城保险",
    "江南水务",
    "星河半导体",
    "恒信银行",
    "绿野农业科技",
    "金桥汽车",
    "海川制药",
    "天行通信",
    "东方泵业",
    "瑞丰食品",
]
PROJECTS_EN = [
    "after-sales service CRM",
    "key-account sales CRM",
    "dealer management CRM",
    "field service CRM",
    "customer service centre CRM",
    "channel sales CRM",
]
PROJECTS_ZH = [
    "售后服务CRM",
    "大客户销售CRM",
    "经销商管理CRM",
    "现场服务CRM",
    "客服中心CRM",
    "渠道销售CRM",
]
GIVEN_EN = ["Sarah", "James", "Emily", "Daniel", "Olivia", "Michael", "Grace", "Thomas", "Hannah"]
FAMILY_EN = ["Collins", "Patel", "Nguyen", "Fischer", "O'Brien", "Okafor", "Larsen", "Moreau"]
PINYIN = ["Zhou Min", "Li Wei", "Chen Jie", "Wang Fang", "Zhang Lei", "Liu Yang", "Huang Jing"]
NAMES_ZH = [
    "李伟",
    "王芳",
    "张磊",
    "刘洋",
    "陈杰",
    "周敏",
    "黄晶",
    "赵丽",
    "孙浩",
    "吴婷",
    "欧阳明",
]

#: Sentences a note is built from, per question: English and Chinese.
NOTES_EN = {
    "sponsor-value": [
        "The COO signed off the one-line goal: first-visit fix rate from 71% to 85% in 12 months.",
        "We met the sponsor twice; she repeated the goal in her own words at the steering committee.",
        "The budget was approved by the board, but the sponsor has not met the project team yet.",
        "The CEO's assistant says he supports it; nobody has heard it from him directly.",
        "Regional directors were not in the room when the value was agreed, which worries the lead.",
    ],
    "core-value": [
        "Phase 1 is work-order dispatch and closure only; parts and billing come later.",
        "A three-phase plan with 140 features; phase 1 alone has 60 of them.",
        "Two priorities compete: the pipeline forecast and the quote approval workflow.",
        "The steering committee keeps adding reports to the scope of the first release.",
        "Marketing wants campaign tracking in phase 1 as well, which nobody has costed.",
    ],
    "frontline-benefit": [
        "Engineers get their jobs, routes and customer history on the phone app.",
        "Weekly visit reports are mandatory; nothing comes back to the sellers.",
        "Sellers can see open quotes and delivery dates, which saves them a call to the warehouse.",
        "Most screens were designed for the management dashboard, not for the people typing.",
        "The pilot group asked for offline mode because coverage in the plants is poor.",
    ],
    "budget-for-delivery": [
        "12M over four years, 4.2M up to go-live.",
        "Almost all of the 5M goes to the integrator before go-live.",
        "Nothing is budgeted after go-live yet; finance wants to see results first.",
        "The licence is yearly, so operations money is there, but no headcount for improvements.",
        "A 10% contingency sits with the PMO and is not counted in either share.",
    ],
    "frontline-can-work-without": [
        "Each seller follows 4-6 large deals; the detail lives in their notebooks.",
        "Dispatch only happens in the system, so engineers cannot start a job without it.",
        "Old spreadsheets are still shared by e-mail in two regions.",
        "Service history from the old system was migrated, so the CRM knows more than anyone.",
        "Senior engineers keep their own customer lists on their phones.",
    ],
    "managers-can-manage-without": [
        "Daily backlog review runs from the dispatch board.",
        "Area managers still run their Monday meeting from a printed Excel sheet.",
        "The forecast call uses CRM numbers, but managers adjust them by hand afterwards.",
        "Bonuses are computed from the CRM's closed deals since last quarter.",
        "Two of the five managers have never logged in since training.",
    ],
    "operations-team-weak": [
        "The service operations team has six people; it reports to the COO monthly.",
        "Sales operations is one analyst, shared with finance.",
        "Operations can change forms and reports without the vendor, and does so weekly.",
        "The admin role sits in IT; business questions go unanswered for weeks.",
        "A CRM owner was named, but it is a part-time role on top of regional sales.",
    ],
}
NOTES_ZH = {
    "sponsor-value": [
        "COO当面确认了一句话目标：12个月内首次修复率从71%提升到85%。",
        "我们和发起人面谈了两次，她在指导委员会上用自己的话复述了目标。",
        "预算由董事会批准，但发起人还没有见过项目组。",
        "总经理助理说他支持这个项目，但没有人亲耳听他说过。",
        "确定价值时各区域总监不在场，项目经理对此有些担心。",
    ],
    "core-value": [
        "一期只做派工和完工闭环，备件和结算放到后面。",
        "规划分三期，共140项功能，仅一期就有60项。",
        "两个优先事项并列：销售预测和报价审批流程。",
        "指导委员会不断往第一版里加报表。",
        "市场部也想在一期做活动跟踪，但没有人估算过成本。",
    ],
    "frontline-benefit": [
        "工程师在手机上就能看到工单、路线和客户历史。",
        "周拜访报告是强制的，销售却得不到任何回馈。",
        "销售能看到未结报价和交货日期，不用再打电话问仓库。",
        "大部分界面是为管理驾驶舱设计的，而不是为录入的人设计的。",
        "试点组要求离线模式，因为厂区信号很差。",
    ],
    "budget-for-delivery": [
        "四年共1200万，上线前投入420万。",
        "500万几乎全部在上线前付给实施商。",
        "上线后的预算还没有定，财务想先看到效果。",
        "许可证按年付费，运营费用有，但没有人员编制用于持续改进。",
        "10%的应急预算放在项目办，不计入任何一方。",
    ],
    "frontline-can-work-without": [
        "每个销售跟进四到六个大项目，细节都记在自己的笔记本里。",
        "派工只在系统里进行，工程师离开系统就无法开工。",
        "有两个大区仍然通过邮件共享旧的Excel表格。",
        "旧系统的服务记录都迁移过来了，CRM比任何人都了解客户。",
        "资深工程师在手机里保存着自己的客户名单。",
    ],
    "managers-can-manage-without": [
        "每天的积压工单评审都在派工看板上进行。",
        "区域经理周一例会仍然用打印出来的Excel表。",
        "预测会议使用CRM数据，但经理会后会手工调整。",
        "从上个季度开始，奖金按CRM中的成交数据计算。",
        "五位经理中有两位培训后从未登录过。",
    ],
    "operations-team-weak": [
        "服务运营团队有六个人，每月向COO汇报。",
        "销售运营只有一名分析员，还要兼顾财务工作。",
        "运营团队可以不依赖厂商自行修改表单和报表，每周都在改。",
        "管理员角色在IT部门，业务问题几周都得不到回复。",
        "指定了CRM负责人，但这是在区域销售之外兼任的角色。",
    ],
}


def find_crmrisk() -> Path:
    """The ``crmrisk`` script installed next to the running Python (the package measured)."""
    script = Path(sys.executable).parent / "crmrisk"
    if not script.exists():
        sys.exit(
            f"error: no crmrisk next to {sys.executable}; install it first:\n"
            "  python3 -m venv .venv && .venv/bin/pip install .\n"
            "and run this script with .venv/bin/python"
        )
    return script


def read_bank(crmrisk: Path) -> list[dict]:
    """The questions of the installed seven-questions bank, as ``crmrisk questions`` gives them."""
    out = subprocess.run(
        [str(crmrisk), "questions", "--format", "json", "--bank", BANK, "--lang", "en"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    data = json.loads(out)
    if data["bank"]["version"] != BANK_VERSION:
        sys.exit(
            f"error: installed {BANK} is version {data['bank']['version']}, not {BANK_VERSION}"
        )
    return data["questions"]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _note(rng: random.Random, pool: list[str], zh: bool) -> str:
    """A few hundred characters: the question's sentences in a random order, none twice."""
    target = rng.randint(120, 220) if zh else rng.randint(220, 420)
    sentences = rng.sample(pool, len(pool))
    parts: list[str] = []
    while sentences and sum(map(len, parts)) < target:
        parts.append(sentences.pop())
    return ("" if zh else " ").join(parts)


def answer_file(index: int, seed: int, questions: list[dict]) -> tuple[str, str]:
    """File ``index``'s name and text: the same for the same seed and index, whatever N is."""
    rng = random.Random(f"{seed}:{index}")
    zh = rng.random() < 0.35
    if zh:
        project = rng.choice(COMPANIES_ZH) + rng.choice(PROJECTS_ZH)
        name = rng.choice(NAMES_ZH)
        notes = NOTES_ZH
    else:
        project = f"{rng.choice(COMPANIES_EN)} {rng.choice(PROJECTS_EN)}"
        name = rng.choice(
            PINYIN + [f"{rng.choice(GIVEN_EN)} {rng.choice(FAMILY_EN)}" for _ in range(3)]
        )
        notes = NOTES_EN
    date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))
    lines = [
        f"# Kickoff meeting answers, file {index} (generated by benchmarks/generate.py)",
        f"bank: {BANK}",
        f'bank_version: "{BANK_VERSION}"',
        f"project: {_q(project)}",
        f"respondent: {{name: {_q(name)}, role: {rng.choice(ROLES)}}}",
        f"date: {date.isoformat()}",
        f"context: {{crm_kind: {rng.choice(CRM_KINDS)}}}",
        "answers:",
    ]
    for question in questions:
        qid = question["id"]
        lines.append(f"  {qid}:")
        if question["type"] == "number":
            low, high = int(question["min"]), int(question["max"])
            value: float = rng.randint(low, high)
            if rng.random() < 0.1:
                value += 0.5 if value < high else -0.5
            lines.append(f"    value: {value}")
        else:
            lines.append(f"    choice: {rng.choice(question['choices'])['id']}")
        pool = notes.get(qid) or [s for group in notes.values() for s in group]
        lines.append(f"    note: {_q(_note(rng, pool, zh))}")
    return f"{index:05d}-answers.yaml", "\n".join(lines) + "\n"


def generate(count: int, out: Path, seed: int = 7, crmrisk: Path | None = None) -> list[Path]:
    """Write files 0 .. count-1 into ``out`` (created if missing); return their paths."""
    questions = read_bank(crmrisk or find_crmrisk())
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, text = answer_file(index, seed, questions)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def check(paths: list[Path], crmrisk: Path, sample: int = 50) -> None:
    """``crmrisk validate`` on a spread-out sample of the files; exits with its report if any
    file does not validate."""
    step = max(1, len(paths) // sample)
    chosen = [str(p) for p in paths[::step][:sample]]
    result = subprocess.run(
        [str(crmrisk), "validate", *chosen],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        sys.exit(f"error: generated files do not validate:\n{result.stdout}{result.stderr}")
    print(f"check: crmrisk validate passed on {len(chosen)} of {len(paths)} files", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("count", nargs="?", type=int, default=1000, help="files to write")
    parser.add_argument("--out", type=Path, help="directory (default: a new temporary one)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="validate a sample with crmrisk")
    args = parser.parse_args()
    crmrisk = find_crmrisk()
    out = args.out or Path(tempfile.mkdtemp(prefix="crmrisk-bench-"))
    try:
        paths = generate(args.count, out, args.seed, crmrisk)
        if args.check:
            check(paths, crmrisk)
    except BaseException:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)
        raise
    print(out)


if __name__ == "__main__":
    main()
