/*
 * The "Agenda" collection's file format, code and preview (content/agenda/<kode>.toml).
 *
 * A new agenda file is the one `invoke agenda-new` writes (same template, comments included,
 * rendered by plugins/reach and embedded in /admin/index.html); an edited file keeps every
 * comment, blank line and untouched value, only the changed `key = value` lines are rewritten.
 * `updated` is set to the save time (WIB) and `sequence` goes up by one when the start, end or
 * place changes, as the README asks of staff editing by hand. Requires newsroom.js.
 */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var cms = window.NewsroomCms;

  var KEYS = [
    "title", "start", "end", "place", "kecamatan", "kelurahan", "unit", "description", "contact",
    "visibility", "updated", "sequence"
  ];
  var RESCHEDULE = ["start", "end", "place"];
  var DEFAULT_HOURS = 2; // `invoke agenda-new`: the end defaults to two hours after the start
  var LINE_RE = /^(\s*)([A-Za-z_][A-Za-z0-9_-]*)(\s*=\s*)(.*)$/;
  var VALUE_RES = [
    [/^"((?:[^"\\]|\\.)*)"(\s*#.*)?$/, function (m) { return JSON.parse('"' + m[1] + '"'); }],
    [/^'([^']*)'(\s*#.*)?$/, function (m) { return m[1]; }],
    [/^([+-]?\d+)(\s*#.*)?$/, function (m) { return parseInt(m[1], 10); }],
    [/^(true|false)(\s*#.*)?$/, function (m) { return m[1] === "true"; }]
  ];

  function unsupported(line, number) {
    return new Error(
      "Baris " + number + " berkas agenda tidak bisa dibaca CMS (" + line.trim() + "): hanya " +
      "`kolom = \"teks\"` atau angka. Perbaiki berkasnya lewat git lalu muat ulang."
    );
  }

  // Each `key = value` line: where it is and its value; comments and blank lines are skipped.
  function parse(text) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var entries = {};
    lines.forEach(function (line, i) {
      if (!line.trim() || /^\s*#/.test(line)) return;
      var m = LINE_RE.exec(line);
      if (!m) throw unsupported(line, i + 1);
      for (var j = 0; j < VALUE_RES.length; j++) {
        var v = VALUE_RES[j][0].exec(m[4]);
        if (v) {
          entries[m[2]] = { index: i, value: VALUE_RES[j][1](v), comment: v[2] || "" };
          return;
        }
      }
      throw unsupported(line, i + 1);
    });
    return { lines: lines, entries: entries };
  }

  // TOML basic string, exactly as reach.scaffold.quote writes it.
  function quote(value) {
    return '"' + String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }

  function template() {
    var node = document.querySelector("#newsroom-agenda-template");
    return window.NewsroomAgendaTemplate || (node ? JSON.parse(node.textContent) : "");
  }

  function fromFile(text) {
    var parsed = parse(text);
    var data = { _source: String(text) };
    Object.keys(parsed.entries).forEach(function (key) {
      var value = parsed.entries[key].value;
      data[key] = typeof value === "string" || key === "sequence" ? value : String(value);
    });
    return data;
  }

  function toFile(data, now) {
    var source = data._source || template();
    var parsed = parse(source);
    var old = data._source ? parsed.entries : {};
    var values = {};
    KEYS.forEach(function (key) { values[key] = cms.oneLine(data[key]); });
    if (!values.end && cms.parseWib(values.start)) {
      values.end = cms.formatWib(new Date(cms.parseWib(values.start).getTime() + DEFAULT_HOURS * 3600 * 1000));
    }
    values.visibility = values.visibility || "public";
    values.updated = cms.formatWib(now || new Date());
    var sequence = parseInt(data.sequence, 10) || 0;
    var moved = data._source && RESCHEDULE.some(function (key) {
      return cms.oneLine(old[key] ? old[key].value : "") !== values[key];
    });
    values.sequence = moved ? sequence + 1 : sequence;
    var lines = parsed.lines.slice();
    KEYS.forEach(function (key) {
      var value = values[key];
      var encoded = key === "sequence" ? String(value) : quote(value);
      var at = parsed.entries[key];
      if (at) {
        if (at.value === value) return; // untouched lines stay byte for byte
        var m = LINE_RE.exec(lines[at.index]);
        lines[at.index] = m[1] + m[2] + m[3] + encoded + at.comment;
      } else if (value !== "" && !(key === "sequence" && value === 0)) { // absent = 0
        while (lines.length && lines[lines.length - 1] === "") lines.pop();
        lines.push(key + " = " + encoded, "");
      }
    });
    return lines.join("\n");
  }

  CMS.registerCustomFormat("agenda-toml", "toml", { fromFile: fromFile, toFile: function (data) { return toFile(data); } });

  // Pelican's slugify as `invoke agenda-new` calls it (reach/scaffold.py): ASCII, lower case,
  // [^\w\s-] removed, runs of spaces and dashes -> "-", at most 50 characters.
  function slugify(title) {
    var ascii = String(title || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x00-\x7f]/g, "");
    return ascii.replace(/[^\w\s-]/g, "").replace(/[-\s]+/g, "-").toLowerCase().trim()
      .slice(0, 50).replace(/^-+|-+$/g, "");
  }

  function agendaCode(title, start) {
    var when = cms.parseWib(start);
    if (!when || !slugify(title)) return "";
    return cms.formatWib(when).slice(0, 10) + "-" + slugify(title);
  }

  // The agenda code (file name) of a new item, computed like `invoke agenda-new` just before
  // the first save (the collection's slug is {{fields.kode}}); an existing file keeps its name.
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      if (entry.get("collection") !== "agenda" || !entry.get("newRecord")) return undefined;
      var data = entry.get("data");
      return data.set("kode", agendaCode(data.get("title"), data.get("start")));
    }
  });

  // Preview: the item as staff will recognise it, with its code (stories cite it as
  // `Agenda: <kode>`).
  var AgendaPreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      var get = function (key) { return cms.oneLine(entry.getIn(["data", key])); };
      var code = entry.get("slug") || agendaCode(get("title"), get("start"));
      return h("article", { className: "agenda-item" }, [
        h("h1", { key: "title" }, get("title")),
        h("p", { key: "when" }, [get("start"), get("end")].filter(Boolean).join(" – ") + " WIB"),
        h("p", { key: "where" }, [get("place"), get("kelurahan"), get("kecamatan")].filter(Boolean).join(", ")),
        h("p", { key: "description" }, get("description")),
        h("p", { key: "code" }, "Kode agenda: " + (code || "— isi nama kegiatan dan waktu mulai —"))
      ]);
    }
  });
  CMS.registerPreviewTemplate("agenda", AgendaPreview);

  window.NewsroomAgenda = { fromFile: fromFile, toFile: toFile, agendaCode: agendaCode, slugify: slugify };
})();
