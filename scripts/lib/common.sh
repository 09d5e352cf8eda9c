# Shared by scripts/setup, build and test: strict mode, the repository root, and step logging.
set -euo pipefail

LEADSCORE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export LEADSCORE_ROOT

# "==> message" on stderr, so a script's stdout stays usable for its real output.
step() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Wall-clock seconds since the epoch, with milliseconds, for per-step timings.
now_seconds() { date +%s.%N; }
elapsed_since() { awk -v start="$1" -v end="$(now_seconds)" 'BEGIN { printf "%.1f", end - start }'; }
