# Convenience targets; each calls a script under scripts/ that also works without make.
# scripts/env.sh finds Go, the Go tools and the course's Python whatever PATH make was given.
SHELL := /bin/bash
.PHONY: setup lecture test jupyter bench docker-test strip handouts handouts-teacher exercises figures

setup:            ## install what is missing (Jupyter, Go kernel, tools, MNIST)
	scripts/setup.sh
lecture:          ## set-up, run the lecture notebooks, write handouts, print the test accuracy
	scripts/lecture.sh
handouts:         ## the course as a site and PDFs in handouts/ (lessons, notebooks run through the Go kernel)
	scripts/setup.sh --handouts && source scripts/env.sh && "$$PY" scripts/handouts.py
handouts-teacher: ## the teacher's handouts in handouts-teacher/: the same, with the exercises solved and run
	scripts/setup.sh --handouts && source scripts/env.sh && "$$PY" scripts/handouts.py --teacher
test:             ## set-up, go test, notebooks through the Go kernel, browser tests, handouts
	scripts/test.sh
jupyter:          ## start JupyterLab (or the classic Notebook where the set-up fell back to it)
	scripts/setup.sh && scripts/jupyter.sh
bench:            ## training speed side by side: gomlxnet, PyTorch, plain gonum
	scripts/setup.sh --bench && scripts/bench.sh && scripts/bench_notebooks.sh && python3 scripts/bench_summary.py
figures:          ## rewrite every measured figure in README.md and lessons/ from the committed result files
	source scripts/env.sh && go run ./cmd/figures
docker-test:      ## build the Binder-style image with buildah and run a notebook inside it
	scripts/docker_test.sh
exercises:        ## every exercise check through the Go kernel: solutions all pass, blanks all fail
	scripts/setup.sh && scripts/exercises.sh
strip:            ## remove outputs from the notebooks before committing
	source scripts/env.sh && "$$PY" scripts/notebooks.py --strip
