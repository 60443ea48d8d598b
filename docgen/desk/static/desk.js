// docgen 工作台: every change is saved at once (with the version it was made on) and the
// preview is rebuilt a moment after the last one.
"use strict";
const csrf = document.querySelector('meta[name="docgen-csrf"]').content;

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: {"Content-Type": "application/json", "X-Docgen-Desk": csrf},
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  return {ok: response.ok, status: response.status, data};
}

const newForm = document.getElementById("new-notice");
if (newForm) {
  newForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await post("/api/new", {name: newForm.elements.name.value});
    if (result.ok) location.href = result.data.url;
    else newForm.querySelector(".error").textContent = result.data.error || "新建失败";
  });
}

const importFile = document.getElementById("import-file");
if (importFile) {
  importFile.addEventListener("change", async () => {
    const status = document.getElementById("import-status");
    const form = new FormData();
    form.append("file", importFile.files[0]);
    status.textContent = "导入中…";
    const response = await fetch("/api/import", {
      method: "POST", headers: {"X-Docgen-Desk": csrf}, body: form});
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { status.textContent = data.error || `导入失败（${response.status}）`; return; }
    status.innerHTML = "";
    const link = document.createElement("a");
    link.href = data.url;
    link.id = "imported";
    link.textContent = `已导入为 ${data.name}，有 ${data.marks.length} 处待定、待核：打开核对`;
    status.append(link);
  });
}

const editor = document.querySelector("main.editor");
if (editor) {
  const name = editor.dataset.name;
  const api = `/api/notice/${encodeURIComponent(name)}`;
  const status = document.getElementById("save-status");
  let previewTimer = null;
  let saving = Promise.resolve();

  function showFindings(findings) {
    document.querySelectorAll(".has-error").forEach((el) => el.classList.remove("has-error"));
    document.querySelectorAll(".message").forEach((el) => { el.textContent = ""; });
    const list = document.getElementById("finding-list");
    list.innerHTML = "";
    document.getElementById("finding-count").textContent = findings.length;
    for (const finding of findings) {
      const item = document.createElement("li");
      item.className = finding.severity === "错误" ? "bad" : "warn";
      const link = document.createElement("a");
      link.href = "#";
      link.dataset.jump = finding.path;
      link.textContent = finding.place;
      link.title = finding.path;
      item.append(link, `：${finding.message}`);
      list.append(item);
      const holder = nearestField(finding.path);
      if (holder) {
        holder.classList.add("has-error");
        const message = holder.querySelector(".message");
        if (message) message.textContent += (message.textContent ? "；" : "") + finding.message;
      }
    }
  }

  function nearestField(path) {
    // the field of the path, or of its nearest ancestor shown on the page
    let here = path;
    while (here) {
      const el = document.querySelector(`[data-field="${CSS.escape(here)}"]`);
      if (el) return el;
      const cut = Math.max(here.lastIndexOf("."), here.lastIndexOf("["));
      here = cut > 0 ? here.slice(0, cut) : "";
    }
    return null;
  }

  document.addEventListener("click", (event) => {
    const jump = event.target.closest("[data-jump]");
    if (!jump) return;
    event.preventDefault();
    const holder = nearestField(jump.dataset.jump);
    const input = holder && holder.querySelector("input, textarea");
    if (holder) holder.scrollIntoView({block: "center"});
    if (input) input.focus();
  });

  async function send(edits, reload) {
    saving = saving.then(async () => {
      status.textContent = "保存中…";
      const result = await post(`${api}/edit`, {version: editor.dataset.version, edits});
      if (result.ok) {
        editor.dataset.version = result.data.version;
        status.textContent = "已保存";
        showFindings(result.data.findings);
        if (reload) { location.reload(); return; }
        schedulePreview();
      } else {
        status.textContent = result.data.error || `保存失败（${result.status}）`;
        status.classList.add("error");
      }
    });
    return saving;
  }

  editor.addEventListener("change", (event) => {
    const input = event.target;
    if (input.classList.contains("picker")) {  // the calendar fills the text field beside it
      const text = document.getElementById(input.dataset.for);
      text.value = input.value;
      text.dispatchEvent(new Event("change", {bubbles: true}));
      return;
    }
    if (input.classList.contains("column-name")) {
      const table = JSON.parse(input.closest(".columns").dataset.table);
      send([{op: "rename_column", path: table, value: {old: input.dataset.old, new: input.value}}],
           true);
      return;
    }
    if (!input.dataset || !input.dataset.path) return;
    const path = JSON.parse(input.dataset.path);
    let value = input.type === "checkbox" ? (input.checked ? "true" : "false") : input.value;
    if (input.dataset.kind === "list") value = value.split(/[、，,;；\s]+/).filter(Boolean);
    else if (value === "") value = null;
    send([{op: "set", path, value}], false);
  });

  editor.addEventListener("click", (event) => {
    const itemButton = event.target.closest("button[data-item-op]");
    if (itemButton) {
      const item = JSON.parse(itemButton.closest("[data-item]").dataset.item);
      if (itemButton.dataset.itemOp === "insert") {
        send([{op: "insert", path: [item[0], item[1] + 1], value: "（新段落）"}], true);
      } else {
        send([{op: "delete", path: item}], true);
      }
      return;
    }
    const button = event.target.closest("button[data-op]");
    if (!button) return;
    const row = JSON.parse(button.closest("tr").dataset.row);
    const op = button.dataset.op;
    if (op === "insert") {
      const next = [...row.slice(0, -1), row[row.length - 1] + 1];
      send([{op: "insert", path: next, value: {}}], true);
    } else {
      send([{op, path: row, by: Number(button.dataset.by || 0)}], true);
    }
  });

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(loadPreview, 300);
  }

  async function loadPreview() {
    const previewStatus = document.getElementById("preview-status");
    previewStatus.textContent = "预览生成中…";
    const checked = document.getElementById("show-checks").checked;
    const response = await fetch(`${api}/preview?checked=${checked}`);
    const data = await response.json();
    if (data.version !== editor.dataset.version) { schedulePreview(); return; }
    const pages = document.getElementById("pages");
    if (data.error) {
      previewStatus.textContent = "无法预览：" + data.error;
      return;
    }
    pages.innerHTML = "";
    data.pages.forEach((url, index) => {
      const img = document.createElement("img");
      img.src = url;
      img.alt = `第 ${index + 1} 页`;
      pages.append(img);
    });
    pages.dataset.version = data.version;
    previewStatus.textContent = `共 ${data.pages.length} 页` +
      (checked ? `，检查发现 ${data.findings.length} 处` : "");
  }

  document.querySelectorAll("button[data-action]").forEach((button) => {
    button.addEventListener("click", () => runJob(button.dataset.action, null));
  });

  async function signWithKey() {
    const key = document.getElementById("p12").files[0];
    const form = new FormData();
    if (key) form.append("p12", key);
    form.append("password", document.getElementById("p12-password").value);
    return runJob("sign", async () => {
      const response = await fetch(`${api}/sign`, {
        method: "POST", headers: {"X-Docgen-Desk": csrf}, body: form});
      return {ok: response.ok, status: response.status,
              data: await response.json().catch(() => ({}))};
    });
  }
  document.getElementById("sign").addEventListener("click", signWithKey);

  async function runJob(action, start) {
    const panel = document.getElementById("job");
    const progress = document.getElementById("job-progress");
    const state = document.getElementById("job-state");
    const files = document.getElementById("job-files");
    const messages = document.getElementById("job-messages");
    panel.hidden = false;
    files.innerHTML = "";
    messages.textContent = "";
    await saving;
    const against = document.getElementById("diff-against")?.value;
    const asOf = document.getElementById("as-of")?.value || null;
    const chase = document.getElementById("chase")?.checked || false;
    const acceptUntrusted = document.getElementById("accept-untrusted")?.checked || false;
    const specimen = document.getElementById("specimen")?.checked || false;
    let result = await (start || (() => post(`${api}/jobs`, {
      action, against, as_of: asOf, chase, accept_untrusted: acceptUntrusted, specimen})))();
    if (!result.ok) { state.textContent = result.data.error || result.data.detail; return; }
    let job = result.data;
    while (job.state === "排队中" || job.state === "进行中") {
      progress.max = job.total; progress.value = job.done;
      state.textContent = `${job.state}（${job.done}/${job.total}）`;
      await new Promise((resolve) => setTimeout(resolve, 400));
      job = await (await fetch(`/api/jobs/${job.id}`)).json();
    }
    progress.max = job.total; progress.value = job.done;
    state.textContent = job.state;
    state.dataset.state = job.state;
    for (const file of job.files) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "/files/" + file.split("/").map(encodeURIComponent).join("/");
      link.textContent = file;
      link.setAttribute("download", "");
      item.append(link);
      files.append(item);
    }
    if (job.open) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = job.open.startsWith("/") ? job.open : `/notice/${encodeURIComponent(job.open)}`;
      link.textContent = job.open === "/archive" ? "查看档案" : `打开 ${job.open}`;
      item.append(link);
      files.append(item);
    }
    messages.textContent = [job.error, ...job.messages].filter(Boolean).join("\n");
  }

  const returns = document.getElementById("returns");
  async function sendReturns(files) {
    const form = new FormData();
    for (const file of files) form.append("files", file);
    const statusLine = document.getElementById("returns-status");
    statusLine.textContent = "上传中…";
    const response = await fetch(`${api}/returns`, {
      method: "POST", headers: {"X-Docgen-Desk": csrf}, body: form});
    const data = await response.json().catch(() => ({}));
    statusLine.textContent = [
      data.stored && data.stored.length ? `已收到 ${data.stored.length} 个文件：${data.stored.join("、")}` : "",
      ...(data.refused || []), data.error || ""].filter(Boolean).join("；");
  }
  returns.addEventListener("change", () => sendReturns(returns.files));
  const drop = returns.closest(".drop");
  drop.addEventListener("dragover", (event) => event.preventDefault());
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    sendReturns(event.dataTransfer.files);
  });

  document.getElementById("show-checks").addEventListener("change", loadPreview);
  showFindings(JSON.parse(document.getElementById("finding-data")?.textContent || "null") || []);
  loadPreview();
}
