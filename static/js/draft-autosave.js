// Keeps a copy of the post form in this browser (localStorage) while the author types, and offers
// it back when the form opens without it: after a closed tab, a crash, a lost connection or an
// expired session. A save that went through (the server's quire_draft_saved cookie on this form's
// path, apps/blog/editor.py) drops the copy. Why the browser and not the server: docs/writing.md.
(() => {
  "use strict";

  const SAVED_COOKIE = "quire_draft_saved";
  const KEEP_AFTER_MS = 500; // after the last keystroke
  const form = document.querySelector("form[data-draft-key]");
  const offer = form && form.querySelector("[data-draft-offer]");
  if (!offer) return;
  const key = `quire:draft:${form.dataset.draftKey}:${location.pathname}`;
  let storage;
  try {
    storage = window.localStorage;
    storage.getItem(key);
  } catch {
    return; // storage turned off: the form works as it does without scripts
  }

  const SKIPPED_TYPES = new Set(["file", "hidden", "submit", "button", "reset", "radio"]);
  const fields = () => [...form.elements].filter((control) => control.name && !SKIPPED_TYPES.has(control.type));
  const valueOf = (control) => (control.type === "checkbox" ? control.checked : control.value);
  const values = () => Object.fromEntries(fields().map((control) => [control.name, valueOf(control)]));
  const differs = (kept) => fields().some((control) => control.name in kept && kept[control.name] !== valueOf(control));

  const read = () => {
    try {
      const copy = JSON.parse(storage.getItem(key));
      return copy && typeof copy.values === "object" ? copy : null;
    } catch {
      return null;
    }
  };
  const keep = ({ submitted }) => {
    try {
      storage.setItem(key, JSON.stringify({ values: values(), savedAt: Date.now(), submitted }));
    } catch {
      // Storage full or refused: nothing is kept, the form still saves.
    }
  };
  const forget = () => {
    try {
      storage.removeItem(key);
    } catch {
      // Nothing to forget.
    }
  };

  const saved = document.cookie.split("; ").includes(`${SAVED_COOKIE}=1`);
  if (saved) {
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${SAVED_COOKIE}=; Max-Age=0; Path=${location.pathname}; SameSite=Lax${secure}`;
  }

  let offered = read();
  if (offered && saved && offered.submitted) {
    forget(); // that submission was saved; anything typed since (another tab) was not
    offered = null;
  }
  if (offered && differs(offered.values)) {
    offer.querySelector("[data-draft-time]").textContent = new Date(offered.savedAt).toLocaleString();
    offer.hidden = false;
  } else {
    offered = null;
  }

  const offerClose = () => {
    offer.hidden = true;
    offered = null;
    const first = fields()[0];
    if (first) first.focus();
  };
  offer.querySelector("[data-draft-restore]").addEventListener("click", () => {
    for (const control of fields()) {
      if (!(control.name in offered.values)) continue;
      if (control.type === "checkbox") control.checked = offered.values[control.name];
      else control.value = offered.values[control.name];
    }
    keep({ submitted: false });
    offerClose();
  });
  offer.querySelector("[data-draft-discard]").addEventListener("click", () => {
    forget();
    offerClose();
  });

  let timer;
  const keepSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => keep({ submitted: false }), KEEP_AFTER_MS);
  };
  form.addEventListener("input", keepSoon);
  form.addEventListener("change", keepSoon);
  form.addEventListener("submit", () => {
    clearTimeout(timer);
    keep({ submitted: true }); // dropped once the server says it was saved
  });
})();
