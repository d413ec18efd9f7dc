"""The Gradio page: paste or upload an article (or pick an example), pick the cards, read the digest as it
streams in, English first.

``build()`` returns the Blocks; ``serve()`` queues and launches them (``python app.py`` at the repository
root calls it) with the page's CSS and script (:mod:`summarize.web.script`). The page does no work of its
own: each Run is one :func:`summarize.web.session.run_page`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

import gradio as gr

from summarize.ingest import load
from summarize.web import view
from summarize.web.inputs import BYTES_PER_CHAR
from summarize.web.menus import Menus, card_menus
from summarize.web.script import PAGE_JS, source_js
from summarize.web.session import DEFAULT_LIMITS, MAX_POINTS, Limits, Update, run_page, visitor_of

log = logging.getLogger("summarize.web")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"  # package data: there in an installed wheel too
INTRO = ("# Chinese news, English digest\n"
         "Paste a Chinese article or upload one, then **Run**: key points in English, each linked to the "
         "sentences it comes from; the whole article in English, sentence by sentence; and a check of every "
         "number and name against the source.")


def example_texts(folder: Path = EXAMPLES) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*")) if p.suffix in {".md", ".txt", ".html"}]


def example_label(text: str) -> str:
    """An example's title and its format, for the example buttons."""
    kind = "HTML" if text.lstrip().startswith("<") else "Markdown" if text.startswith("---") else "text"
    return f"{load(text.encode('utf-8')).title} ({kind})"


def build(limits: Limits = DEFAULT_LIMITS, cards: Sequence[str] = ()) -> gr.Blocks:
    """The page; ``cards``: the operator's own card files, offered beside the shipped cards that can run."""
    menus = card_menus(cards)
    # delete_cache: Gradio's copies of uploads and downloads older than a day go, checked every hour
    with gr.Blocks(title="summarize: bilingual digest", delete_cache=(3600, 86400)) as demo:
        gr.Markdown(INTRO)
        texts = example_texts()
        gr.HTML("<p class='examples-label'><b>Try an example</b> (written for this demo; the companies and figures "
                "are fictional):</p>")
        with gr.Row(elem_id="examples"):
            example_buttons = [gr.Button(example_label(t), size="sm", min_width=0) for t in texts]
        text, upload, source, menu, run, clear = _inputs(menus, limits)
        results = _results()
        corrections, rerun = results.pop("corrections"), results.pop("rerun")
        outputs = list(results.values())
        _wire_source(text, upload, source, limits)
        for button, example in zip(example_buttons, texts, strict=True):
            button.click(lambda t=example: (t, None), None, [text, upload], api_visibility="private")
        clear.click(lambda: ("", None, "", *_values(Update())), None, [text, upload, corrections, *outputs],
                    api_visibility="private")

        def digest(text, upload, summarizer, translator, points, corrections, request: gr.Request):
            visitor = visitor_of(request)
            for update in run_page(text, upload, summarizer, translator, points, corrections, limits, visitor, menus):
                yield _values(update)

        inputs = [text, upload, *menu, corrections]
        shown = {"show_progress": "minimal", "show_progress_on": [results["status"]], "concurrency_id": "digest"}
        run.click(digest, inputs, outputs, api_name="digest", concurrency_limit=limits.concurrency, **shown)
        rerun.click(digest, inputs, outputs, api_visibility="private", **shown)
    return demo


def _values(update: Update) -> tuple[Any, ...]:
    return tuple(getattr(update, f.name) for f in fields(Update))


def _inputs(menus: Menus, limits: Limits) -> tuple[Any, ...]:
    with gr.Row():
        with gr.Column(scale=3, min_width=300):
            text = gr.Textbox(label="Article", lines=10, max_lines=30, elem_id="article", interactive=True,
                              placeholder="粘贴中文文章（纯文本、Markdown 或 HTML）")
            source = gr.HTML(f"<p>Paste an article of up to {limits.max_chars:,} characters, or upload a file.</p>",
                             elem_id="source")
            upload = gr.File(label="…or upload .txt / .md / .html", file_types=[".txt", ".md", ".html", ".htm"],
                             height=110, elem_id="upload", interactive=True)
        with gr.Column(scale=2, min_width=260):
            summarizer = _menu("Key points by", menus, "summarize")
            translator = _menu("Translation by", menus, "translate")
            points = gr.Slider(1, MAX_POINTS, value=3, step=1, label="Key points")
            with gr.Row():
                run = gr.Button("Run", variant="primary", elem_id="run", min_width=80)
                clear = gr.Button("Clear", elem_id="clear", min_width=80)
    return text, upload, source, (summarizer, translator, points), run, clear


def _results() -> dict[str, Any]:
    with gr.Column(elem_id="results"):
        out = {name: gr.HTML(elem_id=name) for name in ("status", "points", "translation", "checks")}
        with gr.Group(elem_id="corrections"):
            out["corrections"] = gr.Textbox(label="Correct a name: one a line, 中文 = English", lines=2,
                                            placeholder="星河汽车 = Xinghe Motors", interactive=True)
            out["rerun"] = gr.Button("Run again with these names", elem_id="rerun")
        with gr.Row(elem_id="downloads"):
            out["json"] = gr.DownloadButton("Download JSON", elem_id="download-json")
            out["md"] = gr.DownloadButton("Download Markdown", elem_id="download-md")
    return out


def _wire_source(text: gr.Textbox, upload: gr.File, source: gr.HTML, limits: Limits) -> None:
    """The line under the box says what Run will digest and its size; a new paste removes an uploaded file."""
    text.change(None, [text, upload], upload, js="(t, f) => t ? null : f")
    for component in (text, upload):
        component.change(None, [text, upload], source, js=source_js(limits.max_chars))


def _menu(label: str, menus: Menus, task: str) -> gr.Dropdown:
    choices = menus.choices(task)
    only = len(choices) == 1
    if task == "translate":
        info = ("word by word only: no translation model is installed here" if only and menus.offers[task][0].gloss
                else "the time it takes is in brackets")
    else:
        info = "picks the article's own sentences" if only else "the time it takes is in brackets"
    return gr.Dropdown(choices, value=menus.defaults.get(task) or None, label=label, info=info,
                       interactive=not only)


def launch_options(limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """What ``launch`` needs beside the Blocks: the page's CSS and script, and the upload cap (in bytes, the
    most a file under the character limit can take; the page refuses in characters)."""
    return {"css": view.CSS, "js": PAGE_JS, "max_file_size": BYTES_PER_CHAR * limits.max_chars}


def serve(host: str = "127.0.0.1", port: int = 7860, limits: Limits = DEFAULT_LIMITS, cards: Sequence[str] = (),
          **launch: object) -> None:
    """Queue (at most ``limits.queue_size`` waiting) and launch; blocks unless ``prevent_thread_lock``."""
    demo = build(limits, cards).queue(max_size=limits.queue_size)
    demo.launch(server_name=host, server_port=port, **launch_options(limits), **launch)
