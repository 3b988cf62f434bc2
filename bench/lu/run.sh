#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The C experiments behind the README's note on the small LU: GSL's LU and a blocked LU over BLIS,
# on the data set's I - B as `policysim kernels --write` writes it. Needs gcc, libgsl-dev and
# libblis-pthread-dev; run from the repository root after `swift build -c release`.
set -euo pipefail
out=$(mktemp -d)
blis=/usr/lib/x86_64-linux-gnu/blis-pthread
.build/release/policysim kernels --repeat 1 --dgemm 10 --write "$out/m" > /dev/null
gcc -O2 bench/lu/gsl_lu.c -o "$out/gsl_lu" -lgsl -L$blis -Wl,-rpath,$blis -lblis -lm
gcc -O3 -march=native bench/lu/blocked_lu.c -o "$out/blocked_lu" -I/usr/include/x86_64-linux-gnu -L$blis -Wl,-rpath,$blis -lblis -lm
export BLIS_ARCH_TYPE=${BLIS_ARCH_TYPE:-skx}
BLIS_NUM_THREADS=1 "$out/gsl_lu" "$out/m" 5
for nb in 16 32 64 96; do for t in 1 2; do "$out/blocked_lu" "$out/m" $nb $t; done; done
rm -rf "$out"
