/*
 * Newsroom additions to Decap CMS (served from /admin/, no third-party code):
 * - the "pelican" format: reads and writes Pelican's `Key: value` header exactly as
 *   plugins/newsroom/header.py parses it, in the README's field order;
 * - the "kelurahan" widget (only the chosen kecamatan's kelurahan, validated), the "ringkasan"
 *   widget (summary with a length counter) and the "wib" widget (date and time as WIB wall-clock
 *   text, whatever the device's time zone);
 * - the live preview styled with the site's own CSS.
 */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;

  // Data key -> header key, in the order the README documents. "photos" expands to the lead
  // photo's Image* keys; further photos go at the end of the body as image paragraphs.
  var HEADER = [
    ["title", "Title"], ["slug", "Slug"], ["date", "Date"], ["modified", "Modified"], ["summary", "Summary"],
    ["category", "Category"], ["kecamatan", "Kecamatan"], ["kelurahan", "Kelurahan"],
    ["tags", "Tags"], ["author", "Author"], ["photographer", "Photographer"], ["unit", "Unit"],
    ["photos", null], ["video", "Video"], ["draft", "Status"], ["syndicate", "Syndicate"]
  ];
  var PHOTO_KEYS = { image: "file", imagealt: "alt", imagecaption: "caption", imagecredit: "credit" };
  var KEY_RE = /^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]?(.*)$/;
  var PHOTO_PARAGRAPH_RE = /\n*!\[([^\]]*)\]\(<?([^\s)>]+)>?(?:\s+"((?:[^"\\]|\\.)*)")?\)\s*$/;

  function oneLine(value) {
    return String(value == null ? "" : value).replace(/\s+/g, " ").trim();
  }

  function fileName(path) {
    return oneLine(path).split("/").pop();
  }

  function splitCaption(title) {
    var match = /^(.*?)\s*\(([^()]*)\)$/.exec(title || "");
    return match ? { caption: match[1], credit: match[2] } : { caption: title || "", credit: "" };
  }

  function joinCaption(photo) {
    var credit = oneLine(photo.credit);
    return [oneLine(photo.caption), credit ? "(" + credit + ")" : ""].filter(Boolean).join(" ");
  }

  function fromFile(text) {
    var lines = String(text).replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
    var byKey = {};
    HEADER.forEach(function (pair) { if (pair[1]) byKey[pair[1].toLowerCase()] = pair[0]; });
    var data = { photos: [] };
    var extra = [];
    var order = [];
    var lead = {};
    var last = null;
    var start = lines.length;
    for (var i = 0; i < lines.length; i++) {
      var raw = lines[i];
      if (!raw.trim()) { start = i + 1; break; }
      if (raw.charAt(0) === "#") continue;
      var match = KEY_RE.exec(raw);
      if (match) {
        last = { name: match[1], value: match[2].trim() };
        var key = last.name.toLowerCase();
        order.push(last.name);
        var isDraft = key === "status" && /^(draft|draf)$/i.test(last.value);
        if (byKey[key] && (key !== "status" || isDraft)) { last.target = ["data", byKey[key]]; }
        else if (PHOTO_KEYS[key]) { last.target = ["lead", PHOTO_KEYS[key]]; }
        else { last.target = ["extra", extra.length]; extra.push([last.name, ""]); }
      } else if (last && (raw.charAt(0) === " " || raw.charAt(0) === "\t")) {
        last.value = (last.value + " " + raw.trim()).trim();
      } else { start = i; break; }
      if (last) {
        if (last.target[0] === "data") data[last.target[1]] = last.value;
        else if (last.target[0] === "lead") lead[last.target[1]] = last.value;
        else extra[last.target[1]][1] = last.value;
      }
    }
    var body = lines.slice(start).join("\n");
    var trailing = [];
    var found;
    while ((found = PHOTO_PARAGRAPH_RE.exec(body))) {
      var parts = splitCaption((found[3] || "").replace(/\\"/g, '"'));
      trailing.unshift({ file: found[2], alt: found[1], caption: parts.caption, credit: parts.credit });
      body = body.slice(0, found.index);
    }
    if (lead.file) data.photos.push(lead);
    data.photos = data.photos.concat(trailing);
    data.body = body.replace(/\s+$/, "");
    if (typeof data.draft === "string") data.draft = true;
    if (typeof data.syndicate === "string") {
      var value = data.syndicate.trim().toLowerCase();
      data.syndicate = !value || value === "semua" ? [] : value.split(/\s*,\s*/);
    }
    if (extra.length) data._extra = extra;
    data._order = order;
    return data;
  }

  function toFile(data) {
    var lines = [];
    function put(key, value) {
      value = oneLine(value);
      if (value) lines.push(key + ": " + value);
    }
    var photos = (data.photos || []).filter(function (p) { return p && p.file; });
    HEADER.forEach(function (pair) {
      var name = pair[0];
      var value = data[name];
      if (name === "photos") {
        var lead = photos[0];
        if (lead) {
          put("Image", fileName(lead.file));
          put("ImageAlt", lead.alt);
          put("ImageCaption", lead.caption);
          put("ImageCredit", lead.credit);
        }
      } else if (name === "draft") {
        if (value === true) put("Status", "draft");
      } else if (name === "syndicate") {
        var channels = Array.isArray(value) ? value : [];
        put("Syndicate", channels.indexOf("tidak") >= 0 ? "tidak" : channels.join(", "));
      } else if (name === "date" || name === "modified") {
        put(pair[1], value instanceof Date ? formatWib(value) : value);
      } else if (pair[1]) {
        put(pair[1], value);
      }
    });
    (data._extra || []).forEach(function (pair) { put(pair[0], pair[1]); });
    // An edited file keeps its own field order; new fields follow in the README's order.
    var order = (data._order || []).map(function (k) { return k.toLowerCase(); });
    var rank = function (line) {
      var at = order.indexOf(line.slice(0, line.indexOf(":")).toLowerCase());
      return at < 0 ? order.length : at;
    };
    lines = lines.map(function (line, i) { return [rank(line), i, line]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (item) { return item[2]; });
    var body = String(data.body || "").replace(/\r\n?/g, "\n").replace(/^\s*\n/, "").replace(/\s+$/, "");
    var paragraphs = photos.slice(1).map(function (p) {
      var title = joinCaption(p).replace(/"/g, '\\"');
      return "![" + oneLine(p.alt) + "](" + fileName(p.file) + (title ? ' "' + title + '"' : "") + ")";
    });
    var text = [body].concat(paragraphs).filter(Boolean).join("\n\n");
    return lines.join("\n") + "\n\n" + text + "\n";
  }

  // WIB is UTC+7 all year (no daylight saving): an instant as WIB wall-clock text, computed from
  // UTC so the device's own time zone never matters.
  var WIB_OFFSET_MS = 7 * 3600 * 1000;
  var WIB_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function formatWib(date) {
    var wib = new Date(date.getTime() + WIB_OFFSET_MS);
    return wib.getUTCFullYear() + "-" + pad(wib.getUTCMonth() + 1) + "-" + pad(wib.getUTCDate()) +
      " " + pad(wib.getUTCHours()) + ":" + pad(wib.getUTCMinutes());
  }

  // "YYYY-MM-DD HH:mm" (WIB) -> the instant, or null when the text is not a real date and time.
  function parseWib(text) {
    var m = WIB_RE.exec(String(text || ""));
    if (!m) return null;
    var date = new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5]) - WIB_OFFSET_MS);
    return formatWib(date) === m[0] ? date : null;
  }

  CMS.registerCustomFormat("pelican", "md", { fromFile: fromFile, toFile: toFile });

  function currentKecamatan(props) {
    var entry = props.getEntry ? props.getEntry() : props.entry;
    return entry ? entry.getIn(["data", "kecamatan"]) || "" : "";
  }

  // Date and time typed and stored as WIB wall-clock text ("YYYY-MM-DD HH:mm"): a
  // datetime-local input has no time zone, so the device's zone never shifts the value. With
  // `default_now`, a new entry starts at the current WIB time.
  var WibControl = window.createClass({
    componentDidMount: function () {
      if (!this.props.value && this.props.field.get("default_now")) {
        this.props.onChange(formatWib(new Date()));
      }
    },
    isValid: function () {
      var value = this.props.value || "";
      if (!value || parseWib(value)) return true;
      return { error: { type: "CUSTOM", message: "Tanggal dan jam tidak sah: tulis seperti 2026-11-20 09:30 (WIB)." } };
    },
    render: function () {
      var props = this.props;
      var value = props.value || "";
      return h("div", { className: props.classNameWrapper, style: { display: "flex", gap: "0.5rem", alignItems: "center" } }, [
        h("input", {
          key: "input",
          id: props.forID,
          type: "datetime-local",
          style: { border: 0, font: "inherit", background: "transparent" },
          value: value.replace(" ", "T"),
          onChange: function (event) { props.onChange(event.target.value.replace("T", " ").slice(0, 16)); },
          onFocus: props.setActiveStyle,
          onBlur: props.setInactiveStyle
        }),
        h("span", { key: "zone" }, "WIB"),
        h("button", {
          key: "now",
          type: "button",
          onClick: function () { props.onChange(formatWib(new Date())); }
        }, "Sekarang")
      ]);
    }
  });

  // Decap does not re-render a widget when another field changes, so the kecamatan select
  // announces its new value and the kelurahan list redraws itself from the live entry.
  var KECAMATAN_EVENT = "newsroom:kecamatan";

  function nativeSelect(props, options, extra) {
    return h("select", Object.assign({
      id: props.forID,
      className: props.classNameWrapper,
      value: props.value || "",
      onFocus: props.setActiveStyle,
      onBlur: props.setInactiveStyle
    }, extra), options);
  }

  var KecamatanControl = window.createClass({
    render: function () {
      var props = this.props;
      var names = props.field.get("options").toJS();
      var options = [h("option", { key: "", value: "" }, "— pilih kecamatan —")].concat(
        names.map(function (name) { return h("option", { key: name, value: name }, name); }));
      return nativeSelect(props, options, {
        onChange: function (event) {
          props.onChange(event.target.value);
          window.setTimeout(function () {
            window.dispatchEvent(new window.CustomEvent(KECAMATAN_EVENT));
          }, 0);
        }
      });
    }
  });

  var KelurahanControl = window.createClass({
    componentDidMount: function () {
      this.redraw = this.forceUpdate.bind(this, undefined);
      window.addEventListener(KECAMATAN_EVENT, this.redraw);
    },
    componentWillUnmount: function () {
      window.removeEventListener(KECAMATAN_EVENT, this.redraw);
    },
    isValid: function () {
      var value = this.props.value || "";
      if (!value) return true;
      var wilayah = this.props.field.get("wilayah").toJS();
      var kecamatan = currentKecamatan(this.props);
      var list = wilayah[kecamatan] || [];
      if (list.indexOf(value) >= 0) return true;
      var home = Object.keys(wilayah).filter(function (k) { return wilayah[k].indexOf(value) >= 0; });
      var message = kecamatan
        ? "Kelurahan " + value + " ada di Kecamatan " + (home[0] || "lain") + ", bukan " + kecamatan +
          " — ganti Kecamatan atau pilih kelurahan lain."
        : "Pilih kecamatan dulu.";
      return { error: { type: "CUSTOM", message: message } };
    },
    render: function () {
      var props = this.props;
      var wilayah = props.field.get("wilayah").toJS();
      var chosen = currentKecamatan(props);
      var value = props.value || "";
      var list = wilayah[chosen] || [];
      var options = [h("option", { key: "", value: "" }, chosen ? "— tidak diisi —" : "— pilih kecamatan dulu —")];
      options = options.concat(list.map(function (kel) { return h("option", { key: kel, value: kel }, kel); }));
      if (value && list.indexOf(value) < 0) {
        // Kept visible (and rejected by isValid) when the kecamatan changed after choosing.
        options.push(h("option", { key: "stale:" + value, value: value },
          value + (chosen ? " (bukan di Kecamatan " + chosen + ")" : "")));
      }
      return nativeSelect(props, options, {
        disabled: !chosen && !value,
        onChange: function (event) { props.onChange(event.target.value); }
      });
    }
  });

  var RingkasanControl = window.createClass({
    isValid: function () {
      var max = this.props.field.get("max");
      var length = oneLine(this.props.value).length;
      if (length <= max) return true;
      return { error: { type: "CUSTOM", message: "Ringkasan " + length + " karakter; paling banyak " + max + "." } };
    },
    render: function () {
      var props = this.props;
      var max = props.field.get("max");
      var length = oneLine(props.value).length;
      return h("div", { className: props.classNameWrapper }, [
        h("textarea", {
          key: "text",
          id: props.forID,
          rows: 3,
          style: { width: "100%", border: 0, font: "inherit", resize: "vertical" },
          value: props.value || "",
          onChange: function (event) { props.onChange(event.target.value); },
          onFocus: props.setActiveStyle,
          onBlur: props.setInactiveStyle
        }),
        h("p", {
          key: "count",
          "aria-live": "polite",
          "data-counter": "ringkasan",
          style: { margin: 0, color: length > max ? "#b00020" : "#555" }
        }, length + "/" + max + " karakter")
      ]);
    }
  });

  function textPreview(props) {
    return h("p", {}, props.value || "");
  }

  CMS.registerWidget("kecamatan", KecamatanControl, textPreview);
  CMS.registerWidget("kelurahan", KelurahanControl, textPreview);
  CMS.registerWidget("ringkasan", RingkasanControl, textPreview);
  CMS.registerWidget("wib", WibControl, function (props) {
    return h("p", {}, props.value ? props.value + " WIB" : "");
  });

  var css = document.querySelector('meta[name="newsroom-site-css"]');
  if (css) CMS.registerPreviewStyle(css.getAttribute("content"));

  var BeritaPreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      var get = function (key) { return entry.getIn(["data", key]) || ""; };
      return h("article", { className: "story" }, [
        h("p", { key: "rubrik", className: "story-rubrik" }, get("category")),
        h("h1", { key: "title" }, get("title")),
        h("p", { key: "meta", className: "story-meta" },
          [get("kecamatan"), get("kelurahan"), get("date") ? get("date") + " WIB" : ""].filter(Boolean).join(" · ")),
        h("p", { key: "summary", className: "story-summary" }, get("summary")),
        h("div", { key: "body", className: "story-body" }, this.props.widgetFor("body"))
      ]);
    }
  });
  CMS.registerPreviewTemplate("berita", BeritaPreview);

  window.NewsroomCms = {
    fromFile: fromFile, toFile: toFile, formatWib: formatWib, parseWib: parseWib, oneLine: oneLine
  };
})();
