() => {
  // Delegated clicks for the cards' buttons (the chat's HTML is sanitized, so no inline handlers).
  const ask = (text) => {
    const box = document.querySelector("#rq-question textarea");
    const send = document.querySelector("#rq-send");
    if (!box || !send) return;
    box.value = text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    setTimeout(() => send.click(), 50);
  };
  const copyText = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      const done = document.execCommand("copy");
      area.remove();
      return done;
    }
  };
  // Collect / Remove: the card's chunk id goes into a hidden textbox whose input event the app listens to.
  const send = (boxId, text) => {
    const box = document.querySelector(`#${boxId} textarea, #${boxId} input`);
    if (!box) return false;
    box.value = text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  };
  const chunkOf = (element) => {
    const card = element.closest(".rq-card");
    const match = card && /\brq-chunk-(\S+)/.exec(card.className);
    return match ? match[1] : null;
  };
  document.addEventListener("click", async (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const copy = target.closest(".rq-copy");
    if (copy) {
      event.preventDefault();
      const quote = copy.parentElement && copy.parentElement.querySelector(".rq-quote");
      const done = await copyText(quote ? quote.textContent : "");
      const label = copy.textContent;
      copy.textContent = done ? "Copied ✓" : "Copy failed";
      copy.classList.add("rq-copied");
      setTimeout(() => { copy.textContent = label; copy.classList.remove("rq-copied"); }, 1500);
      return;
    }
    const download = target.closest(".rq-download");
    if (download) {
      // The file's text is in the page (a hidden textarea beside the button): the browser makes the file.
      event.preventDefault();
      const name = download.getAttribute("data-file");
      const file = Array.from(document.querySelectorAll(".rq-file")).find((f) => f.getAttribute("data-name") === name);
      if (!file) return;
      const blob = new Blob([file.value], { type: `${file.getAttribute("data-type")};charset=utf-8` });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      return;
    }
    const collect = target.closest(".rq-collect, .rq-uncollect");
    const chunkId = collect && chunkOf(collect);
    if (chunkId) {
      event.preventDefault();
      const adding = collect.classList.contains("rq-collect");
      if (send(adding ? "rq-collect-id" : "rq-uncollect-id", chunkId) && adding) {
        collect.textContent = "Collected ✓";
        collect.classList.add("rq-collected");
      }
      return;
    }
    const lookup = target.closest(".rq-lookup");
    const number = lookup && /\brq-ref-(\d+)\b/.exec(lookup.className);
    if (number) {
      event.preventDefault();
      ask(`ref ${number[1]}`);
    }
  });
}
