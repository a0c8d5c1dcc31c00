/* Pickers: Tom Select (vendor/tom-select-2.6.2) over the fields that kaopu.core.widgets marks.
 *
 *   <select data-picker="select">        one choice, searchable; the empty option is the placeholder
 *   <select data-picker="multiple">      several choices as removable chips
 *   <input data-picker="remote" data-picker-url="/…/lookup/" data-picker-min-chars="1">
 *                                        a type-ahead: GET url?q=… answers {"results": [{value, text, hint}]}
 *                                        and the chosen result's value fills the field
 *
 * Words come from data attributes in the page's language (data-picker-no-results, -loading, -remove,
 * data-placeholder, data-picker-label for the text of a remote field's current value). Options of a
 * select may carry data-search="…": more words they are found by (the pinyin of a name).
 * Loaded with defer after the library, so the document is parsed when this runs. Without JavaScript
 * every field stays a plain <select> or text field (the forms accept that too).
 */
(function () {
  "use strict";

  if (typeof window.TomSelect !== "function") { return; }

  function texts(field) {
    return {
      noResults: field.getAttribute("data-picker-no-results") || "",
      loading: field.getAttribute("data-picker-loading") || "",
      remove: field.getAttribute("data-picker-remove") || ""
    };
  }

  function render(words) {
    return {
      option: function (data, escape) {
        var hint = data.hint ? '<span class="picker-hint">' + escape(data.hint) + "</span>" : "";
        return '<div class="picker-option"><span class="picker-text">' + escape(data.text) + "</span>" + hint + "</div>";
      },
      item: function (data, escape) { return "<div>" + escape(data.text) + "</div>"; },
      no_results: function () { return '<div class="no-results">' + words.noResults + "</div>"; },
      loading: function () { return '<div class="spinner-text">' + words.loading + "</div>"; },
      optgroup_header: function (data, escape) {
        return '<div class="optgroup-header">' + escape(data.label) + "</div>";
      }
    };
  }

  function escapeHtml(text) {
    var holder = document.createElement("div");
    holder.textContent = text;
    return holder.innerHTML;
  }

  function localSettings(field, words) {
    var multiple = field.getAttribute("data-picker") === "multiple";
    var settings = {
      searchField: ["text", "search"],
      maxOptions: null,          // a district's departments: show them all
      hidePlaceholder: !multiple,   // the chips' field keeps saying that more may be chosen
      closeAfterSelect: !multiple,  // one choice made: the next field must not hide under the list
      render: render(words)
    };
    if (multiple) {
      settings.plugins = { remove_button: { title: words.remove } };
      settings.hideSelected = true;
      settings.clearAfterSelect = true;  // the typed words go once a chip is added: type the next one
    }
    return settings;
  }

  function remoteSettings(field, words) {
    var url = field.getAttribute("data-picker-url");
    var minChars = parseInt(field.getAttribute("data-picker-min-chars") || "1", 10);
    var latest = 0;
    var settings = {
      maxItems: 1,
      create: false,
      closeAfterSelect: true,
      hidePlaceholder: true,
      delimiter: "\u001f",       // a typed name may hold a comma: the value is one key, never a list
      valueField: "value",
      labelField: "text",
      searchField: [],
      loadThrottle: 250,
      preload: minChars === 0 ? "focus" : false,
      // The server has matched already (name or credit code, a date, a number): show what it sent, in its order.
      score: function () { return function () { return 1; }; },
      shouldLoad: function (query) { return query.length >= minChars; },
      load: function (query, callback) {
        var ticket = ++latest;
        var self = this;
        self.clearOptions();
        var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query);
        fetch(address, { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { callback(ticket === latest ? data.results : []); })
          .catch(function () { callback([]); });
      },
      render: render(words)
    };
    settings.render.not_loading = function () { return ""; };
    if (field.value) {
      settings.options = [{ value: field.value, text: field.getAttribute("data-picker-label") || field.value }];
      settings.items = [field.value];
    }
    return settings;
  }

  function start(field) {
    if (field.tomselect) { return; }
    var words = texts(field);
    words.noResults = escapeHtml(words.noResults);
    words.loading = escapeHtml(words.loading);
    var remote = field.getAttribute("data-picker") === "remote";
    var settings = remote ? remoteSettings(field, words) : localSettings(field, words);
    // Filter as each character is typed. Tom Select's default waits 300 ms, and a row chosen within
    // that time had the list open again over the next field when the wait ran out.
    settings.refreshThrottle = 0;
    var picker = new window.TomSelect(field, settings);
    if (field.getAttribute("aria-invalid") === "true") { picker.wrapper.classList.add("picker-invalid"); }
  }

  function startWithin(root) {
    if (!root || !root.querySelectorAll) { return; }
    if (root.matches && root.matches("[data-picker]")) { start(root); }
    root.querySelectorAll("[data-picker]").forEach(start);
  }

  startWithin(document);
  // Content that htmx swaps in later gets its pickers too.
  document.addEventListener("htmx:load", function (event) { startWithin(event.detail && event.detail.elt); });
})();
