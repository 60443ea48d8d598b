"""The template's paragraph styles, by the names a clerk sees in Word's or WPS's style list.

A template made by hand must define these (compose/template.py checks); compose writes every
paragraph in one of them. The names are Chinese because they are what users read.
"""

from enum import StrEnum


class Style(StrEnum):
    MARK = "发文机关标志"  # 7.2.4
    COPY_NUMBER = "份号"  # 7.2.1
    SECRECY_URGENCY = "密级和紧急程度"  # 7.2.2, 7.2.3
    DOC_NUMBER = "发文字号"  # 7.2.5
    SIGNERS = "签发人"  # 7.2.6
    TITLE = "公文标题"  # 7.3.1
    RECIPIENTS = "主送机关"  # 7.3.2
    BODY = "公文正文"  # 7.3.3
    HEADING_1 = "一级标题"  # 7.3.3 黑体
    HEADING_2 = "二级标题"  # 7.3.3 楷体
    HEADING_3 = "三级标题"  # 7.3.3 仿宋
    HEADING_4 = "四级标题"  # 7.3.3 仿宋
    ATTACHMENT_NOTE = "附件说明"  # 7.3.4
    SIGNATURE = "发文机关署名"  # 7.3.5
    DATE = "成文日期"  # 7.3.5.4
    NOTE = "附注"  # 7.3.6
    ATTACHMENT_LABEL = "附件标签"  # 7.3.7
    ATTACHMENT_TITLE = "附件标题"  # 7.3.7
    TABLE_HEADER = "表头"  # 8
    TABLE_TEXT = "表格文字"  # 8
    IMPRINT = "版记"  # 7.4
    PAGE_NUMBER = "页码"  # 7.5
    ANCHOR = "正文位置"  # where docgen writes the generated parts


# Styles added after templates were already in use: a template made before them lacks them,
# and these paragraphs are then written in the style named here (they look the same).
FALLBACK_STYLES = {
    Style.ATTACHMENT_NOTE: Style.BODY,
    Style.SIGNATURE: Style.BODY,
    Style.DATE: Style.BODY,
    Style.NOTE: Style.BODY,
}
