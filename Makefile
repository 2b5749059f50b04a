# permit-precheck: one entry point. `make demo` sets everything up and runs the main job on the
# bundled samples; `make test` runs the whole test suite (CI runs exactly that via .ci/run).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
FONTS := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc /usr/share/fonts/truetype/arphic/ukai.ttc
SAMPLE := samples/hz-talent/01-eligible-bachelor

# Prefect runs against a project-local home with its ephemeral API (no server to start, no telemetry).
export PREFECT_HOME := $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS := 120
export PREFECT_LOGGING_LEVEL := WARNING
export PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK := True
export PRECHECK_MODEL_DIR := $(CURDIR)/.models

.PHONY: setup fonts models demo test bench eval corpus eval-corpus samples clean

setup: $(STAMP) fonts models

$(STAMP): pyproject.toml requirements.lock requirements-nodeps.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -r requirements-nodeps.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $(STAMP)

# CJK fonts for the sample generator and the tests' synthetic documents (Debian packages).
fonts:
	@missing=0; for f in $(FONTS); do [ -f $$f ] || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "installing CJK fonts (fonts-wqy-microhei, fonts-arphic-ukai)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-wqy-microhei fonts-arphic-ukai >/dev/null; \
	fi

# The OCR model directories, built offline from the files in the rapidocr wheel.
models: $(STAMP)
	$(VENV)/bin/precheck models

demo: setup
	@echo "== self-check of one sample submission ($(SAMPLE)) =="
	-$(VENV)/bin/precheck check $(SAMPLE)
	@echo "== Prefect batch flow over all bundled samples (reports in out/batch) =="
	$(PY) -m flows.batch samples/hz-talent out/batch

test: setup
	$(PY) -m pytest -q

bench: setup
	$(VENV)/bin/precheck bench $(SAMPLE)
	$(VENV)/bin/precheck bench $(SAMPLE) --memory-pages 1000

# Accuracy: score the committed corpus slice, or generate a full corpus (default 420 images) and score it.
eval: setup
	$(VENV)/bin/precheck eval samples/corpus-slice

CORPUS ?= out/corpus
N ?= 420
corpus: setup
	$(PY) -m samples.corpus $(CORPUS) --n $(N)

eval-corpus: corpus
	$(VENV)/bin/precheck eval $(CORPUS) --json $(CORPUS)/metrics.json

samples: setup
	$(PY) -m samples.generate

clean:
	rm -rf $(VENV) .models .prefect out .pytest_cache
