# Sourced by the repository's scripts: apt_install PKG... installs what is missing, quietly,
# with sudo only when not root. Each script decides what it needs; this only installs it.
apt_install() {
  [ $# -gt 0 ] || return 0
  echo "==> installing $* (apt)"
  local sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
