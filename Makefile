# Setup and checks. `make install` then `make test` on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install install-llama install-browser test lint bench serve clean

install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	# The CPU build of torch first: a bare `torch` requirement would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install torch==2.13.0
	$(BIN)/python -m pip install -e '.[hf,eval,ray,web,dev,train]'

# Optional: the llama.cpp backend (compiles llama.cpp, 5-10 minutes the first time).
install-llama:
	$(BIN)/python -m pip install -e '.[llama]'

# For the web demo's browser test: Debian's chromium (Playwright drives it; no browser download) and a CJK font.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
install-browser:
	command -v chromium >/dev/null && fc-list :lang=zh | grep -q . || \
	  $(SUDO) apt-get install -y chromium fonts-wqy-zenhei || \
	  ($(SUDO) apt-get update && $(SUDO) apt-get install -y chromium fonts-wqy-zenhei) || \
	  echo "no chromium could be installed: the browser test will be skipped"

test:
	$(BIN)/ruff check summarize tests app.py eval
	$(BIN)/python -m pytest

lint:
	$(BIN)/ruff check summarize tests app.py eval

serve:
	$(BIN)/python app.py

bench:
	$(BIN)/summarize bench ../shared/data/36kr/articles
	$(BIN)/summarize eval --suite eval/suites/keypoints-36kr.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
