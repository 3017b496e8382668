// The PDF preview: every page as a canvas, zoom, and a position kept across recompiles.
import * as pdfjs from "pdfjs-dist";

pdfjs.GlobalWorkerOptions.workerSrc = "/dist/pdf.worker.min.mjs";

export class PdfPreview {
  /** onDoubleClick(page, h, v) gets PDF points from the page's top-left corner. */
  constructor(container, onDoubleClick) {
    this.container = container;
    this.scale = 1.2;
    this.url = null;
    this.pages = [];
    this.onDoubleClick = onDoubleClick;
  }

  async show(url) {
    this.url = url;
    const scrollTop = this.container.scrollTop;
    // no eval: the page's Content-Security-Policy forbids it, and PDF.js's compiled glyph
    // drawing is how a crafted font ran script before (CVE-2024-4367)
    const pdf = await pdfjs.getDocument({ url, withCredentials: true, isEvalSupported: false })
      .promise;
    const pages = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: this.scale });
      const canvas = document.createElement("canvas");
      canvas.className = "pdf-page";
      canvas.dataset.page = String(n);
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      await page.render({ canvasContext: canvas.getContext("2d"), viewport }).promise;
      canvas.addEventListener("dblclick", (event) => {
        const rect = canvas.getBoundingClientRect();
        const h = ((event.clientX - rect.left) / rect.width) * (viewport.width / this.scale);
        const v = ((event.clientY - rect.top) / rect.height) * (viewport.height / this.scale);
        this.onDoubleClick(n, h, v);
      });
      const wrapper = document.createElement("div");
      wrapper.className = "pdf-page-wrapper";
      wrapper.append(canvas);
      pages.push(wrapper);
    }
    this.container.replaceChildren(...pages);
    this.pages = pages;
    this.container.scrollTop = scrollTop;
    this.container.dataset.pages = String(pdf.numPages);
    return pdf.numPages;
  }

  async zoom(factor) {
    this.scale = Math.min(4, Math.max(0.4, this.scale * factor));
    if (this.url) await this.show(this.url);
  }

  /** Scrolls to a box (PDF points) and flashes it. */
  highlight(box) {
    const wrapper = this.pages[box.page - 1];
    if (!wrapper) return;
    this.container.querySelectorAll(".synctex-mark").forEach((old) => old.remove());
    const mark = document.createElement("div");
    mark.className = "synctex-mark";
    mark.dataset.page = String(box.page);
    mark.style.left = `${box.h * this.scale}px`;
    mark.style.top = `${(box.v - box.height) * this.scale}px`;
    mark.style.width = `${Math.max(box.width, 20) * this.scale}px`;
    mark.style.height = `${Math.max(box.height, 8) * this.scale}px`;
    wrapper.append(mark);
    // offsetTop would count from the nearest positioned ancestor, which is not the container
    const top =
      wrapper.getBoundingClientRect().top - this.container.getBoundingClientRect().top;
    this.container.scrollTop += top + (box.v - box.height) * this.scale - 80;
  }
}
