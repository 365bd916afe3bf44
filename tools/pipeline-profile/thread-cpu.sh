#!/bin/bash
# usage: thread-cpu.sh PID SECONDS  -> CPU seconds per thread name over the interval
pid=$1; secs=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
snap() { for t in /proc/$pid/task/*; do [ -r $t/stat ] || continue; n=$(tr ' ' '_' < $t/comm); s=$(cut -d')' -f2 $t/stat | awk '{print $12+$13}'); echo "$(basename $t) $n $s"; done; }
snap > "$tmp/s1"; sleep $secs; snap > "$tmp/s2"
join <(sort "$tmp/s1") <(sort "$tmp/s2") | awk -v secs=$secs '{d=($5-$3)/100; sub(/[-#][0-9]+.*$/,"",$2); a[$2]+=d; tot+=d} END {for (k in a) if (a[k]>0.05) printf "%7.2f s  %5.1f%%  %s\n", a[k], 100*a[k]/tot, k; printf "%7.2f s total over %d s (%.2f cores)\n", tot, secs, tot/secs}' | sort -rn
