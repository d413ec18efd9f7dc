"""The Gradio page: paste or upload an article, pick the cards, read the bilingual digest as it streams in.

``build()`` returns the Blocks; ``serve()`` queues and launches them (``python app.py`` at the repository
root calls it). The page does no work of its own: each Run is one :func:`summarize.web.session.run_request`.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import gradio as gr

from summarize.cards import available_cards, load_card
from summarize.errors import SummarizeError
from summarize.ingest import load
from summarize.models_cli import auto_picks
from summarize.registry import status as card_status
from summarize.web import view
from summarize.web.session import DEFAULT_LIMITS, MAX_POINTS, Limits, Update, run_request

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"  # package data: there in an installed wheel too
INTRO = ("# summarize: Chinese news, English digest\n"
         "Paste a Chinese article (plain text, Markdown with front matter, or HTML) or upload one, then **Run**. "
         "You get key points in Chinese and English, the translation sentence by sentence, and a check that "
         "every number in the English is in the source.")


def card_choices() -> tuple[dict[str, list[str]], list[dict]]:
    """Ready card names per task, and the cards that cannot run here (with how to get them)."""
    ready: dict[str, list[str]] = {"summarize": [], "translate": []}
    unavailable = []
    for name in available_cards():
        try:
            status = card_status(load_card(name))
        except SummarizeError:
            continue
        if not status["ready"]:
            unavailable.append(status)
            continue
        for task in status["tasks"]:
            ready.setdefault(task, []).append(name)
    return ready, unavailable


def example_texts(folder: Path = EXAMPLES) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*")) if p.suffix in {".md", ".txt", ".html"}]


def example_label(text: str) -> str:
    """An example's title and its format, for the example buttons."""
    kind = "HTML" if text.lstrip().startswith("<") else "Markdown" if text.startswith("---") else "text"
    return f"{load(text.encode('utf-8')).title} ({kind})"


def build(limits: Limits = DEFAULT_LIMITS) -> gr.Blocks:
    ready, unavailable = card_choices()
    picks = auto_picks()
    # delete_cache: Gradio's copies of uploads and downloads older than a day go, checked every hour
    with gr.Blocks(title="summarize: bilingual digest", delete_cache=(3600, 86400)) as demo:
        gr.Markdown(INTRO)
        with gr.Row():
            with gr.Column(scale=3):
                text = gr.Textbox(label="Article", lines=12, max_lines=30, elem_id="article",
                                  placeholder="粘贴中文文章（纯文本、Markdown 或 HTML）")  # the server counts bytes
                upload = gr.File(label="…or upload .txt / .md / .html", file_types=[".txt", ".md", ".html", ".htm"],
                                 height=120)
            with gr.Column(scale=1):
                summarizer = _card_menu("Key points by", ready["summarize"], picks.get("summarize", "extractive"),
                                        "installed models only; extractive is instant")
                translator = _card_menu("Translation by", ready["translate"], picks.get("translate", "gloss"),
                                        "installed models only; gloss is word by word, an LLM card translates "
                                        "(minutes per article on a CPU, streamed)")
                points = gr.Slider(1, MAX_POINTS, value=3, step=1, label="Key points")
                run = gr.Button("Run", variant="primary", elem_id="run")
                gr.HTML(view.cards_note(unavailable))
        status = gr.HTML(elem_id="status", label="status")
        with gr.Row():
            points_zh, points_en, reference = (gr.HTML(elem_id=i, label=i.replace("-", "_"))
                                               for i in ("points-zh", "points-en", "reference"))
        live = gr.Textbox(label="The model is writing", lines=3, interactive=False, elem_id="live")
        translation = gr.HTML(elem_id="translation", label="translation")
        checks = gr.HTML(elem_id="checks", label="checks")
        with gr.Row():
            json_file = gr.DownloadButton("Download JSON", elem_id="download-json")
            md_file = gr.DownloadButton("Download Markdown", elem_id="download-md")
        examples = example_texts()
        gr.Examples([[t] for t in examples], inputs=[text], label="Examples (written for this demo, fictional)",
                    example_labels=[example_label(t) for t in examples])
        outputs = [status, points_zh, points_en, reference, translation, checks, live, json_file, md_file]

        def digest(text, upload, summarizer, translator, points, request: gr.Request):
            visitor = getattr(getattr(request, "client", None), "host", "") or ""
            for update in run_request(text, upload, summarizer, translator, points, limits, visitor):
                yield tuple(getattr(update, f.name) for f in fields(Update))

        run.click(digest, [text, upload, summarizer, translator, points], outputs, api_name="digest",
                  concurrency_limit=limits.concurrency)
    return demo


def _card_menu(label: str, names: list[str], default: str, info: str) -> gr.Dropdown:
    value = default if default in names else (names[0] if names else None)
    return gr.Dropdown(names, value=value, label=label, info=info)


def serve(host: str = "127.0.0.1", port: int = 7860, limits: Limits = DEFAULT_LIMITS, **launch: object) -> None:
    """Queue (at most ``limits.queue_size`` waiting) and launch; blocks unless ``prevent_thread_lock``."""
    demo = build(limits).queue(max_size=limits.queue_size)
    demo.launch(server_name=host, server_port=port, max_file_size=limits.max_bytes, css=view.CSS, **launch)
