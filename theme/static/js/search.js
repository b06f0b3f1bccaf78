/* Search page: a small UI on Pagefind's JS API. pagefind.js is imported only when the visitor
   focuses the form or arrives with a query (?q=, ?rubrik=, ?kecamatan= make a search shareable).
   Excerpts keep Pagefind's <mark> highlights; every other character is inserted as text. */
(function () {
  "use strict";
  var form = document.getElementById("cari");
  if (!form) return;
  var input = form.elements.q;
  var selects = form.querySelectorAll("select[data-filter]");
  var status = document.getElementById("cari-status");
  var list = document.getElementById("cari-hasil");
  var more = document.getElementById("cari-lagi");
  var text = JSON.parse(document.getElementById("cari-teks").textContent);
  var PAGE = 10;
  var pagefind = null;
  var results = [];
  var shown = 0;
  var run = 0;

  // The index is split into shards (plugins/search_index), newest first: the newest one is
  // Pagefind's primary bundle, the others are merged into it (one result list, one ranking).
  function load() {
    if (!pagefind) {
      var shards = JSON.parse(form.dataset.shards || "[]");
      var base = new URL(form.dataset.site, location.href).pathname;
      var options = function (shard) {
        return { baseUrl: base, excerptLength: 24, metaCacheTag: shard[1] };
      };
      pagefind = !shards.length ? Promise.reject(new Error("no index")) :
        import(form.dataset.bundle + shards[0][0] + "/pagefind.js").then(function (pf) {
          return pf.options(options(shards[0])).then(function () {
            return pf.init();
          }).then(function () {
            return Promise.all(shards.slice(1).map(function (shard) {
              return pf.mergeIndex(form.dataset.bundle + shard[0] + "/", options(shard));
            }));
          }).then(function () {
            return pf;
          });
        });
      pagefind.catch(function () {
        pagefind = null;
        say(text.error);
      });
    }
    return pagefind;
  }

  function say(message) {
    status.textContent = message;
  }

  function fill(template, q, n) {
    return template.replace("{n}", String(n)).replace("{q}", function () { return "“" + q + "”"; });
  }

  function state() {
    var filters = {};
    var params = new URLSearchParams();
    var q = input.value.trim();
    if (q) params.set("q", q);
    selects.forEach(function (s) {
      if (s.value) {
        filters[s.dataset.filter] = [s.value];
        params.set(s.name, s.value);
      }
    });
    return { q: q, filters: filters, query: params.toString() };
  }

  function search(debounce) {
    var s = state();
    var mine = ++run;
    var url = location.pathname + (s.query ? "?" + s.query : "");
    history.replaceState(null, "", url);
    if (!s.q && !Object.keys(s.filters).length) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      say("");
      return;
    }
    say(text.loading);
    load().then(function (pf) {
      var options = { filters: s.filters };
      var pending = debounce ? pf.debouncedSearch(s.q || null, options, 300) : pf.search(s.q || null, options);
      return pending.then(function (found) {
        if (!found || mine !== run) return;
        results = found.results;
        shown = 0;
        list.replaceChildren();
        say(s.q ? fill(results.length ? text.count : text.none, s.q, results.length) : fill(text.all, "", results.length));
        return page();
      });
    }).catch(function () {
      if (mine === run) say(text.error);
    });
  }

  function page() {
    var slice = results.slice(shown, shown + PAGE);
    shown += slice.length;
    more.hidden = shown >= results.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
      items.forEach(function (item) { list.appendChild(render(item)); });
    });
  }

  var decoder = document.createElement("textarea");

  function excerpt(html, into) {
    html.split(/(<mark>[\s\S]*?<\/mark>)/).forEach(function (part) {
      var marked = part.indexOf("<mark>") === 0;
      // A detached <textarea> parses its content as text: entities are decoded, no tag is created.
      decoder.innerHTML = marked ? part.slice(6, -7) : part;
      var plain = decoder.value;
      if (!plain) return;
      if (marked) {
        var mark = document.createElement("mark");
        mark.textContent = plain;
        into.appendChild(mark);
      } else {
        into.appendChild(document.createTextNode(plain));
      }
    });
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function render(item) {
    var li = element("li", "result");
    var title = element("h2", "result-title");
    var link = element("a", "", item.meta.title || item.url);
    link.href = item.url;
    title.appendChild(link);
    li.appendChild(title);
    var facts = [];
    var f = item.filters || {};
    if (f.rubrik) facts.push(f.rubrik.join(", "));
    if (f.kecamatan) facts.push(text.kecamatan + " " + f.kecamatan.join(", "));
    var meta = element("p", "meta");
    if (item.meta.tanggal) {
      var time = element("time", "", item.meta.tanggal);
      if (item.meta.waktu) time.dateTime = item.meta.waktu;
      meta.appendChild(time);
      if (facts.length) meta.appendChild(document.createTextNode(" · "));
    }
    meta.appendChild(document.createTextNode(facts.join(" · ")));
    li.appendChild(meta);
    var p = element("p", "result-excerpt");
    excerpt(item.excerpt || "", p);
    li.appendChild(p);
    return li;
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  selects.forEach(function (s) {
    var wanted = params.get(s.name);
    if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) {
      s.value = wanted;
    }
  });

  form.addEventListener("focusin", load, { once: true });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(false);
  });
  input.addEventListener("input", function () { search(true); });
  selects.forEach(function (s) {
    s.addEventListener("change", function () { search(false); });
  });
  more.addEventListener("click", function () {
    var first = shown;
    page().then(function () {
      var next = list.children[first];
      if (next) next.querySelector("a").focus();
    });
  });
  if (state().query) search(false);
})();
