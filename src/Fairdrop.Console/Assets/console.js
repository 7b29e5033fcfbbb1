// The console's only script, a progressive enhancement: pages work without it.
// 1. Live figures: an element with data-live-source is refreshed every 5 s from that JSON; [data-live=key.path] shows a value.
// 2. Rules editor: a textarea with data-rules-check posts its text as you type and shows the diagnostics with their caret.
// 3. Threshold slider: in a GET form marked data-autosubmit, a range input shows its value (a share, as a percentage)
//    in its <output> as it moves and submits the form when let go by pointer; from the keyboard (each arrow press is a
//    change) and without the script, the form's button does it, so the page never reloads under a keyboard user (WCAG 3.2.2).
(() => {
  "use strict";
  const token = () => document.querySelector('input[name="__RequestVerificationToken"]')?.value ?? "";

  for (const source of document.querySelectorAll("[data-live-source]")) {
    const url = source.getAttribute("data-live-source");
    const refresh = async () => {
      try {
        const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const figures = await response.json();
        for (const element of document.querySelectorAll("[data-live]")) {
          const value = element.getAttribute("data-live").split(".").reduce((o, k) => (o == null ? undefined : o[k]), figures);
          if (value === undefined || value === null) continue;
          element.textContent = typeof value === "number" ? value.toLocaleString("en") : (element.tagName === "TIME" ? new Date(value).toISOString().slice(11, 19) : String(value));
        }
      } catch { /* offline for a moment: the next tick tries again */ }
    };
    setInterval(refresh, 5000);
  }

  for (const editor of document.querySelectorAll("textarea[data-rules-check]")) {
    const url = editor.getAttribute("data-rules-check");
    const output = document.getElementById(editor.getAttribute("aria-describedby"));
    let timer = 0;
    let sequence = 0;
    const check = async () => {
      const mine = ++sequence;
      const response = await fetch(url, {
        method: "POST", credentials: "same-origin", body: editor.value,
        headers: { "Content-Type": "text/plain; charset=utf-8", "X-Fairdrop-Antiforgery": token() },
      });
      if (mine !== sequence || !response.ok) return;
      const result = await response.json();
      output.replaceChildren(...(result.diagnostics.length === 0
        ? [Object.assign(document.createElement("p"), { className: "done", textContent: `No problems: ${result.rules} rule(s).` })]
        : result.diagnostics.map(d => Object.assign(document.createElement("pre"), { textContent: d.text }))));
    };
    editor.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 250); });
  }

  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    for (const range of form.querySelectorAll("input[type=range]")) {
      const output = form.querySelector(`output[for="${range.id}"]`);
      // The same form as the page writes it: 0.5 %, 1.0 %, 1.25 %.
      const show = () => { if (output) output.textContent = `${(Number(range.value) * 100).toFixed(2).replace(/0$/, "")} %`; };
      let keyboard = false;
      range.addEventListener("keydown", () => { keyboard = true; });
      range.addEventListener("pointerdown", () => { keyboard = false; });
      range.addEventListener("input", show);
      range.addEventListener("change", () => { if (!keyboard) form.requestSubmit(); });
    }
  }
})();
