#!/usr/bin/env bash
# Checks the README's promises where they matter: on brand-new minimal Debian 12 systems
# (python3, git and certificates only), made with mmdebstrap, each with a clone of this
# repository's committed HEAD. Run as root; it takes 20-40 minutes on 2 cores and is not
# part of .ci/run.
#
#   bash packaging/check-fresh-machine.sh [STEP...]
#
# Steps (all by default, in this order):
#   tests        system A: `bash tests/run.sh`, exactly, with the network
#   tests-nopg   system A again, in a network namespace of its own (loopback only), so
#                that no PostgreSQL server of this machine answers: PostgreSQL is not
#                installed there, and its tests are skipped and counted
#   ci-setup     system B: `bash packaging/setup.sh ci`, with the network (the packages,
#                PostgreSQL included, which Debian installs but does not start here)
#   throwaway    system B, isolated: `bash tests/run.sh`: PostgreSQL is installed but not
#                running, so the test run makes a throwaway cluster of its own
#   ci           system B, isolated: `CI=true bash .ci/run`: it starts Debian's cluster,
#                whose TCP connections ask for a password (scram-sha-256)
#   app          system C: `bash packaging/run-from-source.sh mock --seed 1 --scale small`,
#                then `results`, then `kztally` with no display (must exit 2)
#
# A chroot shares the machine's network: a server listening on 127.0.0.1:5432 outside
# would answer inside and hide an authentication failure; hence the isolated steps run in
# `unshare -n`, after the packages they need are installed. Logs and systems stay in
# KZTALLY_FRESH_DIR (default: a new folder under /var/tmp), printed at the end.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "run this as root (mmdebstrap, chroot and unshare need it)" >&2; exit 2; }
for tool in mmdebstrap unshare ip; do
    command -v "$tool" >/dev/null || {
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap iproute2 util-linux >/dev/null
    }
done
work="${KZTALLY_FRESH_DIR:-$(mktemp -d /var/tmp/kztally-fresh-XXXXXX)}"
mkdir -p "$work/logs"
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(tests tests-nopg ci-setup throwaway ci app)

# The same Debian archive as this machine's apt, if it names one.
sources=()
for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    if [ -s "$f" ] && grep -qv '^\s*#' "$f"; then sources=("$f"); break; fi
done

mounted=()
cleanup() {
    local m
    for m in "${mounted[@]}"; do umount -R "$m" 2>/dev/null || umount -lR "$m" 2>/dev/null || true; done
}
trap cleanup EXIT

make_system() {
    local root="$work/$1" m
    if [ ! -d "$root/root/kztally" ]; then
        echo "== making a minimal Debian 12 system: $1"
        rm -rf "$root"
        mmdebstrap --quiet --variant=minbase --include=python3,git,ca-certificates \
            bookworm "$root" "${sources[@]}"
        git clone --quiet --no-local "$repo" "$root/root/kztally"
        cp /etc/resolv.conf "$root/etc/resolv.conf"
        # A machine whose HTTPS goes through a proxy of its own trusts that proxy's
        # certificate authority as a local addition: the new system must trust it too.
        if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
            cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
            chroot "$root" update-ca-certificates >/dev/null 2>&1
        fi
    fi
    for m in proc sys dev; do
        mountpoint -q "$root/$m" && continue
        mount --rbind "/$m" "$root/$m"
        mount --make-rslave "$root/$m"
        mounted+=("$root/$m")
    done
    # Its own shared memory, as on a machine of its own (PostgreSQL keeps segments there).
    grep -q " $root/dev/shm tmpfs " /proc/mounts || mount -t tmpfs -o size=512m tmpfs "$root/dev/shm"
}

results=()
run_in() {
    # run_in SYSTEM STEP isolated|network COMMAND: run COMMAND in the clone, as root, with
    # a clean environment; record its exit status, time and closing test lines.
    local system="$1" step="$2" net="$3" command="$4" root="$work/$1" log="$work/logs/$2.log"
    local inner=(chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb
                 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
                 bash -c "cd /root/kztally && $command")
    echo "== $step ($system, $net): $command"
    local start=$SECONDS status=0
    if [ "$net" = isolated ]; then
        unshare -n -- bash -c 'ip link set lo up && exec "$@"' _ "${inner[@]}" >"$log" 2>&1 || status=$?
    else
        "${inner[@]}" >"$log" 2>&1 || status=$?
    fi
    local took=$((SECONDS - start))
    local summary
    summary="$(grep -E '^(=+ )?[0-9]+ (passed|failed|skipped)|PostgreSQL tests (skipped|ran)|[0-9]+ PostgreSQL tests' "$log" | tail -n 3 | tr '\n' ' ' || true)"
    results+=("$(printf '%-11s exit %-3s %5ss  %s' "$step" "$status" "$took" "$summary")")
    echo "   exit $status after ${took}s; log: $log"
    tail -n 4 "$log" | sed 's/^/   | /'
}

for step in "${steps[@]}"; do
    case "$step" in
        tests) make_system a; run_in a tests network "bash tests/run.sh" ;;
        tests-nopg) make_system a; run_in a tests-nopg isolated "bash tests/run.sh" ;;
        ci-setup) make_system b; run_in b ci-setup network "bash packaging/setup.sh ci" ;;
        throwaway) make_system b; run_in b throwaway isolated "bash tests/run.sh" ;;
        ci) make_system b; run_in b ci isolated "CI=true bash .ci/run" ;;
        app)
            make_system c
            run_in c app network "export KZTALLY_PASSWORD='first admin password'; bash packaging/run-from-source.sh mock --seed 1 --scale small && .venv/bin/kztally results | head -n 20"
            run_in c app-nodisplay isolated ".venv/bin/kztally; test \$? = 2"
            ;;
        *) echo "unknown step: $step" >&2; exit 2 ;;
    esac
done

echo
echo "== summary (HEAD $(git -C "$repo" rev-parse --short HEAD), in $work)"
printf '%s\n' "${results[@]}"
failed=0
for line in "${results[@]}"; do
    case "$line" in *" exit 0 "*) ;; *) failed=1 ;; esac
done
exit $failed
