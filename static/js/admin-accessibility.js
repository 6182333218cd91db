// Accessible names for two parts of Wagtail's admin that come without them (WCAG 4.1.2):
// - the rich text editor (Draftail) draws an editable box with role="textbox" and no name, so a
//   screen reader announces only "edit text". Each box is named after the label of its field,
//   or for a stream block after the block's heading;
// - the date picker's "previous month", "next month" and "today" buttons are empty.
// Loaded on editor pages by courses/wagtail_hooks.py.
(function () {
  "use strict";

  var translate = window.gettext || function (text) { return text; };
  var DATE_PICKER_BUTTONS = {
    ".xdsoft_prev": translate("Previous month"),
    ".xdsoft_next": translate("Next month"),
    ".xdsoft_today_button": translate("Go to today"),
  };

  var EDITORS = '.Draftail-Editor [contenteditable="true"][role="textbox"]';
  var counter = 0;

  function ensureId(element) {
    if (!element.id) {
      counter += 1;
      element.id = "rich-text-label-" + counter;
    }
    return element.id;
  }

  function labelFor(editor) {
    var wrapper = editor.closest("[data-draftail-editor-wrapper]");
    var input = wrapper && wrapper.parentElement.querySelector("input[type=hidden][id]");
    if (input) {
      var label = document.querySelector('label[for="' + CSS.escape(input.id) + '"]');
      if (label) return label;
    }
    var field = editor.closest("[data-contentpath]");
    var fieldLabel = field && field.querySelector(":scope > label.w-field__label");
    if (fieldLabel) return fieldLabel;
    var section = editor.closest("section[aria-labelledby]");
    return section && document.getElementById(section.getAttribute("aria-labelledby"));
  }

  function nameEditors() {
    document.querySelectorAll(EDITORS).forEach(function (editor) {
      if (editor.hasAttribute("aria-labelledby") || editor.hasAttribute("aria-label")) return;
      var label = labelFor(editor);
      if (label) editor.setAttribute("aria-labelledby", ensureId(label));
    });
  }

  function nameDatePickerButtons() {
    Object.keys(DATE_PICKER_BUTTONS).forEach(function (selector) {
      document.querySelectorAll(".xdsoft_datetimepicker " + selector).forEach(function (button) {
        if (!button.hasAttribute("aria-label")) {
          button.setAttribute("aria-label", DATE_PICKER_BUTTONS[selector]);
        }
      });
    });
  }

  function nameAll() {
    nameEditors();
    nameDatePickerButtons();
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    window.requestAnimationFrame(function () {
      scheduled = false;
      nameAll();
    });
  }

  function start() {
    nameAll();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
