# Sourced by the setup scripts that install Debian packages (test/browser/setup.sh,
# test/e2e/services-setup.sh); the sourcing script defines `log` first.
# `npm test` starts them side by side, and the rsyslog receiver may install its packages too: wait
# for another apt/dpkg run instead of failing on its lock. DPkg::Lock::Timeout covers dpkg's lock;
# `apt-get update` ignores it for the package lists' lock (apt 2.6), hence the retry.
APT=(apt-get -o DPkg::Lock::Timeout=600 -y --no-install-recommends)
export DEBIAN_FRONTEND=noninteractive

apt_retrying() {
	local out
	for attempt in $(seq 60); do
		if out=$("${APT[@]}" "$@" 2>&1); then return 0; fi
		grep -q 'Could not get lock' <<<"$out" || { printf '%s\n' "$out" | tail -n 20 >&2; return 1; }
		log "apt is busy (another apt run holds its lock); retry $attempt in 10 s"
		sleep 10
	done
	printf '%s\n' "$out" | tail -n 20 >&2
	return 1
}
