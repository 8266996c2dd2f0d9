#!/usr/bin/env bash
# Headless Chromium and its WebDriver for the browser tests (the plant view).
#   source tests/tools/chromium.sh; twin_chromium_provision
# Exports TWIN_CHROMIUM (the browser) and TWIN_CHROMEDRIVER (Debian's chromium-driver, the same version).
# Installs Debian's chromium and chromium-driver packages when they are missing; the tests never download a
# browser of their own. When this fails the browser tests skip with a message naming what was missing.

twin_chromium_find() {
  local b d
  for b in /usr/bin/chromium /usr/bin/chromium-browser; do [ -x "$b" ] && break; b=; done
  for d in /usr/bin/chromedriver /usr/lib/chromium/chromedriver; do [ -x "$d" ] && break; d=; done
  [ -n "$b" ] && [ -n "$d" ] || return 1
  TWIN_CHROMIUM=$b
  TWIN_CHROMEDRIVER=$d
}

twin_chromium_provision() {
  if ! twin_chromium_find; then
    echo "Chromium or its driver not found: installing Debian's chromium and chromium-driver packages..."
    local sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null 2>&1 \
      || { "${sudo[@]}" apt-get update -q >/dev/null 2>&1 && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null; }
    twin_chromium_find || { echo "could not install Chromium: the browser tests will skip" >&2; return 1; }
  fi
  export TWIN_CHROMIUM TWIN_CHROMEDRIVER
  echo "Chromium: $("$TWIN_CHROMIUM" --version 2>/dev/null | head -1) with $TWIN_CHROMEDRIVER"
}
