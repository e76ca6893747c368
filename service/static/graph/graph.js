/* The workshop's graph page: views, filters, search, side panel, path finder, exports.
 *
 * All data comes from this server's JSON (`graph/data`, `graph/node`, `graph/search`,
 * `graph/path`); all URLs are relative, so the page works under any mount point and with
 * no network. A view is drawn once; a filter asks the server which ids stay visible and
 * hides the rest in place, so the picture keeps its shape while it is narrowed.
 */
(function () {
  "use strict";

  var TEXT = {
    fi: {
      home: "lanka", title: "Verkkonäkymä", view_strategy: "Strategiapuu",
      view_actors: "Toimijaverkosto", view_legal: "Lakikartta", view_all: "Kaikki",
      view_neighbourhood: "Lähiverkko", present: "Esitystila", switch_lang: "English",
      search: "Hae nimellä", search_placeholder: "esim. JANE", filters: "Rajaa",
      gaps_only: "Näytä vain puutteet", theme: "Teema", group: "Kohderyhmä",
      owner: "Vastuutaho", plan: "Suunnitelma", kind: "Laji", all: "kaikki",
      clear_filters: "Poista rajaukset", relayout: "Asettele näkyvät", path_title: "Miten A liittyy B:hen?",
      path_from: "Mistä", path_to: "Mihin", path_find: "Etsi yhteys", path_clear: "Tyhjennä",
      export: "Vie", graph_aria: "Verkko", close: "Sulje", loading: "Ladataan…",
      nodes: "solmua", edges: "yhteyttä", gaps: "puutetta", no_path: "Yhteyttä ei löytynyt.",
      path_pick: "Valitse ensin molemmat päät ehdotuksista.", path_n: "Lyhin yhteys",
      steps: "askelta", other_paths: "muuta yhtä lyhyttä polkua",
      other_names: "Muut nimet", description: "Kuvaus", values: "Tiedot", sources: "Lähteet",
      links: "Yhteydet", open_page: "Avaa asian sivu", neighbourhood: "Näytä lähiverkko",
      expand: "Laajenna", path_start: "Polun alku", path_end: "Polun loppu",
      gap_no_owner: "Puute: toimenpiteellä ei ole vastuutahoa.",
      gap_no_indicator: "Puute: toimenpiteellä ei ole mittaria.",
      dangling: "Viitattu, mutta aineisto ei kuvaa tätä asiaa.",
      legend_gap: "puute", legend_curated: "kuratoitu yhteys", more_links: "lisää yhteyksiä",
      hidden_more: "piilossa", error: "Virhe", none: "–", in_view: "näkymässä",
      legend: { strategy: "visio ja painopisteet", objective: "tavoitteet", plan: "suunnitelmat",
        measure: "toimenpiteet", indicator: "mittarit", actor: "toimijat", ngo: "järjestöt",
        municipality: "kunnat", law: "lait", duty: "velvoitteet", concept: "käsitteet",
        other: "muut" },
    },
    en: {
      home: "lanka", title: "Graph view", view_strategy: "Strategy tree",
      view_actors: "Actor network", view_legal: "Legal map", view_all: "Everything",
      view_neighbourhood: "Neighbourhood", present: "Presentation", switch_lang: "suomeksi",
      search: "Search by name", search_placeholder: "e.g. JANE", filters: "Filter",
      gaps_only: "Show only gaps", theme: "Theme", group: "Population group",
      owner: "Owner", plan: "Plan", kind: "Kind", all: "all",
      clear_filters: "Clear filters", relayout: "Lay out the visible", path_title: "How is A connected to B?",
      path_from: "From", path_to: "To", path_find: "Find the connection", path_clear: "Clear",
      export: "Export", graph_aria: "Graph", close: "Close", loading: "Loading…",
      nodes: "nodes", edges: "links", gaps: "gaps", no_path: "No connection found.",
      path_pick: "Pick both ends from the suggestions first.", path_n: "Shortest connection",
      steps: "steps", other_paths: "other paths as short",
      other_names: "Other names", description: "Description", values: "Details",
      sources: "Sources", links: "Links", open_page: "Open the entity's page",
      neighbourhood: "Show the neighbourhood", expand: "Expand", path_start: "Path from here",
      path_end: "Path to here",
      gap_no_owner: "Gap: the measure has no owner.",
      gap_no_indicator: "Gap: the measure has no metric.",
      dangling: "Referred to, but the data does not describe this entity.",
      legend_gap: "gap", legend_curated: "curated link", more_links: "more links",
      hidden_more: "hidden", error: "Error", none: "–", in_view: "in view",
      legend: { strategy: "vision and priorities", objective: "objectives", plan: "plans",
        measure: "measures", indicator: "metrics", actor: "actors", ngo: "NGOs",
        municipality: "municipalities", law: "laws", duty: "duties", concept: "concepts",
        other: "other" },
    },
  };

  var GROUPS = {
    strategy: { color: "#7a1f2b", shape: "round-rectangle",
      kinds: ["Vision", "Mission", "Value", "Priority"] },
    objective: { color: "#d1495b", shape: "round-rectangle",
      kinds: ["Objective", "MainObjective", "Enabler", "NationalObjective"] },
    plan: { color: "#3b3f46", shape: "rectangle",
      kinds: ["Strategy", "Plan", "Programme", "OperatingModel"] },
    measure: { color: "#2e6da4", shape: "ellipse", kinds: ["Measure"] },
    indicator: { color: "#2f8f5b", shape: "diamond", kinds: ["Indicator"] },
    ngo: { color: "#8e44ad", shape: "hexagon", kinds: ["NGO", "UmbrellaOrganisation"] },
    municipality: { color: "#16a085", shape: "hexagon", kinds: ["Municipality"] },
    law: { color: "#59606b", shape: "rectangle", kinds: ["Act", "Regulation", "Section"] },
    duty: { color: "#a0693b", shape: "round-tag", kinds: ["LegalDuty"] },
    concept: { color: "#8a9a9b", shape: "ellipse",
      kinds: ["Theme", "PopulationGroup", "FocusArea", "Concept", "GrantCriterion"] },
    other: { color: "#b08d2a", shape: "octagon",
      kinds: ["GrantProgramme", "MonitoringArrangement", "Recommendation"] },
    actor: { color: "#e08e0b", shape: "hexagon", kinds: [] },
  };
  var GROUP_OF = {};
  Object.keys(GROUPS).forEach(function (g) {
    GROUPS[g].kinds.forEach(function (k) { GROUP_OF[k] = g; });
  });

  function groupOf(data) {
    if (GROUP_OF[data.kind]) return GROUP_OF[data.kind];
    return data.actor ? "actor" : "other";
  }

  var params = new URLSearchParams(location.search);
  var state = {
    lang: params.get("lang") === "en" ? "en" : (localStorage.getItem("lanka-lang") || "fi"),
    view: params.get("view") || "strategy",
    entity: params.get("entity") || null,
    present: params.get("present") === "1",
    facets: {},
    expanded: {},
    pathEnds: { from: null, to: null },
    selected: null,
    actorKinds: {},
    removed: null,
  };
  if (state.lang !== "en") state.lang = "fi";

  var cy = null;
  var api = {
    state: state,
    timings: {},
    ready: null,
    cy: function () { return cy; },
  };
  window.lanka = api;

  function t(key) { return TEXT[state.lang][key]; }

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          var message = body && body.error ? body.error[state.lang] : response.statusText;
          throw new Error(message);
        }
        return body;
      });
    });
  }

  function showStatus(text) { $("status").textContent = text; }

  function nextFrame() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () { requestAnimationFrame(resolve); });
    });
  }

  // ---- query string of the current view and filters -------------------------------------
  function filterParams() {
    var q = new URLSearchParams();
    q.set("view", state.view);
    if (state.view === "neighbourhood" && state.entity) q.set("entity", state.entity);
    ["theme", "group", "owner", "plan"].forEach(function (facet) {
      var value = document.querySelector('select[data-facet="' + facet + '"]').value;
      if (value) q.append(facet, value);
    });
    var checked = Array.prototype.slice.call(document.querySelectorAll("#kinds input:checked"));
    var all = document.querySelectorAll("#kinds input");
    if (checked.length && checked.length < all.length) {
      checked.forEach(function (box) { q.append("kind", box.value); });
    }
    if ($("gaps").checked) q.set("gaps", "true");
    return q;
  }

  function updateExportLinks() {
    ["graphml", "gexf"].forEach(function (fmt) {
      var q = filterParams();
      q.set("format", fmt);
      q.set("lang", state.lang);
      var link = $("export-" + fmt);
      link.href = "graph/export?" + q.toString();
      link.setAttribute("download", "lanka-" + state.view + "." + fmt);
    });
  }

  // ---- styles ---------------------------------------------------------------------------
  var LARGE = 1500;
  var MAX_LABEL = 42;

  /* One stylesheet of plain mappers: colour and shape come with each node's data, so a
   * 5,000-node view needs no per-kind selectors; labels are cut to length beforehand. */
  function styles(large) {
    var big = state.present;
    var font = big ? 20 : 11;
    return [
      { selector: "node", style: {
        label: "data(label)", "font-size": font, color: "#1d2733", "text-valign": "bottom",
        "text-margin-y": 3, "min-zoomed-font-size": large ? 9 : (big ? 6 : 7),
        "background-color": "data(color)", shape: "data(shape)", width: "data(size)",
        height: "data(size)", "border-width": 1, "border-color": "#ffffff",
        "text-background-color": "#ffffff", "text-background-opacity": large ? 0 : 0.7,
        "text-background-padding": 1 } },
      { selector: "edge", style: {
        width: big ? 2.5 : 1.3, "line-color": "#b5b0aa", "target-arrow-color": "#b5b0aa",
        "target-arrow-shape": large ? "none" : "triangle", "curve-style": large ? "haystack" : "straight",
        "arrow-scale": big ? 1.1 : 0.8 } },
      { selector: "edge[?curated]", style: { "line-style": "dashed" } },
      { selector: "node[?gap]", style: {
        "border-width": big ? 5 : 3, "border-color": "#e0001b", "border-style": "dashed" } },
      { selector: "node[?dangling]", style: {
        "background-color": "#ffffff", "border-width": 2, "border-color": "#777",
        "border-style": "dotted" } },
      { selector: "node[?focus]", style: { width: big ? 52 : 36, height: big ? 52 : 36,
        "font-weight": "bold" } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#f0a500",
        "border-style": "solid" } },
      { selector: ".faded", style: { opacity: 0.12 } },
      { selector: "node.path", style: { "border-width": big ? 7 : 5, "border-color": "#f0a500",
        "border-style": "solid", "z-index": 20, "font-weight": "bold", "min-zoomed-font-size": 0 } },
      { selector: "edge.path", style: { width: big ? 7 : 5, "line-color": "#f0a500",
        "target-arrow-color": "#f0a500", "target-arrow-shape": "triangle", "curve-style": "straight",
        "z-index": 20, label: "data(label)", "font-size": font, "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.85 } },
      { selector: "edge.hover", style: { label: "data(label)", "font-size": font,
        "text-rotation": "autorotate", "text-background-color": "#fff",
        "text-background-opacity": 0.85, "line-color": "#666", "target-arrow-color": "#666" } },
    ];
  }

  function shortLabel(text) {
    return text.length > MAX_LABEL ? text.slice(0, MAX_LABEL - 1) + "…" : text;
  }

  /* Colour, shape, size and the label in the page's language, written into each node. */
  function dress(node) {
    var group = GROUPS[groupOf(node)];
    var big = state.present;
    var planLike = node.kind === "Strategy" || node.kind === "Plan";
    node.color = group.color;
    node.shape = group.shape;
    node.size = planLike ? (big ? 46 : 30) : (big ? 34 : 22);
    node.label = shortLabel(node["label_" + state.lang]);
    return node;
  }

  /* A layered tree (dagre) when the strategy view is small enough to read as one, a
   * force-directed layout (fcose) otherwise; "Lay out the visible" applies the tree to
   * what a filter leaves. */
  function layoutFor(view, count, tree) {
    if (view === "strategy" && (tree || count <= 150) && count <= LARGE) {
      return { name: "dagre", rankDir: "BT", nodeSep: 14, rankSep: 80, animate: false };
    }
    if (view === "neighbourhood") {
      return { name: "fcose", quality: "default", animate: false, randomize: true,
        nodeRepulsion: 9000, idealEdgeLength: 110, nodeSeparation: 90 };
    }
    return { name: "fcose", quality: count > LARGE ? "draft" : "default", animate: false,
      randomize: true, nodeRepulsion: 6500, idealEdgeLength: view === "strategy" ? 60 : 70,
      packComponents: count <= LARGE, numIter: 2500 };
  }

  /* Layouts draw on Math.random; a fixed seed gives the same picture of the same data every
   * time, so a printed poster matches the wall screen. */
  function seeded(run) {
    var saved = Math.random;
    var s = 20260101;
    Math.random = function () {
      s = (s + 0x6d2b79f5) | 0;
      var x = Math.imul(s ^ (s >>> 15), 1 | s);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    try { run(); } finally { Math.random = saved; }
  }

  function runLayout(layout) {
    var done = new Promise(function (resolve) { layout.one("layoutstop", resolve); });
    seeded(function () { layout.run(); });
    return done;
  }

  function relayout() {
    if (!cy) return Promise.resolve();
    var visible = cy.elements(":visible");
    var layout = visible.layout(layoutFor(state.view, visible.nodes().length, true));
    return runLayout(layout).then(function () { cy.fit(visible, 30); return nextFrame(); });
  }

  function labelElements(elements) {
    var lang = state.lang;
    elements.nodes.forEach(function (n) { dress(n.data); });
    elements.edges.forEach(function (e) { e.data.label = e.data["label_" + lang]; });
    return elements;
  }

  function relabel() {
    if (!cy) return;
    var lang = state.lang;
    var all = cy.elements().union(state.removed);
    cy.batch(function () {
      all.nodes().forEach(function (n) { n.data("label", shortLabel(n.data("label_" + lang))); });
      all.edges().forEach(function (e) { e.data("label", e.data("label_" + lang)); });
    });
  }

  // ---- drawing a view ---------------------------------------------------------------------
  function render(body) {
    var drawStarted = performance.now();
    var elements = labelElements(body.elements);
    var count = elements.nodes.length;
    var large = count > LARGE;
    if (state.entity && state.view === "neighbourhood") {
      elements.nodes.forEach(function (n) { if (n.data.id === state.entity) n.data.focus = true; });
    }
    if (cy) cy.destroy();
    state.removed = null;
    cy = cytoscape({
      container: $("cy"),
      elements: elements,
      style: styles(large),
      layout: { name: "preset" },
      minZoom: 0.03,
      maxZoom: 4,
      wheelSensitivity: 0.3,
      textureOnViewport: large,
      hideEdgesOnViewport: large,
      pixelRatio: large ? 1 : "auto",
      boxSelectionEnabled: false,
    });
    state.removed = cy.collection();
    bindGraphEvents();
    var started = performance.now();
    api.timings.elements = started - drawStarted;
    return runLayout(cy.layout(layoutFor(state.view, count))).then(function () {
      api.timings.layout = performance.now() - started;
      cy.fit(undefined, 30);
      if (cy.zoom() > 1.6) {  // a handful of nodes: keep them at reading size, centred
        cy.zoom(1.6);
        cy.center();
      }
      return nextFrame();
    });
  }

  function loadView(view, entity) {
    state.view = view;
    if (entity !== undefined) state.entity = entity;
    state.expanded = {};
    var started = performance.now();
    showStatus(t("loading"));
    markViewButtons();
    var q = new URLSearchParams({ view: view });
    if (view === "neighbourhood" && state.entity) q.set("entity", state.entity);
    return getJson("graph/data?" + q.toString()).then(function (body) {
      api.timings.fetch = performance.now() - started;
      state.facets = body.facets;
      body.elements.nodes.forEach(function (n) { if (n.data.actor) state.actorKinds[n.data.kind] = true; });
      fillFilters(body.facets);
      return render(body).then(function () {
        api.timings.render = performance.now() - started;
        updateCounts(body.counts);
        updateExportLinks();
        writeUrl();
        if (state.selected && cy.getElementById(state.selected).nonempty()) {
          cy.getElementById(state.selected).select();
        }
      });
    }).catch(function (error) { showStatus(t("error") + ": " + error.message); throw error; });
  }

  function writeUrl() {
    var q = new URLSearchParams();
    q.set("view", state.view);
    if (state.view === "neighbourhood" && state.entity) q.set("entity", state.entity);
    if (state.lang === "en") q.set("lang", "en");
    if (state.present) q.set("present", "1");
    history.replaceState(null, "", "graph?" + q.toString());
  }

  function updateCounts(counts) {
    showStatus(counts.nodes + " " + t("nodes") + " · " + counts.edges + " " + t("edges") +
      " · " + counts.gaps + " " + t("gaps"));
  }

  function markViewButtons() {
    document.querySelectorAll("#views button").forEach(function (b) {
      b.setAttribute("aria-current", b.dataset.view === state.view ? "true" : "false");
    });
    document.querySelector('#views button[data-view="neighbourhood"]').disabled =
      !state.entity;
  }

  // ---- filters ------------------------------------------------------------------------
  function optionLabel(option) { return option["label_" + state.lang]; }

  function fillFilters(facets) {
    ["theme", "group", "owner", "plan"].forEach(function (facet) {
      var select = document.querySelector('select[data-facet="' + facet + '"]');
      var keep = select.value;
      select.textContent = "";
      select.appendChild(el("option", { value: "", text: "– " + t("all") + " –" }));
      (facets[facet] || []).slice().sort(function (a, b) {
        return optionLabel(a).localeCompare(optionLabel(b), state.lang);
      }).forEach(function (o) {
        select.appendChild(el("option", { value: o.value, text: optionLabel(o) + " (" + o.count + ")" }));
      });
      select.value = keep;
      if (select.value !== keep) select.value = "";
      select.disabled = !(facets[facet] || []).length;
    });
    var box = $("kinds");
    var checked = {};
    box.querySelectorAll("input").forEach(function (i) { checked[i.value] = i.checked; });
    box.textContent = "";
    (facets.kind || []).slice().sort(function (a, b) {
      return optionLabel(a).localeCompare(optionLabel(b), state.lang);
    }).forEach(function (o) {
      var group = GROUPS[GROUP_OF[o.value] || (isActorKind(o.value) ? "actor" : "other")];
      var input = el("input", { type: "checkbox", value: o.value });
      input.checked = checked[o.value] !== undefined ? checked[o.value] : true;
      box.appendChild(el("label", {}, [input,
        el("span", { class: "swatch", style: "background:" + group.color }),
        optionLabel(o), el("span", { class: "count", text: String(o.count) })]));
    });
  }

  function isActorKind(kind) { return !!state.actorKinds[kind]; }

  var filterSeq = 0;
  function applyFilters() {
    var seq = ++filterSeq;
    var started = performance.now();
    var q = filterParams();
    q.set("ids", "true");
    updateExportLinks();
    if (state.view === "neighbourhood") {
      q.set("cap", "500");
    }
    return getJson("graph/data?" + q.toString()).then(function (body) {
      if (seq !== filterSeq || !cy) return;
      var nodes = {};
      var edges = {};
      body.nodes.forEach(function (id) { nodes[id] = true; });
      body.edges.forEach(function (id) { edges[id] = true; });
      showOnly(nodes, edges);
      updateCounts(body.counts);
      return nextFrame().then(function () { api.timings.filter = performance.now() - started; });
    }).catch(function (error) { showStatus(t("error") + ": " + error.message); });
  }

  /* Filtered-out elements are taken out of the graph and put back later: on a 5,000-node
   * view that is several times faster than hiding them by style, and they come back to the
   * places they had. */
  function showOnly(nodes, edges) {
    var removed = state.removed;
    var backNodes = removed.nodes().filter(function (n) { return nodes[n.id()] || n.data("focus"); });
    backNodes.restore();
    var backEdges = removed.edges().filter(function (e) {
      return edges[e.id()] && cy.hasElementWithId(e.data("source")) && cy.hasElementWithId(e.data("target"));
    });
    backEdges.restore();
    var kept = removed.difference(backNodes).difference(backEdges);
    var goEdges = cy.edges().filter(function (e) { return !edges[e.id()]; }).remove();
    var goNodes = cy.nodes().filter(function (n) { return !nodes[n.id()] && !n.data("focus"); }).remove();
    state.removed = kept.union(goEdges).union(goNodes);
  }

  /* An element by id, put back into the graph when a filter had taken it out. */
  function element(id) {
    var found = cy.getElementById(id);
    if (found.nonempty()) return found;
    var out = state.removed.getElementById(id);
    if (out.empty()) return out;
    if (out.isEdge()) {
      element(out.data("source"));
      element(out.data("target"));
    }
    state.removed = state.removed.difference(out);
    return out.restore();
  }

  function clearFilters() {
    document.querySelectorAll("select[data-facet]").forEach(function (s) { s.value = ""; });
    document.querySelectorAll("#kinds input").forEach(function (i) { i.checked = true; });
    $("gaps").checked = false;
    return applyFilters();
  }

  // ---- search with suggestions ------------------------------------------------------------
  function attachSuggest(input, onPick) {
    var list = input.parentNode.querySelector(".suggestions");
    var timer = null;
    var items = [];
    var active = -1;
    function close() { list.hidden = true; active = -1; }
    function show(results) {
      items = results;
      list.textContent = "";
      results.forEach(function (r, i) {
        var inView = cy && cy.getElementById(r.id).nonempty();
        var li = el("li", { role: "option", "data-id": r.id }, [r["label_" + state.lang],
          el("small", { text: r["kind_" + state.lang] + (inView ? " · " + t("in_view") : "") })]);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(i);
        });
        list.appendChild(li);
      });
      list.hidden = !results.length;
      active = -1;
    }
    function pick(i) {
      var r = items[i];
      if (!r) return;
      input.value = r["label_" + state.lang];
      input.dataset.id = r.id;
      close();
      onPick(r);
    }
    input.addEventListener("input", function () {
      delete input.dataset.id;
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { close(); return; }
      timer = setTimeout(function () {
        getJson("graph/search?" + new URLSearchParams({ q: q, limit: "12" })).then(function (b) {
          if (input.value.trim() === q) show(b.results);
        });
      }, 120);
    });
    input.addEventListener("keydown", function (event) {
      var lis = list.querySelectorAll("li");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!lis.length) return;
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : -1) + lis.length) % lis.length;
        lis.forEach(function (li, i) { li.setAttribute("aria-selected", i === active ? "true" : "false"); });
      } else if (event.key === "Enter") {
        event.preventDefault();
        pick(active >= 0 ? active : 0);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function focusEntity(id) {
    var node = cy && element(id);
    if (node && node.nonempty()) {
      cy.elements().unselect();
      node.select();
      cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.1) }, { duration: 250 });
      return openPanel(id);
    }
    return loadView("neighbourhood", id).then(function () { return openPanel(id); });
  }

  // ---- side panel -------------------------------------------------------------------------
  function entityLink(id, label) {
    var a = el("a", { class: "entity", href: "#", "data-id": id, text: label });
    a.addEventListener("click", function (event) { event.preventDefault(); focusEntity(id); });
    return a;
  }

  function openPanel(id) {
    state.selected = id;
    return getJson("graph/node?" + new URLSearchParams({ iri: id })).then(function (card) {
      api.lastCard = card;
      drawPanel(card);
    }).catch(function (error) {
      var node = cy && cy.getElementById(id);
      drawPanel(null, node && node.nonempty() ? node.data() : { id: id }, error);
    });
  }

  function drawPanel(card, nodeData, error) {
    var panel = $("panel");
    var body = $("panel-body");
    body.textContent = "";
    if (panel.hidden) {
      panel.hidden = false;
      if (cy) cy.resize();
    }
    var lang = state.lang;
    var other = lang === "fi" ? "en" : "fi";
    if (!card) {
      body.appendChild(el("h2", { text: (nodeData && nodeData["label_" + lang]) || nodeData.id }));
      body.appendChild(el("p", { class: "iri", text: nodeData.id }));
      if (nodeData.dangling) body.appendChild(el("p", { class: "gap", text: t("dangling") }));
      else if (error) body.appendChild(el("p", { text: t("error") + ": " + error.message }));
      return;
    }
    body.appendChild(el("h2", { text: card.labels[lang] }));
    body.appendChild(el("p", { class: "kind", text: card.kind_labels[lang] }));
    if (card.labels[other] && card.labels[other] !== card.labels[lang]) {
      body.appendChild(el("p", { lang: other, text: card.labels[other] }));
    }
    card.gaps.forEach(function (gap) {
      body.appendChild(el("p", { class: "gap", text: t(gap === "no-owner" ? "gap_no_owner" : "gap_no_indicator") }));
    });
    var desc = card.descriptions[lang] || card.descriptions[other];
    if (desc) {
      body.appendChild(el("h3", { text: t("description") }));
      body.appendChild(el("p", { text: desc }));
    }
    if (card.alt_labels.length) {
      body.appendChild(el("h3", { text: t("other_names") }));
      body.appendChild(el("ul", {}, card.alt_labels.map(function (a) { return el("li", { text: a.text }); })));
    }
    var values = card.values.filter(function (v) { return !v.lang || v.lang === lang || !card.values.some(function (w) { return w.property === v.property && w.lang === lang; }); });
    if (values.length) {
      body.appendChild(el("h3", { text: t("values") }));
      body.appendChild(el("ul", {}, values.map(function (v) {
        return el("li", {}, [el("span", { class: "rel", text: v.labels[lang] + ": " }), v.text]);
      })));
    }
    var actions = el("div", { class: "row" });
    var nb = el("button", { type: "button", text: t("neighbourhood") });
    nb.addEventListener("click", function () { loadView("neighbourhood", card.id).then(function () { openPanel(card.id); }); });
    actions.appendChild(nb);
    if (state.view === "neighbourhood" && cy && cy.getElementById(card.id).nonempty()) {
      var more = cy.getElementById(card.id).data("more");
      var ex = el("button", { type: "button", id: "expand", text: t("expand") + (more ? " (+" + more + ")" : "") });
      ex.addEventListener("click", function () { expand(card.id); });
      actions.appendChild(ex);
    }
    var from = el("button", { type: "button", text: t("path_start") });
    from.addEventListener("click", function () { setPathEnd("from", card); });
    var to = el("button", { type: "button", text: t("path_end") });
    to.addEventListener("click", function () { setPathEnd("to", card); });
    actions.appendChild(from);
    actions.appendChild(to);
    body.appendChild(actions);
    if (card.links.length) {
      body.appendChild(el("h3", { text: t("links") + " (" + card.links.length + ")" }));
      var shown = card.links.slice(0, 60);
      body.appendChild(el("ul", {}, shown.map(function (l) {
        var rel = l.relation_labels[lang];
        return el("li", {}, l.outgoing
          ? [el("span", { class: "rel", text: rel + " → " }), entityLink(l.id, l.labels[lang])]
          : [entityLink(l.id, l.labels[lang]), el("span", { class: "rel", text: " → " + rel })]);
      })));
      if (card.links.length > shown.length) {
        body.appendChild(el("p", { class: "more", text: "+" + (card.links.length - shown.length) + " " + t("more_links") }));
      }
    }
    if (card.sources.length) {
      body.appendChild(el("h3", { text: t("sources") }));
      body.appendChild(el("ul", {}, card.sources.map(function (s) {
        var doc = s.document_title[lang];
        return el("li", { text: s.title + (doc ? " — " + doc : "") });
      })));
    }
    body.appendChild(el("p", {}, [el("a", { href: card.page, text: t("open_page") })]));
    body.appendChild(el("p", { class: "iri", text: card.id }));
  }

  // ---- neighbourhood expansion ------------------------------------------------------------
  function expand(id) {
    var step = (state.expanded[id] || 0) + 1;
    var offset = id === state.entity ? step * 25 : (step - 1) * 25;
    var q = new URLSearchParams({ view: "neighbourhood", entity: id, cap: "25", offset: String(offset) });
    return getJson("graph/data?" + q.toString()).then(function (body) {
      state.expanded[id] = step;
      var elements = labelElements(body.elements);
      var origin = cy.getElementById(id).position();
      var added = cy.collection();
      cy.batch(function () {
        elements.nodes.forEach(function (n) {
          var existing = element(n.data.id);
          if (existing.nonempty()) {
            if (n.data.id === id) existing.data("more", n.data.more || 0);
            return;
          }
          var angle = added.length * 2.4;
          n.position = { x: origin.x + Math.cos(angle) * 60, y: origin.y + Math.sin(angle) * 60 };
          added = added.union(cy.add(n));
        });
        elements.edges.forEach(function (e) {
          if (element(e.data.id).empty()) added = added.union(cy.add(e));
        });
      });
      var layout = cy.layout({ name: "fcose", randomize: false, animate: false, quality: "default",
        nodeRepulsion: 9000, idealEdgeLength: 110 });
      return runLayout(layout).then(function () {
        cy.fit(undefined, 30);
        updateCounts({ nodes: cy.nodes().length, edges: cy.edges().length,
          gaps: cy.nodes("[?gap]").length });
        return openPanel(id);
      });
    });
  }

  // ---- the path finder --------------------------------------------------------------------
  function setPathEnd(which, entity) {
    var input = $(which === "from" ? "path-from" : "path-to");
    input.value = entity.labels ? entity.labels[state.lang] : entity["label_" + state.lang];
    input.dataset.id = entity.id;
  }

  function clearPath() {
    if (cy) cy.elements().removeClass("path faded");
    $("path-result").textContent = "";
  }

  function findPath() {
    var source = $("path-from").dataset.id;
    var target = $("path-to").dataset.id;
    clearPath();
    if (!source || !target) {
      $("path-result").appendChild(el("li", { text: t("path_pick") }));
      return Promise.resolve();
    }
    var view = state.view === "neighbourhood" ? "all" : state.view;
    var switching = state.view === "neighbourhood" ? loadView("all") : Promise.resolve();
    return switching.then(function () {
      return getJson("graph/path?" + new URLSearchParams({ view: view, source: source, target: target }));
    }).then(function (body) {
      var result = $("path-result");
      if (!body.paths.length) {
        result.appendChild(el("li", { text: t("no_path") }));
        return;
      }
      var first = body.paths[0];
      var eles = cy.collection();
      first.nodes.forEach(function (id) { eles = eles.union(element(id)); });
      first.edges.forEach(function (id) { eles = eles.union(element(id)); });
      cy.batch(function () {
        cy.elements().addClass("faded");
        eles.removeClass("faded").addClass("path");
      });
      cy.animate({ fit: { eles: eles, padding: 60 } }, { duration: 300 });
      first.nodes.forEach(function (id, i) {
        var node = cy.getElementById(id);
        var parts = [entityLink(id, node.data("label_" + state.lang) || id)];
        if (i > 0) {
          var rels = first.edges.filter(function (e) {
            var edge = cy.getElementById(e);
            return edge.nonempty() && ((edge.data("source") === id && edge.data("target") === first.nodes[i - 1]) ||
              (edge.data("target") === id && edge.data("source") === first.nodes[i - 1]));
          }).map(function (e) { return cy.getElementById(e).data("label_" + state.lang); });
          parts.unshift(el("span", { class: "rel", text: "(" + rels.join(", ") + ") " }));
        }
        result.appendChild(el("li", {}, parts));
      });
      if (body.paths.length > 1) {
        result.appendChild(el("li", { class: "rel", text: "+" + (body.paths.length - 1) + " " + t("other_paths") }));
      }
      api.lastPath = first;
    }).catch(function (error) {
      $("path-result").appendChild(el("li", { text: t("error") + ": " + error.message }));
    });
  }

  // ---- exports ------------------------------------------------------------------------------
  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }

  function exportPng() {
    var blob = cy.png({ output: "blob", full: true, scale: 2, maxWidth: 8000, maxHeight: 8000, bg: "#ffffff" });
    download(blob, "lanka-" + state.view + ".png");
    return blob;
  }

  function exportSvg() {
    var text = window.lankaSvg.toSvg(cy, { title: "lanka – " + t("view_" + state.view) });
    var blob = new Blob([text], { type: "image/svg+xml;charset=utf-8" });
    download(blob, "lanka-" + state.view + ".svg");
    return text;
  }

  // ---- language and presentation ------------------------------------------------------------
  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) {
      node.textContent = t(node.dataset.i18n);
    });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) {
      node.placeholder = t(node.dataset.i18nPlaceholder);
    });
    document.querySelectorAll("[data-i18n-aria]").forEach(function (node) {
      node.setAttribute("aria-label", t(node.dataset.i18nAria));
    });
    $("lang").lang = state.lang === "fi" ? "en" : "fi";
    document.title = "lanka – " + t("title");
    drawLegend();
  }

  function drawLegend() {
    var legend = $("legend");
    legend.textContent = "";
    var names = TEXT[state.lang].legend;
    Object.keys(GROUPS).forEach(function (g) {
      legend.appendChild(el("span", {}, [el("i", { style: "background:" + GROUPS[g].color }), names[g]]));
    });
    legend.appendChild(el("span", {}, [el("i", { class: "gap" }), t("legend_gap")]));
    legend.appendChild(el("span", {}, [el("i", { class: "curated" }), t("legend_curated")]));
  }

  function switchLanguage() {
    state.lang = state.lang === "fi" ? "en" : "fi";
    localStorage.setItem("lanka-lang", state.lang);
    applyLanguage();
    relabel();
    fillFilters(state.facets);
    updateExportLinks();
    writeUrl();
    if (state.selected && !$("panel").hidden) openPanel(state.selected);
    if (cy) updateCounts({ nodes: cy.nodes(":visible").length, edges: cy.edges(":visible").length,
      gaps: cy.nodes("[?gap]:visible").length });
  }

  function setPresentation(on) {
    state.present = on;
    document.body.classList.toggle("present", on);
    $("present").setAttribute("aria-pressed", on ? "true" : "false");
    if (cy) {
      cy.batch(function () {
        cy.nodes().forEach(function (n) { n.data("size", dress(Object.assign({}, n.data())).size); });
      });
      cy.style(styles(cy.nodes().length > LARGE));
      cy.resize();
    }
    writeUrl();
  }

  // ---- events -------------------------------------------------------------------------------
  function bindGraphEvents() {
    cy.on("tap", "node", function (event) {
      var id = event.target.id();
      openPanel(id);
    });
    cy.on("mouseover", "edge", function (event) { event.target.addClass("hover"); });
    cy.on("mouseout", "edge", function (event) { event.target.removeClass("hover"); });
  }

  function bindPage() {
    document.querySelectorAll("#views button").forEach(function (b) {
      b.addEventListener("click", function () { clearPath(); loadView(b.dataset.view); });
    });
    $("lang").addEventListener("click", switchLanguage);
    $("present").addEventListener("click", function () { setPresentation(!state.present); });
    document.querySelectorAll("select[data-facet]").forEach(function (s) {
      s.addEventListener("change", applyFilters);
    });
    $("kinds").addEventListener("change", applyFilters);
    $("gaps").addEventListener("change", applyFilters);
    $("clear-filters").addEventListener("click", clearFilters);
    $("relayout").addEventListener("click", relayout);
    $("panel-close").addEventListener("click", function () {
      $("panel").hidden = true;
      state.selected = null;
      if (cy) cy.resize();
    });
    $("path-find").addEventListener("click", findPath);
    $("path-clear").addEventListener("click", function () {
      clearPath();
      $("path-from").value = ""; $("path-to").value = "";
      delete $("path-from").dataset.id; delete $("path-to").dataset.id;
    });
    $("export-png").addEventListener("click", exportPng);
    $("export-svg").addEventListener("click", exportSvg);
    attachSuggest($("search"), function (r) { focusEntity(r.id); });
    attachSuggest($("path-from"), function () {});
    attachSuggest($("path-to"), function () {});
  }

  api.loadView = loadView;
  api.applyFilters = applyFilters;
  api.clearFilters = clearFilters;
  api.relayout = relayout;
  api.exportPng = exportPng;
  api.exportSvg = exportSvg;
  api.findPath = findPath;
  api.focusEntity = focusEntity;
  api.setPresentation = setPresentation;
  api.switchLanguage = switchLanguage;

  cytoscape.use(cytoscapeFcose);
  cytoscape.use(cytoscapeDagre);
  bindPage();
  applyLanguage();
  setPresentation(state.present);
  api.ready = loadView(state.view, state.entity).then(function () {
    api.timings.firstRender = performance.now();
    document.body.dataset.ready = "true";
  });
})();
