# Convenience entry points; the build itself is CMake (build/ and build-asan/).
#   make demo   install packages, build, render the flagship map into out/
#   make check  build and run the whole test suite, then again under ASan+UBSan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps test-deps build demo check test test-asan clean
all: build

deps:
	./scripts/install-deps

# What the tests need beyond the build (poppler, rsvg, chromium, parallel).
test-deps: deps
	if [ -x scripts/install-test-deps ]; then ./scripts/install-test-deps; fi

build: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build -j $(JOBS)

demo: build
	./build/terrimap render --style styles/territoires-industrie.ini \
	  -o out/territoires-industrie.png -o out/territoires-industrie.svg \
	  -o out/territoires-industrie.pdf --metadata out/territoires-industrie.json

test: build test-deps
	cd build && ctest --output-on-failure -j $(JOBS)

test-asan: test-deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTERRIMAP_SANITIZE=ON >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)

check: test test-asan

clean:
	rm -rf build build-asan
