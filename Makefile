# docgen — 两条命令：make demo（构建示例）与 make test（运行全部测试）。
# Each target does its own setup on a fresh Debian machine and skips what is already there.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup system lint template bench clean

demo: setup
	$(BIN)/docgen build

test: setup
	$(BIN)/ruff check docgen tests bench templates
	CI=$${CI:-} $(BIN)/pytest -q

setup: system $(STAMP)

system:
	@bash scripts/setup-system.sh

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

lint: setup
	$(BIN)/ruff check docgen tests bench templates

# Regenerates templates/红头文件.docx from its committed recipe.
template: setup
	$(BIN)/python templates/make_template.py

bench: setup
	$(BIN)/python bench/bench_pool.py
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_archive.py
	$(BIN)/python bench/bench_startup.py

clean:
	rm -rf output .pytest_cache .ruff_cache
