// The review page's script. Every text that comes from the run (code, model
// output, reasons, paths) reaches the page through `textContent` or
// `new Option(text)`, never through innerHTML: it shows as text whatever it
// holds. Files are rendered when they are opened and come into view, so a
// tree of thousands of files opens as fast as a list of their names.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("xlate-data").textContent);
  const classes = data.classes;
  const files = data.files;
  const storeKey = "xlate-review:" + data.page;
  const $ = (id) => document.getElementById(id);

  // Reviewed marks: those read back into the report, plus this browser's.
  const reviewed = new Set();
  const markKey = (file, unit) => file.src + "\n" + unit.id;
  for (const f of files) for (const u of f.units) if (u.reviewed) reviewed.add(markKey(f, u));
  try {
    const kept = JSON.parse(localStorage.getItem(storeKey) || "[]");
    if (Array.isArray(kept)) for (const k of kept) if (typeof k === "string") reviewed.add(k);
  } catch (e) { /* no storage (private window, file:// policy): marks last this visit */ }
  function saveMarks() {
    try { localStorage.setItem(storeKey, JSON.stringify([...reviewed])); } catch (e) { /* see above */ }
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // Filters.
  const distinct = (values) => [...new Set(values.filter((v) => v))].sort();
  const fill = (select, values) => { for (const v of values) select.add(new Option(v, v)); };
  // Verification levels in the order of strength, as the overview lists them.
  const levelOrder = ["tested", "untested", "compiled", "parsed", "disagrees", "does_not_compile", "not recorded"];
  // A unit's levels: its own and its members' (glue aside); reports from
  // before levels existed have none ("not recorded").
  const levelsOf = (u) => [u].concat(u.members).filter((x) => x.kind !== "glue")
    .map((x) => (x.verification && x.verification.level) || "not recorded");
  for (const f of files) for (const u of f.units) u.levels = levelsOf(u);
  const levels = distinct(files.flatMap((f) => f.units.flatMap((u) => u.levels)))
    .sort((a, b) => levelOrder.indexOf(a) - levelOrder.indexOf(b));
  for (const v of levels) $("f-verify").add(new Option(v.replace(/_/g, " "), v));
  fill($("f-engine"), distinct(files.flatMap((f) => f.units.map((u) => u.engine))));
  fill($("f-lang"), distinct(files.flatMap((f) => [f.lang, f.to])));
  fill($("f-folder"), distinct(files.map((f) => f.folder)));

  function matches(f) {
    const status = $("f-status").value, engine = $("f-engine").value, level = $("f-verify").value;
    if (level && !f.units.some((u) => u.levels.includes(level))) return false;
    const lang = $("f-lang").value, folder = $("f-folder").value;
    const query = $("f-search").value.trim().toLowerCase();
    if (status === "problem" && f.rank >= 3) return false;
    if (status === "failed" && !f.units.some((u) => u.failed)) return false;
    if (status === "translated" && (f.status !== "translated" || f.todo)) return false;
    if (status === "unreviewed" && f.units.every((u) => reviewed.has(markKey(f, u)))) return false;
    if (status === "reviewed" && !f.units.some((u) => reviewed.has(markKey(f, u)))) return false;
    if (engine && !f.units.some((u) => u.engine === engine)) return false;
    if (lang && f.lang !== lang && f.to !== lang) return false;
    if (folder && f.folder !== folder && !f.folder.startsWith(folder + "/")) return false;
    if (query) {
      const hay = [f.src, f.out, ...f.warnings,
        ...f.units.flatMap((u) => [u.name || "", u.kind, u.explanation || "", JSON.stringify(u.verification || ""), ...u.reasons])].join("\n").toLowerCase();
      if (!hay.includes(query)) return false;
    }
    return true;
  }

  // Code: one line element per line, tokens as spans with a class.
  function codeCell(text, hl, from, to) {
    const pre = el("pre", "code");
    if (text === null || text === undefined) {
      pre.append(el("span", "missing", "(file not available)"));
      return pre;
    }
    if (!from) return pre;
    const lines = text.split("\n");
    for (let n = from; n <= to && n <= lines.length; n++) {
      const line = lines[n - 1];
      const row = el("div", "line");
      row.append(el("span", "ln", n));
      const tokens = hl[n - 1] || [];
      let at = 0;
      for (let i = 0; i + 2 < tokens.length; i += 3) {
        const [s, e, c] = [tokens[i], tokens[i + 1], tokens[i + 2]];
        if (s > at) row.append(document.createTextNode(line.slice(at, s)));
        row.append(el("span", "hl-" + classes[c], line.slice(s, e)));
        at = e;
      }
      row.append(document.createTextNode(line.slice(at) + "\n"));
      pre.append(row);
    }
    return pre;
  }

  function unitMeta(f, u) {
    const box = el("div", "unit " + (u.failed ? "failed" : "ok"));
    const mark = el("input");
    mark.type = "checkbox";
    mark.title = "reviewed (x)";
    mark.checked = reviewed.has(markKey(f, u));
    mark.addEventListener("change", () => {
      if (mark.checked) reviewed.add(markKey(f, u)); else reviewed.delete(markKey(f, u));
      saveMarks();
    });
    mark.dataset.key = markKey(f, u);
    box.append(mark);
    box.append(el("b", "name", (u.kind + " " + (u.name || "")).trim()));
    box.append(el("span", "badge " + u.status, u.status));
    box.append(el("span", "lines", "lines " + u.lines[0] + "–" + u.lines[1]));
    if (u.engine) box.append(el("span", "engine", u.engine + (u.model ? " (" + u.model + ")" : "")));
    if (u.score !== null && u.score !== undefined) box.append(el("span", "score", "score " + u.score.toFixed(3)));
    if (u.candidates) box.append(el("span", "cands", u.candidates + " candidates"));
    if (u.change) box.append(el("span", "change", "since last run: " + u.change));
    // Verification (absent from reports written before levels existed).
    for (const [who, v] of [[null, u.verification]].concat(u.members.map((m) => [m.name || m.kind, m.verification]))) {
      if (!v || !v.level) continue;
      const label = (who ? who + ": " : "") + v.level.replace(/_/g, " ");
      box.append(el("span", "badge level level-" + v.level, label + (v.level === "tested" ? " (" + v.agreeing + " inputs agree)" : "")));
      let detail = null;
      if (v.level === "disagrees" && v.counterexample) {
        const c = v.counterexample;
        detail = "counterexample: on " + c.inputs + " the source gives " + c.expected + ", the translation " + c.got;
      } else if (v.level === "does_not_compile") detail = "compiler: " + v.message;
      else if (v.level === "untested") detail = "untested: " + v.why;
      if (detail) box.append(el("div", "verify-detail level-" + v.level, detail));
    }
    if (u.depends.length) box.append(el("span", "depends", "uses failed: " + u.depends.join(", ")));
    // Explanations (`translate --explain`): the unit's, then its members'.
    const explained = [[null, u.explanation]].concat(u.members.map((m) => [m.name || m.kind, m.explanation]))
      .filter(([, text]) => text);
    for (const [who, text] of explained) {
      const p = el("p", "explanation");
      if (who) p.append(el("b", null, who + ": "));
      p.append(document.createTextNode(text));
      box.append(p);
    }
    const reasons = u.reasons.concat(u.members.filter((m) => m.status === "failed")
      .flatMap((m) => m.reasons.map((r) => (m.name || m.kind) + ": " + r)));
    if (reasons.length) {
      const list = el("ul", "reasons");
      for (const r of reasons) list.append(el("li", null, r));
      box.append(list);
    }
    return box;
  }

  function renderBody(section) {
    const f = files[section.dataset.index];
    const body = section.querySelector(".body");
    if (body.dataset.rendered) return;
    body.dataset.rendered = "1";
    if (f.warnings.length) {
      const list = el("ul", "warnings");
      for (const w of f.warnings) list.append(el("li", null, w));
      body.append(list);
    }
    // Highlighting comes as JSON text (see `page_data`): parsed here, once.
    const parsed = (text) => { try { return JSON.parse(text || "[]"); } catch (e) { return []; } };
    const srcHl = parsed(f.srcHl), outHl = parsed(f.outHl);
    const grid = el("div", "grid");
    const head = el("div", "row head");
    head.append(el("div", "side", f.src + " (" + f.lang + ")"), el("div", "side", f.out + " (" + (f.to || "?") + ")"));
    grid.append(head);
    for (const [s0, s1, o0, o1, unitIdx] of f.rows) {
      const row = el("div", "row");
      const units = unitIdx.map((i) => f.units[i]);
      if (units.length) {
        row.classList.add("units");
        if (units.some((u) => u.failed)) row.classList.add("has-failure");
        const meta = el("div", "meta");
        for (const u of units) meta.append(unitMeta(f, u));
        row.append(meta);
      }
      row.append(codeCell(f.srcText, srcHl, s0, s1), codeCell(f.outText, outHl, o0, o1));
      grid.append(row);
    }
    body.append(grid);
  }

  // Bodies of open files render when they come near the viewport.
  const observer = "IntersectionObserver" in window
    ? new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) { renderBody(e.target); observer.unobserve(e.target); }
    }, { rootMargin: "800px" })
    : null;

  function setOpen(section, open) {
    section.classList.toggle("open", open);
    if (open) renderBody(section);
  }

  function fileSection(f, index, open) {
    const section = el("section", "file rank" + f.rank);
    section.dataset.index = index;
    const header = el("h2", "file-head");
    header.tabIndex = 0;
    header.append(el("span", "badge " + f.status, f.status));
    if (f.todo) header.append(el("span", "badge todo", "TODO(xlate)"));
    if (f.refuted) header.append(el("span", "badge failed", "disagrees or does not compile"));
    if (f.units.some((u) => u.depends.length)) header.append(el("span", "badge depends", "uses failed units"));
    if (f.change) header.append(el("span", "badge change", f.change));
    header.append(el("span", "path", f.src), el("span", "arrow", " → "), el("span", "path", f.out));
    const failed = f.units.filter((u) => u.failed).length;
    header.append(el("span", "counts", f.units.length + " units, " + failed + " failed"));
    header.addEventListener("click", () => setOpen(section, !section.classList.contains("open")));
    section.append(header, el("div", "body"));
    if (open) {
      section.classList.add("open");
      if (observer) observer.observe(section); else renderBody(section);
    }
    return section;
  }

  let shown = [];
  let cursor = { file: -1, row: -1 };
  function render() {
    const list = $("files");
    list.textContent = "";
    shown = [];
    const eager = files.length <= 50;
    const frag = document.createDocumentFragment();
    files.forEach((f, i) => {
      if (!matches(f)) return;
      const section = fileSection(f, i, f.rank < 3);
      shown.push(section);
      frag.append(section);
      if (eager && f.rank < 3) renderBody(section);
    });
    list.append(frag);
    $("count").textContent = shown.length + " of " + files.length + " files";
    cursor = { file: -1, row: -1 };
  }

  for (const id of ["f-status", "f-verify", "f-engine", "f-lang", "f-folder"]) $(id).addEventListener("change", render);
  let pending = 0;
  $("f-search").addEventListener("input", () => { clearTimeout(pending); pending = setTimeout(render, 150); });

  $("export").addEventListener("click", () => {
    const marks = [...reviewed].sort().map((k) => {
      const cut = k.indexOf("\n");
      return { file: k.slice(0, cut), unit: k.slice(cut + 1) };
    });
    const blob = new Blob([JSON.stringify({ reviewed: marks }, null, 2) + "\n"], { type: "application/json" });
    const a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = "xlate-reviewed.json";
    document.body.append(a);
    a.click();
    a.remove();
  });

  // Keyboard: j/k unit rows, n next failure, x reviewed, o open, / search.
  function rowsOf(fileIdx) {
    const section = shown[fileIdx];
    setOpen(section, true);
    return section.querySelectorAll(".row.units");
  }
  function focusRow(fileIdx, rowIdx) {
    document.querySelectorAll(".row.current").forEach((r) => r.classList.remove("current"));
    const rows = rowsOf(fileIdx);
    const row = rows[rowIdx];
    if (!row) return;
    cursor = { file: fileIdx, row: rowIdx };
    row.classList.add("current");
    row.scrollIntoView({ block: "center" });
  }
  function step(dir, want) {
    let { file, row } = cursor;
    if (file < 0) { file = dir > 0 ? 0 : shown.length - 1; row = dir > 0 ? -1 : Infinity; }
    for (let guard = 0; file >= 0 && file < shown.length && guard < 100000; guard++) {
      const rows = (!want || files[shown[file].dataset.index].units.some(want)) ? rowsOf(file) : [];
      row = Math.min(row, rows.length);
      for (let r = row + dir; r >= 0 && r < rows.length; r += dir) {
        if (!want || rows[r].classList.contains("has-failure")) { focusRow(file, r); return; }
      }
      file += dir;
      row = dir > 0 ? -1 : Infinity;
    }
  }
  document.addEventListener("keydown", (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "j") step(1);
    else if (e.key === "k") step(-1);
    else if (e.key === "n") step(1, (u) => u.failed);
    else if (e.key === "x" && cursor.file >= 0) {
      const row = rowsOf(cursor.file)[cursor.row];
      if (row) for (const box of row.querySelectorAll("input[type=checkbox]")) {
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change"));
      }
    } else if (e.key === "o" && cursor.file >= 0) {
      const s = shown[cursor.file];
      setOpen(s, !s.classList.contains("open"));
    } else if (e.key === "/") { e.preventDefault(); $("f-search").focus(); }
    else return;
  });

  // Filters from the address (`#status=failed&q=parse`), so that a view
  // can be shared as a link (and tested without a keyboard).
  const fromHash = new URLSearchParams(location.hash.slice(1));
  const controls = { status: "f-status", verify: "f-verify", engine: "f-engine", lang: "f-lang", folder: "f-folder", q: "f-search" };
  for (const [param, id] of Object.entries(controls)) {
    const value = fromHash.get(param);
    if (value === null) continue;
    const control = $(id);
    if (control instanceof HTMLSelectElement && ![...control.options].some((o) => o.value === value)) continue;
    control.value = value;
  }

  render();
  // When the page could be used, for the measurements in the README.
  document.body.dataset.readyMs = String(Math.round(performance.now()));
})();
