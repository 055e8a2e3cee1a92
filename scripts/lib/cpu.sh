# Sourced by the benchmark scripts that say where the CPU went during a wrk run
# (bench-serve.sh, bench-oip.sh): in % of the whole machine, the server (its process tree,
# tree_of in scripts/lib/process-tree.sh), wrk (the calling shell's children's time: `times`,
# which must run in that shell, not a subshell) and everything else (the busy time in
# /proc/stat less those two). Another job on a shared machine (a cargo build, say) shows as
# "else": a row measured while it ran reads low.

HZ="$(getconf CLK_TCK)"

# cpu_ticks busy|all: the whole machine's ticks so far (/proc/stat), all = busy + idle.
cpu_ticks() {
    awk -v mode="$1" '/^cpu / {
        busy = $2 + $3 + $4 + $7 + $8 + $9
        print (mode == "busy") ? busy : busy + $5 + $6
        exit
    }' /proc/stat
}

# children_ticks: sets CHILD_TICKS (the shell's children's user+system ticks so far), using the
# scratch file $TMP/times; called as is, since $(...) would run `times` in a subshell.
children_ticks() {
    times >"$TMP/times"
    CHILD_TICKS="$(awk -v hz="$HZ" 'NR == 2 {
        t = 0
        for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] }
        printf "%d\n", t * hz
    }' "$TMP/times")"
}
