# What the sync tests with several offices share (sourced after lib.sh; the script defines
# code OFFICE, each office's code, and sets TOWNS): at, idnum, and the offices set up.

# at OFFICE ARGS...: jobdesk on that office's database.
at() {
	local o=$1
	shift
	JOBDESK_DB=$T/$o.db "$J" "$@"
}
# idnum N: a valid ID number (born 1990-01-01, sequence N), its check digit computed.
idnum() {
	local base w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) sum=0 i
	base=$(printf '22010219900101%03d' "$1")
	for i in $(seq 0 16); do sum=$((sum + ${base:i:1} * ${w[i]})); done
	echo "$base$(echo 10X98765432 | cut -c$((sum % 11 + 1)))"
}
# sync_offices: the county c (2201) and the townships of TOWNS from one demo of 20 persons,
# each township below the county, keys made and trusted both ways.
sync_offices() {
	local o t
	check init 0 at demo init
	check demo 0 at demo demo --persons 20 --seed 1
	for o in c $TOWNS; do cp "$T/demo.db" "$T/$o.db"; done
	check init-c 0 at c init --office 2201 --office-name 朝阳区就业服务局 --level county
	for t in $TOWNS; do
		check "init-$t" 0 at "$t" init --office "$(code "$t")" --office-name "$t镇" \
		    --level township --parent 2201
	done
	check key-c 0 at c sync key "$T/c.key"
	for t in $TOWNS; do
		check "key-$t" 0 at "$t" sync key "$T/$t.key"
		check "trust-$t" 0 at c sync trust "$T/$t.key"
		check "trust-c-$t" 0 at "$t" sync trust "$T/c.key"
	done
}
n=0   # bundles made
# up T: township T's bundle into the county. down T: the county's into township T (the file
# kept as $T/lastdown-T.jdb too).
up() {
	n=$((n + 1))
	check "up-$1-$n" 0 at "$1" sync export "$T/up-$1-$n.jdb"
	check "in-c-$1-$n" 0 at c sync import "$T/up-$1-$n.jdb"
}
down() {
	n=$((n + 1))
	check "down-$1-$n" 0 at c sync export "$T/down-$1-$n.jdb" --to "$(code "$1")"
	cp "$T/down-$1-$n.jdb" "$T/lastdown-$1.jdb"
	check "in-$1-$n" 0 at "$1" sync import "$T/down-$1-$n.jdb"
}
# xchg: every township up, then down to every township.
xchg() {
	local t
	for t in $TOWNS; do up "$t"; done
	for t in $TOWNS; do down "$t"; done
}
