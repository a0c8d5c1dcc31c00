/* The article editor: Quill 2 (vendor/quill-2.0.3) over the body's textarea.
 *
 * Without JavaScript the textarea of the HTML stays and is posted as is (the server cleans it). With it,
 * the textarea is hidden, Quill edits the same HTML, and on submit the textarea receives Quill's semantic
 * HTML (real <ul>/<ol>, alignment as the classes align-right/center/justify that sanitise.py keeps).
 * Images go to the article's upload address (re-encoded on the server) and come back as
 * /news/images/<id>/. Nothing here writes an inline style or script: the page's CSP forbids both.
 */
(function () {
  "use strict";
  var ZH = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  var TITLES = ZH ? {
    bold: "加粗", italic: "斜体", underline: "下划线", strike: "删除线", blockquote: "引用", link: "链接",
    image: "插入图片", table: "插入表格", clean: "清除格式", "list-ordered": "编号列表", "list-bullet": "项目列表",
    header: "段落格式", align: "对齐"
  } : {};
  var FORMATS = ["header", "bold", "italic", "underline", "strike", "list", "blockquote", "align", "link",
                 "image", "table"];
  var HEADINGS = ZH ? {"2": "标题2", "3": "标题3", "4": "标题4", "": "正文"} : {};

  function registerAlignment() {
    var Parchment = Quill.import("parchment");
    var align = new Parchment.ClassAttributor("align", "align", {
      scope: Parchment.Scope.BLOCK, whitelist: ["right", "center", "justify"]
    });
    Quill.register({"formats/align": align, "attributors/class/align": align}, true);
  }

  function label(toolbar) {
    toolbar.querySelectorAll("button, .ql-picker").forEach(function (el) {
      var name = (el.className.match(/ql-([a-z]+)/) || [])[1];
      var key = el.value ? name + "-" + el.value : name;
      if (TITLES[key] || TITLES[name]) {
        el.setAttribute("title", TITLES[key] || TITLES[name]);
        el.setAttribute("aria-label", TITLES[key] || TITLES[name]);
      }
    });
    toolbar.querySelectorAll(".ql-header .ql-picker-item, .ql-header .ql-picker-label").forEach(function (el) {
      var value = el.getAttribute("data-value") || "";
      if (HEADINGS[value]) { el.setAttribute("data-label", HEADINGS[value]); }
    });
    var table = toolbar.querySelector("button.ql-table");
    if (table) { table.textContent = ZH ? "表格" : "Table"; }
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function uploadImage(quill, box, form) {
    var url = box.getAttribute("data-upload-url");
    if (!url) { window.alert(box.getAttribute("data-no-upload")); return; }
    var picker = document.createElement("input");
    picker.type = "file";
    picker.accept = "image/jpeg,image/png,image/gif,image/webp";
    picker.addEventListener("change", function () {
      if (!picker.files || !picker.files[0]) { return; }
      var data = new FormData();
      data.append("image", picker.files[0]);
      data.append("alt", "");
      fetch(url, {method: "POST", body: data, credentials: "same-origin",
                  headers: {"Accept": "application/json", "X-CSRFToken": csrfToken(form)}})
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (answer.error || !answer.url) { throw new Error(answer.error || ""); }
          var range = quill.getSelection(true);
          quill.insertEmbed(range ? range.index : quill.getLength(), "image", answer.url, "user");
        })
        .catch(function (error) {
          window.alert(box.getAttribute("data-upload-failed") + " " + (error.message || ""));
        });
    });
    picker.click();
  }

  function semanticHTML(quill) {
    if (quill.getLength() <= 1) { return ""; }
    // Quill 2.0.3 writes every space as &nbsp; in its semantic HTML: give the text its spaces back.
    return quill.getSemanticHTML().replace(/&nbsp;/g, " ");
  }

  function start(box) {
    var source = document.getElementById(box.getAttribute("data-source"));
    if (!source || typeof Quill === "undefined") { return; }
    var form = source.form;
    var area = document.createElement("div");
    box.appendChild(area);
    var quill = new Quill(area, {
      theme: "snow",
      placeholder: box.getAttribute("data-placeholder") || "",
      // Only what the toolbar offers and sanitise.py keeps: a paste from Word or a web page loses its
      // colours, fonts, sizes and styles in the editor already (the server cleans again).
      formats: FORMATS,
      modules: {
        table: true,
        toolbar: {
          container: [[{header: [2, 3, 4, false]}], ["bold", "italic", "underline", "strike"],
                      [{list: "ordered"}, {list: "bullet"}, "blockquote"], [{align: []}],
                      ["link", "image", "table"], ["clean"]],
          handlers: {
            image: function () { uploadImage(quill, box, form); },
            table: function () { quill.getModule("table").insertTable(2, 3); }
          }
        }
      }
    });
    quill.setContents(quill.clipboard.convert({html: source.value}), "silent");
    label(box.querySelector(".ql-toolbar"));
    source.hidden = true;
    box.hidden = false;
    form.addEventListener("submit", function () { source.value = semanticHTML(quill); });
  }

  function init() {
    if (typeof Quill === "undefined") { return; }
    registerAlignment();
    document.querySelectorAll(".rich-editor[data-source]").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
