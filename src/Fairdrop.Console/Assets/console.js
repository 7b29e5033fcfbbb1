// The console's only script, a progressive enhancement: pages work without it.
// 1. Live figures: an element with data-live-source is refreshed every 5 s from that JSON; [data-live=key.path] shows a value.
// 2. Rules editor: a textarea with data-rules-check posts its text as you type and shows the diagnostics with their caret.
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
})();
