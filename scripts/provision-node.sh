#!/usr/bin/env bash
# Prints the folder of a supported Node.js (>= 22; 24 LTS preferred): the `node` on PATH when it is one, otherwise
# Node.js 24 from the npm registry's node-linux-<arch> package (the official build, headers included), unpacked
# once into ~/.cache/duban/ and reused. No download from anywhere but the npm registry.
#
#   eval "$(bash scripts/provision-node.sh --env)"   # PATH (and npm_config_nodedir for native modules) for this shell
#   bash scripts/provision-node.sh                     # just the folder (its bin/ holds node)
set -euo pipefail

NODE_VERSION=24.22.3
MIN_MAJOR=22
cache="${DUBAN_CACHE_DIR:-$HOME/.cache/duban}"

current_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if (($(current_major) >= MIN_MAJOR)); then
  home="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
else
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *)
      echo "无法为 $(uname -m) 自动准备 Node.js ${NODE_VERSION}：请自行安装 Node.js 24 LTS（或 22）" >&2
      exit 1
      ;;
  esac
  home="$cache/node-v$NODE_VERSION-linux-$arch"
  if [ ! -x "$home/bin/node" ]; then
    echo "正在从 npm 仓库获取 Node.js ${NODE_VERSION}（node-linux-$arch，只需一次）…" >&2
    mkdir -p "$cache"
    tmp="$(mktemp -d "$cache/.node-XXXXXX")"
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_VERSION" >/dev/null)
    mkdir "$tmp/unpacked"
    tar xzf "$tmp"/node-linux-"$arch"-*.tgz -C "$tmp/unpacked" --strip-components=1
    "$tmp/unpacked/bin/node" --version >/dev/null # refuse a broken unpack before it is kept
    rm -rf "$home"
    mv "$tmp/unpacked" "$home"
  fi
fi

if [ "${1:-}" = "--env" ]; then
  echo "export PATH=\"$home/bin:\$PATH\""
  # node-gyp builds native modules (better-sqlite3) against these headers instead of downloading them.
  [ -d "$home/include/node" ] && echo "export npm_config_nodedir=\"$home\""
else
  echo "$home"
fi
