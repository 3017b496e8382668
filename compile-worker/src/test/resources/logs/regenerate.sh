#!/usr/bin/env bash
# Rebuilds every fixture log from the documents next to it, with the TeX Live of this machine.
# TeX runs in bubblewrap with the case directory mounted at /compile, as in the compile sandbox,
# so the logs name files the way production logs do. Needs bwrap and an empty /compile directory
# on the host (bwrap cannot create a mount point on a read-only root): sudo mkdir /compile
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home"
cp -r "$here/." "$scratch/cases"
cd "$scratch/cases"

# run DIR [ENV=VALUE...] COMMAND...: in the sandbox, with DIR as /compile and as working directory
run() {
  local dir=$1; shift
  bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp \
    --bind "$scratch/home" /tmp/home --bind "$dir" /compile --chdir /compile \
    env HOME=/tmp/home TEXMFVAR=/tmp/home/texmf-var "$@" >/dev/null 2>&1 || true
}
clean() { rm -f ./*.aux ./*.pdf ./*.out ./*.bbl ./*.bcf ./*.run.xml main.log missing-database.log; }
tex() { # NAME [ENV=VALUE...] ENGINE ARGS...: compile main.tex in the current case, keep the log as NAME
  local name=$1; shift
  run "$PWD" "$@"; cp main.log "$name"
}

cd errors
tex pdflatex-file-line-error.log pdflatex -interaction=batchmode -file-line-error main.tex; clean
tex pdflatex-classic.log pdflatex -interaction=batchmode main.tex; clean
tex pdflatex-file-line-error-wide.log max_print_line=10000 pdflatex -interaction=batchmode -file-line-error main.tex; clean
tex pdflatex-classic-wide.log max_print_line=10000 pdflatex -interaction=batchmode main.tex; clean
# TeX started outside the project, finding it through TEXINPUTS: every name is absolute
bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --bind "$scratch/home" /tmp/home \
  --bind "$PWD" /compile --chdir /tmp env HOME=/tmp/home TEXMFVAR=/tmp/home/texmf-var \
  TEXINPUTS=/compile//: pdflatex -interaction=batchmode -file-line-error -output-directory=/compile \
  /compile/main.tex >/dev/null 2>&1 || true
cp main.log pdflatex-absolute-paths.log; clean

cd ../warnings
tex pdflatex-first-pass.log pdflatex -interaction=batchmode -file-line-error main.tex
run "$PWD" bibtex main; mv main.blg bibtex.blg
tex pdflatex-file-line-error.log pdflatex -interaction=batchmode -file-line-error main.tex
tex pdflatex-classic.log pdflatex -interaction=batchmode main.tex; clean

for case in fatal runaway package-error; do
  cd "../$case"
  tex pdflatex-file-line-error.log pdflatex -interaction=batchmode -file-line-error main.tex; clean
  tex pdflatex-classic.log pdflatex -interaction=batchmode main.tex; clean
done

cd ../bibtex
run "$PWD" pdflatex -interaction=batchmode main.tex; run "$PWD" bibtex main; mv main.blg bibtex.blg
run "$PWD" pdflatex -interaction=batchmode missing-database.tex; run "$PWD" bibtex missing-database
mv missing-database.blg bibtex-missing-database.blg; clean

for case in biber biber-warnings; do
  cd "../$case"
  run "$PWD" pdflatex -interaction=batchmode -file-line-error main.tex
  run "$PWD" biber main; mv main.blg biber.blg
  tex pdflatex-file-line-error.log pdflatex -interaction=batchmode -file-line-error main.tex; clean
done

cd ../unicode
tex xelatex-file-line-error.log xelatex -interaction=batchmode -file-line-error main.tex; clean
tex lualatex-file-line-error.log lualatex -interaction=batchmode -file-line-error main.tex; clean
tex lualatex-classic.log lualatex -interaction=batchmode main.tex; clean
tex pdflatex-classic.log pdflatex -interaction=batchmode main.tex; clean

cd ../spaces
tex pdflatex-classic.log pdflatex -interaction=batchmode main.tex; clean
tex lualatex-classic.log lualatex -interaction=batchmode main.tex; clean

cd ../duplicate-destination
tex pdflatex-classic.log pdflatex -interaction=batchmode main.tex; clean

cd "$scratch/cases"
find . \( -name '*.log' -o -name '*.blg' \) -exec cp --parents {} "$here" \;
echo "fixtures regenerated in $here"
