// Asks before leaving a page whose form holds changes that are not saved: changed since the page
// loaded, or sent back by the server unsaved (a preview, a form with errors: `data-unsaved`).
// Submitting the form is never stopped. docs/writing.md.
(() => {
  "use strict";

  const changed = (control) => {
    if (control.type === "checkbox" || control.type === "radio") {
      return control.checked !== control.defaultChecked;
    }
    if (control.type === "file") return control.files.length > 0;
    if (control instanceof HTMLSelectElement) {
      return [...control.options].some((option) => option.selected !== option.defaultSelected);
    }
    return "defaultValue" in control && control.value !== control.defaultValue;
  };

  for (const form of document.querySelectorAll("form[data-warn-unsaved]")) {
    let submitting = false;
    form.addEventListener("submit", () => {
      submitting = true;
    });
    // Back to this page from the browser's history after a submission: watch it again.
    window.addEventListener("pageshow", () => {
      submitting = false;
    });
    window.addEventListener("beforeunload", (event) => {
      if (submitting) return;
      if (!form.hasAttribute("data-unsaved") && ![...form.elements].some(changed)) return;
      event.preventDefault();
      event.returnValue = ""; // browsers show their own wording
    });
  }
})();
