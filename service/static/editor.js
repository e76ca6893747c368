// The query editor page: YASGUI aimed at this server, reaching nothing else.
// The configuration (endpoint, prefixes, example queries) is written by service/editor.py
// into the page as JSON.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("lanka-editor-config").textContent);

  // No calls to outside services: the Linked Open Vocabularies autocompleters (property,
  // class) are switched off, and the prefix autocompleter offers the project's own table
  // instead of the list bundled with YASGUI (and never fetches one from a prefix service).
  const Yasqe = Yasgui.Yasqe;
  Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasqe.defaults.prefixCcApi = null;
  Yasqe.Autocompleters.prefixes.get = Object.entries(config.prefixes)
    .map(([name, iri]) => `${name}: <${iri}>`)
    .sort();

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }], keys: [] },
    copyEndpointOnNewTab: false,
    corsProxy: undefined,
    persistenceId: config.persistenceId,
    tabName: config.lang === "en" ? "Query" : "Kysely",
    yasqe: { value: config.starter },
  });
  window.lankaEditor = yasgui;

  const byName = new Map(config.examples.map((example) => [example.name, example]));
  for (const button of document.querySelectorAll("#examples button.example")) {
    button.addEventListener("click", () => {
      const example = byName.get(button.dataset.name);
      const tab = yasgui.addTab(
        true,
        {
          name: example.name,
          yasqe: { value: example.text },
          requestConfig: { endpoint: config.endpoint },
        },
        { avoidDuplicateTabs: true },
      );
      yasgui.selectTabId(tab.getId());
    });
  }
})();
