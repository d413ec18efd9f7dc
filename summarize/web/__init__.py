"""The web demo (Gradio): ``view`` and ``session`` need no Gradio; ``app`` builds the page."""
