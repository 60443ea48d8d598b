"""Titles broken the way a clerk would accept (7.3.1 词意完整，排列对称，长短适宜，梯形或菱形):
between words, ≤ 20 a line, no stub, no line under a quarter of the longest, never an
hourglass; and a search that stays polynomial in the title's length."""

from __future__ import annotations

import pytest

from docgen.standard.title_break import break_title, search_title
from docgen.standard.titles import hourglass, split_words, title_faults
from docgen.standard.typeset import text_units
from docgen.standard.words import segment

# (issuer, rest of the title): the whole title is issuer + rest; an empty issuer is a title
# that starts with 关于 (a 联合行文 or an attachment's title).
TITLES = [
    ("山西省文化和旅游厅办公室", "关于印发2022年政务公开重点工作任务分工的通知"),
    ("某某市人民政府办公室", "关于印发2023年数字政府建设重点任务清单和数据共享工作规范的通知"),
    ("某县教育局", "关于印发2023年全县教育系统政务公开工作要点的通知"),
    ("", "关于印发《XX市2023年优化营商环境重点任务分工方案》的通知"),
    ("某某县文化和旅游局", "关于2024年上半年文旅项目建设情况的报告"),
    ("", "关于转发省政府办公厅《关于做好2023年政务公开工作的通知》（晋政办发〔2023〕12号）的通知"),
    ("市政府办", "关于印发政务公开工作方案的通知"),
    ("某市人民政府", "关于进一步优化营商环境的实施意见"),
    ("某省人民政府办公厅", "关于印发某省2023年优化营商环境重点任务分工方案的通知"),
    ("某市发展和改革委员会", "关于印发《某市2024年国民经济和社会发展计划重点任务分工》的通知"),
    ("某县人民政府", "关于印发某县2023年政府工作报告重点工作任务分解的通知"),
    ("某市住房和城乡建设局", "关于开展2023年全市城镇老旧小区改造工作的通知"),
    ("中共某县委办公室", "关于印发《某县2023年度党风廉政建设责任清单》的通知"),
    ("某市生态环境局", "关于印发2023年全市生态环境保护工作要点的通知"),
    ("某区人民政府办公室", "关于印发某区“十四五”数字政府建设实施方案的通知"),
    ("某省教育厅", "关于做好2023年普通高校毕业生就业创业工作的通知"),
    ("某市卫生健康委员会", "关于印发2023年全市卫生健康工作要点任务分工的通知"),
    ("某县应急管理局", "关于开展安全生产大排查大整治专项行动的通知"),
    ("某市市场监督管理局", "关于印发2023年食品安全重点工作安排的通知"),
    ("某省自然资源厅", "关于加强耕地保护和改进占补平衡的实施意见"),
    ("某市人民政府", "关于印发某市推进“一网通办”改革实施方案的通知"),
    ("某区政务服务管理局", "关于印发政务服务事项“一件事一次办”工作方案的通知"),
    ("某市财政局", "关于下达2023年第二批中央财政衔接推进乡村振兴补助资金的通知"),
    ("某县人民政府办公室", "关于成立某县优化营商环境工作领导小组的通知"),
    ("某市公安局", "关于印发《2023年度执法质量考评办法》的通知"),
    ("某省文化和旅游厅", "关于印发《某省文旅融合发展三年行动计划（2023—2025年）》的通知"),
    ("某市交通运输局", "关于2023年度交通运输工作目标责任考核情况的通报"),
    ("某县农业农村局", "关于印发2023年农村人居环境整治提升工作方案的通知"),
    ("某市人力资源和社会保障局", "关于做好2023年高校毕业生等青年就业工作的通知"),
    ("某市司法局", "关于印发2023年全市法治政府建设工作要点的通知"),
    ("某区人民政府", "关于印发某区2023年为民办实事项目任务分工的通知"),
    ("某市水利局", "关于全面推行河长制工作任务分工的通知"),
    ("某县林业局", "关于印发林长制工作方案的通知"),
    ("某市城市管理局", "关于开展市容环境卫生专项整治行动的通知"),
    ("某省人民政府", "关于印发某省推动高质量发展若干政策措施的通知"),
    ("某市科学技术局", "关于组织申报2024年度科技计划项目的通知"),
    ("某县统计局", "关于做好第五次全国经济普查工作的通知"),
    ("某市商务局", "关于印发2023年促消费重点工作任务分工方案的通知"),
    ("", "关于印发某市贯彻落实《优化营商环境条例》实施细则的通知"),
    ("某市审计局", "关于印发2023年度审计项目计划的通知"),
    ("某县民政局", "关于进一步加强困难群众基本生活保障工作的通知"),
    ("某市退役军人事务局", "关于做好2023年退役士兵安置工作的通知"),
    ("某市政府", "关于某某同志任职的通知"),
    ("某县医疗保障局",
     "关于印发《某县医疗保障基金监管专项整治工作方案》（某医保发〔2023〕5号）的通知"),
]


def full(issuer: str, rest: str) -> str:
    return issuer + rest


@pytest.mark.parametrize(("issuer", "rest"), TITLES, ids=[full(*t) for t in TITLES])
def test_titles_break_as_a_clerk_would_accept(issuer, rest):
    title = full(issuer, rest)
    assert 10 <= len(title) <= 60
    lines = break_title(title, 20, [issuer])
    assert "".join(lines) == title
    widths = [text_units(line) for line in lines]
    assert max(widths) <= 20, lines
    if len(lines) > 1:
        assert min(widths) > 2, f"stub line: {lines}"
        assert min(widths) >= max(widths) / 4, f"a line under a quarter: {lines}"
        assert not hourglass(widths), f"hourglass: {lines}"
    assert split_words(lines, 20, [issuer]) == [], lines
    assert [f.message for f in title_faults(lines, 20, [issuer]) if f.hard] == []


def test_a_short_issuer_leaves_no_character_alone():
    # the title of issue #12: 6 / 19 / 1 before
    title = "某县教育局关于印发2023年全县教育系统政务公开工作要点的通知"
    lines = break_title(title, 20, ["某县教育局"])
    assert all(text_units(line) > 2 for line in lines), lines


def test_a_term_is_never_split():
    title = "山西省文化和旅游厅办公室关于印发2022年政务公开重点工作任务分工的通知"
    lines = break_title(title, 20, ["山西省文化和旅游厅办公室"])
    assert not any(line.endswith("政务公") for line in lines)
    assert "政务公开" in segment(title)


@pytest.mark.parametrize("title", [
    "区人民政府办公室关于印发2023年区政府工作报告重点任务分解的通知",
    "亳州市谯城区人民政府办公室关于印发谯城区2025年政府工作报告重点工作任务分解表的通知",
])
def test_zhengfu_gongzuo_baogao_is_one_term(title):
    lines = break_title(title, 20, [title[: title.index("关于")]])
    assert any("政府工作报告" in line for line in lines), lines


def test_the_issuer_name_stands_on_its_own_line():
    title = "山西省文化和旅游厅办公室关于印发2022年政务公开重点工作任务分工的通知"
    lines = break_title(title, 20, ["山西省文化和旅游厅办公室"])
    assert lines == ["山西省文化和旅游厅办公室", "关于印发2022年政务公开", "重点工作任务分工的通知"]


def test_years_and_doc_numbers_stay_whole():
    title = "关于转发省政府办公厅《关于做好2023年政务公开工作的通知》（晋政办发〔2023〕12号）的通知"
    text = "\n".join(break_title(title, 20))
    assert "晋政办发〔2023〕12号" in text
    assert "2023年" in text


def test_the_issuers_name_is_one_word_when_kept():
    issuer = "某某市人民政府办公室"
    assert issuer in segment(issuer + "关于印发", [issuer])
    assert "".join(segment("甲乙丙关于甲乙丙", ["甲乙丙"])) == "甲乙丙关于甲乙丙"


def test_the_authors_breaks_are_kept():
    assert break_title("某某局\n关于某事的通知", 20) == ["某某局", "关于某事的通知"]


def test_a_word_longer_than_a_line_is_cut():
    title = "关于" + "中华人民共和国" * 4 + "的通知"
    lines = break_title(title, 20)
    assert "".join(lines) == title
    assert all(text_units(line) <= 20 for line in lines)


LONG = ("某某市人民政府办公室关于印发某某市推进政务公开标准化规范化建设和优化营商环境"
        "重点任务分工方案及数字政府建设三年行动计划（2023—2025年）的通知")


def long_title(length: int) -> str:
    return (LONG * (length // len(LONG) + 1))[:length - 3] + "的通知"


def test_a_241_character_title_is_searched_in_linear_steps():
    # before: every cut set was walked (100 s of CPU for 204 characters, > 5 min for 241)
    short, long = search_title(long_title(241), 20), search_title(long_title(482), 20)
    assert all(text_units(line) <= 20 for line in long.lines)
    assert short.evaluations < 20_000
    assert long.evaluations < 2.5 * short.evaluations  # linear, not combinatorial


def test_the_checks_name_a_split_word_and_a_stub():
    faults = title_faults(["某县教育局关于印发2023年全县政务公", "开工作要点的通", "知"], 20)
    messages = [f.message for f in faults]
    assert any("“政务公开”" in m for m in messages), messages
    assert any(f.kind == "stub" and "“知”" in f.message for f in faults), messages
    assert any(f.kind == "split" and "“通知”" in f.message for f in faults)


def test_an_hourglass_is_found_however_deep():
    assert hourglass([14, 8, 8, 14])
    assert not hourglass([8, 14, 14, 8])
    assert not hourglass([10, 12, 16])


def test_a_line_with_digits_is_measured_as_the_page_sets_it() -> None:
    """“2023” is wider than two em in the 小标宋 faces: a 20-em line with it wrapped 解 alone."""
    from docgen.standard.titles import title_units

    title = "立山区人民政府关于印发立山区政府2023年重点工作任务分解和责任分工方案的通知"
    lines = break_title(title, 20, keep=["立山区人民政府"])
    assert "".join(lines) == title
    assert all(title_units(line) <= 20 for line in lines), lines
