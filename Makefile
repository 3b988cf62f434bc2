# policysim: the two set-up commands of the README are `make run` and `make test`.
# Both install the system packages they need first (.ci/install-deps).

SWIFT ?= swift
RELEASE_BIN := .build/release/policysim

.PHONY: deps build run test verify doctor bench clean

deps:
	@bash .ci/install-deps

build: deps
	$(SWIFT) build -c release

# The main job: the shipped 2023 policy scenario on the shipped data, into Results/miit-2023.
run: build
	$(RELEASE_BIN) doctor
	$(RELEASE_BIN) run Scenarios/miit-2023.yaml --force

test: deps
	$(SWIFT) test

# The differential and property tests at a larger sweep than `make test`: 200 generated
# scenarios run with shared and with fresh factorisations, 100 attributed against separate runs.
verify: deps
	POLICYSIM_VERIFY_CASES=200 $(SWIFT) test --filter 'GeneratedScenarioTests|EngineVerificationTests'

doctor: build
	$(RELEASE_BIN) doctor

clean:
	rm -rf .build

# Benchmarks against the numpy peer (bench/peer.py); writes Results/bench/bench.json.
bench: build
	@python3 -c 'import numpy, scipy, threadpoolctl' 2>/dev/null || python3 -m pip install --quiet numpy scipy threadpoolctl
	python3 bench/run.py
