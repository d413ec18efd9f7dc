# Setup and checks. `make install` then `make test` on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install install-llama test lint bench clean

install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	# The CPU build of torch first: a bare `torch` requirement would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install torch==2.13.0
	$(BIN)/python -m pip install -e '.[hf,eval,ray,dev]'

# Optional: the llama.cpp backend (compiles llama.cpp, 5-10 minutes the first time).
install-llama:
	$(BIN)/python -m pip install -e '.[llama]'

test:
	$(BIN)/ruff check summarize tests
	$(BIN)/python -m pytest

lint:
	$(BIN)/ruff check summarize tests

bench:
	$(BIN)/summarize bench ../shared/data/36kr/articles
	$(BIN)/summarize eval --suite eval/suites/keypoints-36kr.toml

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
