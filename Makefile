# Convenience entry points; the build itself is CMake (build/, build-asan/,
# build-valgrind/).
#   make demo   install packages, build, render the flagship map into out/
#   make check  build and run the whole test suite, then again under ASan+UBSan,
#               then the end-to-end tests under valgrind memcheck
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps test-deps build demo check test test-asan test-valgrind clean
all: build

deps:
	./scripts/install-deps

# What the tests need beyond the build (poppler, rsvg, chromium, parallel,
# valgrind).
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

# The end-to-end tests (ctest label e2e) with every terrimap they run under
# valgrind memcheck: any error or definite leak fails the test (exit 99).
# Without sanitizers, which valgrind cannot run with.
test-valgrind: test-deps
	cmake -S . -B build-valgrind -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTERRIMAP_VALGRIND=ON >/dev/null
	cmake --build build-valgrind -j $(JOBS)
	cd build-valgrind && ctest -L e2e --output-on-failure -j $(JOBS)

check: test test-asan test-valgrind

clean:
	rm -rf build build-asan build-valgrind
