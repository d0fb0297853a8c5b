# Convenience targets; each calls a script under scripts/ that also works without make.
.PHONY: setup lecture test jupyter bench docker-test strip exercises

setup:            ## install what is missing (Jupyter, Go kernel, tools, MNIST)
	scripts/setup.sh
lecture:          ## set-up, run the lecture notebooks, write handouts, print the test accuracy
	scripts/lecture.sh
test:             ## set-up, go test, notebooks through the Go kernel, screenshot test
	scripts/test.sh
jupyter:          ## start the classic Notebook (or JupyterLab when installed) on the notebooks
	scripts/setup.sh && scripts/jupyter.sh
bench:            ## training speed side by side: gomlxnet, PyTorch, plain gonum
	scripts/setup.sh --bench && scripts/bench.sh && scripts/bench_notebooks.sh
docker-test:      ## build the Binder-style image with buildah and run a notebook inside it
	scripts/docker_test.sh
exercises:        ## every exercise check through the Go kernel: solutions all pass, blanks all fail
	scripts/setup.sh && scripts/exercises.sh
strip:            ## remove outputs from the notebooks before committing
	/usr/bin/python3 scripts/notebooks.py --strip
