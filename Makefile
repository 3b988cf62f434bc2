# policysim: the two set-up commands of the README are `make run` and `make test`.
# Both install the system packages they need first (.ci/install-deps).

SWIFT ?= swift
RELEASE_BIN := .build/release/policysim

.PHONY: deps build run test doctor clean

deps:
	@bash .ci/install-deps

build: deps
	$(SWIFT) build -c release

# The main job: the release build checks its numerics and reports the libraries it runs on.
run: build
	$(RELEASE_BIN) doctor

test: deps
	$(SWIFT) test

doctor: build
	$(RELEASE_BIN) doctor

clean:
	rm -rf .build
