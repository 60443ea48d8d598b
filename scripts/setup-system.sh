#!/usr/bin/env bash
# Installs the system packages docgen needs: a headless LibreOffice Writer (and Calc, which
# reads WPS .et sheets for docgen import), free CJK fonts, and for the desk's browser tests
# Debian's Chromium and its driver.
# Idempotent: does nothing when every package is already installed.
set -euo pipefail

packages=(
  libreoffice-writer-nogui   # DOCX → PDF, headless
  libreoffice-calc-nogui     # import: a WPS sheet (.et) read through LibreOffice as .xlsx
  python3-uno                # drives running LibreOffice workers (the conversion pool)
  fontconfig                 # fc-match: which real font serves each role
  fonts-noto-cjk             # 黑体 / 宋体 substitutes (Noto Sans / Serif CJK SC)
  fonts-noto-cjk-extra       # heavy Noto Serif CJK weights: the 小标宋 substitute
  fonts-arphic-ukai          # 楷体 substitute (AR PL UKai CN)
  fonts-lxgw-wenkai          # second 楷体 candidate
  chromium                   # the desk's tests run in a real headless browser
  chromium-driver            # … driven by Selenium through chromedriver
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "docgen: 安装系统软件包 / installing system packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "docgen: 需要 root 权限安装 ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
