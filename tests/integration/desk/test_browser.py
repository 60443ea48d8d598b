"""The desk in a real browser (Debian's Chromium, headless): a clerk opens the sample,
changes the 文号 and sees the page change and the file saved, types a wrong date and sees
the message at the field, adds a row to the 分工表. Each step leaves a screenshot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pymupdf
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from support.desk import chromium, served

from docgen.notice.source import load_bytes
from docgen.resources import SAMPLE

NAME = SAMPLE.name
WAIT = 600  # seconds; generous on purpose: a cold LibreOffice on a busy machine is slow


@pytest.fixture
def desk(tmp_path):
    folder = desk_folder(tmp_path)
    with served(folder) as url, chromium() as browser:
        yield browser, url, folder, tmp_path


def desk_folder(tmp_path) -> Path:
    """A desk folder holding a copy of the sample."""
    folder = tmp_path / "desk"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE, folder / NAME)
    return folder


def shot(browser, tmp_path, step: str) -> None:
    path = tmp_path / f"desk-{step}.png"
    browser.save_screenshot(str(path))
    print(f"screenshot {step}: {path}")


def field(browser, path: str):
    return browser.find_element(By.CSS_SELECTOR, f'[data-field="{path}"]')


def preview_version(browser) -> str:
    return browser.find_element(By.ID, "pages").get_attribute("data-version") or ""


def wait_for_preview(browser, version: str) -> None:
    WebDriverWait(browser, WAIT).until(lambda b: preview_version(b) == version)


def saved_version(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, "main.editor").get_attribute("data-version")


def replace_text(element, text: str) -> None:
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(text)
    element.send_keys(Keys.TAB)  # leaving the field is the change


def first_page(browser) -> bytes:
    """The first preview page's RGB samples, as the browser received them."""
    source = browser.find_element(By.CSS_SELECTOR, "#pages img").get_attribute("src")
    data = browser.execute_async_script(
        "const done = arguments[1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer())"
        ".then(b => done(Array.from(new Uint8Array(b))));",
        source)
    pixmap = pymupdf.Pixmap(bytes(data))
    if pixmap.alpha:
        pixmap = pymupdf.Pixmap(pixmap, 0)  # drop the alpha channel
    return bytes(pixmap.samples)


def red_share(samples: bytes) -> float:
    pixels = [samples[i:i + 3] for i in range(0, len(samples), 3)]
    red = sum(1 for r, g, b in pixels if r > 180 and g < 90 and b < 90)
    return red / len(pixels)


def test_the_list_opens_the_sample(desk):
    browser, url, _, tmp_path = desk
    browser.get(url)
    link = browser.find_element(By.CSS_SELECTOR, "a.open")
    assert "政务公开重点工作任务分工" in link.text
    shot(browser, tmp_path, "list")
    link.click()
    WebDriverWait(browser, WAIT).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#pages img"))
    page = first_page(browser)
    assert red_share(page) > 0.002, "第一页预览没有红色的发文机关标志和分隔线"
    assert len({page[i:i + 3] for i in range(0, len(page), 3)}) > 50, "预览是空白页"
    shot(browser, tmp_path, "editor")


def test_changing_the_number_saves_the_file_and_redraws_the_page(desk):
    browser, url, folder, tmp_path = desk
    browser.get(f"{url}/notice/{NAME}")
    wait_for_preview(browser, saved_version(browser))
    before = first_page(browser)
    number = field(browser, "doc_number").find_element(By.TAG_NAME, "input")
    replace_text(number, "晋文旅办发〔2022〕147号")
    WebDriverWait(browser, WAIT).until(
        lambda b: "147号" in (folder / NAME).read_text(encoding="utf-8"))
    wait_for_preview(browser, saved_version(browser))
    after = first_page(browser)
    assert before != after, "改了文号，预览却没有变"
    data = load_bytes((folder / NAME).read_bytes(), NAME).data
    assert data["doc_number"] == "晋文旅办发〔2022〕147号"
    shot(browser, tmp_path, "number-changed")


def test_a_wrong_date_is_shown_at_its_field(desk):
    browser, url, folder, tmp_path = desk
    browser.get(f"{url}/notice/{NAME}")
    date = field(browser, "signature.date")
    replace_text(date.find_element(By.TAG_NAME, "input"), "2022-02-30")
    WebDriverWait(browser, WAIT).until(
        lambda b: "has-error" in field(b, "signature.date").get_attribute("class"))
    message = date.find_element(By.CLASS_NAME, "message").text
    assert "2022-02-30" in message or "日期" in message
    assert "2022-02-30" in (folder / NAME).read_text(encoding="utf-8")  # kept, to be fixed
    shot(browser, tmp_path, "wrong-date")


def test_adding_a_row_to_the_task_table(desk):
    browser, url, folder, tmp_path = desk
    browser.get(f"{url}/notice/{NAME}")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.grid tbody tr")
    rows[0].find_element(By.CSS_SELECTOR, 'button[data-op="insert"]').click()
    WebDriverWait(browser, WAIT).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "table.grid tbody tr")) == len(rows) + 1)
    new_row = browser.find_elements(By.CSS_SELECTOR, "table.grid tbody tr")[1]
    cells = new_row.find_elements(By.TAG_NAME, "textarea")
    replace_text(cells[0], "新增的具体要求")
    WebDriverWait(browser, WAIT).until(
        lambda b: "新增的具体要求" in (folder / NAME).read_text(encoding="utf-8"))
    data = load_bytes((folder / NAME).read_bytes(), NAME).data
    leaves = data["attachments"][0]["table"]["rows"][0]["items"][0]["items"]
    assert leaves[1]["具体要求"] == "新增的具体要求"
    shot(browser, tmp_path, "row-added")


def test_extracts_run_with_progress_and_download(tmp_path):
    folder, downloads = desk_folder(tmp_path), tmp_path / "downloads"
    downloads.mkdir()
    with served(folder) as url, chromium(downloads) as browser:
        browser.get(f"{url}/notice/{NAME}")
        browser.find_element(By.CSS_SELECTOR, 'button[data-action="extract"]').click()
        wait_for_job(browser)
        progress = browser.find_element(By.ID, "job-progress")
        assert progress.get_attribute("value") == progress.get_attribute("max")
        shot(browser, tmp_path, "extracts")
        links = browser.find_elements(By.CSS_SELECTOR, "#job-files a")
        office = next(link for link in links if "办公室" in link.text)
        office.click()
        WebDriverWait(browser, WAIT).until(lambda _: list(downloads.glob("*.pdf")))
        downloaded = next(downloads.glob("*.pdf"))
        assert downloaded.read_bytes().startswith(b"%PDF")
        assert (folder / "output" / SAMPLE.stem / "units" / downloaded.name).exists()


def test_the_check_findings_are_drawn_on_request(desk):
    browser, url, _, tmp_path = desk
    browser.get(f"{url}/notice/{NAME}")
    wait_for_preview(browser, saved_version(browser))
    plain = first_page(browser)
    browser.find_element(By.ID, "show-checks").click()
    WebDriverWait(browser, WAIT).until(
        lambda b: "检查发现" in b.find_element(By.ID, "preview-status").text)
    assert first_page(browser) != plain  # the 版心 and the measured elements are drawn
    shot(browser, tmp_path, "checked")


def test_the_calendar_fills_the_date_field(desk):
    browser, url, folder, tmp_path = desk
    browser.get(f"{url}/notice/{NAME}")
    picker = field(browser, "signature.date").find_element(By.CSS_SELECTOR, "input.picker")
    browser.execute_script(  # what choosing a day in the calendar does
        "arguments[0].value = '2022-06-01';"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", picker)
    WebDriverWait(browser, WAIT).until(
        lambda b: "date: 2022-06-01" in (folder / NAME).read_text(encoding="utf-8"))
    text = field(browser, "signature.date").find_element(By.CSS_SELECTOR, "input.date")
    assert text.get_attribute("value") == "2022-06-01"
    shot(browser, tmp_path, "calendar")


def test_returned_workbooks_dropped_on_the_desk_are_collected(tmp_path):
    from openpyxl import load_workbook

    from docgen.compose.workbook import FIRST_ROW, HEADER_ROW, SHEET

    folder, filled = desk_folder(tmp_path), tmp_path / "filled"
    filled.mkdir()
    with served(folder) as url, chromium() as browser:
        browser.get(f"{url}/notice/{NAME}")
        browser.find_element(By.CSS_SELECTOR, 'button[data-action="extract"]').click()
        wait_for_job(browser)
        books = sorted((folder / "output" / SAMPLE.stem / "units").glob("*.xlsx"))
        returned = []
        for book_path in books[:3]:  # three units report back, the others do not
            book = load_workbook(book_path)
            sheet = book[SHEET]
            report = [cell.value for cell in sheet[HEADER_ROW]].index("落实情况") + 1
            for row in range(FIRST_ROW, sheet.max_row + 1):
                sheet.cell(row, report).value = "已按要求落实。"
            book.save(filled / book_path.name)
            returned.append(str(filled / book_path.name))
        browser.find_element(By.CSS_SELECTOR, "details.collect summary").click()
        browser.find_element(By.ID, "returns").send_keys("\n".join(returned))
        WebDriverWait(browser, WAIT).until(
            lambda b: "已收到 3 个文件" in b.find_element(By.ID, "returns-status").text)
        browser.find_element(By.CSS_SELECTOR, 'button[data-action="collect"]').click()
        wait_for_job(browser)
        messages = browser.find_element(By.ID, "job-messages").text
        assert "3 个单位已报送" in messages, messages
        names = [link.text for link in browser.find_elements(By.CSS_SELECTOR, "#job-files a")]
        assert any("落实情况汇总表" in name and name.endswith(".pdf") for name in names), names
        shot(browser, tmp_path, "collected")
    assert sorted(p.name for p in (folder / "收回" / SAMPLE.stem).iterdir()) == \
        sorted(Path(path).name for path in returned)


def wait_for_job(browser) -> None:
    WebDriverWait(browser, WAIT).until(
        lambda b: b.find_element(By.ID, "job-state").get_attribute("data-state")
        in ("完成", "失败"))
    state = browser.find_element(By.ID, "job-state")
    assert state.text == "完成", browser.find_element(By.ID, "job-messages").text
    browser.execute_script("arguments[0].removeAttribute('data-state')", state)


def test_a_word_file_uploaded_on_the_list_becomes_a_notice_to_review(tmp_path):
    from docgen import api

    folder = tmp_path / "desk"
    folder.mkdir()
    built = api.build(SAMPLE, output=tmp_path / "built", formats=("docx",))
    word = built.files[0].rename(tmp_path / "去年的通知.docx")
    with served(folder) as url, chromium() as browser:
        browser.get(url)
        browser.find_element(By.ID, "import-file").send_keys(str(word))
        WebDriverWait(browser, WAIT).until(lambda b: b.find_elements(By.ID, "imported"))
        shot(browser, tmp_path, "imported")
        browser.find_element(By.ID, "imported").click()
        WebDriverWait(browser, WAIT).until(
            lambda b: b.find_elements(By.CSS_SELECTOR, "table.grid tbody tr"))
        number = field(browser, "doc_number").find_element(By.TAG_NAME, "input")
        assert number.get_attribute("value") == "晋文旅办发〔2022〕46号"
        rows = browser.find_elements(By.CSS_SELECTOR, "table.grid tbody tr")
        assert len(rows) == 25  # the sample's 25 task rows, groups intact
    assert (folder / "去年的通知.yaml").exists()
    assert (folder / "导入" / "去年的通知.docx").read_bytes() == word.read_bytes()


def test_seal_sign_and_archive_from_the_desk(tmp_path):
    from support.pki import PASSWORD, make_pki

    folder = desk_folder(tmp_path)
    (folder / "证书").mkdir()
    pki = make_pki(tmp_path / "pki")
    shutil.copy(pki.root_pem, folder / "证书" / "根证书.pem")
    with served(folder) as url, chromium() as browser:
        browser.get(f"{url}/notice/{NAME}")
        browser.find_element(By.CSS_SELECTOR, 'button[data-action="seal"]').click()
        wait_for_job(browser)
        browser.find_element(By.CSS_SELECTOR, "details.issue summary").click()
        browser.find_element(By.ID, "p12").send_keys(str(pki.p12))
        browser.find_element(By.ID, "p12-password").send_keys(PASSWORD)
        browser.find_element(By.ID, "sign").click()
        wait_for_job(browser)
        signed = [link.text for link in browser.find_elements(By.CSS_SELECTOR, "#job-files a")]
        assert signed and signed[0].endswith("-盖章-签名.pdf"), signed
        browser.find_element(By.ID, "specimen").click()  # the desk seals with the 样章
        browser.find_element(By.CSS_SELECTOR, 'button[data-action="archive"]').click()
        wait_for_job(browser)
        assert "已归档：晋文旅办发〔2022〕46号 第 1 版" in \
            browser.find_element(By.ID, "job-messages").text
        browser.find_element(By.LINK_TEXT, "查看档案").click()
        entries = browser.find_element(By.ID, "archive-entries").text
        assert "晋文旅办发〔2022〕46号" in entries and "测试签发人" in entries
        shot(browser, tmp_path, "archive")
    assert not list(folder.rglob("*.p12")), "the certificate must not stay in the folder"


def test_signers_typed_with_commas_are_saved_as_a_list(desk):
    browser, url, folder, tmp_path = desk
    browser.get(f"{url}/notice/{NAME}")
    replace_text(field(browser, "signers").find_element(By.TAG_NAME, "input"), "张三、李四")
    WebDriverWait(browser, WAIT).until(
        lambda b: "signers: [张三, 李四]" in (folder / NAME).read_text(encoding="utf-8"))
    assert load_bytes((folder / NAME).read_bytes(), NAME).data["signers"] == ["张三", "李四"]
    shot(browser, tmp_path, "signers")
